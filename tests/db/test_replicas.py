"""Read replicas (jsontwo.db.replicas) against a real streaming replica of the test
cluster: where a read runs, what a paused, lagging or stopped replica changes,
and the write marks the workers share."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from jsontwo.db import Database, Storage, open_storage, run_in_transaction
from jsontwo.db.replicas import (
    ReplicaConfig,
    ReplicaSet,
    WriteMarks,
    parse_lsn,
    split_urls,
)
from tests.conftest import new_db_name, pg_url

#: seconds a test waits at most for a replica to come back (a bound, not a timing)
COMEBACK = 30.0


def test_wal_positions_compare_as_numbers() -> None:
    assert parse_lsn("0/16B3748") == 0x16B3748
    assert parse_lsn("1/0") > parse_lsn("0/FFFFFFFF")


def test_a_list_of_urls_splits_on_spaces_and_on_commas_before_a_url() -> None:
    assert split_urls("postgresql://a/ postgresql://b/,postgresql://c/", "postgres://d/") == (
        "postgresql://a/",
        "postgresql://b/",
        "postgresql://c/",
        "postgres://d/",
    )
    # a comma between the hosts of one multi-host URL stays in it
    assert split_urls("postgresql://h1:5432,h2:5432/") == ("postgresql://h1:5432,h2:5432/",)
    assert split_urls("", "  ") == ()


@pytest.mark.parametrize("url", ["sqlite:///x.sqlite3", "not a url", "mysql://h/"])
def test_a_replica_is_a_postgresql_server(url: str) -> None:
    with pytest.raises(ValueError, match="not a PostgreSQL URL"):
        ReplicaConfig([url])


def test_write_marks_are_shared_through_their_folder(tmp_path: Path) -> None:
    """Two workers (two WriteMarks on one folder): what one notes, the other sees;
    the file names say nothing of the credential."""
    one, other = WriteMarks(tmp_path, 60), WriteMarks(tmp_path, 60)
    assert not other.recent("db\0bearer secret")
    one.note("db\0bearer secret")
    assert other.recent("db\0bearer secret")
    assert not other.recent("db\0bearer another")
    assert all("secret" not in path.name for path in tmp_path.iterdir())


def test_write_marks_expire_after_their_window(tmp_path: Path) -> None:
    marks = WriteMarks(tmp_path, 60)
    marks.note("caller")
    (mark,) = tmp_path.iterdir()
    old = time.time() - 61
    import os

    os.utime(mark, (old, old))
    assert not marks.recent("caller")
    marks.sweep()
    assert list(tmp_path.iterdir()) == []


@pytest.fixture(scope="module")
def pg_storage(tmp_path_factory: pytest.TempPathFactory) -> Storage:
    return open_storage(data_dir=tmp_path_factory.mktemp("data"), db_url=pg_url())


@pytest.fixture(scope="module")
def primary_db(pg_storage: Storage) -> Iterator[Database]:
    """An empty database with one table of one row, on the primary."""
    name = new_db_name("replica")
    pg_storage.create_empty(name)
    database = pg_storage.database(name)
    with database.transaction() as cr:
        cr.execute("CREATE TABLE note (id int PRIMARY KEY, text varchar)")
        cr.execute("INSERT INTO note VALUES (1, 'first')")
    yield database
    database.dispose()
    pg_storage.drop(name)


@contextmanager
def replica_set(
    primary: Database, replica: Any, max_lag: float, tmp_path: Path
) -> Iterator[ReplicaSet]:
    """The replica's pools for ``primary``'s database, closed on the way out."""
    replicas = ReplicaConfig([replica.server_url()], max_lag, tmp_path).replica_set(primary)
    try:
        yield replicas
    finally:
        replicas.dispose()


def where_and_what(database: Database) -> tuple[str, str]:
    """Read the note in a transaction of ``database``: (replica or primary, its text)."""

    def work(cr: Any) -> tuple[str, str]:
        ((standby, text),) = cr.execute("SELECT pg_is_in_recovery(), text FROM note WHERE id = 1")
        return ("replica" if standby else "primary"), text

    return run_in_transaction(database, work, defer_write_lock=True)


def write_note(database: Database, text: str) -> None:
    with database.transaction() as cr:
        cr.execute("UPDATE note SET text = %s WHERE id = 1", [text])


def test_reads_run_on_a_fresh_replica_and_see_what_it_replayed(
    primary_db: Database, pg_replica: Any, tmp_path: Path
) -> None:
    """A paused replica still counts as fresh within a generous maximum lag: the
    read shows the value before the write, which the primary has."""
    with replica_set(primary_db, pg_replica, 3600, tmp_path) as replicas:
        write_note(primary_db, "before")
        pg_replica.wait_caught_up()
        assert replicas.run(where_and_what, "caller") == ("replica", "before")
        pg_replica.pause()
        write_note(primary_db, "after")
        assert replicas.run(where_and_what, "caller") == ("replica", "before")
        assert where_and_what(primary_db) == ("primary", "after")
        pg_replica.resume()
        pg_replica.wait_caught_up()
        assert replicas.run(where_and_what, "caller") == ("replica", "after")


def test_a_caller_that_wrote_reads_the_primary(
    primary_db: Database, pg_replica: Any, tmp_path: Path
) -> None:
    with replica_set(primary_db, pg_replica, 3600, tmp_path) as replicas:
        pg_replica.pause()
        write_note(primary_db, "mine")
        replicas.wrote("writer")
        assert replicas.run(where_and_what, "writer") == ("primary", "mine")
        assert replicas.run(where_and_what, "reader")[0] == "replica"
        assert replicas.run(where_and_what, None) == ("primary", "mine")  # nobody to tell


def test_a_replica_lagging_beyond_the_limit_is_skipped(
    primary_db: Database, pg_replica: Any, tmp_path: Path
) -> None:
    """With no lag allowed, a paused replica behind a write is skipped at once;
    the same replica caught up is used again once its next check finds it so."""
    with replica_set(primary_db, pg_replica, 0, tmp_path) as strict:
        pg_replica.pause()
        write_note(primary_db, "late")
        assert strict.run(where_and_what, "caller") == ("primary", "late")
        assert not strict.replicas[0].usable
        assert strict.replicas[0].lag > 0
    pg_replica.resume()
    pg_replica.wait_caught_up()
    with replica_set(primary_db, pg_replica, 3600, tmp_path) as relaxed:
        assert relaxed.run(where_and_what, "caller") == ("replica", "late")


def test_an_idle_caught_up_replica_counts_as_fresh(
    primary_db: Database, pg_replica: Any, tmp_path: Path
) -> None:
    """The lag is measured in WAL positions, not in time since the last replayed
    commit: a replica that replayed everything is 0 s behind."""
    with replica_set(primary_db, pg_replica, 3600, tmp_path) as replicas:
        pg_replica.wait_caught_up()
        replica = replicas.replicas[0]
        replicas.check(replica, time.monotonic())
        assert replica.usable
        assert replica.lag < 3600


def test_a_stopped_replica_is_skipped_and_used_again_once_back(
    primary_db: Database, pg_replica: Any, tmp_path: Path
) -> None:
    with replica_set(primary_db, pg_replica, 3600, tmp_path) as replicas:
        write_note(primary_db, "stopped")
        pg_replica.wait_caught_up()
        assert replicas.run(where_and_what, "caller")[0] == "replica"  # a pooled connection
        pg_replica.stop("immediate")
        # the read broke on the dead replica's connection: the primary answered it
        assert replicas.run(where_and_what, "caller") == ("primary", "stopped")
        assert replicas.run(where_and_what, "caller") == ("primary", "stopped")
        pg_replica.start()
        deadline = time.monotonic() + COMEBACK
        while replicas.run(where_and_what, "caller")[0] != "replica":
            assert time.monotonic() < deadline, "the replica was not used again"
            time.sleep(0.1)


def test_a_read_that_writes_runs_again_on_the_primary(
    primary_db: Database, pg_replica: Any, tmp_path: Path
) -> None:
    """A replica refuses writes: the work runs on the primary instead, once."""
    tries: list[bool] = []

    def writes(database: Database) -> str:
        def work(cr: Any) -> str:
            tries.append(cr.read_only)
            cr.execute("UPDATE note SET text = 'written' WHERE id = 1")
            return "done"

        return run_in_transaction(database, work)

    with replica_set(primary_db, pg_replica, 3600, tmp_path) as replicas:
        assert replicas.run(writes, "caller") == "done"
        assert tries == [True, False]
        assert where_and_what(primary_db) == ("primary", "written")


def test_a_conflict_on_a_replica_is_not_retried_there(
    primary_db: Database, pg_replica: Any, tmp_path: Path
) -> None:
    """A read the replica cancels (a conflict with its replay) runs on the primary
    at once, without the retries and their waits a primary's conflict gets."""
    import psycopg.errors

    tries: list[bool] = []

    def cancelled_on_replica(database: Database) -> str:
        def work(cr: Any) -> str:
            tries.append(cr.read_only)
            if cr.read_only:
                raise psycopg.errors.SerializationFailure("conflict with recovery")
            return "answered"

        return run_in_transaction(database, work, defer_write_lock=True)

    with replica_set(primary_db, pg_replica, 3600, tmp_path) as replicas:
        assert replicas.run(cancelled_on_replica, "caller") == "answered"
    assert tries == [True, False]
