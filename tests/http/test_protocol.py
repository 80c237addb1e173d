"""The server's HTTP protocol sends a response in one piece: its status line,
headers and body reach the client together (one system call, one wake-up of
the client), on kept-alive connections and on the last answer of one that
closes. The time limit on a request's headers is tested in test_slow_clients."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator

import pytest

from jsontwo.db import Storage
from tests.http.test_slow_clients import complete
from tests.servers import DemoServer, demo_server


@pytest.fixture(scope="module")
def server(storage: Storage, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    with demo_server(storage, tmp_path_factory.mktemp("protocol"), "proto", workers=1) as running:
        yield running


def request(server: DemoServer, path: str, body: object, close: bool = False) -> bytes:
    """The HTTP request of a JSON-2 call with ``body`` as the admin."""
    data = json.dumps(body).encode()
    head = (
        f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"Authorization: bearer {server.key}\r\nX-Odoo-Database: {server.db}\r\n"
        f"{'Connection: close' + chr(13) + chr(10) if close else ''}"
        f"Content-Length: {len(data)}\r\n\r\n"
    )
    return head.encode() + data


def first_piece(sock: socket.socket, message: bytes) -> bytes:
    """What the client's first read gets after sending ``message``: the whole
    answer when the server sent it in one write (a read returns what one
    write delivered on loopback, up to its buffer)."""
    sock.sendall(message)
    return sock.recv(1 << 20)


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/json/2/res.partner/search_count", {"domain": []}),
        ("/json/2/res.partner/search_read", {"domain": [], "fields": ["name"], "limit": 40}),
        ("/json/2/res.partner/no_such_method", {}),
    ],
)
def test_an_answer_arrives_in_one_piece(server: DemoServer, path: str, body: object) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        for _ in range(3):  # each answer of a kept-alive connection
            answer = first_piece(sock, request(server, path, body))
            assert complete(answer), answer[:300]
            assert answer.startswith(b"HTTP/1.1 ")


def test_the_last_answer_before_closing_arrives_whole(server: DemoServer) -> None:
    message = request(server, "/json/2/res.partner/search_count", {"domain": []}, close=True)
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        answer = first_piece(sock, message)
        assert complete(answer), answer[:300]
        assert b"connection: close" in answer.lower()
        assert sock.recv(1024) == b""  # then the server closed the connection
