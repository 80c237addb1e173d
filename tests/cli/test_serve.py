"""The real `jsontwo serve` process, on a free port, answering the documented example."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest

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
