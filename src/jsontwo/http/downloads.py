"""``/web/content`` and ``/web/image``: download an attachment or a record's binary
field with a signed-in browser session (the account page's or the web client's
cookie), as Odoo's routes of the same paths answer.

What does not exist, is no binary field, or the session's user may not read
answers 404, as Odoo's routes do, with the JSON error object rather than a
page; so does a request without a session (Odoo's public user reads no private
file). Odoo's image route would draw a placeholder instead: here it is a 404 too.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Awaitable, Callable

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from jsontwo.exceptions import NotFound, error_status
from jsontwo.http import site_session
from jsontwo.http.config import ServerConfig
from jsontwo.http.errors import JSON_CONTENT_TYPE, error_body
from jsontwo.service import Databases
from jsontwo.service.downloads import ContentRequest, Download, download

#: the values of ``download`` that mean yes (werkzeug's str2bool)
TRUE_WORDS = frozenset({"1", "true", "t", "yes", "y", "on"})
#: the characters a file name may hold without quotes in Content-Disposition
TOKEN_SAFE = frozenset("!#$&+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")

CONTENT_PATHS = (
    "/web/content",
    "/web/content/{res_id:int}",
    "/web/content/{res_id:int}/{filename}",
    "/web/content/{model}/{res_id:int}/{field}",
    "/web/content/{model}/{res_id:int}/{field}/{filename}",
)
IMAGE_PATHS = (
    "/web/image",
    "/web/image/{res_id:int}",
    "/web/image/{res_id:int}/{filename}",
    "/web/image/{model}/{res_id:int}/{field}",
    "/web/image/{model}/{res_id:int}/{field}/{filename}",
)


def content_disposition(filename: str, attachment: bool) -> str:
    """``inline`` or ``attachment`` with the file's name, quoted as werkzeug does
    (RFC 6266's ``filename*`` for a name that is not ASCII)."""
    kind = "attachment" if attachment else "inline"
    if filename and all(c in TOKEN_SAFE for c in filename):
        return f"{kind}; filename={filename}"
    try:
        filename.encode("ascii")
    except UnicodeEncodeError:
        quoted = urllib.parse.quote(filename, safe="")
        fallback = filename.encode("ascii", "replace").decode().replace('"', "")
        return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quoted}"
    escaped = filename.replace("\\", "\\\\").replace('"', '\\"')
    return f'{kind}; filename="{escaped}"'


def file_response(found: Download, attachment: bool) -> Response:
    """The response carrying ``found`` (never cached by shared caches: it is private)."""
    media = found.mimetype
    if media.startswith("text/") and "charset" not in media:
        media = f"{media}; charset=utf-8"
    headers = {
        "Content-Disposition": content_disposition(found.filename, attachment),
        "Cache-Control": "no-cache, private",
        "ETag": f'"{found.etag}"',
        "X-Content-Type-Options": "nosniff",
    }
    return Response(found.data, 200, headers=headers, media_type=media)


def error_response(exc: Exception, dev: bool) -> Response:
    """The JSON error object for a refused download."""
    return Response(error_body(exc, dev), error_status(exc), media_type=JSON_CONTENT_TYPE.decode())


def _asked(request: Request, image: bool) -> ContentRequest:
    """The route's path and query parameters as a :class:`ContentRequest`."""
    params, query = request.path_params, request.query_params
    res_id = params.get("res_id")
    if res_id is None and query.get("id"):
        res_id = int(query["id"])  # ValueError: a 404
    return ContentRequest(
        model=params.get("model") or query.get("model") or "ir.attachment",
        res_id=res_id,
        field=params.get("field") or query.get("field") or "raw",
        filename=params.get("filename") or query.get("filename") or None,
        filename_field=query.get("filename_field") or "name",
        mimetype=query.get("mimetype") or None,
        image=image,
    )


def _endpoint(
    databases: Databases, config: ServerConfig, image: bool
) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        try:
            visitor = site_session.session_visitor(databases, request)
            if visitor is None:
                raise NotFound()
            try:
                asked = _asked(request, image)
            except ValueError:
                raise NotFound() from None
            found = await run_in_threadpool(download, visitor.registry, visitor.session.uid, asked)
        except Exception as exc:
            return error_response(exc, config.dev)
        wanted = request.query_params.get("download", "").lower() in TRUE_WORDS
        return file_response(found, wanted)

    return endpoint


def download_routes(databases: Databases, config: ServerConfig) -> list[BaseRoute]:
    """The download routes (GET, as a browser's link follows them)."""
    content = _endpoint(databases, config, image=False)
    image = _endpoint(databases, config, image=True)
    return [
        *(Route(path, content, methods=["GET", "HEAD"]) for path in CONTENT_PATHS),
        *(Route(path, image, methods=["GET", "HEAD"]) for path in IMAGE_PATHS),
    ]


__all__ = ["content_disposition", "download_routes"]
