"""The configurations of deploy/ that docs/deployment.md describes: HAProxy's
and PgBouncer's run in tests/http/test_balancer.py and tests/db/test_pooler.py;
the systemd units are checked with ``systemd-analyze verify``, and the
instance unit's command line is run and stopped as systemd would (systemd does
not run the tests' machine: the units themselves are not started by it)."""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from jsontwo.db import open_storage
from jsontwo.testing import free_port
from tests.conftest import ROOT
from tests.servers import server_env

UNITS = ROOT / "deploy" / "systemd"
#: where the units expect jsontwo's virtualenv
INSTALLED = "/opt/jsontwo/.venv/bin/jsontwo"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze")
def test_the_systemd_units_verify(tmp_path: Path) -> None:
    jsontwo = Path(sys.executable).with_name("jsontwo")
    names = []
    for unit in sorted(UNITS.glob("*.service")):
        # an instance of the template unit, with the jsontwo of this checkout
        name = unit.name.replace("@.", "@8069.")
        (tmp_path / name).write_text(unit.read_text().replace(INSTALLED, str(jsontwo)))
        names.append(str(tmp_path / name))
    done = subprocess.run(
        ["systemd-analyze", "verify", *names], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert len(names) == 3


def _setting(unit: str, key: str) -> str:
    """The value of ``key=`` in the unit's text (one line of it)."""
    [value] = [line.split("=", 1)[1] for line in unit.splitlines() if line.startswith(f"{key}=")]
    return value


@pytest.mark.server
def test_the_instance_unit_serves_and_stops_as_systemd_runs_it(tmp_path: Path) -> None:
    """jsontwo@.service's own command line, started as systemd starts it (a
    session of its own) and stopped as its KillMode=mixed stops it: SIGTERM to
    the supervisor alone, which must end with its workers, exit status 0,
    within TimeoutStopSec (past it, systemd would kill what is left)."""
    unit = (UNITS / "jsontwo@.service").read_text()
    port = free_port()
    argv = shlex.split(_setting(unit, "ExecStart").replace("%i", str(port)))
    assert argv[0] == INSTALLED
    argv[0] = str(Path(sys.executable).with_name("jsontwo"))
    env = server_env(open_storage(data_dir=tmp_path / "data"))
    with (tmp_path / "serve.log").open("wb") as log:
        proc = subprocess.Popen(argv, env=env, stdout=log, stderr=log, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not _ready(port):
            assert proc.poll() is None, (tmp_path / "serve.log").read_text()
            assert time.monotonic() < deadline, "not ready in 60 s"
            time.sleep(0.1)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=int(_setting(unit, "TimeoutStopSec"))) == 0
        with pytest.raises(ProcessLookupError):  # no worker left for systemd to kill
            os.killpg(proc.pid, 0)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)


def _ready(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/health/ready", timeout=5).status_code == 200
    except httpx.HTTPError:
        return False
