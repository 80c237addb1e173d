"""The health routes as orchestrators call them: liveness, Odoo 19's
``/web/health`` and readiness, on real servers, storage up and down."""

from __future__ import annotations

import contextlib
import getpass
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from jsontwo.db import Storage, open_storage
from tests.conftest import Api, free_port, new_db_name, pg_url, start_server, stop_server
from tests.servers import KEY_LINE

pytestmark = pytest.mark.server

#: what Odoo 19 answers on /web/health (its reference server says the same)
ODOO_HEALTH = {"status": "pass"}
ODOO_DB_STATUS = {"status": "pass", "db_server_status": True}


def test_health_routes_in_process(api: Api) -> None:
    """On both backends, storage up: each route passes, and none may be cached."""
    live = api.request("GET", "/health")
    assert (live.status_code, live.json()["status"]) == (200, "ok")
    odoo = api.request("GET", "/web/health")
    assert (odoo.status_code, odoo.json()) == (200, ODOO_HEALTH)
    assert odoo.headers["content-type"] == "application/json"  # Odoo's, without a charset
    checked = api.request("GET", "/web/health", params={"db_server_status": "1"})
    assert (checked.status_code, checked.json()) == (200, ODOO_DB_STATUS)
    ready = api.request("GET", "/health/ready")
    assert (ready.status_code, ready.json()) == (200, {"status": "pass", "storage": "pass"})
    for response in (live, odoo, checked, ready):
        assert response.headers["cache-control"] == "no-store"
    assert api.request("HEAD", "/health/ready").status_code == 200


@contextmanager
def serving(args: list[str], env: dict[str, str], tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """`jsontwo serve ARGS` on a free port: its URL and its log file."""
    port = free_port()
    log = tmp_path / "serve.log"
    proc, _banner = start_server(args, env, port, log)
    try:
        yield f"http://127.0.0.1:{port}", log
    finally:
        stop_server(proc)


def test_postgresql_out_of_reach(tmp_path: Path) -> None:
    """A PostgreSQL server nobody listens for: the process is alive, not ready, and
    Odoo's route fails as Odoo's does; no answer to anyone names the server's host
    or port, which only the log holds."""
    pg_port = str(free_port())
    url = f"postgresql://jsontwo@127.0.0.1:{pg_port}/"
    env = {**os.environ, "JSONTWO_DB_URL": url}
    with serving([], env, tmp_path) as (base, log):
        assert httpx.get(f"{base}/health").status_code == 200
        ready = httpx.get(f"{base}/health/ready")
        assert (ready.status_code, ready.json()) == (503, {"status": "fail", "storage": "fail"})
        odoo = httpx.get(f"{base}/web/health", params={"db_server_status": "1"})
        assert odoo.status_code == 500
        assert odoo.json() == {"status": "fail", "db_server_status": False}
        assert httpx.get(f"{base}/web/health").json() == ODOO_HEALTH  # no check asked
        answers = [
            ready,
            odoo,
            httpx.post(
                f"{base}/json/2/res.partner/search_count",
                headers={"Authorization": "bearer " + "0" * 40, "X-Odoo-Database": "demo"},
                json={"domain": []},
            ),
            httpx.post(
                f"{base}/jsonrpc",
                json={
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {"service": "common", "method": "login", "args": ["demo", "a", "b"]},
                },
            ),
            httpx.post(
                f"{base}/web/session/authenticate",
                json={"params": {"db": "demo", "login": "a", "password": "b"}},
            ),
            httpx.get(f"{base}/web/account/security"),
        ]
        json2 = answers[2].json()
        assert json2["message"] == "The PostgreSQL server cannot be reached."
        for answer in answers:
            assert "127.0.0.1" not in answer.text and pg_port not in answer.text, answer.text
    assert f'"127.0.0.1", port {pg_port} failed' in log.read_text()


def test_an_unreadable_sqlite_file_is_not_ready(tmp_path: Path) -> None:
    """A database file that is no SQLite database: not ready until it is gone; the
    answer does not name the file."""
    data = tmp_path / "data"
    data.mkdir()
    broken = data / "broken.sqlite3"
    broken.write_bytes(b"not a database, " * 512)
    env = {**os.environ, "JSONTWO_DB_URL": "", "JSONTWO_DATA_DIR": str(data)}
    with serving([], env, tmp_path) as (base, log):
        ready = httpx.get(f"{base}/health/ready")
        assert (ready.status_code, ready.json()) == (503, {"status": "fail", "storage": "fail"})
        assert str(data) not in ready.text
        assert httpx.get(f"{base}/web/health", params={"db_server_status": "1"}).status_code == 500
        broken.unlink()
        ready = httpx.get(f"{base}/health/ready")
        assert (ready.status_code, ready.json()) == (200, {"status": "pass", "storage": "pass"})
    assert "Storage check failed: A database file cannot be read." in log.read_text()


def test_readiness_of_a_served_database(storage: Storage, tmp_path: Path) -> None:
    """A real server on the storage of each backend, its databases readable: ready."""
    env = {**os.environ, "JSONTWO_DB_URL": "", **storage.environment()}
    with serving([], env, tmp_path) as (base, _log):
        ready = httpx.get(f"{base}/health/ready")
        assert (ready.status_code, ready.json()) == (200, {"status": "pass", "storage": "pass"})
        odoo = httpx.get(f"{base}/web/health", params={"db_server_status": "1"})
        assert (odoo.status_code, odoo.json()) == (200, ODOO_DB_STATUS)


class Forwarder:
    """A TCP port that forwards to the test PostgreSQL server, until :meth:`cut`:
    a database server that goes away under a running jsontwo."""

    def __init__(self, target: str | tuple[str, int]) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _address = self.listener.accept()
            except OSError:  # cut
                return
            if isinstance(self.target, str):
                upstream = socket.socket(socket.AF_UNIX)
            else:
                upstream = socket.socket()
            upstream.connect(self.target)
            self.sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        """Refuse new connections and break the open ones."""
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread
        self.listener.close()
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()


def pg_target(url: str) -> tuple[str | tuple[str, int], str]:
    """Where the test PostgreSQL server listens (a Unix socket or host and port),
    and its URL with that part left for the caller to fill."""
    parsed = sa.make_url(url)
    port = parsed.port or int(str(parsed.query.get("port", 5432)))
    socket_dir = parsed.query.get("host")
    target: str | tuple[str, int]
    if isinstance(socket_dir, str) and socket_dir.startswith("/"):
        target = f"{socket_dir}/.s.PGSQL.{port}"
    else:
        target = (parsed.host or "127.0.0.1", port)
    user = parsed.username or getpass.getuser()
    password = f":{parsed.password}" if parsed.password else ""
    return target, f"postgresql://{user}{password}@127.0.0.1:{{port}}/{parsed.database or ''}"


def test_postgresql_lost_under_a_running_server(tmp_path: Path) -> None:
    """PostgreSQL goes away while the server runs: calls are refused with a message
    that names neither its host nor its port, and the server is no longer ready."""
    target, template = pg_target(pg_url())
    forwarder = Forwarder(target)
    env = {**os.environ, "JSONTWO_DB_URL": template.format(port=forwarder.port)}
    port = free_port()
    name = new_db_name("lost")
    proc, banner = start_server(["--demo", name], env, port, tmp_path / "serve.log")
    try:
        key = KEY_LINE.search(banner)
        assert key, banner
        base = f"http://127.0.0.1:{port}"

        def count() -> httpx.Response:
            return httpx.post(
                f"{base}/json/2/res.partner/search_count",
                headers={"Authorization": f"bearer {key.group(1)}", "X-Odoo-Database": name},
                json={"domain": []},
            )

        assert count().status_code == 200
        forwarder.cut()
        answers = [count() for _ in range(3)]  # the lost connection, then new ones refused
        assert answers[-1].json()["message"] == "The PostgreSQL server cannot be reached."
        ready = httpx.get(f"{base}/health/ready")
        assert ready.status_code == 503
        for answer in [*answers, ready]:
            assert str(forwarder.port) not in answer.text and "127.0.0.1" not in answer.text
    finally:
        stop_server(proc)
        open_storage(db_url=pg_url()).drop(name)
