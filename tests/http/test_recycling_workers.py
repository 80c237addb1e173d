"""Workers recycled as Odoo's (``--limit-request``, ``--limit-memory-soft``) on a
real 2-worker server: a worker leaves after its limit, a new one takes its place,
and no call fails on the way, whether it comes on a connection of its own or on a
kept-alive one.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from jsontwo.db import Storage
from tests.servers import DemoServer, demo_server, worker_of

pytestmark = pytest.mark.server

LIMIT = 5
CALLS = 24


def kept_alive_calls(
    server: DemoServer, count: int, body: dict[str, object]
) -> list[httpx.Response]:
    """``count`` search_read calls on one kept-alive client (it reconnects when told)."""
    headers = {"Authorization": f"bearer {server.key}", "X-Odoo-Database": server.db}
    url = f"http://127.0.0.1:{server.port}/json/2/res.partner/search_read"
    with httpx.Client(headers=headers, timeout=60) as client:
        return [client.post(url, json=body) for _ in range(count)]


def test_a_worker_is_replaced_after_limit_request_calls(storage: Storage, tmp_path: Path) -> None:
    args = ("--limit-request", str(LIMIT))
    with demo_server(storage, tmp_path, "recycle", args=args) as server:
        body: dict[str, object] = {"domain": [], "fields": ["name"], "limit": 3}
        answers = [server.post("res.partner/search_read", body) for _ in range(CALLS // 2)]
        answers += kept_alive_calls(server, CALLS // 2, body)
        assert [a.status_code for a in answers] == [200] * CALLS, [a.text for a in answers]
        assert all(len(a.json()) == 3 for a in answers)
        by_worker: dict[int, list[httpx.Response]] = {}
        for answer in answers:
            by_worker.setdefault(worker_of(answer), []).append(answer)
        # workers came and went: the first two could not answer them all
        assert len(by_worker) > 2, {pid: len(got) for pid, got in by_worker.items()}
        for pid, got in by_worker.items():
            closing = [a.headers.get("connection") == "close" for a in got]
            if True not in closing:  # a worker still in service at the end
                assert len(got) < LIMIT, pid
                continue
            # at its limit (health checks count too), a worker keeps no connection
            # open: its clients take their next call elsewhere; the calls it got
            # while leaving (within a tenth of a second) are answered all the same
            first = closing.index(True)
            assert first < LIMIT and all(closing[first:]), (pid, closing)
    assert "request limit (5) reached; it is replaced by a new one." in server.log.read_text()


def test_a_worker_above_the_soft_memory_limit_is_replaced_after_its_call(
    storage: Storage, tmp_path: Path
) -> None:
    # a limit below any worker's size: every call ends its worker's life, as a
    # large read does to a worker under a realistic limit
    args = ("--limit-memory-soft", "1")
    with demo_server(storage, tmp_path, "memsoft", args=args) as server:
        count = server.post("res.partner/search_count", {"domain": []})
        assert count.status_code == 200
        everything = server.post("res.partner/search_read", {"domain": []})
        # the big read is answered in full, on its way out
        assert everything.status_code == 200
        assert len(everything.json()) == count.json()
        assert everything.headers["connection"] == "close"
        after = kept_alive_calls(server, 6, {"domain": [], "fields": ["name"], "limit": 1})
        assert [a.status_code for a in after] == [200] * 6
        pids = [worker_of(a) for a in [count, everything, *after]]
        assert len(set(pids)) == len(pids)  # a new worker each time
    assert "memory limit (1 bytes) reached" in server.log.read_text()
