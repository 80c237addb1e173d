"""The database's errors as a client may see them: never the driver's text.

A driver error carries SQL (``LINE 1: ...``, ``HINT``), table and column
names, sometimes values: none of it may reach a caller. The errors the ORM
can foresee are refused before any SQL is written, with Odoo's words; what
is left is sorted here:

* :class:`TimeLimitExceeded`: the call ran past the server's time limit;
* :class:`ConcurrencyFailure`: the call kept conflicting with others after
  every retry, reported under the name Odoo's clients see for it;
* :class:`DatabaseFault`: anything else, a fault of the server, logged with
  its traceback and answered without a word of the driver's.
"""

from __future__ import annotations

import sqlite3
from typing import ClassVar

import sqlalchemy as sa

#: psycopg2's words for a string holding NUL, which Odoo answers as a ValueError
NUL_MESSAGE = "A string literal cannot contain NUL (0x00) characters."
#: the words of PostgreSQL's serialization failure, the answer Odoo gives after its retries
SERIALIZATION_MESSAGE = "could not serialize access due to concurrent update\n"


class TimeLimitExceeded(Exception):
    """The call ran longer than the server's time limit (``--limit-time-real``):
    its statement was cancelled and its transaction rolled back. Reported under
    the name of PostgreSQL's cancelled statement, as Odoo reports a statement
    timeout (HTTP 500)."""

    odoo_name: ClassVar[str] = "psycopg2.errors.QueryCanceled"
    http_status: ClassVar[int] = 500

    def __init__(self, limit: float) -> None:
        super().__init__(
            f"canceling statement due to statement timeout: the call ran longer than "
            f"the server's time limit of {limit:g} seconds (limit_time_real)"
        )


class ConcurrencyFailure(Exception):
    """The transaction kept conflicting with others after every retry.

    Odoo lets PostgreSQL's error through after its last try: the client sees
    its class (``psycopg2.errors.SerializationFailure``, ``DeadlockDetected``,
    ``LockNotAvailable``) and its first line, which names no table or value
    (HTTP 500). SQLite's "database is locked" is reported as a serialization
    failure: the same contention gets the same answer on both backends."""

    odoo_name: str
    http_status: ClassVar[int] = 500

    def __init__(
        self,
        message: str = SERIALIZATION_MESSAGE,
        name: str = "psycopg2.errors.SerializationFailure",
    ) -> None:
        super().__init__(message)
        self.odoo_name = name


class DatabaseFault(Exception):
    """A database error the server did not foresee: the client learns only that
    the server failed (HTTP 500); the log has the driver's error and traceback."""

    odoo_name: ClassVar[str] = "psycopg2.DatabaseError"
    http_status: ClassVar[int] = 500

    def __init__(self) -> None:
        super().__init__(
            "The database could not run this request (a fault of the server: "
            "its log has the details)."
        )


def from_psycopg(exc: BaseException) -> bool:
    """Whether ``exc`` comes from psycopg (imported only then: it costs 0.1 s at start-up)."""
    return type(exc).__module__.startswith("psycopg")


def is_driver_error(exc: BaseException) -> bool:
    """Whether ``exc`` is an error of a database driver, or SQLAlchemy's wrapping
    of one (met while the pool connects)."""
    return isinstance(exc, sqlite3.Error | sa.exc.SQLAlchemyError) or (
        from_psycopg(exc) and _is_psycopg_error(exc)
    )


def _is_psycopg_error(exc: BaseException) -> bool:
    import psycopg

    return isinstance(exc, psycopg.Error)


def concurrency_failure(exc: BaseException) -> ConcurrencyFailure:
    """The answer for a conflict that outlived the retries: PostgreSQL's class
    and first line, as Odoo lets them through; a serialization failure for SQLite."""
    if from_psycopg(exc):
        diag = getattr(exc, "diag", None)
        primary = getattr(diag, "message_primary", None) or "could not serialize access"
        return ConcurrencyFailure(f"{primary}\n", f"psycopg2.errors.{type(exc).__name__}")
    return ConcurrencyFailure()


def is_nul_error(exc: BaseException) -> bool:
    """Whether psycopg refused a parameter holding NUL (PostgreSQL's text cannot)."""
    return from_psycopg(exc) and "NUL (0x00)" in str(exc)


def is_cancelled(exc: BaseException) -> bool:
    """Whether a statement was stopped: PostgreSQL's statement timeout or cancel,
    SQLite's interrupt (the progress handler's answer)."""
    if isinstance(exc, sa.exc.DBAPIError) and exc.orig is not None:
        exc = exc.orig
    if isinstance(exc, sqlite3.OperationalError):
        return str(exc) == "interrupted"
    return from_psycopg(exc) and type(exc).__name__ == "QueryCanceled"


__all__ = [
    "NUL_MESSAGE",
    "ConcurrencyFailure",
    "DatabaseFault",
    "TimeLimitExceeded",
    "concurrency_failure",
    "from_psycopg",
    "is_cancelled",
    "is_driver_error",
    "is_nul_error",
]
