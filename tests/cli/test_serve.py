"""The real `jsontwo serve` process, on a free port, answering the documented example."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from click.testing import CliRunner

from jsontwo.cli.main import main
from jsontwo.db import Storage
from tests.conftest import free_port, new_db_name, start_server, stop_server
from tests.servers import KEY_LINE, outcomes_by_worker, server_env, worker_of

EXAMPLE = {"domain": [["name", "ilike", "acme"], ["is_company", "=", True]], "fields": ["name"]}
T = TypeVar("T", bound=Hashable)


def test_serve_demo_answers_the_documented_example(storage: Storage, tmp_path: Path) -> None:
    name = new_db_name("serve")
    env = {**os.environ, "JSONTWO_DB_URL": "", **storage.environment()}
    port = free_port()
    proc, banner = start_server(["--demo", name], env, port, tmp_path / "serve.log")
    try:
        match = KEY_LINE.search(banner)
        assert match, f"no API key in the banner:\n{banner}"
        assert f"http://127.0.0.1:{port}" in banner
        assert name in banner
        response = httpx.post(
            f"http://127.0.0.1:{port}/json/2/res.partner/search_read",
            headers={
                "Authorization": f"bearer {match.group(1)}",
                "X-Odoo-Database": name,
                "Content-Type": "application/json",
            },
            json=EXAMPLE,
        )
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json; charset=utf-8"
        records = response.json()
        assert len(records) == 1
        assert records[0]["name"] == "Acme Corporation"
        assert set(records[0]) == {"id", "name"}
    finally:
        stop_server(proc)
        storage.drop(name)


# --- the settings `serve` hands to its workers ----------------------------------

#: the console script pip installed beside this Python
SCRIPT = Path(sys.executable).with_name("jsontwo")
ALLOWED = "https://app.example"


def on_both_workers(send: Callable[[], httpx.Response], see: Callable[[httpx.Response], T]) -> T:
    """What ``see`` finds in the responses to ``send``, checked to be one and the
    same on each of the two workers."""

    def one() -> tuple[int, T]:
        response = send()
        return worker_of(response), see(response)

    outcomes = outcomes_by_worker(one)
    assert len(outcomes) == 2
    first, second = outcomes.values()
    assert first == second and len(first) == 1, outcomes
    return first.pop()


def test_every_setting_reaches_both_workers(storage: Storage, tmp_path: Path) -> None:
    """The installed `jsontwo` script, two workers and every setting changed from
    its default: each worker listens on --host only, refuses the database list,
    serves the database its Host names, answers CORS for the allowed origin only,
    shows tracebacks, and logs no request line below --log-level."""
    assert SCRIPT.is_file(), f"no console script at {SCRIPT}: pip install -e ."
    name = new_db_name("cfg")
    port = free_port()
    args = ["--demo", name, "--workers", "2", "--host", "127.0.0.2", "--no-list-db"]
    args += ["--db-filter", "^%d$", "--cors-origin", ALLOWED, "--dev", "--log-level", "warning"]
    args += ["--limit-body", "100000", "--limit-body-items", "5000", "--cors-max-age", "77"]
    args += ["--log-format", "json", "--limit-header-time", "9", "--limit-body-time", "8"]
    log = tmp_path / "serve.log"
    proc, banner = start_server(args, server_env(storage), port, log, "127.0.0.2", [str(SCRIPT)])
    try:
        match = KEY_LINE.search(banner)
        assert match, banner
        url = f"http://127.0.0.2:{port}"
        assert url in banner
        key = match.group(1)

        def count(domain: list[Any], **headers: str) -> Callable[[], httpx.Response]:
            """search_count, the database named by the Host header only."""
            sent = {"Authorization": f"bearer {key}", "Host": f"{name}.example.com", **headers}
            return lambda: httpx.post(
                f"{url}/json/2/res.partner/search_count", headers=sent, json={"domain": domain}
            )

        def status_and_body(response: httpx.Response) -> tuple[int, object]:
            return response.status_code, response.json()

        acme = [["name", "=", "Acme Corporation"]]
        assert on_both_workers(count(acme), status_and_body) == (200, 1)  # --db-filter ^%d$
        listing = on_both_workers(
            lambda: httpx.post(f"{url}/web/database/list", json={}),
            lambda response: response.json()["error"]["data"]["name"],
        )
        assert listing == "odoo.exceptions.AccessDenied"  # --no-list-db

        def allow_origin(response: httpx.Response) -> str | None:
            return response.headers.get("access-control-allow-origin")

        assert on_both_workers(count([], Origin=ALLOWED), allow_origin) == ALLOWED
        assert on_both_workers(count([], Origin="https://other.example"), allow_origin) is None
        preflight = {"Origin": ALLOWED, "Access-Control-Request-Method": "POST"}
        max_age = on_both_workers(  # --cors-max-age
            lambda: httpx.options(f"{url}/json/2/res.partner/search", headers=preflight),
            lambda response: response.headers.get("access-control-max-age"),
        )
        assert max_age == "77"

        def refusal(response: httpx.Response) -> tuple[int, str]:
            return response.status_code, response.json()["message"]

        too_long = count([["name", "=", "x" * 100_000]])  # --limit-body
        assert on_both_workers(too_long, refusal) == (
            413,
            "The request body is larger than 100000 bytes.",
        )
        too_many = count([["id", "in", list(range(5000))]])  # --limit-body-items
        assert on_both_workers(too_many, refusal) == (
            413,
            "The request body holds more than 5000 values.",
        )

        def debug_start(response: httpx.Response) -> tuple[int, str]:
            return response.status_code, response.json()["debug"].split("\n")[0]

        bad = [["bad field", "=", "foo"]]
        assert on_both_workers(count(bad), debug_start) == (  # --dev
            500,
            "Traceback (most recent call last):",
        )
        with pytest.raises(httpx.ConnectError):  # --host: nothing on 127.0.0.1
            httpx.get(f"http://127.0.0.1:{port}/health")
    finally:
        stop_server(proc)
        storage.drop(name)
    written = log.read_text()
    assert "res.partner.search_count 200" not in written  # no INFO line at --log-level warning
    assert "res.partner.search_count 500" in written  # server errors still are, at ERROR
    lines = [json.loads(line) for line in written.splitlines() if line.startswith("{")]
    assert {"ERROR"} <= {line["level"] for line in lines}  # --log-format json
    assert any(line.get("call") == "res.partner.search_count" for line in lines)


def test_a_limit_must_be_positive(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["serve", "--data-dir", str(tmp_path), "--limit-body", "0"], catch_exceptions=False
    )
    assert result.exit_code == 2 and "must be positive" in result.output


def test_database_limits_what_both_workers_serve(storage: Storage, tmp_path: Path) -> None:
    """--database: another database, though it exists, is absent on each worker; at
    the default log level each call has its line in the log."""
    name, other = new_db_name("only"), new_db_name("other")
    storage.create_empty(other)
    port = free_port()
    log = tmp_path / "serve.log"
    args = ["--demo", name, "--workers", "2", "--database", name]
    try:
        proc, banner = start_server(args, server_env(storage), port, log)
        try:
            match = KEY_LINE.search(banner)
            assert match, banner
            url = f"http://127.0.0.1:{port}"
            listed = on_both_workers(
                lambda: httpx.post(f"{url}/web/database/list", json={}),
                lambda response: tuple(response.json()["result"]),
            )
            assert listed == (name,)
            sent = {"Authorization": f"bearer {match.group(1)}", "X-Odoo-Database": other}
            refused = on_both_workers(
                lambda: httpx.post(
                    f"{url}/json/2/res.partner/search_count", headers=sent, json={"domain": []}
                ),
                lambda response: (response.status_code, response.json()["message"]),
            )
            assert refused == (404, f"Database {other!r} does not exist.")
        finally:
            stop_server(proc)
            storage.drop(name)
    finally:
        storage.drop(other)
    assert "POST res.partner.search_count 404" in log.read_text()


# --- the demo key: it lasts, and the banner's commands work as written ----------


def jsontwo_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m jsontwo.cli.main ARGS` in a process of its own."""
    return subprocess.run(
        [sys.executable, "-m", "jsontwo.cli.main", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def count_partners(port: int, db: str, key: str) -> int:
    """The status of a search_count with ``key``."""
    return httpx.post(
        f"http://127.0.0.1:{port}/json/2/res.partner/search_count",
        headers={"Authorization": f"bearer {key}", "X-Odoo-Database": db},
        json={"domain": []},
    ).status_code


def demo_keys(env: dict[str, str], db: str) -> list[dict[str, Any]]:
    """The admin's keys that `serve --demo` made, as `apikey list --json` lists them."""
    listed = jsontwo_cli(env, "apikey", "list", "--db", db, "--login", "admin", "--json")
    assert listed.returncode == 0, listed.stderr
    return [key for key in json.loads(listed.stdout) if key["name"] == "jsontwo serve --demo"]


def test_the_demo_key_lasts_across_restarts(storage: Storage, tmp_path: Path) -> None:
    """The key a start prints keeps working after the server stops and starts again,
    and after a start that fails on a busy port (which makes no key); the banner
    says how long it lasts, and its command for another key works as printed."""
    name = new_db_name("keep")
    env = {**os.environ, "JSONTWO_DB_URL": "", **storage.environment()}
    port = free_port()
    proc, banner = start_server(["--demo", name], env, port, tmp_path / "first.log")
    try:
        first = KEY_LINE.search(banner)
        assert first, banner
        assert re.search(
            r"valid 30 days, until \d{4}-\d\d-\d\d \d\d:\d\d UTC, across restarts", banner
        )
        busy = jsontwo_cli(env, "serve", "--demo", name, "--port", str(port))
        assert busy.returncode == 1
        assert f"Error: Cannot listen on 127.0.0.1:{port}: " in busy.stderr
        assert "Stop it, or choose another port with --port." in busy.stderr
        assert not KEY_LINE.search(busy.stderr)
        assert len(demo_keys(env, name)) == 1
        assert count_partners(port, name, first.group(1)) == 200
    finally:
        stop_server(proc)
    port = free_port()
    proc, banner = start_server(["--demo", name], env, port, tmp_path / "second.log")
    try:
        second = KEY_LINE.search(banner)
        assert second, banner
        assert second.group(1) != first.group(1)
        assert count_partners(port, name, first.group(1)) == 200
        assert count_partners(port, name, second.group(1)) == 200
        keys = demo_keys(env, name)
        assert len(keys) == 2 and all(key["expires"] for key in keys)
        for line in ("another:", "a key for it:\n"):
            command = banner.split(line, 1)[1].strip().splitlines()[0]
            assert command.startswith(".venv/bin/jsontwo apikey create "), command
            made = subprocess.run(
                command, shell=True, env=env, capture_output=True, text=True, check=False
            )
            assert made.returncode == 0, made.stderr
            assert count_partners(port, name, made.stdout.strip()) == 200
    finally:
        stop_server(proc)
        storage.drop(name)


def test_a_busy_port_creates_no_database(storage: Storage, tmp_path: Path) -> None:
    """Nothing is written when the server cannot listen: not even the demo database."""
    name = new_db_name("busy")
    env = {**os.environ, "JSONTWO_DB_URL": "", **storage.environment()}
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = jsontwo_cli(env, "serve", "--demo", name, "--port", str(port))
    assert busy.returncode == 1
    assert f"Cannot listen on 127.0.0.1:{port}" in busy.stderr
    assert not storage.exists(name)


def test_limit_time_real_stops_a_slow_call(storage: Storage, tmp_path: Path) -> None:
    """--limit-time-real reaches the worker: a call running past it (here a
    search of 10,000 patterns, against a limit of 50 milliseconds) is stopped
    and answered with a JSON error; the server goes on serving."""
    name = new_db_name("limit")
    port = free_port()
    args = ["--demo", name, "--limit-time-real", "0.05"]
    proc, banner = start_server(args, server_env(storage), port, tmp_path / "serve.log")
    try:
        match = KEY_LINE.search(banner)
        assert match, banner
        headers = {"Authorization": f"bearer {match.group(1)}", "X-Odoo-Database": name}
        patterns = [["name", "ilike", f"pattern {i}"] for i in range(10_000)]
        response = httpx.post(
            f"http://127.0.0.1:{port}/json/2/res.partner/search_count",
            headers=headers,
            json={"domain": ["|"] * (len(patterns) - 1) + patterns},
            timeout=60,
        )
        assert response.status_code == 500
        error = response.json()
        assert error["name"] == "psycopg2.errors.QueryCanceled"
        assert error["message"] == (
            "canceling statement due to statement timeout: the call ran longer than "
            "the server's time limit of 0.05 seconds (limit_time_real)"
        )
        health = httpx.get(f"http://127.0.0.1:{port}/health")
        assert health.status_code == 200
    finally:
        stop_server(proc)
        storage.drop(name)
