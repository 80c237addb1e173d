"""Discovery routes: what a client asks before (or instead of) calling a model.

* ``/web/version`` and ``/json/version`` (any method, no database, no key):
  ``{"version_info": [19, 0, 0, "final", 0, ""], "version": "19.0"}``.
* ``POST /web/webclient/version_info`` (JSON-RPC): the XML-RPC ``version`` dict.
* ``POST /web/database/list`` (JSON-RPC): the names of the databases.
* ``/doc-bearer/index.json`` and ``/doc-bearer/<model>.json`` (GET or POST,
  bearer API key, database as JSON-2 selects it): the API documentation as
  JSON, for members of the "Technical Documentation" group; with an ``ETag``,
  so that ``If-None-Match`` answers 304 while nothing changed.
* ``/doc-bearer/openapi.json`` (the same callers, the same validators): the
  OpenAPI 3.1 description of the JSON-2 API as the caller may use it
  (docs/openapi.md); ``?models=res.partner,res.country`` keeps only those
  models. Gzipped for the clients that accept it.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Any

from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route, request_response

from jsontwo.exceptions import error_status
from jsontwo.http.config import ServerConfig
from jsontwo.http.errors import JSON_CONTENT_TYPE, error_body, error_headers
from jsontwo.http.jsonrpc import jsonrpc_endpoint
from jsontwo.http.wire import check_json_body, client_address, log_request, read_body
from jsontwo.service import Databases
from jsontwo.service.api_doc import DocAnswer, doc_index, doc_model
from jsontwo.service.json2 import parse_body
from jsontwo.service.json_codec import dumps
from jsontwo.service.legacy import SERVER_VERSION, SERVER_VERSION_INFO, VERSION, database_names
from jsontwo.service.openapi import openapi_document

JSON = JSON_CONTENT_TYPE.decode()
#: every verb Odoo's ``type='http'`` routes without ``methods`` answer
ANY_METHOD = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
#: the answer of /web/version and /json/version (the same for every request)
VERSION_BODY = dumps({"version_info": SERVER_VERSION_INFO, "version": SERVER_VERSION})
#: builds a document from the ``X-Odoo-Database`` and ``Authorization`` headers
DocBuilder = Callable[[str | None, str | None], DocAnswer]


async def version(_request: Request) -> Response:
    """``/web/version`` and ``/json/version``: the Odoo version jsontwo speaks."""
    return Response(VERSION_BODY, 200, media_type=JSON)


def version_info(_params: dict[str, Any], _request: Request) -> dict[str, Any]:
    """``/web/webclient/version_info``: what XML-RPC's ``common.version()`` answers."""
    return dict(VERSION)


class DocRoutes:
    """``/doc-bearer/index.json``, ``/doc-bearer/<model>.json`` and ``/doc-bearer/openapi.json``."""

    def __init__(self, databases: Databases, config: ServerConfig) -> None:
        self.databases = databases
        self.config = config

    async def index(self, request: Request) -> Response:
        """The index: modules, and each readable model's fields and method names."""

        def build(database: str | None, authorization: str | None) -> DocAnswer:
            return doc_index(self.databases, database, authorization, *_caller(request))

        return await self._serve(request, build, "odoo-doc-index")

    async def model(self, request: Request) -> Response:
        """One model: its fields as ``fields_get`` gives them and its methods' signatures."""
        name: str = request.path_params["model"]

        def build(database: str | None, authorization: str | None) -> DocAnswer:
            return doc_model(self.databases, database, authorization, name, *_caller(request))

        return await self._serve(request, build, None)

    async def serve(self, request: Request, build: DocBuilder, filename: str | None) -> Response:
        """Send the document ``build`` makes, as the ``/doc-bearer`` routes do (for the
        session-cookie routes of :mod:`jsontwo.http.doc_pages`, whose ``build``
        authenticates by the cookie and ignores the headers it is given)."""
        return await self._serve(request, build, filename)

    async def openapi(self, request: Request) -> Response:
        """The OpenAPI 3.1 document: the caller's models and their methods as operations."""
        wanted = request.query_params.get("models")
        models = {name.strip() for name in wanted.split(",") if name.strip()} if wanted else None
        server_url = str(request.base_url).rstrip("/")

        def build(database: str | None, authorization: str | None) -> DocAnswer:
            return openapi_document(
                self.databases, database, authorization, server_url, models, *_caller(request)
            )

        return await self._serve(request, build, None)

    async def _serve(self, request: Request, build: DocBuilder, filename: str | None) -> Response:
        """Authenticate, build and send one document (``filename``: the index's
        download name), every failure as the JSON error object."""
        started = time.perf_counter()
        status = 500
        try:
            await self._check_body(request)
            answer: DocAnswer = build(
                request.headers.get("x-odoo-database") or None,
                request.headers.get("authorization"),
            )
            response = _cached_response(request, answer, filename)
            status = response.status_code
            return response
        except Exception as exc:  # every failure is the JSON error object, as JSON-2's
            status = error_status(exc)
            log_request(
                "%s %s %d %s",
                request.method,
                request.url.path,
                status,
                exc,
                failure=exc,
                error=status >= 500,
                transport="discovery",
                status=status,
            )
            return Response(
                error_body(exc, self.config.dev),
                status,
                headers={k.decode(): v.decode() for k, v in error_headers(exc)},
                media_type=JSON,
            )
        finally:
            if status < 400:
                log_request(
                    "%s %s %d %.1fms",
                    request.method,
                    request.url.path,
                    status,
                    (time.perf_counter() - started) * 1000,
                    transport="discovery",
                    status=status,
                )

    async def _check_body(self, request: Request) -> None:
        """A body is allowed and ignored, but must be JSON, as on any JSON-2 route."""
        body = await read_body(request.receive, self.config.small_body())
        check_json_body(body, request.headers.get("content-type", ""))
        if body:
            parse_body(body)  # 400 for JSON that does not parse


def _cached_response(request: Request, answer: DocAnswer, filename: str | None) -> Response:
    """The document with its validators: 304 when the client's ``If-None-Match`` names
    it (unless it sends ``Cache-Control: no-cache``), else 200 with an ``ETag``.

    The index asked for with ``no-cache`` is a download that nobody should keep
    (``no-store``, no ETag), as Odoo serves it; a model's document keeps its ETag.
    """
    language = answer.lang.replace("_", "-")
    # the tag is the document's digest: it changes exactly when what this user sees does
    etag = hashlib.sha256(answer.body).hexdigest()[:32]
    no_cache = _no_cache(request.headers.get("cache-control", ""))
    if no_cache and filename:
        headers = {
            "Cache-Control": "no-store",
            "Content-Language": language,
            "Content-Disposition": f"attachment; filename={filename}.json",
        }
        return Response(answer.body, 200, headers=headers, media_type=JSON)
    headers = {
        "ETag": f'"{etag}"',
        "Cache-Control": "no-cache, private",
        "Content-Language": language,
    }
    tags = _etags(request.headers.get("if-none-match", ""))
    if not no_cache and (etag in tags or "*" in tags):
        return Response(b"", 304, headers=headers)
    if filename:
        headers["Content-Disposition"] = f"inline; filename={filename}-{etag}.json"
    return Response(answer.body, 200, headers=headers, media_type=JSON)


def _no_cache(cache_control: str) -> bool:
    return any(
        part.strip().split("=", 1)[0].lower() == "no-cache" for part in cache_control.split(",")
    )


def _etags(if_none_match: str) -> set[str]:
    """The entity tags an ``If-None-Match`` header names (weak ones too; ``*`` is any)."""
    tags = set()
    for part in if_none_match.split(","):
        tag = part.strip()
        if tag.startswith("W/"):
            tag = tag[2:]
        tags.add(tag.strip('"'))
    return tags


def _caller(request: Request) -> tuple[str | None, str | None]:
    """The client's address and the Host header of ``request``."""
    return client_address(request.scope), request.headers.get("host")


def discovery_routes(databases: Databases, config: ServerConfig) -> list[BaseRoute]:
    """The version, database-list and API-documentation routes."""
    docs = DocRoutes(databases, config)

    def list_databases(_params: dict[str, Any], request: Request) -> list[str]:
        return database_names(databases, request.headers.get("host"))

    return [
        Route("/web/version", version, methods=ANY_METHOD),
        Route("/json/version", version, methods=ANY_METHOD),
        Route(
            "/web/webclient/version_info",
            jsonrpc_endpoint(version_info, config),
            methods=["POST"],
        ),
        Route("/web/database/list", jsonrpc_endpoint(list_databases, config), methods=["POST"]),
        Route("/doc-bearer/index.json", docs.index, methods=["GET", "POST"]),
        # before the model route, which "openapi" would match (no model has that name)
        Route(
            "/doc-bearer/openapi.json",
            # 2.5 MB of JSON for all the models, some 200 kB gzipped (in ~20 ms)
            GZipMiddleware(request_response(docs.openapi), compresslevel=5),
            methods=["GET", "POST"],
        ),
        Route("/doc-bearer/{model}.json", docs.model, methods=["GET", "POST"]),
    ]


__all__ = ["DocRoutes", "discovery_routes", "version", "version_info"]
