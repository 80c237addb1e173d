"""The legacy endpoints on the wire: ``/xmlrpc/2/<service>``, ``/xmlrpc/<service>``
and ``/jsonrpc``.

Odoo 19 deprecates them (removal is planned for Odoo 20) but most existing
integrations still speak them. Both transports hand a service, a method and
positional parameters to :func:`jsontwo.service.legacy.dispatch_rpc` and
report its result or its exception as Odoo does:

* XML-RPC answers ``text/xml`` with HTTP 200, faults included. On
  ``/xmlrpc/2`` the fault codes are integers (1 application error, 2 warning
  or UserError, 3 AccessDenied, 4 AccessError); on ``/xmlrpc`` (version 1)
  they are strings (``"warning -- AccessError\\n\\n<message>"``,
  ``"AccessDenied"``...). Dates and datetimes go out as Odoo-format strings,
  bytes as text; control characters are stripped from strings.
* JSON-RPC answers the JSON-RPC 2.0 envelope with HTTP 200, the request's
  ``id`` echoed (null when missing); an error is
  ``{"code": 0, "message": "Odoo Server Error", "data": <the JSON error object>}``
  (``404`` / ``"404: Not Found"`` for a NotFound).

A fault's text and ``data.debug`` carry a traceback only when the server runs
with ``--dev`` (Odoo always sends it).
"""

from __future__ import annotations

import logging
import time
import traceback
import xmlrpc.client
from collections.abc import Awaitable, Callable, Mapping
from typing import Any
from xml.parsers import expat

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from jsontwo.exceptions import (
    AccessDenied,
    AccessError,
    BadRequest,
    MissingError,
    NotFound,
    UserError,
    error_message,
    error_name,
    error_status,
)
from jsontwo.http.config import ServerConfig
from jsontwo.http.errors import JSON_CONTENT_TYPE
from jsontwo.http.jsonrpc import (
    jsonrpc_body,
    jsonrpc_error,
    read_jsonrpc,
    required_params,
    transport_error,
)
from jsontwo.http.retrying import with_awaited_waits
from jsontwo.http.wire import client_address, log_request, read_body
from jsontwo.service import Databases
from jsontwo.service.json_codec import json_default
from jsontwo.service.legacy import LegacyCall, dispatch_rpc

_deprecation_logger = logging.getLogger(__name__)

XML_CONTENT_TYPE = "text/xml; charset=utf-8"
DEPRECATION_NOTICE = (
    "The /xmlrpc, /xmlrpc/2 and /jsonrpc endpoints are deprecated in Odoo 19 and scheduled "
    "for removal in Odoo 20: move the client to JSON-2 (/json/2/<model>/<method>)."
)
#: XML 1.0 allows no control characters but tab, line feed and carriage return
CONTROL_CHARACTERS = dict.fromkeys(set(range(32)) - {9, 10, 13})
INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
#: where the marshaller writes its pieces of text
Write = Callable[[str], object]
#: an endpoint of :class:`LegacyEndpoints`
Endpoint = Callable[[Request], Awaitable[Response]]


class LegacyEndpoints:
    """The Starlette endpoints of the legacy protocols."""

    def __init__(self, databases: Databases, config: ServerConfig) -> None:
        self.databases = databases
        self.config = config
        self._warned = False

    def routes(self) -> list[BaseRoute]:
        """``/xmlrpc/2/<service>``, ``/xmlrpc/<service>`` and ``/jsonrpc``."""
        return [
            Route("/xmlrpc/2/{service}", self.xmlrpc_2, methods=["POST"]),
            Route("/xmlrpc/{service}", self.xmlrpc_1, methods=["POST"]),
            Route("/jsonrpc", self.jsonrpc, methods=["POST"]),
        ]

    def direct(self, path: str) -> tuple[Endpoint, dict[str, str]] | None:
        """The endpoint of :meth:`routes` a POST to ``path`` reaches and its path
        parameters, or None for any other path (which Starlette's router then
        answers as before: a redirect of a trailing slash, a 404). The
        application calls the endpoint directly for these paths: Starlette's
        routing and middleware were a fifth of an XML-RPC call's time."""
        if path == "/jsonrpc":
            return self.jsonrpc, {}
        if not path.startswith("/xmlrpc/"):
            return None
        rest = path[len("/xmlrpc/") :]
        if rest.startswith("2/") and _is_segment(rest[2:]):
            return self.xmlrpc_2, {"service": rest[2:]}
        if _is_segment(rest):
            return self.xmlrpc_1, {"service": rest}
        return None

    # --- XML-RPC -------------------------------------------------------------
    async def xmlrpc_2(self, request: Request) -> Response:
        """XML-RPC with integer fault codes."""
        return await self._xmlrpc(request, string_faults=False)

    async def xmlrpc_1(self, request: Request) -> Response:
        """The historical XML-RPC endpoint, whose fault codes are strings."""
        return await self._xmlrpc(request, string_faults=True)

    async def _xmlrpc(self, request: Request, string_faults: bool) -> Response:
        started = time.perf_counter()
        self._warn_deprecated()
        call: LegacyCall | None = None
        failure: Exception | None = None
        status = 200  # of the request, for the log: XML-RPC answers faults with 200
        try:
            body = await read_body(request.receive, self.config.call_body(), xml=True)
            try:
                params, method = parse_request(body)
            except (expat.ExpatError, ValueError):  # the client's: not an XML-RPC request
                status = 400
                raise
            call = LegacyCall(
                service=request.path_params["service"],
                method=str(method),
                params=list(params),
                remote_addr=client_address(request.scope),
                host=request.headers.get("host"),
            )
            answer = await with_awaited_waits(
                lambda: dispatch_rpc(self.databases, call, marshal_response)
            )
            if answer is None:  # after the commit, as Odoo's marshaller fails after it
                raise TypeError("cannot marshal None unless allow_none is enabled")
            payload = answer
        except Exception as exc:  # every failure is a fault, with HTTP 200
            failure = exc
            status = error_status(exc) if status == 200 else status
            if string_faults:
                payload = marshal_fault(*string_fault(exc, self.config.dev))
            else:
                payload = marshal_fault(*int_fault(exc, self.config.dev))
        _log(request, call, failure, started, status, "xmlrpc")
        return Response(payload, 200, media_type=XML_CONTENT_TYPE)

    # --- JSON-RPC ------------------------------------------------------------
    async def jsonrpc(self, request: Request) -> Response:
        """JSON-RPC 2.0: ``{"jsonrpc": "2.0", "method": "call", "params":
        {"service", "method", "args"}, "id"}`` (the top-level ``method`` is ignored)."""
        started = time.perf_counter()
        self._warn_deprecated()
        try:  # transport errors (415, 400, 413): no id to answer to, as jsonrpc.py says
            rpc = await read_jsonrpc(request, self.config.call_body())
        except Exception as exc:
            _log(request, None, exc, started, error_status(exc), "jsonrpc")
            return transport_error(exc, self.config.dev)
        call: LegacyCall | None = None
        failure: Exception | None = None

        def envelope(result: Any) -> bytes:
            return jsonrpc_body(rpc.id, result=result)

        try:
            call = _jsonrpc_call(rpc.params())
            call.remote_addr = client_address(request.scope)
            call.host = request.headers.get("host")
            payload = await with_awaited_waits(lambda: dispatch_rpc(self.databases, call, envelope))
        except Exception as exc:  # reported in the envelope, with HTTP 200
            failure = exc
            payload = jsonrpc_body(rpc.id, error=jsonrpc_error(exc, self.config.dev))
        status = error_status(failure) if failure is not None else 200
        _log(request, call, failure, started, status, "jsonrpc")
        return Response(payload, 200, media_type=JSON_CONTENT_TYPE.decode())

    # --- helpers -------------------------------------------------------------
    def _warn_deprecated(self) -> None:
        # Odoo logs the notice on every call; once per process says the same
        if not self._warned:
            self._warned = True
            _deprecation_logger.warning(DEPRECATION_NOTICE)


def _is_segment(text: str) -> bool:
    """Whether ``text`` is what a ``{param}`` of a Starlette route matches: one
    non-empty path segment."""
    return bool(text) and "/" not in text


# --- XML-RPC requests -------------------------------------------------------


def parse_request(body: bytes) -> tuple[tuple[Any, ...], str | None]:
    """``(params, method name)`` of an XML-RPC request, as ``xmlrpc.client.loads``
    reads it (``<nil/>`` and ``<dateTime.iso8601>`` included), but refusing any
    document type declaration: XML-RPC has none, and the entities declared in
    one could make a small body expand in memory and time."""
    unmarshaller = xmlrpc.client.Unmarshaller(use_datetime=True)
    parser = expat.ParserCreate(None, None)
    parser.StartElementHandler = unmarshaller.start
    parser.EndElementHandler = unmarshaller.end
    parser.CharacterDataHandler = unmarshaller.data
    parser.StartDoctypeDeclHandler = _refuse_doctype
    # as xmlrpc.client's own parser: expat hands over text, which must not be decoded again
    unmarshaller.xml(None, None)  # type: ignore[arg-type]
    parser.Parse(body, True)
    return unmarshaller.close(), unmarshaller.getmethodname()


def _refuse_doctype(*_declaration: Any) -> None:
    raise ValueError("An XML-RPC request may not declare a document type (<!DOCTYPE>).")


# --- JSON-RPC ---------------------------------------------------------------


def _jsonrpc_call(params: dict[str, Any]) -> LegacyCall:
    """The service call named by a JSON-RPC ``params`` object (other keys are
    ignored, as Odoo's route drops them)."""
    service, method, args = required_params(params, ("service", "method", "args"), "jsonrpc")
    if not isinstance(args, list):
        raise TypeError(f"'args' must be a JSON array, not {type(args).__name__}")
    return LegacyCall(service=str(service), method=str(method), params=args)


# --- XML-RPC faults ---------------------------------------------------------


def int_fault(exc: BaseException, dev: bool) -> tuple[int, str]:
    """``(faultCode, faultString)`` on ``/xmlrpc/2``: Odoo's integer codes."""
    if isinstance(exc, AccessError):
        return 4, error_message(exc)
    if isinstance(exc, AccessDenied):
        return 3, error_message(exc)
    if isinstance(exc, UserError):
        return 2, error_message(exc)
    return 1, _fault_text(exc, dev)


def string_fault(exc: BaseException, dev: bool) -> tuple[str, str]:
    """``(faultCode, faultString)`` on ``/xmlrpc``: Odoo's string codes."""
    message = error_message(exc)
    if isinstance(exc, MissingError):
        return f"warning -- MissingError\n\n{message}", ""
    if isinstance(exc, AccessError):
        return f"warning -- AccessError\n\n{message}", ""
    if isinstance(exc, AccessDenied):
        return "AccessDenied", message
    if isinstance(exc, UserError):
        return f"warning -- UserError\n\n{message}", ""
    return message, _fault_text(exc, dev)


def _fault_text(exc: BaseException, dev: bool) -> str:
    """An application error's text: the traceback in development mode; otherwise
    only its last line (``ValueError: ...``), which is what clients show."""
    if dev:
        return "".join(traceback.format_exception(exc))
    name = error_name(exc).removeprefix("builtins.")
    return f"{name}: {error_message(exc)}\n"


# --- XML-RPC marshalling ----------------------------------------------------


def marshal_response(result: Any) -> bytes | None:
    """The XML-RPC answer for ``result``, marshalled as Odoo's server does.

    None for a None result, which XML-RPC cannot answer (Odoo's marshaller has
    no ``allow_none``: the caller answers a fault, once the call's work is
    committed, as Odoo does); a None inside the result is sent as false, which
    is what Odoo's models put there. Dates and datetimes become ``YYYY-MM-DD`` and
    ``YYYY-MM-DD HH:MM:SS`` strings, bytes become text, tuples and sets become
    arrays, mapping keys become strings. Integers outside 32 bits, which Odoo
    refuses to send, go out as ``<i8>`` (Python's client and most others read it).
    """
    if result is None:
        return None
    out: list[str] = [
        "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n",
    ]
    _dump(result, out.append)
    out.append("</param>\n</params>\n</methodResponse>\n")
    return "".join(out).encode("utf-8")


def marshal_fault(code: int | str, text: str) -> bytes:
    """The XML-RPC fault answer."""
    out: list[str] = ["<?xml version='1.0'?>\n<methodResponse>\n<fault>\n"]
    _dump({"faultCode": code, "faultString": text}, out.append)
    out.append("</fault>\n</methodResponse>\n")
    return "".join(out).encode("utf-8")


def _escape(text: str) -> str:
    text = text.translate(CONTROL_CHARACTERS)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _dump(value: Any, write: Write) -> None:
    """Write one ``<value>`` (a hand-written marshaller: one pass, no copies)."""
    if value is None or value is False:
        write("<value><boolean>0</boolean></value>\n")
    elif value is True:
        write("<value><boolean>1</boolean></value>\n")
    elif isinstance(value, str):
        write(f"<value><string>{_escape(value)}</string></value>\n")
    elif isinstance(value, int):
        tag = "int" if INT32_MIN <= value <= INT32_MAX else "i8"
        write(f"<value><{tag}>{int(value)}</{tag}></value>\n")
    elif isinstance(value, float):
        write(f"<value><double>{value!r}</double></value>\n")
    elif isinstance(value, Mapping):
        write("<value><struct>\n")
        for key, item in value.items():
            write(f"<member>\n<name>{_escape(str(key))}</name>\n")
            _dump(item, write)
            write("</member>\n")
        write("</struct></value>\n")
    elif isinstance(value, list | tuple | set | frozenset):
        write("<value><array><data>\n")
        for item in value:
            _dump(item, write)
        write("</data></array></value>\n")
    elif isinstance(value, bytes | bytearray):
        write(
            f"<value><string>{_escape(bytes(value).decode('utf-8', 'replace'))}</string></value>\n"
        )
    elif isinstance(value, xmlrpc.client.Binary):
        value.encode(_Writer(write))
    else:  # dates, datetimes and anything else as the JSON answers write them
        write(f"<value><string>{_escape(json_default(value))}</string></value>\n")


class _Writer:
    """A file-like wrapper of ``write`` for ``xmlrpc.client.Binary.encode``."""

    def __init__(self, write: Write) -> None:
        self.write = write


def _log(
    request: Request,
    call: LegacyCall | None,
    failure: Exception | None,
    started: float,
    status: int,
    transport: str,
) -> None:
    """One line per call: path, service.method (and model.method), outcome, duration,
    database. Never the parameters: the password travels in them.

    ``status`` is what the failure would be over HTTP (the answer is a 200 fault
    or envelope all the same): at 500 and over, the server's fault, logged at
    ERROR with its traceback; under, the client's, at INFO."""
    if call is None:
        target = "-"
    else:
        target = f"{call.service}.{call.method}" + (f" {call.target}" if call.target else "")
    outcome = f"fault {error_name(failure)}" if failure is not None else "ok"
    unexpected = (
        failure is not None
        and status >= 500
        and not isinstance(failure, UserError | NotFound | BadRequest)
    )
    duration = round((time.perf_counter() - started) * 1000, 1)
    log_request(
        "%s %s %s %d %s %.1fms db=%s",
        request.method,
        request.url.path,
        target,
        status,
        outcome,
        duration,
        (call.database if call else "") or "-",
        failure=failure,
        error=unexpected,
        transport=transport,
        call=(call.target or f"{call.service}.{call.method}") if call else None,
        status=status,
        duration_ms=duration,
        database=(call.database if call else None) or None,
    )


__all__ = [
    "LegacyEndpoints",
    "marshal_fault",
    "marshal_response",
    "parse_request",
]
