"""The database schema of a registry's models: tables, columns and indexes.

:func:`metadata` describes, as SQLAlchemy tables, what the models need: a table
per model (a column per stored field, its SQL constraints and indexes) and one
per many2many relation. :func:`sync_schema` brings a database up to it, only
ever adding: missing tables, missing columns (the rows already there get the
new field's default, or its computed value) and missing multi-column indexes.
Nothing is dropped or altered.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from jsontwo.db import Cursor, Database
from jsontwo.orm import fields as f
from jsontwo.orm import row_counts, translate

if TYPE_CHECKING:
    from jsontwo.orm.types import BaseModel, Environment

#: the models of a registry, by name
Models = Mapping[str, "type[BaseModel]"]
#: (table, column) pairs
Columns = list[tuple[str, str]]


def metadata(models: Models) -> sa.MetaData:
    """SQLAlchemy tables for every model and many2many relation of ``models``."""
    meta = sa.MetaData()
    relations: dict[str, tuple[f.Many2many, type[BaseModel]]] = {}
    for cls in models.values():
        _model_table(meta, cls, models)
        for field in cls._fields.values():
            # an _inherits child's copy of its parent's many2many shares the parent's
            # table; a computed one that is not stored has none
            if (
                isinstance(field, f.Many2many)
                and field.store
                and field.inherited_field is None
                and field.relation not in relations
            ):
                relations[field.relation] = (field, cls)
    for field, cls in relations.values():
        _relation_table(meta, field, cls._table, models[field.comodel_name]._table)
    return meta


def sync_schema(
    database: Database, models: Models, superuser_env: Callable[[Cursor], Environment]
) -> list[str]:
    """Create the missing tables, columns and indexes of ``models`` in ``database``;
    return what was done. The rows that predate a new column are given its
    value in a superuser environment ``superuser_env`` opens on the cursor."""
    meta = metadata(models)
    done: list[str] = []
    with database.engine.begin() as conn:
        if database.dialect.is_sqlite:
            # the write lock before reading the catalog: a process opening the
            # database at the same moment waits, then finds what this one added
            # (reading first, both saw a column missing and both added it)
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        database.lift_statement_timeout(conn.exec_driver_sql)
        inspector = sa.inspect(conn)
        existing = set(inspector.get_table_names())
        new_tables = [t for t in meta.sorted_tables if t.name not in existing]
        if new_tables:
            meta.create_all(conn, tables=new_tables)
            done.extend(f"created table {t.name}" for t in new_tables)
        old_tables = [t for t in meta.sorted_tables if t.name in existing]
        added = _add_missing_columns(conn, inspector, old_tables, done)
        _create_missing_indexes(conn, inspector, old_tables, done)
        cursor = Cursor(conn.connection.cursor(), database.dialect)
        if added:
            _init_columns(superuser_env(cursor), added)
            cursor.flush()
        counted = row_counts.counted_tables(models)
        to_seed = row_counts.ensure(cursor, counted, {table.name for table in new_tables})
    row_counts.seed(database, {table: counted[table] for table in to_seed})
    return done


def fingerprint(models: Models) -> str:
    """A digest of the schema ``models`` need: it changes when a table, column,
    column type, nullability, index, constraint or many2many table does, and
    costs milliseconds (building :func:`metadata` costs a tenth of a second)."""
    digest = hashlib.sha256(row_counts.VERSION.encode())
    for name in sorted(models):
        cls = models[name]
        columns = [
            (
                fname,
                repr(field.column_type),
                field.required and not field.compute,
                column_indexed(cls, fname, field),
                getattr(field, "comodel_name", None),
                getattr(field, "relation", None) if field.store else None,
            )
            for fname, field in cls._fields.items()
            if field.column_in_table or isinstance(field, f.Many2many)
        ]
        digest.update(repr((cls._table, columns, cls._sql_constraints, cls._indexes)).encode())
    return digest.hexdigest()


def index_name(table: str, columns: Sequence[str]) -> str:
    """The name of the index of ``table`` on ``columns`` (kept short enough for
    PostgreSQL's 63 characters)."""
    name = f"ix_{table}_{'_'.join(columns)}"
    if len(name) <= 63:
        return name
    digest = hashlib.sha256(",".join(columns).encode()).hexdigest()[:10]
    return f"ix_{table[:40]}_{digest}"


def _model_table(meta: sa.MetaData, cls: type[BaseModel], models: Models) -> None:
    """Add the table of ``cls`` to ``meta``."""
    items: list[Any] = [sa.Column("id", f.Id().column_type, primary_key=True, autoincrement=True)]
    for name, field in cls._fields.items():
        if name != "id" and field.column_in_table:
            items.append(_column(name, field, models, column_indexed(cls, name, field)))
    for cname, definition, _message in cls._sql_constraints:
        kind, _, body = definition.partition("(")
        body = body.rsplit(")", 1)[0]
        if kind.strip().lower() == "unique":
            items.append(
                sa.UniqueConstraint(
                    *[c.strip() for c in body.split(",")], name=f"{cls._table}_{cname}"
                )
            )
        else:
            items.append(sa.CheckConstraint(body, name=f"{cls._table}_{cname}"))
    for names in cls._indexes:
        items.append(sa.Index(index_name(cls._table, names), *names))
    sa.Table(cls._table, meta, *items, sqlite_autoincrement=True)


def column_indexed(cls: type[BaseModel], name: str, field: f.Field) -> bool:
    """Whether the column of the stored ``field`` gets an index of its own: an
    ``index=True`` field's and a many2one's foreign key (what a delete of the
    record it references looks up) do, unless a multi-column index of the model
    (``_indexes``) begins with the column. That index serves every lookup the
    single one would, and each index of a table costs every INSERT: a bulk
    create of 1,000 partners on SQLite spent 3 ms on the two that
    ``res.partner``'s ``(active, ...)`` and ``(country_id, active)`` made
    redundant."""
    wanted = field.index or (isinstance(field, f.Many2one) and field.foreign_key)
    return bool(wanted) and not any(len(names) > 1 and names[0] == name for names in cls._indexes)


def _column(name: str, field: f.Field, models: Models, indexed: bool) -> sa.Column[Any]:
    """The column of the stored ``field`` (with its index when ``indexed``, see
    :func:`column_indexed`): a many2one's foreign key references its table, and
    a required field is not null unless computed (its value comes after the insert)."""
    column_type = field.column_type
    assert column_type is not None
    args: list[Any] = []
    if isinstance(field, f.Many2one) and field.foreign_key:
        target = models[field.comodel_name]._table
        # use_alter: tables may reference each other, in any order of creation
        args.append(sa.ForeignKey(f"{target}.id", ondelete=field.ondelete.upper(), use_alter=True))
    return sa.Column(
        name,
        column_type,
        *args,
        index=indexed,
        nullable=field.column_nullable or not (field.required and not field.compute),
    )


def _relation_table(meta: sa.MetaData, field: f.Many2many, table: str, co_table: str) -> None:
    """Add the table of the many2many ``field`` (from ``table`` to ``co_table``)."""
    sa.Table(
        field.relation,
        meta,
        sa.Column(
            field.column1,
            f.Id().column_type,
            sa.ForeignKey(f"{table}.id", ondelete="CASCADE", use_alter=True),
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


def _add_missing_columns(
    conn: sa.Connection, inspector: sa.Inspector, tables: list[sa.Table], done: list[str]
) -> Columns:
    """Add the columns of ``tables`` the database lacks (with their index); note
    them in ``done`` and return them."""
    added: Columns = []
    # one catalog query for every table (PostgreSQL: one per table took 0.2 s)
    found = inspector.get_multi_columns(filter_names=[table.name for table in tables])
    for table in tables:
        have = {c["name"] for c in found.get((None, table.name), [])}
        for column in table.columns:
            if column.name in have:
                continue
            conn.execute(sa.text(_add_column_sql(table, column, conn.dialect)))
            if column.index:
                sa.Index(f"ix_{table.name}_{column.name}", column).create(conn)
            done.append(f"added column {table.name}.{column.name}")
            added.append((table.name, column.name))
    return added


def _create_missing_indexes(
    conn: sa.Connection, inspector: sa.Inspector, tables: list[sa.Table], done: list[str]
) -> None:
    """Create the multi-column indexes of ``tables`` the database lacks (a
    single column's index comes with its column); note them in ``done``."""
    found = inspector.get_multi_indexes(filter_names=[table.name for table in tables])
    for table in tables:
        indexes = {index["name"] for index in found.get((None, table.name), [])}
        for index in table.indexes:
            if index.name not in indexes and len(index.columns) > 1:
                index.create(conn)
                done.append(f"created index {index.name}")


def _init_columns(env: Environment, added: Columns) -> None:
    """Give the rows that predate new columns their values, as Odoo does:
    the field's default, then stored computed fields computed."""
    by_table = {cls._table: cls._name for cls in env.registry.models.values()}
    computed: list[tuple[BaseModel, str]] = []
    for table, column in added:
        model = env[by_table[table]].with_context(active_test=False)
        field = model._fields[column]
        if field.compute:
            computed.append((model, column))
            continue
        default = field.get_default(model)
        value = None if default is None else field.to_column(default, model._name)
        if translate.is_translated(field):
            value = translate.new_value(value, translate.SOURCE_LANG)
        # NULL already reads as false for a boolean: no need to touch every row
        if value is not None and value is not False:
            env.cr.execute(
                f'UPDATE "{table}" SET "{column}" = %s WHERE "{column}" IS NULL', [value]
            )
    for model, column in computed:
        model.search([])._recompute_stored([column])


def _add_column_sql(table: sa.Table, column: sa.Column[Any], dialect: sa.Dialect) -> str:
    """``ALTER TABLE ... ADD COLUMN`` for ``column`` (with its foreign key)."""
    type_sql = column.type.compile(dialect=dialect)
    sql = f'ALTER TABLE "{table.name}" ADD COLUMN "{column.name}" {type_sql}'
    for fk in column.foreign_keys:
        target = fk.target_fullname.split(".")[0]
        sql += f' REFERENCES "{target}"(id) ON DELETE {fk.ondelete or "SET NULL"}'
    return sql


def sync_schema_in(env: Environment, models: Models) -> list[str]:
    """As :func:`sync_schema`, but in the transaction of ``env`` (a superuser
    environment of a registry holding ``models``), so that installing a module
    creates its tables and columns and loads its data in one transaction: a
    failure leaves nothing half-done (PostgreSQL's and SQLite's DDL are both
    transactional). Reads the catalogue with plain SQL on the same cursor."""
    cr = env.cr
    dialect = env.registry.database.engine.dialect
    meta = metadata(models)
    done: list[str] = []
    existing = _table_names(cr)
    new_tables = [t for t in meta.sorted_tables if t.name not in existing]
    later: list[sa.ForeignKeyConstraint] = []
    for table in new_tables:
        # PostgreSQL checks a foreign key's table: those added once every table exists
        inline = None if cr.dialect.is_sqlite else _early_keys(table, later)
        create = sa.schema.CreateTable(table, include_foreign_key_constraints=inline)
        cr.execute(str(create.compile(dialect=dialect)))
        for index in table.indexes:
            cr.execute(str(sa.schema.CreateIndex(index).compile(dialect=dialect)))
        done.append(f"created table {table.name}")
    for constraint in later:
        cr.execute(str(sa.schema.AddConstraint(constraint).compile(dialect=dialect)))
    added: Columns = []
    for table in meta.sorted_tables:
        if table.name not in existing:
            continue
        have = _column_names(cr, table.name)
        for column in table.columns:
            if column.name in have:
                continue
            cr.execute(_add_column_sql(table, column, dialect))
            if column.index:
                index = sa.Index(f"ix_{table.name}_{column.name}", column)
                cr.execute(str(sa.schema.CreateIndex(index).compile(dialect=dialect)))
            done.append(f"added column {table.name}.{column.name}")
            added.append((table.name, column.name))
    if added:
        _init_columns(env, added)
    ensure_row_counts(env.cr, env.registry.database, models, {table.name for table in new_tables})
    return done


def ensure_row_counts(
    cr: Cursor, database: Database, models: Models, created: Collection[str] = ()
) -> None:
    """Give the tables of ``models`` their row counts' triggers in the transaction
    of ``cr`` (``created``: the tables it created); what must be seeded after its
    commit is seeded then (:mod:`jsontwo.orm.row_counts`)."""
    counted = row_counts.counted_tables(models)
    to_seed = {table: counted[table] for table in row_counts.ensure(cr, counted, created)}
    if to_seed:
        cr.after_commit[(row_counts.COUNTS_TABLE, "seed")] = lambda: row_counts.seed(
            database, to_seed
        )


def _early_keys(table: sa.Table, later: list[sa.ForeignKeyConstraint]) -> list[Any]:
    """The foreign keys of ``table`` created with it; the others go to ``later``."""
    early: list[Any] = []
    for constraint in table.foreign_key_constraints:
        (later if constraint.use_alter else early).append(constraint)
    return early


def _table_names(cr: Cursor) -> set[str]:
    if cr.dialect.is_sqlite:
        rows = cr.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    else:
        rows = cr.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    return {str(row[0]) for row in rows}


def _column_names(cr: Cursor, table: str) -> set[str]:
    if cr.dialect.is_sqlite:
        return {str(row[1]) for row in cr.execute(f'PRAGMA table_info("{table}")')}
    rows = cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = %s",
        [table],
    )
    return {str(row[0]) for row in rows}


def changes_sql(
    old: Models, new: Models, dialect: sa.Dialect, renamed: Mapping[tuple[str, str], str]
) -> list[str]:
    """The DDL that turns the tables of models ``old`` into those of ``new`` (the
    models and fields made or dropped at run time), to run in the transaction
    that changes them: new tables and columns (with their indexes), then dropped
    columns and tables. ``renamed`` lists columns already renamed,
    ``{(table, old name): new name}``: neither dropped nor added."""
    before, after = metadata(old).tables, metadata(new).tables
    statements: list[str] = []
    kept_names = {(table, name) for (table, _old), name in renamed.items()}
    for name, table in after.items():
        if name not in before:
            statements.extend(_create_table_sql(table, dialect))
            continue
        have = set(before[name].columns.keys())
        for column in table.columns:
            if column.name not in have and (name, column.name) not in kept_names:
                statements.append(_add_column_sql(table, column, dialect))
                if column.index:
                    statements.append(
                        f'CREATE INDEX "ix_{name}_{column.name}" ON "{name}" ("{column.name}")'
                    )
    for name, table in before.items():
        if name not in after:
            continue
        have = set(after[name].columns.keys())
        for column in table.columns:
            if column.name not in have and (name, column.name) not in renamed:
                # SQLite drops no indexed column: its index goes first
                statements.append(f'DROP INDEX IF EXISTS "ix_{name}_{column.name}"')
                statements.append(f'ALTER TABLE "{name}" DROP COLUMN "{column.name}"')
    # relation tables first: they reference the model tables
    gone = sorted((n for n in before if n not in after), key=lambda n: not n.endswith("_rel"))
    statements.extend(f'DROP TABLE "{name}"' for name in gone)
    return statements


def _create_table_sql(table: sa.Table, dialect: sa.Dialect) -> list[str]:
    """``CREATE TABLE`` for ``table`` with its foreign keys inline (SQLite adds
    none later), and its indexes."""
    create = sa.schema.CreateTable(
        table, include_foreign_key_constraints=list(table.foreign_key_constraints)
    )
    statements = [str(create.compile(dialect=dialect)).strip()]
    # the indexes of index=True columns are among them (ix_<table>_<column>)
    statements.extend(
        str(sa.schema.CreateIndex(index).compile(dialect=dialect)) for index in table.indexes
    )
    return statements
