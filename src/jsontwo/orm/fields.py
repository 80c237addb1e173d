"""Field types, with Odoo's names and read/write formats.

A field converts values three ways:

* ``to_column``: from what a client writes (JSON types) to a database
  parameter, validating on the way;
* ``from_column``: from what the driver returns to the *cache format*, which is
  the same on SQLite and PostgreSQL (dates as ``"YYYY-MM-DD"`` strings,
  booleans as bool, many2one as an int id or None...);
* ``to_read``: from the cache format to what ``read`` answers (``false`` for
  empty values, ``0`` for an empty integer...); see docs/internals/orm-behaviour.md,
  "Read formats".

Many2one display names and x2many id lists need other records, so the model's
read code batches them; the fields only say how.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import functools
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

import orjson
import sqlalchemy as sa

from jsontwo.exceptions import NumericValueOutOfRange
from jsontwo.orm import dates, html, images
from jsontwo.orm.commands import Command
from jsontwo.orm.field_base import DATE_FORMAT, DATETIME_FORMAT, Field
from jsontwo.orm.numeric import float_round, human_size, pg_size_pretty
from jsontwo.orm.types import Recordset

if TYPE_CHECKING:
    from jsontwo.orm.types import BaseModel

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1


class TranslatedText(sa.types.TypeDecorator[Any]):
    """The column of a translated field: a JSON object per row, ``{"en_US": ...,
    "fr_FR": ...}``, jsonb on PostgreSQL and JSON text on SQLite (see
    jsontwo.orm.translate). A type of its own: its name tells it from TEXT."""

    impl = sa.Text
    cache_ok = True

    def load_dialect_impl(self, dialect: sa.Dialect) -> sa.types.TypeEngine[Any]:
        if dialect.name == "postgresql":
            # imported here: a server on SQLite never loads PostgreSQL's dialect
            from sqlalchemy.dialects import postgresql

            return dialect.type_descriptor(postgresql.JSONB())
        return dialect.type_descriptor(sa.Text())


TRANSLATED_COLUMN = TranslatedText()


#: the texts that mean true (a setting's value, a boolean given as a string)
TRUE_STRINGS = frozenset({"y", "yes", "1", "true", "t", "on"})


def str2bool(value: object) -> bool:
    """A text as a boolean: true for ``TRUE_STRINGS`` in any case, else false."""
    return str(value).strip().lower() in TRUE_STRINGS


class _Textual(Field):
    falsy_value = ""

    def __init__(
        self,
        string: str | None = None,
        *,
        size: int | None = None,
        translate: bool = False,
        **kw: Any,
    ) -> None:
        super().__init__(string, **kw)
        self.size = size
        #: a value per language, kept as JSON in the column (jsontwo.orm.translate)
        self.translate = translate

    def _type_description(self, model: BaseModel) -> dict[str, Any]:
        return {"translate": self.translate}

    def to_column(self, value: Any, record_model: str) -> Any:
        if value is None or value is False:
            return None
        text = value.decode() if isinstance(value, bytes) else str(value)
        if "\x00" in text:
            # PostgreSQL takes no NUL character: Odoo answers the driver's error
            raise ValueError("A string literal cannot contain NUL (0x00) characters.")
        return text[: self.size] if self.size else text


class Char(_Textual):
    """A single-line string."""

    type = "char"

    def __init__(self, string: str | None = None, *, trim: bool = True, **kw: Any) -> None:
        super().__init__(string, **kw)
        #: whether the web client trims what users type (the ORM never trims)
        self.trim = trim

    @property
    def column_type(self) -> sa.types.TypeEngine[Any]:
        if self.translate:
            return TRANSLATED_COLUMN
        return sa.String(self.size) if self.size else sa.String()

    def _type_description(self, model: BaseModel) -> dict[str, Any]:
        return {"size": self.size, "trim": self.trim, "translate": self.translate}


class Text(_Textual):
    """A multi-line string."""

    type = "text"

    @property
    def column_type(self) -> sa.types.TypeEngine[Any]:
        return TRANSLATED_COLUMN if self.translate else sa.Text()


class Html(Text):
    """HTML text, sanitized on write as Odoo's default sanitizer does
    (see :mod:`jsontwo.orm.html`): scripts, unsafe tags and attributes removed."""

    type = "html"
    #: the sanitizer's options, Odoo's defaults (ir.model.fields reflects them all)
    SANITIZE_OPTIONS: ClassVar[dict[str, bool]] = {
        "sanitize": True,
        "sanitize_overridable": False,
        "sanitize_tags": True,
        "sanitize_attributes": True,
        "sanitize_style": False,
        "sanitize_form": True,
        "strip_style": False,
        "strip_classes": False,
    }

    def to_column(self, value: Any, record_model: str) -> Any:
        if value is None or value is False:
            return None
        if isinstance(value, str):
            value = html.sanitize(value)
        elif value:
            # Odoo's sanitizer fails on anything but text, and says so in the value
            value = html.SANITIZE_FAILED
        return super().to_column(value, record_model)

    def _type_description(self, model: BaseModel) -> dict[str, Any]:
        # the sanitiser's options fields_get reports, as Odoo's
        shown = (
            "sanitize",
            "sanitize_tags",
            "sanitize_attributes",
            "sanitize_style",
            "strip_style",
            "strip_classes",
        )
        return {
            "translate": self.translate,
            **{name: self.SANITIZE_OPTIONS[name] for name in shown},
        }


class Integer(Field):
    """A whole number; an empty value reads as 0."""

    type = "integer"
    falsy_value = 0
    empty_read = 0
    aggregator: Any = "sum"

    @property
    def column_type(self) -> sa.types.TypeEngine[Any]:
        return sa.Integer()

    def to_column(self, value: Any, record_model: str) -> Any:
        if isinstance(value, dict):
            # Odoo takes a dict's "id" (an integer field as the inverse of a one2many)
            value = value.get("id")
        # as Odoo's int(value or 0): false, "" and [] are 0 (a required field
        # takes them), 3.7 is 3, "3.5" is an error
        number = int(value or 0)
        # the column is 32-bit, as in Odoo: PostgreSQL refuses more, SQLite would not
        if not INT32_MIN <= number <= INT32_MAX:
            raise NumericValueOutOfRange()
        return number


class Many2oneReference(Integer):
    """The id of a record of the model that the char field ``model_field`` of the
    same record names (no foreign key); not summed by read_group."""

    type = "many2one_reference"
    aggregator: Any = None

    def __init__(self, string: str | None = None, *, model_field: str = "", **kw: Any) -> None:
        super().__init__(string, **kw)
        self.model_field = model_field

    def _type_description(self, model: BaseModel) -> dict[str, Any]:
        return {"model_field": self.model_field or None}


class Float(Field):
    """A floating-point number, rounded to ``digits`` when they are given."""

    type = "float"
    falsy_value = 0.0
    empty_read = 0.0
    aggregator = "sum"

    def __init__(
        self,
        string: str | None = None,
        *,
        digits: tuple[int, int] | int | None = None,
        min_display_digits: int | None = None,
        **kw: Any,
    ) -> None:
        super().__init__(string, **kw)
        # Odoo's digits: (precision, scale) rounds; 0 ("any precision") and False
        # (a display minimum only, ``min_display_digits``) do not
        if digits is None and min_display_digits is not None:
            digits = False
        self.digits = digits
        self.min_display_digits = min_display_digits

    @property
    def column_type(self) -> sa.types.TypeEngine[Any]:
        return sa.Float()

    def to_column(self, value: Any, record_model: str) -> Any:
        # as Odoo's float(value or 0.0): false and "" are 0.0
        number = float(value or 0.0)
        if not isinstance(self.digits, tuple):
            return number
        # rounded twice, as Odoo's write does (into its cache, then into the
        # column): the same as once but at the edge of float precision
        scale = self.digits[1]
        return float_round(float_round(number, digits=scale), digits=scale)

    def _type_description(self, model: BaseModel) -> dict[str, Any]:
        digits = self.digits
        return {
            "digits": list(digits) if isinstance(digits, tuple) else digits,
            "min_display_digits": self.min_display_digits,
        }

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

    def _type_description(self, model: BaseModel) -> dict[str, Any]:
        return {"currency_field": self.currency_field}


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
        # Odoo parses the first ten characters (a datetime gives its date) with
        # strptime, whose errors the client sees; a number is a TypeError there
        return dt.datetime.strptime(value[:10], DATE_FORMAT).date().isoformat()

    def from_column(self, value: Any) -> Any:
        if isinstance(value, dt.date):
            return value.isoformat()
        return value

    def to_read(self, value: Any) -> Any:
        return dates.odoo_text(value) if value else self.empty_read


#: a datetime written exactly as Odoo writes it (the common case, parsed quickly)
_PLAIN_DATETIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}")


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
            return value.replace(microsecond=0).isoformat(sep=" ")
        if isinstance(value, dt.date):
            return f"{value.isoformat()} 00:00:00"
        if type(value) is str and _PLAIN_DATETIME.fullmatch(value):
            try:
                return dt.datetime.fromisoformat(value).isoformat(sep=" ")
            except ValueError:
                pass  # out of range: strptime below words the error
        # Odoo's parse: the format cut to the text's length, so a date alone or a
        # time without seconds pass, and "T", zones and fractions are refused
        # with strptime's own message (a number is a TypeError there)
        parsed = dt.datetime.strptime(value, DATETIME_FORMAT[: len(value) - 2])
        return parsed.isoformat(sep=" ")

    def from_column(self, value: Any) -> Any:
        if isinstance(value, dt.datetime):
            return value.replace(microsecond=0).isoformat(sep=" ")
        if isinstance(value, str) and len(value) > 19:
            return value[:19]
        return value

    def to_read(self, value: Any) -> Any:
        return dates.odoo_text(value) if value else self.empty_read


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

    def _type_description(self, model: BaseModel) -> dict[str, Any]:
        return {"selection": [list(item) for item in self.get_selection(model)]}

    @property
    def column_type(self) -> sa.types.TypeEngine[Any]:
        return sa.String()

    def to_column(self, value: Any, record_model: str) -> Any:
        if not isinstance(self.selection, list):
            # any value is written, as Odoo writes it: its text ("{'a': None}")
            if value is None or value is False or value == "":
                return None
            return value if isinstance(value, str) else str(value)
        # a set, as Odoo's: an unhashable value (a list) is a TypeError
        if value in {key for key, _label in self.selection}:
            return value
        if not value:
            return None
        raise ValueError(f"Wrong value for {record_model}.{self.name}: {value!r}")


class Reference(Selection):
    """A record of one of several models, kept as the text ``"model,id"``.

    ``selection`` lists the models it may point to (``(model, label)`` pairs, or
    a model method's name). ``read`` answers the text as stored, even when the
    record it names is gone, as Odoo does; ``web_read`` with ``fields`` reads
    the record (``False`` when it is gone).
    """

    type = "reference"

    def to_column(self, value: Any, record_model: str) -> Any:
        if value is None or value is False or value == "":
            return None
        if not isinstance(value, str):
            raise ValueError(f"Wrong value for {record_model}.{self.name}: {value!r}")
        parts = value.split(",")
        if len(parts) != 2:
            # Odoo unpacks the split text into two names: its message is Python's
            raise ValueError(
                f"not enough values to unpack (expected 2, got {len(parts)})"
                if len(parts) < 2
                else "too many values to unpack (expected 2)"
            )
        model, rid = parts
        if isinstance(self.selection, list) and model not in {k for k, _ in self.selection}:
            raise ValueError(f"Wrong value for {record_model}.{self.name}: {value!r}")
        return f"{model},{int(rid)}"

    @staticmethod
    def split(value: Any) -> tuple[str, int] | None:
        """The ``(model, id)`` a stored text names, or None for no value."""
        if not value or not isinstance(value, str) or "," not in value:
            return None
        model, _sep, rid = value.partition(",")
        return (model, int(rid)) if rid.strip().lstrip("-").isdigit() else None


class Binary(Field):
    """Bytes, read and written as base64 text.

    ``attachment=True`` is Odoo's default: a stored value is then an
    ``ir.attachment`` of the record (so it is neither sortable nor groupable),
    read and written through :meth:`BaseModel._read_binary_attachments` and
    :meth:`BaseModel._write_binary_attachments`; ``attachment=False`` keeps it
    in a column of the table.
    """

    type = "binary"

    def __init__(self, string: str | None = None, *, attachment: bool = True, **kw: Any) -> None:
        kw.setdefault("aggregator", None)
        super().__init__(string, **kw)
        self.attachment = attachment

    @property
    def column_type(self) -> sa.types.TypeEngine[Any]:
        return sa.Text()

    @functools.cached_property
    def column_in_table(self) -> bool:
        """A stored binary kept as an attachment (Odoo's default) has no column:
        its value is an ``ir.attachment`` record (``res_field`` names the field)."""
        return self.store and not self.attachment

    @property
    def in_attachment(self) -> bool:
        """Whether the value is kept as an ``ir.attachment`` of the record."""
        return self.store and self.attachment

    def _type_description(self, model: BaseModel) -> dict[str, Any]:
        # a value that is not stored is kept in no attachment either (as in Odoo)
        return {"attachment": self.attachment and self.store}

    def to_size(self, value: Any) -> Any:
        """What ``read`` gives with the context key ``bin_size``: a size, not the content.

        Odoo words the size of an attachment like ``"1.50 Kb"`` and the size of
        a column like PostgreSQL's ``pg_size_pretty``.
        """
        if not value:
            return False
        text = value if isinstance(value, str) else str(value)
        if not self.attachment:
            return pg_size_pretty(len(text))
        return human_size(len(text) * 3 // 4 - text[-2:].count("="))

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


class Image(Binary):
    """A picture, as base64 text, made to fit ``max_width`` x ``max_height`` when
    written, as Odoo does (:func:`jsontwo.orm.images.process_image`)."""

    type = "binary"

    def __init__(
        self,
        string: str | None = None,
        *,
        max_width: int = 0,
        max_height: int = 0,
        **kw: Any,
    ) -> None:
        super().__init__(string, **kw)
        self.max_width = max_width
        self.max_height = max_height

    def to_column(self, value: Any, record_model: str) -> Any:
        if value and not (self.readonly and not self.max_width and not self.max_height):
            images.check_image(value)  # what Odoo's image processing refuses
            if isinstance(value, str) and (self.max_width or self.max_height):
                value = images.process_base64(value, self.max_width, self.max_height)
        return super().to_column(value, record_model)


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


class PropertiesDefinition(Json):
    """The definition of the properties of the records that point to this one
    (a list of property dicts, stored as JSON)."""

    type = "properties_definition"


class Properties(Json):
    """Properties whose definition lives on another record (reads as a list of
    property dicts; only the empty list for now)."""

    type = "properties"

    def __init__(
        self, string: str | None = None, *, definition: str | None = None, **kw: Any
    ) -> None:
        super().__init__(string, **kw)
        #: "<many2one field>.<properties definition field>"
        self.definition = definition or ""

    def to_read(self, value: Any) -> Any:
        return [] if value is None else value

    def _type_description(self, model: BaseModel) -> dict[str, Any]:
        record, _, field = self.definition.partition(".")
        return {"definition_record": record or None, "definition_record_field": field or None}

    def get_description(self, model: BaseModel) -> dict[str, Any]:
        desc = super().get_description(model)
        record = self.definition.partition(".")[0]
        if record and not self.compute and self.inherited_field is None:
            # the values follow the record that holds their definition (as Odoo says)
            desc["depends"] = [record]
        return desc


class _Relational(Field):
    relational = True

    def __init__(
        self,
        comodel_name: str | None = None,
        string: str | None = None,
        *,
        domain: list[Any] | str | None = None,
        context: dict[str, Any] | None = None,
        **kw: Any,
    ) -> None:
        super().__init__(string, **kw)
        self.comodel_name = comodel_name or ""
        # A string domain is an expression only the web client evaluates (it
        # names fields of the record being edited): fields_get shows it, the
        # ORM applies no domain then.
        self.domain: list[Any] = [] if isinstance(domain, str) else list(domain or [])
        self.described_domain: list[Any] | str = domain or []
        self.context = context or {}

    def _type_description(self, model: BaseModel) -> dict[str, Any]:
        comodel = model.env[self.comodel_name]
        return {
            "relation": self.comodel_name,
            "domain": self.described_domain,
            "context": self.context,
            # (sic) Odoo's spelling: whether child_of/parent_of make sense on the field
            "allow_hierachy_operators": comodel._parent_name in comodel._fields,
        }


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

    def convert_to_write(self, value: Any) -> Any:
        if isinstance(value, Recordset):
            ids = value.ids
            return ids[0] if ids else False
        return value

    def to_column(self, value: Any, record_model: str) -> Any:
        if value is None or value is False or value == 0:
            return None
        if type(value) is not int:
            # in a create, Odoo's database refuses anything but an id (a [id, name]
            # pair, a name); a write empties the field instead (writing.column_values)
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

    def _type_description(self, model: BaseModel) -> dict[str, Any]:
        if self.related:  # a related one2many has no inverse of its own (Odoo says none)
            return super()._type_description(model)
        return {**super()._type_description(model), "relation_field": self.inverse_name}

    def convert_to_write(self, value: Any) -> Any:
        return _x2many_write(value)


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

    def convert_to_write(self, value: Any) -> Any:
        return _x2many_write(value)


def _x2many_write(value: Any) -> Any:
    """Records or a list of ids as the command that sets exactly them."""
    if isinstance(value, Recordset):
        return [[int(Command.SET), 0, value.ids]]
    if isinstance(value, list | tuple) and all(
        isinstance(v, int) and not isinstance(v, bool) for v in value
    ):
        return [[int(Command.SET), 0, list(value)]]
    return value


class Id(Integer):
    """The primary key, 64-bit."""

    type = "integer"
    aggregator = None

    @property
    def column_type(self) -> sa.types.TypeEngine[Any]:
        return sa.BigInteger().with_variant(sa.Integer(), "sqlite")
