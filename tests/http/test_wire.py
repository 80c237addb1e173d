"""What every route does alike: a body larger than the server's limit is refused
before anything reads it, by each route that reads a body, in its protocol's
own way (413 and a JSON error; an XML-RPC fault)."""

from __future__ import annotations

import xmlrpc.client
from typing import Any

import pytest

from jsontwo.http import ServerConfig, create_app
from tests.conftest import Api

LIMIT = 1000
TOO_LARGE = "The request body is larger than 1000 bytes."
ENTITY = "werkzeug.exceptions.RequestEntityTooLarge"
#: every route that reads a body, but the XML-RPC ones and the account pages' forms
JSON_ROUTES = [
    "/json/2/res.partner/search",
    "/doc-bearer/index.json",
    "/doc-bearer/res.partner.json",
    "/doc-bearer/openapi.json",
    "/doc/index.json",
    "/doc/res.partner.json",
    "/web/webclient/version_info",
    "/web/database/list",
    "/jsonrpc",
    "/web/session/authenticate",
    "/web/session/get_session_info",
    "/web/session/destroy",
    "/web/dataset/call_kw",
    "/web/dataset/call_kw/res.partner/search",
    "/web/dataset/call_button",
    "/web/dataset/call_button/res.users.apikeys.description/make_key",
    "/mail/thread/messages",
    "/report/download",
    "/web/database/create",
    "/web/database/duplicate",
    "/web/database/drop",
    "/web/database/backup",
    "/web/database/change_password",
]
XMLRPC_ROUTES = ["/xmlrpc/2/common", "/xmlrpc/2/object", "/xmlrpc/2/db", "/xmlrpc/object"]
#: the account pages read small forms of their own (an oversized one is no form)
PAGE_PREFIX = "/web/account/security"
#: the routes that answer without reading a body
IGNORE_BODY = {"/web/version", "/json/version"}
#: the upload of a backup, spooled to disk as it arrives and not bounded by the
#: body limit (a backup is as large as its database: docs/databases.md says to
#: bound it at the reverse proxy, as for Odoo)
UPLOADS = {"/web/database/restore"}


@pytest.fixture(scope="module")
def limited(tmp_path_factory: pytest.TempPathFactory) -> Api:
    """A server whose body limit is 1000 bytes (it serves no database)."""
    data = tmp_path_factory.mktemp("limited")
    return Api(create_app(ServerConfig(data_dir=str(data), max_body_bytes=LIMIT)), "none", "")


def test_every_route_that_reads_a_body_is_listed_here(limited: Api) -> None:
    """A new route taking POST must join the lists above (and so be tested)."""
    posting: set[str] = set()

    def walk(routes: list[Any], prefix: str = "") -> None:
        for route in routes:
            if getattr(route, "methods", None) is None and hasattr(route, "routes"):
                walk(route.routes, prefix + route.path)
            elif "POST" in (route.methods or ()) and not route.path.startswith(PAGE_PREFIX):
                posting.add(prefix + route.path)

    walk(limited.app.other.routes)
    shapes = {
        "/doc-bearer/{model}.json": "/doc-bearer/res.partner.json",
        "/doc/{model}.json": "/doc/res.partner.json",
        "/xmlrpc/2/{service}": "/xmlrpc/2/common",
        "/xmlrpc/{service}": "/xmlrpc/object",
        "/web/dataset/call_kw/{path:path}": "/web/dataset/call_kw/res.partner/search",
        "/web/dataset/call_button/{path:path}": (
            "/web/dataset/call_button/res.users.apikeys.description/make_key"
        ),
    }
    # JSON-2 has a handler of its own, before these routes
    expected = {*JSON_ROUTES[1:], "/xmlrpc/2/common", "/xmlrpc/object", *IGNORE_BODY, *UPLOADS}
    assert {shapes.get(path, path) for path in posting} == expected


@pytest.mark.parametrize("path", JSON_ROUTES)
def test_a_body_over_the_limit_is_refused_with_413(limited: Api, path: str) -> None:
    response = limited.request(
        "POST", path, content=b" " * (LIMIT + 1), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    body = response.json()
    error = body["error"]["data"] if "jsonrpc" in body else body
    assert (error["name"], error["message"]) == (ENTITY, TOO_LARGE)


@pytest.mark.parametrize("path", XMLRPC_ROUTES)
def test_a_body_over_the_limit_is_an_xmlrpc_fault(limited: Api, path: str) -> None:
    call = xmlrpc.client.dumps(("x" * LIMIT,), "version").encode()
    response = limited.request("POST", path, content=call, headers={"Content-Type": "text/xml"})
    assert response.status_code == 200  # XML-RPC answers faults with 200
    with pytest.raises(xmlrpc.client.Fault) as caught:
        xmlrpc.client.loads(response.content)
    assert TOO_LARGE in caught.value.faultString


def test_a_body_at_the_limit_is_read(limited: Api) -> None:
    """Exactly LIMIT bytes pass the check (then the call goes on: no database)."""
    body = b'{"domain": []}'.ljust(LIMIT)
    response = limited.request(
        "POST",
        "/json/2/res.partner/search",
        content=body,
        headers={"Content-Type": "application/json", "Authorization": "bearer x"},
    )
    assert (response.status_code, response.json()["message"]) == (
        404,
        "No database exists yet: create one with 'jsontwo db create NAME'.",
    )
