"""What a client sees of the database's errors (issue 17): never the driver's text.

A call's time limit stops a slow statement on both backends; a conflict that
outlives the retries is answered as Odoo lets it through; any other driver
error is a fault of the server, logged with its traceback.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from pathlib import Path

import psycopg.errors
import pytest

from jsontwo.db import (
    ConcurrencyFailure,
    Cursor,
    Database,
    DatabaseFault,
    PostgresStorage,
    SqliteStorage,
    Storage,
    TimeLimitExceeded,
    open_storage,
    run_in_transaction,
)
from jsontwo.db import transaction as transaction_module
from jsontwo.exceptions import error_message, error_name, error_status
from tests.conftest import new_db_name, pg_url

#: a statement that runs for minutes unless something stops it
SLOW = (
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000000000) "
    "SELECT count(*) FROM n"
)


@pytest.fixture(scope="module")
def database_name(storage: Storage) -> Iterator[str]:
    """An empty database on the backend under test."""
    name = new_db_name("faults")
    storage.create_empty(name)
    yield name
    storage.drop(name)


def opened(storage: Storage, name: str, time_limit: float | None) -> Database:
    """The database ``name`` opened as a server with ``--limit-time-real`` opens it."""
    env = storage.environment()
    return open_storage(env.get("JSONTWO_DATA_DIR"), env.get("JSONTWO_DB_URL"), time_limit).open(
        name
    )


def test_a_slow_statement_is_stopped_at_the_time_limit(
    storage: Storage, database_name: str
) -> None:
    """PostgreSQL's statement_timeout, SQLite's progress handler: the statement
    stops, the call is answered with a JSON error, and the next call runs."""
    database = opened(storage, database_name, 0.5)
    try:
        with pytest.raises(TimeLimitExceeded) as stopped:
            run_in_transaction(database, lambda cr: cr.execute(SLOW))
        assert error_name(stopped.value) == "psycopg2.errors.QueryCanceled"
        assert error_status(stopped.value) == 500
        assert error_message(stopped.value) == (
            "canceling statement due to statement timeout: the call ran longer than "
            "the server's time limit of 0.5 seconds (limit_time_real)"
        )
        assert run_in_transaction(database, lambda cr: cr.execute("SELECT 1")) == [(1,)]
    finally:
        database.dispose()


def test_no_statement_starts_past_the_time_limit(storage: Storage, database_name: str) -> None:
    """A call whose statements are each quick, but which runs past its limit, is
    stopped at its next statement and rolled back."""
    database = opened(storage, database_name, 0.3)
    waited = threading.Event()

    def slow_between_statements(cr: Cursor) -> None:
        cr.execute("CREATE TABLE IF NOT EXISTS marks (note TEXT)")
        cr.execute("INSERT INTO marks (note) VALUES ('late')")
        waited.wait(0.6)  # the caller's own work, past the limit
        cr.execute("SELECT 1")

    try:
        run_in_transaction(database, lambda cr: cr.execute("CREATE TABLE marks (note TEXT)"))
        with pytest.raises(TimeLimitExceeded):
            run_in_transaction(database, slow_between_statements)
        rows = run_in_transaction(database, lambda cr: cr.execute("SELECT count(*) FROM marks"))
        assert rows == [(0,)]
    finally:
        database.dispose()


def test_without_a_limit_nothing_is_stopped(storage: Storage, database_name: str) -> None:
    database = opened(storage, database_name, None)
    try:
        assert database.time_limit is None
        quick = SLOW.replace("2000000000", "1000")
        assert run_in_transaction(database, lambda cr: cr.execute(quick)) == [(1000,)]
    finally:
        database.dispose()


def test_a_driver_error_reaches_the_log_not_the_client(
    storage: Storage, database_name: str, caplog: pytest.LogCaptureFixture
) -> None:
    database = opened(storage, database_name, None)
    try:
        with (
            caplog.at_level(logging.ERROR, logger="jsontwo.db.transaction"),
            pytest.raises(DatabaseFault) as fault,
        ):
            run_in_transaction(database, lambda cr: cr.execute("SELECT * FROM no_such_table"))
    finally:
        database.dispose()
    assert error_name(fault.value) == "psycopg2.DatabaseError"
    assert error_status(fault.value) == 500
    assert "no_such_table" not in error_message(fault.value)
    (record,) = [r for r in caplog.records if r.name == "jsontwo.db.transaction"]
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None and "no_such_table" in str(record.exc_info[1])


@pytest.fixture()
def pg_counter() -> Iterator[Database]:
    """A PostgreSQL database with a table ``counter`` holding one row of value 0."""
    storage = PostgresStorage(pg_url())
    name = new_db_name("conflict")
    storage.create_empty(name)
    database = storage.open(name)
    run_in_transaction(
        database, lambda cr: cr.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INT)")
    )
    run_in_transaction(database, lambda cr: cr.execute("INSERT INTO counter VALUES (1, 0)"))
    try:
        yield database
    finally:
        database.dispose()
        storage.drop(name)


def test_a_conflict_after_every_retry_is_odoos_serialization_failure(
    pg_counter: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each attempt reads the row, another transaction changes it and commits,
    then the attempt writes it: PostgreSQL's serialization failure, five times
    (Odoo's tries). The answer is the error Odoo lets through, with no SQL."""
    monkeypatch.setattr(transaction_module, "BACKOFF", 0.0)  # Odoo's waits add up to 30 s
    other = Database(pg_counter.name, pg_counter.url)  # another worker
    attempts: list[int] = []

    def conflicting(cr: Cursor) -> None:
        attempts.append(1)
        cr.execute("SELECT value FROM counter WHERE id = 1")  # the snapshot
        run_in_transaction(other, lambda ocr: ocr.execute("UPDATE counter SET value = value + 1"))
        cr.execute("UPDATE counter SET value = value + 100 WHERE id = 1")

    try:
        with pytest.raises(ConcurrencyFailure) as failure:
            run_in_transaction(pg_counter, conflicting)
        assert isinstance(failure.value.__cause__, psycopg.errors.SerializationFailure)
        assert len(attempts) == transaction_module.MAX_TRIES == 5
        assert error_name(failure.value) == "psycopg2.errors.SerializationFailure"
        assert error_status(failure.value) == 500
        assert error_message(failure.value) == (
            "could not serialize access due to concurrent update\n"
        )
        rows = run_in_transaction(pg_counter, lambda cr: cr.execute("SELECT value FROM counter"))
        assert rows == [(5,)]  # the other worker's five changes, none of the failed call's
    finally:
        other.dispose()


def test_odoos_retry_numbers() -> None:
    """Five tries, the nth retry after uniform(0, 2**n) seconds, as Odoo's request retry."""
    assert transaction_module.MAX_TRIES == 5
    assert transaction_module.BACKOFF == 1.0


def test_sqlite_locked_after_every_retry_gets_the_same_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each attempt begins reading, another process writes, then the attempt
    writes: SQLite's "database is locked", five times. The answer is the one
    PostgreSQL's conflict gets: the same contention, the same error."""
    monkeypatch.setattr(transaction_module, "BACKOFF", 0.0)
    storage = SqliteStorage(tmp_path)
    storage.create_empty("locked")
    database = storage.open("locked")
    other = Database(database.name, database.url)  # another process's pool
    attempts: list[int] = []

    def conflicting(cr: Cursor) -> None:
        attempts.append(1)
        cr.execute("SELECT value FROM counter")
        run_in_transaction(other, lambda ocr: ocr.execute("UPDATE counter SET value = value + 1"))
        cr.execute("UPDATE counter SET value = value + 100")

    try:
        run_in_transaction(database, lambda cr: cr.execute("CREATE TABLE counter (value INT)"))
        run_in_transaction(database, lambda cr: cr.execute("INSERT INTO counter VALUES (0)"))
        with pytest.raises(ConcurrencyFailure) as failure:
            run_in_transaction(database, conflicting, defer_write_lock=True)
        assert len(attempts) == 5
        assert error_name(failure.value) == "psycopg2.errors.SerializationFailure"
        assert error_message(failure.value) == (
            "could not serialize access due to concurrent update\n"
        )
        rows = run_in_transaction(database, lambda cr: cr.execute("SELECT value FROM counter"))
        assert rows == [(5,)]
    finally:
        other.dispose()
        database.dispose()
