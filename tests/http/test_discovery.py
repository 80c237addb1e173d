"""Discovery routes on the wire: ``/web/version``, ``/json/version``,
``/web/webclient/version_info`` and ``/web/database/list`` (JSON-RPC), and
``res.users/context_get`` over JSON-2 (docs/internals/protocol.md, "Endpoints" and
"Legacy endpoints")."""

from __future__ import annotations

import uuid
import xmlrpc.client
from typing import Any

import httpx
import pytest

from jsontwo.db import Storage
from jsontwo.http.app import create_app
from jsontwo.orm import Environment, Registry
from jsontwo.service.apikeys import create_api_key
from jsontwo.service.creation import list_templates
from jsontwo.service.databases import with_superuser
from tests.conftest import Api, new_db_name, server_config

JSON = "application/json; charset=utf-8"
VERSION = {"version_info": [19, 0, 0, "final", 0, ""], "version": "19.0"}
XMLRPC_VERSION = {
    "server_version": "19.0",
    "server_version_info": [19, 0, 0, "final", 0, ""],
    "server_serie": "19.0",
    "protocol_version": 1,
}
ERROR_KEYS = ["name", "message", "arguments", "context", "debug"]


def rpc(
    api: Api, path: str, content: bytes, content_type: str = "application/json"
) -> httpx.Response:
    """A raw JSON-RPC POST, without any key or database header (the routes need none)."""
    return api.request("POST", path, content=content, headers={"Content-Type": content_type})


def envelope(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    """The JSON-RPC answer: the status, Odoo's content type, ``jsonrpc`` and ``id`` first."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == JSON
    answer = response.json()
    assert list(answer)[:2] == ["jsonrpc", "id"]
    assert answer["jsonrpc"] == "2.0"
    return dict(answer)


def rpc_error(answer: dict[str, Any], name: str, message: str) -> None:
    """The envelope carries Odoo's error: code 0, "Odoo Server Error", the error object."""
    assert list(answer) == ["jsonrpc", "id", "error"]
    error = answer["error"]
    assert (error["code"], error["message"]) == (0, "Odoo Server Error")
    assert list(error["data"]) == ERROR_KEYS
    assert (error["data"]["name"], error["data"]["message"]) == (name, message)


# --- /web/version and /json/version ------------------------------------------


@pytest.mark.parametrize("path", ["/web/version", "/json/version"])
@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "DELETE", "PATCH"])
def test_version_answers_any_method_without_key_or_database(
    api: Api, path: str, method: str
) -> None:
    response = api.request(method, path)
    assert response.status_code == 200
    assert response.headers["content-type"] == JSON
    assert response.json() == VERSION
    assert list(response.json()) == ["version_info", "version"]


def test_version_ignores_whatever_body_is_sent(api: Api) -> None:
    response = api.request(
        "POST", "/web/version", content=b"not json", headers={"Content-Type": "text/plain"}
    )
    assert response.status_code == 200 and response.json() == VERSION


def test_head_on_version_has_no_body(api: Api) -> None:
    response = api.request("HEAD", "/json/version")
    assert response.status_code == 200 and response.content == b""


# --- /web/webclient/version_info ----------------------------------------------


@pytest.mark.parametrize("request_id", [7, "abc-1", None, 0])
def test_version_info_echoes_the_id(api: Api, request_id: Any) -> None:
    body = {"jsonrpc": "2.0", "method": "call", "params": {}, "id": request_id}
    answer = envelope(api.request("POST", "/web/webclient/version_info", json=body))
    assert answer == {"jsonrpc": "2.0", "id": request_id, "result": XMLRPC_VERSION}


def test_version_info_without_id_answers_a_null_id(api: Api) -> None:
    answer = envelope(rpc(api, "/web/webclient/version_info", b'{"jsonrpc": "2.0"}'))
    assert answer == {"jsonrpc": "2.0", "id": None, "result": XMLRPC_VERSION}


# --- /web/database/list -------------------------------------------------------


@pytest.mark.parametrize("content_type", ["application/json", "application/json-rpc"])
def test_database_list_takes_a_bare_object(api: Api, registry: Registry, content_type: str) -> None:
    answer = envelope(rpc(api, "/web/database/list", b"{}", content_type + "; charset=utf-8"))
    assert list(answer) == ["jsonrpc", "id", "result"] and answer["id"] is None
    names = answer["result"]
    assert registry.database.name in names
    assert names == sorted(names)
    assert all(isinstance(name, str) for name in names)


def test_database_list_never_names_a_template(
    api: Api, registry: Registry, storage: Storage
) -> None:
    """The template the test database was copied from (docs/databases.md,
    "Templates") is not among the names."""
    templates = list_templates(storage)
    assert templates
    names = envelope(rpc(api, "/web/database/list", b"{}"))["result"]
    assert registry.database.name in names
    assert not set(templates) & set(names)


def test_database_list_ignores_params(api: Api, registry: Registry) -> None:
    body = b'{"jsonrpc": "2.0", "method": "call", "params": {"whatever": 1}, "id": "x"}'
    answer = envelope(rpc(api, "/web/database/list", body))
    assert answer["id"] == "x" and registry.database.name in answer["result"]


def test_database_names_are_refused_with_list_db_off(
    storage: Storage, registry: Registry, admin_key: str
) -> None:
    """``--no-list-db`` (Odoo's ``list_db = False``): the list routes answer
    AccessDenied, and no error names the databases; calls still work."""
    private = Api(
        create_app(server_config(storage, list_db=False)), registry.database.name, admin_key
    )
    listing = envelope(rpc(private, "/web/database/list", b"{}"))
    rpc_error(listing, "odoo.exceptions.AccessDenied", "Access Denied")
    body = xmlrpc.client.dumps((), "list").encode()
    answer = private.request("POST", "/xmlrpc/2/db", content=body)
    with pytest.raises(xmlrpc.client.Fault) as caught:
        xmlrpc.client.loads(answer.content)
    assert caught.value.faultCode == 3 and "Access Denied" in caught.value.faultString
    assert private.call("res.partner", "search_count", {"domain": []}).status_code == 200
    # with several databases and none named, the 404 does not tell their names
    other = new_db_name("listdb")
    storage.create_empty(other)
    try:
        response = private.call("res.partner", "search_count", headers={"X-Odoo-Database": ""})
    finally:
        storage.drop(other)
    assert response.status_code == 404
    message = response.json()["message"]
    assert "several exist" in message
    assert other not in message and registry.database.name not in message


def test_jsonrpc_needs_a_json_content_type(api: Api) -> None:
    response = rpc(api, "/web/database/list", b"{}", "application/x-www-form-urlencoded")
    answer = envelope(response, 415)
    assert response.headers["accept"] == "application/json, application/json-rpc"
    assert answer["id"] is None
    assert answer["error"]["data"]["name"] == "werkzeug.exceptions.UnsupportedMediaType"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"not json", "Invalid JSON data"),
        (b"", "Invalid JSON data"),
        (b'"a string"', "Invalid JSON-RPC data"),
        (b"[1, 2]", "Invalid JSON-RPC data"),
    ],
)
def test_jsonrpc_bodies_that_are_not_requests_are_400(api: Api, body: bytes, message: str) -> None:
    answer = envelope(rpc(api, "/web/webclient/version_info", body), 400)
    rpc_error(answer, "werkzeug.exceptions.BadRequest", message)
    assert answer["error"]["data"]["arguments"] == [message, 400]


def test_params_that_are_not_an_object_are_an_error_in_the_envelope(api: Api) -> None:
    body = b'{"jsonrpc": "2.0", "params": [1, 2], "id": 3}'
    answer = envelope(rpc(api, "/web/webclient/version_info", body))
    assert answer["id"] == 3
    rpc_error(
        answer,
        "werkzeug.exceptions.BadRequest",
        "Invalid JSON-RPC data: 'params' must be an object.",
    )


def test_jsonrpc_routes_are_post_only(api: Api) -> None:
    response = api.request("GET", "/web/database/list")
    assert response.status_code == 405
    assert response.json()["name"] == "werkzeug.exceptions.MethodNotAllowed"


# --- res.users/context_get ----------------------------------------------------


def test_context_get_over_json2_is_the_callers_context(api: Api, registry: Registry) -> None:
    login = f"ctx_{uuid.uuid4().hex[:8]}"

    def make_user(env: Environment) -> int:
        user = env["res.users"].create(
            {"login": login, "name": "Context User", "tz": "America/New_York", "lang": "en_US"}
        )
        return int(user.id)

    uid = with_superuser(registry, make_user)
    key = create_api_key(registry, login, "tests")
    response = api.call("res.users", "context_get", {}, key=key)
    assert response.status_code == 200, response.text
    assert response.json() == {"lang": "en_US", "tz": "America/New_York", "uid": uid}
    assert list(response.json()) == ["lang", "tz", "uid"]
    # the uid a context carries changes nothing
    response = api.call("res.users", "context_get", {"context": {"uid": 1}}, key=key)
    assert response.json()["uid"] == uid
