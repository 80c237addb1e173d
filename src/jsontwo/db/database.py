"""One jsontwo database: a pooled SQLAlchemy engine and a thin cursor over it.

The hot path runs statements through the DBAPI connection that SQLAlchemy's
pool hands out (``Engine.raw_connection``): SQLAlchemy gives us dialects,
pooling and DDL, and we skip its per-statement compilation, which costs more
than the query itself on an indexed 80-row read. Statements are written once
with ``%s`` placeholders; :class:`Dialect` rewrites them for SQLite, once per
distinct text.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections.abc import Callable, Hashable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine

from jsontwo.db.faults import NUL_MESSAGE, TimeLimitExceeded, is_cancelled, is_nul_error
from jsontwo.db.sqlite_functions import on_connect as _sqlite_on_connect
from jsontwo.metrics import CONNECTIONS_IN_USE, CONNECTIONS_OPEN

_logger = logging.getLogger(__name__)


#: values of an ``IN (...)`` list beyond which PostgreSQL gets one array parameter
LONG_VALUE_LIST = 1000
#: the array type of such a parameter, by the Python type of its values
ARRAY_CASTS: dict[type, str] = {int: "bigint[]", float: "float8[]", str: "text[]"}


#: a PostgreSQL result that has rows (psycopg.pq.ExecStatus.TUPLES_OK)
_TUPLES_OK = 2


class Dialect:
    """The few places where SQLite and PostgreSQL need different SQL."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.is_sqlite = name == "sqlite"
        self._placeholders: dict[str, str] = {}
        self._types: dict[str, str] = {}

    def sql(self, text: str) -> str:
        """``text`` with ``%s`` placeholders in the driver's style (cached)."""
        if not self.is_sqlite:
            return text
        done = self._placeholders.get(text)
        if done is None:
            done = self._placeholders[text] = text.replace("%s", "?")
        return done

    def likely(self, condition: str) -> str:
        """``condition``, marked for SQLite's planner as true for most rows (as
        ``active = TRUE`` is): SQLite keeps one average per index, so it takes
        the index on ``active`` for one that halves the rows, and walks it
        (reading every row through it, then sorting them) rather than the index
        of the order or a plain scan: twice to five times slower on 10,000
        partners. PostgreSQL knows each value's frequency: unchanged there."""
        return f"likely({condition})" if self.is_sqlite else condition

    def value_list(self, values: Sequence[Any]) -> tuple[str, list[Any]]:
        """What goes between the parentheses of ``IN (...)`` for ``values``, and its
        parameters. PostgreSQL takes at most 65,535 parameters per statement and
        SQLite 32,766, so a long list (an ``in`` of 70,000 ids, which Odoo
        answers) is one parameter: a typed array on PostgreSQL, a JSON array on
        SQLite; short ones keep a placeholder each, which the planners prefer."""
        if len(values) > LONG_VALUE_LIST:
            one = self._one_parameter(values)
            if one is not None:
                return one
        return ", ".join(["%s"] * len(values)), list(values)

    def _one_parameter(self, values: Sequence[Any]) -> tuple[str, list[Any]] | None:
        """``values`` as one parameter of a sub-select, when their kinds allow."""
        kinds = {type(value) for value in values}
        if self.is_sqlite:
            if not kinds <= {int, float, str, bool}:
                return None
            return "SELECT value FROM json_each(%s)", [json.dumps(list(values))]
        cast = ARRAY_CASTS.get(kinds.pop()) if len(kinds) == 1 else None
        if cast is None:  # (an untyped array leaves unnest() ambiguous)
            return None
        return f"SELECT unnest(%s::{cast})", [list(values)]

    def match(
        self, lhs: str, pattern: str, insensitive: bool, negate: bool = False
    ) -> tuple[str, str]:
        """A LIKE-style match of ``lhs`` against ``pattern``: ``(sql, parameter)``.

        The pattern uses LIKE's syntax (``%``, ``_``, and ``\\`` escaping the next
        character, PostgreSQL's default). On SQLite, whose connections keep
        LIKE case-insensitive (for ASCII), a case-sensitive match runs as GLOB
        and a pattern with non-ASCII letters goes through a Unicode lower(),
        so that both engines answer alike while the common case stays in C.
        """
        op = "NOT " if negate else ""
        if not self.is_sqlite:
            return f"{lhs} {op}{'ILIKE' if insensitive else 'LIKE'} %s", pattern
        if not insensitive:
            return f"{lhs} {op}GLOB %s", like_to_glob(pattern)
        if pattern.isascii():
            return f"{lhs} {op}LIKE %s ESCAPE '\\'", pattern
        return f"lower({lhs}) {op}LIKE lower(%s) ESCAPE '\\'", pattern

    def arrays(self, types: Sequence[sa.types.TypeEngine[Any]]) -> str:
        """PostgreSQL: ``%s::text[]::<type>[]`` placeholders, one per column type, for
        ``unnest`` (the arrays are sent as text, see :func:`_text_arrays`)."""
        return ", ".join(f"%s::text[]::{self._pg_type(t)}[]" for t in types)

    def _pg_type(self, sa_type: sa.types.TypeEngine[Any]) -> str:
        """The PostgreSQL name of a SQLAlchemy type (compiled once per type)."""
        key = repr(sa_type)
        name = self._types.get(key)
        if name is None:
            from sqlalchemy.dialects import postgresql

            # without a length: the column's own assignment check refuses a value
            # too long, where a cast to varchar(n) would cut it
            compiled = sa_type.compile(dialect=postgresql.dialect())
            name = self._types[key] = re.sub(r"\(\d+\)", "", compiled)
        return name

    def as_text(self, lhs: str) -> str:
        """Cast an expression to text, for pattern matching on non-text columns."""
        return f"CAST({lhs} AS TEXT)" if not self.is_sqlite else lhs

    def date_part(self, granularity: str, lhs: str, zone: str | None = None) -> str:
        """PostgreSQL's ``date_part(granularity, lhs)`` (year, quarter, month, week,
        doy, day, dow, hour, minute, second) on a date or a naive UTC timestamp,
        read in ``zone`` when one is given. Both names are checked, not quoted."""
        if granularity not in DATE_PARTS:
            raise ValueError(f"Unknown date part {granularity!r}")
        _check_zone(zone)
        if self.is_sqlite:
            return f"jsontwo_date_part('{granularity}', {lhs}, {_sqlite_zone(zone)})"
        return f"date_part('{granularity}', {_pg_local(lhs, zone)})"

    def date_trunc(
        self, granularity: str, lhs: str, zone: str | None = None, week_offset: int = 0
    ) -> str:
        """PostgreSQL's ``date_trunc(granularity, lhs)`` (hour, day, week, month,
        quarter, year) on a date or a naive UTC timestamp, read in ``zone`` when
        one is given; weeks start ``week_offset`` days before Monday. The result
        is a naive timestamp (text ``YYYY-MM-DD HH:MM:SS`` on SQLite)."""
        if granularity not in DATE_TRUNCS:
            raise ValueError(f"Unknown date granularity {granularity!r}")
        _check_zone(zone)
        offset = int(week_offset) if granularity == "week" else 0
        if self.is_sqlite:
            return f"jsontwo_date_trunc('{granularity}', {lhs}, {_sqlite_zone(zone)}, {offset})"
        lhs = _pg_local(lhs, zone)
        if offset:
            shift = f"INTERVAL '{offset} days'"
            return f"(date_trunc('week', CAST({lhs} AS timestamp) + {shift}) - {shift})"
        return f"date_trunc('{granularity}', CAST({lhs} AS timestamp))"

    def aggregate(self, func: str, expr: str, order: str) -> str:
        """The aggregate ``func`` of read_group over ``expr``: sum, avg, min, max,
        count, count_distinct, bool_and, bool_or, array_agg (ordered by
        ``order``) and array_agg_distinct (sorted). SQLite's arrays are JSON text."""
        if func in ("sum", "avg", "min", "max", "count"):
            return f"{func.upper()}({expr})"
        if func == "count_distinct":
            return f"COUNT(DISTINCT {expr})"
        if func in ("bool_and", "bool_or"):
            if self.is_sqlite:  # booleans are 0 and 1 there
                return f"{'MIN' if func == 'bool_and' else 'MAX'}({expr})"
            return f"{func.upper()}({expr})"
        if func == "array_agg":
            if self.is_sqlite:
                return f"jsontwo_array_agg({expr}, {order})"
            return f"ARRAY_AGG({expr} ORDER BY {order})"
        if func == "array_agg_distinct":
            if self.is_sqlite:
                return f"jsontwo_array_agg_distinct({expr})"
            return f"ARRAY_AGG(DISTINCT {expr} ORDER BY {expr})"
        raise ValueError(f"Unknown aggregate {func!r}")


_GLOB_SPECIAL = {"*": "[*]", "?": "[?]", "[": "[[]"}
#: the fields of :meth:`Dialect.date_part` (PostgreSQL's ``date_part()`` names)
DATE_PARTS = ("year", "quarter", "month", "week", "doy", "day", "dow", "hour", "minute", "second")
#: the periods of :meth:`Dialect.date_trunc`, shortest first
DATE_TRUNCS = ("hour", "day", "week", "month", "quarter", "year")
#: a timezone name that may be written into SQL as a literal (``Europe/Brussels``,
#: ``Etc/GMT+2``): letters, digits, ``_``, ``+`` and ``-`` between slashes, no quote
ZONE_NAME_RE = re.compile(r"^[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+)*$")


def _check_zone(zone: str | None) -> None:
    """Refuse a timezone that is not a plain name: it is written into the SQL."""
    if zone is not None and not ZONE_NAME_RE.match(zone):
        raise ValueError(f"Invalid timezone name {zone!r}")


def _sqlite_zone(zone: str | None) -> str:
    """The zone argument of the SQLite date functions: the name, or NULL for UTC."""
    return f"'{zone}'" if zone else "NULL"


def _pg_local(lhs: str, zone: str | None) -> str:
    """A naive UTC timestamp (or a date) as the naive local time of ``zone`` on
    PostgreSQL; unchanged without a zone."""
    return f"timezone('{zone}', timezone('UTC', {lhs}))" if zone else lhs


def like_to_glob(pattern: str) -> str:
    """A LIKE pattern (``%``, ``_``, ``\\`` escapes) as the equivalent GLOB pattern."""
    out: list[str] = []
    chars = iter(pattern)
    for char in chars:
        if char == "\\":
            literal = next(chars, "\\")
            out.append(_GLOB_SPECIAL.get(literal, literal))
        elif char == "%":
            out.append("*")
        elif char == "_":
            out.append("?")
        else:
            out.append(_GLOB_SPECIAL.get(char, char))
    return "".join(out)


def _text_arrays(rows: Sequence[Sequence[Any]]) -> list[list[str | None]]:
    """Rows as one array a column, of values as PostgreSQL reads them from text
    (cast on the server, so that a float column holding whole numbers, or a
    column of nulls, needs no type guessed on the client)."""
    return [
        [None if value is None else str(value) for value in column]
        for column in zip(*rows, strict=True)
    ]


def _sqlite_number(value: Any) -> Any:
    """``value``, or a float for an integer past SQLite's 64 bits."""
    if type(value) is int and not -(2**63) <= value < 2**63:
        return float(value)
    return value


class Cursor:
    """Executes statements in the current transaction and returns rows as tuples.

    Updates given to :meth:`defer_update` are kept back until the next
    statement (or the commit), so that several updates of the same rows, such
    as the stored fields a new record computes one method after another, reach
    the database as one statement: on PostgreSQL each UPDATE of a row inserted
    in the same transaction re-checks its foreign keys and rewrites its indexes.
    """

    __slots__ = (
        "_cur",
        "_pending",
        "_types",
        "after_commit",
        "deadline",
        "dialect",
        "rowcount",
        "time_limit",
    )

    def __init__(self, raw_cursor: Any, dialect: Dialect) -> None:
        self._cur = raw_cursor
        self.dialect = dialect
        self.rowcount = 0
        #: the ``time.monotonic()`` past which no statement starts (the call's time
        #: limit, ``time_limit`` seconds after it began), or None
        self.deadline: float | None = None
        self.time_limit = 0.0
        #: table -> {row id: {column: value}}, the updates kept back
        self._pending: dict[str, dict[int, dict[str, Any]]] = {}
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
        if self._pending:
            self.flush()
        self._check(params)
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
        if self._pending:
            self.flush()
        for params in seq:
            self._check(params)
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
        if self.dialect.is_sqlite and any(type(p) is str and "\x00" in p for p in params):
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
        the same rows merge with it."""
        pending = self._pending.setdefault(table, {})
        for row in rows:
            pending.setdefault(row[-1], {}).update(zip(columns, row[:-1], strict=True))
        for column, type_ in zip(columns, types, strict=True):
            self._types[(table, column)] = type_

    def flush(self) -> None:
        """Run the updates kept back: one statement per table and set of columns."""
        pending, self._pending = self._pending, {}
        for table, rows in pending.items():
            batches: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
            for rid, values in rows.items():
                batches.setdefault(tuple(values), []).append((*values.values(), rid))
            for columns, batch in batches.items():
                types = [self._types[(table, column)] for column in columns]
                self.update_rows(table, columns, types, batch)

    def insert_rows(
        self,
        table: str,
        columns: Sequence[str],
        types: Sequence[sa.types.TypeEngine[Any]],
        rows: Sequence[Sequence[Any]],
    ) -> list[int]:
        """INSERT ``rows`` (values in the order of ``columns``, of SQL ``types``) in
        one statement; return the new ids in the order of the rows."""
        if not rows:
            return []
        names = ", ".join(f'"{c}"' for c in columns)
        if self.dialect.is_sqlite:
            one = "(" + ", ".join(["%s"] * len(columns)) + ")"
            values = ", ".join([one] * len(rows))
            sql = f'INSERT INTO "{table}" ({names}) VALUES {values} RETURNING id'
            params = [value for row in rows for value in row]
        else:
            # one array a column: a short statement, parsed once however many rows
            sql = (
                f'INSERT INTO "{table}" ({names}) '
                f"SELECT * FROM unnest({self.dialect.arrays(types)}) RETURNING id"
            )
            params = _text_arrays(rows)
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
            _text_arrays(rows),
        )


#: rows one SQLite UPDATE of :meth:`Cursor.update_rows` sets at most
SQLITE_ROWS_PER_UPDATE = 500
#: parameters one SQLite statement of :meth:`Cursor.update_rows` takes at most
#: (below SQLite's limit of 32,766)
SQLITE_PARAMETERS = 30_000

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
    ) -> None:
        self.name = name
        self.url = url
        #: the folder of the database's file store (attachments' contents kept as
        #: files), or None when they are kept in the database (SQLite)
        self.filestore = filestore
        #: seconds a call may run (``--limit-time-real``), None for no limit
        self.time_limit = time_limit or None
        self.engine: Engine = _make_engine(url, self.time_limit)
        _count_connections(self.engine, name)
        self.dialect = Dialect(self.engine.dialect.name)
        # Each thread keeps the connection it took from the pool: a worker serves
        # one call at a time, and a pool checkout/checkin per call costs more
        # than an indexed query.
        self._local = threading.local()
        self._parked: list[Any] = []
        self._lock = threading.Lock()

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
        """In :meth:`unlimited`, lift PostgreSQL's statement timeout for the current
        transaction (``execute`` runs a statement in it)."""
        if self.time_limit and not self.dialect.is_sqlite and self.call_time_limit() is None:
            execute("SET LOCAL statement_timeout = 0")

    @contextmanager
    def transaction(
        self, defer_write_lock: bool = False, deadline: float | None = None
    ) -> Iterator[Cursor]:
        """One transaction: committed when the block ends, rolled back on error.

        On SQLite it takes the write lock up front (``BEGIN IMMEDIATE``), so
        that two writers queue on the busy timeout instead of failing half-way
        with a lock upgrade error; ``defer_write_lock`` (for work that only
        reads) begins without it (``BEGIN``), so that readers never wait for a
        writer. Either way the transaction may write; PostgreSQL ignores the flag.

        ``deadline`` (a ``time.monotonic()``): no statement starts after it, and a
        SQLite statement running then is interrupted (PostgreSQL's own
        ``statement_timeout``, set on every connection, stops a long one there);
        either raises :class:`~jsontwo.db.faults.TimeLimitExceeded`.
        """
        with self.connection() as conn:
            interrupt = deadline is not None and self.dialect.is_sqlite
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
                    _run_after_commit(cursor.after_commit)
                finally:
                    raw.close()
            finally:
                if interrupt:
                    conn.set_progress_handler(None, 0)

    @contextmanager
    def schema_lock(self) -> Iterator[None]:
        """Hold the database's schema lock for the block: one process at a time
        brings a database's tables and data up to date (another one opening it at
        the same moment waits, then finds nothing left to do). A PostgreSQL
        advisory lock; SQLite serialises writers already."""
        if self.dialect.is_sqlite:
            yield
            return
        with self.engine.connect() as conn:
            conn.execute(sa.text(f"SELECT pg_advisory_lock({SCHEMA_LOCK})"))
            conn.commit()
            try:
                yield
            finally:
                conn.execute(sa.text(f"SELECT pg_advisory_unlock({SCHEMA_LOCK})"))
                conn.commit()

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


def _make_engine(url: str, time_limit: float | None = None) -> Engine:
    """An engine for ``url`` with the session settings jsontwo relies on.

    PostgreSQL sessions run without JIT compilation: a query with a very large
    expression spent over half an hour compiling, deaf to cancel requests, where
    the statements of an API take milliseconds to run without it. Each
    statement is cancelled after ``time_limit`` seconds (``statement_timeout``).
    """
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = sa.create_engine(
            parsed,
            connect_args={"isolation_level": None, "check_same_thread": False, "timeout": 30},
            pool_size=8,
            max_overflow=8,
            poolclass=sa.pool.QueuePool,
        )
        event.listen(engine, "connect", _sqlite_on_connect)
        return engine
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    engine = sa.create_engine(
        parsed,
        isolation_level="REPEATABLE READ",
        pool_size=8,
        max_overflow=8,
        pool_pre_ping=False,
        connect_args={"options": "-c jit=off"},
    )
    if time_limit:
        # set once connected: SQLAlchemy's own first queries are not the call's
        timeout = f"SET statement_timeout = {max(1, round(time_limit * 1000))}"
        event.listen(engine, "connect", lambda conn, _record: _pg_setting(conn, timeout))
    return engine


def _pg_setting(dbapi_conn: Any, statement: str) -> None:
    """Run a ``SET`` on a new PostgreSQL connection, outside any transaction of a call."""
    autocommit = dbapi_conn.autocommit
    dbapi_conn.autocommit = True
    try:
        dbapi_conn.execute(statement)
    finally:
        dbapi_conn.autocommit = autocommit
