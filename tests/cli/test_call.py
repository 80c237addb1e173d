"""`jsontwo call` through the installed console script, against a real server on
both backends: JSON and tables on standard output, errors on standard error,
and the exit status a script tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.client.conftest import Served, served  # noqa: F401  (the server fixture)
from tests.conftest import free_port

pytestmark = pytest.mark.server

#: the console script pip installed beside this interpreter
JSONTWO = Path(sys.executable).parent / "jsontwo"


def jsontwo_call(
    *args: str, env: dict[str, str] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    """``jsontwo call ARGS`` with the environment ``env`` (else no JSONTWO_* variable)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("JSONTWO_")}
    return subprocess.run(
        [str(JSONTWO), "call", *args],
        env={**clean, **(env or {}), "COLUMNS": "200"},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def flags(served: Served) -> list[str]:  # noqa: F811
    return ["--url", served.url, "--key", served.key, "--db", served.db]


def test_a_result_is_printed_as_json(served: Served) -> None:  # noqa: F811
    body = '{"domain": [["name", "=", "Acme Corporation"]], "fields": ["name", "country_id"]}'
    done = jsontwo_call("res.partner", "search_read", body, *flags(served))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [
        {"id": 9, "name": "Acme Corporation", "country_id": [233, "United States"]}
    ]
    assert done.stderr == ""


def test_arguments_and_settings_from_flags_or_environment(served: Served) -> None:  # noqa: F811
    env = {"JSONTWO_URL": served.url, "JSONTWO_KEY": served.key, "JSONTWO_DB": served.db}
    # --arg values are JSON when they parse, else text; they win over BODY's
    done = jsontwo_call(
        "res.partner",
        "search_count",
        '{"domain": [["id", "=", 0]]}',
        "--arg",
        'domain=[["name", "=", "Acme Corporation"]]',
        env=env,
    )
    assert (done.returncode, done.stdout.strip()) == (0, "1"), done.stderr
    named = jsontwo_call("res.partner", "name_search", "-a", "name=Acme", "-a", "limit=1", env=env)
    assert json.loads(named.stdout) == [[9, "Acme Corporation"]], named.stderr
    piped = jsontwo_call(
        "res.partner", "search", "-", env=env, stdin='{"domain": [["id", "=", 9]]}'
    )
    assert json.loads(piped.stdout) == [9], piped.stderr


def test_table(served: Served) -> None:  # noqa: F811
    done = jsontwo_call(
        "res.partner",
        "search_read",
        '{"domain": [["id", "in", [9, 15]]], "fields": ["name", "country_id", "email"], "order": "id"}',
        "--table",
        *flags(served),
    )
    assert done.returncode == 0, done.stderr
    lines = [line.split() for line in done.stdout.splitlines() if line.strip()]
    assert lines[0] == ["id", "name", "country_id", "email"]
    assert lines[2][:4] == ["9", "Acme", "Corporation", "United"]  # a many2one shows its name
    assert lines[3][:3] == ["15", "Azure", "Interior"]
    empty = jsontwo_call(
        "res.partner", "search_read", '{"domain": [["id", "=", 0]]}', "--table", *flags(served)
    )
    assert empty.stdout.strip() == "No records."
    count = jsontwo_call("res.partner", "search_count", '{"domain": []}', "--table", *flags(served))
    assert count.stdout.strip().isdigit()
    assert "no list of records" in count.stderr


def test_an_error_answer_goes_to_stderr_with_status_1(served: Served) -> None:  # noqa: F811
    done = jsontwo_call("res.partner", "create", '{"vals_list": {}}', *flags(served))
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.strip() == (
        "odoo.exceptions.ValidationError: The operation cannot be completed: Contacts require a name"
    )
    missing = jsontwo_call("res.nope", "search", '{"domain": []}', *flags(served))
    assert (missing.returncode, missing.stderr.strip()) == (
        1,
        "werkzeug.exceptions.NotFound: the model 'res.nope' does not exist",
    )


def test_an_unreachable_server_exits_3(served: Served) -> None:  # noqa: F811
    url = f"http://127.0.0.1:{free_port()}"
    done = jsontwo_call(
        "res.partner", "search_count", "--url", url, "--key", served.key, "--retries", "0"
    )
    assert done.returncode == 3
    assert done.stderr.startswith(f"Error: cannot reach {url} after 1 attempt(s)")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["res.partner", "search_count"], "Give the API key with --key, or set JSONTWO_KEY."),
        (["res.partner", "search", "[1]", "--key", "k"], "Invalid value for BODY: a JSON object"),
        (["res.partner", "search", "{oops", "--key", "k"], "Invalid value for BODY: not JSON"),
        (["res.partner", "search", "--arg", "domain", "--key", "k"], "'domain' is not NAME=VALUE"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    done = jsontwo_call(*args)
    assert done.returncode == 2
    assert message in done.stderr


def test_help_shows_examples() -> None:
    done = subprocess.run(
        [str(JSONTWO), "call", "--help"], capture_output=True, text=True, check=True
    )
    assert "jsontwo call res.partner search_read" in done.stdout
    for flag in (
        "--arg",
        "--url",
        "--key",
        "--db",
        "--table",
        "JSONTWO_URL",
        "JSONTWO_KEY",
        "JSONTWO_DB",
    ):
        assert flag in done.stdout
