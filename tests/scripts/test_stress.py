"""The stress suite's parts (scripts/stress), each run with small counts against
a real 2-worker server on both backends; ``make stress`` runs them at full size.

What the parts find on the server is the suite's output, not these tests'
verdict (other work fixes it): these tests check that each part runs, counts
what it did and checks what it must."""

from __future__ import annotations

import sys
import threading
import xmlrpc.client
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

from stress import __main__ as stress_main
from stress import checks, fuzz, integrity, keys, kill, sales, strategies, writes
from stress.figures import Figures
from stress.server import StressServer

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def server(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[StressServer]:
    """A 2-worker server on a new demo database, shared by the module's tests."""
    running = StressServer(backend, tmp_path_factory.mktemp("stress"))
    running.create()
    running.start()
    try:
        yield running
    finally:
        running.stop()
        running.drop()


def test_writers_acknowledged_writes_are_all_found(server: StressServer) -> None:
    figures = Figures(server.backend)
    writes.run(server, figures, clients=4, count=4)
    assert figures.requests == 16
    assert figures.writes_acknowledged > 0
    assert (figures.lost, figures.duplicated, figures.partial) == (0, 0, 0)


def test_retries_are_read_from_the_servers_metrics(server: StressServer) -> None:
    figures = Figures(server.backend)
    writes.run(server, figures, clients=4, count=4)
    assert server.metric("jsontwo_calls_total", transport="json2", method="write") >= 8
    stress_main.note_retries(server, figures)
    assert figures.retries >= 0 and figures.conflicts_after_retries == 0
    assert "database retries:" in figures.report()


def test_verify_counts_a_lost_and_a_partial_write(server: StressServer) -> None:
    ledger = writes.Ledger()
    writes.prepare(server, ledger)
    ledger.add(writes.Write(f"stress-{ledger.run}-never-made", None, True))
    ledger.add(writes.Write("someone else's value", ledger.shared[0], True))
    figures = Figures(server.backend)
    writes.verify(server, ledger, figures)
    assert figures.lost == 2
    assert set(figures.examples) == {"lost write"}


def test_sale_orders_are_confirmed_once_with_gap_free_names(server: StressServer) -> None:
    figures = Figures(server.backend)
    sales.run(server, figures, orders=3, clients=3)
    assert figures.orders_confirmed == 3
    assert (figures.confirmed_twice, figures.name_gaps) == (0, 0)


def test_key_race_counts_the_keys_and_revokes_what_it_made(server: StressServer) -> None:
    figures = Figures(server.backend)
    keys.run(server, figures, rounds=1, racers=3)
    assert figures.key_races == 1
    assert figures.keys_over_limit == ("key limit" in figures.examples)
    assert keys.live_keys(server) == 1  # the suite's own key is left


def test_kill_9_then_every_acknowledged_write_is_there(server: StressServer) -> None:
    figures = Figures(server.backend)
    kill.run(server, figures, clients=4, count=200, after=1.0)
    assert figures.writes_acknowledged > 0
    assert (figures.lost, figures.duplicated, figures.partial) == (0, 0, 0)
    with server.client() as client:  # the server answers again, on its new port
        assert (
            client.post("/json/2/res.partner/search_count", json={"domain": []}).status_code == 200
        )


def test_fuzz_sends_and_checks_every_request(server: StressServer) -> None:
    figures = Figures(server.backend)
    fuzz.run(server, figures, count=40, senders=2, timeout=30, huge_mb=0, slow=0)
    assert figures.requests == 40
    assert server.starts >= 1 and len(server.pids) >= 2  # both workers answered


def test_huge_body_and_slow_client_are_counted(server: StressServer) -> None:
    figures = Figures(server.backend)
    with httpx.Client(base_url=server.url, timeout=60) as client:
        for number in (0, 1):
            request = fuzz.huge(server, number, 1)
            answer = client.post(request.path, content=request.body, headers=request.headers)
            checks.check(figures, server, request.describe(), answer)
    fuzz.slow_client(server, figures, threading.Lock(), 1)
    assert figures.requests == 3
    assert figures.slow_clients == 1
    assert figures.slow_held == 0  # the server cuts it off (SLOW_CLIENT_LIMITS)


def test_integrity_of_the_database(server: StressServer) -> None:
    figures = Figures(server.backend)
    integrity.run(server, figures)
    assert figures.integrity == []
    assert figures.integrity_ok is True


def test_check_counts_each_kind_of_bad_answer(server: StressServer) -> None:
    figures = Figures(server.backend)
    request = {"path": "/json/2/res.partner/search"}
    answers: list[httpx.Response | Exception] = [
        httpx.Response(500, text="Internal Server Error"),
        httpx.Response(
            500, json={"name": "psycopg.errors.UndefinedFunction", "message": "LINE 1: SELECT"}
        ),
        httpx.Response(500, json={"name": "builtins.ValueError", "message": "Invalid field"}),
        httpx.Response(  # Odoo's answer too, for an order that is a number
            500,
            json={
                "name": "builtins.AttributeError",
                "message": "'float' object has no attribute 'split'",
            },
        ),
        httpx.Response(  # a bug
            500,
            json={"name": "builtins.AttributeError", "message": "'Model' object has no attribute"},
        ),
        httpx.ReadTimeout("slow"),
        httpx.RemoteProtocolError("closed"),
        httpx.Response(200, json=[1, 2]),
    ]
    for answer in answers:
        checks.check(figures, server, request, answer)
    assert figures.requests == 8
    assert figures.non_json == 1
    assert figures.status_5xx == {
        "(not JSON)": 1,
        "psycopg.errors.UndefinedFunction": 1,
        "builtins.ValueError": 1,
        "builtins.AttributeError": 2,
    }
    assert figures.unexpected_5xx == {
        "(not JSON)": 1,
        "psycopg.errors.UndefinedFunction": 1,
        "builtins.AttributeError": 1,
    }
    assert (figures.leaks, figures.hangs, figures.dropped) == (1, 1, 1)
    assert "hangs" in figures.failures() and "result:" in figures.report()


def test_xmlrpc_fault_is_an_answer_not_a_failure(server: StressServer) -> None:
    figures = Figures(server.backend)
    fault = xmlrpc.client.dumps(xmlrpc.client.Fault(1, "Access Denied"), methodresponse=True)
    checks.check(figures, server, {"path": "/xmlrpc/2/object"}, httpx.Response(200, content=fault))
    assert figures.failures() == {}


SCHEMA: strategies.Schema = {
    model: {
        "name": {"type": "char"},
        "parent_id": {"type": "many2one", "relation": "res.partner"},
        "state": {"type": "selection", "selection": [["draft", "Draft"]]},
    }
    for model in strategies.MODELS
}


@settings(max_examples=300, deadline=None)
@given(strategies.requests(SCHEMA, "db", "k" * 40))
def test_every_drawn_request_can_be_sent(request: strategies.Request) -> None:
    assert request.path.startswith("/")
    assert isinstance(request.body, bytes)
    # the HTTP client accepts it (a request it refused would never reach the server)
    httpx.Client().build_request(
        request.method,
        f"http://127.0.0.1{request.path}",
        headers=request.headers,
        content=request.body,
    )


def test_paths_are_the_real_fields_and_one_hop_through_relations() -> None:
    found = [path for path, _ in strategies.paths(SCHEMA, "res.partner")]
    assert found[:3] == ["name", "parent_id", "state"]
    assert "parent_id.name" in found


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_leaves_compare_real_fields_with_odoo_operators_or_are_junk(data: st.DataObject) -> None:
    leaf = data.draw(strategies.leaves(SCHEMA, "res.partner"))
    real = {path for path, _ in strategies.paths(SCHEMA, "res.partner")}
    if isinstance(leaf, list) and len(leaf) == 3 and leaf[0] in real:
        assert leaf[1] in strategies.OPERATORS


def test_replaced_workers_are_told_apart_by_the_supervisors_log(tmp_path: Path) -> None:
    """A worker recycled after a limit is no crash; a killed one, or one the log
    does not name, is."""
    server = StressServer("sqlite", tmp_path)
    (tmp_path / "serve-1.log").write_text(
        "2026-12-07 INFO jsontwo.workers: Worker 11 left (its --limit-request or memory "
        "limit); replaced.\n"
        "2026-12-07 ERROR jsontwo.workers: Worker 12 ended on signal 11 (SIGSEGV); replaced.\n"
    )
    server.pids = {1, 2, 3, 4}  # two workers, and the two that replaced 11 and 12
    assert server.worker_ends() == (1, 1)
    server.pids = {1, 2, 3, 4, 5}  # one more, which the log does not explain
    assert server.worker_ends() == (2, 1)
