"""One real ``jsontwo serve`` per backend and per test module, for the
third-party clients under test (``tests/requirements-clients.txt``).

Each module gets its own demo database, served by a real server process on
a free port, with the banner's fresh API key of the demo administrator.
The clients are the PyPI packages themselves, driven exactly as their users
drive them: they reach jsontwo over HTTP only.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from jsontwo.db import Storage
from tests.conftest import free_port, new_db_name, start_server, stop_server
from tests.servers import KEY_LINE

CLI = (sys.executable, "-m", "jsontwo.cli.main")

#: OdooRPC's own suite, copied unchanged: run by test_odoorpc_suite.py, never collected
collect_ignore = ["odoorpc_suite"]


@dataclass(frozen=True)
class Server:
    """Where a running jsontwo listens, and the demo administrator's credentials."""

    host: str
    port: int
    db: str
    key: str
    login: str = "admin"
    password: str = "admin"  # the demo database's password, demo only

    @property
    def url(self) -> str:
        """The server's base URL, as a client's configuration names it."""
        return f"http://{self.host}:{self.port}"


def server_env(storage: Storage) -> dict[str, str]:
    """The environment that points ``jsontwo`` commands at the backend under test."""
    return {**os.environ, "JSONTWO_DB_URL": "", **storage.environment()}


@contextlib.contextmanager
def serving(storage: Storage, log: Path, *options: str) -> Iterator[Server]:
    """A real server with a demo database of its own, logging to ``log``
    (``options``: more of ``jsontwo serve``'s); stopped and its database
    dropped at the end."""
    name = new_db_name("clients")
    port = free_port()
    proc, banner = start_server(["--demo", name, *options], server_env(storage), port, log)
    try:
        match = KEY_LINE.search(banner)
        assert match, f"no API key in the banner:\n{banner}"
        yield Server(host="127.0.0.1", port=port, db=name, key=match.group(1))
    finally:
        stop_server(proc)
        storage.drop(name)


@pytest.fixture(scope="module")
def server(storage: Storage, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A real server with a demo database of its own, for one test module."""
    log = tmp_path_factory.mktemp("clients") / "serve.log"
    with serving(storage, log) as running:
        yield running
    # whatever the clients sent, the server answered it: a server error (logged
    # at ERROR with its traceback) would be a bug even if the client coped
    errors = [line for line in log.read_text().splitlines() if " ERROR " in line]
    assert not errors, "\n".join(errors)


def create_key(storage: Storage, server: Server, login: str) -> str:
    """A new API key of ``login``, made as an administrator makes one: ``jsontwo apikey create``."""
    made = subprocess.run(
        [*CLI, "apikey", "create", "--db", server.db, "--login", login, "--name", "client tests"],
        env=server_env(storage),
        capture_output=True,
        text=True,
        check=True,
    )
    return made.stdout.strip()


def unique_name(client: str) -> str:
    """A company name no other test (or earlier run) uses."""
    return f"{client} integration {uuid.uuid4().hex[:10]}"
