"""The worker processes of ``jsontwo serve`` and their supervisor.

Every server runs its workers under uvicorn's process supervisor, even with
``--workers 1``: the parent process holds the listening socket and starts a new
worker whenever one ends. That is what lets a worker leave after
``--limit-request`` calls or above ``--limit-memory-soft`` (see
:mod:`jsontwo.http.recycling`) without a call failing: the requests that arrive
meanwhile wait in the socket's queue, or go to the other workers.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from typing import Any


def run_workers(host: str, port: int, workers: int, **settings: Any) -> None:
    """Serve ``jsontwo.http.app:create_app`` on ``host:port`` with ``workers``
    processes under the supervisor until a signal stops it (``settings``: more of
    uvicorn's settings). Exits with uvicorn's start failure status when a worker
    could not start."""
    from uvicorn import Config
    from uvicorn.config import STARTUP_FAILURE
    from uvicorn.supervisors import Multiprocess

    config = Config(
        "jsontwo.http.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        **settings,
    )
    supervisor = Multiprocess(config, sockets=[config.bind_socket()])
    with _metrics_directory(), contextlib.suppress(KeyboardInterrupt):
        supervisor.run()  # the supervisor handles SIGINT itself
    if any(process.exitcode == STARTUP_FAILURE for process in supervisor.processes):
        sys.exit(STARTUP_FAILURE)


@contextlib.contextmanager
def _metrics_directory() -> Iterator[None]:
    """A fresh directory where the workers keep their metrics while they run
    (``PROMETHEUS_MULTIPROC_DIR``, see :mod:`jsontwo.metrics`), removed at the end;
    the operator's own when the variable is already set."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        yield
        return
    with tempfile.TemporaryDirectory(prefix="jsontwo-metrics-") as directory:
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = directory
        try:
            yield
        finally:
            del os.environ["PROMETHEUS_MULTIPROC_DIR"]


__all__ = ["run_workers"]
