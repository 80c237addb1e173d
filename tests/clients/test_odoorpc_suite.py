"""OdooRPC's own test suite, run as a new user of OdooRPC runs it, against a
real ``jsontwo serve`` with a demo database: its shared setup switches every
scheduled action off (ir.cron) and looks for the sale module
(ir.module.module), then every test of the suite runs. The tests that need
what jsontwo has not built yet are expected failures, each with its reason
(``odoorpc_suite_runner.expected_failures``); any other failure, or one of them that
starts to pass, fails this test."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from jsontwo.db import Storage
from jsontwo.service.master_password import make_hash
from tests.clients.conftest import Server, server_env, serving
from tests.clients.odoorpc_suite_runner import (
    SKIPPED_BY_ODOORPC,
    TIMING_DEPENDENT,
    expected_failures,
)

pytestmark = pytest.mark.server

RUNNER = Path(__file__).resolve().parent / "odoorpc_suite_runner.py"
#: the suite's test count with OdooRPC 0.10.1 (test_logging.py left out)
SUITE_SIZE = 151


@pytest.fixture(scope="module")
def suite_server(storage: Storage, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A real server with a demo database of its own. Unlike the other client
    tests, its log is not checked for errors: the suite calls methods with
    wrong arguments on purpose, which the server logs as Odoo does."""
    # the suite's database tests use Odoo's default master password (ORPC_TEST_SUPER_PWD)
    log = tmp_path_factory.mktemp("odoorpc") / "serve.log"
    with serving(storage, log, "--master-password", make_hash("admin")) as running:
        yield running


def test_odoorpcs_own_suite_passes(suite_server: Server, storage: Storage) -> None:
    env = {
        **server_env(storage),
        "ORPC_TEST_HOST": suite_server.host,
        "ORPC_TEST_PORT": str(suite_server.port),
        "ORPC_TEST_DB": suite_server.db,
        "ORPC_TEST_USER": suite_server.login,
        "ORPC_TEST_PWD": suite_server.password,
        "ORPC_TEST_PROTOCOL": "jsonrpc",
    }
    done = subprocess.run(
        [sys.executable, str(RUNNER)], env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-5000:]
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcome["failures"] == [], done.stderr[-5000:]
    assert outcome["errors"] == [], done.stderr[-5000:]
    assert outcome["unexpected_successes"] == [], "now passing: take them off the expected failures"
    expected = expected_failures(postgresql=bool(env.get("JSONTWO_DB_URL")))
    assert outcome["expected_failures"] == sorted(expected)
    assert outcome["run"] == SUITE_SIZE
    assert outcome["skipped"] == sorted({**TIMING_DEPENDENT, **SKIPPED_BY_ODOORPC})
