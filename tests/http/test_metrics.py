"""``GET /metrics`` (docs/reliability.md, "Metrics"): Prometheus' text format,
summed over the workers of a real ``jsontwo serve``; calls by transport, model,
method and status, latency histograms, errors by name, refused credentials,
database connections; a bearer token when asked; none with ``--no-metrics``."""

from __future__ import annotations

import os
import time
import xmlrpc.client
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from jsontwo.db import Storage
from tests.servers import DemoServer, demo_server, outcomes_by_worker, worker_of

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]

pytestmark = pytest.mark.server


def scrape(server: DemoServer, token: str | None = None) -> Samples:
    """Every sample of ``/metrics``, by name and labels."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = httpx.get(f"http://127.0.0.1:{server.port}/metrics", headers=headers, timeout=30)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    """A sample's value (0 when the server has not counted it yet)."""
    return samples.get((name, frozenset(labels.items())), 0.0)


@pytest.fixture(scope="module")
def server(storage: Storage, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    """Two workers on a demo database (one server for the module's tests)."""
    with demo_server(storage, tmp_path_factory.mktemp("metrics"), "metrics") as running:
        yield running


def test_calls_are_counted_over_both_workers(server: DemoServer) -> None:
    before = scrape(server)
    made = 0

    def count() -> tuple[int, int]:
        nonlocal made
        response = server.post("res.partner/search_count", {"domain": []})
        made += 1
        assert response.status_code == 200
        return worker_of(response), response.json()

    assert len(outcomes_by_worker(count)) == 2
    after = scrape(server)
    labels = {"transport": "json2", "model": "res.partner", "method": "search_count"}
    calls = "jsontwo_calls_total"
    assert (
        value(after, calls, **labels, status="200") - value(before, calls, **labels, status="200")
        == made
    )
    histogram = "jsontwo_call_duration_seconds_count"
    assert value(after, histogram, **labels) - value(before, histogram, **labels) == made
    # every call took less than the largest bucket, and the buckets add up
    assert value(after, "jsontwo_call_duration_seconds_bucket", **labels, le="+Inf") == value(
        after, histogram, **labels
    )


def test_errors_and_refused_credentials_are_counted_by_name(server: DemoServer) -> None:
    before = scrape(server)
    refused = server.post("res.partner/search_count", {"domain": []}, key="0" * 40)
    assert refused.status_code == 401
    invalid = server.post("res.partner/search", {"domain": [["name", "bad-op", "x"]]})
    assert invalid.json()["name"] == "builtins.ValueError"  # with HTTP 500, as Odoo 19
    common = xmlrpc.client.ServerProxy(f"http://127.0.0.1:{server.port}/xmlrpc/2/object")
    with pytest.raises(xmlrpc.client.Fault):
        common.execute_kw(server.db, 2, "wrong password", "res.partner", "search_count", [[]])
    after = scrape(server)

    def grew(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert grew("jsontwo_key_failures_total", transport="json2") == 1
    assert grew("jsontwo_key_failures_total", transport="xmlrpc") == 1
    assert grew("jsontwo_errors_total", transport="json2", error=refused.json()["name"]) == 1
    assert grew("jsontwo_errors_total", transport="json2", error="builtins.ValueError") == 1
    assert (
        grew("jsontwo_errors_total", transport="xmlrpc", error="odoo.exceptions.AccessDenied") == 1
    )
    # a legacy fault travels with HTTP 200: its status is the one the error has
    assert (
        grew(
            "jsontwo_calls_total",
            transport="xmlrpc",
            model="res.partner",
            method="search_count",
            status="403",
        )
        == 1
    )


def test_names_a_caller_makes_up_are_not_labels(server: DemoServer) -> None:
    """An unknown model is counted, under "-": callers cannot grow the metrics."""
    before = scrape(server)
    for model in ("x.made.up.one", "x.made.up.two"):
        assert server.post(f"{model}/search", {}).status_code == 404
    after = scrape(server)
    labels = {"transport": "json2", "model": "-", "method": "-", "status": "404"}
    assert (
        value(after, "jsontwo_calls_total", **labels)
        - value(before, "jsontwo_calls_total", **labels)
        == 2
    )
    assert not any("x.made.up" in str(labels) for _name, labels in after)


def test_the_database_connections_of_the_live_workers(server: DemoServer) -> None:
    server.post("res.partner/search_count", {"domain": []})
    samples = scrape(server)
    in_use = value(samples, "jsontwo_db_connections_in_use", database=server.db)
    opened = value(samples, "jsontwo_db_connections_open", database=server.db)
    assert 1 <= in_use <= opened


def test_a_recycled_worker_keeps_its_counts_not_its_connections(
    storage: Storage, tmp_path: Path
) -> None:
    with demo_server(
        storage, tmp_path, "metrics_rc", workers=1, args=("--limit-request", "5")
    ) as server:
        answers = [server.post("res.partner/search_count", {"domain": []}) for _ in range(12)]
        assert len({worker_of(answer) for answer in answers}) >= 2  # replaced at least once
        # a leaving worker (its answers say "close") finishes what it holds for
        # half a second while its replacement serves: its connections are gone
        # once it has ended
        leaving = {worker_of(a) for a in answers if a.headers.get("connection") == "close"}
        deadline = time.monotonic() + 60
        while any(_running(pid) for pid in leaving):
            assert time.monotonic() < deadline, "the replaced workers did not end in 60 s"
            time.sleep(0.05)
        samples = scrape(server)
    labels = {"transport": "json2", "model": "res.partner", "method": "search_count"}
    assert value(samples, "jsontwo_calls_total", **labels, status="200") == 12
    assert value(samples, "jsontwo_db_connections_in_use", database=server.db) <= 1


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_the_metrics_token(storage: Storage, tmp_path: Path) -> None:
    with demo_server(
        storage, tmp_path, "metrics_tk", workers=1, args=("--metrics-token", "s3cret")
    ) as server:
        url = f"http://127.0.0.1:{server.port}/metrics"
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic s3cret"}):
            refused = httpx.get(url, headers=headers)
            assert refused.status_code == 401
            assert refused.json()["name"] == "werkzeug.exceptions.Unauthorized"
            assert "--metrics-token" in refused.json()["message"]
        assert scrape(server, token="s3cret")


def test_no_metrics(storage: Storage, tmp_path: Path) -> None:
    with demo_server(storage, tmp_path, "metrics_no", workers=1, args=("--no-metrics",)) as server:
        response = httpx.get(f"http://127.0.0.1:{server.port}/metrics")
    assert response.status_code == 404
    assert response.json()["name"] == "werkzeug.exceptions.NotFound"
