"""The registry: the assembled models of one database, their schema and caches.

Model *definitions* are the classes modules declare (one per ``_name``, plus
extensions with ``_inherit``). A registry assembles, for one database, a
class per model from its definitions, sets up its fields (adding the magic
ones), works out which stored computed fields depend on which fields, and
brings the database schema up to date (tables, then missing columns).
"""

from __future__ import annotations

import copy
import hashlib
import importlib
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from jsontwo.db import Cursor, Database
from jsontwo.orm import fields as f
from jsontwo.orm.domains import Compiled
from jsontwo.orm.environment import SUPERUSER_ID, Environment
from jsontwo.orm.models import DEFINITIONS, MAGIC_FIELDS, BaseModel

#: (model, field) -> [(dependent model, dependent field, path from it to the model)]
Triggers = dict[tuple[str, str], list[tuple[str, str, str]]]
#: model -> [(dependent model, dependent field, path from it through an x2many to the model)]
X2manyTriggers = dict[str, list[tuple[str, str, str]]]
#: (model, field) -> ids of the records whose stored field is to be recomputed
Todo = dict[tuple[str, str], set[int]]
MAX_RECOMPUTE_DEPTH = 32


def _magic_fields(log_access: bool) -> dict[str, f.Field]:
    magic: dict[str, f.Field] = {"id": f.Id("ID", readonly=True)}
    magic["display_name"] = f.Char("Display Name", compute="_compute_display_name")
    if log_access:
        # no foreign key on the log-access user columns: the first records of a
        # database (currencies, the users themselves) are written before any user
        magic["create_uid"] = f.Many2one(
            "res.users", "Created by", readonly=True, foreign_key=False
        )
        magic["create_date"] = f.Datetime("Created on", readonly=True)
        magic["write_uid"] = f.Many2one(
            "res.users", "Last Updated by", readonly=True, foreign_key=False
        )
        magic["write_date"] = f.Datetime("Last Updated on", readonly=True)
    for name, field in magic.items():
        field.name = name
    return magic


def _index_name(table: str, columns: Sequence[str]) -> str:
    """The name of the index of ``table`` on ``columns`` (kept short enough for
    PostgreSQL's 63 characters)."""
    name = f"ix_{table}_{'_'.join(columns)}"
    if len(name) <= 63:
        return name
    digest = hashlib.sha256(",".join(columns).encode()).hexdigest()[:10]
    return f"ix_{table[:40]}_{digest}"


def module_path(module: str) -> str:
    """The Python module declaring the models of ``module``.

    A bare name (``"base"``) is a business module, ``jsontwo.modules.<name>``;
    a dotted path (``"tests.orm.testmodels"``) is any importable Python module,
    whose model classes count as that module's definitions (their ``_module``
    is their Python module path). Tests declare their own models this way.
    """
    return module if "." in module else f"jsontwo.modules.{module}"


def assemble_models(modules: Sequence[str]) -> dict[str, type[BaseModel]]:
    """One class per model name, combining the definitions of ``modules``."""
    for module in modules:
        importlib.import_module(module_path(module))
    groups: dict[str, list[type[BaseModel]]] = {}
    for definition in DEFINITIONS:
        if definition._module not in modules:
            continue
        own_name = definition.__dict__.get("_name")
        inherit = definition.__dict__.get("_inherit")
        if own_name and own_name != inherit:
            if own_name in groups:
                raise TypeError(f"Model {own_name} is defined twice ({definition})")
            groups[own_name] = [definition]
        elif inherit:
            if inherit not in groups:
                raise TypeError(f"{definition} extends unknown model {inherit}")
            groups[inherit].append(definition)
    assembled: dict[str, type[BaseModel]] = {}
    for name, classes in groups.items():
        bases = tuple(reversed(classes))
        cls = type(
            name.replace(".", "_"), bases, {"_name": name, "_assembled": True, "__slots__": ()}
        )
        assembled[name] = cls
    for cls in assembled.values():
        _setup_fields(cls)
    for cls in assembled.values():
        _setup_relations(cls, assembled)
    done: set[str] = set()
    for cls in assembled.values():
        _add_inherited_fields(cls, assembled, done)
    return assembled


def _add_inherited_fields(
    cls: type[BaseModel], models: dict[str, type[BaseModel]], done: set[str]
) -> None:
    """Give a model with ``_inherits`` every field of its parents it does not
    define itself, as a field related through the link (Odoo's delegation)."""
    if cls._name in done:
        return
    done.add(cls._name)
    for parent_name, link in cls._inherits.items():
        parent = models.get(parent_name)
        if parent is None:
            raise TypeError(f"{cls._name}: _inherits names unknown model {parent_name!r}")
        field = cls._fields.get(link)
        if not isinstance(field, f.Many2one) or field.comodel_name != parent_name:
            raise TypeError(
                f"{cls._name}: _inherits link {link!r} is not a many2one to {parent_name}"
            )
        _add_inherited_fields(parent, models, done)
        for name, parent_field in parent._fields.items():
            if name in cls._fields:
                continue
            own = copy.copy(parent_field)
            own.__dict__.pop("has_column", None)  # a cached property of the parent's field
            own.model_name = cls._name
            own.related = f"{link}.{name}"
            own.depends = (own.related,)
            own.store = False
            own.compute = own.inverse = None
            own.default = None
            own.index = False
            own.inherited_field = parent_field
            # as in Odoo: writable (on the parent) unless the parent's field is not
            own.readonly = parent_field.readonly
            own.copy = parent_field.copy
            cls._fields[name] = own
            setattr(cls, name, own)


def _setup_fields(cls: type[BaseModel]) -> None:
    cls._table = cls._name.replace(".", "_")
    collected: dict[str, f.Field] = {}
    constraints: list[tuple[str, tuple[str, ...]]] = []
    for klass in reversed(cls.__mro__):
        for attr, value in vars(klass).items():
            if isinstance(value, f.Field):
                collected[attr] = value
            checked = getattr(value, "_constrains", None)
            if checked and callable(value):
                constraints.append((attr, tuple(checked)))
    fields: dict[str, f.Field] = {}
    magic = _magic_fields(cls._log_access)
    fields["id"] = magic.pop("id")
    for name, field in collected.items():
        own = copy.copy(field)
        own.name = name
        fields[name] = own
    for name, field in magic.items():
        fields.setdefault(name, field)
    if cls._parent_store and "parent_path" not in fields:
        fields["parent_path"] = f.Char("Parent Path", index=True, copy=False)
        fields["parent_path"].name = "parent_path"
    for name, field in fields.items():
        field.model_name = cls._name
        if field.compute:
            method = getattr(cls, field.compute, None)
            if method is None:
                raise TypeError(f"{field}: compute method {field.compute} is missing")
            field.depends = tuple(getattr(method, "_depends", ()))
        setattr(cls, name, field)
    cls._fields = fields
    cls._constraint_methods = constraints
    cls._defaulted_fields = tuple(
        (name, field)
        for name, field in fields.items()
        if field.default is not None
        and field.store
        and not field.compute
        and name not in MAGIC_FIELDS
    )
    # the display name also depends on the rec name, as Odoo's base method declares
    rec_name = cls._rec_name_field()
    display_name = fields["display_name"]
    if display_name.compute and rec_name and rec_name not in display_name.depends:
        display_name.depends = (*display_name.depends, rec_name)


def _setup_relations(cls: type[BaseModel], models: dict[str, type[BaseModel]]) -> None:
    for field in cls._fields.values():
        if not isinstance(field, f._Relational):
            continue
        comodel = models.get(field.comodel_name)
        if comodel is None:
            raise TypeError(f"{field} points to unknown model {field.comodel_name!r}")
        if isinstance(field, f.One2many):
            inverse = comodel._fields.get(field.inverse_name)
            if not isinstance(inverse, f.Many2one):
                raise TypeError(f"{field}: inverse {field.inverse_name!r} is not a many2one")
        if isinstance(field, f.Many2many) and not field.relation:
            first, second = sorted([cls._table, comodel._table])
            field.relation = f"{first}_{second}_rel"
            field.column1 = field.column1 or f"{cls._table}_id"
            field.column2 = field.column2 or f"{comodel._table}_id"


def _dependency_paths(
    models: dict[str, type[BaseModel]], cls: type[BaseModel], path: str
) -> list[str]:
    """``path`` and, where it goes through related fields without a column of their
    own (those of an ``_inherits`` parent, say), the same path through their
    targets: ``name`` on res.users is also ``partner_id.name``, so that writing a
    partner's name directly recomputes what depends on its user's name."""
    paths = [path]
    model = cls
    hops = path.split(".")
    for depth, hop in enumerate(hops):
        dep = model._fields[hop]
        if dep.related and not dep.has_column:
            through = [*hops[:depth], *dep.related.split("."), *hops[depth + 1 :]]
            return paths + _dependency_paths(models, cls, ".".join(through))
        if isinstance(dep, f._Relational) and depth < len(hops) - 1:
            model = models[dep.comodel_name]
    return paths


def _triggers(models: dict[str, type[BaseModel]]) -> tuple[Triggers, X2manyTriggers]:
    """For each field, the stored computed fields to recompute when it changes; and
    for each model, those reaching it through an x2many (deleting its records
    changes them).

    A path through a one2many (``order_line.price_total``) also depends on the
    one2many's inverse many2one (``order_id`` of the lines), as in Odoo: a line
    moving to another order changes both orders' values.
    """
    triggers: Triggers = defaultdict(list)
    x2many: X2manyTriggers = defaultdict(list)
    for cls in models.values():
        for field in cls._fields.values():
            if not (field.compute and field.store):
                continue
            paths = [p for path in field.depends for p in _dependency_paths(models, cls, path)]
            for path in paths:
                model = cls
                hops = path.split(".")
                for depth, hop in enumerate(hops):
                    dep = model._fields[hop]
                    prefix = ".".join(hops[:depth])
                    triggers[(model._name, hop)].append((cls._name, field.name, prefix))
                    if isinstance(dep, f.One2many | f.Many2many):
                        through = ".".join(hops[: depth + 1])
                        x2many[dep.comodel_name].append((cls._name, field.name, through))
                        if isinstance(dep, f.One2many):
                            key = (dep.comodel_name, dep.inverse_name)
                            triggers[key].append((cls._name, field.name, through))
                    if isinstance(dep, f._Relational) and depth < len(hops) - 1:
                        model = models[dep.comodel_name]
    return dict(triggers), dict(x2many)


def _hides_dependencies(cls: type[BaseModel]) -> bool:
    """Whether a stored computed field of ``cls`` reads a non-stored computed field
    of the same record, whose own inputs no trigger names: then no order of the
    methods can be trusted, and the second pass over new records settles it."""
    for fld in cls._fields.values():
        if not (fld.compute and fld.store):
            continue
        for path in fld.depends:
            hop = cls._fields.get(path.split(".")[0])
            if hop is not None and hop.compute and not hop.store and not hop.related:
                return True
    return False


def _creation_order(cls: type[BaseModel], triggers: Triggers) -> tuple[list[str], bool]:
    """See :meth:`Registry.creation_order`: a topological order of the compute
    methods of ``cls``'s stored fields by their dependencies on the same record
    (``triggers`` with an empty path), definition order otherwise; with a
    cycle, definition order and False."""
    firsts: dict[str, str] = {}  # compute method -> its first stored field
    for name, fld in cls._fields.items():
        if fld.compute and fld.store:
            firsts.setdefault(fld.compute, name)
    if _hides_dependencies(cls):
        return list(firsts.values()), False
    # method -> the methods it must follow
    after: dict[str, set[str]] = {method: set() for method in firsts}
    for name, fld in cls._fields.items():
        if not (fld.compute and fld.store):
            continue
        for model_name, dependent, prefix in triggers.get((cls._name, name), ()):
            target = cls._fields.get(dependent) if model_name == cls._name else None
            if prefix == "" and target is not None and target.compute != fld.compute:
                assert target.compute is not None
                after[target.compute].add(fld.compute)
    order: list[str] = []
    placed: set[str] = set()
    while len(order) < len(firsts):
        ready = [m for m in firsts if m not in placed and after[m] <= placed]
        if not ready:  # a cycle: definition order, and the second pass settles it
            return list(firsts.values()), False
        placed.add(ready[0])
        order.append(firsts[ready[0]])
    return order, True


class Registry:
    """The models of one database, bound to its connection pool.

    ``modules`` are business module names or dotted Python module paths (see
    :func:`module_path`), in dependency order.
    """

    def __init__(self, database: Database, modules: Sequence[str] = ("base",)) -> None:
        self.database = database
        self.modules = tuple(modules)
        self.models = assemble_models(self.modules)
        self.triggers, self.x2many_triggers = _triggers(self.models)
        self._creation_orders: dict[str, tuple[list[str], bool]] = {}
        #: the distinct ``groups`` of the fields (what field access depends on)
        self.field_group_specs: tuple[str, ...] = tuple(
            sorted(
                {
                    fld.groups
                    for cls in self.models.values()
                    for fld in cls._fields.values()
                    if fld.groups
                }
            )
        )
        #: (model, active_test, superuser mode, domain as JSON) -> compiled WHERE
        #: clause and parameters
        self.domain_cache: dict[tuple[str, bool, bool, bytes], Compiled] = {}
        #: (model, order, context timezone of its date parts, superuser mode or the
        #: field groups the caller passes) -> ORDER BY
        self.order_cache: dict[
            tuple[str, str | None, str | None, bool | tuple[bool, ...]], str
        ] = {}
        #: caches the service keeps per database (method signatures...)
        self.service_cache: dict[Any, Any] = {}
        #: state modules keep in this process for the database (the login guard's
        #: failure counts: per process, as Odoo's, never shared between workers)
        self.memory: dict[str, Any] = {}
        #: the active languages, {code: (name, first day of the week)}, read when
        #: first needed (see active_languages)
        self._languages: dict[str, tuple[str, int]] | None = None

    def active_languages(
        self, env: Environment, refresh: bool = False
    ) -> dict[str, tuple[str, int]]:
        """The active res.lang records, ``{code: (name, week start 1-7)}``, read once
        and kept until res.lang is written here or ``refresh`` asks to read them
        again (the context's ``lang`` is checked on every call, and a language
        missing from the kept list is looked up again before it is refused: another
        worker may have activated it). A transaction that wrote res.lang reads them
        without keeping them: it may be rolled back."""
        languages = None if refresh else self._languages
        if languages is None:
            rows = env.cr.execute(
                'SELECT code, name, week_start FROM "res_lang" WHERE active IS TRUE ORDER BY name'
            )
            languages = {code: (name, int(week or 7)) for code, name, week in rows}
            if not env.transaction.languages_written:
                self._languages = languages
        return languages

    def languages_changed(self, env: Environment) -> None:
        """Forget the active languages (res.lang was written in ``env``'s transaction)."""
        env.transaction.languages_written = True
        self._languages = None

    def __getitem__(self, name: str) -> type[BaseModel]:
        return self.models[name]

    def __contains__(self, name: str) -> bool:
        return name in self.models

    # --- schema --------------------------------------------------------
    def metadata(self) -> sa.MetaData:
        """SQLAlchemy tables for every model and many2many relation."""
        meta = sa.MetaData()
        relations: dict[str, tuple[f.Many2many, type[BaseModel]]] = {}
        for cls in self.models.values():
            columns: list[Any] = [
                sa.Column("id", f.Id().column_type, primary_key=True, autoincrement=True)
            ]
            for name, field in cls._fields.items():
                if name == "id" or not field.has_column:
                    continue
                column_type = field.column_type
                assert column_type is not None
                args: list[Any] = []
                if isinstance(field, f.Many2one) and field.foreign_key:
                    target = self.models[field.comodel_name]._table
                    args.append(
                        sa.ForeignKey(
                            f"{target}.id", ondelete=field.ondelete.upper(), use_alter=True
                        )
                    )
                columns.append(
                    sa.Column(
                        name,
                        column_type,
                        *args,
                        index=field.index or (isinstance(field, f.Many2one) and field.foreign_key),
                        nullable=not (field.required and not field.compute),
                    )
                )
            for cname, definition, _message in cls._sql_constraints:
                kind, _, body = definition.partition("(")
                body = body.rsplit(")", 1)[0]
                if kind.strip().lower() == "unique":
                    columns.append(
                        sa.UniqueConstraint(
                            *[c.strip() for c in body.split(",")], name=f"{cls._table}_{cname}"
                        )
                    )
                else:
                    columns.append(sa.CheckConstraint(body, name=f"{cls._table}_{cname}"))
            for names in cls._indexes:
                columns.append(sa.Index(_index_name(cls._table, names), *names))
            sa.Table(cls._table, meta, *columns, sqlite_autoincrement=True)
            for field in cls._fields.values():
                if (
                    isinstance(field, f.Many2many)
                    and field.inherited_field is None
                    and field.relation not in relations
                ):
                    relations[field.relation] = (field, cls)
        for rel, (field, cls) in relations.items():
            co_table = self.models[field.comodel_name]._table
            sa.Table(
                rel,
                meta,
                sa.Column(
                    field.column1,
                    f.Id().column_type,
                    sa.ForeignKey(f"{cls._table}.id", ondelete="CASCADE", use_alter=True),
                    primary_key=True,
                ),
                sa.Column(
                    field.column2,
                    f.Id().column_type,
                    sa.ForeignKey(f"{co_table}.id", ondelete="CASCADE", use_alter=True),
                    primary_key=True,
                    index=True,
                ),
            )
        return meta

    def sync_schema(self) -> list[str]:
        """Create missing tables and add missing columns; return what was done."""
        meta = self.metadata()
        engine = self.database.engine
        done: list[str] = []
        with engine.begin() as conn:
            inspector = sa.inspect(conn)
            existing = set(inspector.get_table_names())
            new_tables = [t for t in meta.sorted_tables if t.name not in existing]
            if new_tables:
                meta.create_all(conn, tables=new_tables)
                done.extend(f"created table {t.name}" for t in new_tables)
            added: list[tuple[str, str]] = []
            for table in meta.sorted_tables:
                if table.name not in existing:
                    continue
                have = {c["name"] for c in inspector.get_columns(table.name)}
                for column in table.columns:
                    if column.name not in have:
                        conn.execute(sa.text(self._add_column_sql(table, column, conn.dialect)))
                        if column.index:
                            sa.Index(f"ix_{table.name}_{column.name}", column).create(conn)
                        done.append(f"added column {table.name}.{column.name}")
                        added.append((table.name, column.name))
            for table in meta.sorted_tables:
                if table.name not in existing:
                    continue
                indexes = {index["name"] for index in inspector.get_indexes(table.name)}
                for index in table.indexes:
                    if index.name not in indexes and len(index.columns) > 1:
                        index.create(conn)
                        done.append(f"created index {index.name}")
            if added:
                cursor = Cursor(conn.connection.cursor(), self.database.dialect)
                self._init_columns(self.environment(cursor, SUPERUSER_ID), added)
                cursor.flush()
        return done

    def _init_columns(self, env: Environment, added: list[tuple[str, str]]) -> None:
        """Give the rows that predate new columns their values, as Odoo does:
        the field's default, then stored computed fields computed."""
        by_table = {cls._table: cls._name for cls in self.models.values()}
        computed: list[tuple[BaseModel, str]] = []
        for table, column in added:
            model = env[by_table[table]].with_context(active_test=False)
            field = model._fields[column]
            if field.compute:
                computed.append((model, column))
                continue
            default = field.get_default(model)
            value = None if default is None else field.to_column(default, model._name)
            # NULL already reads as false for a boolean: no need to touch every row
            if value is not None and value is not False:
                env.cr.execute(
                    f'UPDATE "{table}" SET "{column}" = %s WHERE "{column}" IS NULL', [value]
                )
        for model, column in computed:
            model.search([])._recompute_stored([column])

    @staticmethod
    def _add_column_sql(table: sa.Table, column: sa.Column[Any], dialect: sa.Dialect) -> str:
        type_sql = column.type.compile(dialect=dialect)
        sql = f'ALTER TABLE "{table.name}" ADD COLUMN "{column.name}" {type_sql}'
        for fk in column.foreign_keys:
            target = fk.target_fullname.split(".")[0]
            sql += f' REFERENCES "{target}"(id) ON DELETE {fk.ondelete or "SET NULL"}'
        return sql

    # --- recomputation ---------------------------------------------------
    def modified(
        self, records: BaseModel, fnames: Sequence[str], depth: int = 0, skip_own: bool = False
    ) -> None:
        """Recompute the stored fields that depend on ``fnames`` of ``records``
        (``skip_own``: not the records' own fields, which are known up to date)."""
        if not records or depth > MAX_RECOMPUTE_DEPTH:
            return
        triggers = [
            t
            for fname in fnames
            for t in self.triggers.get((records._name, fname), ())
            if not (skip_own and t[2] == "" and t[0] == records._name)
        ]
        self.recompute(records, self._dependents(records, triggers), depth)

    def _dependents(self, records: BaseModel, triggers: Sequence[tuple[str, str, str]]) -> Todo:
        """The records whose stored fields ``triggers`` reach from ``records``, now."""
        todo: Todo = defaultdict(set)
        # one search per path, however many fields (and paths through it) use it
        found: dict[tuple[str, str], list[int]] = {}
        for model_name, field_name, prefix in triggers:
            ids = found.get((model_name, prefix))
            if ids is None:
                model = records.env[model_name].sudo().with_context(active_test=False)
                ids = model._search_ids([[prefix, "in", records.ids]]) if prefix else records.ids
                found[(model_name, prefix)] = ids
            todo[(model_name, field_name)].update(ids)
        return todo

    def dependents_before_write(self, records: BaseModel, fnames: Sequence[str]) -> Todo:
        """The records that depend, through a path, on the many2one fields among
        ``fnames`` of ``records`` as they are before a write changes them: a
        line leaving an order changes the order it leaves (see :meth:`recompute`)."""
        if not records:
            return {}
        triggers = [
            trigger
            for fname in fnames
            if isinstance(records._fields.get(fname), f.Many2one)
            for trigger in self.triggers.get((records._name, fname), ())
            if trigger[2]
        ]
        return self._dependents(records, triggers) if triggers else {}

    def dependents_before_unlink(self, records: BaseModel) -> Todo:
        """The records that reach ``records`` through an x2many, before they are
        deleted: their stored fields change with the deletion (an order's total
        when a line goes)."""
        triggers = self.x2many_triggers.get(records._name)
        return self._dependents(records, triggers) if records and triggers else {}

    def recompute(self, records: BaseModel, todo: Todo, depth: int = 0) -> None:
        """Recompute the stored fields of ``todo`` (in ``records``' environment),
        and what depends on the values that changed."""
        # the fields one method computes are recomputed together, on the union of
        # the records each of them needs
        grouped: dict[tuple[str, str], tuple[str, set[int]]] = {}
        for (model_name, field_name), todo_ids in todo.items():
            if not todo_ids:
                continue
            compute = self.models[model_name]._fields[field_name].compute
            _name, ids = grouped.setdefault((model_name, str(compute)), (field_name, set()))
            ids.update(todo_ids)
        for (model_name, _compute), (field_name, todo_ids) in grouped.items():
            target = records.env[model_name].sudo().browse(sorted(todo_ids))
            changed, fnames = target._recompute_stored([field_name])
            if changed:
                self.modified(target.browse(changed), fnames, depth + 1)

    def recompute_new(self, records: BaseModel) -> None:
        """Compute every stored computed field of freshly created records."""
        order, ordered = self.creation_order(records._name)
        # each method once, after the methods computing what it reads of the record
        for fname in order:
            records.sudo()._recompute_stored([fname], exist=True)
        # one pass for what depends on any column, the computed ones included: an
        # order's totals are worked out once for all its new lines, not once per
        # line field. The records' own fields were just computed in dependency
        # order: recomputing them again would change nothing
        created_fields = [n for n, fld in records._fields.items() if fld.has_column]
        self.modified(records, created_fields, skip_own=ordered)

    def creation_order(self, model_name: str) -> tuple[list[str], bool]:
        """One stored computed field per compute method of ``model_name``, ordered so
        that a method runs after those computing the fields of the same record it
        depends on; and whether such an order exists (no cycle). Cached."""
        cached = self._creation_orders.get(model_name)
        if cached is None:
            cached = self._creation_orders[model_name] = _creation_order(
                self.models[model_name], self.triggers
            )
        return cached

    def set_null_dependents(
        self, env: Environment, model_name: str, ids: list[int]
    ) -> list[tuple[BaseModel, str]]:
        """Records whose many2one to the deleted ids will be cleared by the database."""
        found: list[tuple[BaseModel, str]] = []
        for cls in self.models.values():
            for field in cls._fields.values():
                if (
                    isinstance(field, f.Many2one)
                    and field.has_column
                    and field.comodel_name == model_name
                    and field.ondelete == "set null"
                ):
                    if (cls._name, field.name) not in self.triggers:
                        continue
                    model = env[cls._name].sudo().with_context(active_test=False)
                    refs = model._search_ids([[field.name, "in", ids]])
                    if refs:
                        found.append((model.browse(refs), field.name))
        return found

    def environment(self, cr: Any, uid: int, context: dict[str, Any] | None = None) -> Environment:
        """A new environment on a transaction of this database."""
        return Environment.new(self, cr, uid, context)
