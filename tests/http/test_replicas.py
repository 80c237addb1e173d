"""A real ``jsontwo serve --db-replica-url`` with two workers and a real streaming
replica: reads are answered by the replica, a key that wrote reads its writes
whichever worker answers, and a stopped replica fails no call."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from jsontwo.db import Storage, open_storage
from tests.conftest import pg_url
from tests.servers import DemoServer, demo_server, outcomes_by_worker, worker_of

pytestmark = pytest.mark.server
#: seconds a test waits at most for the replica to be used again (a bound, not a timing)
COMEBACK = 60.0


@pytest.fixture
def server(pg_replica: Any, tmp_path: Path) -> Iterator[DemoServer]:
    """Two workers on a demo database of the test cluster, reading from the replica
    (a generous lag: a paused replica stays in use)."""
    storage: Storage = open_storage(data_dir=tmp_path / "data", db_url=pg_url())
    args = ("--db-replica-url", pg_replica.server_url(), "--max-replica-lag", "3600")
    with demo_server(storage, tmp_path, "replica", args=args) as running:
        pg_replica.wait_caught_up()  # the demo database, on the replica too
        yield running


def new_key(server: DemoServer, name: str) -> str:
    """A new API key of the admin (a write: the admin's key reads the primary a while)."""
    expiry = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    body: dict[str, object] = {
        "key": server.key,
        "scope": None,
        "name": name,
        "expiration_date": expiry,
    }
    answer = server.post("res.users.apikeys/generate", body)
    assert answer.status_code == 200, answer.text
    key: str = answer.json()
    return key


def names(server: DemoServer, key: str, partner: int) -> dict[int, set[str]]:
    """The partner's name as each worker reads it with ``key``."""

    def one() -> tuple[int, str]:
        response = server.post("res.partner/read", {"ids": [partner], "fields": ["name"]}, key)
        assert response.status_code == 200, response.text
        return worker_of(response), response.json()[0]["name"]

    return outcomes_by_worker(one)


def replica_reads(server: DemoServer) -> float:
    """The reads the replica answered, as /metrics adds them up over the workers."""
    text = httpx.get(f"http://127.0.0.1:{server.port}/metrics").text
    return sum(
        float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith('jsontwo_db_replica_reads_total{replica="1"}')
    )


def test_reads_come_from_the_replica_and_a_writer_reads_its_writes(
    server: DemoServer, pg_replica: Any
) -> None:
    """With replay paused, another key reads the old name on every worker, and the
    key that wrote reads its write on every worker."""
    reader = new_key(server, "replica reader")
    made = server.post("res.partner/create", {"vals_list": [{"name": "replica old"}]})
    partner = made.json()[0]
    pg_replica.wait_caught_up()
    pg_replica.pause()
    wrote = server.post("res.partner/write", {"ids": [partner], "vals": {"name": "replica new"}})
    assert wrote.status_code == 200 and wrote.json() is True
    before = replica_reads(server)
    assert all(seen == {"replica old"} for seen in names(server, reader, partner).values())
    assert replica_reads(server) > before
    assert all(seen == {"replica new"} for seen in names(server, server.key, partner).values())


def test_a_stopped_replica_fails_no_call(server: DemoServer, pg_replica: Any) -> None:
    """The reads go to the primary while the replica is down (its first read there
    broke off and ran again on the primary), and to the replica once it is back."""
    reader = new_key(server, "replica stopped")
    made = server.post("res.partner/create", {"vals_list": [{"name": "replica kept"}]})
    partner = made.json()[0]
    pg_replica.wait_caught_up()
    assert all(seen == {"replica kept"} for seen in names(server, reader, partner).values())
    pg_replica.stop("immediate")
    assert all(seen == {"replica kept"} for seen in names(server, reader, partner).values())
    assert "Replica 1 of" in server.log.read_text()
    pg_replica.start()
    before = replica_reads(server)
    deadline = time.monotonic() + COMEBACK
    while replica_reads(server) == before:
        assert time.monotonic() < deadline, "the replica was not used again"
        names(server, reader, partner)
