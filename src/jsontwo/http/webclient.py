"""``GET /web/webclient/load_menus``: the menus the session's user sees, as
Odoo 19's web client loads them (``ir.ui.menu.load_web_menus``, docs/platform.md).
Without a session: Odoo's "Session Expired" error, as the JSON error object."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from jsontwo.exceptions import SessionExpired
from jsontwo.http import sessions, site_session
from jsontwo.http.config import ServerConfig
from jsontwo.http.downloads import error_response
from jsontwo.http.errors import JSON_CONTENT_TYPE
from jsontwo.http.wire import client_address
from jsontwo.service import Databases, accounts
from jsontwo.service.json_codec import dumps
from jsontwo.service.menus import web_menus_for


def webclient_routes(databases: Databases, config: ServerConfig) -> list[BaseRoute]:
    """The web client's menu route (GET, as Odoo's)."""

    async def load_menus(request: Request) -> Response:
        try:
            visitor = site_session.session_visitor(databases, request, fingerprint=False)
            if visitor is None:
                raise SessionExpired()
            session = visitor.session
            menus = await run_in_threadpool(
                web_menus_for,
                visitor.registry,
                # the fingerprint is read in the menus' own transaction
                accounts.session_user(
                    session.uid, lambda current: sessions.fingerprint_matches(session, current)
                ),
                request.query_params.get("lang") or None,
                client_address(request.scope),
            )
        except Exception as exc:
            return error_response(exc, config.dev)
        # the menus name what the user may do: never cached
        return Response(
            dumps(menus),
            200,
            headers={"Cache-Control": "no-store"},
            media_type=JSON_CONTENT_TYPE.decode(),
        )

    return [Route("/web/webclient/load_menus", load_menus, methods=["GET"])]


__all__ = ["webclient_routes"]
