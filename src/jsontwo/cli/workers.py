"""The worker processes of ``jsontwo serve`` and their supervisor.

Every server runs its workers under uvicorn's process supervisor, even with
``--workers 1``: the parent process holds the listening socket and starts a new
worker whenever one ends. That is what lets a worker leave after
``--limit-request`` calls or above ``--limit-memory-soft`` (see
:mod:`jsontwo.http.recycling`) without a call failing: the requests that arrive
meanwhile wait in the socket's queue, or go to the other workers.

The supervisor loads the application once (imports, the registries of the
databases it serves: :func:`jsontwo.http.app.preforked_app`) and *forks* its
workers from it, instead of uvicorn's spawn (a new interpreter per worker, which
imports everything again): a worker starts in milliseconds, and the pages of
the code and registries stay shared between the workers (copy-on-write) as
long as nobody writes to them. A worker started later (recycled, replaced, or
by SIGHUP's graceful restart) is forked from the same supervisor, so it runs
the code the server started with: restart the command to run new code.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import os
import pickle
import select
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from types import SimpleNamespace
from typing import Any

from jsontwo.cli import collector_paused
from jsontwo.http.recycling import LEAVING_PID_BYTES, SUPERVISOR_VARIABLE

_logger = logging.getLogger("jsontwo.workers")


def run_workers(
    host: str, port: int, workers: int, databases: Sequence[str] = (), **settings: Any
) -> None:
    """Serve jsontwo's application on ``host:port`` with ``workers`` processes
    forked by the supervisor until a signal stops it, the registries of
    ``databases`` loaded first (see :func:`jsontwo.http.app.preforked_app`;
    ``settings``: more of uvicorn's settings). Exits with uvicorn's start
    failure status when the application or a worker could not start.

    Elsewhere than on Linux each worker is a new interpreter that builds the
    application itself (uvicorn's spawn): a fork is unsafe on macOS once some
    system libraries are loaded, and Windows has none."""
    from uvicorn import Config
    from uvicorn.config import STARTUP_FAILURE
    from uvicorn.supervisors import Multiprocess

    # the application's factory, for spawned workers; the configuration sets up logging
    config = Config(
        "jsontwo.http.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        **settings,
    )
    with _metrics_directory(), _leaving_pipe() as leaving_fd:
        forking: contextlib.AbstractContextManager[None] = contextlib.nullcontext()
        if FORK:
            config.app, in_worker = _preforked(databases)
            config.factory = False
            config.load()  # the protocol classes too, once
            forking = _forking(in_worker)
        supervisor = _supervisor_class(Multiprocess)(
            config, sockets=[config.bind_socket()], leaving_fd=leaving_fd
        )
        with forking, contextlib.suppress(KeyboardInterrupt):
            supervisor.run()  # the supervisor handles SIGINT itself
    if any(process.exitcode == STARTUP_FAILURE for process in supervisor.processes):
        sys.exit(STARTUP_FAILURE)


#: whether the supervisor forks its workers from the loaded application (see
#: :func:`run_workers`)
FORK = sys.platform == "linux"


@contextlib.contextmanager
def _leaving_pipe() -> Iterator[int | None]:
    """The pipe forked workers write their pid to as they leave (its reading
    end; None where workers are spawned, which inherit no descriptor: they are
    replaced once they have ended). Its writing end is named to the workers in
    SUPERVISOR_VARIABLE, with the supervisor's pid; a full pipe never holds a
    worker (non-blocking)."""
    if not FORK:
        yield None
        return
    read_end, write_end = os.pipe()
    os.set_blocking(write_end, False)
    os.environ[SUPERVISOR_VARIABLE] = f"{os.getpid()}:{write_end}"
    try:
        yield read_end
    finally:
        del os.environ[SUPERVISOR_VARIABLE]
        os.close(read_end)
        os.close(write_end)


def _preforked(databases: Sequence[str]) -> tuple[Any, Callable[[], None]]:
    """The application loaded in the supervisor, and what each worker runs
    first (see :func:`jsontwo.http.app.preforked_app`); exits with uvicorn's
    start failure status when it cannot be built."""
    from uvicorn.config import STARTUP_FAILURE

    try:
        with collector_paused():  # the imports and the registries: see there
            from jsontwo.http.app import preforked_app

            app, in_worker = preforked_app(databases=databases)
    except Exception:
        _logger.exception("The application could not start.")
        sys.exit(STARTUP_FAILURE)
    # what the workers inherit stays out of the collector's way: it would write
    # to every object it visits, and the pages would stop being shared
    gc.collect()
    gc.freeze()
    return app, in_worker


@contextlib.contextmanager
def _forking(in_worker: Callable[[], None]) -> Iterator[None]:
    """Make uvicorn's supervisor fork its workers (see the module's docstring), each
    running ``in_worker`` first. uvicorn builds each worker process with its
    module's multiprocessing context, ``spawn``: it gets a fork context for the
    time of the block."""
    from uvicorn import _subprocess

    fork = multiprocessing.get_context("fork")

    def process(target: Callable[..., None], kwargs: dict[str, Any]) -> Any:
        return fork.Process(target=_worker_main, args=(in_worker, target), kwargs=kwargs)

    spawn = _subprocess.spawn
    _subprocess.spawn = SimpleNamespace(Process=process)  # type: ignore[assignment]
    try:
        yield
    finally:
        _subprocess.spawn = spawn


def _worker_main(
    in_worker: Callable[[], None], main: Callable[..., None], /, **kwargs: Any
) -> None:
    """A forked worker: the signals the supervisor catches get their default
    action back (as in a new process: the worker's server then takes SIGINT and
    SIGTERM), ``in_worker`` runs, then uvicorn's ``main``. (What it inherited
    stays frozen, out of the collector's sight: see :func:`run_workers`.)"""
    from uvicorn.supervisors.multiprocess import SIGNALS

    for sig in SIGNALS:
        signal.signal(sig, signal.SIG_DFL)
    in_worker()
    main(**kwargs)


#: seconds between two looks at a worker that has not answered its health check yet
HEALTH_POLL = 0.25


def _supervisor_class(base: type[Any]) -> type[Any]:
    """uvicorn's supervisor ``base``, starting a leaving worker's replacement as
    soon as the worker says it leaves, saying in the log why each worker it
    replaces ended (uvicorn says only "died", at INFO), and noticing at once a
    worker that ends while it waits for its health answer.

    A worker that reached ``--limit-request`` or its memory limit stops taking
    new connections, answers those it holds for ``ACCEPTED_GRACE`` and ends
    (:mod:`jsontwo.http.recycling`); uvicorn would start the next worker only
    once it ended and the supervisor's next look came, up to a second later.
    The workers share the calls evenly, so all of them reach their limit within
    milliseconds of each other: for that second nobody served, and every call
    waited (16 connections waited 1.1 to 1.9 s). A forked worker now writes its
    pid to the supervisor's pipe (``leaving_fd``) as it stops listening; the
    supervisor, which waits on that pipe between its looks, forks the
    replacement at once and keeps the leaving worker aside ("retiring") until
    it ends. ``processes`` holds the serving workers only, so uvicorn's own
    handling of SIGHUP, SIGTTIN and SIGTTOU counts them as before."""

    class Supervisor(base):
        def __init__(self, *args: Any, leaving_fd: int | None = None, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.leaving_fd = leaving_fd
            #: the workers that said they leave, until they have ended
            self.retiring: list[Any] = []

        def run(self) -> None:
            """uvicorn's loop, waking as soon as a worker says it leaves."""
            _uvicorn_logger.info("Started parent process [%d]", os.getpid())
            self.init_processes()
            while not self.should_exit.is_set():
                self._wait(LOOK_EVERY)
                self.handle_signals()
                self.keep_subprocess_alive()
            self.terminate_all()
            self.join_all()
            _uvicorn_logger.info("Stopping parent process [%d]", os.getpid())

        def _wait(self, seconds: float) -> None:
            if self.leaving_fd is None:
                self.should_exit.wait(seconds)
                return
            ready, _, _ = select.select([self.leaving_fd], [], [], seconds)
            if ready:
                self._replace_leaving(os.read(self.leaving_fd, 4096))

        def _replace_leaving(self, data: bytes) -> None:
            """Fork a replacement for each serving worker whose pid is in ``data``
            (pids a worker wrote that is no longer serving are ignored)."""
            for offset in range(0, len(data) - LEAVING_PID_BYTES + 1, LEAVING_PID_BYTES):
                pid = int.from_bytes(data[offset : offset + LEAVING_PID_BYTES], "little")
                leaving = next((p for p in self.processes if p.pid == pid), None)
                if leaving is None or self.should_exit.is_set():
                    continue
                process = self._start_in_place_of(leaving)
                self.retiring.append(leaving)
                _logger.info(
                    "Worker %d is leaving; worker %d started in its place.", pid, process.pid
                )

        def _start_in_place_of(self, process: Any) -> Any:
            """Start a new worker where ``process`` stands in ``processes``."""
            from uvicorn.supervisors.multiprocess import Process

            replacement = Process(self.config, self.sockets)
            replacement.start()
            self.processes[self.processes.index(process)] = replacement
            return replacement

        def keep_subprocess_alive(self) -> None:
            from uvicorn.config import STARTUP_FAILURE

            if self.should_exit.is_set():
                return
            timeout = self.config.timeout_worker_healthcheck
            for process in list(self.retiring):
                if not _answers_health_check(process, timeout):
                    process.kill()  # hung: killed; ended: its pipe closed
                    process.join()
                    self.retiring.remove(process)
                    _logger.log(*worker_end(process.pid, process.exitcode, timeout, ahead=True))
            for process in list(self.processes):
                if _answers_health_check(process, timeout):
                    continue
                process.kill()
                process.join()
                if process.exitcode == STARTUP_FAILURE:  # would fail the same way again
                    _logger.error("Worker %d could not start; stopping.", process.pid)
                    self.should_exit.set()
                if self.should_exit.is_set():
                    return
                self._start_in_place_of(process)
                _logger.log(*worker_end(process.pid, process.exitcode, timeout))

        def terminate_all(self) -> None:
            super().terminate_all()
            for process in self.retiring:
                process.terminate()

        def join_all(self) -> None:
            super().join_all()
            for process in self.retiring:
                process.join()

    return Supervisor


#: seconds between two looks of the supervisor at its workers (uvicorn's)
LOOK_EVERY = 0.5
_uvicorn_logger = logging.getLogger("uvicorn.error")


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


def worker_end(
    pid: int | None, exitcode: int | None, health_timeout: float, ahead: bool = False
) -> tuple[int, str]:
    """The log level and line for a worker that ended with ``exitcode`` (a
    negative one: the signal that ended it) and was replaced (``ahead``: by the
    worker started when one said it was leaving)."""
    if exitcode == 0:
        how = "replaced when it began to leave" if ahead else "replaced"
        return logging.INFO, f"Worker {pid} left (its --limit-request or memory limit); {how}."
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


@contextlib.contextmanager
def _metrics_directory() -> Iterator[None]:
    """Where the workers keep their metrics while they run
    (``PROMETHEUS_MULTIPROC_DIR``, see :mod:`jsontwo.metrics`): the metrics module
    learns it once it is set."""
    from jsontwo.metrics import share_between_processes

    with shared_directory("PROMETHEUS_MULTIPROC_DIR", "jsontwo-metrics-"):
        share_between_processes()
        yield


__all__ = ["run_workers", "shared_directory", "worker_end"]
