"""Models and recordsets: the Odoo-style API over one table per model.

A model is a Python class with ``_name`` and fields as class attributes. An
instance is a *recordset*: an environment and a tuple of ids. The public
methods (``create``, ``read``, ``write``, ``unlink``, ``search``...) are the
ones JSON-2 exposes; names starting with ``_`` and methods marked
``@api.private`` are never callable remotely.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Self

from jsontwo.orm import (
    access,
    api,
    computing,
    hierarchy,
    ordering,
    reading,
    restrict,
    row_counts,
    searching,
    translate,
    writing,
    x2many,
)
from jsontwo.orm import fields as f
from jsontwo.orm.binaries import BinaryAttachments
from jsontwo.orm.cache import MISSING
from jsontwo.orm.domains import Compiled
from jsontwo.orm.methods import ModelMethods, missing_error
from jsontwo.orm.paging import chunks, limit_offset_sql, row_count
from jsontwo.orm.prefetch import LinkedPrefetch
from jsontwo.orm.read_group import ReadGroupMixin
from jsontwo.orm.translate_methods import TranslationMethods
from jsontwo.orm.types import Recordset
from jsontwo.orm.web_read import WebReadMixin

if TYPE_CHECKING:
    import sqlalchemy as sa

    from jsontwo.orm.types import Environment, Registry

#: every model definition, in import order (the registry assembles them)
DEFINITIONS: list[type[BaseModel]] = []
#: the Python packages of the modules from outside jsontwo: {package: module name}
#: (``{"acme_library": "library"}``), filled by :func:`register_module_package`
MODULE_PACKAGES: dict[str, str] = {}


def module_of(python_module: str) -> str:
    """The module a Python module's model definitions belong to: ``sale`` for
    ``jsontwo.modules.sale.models.order``, the registered module for a module of
    a registered package, else the Python module path itself (tests' models)."""
    parts = python_module.split(".")
    if parts[:2] == ["jsontwo", "modules"] and len(parts) > 2:
        return parts[2]
    for i in range(len(parts), 0, -1):
        found = MODULE_PACKAGES.get(".".join(parts[:i]))
        if found is not None:
            return found
    return python_module


def register_module_package(name: str, package: str) -> None:
    """Declare that the Python package ``package`` holds module ``name``: its
    definitions count as that module's (those imported before too)."""
    MODULE_PACKAGES[package] = name
    for definition in DEFINITIONS:
        if definition.__module__ == package or definition.__module__.startswith(package + "."):
            definition._module = name


#: at most this many records are fetched at once for a field read on one of them
PREFETCH_MAX = 1000


class BaseModel(
    ModelMethods, TranslationMethods, WebReadMixin, ReadGroupMixin, BinaryAttachments, Recordset
):
    """The base of every model: a recordset of ``_name`` in an environment.

    A recordset also carries *prefetch ids*: reading a field on one record
    fetches it for up to PREFETCH_MAX of them, so looping over a recordset
    (or over the records a many2one of it points to) costs one query per
    batch, not one per record. Records taken from a recordset share its
    prefetch ids; records reached through a relational field prefetch the
    values of that field on the records they came from.
    """

    _name: ClassVar[str] = ""
    _inherit: ClassVar[str | None] = None
    _description: ClassVar[str] = ""
    _order: ClassVar[str] = "id"
    _rec_name: ClassVar[str | None] = None
    #: the field whose value is the display name (defaults to the rec name)
    _display_name_field: ClassVar[str | None] = None
    #: fields searched by name_search and by names given for relational fields
    _rec_names_search: ClassVar[Sequence[str] | None] = None
    #: delegation inheritance: ``{parent model: many2one field}``; every field of
    #: the parent is a field of this model too, kept on the linked parent record
    _inherits: ClassVar[dict[str, str]] = {}
    #: the ``_inherits`` parent whose ids this model's records take: each record
    #: has the id of its parent record (Odoo's action types share the ids of
    #: ``ir.actions.actions``, one table a type, as PostgreSQL's table inheritance
    #: gives them there; this works on SQLite too)
    _inherits_ids: ClassVar[str] = ""
    _parent_name: ClassVar[str] = "parent_id"
    #: keep ``parent_path`` ("1/5/9/": the ids from the root) up to date
    _parent_store: ClassVar[bool] = False
    _log_access: ClassVar[bool] = True
    #: (name, definition, message): "unique(a, b)" or "check(expression)"
    _sql_constraints: ClassVar[Sequence[tuple[str, str, str]]] = ()
    #: indexes on several columns, each a tuple of column names (one-column
    #: indexes come from the fields' ``index``)
    _indexes: ClassVar[Sequence[tuple[str, ...]]] = ()
    #: the operations ("write", "unlink") that pass over ids of records that do not
    #: exist instead of raising MissingError: Odoo's plain write and unlink do, and
    #: only models whose own code reads the records first (partners, users...) raise
    _missing_ignored: ClassVar[frozenset[str]] = frozenset()

    # set up by the registry on the assembled class
    _module: ClassVar[str] = ""
    _table: ClassVar[str] = ""
    _fields: ClassVar[dict[str, f.Field]] = {}
    _constraint_methods: ClassVar[list[tuple[str, tuple[str, ...]]]] = []
    #: the stored fields with a default of their own, for create
    _defaulted_fields: ClassVar[tuple[tuple[str, f.Field], ...]] = ()
    #: what create and write ask of the fields, made on first use (writing.plan_of)
    _field_plan: ClassVar[writing.FieldPlan | None] = None

    __slots__ = ("_ids", "_prefetch", "env")

    if TYPE_CHECKING:
        # fields are descriptors set up by the registry: type checkers see them as Any
        def __getattr__(self, name: str) -> Any: ...
        def __setattr__(self, name: str, value: Any) -> None: ...

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("_assembled"):
            return  # a class the registry built from definitions, not a definition
        if "_name" in cls.__dict__ or "_inherit" in cls.__dict__:
            cls._module = module_of(cls.__module__)
            DEFINITIONS.append(cls)

    def __init__(
        self,
        env: Environment,
        ids: Iterable[int] = (),
        prefetch: tuple[int, ...] | LinkedPrefetch | None = None,
    ) -> None:
        self.env = env
        self._ids: tuple[int, ...] = tuple(ids)
        #: the ids to fetch along with these (None: these)
        self._prefetch = prefetch

    # --- recordset basics ------------------------------------------------
    @property
    def ids(self) -> list[int]:
        """The ids of the records, in order."""
        return list(self._ids)

    @property
    def _registry(self) -> Registry:
        return self.env.registry

    def __iter__(self) -> Iterator[Self]:
        cls, env = type(self), self.env
        prefetch = self._ids if self._prefetch is None else self._prefetch
        for rid in self._ids:
            yield cls(env, (rid,), prefetch)

    def _prefetch_ids(self) -> tuple[int, ...]:
        prefetch = self._prefetch
        if prefetch is None:
            return self._ids
        return prefetch if isinstance(prefetch, tuple) else prefetch.ids()

    def __len__(self) -> int:
        return len(self._ids)

    def __bool__(self) -> bool:
        return bool(self._ids)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, BaseModel) and other._name == self._name and other._ids == self._ids
        )

    def __hash__(self) -> int:
        return hash((self._name, self._ids))

    def __repr__(self) -> str:
        return f"{self._name}{self._ids!r}"  # Odoo's form: res.partner(7,) / res.partner(7, 9)

    def __getitem__(self, key: str) -> Any:
        return getattr(self, key)

    def __sub__(self, other: BaseModel) -> Self:
        drop = set(other._ids)
        return self.browse([i for i in self._ids if i not in drop])

    @api.private
    def browse(self, ids: int | Iterable[int] = ()) -> Self:
        """A recordset of the given ids (not checked for existence)."""
        if isinstance(ids, int):
            ids = (ids,)
        return type(self)(self.env, ids)

    @api.private
    def ensure_one(self) -> Self:
        """Raise ValueError unless the recordset holds exactly one record."""
        if len(self._ids) != 1:
            raise ValueError(f"Expected singleton: {self!r}")
        return self

    @api.private
    def exists(self) -> Self:
        """The subset of records that exist in the database."""
        if not self._ids:
            return self
        marks = ", ".join(["%s"] * len(self._ids))
        rows = self.env.cr.execute(
            f'SELECT id FROM "{self._table}" WHERE id IN ({marks})', self._ids
        )
        found = {row[0] for row in rows}
        return self.browse([i for i in self._ids if i in found])

    @api.private
    def with_context(self, *args: dict[str, Any], **kwargs: Any) -> Self:
        """The same records with a context replaced by ``args[0]`` or updated by ``kwargs``."""
        context = dict(args[0]) if args else dict(self.env.context)
        context.update(kwargs)
        return type(self)(self.env(context=context), self._ids)

    @api.private
    def sudo(self, flag: bool = True) -> Self:
        """The same records in superuser mode (no access checks)."""
        return type(self)(self.env(su=flag), self._ids)

    @api.private
    def with_user(self, uid: int) -> Self:
        """The same records as seen by another user."""
        return type(self)(self.env(uid=uid, su=False), self._ids)

    @api.private
    def mapped(self, fname: str) -> Any:
        """The values of a field over the records (a recordset for relational fields)."""
        head, _, rest = fname.partition(".")
        field = self._fields[head]
        if isinstance(field, f._Relational):
            ids: list[int] = []
            for rec in self:
                ids.extend(i for i in rec[head].ids if i not in ids)
            result = self.env[field.comodel_name].browse(ids)
            return result.mapped(rest) if rest else result
        return [rec[head] for rec in self]

    @api.private
    def filtered(self, predicate: Any) -> Self:
        """The records for which ``predicate(record)`` is true."""
        return self.browse([rec.id for rec in self if predicate(rec)])

    # --- field access (used by the field descriptors) --------------------
    def _get_field_value(self, field: f.Field) -> Any:
        """The value of ``field`` on this single record, as Python code sees it
        (on no record, the empty value: an empty recordset, false, 0...)."""
        # (the hot path of every field read: locals, and no call it can do without)
        ids, name, env = self._ids, field.name, self.env
        if name == "id":
            return ids[0] if ids else False
        if ids:
            if len(ids) != 1:
                self.ensure_one()
            rid = ids[0]
            cache = env.transaction.cache
            if (env.context.get("lang") or "en_US") != cache.lang:
                cache.use_lang(translate.translation_lang(env))
            # the common case, a cached value, without building the lists of a
            # fetch (nor a call: RecordCache.get, inline)
            values = cache.values.get((self._name, name))
            value = MISSING if values is None else values.get(rid, MISSING)
            if value is MISSING:
                value = self._cached_values(field, [rid]).get(rid)
        else:
            value = None
        if isinstance(field, f._Relational):
            comodel = env.transaction.registry.models[field.comodel_name]
            ids = ((value,) if value else ()) if isinstance(field, f.Many2one) else (value or ())
            return comodel(env, ids, LinkedPrefetch(self, field))
        if field.reads_plainly:  # (Field.to_read, inline)
            return field.empty_read if value is None else value
        return field.to_read(value)

    def _set_field_value(self, field: f.Field, value: Any) -> None:
        """Assign a field: inside its compute method, into the cache; otherwise a write."""
        key = (self._name, field.name)
        cache = self.env.transaction.cache
        if cache.is_computing(key):
            if isinstance(field, f.One2many | f.Many2many):
                # an x2many keeps the tuple of its ids (as read from the links)
                value = tuple(value._ids) if isinstance(value, BaseModel) else tuple(value or ())
            elif isinstance(value, BaseModel):
                value = value._ids[0] if value._ids else None
            elif value is False:
                value = None
            cache.set(key, self._ids, value)
            return
        self.write({field.name: value.id if isinstance(value, BaseModel) else value})

    def _cached_values(self, field: f.Field, ids: Sequence[int]) -> dict[int, Any]:
        """Cache-format values of ``field`` for ``ids``, fetching what is missing."""
        key = (self._name, field.name)
        cache = self.env.transaction.cache
        if (self.env.context.get("lang") or "en_US") != cache.lang:
            cache.use_lang(translate.translation_lang(self.env))
        missing = cache.missing(key, ids)
        if missing:
            self._load(field, missing)
        return cache.values_of(key, ids)

    def _load(self, field: f.Field, missing: list[int]) -> None:
        """Fetch (columns, x2many ids) or compute the values of ``field`` on the
        records ``missing`` into the cache, with those of prefetched records."""
        key = (self._name, field.name)
        cache = self.env.transaction.cache
        if (
            field.column_in_table
            or field.related
            or isinstance(field, x2many.X2many)
            or (isinstance(field, f.Binary) and field.in_attachment)
        ):
            missing = self._with_prefetch(missing, cache.known(key))
        records = self.browse(missing)
        if field.column_in_table:
            records._fetch_columns([n for n, fld in self._fields.items() if fld.column_in_table])
        elif isinstance(field, x2many.X2many) and field.store and not field.related:
            # (a computed x2many that is not stored has no links to read: computed below)
            cache.update(key, x2many.linked_ids(records, field))
        else:
            cache.update(key, computing.compute_field(records, field))

    def _with_prefetch(self, missing: list[int], known: Mapping[int, Any]) -> list[int]:
        """``missing`` and, up to PREFETCH_MAX in all, prefetch ids not ``known``."""
        if self._prefetch is None and len(self._ids) <= 1:
            return missing
        wanted = dict.fromkeys(missing)
        for rid in self._prefetch_ids():
            if len(wanted) >= PREFETCH_MAX:
                break
            if rid and rid not in known:
                wanted[rid] = None
        return list(wanted)

    def _fetch_columns(self, fnames: Sequence[str]) -> None:
        """Load stored columns of these records into the transaction cache."""
        rows = self._select_by_ids(fnames, self._ids)
        cache = self.env.transaction.cache
        fields = self._fields
        cache.update_rows(self._name, [(n, fields[n].from_column) for n in fnames], rows)
        absent = set(self._ids).difference(row[0] for row in rows)
        if absent:  # records that do not exist (any more) read as no value
            for fname in fnames:
                cache.set((self._name, fname), absent, None)

    def _select_by_ids(
        self, fnames: Sequence[str], ids: Sequence[int], extra: Sequence[str] = ()
    ) -> list[tuple[Any, ...]]:
        """Rows ``(id, *fnames, *extra)`` of the records ``ids`` (``extra``: SQL
        expressions on the table, such as :func:`reading.label_columns`)."""
        cols = "".join(f", {self._column_sql(n)}" for n in fnames) + "".join(
            f", {expr}" for expr in extra
        )
        rows: list[tuple[Any, ...]] = []
        cr = self.env.cr
        for chunk in chunks(ids):
            where, params = cr.dialect.has_id(f'"{self._table}".id', chunk)
            rows.extend(
                cr.execute(
                    f'SELECT "{self._table}".id{cols} FROM "{self._table}" WHERE {where}', params
                )
            )
        return rows

    def _column_sql(self, fname: str) -> str:
        """The SQL reading the column of field ``fname`` (in the context's language
        for a translated field: see :mod:`jsontwo.orm.translate`)."""
        return translate.column_sql(self._fields[fname], f'"{self._table}"."{fname}"', self.env)

    def _column_types(self, names: Sequence[str]) -> list[sa.types.TypeEngine[Any]]:
        """The SQL types of the columns of fields ``names``."""
        types = []
        for name in names:
            column_type = self._fields[name].column_type
            assert column_type is not None, f"{self._name}.{name} has no column"
            types.append(column_type)
        return types

    # --- display names ---------------------------------------------------
    @classmethod
    def _rec_name_field(cls) -> str | None:
        if cls._rec_name:
            return cls._rec_name
        return "name" if "name" in cls._fields else None

    def _compute_display_name(self) -> None:
        source = self._display_name_field or self._rec_name_field()
        for rec in self:
            value = rec[source] if source else False
            rec.display_name = value if value else (False if source else f"{self._name},{rec.id}")

    def _display_name_is_column(self) -> bool:
        """Whether the display name is the value of the rec name column, so many2one
        labels can be read straight from it (models computing it otherwise say no)."""
        return type(self)._compute_display_name is BaseModel._compute_display_name

    def _display_names(self, ids: Iterable[int]) -> dict[int, str | bool]:
        """Display names of existing records among ``ids`` (as superuser)."""
        return reading.display_names(self, ids)

    def _label_sql(self, link: str) -> str | None:
        """The subquery of the display name of the record of id ``link`` (SQL), or
        None when it is no column (:func:`reading.label_sql`)."""
        return reading.label_sql(self, link)

    def _name_search_domain(self, names: Sequence[Any], op: str) -> list[Any]:
        """A domain on this model matching records by display name."""
        source = self._display_name_field or self._rec_name_field() or "id"
        if op == "in":
            return [[source, "in", list(names)]]
        search_fields = list(self._rec_names_search or [source])
        leaves: list[Any] = [[fname, op, names[0]] for fname in search_fields]
        return ["|"] * (len(leaves) - 1) + leaves

    def _search_display_name(self, op: str, value: Any) -> Any:
        """The domain searching ``display_name`` (``op`` normalised: ``=`` is ``in``);
        see :func:`searching.display_name_domain`. Models override it to search
        otherwise (their answer may then depend on the data: it is not kept), or
        answer NotImplemented for a negative operator: the positive operator's
        domain is then negated."""
        return searching.display_name_domain(self, op, value)

    # --- hierarchies (orm/hierarchy.py) -----------------------------------
    def _hierarchy_ids(self, value: Any, op: str, link: str | None = None) -> list[int]:
        """The given records and their descendants (child_of) or ancestors (parent_of),
        through ``_parent_name`` or the field ``link`` of this model (``value``: ids)."""
        if link is not None:
            return hierarchy.walk_through(self, link, list(value), op)
        return hierarchy.hierarchy_ids(self, value, op)

    def _has_cycle(self) -> bool:
        """Whether a record is among its own ancestors through ``_parent_name``."""
        return hierarchy.has_cycle(self)

    # --- access (the checks live in orm/access.py) ------------------------
    @api.private
    def check_access(self, operation: str) -> None:
        """Refuse (AccessError) ``operation`` on these records to the caller: the
        model's access lines, then the record rules."""
        if self.env.su:
            return
        access.check_model_access(self, operation)
        access.check_record_rules(self, operation)

    def _check_model_access(self, operation: str) -> None:
        """Refuse (AccessError) ``operation`` on this model to the caller unless an
        access line grants it (the callers skip it in superuser mode)."""
        access.check_model_access(self, operation)

    def _check_record_rules(self, operation: str) -> None:
        """Refuse (AccessError) ``operation`` on these records when some fall
        outside the caller's record rules (see :func:`access.check_record_rules`)."""
        access.check_record_rules(self, operation)

    def _has_field_access(self, field: f.Field) -> bool:
        """Whether the caller may read and write ``field`` (its groups)."""
        return access.has_field_access(self, field)

    def _check_field_access(self, field: f.Field, operation: str) -> None:
        """Refuse (AccessError) to ``operation`` a field the caller has no access to."""
        access.check_field_access(self, field, operation)

    def _field_for_sql(self, name: str, invalid: str) -> f.Field:
        """The field ``name`` as a domain or an order may use it (see
        :func:`access.field_for_sql`)."""
        return access.field_for_sql(self, name, invalid)

    def _check_write_names(self, vals: dict[str, Any], creating: bool) -> None:
        """Refuse unknown fields among ``vals`` and fields the caller may not write."""
        access.check_write_names(self, vals, creating)

    def _read_signature(self, signature: bytes | None = None) -> bytes:
        """What a search of this model depends on for the caller (see
        :func:`access.read_signature`)."""
        return access.read_signature(self, signature)

    # --- searching -------------------------------------------------------
    def _where_sql(self, domain: Any) -> tuple[str, list[Any]]:
        """WHERE fragment for ``domain``, with the implicit ``active`` filter
        (docs/internals/orm-behaviour.md, "Archived records") and the record rules."""
        if not self.env.su:
            access.check_model_access(self, "read")
        done = searching.compiled_where(self, domain)
        return done.sql, list(done.params)

    def _compiled_where(self, domain: Any) -> Compiled:
        """``domain`` compiled for this model and environment, with the caller's
        read rules (see :func:`searching.compiled_where`)."""
        return searching.compiled_where(self, domain)

    def _order_by_sql(self, order: str | None) -> str:
        """ORDER BY clause for ``order`` (the model's ``_order`` when empty), cached."""
        # superuser mode sorts on every field: no need to ask which groups it passes
        groups_key = () if self.env.su else access.field_groups_key(self)
        return ordering.order_by_sql(self, order, groups_key)

    def _select_sql(
        self,
        columns: str,
        domain: Any,
        offset: int | None,
        limit: int | bool | None,
        order: str | None,
    ) -> tuple[str, list[Any]]:
        where, params = self._where_sql(domain)
        sql = f'SELECT {columns} FROM "{self._table}" WHERE {where} ORDER BY {self._order_by_sql(order)}'
        paging, paging_params = limit_offset_sql(
            limit, offset, self.env.cr.dialect.is_sqlite, "records"
        )
        return sql + paging, [*params, *paging_params]

    def _search_ids(
        self,
        domain: Any,
        offset: int | None = 0,
        limit: int | bool | None = None,
        order: str | None = None,
    ) -> list[int]:
        sql, params = self._select_sql(f'"{self._table}".id', domain, offset, limit, order)
        return [row[0] for row in self.env.cr.execute(sql, params)]

    @api.model
    @api.readonly
    def search(
        self,
        domain: list[Any],
        offset: int = 0,
        limit: int | None = None,
        order: str | None = None,
    ) -> Self:
        """The records matching ``domain``, ordered, sliced by offset and limit."""
        return self.browse(self._search_ids(domain, offset, limit, order))

    @api.model
    @api.readonly
    def search_count(self, domain: list[Any], limit: int | None = None) -> int:
        """How many records match ``domain`` (counting stops at ``limit``)."""
        where, params = self._where_sql(domain)
        if limit:
            sql = f'SELECT COUNT(*) FROM (SELECT 1 FROM "{self._table}" WHERE {where} LIMIT %s) AS sub'
            params = [*params, row_count(limit, "limit", "records")]
        else:
            if (known := row_counts.known_count(self, domain)) is not None:
                return known  # kept by the table's triggers (orm/row_counts.py)
            sql = f'SELECT COUNT(*) FROM "{self._table}" WHERE {where}'
        return int(self.env.cr.execute(sql, params)[0][0])

    @api.model
    @api.readonly
    def search_read(
        self,
        domain: list[Any] | None = None,
        fields: list[str] | None = None,
        offset: int = 0,
        limit: int | None = None,
        order: str | None = None,
        **read_kwargs: Any,
    ) -> list[dict[str, Any]]:
        """``search`` then ``read`` of the matches, in one query."""
        load = read_kwargs.pop("load", "_classic_read")
        if read_kwargs:
            name = next(iter(read_kwargs))
            # Odoo's words: its search_read hands unknown keywords to its row formatter
            raise TypeError(f"BaseModel._read_format() got an unexpected keyword argument '{name}'")
        names = access.readable_names(self, fields)
        columns = [n for n in names if self._fields[n].column_in_table]
        context = {k: v for k, v in self.env.context.items() if k != "active_test"}
        reader = self.with_context(context)
        labels = reading.label_columns(reader, names, columns, load)
        select = (
            f'"{self._table}".id'
            + "".join(f", {self._column_sql(n)}" for n in columns)
            + "".join(f", {sql}" for sql in labels.values())
        )
        sql, params = self._select_sql(select, domain or [], offset, limit, order)
        rows = self.env.cr.execute(sql, params)
        return reading.format_rows(reader, rows, columns, names, load, list(labels))

    # --- reading ---------------------------------------------------------
    @api.readonly
    def read(
        self, fields: list[str] | None = None, load: str | None = "_classic_read"
    ) -> list[dict[str, Any]]:
        """Values of ``fields`` for these records; ids that do not exist are left out."""
        self.check_access("read")
        names = access.readable_names(self, fields)
        columns = [n for n in names if self._fields[n].column_in_table]
        labels = reading.label_columns(self, names, columns, load)
        rows = self._select_by_ids(columns, list(dict.fromkeys(self._ids)), list(labels.values()))
        by_id = {row[0]: row for row in rows}
        ordered = [by_id[i] for i in self._ids if i in by_id]
        return reading.format_rows(self, ordered, columns, names, load, list(labels))

    # --- writing ---------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list: list[dict[str, Any]] | dict[str, Any]) -> Self:
        """Create records from one dict or a list of dicts; return them."""
        if isinstance(vals_list, dict):
            vals_list = [vals_list]
        if not isinstance(vals_list, list):
            raise writing.not_a_dict(vals_list)
        for vals in vals_list:
            if not isinstance(vals, dict):
                raise writing.not_a_dict(vals)
        if not vals_list:
            return self.browse()
        if not self.env.su:
            access.check_model_access(self, "create")
        access.check_create_names(self, vals_list)
        if self._inherits:
            vals_list = writing.create_parents(self, vals_list)
        defaults = writing.batch_defaults(self)
        fulls: list[dict[str, Any]] = []
        rows: list[dict[str, Any]] = []
        for vals in vals_list:
            full = writing.add_defaults(self, vals, defaults)
            row = writing.column_values(self, full)
            writing.check_required_new(self, row)
            if self._inherits_ids:
                row["id"] = row[self._inherits[self._inherits_ids]]
            fulls.append(full)
            rows.append(row)
        log = writing.log_values(self)
        recomputer = self._registry.recomputer
        ids = writing.insert_new_rows(self, rows, log)
        records = self.browse(ids)
        self.env.invalidate(self._name)
        only_links, given = writing.write_new_non_columns(records, fulls)
        if self._parent_store:
            hierarchy.update_parent_path(records, creating=True)
        elif only_links:  # what the records hold is known: no need to read it back
            writing.cache_new_rows(records, rows, log, given)
        cache = self.env.transaction.cache
        with contextlib.ExitStack() as stack:
            for keys, rids in writing.protected_groups(self, ids, fulls).items():
                stack.enter_context(cache.protecting(keys, rids))
            recomputer.recompute_new(records, fresh=only_links)
        self.env.cr.flush()  # (a failure of the INSERT is this create's)
        records._run_constraints(None)
        access.check_record_rules(records, "create")
        return records

    def write(self, vals: dict[str, Any]) -> bool:
        """Write ``vals`` on every record; return true."""
        if not isinstance(vals, dict):
            raise writing.not_a_dict(vals)
        if not self._ids:
            return True
        rules = self._rules_in_update()
        try:
            access.check_write_names(self, vals, creating=False)
            row = writing.column_values(self, vals, creating=False)
            if self._log_access:
                row["write_uid"] = self.env.uid
                row["write_date"] = self.env.now.strftime(f.DATETIME_FORMAT)
            writing.check_required(self, row, row)
            # what depends on the many2one values being replaced (an order losing a line)
            before = self._registry.recomputer.dependents_before_write(self, list(vals))
        except Exception:
            if rules is not None:  # a refusal comes first, as when checked first
                access.refuse_first(self, "write")
            raise
        if rules is not None and not row:
            access.check_record_rules(self, "write")
        ids = list(dict.fromkeys(self._ids))
        if row:
            sets, set_params = writing.set_clause(self, row)
            ruled = f" AND {rules.sql}" if rules is not None else ""
            matched = 0
            for chunk in chunks(ids):
                marks = ", ".join(["%s"] * len(chunk))
                try:
                    self.env.cr.execute(
                        f'UPDATE "{self._table}" SET {sets} WHERE id IN ({marks}){ruled}',
                        [*set_params, *chunk, *(rules.params if rules is not None else ())],
                    )
                except Exception as exc:
                    raise writing.explain_failure(self, [row], exc) from exc
                matched += self.env.cr.rowcount
            if matched != len(ids):
                if rules is not None:  # refused, or missing
                    access.check_record_rules(self, "write")
                if "write" not in self._missing_ignored:
                    raise missing_error(self.browse(ids) - self.exists())
        self.env.invalidate(self._name)
        writing.write_non_columns(self, vals, creating=False)
        if self._parent_store and self._parent_name in vals:
            hierarchy.update_parent_path(self)
        with writing.protecting(self, vals, ids):
            self._registry.recomputer.modified(self, list(vals))
            self._registry.recomputer.recompute(self, before)
        self._run_constraints(set(vals))
        return True

    def _rules_in_update(self) -> Compiled | None:
        """Check the caller may write these records, or return the record rules
        to put in the UPDATE's WHERE clause instead (a statement fewer) when that
        comes to the same: one record (the statement then fails on it or on none
        of them), of a model checking access the standard way."""
        if (
            self.env.su
            or len(set(self._ids)) != 1
            or type(self).check_access is not BaseModel.check_access
        ):
            self.check_access("write")
            return None
        access.check_model_access(self, "write")
        return access.rules_compiled(self, "write")

    def unlink(self) -> bool:
        """Delete the records; return true."""
        if not self._ids:
            return True
        if not self.env.su:
            access.check_model_access(self, "unlink")  # before existence: a model-level no first
        ids = list(dict.fromkeys(self._ids))
        if "unlink" not in self._missing_ignored:
            self._ensure_exist()
        self.check_access("unlink")
        restrict.check_restrict(self, ids)
        dependents = self._registry.recomputer.set_null_dependents(self.env, self._name, ids)
        # what reaches these records through an x2many (an order's total, for its lines)
        before = self._registry.recomputer.dependents_before_unlink(self.browse(ids))
        for chunk in chunks(ids):
            marks = ", ".join(["%s"] * len(chunk))
            self.env.cr.execute(f'DELETE FROM "{self._table}" WHERE id IN ({marks})', chunk)
        self._unlink_attachments(ids)
        self.env.invalidate()
        for records, fname in dependents:
            self._registry.recomputer.modified(records.exists(), [fname])
        self._registry.recomputer.recompute(self, before)
        return True

    # --- computed fields and constraints ---------------------------------
    def _recompute_stored(
        self, fnames: Sequence[str], exist: bool = False
    ) -> tuple[list[int], list[str]]:
        """Recompute stored computed fields on these records; return the ids and the
        fields that changed (see :func:`computing.recompute_stored`)."""
        return computing.recompute_stored(self, fnames, exist)

    def _run_constraints(self, fnames: set[str] | None) -> None:
        for method, watched in self._constraint_methods:
            if fnames is None or fnames.intersection(watched):
                getattr(self, method)()


class Model(BaseModel):
    """Base class for regular models (Odoo's ``models.Model``)."""

    __slots__ = ()
