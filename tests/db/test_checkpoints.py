"""SQLite's write-ahead log is copied into the database file by a thread of
its own, while the database stays open, not by the commit that fills it."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from jsontwo.db import Database, open_storage, run_in_transaction
from jsontwo.db.checkpoints import FALLBACK_PAGES, LOG_SIZE_LIMIT, Checkpointer
from tests.db.test_transaction import empty_database_on

#: seconds a test waits for what must happen soon (never reached when it works)
PATIENCE = 30


@pytest.fixture()
def database(tmp_path: Path) -> Iterator[Database]:
    yield from empty_database_on(open_storage(data_dir=tmp_path))


def test_the_log_reaches_the_file_while_the_database_stays_open(database: Database) -> None:
    marker = "a text only this test writes"
    run_in_transaction(
        database,
        lambda cr: (
            cr.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT)"),
            cr.execute("INSERT INTO note (body) VALUES (%s)", [marker]),
        ),
    )
    path = Path(str(database.engine.url.database))
    # the connections stay open (no close copies the log): only a checkpoint
    # puts the row into the database file itself
    wait_for(lambda: marker.encode() in path.read_bytes(), "the log never reached the file")
    assert Path(f"{path}-wal").exists()  # still open, in WAL mode


def test_a_commit_does_not_copy_the_log_itself(database: Database) -> None:
    with database.connection() as conn:
        # SQLite's own trigger only as a safety net, far above its 1,000 pages
        assert conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == FALLBACK_PAGES
        assert conn.execute("PRAGMA journal_size_limit").fetchone()[0] == LOG_SIZE_LIMIT
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_dropped_database_leaves_no_file_behind(tmp_path: Path) -> None:
    storage = open_storage(data_dir=tmp_path)
    for database in empty_database_on(storage):
        run_in_transaction(database, lambda cr: cr.execute("CREATE TABLE t (id INTEGER)"))
    # the database, its log, its shared memory and its writers' turns: all gone
    assert [p.name for p in tmp_path.iterdir() if not p.is_dir()] == []


def test_a_dropped_database_is_not_made_again(tmp_path: Path) -> None:
    """A checkpoint asked for by a last write finds the database dropped
    meanwhile (``jsontwo db drop`` in another process): the file stays gone."""
    path = tmp_path / "gone.sqlite3"
    checkpointer = Checkpointer(path, interval=0.01)
    try:
        checkpointer.wrote()
        wait_for(lambda: checkpointer.rounds > 0, "the checkpoint never came")
    finally:
        checkpointer.close()
    assert list(tmp_path.iterdir()) == []


def wait_for(condition: Callable[[], bool], what: str) -> None:
    """Wait until ``condition()`` holds (at most :data:`PATIENCE` seconds)."""
    deadline = time.monotonic() + PATIENCE
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.01)


def test_the_thread_ends_when_idle_and_the_next_write_starts_another(
    database: Database,
) -> None:
    path = Path(str(database.engine.url.database))
    checkpointer = Checkpointer(path, interval=0.01, idle=0.2)
    try:
        checkpointer.wrote()
        assert checkpointer.running
        wait_for(lambda: checkpointer.rounds == 1, "no checkpoint after a write")
        # a database no longer written to keeps no thread (nor its connection)
        wait_for(lambda: not checkpointer.running, "the idle thread did not end")
        checkpointer.wrote()
        wait_for(lambda: checkpointer.rounds == 2, "no checkpoint after the next write")
    finally:
        checkpointer.close()
    assert not checkpointer.running
