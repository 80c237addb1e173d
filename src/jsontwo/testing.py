"""Running a real ``jsontwo serve`` from another program: the test suite, the
benchmark (``bench/``) and the conformance script (``scripts/``).

This module stands beside the layers, not in them: it imports nothing of the
server (only the standard library) and starts it as a
separate process, the way a user does. So a program that imports it loads
none of the ORM, and a pytest plugin shipped with the package can use it.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

#: the file, at the root of a checkout, where ``scripts/pg-test-setup.sh`` writes
#: the URL of the PostgreSQL server it started for the tests
PG_URL_FILE = ".pg-test-url"
#: how long a server may take to answer its first request (seconds)
START_TIMEOUT = 60
#: how long a server may take to stop after Ctrl+C before it is killed (seconds)
STOP_TIMEOUT = 15


class ServerError(Exception):
    """``jsontwo serve`` exited or did not answer in time; the message holds its log."""


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def pg_test_url(root: Path, variables: tuple[str, ...] = ("JSONTWO_TEST_DB_URL",)) -> str | None:
    """The PostgreSQL server to test against: the first of the environment
    ``variables`` that is set, else the URL that ``scripts/pg-test-setup.sh``
    wrote in the checkout at ``root``; None when there is neither."""
    for name in variables:
        url = os.environ.get(name)
        if url:
            return url
    marker = root / PG_URL_FILE
    return marker.read_text().strip() if marker.exists() else None


def start_server(
    args: list[str],
    env: dict[str, str],
    port: int,
    log: Path | None = None,
    host: str = "127.0.0.1",
    program: list[str] | None = None,
) -> subprocess.Popen[bytes]:
    """Start ``jsontwo serve --port PORT *args`` with the environment ``env`` and wait
    until it answers ``/health`` on ``host`` (give ``--host`` in ``args`` too to
    serve another address). Its standard error goes to ``log`` (its banner and log
    lines; nowhere without one). ``program`` runs instead of ``python -m
    jsontwo.cli.main`` (the installed ``jsontwo`` script, say). ServerError, with
    the log, when it exits or does not answer within START_TIMEOUT seconds (then it
    is killed)."""
    jsontwo = program or [sys.executable, "-m", "jsontwo.cli.main"]
    command = [*jsontwo, "serve", "--port", str(port), *args]
    if log is None:
        proc = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
    else:
        with log.open("wb") as sink:
            proc = subprocess.Popen(command, env=env, stderr=sink)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ServerError(f"jsontwo serve exited with {proc.returncode}:\n{_read(log)}")
        if _answers(f"http://{host}:{port}/health"):
            return proc
        time.sleep(0.1)
    proc.kill()
    raise ServerError(f"jsontwo serve did not answer within {START_TIMEOUT} s:\n{_read(log)}")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    """Stop the server the way Ctrl+C does (killed if it takes too long)."""
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _answers(url: str) -> bool:
    """Whether an HTTP server answers ``url`` (with any status)."""
    try:
        with urllib.request.urlopen(url, timeout=1):
            return True
    except urllib.error.HTTPError:
        return True  # an answer all the same
    except (OSError, http.client.HTTPException):  # refused, reset, timed out: not up yet
        return False


def _read(log: Path | None) -> str:
    return log.read_text() if log is not None else "(no log kept)"
