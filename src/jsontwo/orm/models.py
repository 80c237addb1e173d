"""Models and recordsets: the Odoo-style API over one table per model.

A model is a Python class with ``_name`` and fields as class attributes. An
instance is a *recordset*: an environment and a tuple of ids. The public
methods (``create``, ``read``, ``write``, ``unlink``, ``search``...) are the
ones JSON-2 exposes; names starting with ``_`` and methods marked
``@api.private`` are never callable remotely.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Self

import orjson

from jsontwo.exceptions import ValidationError
from jsontwo.orm import access, api, hierarchy, ordering, x2many
from jsontwo.orm import fields as f
from jsontwo.orm.cache import MISSING
from jsontwo.orm.domains import (
    RULES_DEPENDENCY,
    Compiled,
    Compiler,
    Leaf,
    and_domains,
    mentions_field,
    parse,
)
from jsontwo.orm.methods import ModelMethods, missing_error
from jsontwo.orm.paging import ROWS_OR_IDS_PER_STATEMENT, chunks, limit_offset_sql, row_count
from jsontwo.orm.read_group import ReadGroupMixin
from jsontwo.orm.web_read import WebReadMixin

if TYPE_CHECKING:
    import sqlalchemy as sa

    from jsontwo.orm.environment import Environment
    from jsontwo.orm.registry import Registry

#: every model definition, in import order (the registry assembles them)
DEFINITIONS: list[type[BaseModel]] = []

LOG_ACCESS_FIELDS = ("create_uid", "create_date", "write_uid", "write_date")
MAGIC_FIELDS = ("id", *LOG_ACCESS_FIELDS)
#: compiled domains kept per registry (the cache is emptied when full)
DOMAIN_CACHE_SIZE = 4096
#: at most this many records are fetched at once for a field read on one of them
PREFETCH_MAX = 1000


class BaseModel(ModelMethods, WebReadMixin, ReadGroupMixin):
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
    _parent_name: ClassVar[str] = "parent_id"
    #: keep ``parent_path`` ("1/5/9/": the ids from the root) up to date
    _parent_store: ClassVar[bool] = False
    _log_access: ClassVar[bool] = True
    #: (name, definition, message): "unique(a, b)" or "check(expression)"
    _sql_constraints: ClassVar[Sequence[tuple[str, str, str]]] = ()
    #: indexes on several columns, each a tuple of column names (one-column
    #: indexes come from the fields' ``index``)
    _indexes: ClassVar[Sequence[tuple[str, ...]]] = ()

    # set up by the registry on the assembled class
    _module: ClassVar[str] = ""
    _table: ClassVar[str] = ""
    _fields: ClassVar[dict[str, f.Field]] = {}
    _constraint_methods: ClassVar[list[tuple[str, tuple[str, ...]]]] = []
    #: the stored fields with a default of their own, for create
    _defaulted_fields: ClassVar[tuple[tuple[str, f.Field], ...]] = ()

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
            parts = cls.__module__.split(".")
            cls._module = parts[2] if parts[:2] == ["jsontwo", "modules"] else cls.__module__
            DEFINITIONS.append(cls)

    def __init__(
        self,
        env: Environment,
        ids: Iterable[int] = (),
        prefetch: tuple[int, ...] | _LinkedPrefetch | None = None,
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
        if field.name == "id":
            return self._ids[0] if self._ids else False
        if self._ids:
            self.ensure_one()
            rid = self._ids[0]
            # the common case, a cached value, without building the lists of a fetch
            value = self.env.transaction.cache.get((self._name, field.name), rid)
            if value is MISSING:
                value = self._cached_values(field, [rid]).get(rid)
        else:
            value = None
        if isinstance(field, f._Relational):
            comodel = self._registry.models[field.comodel_name]
            ids = ((value,) if value else ()) if isinstance(field, f.Many2one) else (value or ())
            return comodel(self.env, ids, _LinkedPrefetch(self, field))
        return field.to_read(value)

    def _set_field_value(self, field: f.Field, value: Any) -> None:
        """Assign a field: inside its compute method, into the cache; otherwise a write."""
        key = (self._name, field.name)
        cache = self.env.transaction.cache
        if cache.is_computing(key):
            if isinstance(value, BaseModel):
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

        def load(missing: list[int]) -> None:
            if field.has_column or field.related or isinstance(field, x2many.X2many):
                missing = self._with_prefetch(missing, cache.known(key))
            records = self.browse(missing)
            if field.has_column:
                records._fetch_columns([n for n, fld in self._fields.items() if fld.has_column])
            elif isinstance(field, x2many.X2many) and not field.related:
                cache.update(key, x2many.linked_ids(records, field))
            else:
                cache.update(key, records._compute_field(field))

        return cache.values_for(key, ids, load)

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
        absent = set(self._ids) - {row[0] for row in rows}
        for pos, fname in enumerate(fnames, start=1):
            from_column = self._fields[fname].from_column
            key = (self._name, fname)
            cache.update(key, {row[0]: from_column(row[pos]) for row in rows})
            cache.set(key, absent, None)

    def _select_by_ids(
        self, fnames: Sequence[str], ids: Sequence[int], extra: Sequence[str] = ()
    ) -> list[tuple[Any, ...]]:
        """Rows ``(id, *fnames, *extra)`` of the records ``ids`` (``extra``: SQL
        expressions on the table, such as :meth:`_label_columns`)."""
        cols = "".join(f', "{self._table}"."{n}"' for n in fnames) + "".join(
            f", {expr}" for expr in extra
        )
        rows: list[tuple[Any, ...]] = []
        for chunk in chunks(ids):
            marks = ", ".join(["%s"] * len(chunk))
            rows.extend(
                self.env.cr.execute(
                    f'SELECT "{self._table}".id{cols} FROM "{self._table}" WHERE "{self._table}".id IN ({marks})',
                    chunk,
                )
            )
        return rows

    def _compute_field(self, field: f.Field) -> dict[int, Any]:
        """Values of a non-stored field (computed or related) for these records."""
        if field.related:
            return self._compute_related(field)
        assert field.compute, f"{field} has no value source"
        key = (self._name, field.name)
        # a method may compute several fields: each of them is assigned, not written
        keys = {
            (self._name, name)
            for name, other in self._fields.items()
            if other.compute == field.compute and not other.store
        } | {key}
        cache = self.env.transaction.cache
        with cache.computing(keys):
            getattr(self, field.compute)()
        computed = cache.take(key)
        return {rid: computed.get(rid) for rid in self._ids}

    def _compute_related(self, field: f.Field) -> dict[int, Any]:
        assert field.related
        path = field.related.split(".")
        model: BaseModel = self.sudo()
        current: dict[int, Any] = {rid: rid for rid in self._ids}
        for hop in path[:-1]:
            link = model._fields[hop]
            assert isinstance(link, f.Many2one), (
                f"related path {field.related} must go through many2one fields"
            )
            got = model._cached_values(link, list({v for v in current.values() if v}))
            current = {rid: got.get(v) if v else None for rid, v in current.items()}
            model = self.env[link.comodel_name].sudo()
        last = model._fields[path[-1]]
        got = model._cached_values(last, list({v for v in current.values() if v}))
        return {rid: got.get(v) if v else None for rid, v in current.items()}

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

    def _label_sql(self, link: str) -> str | None:
        """A subquery reading the display name of the record whose id is the SQL
        ``link``, when the display name is a column (else None): a many2one's
        label comes with the row that holds it, without a query of its own."""
        source = self._display_name_field or self._rec_name_field()
        field = self._fields.get(source) if source else None
        if not (
            isinstance(field, f._Textual) and field.has_column and self._display_name_is_column()
        ):
            return None
        # '' for a record without a name (its label is false), NULL for no record
        return (
            f'(SELECT COALESCE("_l"."{source}", \'\') FROM "{self._table}" AS "_l" '
            f'WHERE "_l".id = {link})'
        )

    def _label_columns(
        self, names: Sequence[str], columns: Sequence[str], load: str | None
    ) -> dict[str, str]:
        """``{field: SQL}``: the labels of the many2one columns among ``names`` that
        a read gives as ``[id, label]`` and that subqueries can read (see
        :meth:`_label_sql`), for the SELECT that reads the rows."""
        if load != "_classic_read":
            return {}
        labels: dict[str, str] = {}
        for name in columns:
            field = self._fields[name]
            if name in names and isinstance(field, f.Many2one):
                sql = self.env[field.comodel_name]._label_sql(f'"{self._table}"."{name}"')
                if sql is not None:
                    labels[name] = sql
        return labels

    def _display_names(self, ids: Iterable[int]) -> dict[int, str | bool]:
        """Display names of existing records among ``ids`` (as superuser)."""
        wanted = list(dict.fromkeys(i for i in ids if i))
        if not wanted:
            return {}
        model = self.sudo().browse(wanted)
        source = self._display_name_field or self._rec_name_field()
        if source and self._fields[source].has_column and self._display_name_is_column():
            rows = self._select_by_ids([source], wanted)
            return {row[0]: row[1] if row[1] else False for row in rows}
        existing = model.exists()
        names = existing._cached_values(self._fields["display_name"], existing._ids)
        return {rid: (name if name else False) for rid, name in names.items()}

    def _name_search_domain(self, names: Sequence[Any], op: str) -> list[Any]:
        """A domain on this model matching records by display name."""
        source = self._display_name_field or self._rec_name_field() or "id"
        if op == "in":
            return [[source, "in", list(names)]]
        search_fields = list(self._rec_names_search or [source])
        leaves: list[Any] = [[fname, op, names[0]] for fname in search_fields]
        return ["|"] * (len(leaves) - 1) + leaves

    def _hierarchy_ids(self, value: Any, op: str) -> list[int]:
        """The given records and their descendants (child_of) or ancestors (parent_of)."""
        return hierarchy.hierarchy_ids(self, value, op)

    def _has_cycle(self) -> bool:
        """Whether a record is among its own ancestors through ``_parent_name``."""
        return hierarchy.has_cycle(self)

    # --- searching -------------------------------------------------------
    def _where_sql(self, domain: Any) -> tuple[str, list[Any]]:
        """WHERE fragment for ``domain``, with the implicit ``active`` filter of spec 1.8."""
        if not self.env.su:
            self._check_model_access("read")
        done = self._compiled_where(domain)
        return done.sql, list(done.params)

    def _compiled_where(self, domain: Any) -> Compiled:
        """``domain`` compiled for this model and environment, and, outside superuser
        mode, ANDed with the record rules on reading (spec 1.12: searches are
        filtered by them silently, and so are the sub-searches of dotted paths
        and ``any``).

        The domain alone is compiled once per (model, domain, active_test,
        superuser mode) and kept in the registry: integrations send the same
        domains again and again. A kept result that depends on the timezone,
        or embeds the rules of another model, is reused only for the same
        timezone and rules; one that read the clock (relative dates) is never
        kept.
        """
        key = _domain_cache_key(
            self._name, domain, self.env.context.get("active_test", True), self.env.su
        )
        cache = self._registry.domain_cache
        done = cache.get(key) if key is not None else None
        if done is None or not done.holds_for(self.env):
            done = self._compile_where(domain)
            if key is not None and not done.clock:
                if len(cache) >= DOMAIN_CACHE_SIZE:
                    cache.clear()
                cache[key] = done
        if self.env.su:
            return done
        domain, signature = self.env["ir.rule"]._domain(self._name, "read")
        # a domain embedding this search says whose rules (and read access) it was
        # compiled with, even when none restricts this caller: another's may
        depend = (RULES_DEPENDENCY + self._name, self._read_signature(signature))
        if domain is None:
            return done.depending(depend)
        return done.conjoin(access.rules_where(self, domain), depend)

    def _read_signature(self, signature: bytes | None = None) -> bytes:
        """What a search of this model depends on for the caller (see
        :func:`access.read_signature`)."""
        return access.read_signature(self, signature)

    @api.private
    def check_access(self, operation: str) -> None:
        """Refuse (AccessError) ``operation`` on these records to the caller: the
        model's access lines, then the record rules."""
        if self.env.su:
            return
        self._check_model_access(operation)
        access.check_record_rules(self, operation)

    def _compile_where(self, domain: Any) -> Compiled:
        node = parse(domain)
        if (
            "active" in self._fields
            and self.env.context.get("active_test", True)
            and not mentions_field(node, "active")
        ):
            node = and_domains(node, Leaf("active", "=", True))
        return Compiler(self).compiled(node)

    def _order_by_sql(self, order: str | None) -> str:
        """ORDER BY clause for ``order`` (the model's ``_order`` when empty), cached."""
        return ordering.order_by_sql(self, order, access.field_groups_key(self))

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
        columns = [n for n in names if self._fields[n].has_column]
        context = {k: v for k, v in self.env.context.items() if k != "active_test"}
        reader = self.with_context(context)
        labels = reader._label_columns(names, columns, load)
        select = (
            f'"{self._table}".id'
            + "".join(f', "{self._table}"."{n}"' for n in columns)
            + "".join(f", {sql}" for sql in labels.values())
        )
        sql, params = self._select_sql(select, domain or [], offset, limit, order)
        rows = self.env.cr.execute(sql, params)
        return reader._format_rows(rows, columns, names, load, list(labels))

    # --- reading ---------------------------------------------------------
    @api.readonly
    def read(
        self, fields: list[str] | None = None, load: str | None = "_classic_read"
    ) -> list[dict[str, Any]]:
        """Values of ``fields`` for these records; ids that do not exist are left out."""
        self.check_access("read")
        names = access.readable_names(self, fields)
        columns = [n for n in names if self._fields[n].has_column]
        labels = self._label_columns(names, columns, load)
        rows = self._select_by_ids(columns, list(dict.fromkeys(self._ids)), list(labels.values()))
        by_id = {row[0]: row for row in rows}
        ordered = [by_id[i] for i in self._ids if i in by_id]
        return self._format_rows(ordered, columns, names, load, list(labels))

    def _format_rows(
        self,
        rows: Sequence[tuple[Any, ...]],
        columns: Sequence[str],
        names: Sequence[str],
        load: str | None,
        labelled: Sequence[str] = (),
    ) -> list[dict[str, Any]]:
        """Turn ``(id, *columns, *labels)`` rows into read dicts with the values of
        ``names``; ``labelled`` are the many2one columns whose labels the rows
        carry (in that order, after the columns)."""
        ids = [row[0] for row in rows]
        position = {name: pos for pos, name in enumerate(columns, start=1)}
        label_position = {name: pos for pos, name in enumerate(labelled, start=len(columns) + 1)}
        records = self.browse(ids)
        extra: dict[str, dict[int, Any]] = {}
        for name in names:
            field = self._fields[name]
            if name not in position:
                if isinstance(field, x2many.X2many) and not field.related:
                    extra[name] = x2many.linked_ids(records, field)
                else:
                    extra[name] = records._compute_field(field)
        names_by_comodel: dict[str, dict[int, Any]] = {}
        if load == "_classic_read":
            wanted: dict[str, set[int]] = defaultdict(set)
            for name in names:
                field = self._fields[name]
                if isinstance(field, f.Many2one) and name not in label_position:
                    if name in position:
                        pos = position[name]
                        wanted[field.comodel_name].update(row[pos] for row in rows if row[pos])
                    else:
                        wanted[field.comodel_name].update(v for v in extra[name].values() if v)
            for comodel, co_ids in wanted.items():
                names_by_comodel[comodel] = self.env[comodel]._display_names(co_ids)
        converters = [
            (
                name,
                self._read_converter(
                    name,
                    position.get(name),
                    extra.get(name),
                    names_by_comodel,
                    load,
                    label_position.get(name),
                ),
            )
            for name in names
        ]
        result = []
        for row in rows:
            record: dict[str, Any] = {"id": row[0]}
            for name, convert in converters:
                record[name] = convert(row)
            result.append(record)
        return result

    def _read_converter(
        self,
        name: str,
        pos: int | None,
        extra: dict[int, Any] | None,
        labels: dict[str, dict[int, Any]],
        load: str | None,
        label_pos: int | None = None,
    ) -> Callable[[tuple[Any, ...]], Any]:
        """A function from a row to the read value of ``name`` (built once per read,
        not per row); a many2one's label is at ``label_pos`` of the row when the
        row carries it, else in ``labels``."""
        field = self._fields[name]
        if pos is not None:
            from_column = field.from_column

            def raw(row: tuple[Any, ...]) -> Any:
                return from_column(row[pos])

        else:
            assert extra is not None

            def raw(row: tuple[Any, ...]) -> Any:
                return extra.get(row[0])

        if isinstance(field, f.Many2one):
            if load != "_classic_read":
                return lambda row: raw(row) or False
            if label_pos is not None:

                def labelled(row: tuple[Any, ...]) -> Any:
                    value, label = raw(row), row[label_pos]
                    return [value, label or False] if value and label is not None else False

                return labelled
            names = labels[field.comodel_name]

            def pair(row: tuple[Any, ...]) -> Any:
                value = raw(row)
                label = names.get(value) if value else None
                return [value, label] if label is not None else False

            return pair
        if isinstance(field, f.One2many | f.Many2many):
            return lambda row: list(raw(row) or ())
        to_read = field.to_read
        if isinstance(field, f.Binary):
            context = self.env.context
            if context.get("bin_size") or context.get(f"bin_size_{name}"):
                to_read = field.to_size
        return lambda row: to_read(raw(row))

    # --- writing ---------------------------------------------------------
    def _check_write_names(self, vals: dict[str, Any], creating: bool) -> None:
        """Refuse unknown fields among ``vals`` and fields the caller may not write."""
        access.check_write_names(self, vals, creating)

    def _column_values(self, vals: dict[str, Any]) -> dict[str, Any]:
        """Stored column values of ``vals``, converted; other keys are left out."""
        out: dict[str, Any] = {}
        # the ORM fills the log-access columns itself; a model without them
        # (``_log_access = False``) may declare one as an ordinary field
        managed = MAGIC_FIELDS if self._log_access else ("id",)
        for name, value in vals.items():
            field = self._fields[name]
            if field.has_column and name not in managed:
                out[name] = field.to_column(value, self._name)
        return out

    def _add_defaults(self, vals: dict[str, Any]) -> dict[str, Any]:
        """``vals`` completed with the defaults of the stored fields it lacks: context
        keys ``default_<field>`` first, then the fields' own defaults."""
        full = dict(vals)
        fields = self._fields
        for key, value in self.env.context.items():
            if key.startswith("default_"):
                name = key[8:]
                field = fields.get(name)
                if (
                    field is not None
                    and name not in full
                    and name not in MAGIC_FIELDS
                    and field.store
                    and not field.compute
                ):
                    full[name] = value
        for name, field in self._defaulted_fields:
            if name not in full:
                default = field.get_default(self)
                if default is not None:
                    full[name] = field.convert_to_write(default)
        return full

    def _check_required(self, row: dict[str, Any], names: Iterable[str]) -> None:
        """Refuse an empty required column among ``names`` of ``row``, as the database would."""
        for name in names:
            field = self._fields[name]
            if field.required and field.has_column and not field.compute and row.get(name) is None:
                raise ValidationError(missing_value_message(type(self), name))

    @api.model_create_multi
    def create(self, vals_list: list[dict[str, Any]] | dict[str, Any]) -> Self:
        """Create records from one dict or a list of dicts; return them."""
        if isinstance(vals_list, dict):
            vals_list = [vals_list]
        if not isinstance(vals_list, list) or not all(isinstance(v, dict) for v in vals_list):
            raise ValueError("create() expects a dict of values or a list of dicts")
        if not vals_list:
            return self.browse()
        if not self.env.su:
            self._check_model_access("create")
        for vals in vals_list:
            self._check_write_names(vals, creating=True)
        if self._inherits:
            vals_list = self._create_parents(vals_list)
        prepared: list[tuple[dict[str, Any], dict[str, Any]]] = []
        for vals in vals_list:
            full = self._add_defaults(vals)
            row = self._column_values(full)
            self._check_required(row, self._fields)
            prepared.append((full, row))
        ids = self._insert_rows([row for _full, row in prepared])
        records = self.browse(ids)
        self.env.invalidate(self._name)
        for rid, (full, _row) in zip(ids, prepared, strict=True):
            self.browse([rid])._write_non_columns(full, creating=True)
        if self._parent_store:
            hierarchy.update_parent_path(records, creating=True)
        self._registry.recompute_new(records)
        records._run_constraints(None)
        access.check_record_rules(records, "create")
        return records

    def _inherited_vals(
        self, vals: dict[str, Any]
    ) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
        """``vals`` split into this model's own values and, per ``_inherits`` link,
        the values of fields that live on the parent record."""
        own: dict[str, Any] = {}
        parents: dict[str, dict[str, Any]] = {link: {} for link in self._inherits.values()}
        for name, value in vals.items():
            field = self._fields[name]
            if field.inherited_field is not None and field.related:
                link, _, parent_name = field.related.partition(".")
                parents[link][parent_name] = value
            else:
                own[name] = value
        return own, parents

    def _create_parents(self, vals_list: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Route the values of inherited fields to the parents (spec 4.1): a parent
        is created from them unless the link is given, in which case they are
        written on it. Return the values left for this model, with the links."""
        split = [self._inherited_vals(vals) for vals in vals_list]
        for parent_name, link in self._inherits.items():
            parent = self.env[parent_name]
            todo: list[tuple[dict[str, Any], dict[str, Any]]] = []
            for own, parents in split:
                if own.get(link):
                    if parents[link]:
                        parent.browse([own[link]]).write(parents[link])
                else:
                    todo.append((own, parents[link]))
            if todo:
                created = parent.create([parent_vals for _own, parent_vals in todo])
                for (own, _parent_vals), parent_id in zip(todo, created.ids, strict=True):
                    own[link] = parent_id
        return [own for own, _parents in split]

    def _column_types(self, names: Sequence[str]) -> list[sa.types.TypeEngine[Any]]:
        """The SQL types of the columns of fields ``names``."""
        types = []
        for name in names:
            column_type = self._fields[name].column_type
            assert column_type is not None, f"{self._name}.{name} has no column"
            types.append(column_type)
        return types

    def _insert_rows(self, rows: list[dict[str, Any]]) -> list[int]:
        """INSERT rows in batches of the same columns; return the new ids in order."""
        now = self.env.now.strftime(f.DATETIME_FORMAT)
        log = (
            {
                "create_uid": self.env.uid,
                "create_date": now,
                "write_uid": self.env.uid,
                "write_date": now,
            }
            if self._log_access
            else {}
        )
        ids: list[int] = []
        position = 0
        while position < len(rows):
            names = tuple(rows[position])
            batch: list[dict[str, Any]] = []
            while (
                position < len(rows)
                and tuple(rows[position]) == names
                and len(batch) < ROWS_OR_IDS_PER_STATEMENT
            ):
                batch.append(rows[position])
                position += 1
            all_names = [*names, *log]
            if all_names:
                ids += self.env.cr.insert_rows(
                    self._table,
                    all_names,
                    self._column_types(all_names),
                    [(*row.values(), *log.values()) for row in batch],
                )
            else:
                for _row in batch:
                    ids.append(
                        self.env.cr.execute(
                            f'INSERT INTO "{self._table}" DEFAULT VALUES RETURNING id'
                        )[0][0]
                    )
        return ids

    def write(self, vals: dict[str, Any]) -> bool:
        """Write ``vals`` on every record; return true."""
        if not isinstance(vals, dict):
            raise ValueError("write() expects a dict of values")
        if not self._ids:
            return True
        self.check_access("write")
        self._check_write_names(vals, creating=False)
        row = self._column_values(vals)
        if self._log_access:
            row["write_uid"] = self.env.uid
            row["write_date"] = self.env.now.strftime(f.DATETIME_FORMAT)
        self._check_required(row, row)
        ids = list(dict.fromkeys(self._ids))
        # what depends on the many2one values being replaced (an order losing a line)
        before = self._registry.dependents_before_write(self, list(vals))
        if row:
            sets = ", ".join(f'"{n}" = %s' for n in row)
            matched = 0
            for chunk in chunks(ids):
                marks = ", ".join(["%s"] * len(chunk))
                self.env.cr.execute(
                    f'UPDATE "{self._table}" SET {sets} WHERE id IN ({marks})',
                    [*row.values(), *chunk],
                )
                matched += self.env.cr.rowcount
            if matched != len(ids):
                raise missing_error(self.browse(ids) - self.exists())
        self.env.invalidate(self._name)
        self._write_non_columns(vals, creating=False)
        if self._parent_store and self._parent_name in vals:
            hierarchy.update_parent_path(self)
        self._registry.modified(self, list(vals))
        self._registry.recompute(self, before)
        self._run_constraints(set(vals))
        return True

    def _write_inverse(self, field: f.Field, value: Any) -> None:
        """Writing a computed field: its inverse method reads the new value and writes
        the fields it is computed from."""
        assert field.inverse
        value = field.from_column(field.to_column(value, self._name))  # validated, cache format
        self.env.transaction.cache.set((self._name, field.name), self._ids, value)
        getattr(self, field.inverse)()
        self.env.invalidate(self._name)

    def _write_non_columns(self, vals: dict[str, Any], creating: bool) -> None:
        """Apply the values that are not columns of the table: x2many commands,
        inverses of computed fields, related fields (those of ``_inherits``
        parents in one write per parent)."""
        if self._inherits:
            vals, parents = self._inherited_vals(vals)
            for link, parent_vals in parents.items():
                if parent_vals:
                    self.mapped(link).write(parent_vals)
        for name, value in vals.items():
            field = self._fields[name]
            if field.related and not field.has_column:
                self._write_related(field, value)
            elif isinstance(field, f.One2many | f.Many2many):
                x2many.write_x2many(self, field, value, creating=creating)
            elif field.inverse:
                self._write_inverse(field, value)
            elif not field.has_column and name not in MAGIC_FIELDS and not field.compute:
                self._write_related(field, value)

    def _write_related(self, field: f.Field, value: Any) -> None:
        """Writing a related field writes the field it points to."""
        if not field.related:
            return
        head, _, rest = field.related.rpartition(".")
        # follow the path whatever the caller may read, but write as the caller:
        # a related field must not be a way around the target model's access
        targets = self.sudo().mapped(head).sudo(self.env.su) if head else self
        targets.write({rest: value})

    def __sub__(self, other: BaseModel) -> Self:
        drop = set(other._ids)
        return self.browse([i for i in self._ids if i not in drop])

    def unlink(self) -> bool:
        """Delete the records; return true."""
        if not self._ids:
            return True
        if not self.env.su:
            self._check_model_access("unlink")  # before existence: a model-level no first
        ids = list(dict.fromkeys(self._ids))
        self._ensure_exist()
        self.check_access("unlink")
        dependents = self._registry.set_null_dependents(self.env, self._name, ids)
        # what reaches these records through an x2many (an order's total, for its lines)
        before = self._registry.dependents_before_unlink(self.browse(ids))
        for chunk in chunks(ids):
            marks = ", ".join(["%s"] * len(chunk))
            self.env.cr.execute(f'DELETE FROM "{self._table}" WHERE id IN ({marks})', chunk)
        self.env.invalidate()
        for records, fname in dependents:
            self._registry.modified(records.exists(), [fname])
        self._registry.recompute(self, before)
        return True

    # --- computed fields and constraints ---------------------------------
    def _stored_siblings(self, fname: str) -> list[str]:
        """The stored computed fields computed by ``fname``'s method, ``fname`` among
        them, in definition order (Odoo's ``_compute_amounts`` sets three totals)."""
        compute = self._fields[fname].compute
        return [
            name for name, other in self._fields.items() if other.store and other.compute == compute
        ]

    def _recompute_stored(
        self, fnames: Sequence[str], exist: bool = False
    ) -> tuple[list[int], list[str]]:
        """Recompute stored computed fields on these records, together with the other
        stored fields their methods compute (``exist``: known to exist, such as records
        just created); return the ids that changed and the fields that changed.

        Each compute method runs once for all these records; a changed row is
        updated once with all its changed columns."""
        groups: dict[str, list[str]] = {}
        for fname in fnames:
            compute = self._fields[fname].compute
            assert compute, f"{self._fields[fname]} is not computed"
            if compute not in groups:
                groups[compute] = self._stored_siblings(fname)
        records = self if exist else self.exists()
        if not records:
            return [], []
        changed_ids: dict[int, None] = {}
        changed_fields: dict[str, None] = {}
        for group in groups.values():
            ids, names = records._recompute_group(group)
            changed_ids.update(dict.fromkeys(ids))
            changed_fields.update(dict.fromkeys(names))
        return list(changed_ids), list(changed_fields)

    def _recompute_group(self, fnames: list[str]) -> tuple[list[int], list[str]]:
        """Run the compute method of the stored fields ``fnames`` (one method) on
        these existing records and store what changed."""
        fields = [self._fields[n] for n in fnames]
        ids = self._ids
        before = {fld.name: self._cached_values(fld, ids) for fld in fields}
        cache = self.env.transaction.cache
        compute = fields[0].compute
        assert compute
        # the method assigns its fields (non-stored ones it also sets included)
        keys = {(self._name, n) for n, fld in self._fields.items() if fld.compute == compute}
        with cache.computing(keys):
            getattr(self, compute)()
        # a record the method left unassigned keeps its value
        after = {fld.name: cache.known((self._name, fld.name)) for fld in fields}
        # {row id: {field name: column value}}, for the rows that changed
        updates: dict[int, dict[str, Any]] = {}
        for fld in fields:
            old, new = before[fld.name], after[fld.name]
            for rid in ids:
                value = new.get(rid, old[rid])
                if value != old[rid]:
                    column = fld.to_column(value if value is not None else False, self._name)
                    updates.setdefault(rid, {})[fld.name] = column
        # the rows' other columns did not change: the cache keeps them, and takes the
        # new values of these ones as a fetch would give them (unchanged rows get their
        # old values back, the method may have assigned an equal one)
        for fld in fields:
            old = before[fld.name]
            fresh = {}
            for rid in ids:
                row = updates.get(rid)
                fresh[rid] = fld.from_column(row[fld.name]) if row and fld.name in row else old[rid]
            cache.update((self._name, fld.name), fresh)
        if not updates:
            return [], []
        # the changed rows, in batches of rows changing the same columns
        batches: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
        for rid, row in updates.items():
            batches.setdefault(tuple(row), []).append((*row.values(), rid))
        for columns, rows in batches.items():  # merged with the next methods' updates
            self.env.cr.defer_update(self._table, columns, self._column_types(columns), rows)
        # what is computed from other fields is forgotten
        cache.forget_computed()
        changed = dict.fromkeys(n for row in updates.values() for n in row)
        return list(updates), [n for n in fnames if n in changed]

    def _run_constraints(self, fnames: set[str] | None) -> None:
        for method, watched in self._constraint_methods:
            if fnames is None or fnames.intersection(watched):
                getattr(self, method)()


class _LinkedPrefetch:
    """The prefetch ids of records reached through a relational field: the values
    of that field on the records it was read from (worked out when first needed)."""

    __slots__ = ("_ids", "field", "source")

    def __init__(self, source: BaseModel, field: f.Field) -> None:
        self.source = source
        self.field = field
        self._ids: tuple[int, ...] | None = None

    def ids(self) -> tuple[int, ...]:
        if self._ids is None:
            source, field = self.source, self.field
            cache = source.env.transaction.cache.known((source._name, field.name))
            found: dict[int, None] = {}
            for rid in source._prefetch_ids():
                value = cache.get(rid)
                if not value:
                    continue
                if isinstance(value, int):
                    found[value] = None
                else:
                    found.update(dict.fromkeys(value))
            self._ids = tuple(found)
        return self._ids


def missing_value_message(model: type[BaseModel], fname: str) -> str:
    """Odoo's ValidationError text for an empty required field (a NOT NULL violation)."""
    field = model._fields[fname]
    return (
        f"The operation cannot be completed: Missing required value for the field "
        f"'{field.string}' ({fname}).\nModel: '{model._description or model._name}' ({model._name})\n"
        "- create/update: a mandatory field is not set\n"
        "- delete: another model requires the record being deleted, you can archive it instead\n"
    )


def _domain_cache_key(
    model: str, domain: Any, active_test: Any, su: bool
) -> tuple[str, bool, bool, bytes] | None:
    """The key under which a compiled domain is kept, or None when it must be compiled each time.

    A compiled domain depends on the domain, the ``active_test`` context key and
    superuser mode (internal fields may only be searched in it), and sometimes
    on more, which the key leaves out on purpose:

    * the timezone (a date-only value against a datetime field is local
      midnight; date parts of datetimes are read in ``context.tz``): the
      compiled result records the timezone it was made for
      (:class:`~jsontwo.orm.domains.Compiled`) and is reused only for that one,
      because the user's timezone is known only by reading the user;
    * the clock (relative dates such as ``"today -7d"``): such results are
      never kept (see :meth:`BaseModel._compiled_where`).

    Not kept at all: ``child_of`` / ``parent_of``, which read the hierarchy
    when they are compiled, and domains holding Python dates or datetimes
    (their JSON would equal that of strings, which are parsed differently).
    Add here any operator whose SQL depends on the data.
    """
    try:
        text = orjson.dumps(domain, option=orjson.OPT_PASSTHROUGH_DATETIME)
    except TypeError:
        return None
    if b'"child_of"' in text or b'"parent_of"' in text:
        return None
    return (model, bool(active_test), su, text)


class Model(BaseModel):
    """Base class for regular models (Odoo's ``models.Model``)."""

    __slots__ = ()
