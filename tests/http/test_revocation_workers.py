"""A revoked key stops working on the very next request, in every worker of a real
server (issue 4), and the server's log never shows a key.

The server runs with two worker processes; each call opens a new connection, and
calls go on until both workers (named by the response's worker header) answered.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from jsontwo.db import Storage
from tests.servers import demo_server, outcomes_by_worker, post, worker_of

pytestmark = pytest.mark.server


def statuses(port: int, db: str, key: str) -> dict[int, set[int]]:
    """Each worker's statuses of search_count calls made with ``key``."""

    def one() -> tuple[int, int]:
        response = post(port, db, key, "res.partner/search_count", {"domain": []})
        return worker_of(response), response.status_code

    return outcomes_by_worker(one)


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
        known = statuses(port, name, new_key)
        workers = set(known)
        assert known == {pid: {200} for pid in workers}  # both workers know the key
        response = post(port, name, admin_key, "res.users.apikeys/revoke", {"key": new_key})
        assert response.status_code == 200 and response.json() is True
        # ...and both refuse it at once
        assert statuses(port, name, new_key) == {pid: {401} for pid in workers}
        assert statuses(port, name, admin_key) == {pid: {200} for pid in workers}
    written = server.log.read_text()
    for key in (admin_key, new_key):
        assert key[:8] not in written.replace(server.banner, ""), "a key reached the log"
