"""A call whose caller awaits the waits between its tries (the HTTP layer):
a conflict asks the caller to wait instead of sleeping in the worker, the call
run again goes on counting its tries, and once something of the call
committed a conflict sleeps in place as before. Real conflicts on both
backends: another client writes the row between the call's read and its
write (PostgreSQL: a serialization failure; SQLite: "database is locked" for a
transaction that began reading)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from jsontwo.db import ConcurrencyFailure, Cursor, Database, Storage, run_in_transaction
from jsontwo.db import transaction as transaction_module
from jsontwo.db.waits import TryAgainAfter, awaited_waits, current
from tests.conftest import new_db_name


@pytest.fixture()
def counter(storage: Storage) -> Iterator[tuple[Database, Database]]:
    """A new database with a table ``counter`` holding one row of value 0, and a
    second pool on it: another client, whose writes are no transaction of the
    call under test."""
    name = new_db_name("waits")
    storage.create_empty(name)
    database, other = storage.open(name), storage.open(name)
    try:
        with other.engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER)")
            conn.exec_driver_sql("INSERT INTO counter VALUES (1, 0)")
        yield database, other
    finally:
        database.dispose()
        other.dispose()
        storage.drop(name)


def value_of(other: Database) -> int:
    with other.engine.connect() as conn:
        return int(conn.exec_driver_sql("SELECT value FROM counter").scalar_one())


def add_one(other: Database, conflicts: int) -> tuple[list[int], Callable[[Cursor], int]]:
    """A call adding 1 to the counter, whose first ``conflicts`` tries another
    client adds 10 between the read and the write; and the list of its tries."""
    tries: list[int] = []

    def work(cr: Cursor) -> int:
        tries.append(len(tries) + 1)
        (value,) = cr.execute("SELECT value FROM counter WHERE id = 1")[0]  # the snapshot
        if len(tries) <= conflicts:
            with other.engine.begin() as conn:
                conn.exec_driver_sql("UPDATE counter SET value = value + 10 WHERE id = 1")
        cr.execute("UPDATE counter SET value = %s WHERE id = 1", [value + 1])
        return int(value) + 1

    return tries, work


def test_a_conflict_asks_the_caller_to_wait_and_the_call_run_again_lands(
    counter: tuple[Database, Database],
) -> None:
    database, other = counter
    tries, work = add_one(other, conflicts=1)
    with awaited_waits() as waits:
        assert current() is waits
        with pytest.raises(TryAgainAfter) as asked:
            run_in_transaction(database, work, defer_write_lock=True)
        # the wait Odoo takes after a first failed try, not slept here
        assert 0 <= asked.value.seconds <= transaction_module.BACKOFF * 2
        assert (waits.tries, waits.committed) == (1, False)
        assert value_of(other) == 10  # the call's +1 was rolled back
        assert run_in_transaction(database, work, defer_write_lock=True) == 11
        assert waits.committed
    assert current() is None
    assert tries == [1, 2]
    assert value_of(other) == 11


def test_the_call_run_again_goes_on_counting_its_tries(
    counter: tuple[Database, Database],
) -> None:
    """Five tries in all, as Odoo's: the fifth conflict is the answer."""
    database, other = counter
    tries, work = add_one(other, conflicts=10)
    asked: list[float] = []
    with awaited_waits(), pytest.raises(ConcurrencyFailure):
        while True:
            try:
                run_in_transaction(database, work, defer_write_lock=True)
                break
            except TryAgainAfter as later:
                asked.append(later.seconds)
    assert tries == [1, 2, 3, 4, 5]
    assert len(asked) == transaction_module.MAX_TRIES - 1 == 4
    # the nth wait is at most 2**n seconds
    assert all(0 <= s <= transaction_module.BACKOFF * 2**n for n, s in enumerate(asked, 1))
    assert value_of(other) == 50  # the other client's five additions, none of the call's


def test_after_a_committed_write_a_conflict_is_waited_for_in_place(
    counter: tuple[Database, Database], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A call that committed a write (a first step of its own) cannot be run again
    from its start: its later transaction's conflict is retried where it is."""
    monkeypatch.setattr(transaction_module, "BACKOFF", 0.0)  # (no real wait in a test)
    database, other = counter
    tries, work = add_one(other, conflicts=1)
    with awaited_waits() as waits:
        run_in_transaction(database, lambda cr: cr.execute("UPDATE counter SET value = 100"))
        assert waits.committed
        assert run_in_transaction(database, work, defer_write_lock=True) == 111
    assert tries == [1, 2]
    assert value_of(other) == 111


def test_a_committed_read_leaves_the_call_free_to_run_again(
    counter: tuple[Database, Database],
) -> None:
    """A first transaction that only read (a session's check, a large body's key
    checked first) is no work a run from the start would repeat: the call's
    conflict still asks its caller to wait."""
    database, other = counter
    tries, work = add_one(other, conflicts=1)
    with awaited_waits() as waits:
        assert run_in_transaction(database, lambda cr: cr.execute("SELECT value FROM counter"))
        assert not waits.committed
        with pytest.raises(TryAgainAfter):
            run_in_transaction(database, work, defer_write_lock=True)
        assert waits.tries == 1
    assert tries == [1]


def test_a_write_committed_during_the_try_forbids_running_it_again(
    counter: tuple[Database, Database], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A try whose work committed a write of its own (a nested transaction on
    another pool) before its conflict is retried in place: running the call
    again from its start would write that twice."""
    monkeypatch.setattr(transaction_module, "BACKOFF", 0.0)
    database, other = counter
    nested = Database(database.name, database.url)
    tries, conflicting = add_one(other, conflicts=1)

    def work(cr: Cursor) -> int:
        if not tries:
            run_in_transaction(nested, lambda ncr: ncr.execute("UPDATE counter SET value = 5"))
        return conflicting(cr)

    try:
        with awaited_waits():
            assert run_in_transaction(database, work, defer_write_lock=True) == 16
    finally:
        nested.dispose()
    assert tries == [1, 2]


def test_a_wait_past_the_time_limit_is_the_answer_at_once(storage: Storage) -> None:
    """The time limit counts over every try, awaited or not: a conflict whose
    wait would end past it is answered as the last one (no try is asked for)."""
    name = new_db_name("waits")
    storage.create_empty(name)
    database = storage.open(name)
    database.time_limit = 0.001
    try:
        with awaited_waits() as waits, pytest.raises(ConcurrencyFailure):
            run_in_transaction(database, lambda cr: _conflict(database))
        assert waits.tries == 0
    finally:
        database.dispose()
        storage.drop(name)


def _conflict(database: Database) -> None:
    """What the database says of a conflict, as its driver raises it."""
    if database.dialect.is_sqlite:
        import sqlite3

        raise sqlite3.OperationalError("database is locked")
    import psycopg.errors

    raise psycopg.errors.SerializationFailure("could not serialize access due to concurrent update")
