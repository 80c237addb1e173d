"""Read replicas: PostgreSQL hot standbys that serve the calls which only read.

``jsontwo serve --db-replica-url URL`` names replica servers; database ``X`` of
the primary is read as database ``X`` on each of them. :class:`ReplicaSet`
(one per database and worker) picks a replica for a read, in turn, among those
that answer and are fresh; a read that fails because its replica died is run
again on the primary (a read is safe to run twice), so callers see no error.

How fresh: every :data:`CHECK_INTERVAL` seconds at most (per replica and
worker) a check reads the primary's WAL position and the replica's replay
position. The replica's lag is the time since the primary was at a position
the replica has replayed: 0 when it replayed everything, however long the
primary has been idle (``now() - pg_last_xact_replay_timestamp()`` would grow
on an idle primary). A replica more than ``max_lag`` seconds behind, or one
that failed, is skipped until a later check finds it fresh again.

Read-your-writes: :class:`WriteMarks` remembers, for ``window`` seconds, the
callers that wrote; their reads go to the primary. The marks are files in a
folder all the workers of one ``serve`` share, so the guarantee holds across
the workers of one instance (docs/replicas.md says how far beyond).
"""

from __future__ import annotations

import collections
import hashlib
import itertools
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import sqlalchemy as sa

from jsontwo.db.database import Database
from jsontwo.metrics import REPLICA_FALLBACKS, REPLICA_READS

T = TypeVar("T")
_logger = logging.getLogger(__name__)

#: seconds between two checks of one replica's lag, per worker, at most
CHECK_INTERVAL = 0.25
#: seconds a replica that failed is left alone before it is checked again
RETRY_AFTER = 1.0
#: seconds added to the maximum lag for the read-your-writes window
WINDOW_MARGIN = 1.0
#: seconds added to the lag of a replica behind every primary position a worker saw
LATE = 1e-6
#: the default ``--max-replica-lag``
DEFAULT_MAX_LAG = 1.0


class ReplicaBehind(Exception):
    """Raised by a read's work on a replica that has not replayed what the call
    needs (the models changed on the primary): the read runs on the primary."""


#: where a list of replica URLs splits: spaces, or a comma before the next URL
#: (a comma inside one URL separates the hosts of a multi-host URL)
_URL_SEPARATOR = re.compile(r"\s+|,\s*(?=postgres(?:ql)?(?:\+\w+)?://)")


def split_urls(*values: str) -> tuple[str, ...]:
    """The replica URLs in ``values`` (each a URL, or several separated by spaces
    or commas, as ``JSONTWO_DB_REPLICA_URL`` holds them)."""
    return tuple(
        url.strip(", ")
        for value in values
        for url in _URL_SEPARATOR.split(value)
        if url.strip(", ")
    )


class ReplicaConfig:
    """The replica servers of a storage (``--db-replica-url``), the lag allowed
    (``--max-replica-lag``) and the write marks its workers share (a folder;
    None: this process only). ValueError for a URL that is no PostgreSQL URL."""

    def __init__(
        self,
        urls: Sequence[str],
        max_lag: float = DEFAULT_MAX_LAG,
        marks_folder: str | Path | None = None,
    ) -> None:
        for url in urls:
            try:
                backend = sa.make_url(url).get_backend_name()
            except sa.exc.ArgumentError:
                backend = None
            if backend != "postgresql":
                raise ValueError(f"not a PostgreSQL URL: {url!r} (expected postgresql://...)")
        if max_lag < 0:
            raise ValueError(f"a lag is 0 seconds or more, not {max_lag!r}")
        self.urls = tuple(urls)
        self.max_lag = max_lag
        self.marks = WriteMarks(marks_folder, max_lag + WINDOW_MARGIN)

    def replica_set(self, primary: Database) -> ReplicaSet:
        """The replicas of ``primary``'s database: database X on each server."""
        pools = [
            Database(
                primary.name,
                replica_database_url(url, primary.name),
                primary.time_limit,
                read_only=True,
            )
            for url in self.urls
        ]
        return ReplicaSet(primary, pools, self.max_lag, self.marks)


def parse_lsn(text: str) -> int:
    """A PostgreSQL WAL position (``16/B374D848``) as a number."""
    high, _, low = text.partition("/")
    return (int(high, 16) << 32) + int(low, 16)


def replica_database_url(server: str, name: str) -> str:
    """The URL of database ``name`` on the replica server ``server``."""
    return sa.make_url(server).set(database=name).render_as_string(hide_password=False)


class Replica:
    """One replica server's pool for one database, and what the last check found."""

    def __init__(self, index: int, database: Database) -> None:
        #: its position in ``--db-replica-url`` (1, 2...): the metrics' label, never its URL
        self.label = str(index)
        self.database = database
        self.next_check = 0.0
        self.usable = False
        self.lag = 0.0
        #: what the log last said of it: None (nothing yet), "used" or "skipped"
        self.said: str | None = None

    def fail(self, now: float, why: object) -> None:
        """Skip the replica until RETRY_AFTER seconds from ``now``."""
        if self.said != "skipped":
            _logger.warning("Replica %s of %s is skipped: %s", self.label, self.database.name, why)
            self.said = "skipped"
        self.usable = False
        self.next_check = now + RETRY_AFTER

    def judge(self, lag: float, max_lag: float) -> None:
        """Use the replica when ``lag`` is within ``max_lag``, skip it otherwise."""
        self.lag = lag
        self.usable = lag <= max_lag
        state = "used" if self.usable else "skipped"
        if state != self.said:
            _logger.log(
                logging.INFO if self.usable else logging.WARNING,
                "Replica %s of %s is %s (%.2f s behind)",
                self.label,
                self.database.name,
                state,
                lag,
            )
            self.said = state


class ReplicaSet:
    """The replicas of one database, as one worker sees them."""

    def __init__(
        self,
        primary: Database,
        replicas: Sequence[Database],
        max_lag: float = DEFAULT_MAX_LAG,
        marks: WriteMarks | None = None,
    ) -> None:
        self.primary = primary
        self.replicas = [Replica(i, db) for i, db in enumerate(replicas, start=1)]
        self.max_lag = max_lag
        self.marks = marks or WriteMarks(None, max_lag + WINDOW_MARGIN)
        #: (monotonic time, primary WAL position) of the recent checks, oldest first
        self._samples: collections.deque[tuple[float, int]] = collections.deque()
        self._turn = itertools.count()
        self._lock = threading.Lock()

    # -- routing ------------------------------------------------------------------

    def run(self, work: Callable[[Database], T], affinity: str | None) -> T:
        """``work(database)`` on a fresh replica, or on the primary when none is
        usable, when ``affinity`` (the caller) wrote recently, or when the read
        failed on the replica for the replica's sake."""
        if affinity is None or self.marks.recent(affinity):
            REPLICA_FALLBACKS.labels("own_writes" if affinity else "anonymous").inc()
            return work(self.primary)
        replica = self.choose()
        if replica is None:
            REPLICA_FALLBACKS.labels("no_replica").inc()
            return work(self.primary)
        try:
            result = work(replica.database)
        except ReplicaBehind:
            REPLICA_FALLBACKS.labels("behind").inc()
            return work(self.primary)
        except Exception as exc:
            reason = replica_fault(exc)
            if reason is None:
                raise
            if reason == "failed":
                replica.fail(time.monotonic(), _words(exc))
            elif reason == "wrote":  # a read that writes: a bug to fix, not the replica's fault
                _logger.warning("A read wrote on replica %s; run on the primary", replica.label)
            REPLICA_FALLBACKS.labels(reason).inc()
            return work(self.primary)
        REPLICA_READS.labels(replica.label).inc()
        return result

    def wrote(self, affinity: str) -> None:
        """Note that ``affinity`` (a caller) wrote: its reads go to the primary for
        the read-your-writes window."""
        self.marks.note(affinity)

    def choose(self) -> Replica | None:
        """A usable replica, in turn; each one checked when its check is due."""
        now = time.monotonic()
        start = next(self._turn)
        count = len(self.replicas)
        for offset in range(count):
            replica = self.replicas[(start + offset) % count]
            if now >= replica.next_check:
                self.check(replica, now)
            if replica.usable:
                return replica
        return None

    # -- health -------------------------------------------------------------------

    def check(self, replica: Replica, now: float) -> None:
        """Read the replica's replay position (and the primary's WAL position, once
        per interval for all of them) and decide whether it is usable."""
        replica.next_check = now + min(CHECK_INTERVAL, self.max_lag / 2)
        try:
            state = _replica_state(replica.database)
        except Exception as exc:
            replica.fail(now, _words(exc))
            return
        if state is None:
            replica.fail(now, "it is not a standby (promoted?)")
            return
        replayed, streaming_idle = state
        if streaming_idle and self.max_lag > 0:
            # streaming, and all it received replayed: as fresh as the network
            # makes it, milliseconds (the primary need not be asked; with no
            # lag allowed at all, it is)
            replica.judge(0.0, self.max_lag)
            return
        try:
            lag = self._lag(replayed, now)
        except Exception:  # the primary's fault: calls there report it
            _logger.exception("The primary's WAL position could not be read")
            replica.usable = False
            return
        replica.judge(lag, self.max_lag)

    def _lag(self, replayed: int, now: float) -> float:
        """Seconds since the primary was at a position ``replayed`` reaches."""
        with self._lock:
            samples = self._samples
            if not samples or now - samples[-1][0] >= min(CHECK_INTERVAL, self.max_lag / 2):
                samples.append((now, _wal_position(self.primary)))
            keep = self.max_lag + 2 * CHECK_INTERVAL
            while len(samples) > 1 and now - samples[1][0] > keep:
                samples.popleft()
            if replayed >= samples[-1][1]:
                return 0.0
            reached = [at for at, position in samples if position <= replayed]
            if reached:
                return now - reached[-1]
            # behind every position seen: at least as late as the oldest (and late)
            return now - samples[0][0] + LATE

    def dispose(self) -> None:
        """Close the replicas' connections."""
        for replica in self.replicas:
            replica.database.dispose()


#: what a check reads on a replica: whether it is a standby, its replay position,
#: and whether it replayed all it received while its WAL receiver runs (the
#: receiver's pid is the one column every role may read)
_REPLICA_STATE = (
    "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text, "
    "pg_last_wal_replay_lsn() >= pg_last_wal_receive_lsn() "
    "AND EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE pid IS NOT NULL)"
)


def _replica_state(database: Database) -> tuple[int, bool] | None:
    """The replica's replay position, and whether it is streaming with nothing
    left to replay; None when the server is not in recovery (promoted)."""
    with database.connection() as conn:
        try:
            row = conn.execute(_REPLICA_STATE).fetchone()
        finally:
            conn.rollback()
    if not row or not row[0] or row[1] is None:
        return None
    return parse_lsn(row[1]), bool(row[2])


def _wal_position(database: Database) -> int:
    """The primary's current WAL position."""
    with database.connection() as conn:
        try:
            row = conn.execute("SELECT pg_current_wal_lsn()::text").fetchone()
        finally:
            conn.rollback()
    return parse_lsn(row[0])


def replica_fault(exc: BaseException) -> str | None:
    """Why a read failed for its replica's sake: ``failed`` (the server is gone,
    unreachable, or shutting down), ``wrote`` (the read tried to write, which a
    replica refuses), ``conflict`` (cancelled by a conflict with the replay,
    even after retries); None when the read itself failed (an access error...),
    which the primary would answer alike."""
    from jsontwo.db.faults import ConcurrencyFailure
    from jsontwo.db.storage import StorageUnavailable

    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, StorageUnavailable):
            return "failed"
        if isinstance(seen, ConcurrencyFailure):
            return "conflict"
        module = type(seen).__module__
        if module.startswith("psycopg"):
            import psycopg.errors

            if isinstance(seen, psycopg.errors.ReadOnlySqlTransaction):
                return "wrote"
            if isinstance(seen, psycopg.OperationalError | psycopg.InterfaceError):
                return "failed"
        seen = seen.__cause__ or seen.__context__
    return None


def _words(exc: BaseException) -> str:
    detail = getattr(exc, "detail", None)
    return str(detail or exc).strip().splitlines()[0] if str(detail or exc) else type(exc).__name__


class WriteMarks:
    """Who wrote in the last ``window`` seconds: a file per caller in ``folder``
    (shared by the workers of one instance; its modification time is the last
    write), or a dictionary of this process without a folder."""

    #: marks written between two sweeps of the old ones
    SWEEP_EVERY = 1000

    def __init__(self, folder: str | Path | None, window: float) -> None:
        self.folder = Path(folder) if folder else None
        self.window = window
        self._local: dict[str, float] = {}
        self._notes = 0

    def note(self, affinity: str) -> None:
        """Mark ``affinity`` as having written now."""
        name = _mark_name(affinity)
        if self.folder is None:
            self._local[name] = time.time()
            return
        path = self.folder / name
        try:
            path.touch()
            os.utime(path)  # an existing mark: touch() alone keeps some filesystems' time
        except OSError:
            _logger.exception("A write mark could not be kept")
        self._notes += 1
        if self._notes % self.SWEEP_EVERY == 0:
            self.sweep()

    def recent(self, affinity: str) -> bool:
        """Whether ``affinity`` wrote in the last ``window`` seconds."""
        name = _mark_name(affinity)
        if self.folder is None:
            when = self._local.get(name)
        else:
            try:
                when = (self.folder / name).stat().st_mtime
            except OSError:
                when = None
        return when is not None and time.time() - when <= self.window

    def sweep(self) -> None:
        """Remove the marks older than the window."""
        if self.folder is None:
            return
        limit = time.time() - self.window
        for path in self.folder.iterdir():
            try:
                if path.stat().st_mtime < limit:
                    path.unlink()
            except OSError:
                continue


def _mark_name(affinity: str) -> str:
    """A file name for a caller: a digest (the credential never reaches the disk)."""
    return hashlib.sha256(affinity.encode()).hexdigest()[:40]


__all__ = [
    "DEFAULT_MAX_LAG",
    "ReplicaBehind",
    "ReplicaSet",
    "WriteMarks",
    "parse_lsn",
    "replica_database_url",
    "replica_fault",
]
