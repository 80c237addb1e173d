"""A revoked key stops working on the very next request, in every worker of a real
server (issue 4), and the server's log never shows a key.

The server runs with two worker processes; each call opens a new connection, so
calls land on both workers (the kernel spreads the accepted connections).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import httpx
import pytest

from jsontwo.db import Storage
from tests.cli.test_serve import KEY_LINE
from tests.conftest import free_port, new_db_name, start_server, stop_server

pytestmark = pytest.mark.server
CALLS = 24


def post(port: int, db: str, key: str, path: str, body: dict[str, object]) -> httpx.Response:
    """One call on a connection of its own."""
    return httpx.post(
        f"http://127.0.0.1:{port}/json/2/{path}",
        headers={"Authorization": f"bearer {key}", "X-Odoo-Database": db},
        json=body,
        timeout=30,
    )


def statuses(port: int, db: str, key: str) -> set[int]:
    """The statuses of CALLS search_count calls made with ``key``."""
    return {
        post(port, db, key, "res.partner/search_count", {"domain": []}).status_code
        for _ in range(CALLS)
    }


def test_a_revoked_key_is_refused_at_once_by_every_worker(storage: Storage, tmp_path: Path) -> None:
    name = new_db_name("revoke")
    env = {**os.environ, "JSONTWO_DB_URL": "", **storage.environment()}
    port = free_port()
    log = tmp_path / "serve.log"
    proc, banner = start_server(["--demo", name, "--workers", "2"], env, port, log)
    try:
        match = KEY_LINE.search(banner)
        assert match, banner
        admin_key = match.group(1)
        expiry = (dt.date.today() + dt.timedelta(days=30)).isoformat()
        body = {"key": admin_key, "scope": None, "name": "rotated", "expiration_date": expiry}
        response = post(port, name, admin_key, "res.users.apikeys/generate", body)
        assert response.status_code == 200, response.text
        new_key = response.json()
        assert statuses(port, name, new_key) == {200}  # both workers know the key
        response = post(port, name, admin_key, "res.users.apikeys/revoke", {"key": new_key})
        assert response.status_code == 200 and response.json() is True
        assert statuses(port, name, new_key) == {401}  # ...and both refuse it at once
        assert statuses(port, name, admin_key) == {200}
    finally:
        stop_server(proc)
        storage.drop(name)
    written = log.read_text()
    for key in (admin_key, new_key):
        assert key[:8] not in written.replace(banner, ""), "a key reached the log"
