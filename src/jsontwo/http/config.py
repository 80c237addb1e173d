"""Server settings, read from ``JSONTWO_*`` environment variables.

The CLI sets these variables from its flags before starting uvicorn, so that
every worker process builds the same application from the environment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from jsontwo.db.replicas import split_urls

#: what a route that needs a few bytes takes at most (ServerConfig.small_body)
SMALL_BODY_BYTES = 1024 * 1024
SMALL_BODY_ITEMS = 10_000


@dataclass(frozen=True, slots=True)
class BodyLimit:
    """What one request body may cost: its size, the values in it, the time to send it."""

    #: bytes (413 beyond)
    size: int
    #: JSON values, or XML elements (413 beyond)
    items: int
    #: seconds to receive it (408 beyond)
    seconds: float


@dataclass(frozen=True, slots=True)
class ServerConfig:
    """What one server process needs to know."""

    data_dir: str = "data"
    db_url: str | None = None
    dev: bool = False
    #: origins allowed to call JSON-2 from a browser ("*" for any); none by default, as Odoo
    cors_origins: tuple[str, ...] = ()
    #: seconds a browser may keep a preflight's answer (``--cors-max-age``)
    cors_max_age: int = 600
    #: the largest body a call may send (``--limit-body``), in bytes
    max_body_bytes: int = 128 * 1024 * 1024
    #: the most JSON values (XML-RPC elements) a call's body may hold (``--limit-body-items``):
    #: what parsing a body costs in memory grows with them, not with its bytes
    max_body_items: int = 2_000_000
    #: seconds a client may take to send a request's headers (``--limit-header-time``)
    header_timeout: float = 30.0
    #: seconds a client may take to send a request's body (``--limit-body-time``)
    body_timeout: float = 120.0
    #: whether anyone may list the database names (Odoo's ``list_db``)
    list_db: bool = True
    #: regular expression of the databases served (Odoo's ``--db-filter``; ``%h``/``%d``: host)
    db_filter: str | None = None
    #: the databases served when there is no filter (Odoo's ``--database``); empty: all
    db_names: tuple[str, ...] = ()
    #: whether every response names the worker process that made it (header
    #: ``X-Jsontwo-Worker``: its pid), so that tests can tell the workers apart
    worker_header: bool = False
    #: requests after which a worker is replaced (Odoo's ``limit_request``; 0: never)
    limit_request: int = 0
    #: bytes of memory above which a worker is replaced after its call (0: never)
    limit_memory_soft: int = 0
    #: bytes of address space a worker may not go beyond (``RLIMIT_AS``; 0: no limit)
    limit_memory_hard: int = 0
    #: seconds a call may run before it is stopped (Odoo's ``limit_time_real``); 0: no limit
    limit_time_real: float = 120.0
    #: whether ``GET /metrics`` is served (``--no-metrics``: not)
    metrics: bool = True
    #: the bearer token ``GET /metrics`` asks for (``--metrics-token``); None: none
    metrics_token: str | None = None
    #: the argon2 hash of the database manager's master password
    #: (``--master-password``); None: none, every call that needs it is refused
    master_password: str | None = None
    #: seconds a worker keeps serving after SIGTERM, its readiness route
    #: answering 503, before it stops (``--drain-time``; 0: it stops at once)
    drain_time: float = 0.0
    #: the read replicas' servers (``--db-replica-url``); empty: every call on the primary
    replica_urls: tuple[str, ...] = ()
    #: seconds a replica may lag before it is skipped (``--max-replica-lag``)
    max_replica_lag: float = 1.0
    #: the folder where the workers note who wrote lately (read-your-writes)
    write_marks_dir: str | None = None

    def call_body(self) -> BodyLimit:
        """What the body of a method call (JSON-2, the legacy calls, ``call_kw``) may cost."""
        return BodyLimit(self.max_body_bytes, self.max_body_items, self.body_timeout)

    def small_body(self) -> BodyLimit:
        """What the body of a route that needs a few bytes (signing in, the discovery
        routes) may cost: the call's limits, at most SMALL_BODY_BYTES and SMALL_BODY_ITEMS."""
        return BodyLimit(
            min(self.max_body_bytes, SMALL_BODY_BYTES),
            min(self.max_body_items, SMALL_BODY_ITEMS),
            self.body_timeout,
        )

    @classmethod
    def from_env(cls) -> ServerConfig:
        """Settings from ``JSONTWO_DATA_DIR``, ``JSONTWO_DB_URL``, ``JSONTWO_DEV``,
        ``JSONTWO_CORS_ORIGINS``, ``JSONTWO_CORS_MAX_AGE``, ``JSONTWO_LIST_DB``, ``JSONTWO_DB_FILTER`` and
        ``JSONTWO_DATABASE`` (comma-separated names), ``JSONTWO_WORKER_HEADER``, the
        limits ``JSONTWO_LIMIT_BODY``, ``JSONTWO_LIMIT_BODY_ITEMS``,
        ``JSONTWO_LIMIT_HEADER_TIME`` and ``JSONTWO_LIMIT_BODY_TIME``,
        ``JSONTWO_LIMIT_REQUEST``/``_MEMORY_SOFT``/``_MEMORY_HARD`` (absent: no limit) and
        ``JSONTWO_LIMIT_TIME_REAL``, ``JSONTWO_METRICS`` (``0``: no ``/metrics``),
        ``JSONTWO_METRICS_TOKEN``, ``JSONTWO_MASTER_PASSWORD`` (a hash),
        ``JSONTWO_DB_REPLICA_URL`` (URLs separated by spaces or commas),
        ``JSONTWO_MAX_REPLICA_LAG``, ``JSONTWO_WRITE_MARKS_DIR`` and
        ``JSONTWO_DRAIN_TIME``."""
        defaults = cls()
        return cls(
            data_dir=os.environ.get("JSONTWO_DATA_DIR", "data"),
            db_url=os.environ.get("JSONTWO_DB_URL") or None,
            dev=os.environ.get("JSONTWO_DEV", "") in ("1", "true", "yes"),
            cors_origins=comma_list(os.environ.get("JSONTWO_CORS_ORIGINS", "")),
            cors_max_age=int(_env("JSONTWO_CORS_MAX_AGE", defaults.cors_max_age)),
            list_db=os.environ.get("JSONTWO_LIST_DB", "1").lower() not in ("0", "false", "no"),
            db_filter=os.environ.get("JSONTWO_DB_FILTER") or None,
            db_names=comma_list(os.environ.get("JSONTWO_DATABASE", "")),
            worker_header=os.environ.get("JSONTWO_WORKER_HEADER", "") in ("1", "true", "yes"),
            max_body_bytes=int(_env("JSONTWO_LIMIT_BODY", defaults.max_body_bytes)),
            max_body_items=int(_env("JSONTWO_LIMIT_BODY_ITEMS", defaults.max_body_items)),
            header_timeout=float(_env("JSONTWO_LIMIT_HEADER_TIME", defaults.header_timeout)),
            body_timeout=float(_env("JSONTWO_LIMIT_BODY_TIME", defaults.body_timeout)),
            limit_request=int(os.environ.get("JSONTWO_LIMIT_REQUEST") or 0),
            limit_memory_soft=int(os.environ.get("JSONTWO_LIMIT_MEMORY_SOFT") or 0),
            limit_memory_hard=int(os.environ.get("JSONTWO_LIMIT_MEMORY_HARD") or 0),
            limit_time_real=float(os.environ.get("JSONTWO_LIMIT_TIME_REAL") or 120.0),
            metrics=os.environ.get("JSONTWO_METRICS", "1").lower() not in ("0", "false", "no"),
            metrics_token=os.environ.get("JSONTWO_METRICS_TOKEN") or None,
            master_password=os.environ.get("JSONTWO_MASTER_PASSWORD") or None,
            drain_time=float(os.environ.get("JSONTWO_DRAIN_TIME") or 0),
            replica_urls=split_urls(os.environ.get("JSONTWO_DB_REPLICA_URL", "")),
            max_replica_lag=float(_env("JSONTWO_MAX_REPLICA_LAG", defaults.max_replica_lag)),
            write_marks_dir=os.environ.get("JSONTWO_WRITE_MARKS_DIR") or None,
        )


def _env(name: str, default: float) -> str:
    return os.environ.get(name) or str(default)


def comma_list(*values: str) -> tuple[str, ...]:
    """The items of comma-separated lists, stripped, empty ones left out."""
    return tuple(item.strip() for value in values for item in value.split(",") if item.strip())
