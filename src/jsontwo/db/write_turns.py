"""SQLite: the writers of one database take turns, woken as soon as the one before
them commits, instead of polling SQLite's lock.

SQLite lets one transaction write at a time. A writer that finds the lock taken
sleeps in SQLite's busy handler and looks again: after 1, 2, 5, 10, 15, 20, 25
ms, then every 25 to 100 ms. A writer that has waited a while therefore sleeps
long between looks, and the writers that arrived after it take the lock in its
gaps. With 16 clients writing one row each (a write holds the lock for under a
millisecond), the median call took 9 ms and the 99th percentile 130 to 290 ms;
with 4 clients creating 1,000 partners a call, the 99th percentile was 1.5 to
2.6 s.

Here a writer first takes its turn (:meth:`WriteTurns.turn`), then begins its
transaction (``BEGIN IMMEDIATE``), and gives the turn back once it committed or
rolled back. Within a process the threads queue on a lock, which wakes the next
one at once and honours the call's time limit; between processes (the server's
workers, a command such as ``jsontwo module install``) the turn is an exclusive
``flock`` on a file beside the database (``<file>-writers``), which the kernel
hands to a waiting process as soon as the holder lets go, and frees if the
holder dies. With the same 16 clients the 99th percentile was 12 to 13 ms and
the calls per second rose by half.

The wait between processes has no time limit of its own (the kernel's lock has
none, and polling it instead would let the process that just wrote take the
turn again ahead of the others, which is what this replaces): a writer waits as
long as the process writing before it takes. A call's transaction is bounded by
its time limit (``--limit-time-real``); a command's (``jsontwo module
install``) is not, and the server's writers wait for its end where, before,
they failed after SQLite's 30-second busy timeout. A call whose time limit
passed meanwhile answers the time-limit error at its first statement, without
writing.

The turn only orders jsontwo's writers: SQLite's own lock still decides who
writes, so a writer that does not take a turn (a transaction that began to read
and then writes, another program) is as safe as before, and waits in SQLite's
busy handler as before.

Without ``fcntl`` (Windows), or when the file beside the database cannot be
made (a read-only folder) or locked (a file system without locks), the threads
of a process still take turns, and processes wait in SQLite's busy handler.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

_logger = logging.getLogger(__name__)

#: what the turns' file is named after the database file's name
SUFFIX = "-writers"


class WriteTurns:
    """The turns of one SQLite database file's writers in this process: shared
    by every ``Database`` of the file (:func:`write_turns`), and re-entrant (a
    transaction a writer opens inside its own, on another connection, needs
    no second turn: it would wait for itself)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(f"{path}{SUFFIX}")
        self._lock = threading.RLock()
        self._depth = 0
        #: the turns' file while this process holds the turn
        self._fd: int | None = None
        #: the file cannot be made (a read-only folder): SQLite's busy handler only
        self._unavailable = False

    @contextmanager
    def turn(self, timeout: float) -> Iterator[None]:
        """Hold this process's turn to write for the block, waiting at most
        ``timeout`` seconds behind the process's other writers (then raise
        SQLite's own "database is locked", which the caller retries as before);
        then, behind other processes, as long as the one writing takes."""
        if not self._lock.acquire(timeout=max(timeout, 0.0)):
            raise sqlite3.OperationalError("database is locked (waited for the other writers)")
        try:
            self._depth += 1
            try:
                if self._depth == 1:
                    self._take_file()
                yield
            finally:
                self._depth -= 1
                if self._depth == 0:
                    self._give_file()
        finally:
            self._lock.release()

    def _take_file(self) -> None:
        """Wait for the turns' file, opened for this turn only: a process keeps
        no descriptor of a database it no longer writes to. (Read-only is
        enough for ``flock``, and works on a file another user made.)"""
        if fcntl is None or self._unavailable:
            return
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            self._give_up(exc)
            return
        # known before the wait: a process forked meanwhile closes its copy
        # (see reset_after_fork), which would otherwise keep the turn held
        self._fd = fd
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)  # (the interpreter is free meanwhile)
        except OSError as exc:  # a file system without locks (some network ones)
            self._give_file()
            self._give_up(exc)
        except BaseException:
            self._give_file()
            raise

    def _give_file(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            try:
                # given back explicitly: a copy of the descriptor in a process
                # forked by other means (a C library) must not keep it held
                fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                os.close(fd)

    def _give_up(self, exc: OSError) -> None:
        """No turns between processes for this file (its folder is read-only, its
        file system has no locks): SQLite's busy handler orders them, as before."""
        self._unavailable = True
        _logger.warning("writers of %s wait in SQLite's busy handler: %s", self.path, exc)

    def reset_after_fork(self) -> None:
        """In a process just forked: a turn a thread of the parent held is not
        this process's (that thread does not exist here); its copy of the
        parent's descriptor is closed, which leaves the parent's turn held."""
        self._lock = threading.RLock()
        self._depth = 0
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)  # only closed: an unlock here would give back the parent's turn


_TURNS: dict[str, WriteTurns] = {}
_TURNS_LOCK = threading.Lock()


def write_turns(path: Path) -> WriteTurns:
    """The turns of the writers of the SQLite file ``path`` in this process."""
    key = os.path.realpath(path)
    with _TURNS_LOCK:
        turns = _TURNS.get(key)
        if turns is None:
            turns = _TURNS[key] = WriteTurns(Path(key))
        return turns


def seconds_left(deadline: float | None, limit: float) -> float:
    """How long a writer may wait for its turn: ``limit`` seconds, or until the
    call's ``deadline`` (a ``time.monotonic()``) when that comes first."""
    if deadline is None:
        return limit
    return min(limit, deadline - time.monotonic())


def _after_fork_in_child() -> None:
    global _TURNS_LOCK
    _TURNS_LOCK = threading.Lock()
    for turns in _TURNS.values():
        turns.reset_after_fork()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
