"""Field types, with Odoo's names and read/write formats.

A field converts values three ways:

* ``to_column``: from what a client writes (JSON types) to a database
  parameter, validating on the way;
* ``from_column``: from what the driver returns to the *cache format*, which is
  the same on SQLite and PostgreSQL (dates as ``"YYYY-MM-DD"`` strings,
  booleans as bool, many2one as an int id or None...);
* ``to_read``: from the cache format to what ``read`` answers (``false`` for
  empty values, ``0`` for an empty integer...), per spec section 3.

Many2one display names and x2many id lists need other records, so the model's
read code batches them; the fields only say how.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import functools
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

import orjson
import sqlalchemy as sa

if TYPE_CHECKING:
    from jsontwo.orm.models import BaseModel

DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"
INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1

Default = Any | Callable[["BaseModel"], Any]


class Field:
    """A model attribute stored in (or computed next to) the model's table."""

    type: ClassVar[str] = "field"
    #: the value that counts as "not set" like NULL in domains (spec 1.3)
    falsy_value: ClassVar[Any] = None
    relational: ClassVar[bool] = False
    #: the JSON value ``read`` gives for an empty value
    empty_read: ClassVar[Any] = False

    def __init__(
        self,
        string: str | None = None,
        *,
        help: str | None = None,
        required: bool = False,
        readonly: bool = False,
        default: Default = None,
        index: bool = False,
        store: bool | None = None,
        compute: str | None = None,
        inverse: str | None = None,
        related: str | None = None,
        copy: bool = True,
    ) -> None:
        self.name = ""
        self.model_name = ""
        self.string = string
        self.help = help
        self.required = required
        # a computed field is writable only through its inverse method, as in Odoo
        self.readonly = readonly or bool(compute and not inverse) or bool(related)
        self.default = default
        self.index = index
        self.compute = compute
        #: the method that writes what a computed field derives from, given its new value
        self.inverse = inverse
        self.related = related
        # computed and related fields are not stored unless asked, as in Odoo
        self.store = store if store is not None else not (compute or related)
        self.copy = copy and not compute and not related
        #: dependencies of a computed field (from @api.depends on its method)
        self.depends: tuple[str, ...] = ()

    def __set_name__(self, owner: object, name: str) -> None:
        self.name = name
        if self.string is None:
            # Odoo's label from the name: "partner_id" -> "Partner", "tag_ids" -> "Tag"
            base = (
                name[:-4] if name.endswith("_ids") else name[:-3] if name.endswith("_id") else name
            )
            self.string = base.replace("_", " ").title()

    def __repr__(self) -> str:
        # Odoo names a field "model.field" in its messages
        return f"{self.model_name}.{self.name}"

    def __get__(self, record: BaseModel | None, owner: object = None) -> Any:
        if record is None:
            return self
        return record._get_field_value(self)

    def __set__(self, record: BaseModel, value: Any) -> None:
        record._set_field_value(self, value)

    # --- schema --------------------------------------------------------
    @property
    def column_type(self) -> sa.types.TypeEngine[Any] | None:
        """The SQLAlchemy type of the column, or None when the field has no column."""
        return None

    @functools.cached_property
    def has_column(self) -> bool:
        """Whether the field is a column of the model's table (asked on every query: cached)."""
        return self.store and self.column_type is not None

    # --- conversions -----------------------------------------------------
    def to_column(self, value: Any, record_model: str) -> Any:
        """Validate and convert a written value into a database parameter."""
        return None if value is False else value

    def from_column(self, value: Any) -> Any:
        """Convert a driver value into the cache format."""
        return value

    def to_read(self, value: Any) -> Any:
        """Convert a cache value into the JSON value ``read`` answers."""
        return self.empty_read if value is None else value

    def get_default(self, model: BaseModel) -> Any:
        """The default value for a new record, or None when there is none."""
        default = self.default
        return default(model) if callable(default) else default


class _Textual(Field):
    falsy_value = ""

    def __init__(self, string: str | None = None, *, size: int | None = None, **kw: Any) -> None:
        super().__init__(string, **kw)
        self.size = size

    def to_column(self, value: Any, record_model: str) -> Any:
        if value is None or value is False:
            return None
        text = value if isinstance(value, str) else str(value)
        return text[: self.size] if self.size else text


class Char(_Textual):
    """A single-line string."""

    type = "char"

    @property
    def column_type(self) -> sa.types.TypeEngine[Any]:
        return sa.String(self.size) if self.size else sa.String()


class Text(_Textual):
    """A multi-line string."""

    type = "text"

    @property
    def column_type(self) -> sa.types.TypeEngine[Any]:
        return sa.Text()


class Html(Text):
    """HTML text (stored as given; sanitising is a later feature)."""

    type = "html"


class Integer(Field):
    """A whole number; an empty value reads as 0."""

    type = "integer"
    falsy_value = 0
    empty_read = 0

    @property
    def column_type(self) -> sa.types.TypeEngine[Any]:
        return sa.Integer()

    def to_column(self, value: Any, record_model: str) -> Any:
        if value is None or value is False:
            return None
        number = int(value)
        # the column is 32-bit, as in Odoo: PostgreSQL refuses more, SQLite would not
        if not INT32_MIN <= number <= INT32_MAX:
            raise ValueError(f"integer out of range for {record_model}.{self.name}: {number}")
        return number


class Float(Field):
    """A floating-point number, rounded to ``digits`` when they are given."""

    type = "float"
    falsy_value = 0.0
    empty_read = 0.0

    def __init__(
        self, string: str | None = None, *, digits: tuple[int, int] | None = None, **kw: Any
    ) -> None:
        super().__init__(string, **kw)
        self.digits = digits

    @property
    def column_type(self) -> sa.types.TypeEngine[Any]:
        return sa.Float()

    def to_column(self, value: Any, record_model: str) -> Any:
        if value is None or value is False:
            return None
        number = float(value)
        return round(number, self.digits[1]) if self.digits else number

    def from_column(self, value: Any) -> Any:
        return float(value) if isinstance(value, Decimal) else value


class Monetary(Float):
    """An amount in the currency named by ``currency_field``."""

    type = "monetary"

    def __init__(
        self, string: str | None = None, *, currency_field: str = "currency_id", **kw: Any
    ) -> None:
        super().__init__(string, **kw)
        self.currency_field = currency_field


class Boolean(Field):
    """True or false; an empty value reads as false."""

    type = "boolean"
    falsy_value = False

    @property
    def column_type(self) -> sa.types.TypeEngine[Any]:
        return sa.Boolean()

    def to_column(self, value: Any, record_model: str) -> Any:
        return bool(value)

    def from_column(self, value: Any) -> Any:
        return None if value is None else bool(value)


class Date(Field):
    """A calendar date, read and written as ``"YYYY-MM-DD"``."""

    type = "date"

    @property
    def column_type(self) -> sa.types.TypeEngine[Any]:
        return sa.Date()

    def to_column(self, value: Any, record_model: str) -> Any:
        if not value:
            return None
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        text = str(value)[:10]
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValueError(f"time data {value!r} does not match format '%Y-%m-%d'") from None

    def from_column(self, value: Any) -> Any:
        if isinstance(value, dt.date):
            return value.isoformat()
        return value


class Datetime(Field):
    """A moment in UTC, read and written as ``"YYYY-MM-DD HH:MM:SS"``."""

    type = "datetime"

    @property
    def column_type(self) -> sa.types.TypeEngine[Any]:
        return sa.DateTime()

    def to_column(self, value: Any, record_model: str) -> Any:
        if not value:
            return None
        if isinstance(value, dt.datetime):
            if value.tzinfo is not None:
                value = value.astimezone(dt.UTC).replace(tzinfo=None)
            return value.strftime(DATETIME_FORMAT)
        if isinstance(value, dt.date):
            return f"{value.isoformat()} 00:00:00"
        text = str(value)
        try:
            if len(text) == 10:
                return f"{dt.date.fromisoformat(text).isoformat()} 00:00:00"
            parsed = dt.datetime.strptime(text[:19], DATETIME_FORMAT)
        except ValueError:
            raise ValueError(
                f"time data {value!r} does not match format '%Y-%m-%d %H:%M:%S'"
            ) from None
        return parsed.strftime(DATETIME_FORMAT)

    def from_column(self, value: Any) -> Any:
        if isinstance(value, dt.datetime):
            return value.strftime(DATETIME_FORMAT)
        if isinstance(value, str) and len(value) > 19:
            return value[:19]
        return value


class Selection(Field):
    """One key of a list of ``(key, label)`` pairs.

    ``selection`` is the list, or the name of a model method returning it
    (a list computed when asked, like the installed languages). As in Odoo,
    only a fixed list is enforced on write.
    """

    type = "selection"

    def __init__(
        self,
        selection: Sequence[tuple[str, str]] | str | None = None,
        string: str | None = None,
        **kw: Any,
    ) -> None:
        super().__init__(string, **kw)
        self.selection: list[tuple[str, str]] | str = (
            selection if isinstance(selection, str) else list(selection or [])
        )

    def get_selection(self, model: BaseModel) -> list[tuple[str, str]]:
        """The ``(key, label)`` pairs, calling the model method when there is one."""
        if isinstance(self.selection, str):
            return list(getattr(model, self.selection)())
        return self.selection

    @property
    def column_type(self) -> sa.types.TypeEngine[Any]:
        return sa.String()

    def to_column(self, value: Any, record_model: str) -> Any:
        if value is None or value is False:
            return None
        if isinstance(self.selection, list) and value not in {k for k, _ in self.selection}:
            raise ValueError(f"Wrong value for {record_model}.{self.name}: {value!r}")
        return value


class Binary(Field):
    """Bytes, read and written as base64 text."""

    type = "binary"

    @property
    def column_type(self) -> sa.types.TypeEngine[Any]:
        return sa.Text()

    def to_column(self, value: Any, record_model: str) -> Any:
        if not value:
            return None
        if isinstance(value, bytes):
            return base64.b64encode(value).decode()
        text = str(value)
        try:
            base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raise ValueError(f"Invalid base64 value for {record_model}.{self.name}") from None
        return text


class Json(Field):
    """Any JSON value, stored as JSON text."""

    type = "json"

    @property
    def column_type(self) -> sa.types.TypeEngine[Any]:
        return sa.Text()

    def to_column(self, value: Any, record_model: str) -> Any:
        if value is None or value is False:
            return None
        return orjson.dumps(value).decode()

    def from_column(self, value: Any) -> Any:
        return orjson.loads(value) if isinstance(value, str) else value


class _Relational(Field):
    relational = True

    def __init__(
        self,
        comodel_name: str | None = None,
        string: str | None = None,
        *,
        domain: list[Any] | None = None,
        context: dict[str, Any] | None = None,
        **kw: Any,
    ) -> None:
        super().__init__(string, **kw)
        self.comodel_name = comodel_name or ""
        self.domain = domain or []
        self.context = context or {}


class Many2one(_Relational):
    """A link to one record of ``comodel_name``; reads as ``[id, display_name]``."""

    type = "many2one"

    def __init__(
        self,
        comodel_name: str | None = None,
        string: str | None = None,
        *,
        ondelete: str = "set null",
        foreign_key: bool = True,
        **kw: Any,
    ) -> None:
        super().__init__(comodel_name, string, **kw)
        #: whether the column gets a foreign key constraint (ondelete applies only then)
        self.foreign_key = foreign_key
        if ondelete not in ("set null", "cascade", "restrict"):
            raise ValueError(
                f"ondelete must be 'set null', 'cascade' or 'restrict', not {ondelete!r}"
            )
        self.ondelete = "restrict" if self.required and ondelete == "set null" else ondelete

    @property
    def column_type(self) -> sa.types.TypeEngine[Any]:
        return sa.BigInteger().with_variant(sa.Integer(), "sqlite")

    def to_column(self, value: Any, record_model: str) -> Any:
        if value is None or value is False:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            # Odoo only takes integer ids here; a [id, name] pair or a name is an error
            raise ValueError(
                f"Wrong value for {record_model}.{self.name}: {value!r} "
                "(a many2one takes a record id or false)"
            )
        return value


class One2many(_Relational):
    """The records of ``comodel_name`` whose ``inverse_name`` points here."""

    type = "one2many"
    empty_read: ClassVar[Any] = []

    def __init__(
        self,
        comodel_name: str | None = None,
        inverse_name: str | None = None,
        string: str | None = None,
        **kw: Any,
    ) -> None:
        kw.setdefault("copy", False)
        super().__init__(comodel_name, string, **kw)
        self.inverse_name = inverse_name or ""


class Many2many(_Relational):
    """A set of links to records of ``comodel_name``, kept in a relation table."""

    type = "many2many"
    empty_read: ClassVar[Any] = []

    def __init__(
        self,
        comodel_name: str | None = None,
        relation: str | None = None,
        column1: str | None = None,
        column2: str | None = None,
        string: str | None = None,
        **kw: Any,
    ) -> None:
        super().__init__(comodel_name, string, **kw)
        self.relation = relation or ""
        self.column1 = column1 or ""
        self.column2 = column2 or ""


class Id(Integer):
    """The primary key, 64-bit."""

    type = "integer"

    @property
    def column_type(self) -> sa.types.TypeEngine[Any]:
        return sa.BigInteger().with_variant(sa.Integer(), "sqlite")
