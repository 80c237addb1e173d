"""The flags of ``jsontwo serve`` that shape what one request may cost and how
it is logged: the limits (docs/reliability.md, "Limits" and "Workers"), the CORS preflight's
lifetime, the log format, and the metrics route.

:func:`limit_options` adds them to the command and hands them to the workers
through ``JSONTWO_*`` environment variables (:class:`jsontwo.http.config.ServerConfig`
reads them); :func:`uvicorn_settings` is what uvicorn itself needs of them.
"""

from __future__ import annotations

import functools
import math
import os
from collections.abc import Callable
from typing import Any, TypeVar

import click

from jsontwo.cli.workers import shared_directory
from jsontwo.db.replicas import DEFAULT_MAX_LAG, ReplicaConfig, split_urls
from jsontwo.db.storage import REPLICAS_NEED_POSTGRESQL
from jsontwo.http.config import ServerConfig
from jsontwo.http.logs import logging_config

F = TypeVar("F", bound=Callable[..., Any])
DEFAULTS = ServerConfig()
#: Odoo's defaults: 65536 requests, 2 GiB (soft), 2.5 GiB (hard)
DEFAULT_LIMIT_REQUEST = 2**16
DEFAULT_LIMIT_MEMORY_SOFT = 2048 * 1024 * 1024
DEFAULT_LIMIT_MEMORY_HARD = 2560 * 1024 * 1024
#: seconds a kept-alive connection may stay idle (uvicorn's 5 s is httpx's own
#: expiry: a call sent as the server closed the connection failed, "Server
#: disconnected without sending a response")
DEFAULT_KEEP_ALIVE = 75.0
#: each flag: (its name, the variable the workers read, its type, its default, its
#: help, whether 0 is allowed: it means "no limit")
LIMITS: tuple[tuple[str, str, type, float, str, bool], ...] = (
    (
        "--limit-body",
        "JSONTWO_LIMIT_BODY",
        int,
        DEFAULTS.max_body_bytes,
        "Largest request body of a call, in bytes (413 beyond).",
        False,
    ),
    (
        "--limit-body-items",
        "JSONTWO_LIMIT_BODY_ITEMS",
        int,
        DEFAULTS.max_body_items,
        "Most JSON values (XML-RPC elements) in a call's body (413 beyond), "
        "counted before parsing.",
        False,
    ),
    (
        "--limit-header-time",
        "JSONTWO_LIMIT_HEADER_TIME",
        float,
        DEFAULTS.header_timeout,
        "Seconds a client may take to send a request's headers (408 and the "
        "connection closed beyond).",
        False,
    ),
    (
        "--limit-body-time",
        "JSONTWO_LIMIT_BODY_TIME",
        float,
        DEFAULTS.body_timeout,
        "Seconds a client may take to send a request's body (408 beyond).",
        False,
    ),
    (
        "--limit-keep-alive",
        "JSONTWO_LIMIT_KEEP_ALIVE",
        float,
        DEFAULT_KEEP_ALIVE,
        "Seconds a kept-alive connection may stay idle between requests before the "
        "server closes it: longer than clients keep idle connections (httpx 5 s), "
        "so that a client never sends on a connection the server is closing.",
        False,
    ),
    (
        "--cors-max-age",
        "JSONTWO_CORS_MAX_AGE",
        int,
        DEFAULTS.cors_max_age,
        "Seconds a browser may keep the answer to a CORS preflight (with --cors-origin).",
        False,
    ),
    (
        "--limit-request",
        "JSONTWO_LIMIT_REQUEST",
        int,
        DEFAULT_LIMIT_REQUEST,
        "Replace a worker after it answered this many requests (0: never), as "
        "Odoo's --limit-request.",
        True,
    ),
    (
        "--limit-memory-soft",
        "JSONTWO_LIMIT_MEMORY_SOFT",
        int,
        DEFAULT_LIMIT_MEMORY_SOFT,
        "Replace a worker whose memory is above this many bytes once it answered "
        "its current call (0: never), as Odoo's --limit-memory-soft.",
        True,
    ),
    (
        "--limit-memory-hard",
        "JSONTWO_LIMIT_MEMORY_HARD",
        int,
        DEFAULT_LIMIT_MEMORY_HARD,
        "A worker's allocations beyond this many bytes fail (Linux; 0: no limit), "
        "as Odoo's --limit-memory-hard.",
        True,
    ),
    (
        "--drain-time",
        "JSONTWO_DRAIN_TIME",
        float,
        0.0,
        "Seconds the server keeps serving after SIGTERM, answering 503 on "
        "/health/ready so that a load balancer's health check takes it out, before it "
        "stops accepting and finishes its calls in flight (0: stop at once; longer "
        "than the balancer's check interval times its fall count).",
        True,
    ),
)


def limit_options(command: F) -> F:
    """Add the limit and log-format flags to ``command``; they reach the workers
    through the environment, not as arguments of ``command``."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        for flag, variable, _kind, _default, _help, zero in LIMITS:
            value = kwargs.pop(_param(flag))
            if value is not None and (value < 0 or (value == 0 and not zero)):
                wanted = "0 (no limit) or more" if zero else "positive"
                raise click.BadParameter(f"must be {wanted}", param_hint=flag)
            os.environ[variable] = str(value)
        os.environ["JSONTWO_LOG_FORMAT"] = kwargs.pop("log_format")
        return command(*args, **kwargs)

    decorated: Callable[..., Any] = wrapper
    for flag, variable, kind, default, text, _zero in reversed(LIMITS):
        decorated = click.option(
            flag,
            _param(flag),
            envvar=variable,
            type=kind,
            default=default,
            show_default=True,
            help=f"{text} Env: {variable}.",
        )(decorated)
    decorated = click.option(
        "--log-format",
        envvar="JSONTWO_LOG_FORMAT",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help="'json' writes one JSON object per log line. Env: JSONTWO_LOG_FORMAT.",
    )(decorated)
    return decorated  # type: ignore[return-value]


def metrics_options(command: F) -> F:
    """Add ``--metrics/--no-metrics`` and ``--metrics-token`` to ``command``; they
    reach the workers through the environment (docs/reliability.md, "Metrics")."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        os.environ["JSONTWO_METRICS"] = "1" if kwargs.pop("metrics") else "0"
        os.environ["JSONTWO_METRICS_TOKEN"] = kwargs.pop("metrics_token") or ""
        return command(*args, **kwargs)

    decorated = click.option(
        "--metrics-token",
        envvar="JSONTWO_METRICS_TOKEN",
        metavar="TOKEN",
        help="Answer GET /metrics only with 'Authorization: Bearer TOKEN' (none by "
        "default: anyone who reaches the server may read them). Env: JSONTWO_METRICS_TOKEN.",
    )(wrapper)
    decorated = click.option(
        "--metrics/--no-metrics",
        envvar="JSONTWO_METRICS",
        default=True,
        show_default=True,
        help="Serve Prometheus metrics on GET /metrics. Env: JSONTWO_METRICS.",
    )(decorated)
    return decorated  # type: ignore[return-value]


def replica_options(command: F) -> F:
    """Add ``--db-replica-url`` (repeatable) and ``--max-replica-lag`` to ``command``
    (put it above :func:`~jsontwo.cli.options.storage_options`: it reads
    ``--db-url``); they reach the workers through the environment, with a folder
    of their own where they note who wrote lately (docs/replicas.md)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        urls = split_urls(*kwargs.pop("db_replica_urls"))
        max_lag = kwargs.pop("max_replica_lag")
        os.environ["JSONTWO_DB_REPLICA_URL"] = " ".join(urls)
        os.environ["JSONTWO_MAX_REPLICA_LAG"] = f"{max_lag:g}"
        if not urls:
            return command(*args, **kwargs)
        if not kwargs.get("db_url"):
            raise click.UsageError(REPLICAS_NEED_POSTGRESQL)
        try:
            ReplicaConfig(urls, max_lag)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--db-replica-url") from None
        # where the workers note who wrote lately (read-your-writes)
        with shared_directory("JSONTWO_WRITE_MARKS_DIR", "jsontwo-writes-"):
            return command(*args, **kwargs)

    decorated = click.option(
        "--max-replica-lag",
        envvar="JSONTWO_MAX_REPLICA_LAG",
        type=click.FloatRange(min=0),
        default=DEFAULT_MAX_LAG,
        show_default=True,
        metavar="SECONDS",
        help="Skip a replica that is more than this many seconds behind the primary "
        "(its reads go to the primary until it catches up). Env: JSONTWO_MAX_REPLICA_LAG.",
    )(wrapper)
    decorated = click.option(
        "--db-replica-url",
        "db_replica_urls",
        envvar="JSONTWO_DB_REPLICA_URL",
        multiple=True,
        metavar="URL",
        help="A PostgreSQL streaming replica of --db-url's server (repeatable): read-only "
        "calls (search_read, read, fields_get...) run there, database X on the replica for "
        "database X. See docs/replicas.md. Env: JSONTWO_DB_REPLICA_URL (URLs separated by "
        "spaces or commas).",
    )(decorated)
    return decorated  # type: ignore[return-value]


def _param(flag: str) -> str:
    return flag.removeprefix("--").replace("-", "_")


#: seconds a worker may leave the supervisor's health check unanswered when calls
#: have no time limit (``--limit-time-real 0``)
HEALTH_TIMEOUT_UNLIMITED = 3600


def health_timeout() -> int:
    """Seconds a worker may leave the supervisor's health check unanswered before
    it is killed and replaced: the call time limit (``JSONTWO_LIMIT_TIME_REAL``),
    at least uvicorn's 5 s. The check is answered by a thread of the worker, which
    a call holding the interpreter (parsing a large body, building a large
    answer) keeps waiting: with uvicorn's 5 s a busy machine lost workers in the
    middle of calls that were within their time limit."""
    limit = float(os.environ.get("JSONTWO_LIMIT_TIME_REAL") or 0)
    return max(5, math.ceil(limit)) if limit > 0 else HEALTH_TIMEOUT_UNLIMITED


def uvicorn_settings(log_level: str) -> dict[str, Any]:
    """uvicorn's part of the settings :func:`limit_options` read: the HTTP protocol
    that times out slow headers, and the log configuration."""
    return {
        "http": "jsontwo.http.protocol:TimedHttpProtocol",
        "timeout_worker_healthcheck": health_timeout(),
        "timeout_keep_alive": float(
            os.environ.get("JSONTWO_LIMIT_KEEP_ALIVE") or DEFAULT_KEEP_ALIVE
        ),
        "log_config": logging_config(
            level=log_level, fmt=os.environ.get("JSONTWO_LOG_FORMAT", "text")
        ),
    }


__all__ = [
    "health_timeout",
    "limit_options",
    "metrics_options",
    "replica_options",
    "uvicorn_settings",
]
