"""odoo-client-lib (``odoolib``), Odoo's own client library, in each of its
modes against the real server:

* ``json2``: JSON-2 with a bearer key. Named arguments go straight through;
  positional ones are named from the method signatures of
  ``/doc-bearer/<model>.json`` (the library reads them once per model).
* ``xmlrpc``: the historical ``/xmlrpc/common`` and ``/xmlrpc/object``
  endpoints (not ``/xmlrpc/2``), whose faults carry string codes.
* ``jsonrpc``: ``/jsonrpc`` with the services ``common`` and ``object``.

Both legacy modes log in with ``common.login``; the password slot takes the
user's password or an API key.
"""

from __future__ import annotations

import xmlrpc.client
from typing import Any, cast

import httpx
import odoolib
import pytest
from odoolib.tools import AuthenticationError, JsonRPCException

from jsontwo.db import Storage
from tests.clients.conftest import Server, create_key, unique_name

pytestmark = pytest.mark.server


def json2_connection(server: Server, key: str | None = None) -> Any:
    """A JSON-2 connection as the library's README builds one (the key as password)."""
    return odoolib.get_connection(
        hostname=server.host,
        protocol="json2",
        port=server.port,
        database=server.db,
        password=key or server.key,
    )


def test_json2_partner_lifecycle_with_named_arguments(server: Server) -> None:
    partners = json2_connection(server).get_model("res.partner")
    name = unique_name("odoolib json2")

    [new_id] = partners.create(vals_list=[{"name": name, "is_company": True}])
    found = partners.search_read(
        domain=[["name", "=", name], ["is_company", "=", True]], fields=["name", "email"]
    )
    assert found == [{"id": new_id, "name": name, "email": False}]

    assert partners.write(ids=[new_id], vals={"email": "json2@example.com"}) is True
    # the library hands back the record itself when one was read
    assert partners.read(ids=[new_id], fields=["email"]) == {
        "id": new_id,
        "email": "json2@example.com",
    }
    assert (
        partners.search_count(domain=[["email", "=", "json2@example.com"], ["name", "=", name]])
        == 1
    )

    fields = partners.fields_get(attributes=["string", "type"])
    assert fields["email"] == {"string": "Email", "type": "char"}

    assert partners.unlink(ids=[new_id]) is True
    assert partners.search(domain=[["name", "=", name]]) == []


def test_json2_positional_arguments_named_from_the_doc_bearer_signatures(server: Server) -> None:
    """An older script moved to JSON-2 unchanged: positional arguments only."""
    partners = json2_connection(server).get_model("res.partner")
    name = unique_name("odoolib json2 positional")

    # create is an @api.model method: its first argument is vals_list, not ids
    [new_id] = partners.create([{"name": name, "is_company": True}])
    assert partners.search([["name", "=", name]]) == [new_id]
    # write is a record method: its first argument becomes ids, the next vals
    assert partners.write([new_id], {"email": "positional@example.com"}) is True
    assert partners.read([new_id], ["email"]) == {
        "id": new_id,
        "email": "positional@example.com",
    }
    assert partners.search_count([["name", "=", name]]) == 1
    assert partners.unlink([new_id]) is True
    assert partners.search_count([["name", "=", name]]) == 0


def test_json2_positional_arguments_need_the_documentation_group(
    server: Server, storage: Storage
) -> None:
    """As on Odoo: a user outside "Technical Documentation" may not read the
    signatures, so only named arguments work with that user's key."""
    partners = json2_connection(server, create_key(storage, server, "demo")).get_model(
        "res.partner"
    )
    assert partners.search_count(domain=[["name", "=", "Acme Corporation"]]) == 1
    with pytest.raises(httpx.HTTPStatusError) as caught:
        partners.search_count([["name", "=", "Acme Corporation"]])
    assert caught.value.response.status_code == 403
    assert caught.value.response.json()["name"] == "odoo.exceptions.AccessError"


def test_json2_check_login_reads_the_user_context(server: Server) -> None:
    connection = json2_connection(server)
    assert connection.check_login() is True
    assert connection.get_user_context()["lang"] == "en_US"


def test_json2_refused_key_is_an_authentication_failure(server: Server) -> None:
    connection = odoolib.get_connection(
        hostname=server.host,
        protocol="json2",
        port=server.port,
        database=server.db,
        password="0" * 40,
    )
    assert connection.check_login() is False


def test_json2_unknown_model_raises_the_librarys_error(server: Server) -> None:
    model = json2_connection(server).get_model("x.no.such.model")
    with pytest.raises(ValueError, match="Unexpected status code 404") as caught:
        model.search_count(domain=[])
    assert "x.no.such.model" in str(caught.value)


LEGACY = ["xmlrpc", "jsonrpc"]


def legacy_connection(server: Server, protocol: str, secret: str) -> Any:
    """A legacy connection as the README builds one, with a password or an API key."""
    return odoolib.get_connection(
        hostname=server.host,
        protocol=protocol,
        port=server.port,
        database=server.db,
        login=server.login,
        password=server.password if secret == "password" else server.key,
    )


@pytest.mark.parametrize("secret", ["password", "api key"])
@pytest.mark.parametrize("protocol", LEGACY)
def test_legacy_partner_lifecycle(server: Server, protocol: str, secret: str) -> None:
    connection = legacy_connection(server, protocol, secret)
    connection.check_login()
    assert connection.user_id == 2  # the demo administrator
    partners = connection.get_model("res.partner")
    name = unique_name(f"odoolib {protocol}")

    # legacy create with one dict answers the new id itself
    new_id = partners.create({"name": name, "is_company": True})
    assert isinstance(new_id, int)

    # the library's search_read is a search (limit and order sent as False) and a read
    found = partners.search_read([["name", "=", name], ["is_company", "=", True]], ["name"])
    assert found == [{"id": new_id, "name": name}]

    assert partners.write([new_id], {"email": f"{protocol}@example.com"}) is True
    assert partners.read(new_id, ["email"]) == {"id": new_id, "email": f"{protocol}@example.com"}
    assert (
        partners.search_count([["email", "=", f"{protocol}@example.com"], ["name", "=", name]]) == 1
    )

    fields = partners.fields_get(attributes=["string", "type"])
    assert fields["email"] == {"string": "Email", "type": "char"}

    assert partners.unlink([new_id]) is True
    assert partners.search([["name", "=", name]]) == []
    assert connection.get_user_context()["lang"] == "en_US"


@pytest.mark.parametrize("protocol", LEGACY)
def test_legacy_wrong_password_is_an_authentication_error(server: Server, protocol: str) -> None:
    connection = odoolib.get_connection(
        hostname=server.host,
        protocol=protocol,
        port=server.port,
        database=server.db,
        login=server.login,
        password="not the password",
    )
    with pytest.raises(AuthenticationError, match="Authentication failure"):
        connection.check_login()


def test_xmlrpc_unknown_model_is_a_fault_with_a_string_code(server: Server) -> None:
    model = legacy_connection(server, "xmlrpc", "password").get_model("x.no.such.model")
    with pytest.raises(xmlrpc.client.Fault) as caught:
        model.search_count([])
    # /xmlrpc (version 1) names the kind of error in the fault code itself
    # (typeshed declares faultCode an int, the /xmlrpc/2 kind)
    fault_code = cast(str, caught.value.faultCode)
    assert fault_code.startswith("warning -- UserError\n\n")
    assert "x.no.such.model" in fault_code


def test_jsonrpc_unknown_model_is_the_librarys_json_rpc_exception(server: Server) -> None:
    model = legacy_connection(server, "jsonrpc", "password").get_model("x.no.such.model")
    with pytest.raises(JsonRPCException) as caught:
        model.search_count([])
    error = caught.value.error
    assert error["code"] == 0
    assert error["message"] == "Odoo Server Error"
    assert error["data"]["name"] == "odoo.exceptions.UserError"
    assert "x.no.such.model" in error["data"]["message"]
