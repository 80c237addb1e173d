"""A real `jsontwo serve` process with a demo database, for the tests that need
several worker processes (what one worker changes, the others must see).

The servers run with ``JSONTWO_WORKER_HEADER=1``: every response names the
worker process that made it, so that a test proves each worker answered.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import httpx
import pytest

from jsontwo.db import Storage
from tests.conftest import free_port, new_db_name, start_server, stop_server

T = TypeVar("T", bound=Hashable)
#: the admin's API key in the banner of ``jsontwo serve --demo``
KEY_LINE = re.compile(r"API key:\s+([0-9a-f]{40})")
#: the response header naming the worker process (its pid) that answered
WORKER_HEADER = "x-jsontwo-worker"
#: calls each worker must answer before :func:`outcomes_by_worker` stops
CALLS_EACH = 4
#: calls after which :func:`outcomes_by_worker` starts pausing between calls: a
#: worker still loading (a busy machine) gets the time to start accepting
BRISK_CALLS = 400
#: seconds after which :func:`outcomes_by_worker` gives up on a silent worker (an
#: upper bound for a worker that never answers, not a measure of speed)
SILENT_WORKER_WAIT = 120.0


def server_env(storage: Storage) -> dict[str, str]:
    """The environment of a test server on ``storage``: responses name their worker."""
    return {
        **os.environ,
        "JSONTWO_DB_URL": "",
        **storage.environment(),
        "JSONTWO_WORKER_HEADER": "1",
    }


def worker_of(response: httpx.Response) -> int:
    """The pid of the worker process that made ``response``."""
    return int(response.headers[WORKER_HEADER])


def outcomes_by_worker(call: Callable[[], tuple[int, T]], workers: int = 2) -> dict[int, set[T]]:
    """Repeat ``call`` (which answers the pid of the worker that served it and what
    it saw) until each of ``workers`` processes has served CALLS_EACH calls: what
    each worker answered. The test fails when a worker never answers."""
    seen: dict[int, list[T]] = {}
    deadline = time.monotonic() + SILENT_WORKER_WAIT
    calls = 0
    while time.monotonic() < deadline:
        pid, outcome = call()
        calls += 1
        seen.setdefault(pid, []).append(outcome)
        if len(seen) >= workers and all(len(got) >= CALLS_EACH for got in seen.values()):
            return {pid: set(got) for pid, got in seen.items()}
        if calls > BRISK_CALLS:
            time.sleep(0.05)
    pytest.fail(f"{calls} calls reached {len(seen)} of {workers} workers: {sorted(seen)}")


def post(port: int, db: str, key: str, path: str, body: dict[str, object]) -> httpx.Response:
    """One JSON-2 call (``path`` is ``<model>/<method>``) on a connection of its own,
    so that successive calls land on any worker."""
    return httpx.post(
        f"http://127.0.0.1:{port}/json/2/{path}",
        headers={"Authorization": f"bearer {key}", "X-Odoo-Database": db},
        json=body,
        timeout=30,
    )


@dataclass(frozen=True)
class DemoServer:
    """A running server: its port, database, the admin's API key from its banner,
    the banner, its log file and the environment it runs with (for the CLI)."""

    port: int
    db: str
    key: str
    banner: str
    log: Path
    env: dict[str, str]
    #: the process of ``jsontwo serve`` (its supervisor, which forks the workers)
    pid: int = 0

    def post(self, path: str, body: dict[str, object], key: str | None = None) -> httpx.Response:
        """One call as the admin (or with ``key``); see :func:`post`."""
        return post(self.port, self.db, key or self.key, path, body)


@contextmanager
def demo_server(
    storage: Storage, tmp_path: Path, prefix: str, workers: int = 2, args: tuple[str, ...] = ()
) -> Iterator[DemoServer]:
    """Serve a new demo database of ``storage`` with ``workers`` processes (and the
    serve flags ``args``); stop the server and drop the database on the way out."""
    name = new_db_name(prefix)
    env = server_env(storage)
    port = free_port()
    log = tmp_path / "serve.log"
    proc, banner = start_server(["--demo", name, "--workers", str(workers), *args], env, port, log)
    try:
        match = KEY_LINE.search(banner)
        assert match, banner
        yield DemoServer(port, name, match.group(1), banner, log, env, proc.pid)
    finally:
        stop_server(proc)
        storage.drop(name)
