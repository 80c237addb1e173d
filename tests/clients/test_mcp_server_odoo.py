"""mcp-server-odoo's library layer: ``OdooConfig`` and ``OdooConnection``, the
class its MCP tools call (the MCP transport itself is not under test).

Against a plain Odoo (no MCP module) the package works in "YOLO" mode, on
Odoo's own endpoints:

* JSON-2 (``ODOO_RPC_TRANSPORT=auto`` with an API key, or ``json2``):
  ``GET /web/version`` to connect, ``res.users/context_get`` to learn the
  key's user, then ``/json/2/<model>/<method>`` with named arguments.
* XML-RPC (``ODOO_RPC_TRANSPORT=xmlrpc``): ``/xmlrpc/2/common`` ``version``
  and ``authenticate``, then ``/xmlrpc/2/object`` ``execute_kw``.

The package's standard mode needs its own Odoo module (``/mcp/...`` routes),
which is not Odoo's and not jsontwo's; it is left out.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from mcp_server_odoo.config import OdooConfig
from mcp_server_odoo.odoo_connection import OdooConnection
from mcp_server_odoo.odoo_errors import OdooConnectionError, OdooValidationFault

from tests.clients.conftest import Server, unique_name

pytestmark = pytest.mark.server

MODES = ["json2", "xmlrpc password", "xmlrpc api key"]


def config_for(server: Server, mode: str) -> OdooConfig:
    """The configuration a user writes (ODOO_URL, ODOO_DB, ODOO_API_KEY, ODOO_YOLO, ...)."""
    if mode == "json2":
        # the default transport, "auto", takes JSON-2 once /web/version says 19.0
        return OdooConfig(url=server.url, api_key=server.key, database=server.db, yolo_mode="true")
    secret = {"password": server.password} if mode.endswith("password") else {"api_key": server.key}
    return OdooConfig(
        url=server.url,
        username=server.login,
        database=server.db,
        yolo_mode="true",
        rpc_transport="xmlrpc",
        **secret,
    )


@pytest.fixture(params=MODES)
def connection(server: Server, request: pytest.FixtureRequest) -> Iterator[OdooConnection]:
    """A connected, authenticated connection in each mode."""
    conn = OdooConnection(config_for(server, request.param))
    conn.connect()
    conn.authenticate(server.db)
    yield conn
    conn.disconnect()


def test_connects_and_authenticates(connection: OdooConnection, server: Server) -> None:
    expected = "json2" if connection.config.rpc_transport == "auto" else "xmlrpc"
    assert connection.rpc_transport == expected
    assert connection.is_authenticated
    assert connection.uid == 2
    assert connection.database == server.db
    assert connection.get_major_version() == 19
    assert connection.check_health() == (True, "Connected to Odoo 19.0")


def test_partner_lifecycle(connection: OdooConnection) -> None:
    name = unique_name(f"mcp-server-odoo {connection.rpc_transport}")

    # the package hands back the id itself on both transports
    new_id = connection.create("res.partner", {"name": name, "is_company": True})
    assert isinstance(new_id, int)

    found = connection.search_read(
        "res.partner",
        [["name", "=", name], ["is_company", "=", True]],
        fields=["name", "email"],
        limit=10,
    )
    assert found == [{"id": new_id, "name": name, "email": False}]

    assert connection.write("res.partner", [new_id], {"email": "mcp@example.com"}) is True
    assert connection.read("res.partner", [new_id], ["email"]) == [
        {"id": new_id, "email": "mcp@example.com"}
    ]
    assert (
        connection.search_count(
            "res.partner", [["email", "=", "mcp@example.com"], ["name", "=", name]]
        )
        == 1
    )

    fields = connection.fields_get("res.partner", attributes=["string", "type"])
    assert fields["email"] == {"string": "Email", "type": "char"}

    assert connection.unlink("res.partner", [new_id]) is True
    assert connection.search("res.partner", [["name", "=", name]]) == []


def test_unknown_model_is_the_packages_validation_fault(connection: OdooConnection) -> None:
    with pytest.raises(OdooValidationFault) as caught:
        connection.search_count("x.no.such.model", [])
    assert "x.no.such.model" in str(caught.value)


def test_lists_databases_through_web_database_list(server: Server) -> None:
    connection = OdooConnection(config_for(server, "json2"))
    connection.connect()
    try:
        assert server.db in connection.list_databases()
    finally:
        connection.disconnect()


def test_refused_api_key_is_a_connection_error(server: Server) -> None:
    config = OdooConfig(
        url=server.url,
        api_key="0" * 40,
        database=server.db,
        yolo_mode="true",
        rpc_transport="json2",
    )
    connection = OdooConnection(config)
    connection.connect()
    try:
        with pytest.raises(OdooConnectionError, match="Odoo refused the API key"):
            connection.authenticate(server.db)
    finally:
        connection.disconnect()


def test_standard_mode_needs_the_packages_own_odoo_module(server: Server) -> None:
    """Without ODOO_YOLO the package talks to its Odoo module's ``/mcp/xmlrpc/*``
    routes; jsontwo, like an Odoo 19 without that module, has none."""
    config = OdooConfig(url=server.url, api_key=server.key, database=server.db)
    connection = OdooConnection(config)
    with pytest.raises(OdooConnectionError, match="404 Not Found"):
        connection.connect()
