"""What every field is: its definition's attributes, the conversions each type
overrides, and how ``fields_get`` describes it (related and inherited fields
take their description from the field they point to). The field types
themselves are in :mod:`jsontwo.orm.fields`, which re-exports :class:`Field`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

import sqlalchemy as sa

if TYPE_CHECKING:
    from jsontwo.orm.types import BaseModel

DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"

Default = Any | Callable[["BaseModel"], Any]
#: "not given" for arguments whose None and False mean something
UNSET: Any = object()


#: the names of the fields whose value is one per company and computed in SQL
#: (``sql``) for the current company: ORDER BY clauses naming them depend on it
COMPANY_SQL_FIELDS: set[str] = set()


class Field:
    """A model attribute stored in (or computed next to) the model's table."""

    type: ClassVar[str] = "field"
    #: a column only the models' own code uses (a credential's digest): the API
    #: never sees it, in fields_get, read or domains, unless in superuser mode
    internal: ClassVar[bool] = False
    #: a value that never leaves the server, not even one bit at a time: it cannot
    #: be searched or sorted on outside superuser mode (a password's hash)
    secret_value: ClassVar[bool] = False
    #: the value that counts as "not set" like NULL in domains (docs/internals/
    #: orm-behaviour.md, "Falsy values in domains")
    falsy_value: ClassVar[Any] = None
    relational: ClassVar[bool] = False
    #: the JSON value ``read`` gives for an empty value
    empty_read: ClassVar[Any] = False
    #: whether :meth:`to_read` is this class's own (the value, or ``empty_read``
    #: for None): a field's read then does it inline (set for each subclass)
    reads_plainly: ClassVar[bool] = True
    #: how read_group aggregates the field by default (fields_get's ``aggregator``)
    aggregator: Any = None

    def __init__(
        self,
        string: str | None = None,
        *,
        help: str | None = None,
        required: bool = False,
        readonly: bool | None = None,
        default: Default = None,
        index: bool = False,
        store: bool | None = None,
        compute: str | None = None,
        inverse: str | None = None,
        search: str | None = None,
        related: str | None = None,
        sql: str | None = None,
        sql_order_only: bool = False,
        copy: bool = True,
        aggregator: Any = UNSET,
        change_default: bool = False,
        groups: str | None = None,
        company_dependent: bool = False,
        default_export_compatible: bool = False,
        exportable: bool = True,
        depends: tuple[str, ...] = (),
        tracking: bool | int = False,
    ) -> None:
        self.name = ""
        self.model_name = ""
        self.string = string
        self.help = help
        self.required = required
        if aggregator is not UNSET:
            self.aggregator = aggregator
        #: whether the definition says how to aggregate (a sequence otherwise sums nothing)
        self.aggregator_given = aggregator is not UNSET
        #: attributes fields_get reports as they are (the UI uses them; the API does not)
        self.change_default = change_default
        self.groups = groups
        self.company_dependent = company_dependent
        self.default_export_compatible = default_export_compatible
        self.exportable = exportable
        #: Odoo's ``tracking``: a change of the value is logged in the record's
        #: chatter (on models with the mail thread); an int orders the values shown
        self.tracking = tracking
        # a computed field is writable only through its inverse method, as in Odoo
        # ``readonly=False`` given explicitly makes a computed or related field
        # writable, as in Odoo (the value is stored, or written through the path)
        self.readonly = (
            readonly if readonly is not None else bool(compute and not inverse) or bool(related)
        )
        self.default = default
        self.index = index
        self.compute = compute
        #: the method that writes what a computed field derives from, given its new value
        self.inverse = inverse
        #: the model method turning a condition on a non-stored field into a domain
        self.search = search
        self.related = related
        #: for a field that is not stored: the model method giving the SQL of its
        #: value on a table alias (Odoo's ``_field_to_sql`` override), which makes
        #: it sortable and groupable
        self.sql = sql
        #: the ``sql`` value orders records but does not group them (Odoo overrides
        #: only ``_order_field_to_sql`` for such a field)
        self.sql_order_only = sql_order_only
        #: Odoo's ``store``, as fields_get reports it: the value is kept in the
        #: database (a column, a relation table for many2many, the co-records'
        #: column for one2many) rather than computed on every read; computed and
        #: related fields are not stored unless asked, as in Odoo. Whether jsontwo
        #: reads it from this model's table is :attr:`column_in_table`.
        self.store = store if store is not None else not (compute or related)
        self.copy = copy and not compute and not related
        #: dependencies of a computed field (from @api.depends on its method); a
        #: related field may name its own, as Odoo's ``depends=`` (what fields_get says)
        self.depends: tuple[str, ...] = tuple(depends)
        #: for a field of an ``_inherits`` parent: that field (this one is related to it)
        self.inherited_field: Field | None = None
        #: made at run time (an ``x_`` field of ``ir.model.fields``, fields_get's ``manual``)
        self.manual = False
        #: whether the column accepts NULL even when the field is required (a field
        #: made at run time may be added to a table with rows, as in Odoo)
        self.column_nullable = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.reads_plainly = cls.to_read is Field.to_read

    def __set_name__(self, owner: object, name: str) -> None:
        self.name = name
        if self.company_dependent and self.sql:
            # its SQL names the current company: orders by it are kept per company
            COMPANY_SQL_FIELDS.add(name)
        if name == "sequence" and not self.aggregator_given:
            # as in Odoo: adding up sequence numbers means nothing
            self.aggregator = None
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
    def column_in_table(self) -> bool:
        """Whether jsontwo keeps the value in a column of the model's own table:
        stored and of a type with a column (not one2many, not many2many). The
        ORM builds SQL and keeps cached values by it (asked on every query: cached)."""
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

    def convert_to_write(self, value: Any) -> Any:
        """A value as ``write`` takes it (what ``default_get`` and ``copy_data`` give):
        ids for records, strings for dates."""
        if isinstance(value, dt.datetime):
            return value.strftime(DATETIME_FORMAT)
        if isinstance(value, dt.date):
            return value.strftime(DATE_FORMAT)
        return value

    # --- description (fields_get) -------------------------------------------
    @property
    def column_in_odoo(self) -> bool:
        """Whether Odoo's table has the column, which fields_get reports as the
        field being sortable and groupable: :attr:`column_in_table` (a binary
        field kept as an attachment has a column in neither)."""
        return self.column_in_table

    def get_description(self, model: BaseModel) -> dict[str, Any]:
        """What ``fields_get`` says of the field: every attribute that is not None."""
        column = self.column_in_odoo
        aggregator = self.aggregator if (not self.aggregator or column) else None
        desc: dict[str, Any] = {
            "name": self.name,
            "type": self.type,
            "string": self.string,
            "help": self.help,
            "store": self.store,
            "manual": self.manual,
            "related": self.related,
            "company_dependent": self.company_dependent,
            "readonly": self.readonly,
            "required": self.required,
            "groups": self.groups,
            "change_default": self.change_default,
            "default_export_compatible": self.default_export_compatible,
            "exportable": self.exportable,
            "depends": list(self.depends)
            if self.compute or (self.related and self.depends)
            else [self.related]
            if self.related
            else self._domain_depends(),
            "searchable": self.is_searchable(model),
            "sortable": column or bool(self.sql),
            "groupable": column
            or (bool(self.sql) and not self.sql_order_only)
            or (self.store and self.type == "many2many"),
            "aggregator": aggregator,
        }
        inherited = self.inherited_field
        if inherited is None:
            desc.update(self._type_description(model))
            if self.related and not column:
                desc.update(self._related_description(model))
        else:
            # a field of an _inherits parent sorts, groups and describes its type
            # as the parent's field does; as a related field, it has none of the
            # attributes Odoo does not carry over (relation_field, domain, the
            # change_default/company_dependent/export flags)
            parent_model = model.env[inherited.model_name]
            parent = inherited.get_description(parent_model)
            for key in ("sortable", "groupable", "aggregator", "searchable"):
                desc[key] = parent.get(key)
            desc.update(inherited._type_description(parent_model))
            if "translate" in parent:
                desc["translate"] = parent["translate"]
            desc.update(change_default=False, company_dependent=False)
            desc["default_export_compatible"] = False
            desc.pop("relation_field", None)
            if isinstance(desc.get("domain"), str):  # an expression on the parent's fields
                desc["domain"] = []
            for key in ("help", "size"):  # the parent's own, or what it takes from its target
                if desc.get(key) is None and parent.get(key) is not None:
                    desc[key] = parent[key]
            if "attachment" in desc:
                desc["attachment"] = False
        return {key: value for key, value in desc.items() if value is not None}

    def _domain_depends(self) -> list[str]:
        """An x2many field with a domain depends on the fields the domain names
        (``child_ids.active``), as Odoo says in fields_get."""
        if self.type not in ("one2many", "many2many"):
            return []
        domain = getattr(self, "domain", ())  # an x2many's (fields.py)
        names = [f"{self.name}.{leaf[0]}" for leaf in domain if isinstance(leaf, list | tuple)]
        return list(dict.fromkeys(names))

    def is_searchable(self, model: BaseModel) -> bool:
        """fields_get's ``searchable``: stored, searched by a method, or related
        through fields that are all searchable (as in Odoo)."""
        if self.store or self.search or self.name == "display_name":
            return True
        if not self.related:
            return False
        chain = self.related_chain(model)
        return chain is not None and all(fld.is_searchable(mdl) for mdl, fld in chain)

    def related_chain(self, model: BaseModel) -> list[tuple[BaseModel, Field]] | None:
        """``[(model, field), ...]`` along the related path (None when a hop is not
        a relational field of its model)."""
        chain: list[tuple[BaseModel, Field]] = []
        current = model
        for hop in str(self.related).split("."):
            fld = current._fields.get(hop)
            if fld is None:
                return None
            chain.append((current, fld))
            comodel = getattr(fld, "comodel_name", None)
            if comodel:
                current = model.env[comodel]
        return chain

    def _related_description(self, model: BaseModel) -> dict[str, Any]:
        """What a related field that is not stored takes from the field it points to:
        its help and size unless it has its own, and sorting and grouping as that
        field does when the path goes through many2one links only."""
        chain = self.related_chain(model)
        if not chain:
            return {}
        target_model, target = chain[-1]
        # through stored many2one links only (a computed link cannot be joined)
        through_many2one = all(fld.type == "many2one" and fld.store for _mdl, fld in chain[:-1])
        target_desc = target.get_description(target_model)
        out: dict[str, Any] = {
            "sortable": through_many2one and bool(target_desc.get("sortable")),
            "groupable": through_many2one and bool(target_desc.get("groupable")),
        }
        # the target's own, or what it takes from its own target (a related field)
        if self.help is None and target_desc.get("help"):
            out["help"] = target_desc["help"]
        if self.type == "char" and getattr(self, "size", None) is None and target.type == "char":
            out["size"] = target_desc.get("size")
        if "translate" in target_desc:
            out["translate"] = target_desc["translate"]
        return out

    def _type_description(self, model: BaseModel) -> dict[str, Any]:
        """The attributes of the field's type (``size``, ``selection``, ``relation``...)."""
        return {}
