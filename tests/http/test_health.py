"""The health routes as orchestrators call them: liveness, Odoo 19's
``/web/health`` and readiness, on real servers, storage up and down."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from jsontwo.db import Storage
from tests.conftest import Api, free_port, start_server, stop_server

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
