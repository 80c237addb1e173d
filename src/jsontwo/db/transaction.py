"""One transaction per call, retried on serialization failures and deadlocks.

Like Odoo's request retry: up to five attempts, sleeping a random
``uniform(0, 2**attempt)`` seconds between them (scaled down here, since our
calls are short), then the error propagates. Integrity errors are never
retried: the caller turns them into a ValidationError.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable
from typing import TypeVar

from jsontwo.db.database import Cursor, Database

T = TypeVar("T")

MAX_TRIES = 5
#: seconds; the nth retry sleeps uniform(0, BACKOFF * 2**n)
BACKOFF = 0.01


class ConcurrencyFailure(Exception):
    """The transaction kept conflicting with others after every retry."""


class IntegrityFailure(Exception):
    """The database refused a write (unique, not-null, foreign key or check)."""

    def __init__(self, message: str, constraint: str | None = None) -> None:
        super().__init__(message)
        self.constraint = constraint


def _from_psycopg(exc: BaseException) -> bool:
    """Whether ``exc`` comes from psycopg (imported only then: it costs 0.1 s at start-up)."""
    return type(exc).__module__.startswith("psycopg")


def _is_retryable(exc: BaseException) -> bool:
    if _from_psycopg(exc):
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
    if _from_psycopg(exc):
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
    rather than ``BEGIN IMMEDIATE``, for work that only reads).
    """
    for attempt in range(1, MAX_TRIES + 1):
        try:
            with database.transaction(defer_write_lock=defer_write_lock) as cursor:
                return work(cursor)
        except Exception as exc:
            failure = as_integrity_failure(exc)
            if failure is not None:
                raise failure from exc
            if not _is_retryable(exc):
                raise
            if attempt == MAX_TRIES:
                raise ConcurrencyFailure(str(exc)) from exc
            time.sleep(random.uniform(0, BACKOFF * 2**attempt))
    raise AssertionError("unreachable")
