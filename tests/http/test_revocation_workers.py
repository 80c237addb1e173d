"""A revoked key stops working on the very next request, in every worker of a real
server (issue 4), and the server's log never shows a key.

The server runs with two worker processes; each call opens a new connection, so
calls land on both workers (the kernel spreads the accepted connections).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from jsontwo.db import Storage
from tests.servers import demo_server, post

pytestmark = pytest.mark.server
CALLS = 24


def statuses(port: int, db: str, key: str) -> set[int]:
    """The statuses of CALLS search_count calls made with ``key``."""
    return {
        post(port, db, key, "res.partner/search_count", {"domain": []}).status_code
        for _ in range(CALLS)
    }


def test_a_revoked_key_is_refused_at_once_by_every_worker(storage: Storage, tmp_path: Path) -> None:
    with demo_server(storage, tmp_path, "revoke") as server:
        port, name, admin_key = server.port, server.db, server.key
        expiry = (dt.date.today() + dt.timedelta(days=30)).isoformat()
        body: dict[str, object] = {
            "key": admin_key,
            "scope": None,
            "name": "rotated",
            "expiration_date": expiry,
        }
        response = post(port, name, admin_key, "res.users.apikeys/generate", body)
        assert response.status_code == 200, response.text
        new_key = response.json()
        assert statuses(port, name, new_key) == {200}  # both workers know the key
        response = post(port, name, admin_key, "res.users.apikeys/revoke", {"key": new_key})
        assert response.status_code == 200 and response.json() is True
        assert statuses(port, name, new_key) == {401}  # ...and both refuse it at once
        assert statuses(port, name, admin_key) == {200}
    written = server.log.read_text()
    for key in (admin_key, new_key):
        assert key[:8] not in written.replace(server.banner, ""), "a key reached the log"
