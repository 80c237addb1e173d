"""The real `jsontwo serve` process, on a free port, answering the documented example."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from jsontwo.db import Storage
from tests.conftest import new_db_name

EXAMPLE = {"domain": [["name", "ilike", "deco"], ["is_company", "=", True]], "fields": ["name"]}
KEY_LINE = re.compile(r"API key:\s+([0-9a-f]{40})")


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(
    args: list[str], env: dict[str, str], port: int, log: Path
) -> tuple[subprocess.Popen[bytes], str]:
    """Start `jsontwo serve`, wait until it answers, return the process and its banner."""
    command = [sys.executable, "-m", "jsontwo.cli.main", "serve", "--port", str(port), *args]
    with log.open("wb") as sink:
        proc = subprocess.Popen(command, env=env, stderr=sink)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"jsontwo serve exited with {proc.returncode}:\n{log.read_text()}")
        try:
            httpx.get(f"http://127.0.0.1:{port}/health", timeout=1)
            return proc, log.read_text()
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    pytest.fail(f"jsontwo serve did not answer within 60 s:\n{log.read_text()}")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    """Stop the server the way Ctrl+C does."""
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


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
        assert records[0]["name"] == "Deco Addict"
        assert set(records[0]) == {"id", "name"}
    finally:
        stop_server(proc)
        storage.drop(name)
