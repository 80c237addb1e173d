"""One transaction per call, retried on serialization failures and deadlocks.

As Odoo retries a request: up to five attempts, waiting a random
``uniform(0, 2**attempt)`` seconds after the nth failed one (up to 2, 4, 8
then 16 seconds; the HTTP layer awaits the wait rather than sleeping, see
:mod:`jsontwo.db.waits`), then the conflict is answered as Odoo lets it through
(:class:`~jsontwo.db.faults.ConcurrencyFailure`). Integrity errors are never
retried: the caller turns them into a ValidationError. The retries stay within
the call's time limit. Any other driver error is a fault of the server: it is
logged with its traceback and answered as a :class:`~jsontwo.db.faults.DatabaseFault`,
without a word of SQL.
"""

from __future__ import annotations

import logging
import random
import sqlite3
import time
from collections.abc import Callable
from typing import TypeVar

from jsontwo.db.database import Cursor, Database
from jsontwo.db.faults import (
    ConcurrencyFailure,
    DatabaseFault,
    concurrency_failure,
    from_psycopg,
    is_driver_error,
)
from jsontwo.db.waits import TryAgainAfter
from jsontwo.db.waits import current as current_waits
from jsontwo.metrics import RETRIES

T = TypeVar("T")
_logger = logging.getLogger(__name__)

MAX_TRIES = 5
#: seconds; the nth retry sleeps uniform(0, BACKOFF * 2**n), as Odoo's
BACKOFF = 1.0


class IntegrityFailure(Exception):
    """The database refused a write (unique, not-null, foreign key or check)."""

    def __init__(self, message: str, constraint: str | None = None) -> None:
        super().__init__(message)
        self.constraint = constraint


def _is_retryable(exc: BaseException) -> bool:
    if from_psycopg(exc):
        import psycopg.errors

        return isinstance(
            exc,
            psycopg.errors.SerializationFailure
            | psycopg.errors.DeadlockDetected
            | psycopg.errors.LockNotAvailable,
        )
    if isinstance(exc, sqlite3.OperationalError):
        text = str(exc)
        return "locked" in text or "busy" in text
    return False


def as_integrity_failure(exc: BaseException) -> IntegrityFailure | None:
    """``exc`` as an IntegrityFailure when the database refused a write, else None."""
    if from_psycopg(exc):
        import psycopg.errors

        if not isinstance(exc, psycopg.errors.IntegrityError):
            return None
        diag = exc.diag
        # only the primary message: PostgreSQL's detail can quote the whole
        # failing row ("Failing row contains (...)"), password hashes included
        return IntegrityFailure(diag.message_primary or type(exc).__name__, diag.constraint_name)
    if isinstance(exc, sqlite3.IntegrityError):
        return IntegrityFailure(str(exc))
    return None


def run_in_transaction(
    database: Database, work: Callable[[Cursor], T], defer_write_lock: bool = False
) -> T:
    """Run ``work(cursor)`` in one transaction: commit on return, roll back on error.

    ``defer_write_lock``: see :meth:`Database.transaction` (SQLite's ``BEGIN``
    rather than ``BEGIN IMMEDIATE``, for work that only reads). The database's
    time limit counts from here, over every attempt. Inside
    :func:`~jsontwo.db.waits.awaited_waits`, a conflict before the call
    committed a write raises :class:`~jsontwo.db.waits.TryAgainAfter` rather
    than sleeping, and the call run again goes on counting its tries.
    """
    waits = current_waits()
    if waits is not None and waits.committed:
        waits = None  # running the call again would repeat what it committed
    if waits is not None and waits.tries:  # the call run again after an awaited wait
        first, deadline = waits.tries + 1, waits.deadline
    else:
        limit = database.call_time_limit()
        first, deadline = 1, time.monotonic() + limit if limit else None
        if waits is not None:
            waits.deadline = deadline
    for attempt in range(first, MAX_TRIES + 1):
        try:
            with database.transaction(defer_write_lock, deadline) as cursor:
                return work(cursor)
        except Exception as exc:
            failure = as_integrity_failure(exc)
            if failure is not None:
                raise failure from exc
            if not _is_retryable(exc):
                if is_driver_error(exc):
                    # the driver's text names SQL, tables and values: for the log only
                    _logger.error("database error in %s", database.name, exc_info=exc)
                    raise DatabaseFault() from exc
                raise
            wait = random.uniform(0, BACKOFF * 2**attempt)
            if (
                attempt == MAX_TRIES
                or database.read_only  # a replica's conflict: the primary answers at once
                or (deadline is not None and time.monotonic() + wait > deadline)
            ):  # no try left, or none that could end within the time limit
                _logger.info("%s, maximum number of tries reached", type(exc).__name__)
                raise concurrency_failure(exc) from exc
            RETRIES.labels(database.dialect.name).inc()
            _logger.info(
                "%s, %d tries left, try again in %.4f s",
                type(exc).__name__,
                MAX_TRIES - attempt,
                wait,
            )
            # the caller waits (the worker serves others meanwhile), unless what the
            # call committed since it began (a nested transaction) forbids running it again
            if waits is not None and not waits.committed:
                waits.tries = attempt
                raise TryAgainAfter(wait) from exc
            time.sleep(wait)
    raise AssertionError("unreachable")


__all__ = [
    "BACKOFF",
    "MAX_TRIES",
    "ConcurrencyFailure",
    "IntegrityFailure",
    "as_integrity_failure",
    "run_in_transaction",
]
