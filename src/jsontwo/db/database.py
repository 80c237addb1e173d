"""One jsontwo database: a pooled SQLAlchemy engine and a thin cursor over it.

The hot path runs statements through the DBAPI connection that SQLAlchemy's
pool hands out (``Engine.raw_connection``): SQLAlchemy gives us dialects,
pooling and DDL, and we skip its per-statement compilation, which costs more
than the query itself on an indexed 80-row read. Statements are written once
with ``%s`` placeholders; :class:`Dialect` rewrites them for SQLite, once per
distinct text.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine

from jsontwo.db.checkpoints import Checkpointer
from jsontwo.db.dialect import Dialect, text_arrays
from jsontwo.db.engines import TRANSACTION_POOLING, make_engine, milliseconds, pool_mode
from jsontwo.db.faults import NUL_MESSAGE, TimeLimitExceeded, is_cancelled, is_nul_error
from jsontwo.db.sqlite_functions import BUSY_TIMEOUT_MS, refresh_statistics
from jsontwo.db.waits import note_commit
from jsontwo.db.write_turns import seconds_left, write_turns
from jsontwo.metrics import CONNECTIONS_IN_USE, CONNECTIONS_OPEN

_logger = logging.getLogger(__name__)

#: SQLite: seconds between two refreshes of the planner's statistics after
#: transactions that only read (about 8 µs each when nothing is stale)
STATISTICS_INTERVAL = 10.0
#: a PostgreSQL result that has rows (psycopg.pq.ExecStatus.TUPLES_OK)
_TUPLES_OK = 2
#: how the statements that only read begin (anything else may write: a
#: ``WITH`` may hold an INSERT); see :attr:`Cursor.wrote`
READING = ("SELECT", "SET ", "SHOW", "EXPLAIN", "PRAGMA", "SAVEPOINT", "RELEASE")


def _holds_nul(params: Sequence[Any]) -> bool:
    """Whether a text among ``params`` holds NUL (one search of them joined: a bulk
    INSERT has tens of thousands of parameters, and a test of each costs twice
    as much)."""
    return "\x00" in "".join([param for param in params if type(param) is str])


def _sqlite_number(value: Any) -> Any:
    """``value``, or a float for an integer past SQLite's 64 bits."""
    if type(value) is int and not -(2**63) <= value < 2**63:
        return float(value)
    return value


@dataclass(slots=True)
class _PendingInsert:
    """Rows of one table kept back by :meth:`Cursor.defer_insert`, each under the
    id reserved for it, with what explains a failure of their INSERT."""

    table: str
    #: {id: {column: value}}
    rows: dict[int, dict[str, Any]]
    #: the SQL type of each column
    types: dict[str, sa.types.TypeEngine[Any]]
    explain: Callable[[Exception], Exception]

    def run(self, cursor: Cursor) -> None:
        """INSERT the rows: one statement for them all (a column a row lacks is
        NULL in it, as it would be in an INSERT naming only its own columns: no
        column has a default of the database's), in chunks of SQLite's
        parameter limit."""
        columns = ["id", *dict.fromkeys(name for row in self.rows.values() for name in row)]
        types = [_ID_TYPE, *(self.types[name] for name in columns[1:])]
        values = [(rid, *(row.get(name) for name in columns[1:])) for rid, row in self.rows.items()]
        size = cursor.rows_per_insert(len(columns))
        try:
            for start in range(0, len(values), size):
                cursor.insert_rows(
                    self.table, columns, types, values[start : start + size], returning=False
                )
        except Exception as exc:
            raise self.explain(exc) from exc


#: the SQL type of the ``id`` columns (64-bit; SQLite's rowid)
_ID_TYPE: sa.types.TypeEngine[Any] = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


class Cursor:
    """Executes statements in the current transaction and returns rows as tuples.

    Updates given to :meth:`defer_update` are kept back until the next
    statement (or the commit), so that several updates of the same rows, such
    as the stored fields a new record computes one method after another, reach
    the database as one statement: on PostgreSQL each UPDATE of a row inserted
    in the same transaction re-checks its foreign keys and rewrites its indexes.
    Rows given to :meth:`defer_insert` are kept back the same way, and the
    updates of those rows are merged into them: new records whose stored
    computed fields are worked out before anything reads the table are
    inserted once, with those values, and never updated.
    """

    __slots__ = (
        "_cur",
        "_insert",
        "_pending",
        "_types",
        "after_commit",
        "deadline",
        "dialect",
        "read_only",
        "rowcount",
        "time_limit",
        "wrote",
    )

    def __init__(self, raw_cursor: Any, dialect: Dialect) -> None:
        self._cur = raw_cursor
        self.dialect = dialect
        self.rowcount = 0
        #: the ``time.monotonic()`` past which no statement starts (the call's time
        #: limit, ``time_limit`` seconds after it began), or None
        self.deadline: float | None = None
        self.time_limit = 0.0
        #: the transaction runs on a read replica, where any write fails
        self.read_only = False
        #: whether a statement that may write ran (anything but a read: see
        #: :data:`READING`), what a call run again from its start would repeat
        self.wrote = False
        #: table -> {row id: {column: value}}, the updates kept back
        self._pending: dict[str, dict[int, dict[str, Any]]] = {}
        #: the rows kept back by :meth:`defer_insert`, or None
        self._insert: _PendingInsert | None = None
        self._types: dict[tuple[str, str], sa.types.TypeEngine[Any]] = {}
        #: work to run once the transaction committed (never after a rollback),
        #: keyed so that a callback added twice runs once
        self.after_commit: dict[Hashable, Callable[[], object]] = {}

    def has_table(self, table: str) -> bool:
        """Whether the database has the table ``table`` (as this transaction sees it)."""
        sql = (
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s"
            if self.dialect.is_sqlite
            else "SELECT 1 FROM pg_catalog.pg_tables "
            "WHERE schemaname = current_schema() AND tablename = %s"
        )
        return bool(self.execute(sql, [table]))

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one statement; return its rows (empty for statements without rows)."""
        if self._pending or self._insert is not None:
            self.flush()
        self._check(params)
        if not self.wrote and not sql.lstrip()[:9].upper().startswith(READING):
            self.wrote = True
        cur = self._cur
        try:
            try:
                cur.execute(self.dialect.sql(sql), params)
            except OverflowError:
                if not self.dialect.is_sqlite:
                    raise
                # SQLite binds integers of 64 bits at most; PostgreSQL compares larger
                # ones as numbers (no id matches 2**70). A REAL compares the same way.
                cur.execute(self.dialect.sql(sql), [_sqlite_number(p) for p in params])
        except Exception as exc:
            self._reraise(exc)
        self.rowcount = cur.rowcount
        if self.dialect.is_sqlite:
            return [] if cur.description is None else cur.fetchall()
        # psycopg builds a description object per column: the result's status
        # says as much without it (a few microseconds a statement)
        result = cur.pgresult
        return cur.fetchall() if result is not None and result.status == _TUPLES_OK else []

    def executemany(self, sql: str, seq: Sequence[Sequence[Any]]) -> None:
        """Run one statement for each parameter tuple."""
        if self._pending or self._insert is not None:
            self.flush()
        for params in seq:
            self._check(params)
        self.wrote = True
        try:
            self._cur.executemany(self.dialect.sql(sql), seq)
        except Exception as exc:
            self._reraise(exc)

    def _check(self, params: Sequence[Any]) -> None:
        """Refuse to start a statement past the call's time limit, or with a text
        holding NUL: PostgreSQL refuses it, SQLite would store it (and match it
        as the end of a pattern), so both refuse it before sending, with the
        ValueError Odoo answers."""
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise TimeLimitExceeded(self.time_limit)
        if self.dialect.is_sqlite and _holds_nul(params):
            raise ValueError(NUL_MESSAGE)

    def _reraise(self, exc: Exception) -> None:
        """Raise ``exc``, or what a client should see of it: the time limit for a
        statement stopped past the deadline, Odoo's ValueError for NUL."""
        if self.deadline is not None and is_cancelled(exc):
            raise TimeLimitExceeded(self.time_limit) from exc
        if is_nul_error(exc):
            raise ValueError(NUL_MESSAGE) from exc
        raise exc

    def defer_update(
        self,
        table: str,
        columns: Sequence[str],
        types: Sequence[sa.types.TypeEngine[Any]],
        rows: Sequence[Sequence[Any]],
    ) -> None:
        """As :meth:`update_rows`, run before the next statement; later updates of
        the same rows merge with it, and so do those of rows whose INSERT is
        kept back (:meth:`defer_insert`)."""
        updates = {row[-1]: dict(zip(columns, row[:-1], strict=True)) for row in rows}
        self.defer_updates(table, updates, dict(zip(columns, types, strict=True)))

    def defer_updates(
        self,
        table: str,
        updates: Mapping[int, Mapping[str, Any]],
        types: Mapping[str, sa.types.TypeEngine[Any]],
    ) -> None:
        """:meth:`defer_update` of ``updates``, ``{row id: {column: value}}``
        (``types``: the SQL type of each column)."""
        insert = self._insert
        inserting = insert.rows if insert is not None and insert.table == table else None
        if inserting is not None:
            assert insert is not None
            insert.types.update(types)
        pending = self._pending.get(table)
        for rid, values in updates.items():
            if not values:
                continue
            row = inserting.get(rid) if inserting is not None else None
            if row is None:
                if pending is None:
                    pending = self._pending[table] = {}
                row = pending.setdefault(rid, {})
            row.update(values)
        if pending is not None:
            for column, type_ in types.items():
                self._types[(table, column)] = type_

    def reserve_ids(self, table: str, count: int) -> list[int]:
        """``count`` new ids of ``table``'s rows, in increasing order, drawn as an
        INSERT would draw them (its sequence on PostgreSQL; on SQLite past the
        largest id ever given, which its write lock, held by a writing
        transaction, keeps for this one until it ends)."""
        if self.dialect.is_sqlite:
            last = self.execute(
                "SELECT max(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "
                f'COALESCE((SELECT max(id) FROM "{table}"), 0))',
                [table],
            )[0][0]
            return list(range(last + 1, last + 1 + count))
        # the sequence looked up once (MATERIALIZED): as a plain sub-select,
        # PostgreSQL inlines it and looks it up again for every id (6 ms for a
        # thousand ids, against 1.2 ms)
        rows = self.execute(
            "WITH s AS MATERIALIZED (SELECT pg_get_serial_sequence(%s, 'id')::regclass AS seq) "
            "SELECT nextval(s.seq) FROM s, generate_series(1, %s)",
            [f'"{table}"', count],
        )
        return sorted(row[0] for row in rows)

    def defer_insert(
        self,
        table: str,
        rows: dict[int, dict[str, Any]],
        types: dict[str, sa.types.TypeEngine[Any]],
        explain: Callable[[Exception], Exception],
    ) -> None:
        """INSERT ``rows`` (``{id: {column: value}}``, ids from :meth:`reserve_ids`;
        ``types``: the SQL type of each column) before the next statement, in
        one statement with the updates of these rows given meanwhile
        (:meth:`defer_update`). A failure of the INSERT raises what ``explain``
        makes of it. What was kept back before is run first."""
        if self._pending or self._insert is not None:
            self.flush()
        self._insert = _PendingInsert(table, rows, dict(types), explain)

    def flush(self) -> None:
        """Run the INSERT kept back, then the updates: one statement per table and
        set of columns."""
        insert, self._insert = self._insert, None
        pending, self._pending = self._pending, {}
        if insert is not None:
            insert.run(self)
        for table, rows in pending.items():
            batches: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
            for rid, values in rows.items():
                batches.setdefault(tuple(values), []).append((*values.values(), rid))
            for columns, batch in batches.items():
                types = [self._types[(table, column)] for column in columns]
                self.update_rows(table, columns, types, batch)

    def rows_per_insert(self, columns: int) -> int:
        """How many rows of ``columns`` values one :meth:`insert_rows` statement
        takes: below SQLite's parameter limit; on PostgreSQL a statement has a
        parameter per column, however many rows."""
        if self.dialect.is_sqlite:
            return max(1, SQLITE_PARAMETERS // max(1, columns))
        return PG_ROWS_PER_INSERT

    def insert_rows(
        self,
        table: str,
        columns: Sequence[str],
        types: Sequence[sa.types.TypeEngine[Any]],
        rows: Sequence[Sequence[Any]],
        returning: bool = True,
    ) -> list[int]:
        """INSERT ``rows`` (values in the order of ``columns``, of SQL ``types``) in
        one statement; return the new ids in the order of the rows (none when
        not ``returning``: the rows give their ids)."""
        if not rows:
            return []
        names = ", ".join(f'"{c}"' for c in columns)
        tail = " RETURNING id" if returning else ""
        if self.dialect.is_sqlite:
            one = "(" + ", ".join(["%s"] * len(columns)) + ")"
            values = ", ".join([one] * len(rows))
            sql = f'INSERT INTO "{table}" ({names}) VALUES {values}{tail}'
            params = [value for row in rows for value in row]
        else:
            # one array a column: a short statement, parsed once however many rows
            sql = (
                f'INSERT INTO "{table}" ({names}) '
                f"SELECT * FROM unnest({self.dialect.arrays(types)}){tail}"
            )
            params = text_arrays(rows)
        # ids are drawn in the order the rows are inserted
        return sorted(row[0] for row in self.execute(sql, params))

    def update_rows(
        self,
        table: str,
        columns: Sequence[str],
        types: Sequence[sa.types.TypeEngine[Any]],
        rows: Sequence[Sequence[Any]],
    ) -> None:
        """UPDATE each row whose id ends a tuple of ``rows`` with the values before
        it (in the order of ``columns``, of SQL ``types``)."""
        if not rows:
            return
        if self.dialect.is_sqlite:
            # one statement for many rows, joined to their values: as many
            # statements of one row each cost several times more (the foreign
            # keys' checks run per statement)
            sets = ", ".join(f'"{c}" = v.column{i}' for i, c in enumerate(columns, start=1))
            one = "(" + ", ".join(["%s"] * (len(columns) + 1)) + ")"
            size = max(1, min(SQLITE_ROWS_PER_UPDATE, SQLITE_PARAMETERS // (len(columns) + 1)))
            for start in range(0, len(rows), size):
                batch = rows[start : start + size]
                self.execute(
                    f'UPDATE "{table}" SET {sets} FROM (VALUES {", ".join([one] * len(batch))}) '
                    f'AS v WHERE "{table}".id = v.column{len(columns) + 1}',
                    [value for row in batch for value in row],
                )
            return
        sets = ", ".join(f'"{c}" = u."{c}"' for c in columns)
        aliases = ", ".join(f'"{c}"' for c in columns)
        arrays = self.dialect.arrays([*types, sa.BigInteger()])
        self.execute(
            f'UPDATE "{table}" SET {sets} FROM unnest({arrays}) AS u({aliases}, id) '
            f'WHERE "{table}".id = u.id',
            text_arrays(rows),
        )


#: rows one SQLite UPDATE of :meth:`Cursor.update_rows` sets at most
SQLITE_ROWS_PER_UPDATE = 500
#: parameters one SQLite statement of :meth:`Cursor.update_rows` or
#: :meth:`Cursor.insert_rows` takes at most (below SQLite's limit of 32,766)
SQLITE_PARAMETERS = 30_000
#: rows one PostgreSQL INSERT of :meth:`Cursor.insert_rows` takes at most (its
#: arrays hold them all: a bound on one statement's size, not a limit of the server)
PG_ROWS_PER_INSERT = 10_000

#: the key of the PostgreSQL advisory lock of :meth:`Database.schema_lock`
SCHEMA_LOCK = 0x6A736F6E74776F  # "jsontwo"


class Database:
    """A connection pool to one database, SQLite file or PostgreSQL database."""

    def __init__(
        self,
        name: str,
        url: str,
        time_limit: float | None = None,
        filestore: Path | None = None,
        read_only: bool = False,
    ) -> None:
        self.name = name
        self.url = url
        #: a read replica's pool: its transactions are read-only (docs/replicas.md)
        self.read_only = read_only
        #: the replicas that serve this database's reads (a ReplicaSet, see
        #: jsontwo.db.replicas), or None without ``--db-replica-url``
        self.replicas: Any = None
        #: the folder of the database's file store (attachments' contents kept as
        #: files), or None when they are kept in the database (SQLite)
        self.filestore = filestore
        #: seconds a call may run (``--limit-time-real``), None for no limit
        self.time_limit = time_limit or None
        #: whether a transaction-pooling pooler (PgBouncer's ``pool_mode =
        #: transaction``) stands between jsontwo and PostgreSQL: the URL says so
        self.pooled = pool_mode(url) == TRANSACTION_POOLING
        self.engine: Engine = make_engine(url, self.time_limit, read_only)
        _count_connections(self.engine, name)
        self.dialect = Dialect(self.engine.dialect.name)
        # Each thread keeps the connection it took from the pool: a worker serves
        # one call at a time, and a pool checkout/checkin per call costs more
        # than an indexed query.
        self._local = threading.local()
        self._parked: list[Any] = []
        self._lock = threading.Lock()
        #: SQLite: seconds between two refreshes of the planner's statistics
        #: after transactions that only read (see :meth:`_refresh_statistics`)
        self.statistics_interval = STATISTICS_INTERVAL
        #: SQLite: copies the write-ahead log into the file after writes, off
        #: the calls' path (jsontwo.db.checkpoints); None on PostgreSQL
        file = Path(str(self.engine.url.database)) if self.dialect.is_sqlite else None
        self.checkpointer = Checkpointer(file) if file and not read_only else None
        #: SQLite: the turns of the file's writers (jsontwo.db.write_turns)
        self.write_turns = write_turns(file) if file and not read_only else None

    @contextmanager
    def connection(self) -> Iterator[Any]:
        """This thread's DBAPI connection (taken from the pool on first use).

        A transaction opened while this thread's connection is busy (a nested
        ``transaction()``) gets a connection of its own from the pool, so that
        it commits or rolls back independently of the outer one.
        """
        if getattr(self._local, "busy", False):
            own = self._checkout()
            try:
                yield own.driver_connection
            finally:
                own.close()
            return
        fairy = getattr(self._local, "fairy", None)
        if fairy is None or fairy.dbapi_connection is None:
            fairy = self._checkout()
            self._local.fairy = fairy
            with self._lock:
                self._parked.append(fairy)
        self._local.busy = True
        try:
            yield fairy.driver_connection
        except BaseException:
            if _is_broken(fairy.driver_connection):
                self._forget(fairy)
            raise
        finally:
            self._local.busy = False

    def _checkout(self) -> Any:
        """A connection from the pool; StorageUnavailable when the PostgreSQL server
        cannot be reached (the driver's message names its host and port: it is
        kept for the log, never shown to a caller)."""
        try:
            return self.engine.raw_connection()
        except Exception as exc:
            if self.dialect.is_sqlite or type(exc).__name__ != "OperationalError":
                raise
            from jsontwo.db.storage import StorageUnavailable  # storage imports this module

            raise StorageUnavailable("The PostgreSQL server cannot be reached.", str(exc)) from exc

    def _forget(self, fairy: Any) -> None:
        """Drop a connection that can no longer be used."""
        self._local.fairy = None
        with self._lock:
            if fairy in self._parked:
                self._parked.remove(fairy)
        fairy.invalidate()

    @contextmanager
    def unlimited(self) -> Iterator[None]:
        """Run this thread's transactions of the block without the time limit: the
        schema and data upgrades of a database's first opening, which are no
        caller's call and may take long on a large database."""
        self._local.unlimited = True
        try:
            yield
        finally:
            self._local.unlimited = False

    def call_time_limit(self) -> float | None:
        """The seconds a call may run now: the time limit, or None in :meth:`unlimited`."""
        return None if getattr(self._local, "unlimited", False) else self.time_limit

    def lift_statement_timeout(self, execute: Callable[[str], Any]) -> None:
        """Give the transaction that just began the settings its session does not
        carry (``execute`` runs a statement in it): in :meth:`unlimited`, no
        statement timeout; behind a transaction pooler (``pool_mode=transaction``
        in the URL), where a session setting would stay on a server connection
        that other clients get next, JIT off and the statement timeout, for this
        transaction only."""
        if self.dialect.is_sqlite:
            return
        unlimited = self.call_time_limit() is None
        if self.pooled:
            timeout = 0 if unlimited or not self.time_limit else milliseconds(self.time_limit)
            read = "; SET LOCAL transaction_read_only = on" if self.read_only else ""
            execute(f"SET LOCAL jit = off; SET LOCAL statement_timeout = {timeout}{read}")
        elif self.time_limit and unlimited:
            execute("SET LOCAL statement_timeout = 0")

    @contextmanager
    def transaction(
        self, defer_write_lock: bool = False, deadline: float | None = None
    ) -> Iterator[Cursor]:
        """One transaction: committed when the block ends, rolled back on error.

        On SQLite it takes the write lock up front (``BEGIN IMMEDIATE``), so
        that two writers queue instead of failing half-way with a lock upgrade
        error: each waits for its turn (:mod:`jsontwo.db.write_turns`), then
        begins. ``defer_write_lock`` (for work that only reads) begins without
        either (``BEGIN``), so that readers never wait for a writer. Either way
        the transaction may write; PostgreSQL ignores the flag.

        ``deadline`` (a ``time.monotonic()``): no statement starts after it, and a
        SQLite statement running then is interrupted (PostgreSQL's own
        ``statement_timeout``, set on every connection, stops a long one there);
        either raises :class:`~jsontwo.db.faults.TimeLimitExceeded`.
        """
        # (the turn first: a writer waiting for it holds no pooled connection)
        with self._write_turn(defer_write_lock, deadline), self.connection() as conn:
            interrupt = deadline is not None and self.dialect.is_sqlite
            committed = False
            # SQLite: rows written by this connection so far (did this transaction write?)
            changes = conn.total_changes if self.dialect.is_sqlite else 0
            if deadline is not None and interrupt:
                stop_at = deadline
                # SQLite asks every 10,000 steps of its program whether to stop
                conn.set_progress_handler(lambda: time.monotonic() > stop_at, 10_000)
            try:
                if self.dialect.is_sqlite:
                    conn.execute("BEGIN" if defer_write_lock else "BEGIN IMMEDIATE")
                raw = conn.cursor()
                cursor = Cursor(raw, self.dialect)
                cursor.deadline, cursor.time_limit = deadline, self.time_limit or 0.0
                cursor.read_only = self.read_only
                self.lift_statement_timeout(cursor.execute)
                try:
                    yield cursor
                    cursor.flush()  # what was kept back belongs to this transaction
                except BaseException:
                    if interrupt:
                        conn.set_progress_handler(None, 0)
                    conn.rollback()
                    raise
                else:
                    conn.commit()
                    committed = True
                    if cursor.wrote or (self.dialect.is_sqlite and conn.total_changes != changes):
                        note_commit()
                finally:
                    raw.close()
            finally:
                if interrupt:
                    conn.set_progress_handler(None, 0)
            if committed and self.dialect.is_sqlite:
                self._refresh_statistics(conn, wrote=not defer_write_lock)
                # (rows written, or a transaction that could write: its schema
                # changes are no rows)
                if self.checkpointer is not None and (
                    not defer_write_lock or conn.total_changes != changes
                ):
                    self.checkpointer.wrote()
        # once the connection is free: work that opens a transaction of its own
        # takes this thread's connection again, not a second one from the pool
        if committed:
            _run_after_commit(cursor.after_commit)

    def _write_turn(
        self, defer_write_lock: bool, deadline: float | None
    ) -> AbstractContextManager[None]:
        """SQLite, a transaction that takes the write lock up front: its writer's
        turn (waited for within the busy timeout and the call's time limit);
        otherwise nothing to wait for."""
        if self.write_turns is None or defer_write_lock:
            return nullcontext()
        return self.write_turns.turn(seconds_left(deadline, BUSY_TIMEOUT_MS / 1000))

    def _refresh_statistics(self, conn: Any, wrote: bool) -> None:
        """SQLite: refresh the planner's statistics of tables that outgrew them
        (:func:`~jsontwo.db.sqlite_functions.refresh_statistics`), outside the
        time limit (no caller's work): after every transaction that could
        write, and after one that only read when this thread's connection has
        not done it for :attr:`statistics_interval` seconds (a connection's
        reads are what tells SQLite which tables' statistics it relies on)."""
        now = time.monotonic()
        if not wrote and now - getattr(self._local, "refreshed_at", 0.0) < self.statistics_interval:
            return
        self._local.refreshed_at = now
        refresh_statistics(conn)

    @contextmanager
    def schema_lock(self) -> Iterator[None]:
        """Hold the database's schema lock for the block: one process at a time
        brings a database's tables and data up to date (another one opening it at
        the same moment waits, then finds nothing left to do). SQLite serialises
        writers already.

        On PostgreSQL, a transaction-level advisory lock taken by a transaction
        of its own, left open for the block and rolled back at its end: the lock
        belongs to the transaction, not to the session, so it works behind a
        transaction-pooling PgBouncer (which pins one server connection to an
        open transaction), and it goes away with the transaction whatever
        happens, a process killed in the middle included."""
        if self.dialect.is_sqlite:
            yield
            return
        with self.engine.connect() as conn:
            # waiting for another process's upgrade, or holding the lock through
            # one, is no caller's call: neither timeout applies
            conn.exec_driver_sql(
                "SET LOCAL statement_timeout = 0; SET LOCAL idle_in_transaction_session_timeout = 0"
            )
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({SCHEMA_LOCK})")
            try:
                yield
            finally:
                conn.rollback()

    def analyze(self) -> None:
        """Refresh the planner's statistics, so that it picks selective indexes.

        Without statistics SQLite takes every index for selective, and would
        walk ``active`` (true almost everywhere) instead of ``country_id``. It
        reads every row (about 0.6 s for a million partners): a sample
        (``analysis_limit``) of 100,000 rows of a million-row table counted
        50,000 rows per value of ``active`` where half a million had it, and
        the budget call then walked ``active``: 160 ms instead of 8 ms.
        """
        with self.connection() as conn:
            cur = conn.cursor()
            self.lift_statement_timeout(cur.execute)
            cur.execute("ANALYZE")
            cur.close()
            if not self.dialect.is_sqlite:
                conn.commit()

    def dispose(self) -> None:
        """Close every connection, parked or pooled."""
        with self._lock:
            parked, self._parked = self._parked, []
        for fairy in parked:
            fairy.invalidate()
        self._local = threading.local()
        self.engine.dispose()
        if self.checkpointer is not None:
            self.checkpointer.close()
        if self.replicas is not None:
            self.replicas.dispose()


def _run_after_commit(callbacks: dict[Hashable, Callable[[], object]]) -> None:
    """Run the work a committed transaction left for afterwards; a failure is
    logged, never raised: the transaction's work is done and answered."""
    for callback in callbacks.values():
        try:
            callback()
        except Exception:
            _logger.exception("work after a commit failed")


def _count_connections(engine: Engine, name: str) -> None:
    """Keep the metrics of ``engine``'s pool: connections open, and held."""
    in_use = CONNECTIONS_IN_USE.labels(name)
    opened = CONNECTIONS_OPEN.labels(name)
    event.listen(engine, "checkout", lambda *_args: in_use.inc())
    event.listen(engine, "checkin", lambda *_args: in_use.dec())
    event.listen(engine, "connect", lambda *_args: opened.inc())
    event.listen(engine, "close", lambda *_args: opened.dec())
    event.listen(engine, "close_detached", lambda *_args: opened.dec())


def _is_broken(conn: Any) -> bool:
    """Whether a DBAPI connection died (PostgreSQL restarted, database dropped...)."""
    return bool(getattr(conn, "closed", False) or getattr(conn, "broken", False))
