"""CORS for the bearer-key routes (``/json/2``, ``/doc-bearer``), through
Starlette's :class:`CORSMiddleware`, with ``--cors-origin`` and ``--cors-max-age``.

Only those routes: their credential is an API key the page holds and sends in
a header, never a cookie, so a page of an allowed origin can do no more than
its key allows. The session routes (``/web/...``) and the legacy endpoints get
no CORS header and answer no preflight, whatever the setting: a script of
another site must never ride on a signed-in browser's session cookie.

Starlette answers a preflight ``200 OK`` in plain text, and a refused one
``400`` in plain text; here the first is an empty 204 and the second the JSON
error object, as every answer of the server is JSON.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp

from jsontwo.exceptions import BadRequest
from jsontwo.http.config import ServerConfig
from jsontwo.http.errors import JSON_CONTENT_TYPE, error_body

#: the request headers a page may send (besides CORS's always-allowed ones)
ALLOWED_HEADERS = ("Authorization", "Content-Type", "X-Odoo-Database", "X-Request-Id")
#: the response headers a page may read (besides CORS's always-exposed ones)
EXPOSED_HEADERS = ("WWW-Authenticate", "X-Request-Id")
#: the body headers Starlette's plain-text preflight answer carries
_BODY_HEADERS = frozenset({"content-length", "content-type"})


class _JsonCORSMiddleware(CORSMiddleware):
    """:class:`CORSMiddleware` whose preflight answers are empty or JSON."""

    def preflight_response(self, request_headers: Headers) -> Response:
        answer = super().preflight_response(request_headers)
        headers = {k: v for k, v in answer.headers.items() if k not in _BODY_HEADERS}
        if answer.status_code == 200:
            return Response(status_code=204, headers=headers)
        refusal = BadRequest(bytes(answer.body).decode())
        return Response(
            error_body(refusal, dev=False),
            answer.status_code,
            headers=headers,
            media_type=JSON_CONTENT_TYPE.decode(),
        )


def with_cors(app: ASGIApp, config: ServerConfig, methods: tuple[str, ...]) -> ASGIApp:
    """``app`` behind CORS for ``config.cors_origins`` (answering preflights for
    ``methods``), or ``app`` itself when no origin is allowed (as Odoo: none by
    default)."""
    if not config.cors_origins:
        return app
    return _JsonCORSMiddleware(
        app,
        allow_origins=config.cors_origins,
        allow_methods=methods,
        allow_headers=ALLOWED_HEADERS,
        expose_headers=EXPOSED_HEADERS,
        max_age=config.cors_max_age,
    )


__all__ = ["ALLOWED_HEADERS", "EXPOSED_HEADERS", "with_cors"]
