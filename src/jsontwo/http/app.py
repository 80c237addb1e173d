"""The ASGI application.

``/json/2/...`` is served by a plain ASGI handler (:class:`Json2Handler`):
it is the hot path, and a framework's request and response objects would cost
more than our whole ORM call on an indexed read. Everything else goes to a
small Starlette application whose errors are JSON error objects too.

Each worker process runs one call at a time on its event loop, like Odoo's
prefork workers: the database work is short and synchronous, and throughput
comes from ``--workers``.
"""

from __future__ import annotations

import contextlib
import functools
import os
import time
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import Response

from jsontwo.db.replicas import ReplicaConfig
from jsontwo.exceptions import (
    HTTPError,
    MethodNotAllowed,
    NotFound,
    error_status,
)
from jsontwo.http.config import ServerConfig
from jsontwo.http.cors import with_cors
from jsontwo.http.database_manager import database_manager_routes
from jsontwo.http.discovery import discovery_routes
from jsontwo.http.doc_pages import doc_page_routes
from jsontwo.http.downloads import download_routes
from jsontwo.http.draining import drain_on_sigterm
from jsontwo.http.errors import JSON_CONTENT_TYPE, error_body, error_headers
from jsontwo.http.health import health_routes
from jsontwo.http.home import home_routes
from jsontwo.http.legacy import LegacyEndpoints
from jsontwo.http.logs import REQUEST_ID, request_id
from jsontwo.http.metrics import FACTS, CallFacts, metrics_routes, record_request
from jsontwo.http.pages import account_routes
from jsontwo.http.recycling import ASGIApp, Recycler, set_memory_hard_limit
from jsontwo.http.reports import report_routes
from jsontwo.http.retrying import with_awaited_waits
from jsontwo.http.web_session import web_session_routes
from jsontwo.http.webclient import webclient_routes
from jsontwo.http.wire import check_json_body, client_address, log_request, read_body
from jsontwo.service import Databases, DbFilter, Json2Call, open_storage
from jsontwo.service.json2 import json2_database, run_json2
from jsontwo.service.master_password import ManagerSettings, MasterPassword
from jsontwo.service.pipeline import CALLER

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

JSON2_PREFIX = "/json/2"
#: the API documentation for bearer keys, which browsers may read under CORS too
DOC_BEARER_PREFIX = "/doc-bearer/"
DID_YOU_MEAN = "Did you mean POST /json/2/<model>/<method>?"
SECURITY_HEADERS = [(b"x-content-type-options", b"nosniff")]


class Json2Handler:
    """``POST /json/2/<model>/<method>``: parse, call the service, answer JSON."""

    def __init__(self, databases: Databases, config: ServerConfig) -> None:
        self.databases = databases
        self.config = config

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()
        headers = _headers(scope)
        call: Json2Call | None = None
        database: str | None = None
        failure: Exception | None = None
        status = 500
        try:
            call = self._parse_route(scope)
            call.body = await read_body(receive, self.config.call_body())
            check_json_body(call.body, headers.get("content-type", ""))
            call.authorization = headers.get("authorization")
            call.database = headers.get("x-odoo-database") or None
            call.remote_addr = client_address(scope)
            call.host = headers.get("host")
            database = json2_database(self.databases, call)
            payload = await with_awaited_waits(
                lambda: run_json2(self.databases.registry(database), call)
            )
            status = 200
            await _respond(send, 200, payload, SECURITY_HEADERS)
        except Exception as exc:  # every failure becomes the JSON error object
            failure = exc
            status = error_status(exc)
            await _respond(send, status, error_body(exc, self.config.dev), error_headers(exc))
        finally:
            _log_request(scope, call, database, status, started, failure)

    @staticmethod
    def _parse_route(scope: Scope) -> Json2Call:
        path: str = scope["path"]
        parts = (
            path[len(JSON2_PREFIX) + 1 :].rstrip("/").split("/")
            if path.startswith(JSON2_PREFIX + "/")
            else []
        )
        if scope["method"] != "POST" or len(parts) != 2 or not all(parts):
            raise NotFound(DID_YOU_MEAN)
        return Json2Call(model=parts[0], method=parts[1])


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}


def _log_request(
    scope: Scope,
    call: Json2Call | None,
    database: str | None,
    status: int,
    started: float,
    failure: Exception | None,
) -> None:
    """One line per request: verb, model.method (or the path), status, duration,
    database (the one selected, else the one the request named).

    Server errors carry their traceback; nothing of the request's headers or
    body is logged, so API keys never reach the log.
    """
    target = f"{call.model}.{call.method}" if call else scope["path"]
    duration = round((time.perf_counter() - started) * 1000, 1)
    database = database or (call.database if call else None)
    log_request(
        "%s %s %d %.1fms db=%s",
        scope["method"],
        target,
        status,
        duration,
        database or "-",
        failure=failure,
        error=status >= 500,
        transport="json2",
        call=target if call else None,
        status=status,
        duration_ms=duration,
        database=database,
    )


async def _respond(send: Send, status: int, body: bytes, extra: list[tuple[bytes, bytes]]) -> None:
    headers = [
        (b"content-type", JSON_CONTENT_TYPE),
        (b"content-length", str(len(body)).encode()),
        *extra,
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _starlette_app(
    config: ServerConfig, databases: Databases, legacy: LegacyEndpoints
) -> Starlette:
    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        mapped: HTTPError = MethodNotAllowed() if exc.status_code == 405 else NotFound()
        if exc.status_code not in (404, 405):
            mapped = HTTPError(exc.detail)
        return Response(
            error_body(mapped, config.dev), exc.status_code, media_type=JSON_CONTENT_TYPE.decode()
        )

    async def server_error(request: Request, exc: Exception) -> Response:
        return Response(error_body(exc, config.dev), 500, media_type=JSON_CONTENT_TYPE.decode())

    routes = [
        *discovery_routes(databases, config),
        *database_manager_routes(databases, config),
        *doc_page_routes(databases, config),
        *health_routes(databases),
        *home_routes(),
        *account_routes(databases),
        *legacy.routes(),
        *web_session_routes(databases, config),
        *download_routes(databases, config),
        *report_routes(databases, config),
        *webclient_routes(databases, config),
        *metrics_routes(config),
    ]
    return Starlette(
        routes=routes,
        exception_handlers={StarletteHTTPException: http_error, Exception: server_error},
        lifespan=_worker_lifespan(config),
    )


def _worker_lifespan(
    config: ServerConfig,
) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    """What each worker does once its server runs: SIGTERM drains it first
    (:func:`drain_on_sigterm`). The lifespan's startup runs after uvicorn
    installed its signal handlers, which a worker forked from the supervisor's
    application (:func:`preforked_app`) has not yet when it is forked."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        drain_on_sigterm(config.drain_time)
        yield

    return lifespan


class App:
    """The whole server: JSON-2 on the fast path, the rest through Starlette."""

    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        replicas = (
            ReplicaConfig(config.replica_urls, config.max_replica_lag, config.write_marks_dir)
            if config.replica_urls
            else None
        )
        storage = open_storage(config.data_dir, config.db_url, config.limit_time_real, replicas)
        db_filter = DbFilter(config.db_filter, config.db_names)
        manager = ManagerSettings(
            MasterPassword(config.master_password, config.data_dir), config.data_dir
        )
        self.databases = Databases(
            storage, list_db=config.list_db, db_filter=db_filter, manager=manager
        )
        self.json2 = with_cors(Json2Handler(self.databases, config), config, ("POST",))
        self.legacy = LegacyEndpoints(self.databases, config)
        self.other = _starlette_app(config, self.databases, self.legacy)
        self.doc_bearer = with_cors(self.other, config, ("GET", "POST"))
        #: this process's id in X-Jsontwo-Worker (read per request: the workers are
        #: forked from the process that built the application)
        self._worker_header = config.worker_header

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.other(scope, receive, send)
            return
        started = time.perf_counter()
        rid = request_id(_header(scope, b"x-request-id"))
        REQUEST_ID.set(rid)
        CALLER.set(None)
        facts = CallFacts()
        FACTS.set(facts)
        headers = [(b"x-request-id", rid.encode())]
        if self._worker_header:
            headers.append((b"x-jsontwo-worker", str(os.getpid()).encode()))
        guarded = _Guarded(send, headers)
        try:
            path: str = scope["path"]
            if path == JSON2_PREFIX or path.startswith(JSON2_PREFIX + "/"):
                await self.json2(scope, receive, guarded)
            elif scope["method"] == "POST" and (legacy := self.legacy.direct(path)):
                # the legacy endpoints, without Starlette's routing and middleware
                endpoint, scope["path_params"] = legacy
                response = await endpoint(Request(scope, receive))
                await response(scope, receive, guarded)
            elif path.startswith(DOC_BEARER_PREFIX):
                await self.doc_bearer(scope, receive, guarded)
            else:
                await self.other(scope, receive, guarded)
        except Exception as exc:  # the last guard: see _Guarded
            await guarded.fail(scope, exc, self.config.dev)
        finally:
            record_request(facts, guarded.status, time.perf_counter() - started)


class _Guarded:
    """``send``, adding the request's own headers (``X-Request-Id``, and
    ``X-Jsontwo-Worker`` when asked) and noting whether the response has started.

    An exception that escapes the application would reach uvicorn, which then
    answers a plain-text 500 or, once a response was sent (Starlette's error
    handler sends one, then raises again), closes the kept-alive connection
    without saying so: the client's next request fails. The application logs
    it and answers the JSON error object instead, and the connection lives on.
    """

    def __init__(self, send: Send, headers: list[tuple[bytes, bytes]]) -> None:
        self._send = send
        self._headers = headers
        self.started = False
        #: the response's HTTP status, once it has started (500 until then)
        self.status = 500

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.started = True
            self.status = int(message["status"])
            message = {**message, "headers": [*message["headers"], *self._headers]}
        await self._send(message)

    async def fail(self, scope: Scope, exc: Exception, dev: bool) -> None:
        """Log the server's fault ``exc`` and answer it, unless an answer has begun."""
        log_request(
            "%s %s failed", scope["method"], scope["path"], failure=exc, error=True, status=500
        )
        if not self.started:
            await _respond(self, 500, error_body(exc, dev), [])


def _header(scope: Scope, name: bytes) -> str | None:
    """The request's header ``name`` (lower case), if it has one."""
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None


def create_app(config: ServerConfig | None = None) -> App | ASGIApp:
    """The ASGI application of one process, recycled after its limits when the
    configuration sets any."""
    config = config or ServerConfig.from_env()
    app = _recycled(App(config), config)
    set_memory_hard_limit(config.limit_memory_hard)
    return app


def preforked_app(
    config: ServerConfig | None = None, databases: Sequence[str] = ()
) -> tuple[App | ASGIApp, Callable[[], None]]:
    """The application as the supervisor of ``jsontwo serve`` builds it once,
    before it forks its workers, which then share its memory (copy-on-write)
    and start without importing or loading anything: the registries of
    ``databases`` and of those ``--database`` names (else of the only database
    served) are loaded, then their connections closed (a connection is never
    shared between processes). Answers the application and what each worker
    runs first, once forked (its memory limit, which the supervisor does not
    take)."""
    config = config or ServerConfig.from_env()
    app = App(config)
    app.databases.preload([*databases, *config.db_names])
    return _recycled(app, config), functools.partial(
        set_memory_hard_limit, config.limit_memory_hard
    )


def _recycled(app: App, config: ServerConfig) -> App | ASGIApp:
    """``app``, recycled after the configuration's limits when it sets any."""
    if config.limit_request or config.limit_memory_soft:
        return Recycler(app, config.limit_request, config.limit_memory_soft)
    return app
