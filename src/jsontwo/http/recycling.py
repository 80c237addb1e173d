"""Worker recycling, as Odoo's prefork workers do (``--limit-request``,
``--limit-memory-soft``, ``--limit-memory-hard``).

A worker that has answered ``limit_request`` requests, or whose memory is above
``limit_memory_soft`` once a response is ready, finishes that response (with
``Connection: close``, so that the client does not send its next request to a
worker on its way out) and then stops gracefully; the supervisor of
``jsontwo serve`` starts a fresh worker in its place. A call is never cut short:
the call that made a worker grow is answered in full, as Odoo answers it, and
only then is the memory given back, with the worker.

``limit_memory_hard`` is the address-space limit of the worker process
(``RLIMIT_AS``, as Odoo sets it): an allocation beyond it fails with a
MemoryError (answered as a server error), and the worker, then above its soft
limit, is recycled after that answer.

The memory measured is the one Odoo measures: the virtual size on Linux
(``/proc/self/statm``), the resident size elsewhere (the peak, from
``getrusage``, where nothing better is available without another library).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import signal
import sys
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_logger = logging.getLogger("jsontwo.workers")


#: (pid, descriptor) of this process's ``/proc/<pid>/statm``, kept open: a
#: read at offset 0 of an open descriptor costs about 1.4 µs, an open, read
#: and close about 11 µs, and every response asks (a forked worker opens its own)
_statm: tuple[int, int] | None = None


def _statm_descriptor() -> int:
    """This process's open ``/proc/<pid>/statm``."""
    global _statm
    pid = os.getpid()
    if _statm is None or _statm[0] != pid:
        _statm = (pid, os.open(f"/proc/{pid}/statm", os.O_RDONLY | os.O_CLOEXEC))
    return _statm[1]


def memory_used() -> int:
    """The memory this process uses, in bytes, as Odoo measures it (see above)."""
    if sys.platform == "linux":
        try:
            pages = int(os.pread(_statm_descriptor(), 128, 0).split()[0])
            return pages * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):  # pragma: no cover - /proc not mounted
            pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # bytes on macOS, KiB elsewhere


def set_memory_hard_limit(limit: int) -> None:
    """Make allocations beyond ``limit`` bytes fail in this process (0: no limit).
    Only on Linux, as Odoo: elsewhere the address space is not a useful measure."""
    if not limit or sys.platform != "linux":
        return
    import resource

    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


class Recycler:
    """ASGI middleware counting this worker's requests and watching its memory;
    it stops the worker gracefully once a limit is reached (0: no such limit)."""

    def __init__(self, app: ASGIApp, limit_request: int, limit_memory_soft: int) -> None:
        self.app = app
        self.limit_request = limit_request
        self.limit_memory_soft = limit_memory_soft
        self.requests = 0
        #: why this worker is on its way out (None while it serves on)
        self.leaving: str | None = None
        self._left = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self.requests += 1

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                if self.leaving is None:
                    self.leaving = self._limit_reached()
                if self.leaving is not None:  # and every call it gets while leaving
                    headers = [(k, v) for k, v in message["headers"] if k.lower() != b"connection"]
                    message = {**message, "headers": [*headers, (b"connection", b"close")]}
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            if self.leaving is not None:
                self._leave()

    def _limit_reached(self) -> str | None:
        """Why this worker must be replaced after the current response (None: it need not)."""
        if self.limit_request and self.requests >= self.limit_request:
            return f"request limit ({self.limit_request}) reached"
        if self.limit_memory_soft:
            used = memory_used()
            if used > self.limit_memory_soft:
                return f"memory limit ({self.limit_memory_soft} bytes) reached: {used} bytes"
        return None

    def _leave(self) -> None:
        """Stop this worker gracefully, once: it accepts no new connection from now
        on (the other workers and the next one take them), answers what it already
        accepted, then ends, and the supervisor starts a new worker."""
        if self._left:
            return
        self._left = True
        _logger.info("Worker %d: %s; it is replaced by a new one.", os.getpid(), self.leaving)
        server = _uvicorn_server()
        if server is None:  # another ASGI server: its SIGTERM handler stops it gracefully
            signal.raise_signal(signal.SIGTERM)
            return
        _tell_supervisor()
        # uvicorn stops listening only on its next tick (a tenth of a second later)
        # and then drops the connections it accepted meanwhile, unread: a client
        # would see its call reset. So stop listening now, and stop once those
        # connections had the time to send their request (then they are answered).
        for listener in server.servers:
            listener.close()
        asyncio.get_running_loop().call_later(ACCEPTED_GRACE, _stop, server)


#: seconds a leaving worker gives the connections it accepted to send their request
ACCEPTED_GRACE = 0.5


#: the environment variable naming, for the workers ``jsontwo serve`` forks, the
#: supervisor's pid and the pipe they write their pid to as they leave
#: (``<pid>:<descriptor>``; see :mod:`jsontwo.cli.workers`)
SUPERVISOR_VARIABLE = "JSONTWO_SUPERVISOR"
#: bytes of the pid a leaving worker writes
LEAVING_PID_BYTES = 4


def _tell_supervisor() -> None:
    """Write this worker's pid to the supervisor's pipe when this worker is a
    child of ``jsontwo serve``'s supervisor: its replacement then serves while
    this worker finishes, instead of after it ended (under another process
    manager, or when the pipe is full, nothing is written)."""
    supervisor, _, descriptor = os.environ.get(SUPERVISOR_VARIABLE, "").partition(":")
    if not descriptor or supervisor != str(os.getppid()):
        return
    with contextlib.suppress(OSError, ValueError):
        os.write(int(descriptor), os.getpid().to_bytes(LEAVING_PID_BYTES, "little"))


def _uvicorn_server() -> Any:
    """The uvicorn server of this worker process (None under another server).
    Looked up once, when the worker leaves: uvicorn hands the application no
    reference to it."""
    try:
        from uvicorn import Server
    except ImportError:  # pragma: no cover - uvicorn is a dependency
        return None
    return next((o for o in gc.get_objects() if isinstance(o, Server)), None)


def _stop(server: Any) -> None:
    server.should_exit = True


__all__ = [
    "LEAVING_PID_BYTES",
    "SUPERVISOR_VARIABLE",
    "Recycler",
    "memory_used",
    "set_memory_hard_limit",
]
