"""Slow clients cannot hold a server (docs/reliability.md, "Limits"): headers
must arrive within ``--limit-header-time`` seconds, a body within
``--limit-body-time``; past that the client gets a 408 and its connection is
closed. Meanwhile the worker serves everyone else. Tested with raw sockets on
a real server, the only way to send slowly."""

from __future__ import annotations

import json
import re
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from jsontwo.db import Storage
from tests.servers import DemoServer, demo_server

#: the limits of the server under test, in seconds (short, so that the test is)
LIMIT = 2
#: how long the test keeps sending before it gives up on the server (seconds)
PATIENCE = 60
VERSION = json.dumps({"params": {"service": "common", "method": "version", "args": []}}).encode()


@pytest.fixture(scope="module")
def server(storage: Storage, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    args = ("--limit-header-time", str(LIMIT), "--limit-body-time", str(LIMIT))
    tmp = tmp_path_factory.mktemp("slow")
    with demo_server(storage, tmp, "slow", workers=1, args=args) as running:
        yield running


def trickle(sock: socket.socket, data: bytes) -> bytes:
    """Send ``data`` a byte every half second until the server answers; what it
    answered, up to its closing the connection."""
    sock.settimeout(0.5)
    answer = b""
    for _ in range(2 * PATIENCE):
        if data:
            try:
                sock.sendall(data[:1])
            except OSError:  # closed on us: read what it said
                break
            data = data[1:]
        try:
            answer = sock.recv(65536)
        except TimeoutError:
            continue
        break
    else:
        pytest.fail(f"no answer after {PATIENCE} s")
    sock.settimeout(PATIENCE)
    while chunk := sock.recv(65536):
        answer += chunk
    return answer


def served(server: DemoServer) -> bool:
    """Whether the server answers another client right now."""
    url = f"http://127.0.0.1:{server.port}/jsonrpc"
    response = httpx.post(url, content=VERSION, headers={"Content-Type": "application/json"})
    return response.status_code == 200


def assert_timed_out(answer: bytes, what: str) -> None:
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408"), answer
    assert b"connection: close" in head.lower()
    error = json.loads(body)
    error = error["error"]["data"] if "jsonrpc" in error else error
    assert error["name"] == "werkzeug.exceptions.RequestTimeout"
    assert error["message"] == f"The {what} did not arrive within {LIMIT} seconds."


def test_headers_sent_slowly_are_cut_off(server: DemoServer) -> None:
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        request = b"POST /jsonrpc HTTP/1.1\r\nHost: test\r\n" + b"X-Slow: " + b"a" * 1000
        sock.sendall(request[:20])
        assert served(server)  # the worker is not held
        assert_timed_out(trickle(sock, request[20:]), "request's headers")


def test_a_connection_that_sends_nothing_is_closed(server: DemoServer) -> None:
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        assert_timed_out(trickle(sock, b""), "request's headers")


@pytest.mark.parametrize("path", ["/jsonrpc", "/json/2/res.partner/search"])
def test_a_body_sent_slowly_is_cut_off(server: DemoServer, path: str) -> None:
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        sock.sendall(
            f"POST {path} HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
            f"Authorization: bearer {server.key}\r\nX-Odoo-Database: {server.db}\r\n"
            "Content-Length: 100000\r\n\r\n{".encode()
        )
        assert served(server)
        assert_timed_out(trickle(sock, b" " * 100000), "request body")


def test_a_quick_client_is_unaffected(server: DemoServer, tmp_path: Path) -> None:
    """Kept-alive connections still serve one request after another."""
    with httpx.Client(base_url=f"http://127.0.0.1:{server.port}") as client:
        for _ in range(3):
            response = client.post(
                "/jsonrpc", content=VERSION, headers={"Content-Type": "application/json"}
            )
            assert response.status_code == 200


def complete(answer: bytes) -> bool:
    """Whether ``answer`` holds a whole HTTP response (headers, and the body its
    ``Content-Length`` announces)."""
    head, sep, body = answer.partition(b"\r\n\r\n")
    length = re.search(rb"content-length: (\d+)", head.lower())
    return bool(sep and length and len(body) >= int(length.group(1)))


def request_on(sock: socket.socket) -> bytes:
    """One JSON-RPC ``version`` call on ``sock``: the whole answer (b"" when the
    server had closed the connection)."""
    head = (
        b"POST /jsonrpc HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: %d\r\n\r\n" % len(VERSION)
    )
    answer = b""
    try:
        sock.sendall(head + VERSION)
        while not complete(answer) and (chunk := sock.recv(65536)):
            answer += chunk
    except OSError:
        pass
    return answer


def test_an_idle_kept_alive_connection_outlives_a_clients_own_expiry(server: DemoServer) -> None:
    """A connection idle for 6 s still serves (clients such as httpx drop theirs
    after 5 s): the server never closes one a client is about to use."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=PATIENCE) as sock:
        assert request_on(sock).startswith(b"HTTP/1.1 200")
        time.sleep(6)
        assert request_on(sock).startswith(b"HTTP/1.1 200")


def test_the_idle_time_of_a_kept_alive_connection_is_a_setting(
    storage: Storage, tmp_path: Path
) -> None:
    args = ("--limit-keep-alive", "1")
    with (
        demo_server(storage, tmp_path, "keepalive", workers=1, args=args) as running,
        socket.create_connection(("127.0.0.1", running.port), timeout=PATIENCE) as sock,
    ):
        assert request_on(sock).startswith(b"HTTP/1.1 200")
        time.sleep(3)
        assert request_on(sock) == b""  # closed by the server meanwhile
