"""What every route does with a request the same way, whatever its protocol
(JSON-2, the legacy XML-RPC and JSON-RPC, discovery, the account pages):

* the client's network address, which the login guard counts failures by;
* the body, refused (413) beyond the configured size or number of values,
  before anything parses it, and (408) when it arrives too slowly;
* a small form (the database manager's, a report download's) read within the
  same limits before it is parsed;
* a JSON body's content type (415 otherwise, as JSON-2 answers);
* the request log line (logger ``jsontwo.request``).
"""

from __future__ import annotations

import asyncio
import logging

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.types import Message, Receive, Scope

from jsontwo.exceptions import (
    BadRequest,
    RequestEntityTooLarge,
    RequestTimeout,
    UnsupportedMediaType,
)
from jsontwo.http.config import BodyLimit
from jsontwo.http.logs import REQUEST_ID
from jsontwo.http.metrics import note_call
from jsontwo.service.pipeline import CALLER

_logger = logging.getLogger("jsontwo.request")


def client_address(scope: Scope) -> str | None:
    """The client's network address (None when the server does not know it)."""
    client = scope.get("client")
    return client[0] if client else None


#: the bytes that open a JSON value or separate two: their count bounds the values
#: of a body (conservatively: one inside a string counts too)
JSON_MARKS = (b"[", b"{", b",")
#: what the client is told when its body came too slowly: the connection ends
CLOSE = {"Connection": "close"}


async def read_body(receive: Receive, limit: BodyLimit, xml: bool = False) -> bytes:
    """The whole request body, refused (413) beyond ``limit``'s size or number of
    values (XML elements when ``xml``), counted before anything parses it, or (408)
    when it takes longer than ``limit``'s seconds to arrive."""
    chunks: list[bytes] = []
    size = 0
    more = True
    # asyncio's own timeout: about 6 µs a request where anyio's cancel scope
    # took 11 (the server runs on asyncio; every call reads its body here)
    try:
        async with asyncio.timeout(limit.seconds) as waiting:
            while more:
                message = await receive()
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > limit.size:
                    raise RequestEntityTooLarge(
                        f"The request body is larger than {limit.size} bytes."
                    )
                chunks.append(chunk)
                more = bool(message.get("more_body"))
    except TimeoutError:
        if not waiting.expired():  # not the body's time limit: not the client's fault
            raise
    if more:
        raise RequestTimeout(
            f"The request body did not arrive within {limit.seconds:g} seconds.", headers=CLOSE
        )
    body = b"".join(chunks)
    items = body.count(b"<") // 2 if xml else sum(body.count(mark) for mark in JSON_MARKS)
    if items > limit.items:
        raise RequestEntityTooLarge(f"The request body holds more than {limit.items} values.")
    return body


async def read_small_form(request: Request, limit: BodyLimit) -> FormData:
    """The form a request posts, its body read within ``limit`` first (413 beyond
    it, as :func:`read_body`), then parsed: for the routes whose forms hold a few
    fields and no file (an upload streams through Starlette's own parser)."""
    body = await read_body(request.receive, limit)
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:  # the body was given whole: what follows is the client leaving
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    try:
        return await Request(request.scope, replay).form(max_files=0)
    except StarletteHTTPException as exc:  # a form that does not parse
        raise BadRequest(str(exc.detail)) from None


def check_json_body(body: bytes, content_type: str) -> None:
    """A non-empty body must be sent as JSON (415 otherwise, as a JSON error object)."""
    if not body:
        return
    mimetype = content_type.split(";", 1)[0].strip().lower()
    if mimetype != "application/json":
        raise UnsupportedMediaType(
            "The request body must be JSON: send it with 'Content-Type: application/json' "
            f"(got {mimetype or 'no content type'!r}). "
            "Please verify the Content-Type request header and try again.",
            headers={"Accept": "application/json"},
        )


def log_request(
    message: str,
    *args: object,
    failure: BaseException | None = None,
    error: bool = False,
    **fields: object,
) -> None:
    """One line of the request log: at ERROR level with ``failure``'s traceback when
    ``error`` (a fault of the server), at INFO otherwise (a client's bad request
    too). ``fields`` are its facts for the JSON format (``transport``, ``call``,
    ``status``, ``duration_ms``, ``database``: :mod:`jsontwo.http.logs`); the
    caller the request authenticated as (user, API key id) is added. Callers
    never pass a header or a body: API keys and passwords travel there. The
    same facts go to the metrics (:func:`jsontwo.http.metrics.note_call`)."""
    note_call(fields.get("transport"), fields.get("call"), fields.get("status"), failure)
    fields["request_id"] = REQUEST_ID.get()
    caller = CALLER.get()
    if caller is not None:
        fields.update(uid=caller.uid, key_id=caller.key_id)
    _logger.log(
        logging.ERROR if error else logging.INFO,
        message,
        *args,
        exc_info=failure if error else None,
        extra=fields,
        stacklevel=2,
    )


__all__ = ["check_json_body", "client_address", "log_request", "read_body"]
