"""What a SQLite connection needs to run jsontwo's SQL: its settings (WAL,
foreign keys, a busy timeout), the planner's statistics kept fresh
(:func:`refresh_statistics`) and the functions PostgreSQL has built in that
SQLite lacks: a Unicode ``lower()``, ``date_part``/``date_trunc`` in a time
zone, and ``array_agg`` (as JSON text). :func:`on_connect` installs them on
every new connection (see ``Database``'s engine).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
import zoneinfo
from typing import Any

from jsontwo.db.checkpoints import FALLBACK_PAGES, LOG_SIZE_LIMIT

_logger = logging.getLogger(__name__)


def _unicode_lower(value: str | None) -> str | None:
    """SQLite's own lower() only folds ASCII; Odoo's ilike folds every letter."""
    return value.lower() if isinstance(value, str) else value


#: how long a SQLite statement waits for another connection's write lock
BUSY_TIMEOUT_MS = 30_000


def refresh_statistics(conn: sqlite3.Connection) -> None:
    """Let SQLite refresh the planner's statistics of the tables that outgrew
    them (``PRAGMA optimize``: about 8 µs when none did; an ``ANALYZE`` of such a
    table when one did, which SQLite decides from this connection's use of the
    table and a 25-fold change of its rows). ``Database`` calls it after the
    transactions that could write, and now and then after those that read.

    PostgreSQL's autovacuum does this on its own; SQLite has no such thing. A
    database made from the template keeps the statistics of its few demo
    records, and after an import of thousands of partners SQLite would read
    the whole table for a ``read`` of 80 ids (the statistics say it is tiny).
    The write lock is not waited for: when another writer holds it, the next
    call tries again."""
    try:
        conn.execute("PRAGMA busy_timeout=0")
        conn.execute("PRAGMA optimize").fetchall()
    except sqlite3.OperationalError as exc:  # locked by another writer: next time
        _logger.debug("statistics not refreshed: %s", exc)
    finally:
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


def on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    """Per-connection SQLite settings: WAL, foreign keys, a Unicode lower()."""
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    # the log is copied into the file by a thread of its own (jsontwo.db.checkpoints)
    cur.execute(f"PRAGMA wal_autocheckpoint={FALLBACK_PAGES}")
    cur.execute(f"PRAGMA journal_size_limit={LOG_SIZE_LIMIT}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.close()
    dbapi_conn.create_function("lower", 1, _unicode_lower, deterministic=True)
    dbapi_conn.create_function("jsontwo_date_part", 3, _sqlite_date_part, deterministic=True)
    dbapi_conn.create_function("jsontwo_date_trunc", 4, _sqlite_date_trunc, deterministic=True)
    dbapi_conn.create_aggregate("jsontwo_array_agg", 2, _SqliteArrayAgg)  # type: ignore[arg-type]
    dbapi_conn.create_aggregate("jsontwo_array_agg_distinct", 1, _SqliteArrayAggDistinct)  # type: ignore[arg-type]


def _sqlite_moment(value: Any, zone: str | None) -> dt.datetime | None:
    """The naive datetime of a SQLite date or naive UTC datetime text, as the
    local time of ``zone`` when one is given; None for NULL and for what does
    not read as a date (or an unknown zone)."""
    if value is None:
        return None
    text = str(value)
    try:
        moment = dt.datetime.fromisoformat(text[:19] if len(text) > 10 else text)
        if zone:
            local = moment.replace(tzinfo=dt.UTC).astimezone(zoneinfo.ZoneInfo(zone))
            moment = local.replace(tzinfo=None)
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        return None
    return moment


def _sqlite_date_part(granularity: str, value: Any, zone: str | None) -> int | None:
    """PostgreSQL's ``date_part()`` for SQLite, on the text of a date or of a
    naive UTC datetime, in ``zone`` when given (0 = Sunday for ``dow``)."""
    moment = _sqlite_moment(value, zone)
    if moment is None:
        return None
    parts = {
        "year": moment.year,
        "quarter": (moment.month - 1) // 3 + 1,
        "month": moment.month,
        "week": moment.isocalendar().week,
        "doy": moment.timetuple().tm_yday,
        "day": moment.day,
        "dow": moment.isoweekday() % 7,
        "hour": moment.hour,
        "minute": moment.minute,
        "second": moment.second,
    }
    return parts.get(granularity)


def _sqlite_date_trunc(
    granularity: str, value: Any, zone: str | None, week_offset: int
) -> str | None:
    """PostgreSQL's ``date_trunc()`` for SQLite (see :meth:`Dialect.date_trunc`):
    the start of the period holding a date or a naive UTC datetime, read in
    ``zone`` when given, as the text of a naive timestamp."""
    moment = _sqlite_moment(value, zone)
    if moment is None:
        return None
    if granularity == "hour":
        start = moment.replace(minute=0, second=0, microsecond=0)
    else:
        day = moment.date()
        if granularity == "week":
            shifted = day + dt.timedelta(days=week_offset)
            day = shifted - dt.timedelta(days=shifted.weekday() + week_offset)
        elif granularity == "month":
            day = day.replace(day=1)
        elif granularity == "quarter":
            day = day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
        elif granularity == "year":
            day = day.replace(month=1, day=1)
        start = dt.datetime.combine(day, dt.time.min)
    # SQLite's own text of a timestamp (as its datetime() writes it), which
    # PostgreSQL's date_trunc() gives as a value
    return start.isoformat(sep=" ", timespec="seconds")


class _SqliteArrayAgg:
    """PostgreSQL's ``ARRAY_AGG(value ORDER BY key)`` for SQLite, as JSON text."""

    def __init__(self) -> None:
        self.items: list[tuple[Any, Any]] = []

    def step(self, value: Any, key: Any) -> None:
        self.items.append((key, value))

    def finalize(self) -> str:
        self.items.sort(key=lambda item: (item[0] is None, item[0]))
        return json.dumps([value for _key, value in self.items])


class _SqliteArrayAggDistinct:
    """PostgreSQL's ``ARRAY_AGG(DISTINCT value ORDER BY value)`` for SQLite, as JSON
    text (NULL sorts last, as in PostgreSQL)."""

    def __init__(self) -> None:
        self.values: set[Any] = set()

    def step(self, value: Any) -> None:
        self.values.add(value)

    def finalize(self) -> str:
        return json.dumps(sorted(self.values, key=lambda value: (value is None, value)))
