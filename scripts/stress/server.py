"""A real ``jsontwo serve`` for the stress suite: a new demo database, an admin
key made with the CLI, 2 worker processes, started and stopped with
:mod:`jsontwo.testing` (the way the tests, the benchmark and the conformance
script start theirs), plus what only this suite does: ``kill -9`` of the whole
server and a count of the worker processes that ever answered."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families

from jsontwo import testing

#: the root of the checkout (where .pg-test-url is)
ROOT = Path(__file__).resolve().parents[2]
#: the response header naming the worker process that answered
WORKER_HEADER = "x-jsontwo-worker"
#: the demo admin's password (the legacy transports sign in with it)
ADMIN_PASSWORD = "admin"


def storage_env(backend: str, data_dir: Path) -> dict[str, str]:
    """The environment of the CLI and the server for ``backend``: SQLite files in
    ``data_dir``, or the PostgreSQL server of the tests (.pg-test-url)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JSONTWO_")}
    env["JSONTWO_WORKER_HEADER"] = "1"
    if backend == "sqlite":
        env["JSONTWO_DATA_DIR"] = str(data_dir)
        return env
    url = testing.pg_test_url(ROOT)
    if url is None:
        raise SystemExit("No PostgreSQL: run scripts/pg-test-setup.sh or set JSONTWO_TEST_DB_URL")
    env["JSONTWO_DB_URL"] = url
    return env


#: the server cuts off a client that has not sent its headers, or its body, within
#: 10 s (the defaults, 30 s and 120 s, are for real networks): the fuzzer's slow
#: clients must be cut off within its SLOW_LIMIT (15 s)
SLOW_CLIENT_LIMITS = ("--limit-header-time", "10", "--limit-body-time", "10")


#: the supervisor's log line for a worker that crashed, and for one recycled
CRASHED = re.compile(
    r"jsontwo\.workers: Worker \d+ (?:was killed|ended on signal|exited with status)"
)
RECYCLED = re.compile(r"jsontwo\.workers: Worker \d+ left ")


def jsontwo(*args: str, env: dict[str, str]) -> str:
    """Run the jsontwo CLI; its standard output. A confirmation it asks for is
    answered yes (``db drop`` may ask)."""
    command = [sys.executable, "-m", "jsontwo.cli.main", *args]
    result = subprocess.run(
        command, env=env, check=True, capture_output=True, text=True, input="y\n"
    )
    return result.stdout


def workers_of(pid: int) -> set[int]:
    """The worker processes of the server ``pid``, not multiprocessing's helpers:
    those forked from the supervisor (Linux: they keep its command line) and,
    elsewhere, the new interpreters it spawns (``spawn_main``)."""
    try:
        supervisor = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return set()
    found = set()
    for child in descendants(pid):
        try:
            line = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if line == supervisor or b"spawn_main" in line:
            found.add(child)
    return found


def descendants(pid: int) -> set[int]:
    """The processes below ``pid`` (its workers), read from /proc."""
    found: set[int] = set()
    todo = [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*/children"):
            try:
                children = {int(c) for c in task.read_text().split()}
            except OSError:
                continue
            todo.extend(children - found)
            found |= children
    return found


@dataclass
class StressServer:
    """A jsontwo serving one new demo database with ``workers`` processes."""

    backend: str
    folder: Path
    workers: int = 2
    db: str = field(default_factory=lambda: f"stress_{uuid.uuid4().hex[:10]}")
    key: str = ""
    port: int = 0
    proc: subprocess.Popen[bytes] | None = None
    #: every worker pid seen (in answers and under the server), per start
    pids: set[int] = field(default_factory=set)
    #: worker processes that replaced one (a crash or a recycle), in earlier starts
    earlier_restarts: int = 0
    starts: int = 0

    @property
    def restarts(self) -> int:
        """Worker processes that replaced one (a crash or a recycle), over all starts."""
        return self.earlier_restarts + max(0, len(self.pids) - self.workers)

    @property
    def env(self) -> dict[str, str]:
        """The environment of the CLI and of the server."""
        return storage_env(self.backend, self.folder)

    @property
    def url(self) -> str:
        """The server's base URL."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        """The server's log (standard error), appended over restarts."""
        return self.folder / f"serve-{self.starts}.log"

    def create(self) -> None:
        """Create the demo database and an admin API key for the suite."""
        jsontwo("db", "create", self.db, "--demo", env=self.env)
        self.key = jsontwo(
            "apikey",
            "create",
            "--db",
            self.db,
            "--login",
            "admin",
            "--name",
            "stress",
            env=self.env,
        ).strip()

    def start(self) -> None:
        """Start the server (again) on a new port; the worker count starts over."""
        self.earlier_restarts = self.restarts
        self.starts += 1
        self.port = testing.free_port()
        args = [
            "--workers",
            str(self.workers),
            "--database",
            self.db,
            "--log-level",
            "info",  # the supervisor says at INFO that a worker left after its limits
            *SLOW_CLIENT_LIMITS,
        ]
        self.proc = testing.start_server(args, self.env, self.port, self.log)
        self.pids = workers_of(self.proc.pid)

    def note_worker(self, response: httpx.Response) -> None:
        """Count a worker pid never seen in this start: past the first ``workers``,
        each one replaced a worker that died or was recycled."""
        pid = response.headers.get(WORKER_HEADER)
        if pid is not None:
            self._note({int(pid)})

    def poll_workers(self) -> None:
        """Look at the processes under the server for new workers."""
        if self.proc is not None:
            self._note(workers_of(self.proc.pid))

    def _note(self, pids: set[int]) -> None:
        self.pids |= pids

    def kill9(self) -> None:
        """``kill -9`` the server and its workers at once, as a power cut would."""
        assert self.proc is not None
        victims = [self.proc.pid, *descendants(self.proc.pid)]
        for pid in victims:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.proc.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(Path(f"/proc/{p}").exists() for p in victims):
            time.sleep(0.05)
        self.proc = None

    def stop(self) -> None:
        """Stop the server as Ctrl+C does."""
        if self.proc is not None:
            self.poll_workers()
            testing.stop_server(self.proc)
            self.proc = None

    def drop(self) -> None:
        """Drop the database."""
        jsontwo("db", "drop", self.db, env=self.env)

    def worker_ends(self) -> tuple[int, int]:
        """(crashes, recycles): the workers the supervisor replaced, as its log names
        them (killed, a signal, an exit status; or left after a limit), over every
        start. A replaced worker the log does not name counts as a crash."""
        text = "\n".join(
            log.read_text(errors="replace") for log in sorted(self.folder.glob("serve-*.log"))
        )
        crashed = len(CRASHED.findall(text))
        recycled = len(RECYCLED.findall(text))
        return crashed + max(0, self.restarts - crashed - recycled), recycled

    def metric(self, name: str, **labels: str) -> float:
        """The sum of the samples ``name`` with ``labels`` in the server's ``/metrics``
        (over every worker of this start)."""
        answer = httpx.get(f"{self.url}/metrics", timeout=60)
        answer.raise_for_status()
        return sum(
            sample.value
            for family in text_string_to_metric_families(answer.text)
            for sample in family.samples
            if sample.name == name and labels.items() <= sample.labels.items()
        )

    def client(self, timeout: float = 30.0) -> httpx.Client:
        """A client of the server's JSON-2 API as the admin."""
        return httpx.Client(
            base_url=self.url,
            headers={"Authorization": f"bearer {self.key}", "X-Odoo-Database": self.db},
            timeout=timeout,
        )
