"""OdooRPC: JSON-RPC only. It reads the server version from
``/web/webclient/version_info``, logs in with ``/jsonrpc`` ``common.login``,
reads the user context with ``object.execute(..., "res.users", "context_get")``,
builds each model's proxy from ``fields_get``, and sends every model call as
``object.execute_kw`` with the user context.
"""

from __future__ import annotations

import odoorpc
import pytest

from tests.clients.conftest import Server, unique_name

pytestmark = pytest.mark.server


def connect(server: Server, secret: str = "password") -> odoorpc.ODOO:
    """Connect and log in as the README shows, with the password or an API key."""
    odoo = odoorpc.ODOO(server.host, port=server.port)
    odoo.login(server.db, server.login, server.password if secret == "password" else server.key)
    return odoo


def test_version_and_login(server: Server) -> None:
    odoo = odoorpc.ODOO(server.host, port=server.port)
    assert odoo.version == "19.0"
    assert server.db in odoo.db.list()  # the db service over /jsonrpc
    odoo.login(server.db, server.login, server.password)
    assert odoo.env.uid == 2
    assert odoo.env.context["lang"] == "en_US"
    assert odoo.env.context["uid"] == 2
    # the current user, read through browse (every non-relational field)
    assert odoo.env.user.login == "admin"
    assert "res.partner" in odoo.env
    assert "x.no.such.model" not in odoo.env


@pytest.mark.parametrize("secret", ["password", "api key"])
def test_partner_lifecycle(server: Server, secret: str) -> None:
    odoo = connect(server, secret)
    partners = odoo.env["res.partner"]
    name = unique_name("OdooRPC")

    new_id = partners.create({"name": name, "is_company": True})
    assert isinstance(new_id, int)

    found = partners.search_read(
        [("name", "=", name), ("is_company", "=", True)], ["name", "email"]
    )
    assert found == [{"id": new_id, "name": name, "email": False}]

    # a record's field set through browse is written at once (auto_commit)
    partner = partners.browse(new_id)
    assert partner.name == name
    assert partner.is_company is True
    partner.email = "odoorpc@example.com"
    assert partners.read([new_id], ["email"]) == [{"id": new_id, "email": "odoorpc@example.com"}]
    assert partners.browse(new_id).email == "odoorpc@example.com"

    assert partners.search_count([("email", "=", "odoorpc@example.com"), ("name", "=", name)]) == 1

    fields = partners.fields_get(attributes=["string", "type"])
    assert fields["email"] == {"string": "Email", "type": "char"}

    assert partners.unlink([new_id]) is True
    assert partners.search([("name", "=", name)]) == []


def test_wrong_password_is_refused(server: Server) -> None:
    odoo = odoorpc.ODOO(server.host, port=server.port)
    with pytest.raises(odoorpc.error.RPCError, match="Wrong login ID or password"):
        odoo.login(server.db, server.login, "not the password")


def test_unknown_model_raises_the_clients_rpc_error(server: Server) -> None:
    odoo = connect(server)
    with pytest.raises(odoorpc.error.RPCError) as caught:
        odoo.env["x.no.such.model"]
    assert "x.no.such.model" in str(caught.value)
    info = caught.value.info
    assert info["code"] == 0
    assert info["message"] == "Odoo Server Error"
    assert info["data"]["name"] == "odoo.exceptions.UserError"


def test_web_session_routes_through_the_low_level_json(server: Server) -> None:
    """OdooRPC's documented low-level ``json()``: sign in with
    ``/web/session/authenticate`` (its opener keeps the session cookie), call
    models with ``/web/dataset/call_kw``, sign out with ``/web/session/destroy``."""
    odoo = odoorpc.ODOO(server.host, port=server.port)
    signed_in = odoo.json(
        "/web/session/authenticate",
        {"db": server.db, "login": server.login, "password": server.password},
    )["result"]
    assert (signed_in["uid"], signed_in["db"], signed_in["username"]) == (2, server.db, "admin")
    assert signed_in["user_context"]["uid"] == 2
    name = unique_name("OdooRPC web")

    def call_kw(method: str, args: list[object]) -> object:
        params = {"model": "res.partner", "method": method, "args": args, "kwargs": {}}
        return odoo.json(f"/web/dataset/call_kw/res.partner/{method}", params)["result"]

    created = call_kw("create", [{"name": name}])
    assert isinstance(created, int)
    assert call_kw("read", [[created], ["name"]]) == [{"id": created, "name": name}]
    assert call_kw("unlink", [[created]]) is True
    odoo.json("/web/session/destroy", {})
    with pytest.raises(odoorpc.error.RPCError) as caught:
        call_kw("search_count", [[]])
    assert caught.value.info["code"] == 100
    assert caught.value.info["data"]["name"] == "odoo.http.SessionExpiredException"


def test_reports_are_listed_and_printed_through_the_session(server: Server) -> None:
    """``odoo.report.list()`` reads ``ir.actions.report``; OdooRPC's ``download``
    is not implemented for Odoo 14 and later, so a PDF comes from the report
    route with the session its opener keeps, as the web client gets it."""
    odoo = connect(server)
    sale_reports = {r["report_name"]: r for r in odoo.report.list()["sale.order"]}
    assert sale_reports["sale.report_saleorder"]["name"] == "Quotation / Order"
    assert sale_reports["sale.report_saleorder"]["report_type"] == "qweb-pdf"
    odoo.json(
        "/web/session/authenticate",
        {"db": server.db, "login": server.login, "password": server.password},
    )
    order_id = odoo.env["sale.order"].search([], limit=1)[0]
    response = odoo.http(f"report/pdf/sale.report_saleorder/{order_id}")
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.read().startswith(b"%PDF-")
