"""SQLite's write-ahead log copied back into the database file by a thread of
its own, not by the call that happened to commit.

In WAL mode a commit appends pages to the ``-wal`` file; a *checkpoint* copies
them into the database file and syncs both. Left to SQLite, the connection
whose commit takes the log past 1,000 pages runs it there and then: the call
that committed waits for it. A bulk ``create`` of 1,000 partners writes about
2,500 pages, so every such call paid a checkpoint of its own (28 ms of its
145 ms), and the calls waiting for the write lock paid it too.

Here SQLite's own trigger is raised to :data:`FALLBACK_PAGES` (a safety net:
were this thread ever late, a writer would still keep the log bounded), and
:class:`Checkpointer` runs a *passive* checkpoint, which neither waits for nor
blocks readers and writers, at most every :data:`INTERVAL` seconds after
writes. The log then holds a fraction of a second of writes; when it was left
longer than :data:`journal_size_limit <LOG_SIZE_LIMIT>` allows, SQLite trims
the file when it next starts it again.

Nothing about durability changes: a checkpoint syncs the log and the file,
whoever runs it, and a commit is as safe as before.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
import weakref
from pathlib import Path

_logger = logging.getLogger(__name__)

#: seconds between two checkpoints while writes go on (an idle database runs none)
INTERVAL = 0.1
#: log pages at which a committing connection checkpoints itself (SQLite's default
#: is 1,000): only when this thread fell behind by several intervals of bulk writes
FALLBACK_PAGES = 20_000
#: seconds without a write after which the thread ends (the next write starts one)
IDLE = 30.0
#: bytes of log file kept when SQLite starts the log again from its beginning
LOG_SIZE_LIMIT = 64 * 1024 * 1024


class Checkpointer:
    """Checkpoints one SQLite database's log in a daemon thread, shortly after
    the writes :meth:`wrote` is told of.

    The thread starts with a write and ends after :data:`IDLE` seconds without
    one (a process that opened many databases keeps no thread, connection or
    file descriptor for those it no longer writes to); a process forked from
    another starts its own. It checkpoints on a connection of its own, which
    never waits for a lock: a checkpoint that finds another process's running
    leaves the work to it.
    """

    def __init__(self, path: Path, interval: float = INTERVAL, idle: float = IDLE) -> None:
        self.path = path
        self.interval = interval
        self.idle = idle
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._pid = 0
        self._lock = threading.Lock()
        #: checkpoints this process's thread has tried (the file gone included)
        self.rounds = 0
        _ALL.add(self)

    @property
    def running(self) -> bool:
        """Whether this process has a thread for this database now."""
        return self._thread is not None and self._pid == os.getpid()

    def wrote(self) -> None:
        """A transaction that wrote committed: checkpoint soon. Never raises (the
        transaction is done): without a thread, SQLite's fallback keeps the log
        bounded."""
        with self._lock:  # (against the thread ending after an idle while, just now)
            if self._pid != os.getpid():  # the parent's thread is not in this process
                self._wake, self._thread, self._pid = threading.Event(), None, os.getpid()
            self._wake.set()
            if self._thread is not None and self._thread.is_alive():
                return
            stop = self._stop = threading.Event()  # the new thread's own
            thread = threading.Thread(
                target=self._run, args=(stop,), name=f"checkpoint {self.path.name}", daemon=True
            )
            try:
                thread.start()
            except RuntimeError as exc:  # no thread to be had: the fallback takes over
                _logger.warning("no checkpoint thread for %s: %s", self.path, exc)
                self._thread = None
            else:
                self._thread = thread

    def close(self) -> None:
        """Stop the thread (the database's last connection checkpoints as it
        closes); a later write starts another."""
        with self._lock:
            thread = self._thread if self._pid == os.getpid() else None
            self._thread = None
            self._stop.set()
            self._wake.set()  # (a write's wake is kept: the next thread starts with it)
        if thread is not None:
            thread.join(timeout=5)  # (one in a long checkpoint ends after it)

    def _run(self, stop: threading.Event) -> None:
        conn: sqlite3.Connection | None = None
        try:
            while self._next_round(stop):
                conn = conn or _connect(self.path)
                if conn is not None:
                    checkpoint(conn)
                self.rounds += 1
        except Exception:  # never the caller's failure: SQLite's fallback takes over
            _logger.exception("the checkpoints of %s stopped", self.path)
        finally:
            if conn is not None:
                conn.close()
            with self._lock:
                if self._thread is threading.current_thread():
                    self._thread = None

    def _next_round(self, stop: threading.Event) -> bool:
        """Wait for a write, then for :attr:`interval` (the writes of the next
        moments go into the same checkpoint); False when ``stop`` is set, or idle
        for :attr:`idle` seconds (the thread then ends, and the next write starts
        another)."""
        while not self._wake.wait(self.idle):
            with self._lock:
                if not self._wake.is_set():  # (a write just now keeps it going)
                    if self._thread is threading.current_thread():
                        self._thread = None  # decided with the lock: the next write starts one
                    return False
        if stop.is_set() or stop.wait(self.interval):
            return False
        self._wake.clear()
        return True


#: every checkpointer of this process (see :func:`_after_fork_in_child`)
_ALL: weakref.WeakSet[Checkpointer] = weakref.WeakSet()


def _after_fork_in_child() -> None:
    """A lock a thread of the parent held while it forked (its own, or an
    event's) is held for good here: the child starts afresh."""
    for checkpointer in list(_ALL):
        checkpointer._lock = threading.Lock()
        checkpointer._wake, checkpointer._stop = threading.Event(), threading.Event()
        checkpointer._thread = None
        checkpointer._pid = os.getpid()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def _connect(path: Path) -> sqlite3.Connection | None:
    """A connection to the database file ``path`` that never waits for a lock,
    or None when the file is gone (dropped meanwhile: it is not made again)."""
    try:
        uri = f"{path.absolute().as_uri()}?mode=rw"  # never made: rw, not rwc
        return sqlite3.connect(uri, uri=True, timeout=0, isolation_level=None)
    except sqlite3.OperationalError as exc:
        _logger.debug("no checkpoint of %s: %s", path, exc)
        return None


def checkpoint(conn: sqlite3.Connection) -> None:
    """Run a passive checkpoint on ``conn``: copy what the log holds that no
    reader still needs into the database file. Another process's checkpoint
    running at the same time is left to finish the work."""
    began = time.perf_counter()
    try:
        busy, pages, copied = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    except sqlite3.OperationalError as exc:  # locked, or the file just dropped
        _logger.debug("checkpoint skipped: %s", exc)
        return
    _logger.debug(
        "checkpoint: %s of %s log pages copied in %.1f ms%s",
        copied,
        pages,
        1000 * (time.perf_counter() - began),
        " (another checkpoint was running)" if busy else "",
    )
