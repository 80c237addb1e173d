"""A call that conflicts waits before its next try without holding its worker.

A real server with one worker process on PostgreSQL; another client holds a
partner's row while a ``write`` of that partner waits for it (over JSON-2,
XML-RPC, and the web client's ``call_kw`` after a sign-in), then commits: the
write's transaction meets a serialization failure and is tried again after a
random wait, as Odoo does. Meanwhile the same (only) worker answers another
call at once; before, that call waited for the write's wait to end. The
write lands.
"""

from __future__ import annotations

import re
import threading
import time
import xmlrpc.client
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

import httpx
import pytest

from jsontwo.db import Database, PostgresStorage
from tests.conftest import pg_url
from tests.servers import DemoServer, demo_server

pytestmark = pytest.mark.server
T = TypeVar("T")
#: the server log's line for a retry: the seconds it waits
RETRY_LINE = re.compile(r"SerializationFailure, \d tries left, try again in ([0-9.]+) s")
#: a wait long enough to tell "answered during it" from "answered after it"
LONG_WAIT = 0.3
#: trials before giving up on seeing one such wait (each is uniform(0, 2) s:
#: 85% are longer than LONG_WAIT)
TRIALS = 8
WAIT = 30.0
#: the demo database's administrator and password
ADMIN, PASSWORD = 2, "admin"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    """One worker (every request goes to it) on PostgreSQL, whose transactions
    conflict where SQLite's writers take turns."""
    tmp_path = tmp_path_factory.mktemp("retrying")
    with demo_server(PostgresStorage(pg_url()), tmp_path, "waits", workers=1) as running:
        yield running


@pytest.mark.parametrize("transport", ["json2", "xmlrpc", "call_kw"])
def test_a_call_waiting_to_try_again_leaves_its_worker_to_other_calls(
    server: DemoServer, transport: str
) -> None:
    storage = PostgresStorage(pg_url())
    other = storage.open(server.db)  # another client of the database
    try:
        partner = server.post("res.partner/search", {"domain": [], "limit": 1}).json()[0]
        for trial in range(TRIALS):
            write = WRITES[transport](server, partner, f"{transport} {trial}")
            wait, write_done, other_done = _conflict_and_call(server, other, partner, write)
            if wait >= LONG_WAIT:
                assert other_done < write_done, (
                    f"the other call was answered {other_done - write_done:.3f} s after "
                    f"the write, whose try waited {wait} s"
                )
                return
        pytest.fail(f"no retry waited {LONG_WAIT} s or more in {TRIALS} trials")
    finally:
        other.dispose()


Write = tuple[Callable[[], bool], str]


def _json2_write(server: DemoServer, partner: int, function: str) -> Write:
    def write() -> bool:
        response = server.post(
            "res.partner/write", {"ids": [partner], "vals": {"function": function}}
        )
        assert response.status_code == 200, response.text
        return bool(response.json())

    return write, function


def _xmlrpc_write(server: DemoServer, partner: int, function: str) -> Write:
    proxy = xmlrpc.client.ServerProxy(f"http://127.0.0.1:{server.port}/xmlrpc/2/object")
    args = [[partner], {"function": function}]
    return (
        lambda: bool(proxy.execute_kw(server.db, ADMIN, PASSWORD, "res.partner", "write", args)),
        function,
    )


def _call_kw_write(server: DemoServer, partner: int, function: str) -> Write:
    client = httpx.Client(base_url=f"http://127.0.0.1:{server.port}", timeout=WAIT)
    signed = _rpc(
        client,
        "/web/session/authenticate",
        {"db": server.db, "login": "admin", "password": PASSWORD},
    )
    assert signed["result"]["uid"] == ADMIN, signed
    params = {
        "model": "res.partner",
        "method": "write",
        "args": [[partner], {"function": function}],
        "kwargs": {},
    }

    def write() -> bool:
        answer = _rpc(client, "/web/dataset/call_kw/res.partner/write", params)
        assert "error" not in answer, answer
        return bool(answer["result"])

    return write, function


def _rpc(client: httpx.Client, path: str, params: Mapping[str, object]) -> dict[str, Any]:
    response = client.post(
        path, json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


WRITES: dict[str, Callable[[DemoServer, int, str], Write]] = {
    "json2": _json2_write,
    "xmlrpc": _xmlrpc_write,
    "call_kw": _call_kw_write,
}


def _conflict_and_call(
    server: DemoServer, other: Database, partner: int, call: Write
) -> tuple[float, float, float]:
    """Hold the partner's row, let the write ``call`` of it wait for the row,
    commit: the write retries. Once the server logs its wait, make another
    call. Answer the wait and when each call's answer came (``time.monotonic()``)."""
    logged = len(RETRY_LINE.findall(server.log.read_text()))
    answers: dict[str, float] = {}
    run_write, function = call

    def write() -> None:
        assert run_write()
        answers["write"] = time.monotonic()

    with other.engine.connect() as conn:
        holding = conn.begin()
        conn.exec_driver_sql(
            "UPDATE res_partner SET function = %s WHERE id = %s", ("held", partner)
        )
        writer = threading.Thread(target=write)
        writer.start()
        _until(lambda: _blocked_on_a_lock(other) or None, "the write waiting for the row")
        holding.commit()
    wait = float(_until(lambda: _new_retry(server, logged), "the write's retry in the log"))
    response = httpx.post(
        f"http://127.0.0.1:{server.port}/json/2/res.partner/search_count",
        headers={"Authorization": f"bearer {server.key}", "X-Odoo-Database": server.db},
        json={"domain": []},
        timeout=WAIT,
    )
    answers["other"] = time.monotonic()
    assert response.status_code == 200, response.text
    writer.join(WAIT)
    assert not writer.is_alive()
    assert server.post("res.partner/read", {"ids": [partner], "fields": ["function"]}).json() == [
        {"id": partner, "function": function}
    ]
    return wait, answers["write"], answers["other"]


def _blocked_on_a_lock(database: Database) -> bool:
    with database.engine.connect() as conn:
        found = conn.exec_driver_sql(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND query LIKE 'UPDATE \"res_partner\"%%' AND pid <> pg_backend_pid()"
        ).scalar_one()
    return bool(found)


def _new_retry(server: DemoServer, logged: int) -> str | None:
    waits = RETRY_LINE.findall(server.log.read_text())
    return waits[logged] if len(waits) > logged else None


def _until(probe: Callable[[], T | None], what: str) -> T:
    """What ``probe`` finds (it is asked again until then, for WAIT seconds)."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        found = probe()
        if found:
            return found
        time.sleep(0.005)
    pytest.fail(f"not seen within {WAIT} s: {what}")
