"""JSON-RPC on the wire: ``POST /jsonrpc`` with the services ``common``, ``object`` and
``db``, in the JSON-RPC 2.0 envelope, errors shaped as Odoo's. In-process,
on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import httpx
import orjson

from tests.conftest import Api

ADMIN = 2
JSON = "application/json; charset=utf-8"
ERROR_KEYS = ["name", "message", "arguments", "context", "debug"]


def unique(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:8]}"


def post(api: Api, payload: Any, content_type: str = "application/json") -> httpx.Response:
    """POST a JSON-RPC request (any JSON value) to /jsonrpc."""
    return api.request(
        "POST", "/jsonrpc", content=orjson.dumps(payload), headers={"Content-Type": content_type}
    )


def call(
    api: Api, service: str, method: str, *args: Any, request_id: Any = 1, **extra: Any
) -> dict[str, Any]:
    """One JSON-RPC call; the whole answer (HTTP 200, the envelope checked)."""
    payload = {"jsonrpc": "2.0", "method": "call", "id": request_id}
    payload["params"] = {"service": service, "method": method, "args": list(args), **extra}
    response = post(api, payload)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == JSON
    body = response.json()
    assert body["jsonrpc"] == "2.0" and body["id"] == request_id
    assert list(body)[:2] == ["jsonrpc", "id"]
    return dict(body)


def result(api: Api, service: str, method: str, *args: Any) -> Any:
    body = call(api, service, method, *args)
    assert "error" not in body, body
    return body["result"]


def error(api: Api, service: str, method: str, *args: Any) -> dict[str, Any]:
    """The ``error`` member of a failed call, its shape checked."""
    body = call(api, service, method, *args)
    assert "result" not in body
    err = body["error"]
    assert list(err) == ["code", "message", "data"]
    assert list(err["data"]) == ERROR_KEYS
    assert err["data"]["context"] == {}
    return dict(err)


def execute_kw(api: Api, model: str, method: str, *rest: Any, password: str = "admin") -> Any:
    return result(api, "object", "execute_kw", api.db, ADMIN, password, model, method, *rest)


def test_the_id_is_echoed_whatever_it_is(api: Api) -> None:
    for request_id in (7, "a-string", None, 1.5):
        assert call(api, "common", "version", request_id=request_id)["result"]["server_version"]
    params = {"service": "db", "method": "server_version", "args": []}
    payload = {"jsonrpc": "2.0", "method": "call", "params": params}
    response = post(api, payload)  # no id at all: null
    assert response.json() == {"jsonrpc": "2.0", "id": None, "result": "19.0"}


def test_an_integration_over_jsonrpc(api: Api) -> None:
    uid = result(api, "common", "login", api.db, "admin", "admin")
    assert uid == ADMIN
    assert result(api, "common", "authenticate", api.db, "admin", "nope", {}) is False
    context = result(api, "object", "execute", api.db, uid, "admin", "res.users", "context_get")
    assert context["uid"] == uid
    name = unique("JSON-RPC Company")
    pid = execute_kw(api, "res.partner", "create", [{"name": name, "is_company": True}])
    assert isinstance(pid, int)
    domain = [["name", "=", name], ["is_company", "=", True]]
    rows = execute_kw(
        api, "res.partner", "search_read", [domain], {"fields": ["name", "create_date"]}
    )
    assert [row["name"] for row in rows] == [name]
    assert dt.datetime.strptime(rows[0]["create_date"], "%Y-%m-%d %H:%M:%S")
    assert execute_kw(api, "res.partner", "write", [[pid], {"email": "j@example.com"}]) is True
    read = execute_kw(api, "res.partner", "read", [[pid], ["email"]])
    assert read == [{"id": pid, "email": "j@example.com"}]
    assert execute_kw(api, "res.partner", "search_count", [domain]) == 1
    fields = execute_kw(api, "res.partner", "fields_get", [], {"attributes": ["type"]})
    assert fields["email"] == {"type": "char"}
    assert execute_kw(api, "res.partner", "unlink", [[pid]]) is True
    assert execute_kw(api, "res.partner", "search", [domain]) == []


def test_errors_are_shaped_as_odoo_shapes_them(api: Api) -> None:
    args = (api.db, ADMIN, "admin")
    unknown = error(api, "object", "execute_kw", *args, "res.nope", "search", [[]])
    assert unknown["code"] == 0 and unknown["message"] == "Odoo Server Error"
    assert unknown["data"]["name"] == "odoo.exceptions.UserError"
    assert unknown["data"]["message"] == "Object res.nope doesn't exist"
    assert unknown["data"]["arguments"] == ["Object res.nope doesn't exist"]
    assert unknown["data"]["debug"] == ""  # tracebacks only with --dev

    denied = error(
        api, "object", "execute_kw", api.db, ADMIN, "wrong", "res.partner", "search", [[]]
    )
    assert denied["data"]["name"] == "odoo.exceptions.AccessDenied"
    assert denied["data"]["message"] == "Access Denied"

    demo = result(api, "common", "login", api.db, "demo", "demo")
    forbidden = error(
        api, "object", "execute_kw", api.db, demo, "demo", "ir.config_parameter", "search", [[]]
    )
    assert forbidden["data"]["name"] == "odoo.exceptions.AccessError"

    login = unique("dup").replace(" ", "-")
    vals = {"name": login, "login": login}
    execute_kw(api, "res.users", "create", [vals])
    duplicate = error(api, "object", "execute_kw", *args, "res.users", "create", [vals])
    assert duplicate["data"]["name"] == "odoo.exceptions.ValidationError"
    assert duplicate["data"]["message"].startswith("The operation cannot be completed")

    method = error(api, "object", "execute_kw", *args, "res.partner", "nope", [[]])
    assert method["data"]["name"] == "builtins.AttributeError"
    assert method["data"]["message"] == "The method 'res.partner.nope' does not exist"

    bad_field = error(
        api, "object", "execute_kw", *args, "res.partner", "search", [[["x", "=", 1]]]
    )
    assert bad_field["data"]["name"] == "builtins.ValueError"

    service = error(api, "nope", "version")
    assert service["data"]["name"] == "builtins.KeyError"
    assert service["data"]["message"] == "nope"

    master = error(api, "db", "drop", "admin", api.db)
    assert master["data"]["name"] == "odoo.exceptions.AccessDenied"

    database = error(api, "common", "login", f"{api.db}_nope", "admin", "admin")
    assert (database["code"], database["message"]) == (404, "404: Not Found")
    assert database["data"]["name"] == "werkzeug.exceptions.NotFound"


def test_missing_params_are_an_error_in_the_envelope(api: Api) -> None:
    response = post(api, {"jsonrpc": "2.0", "method": "call", "id": 3, "params": {"service": "db"}})
    body = response.json()
    assert response.status_code == 200 and body["id"] == 3
    assert body["error"]["data"]["name"] == "builtins.TypeError"
    assert "'method' and 'args'" in body["error"]["data"]["message"]


def test_transport_errors(api: Api) -> None:
    payload = {"jsonrpc": "2.0", "id": 1, "params": {"service": "db", "method": "list", "args": []}}
    accepted = post(api, payload, "application/json-rpc")
    assert accepted.status_code == 200 and api.db in accepted.json()["result"]
    wrong_type = post(api, payload, "text/plain")
    assert wrong_type.status_code == 415
    assert wrong_type.headers["accept"] == "application/json, application/json-rpc"
    not_json = api.request(
        "POST", "/jsonrpc", content=b"{nope", headers={"Content-Type": "application/json"}
    )
    assert not_json.status_code == 400 and "Invalid JSON data" in not_json.text
    not_object = post(api, "a string")
    assert not_object.status_code == 400 and "Invalid JSON-RPC data" in not_object.text
    # too deep for either JSON parser: not JSON-RPC either, rather than a 500
    deep = api.request(
        "POST", "/jsonrpc", content=b"[" * 100_000, headers={"Content-Type": "application/json"}
    )
    assert deep.status_code == 400 and "Invalid JSON data" in deep.text
    # each in the envelope every JSON-RPC route answers, with a null id
    for refused, status in ((wrong_type, 415), (not_json, 400), (not_object, 400), (deep, 400)):
        body = refused.json()
        assert list(body) == ["jsonrpc", "id", "error"] and body["id"] is None
        assert body["error"]["code"] == 0 and body["error"]["message"] == "Odoo Server Error"
        assert list(body["error"]["data"]) == ERROR_KEYS
        assert refused.status_code == status


def test_an_api_key_in_the_password_slot(api: Api) -> None:
    assert result(api, "common", "login", api.db, "admin", api.key) == ADMIN
    assert execute_kw(api, "res.partner", "search_count", [[]], password=api.key) > 0
