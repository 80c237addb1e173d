"""odoo-json2 (``JSON2Client``): JSON-2 with a bearer key, driven through its
``env[model]`` proxy as its README shows, against the real server."""

from __future__ import annotations

import pytest
from odoo_json2 import JSON2Client, OdooNotFoundError

from tests.clients.conftest import Server, unique_name

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def client(server: Server) -> JSON2Client:
    """The client as its README builds it: host, API key and database."""
    return JSON2Client(host=server.url, api_key=server.key, database=server.db)


def test_version_comes_from_web_version(client: JSON2Client) -> None:
    # the client falls back to a made-up answer when the route fails: ask for Odoo's own
    assert client.version() == {"version_info": [19, 0, 0, "final", 0, ""], "version": "19.0"}


def test_partner_lifecycle(client: JSON2Client) -> None:
    partners = client.env["res.partner"]
    name = unique_name("odoo-json2")

    # JSON-2 answers a create with the list of new ids, as Odoo 19 does
    [new_id] = partners.create({"name": name, "is_company": True})
    assert isinstance(new_id, int)

    found = partners.search_read(
        domain=[("name", "=", name), ("is_company", "=", True)], fields=["name", "email"]
    )
    assert found == [{"id": new_id, "name": name, "email": False}]

    assert partners.write([new_id], {"email": "hello@example.com"}) is True
    assert partners.read([new_id], fields=["email"]) == [
        {"id": new_id, "email": "hello@example.com"}
    ]
    assert partners.search_count([("email", "=", "hello@example.com"), ("name", "=", name)]) == 1

    fields = partners.fields_get(attributes=["string", "type"])
    assert fields["email"] == {"string": "Email", "type": "char"}
    assert fields["is_company"]["type"] == "boolean"

    assert partners.unlink([new_id]) is True
    assert partners.search([("name", "=", name)]) == []
    assert partners.search_count([("name", "=", name)]) == 0


def test_unknown_model_raises_the_clients_not_found_error(client: JSON2Client) -> None:
    with pytest.raises(OdooNotFoundError) as caught:
        client.env["x.no.such.model"].search_count([])
    assert caught.value.status_code == 404
    assert "x.no.such.model" in caught.value.message
    assert caught.value.raw_error["name"] == "werkzeug.exceptions.NotFound"
