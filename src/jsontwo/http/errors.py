"""Exceptions as the JSON error object every client of Odoo 19 knows.

``{"name", "message", "arguments", "context", "debug"}``, in that order (a
test of Odoo's checks the order). ``debug`` holds the traceback only when the
server runs with ``--dev``; an AccessDenied never shows one.
"""

from __future__ import annotations

import traceback
from typing import Any

from jsontwo.exceptions import (
    AccessDenied,
    HTTPError,
    error_arguments,
    error_message,
    error_name,
    error_status,
)
from jsontwo.service.json_codec import dumps

JSON_CONTENT_TYPE = b"application/json; charset=utf-8"


def error_body(exc: BaseException, dev: bool) -> bytes:
    """The JSON error object for ``exc``."""
    return dumps(error_object(exc, dev))


def error_object(exc: BaseException, dev: bool) -> dict[str, Any]:
    """The error object for ``exc`` (also the ``data`` of a JSON-RPC error)."""
    if not dev:
        debug = ""
    elif isinstance(exc, AccessDenied):
        debug = f"{error_name(exc)}: {error_message(exc)}"
    else:
        debug = "".join(traceback.format_exception(exc))
    return {
        "name": error_name(exc),
        "message": error_message(exc),
        "arguments": error_arguments(exc),
        # Odoo's exception context: empty, or null for the errors that say so
        "context": getattr(exc, "odoo_context", {}),
        "debug": debug,
    }


def error_headers(exc: BaseException) -> list[tuple[bytes, bytes]]:
    """Extra response headers an error carries (``WWW-Authenticate``...)."""
    if isinstance(exc, HTTPError):
        return [(k.lower().encode(), v.encode()) for k, v in exc.headers.items()]
    return []


__all__ = ["JSON_CONTENT_TYPE", "error_body", "error_headers", "error_object", "error_status"]
