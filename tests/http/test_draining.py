"""``--drain-time``: after SIGTERM the server goes on answering calls while its
readiness route says 503 (a balancer takes it out), then stops and exits 0.
The balancer's side of it is in test_balancer.py."""

from __future__ import annotations

import sys
from pathlib import Path

import httpx
import pytest

from jsontwo.db import open_storage
from tests.conftest import ROOT
from tests.servers import server_env

sys.path.insert(0, str(ROOT / "scripts"))

from cluster.processes import Instance

pytestmark = pytest.mark.server


def test_a_draining_server_is_not_ready_but_still_answers(tmp_path: Path) -> None:
    storage = open_storage(data_dir=tmp_path / "data")
    # long enough for the calls below on a busy machine; the server stops after it
    server = Instance("s", server_env(storage), tmp_path / "s.log", ["--drain-time", "10"])
    server.start()
    base = f"http://127.0.0.1:{server.port}"
    try:
        assert httpx.get(f"{base}/health/ready").json() == {"status": "pass", "storage": "pass"}
        server.terminate()
        with httpx.Client(base_url=base, timeout=30) as client:
            # the supervisor passes the signal on to its worker at its next look
            ready = client.get("/health/ready")
            while ready.status_code == 200:
                ready = client.get("/health/ready")
            assert ready.status_code == 503
            assert ready.json() == {"status": "fail", "draining": True}
            assert client.get("/health").status_code == 200  # alive: it serves on
            assert client.get("/web/version").status_code == 200
        assert server.wait() == 0
    finally:
        server.stop()
