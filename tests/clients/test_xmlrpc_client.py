"""Python's ``xmlrpc.client`` exactly as Odoo's External RPC API documentation
uses it: ``/xmlrpc/2/common`` (``version``, ``authenticate``) and
``/xmlrpc/2/object`` (``execute_kw``), with the password or, as the
documentation says, an API key in its place.
"""

from __future__ import annotations

import xmlrpc.client
from typing import Any, cast

import pytest

from tests.clients.conftest import Server, unique_name

pytestmark = pytest.mark.server


def test_version(server: Server) -> None:
    common = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/common")
    assert common.version() == {
        "server_version": "19.0",
        "server_version_info": [19, 0, 0, "final", 0, ""],
        "server_serie": "19.0",
        "protocol_version": 1,
    }


def test_authenticate_answers_false_on_a_wrong_password(server: Server) -> None:
    common = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/common")
    assert common.authenticate(server.db, server.login, "not the password", {}) is False


@pytest.mark.parametrize("secret", ["password", "api key"])
def test_partner_lifecycle(server: Server, secret: str) -> None:
    url, db, username = server.url, server.db, server.login
    password = server.password if secret == "password" else server.key
    common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common")
    uid = common.authenticate(db, username, password, {})
    assert uid == 2
    models = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object")
    name = unique_name("xmlrpc.client")

    # the documentation's first call: name passed by position, limit by keyword
    # xmlrpc.client types every answer as any XML-RPC value; these shapes are known
    matches = cast(
        list[list[Any]],
        models.execute_kw(db, uid, password, "res.partner", "name_search", ["acme"], {"limit": 10}),
    )
    # the company and its contacts, whose display names start with it
    labels = [label for _id, label in matches]
    assert labels[0] == "Acme Corporation"
    assert all(label.startswith("Acme Corporation") for label in labels)

    new_id = models.execute_kw(
        db, uid, password, "res.partner", "create", [{"name": name, "is_company": True}]
    )
    assert isinstance(new_id, int)

    found = models.execute_kw(
        db,
        uid,
        password,
        "res.partner",
        "search_read",
        [[["name", "=", name], ["is_company", "=", True]]],
        {"fields": ["name", "country_id", "comment"], "limit": 5},
    )
    # no None over XML-RPC: empty values are False
    assert found == [{"id": new_id, "name": name, "country_id": False, "comment": False}]

    assert models.execute_kw(
        db, uid, password, "res.partner", "write", [[new_id], {"email": "xmlrpc@example.com"}]
    )
    # fields by position, as the documentation reads the name back after a write
    assert models.execute_kw(
        db, uid, password, "res.partner", "read", [[new_id], ["display_name"]]
    ) == [{"id": new_id, "display_name": name}]
    [record] = cast(
        list[dict[str, Any]],
        models.execute_kw(
            db, uid, password, "res.partner", "read", [[new_id]], {"fields": ["email"]}
        ),
    )
    assert record == {"id": new_id, "email": "xmlrpc@example.com"}
    # every field the user may read, as the documentation's first read does
    [everything] = cast(
        list[dict[str, Any]],
        models.execute_kw(db, uid, password, "res.partner", "read", [[new_id]]),
    )
    assert everything["email"] == "xmlrpc@example.com"
    assert isinstance(everything["create_date"], str)  # dates travel as strings
    assert None not in everything.values()

    assert (
        models.execute_kw(
            db,
            uid,
            password,
            "res.partner",
            "search_count",
            [[["email", "=", "xmlrpc@example.com"], ["name", "=", name]]],
        )
        == 1
    )

    fields = cast(
        dict[str, dict[str, Any]],
        models.execute_kw(
            db,
            uid,
            password,
            "res.partner",
            "fields_get",
            [],
            {"attributes": ["string", "help", "type"]},
        ),
    )
    assert fields["email"]["type"] == "char"
    assert fields["email"]["string"] == "Email"

    assert models.execute_kw(db, uid, password, "res.partner", "unlink", [[new_id]]) is True
    assert (
        models.execute_kw(db, uid, password, "res.partner", "search", [[["id", "=", new_id]]]) == []
    )
    assert (
        models.execute_kw(
            db,
            uid,
            password,
            "res.partner",
            "search",
            [[["name", "=", name]]],
            {"offset": 0, "limit": 5},
        )
        == []
    )


def test_unknown_model_is_a_fault_with_odoos_warning_code(server: Server) -> None:
    common = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/common")
    uid = common.authenticate(server.db, server.login, server.password, {})
    models = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/object")
    with pytest.raises(xmlrpc.client.Fault) as caught:
        models.execute_kw(server.db, uid, server.password, "x.no.such.model", "search_count", [[]])
    assert caught.value.faultCode == 2  # a UserError
    assert "x.no.such.model" in caught.value.faultString


def test_wrong_password_on_object_is_access_denied(server: Server) -> None:
    models = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/object")
    with pytest.raises(xmlrpc.client.Fault) as caught:
        models.execute_kw(server.db, 2, "not the password", "res.partner", "search_count", [[]])
    assert caught.value.faultCode == 3  # AccessDenied
