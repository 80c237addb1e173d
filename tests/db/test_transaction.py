"""One transaction per call: retried on serialization failures, never on integrity errors.

The concurrency tests run on PostgreSQL, whose REPEATABLE READ transactions
fail with a serialization error when they update a row another transaction
changed since their snapshot; SQLite serialises writers up front instead.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg.errors
import pytest
from prometheus_client import REGISTRY

from jsontwo.db import (
    ConcurrencyFailure,
    Cursor,
    Database,
    DatabaseFault,
    IntegrityFailure,
    PostgresStorage,
    SqliteStorage,
    Storage,
    run_in_transaction,
)
from jsontwo.db import transaction as transaction_module
from tests.conftest import new_db_name, pg_url

WAIT = 10.0


def empty_database_on(storage: Storage) -> Iterator[Database]:
    """A new empty database, dropped afterwards."""
    name = new_db_name("tx")
    storage.create_empty(name)
    database = storage.open(name)
    try:
        yield database
    finally:
        database.dispose()
        storage.drop(name)


@pytest.fixture(scope="module")
def pg_database() -> Iterator[Database]:
    """An empty PostgreSQL database (the concurrency tests need PostgreSQL's isolation)."""
    yield from empty_database_on(PostgresStorage(pg_url()))


@pytest.fixture()
def counter(pg_database: Database) -> Database:
    """The PostgreSQL database with a table ``counter`` holding one row of value 0."""

    def reset(cr: Cursor) -> None:
        cr.execute("DROP TABLE IF EXISTS counter")
        cr.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)")
        cr.execute("INSERT INTO counter (id, value) VALUES (1, 0)")

    run_in_transaction(pg_database, reset)
    return pg_database


def read_counter(database: Database) -> int:
    return int(
        run_in_transaction(database, lambda cr: cr.execute("SELECT value FROM counter")[0][0])
    )


def wait_until_blocked(database: Database, marker: str) -> None:
    """Wait until the session running a statement containing ``marker`` waits on a lock.

    It watches from a connection of its own: a thread reuses its connection, so
    asking through ``database`` would commit the caller's open transaction.
    """
    observer = Database(database.name, database.url)
    try:
        _wait_until_blocked(observer, marker)
    finally:
        observer.dispose()


def _wait_until_blocked(database: Database, marker: str) -> None:
    deadline = time.monotonic() + WAIT
    query = (
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE wait_event_type = 'Lock' AND query LIKE %s AND pid <> pg_backend_pid()"
    )
    while time.monotonic() < deadline:
        if run_in_transaction(database, lambda cr: cr.execute(query, [f"%{marker}%"])[0][0]):
            return
        time.sleep(0.01)
    pytest.fail(f"no transaction blocked on {marker!r} within {WAIT} s")


def test_serialization_failure_is_retried_until_it_succeeds(counter: Database) -> None:
    """Two REPEATABLE READ transactions add 1 to the same row: both additions land,
    and the metrics count the retry (``jsontwo_db_retries_total``)."""
    retries = {"backend": "postgresql"}
    retried_before = REGISTRY.get_sample_value("jsontwo_db_retries_total", retries) or 0
    first_read = threading.Event()
    attempts: list[int] = []
    errors: list[BaseException] = []

    def add_one_slowly(cr: Cursor) -> int:
        attempts.append(len(attempts) + 1)
        (value,) = cr.execute("SELECT value FROM counter WHERE id = 1")[0]  # takes the snapshot
        first_read.set()
        cr.execute("UPDATE counter SET value = %s WHERE id = 1 /* slow-adder */", [value + 1])
        return int(value) + 1

    def run_slow() -> None:
        try:
            run_in_transaction(counter, add_one_slowly)
        except BaseException as exc:
            errors.append(exc)

    with counter.transaction() as other:
        (value,) = other.execute("SELECT value FROM counter WHERE id = 1")[0]
        other.execute("UPDATE counter SET value = %s WHERE id = 1", [value + 1])
        slow = threading.Thread(target=run_slow)
        slow.start()
        assert first_read.wait(WAIT)
        wait_until_blocked(counter, "slow-adder")
        # leaving the block commits: the slow transaction's update now conflicts
    slow.join(WAIT)
    assert not slow.is_alive()
    assert errors == []
    assert attempts == [1, 2]
    assert read_counter(counter) == 2
    assert REGISTRY.get_sample_value("jsontwo_db_retries_total", retries) == retried_before + 1


def test_concurrent_writers_all_succeed(counter: Database) -> None:
    """Several threads incrementing the same row: no update is lost, none fails."""
    threads_count, increments = 3, 5
    start = threading.Barrier(threads_count)
    errors: list[BaseException] = []

    def add_one(cr: Cursor) -> None:
        (value,) = cr.execute("SELECT value FROM counter WHERE id = 1")[0]
        cr.execute("UPDATE counter SET value = %s WHERE id = 1", [value + 1])

    def worker() -> None:
        try:
            start.wait(WAIT)
            for _ in range(increments):
                run_in_transaction(counter, add_one)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert read_counter(counter) == threads_count * increments


def test_retries_give_up_after_five_attempts(
    counter: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(transaction_module, "BACKOFF", 0.0)
    attempts: list[int] = []

    def always_conflicts(cr: Cursor) -> None:
        attempts.append(1)
        cr.execute("UPDATE counter SET value = value + 1 WHERE id = 1")
        raise psycopg.errors.SerializationFailure("could not serialize access")

    with pytest.raises(ConcurrencyFailure, match="could not serialize access"):
        run_in_transaction(counter, always_conflicts)
    assert len(attempts) == transaction_module.MAX_TRIES == 5
    assert read_counter(counter) == 0  # every attempt was rolled back


@pytest.fixture(scope="module")
def empty_database(storage: Storage) -> Iterator[Database]:
    """An empty database on the backend under test."""
    yield from empty_database_on(storage)


def test_integrity_error_is_not_retried(empty_database: Database) -> None:
    """On both backends: a unique violation fails at once, as an IntegrityFailure."""
    run_in_transaction(
        empty_database, lambda cr: cr.execute("CREATE TABLE t (code VARCHAR(2) UNIQUE)")
    )
    attempts: list[int] = []

    def insert_twice(cr: Cursor) -> None:
        attempts.append(1)
        cr.execute("INSERT INTO t (code) VALUES ('QQ')")
        cr.execute("INSERT INTO t (code) VALUES ('QQ')")

    with pytest.raises(IntegrityFailure) as failure:
        run_in_transaction(empty_database, insert_twice)
    assert attempts == [1]
    assert "unique" in str(failure.value).lower()
    count = run_in_transaction(empty_database, lambda cr: cr.execute("SELECT count(*) FROM t"))
    assert count[0][0] == 0


def test_other_errors_propagate_and_roll_back(counter: Database) -> None:
    def fails(cr: Cursor) -> None:
        cr.execute("UPDATE counter SET value = 42 WHERE id = 1")
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        run_in_transaction(counter, fails)
    assert read_counter(counter) == 0


# --- deadlocks, stale snapshots and broken connections --------------------------


def test_a_deadlock_is_retried_and_both_transactions_land(pg_database: Database) -> None:
    """Two transactions lock two rows in opposite orders: PostgreSQL aborts one
    with a deadlock, it is run again, and both changes are there."""

    def reset(cr: Cursor) -> None:
        cr.execute("DROP TABLE IF EXISTS pair")
        cr.execute("CREATE TABLE pair (id INTEGER PRIMARY KEY, note TEXT NOT NULL)")
        cr.execute("INSERT INTO pair (id, note) VALUES (1, ''), (2, '')")

    run_in_transaction(pg_database, reset)
    both_hold_one = threading.Barrier(2)
    deadlocks: list[str] = []
    errors: list[BaseException] = []

    def crosswise(first: int, second: int, mark: str) -> Callable[[Cursor], None]:
        attempts: list[int] = []

        def work(cr: Cursor) -> None:
            attempts.append(1)
            cr.execute("UPDATE pair SET note = note || %s WHERE id = %s", [mark, first])
            if len(attempts) == 1:
                both_hold_one.wait(WAIT)
            try:
                cr.execute("UPDATE pair SET note = note || %s WHERE id = %s", [mark, second])
            except psycopg.errors.DeadlockDetected:
                deadlocks.append(mark)
                raise

        return work

    def run(first: int, second: int, mark: str) -> None:
        try:
            run_in_transaction(pg_database, crosswise(first, second, mark))
        except BaseException as exc:
            errors.append(exc)

    threads = [
        threading.Thread(target=run, args=(1, 2, "a")),
        threading.Thread(target=run, args=(2, 1, "b")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert len(deadlocks) == 1  # one of them was the victim, and was run again
    rows = run_in_transaction(pg_database, lambda cr: cr.execute("SELECT note FROM pair"))
    # the victim's changes come after the other's, on both rows
    assert [note for (note,) in rows] in (["ab", "ab"], ["ba", "ba"])


@pytest.fixture()
def sqlite_database(tmp_path: Path) -> Iterator[Database]:
    """An empty SQLite database with a table ``counter`` holding one row of value 0."""
    for database in empty_database_on(SqliteStorage(tmp_path)):
        run_in_transaction(
            database,
            lambda cr: cr.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER)"),
        )
        run_in_transaction(database, lambda cr: cr.execute("INSERT INTO counter VALUES (1, 0)"))
        yield database


def test_sqlite_database_is_locked_is_retried(sqlite_database: Database) -> None:
    """A transaction that began reading (no write lock) and must write after another
    process wrote since gets SQLite's "database is locked" at once: it is run
    again on a fresh snapshot, and no update is lost."""
    other = Database(sqlite_database.name, sqlite_database.url)  # another process's pool
    locked: list[str] = []

    def add_one(cr: Cursor) -> None:
        (value,) = cr.execute("SELECT value FROM counter WHERE id = 1")[0]
        if not locked:  # meanwhile, another process adds 10
            run_in_transaction(
                other, lambda ocr: ocr.execute("UPDATE counter SET value = value + 10")
            )
        try:
            cr.execute("UPDATE counter SET value = %s WHERE id = 1", [value + 1])
        except sqlite3.OperationalError as exc:
            locked.append(str(exc))
            raise

    try:
        run_in_transaction(sqlite_database, add_one, defer_write_lock=True)
    finally:
        other.dispose()
    assert locked == ["database is locked"]
    assert run_in_transaction(
        sqlite_database, lambda cr: cr.execute("SELECT value FROM counter")
    ) == [(11,)]


def test_a_killed_connection_is_replaced_at_the_next_call(pg_database: Database) -> None:
    """The server process behind a pooled connection is killed (a restart of
    PostgreSQL does the same): the call that meets the dead connection fails, and
    the next one runs on a new connection."""

    def backend(cr: Cursor) -> int:
        return int(cr.execute("SELECT pg_backend_pid()")[0][0])

    killed = run_in_transaction(pg_database, backend)
    assert run_in_transaction(pg_database, backend) == killed  # the thread keeps its connection
    admin = Database(pg_database.name, pg_database.url)
    try:
        assert run_in_transaction(
            admin, lambda cr: cr.execute("SELECT pg_terminate_backend(%s)", [killed])
        ) == [(True,)]
    finally:
        admin.dispose()
    with pytest.raises(DatabaseFault) as fault:  # the client learns no more than that
        run_in_transaction(pg_database, backend)
    assert isinstance(fault.value.__cause__, psycopg.OperationalError)
    replaced = run_in_transaction(pg_database, backend)
    assert replaced != killed
    assert run_in_transaction(pg_database, backend) == replaced
