"""``/web/content`` and ``/web/image``: download an attachment or a record's binary
field with a signed-in browser session (the account page's or the web client's
cookie), or an attachment with its access token (``?access_token=``, no session
needed), as Odoo's routes of the same paths answer. The image routes resize
pictures (``/web/image/<id>/<width>x<height>``, ``?width=&height=``, ``crop``).

What does not exist, is no binary field, or the session's user may not read
answers 404, as Odoo's routes do, with the JSON error object rather than a
page; so does a wrong token, and a request without a session or token (Odoo's
public user reads no private file). Odoo's image route would draw a
placeholder instead: here it is a 404 too. A size that is no number answers
400 (Odoo fails with a 500).
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from jsontwo.exceptions import BadRequest, NotFound, error_status
from jsontwo.http import site_session
from jsontwo.http.config import ServerConfig
from jsontwo.http.errors import JSON_CONTENT_TYPE, error_body
from jsontwo.service import Databases
from jsontwo.service.downloads import ContentRequest, Download, download

#: the largest record id (PostgreSQL's integer)
MAX_ID = 2**31 - 1
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
#: Odoo 19's image paths; a size segment comes before a file name that would take it
IMAGE_PATHS = (
    "/web/image",
    "/web/image/{res_id:int}",
    "/web/image/{res_id:int}/{width:int}x{height:int}",
    "/web/image/{res_id:int}/{width:int}x{height:int}/{filename}",
    "/web/image/{res_id:int}/{filename}",
    "/web/image/{res_id:int}-{unique}",
    "/web/image/{res_id:int}-{unique}/{width:int}x{height:int}",
    "/web/image/{res_id:int}-{unique}/{width:int}x{height:int}/{filename}",
    "/web/image/{res_id:int}-{unique}/{filename}",
    "/web/image/{model}/{res_id:int}/{field}",
    "/web/image/{model}/{res_id:int}/{field}/{width:int}x{height:int}",
    "/web/image/{model}/{res_id:int}/{field}/{width:int}x{height:int}/{filename}",
    "/web/image/{model}/{res_id:int}/{field}/{filename}",
)
#: how long a browser may keep a file whose URL names its version (``unique``)
IMMUTABLE_SECONDS = 365 * 24 * 3600


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


def cache_control(public: bool, immutable: bool) -> str:
    """Odoo's Cache-Control of a download: kept for a year when the URL names the
    file's version (``unique``), else checked again each time; ``private`` unless
    the file was opened by a token (or is public)."""
    if immutable:
        scope = "public, " if public else ""
        return f"{scope}max-age={IMMUTABLE_SECONDS}{'' if public else ', private'}, immutable"
    return "no-cache" if public else "no-cache, private"


def file_response(found: Download, attachment: bool, immutable: bool = False) -> Response:
    """The response carrying ``found``."""
    media = found.mimetype
    if media.startswith("text/") and "charset" not in media:
        media = f"{media}; charset=utf-8"
    headers = {
        "Content-Disposition": content_disposition(found.filename, attachment),
        "Cache-Control": cache_control(found.public, immutable),
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
    if res_id is not None and not 0 < res_id <= MAX_ID:
        raise ValueError(res_id)  # no record has it (and the database takes no such number)
    return ContentRequest(
        model=params.get("model") or query.get("model") or "ir.attachment",
        res_id=res_id,
        field=params.get("field") or query.get("field") or "raw",
        filename=params.get("filename") or query.get("filename") or None,
        filename_field=query.get("filename_field") or "name",
        mimetype=query.get("mimetype") or None,
        image=image,
        access_token=query.get("access_token") or None,
        width=params.get("width") or _size(query.get("width")),
        height=params.get("height") or _size(query.get("height")),
        crop=query.get("crop") or None,
    )


def _size(value: str | None) -> int:
    """A ``width`` or ``height`` query parameter: a number of pixels (0 for none);
    BadRequest for anything else (Odoo fails with a 500)."""
    if not value:
        return 0
    if not value.isdigit():
        raise BadRequest(f"Invalid image size: {value!r}")
    return int(value)


def _visitor_uid(databases: Databases, request: Request) -> tuple[Any, int | None] | None:
    """The registry and user of a download: the session's, else (a link with an
    access token, opened by anyone) the database ``X-Odoo-Database`` names or the
    only one this server serves to the request's host, and no user. None when
    no database is meant."""
    visitor = site_session.session_visitor(databases, request)
    if visitor is not None:
        return visitor.registry, visitor.session.uid
    names = databases.names(request.headers.get("host"))
    asked = request.headers.get("x-odoo-database")
    db = asked if asked in names else (names[0] if len(names) == 1 and not asked else None)
    return (databases.registry(db), None) if db else None


def _endpoint(
    databases: Databases, config: ServerConfig, image: bool
) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        try:
            visitor = _visitor_uid(databases, request)
            if visitor is None:
                raise NotFound()
            try:
                asked = _asked(request, image)
            except ValueError:
                raise NotFound() from None
            found = await run_in_threadpool(download, visitor[0], visitor[1], asked)
        except Exception as exc:
            return error_response(exc, config.dev)
        query = request.query_params
        wanted = query.get("download", "").lower() in TRUE_WORDS
        immutable = bool(request.path_params.get("unique") or query.get("unique"))
        return file_response(found, wanted, immutable)

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
