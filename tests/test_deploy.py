"""The configurations of deploy/ that docs/deployment.md describes: HAProxy's
and PgBouncer's run in tests/http/test_balancer.py and tests/db/test_pooler.py;
the systemd units are checked with ``systemd-analyze verify`` (systemd does
not run the tests' machine: the units are verified, not started)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

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
