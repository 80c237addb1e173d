"""Health routes, for load balancers and orchestrators.

- ``/health``: liveness. The process answers; nothing else is checked, so a
  storage outage never gets healthy workers restarted.
- ``/web/health``: Odoo 19's route and answer, ``{"status": "pass"}``; with
  ``?db_server_status=1`` it also checks the storage, as Odoo checks its
  PostgreSQL server, and answers 500 ``"fail"`` when it cannot be reached.
- ``/health/ready``: readiness. The storage answers (PostgreSQL reachable,
  every SQLite file readable); 503 when it does not, so traffic goes elsewhere,
  and 503 while the server drains before it stops (``--drain-time``).

Anyone may call them, so a failure says only that it failed: the driver's
words (host names, ports, paths) go to the server's log, never to the caller.
"""

from __future__ import annotations

import logging

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from jsontwo import __version__
from jsontwo.db import StorageError, StorageUnavailable
from jsontwo.http.draining import DRAINING
from jsontwo.http.errors import JSON_CONTENT_TYPE
from jsontwo.service import Databases
from jsontwo.service.json_codec import dumps

_logger = logging.getLogger(__name__)

#: a probe's answer is about this moment: never stored by a proxy or a browser
HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
LIVENESS = "/health"
READINESS = "/health/ready"
ODOO_HEALTH = "/web/health"
JSON_UTF8 = JSON_CONTENT_TYPE.decode()


def _answer(value: dict[str, object], status: int, media_type: str) -> Response:
    return Response(dumps(value), status, headers=HEADERS, media_type=media_type)


class Health:
    """The health routes over the server's databases."""

    def __init__(self, databases: Databases) -> None:
        self.databases = databases

    async def storage_ok(self) -> bool:
        """Whether the storage answers, checked off the event loop (a server that
        does not answer must not stall the liveness route); a failure is logged."""
        try:
            await run_in_threadpool(self.databases.storage.check)
        except StorageUnavailable as exc:
            _logger.warning("Storage check failed: %s (%s)", exc, exc.detail)
            return False
        except StorageError as exc:
            _logger.warning("Storage check failed: %s", exc)
            return False
        return True

    async def live(self, request: Request) -> Response:
        """``/health``: the process answers, and which jsontwo it is."""
        return _answer({"status": "ok", "jsontwo": __version__}, 200, JSON_UTF8)

    async def odoo(self, request: Request) -> Response:
        """``/web/health``: Odoo's answer (its content type too); the storage is
        checked only when ``db_server_status`` is given, as Odoo does."""
        health: dict[str, object] = {"status": "pass"}
        status = 200
        if request.query_params.get("db_server_status"):
            reachable = await self.storage_ok()
            health["db_server_status"] = reachable
            if not reachable:
                health["status"] = "fail"
                status = 500
        return _answer(health, status, "application/json")

    async def ready(self, request: Request) -> Response:
        """``/health/ready``: 200 when the storage answers, else 503; 503 too while
        the server drains (it still serves calls, but is on its way out)."""
        if DRAINING.is_set():
            return _answer({"status": "fail", "draining": True}, 503, JSON_UTF8)
        if await self.storage_ok():
            return _answer({"status": "pass", "storage": "pass"}, 200, JSON_UTF8)
        return _answer({"status": "fail", "storage": "fail"}, 503, JSON_UTF8)

    def routes(self) -> list[BaseRoute]:
        """The three routes, for the server's Starlette application."""
        methods = ["GET", "HEAD"]
        return [
            Route(LIVENESS, self.live, methods=methods),
            Route(READINESS, self.ready, methods=methods),
            Route(ODOO_HEALTH, self.odoo, methods=methods),
        ]


def health_routes(databases: Databases) -> list[BaseRoute]:
    """The health routes of the server."""
    return Health(databases).routes()
