"""uvicorn's HTTP protocol, with a time limit on a request's headers, and a
response's writes sent together.

uvicorn times out a kept-alive connection that stays idle between requests,
but not one that opens and then sends its headers a byte at a time, or never:
such clients (slowloris) could hold connections without end. Here a request's
headers must be complete within ``--limit-header-time`` seconds of the
connection (or of the request's first byte on a kept-alive one); past that
the client gets a 408 and the connection is closed. The body has its own limit,
enforced where it is read (:func:`jsontwo.http.wire.read_body`).

uvicorn writes a response's status line and headers to the socket when the
application starts the response, and its body when the application sends it:
two ``send()`` system calls, each waking the client, for one answer. Measured
with py-spy on a worker answering ``search_count`` (2 workers, wrk), the
write of the headers alone took a quarter of the worker's time. Here the
writes made in one turn of the event loop are joined and sent at its end
(:class:`CoalescingTransport`).
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from jsontwo.exceptions import RequestTimeout
from jsontwo.http.config import ServerConfig
from jsontwo.http.errors import JSON_CONTENT_TYPE, error_body


class CoalescingTransport:
    """A transport whose writes made in one turn of the event loop go to the
    socket together, in one ``write`` at the end of the turn (so a response's
    headers and body, written by uvicorn one after the other, are one system
    call). Everything else is the wrapped transport's, and closing sends what
    is pending first."""

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._pending: list[bytes] = []

    def write(self, data: bytes) -> None:
        """Keep ``data`` for the write at the end of this turn of the loop."""
        if not self._pending:
            self._loop.call_soon(self.flush)
        self._pending.append(data)

    def flush(self) -> None:
        """Send what was written since the last flush."""
        if self._pending:
            pending, self._pending = self._pending, []
            if not self._transport.is_closing():
                self._transport.write(b"".join(pending))  # (one piece: itself, uncopied)

    def close(self) -> None:
        """Send what is pending, then close."""
        self.flush()
        self._transport.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


@functools.cache
def _header_timeout() -> float:
    """The worker's ``--limit-header-time`` (read once: one protocol per connection)."""
    return ServerConfig.from_env().header_timeout


class TimedHttpProtocol(HttpToolsProtocol):
    """:class:`HttpToolsProtocol` whose requests must send their headers in time."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.header_timeout = _header_timeout()
        self._header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        coalescing = CoalescingTransport(transport, self.loop)
        super().connection_made(coalescing)  # type: ignore[arg-type]
        self._arm()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._arm()

    def on_headers_complete(self) -> None:
        self._disarm()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        if self._header_timer is None:
            self._header_timer = self.loop.call_later(self.header_timeout, self._too_slow)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _too_slow(self) -> None:
        """The headers did not come in time: answer 408 (the JSON error object) and
        close the connection."""
        self._header_timer = None
        if self.transport.is_closing() or (self.cycle and not self.cycle.response_complete):
            return
        self.logger.info("The request's headers did not arrive in time: connection closed.")
        body = error_body(
            RequestTimeout(
                f"The request's headers did not arrive within {self.header_timeout:g} seconds."
            ),
            dev=False,
        )
        self.transport.write(
            b"HTTP/1.1 408 Request Timeout\r\ncontent-type: "
            + JSON_CONTENT_TYPE
            + b"\r\ncontent-length: "
            + str(len(body)).encode()
            + b"\r\nconnection: close\r\n\r\n"
            + body
        )
        self.transport.close()


__all__ = ["CoalescingTransport", "TimedHttpProtocol"]
