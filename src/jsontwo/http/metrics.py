"""``GET /metrics``: the server's Prometheus metrics, and what each request adds.

Each request's facts are gathered while it is served: the route's handler
writes them in its request log line (transport, ``model.method``, the status the
error has, the error), :func:`note_call` keeps them, and the application records
them once the answer is sent (:func:`record_request`), with the HTTP status and
duration of any route that wrote no such line. The metrics themselves are
defined in :mod:`jsontwo.metrics`.

With ``--metrics-token`` (``JSONTWO_METRICS_TOKEN``) the route asks for
``Authorization: Bearer <token>``; with ``--no-metrics`` it is not served.
"""

from __future__ import annotations

import hmac
import os
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    generate_latest,
    multiprocess,
)
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from jsontwo.exceptions import AccessDenied, NotFound, Unauthorized, error_name
from jsontwo.http.config import ServerConfig
from jsontwo.http.errors import JSON_CONTENT_TYPE, error_body, error_headers
from jsontwo.metrics import CALLS, ERRORS, KEY_FAILURES, LATENCY, call_labels

#: the transport of a request whose route wrote no request log line (pages, health...)
PLAIN_HTTP = "http"


@dataclass(slots=True)
class CallFacts:
    """What a request's handler said of it (see :func:`note_call`)."""

    transport: str = PLAIN_HTTP
    call: str | None = None
    #: the status the outcome has over HTTP (a legacy fault's, although it travels with 200)
    status: int | None = None
    error: str | None = None
    key_refused: bool = False


#: the facts of the request being served: the application puts a fresh one in
#: place, handlers fill it in (a mutable object, so that a handler running in a
#: copied context still reaches the application's)
FACTS: ContextVar[CallFacts | None] = ContextVar("jsontwo_call_facts", default=None)


def note_call(
    transport: object, call: object, status: object, failure: BaseException | None
) -> None:
    """Keep what a request log line says of the request being served."""
    facts = FACTS.get()
    if facts is None:
        return
    if isinstance(transport, str):
        facts.transport = transport
    if isinstance(call, str):
        facts.call = call
    if isinstance(status, int):
        facts.status = status
    if failure is not None:
        facts.error = error_name(failure)
        facts.key_refused = isinstance(failure, AccessDenied | Unauthorized)


def record_request(facts: CallFacts, http_status: int, seconds: float) -> None:
    """Count one answered request: its call, status and duration, its error."""
    status = facts.status if facts.status is not None else http_status
    model, method = call_labels(facts.call, known=status != NotFound.http_status)
    CALLS.labels(facts.transport, model, method, str(status)).inc()
    LATENCY.labels(facts.transport, model, method).observe(seconds)
    if facts.error is not None:
        ERRORS.labels(facts.transport, facts.error).inc()
    if facts.key_refused:
        KEY_FAILURES.labels(facts.transport).inc()


def metrics_text() -> bytes:
    """The metrics in Prometheus' text format: the sum over every worker when
    the workers share a directory (``PROMETHEUS_MULTIPROC_DIR``), else this
    process's."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not directory:
        return bytes(generate_latest(REGISTRY))
    _forget_dead_workers(Path(directory))
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry, path=directory)
    return bytes(generate_latest(registry))


def _forget_dead_workers(directory: Path) -> None:
    """Leave out the gauges of workers that ended (recycled, or killed): their
    counters stay, a count of what happened, but the connections they held are
    gone with them."""
    for path in directory.glob("gauge_live*_*.db"):
        pid = int(path.stem.rsplit("_", 1)[1])
        if not _alive(pid):
            multiprocess.mark_process_dead(pid, str(directory))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def metrics_routes(config: ServerConfig) -> list[BaseRoute]:
    """``GET /metrics`` unless ``config`` turns it off, behind its token if any."""
    if not config.metrics:
        return []

    async def metrics(request: Request) -> Response:
        if config.metrics_token and not _token_matches(request, config.metrics_token):
            refused = Unauthorized(
                "The metrics need 'Authorization: Bearer <token>' with the server's "
                "metrics token (--metrics-token)."
            )
            return Response(
                error_body(refused, config.dev),
                refused.http_status,
                headers={k.decode(): v.decode() for k, v in error_headers(refused)},
                media_type=JSON_CONTENT_TYPE.decode(),
            )
        return Response(metrics_text(), 200, media_type=CONTENT_TYPE_LATEST)

    return [Route("/metrics", metrics, methods=["GET"])]


def _token_matches(request: Request, token: str) -> bool:
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode(), token.encode()
    )


__all__ = [
    "FACTS",
    "CallFacts",
    "metrics_routes",
    "metrics_text",
    "note_call",
    "record_request",
]
