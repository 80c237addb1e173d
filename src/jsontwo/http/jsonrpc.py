"""The JSON-RPC 2.0 envelope of Odoo's ``type='jsonrpc'`` routes.

Shared by every JSON-RPC route (``/web/webclient/version_info``,
``/web/database/list``, ``/jsonrpc``...):

* the request must be sent as ``application/json`` or ``application/json-rpc``
  (415 otherwise); its body is a JSON object whose ``params`` (an object,
  optional) are the route's arguments and whose ``id`` is echoed back;
* the answer is always HTTP 200: ``{"jsonrpc": "2.0", "id": <id>, "result": ...}``
  (``result`` left out when it is null, as Odoo does), or ``"error"`` instead
  of ``"result"``: ``{"code": 0, "message": "Odoo Server Error", "data":
  <the JSON error object>}`` (``code`` 404 and ``"404: Not Found"`` for a
  NotFound).

A request that is not JSON-RPC at all (wrong content type: 415; a body that is
not JSON, or JSON that is not an object: 400) keeps its HTTP status, with the
same envelope and a null ``id``. Odoo answers those as plain text or HTML;
here every error is JSON, and ``/jsonrpc`` answers them the same way.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from jsontwo.exceptions import (
    BadRequest,
    NotFound,
    SessionExpired,
    UnsupportedMediaType,
    error_status,
)
from jsontwo.http.config import BodyLimit, ServerConfig
from jsontwo.http.errors import JSON_CONTENT_TYPE, error_headers, error_object
from jsontwo.http.wire import log_request, read_body
from jsontwo.service.json_codec import LoneSurrogate, dumps, loads

JSON = JSON_CONTENT_TYPE.decode()
#: the content types a JSON-RPC request may be sent as
JSONRPC_MIMETYPES = frozenset({"application/json", "application/json-rpc"})
#: Odoo's JSON-RPC error codes and messages (``JsonRPCDispatcher.handle_error``)
SERVER_ERROR = (0, "Odoo Server Error")
NOT_FOUND_ERROR = (404, "404: Not Found")
SESSION_EXPIRED_ERROR = (100, "Odoo Session Expired")

#: a route's work: the request's ``params`` and the HTTP request (headers, client) in,
#: the result out (sync: one call at a time)
Handler = Callable[[dict[str, Any], Request], Any]


@dataclass(frozen=True, slots=True)
class JsonRpcRequest:
    """A parsed JSON-RPC request: its ``id`` (any JSON value, null when missing)
    and its whole payload."""

    id: Any
    payload: dict[str, Any]

    def params(self) -> dict[str, Any]:
        """The ``params`` object (empty when missing or null); 400 when it is not an object."""
        params = self.payload.get("params")
        if params is None:
            return {}
        if not isinstance(params, dict):
            raise BadRequest("Invalid JSON-RPC data: 'params' must be an object.")
        return params


def parse_jsonrpc(body: bytes, content_type: str) -> JsonRpcRequest:
    """The JSON-RPC request in ``body``: 415 unless it is sent as JSON, 400 when it
    is not a JSON object."""
    mimetype = content_type.split(";", 1)[0].strip().lower()
    if mimetype not in JSONRPC_MIMETYPES:
        raise UnsupportedMediaType(
            "A JSON-RPC request must be sent with 'Content-Type: application/json' "
            f"(or application/json-rpc), got {mimetype or 'no content type'!r}. "
            "Please verify the Content-Type request header and try again.",
            headers={"Accept": "application/json, application/json-rpc"},
        )
    try:
        payload = loads(body)
    except LoneSurrogate as exc:  # JSON, but not text: say which string
        raise BadRequest(f"Invalid JSON data: {exc}") from None
    except ValueError:  # too deep is not JSON-RPC either
        raise BadRequest("Invalid JSON data") from None
    if not isinstance(payload, dict):
        raise BadRequest("Invalid JSON-RPC data")
    return JsonRpcRequest(payload.get("id"), payload)


def required_params(params: dict[str, Any], names: tuple[str, ...], function: str) -> list[Any]:
    """The values of a route's required ``params``, in order; TypeError as Python
    words it when some are missing (as Odoo's routes fail). Other keys are ignored."""
    missing = [name for name in names if name not in params]
    if missing:
        listed = " and ".join(repr(name) for name in missing)
        plural = "s" if len(missing) > 1 else ""
        raise TypeError(
            f"{function}() missing {len(missing)} required positional argument{plural}: {listed}"
        )
    return [params[name] for name in names]


def jsonrpc_error(exc: BaseException, dev: bool) -> dict[str, Any]:
    """The ``error`` member for ``exc``: Odoo's code and message, and the JSON error
    object as ``data``."""
    if isinstance(exc, NotFound):
        code, message = NOT_FOUND_ERROR
    elif isinstance(exc, SessionExpired):
        code, message = SESSION_EXPIRED_ERROR
    else:
        code, message = SERVER_ERROR
    return {"code": code, "message": message, "data": error_object(exc, dev)}


def jsonrpc_body(request_id: Any, result: Any = None, error: dict[str, Any] | None = None) -> bytes:
    """The JSON-RPC answer: ``jsonrpc``, ``id``, then ``error`` or ``result`` (a null
    result is left out, as Odoo does), dates written as JSON-2 writes them."""
    answer: dict[str, Any] = {"jsonrpc": "2.0", "id": request_id}
    if error is not None:
        answer["error"] = error
    if result is not None:
        answer["result"] = result
    return dumps(answer)


async def read_jsonrpc(request: Request, limit: BodyLimit) -> JsonRpcRequest:
    """The JSON-RPC request ``request`` carries: 413 beyond ``limit`` (408 when it
    comes too slowly), 415 or 400 when it is not JSON-RPC."""
    body = await read_body(request.receive, limit)
    return parse_jsonrpc(body, request.headers.get("content-type", ""))


def transport_error(exc: BaseException, dev: bool) -> Response:
    """The answer to a request that is not JSON-RPC at all: the error's HTTP status,
    the envelope with a null ``id`` (there is none to answer to)."""
    return Response(
        jsonrpc_body(None, error=jsonrpc_error(exc, dev)),
        error_status(exc),
        headers={k.decode(): v.decode() for k, v in error_headers(exc)},
        media_type=JSON,
    )


def jsonrpc_endpoint(
    handler: Handler, config: ServerConfig
) -> Callable[[Request], Awaitable[Response]]:
    """A Starlette endpoint running ``handler(params, request)`` behind the JSON-RPC envelope."""

    async def endpoint(request: Request) -> Response:
        try:
            rpc = await read_jsonrpc(request, config.small_body())
        except Exception as exc:  # not JSON-RPC: no id to answer to, the HTTP status says why
            return transport_error(exc, config.dev)
        try:
            answer = jsonrpc_body(rpc.id, result=handler(rpc.params(), request))
        except Exception as exc:  # reported in the envelope, with HTTP 200
            answer = jsonrpc_failure(request, rpc.id, exc, config.dev)
        return Response(answer, 200, media_type=JSON)

    return endpoint


def jsonrpc_failure(request: Request, request_id: Any, exc: BaseException, dev: bool) -> bytes:
    """The answer to a JSON-RPC call that failed with ``exc`` (logged, at ERROR
    level with its traceback when it is the server's fault)."""
    log_request(
        "%s %s error %s",
        request.method,
        request.url.path,
        type(exc).__name__,
        failure=exc,
        error=error_status(exc) >= 500,
        transport="web",
        status=error_status(exc),
    )
    return jsonrpc_body(request_id, error=jsonrpc_error(exc, dev))


__all__ = [
    "JSONRPC_MIMETYPES",
    "JsonRpcRequest",
    "jsonrpc_body",
    "jsonrpc_endpoint",
    "jsonrpc_error",
    "jsonrpc_failure",
    "parse_jsonrpc",
    "read_jsonrpc",
    "required_params",
    "transport_error",
]
