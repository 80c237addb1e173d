"""Input a client should not send, and every answer still the protocol's own:
a lone UTF-16 surrogate in any string (JSON can escape one, ``"\\udc00"``, but it
is no Unicode text: no database can store it and no answer can carry it), and a
JSON-RPC ``id`` past 64 bits, which Odoo echoes exactly.

Each answer is the JSON error object (JSON-2), the JSON-RPC envelope or an
XML-RPC fault, whose message says what was wrong; never a plain-text 500.
"""

from __future__ import annotations

import json
import socket
import xmlrpc.client
from pathlib import Path
from typing import Any

import pytest

from jsontwo.db import Storage
from tests.conftest import Api
from tests.servers import demo_server

LONE = "\udc00"
BAD_REQUEST = "werkzeug.exceptions.BadRequest"
#: what the message of a refused lone surrogate says
SURROGATE_MESSAGE = "lone surrogate"
#: an id no 64-bit integer holds, positive and negative
HUGE_IDS = [2**70, -(2**70), 123456789012345678901234567890]


def raw_json(value: Any) -> bytes:
    """``value`` as JSON, lone surrogates escaped (``\\udc00``) as a client may send them."""
    return json.dumps(value, ensure_ascii=True).encode()


def post_raw(api: Api, path: str, body: bytes, **headers: str) -> Any:
    return api.request(
        "POST", path, content=body, headers={"Content-Type": "application/json", **headers}
    )


def auth(api: Api) -> dict[str, str]:
    return {"Authorization": f"bearer {api.key}", "X-Odoo-Database": api.db}


@pytest.mark.parametrize(
    ("method", "body"),
    [
        ("search", {"domain": [["name", "=", LONE]]}),
        ("search", {"domain": [[LONE, "=", 1]]}),
        ("create", {"vals_list": [{"name": "x" + LONE}]}),
        ("search", {"domain": [], "context": {"lang": LONE}}),
        ("search", {"domain": [], "context": {LONE: 1}}),
        ("search", {"domain": [], LONE: 1}),
    ],
)
def test_json2_a_lone_surrogate_is_a_400_saying_so(api: Api, method: str, body: Any) -> None:
    response = post_raw(api, f"/json/2/res.partner/{method}", raw_json(body), **auth(api))
    assert response.status_code == 400, response.text
    error = response.json()
    assert error["name"] == BAD_REQUEST
    assert SURROGATE_MESSAGE in error["message"]
    assert "\\udc00" in error["message"]  # it names the culprit, escaped


def test_json2_a_surrogate_in_the_path_is_a_json_404(api: Api) -> None:
    """UTF-8 cannot encode a surrogate: the URL's bytes are no name of anything."""
    for path in ("/json/2/res.partner/%ED%B0%80", "/json/2/res.%ED%B0%80/search"):
        response = post_raw(api, path, b"{}", **auth(api))
        assert response.status_code == 404, response.text
        assert response.json()["name"] == "werkzeug.exceptions.NotFound"


def execute_kw_body(api: Api, model: str, method: str, *args: Any, rpc_id: Any = 7) -> bytes:
    return raw_json(
        {
            "jsonrpc": "2.0",
            "method": "call",
            "id": rpc_id,
            "params": {
                "service": "object",
                "method": "execute_kw",
                "args": [api.db, 2, "admin", model, method, *args],
            },
        }
    )


@pytest.mark.parametrize(
    ("model", "method", "args"),
    [
        ("res.partner", "search", [[[["name", "=", LONE]]]]),
        ("res.partner", LONE, [[[]]]),
        (LONE, "search", [[[]]]),
        ("res.partner", "search", [[[]], {"context": {"tz": LONE}}]),
    ],
)
def test_jsonrpc_a_lone_surrogate_is_a_400_saying_so(
    api: Api, model: str, method: str, args: list[Any]
) -> None:
    response = post_raw(api, "/jsonrpc", execute_kw_body(api, model, method, *args))
    assert response.status_code == 400, response.text
    data = response.json()["error"]["data"]
    assert data["name"] == BAD_REQUEST and SURROGATE_MESSAGE in data["message"]


@pytest.mark.parametrize("path", ["/web/dataset/call_kw", "/web/session/authenticate"])
def test_session_routes_a_lone_surrogate_is_a_400_saying_so(api: Api, path: str) -> None:
    body = raw_json({"jsonrpc": "2.0", "id": 1, "params": {"model": LONE, "login": LONE}})
    response = post_raw(api, path, body)
    assert response.status_code == 400, response.text
    data = response.json()["error"]["data"]
    assert data["name"] == BAD_REQUEST and SURROGATE_MESSAGE in data["message"]


@pytest.mark.parametrize(
    "text",
    [
        b"<string>&#xDC00;</string>",  # a character reference to a surrogate
        b"<string>\xed\xb0\x80</string>",  # a surrogate in UTF-8's pattern: invalid UTF-8
    ],
)
def test_xmlrpc_a_surrogate_is_a_fault_saying_so(api: Api, text: bytes) -> None:
    body = (
        b"<?xml version='1.0'?><methodCall><methodName>execute_kw</methodName><params>"
        + b"".join(
            b"<param><value>" + value + b"</value></param>"
            for value in (
                api.db.encode(),
                b"<int>2</int>",
                b"admin",
                b"res.partner",
                b"search",
                b"<array><data><value><array><data><value><array><data>"
                b"<value>name</value><value>=</value><value>" + text + b"</value>"
                b"</data></array></value></data></array></value></data></array>",
            )
        )
        + b"</params></methodCall>"
    )
    response = api.request(
        "POST", "/xmlrpc/2/object", content=body, headers={"Content-Type": "text/xml"}
    )
    assert response.status_code == 200, response.text
    with pytest.raises(xmlrpc.client.Fault) as caught:
        xmlrpc.client.loads(response.content)
    assert "not well-formed" in caught.value.faultString or "invalid" in caught.value.faultString


# --- JSON-RPC ids past 64 bits -------------------------------------------------


@pytest.mark.parametrize("rpc_id", HUGE_IDS)
def test_jsonrpc_a_huge_id_is_echoed_exactly(api: Api, rpc_id: int) -> None:
    """As Odoo (Python's JSON) echoes it: the same digits."""
    body = raw_json(
        {
            "jsonrpc": "2.0",
            "id": rpc_id,
            "params": {"service": "common", "method": "version", "args": []},
        }
    )
    response = post_raw(api, "/jsonrpc", body)
    assert response.status_code == 200, response.text
    answer = json.loads(response.content)
    assert answer["id"] == rpc_id and answer["result"]["server_version"] == "19.0"


@pytest.mark.parametrize("rpc_id", HUGE_IDS)
def test_jsonrpc_a_huge_id_is_echoed_with_an_error(api: Api, rpc_id: int) -> None:
    response = post_raw(
        api, "/jsonrpc", execute_kw_body(api, "res.nothing", "search", rpc_id=rpc_id)
    )
    answer = json.loads(response.content)
    assert (response.status_code, answer["id"]) == (200, rpc_id)
    assert answer["error"]["data"]["message"]


@pytest.mark.parametrize("path", ["/web/dataset/call_kw", "/web/webclient/version_info"])
def test_session_routes_echo_a_huge_id(api: Api, path: str) -> None:
    body = raw_json({"jsonrpc": "2.0", "id": 2**70, "params": {}})
    response = post_raw(api, path, body)
    assert response.status_code == 200, response.text
    assert json.loads(response.content)["id"] == 2**70


# --- on a real server: the connection survives ----------------------------------


def exchange(
    sock: socket.socket, path: str, body: bytes, extra: str = ""
) -> tuple[int, dict[str, str], bytes]:
    """One HTTP/1.1 request on ``sock`` (kept alive), with the ``extra`` header lines;
    its status, headers and body."""
    sock.sendall(
        f"POST {path} HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n{extra}"
        f"Content-Length: {len(body)}\r\n\r\n".encode()
        + body
    )
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError(f"closed after {data!r}")
        data += chunk
    head, rest = data.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:])}
    while len(rest) < int(headers["content-length"]):
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed in the body")
        rest += chunk
    return int(lines[0].split()[1]), headers, rest


def test_a_real_server_answers_and_keeps_the_connection(storage: Storage, tmp_path: Path) -> None:
    """A huge id and a lone surrogate get their answers, and the next request on the
    same kept-alive connection is served (the server neither fails nor hangs up)."""
    version = {"service": "common", "method": "version", "args": []}
    with (
        demo_server(storage, tmp_path, "hostile", workers=1) as server,
        socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock,
    ):
        huge = raw_json({"jsonrpc": "2.0", "id": 2**70, "params": version})
        status, headers, body = exchange(sock, "/jsonrpc", huge)
        assert (status, json.loads(body)["id"]) == (200, 2**70)
        lone = raw_json({"jsonrpc": "2.0", "id": 1, "params": {**version, "args": [LONE]}})
        status, headers, body = exchange(sock, "/jsonrpc", lone)
        assert status == 400 and SURROGATE_MESSAGE in body.decode()
        status, headers, body = exchange(
            sock,
            "/json/2/res.partner/search",
            raw_json({"domain": [[LONE, "=", 1]]}),
            f"Authorization: bearer wrong\r\nX-Odoo-Database: {server.db}\r\n",
        )
        assert status == 401  # the key is checked first
        status, headers, body = exchange(sock, "/jsonrpc", raw_json({"id": 2, "params": version}))
        assert status == 200 and json.loads(body)["id"] == 2
        assert headers.get("connection") != "close"
