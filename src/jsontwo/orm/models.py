"""Models and recordsets: the Odoo-style API over one table per model.

A model is a Python class with ``_name`` and fields as class attributes. An
instance is a *recordset*: an environment and a tuple of ids. The public
methods (``create``, ``read``, ``write``, ``unlink``, ``search``...) are the
ones JSON-2 exposes; names starting with ``_`` and methods marked
``@api.private`` are never callable remotely.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Self

import orjson

from jsontwo.exceptions import AccessError, UserError, ValidationError
from jsontwo.orm import api, dates
from jsontwo.orm import fields as f
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
from jsontwo.orm.paging import limit_offset_sql, row_count
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
#: one term of an ``order``: ``field[.property][:function] [asc|desc] [nulls first|last]``,
#: as Odoo's ``regex_order`` (the function, meant for read_group, is ignored by searches)
ORDER_TERM_RE = re.compile(
    r"^\s*([a-z0-9_]+)(?:\.([a-z0-9_]+))?(?::[a-z_]+)?(?:\s+(asc|desc))?(?:\s+nulls (first|last))?\s*$",
    re.IGNORECASE,
)
#: compiled domains kept per registry (the cache is emptied when full)
DOMAIN_CACHE_SIZE = 4096
#: rows per INSERT statement (SQLite allows 32766 parameters per statement)
INSERT_BATCH = 500
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
            # (the first lines of _cached_values, which does the rest)
            cache = self.env.transaction.values.get((self._name, field.name))
            if cache is not None and rid in cache:
                value = cache[rid]
            else:
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
        if key in self.env.transaction.computing:
            if isinstance(value, BaseModel):
                value = value._ids[0] if value._ids else None
            elif value is False:
                value = None
            cache = self.env.transaction.values.setdefault(key, {})
            for rid in self._ids:
                cache[rid] = value
            return
        self.write({field.name: value.id if isinstance(value, BaseModel) else value})

    def _cached_values(self, field: f.Field, ids: Sequence[int]) -> dict[int, Any]:
        """Cache-format values of ``field`` for ``ids``, fetching what is missing."""
        key = (self._name, field.name)
        values = self.env.transaction.values
        cache = values.get(key)
        missing = [i for i in ids if cache is None or i not in cache]
        if missing:
            if field.has_column or field.related or isinstance(field, f.One2many | f.Many2many):
                missing = self._with_prefetch(missing, cache)
            if field.has_column:
                self.browse(missing)._fetch_columns(
                    [n for n, fld in self._fields.items() if fld.has_column]
                )
            elif isinstance(field, f.One2many | f.Many2many) and not field.related:
                values.setdefault(key, {}).update(self.browse(missing)._x2many_ids(field))
            else:
                computed = self.browse(missing)._compute_field(field)
                values.setdefault(key, {}).update(computed)
            cache = values.get(key)
        if cache is None:
            return dict.fromkeys(ids)
        return {i: cache.get(i) for i in ids}

    def _with_prefetch(self, missing: list[int], cache: dict[int, Any] | None) -> list[int]:
        """``missing`` and, up to PREFETCH_MAX in all, prefetch ids not in ``cache``."""
        if self._prefetch is None and len(self._ids) <= 1:
            return missing
        wanted = dict.fromkeys(missing)
        for rid in self._prefetch_ids():
            if len(wanted) >= PREFETCH_MAX:
                break
            if rid and (cache is None or rid not in cache):
                wanted[rid] = None
        return list(wanted)

    def _fetch_columns(self, fnames: Sequence[str]) -> None:
        """Load stored columns of these records into the transaction cache."""
        rows = self._select_by_ids(fnames, self._ids)
        values = self.env.transaction.values
        for pos, fname in enumerate(fnames, start=1):
            field = self._fields[fname]
            cache = values.setdefault((self._name, fname), {})
            for row in rows:
                cache[row[0]] = field.from_column(row[pos])
        for rid in set(self._ids) - {row[0] for row in rows}:
            for fname in fnames:
                values.setdefault((self._name, fname), {})[rid] = None

    def _select_by_ids(
        self, fnames: Sequence[str], ids: Sequence[int], extra: Sequence[str] = ()
    ) -> list[tuple[Any, ...]]:
        """Rows ``(id, *fnames, *extra)`` of the records ``ids`` (``extra``: SQL
        expressions on the table, such as :meth:`_label_columns`)."""
        cols = "".join(f', "{self._table}"."{n}"' for n in fnames) + "".join(
            f", {expr}" for expr in extra
        )
        rows: list[tuple[Any, ...]] = []
        for chunk in _chunks(ids, INSERT_BATCH):
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
        transaction = self.env.transaction
        fresh = keys - transaction.computing
        transaction.computing.update(fresh)
        try:
            getattr(self, field.compute)()
        finally:
            transaction.computing.difference_update(fresh)
        computed = transaction.values.pop(key, {})
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

    def _x2many_ids(self, field: f.Field) -> dict[int, tuple[int, ...]]:
        """Linked ids per record, in the comodel's order, without archived co-records."""
        assert isinstance(field, f.One2many | f.Many2many)
        if not self._ids:
            return {}
        comodel = self.env[field.comodel_name]
        if not self.env.su:
            try:
                comodel._check_model_access("read")
            except AccessError as exc:  # Odoo names the field that could not be read
                raise AccessError(f"Failed to read field {field}\n{exc.message}") from None
        active_test = self.env.context.get("active_test", True) and field.context.get(
            "active_test", True
        )
        co = comodel.with_context(active_test=active_test)
        marks = ", ".join(["%s"] * len(self._ids))
        if isinstance(field, f.One2many):
            owner = f'"{co._table}"."{field.inverse_name}"'
            domain = [[field.inverse_name, "in", list(self._ids)], *field.domain]
            where, params = co._where_sql(domain)
            sql = f'SELECT {owner}, "{co._table}".id FROM "{co._table}" WHERE {where} ORDER BY {co._order_by_sql(None)}'
        else:
            rel = field.relation
            where, params = co._where_sql(list(field.domain))
            sql = (
                f'SELECT "{rel}"."{field.column1}", "{co._table}".id FROM "{rel}" '
                f'JOIN "{co._table}" ON "{co._table}".id = "{rel}"."{field.column2}" '
                f'WHERE "{rel}"."{field.column1}" IN ({marks}) AND {where} ORDER BY {co._order_by_sql(None)}'
            )
            params = [*self._ids, *params]
        result: dict[int, list[int]] = {rid: [] for rid in self._ids}
        for owner_id, co_id in self.env.cr.execute(sql, params):
            result[owner_id].append(co_id)
        return {rid: tuple(ids) for rid, ids in result.items()}

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
        values = value if isinstance(value, list) else [value]
        if value is False or value is None:
            return []
        names = [v for v in values if isinstance(v, str)]
        start = {v for v in values if isinstance(v, int) and not isinstance(v, bool)}
        model = self.sudo().with_context(active_test=False)
        if names:
            start.update(model._search_ids(model._name_search_domain(names[:1], "ilike")))
        if self._parent_store and start:
            by_path = self._hierarchy_by_path(sorted(start), op)
            if by_path is not None:
                return by_path
        return self._hierarchy_walk(start, op)

    def _hierarchy_walk(self, start: set[int], op: str) -> list[int]:
        """The records and their descendants or ancestors, one level per query
        (for models without ``parent_path``, and for cycle checks, which must not
        trust paths a cyclic write may have left)."""
        parent = self._parent_name
        table = self._table
        found = set(start)
        frontier = list(start)
        while frontier:
            marks = ", ".join(["%s"] * len(frontier))
            if op == "child_of":
                sql = f'SELECT id FROM "{table}" WHERE "{parent}" IN ({marks})'
            else:
                sql = f'SELECT "{parent}" FROM "{table}" WHERE id IN ({marks}) AND "{parent}" IS NOT NULL'
            frontier = [row[0] for row in self.env.cr.execute(sql, frontier) if row[0] not in found]
            found.update(frontier)
        return sorted(found)

    def _hierarchy_by_path(self, start: list[int], op: str) -> list[int] | None:
        """child_of / parent_of in one query through ``parent_path`` ("1/5/9/"): the
        descendants' paths start with the record's, the ancestors are in its path.
        None when a path is missing (rows written outside the ORM): then walk."""
        marks = ", ".join(["%s"] * len(start))
        rows = self.env.cr.execute(
            f'SELECT id, parent_path FROM "{self._table}" WHERE id IN ({marks})', start
        )
        paths = [path for _rid, path in rows]
        if not paths:
            return []
        if not all(paths):
            return None
        if op == "parent_of":
            return sorted({int(part) for path in paths for part in path.split("/") if part})
        likes = " OR ".join(["parent_path LIKE %s"] * len(paths))
        found = self.env.cr.execute(
            f'SELECT id FROM "{self._table}" WHERE {likes}', [f"{path}%" for path in paths]
        )
        return sorted(row[0] for row in found)

    def _has_cycle(self) -> bool:
        """Whether a record is among its own ancestors through ``_parent_name``."""
        parents = self._cached_values(self._fields[self._parent_name], self._ids).values()
        ancestors = self._hierarchy_walk({p for p in parents if p}, "parent_of")
        return not set(ancestors).isdisjoint(self._ids)

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
        return done.conjoin(self._rules_where(domain), depend)

    def _read_signature(self, signature: bytes | None = None) -> bytes:
        """What a search of this model depends on for the caller: whether the
        access lines let them read it, and the read rules' ``signature``."""
        if not self.env["ir.model.access"].check(self._name, "read", raise_exception=False):
            return b"!"
        if signature is None:
            signature = self.env["ir.rule"]._domain(self._name, "read")[1]
        return signature

    def _rules_where(self, domain: list[Any]) -> Compiled:
        """A rules' domain compiled: evaluated as the superuser, archived records
        included, as Odoo does."""
        return self.sudo().with_context(active_test=False)._compiled_where(domain)

    def _rules_compiled(self, operation: str) -> Compiled | None:
        """The record rules of this model on ``operation`` for the caller, compiled;
        None when none restricts the caller."""
        domain, _signature = self.env["ir.rule"]._domain(self._name, operation)
        return None if domain is None else self._rules_where(domain)

    def _check_record_rules(self, operation: str) -> None:
        """Refuse (AccessError) ``operation`` on these records when some that exist
        fall outside the caller's record rules; superuser mode never asks."""
        if self.env.su or not self._ids:
            return
        compiled = self._rules_compiled(operation)
        if compiled is None:
            return
        ids = list(dict.fromkeys(self._ids))
        allowed: set[int] = set()
        table = self._table
        for chunk in _chunks(ids, INSERT_BATCH):
            marks = ", ".join(["%s"] * len(chunk))
            rows = self.env.cr.execute(
                f'SELECT "{table}".id FROM "{table}" WHERE "{table}".id IN ({marks}) AND {compiled.sql}',
                [*chunk, *compiled.params],
            )
            allowed.update(row[0] for row in rows)
        refused = self.browse([i for i in ids if i not in allowed]).exists()
        if refused:
            raise self.env["ir.rule"]._access_error(refused, operation)

    @api.private
    def check_access(self, operation: str) -> None:
        """Refuse (AccessError) ``operation`` on these records to the caller: the
        model's access lines, then the record rules."""
        if self.env.su:
            return
        self._check_model_access(operation)
        self._check_record_rules(operation)

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
        """ORDER BY clause for ``order`` (the model's ``_order`` when empty), cached.

        Date parts of datetimes (``create_date.hour_number``) are read in
        ``context.tz``, so an order with a property is kept per timezone.
        """
        zone = dates.context_zone(self.env) if order and "." in order else None
        # superuser mode may sort on secret fields: its clauses are kept apart; and
        # so are those of users who may not sort on some fields (of other groups)
        key = (self._name, order, zone, self.env.su or self._field_groups_key())
        cache = self._registry.order_cache
        done = cache.get(key)
        if done is None:
            if len(cache) >= DOMAIN_CACHE_SIZE:
                cache.clear()
            done = cache[key] = self._compile_order(order or self._order)
        return done

    def _field_groups_key(self) -> tuple[bool, ...]:
        """Which of the registry's field group specifications the caller passes
        (empty when no field has groups): what an order's SQL may depend on."""
        specs = self._registry.field_group_specs
        if not specs:
            return ()
        users = self.env["res.users"]
        return tuple(bool(users._caller_has_groups(spec)) for spec in specs)

    def _compile_order(self, order: str) -> str:
        terms = self._order_terms(order, f'"{self._table}"', frozenset())
        return ", ".join(f"{expr} {direction} NULLS {nulls}" for expr, direction, nulls in terms)

    def _order_terms(
        self, order: str, alias: str, seen: frozenset[tuple[str, str]]
    ) -> list[tuple[str, str, str]]:
        """``(expression, ASC|DESC, FIRST|LAST)`` per term of ``order`` on ``alias``.

        The whole ``order`` is checked first (UserError, as Odoo's); then each
        term names a field and maybe a property (see :meth:`_order_path_terms`).
        """
        parsed = []
        for raw in order.split(","):
            match = ORDER_TERM_RE.match(raw)
            if not match:
                raise UserError(
                    f'Invalid "order" specified ({order}). A valid "order" specification is a comma-separated list of valid field names (optionally followed by asc/desc for the direction)'
                )
            parsed.append(match.groups())
        terms: list[tuple[str, str, str]] = []
        for fname, prop, direction, nulls in parsed:
            desc = (direction or "asc").lower() == "desc"
            path = [fname, prop] if prop else [fname]
            terms += self._order_path_terms(
                path, desc, nulls.upper() if nulls else None, alias, seen
            )
        return terms

    def _order_path_terms(
        self,
        path: list[str],
        desc: bool,
        nulls: str | None,
        alias: str,
        seen: frozenset[tuple[str, str]],
    ) -> list[tuple[str, str, str]]:
        """The terms ordering by ``path`` (a field and its properties) on ``alias``.

        * A many2one sorts by its comodel's ``_order``, each term read by a
          subquery on the linked row; ``desc`` reverses all of them, and an
          explicit ``nulls`` places the records without a link first or last.
          ``field.id`` sorts by the raw id, ``field.name`` by that comodel field.
          A many2one met again while expanding (a cycle) is left out, as Odoo does.
        * A date part of a date or datetime (``day.month_number``), the latter
          read in ``context.tz``.
        * A related field that is not stored sorts as the field it points to,
          through many2one links.
        * Booleans sort as ``COALESCE(col, false)``.
        """
        fname, rest = path[0], path[1:]
        field = self._field_for_sql(fname, f"Invalid field {fname!r} on model {self._name!r}")
        if field.related and not field.has_column:
            hops = field.related.split(".")
            if not isinstance(self._fields.get(hops[0]), f.Many2one):
                raise ValueError(f"Cannot convert {field} to SQL because it is not stored")
            return self._order_path_terms([*hops, *rest], desc, nulls, alias, seen)
        if not field.has_column and fname != "id":
            raise ValueError(f"Cannot convert {field} to SQL because it is not stored")
        column = f'{alias}."{fname}"'
        direction = "DESC" if desc else "ASC"
        default_nulls = "FIRST" if desc else "LAST"  # PostgreSQL's defaults, on both engines
        if isinstance(field, f.Many2one) and rest != ["id"]:
            if (self._name, fname) in seen:
                return []
            comodel = self.env[field.comodel_name]
            if rest or comodel._order != "id":
                sub = f'"_o{len(seen)}_{fname}"'
                inner = seen | {(self._name, fname)}
                if rest:
                    co_terms = comodel._order_path_terms(rest, False, None, sub, inner)
                else:
                    co_terms = comodel._order_terms(comodel._order, sub, inner)
                terms = []
                if nulls and not rest:
                    # Odoo's explicit nulls on a many2one: records without a link first or last
                    terms.append(
                        (f"{column} IS {'NOT ' if nulls == 'FIRST' else ''}NULL", "ASC", "LAST")
                    )
                for expr, co_direction, co_nulls in co_terms:
                    if desc:
                        co_direction = "ASC" if co_direction == "DESC" else "DESC"
                        co_nulls = "LAST" if co_nulls == "FIRST" else "FIRST"
                    if expr != f'{sub}."id"':  # the linked id is the column itself
                        expr = f'(SELECT {expr} FROM "{comodel._table}" AS {sub} WHERE {sub}."id" = {column})'
                    else:
                        expr = column
                    terms.append((expr, co_direction, (nulls if rest and nulls else co_nulls)))
                return terms
        elif rest and not isinstance(field, f.Many2one):
            if len(rest) > 1 or not isinstance(field, f.Date | f.Datetime):
                raise ValueError(f"Invalid field property {'.'.join(rest)!r} on {field}")
            column = Compiler(self).date_part(field, rest[0], column)
        elif isinstance(field, f.Boolean):
            column = f"COALESCE({column}, FALSE)"
        return [(column, direction, nulls or default_nulls)]

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
        """Refuse (AccessError) ``operation`` (read, write, create, unlink) on this
        model to the caller unless an access line grants it (spec 9.2); the
        callers skip it in superuser mode."""
        self.env["ir.model.access"].check(self._name, operation)

    def _field_for_sql(self, name: str, invalid: str) -> f.Field:
        """The field ``name`` as a domain or an order may use it: ValueError ``invalid``
        when there is none, or it is internal; refused too when its value is secret
        (both but in superuser mode)."""
        field = self._fields.get(name)
        if field is None or (field.internal and not self.env.su):
            raise ValueError(invalid)
        if field.secret_value and not self.env.su:
            raise ValueError(f"Cannot convert {field} to SQL because it is not stored")
        self._check_field_access(field, "read")
        return field

    def _has_field_access(self, field: f.Field) -> bool:
        """Whether the caller may read and write ``field``: a field with ``groups``
        ("base.group_user,!base.group_portal") is for members of those groups
        only (spec 9.4); superuser mode may use every field."""
        if not field.groups or self.env.su:
            return True
        return bool(self.env["res.users"]._caller_has_groups(field.groups))

    def _check_field_access(self, field: f.Field, operation: str) -> None:
        """Refuse (Odoo's AccessError) to ``operation`` (read or write) a field the
        caller has no access to."""
        if self._has_field_access(field):
            return
        raise AccessError(
            f'You do not have enough rights to access the field "{field.name}" on '
            f"{self._description or self._name} ({self._name}). Please contact your "
            f"system administrator.\n\nOperation: {operation}"
        )

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
        names = self._check_read_fields(fields)
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
    def _check_read_fields(self, fields: Any) -> list[str]:
        """The names ``read`` reads: every field the caller may read when ``fields``
        is empty (fields of other groups are left out), else ``fields``, each
        checked (an unknown one is a ValueError, one of other groups an
        AccessError)."""
        if not fields:
            return [
                n
                for n, fld in self._fields.items()
                if n != "id" and not fld.internal and self._has_field_access(fld)
            ]
        # a string is a sequence of names, as in Odoo: read(fields="name") fails on 'n'
        names: list[str] = []
        for name in fields:
            field = self._fields.get(name)
            if field is None or (field.internal and not self.env.su):
                raise ValueError(f"Invalid field {name!r} on {self._name!r}")
            self._check_field_access(field, "read")
            if name != "id" and name not in names:
                names.append(name)
        return names

    @api.readonly
    def read(
        self, fields: list[str] | None = None, load: str | None = "_classic_read"
    ) -> list[dict[str, Any]]:
        """Values of ``fields`` for these records; ids that do not exist are left out."""
        self.check_access("read")
        names = self._check_read_fields(fields)
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
                if isinstance(field, f.One2many | f.Many2many) and not field.related:
                    extra[name] = records._x2many_ids(field)
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
        for name in vals:
            field = self._fields.get(name)
            if field is None:
                if not creating:
                    # Odoo 19's write fails on the field lookup itself (conformance 15_write)
                    raise KeyError(name)
                raise ValueError(f"Invalid field {name!r} in {self._name!r}")
            self._check_field_access(field, "write")

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
            records._update_parent_path(creating=True)
        self._registry.recomputer.recompute_new(records)
        records._run_constraints(None)
        records._check_record_rules("create")
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
                and len(batch) < INSERT_BATCH
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
        before = self._registry.recomputer.dependents_before_write(self, list(vals))
        if row:
            sets = ", ".join(f'"{n}" = %s' for n in row)
            matched = 0
            for chunk in _chunks(ids, INSERT_BATCH):
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
            self._update_parent_path()
        self._registry.recomputer.modified(self, list(vals))
        self._registry.recomputer.recompute(self, before)
        self._run_constraints(set(vals))
        return True

    def _update_parent_path(self, creating: bool = False) -> None:
        """Set ``parent_path`` of these records from their parents' ("1/5/9/": the ids
        from the root), and move their descendants along."""
        table, parent = self._table, self._parent_name
        ids = sorted(set(self._ids))
        parents = {row[0]: row[1] for row in self._select_by_ids([parent], ids)}
        outside = [p for p in set(parents.values()) if p and p not in parents]
        known = {row[0]: row[1] or "" for row in self._select_by_ids(["parent_path"], outside)}
        visiting: set[int] = set()

        def path_of(rid: int) -> str:
            if rid not in known:
                visiting.add(rid)
                parent_id = parents.get(rid)
                # a cycle gets a path too; the model's constraint refuses it afterwards
                up = path_of(parent_id) if parent_id and parent_id not in visiting else ""
                known[rid] = f"{up}{rid}/"
            return known[rid]

        if creating:
            self.env.cr.update_rows(
                table,
                ["parent_path"],
                self._column_types(["parent_path"]),
                [(path_of(rid), rid) for rid in ids if rid in parents],
            )
            self.env.invalidate(self._name)
            return
        for rid in ids:
            if rid not in parents:
                continue
            path = path_of(rid)
            rows = self.env.cr.execute(f'SELECT parent_path FROM "{table}" WHERE id = %s', [rid])
            old = rows[0][0] if rows else None
            if old == path:
                continue
            if old:  # the record moved: so do its descendants
                self.env.cr.execute(
                    f'UPDATE "{table}" SET parent_path = %s || substr(parent_path, %s) '
                    "WHERE parent_path LIKE %s",
                    [path, len(old) + 1, f"{old}%"],
                )
            else:
                self.env.cr.execute(
                    f'UPDATE "{table}" SET parent_path = %s WHERE id = %s', [path, rid]
                )
        self.env.invalidate(self._name)

    def _write_inverse(self, field: f.Field, value: Any) -> None:
        """Writing a computed field: its inverse method reads the new value and writes
        the fields it is computed from."""
        assert field.inverse
        value = field.from_column(field.to_column(value, self._name))  # validated, cache format
        cache = self.env.transaction.values.setdefault((self._name, field.name), {})
        cache.update(dict.fromkeys(self._ids, value))
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
                self._write_x2many(field, value, creating=creating)
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
        dependents = self._registry.recomputer.set_null_dependents(self.env, self._name, ids)
        # what reaches these records through an x2many (an order's total, for its lines)
        before = self._registry.recomputer.dependents_before_unlink(self.browse(ids))
        for chunk in _chunks(ids, INSERT_BATCH):
            marks = ", ".join(["%s"] * len(chunk))
            self.env.cr.execute(f'DELETE FROM "{self._table}" WHERE id IN ({marks})', chunk)
        self.env.invalidate()
        for records, fname in dependents:
            self._registry.recomputer.modified(records.exists(), [fname])
        self._registry.recomputer.recompute(self, before)
        return True

    # --- x2many commands (spec section 5) ----------------------------------
    def _write_x2many(self, field: f.Field, value: Any, creating: bool) -> None:
        assert isinstance(field, f.One2many | f.Many2many)
        comodel = self.env[field.comodel_name]
        commands = _normalize_commands(value)
        position = 0
        while position < len(commands):
            command = commands[position]
            position += 1
            code = command[0]
            arg = command[1] if len(command) > 1 else 0
            payload = command[2] if len(command) > 2 else None
            if code == 0:
                batch = [payload or {}]
                if isinstance(field, f.One2many):
                    # consecutive creations of lines go in one create: the lines'
                    # stored fields, and the owner's depending on them, are
                    # computed once
                    while position < len(commands) and commands[position][0] == 0:
                        following = commands[position]
                        batch.append((following[2] if len(following) > 2 else None) or {})
                        position += 1
                self._x2many_create(field, comodel, batch)
            elif code == 1:
                comodel.browse([arg]).write(payload or {})
            elif code == 2:
                comodel.browse([arg]).exists().unlink()
            elif code == 3:
                self._x2many_unlink(field, comodel, [arg])
            elif code == 4:
                self._x2many_link(field, comodel, [arg])
            elif code == 5:
                if not creating:
                    self._x2many_unlink(field, comodel, self._linked_ids(field))
            elif code == 6:
                wanted = list(payload or [])
                if not creating:
                    current = self._linked_ids(field)
                    self._x2many_unlink(field, comodel, [i for i in current if i not in wanted])
                self._x2many_link(field, comodel, wanted)
            # Odoo ignores any other command code, and so do we
        self.env.invalidate(self._name)

    def _linked_ids(self, field: f.Field) -> list[int]:
        linked = self.with_context(active_test=False)._x2many_ids(field)
        return list(dict.fromkeys(i for ids in linked.values() for i in ids))

    def _x2many_create(
        self, field: f.Field, comodel: BaseModel, vals_list: list[dict[str, Any]]
    ) -> None:
        """Create a co-record from each of ``vals_list`` and link it to these records
        (one2many lines: one for each record, all in one create)."""
        if isinstance(field, f.One2many):
            comodel.create(
                [{**vals, field.inverse_name: rid} for vals in vals_list for rid in self._ids]
            )
            return
        for vals in vals_list:
            created = comodel.create(vals)
            self._x2many_link(field, comodel, created.ids)

    def _x2many_link(self, field: f.Field, comodel: BaseModel, co_ids: list[int]) -> None:
        if not co_ids:
            return
        if isinstance(field, f.One2many):
            comodel.browse(co_ids).write({field.inverse_name: self._ids[-1]})
            return
        assert isinstance(field, f.Many2many)
        rel, c1, c2 = field.relation, field.column1, field.column2
        pairs = [(rid, cid) for rid in self._ids for cid in co_ids]
        self.env.cr.executemany(
            f'INSERT INTO "{rel}" ("{c1}", "{c2}") VALUES (%s, %s) ON CONFLICT DO NOTHING', pairs
        )

    def _x2many_unlink(self, field: f.Field, comodel: BaseModel, co_ids: list[int]) -> None:
        if not co_ids:
            return
        if isinstance(field, f.One2many):
            lines = comodel.browse(co_ids).exists()
            inverse = comodel._fields[field.inverse_name]
            if isinstance(inverse, f.Many2one) and inverse.ondelete == "cascade":
                lines.unlink()
            else:
                lines.write({field.inverse_name: False})
            return
        assert isinstance(field, f.Many2many)
        rel, c1, c2 = field.relation, field.column1, field.column2
        marks = ", ".join(["%s"] * len(co_ids))
        for rid in self._ids:
            self.env.cr.execute(
                f'DELETE FROM "{rel}" WHERE "{c1}" = %s AND "{c2}" IN ({marks})', [rid, *co_ids]
            )

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
        values = self.env.transaction.values
        compute = fields[0].compute
        assert compute
        # the method assigns its fields (non-stored ones it also sets included)
        keys = {(self._name, n) for n, fld in self._fields.items() if fld.compute == compute}
        transaction = self.env.transaction
        fresh = keys - transaction.computing
        transaction.computing.update(fresh)
        try:
            getattr(self, compute)()
        finally:
            transaction.computing.difference_update(fresh)
        # a record the method left unassigned keeps its value
        after = {fld.name: values.get((self._name, fld.name), {}) for fld in fields}
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
            cache = values.setdefault((self._name, fld.name), {})
            old = before[fld.name]
            for rid in ids:
                row = updates.get(rid)
                cache[rid] = fld.from_column(row[fld.name]) if row and fld.name in row else old[rid]
        if not updates:
            return [], []
        # the changed rows, in batches of rows changing the same columns
        batches: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
        for rid, row in updates.items():
            batches.setdefault(tuple(row), []).append((*row.values(), rid))
        for columns, rows in batches.items():  # merged with the next methods' updates
            self.env.cr.defer_update(self._table, columns, self._column_types(columns), rows)
        # what is computed from other fields is forgotten
        models = self._registry.models
        for key in [k for k in values if not models[k[0]]._fields[k[1]].has_column]:
            del values[key]
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
            cache = source.env.transaction.values.get((source._name, field.name), {})
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


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _normalize_commands(value: Any) -> list[list[Any]]:
    """x2many values as a list of commands: ids -> SET, false -> CLEAR."""
    if value is False or value is None:
        return [[5]]
    if not isinstance(value, list):
        raise ValueError(f"Invalid x2many value {value!r}: expected a list of commands or ids")
    if all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        return [[6, 0, list(value)]]
    commands = []
    for command in value:
        if not isinstance(command, list | tuple) or not command or not isinstance(command[0], int):
            raise ValueError(f"Invalid x2many command {command!r}")
        commands.append(list(command))
    return commands


class Model(BaseModel):
    """Base class for regular models (Odoo's ``models.Model``)."""

    __slots__ = ()
