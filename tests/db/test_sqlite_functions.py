"""SQLite's planner statistics follow a table that outgrew them: a database
made from the template starts with the statistics of its few demo rows, and
after an import its reads by id must still use the primary key."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from jsontwo.db import Cursor, Database, open_storage, run_in_transaction
from jsontwo.db.sqlite_functions import BUSY_TIMEOUT_MS, refresh_statistics
from tests.db.test_transaction import empty_database_on

IDS = list(range(1, 81))


@pytest.fixture()
def database(tmp_path: Path) -> Iterator[Database]:
    """A SQLite database with a small indexed table, analyzed while small (as
    the template's tables are)."""
    for database in empty_database_on(open_storage(data_dir=tmp_path)):

        def small(cr: Cursor) -> None:
            cr.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, kind INTEGER, name TEXT)")
            cr.execute("CREATE INDEX ix_item_kind ON item (kind)")
            cr.execute("INSERT INTO item (kind, name) VALUES (1, 'a'), (2, 'b'), (3, 'c')")

        run_in_transaction(database, small)
        database.analyze()
        yield database


def plan_of_read(database: Database) -> str:
    """How SQLite would read 80 rows by id, as a new connection plans it."""
    marks = ", ".join("?" * len(IDS))
    with sqlite3.connect(database.engine.url.database or "") as conn:
        rows = conn.execute(
            f"EXPLAIN QUERY PLAN SELECT id, name FROM item WHERE id IN ({marks})", IDS
        ).fetchall()
    return " ".join(str(row[-1]) for row in rows)


def analyzed_rows(database: Database) -> int:
    """The row count the planner's statistics hold for ``item``."""
    with sqlite3.connect(database.engine.url.database or "") as conn:
        (stat,) = conn.execute(
            "SELECT stat FROM sqlite_stat1 WHERE idx = 'ix_item_kind'"
        ).fetchone()
    return int(stat.split()[0])


def import_rows(cr: Cursor) -> None:
    """5,000 more rows, and a search by the index (so that the planner uses the
    table's statistics in this connection)."""
    cr.execute(
        "WITH RECURSIVE n(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM n WHERE v < 5000) "
        "INSERT INTO item (kind, name) SELECT v % 50, 'n' || v FROM n"
    )
    cr.execute("SELECT id FROM item WHERE kind = %s", [7])


def test_a_read_by_ids_after_an_import_uses_the_primary_key(database: Database) -> None:
    assert analyzed_rows(database) == 3
    assert "SCAN" in plan_of_read(database)  # what the stale statistics gave

    run_in_transaction(database, import_rows)

    assert analyzed_rows(database) == 5003
    assert "USING INTEGER PRIMARY KEY" in plan_of_read(database)


def test_a_held_write_lock_is_not_waited_for(database: Database) -> None:
    other = sqlite3.connect(database.engine.url.database or "", isolation_level=None)
    try:
        with database.connection() as conn:
            conn.execute("BEGIN IMMEDIATE")
            import_rows(Cursor(conn.cursor(), database.dialect))
            conn.commit()
            other.execute("BEGIN IMMEDIATE")  # another writer takes the lock
            refresh_statistics(conn)  # returns at once: it would need the lock
            (timeout,) = conn.execute("PRAGMA busy_timeout").fetchone()
        assert analyzed_rows(database) == 3
    finally:
        other.rollback()
        other.close()
    assert timeout == BUSY_TIMEOUT_MS  # later statements wait for the lock again

    run_in_transaction(database, lambda cr: cr.execute("SELECT id FROM item WHERE kind = 7"))
    assert analyzed_rows(database) == 5003  # the next write transaction did it


def test_reads_refresh_them_too_every_interval(database: Database) -> None:
    with database.connection() as conn:  # an import by another tool: no refresh
        conn.execute("BEGIN IMMEDIATE")
        import_rows(Cursor(conn.cursor(), database.dialect))
        conn.commit()
    database.statistics_interval = 0.0  # the interval has passed

    run_in_transaction(
        database, lambda cr: cr.execute("SELECT id FROM item WHERE kind = 7"), defer_write_lock=True
    )

    assert analyzed_rows(database) == 5003
    assert "USING INTEGER PRIMARY KEY" in plan_of_read(database)
