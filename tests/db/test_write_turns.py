"""SQLite's writers take turns: a writer waits for the one before it to
commit (in this process or another), readers never wait, a writer's nested
transaction needs no second turn, and a forked process has turns of its own."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from jsontwo.db import Cursor, Database, open_storage, run_in_transaction
from jsontwo.db.write_turns import SUFFIX, WriteTurns, write_turns
from tests.db.test_transaction import empty_database_on

#: seconds a test waits for what must happen at once (never reached when it works)
PATIENCE = 30


@pytest.fixture()
def database(tmp_path: Path) -> Iterator[Database]:
    """A SQLite database with a table ``log`` of texts, in write order."""
    for database in empty_database_on(open_storage(data_dir=tmp_path)):
        run_in_transaction(
            database,
            lambda cr: cr.execute("CREATE TABLE log (id INTEGER PRIMARY KEY, what TEXT)"),
        )
        yield database


def logged(database: Database) -> list[str]:
    """The texts of ``log``, in the order they were written."""
    rows = run_in_transaction(
        database,
        lambda cr: cr.execute("SELECT what FROM log ORDER BY id"),
        defer_write_lock=True,
    )
    return [row[0] for row in rows]


def log(cr: Cursor, what: str) -> None:
    cr.execute("INSERT INTO log (what) VALUES (%s)", [what])


def test_a_writer_waits_for_the_one_before_it_and_reads_never_wait(database: Database) -> None:
    holding, release = threading.Event(), threading.Event()

    def first(cr: Cursor) -> None:
        log(cr, "first")
        holding.set()
        assert release.wait(PATIENCE)

    def second(cr: Cursor) -> list[str]:
        seen = [row[0] for row in cr.execute("SELECT what FROM log")]
        log(cr, "second")
        return seen

    holder = threading.Thread(target=run_in_transaction, args=(database, first))
    holder.start()
    assert holding.wait(PATIENCE)
    results: list[list[str]] = []
    writer = threading.Thread(target=lambda: results.append(run_in_transaction(database, second)))
    writer.start()
    try:
        # a reader is not queued behind the writer holding its turn: it answers
        # now, from before the first writer's commit
        assert logged(database) == []
        assert writer.is_alive()  # still waiting for its turn
    finally:
        release.set()
        holder.join(PATIENCE)
    writer.join(PATIENCE)
    # the second began once the first had committed: it saw the first's row
    assert results == [["first"]]
    assert logged(database) == ["first", "second"]


def test_a_writer_in_another_process_waits_for_its_turn(database: Database, tmp_path: Path) -> None:
    path = Path(str(database.engine.url.database))
    assert Path(f"{path}{SUFFIX}").exists()  # made by the fixture's first write
    script = (
        "import sys, sqlite3\n"
        "from pathlib import Path\n"
        "from jsontwo.db.write_turns import write_turns\n"
        "with write_turns(Path(sys.argv[1])).turn(30):\n"
        "    conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "    conn.execute('BEGIN IMMEDIATE')\n"
        "    conn.execute(\"INSERT INTO log (what) VALUES ('other process')\")\n"
        "    print('holding', flush=True)\n"
        "    sys.stdin.readline()\n"
        "    conn.execute('COMMIT')\n"
    )
    other = subprocess.Popen(
        [sys.executable, "-c", script, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert other.stdout is not None and other.stdin is not None
        assert other.stdout.readline().strip() == "holding"
        writer = threading.Thread(
            target=run_in_transaction, args=(database, lambda cr: log(cr, "this process"))
        )
        writer.start()
        writer.join(0.5)
        assert writer.is_alive()  # waiting for the other process's turn
        other.stdin.write("go\n")
        other.stdin.flush()
        writer.join(PATIENCE)
        assert not writer.is_alive()
    finally:
        other.stdin.close()  # type: ignore[union-attr]
        assert other.wait(PATIENCE) == 0
    assert logged(database) == ["other process", "this process"]


def test_a_writer_gives_up_waiting_at_its_timeout(tmp_path: Path) -> None:
    turns = WriteTurns(tmp_path / "file.sqlite3")
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        with turns.turn(PATIENCE):
            holding.set()
            release.wait(PATIENCE)

    holder = threading.Thread(target=hold)
    holder.start()
    assert holding.wait(PATIENCE)
    try:
        # SQLite's own error: the transaction is tried again, as when SQLite waited
        with (
            pytest.raises(sqlite3.OperationalError, match="database is locked"),
            turns.turn(0.05),
        ):
            pass
    finally:
        release.set()
        holder.join(PATIENCE)
    with turns.turn(PATIENCE):  # free again
        pass


def test_a_nested_transaction_needs_no_second_turn(tmp_path: Path) -> None:
    turns = write_turns(tmp_path / "file.sqlite3")
    assert write_turns(tmp_path / "." / "file.sqlite3") is turns  # one per file
    with turns.turn(PATIENCE), turns.turn(PATIENCE):
        pass
    # and the turn was given back: another thread takes it
    done = threading.Event()

    def take() -> None:
        with turns.turn(PATIENCE):
            done.set()

    threading.Thread(target=take).start()
    assert done.wait(PATIENCE)


def _take_turn_in_child(path: str, answer: multiprocessing.connection.Connection) -> None:
    with write_turns(Path(path)).turn(PATIENCE):
        answer.send("took it")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forking needs a POSIX system")
def test_a_forked_process_does_not_inherit_a_turn_held_by_its_parent(tmp_path: Path) -> None:
    path = tmp_path / "file.sqlite3"
    turns = write_turns(path)
    context = multiprocessing.get_context("fork")
    mine, theirs = context.Pipe()
    with turns.turn(PATIENCE):  # held while forking
        child = context.Process(target=_take_turn_in_child, args=(str(path), theirs))
        child.start()
        # the child waits for this process's turn, not for a copy of it that
        # nobody would ever give back
        assert not mine.poll(0.5)
    assert mine.poll(PATIENCE) and mine.recv() == "took it"
    child.join(PATIENCE)
    assert child.exitcode == 0


def _hold_file_until_told(path: str) -> subprocess.Popen[str]:
    """Another process holding the turns' file of ``path`` until a line arrives."""
    script = (
        "import fcntl, os, sys\n"
        f"fd = os.open(sys.argv[1] + {SUFFIX!r}, os.O_RDONLY | os.O_CREAT)\n"
        "fcntl.flock(fd, fcntl.LOCK_EX)\n"
        "print('holding', flush=True)\n"
        "sys.stdin.readline()\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", script, path],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
    return holder


def _live_until_told(told: multiprocessing.connection.Connection) -> None:
    told.recv()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forking needs a POSIX system")
def test_a_process_forked_while_a_writer_waits_does_not_keep_the_turn(tmp_path: Path) -> None:
    """A worker forked while a thread waited for the turn of another process
    (a supervisor starting a worker): once that thread has had and given back
    its turn, the next process gets it, although the forked one lives on."""
    path = tmp_path / "file.sqlite3"
    holder = _hold_file_until_told(str(path))
    turns = write_turns(path)
    had_it = threading.Event()

    def write() -> None:
        with turns.turn(PATIENCE):
            had_it.set()

    writer = threading.Thread(target=write)
    writer.start()
    writer.join(0.3)  # now waiting for the other process's turn (or about to)
    context = multiprocessing.get_context("fork")
    mine, theirs = context.Pipe()
    child = context.Process(target=_live_until_told, args=(theirs,))
    child.start()
    try:
        assert holder.stdin is not None
        holder.stdin.write("go\n")
        holder.stdin.flush()
        assert holder.wait(PATIENCE) == 0
        writer.join(PATIENCE)
        assert had_it.is_set()
        # a third process takes the turn at once, the forked one still running
        script = (
            "import fcntl, os, sys\n"
            f"fd = os.open(sys.argv[1] + {SUFFIX!r}, os.O_RDONLY)\n"
            "fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)\n"
        )
        taken = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True)
        assert taken.returncode == 0, taken.stderr.decode()
        assert child.is_alive()
    finally:
        mine.send("stop")
        child.join(PATIENCE)
