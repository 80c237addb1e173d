"""The pytest plugin (``jsontwo.pytest_plugin``), as an integrator uses it: the
example test file that docs/testing.md shows, run by pytest in a fresh folder
(pytest's own ``pytester``) on SQLite and on PostgreSQL, with each test's
database checked: its own, there during the test, gone after the run."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import psycopg
import pytest

from jsontwo.testing import maintenance_conninfo
from tests.conftest import ROOT, free_port, pg_url, start_server, stop_server

pytest_plugins = ["pytester"]

EXAMPLES = ROOT / "docs" / "examples"
#: a conftest.py put beside the example: notes, during each test, its database,
#: the template's name, the server's URL and whether the database exists
RECORDER = """
import json
from pathlib import Path

import pytest


@pytest.hookimpl(trylast=True)
def pytest_runtest_call(item):
    server = item.funcargs.get("jsontwo_server")
    name = item.funcargs.get("jsontwo_db")
    if server is not None and name is not None:
        record = {
            "db": name,
            "template": server.copies.template,
            "url": server.url,
            "exists": server.copies.exists(name),
        }
        with (Path(__file__).parent / "databases.jsonl").open("a") as out:
            out.write(json.dumps(record) + "\\n")
"""


def run_example(pytester: pytest.Pytester, example: str, *args: str) -> pytest.RunResult:
    """Run ``docs/examples/<example>`` (that very file) with pytest in a fresh
    folder, the recorder beside it, with the options ``args``."""
    pytester.makeconftest(RECORDER)
    pytester.path.joinpath(example).write_text((EXAMPLES / example).read_text())
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", *args, timeout=240)


def backend_options(backend: str) -> list[str]:
    """The options choosing ``backend`` (the suite's PostgreSQL server for it)."""
    if backend == "postgresql":
        return ["--jsontwo-backend", "postgresql", "--jsontwo-pg-url", pg_url()]
    return ["--jsontwo-backend", "sqlite"]


def records(pytester: pytest.Pytester) -> list[dict[str, Any]]:
    """What the recorder noted, one entry per test that had a database."""
    lines = (pytester.path / "databases.jsonl").read_text().splitlines()
    return [json.loads(line) for line in lines]


def left_behind(pytester: pytest.Pytester, backend: str, names: set[str]) -> list[str]:
    """Which of the databases ``names`` (copies and template) still exist."""
    if backend == "sqlite":  # the run's folders are under pytester's
        return sorted(str(path) for path in pytester.path.rglob("*.sqlite3"))
    with psycopg.connect(maintenance_conninfo(pg_url()), autocommit=True) as conn:
        rows = conn.execute(
            "SELECT datname FROM pg_database WHERE datname = ANY(%s)", (sorted(names),)
        )
        return sorted(row[0] for row in rows)


def check_isolated_and_dropped(pytester: pytest.Pytester, backend: str, tests: int) -> None:
    """Each of the ``tests`` had a database of its own, there during the test; after
    the run neither they nor the template are left."""
    noted = records(pytester)
    assert len(noted) == tests
    assert len({entry["db"] for entry in noted}) == tests
    assert all(entry["exists"] for entry in noted)
    names = {entry["db"] for entry in noted} | {entry["template"] for entry in noted}
    assert left_behind(pytester, backend, names) == []


@pytest.mark.server
def test_the_example_of_the_docs_passes(pytester: pytest.Pytester, backend: str) -> None:
    """docs/examples/test_integration.py passes on either backend: the demo data is
    in each test's database, a test's writes are not in the next one's, and every
    database is dropped."""
    result = run_example(pytester, "test_integration.py", *backend_options(backend))
    result.assert_outcomes(passed=4)
    check_isolated_and_dropped(pytester, backend, tests=4)


@pytest.mark.server
def test_a_running_server_is_used_with_jsontwo_url(
    pytester: pytest.Pytester, tmp_path: Path
) -> None:
    """--jsontwo-url: the tests use the server already running (on the data folder
    given), and start none."""
    data = tmp_path / "data"
    port = free_port()
    env = {**os.environ, "JSONTWO_DB_URL": "", "JSONTWO_DATA_DIR": str(data)}
    proc, _banner = start_server([], env, port, tmp_path / "serve.log")
    url = f"http://127.0.0.1:{port}"
    try:
        result = run_example(
            pytester, "test_integration.py", "--jsontwo-url", url, "--jsontwo-data-dir", str(data)
        )
    finally:
        stop_server(proc)
    result.assert_outcomes(passed=4)
    assert {entry["url"] for entry in records(pytester)} == {url}
    assert list(data.glob("*.sqlite3")) == []
    assert not list(pytester.path.rglob("serve.log"))  # no server of its own


def test_a_jsontwo_url_where_no_server_answers_says_so(
    pytester: pytest.Pytester, tmp_path: Path
) -> None:
    """--jsontwo-url naming a port where nothing listens fails the tests that need
    the server, naming the URL."""
    pytester.makepyfile("def test_needs_the_server(jsontwo_server):\n    pass\n")
    url = f"http://127.0.0.1:{free_port()}"
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "--jsontwo-url", url, "--jsontwo-data-dir", str(tmp_path)
    )
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines([f"*No server answers at --jsontwo-url {url}.*"])


def test_the_options_are_in_pytest_help(pytester: pytest.Pytester) -> None:
    """``pytest --help`` lists the plugin's options."""
    result = pytester.runpytest_subprocess("--help")
    for option in (
        "--jsontwo-backend",
        "--jsontwo-pg-url",
        "--jsontwo-url",
        "--jsontwo-data-dir",
        "--jsontwo-addons-path",
        "--jsontwo-modules",
    ):
        assert option in result.stdout.str()


@pytest.mark.server
def test_the_tutorial_modules_own_tests_pass(pytester: pytest.Pytester, backend: str) -> None:
    """examples/modules/library's own tests (docs/modules.md), run as its author
    runs them: from its folder, whose pytest settings give the addons path and
    the modules of the test databases (--jsontwo-addons-path, --jsontwo-modules)."""
    library = ROOT / "examples" / "modules" / "library"
    shutil.copytree(
        library, pytester.path, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__")
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", *backend_options(backend))
    result.assert_outcomes(passed=3)


def test_postgresql_without_a_server_says_what_to_give(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Choosing PostgreSQL without naming a server fails the tests that need one,
    saying which option is missing; the others pass."""
    monkeypatch.delenv("JSONTWO_TEST_DB_URL", raising=False)
    pytester.makepyfile(
        """
        def test_needs_a_database(jsontwo_db):
            pass

        def test_needs_nothing():
            pass
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--jsontwo-backend=postgresql")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*needs a server: give --jsontwo-pg-url*"])


def test_the_plugin_loads_nothing_of_the_server() -> None:
    """Every pytest run where jsontwo is installed loads the plugin: importing it
    loads no module of the server, nor its libraries."""
    code = (
        "import sys, jsontwo.pytest_plugin\n"
        "print(sorted(m for m in sys.modules if m.startswith(('jsontwo', 'sqlalchemy', "
        "'starlette', 'psycopg'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['jsontwo', 'jsontwo.pytest_plugin']"


def test_the_docs_show_the_example_as_it_runs() -> None:
    """docs/testing.md shows the example files as the suite runs them."""
    page = (ROOT / "docs" / "testing.md").read_text()
    for example in ("test_integration.py", "test_with_client.py"):
        assert (EXAMPLES / example).read_text() in page
