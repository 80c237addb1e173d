"""What every route does with a request the same way, whatever its protocol
(JSON-2, the legacy XML-RPC and JSON-RPC, discovery, the account pages):

* the client's network address, which the login guard counts failures by;
* the body, refused (413) beyond the configured size;
* a JSON body's content type (415 otherwise, as JSON-2 answers);
* the request log line (logger ``jsontwo.request``).
"""

from __future__ import annotations

import logging

from starlette.types import Receive, Scope

from jsontwo.exceptions import RequestEntityTooLarge, UnsupportedMediaType

_logger = logging.getLogger("jsontwo.request")


def client_address(scope: Scope) -> str | None:
    """The client's network address (None when the server does not know it)."""
    client = scope.get("client")
    return client[0] if client else None


async def read_body(receive: Receive, limit: int) -> bytes:
    """The whole request body, refused (413) beyond ``limit`` bytes."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise RequestEntityTooLarge(f"The request body is larger than {limit} bytes.")
        chunks.append(chunk)
        if not message.get("more_body"):
            return b"".join(chunks)


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
    message: str, *args: object, failure: BaseException | None = None, error: bool = False
) -> None:
    """One line of the request log: at ERROR level with ``failure``'s traceback when
    ``error`` (a fault of the server), at INFO otherwise. Callers never pass a
    header or a body: API keys and passwords travel there."""
    _logger.log(
        logging.ERROR if error else logging.INFO,
        message,
        *args,
        exc_info=failure if error else None,
        stacklevel=2,
    )


__all__ = ["check_json_body", "client_address", "log_request", "read_body"]
