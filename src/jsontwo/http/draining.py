"""Stopping an instance behind a load balancer without failing a call
(``--drain-time``, docs/deployment.md).

A worker that gets SIGTERM stops accepting connections at once, but the
balancer goes on sending it calls until its health check notices: those reach
a listening socket nobody accepts from any more, and are reset when the
process ends. With a drain time, SIGTERM first turns the readiness route
(``/health/ready``) to 503 while the worker goes on serving every call; the
balancer's health check takes the instance out of its pool, and only when the
drain time has passed does the worker stop as uvicorn stops it: no new
connection, the calls in flight answered, then the end.

SIGINT (Ctrl+C) stops at once, as before: draining is for a service manager's
SIGTERM.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from types import FrameType
from typing import Any

_logger = logging.getLogger("jsontwo.workers")

#: set once this process is draining: the readiness route answers 503
DRAINING = threading.Event()


def drain_on_sigterm(seconds: float) -> None:
    """Make SIGTERM drain this worker for ``seconds`` before the server's own
    handler (uvicorn's graceful stop) runs; nothing when ``seconds`` is 0.

    Called at the start of the application's lifespan, in the worker's main
    thread, once the server has installed its handler (uvicorn starts the
    lifespan inside its signal capture)."""
    if seconds <= 0:
        return
    stop = signal.getsignal(signal.SIGTERM)
    if not callable(stop):  # no handler of the server's: nothing to delay
        return

    def on_sigterm(signum: int, frame: FrameType | None) -> None:
        if DRAINING.is_set():  # the supervisor passes on the signal it got too
            return
        DRAINING.set()
        _logger.info(
            "Worker %d: SIGTERM, draining for %g s (readiness 503) before stopping.",
            os.getpid(),
            seconds,
        )
        timer = threading.Timer(seconds, _call, (stop, signum))
        timer.daemon = True
        timer.start()

    signal.signal(signal.SIGTERM, on_sigterm)


def _call(handler: Any, signum: int) -> None:
    """Run the server's SIGTERM handler (uvicorn's only sets a flag its loop reads)."""
    handler(signum, None)


__all__ = ["DRAINING", "drain_on_sigterm"]
