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
import functools
import logging
import os
import pickle
import signal
import sys
import tempfile
import time
from collections.abc import Iterator
from typing import Any

_logger = logging.getLogger("jsontwo.workers")


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
    supervisor = _supervisor_class(Multiprocess)(config, sockets=[config.bind_socket()])
    with _metrics_directory(), contextlib.suppress(KeyboardInterrupt):
        supervisor.run()  # the supervisor handles SIGINT itself
    if any(process.exitcode == STARTUP_FAILURE for process in supervisor.processes):
        sys.exit(STARTUP_FAILURE)


#: seconds between two looks at a worker that has not answered its health check yet
HEALTH_POLL = 0.25


def _supervisor_class(base: type[Any]) -> type[Any]:
    """uvicorn's supervisor ``base``, saying in the log why each worker it
    replaces ended (uvicorn says only "died", at INFO), and noticing at once a
    worker that ends while it waits for its health answer."""

    class Supervisor(base):
        def keep_subprocess_alive(self) -> None:
            before = list(self.processes)
            for process in before:
                process.is_alive = functools.partial(_answers_health_check, process)
            super().keep_subprocess_alive()
            for process in before:
                if process not in self.processes:
                    level, message = worker_end(
                        process.pid, process.exitcode, self.config.timeout_worker_healthcheck
                    )
                    _logger.log(level, message)

    return Supervisor


def _answers_health_check(process: Any, timeout: float = 5) -> bool:
    """uvicorn's ``Process.is_alive`` (its ping, the worker's thread answering),
    looking every HEALTH_POLL seconds whether the worker has ended meanwhile.

    uvicorn waits for the answer in one ``poll(timeout)``, and its end of the
    pipe stays open in the supervisor too, so a worker that ends (recycled)
    between the ping and the answer holds the supervisor the whole timeout:
    with a timeout as long as a call may run, no worker was started meanwhile.
    """
    if not process.process.is_alive():
        return False
    deadline = time.monotonic() + timeout
    try:
        process.parent_conn.send(b"ping")
        while time.monotonic() < deadline:
            if process.parent_conn.poll(HEALTH_POLL):
                process.parent_conn.recv()
                return True
            if not process.process.is_alive():
                return False
    except (OSError, EOFError, pickle.UnpicklingError):
        return False
    return False


def worker_end(pid: int | None, exitcode: int | None, health_timeout: float) -> tuple[int, str]:
    """The log level and line for a worker that ended with ``exitcode`` (a
    negative one: the signal that ended it) and was replaced."""
    if exitcode == 0:
        return logging.INFO, f"Worker {pid} left (its --limit-request or memory limit); replaced."
    if exitcode == -signal.SIGKILL:
        return logging.WARNING, (
            f"Worker {pid} was killed (SIGKILL): it did not answer the supervisor for "
            f"{health_timeout:g} s, or the system ran out of memory; replaced."
        )
    if exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name if -exitcode in signal.valid_signals() else "?"
        return logging.ERROR, f"Worker {pid} ended on signal {-exitcode} ({name}); replaced."
    return logging.ERROR, f"Worker {pid} exited with status {exitcode}; replaced."


@contextlib.contextmanager
def shared_directory(variable: str, prefix: str) -> Iterator[None]:
    """A fresh directory that the workers share while they run, named by the
    environment ``variable`` and removed at the end; the operator's own when the
    variable is already set."""
    if os.environ.get(variable):
        yield
        return
    with tempfile.TemporaryDirectory(prefix=prefix) as directory:
        os.environ[variable] = directory
        try:
            yield
        finally:
            del os.environ[variable]


def _metrics_directory() -> contextlib.AbstractContextManager[None]:
    """Where the workers keep their metrics while they run
    (``PROMETHEUS_MULTIPROC_DIR``, see :mod:`jsontwo.metrics`)."""
    return shared_directory("PROMETHEUS_MULTIPROC_DIR", "jsontwo-metrics-")


__all__ = ["run_workers", "shared_directory", "worker_end"]
