"""Row counts kept by the database: ``search_count([])`` without counting.

Counting a table costs the engine time per row (SQLite about 28 ns through the
index on ``active``: 30 ms for a million partners). Every model table carries
triggers that keep, in :data:`COUNTS_TABLE`, how many rows it has and how many
of them are active (``active = TRUE``, exactly the implicit filter's rows); a
search_count that provably asks for one of those two numbers reads it
(docs/internals/orm-behaviour.md, "Row counts").

* SQLite serialises writers: one row per table, updated by row triggers on
  INSERT, DELETE and UPDATE OF ``active``.
* PostgreSQL: writers must never conflict on a shared row (REPEATABLE READ
  would fail one of two concurrent creates), so the triggers only INSERT delta
  rows: statement triggers with transition tables on INSERT and DELETE, a row
  trigger on UPDATE OF ``active`` (PostgreSQL allows no transition table on a
  column-specific trigger). The reader sums the rows its snapshot sees, which is
  exactly its snapshot's count. After a read that summed many rows, a short
  READ COMMITTED transaction folds them into one (:func:`compact`).

A table's number is used only once *seeded* from a real COUNT. A table that gets
its triggers while others may write to it (an existing PostgreSQL database
brought up to date) is seeded after the schema's commit, under a SHARE lock
that waits for the writers in flight (:func:`seed`); until then the engine counts.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any

from jsontwo.orm import fields as f
from jsontwo.orm.searching import is_everything

if TYPE_CHECKING:
    from jsontwo.db import Cursor, Database
    from jsontwo.orm.types import BaseModel

_logger = logging.getLogger(__name__)
#: the registries whose database has the counts table
_READY: weakref.WeakSet[Any] = weakref.WeakSet()

#: the table of the counts; no model may use this name
COUNTS_TABLE = "jsontwo_row_counts"
#: part of the schema's fingerprint: a database stamped before the counts existed is synced
VERSION = "row-counts-1"
#: PostgreSQL: a read summing more delta rows than this folds them afterwards
COMPACT_AFTER = 32
#: PostgreSQL: the first key of the advisory locks that serialise seeding and compaction
_LOCK_CLASS = 0x6A32_636E  # "j2cn"
#: the triggers of a table: INSERT and DELETE always, UPDATE OF active when it has one
_KINDS = ("insert", "delete", "active")

#: statement: (SQL with %s placeholders, parameters)
Statement = tuple[str, list[Any]]


def counted_tables(models: Mapping[str, type[BaseModel]]) -> dict[str, bool]:
    """The tables of ``models`` whose rows are counted: ``{table: has an active column}``."""
    tables: dict[str, bool] = {}
    for cls in models.values():
        tables[cls._table] = tables.get(cls._table, False) or _has_active_column(cls)
    return tables


def _has_active_column(cls: type[BaseModel]) -> bool:
    field = cls._fields.get("active")
    return isinstance(field, f.Boolean) and field.column_in_table


def _wanted(has_active: bool) -> set[str]:
    return {"insert", "delete", "active"} if has_active else {"insert", "delete"}


# --- DDL --------------------------------------------------------------------
def _table_sql(is_sqlite: bool) -> list[str]:
    """The counts table (and, PostgreSQL, the trigger functions)."""
    if is_sqlite:
        return [
            f"CREATE TABLE IF NOT EXISTS {COUNTS_TABLE} (tbl VARCHAR PRIMARY KEY, "
            "total INTEGER NOT NULL, active INTEGER NOT NULL, seeded BOOLEAN NOT NULL DEFAULT 1)"
        ]
    return [
        f"CREATE TABLE IF NOT EXISTS {COUNTS_TABLE} (tbl VARCHAR NOT NULL, "
        "total BIGINT NOT NULL, active BIGINT NOT NULL, seeded BOOLEAN NOT NULL DEFAULT FALSE)",
        f"CREATE INDEX IF NOT EXISTS {COUNTS_TABLE}_tbl ON {COUNTS_TABLE} (tbl)",
        *_pg_functions(),
    ]


def _pg_functions() -> list[str]:
    """The PostgreSQL trigger functions. PL/pgSQL plans a statement at its first
    run, per table: the branch naming ``active`` runs only where the trigger
    passes the argument saying the table has that column."""
    functions = []
    for kind, rows, sign in (("insert", "new_rows", ""), ("delete", "old_rows", "-")):
        functions.append(
            f"CREATE OR REPLACE FUNCTION jsontwo_count_{kind}() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN "
            "IF TG_NARGS > 0 THEN "
            f"INSERT INTO {COUNTS_TABLE} (tbl, total, active) "
            f"SELECT TG_TABLE_NAME, {sign}count(*), {sign}count(*) FILTER (WHERE active = TRUE) "
            f"FROM {rows} HAVING count(*) > 0; "
            "ELSE "
            f"INSERT INTO {COUNTS_TABLE} (tbl, total, active) "
            f"SELECT TG_TABLE_NAME, {sign}count(*), 0 FROM {rows} HAVING count(*) > 0; "
            "END IF; RETURN NULL; END $$"
        )
    functions.append(
        "CREATE OR REPLACE FUNCTION jsontwo_count_active() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        f"INSERT INTO {COUNTS_TABLE} (tbl, total, active) VALUES (TG_TABLE_NAME, 0, "
        "(CASE WHEN NEW.active = TRUE THEN 1 ELSE 0 END) "
        "- (CASE WHEN OLD.active = TRUE THEN 1 ELSE 0 END)); "
        "RETURN NULL; END $$"
    )
    return functions


def _trigger_name(is_sqlite: bool, table: str, kind: str) -> str:
    # SQLite's trigger names are the schema's, PostgreSQL's the table's
    return f"jsontwo_count_{kind}_{table}" if is_sqlite else f"jsontwo_count_{kind}"


def _trigger_sql(is_sqlite: bool, table: str, kind: str, has_active: bool) -> str:
    """``CREATE TRIGGER`` of ``kind`` on ``table``."""
    name = _trigger_name(is_sqlite, table, kind)
    if not is_sqlite:
        if kind == "active":
            return (
                f'CREATE TRIGGER {name} AFTER UPDATE OF active ON "{table}" FOR EACH ROW '
                "WHEN (OLD.active IS DISTINCT FROM NEW.active) "
                "EXECUTE FUNCTION jsontwo_count_active()"
            )
        rows = "NEW TABLE AS new_rows" if kind == "insert" else "OLD TABLE AS old_rows"
        arg = "'active'" if has_active else ""
        return (
            f'CREATE TRIGGER {name} AFTER {kind.upper()} ON "{table}" REFERENCING {rows} '
            f"FOR EACH STATEMENT EXECUTE FUNCTION jsontwo_count_{kind}({arg})"
        )
    where = f"WHERE tbl = '{table}'"
    if kind == "active":
        return (
            f'CREATE TRIGGER "{name}" AFTER UPDATE OF active ON "{table}" '
            "WHEN OLD.active IS NOT NEW.active BEGIN "
            f"UPDATE {COUNTS_TABLE} SET active = active + coalesce(NEW.active = TRUE, 0) "
            f"- coalesce(OLD.active = TRUE, 0) {where}; END"
        )
    row, sign = ("NEW", "+") if kind == "insert" else ("OLD", "-")
    active = f"active {sign} coalesce({row}.active = TRUE, 0)" if has_active else "active"
    return (
        f'CREATE TRIGGER "{name}" AFTER {kind.upper()} ON "{table}" BEGIN '
        f"UPDATE {COUNTS_TABLE} SET total = total {sign} 1, active = {active} {where}; END"
    )


def _drop_trigger_sql(is_sqlite: bool, table: str, kind: str) -> str:
    name = _trigger_name(is_sqlite, table, kind)
    return f'DROP TRIGGER IF EXISTS "{name}"' + ("" if is_sqlite else f' ON "{table}"')


def _seed_sql(table: str, has_active: bool) -> list[Statement]:
    """Replace ``table``'s counts with a real COUNT (as the statement sees the rows)."""
    active = "coalesce(sum(CASE WHEN active = TRUE THEN 1 ELSE 0 END), 0)" if has_active else "0"
    return [
        (f"DELETE FROM {COUNTS_TABLE} WHERE tbl = %s", [table]),
        (
            f"INSERT INTO {COUNTS_TABLE} (tbl, total, active, seeded) "
            f'SELECT %s, count(*), {active}, TRUE FROM "{table}"',
            [table],
        ),
    ]


def install_statements(is_sqlite: bool, tables: Mapping[str, bool]) -> list[Statement]:
    """Everything for a database that has ``tables`` and no counts yet: the counts
    table, the triggers, the counts seeded. For a database nobody else writes to
    meanwhile (a copy being built)."""
    statements: list[Statement] = [(sql, []) for sql in _table_sql(is_sqlite)]
    for table, has_active in tables.items():
        statements.extend(
            (_trigger_sql(is_sqlite, table, kind, has_active), []) for kind in _wanted(has_active)
        )
        statements.extend(_seed_sql(table, has_active))
    return statements


# --- bringing a database up to date ---------------------------------------
def ensure(cr: Cursor, tables: Mapping[str, bool], created: Collection[str] = ()) -> list[str]:
    """Give ``tables`` (see :func:`counted_tables`) the triggers they lack (a table
    whose ``active`` column came later gets its UPDATE trigger), in the
    transaction of ``cr``. SQLite's counts are seeded now (writers are
    serialised), and so are those of the tables ``created`` in this transaction
    (nobody else sees them yet); PostgreSQL's others are left unseeded, for
    :func:`seed` after the commit. Answers the tables left to seed."""
    is_sqlite = cr.dialect.is_sqlite
    if not cr.has_table(COUNTS_TABLE):
        for sql in _table_sql(is_sqlite):
            cr.execute(sql)
        seeded: set[str] = set()
        have: dict[str, set[str]] = {}
    else:
        seeded = _seeded(cr)
        have = _triggers(cr)
        if not is_sqlite and any(have.get(t, set()) != _wanted(a) for t, a in tables.items()):
            for sql in _pg_functions():
                cr.execute(sql)
    to_seed: list[str] = []
    for table, has_active in tables.items():
        found = have.get(table, set())
        if found == _wanted(has_active) and table in seeded:
            continue
        if found != _wanted(has_active):
            for kind in sorted(found):
                cr.execute(_drop_trigger_sql(is_sqlite, table, kind))
            for kind in sorted(_wanted(has_active)):
                cr.execute(_trigger_sql(is_sqlite, table, kind, has_active))
        if is_sqlite or table in created:
            for sql, params in _seed_sql(table, has_active):
                cr.execute(sql, params)
        else:
            # the rows others commit meanwhile are invisible to this snapshot
            cr.execute(f"DELETE FROM {COUNTS_TABLE} WHERE tbl = %s", [table])
            to_seed.append(table)
    return to_seed


def _seeded(cr: Cursor) -> set[str]:
    """The tables whose counts are seeded."""
    seeded = "max(seeded) = TRUE" if cr.dialect.is_sqlite else "bool_or(seeded)"
    rows = cr.execute(f"SELECT tbl FROM {COUNTS_TABLE} GROUP BY tbl HAVING {seeded}")
    return {str(row[0]) for row in rows}


def _triggers(cr: Cursor) -> dict[str, set[str]]:
    """The counting triggers found: ``{table: {kind}}``."""
    if cr.dialect.is_sqlite:
        rows = cr.execute(
            "SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
            ["jsontwo_count_%"],
        )
    else:
        rows = cr.execute(
            "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE c.relnamespace = current_schema()::regnamespace "
            "AND t.tgname LIKE %s",
            ["jsontwo_count_%"],
        )
    found: dict[str, set[str]] = {}
    for table, name in rows:
        kind = str(name)[len("jsontwo_count_") :].split("_", 1)[0]
        if kind in _KINDS:
            found.setdefault(str(table), set()).add(kind)
    return found


def seed(database: Database, tables: Mapping[str, bool]) -> None:
    """PostgreSQL: seed each of ``tables`` from a real COUNT, in a READ COMMITTED
    transaction of its own holding a SHARE lock on the table: it waits for the
    writers in flight, and its statements see every row committed before, and
    every delta row, which it replaces. A table that cannot be seeded now
    (dropped, locked past the time limit) keeps being counted by the engine."""
    for table, has_active in tables.items():
        try:
            with database.transaction() as cr:
                cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
                cr.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [_LOCK_CLASS, table])
                cr.execute(f'LOCK TABLE "{table}" IN SHARE MODE')
                for sql, params in _seed_sql(table, has_active):
                    cr.execute(sql, params)
        except Exception:
            _logger.exception("could not seed the row count of %s", table)


# --- reading --------------------------------------------------------------
def known_count(model: BaseModel, domain: Any) -> int | None:
    """The number of records ``search_count(domain)`` finds, read from the kept
    counts when that is provably the answer: the domain is empty once
    normalised, no record rule restricts the caller (the caller's access was
    checked already), and the table's count is seeded. None otherwise."""
    if not is_everything(model, domain):
        return None
    if not model.env.su and model.env["ir.rule"]._domain(model._name, "read")[0]:
        return None
    active = "active" in model._fields and model.env.context.get("active_test", True)
    if active and not _has_active_column(type(model)):
        return None
    cr = model.env.cr
    if not _has_counts(model, cr):
        return None
    if cr.dialect.is_sqlite:
        rows = cr.execute(
            f"SELECT total, active, seeded, 1 FROM {COUNTS_TABLE} WHERE tbl = %s", [model._table]
        )
    else:
        rows = cr.execute(
            f"SELECT sum(total), sum(active), bool_or(seeded), count(*) FROM {COUNTS_TABLE} "
            "WHERE tbl = %s",
            [model._table],
        )
    if not rows or not rows[0][2]:
        return None
    total, active_rows, _seeded_flag, pieces = rows[0]
    database = model.env.registry.database  # the primary, also when a replica read
    if pieces > COMPACT_AFTER and not database.read_only:
        table = model._table
        cr.after_commit[(COUNTS_TABLE, table)] = lambda: compact(database, table)
    return int(active_rows if active else total)


def _has_counts(model: BaseModel, cr: Cursor) -> bool:
    """Whether the database has the counts table: asked once per registry (a
    database is given it when opened; one its registry skipped the schema
    sync for, as some tools' do, is asked again until it has)."""
    registry = model._registry
    if registry in _READY:
        return True
    if not cr.has_table(COUNTS_TABLE):
        return False
    _READY.add(registry)
    return True


def compact(database: Database, table: str) -> None:
    """PostgreSQL: fold ``table``'s delta rows into one, in a short READ COMMITTED
    transaction: its DELETE sees the rows committed so far (a writer's rows
    committed later stay, and add up); a compaction or seeding of the same
    table running already makes this one step aside (the advisory lock)."""
    with database.transaction() as cr:
        cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
        got = cr.execute("SELECT pg_try_advisory_xact_lock(%s, hashtext(%s))", [_LOCK_CLASS, table])
        if not got[0][0]:
            return
        cr.execute(
            f"WITH gone AS (DELETE FROM {COUNTS_TABLE} WHERE tbl = %s "
            "RETURNING total, active, seeded) "
            f"INSERT INTO {COUNTS_TABLE} (tbl, total, active, seeded) "
            "SELECT %s, sum(total), sum(active), bool_or(seeded) FROM gone HAVING count(*) > 0",
            [table, table],
        )
