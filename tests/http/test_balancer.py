"""Two `jsontwo serve` instances behind HAProxy (deploy/haproxy.cfg), under a
steady mixed load: one stopped with SIGTERM, later the other killed with
SIGKILL. A SIGTERM fails no call (the instance drains: its readiness route
answers 503 until the balancer's health check takes it out, then it finishes
its calls); a SIGKILL fails at most the calls in flight on it; no acknowledged
write is lost or doubled either way. PostgreSQL only: instances on several
machines share a PostgreSQL server, not a SQLite file."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from jsontwo.db import Storage, open_storage
from jsontwo.testing import run_command
from tests.conftest import ROOT, new_db_name, pg_url
from tests.servers import server_env

sys.path.insert(0, str(ROOT / "scripts"))

from cluster.load import Load
from cluster.processes import HAProxy, Instance

pytestmark = pytest.mark.server

#: calls answered in each phase before the next fault
CALLS = 40
#: clients of the load, each with one call in flight at most
CLIENTS = 4
#: seconds an instance drains after SIGTERM: ten times the health check's interval
DRAIN = "1"


@pytest.fixture
def database(tmp_path: Path) -> Iterator[tuple[Storage, str, str]]:
    """A demo database on the test PostgreSQL server and an admin key."""
    storage = open_storage(data_dir=tmp_path / "data", db_url=pg_url())
    name = new_db_name("lb")
    env = server_env(storage)
    run_command(["db", "create", name, "--demo"], env)
    key = run_command(["apikey", "create", "--db", name, "--login", "admin", "--name", "lb"], env)
    yield storage, name, key
    storage.drop(name)


def wait_answering(load: Load, instance: str, timeout: float = 120) -> None:
    """Wait until the balancer sends calls to ``instance`` again (its health check rose)."""
    before = load.by_instance[instance]
    deadline = time.monotonic() + timeout
    while load.by_instance[instance] <= before:
        assert time.monotonic() < deadline, f"{instance} got no call back"
        time.sleep(0.05)


def test_stopping_an_instance_under_load(
    database: tuple[Storage, str, str], tmp_path: Path
) -> None:
    storage, name, key = database
    args = ["--workers", "1", "--drain-time", DRAIN]
    env = server_env(storage)
    instances = {
        label: Instance(label, env, tmp_path / f"{label}.log", args) for label in ("a", "b")
    }
    for instance in instances.values():
        instance.start()
    servers = {label: instance.port for label, instance in instances.items()}
    balancer = HAProxy(tmp_path / "haproxy", servers, check_interval="100ms", fall=1, rise=1)
    balancer.start()
    load = Load(f"http://127.0.0.1:{balancer.port}", name, key, clients=CLIENTS)
    try:
        load.start("both instances")
        load.wait_calls(CALLS)
        assert set(load.by_instance) == {"a", "b"}

        load.phase("a stopped (SIGTERM)")
        instances["a"].terminate()
        assert instances["a"].wait() == 0  # drained, then stopped
        load.wait_calls(CALLS)

        load.phase("a back")
        instances["a"].start()
        wait_answering(load, "a")

        load.phase("b killed (SIGKILL)")
        instances["b"].kill()
        instances["b"].wait()
        load.wait_calls(CALLS)
        load.stop()
        verdict = load.verify()
    finally:
        load.stop()
        balancer.stop()
        for instance in instances.values():
            instance.stop()
    phases = {phase.name: phase for phase in load.phases}
    report = "\n".join(load.report())
    assert phases["both instances"].failures == 0, report
    assert phases["a stopped (SIGTERM)"].failures == 0, phases["a stopped (SIGTERM)"].examples
    assert phases["a back"].failures == 0, report
    # only the calls in flight on b when it died (one per client at most)
    assert phases["b killed (SIGKILL)"].failures <= CLIENTS, phases["b killed (SIGKILL)"].examples
    assert verdict.acknowledged > CALLS
    assert verdict.lost == []
    assert verdict.doubled == []
