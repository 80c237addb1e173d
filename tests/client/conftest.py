"""One real ``jsontwo serve`` per backend for the client's tests: a demo
database of its own, the demo admin's key from the banner, and a
:class:`~jsontwo.client.Client` pointed at it."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from jsontwo.client import Client
from jsontwo.db import Storage
from tests.conftest import free_port, new_db_name, start_server, stop_server
from tests.servers import KEY_LINE, server_env

CLI = (sys.executable, "-m", "jsontwo.cli.main")
#: the server's log line for one answered JSON-2 call
REQUEST_LINE = re.compile(r"jsontwo\.request: POST \S+ \d{3} ")
#: seconds to wait for a line of the server's log (an upper bound, not a measure)
LOG_WAIT = 30.0


@dataclass(frozen=True)
class Served:
    """A running server: where it listens, its database, the admin's key, its log
    and the storage behind it."""

    url: str
    db: str
    key: str
    log: Path
    storage: Storage

    def new_key(self, login: str = "admin", name: str = "client tests") -> str:
        """A new API key of ``login``, made as an administrator makes one."""
        made = subprocess.run(
            [*CLI, "apikey", "create", "--db", self.db, "--login", login, "--name", name],
            env=server_env(self.storage),
            capture_output=True,
            text=True,
            check=True,
        )
        return made.stdout.strip()

    def log_lines(self, request_id: str, at_least: int = 1) -> list[str]:
        """The server's request log lines that name the request id ``request_id``
        (waiting for ``at_least`` of them: the server logs a call once it has
        answered it)."""
        deadline = time.monotonic() + LOG_WAIT
        while True:
            lines = [
                line
                for line in self.log.read_text().splitlines()
                if f"rid={request_id}" in line and REQUEST_LINE.search(line)
            ]
            if len(lines) >= at_least or time.monotonic() > deadline:
                return lines
            time.sleep(0.05)


@pytest.fixture(scope="session")
def served(storage: Storage, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A real server with a demo database of its own, for the client's tests on
    one backend (each test makes the records and keys it changes)."""
    name = new_db_name("client")
    port = free_port()
    log = tmp_path_factory.mktemp("client") / "serve.log"
    proc, banner = start_server(["--demo", name, "--workers", "1"], server_env(storage), port, log)
    try:
        match = KEY_LINE.search(banner)
        assert match, f"no API key in the banner:\n{banner}"
        yield Served(f"http://127.0.0.1:{port}", name, match.group(1), log, storage)
    finally:
        stop_server(proc)
        storage.drop(name)


@pytest.fixture
def client(served: Served) -> Iterator[Client]:
    """The client as a user builds it: the server's address, a key, the database."""
    with Client(served.url, served.key, database=served.db) as odoo:
        yield odoo


def unique(prefix: str) -> str:
    """A name no other test (or earlier run) uses."""
    return f"{prefix} {uuid.uuid4().hex[:10]}"
