"""``--db-filter`` and ``--database`` on the wire: the Host header picks the
database, a filtered-out database is absent on every route, and the lists
only name the databases served."""

from __future__ import annotations

import json
import xmlrpc.client
from collections.abc import Iterator
from typing import Any

import pytest

from jsontwo.db import Storage
from jsontwo.http.app import create_app
from jsontwo.orm import Registry
from tests.conftest import Api, new_db_name, server_config

NO_DB = {"X-Odoo-Database": ""}
PAGE = "/web/account/security"
COUNT: dict[str, Any] = {"domain": []}


def served(storage: Storage, registry: Registry, key: str, **settings: Any) -> Api:
    """A client of an application started with the given filter settings."""
    return Api(create_app(server_config(storage, **settings)), registry.database.name, key)


@pytest.fixture
def other(storage: Storage) -> Iterator[str]:
    """A second (empty) database, so that monodb alone could not choose."""
    name = new_db_name("other")
    storage.create_empty(name)
    yield name
    storage.drop(name)


def test_the_host_picks_the_database(
    storage: Storage, registry: Registry, admin_key: str, other: str
) -> None:
    """With ``^%d$``, a request for <db>.example.com needs no X-Odoo-Database header;
    a host that names no database, or no host at all, is served none."""
    api = served(storage, registry, admin_key, db_filter="^%d$")
    admins = {"domain": [["login", "=", "admin"]]}
    for host in (f"{registry.database.name}.example.com", f"www.{registry.database.name}:8069"):
        answer = api.call("res.users", "search_count", admins, headers={"Host": host, **NO_DB})
        assert (answer.status_code, answer.json()) == (200, 1)
    for host, shown in (("nobody.example.com", "nobody.example.com"), ("", "")):
        refused = api.call("res.partner", "search_count", COUNT, headers={"Host": host, **NO_DB})
        assert refused.status_code == 404
        assert refused.json()["message"] == f"No database is served for host {shown!r}."


def test_a_filtered_out_database_is_absent_everywhere(
    storage: Storage, registry: Registry, admin_key: str, other: str
) -> None:
    """``--database`` names the databases served; another one, even existing, is
    refused by JSON-2, the documentation routes, XML-RPC and JSON-RPC, and left
    out of every list."""
    api = served(storage, registry, admin_key, db_names=(registry.database.name,))
    # the only database served is the default one, whatever else exists
    assert api.call("res.partner", "search_count", COUNT, headers=NO_DB).status_code == 200
    gone = f"Database {other!r} does not exist."
    refused = api.call("res.partner", "search_count", COUNT, headers={"X-Odoo-Database": other})
    assert (refused.status_code, refused.json()["message"]) == (404, gone)
    doc = api.request(
        "GET",
        "/doc-bearer/index.json",
        headers={"Authorization": f"bearer {admin_key}", "X-Odoo-Database": other},
    )
    assert (doc.status_code, doc.json()["message"]) == (404, gone)
    listing = api.request(
        "POST", "/web/database/list", json={}, headers={"Content-Type": "application/json"}
    )
    assert listing.json()["result"] == [registry.database.name]
    for method, params, expected in (
        ("list", (), [registry.database.name]),
        ("db_exist", (other,), False),
    ):
        body = xmlrpc.client.dumps(params, method).encode()
        reply = xmlrpc.client.loads(api.request("POST", "/xmlrpc/2/db", content=body).content)
        assert reply[0][0] == expected
    call = xmlrpc.client.dumps(
        (other, 2, admin_key, "res.partner", "search_count", [[]]), "execute_kw"
    )
    with pytest.raises(xmlrpc.client.Fault, match="does not exist"):
        xmlrpc.client.loads(api.request("POST", "/xmlrpc/2/object", content=call.encode()).content)
    login = {"service": "common", "method": "login", "args": [other, "admin", "admin"]}
    answer = api.request(
        "POST",
        "/jsonrpc",
        content=json.dumps({"jsonrpc": "2.0", "method": "call", "params": login, "id": 1}),
        headers={"Content-Type": "application/json"},
    )
    assert answer.json()["error"]["data"]["message"] == gone


def test_the_sign_in_form_names_only_the_databases_it_may(
    storage: Storage, registry: Registry, admin_key: str, other: str
) -> None:
    """The account page's sign-in form offers only the databases served, and with
    ``--no-list-db`` asks for the name instead of listing them."""
    names = sorted([registry.database.name, other])
    listed = served(storage, registry, admin_key).request("GET", PAGE).text
    assert all(f'<option value="{name}"' in listed for name in names)
    one = served(storage, registry, admin_key, db_names=(registry.database.name,))
    page = one.request("GET", PAGE).text
    assert other not in page and 'name="db"' not in page  # one database: nothing to choose
    private = served(storage, registry, admin_key, list_db=False).request("GET", PAGE).text
    assert '<input id="db" name="db" type="text"' in private
    assert not any(name in private for name in names)
