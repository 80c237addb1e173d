"""What a request body may cost (docs/reliability.md, "Limits"): its size and the
number of values in it, per route, refused (413) before the body is parsed; a
large JSON-2 body parsed only once its key is known to be valid; a body that
arrives too slowly refused (408)."""

from __future__ import annotations

import json
import xmlrpc.client
from pathlib import Path

import httpx
import pytest

from jsontwo.db import Storage
from jsontwo.http import ServerConfig, create_app
from tests.conftest import Api
from tests.servers import demo_server, worker_of

ITEMS = 100
ENTITY = "werkzeug.exceptions.RequestEntityTooLarge"
TOO_MANY = f"The request body holds more than {ITEMS} values."
#: a JSON body of many empty lists: few bytes, many objects once parsed
MANY_LISTS = 16 * 1024 * 1024 // 3
#: how much more a worker may hold at its peak after refusing that body unparsed
#: (reading it costs a few times its 16 MB; parsing it costs over 300 MB)
MAX_GROWTH_KB = 120 * 1024


@pytest.fixture(scope="module")
def few(tmp_path_factory: pytest.TempPathFactory) -> Api:
    """A server that takes at most ITEMS values per body (it serves no database)."""
    data = tmp_path_factory.mktemp("few")
    config = ServerConfig(data_dir=str(data), max_body_items=ITEMS)
    return Api(create_app(config), "none", "")


def lists(count: int) -> bytes:
    return b'{"domain": [' + b",".join([b"[]"] * count) + b"]}"


def test_json2_too_many_values_is_a_413(few: Api) -> None:
    response = few.request(
        "POST",
        "/json/2/res.partner/search",
        content=lists(ITEMS + 1),
        headers={"Content-Type": "application/json", "Authorization": "bearer x"},
    )
    assert response.status_code == 413
    assert (response.json()["name"], response.json()["message"]) == (ENTITY, TOO_MANY)


@pytest.mark.parametrize("path", ["/jsonrpc", "/web/dataset/call_kw", "/web/session/authenticate"])
def test_jsonrpc_too_many_values_is_a_413(few: Api, path: str) -> None:
    body = b'{"jsonrpc": "2.0", "id": 1, "params": {"args": [' + b",".join([b"1"] * ITEMS) + b"]}}"
    response = few.request("POST", path, content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    data = response.json()["error"]["data"]
    assert (data["name"], data["message"]) == (ENTITY, TOO_MANY)


def test_xmlrpc_too_many_values_is_a_fault(few: Api) -> None:
    call = xmlrpc.client.dumps((list(range(ITEMS)),), "version").encode()
    response = few.request("POST", "/xmlrpc/2/common", content=call)
    assert response.status_code == 200
    with pytest.raises(xmlrpc.client.Fault) as caught:
        xmlrpc.client.loads(response.content)
    assert TOO_MANY in caught.value.faultString


def test_the_session_routes_take_small_bodies_only(tmp_path: Path) -> None:
    """Signing in and the discovery routes need a few bytes: they take at most 1 MiB
    whatever the limit of the calls."""
    app = Api(create_app(ServerConfig(data_dir=str(tmp_path))), "none", "")
    body = b'{"jsonrpc": "2.0", "id": 1, "params": {"login": "' + b"x" * 2**20 + b'"}}'
    for path in ("/web/session/authenticate", "/web/webclient/version_info"):
        response = app.request(
            "POST", path, content=body, headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 413, path
        assert response.json()["error"]["data"]["message"] == (
            f"The request body is larger than {2**20} bytes."
        )


def peak_kb(pid: int) -> int:
    """The peak resident memory of process ``pid`` (``VmHWM``, in kB)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM")


def post_body(port: int, path: str, body: bytes, headers: dict[str, str]) -> httpx.Response:
    return httpx.post(
        f"http://127.0.0.1:{port}{path}",
        content=body,
        headers={"Content-Type": "application/json", **headers},
        timeout=120,
    )


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads memory from /proc")
def test_a_big_body_with_a_wrong_key_is_refused_unparsed(storage: Storage, tmp_path: Path) -> None:
    """JSON-2 knows the caller from a header: a large body is parsed only for a
    valid key. The worker refuses 16 MB of empty lists (5 million of them,
    within the value limit given here) with a 401, and its memory stays low."""
    args = ("--limit-body-items", "100000000")
    with demo_server(storage, tmp_path, "bigbody", workers=1, args=args) as server:
        headers = {"Authorization": "bearer wrong", "X-Odoo-Database": server.db}
        warm = post_body(server.port, "/json/2/res.partner/search", b"{}", headers)
        pid = worker_of(warm)
        before = peak_kb(pid)
        response = post_body(server.port, "/json/2/res.partner/search", lists(MANY_LISTS), headers)
        assert response.status_code == 401 and response.json()["message"] == "Invalid apikey"
        assert worker_of(response) == pid
        assert peak_kb(pid) - before < MAX_GROWTH_KB
        # with a valid key a large body is read and answered
        good = {**headers, "Authorization": f"bearer {server.key}"}
        large = json.dumps({"domain": [["id", "=", 0]], "context": {"x": "y" * 10**6}})
        response = post_body(server.port, "/json/2/res.partner/search", large.encode(), good)
        assert (response.status_code, response.json()) == (200, [])


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads memory from /proc")
def test_jsonrpc_caps_what_parsing_may_cost(storage: Storage, tmp_path: Path) -> None:
    """/jsonrpc has its credentials in the body: the value limit (the default here)
    refuses 16 MB of empty lists before parsing, and the worker's memory stays low;
    --limit-body refuses a larger body before reading it all."""
    args = ("--limit-body", str(20 * 2**20))
    with demo_server(storage, tmp_path, "rpcbody", workers=1, args=args) as server:
        version = {"service": "common", "method": "version", "args": []}
        warm = post_body(server.port, "/jsonrpc", json.dumps({"params": version}).encode(), {})
        pid = worker_of(warm)
        before = peak_kb(pid)
        body = b'{"id": 1, "params": {"service": "object", "args": [' + lists(MANY_LISTS) + b"]}}"
        response = post_body(server.port, "/jsonrpc", body, {})
        assert response.status_code == 413
        message = response.json()["error"]["data"]["message"]
        assert message == "The request body holds more than 2000000 values."
        assert peak_kb(pid) - before < MAX_GROWTH_KB
        response = post_body(server.port, "/jsonrpc", b" " * (21 * 2**20), {})
        assert response.status_code == 413
        assert response.json()["error"]["data"]["message"] == (
            f"The request body is larger than {20 * 2**20} bytes."
        )
