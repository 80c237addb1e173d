"""SQLAlchemy engines with the session settings jsontwo relies on, on
SQLite and PostgreSQL, directly or behind a transaction pooler (PgBouncer)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine

from jsontwo.db.sqlite_functions import on_connect as _sqlite_on_connect


def make_engine(url: str, time_limit: float | None = None, read_only: bool = False) -> Engine:
    """An engine for ``url`` with the session settings jsontwo relies on.

    PostgreSQL sessions run without JIT compilation: a query with a very large
    expression spent over half an hour compiling, deaf to cancel requests, where
    the statements of an API take milliseconds to run without it. Each
    statement is cancelled after ``time_limit`` seconds (``statement_timeout``).
    ``read_only`` (a read replica's pool): every transaction is read-only, also
    on a server that is no standby.

    Behind a transaction pooler (``pool_mode=transaction``) a session is shared
    with other clients between transactions: nothing is set on the session
    (each transaction sets its own, see :meth:`Database.lift_statement_timeout`),
    no startup option is sent (PgBouncer refuses ``options``), and no statement
    is prepared on the server (psycopg prepares one it ran five times; the
    next transaction may run on a server connection that never saw it).
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
    pooled = pool_mode(url) == TRANSACTION_POOLING
    engine = sa.create_engine(
        without_pool_mode(parsed),
        isolation_level="REPEATABLE READ",
        pool_size=8,
        max_overflow=8,
        pool_pre_ping=False,
        connect_args=_pg_connect_args(read_only, pooled),
    )
    if time_limit and not pooled:
        # set once connected: SQLAlchemy's own first queries are not the call's
        timeout = f"SET statement_timeout = {milliseconds(time_limit)}"
        event.listen(engine, "connect", lambda conn, _record: _pg_setting(conn, timeout))
    return engine


#: the query parameter of a PostgreSQL URL naming how a pooler between jsontwo and
#: the server hands out server connections (PgBouncer's setting of the same name)
POOL_MODE = "pool_mode"
#: its value for a pooler that may give each transaction another server connection
TRANSACTION_POOLING = "transaction"
#: the values jsontwo knows (``session``: a direct connection, or a session pooler)
POOL_MODES = ("session", TRANSACTION_POOLING)


def pool_mode(url: str | sa.URL) -> str:
    """The ``pool_mode`` of a database URL: ``session`` unless it says ``transaction``;
    ValueError for another value."""
    value = sa.make_url(url).query.get(POOL_MODE) or "session"
    if not isinstance(value, str) or value not in POOL_MODES:
        raise ValueError(f"{POOL_MODE} must be one of {', '.join(POOL_MODES)}, not {value!r}")
    return value


def without_pool_mode(url: sa.URL) -> sa.URL:
    """``url`` without jsontwo's own ``pool_mode`` parameter (the driver knows it not)."""
    return url.difference_update_query([POOL_MODE])


def milliseconds(seconds: float) -> int:
    """A time limit as PostgreSQL's ``statement_timeout`` takes it (at least 1 ms)."""
    return max(1, round(seconds * 1000))


#: seconds a read replica may take to accept a connection before the read goes to the primary
REPLICA_CONNECT_TIMEOUT = 3


def _pg_connect_args(read_only: bool, pooled: bool = False) -> dict[str, Any]:
    """psycopg's connection arguments: no JIT; a replica's sessions read only,
    and give up connecting soon (the primary answers meanwhile). Behind a
    transaction pooler: no startup option and no prepared statement (JIT and
    read-only are then set per transaction, see
    :meth:`Database.lift_statement_timeout`)."""
    args: dict[str, Any] = {"connect_timeout": REPLICA_CONNECT_TIMEOUT} if read_only else {}
    if pooled:
        return {**args, "prepare_threshold": None}
    read = " -c default_transaction_read_only=on" if read_only else ""
    return {**args, "options": f"-c jit=off{read}"}


def _pg_setting(dbapi_conn: Any, statement: str) -> None:
    """Run a ``SET`` on a new PostgreSQL connection, outside any transaction of a call."""
    autocommit = dbapi_conn.autocommit
    dbapi_conn.autocommit = True
    try:
        dbapi_conn.execute(statement)
    finally:
        dbapi_conn.autocommit = autocommit
