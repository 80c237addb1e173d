"""The web client's session routes, for the integrations that talk to Odoo as
its web client does.

* ``POST /web/session/authenticate`` (``db``, ``login``, ``password``): checks
  the password, sets Odoo's ``session_id`` cookie and answers ``session_info``;
* ``POST /web/session/get_session_info``: the session's ``session_info``;
* ``POST /web/session/destroy``: ends the session (clears the cookie);
* ``POST /web/dataset/call_kw`` and ``/web/dataset/call_kw/<anything>``
  (``model``, ``method``, ``args``, ``kwargs``): one method call as the
  session's user, bound as the legacy ``execute_kw`` binds it;
* ``POST /web/dataset/call_button`` (and ``/<anything>``): the same for a form's
  button, answering the action the client runs next (or false);
* ``POST /mail/thread/messages`` (``thread_model``, ``thread_id``,
  ``fetch_params``): the chatter's page of a record's messages (docs/messages.md).

All are JSON-RPC (:mod:`jsontwo.http.jsonrpc`: a JSON content type, which a
cross-site form cannot send, and the same envelope and errors). The session is
the site's stateless signed cookie (:mod:`jsontwo.http.site_session`), the
account page's too: one sign-in, in either place, is one session for both, and
it ends when the user's password or login changes or the user is archived. Without a valid session the routes that need
one answer Odoo's "Session Expired" error (code 100).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from jsontwo.exceptions import AccessDenied, AccessError, NotFound, SessionExpired
from jsontwo.http import sessions, site_session
from jsontwo.http.config import BodyLimit, ServerConfig
from jsontwo.http.jsonrpc import (
    JSON,
    jsonrpc_body,
    jsonrpc_failure,
    read_jsonrpc,
    required_params,
    transport_error,
)
from jsontwo.http.retrying import with_awaited_waits
from jsontwo.http.wire import client_address
from jsontwo.service import Databases, accounts
from jsontwo.service.chatter import fetch_thread_messages
from jsontwo.service.legacy import execute_kw
from jsontwo.service.web_session import session_info

#: session answers name the user: never cache them
NO_STORE = {"Cache-Control": "no-store"}

#: the JSON-RPC answer for a result (serialised where the caller says: inside the
#: transaction for a method call)
Reply = Callable[[Any], bytes]
#: what a route does to the response once it succeeded (set or clear the cookie)
CookieChange = Callable[[Response], None]
Handler = Callable[[dict[str, Any], Request, Reply, list[CookieChange]], bytes]


class WebSession:
    """The Starlette endpoints of the web client's session routes."""

    def __init__(self, databases: Databases, config: ServerConfig) -> None:
        self.databases = databases
        self.config = config

    def routes(self) -> list[BaseRoute]:
        """The session and ``call_kw`` routes (POST only, as every JSON-RPC route here)."""
        call_kw = self._endpoint(self.call_kw, self.config.call_body())
        call_button = self._endpoint(self.call_button, self.config.call_body())
        return [
            Route("/web/session/authenticate", self._endpoint(self.authenticate), methods=["POST"]),
            Route(
                "/web/session/get_session_info",
                self._endpoint(self.get_session_info),
                methods=["POST"],
            ),
            Route("/web/session/destroy", self._endpoint(self.destroy), methods=["POST"]),
            Route("/web/dataset/call_kw", call_kw, methods=["POST"]),
            Route("/web/dataset/call_kw/{path:path}", call_kw, methods=["POST"]),
            Route("/web/dataset/call_button", call_button, methods=["POST"]),
            Route("/web/dataset/call_button/{path:path}", call_button, methods=["POST"]),
            Route("/mail/thread/messages", self._endpoint(self.thread_messages), methods=["POST"]),
        ]

    def _endpoint(
        self, handler: Handler, limit: BodyLimit | None = None
    ) -> Callable[[Request], Awaitable[Response]]:
        """``handler`` behind the JSON-RPC envelope; its cookie changes apply only
        when it succeeds. Its body may cost ``limit`` (a small body's by default:
        only ``call_kw`` carries a method's arguments)."""
        body_limit = limit or self.config.small_body()

        async def endpoint(request: Request) -> Response:
            try:
                rpc = await read_jsonrpc(request, body_limit)
            except Exception as exc:  # not JSON-RPC: no id to answer to
                return transport_error(exc, self.config.dev)
            changes: list[CookieChange] = []

            def reply(result: Any) -> bytes:
                return jsonrpc_body(rpc.id, result=result)

            def attempt() -> bytes:
                changes.clear()  # (a try that conflicted changes no cookie)
                return handler(rpc.params(), request, reply, changes)

            try:
                answer = await with_awaited_waits(attempt)
            except Exception as exc:  # reported in the envelope, with HTTP 200
                answer = jsonrpc_failure(request, rpc.id, exc, self.config.dev)
                changes = []
            response = Response(answer, 200, headers=NO_STORE, media_type=JSON)
            for change in changes:
                change(response)
            return response

        return endpoint

    def _visitor(self, request: Request, fingerprint: bool = True) -> site_session.Visitor:
        """The request's session, or SessionExpired (``fingerprint``: see
        :func:`site_session.session_visitor`)."""
        visitor = site_session.session_visitor(self.databases, request, fingerprint)
        if visitor is None:
            raise SessionExpired()
        return visitor

    # --- routes ----------------------------------------------------------------

    def authenticate(
        self, params: dict[str, Any], request: Request, reply: Reply, changes: list[CookieChange]
    ) -> bytes:
        """Sign in with a password: the new session's cookie and its ``session_info``.

        A database the server does not serve: AccessError "Database not found.";
        bad credentials: AccessDenied "Access Denied" (the login guard's refusal
        keeps its own message), as Odoo answers.
        """
        db, login, password = required_params(
            params, ("db", "login", "password"), "Session.authenticate"
        )
        if not isinstance(db, str) or not self.databases.serves(db, request.headers.get("host")):
            raise AccessError("Database not found.")
        registry = self.databases.registry(db)
        if not isinstance(login, str) or not isinstance(password, str) or not password:
            raise AccessDenied()
        try:
            uid, cookie = site_session.open_session(
                registry, login, password, client_address(request.scope) or ""
            )
        except AccessDenied as exc:
            # the page's wording for a wrong password; Odoo's routes say "Access Denied"
            raise (AccessDenied() if exc.message == accounts.WRONG_CREDENTIALS else exc) from None
        info = session_info(registry, uid, self.config.max_body_bytes)
        changes.append(lambda response: site_session.set_session_cookie(response, request, cookie))
        return reply(info)

    def get_session_info(
        self, params: dict[str, Any], request: Request, reply: Reply, changes: list[CookieChange]
    ) -> bytes:
        """The ``session_info`` of the request's session."""
        visitor = self._visitor(request)
        return reply(
            session_info(visitor.registry, visitor.session.uid, self.config.max_body_bytes)
        )

    def destroy(
        self, params: dict[str, Any], request: Request, reply: Reply, changes: list[CookieChange]
    ) -> bytes:
        """End the session: the cookie is cleared (the answer has no ``result``, as Odoo's)."""
        self._visitor(request)
        changes.append(lambda response: site_session.forget_session_cookie(response, request))
        return reply(None)

    def call_kw(
        self, params: dict[str, Any], request: Request, reply: Reply, changes: list[CookieChange]
    ) -> bytes:
        """``model.method(*args, **kwargs)`` as the session's user, as ``execute_kw``
        runs it (one transaction; the answer is serialised inside it). An unknown
        model is a NotFound, as Odoo's route answers."""
        visitor = self._visitor(request, fingerprint=False)  # checked in the call's transaction
        model, method, args, kwargs = required_params(
            params, ("model", "method", "args", "kwargs"), "DataSet.call_kw"
        )
        if not isinstance(model, str) or model not in visitor.registry.models:
            raise NotFound()
        if not isinstance(args, list):
            raise TypeError(f"'args' must be a JSON array, not {type(args).__name__}")
        if kwargs is None:
            kwargs = {}
        if not isinstance(kwargs, dict):
            raise TypeError(f"'kwargs' must be a JSON object, not {type(kwargs).__name__}")
        session = visitor.session
        return execute_kw(
            visitor.registry,
            model,
            method,
            args,
            kwargs,
            # the fingerprint is read in the call's own transaction: no password
            # change slips between the check and the call
            authenticate=accounts.session_user(
                session.uid, lambda current: sessions.fingerprint_matches(session, current)
            ),
            remote_addr=client_address(request.scope),
            serialize=reply,
        )

    def call_button(
        self, params: dict[str, Any], request: Request, reply: Reply, changes: list[CookieChange]
    ) -> bytes:
        """A form's button: ``call_kw``, whose answer is the action the client runs
        next (a dict, its ``type`` defaulting to closing the dialog, its ``views``
        made from ``view_mode``), or false for anything else, as Odoo's route."""
        return self.call_kw(params, request, lambda result: reply(button_action(result)), changes)

    def thread_messages(
        self, params: dict[str, Any], request: Request, reply: Reply, changes: list[CookieChange]
    ) -> bytes:
        """The chatter's page of a record's messages, as the session's user."""
        visitor = self._visitor(request, fingerprint=False)  # checked in the transaction
        required_params(
            params, ("thread_model", "thread_id"), "ThreadController.mail_thread_messages"
        )
        session = visitor.session
        return fetch_thread_messages(
            visitor.registry,
            params,
            authenticate=accounts.session_user(
                session.uid, lambda current: sessions.fingerprint_matches(session, current)
            ),
            serialize=reply,
            remote_addr=client_address(request.scope),
        )


def button_action(result: Any) -> Any:
    """What a button's method answered, as the web client's next action."""
    if not isinstance(result, dict) or result.get("type") == "":
        return False
    action = {"type": "ir.actions.act_window_close", **result}
    if action["type"] == "ir.actions.act_window" and not action.get("views"):
        view_id = action.get("view_id") or False
        if isinstance(view_id, list | tuple):
            view_id = view_id[0] if view_id else False
        modes = str(action.get("view_mode") or "list,form").split(",")
        action["views"] = [[view_id, modes[0]]] if view_id else [[False, m] for m in modes]
    return action


def web_session_routes(databases: Databases, config: ServerConfig) -> list[BaseRoute]:
    """The web client's session routes, for the server's Starlette application."""
    return WebSession(databases, config).routes()


__all__ = ["WebSession", "web_session_routes"]
