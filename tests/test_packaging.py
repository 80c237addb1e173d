"""The wheel built from the repository, installed in a fresh virtualenv as a
user installs it, serves a call: nothing the server needs is missing from the
package's data or its declared dependencies, and none of the test tools is
among them.

Slow (a build and an install from the package index, about a minute and a
half), so it is marked ``packaging``: `make test` runs it; deselect it with
``-m 'not packaging'`` while working on something else.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT, free_port, start_server, stop_server
from tests.servers import KEY_LINE

pytestmark = [pytest.mark.packaging, pytest.mark.server]

#: what a source distribution holds besides the package: enough to build the wheel
BUILD_FILES = ("pyproject.toml", "README.md", "LICENSE")


def run(*command: str | Path, cwd: Path | None = None) -> str:
    """Run ``command``; its output. The test fails with the output when it fails."""
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def build_wheel(tmp_path: Path) -> Path:
    """The wheel of a copy of the repository's package (the build writes beside its
    sources: never in the checkout)."""
    source = tmp_path / "source"
    source.mkdir()
    for name in BUILD_FILES:
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
    )
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", tmp_path, source)
    (wheel,) = tmp_path.glob("jsontwo-*.whl")
    return wheel


def test_the_wheel_installs_and_serves(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata = archive.read(next(n for n in names if n.endswith(".dist-info/METADATA")))
        entry_points = archive.read(
            next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        )
    # pytest finds the plugin (docs/testing.md) wherever the wheel is installed
    assert b"[pytest11]\njsontwo = jsontwo.pytest_plugin" in entry_points
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)
    assert b"License-Expression: Apache-2.0" in metadata
    assert b"Project-URL: Homepage, https://" in metadata
    for needed in ("jsontwo/http/templates/home.html", "jsontwo/modules/base/data/"):
        assert any(name.startswith(needed) for name in names), needed

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bin_dir = env_dir / "bin"
    run(bin_dir / "pip", "install", "--quiet", "--disable-pip-version-check", wheel)
    installed = run(bin_dir / "pip", "list", "--format=freeze").lower()
    for tool in ("pytest", "mypy", "playwright", "psycopg-pool"):
        assert f"\n{tool}==" not in f"\n{installed}", f"{tool} installed for serving"
    assert "\nhttpx==" in f"\n{installed}"  # the Python client's, shipped with the server
    # ... which serving never loads
    loaded = run(
        bin_dir / "python",
        "-c",
        "import sys, jsontwo.cli.main, jsontwo.http.app; "
        "print(sorted(m for m in sys.modules if m.startswith(('httpx', 'jsontwo.client'))))",
    )
    assert loaded.strip() == "[]"

    port = free_port()
    env = {**os.environ, "JSONTWO_DB_URL": "", "JSONTWO_DATA_DIR": str(tmp_path / "data")}
    program = [str(bin_dir / "jsontwo")]
    proc, banner = start_server(
        ["--demo", "demo"], env, port, tmp_path / "serve.log", program=program
    )
    try:
        key = KEY_LINE.search(banner)
        assert key, banner
        answer = httpx.post(
            f"http://127.0.0.1:{port}/json/2/res.partner/search_read",
            headers={"Authorization": f"bearer {key.group(1)}", "X-Odoo-Database": "demo"},
            json={"domain": [["name", "=", "Acme Corporation"]], "fields": ["name"]},
        )
        assert answer.status_code == 200, answer.text
        assert [record["name"] for record in answer.json()] == ["Acme Corporation"]
        assert httpx.get(f"http://127.0.0.1:{port}/").status_code == 200  # templates shipped
        called = run(
            program[0],
            "call",
            "res.partner",
            "search_count",
            '{"domain": [["name", "=", "Acme Corporation"]]}',
            "--url",
            f"http://127.0.0.1:{port}",
            "--key",
            key.group(1),
        )
        assert called.strip() == "1"
        # the documentation renders docstrings with docutils: a dependency of serving
        document = httpx.get(
            f"http://127.0.0.1:{port}/doc-bearer/res.partner.json",
            headers={"Authorization": f"bearer {key.group(1)}", "X-Odoo-Database": "demo"},
        )
        assert document.status_code == 200, document.text
        assert document.json()["methods"]["search"]["doc"].startswith('<div class="document">')
        assert httpx.get(f"http://127.0.0.1:{port}/web/static/jsontwo/doc.js").status_code == 200
    finally:
        stop_server(proc)
