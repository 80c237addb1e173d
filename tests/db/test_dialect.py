"""The dialect's conditions on record ids find the same rows on both engines,
and on PostgreSQL a read by ids is one statement text whatever the number of
ids (one parameter: converted and prepared once)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from jsontwo.db import Cursor, Database, Storage, run_in_transaction
from tests.db.test_transaction import empty_database_on


@pytest.fixture(scope="module")
def database(storage: Storage) -> Iterator[Database]:
    """An empty database with a table of 300 rows (ids 1 to 300)."""
    for database in empty_database_on(storage):

        def fill(cr: Cursor) -> None:
            cr.execute("CREATE TABLE item (id BIGINT PRIMARY KEY, name TEXT)")
            cr.executemany(
                "INSERT INTO item (id, name) VALUES (%s, %s)", [(i, f"n{i}") for i in range(1, 301)]
            )

        run_in_transaction(database, fill)
        yield database


@pytest.mark.parametrize(
    "ids",
    [
        [7],
        [300, 1, 150],
        list(range(1, 81)),
        list(range(50, 350)),
        [999, 5, 2**40],
        [2**64, 3, -(2**70)],
        [2**64],
    ],
)
def test_has_id_finds_exactly_the_rows_of_those_ids(database: Database, ids: list[int]) -> None:
    def read(cr: Cursor) -> list[int]:
        where, params = cr.dialect.has_id("item.id", ids)
        return [row[0] for row in cr.execute(f"SELECT item.id FROM item WHERE {where}", params)]

    found = run_in_transaction(database, read)
    assert sorted(found) == sorted(i for i in ids if 1 <= i <= 300)


def test_an_id_that_is_not_a_whole_number_names_no_record(database: Database) -> None:
    odd: list[Any] = [1.5, 2.0, 7]  # (typed as ints; a caller may pass floats all the same)

    def read(cr: Cursor) -> list[int]:
        where, params = cr.dialect.has_id("item.id", odd)
        return [row[0] for row in cr.execute(f"SELECT item.id FROM item WHERE {where}", params)]

    assert sorted(run_in_transaction(database, read)) == [2, 7]


def test_postgresql_reads_any_number_of_ids_with_one_statement_text(database: Database) -> None:
    if database.dialect.is_sqlite:
        pytest.skip("SQLite's IN takes a placeholder per id (it has no array parameter)")
    texts = {database.dialect.has_id("item.id", list(range(n)))[0] for n in (1, 3, 80, 1000)}
    assert len(texts) == 1


#: texts that PostgreSQL's text form of an array must quote or escape
AWKWARD_TEXTS = ['a"b', "back\\slash", '\\"', "NULL", "", "  spaced  ", "{x,y}", "é 漢字\n\t"]


@pytest.mark.parametrize("value", [*AWKWARD_TEXTS, 2.5, float("inf"), float("-inf"), -0.001, 2**40])
def test_a_long_value_list_matches_each_value_exactly(database: Database, value: object) -> None:
    """``IN`` over more values than get a placeholder each (one array parameter on
    PostgreSQL) finds a value among them, however awkward its text, and not a
    value that differs by a character."""
    filler: list[object] = [
        f"{value}{i}" if isinstance(value, str) else i + 0.25 for i in range(1500)
    ]

    def found(probe: object, values: list[object]) -> bool:
        def run(cr: Cursor) -> bool:
            sql, params = cr.dialect.value_list(values)
            return bool(cr.execute(f"SELECT 1 WHERE %s IN ({sql})", [probe, *params]))

        return run_in_transaction(database, run)

    assert found(value, [*filler, value])
    assert not found(value, filler)
    if isinstance(value, str):
        assert not found(value + "x", [*filler, value])
