"""Bulk writes of the cursor (``insert_rows``, ``update_rows``): one statement for
many rows, every value kept exactly, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from jsontwo.db import Database, DatabaseFault, Storage, run_in_transaction
from tests.db.test_transaction import empty_database_on

COLUMNS = ["name", "note", "count", "ratio", "flag", "day", "moment"]
TYPES: list[sa.types.TypeEngine[Any]] = [
    sa.String(),
    sa.Text(),
    sa.Integer(),
    sa.Float(),
    sa.Boolean(),
    sa.Date(),
    sa.DateTime(),
]
#: values as the ORM writes them: text that looks like array syntax or NULL,
#: whole numbers in a float column, nulls everywhere
ROWS: list[tuple[Any, ...]] = [
    ("plain", "line\nbreak", 1, 2.5, True, "2024-02-29", "2024-02-29 23:59:59"),
    ('{"a", b}', "back\\slash", -7, 3, False, None, None),
    ("NULL", 'quote " and , comma', None, None, None, "1999-12-31", "2000-01-01 00:00:00"),
    ("Ünïcødé 漢字 🙂", "", 2**31 - 1, -0.001, True, None, "2024-01-01 10:00:00"),
    (None, None, 0, 1e-09, False, "2024-01-01", None),
    ("  spaced  ", 'ends with \\"', 5, 0.5, True, None, None),
    ("", "NULL", -1, float("inf"), False, None, None),
]


@pytest.fixture(scope="module")
def database(storage: Storage) -> Iterator[Database]:
    """An empty database with one table of every column type the ORM writes."""
    for database in empty_database_on(storage):
        meta = sa.MetaData()
        sa.Table(
            "bulk",
            meta,
            sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
            *[sa.Column(name, type_) for name, type_ in zip(COLUMNS, TYPES, strict=True)],
            sqlite_autoincrement=True,  # as the ORM's tables: ids are never given twice
        )
        meta.create_all(database.engine)
        yield database


def read_back(database: Database, ids: list[int]) -> list[tuple[Any, ...]]:
    """The rows of ``ids``, in that order, as the ORM reads them (dates as text)."""

    def read(cr: Any) -> list[tuple[Any, ...]]:
        return [tuple(_text(v) for v in row) for row in read_rows(cr, ids)]

    return run_in_transaction(database, read, defer_write_lock=True)


def _list(ids: list[int]) -> str:
    """``(1, 2, 3)``: the ids inlined (they are integers)."""
    return "(" + ", ".join(str(int(i)) for i in ids) + ")"


def _text(value: Any) -> Any:
    """Dates and datetimes as the text the ORM writes; numbers and text as they are."""
    if hasattr(value, "isoformat") and not isinstance(value, str):
        return str(value)
    return value


def test_inserted_rows_read_back_exactly(database: Database) -> None:
    """One INSERT of many rows returns their ids in order and keeps every value."""
    ids = run_in_transaction(database, lambda cr: cr.insert_rows("bulk", COLUMNS, TYPES, ROWS))
    assert len(ids) == len(ROWS) and ids == sorted(ids)
    # booleans may read back as 1/0 and whole floats as 3.0: equal all the same
    assert read_back(database, ids) == ROWS


def test_updated_rows_change_only_their_columns(database: Database) -> None:
    """One UPDATE sets each row's own values, nulls included, and nothing else."""
    ids = run_in_transaction(database, lambda cr: cr.insert_rows("bulk", COLUMNS, TYPES, ROWS))
    changes = [(f"new {i}", None, i) for i in ids]
    run_in_transaction(
        database,
        lambda cr: cr.update_rows("bulk", ["name", "count"], [sa.String(), sa.Integer()], changes),
    )
    expected = [(f"new {i}", row[1], None, *row[3:]) for i, row in zip(ids, ROWS, strict=True)]
    assert read_back(database, ids) == expected
    # nothing to write: no statement, no error
    run_in_transaction(database, lambda cr: cr.update_rows("bulk", ["name"], [sa.String()], []))
    assert run_in_transaction(database, lambda cr: cr.insert_rows("bulk", COLUMNS, TYPES, [])) == []


def test_an_update_of_more_rows_than_one_statement_takes_sets_each(database: Database) -> None:
    """Rows beyond what one statement sets (SQLite: 500) each get their own values."""
    ids = run_in_transaction(
        database, lambda cr: cr.insert_rows("bulk", ["name"], [sa.String()], [("x",)] * 1201)
    )
    changes = [(f"row {i}", i * 2, i) for i in ids]
    run_in_transaction(
        database,
        lambda cr: cr.update_rows("bulk", ["name", "count"], [sa.String(), sa.Integer()], changes),
    )
    got = run_in_transaction(
        database, lambda cr: cr.execute('SELECT id, name, count FROM "bulk" ORDER BY id')
    )
    assert [tuple(row) for row in got if row[0] in set(ids)] == [
        (i, f"row {i}", i * 2) for i in ids
    ]


def test_every_statement_reaches_the_statements_fixture(
    database: Database, statements: list[str]
) -> None:
    """The fixture the statement-counting tests use sees inserts and updates on
    both backends: one statement for a bulk update."""
    ids = run_in_transaction(database, lambda cr: cr.insert_rows("bulk", COLUMNS, TYPES, ROWS))
    changes = [(f"seen {i}", i) for i in ids]
    statements.clear()
    run_in_transaction(
        database, lambda cr: cr.update_rows("bulk", ["name"], [sa.String()], changes)
    )
    assert len(statements) == 1
    assert statements[0].startswith('UPDATE "bulk" SET "name" = ')
    statements.clear()
    run_in_transaction(database, lambda cr: cr.insert_rows("bulk", COLUMNS, TYPES, ROWS[:1]))
    assert len(statements) == 1 and statements[0].startswith('INSERT INTO "bulk"')


def test_deferred_updates_merge_and_reach_the_next_statement(database: Database) -> None:
    """Updates kept back are merged per row and run before the next statement reads."""

    def work(cr: Any) -> list[tuple[Any, ...]]:
        ids = cr.insert_rows("bulk", COLUMNS, TYPES, ROWS)
        cr.defer_update("bulk", ["name"], [sa.String()], [(f"n{i}", i) for i in ids])
        cr.defer_update("bulk", ["count"], [sa.Integer()], [(i * 10, i) for i in ids])
        return [(rid, *row[:3]) for rid, row in zip(ids, read_rows(cr, ids), strict=True)]

    for rid, name, _note, count in run_in_transaction(database, work):
        assert (name, count) == (f"n{rid}", rid * 10)


def test_updates_kept_back_are_committed_or_rolled_back_with_the_call(
    database: Database,
) -> None:
    """The last updates kept back are written at the commit; if they fail, the
    whole call is rolled back."""
    ids = run_in_transaction(database, lambda cr: cr.insert_rows("bulk", COLUMNS, TYPES, ROWS[:1]))
    run_in_transaction(
        database, lambda cr: cr.defer_update("bulk", ["name"], [sa.String()], [("late", ids[0])])
    )
    assert read_back(database, ids)[0][0] == "late"

    def failing(cr: Any) -> None:
        cr.insert_rows("bulk", COLUMNS, TYPES, ROWS[:1])
        cr.defer_update("bulk", ["no_such_column"], [sa.String()], [("x", ids[0])])

    before = run_in_transaction(database, lambda cr: cr.execute("SELECT count(*) FROM bulk"))
    with pytest.raises(DatabaseFault) as fault:
        run_in_transaction(database, failing)
    assert "no_such_column" in str(fault.value.__cause__)  # for the log, not the client
    after = run_in_transaction(database, lambda cr: cr.execute("SELECT count(*) FROM bulk"))
    assert after == before


def test_a_deferred_insert_takes_the_updates_of_its_rows(
    database: Database, statements: list[str]
) -> None:
    """Rows kept back under reserved ids are inserted, with the updates given them
    meanwhile (a column only some rows got is null in the others), in one
    statement before the next one; the ids come after every id given before, and
    the next row inserted gets an id after them."""

    def work(cr: Any) -> tuple[list[int], int]:
        before = cr.insert_rows("bulk", ["name"], [sa.String()], [("before",)])[0]
        ids = cr.reserve_ids("bulk", len(ROWS))
        assert ids == list(range(ids[0], ids[0] + len(ROWS))) and ids[0] > before
        rows = {
            rid: dict(zip(COLUMNS, row, strict=True)) for rid, row in zip(ids, ROWS, strict=True)
        }
        for row in rows.values():
            del row["count"]
        statements.clear()
        cr.defer_insert("bulk", rows, dict(zip(COLUMNS, TYPES, strict=True)), lambda exc: exc)
        cr.defer_update("bulk", ["name"], [sa.String()], [(f"n{rid}", rid) for rid in ids])
        cr.defer_update("bulk", ["count"], [sa.Integer()], [(7, ids[0])])
        assert statements == []  # kept back until a statement needs the table
        after = cr.insert_rows("bulk", ["name"], [sa.String()], [("after",)])[0]
        return ids, after

    ids, after = run_in_transaction(database, work)
    assert [sql.split(" (")[0] for sql in statements] == ['INSERT INTO "bulk"'] * 2
    assert after > ids[-1]
    expected = [(f"n{rid}", row[1], None, *row[3:]) for rid, row in zip(ids, ROWS, strict=True)]
    expected[0] = (expected[0][0], expected[0][1], 7, *expected[0][3:])
    assert read_back(database, ids) == expected


def test_a_deferred_insert_that_fails_raises_what_it_is_explained_as(database: Database) -> None:
    """A deferred INSERT fails where it runs, with the error its ``explain`` makes
    of the database's, and the call is rolled back."""

    class Explained(Exception):
        pass

    taken = run_in_transaction(
        database, lambda cr: cr.insert_rows("bulk", ["name"], [sa.String()], [("x",)])
    )

    def failing(cr: Any) -> None:
        # an id already given: the primary key refuses it
        cr.defer_insert(
            "bulk", {taken[0]: {"name": "again"}}, {"name": sa.String()}, lambda exc: Explained()
        )
        cr.execute("SELECT 1")

    with pytest.raises(Explained):
        run_in_transaction(database, failing)
    assert read_back(database, taken)[0][0] == "x"


def read_rows(cr: Any, ids: list[int]) -> list[tuple[Any, ...]]:
    """The rows of ``ids`` in that order, read in the caller's transaction."""
    columns = ", ".join(f'"{c}"' for c in COLUMNS)
    rows = cr.execute(f"SELECT id, {columns} FROM bulk WHERE id IN {_list(ids)}")
    by_id = {row[0]: row[1:] for row in rows}
    return [by_id[i] for i in ids]


def test_a_value_too_long_for_its_column_is_never_cut(storage: Storage) -> None:
    """Bulk writes leave length checks to the column: PostgreSQL refuses a value
    too long for ``varchar(5)`` (as a single INSERT would), SQLite keeps it whole;
    neither stores a truncated value."""
    for database in empty_database_on(storage):
        meta = sa.MetaData()
        sa.Table(
            "short",
            meta,
            sa.Column("id", sa.Integer(), primary_key=True),
            sa.Column("code", sa.String(5)),
        )
        meta.create_all(database.engine)
        try:
            ids = run_in_transaction(
                database,
                lambda cr: cr.insert_rows("short", ["code"], [sa.String(5)], [("abcdefgh",)]),
            )
        except DatabaseFault as exc:  # PostgreSQL: value too long for type character varying(5)
            assert "too long" in str(exc.__cause__)
            continue
        stored = run_in_transaction(database, lambda cr: cr.execute("SELECT code FROM short"))
        assert (len(ids), stored) == (1, [("abcdefgh",)])
