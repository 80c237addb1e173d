"""The API documentation pages, Odoo 19's ``/doc``: signed in with the site's
session (the account page's sign-in), for members of the "Technical
Documentation" group, as ``/doc-bearer`` is.

* ``GET /doc`` (and ``/doc/index.html``): the models the user may read, with a
  search box, and how to call them;
* ``GET /doc/<model>``: one model's fields and public methods, ready-to-copy
  calls in curl, Python and JavaScript, and a form that sends a call with a key
  the user pastes (from the browser: the key never reaches the page's server
  side, and nothing keeps it);
* ``/doc/index.json`` and ``/doc/<model>.json`` (GET or POST): the documents of
  ``/doc-bearer``, authenticated by the session cookie instead of a key.

As in Odoo, a visitor without a session is sent to the sign-in (and back to
the page after it), and a JSON document asked for without one is the
JSON error ``SessionExpiredException`` (401). A signed-in user outside the
group gets 403 and the message Odoo gives.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from jsontwo.exceptions import AccessError, MissingError, NotFound, SessionExpired
from jsontwo.http import sessions
from jsontwo.http.config import ServerConfig
from jsontwo.http.discovery import DocRoutes
from jsontwo.http.doc_examples import call_data
from jsontwo.http.pages import PAGE, PAGE_HEADERS, TEMPLATES, guarded
from jsontwo.http.site_session import Visitor, session_visitor
from jsontwo.http.wire import client_address
from jsontwo.service import Databases, accounts
from jsontwo.service.api_doc import DocAnswer, index_document, model_document
from jsontwo.service.pipeline import Authenticate

DOC = "/doc"
#: the OpenAPI description of the JSON-2 calls (an API key reads it)
OPENAPI = "/doc-bearer/openapi.json"
#: the "try it" form calls /json/2 from the page: the one thing the pages' policy adds
DOC_HEADERS = {
    **PAGE_HEADERS,
    "Content-Security-Policy": PAGE_HEADERS["Content-Security-Policy"] + "; connect-src 'self'",
}


class DocPages:
    """The routes of the documentation pages and of their session-cookie JSON."""

    def __init__(self, databases: Databases, config: ServerConfig) -> None:
        self.databases = databases
        self.documents = DocRoutes(databases, config)

    def routes(self) -> list[BaseRoute]:
        """The pages and documents (the JSON ones first: ``/doc/<model>`` would take them)."""
        page = guarded(self.page)
        return [
            Route(DOC, page, methods=["GET", "HEAD"]),
            Route(f"{DOC}/index.html", page, methods=["GET", "HEAD"]),
            Route(f"{DOC}/index.json", self.index_json, methods=["GET", "POST"]),
            Route(DOC + "/{model}.json", self.model_json, methods=["GET", "POST"]),
            Route(DOC + "/{model}", page, methods=["GET", "HEAD"]),
        ]

    # -- the JSON documents ---------------------------------------------------

    async def index_json(self, request: Request) -> Response:
        """``/doc/index.json``: the index of ``/doc-bearer/index.json``, by session."""

        def build(_database: str | None, _authorization: str | None) -> DocAnswer:
            visitor = self._session(request)
            return index_document(visitor.registry, _proof(visitor), client_address(request.scope))

        return await self.documents.serve(request, build, "odoo-doc-index")

    async def model_json(self, request: Request) -> Response:
        """``/doc/<model>.json``: one model's document, by session."""
        name: str = request.path_params["model"]

        def build(_database: str | None, _authorization: str | None) -> DocAnswer:
            visitor = self._session(request)
            registry, address = visitor.registry, client_address(request.scope)
            return model_document(registry, _proof(visitor), name, address)

        return await self.documents.serve(request, build, None)

    def _session(self, request: Request) -> Visitor:
        """The request's session (its fingerprint is checked in the document's
        transaction), or SessionExpired: the JSON routes' 401."""
        visitor = self._visitor(request)
        if visitor is None:
            raise SessionExpired()
        return visitor

    def _visitor(self, request: Request) -> Visitor | None:
        """The request's visitor, with the registry of the database's models as
        they are now: a model or field made at run time on another worker shows
        at once (the pages that describe the models pay the stamp's read)."""
        visitor = session_visitor(self.databases, request, fingerprint=False)
        if visitor is None:
            return None
        current = self.databases.current_registry(visitor.registry.database.name)
        return visitor if current is visitor.registry else replace(visitor, registry=current)

    # -- the pages ------------------------------------------------------------

    async def page(self, request: Request) -> Response:
        """``/doc`` or ``/doc/<model>``: the sign-in when there is no session, the
        page for the group's members, 403 for anyone else, 404 for no such model."""
        visitor = self._visitor(request)
        if visitor is None:
            return _to_sign_in(request)
        model_name: str | None = request.path_params.get("model")
        address = client_address(request.scope)
        try:
            index = index_document(visitor.registry, _proof(visitor), address)
            model = (
                model_document(visitor.registry, _proof(visitor), model_name, address)
                if model_name
                else None
            )
        except SessionExpired:  # the password changed since: sign in again
            return _to_sign_in(request)
        except AccessError as exc:
            return self._error(visitor, exc.message, 403)
        except (NotFound, MissingError):
            return self._error(visitor, f"There is no model named “{model_name}”.", 404)
        context = self._context(visitor, request, index.document)
        if model is not None:
            method = request.query_params.get("method", "")
            context.update(_model_context(model.document, method, context))
        return _render("doc.html", context)

    def _context(self, visitor: Visitor, request: Request, index: dict[str, Any]) -> dict[str, Any]:
        """What every documentation page shows: who is signed in, the models."""
        models = sorted(
            ({"model": m["model"], "name": m["name"]} for m in index["models"]),
            key=lambda m: m["model"],
        )
        return {
            "title": "API documentation",
            "user": accounts.user_summary(visitor.registry, visitor.session.uid),
            "db": visitor.session.db,
            "csrf_token": sessions.csrf_token(visitor.cookie, visitor.secret),
            "models": models,
            "known_models": {m["model"] for m in models},
            "base_url": str(request.base_url).rstrip("/"),
            "openapi": OPENAPI,
            "doc": DOC,
            "account_page": PAGE,
        }

    def _error(self, visitor: Visitor, message: str, status: int) -> Response:
        context = {
            "title": "API documentation",
            "error": message,
            "user": accounts.user_summary(visitor.registry, visitor.session.uid),
            "db": visitor.session.db,
            "csrf_token": sessions.csrf_token(visitor.cookie, visitor.secret),
            "account_page": PAGE,
            "doc": DOC,
            "status": status,
        }
        return _render("doc_error.html", context, status)


def _model_context(document: dict[str, Any], method: str, page: dict[str, Any]) -> dict[str, Any]:
    """What a model's page shows beyond the list: its fields, its methods, and the
    data the call form and the examples are made from."""
    methods: dict[str, dict[str, Any]] = document["methods"]
    data = call_data(document["model"], methods, page["base_url"], page["db"])
    chosen = method if method in methods else data["method"]
    data["method"] = chosen
    fields = sorted(document["fields"].items(), key=lambda item: (item[0] != "id", item[0]))
    return {
        "title": f"{document['name']} ({document['model']})",
        "model": document,
        "fields": fields,
        "methods": sorted(methods.items()),
        "chosen": chosen,
        "call": data,
    }


def _proof(visitor: Visitor) -> Authenticate:
    """The session's user, while their fingerprint (password, login, active) holds."""
    session = visitor.session
    return accounts.session_user(
        session.uid, lambda current: sessions.fingerprint_matches(session, current)
    )


def _to_sign_in(request: Request) -> Response:
    """To the sign-in, which comes back here once signed in (Odoo: ``/web/login?redirect=``)."""
    path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"{PAGE}?redirect={quote(path, safe='')}", 303)


def _render(name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    html = TEMPLATES.get_template(name).render(**context)
    return HTMLResponse(html, status, headers=DOC_HEADERS)


def doc_page_routes(databases: Databases, config: ServerConfig) -> list[BaseRoute]:
    """The documentation pages' routes, for the server's Starlette application."""
    return DocPages(databases, config).routes()


__all__ = ["DOC", "DocPages", "doc_page_routes"]
