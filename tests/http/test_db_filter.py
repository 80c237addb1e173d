"""``--db-filter`` and ``--database`` on the wire: the Host header picks the
database, a filtered-out database is absent on every route, and the lists
only name the databases served."""

from __future__ import annotations

import xmlrpc.client
from collections.abc import Iterator
from typing import Any

import pytest

from jsontwo.db import Storage
from jsontwo.http.app import create_app
from jsontwo.http.config import ServerConfig
from jsontwo.orm import Registry
from tests.conftest import Api, new_db_name


def served(storage: Storage, registry: Registry, key: str, **settings: Any) -> Api:
    """A client of an application started with the given filter settings."""
    env = storage.environment()
    config = ServerConfig(
        data_dir=env.get("JSONTWO_DATA_DIR", "data"), db_url=env.get("JSONTWO_DB_URL"), **settings
    )
    return Api(create_app(config), registry.database.name, key)


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
    """With ``^%d$``, a request for <db>.example.com needs no X-Odoo-Database header."""
    api = served(storage, registry, admin_key, db_filter="^%d$")
    host = {"Host": f"{registry.database.name}.example.com", "X-Odoo-Database": ""}
    answer = api.call(
        "res.users", "search_count", {"domain": [["login", "=", "admin"]]}, headers=host
    )
    assert (answer.status_code, answer.json()) == (200, 1)
    elsewhere = api.call(
        "res.partner", "search_count", {"domain": []}, headers={"X-Odoo-Database": ""}
    )
    assert elsewhere.status_code == 404
    assert "serve none for this host" in elsewhere.json()["message"]


def test_a_filtered_out_database_is_absent_everywhere(
    storage: Storage, registry: Registry, admin_key: str, other: str
) -> None:
    """``--database`` names the databases served; another one, even existing, is
    refused by JSON-2 and XML-RPC and left out of every list."""
    api = served(storage, registry, admin_key, db_names=(registry.database.name,))
    # the only database served is the default one, whatever else exists
    answer = api.call(
        "res.partner", "search_count", {"domain": []}, headers={"X-Odoo-Database": ""}
    )
    assert answer.status_code == 200
    refused = api.call(
        "res.partner", "search_count", {"domain": []}, headers={"X-Odoo-Database": other}
    )
    assert refused.status_code == 404
    assert refused.json()["message"] == f"Database {other!r} does not exist."
    listing = api.request(
        "POST", "/web/database/list", json={}, headers={"Content-Type": "application/json"}
    )
    assert listing.json()["result"] == [registry.database.name]
    for method, params in (("list", ()), ("db_exist", (other,))):
        body = xmlrpc.client.dumps(params, method).encode()
        reply = xmlrpc.client.loads(api.request("POST", "/xmlrpc/2/db", content=body).content)
        assert reply[0][0] == ([registry.database.name] if method == "list" else False)
    call = xmlrpc.client.dumps(
        (other, 2, admin_key, "res.partner", "search_count", [[]]), "execute_kw"
    )
    with pytest.raises(xmlrpc.client.Fault, match="does not exist"):
        xmlrpc.client.loads(api.request("POST", "/xmlrpc/2/object", content=call.encode()).content)
