"""Field tracking over JSON-2, on both backends: a write that changes tracked
fields of a sales order or a contact logs one message per record with its
``mail.tracking.value`` rows, as Odoo 19 does; untracked writes, unchanged
values and the context keys that turn tracking off log nothing; the totals a
new line changes are tracked; the chatter's route shows the values."""

from __future__ import annotations

from typing import Any

from jsontwo.orm import Registry
from tests.conftest import Api
from tests.http.test_json2 import assert_error, assert_ok
from tests.http.test_pages import Client
from tests.http.test_web_session import rpc, sign_in
from tests.modules.base.test_apikeys import new_user, unique

VALUES = ["display_name", "old_value_char", "new_value_char", "old_value_integer"]
VALUES += ["new_value_integer", "old_value_float", "new_value_float", "currency_id"]


def company(api: Api, name: str) -> int:
    """A new company contact."""
    vals = {"name": name, "is_company": True}
    return int(assert_ok(api.call("res.partner", "create", {"vals_list": [vals]}))[0])


def new_order(api: Api, partner: int) -> int:
    """A new quotation for ``partner``."""
    vals = {"partner_id": partner, "client_order_ref": unique("trk")}
    return int(assert_ok(api.call("sale.order", "create", {"vals_list": [vals]}))[0])


def write(api: Api, model: str, ids: list[int], vals: dict[str, Any], **context: Any) -> None:
    body: dict[str, Any] = {"ids": ids, "vals": vals}
    if context:
        body["context"] = context
    assert assert_ok(api.call(model, "write", body)) is True


def messages(api: Api, model: str, res_id: int) -> list[dict[str, Any]]:
    """A record's messages, newest first, with their tracking values."""
    fields = ["body", "message_type", "subtype_id", "is_internal", "tracking_value_ids"]
    body = {"domain": [["model", "=", model], ["res_id", "=", res_id]], "fields": fields}
    return list(assert_ok(api.call("mail.message", "search_read", body)))


def values(api: Api, ids: list[int]) -> list[dict[str, Any]]:
    body = {"ids": ids, "fields": VALUES}
    return list(assert_ok(api.call("mail.tracking.value", "read", body)))


def test_a_tracked_write_logs_one_note_with_its_values(api: Api) -> None:
    """Customer and salesperson change in one write: one internal note without
    body, a value per field, the customer (sequence 1) shown first; the customer
    reference (not tracked) is not among them."""
    first, second = company(api, unique("trk a")), company(api, unique("trk b"))
    order = new_order(api, first)
    write(api, "sale.order", [order], {"partner_id": second, "user_id": False, "origin": "x"})
    latest, creation = messages(api, "sale.order", order)
    assert creation["body"] == "<p>Sales Order created</p>"
    assert creation["tracking_value_ids"] == []
    assert (latest["body"], latest["message_type"], latest["is_internal"]) == (
        "",
        "notification",
        True,
    )
    assert latest["subtype_id"][1] == "Note"
    customer, salesperson = values(api, latest["tracking_value_ids"])
    assert customer["display_name"] == "Customer (Sales Order)"
    assert (customer["old_value_integer"], customer["new_value_integer"]) == (first, second)
    assert customer["new_value_char"].startswith("trk b")
    assert salesperson["display_name"] == "Salesperson (Sales Order)"
    assert (salesperson["old_value_char"], salesperson["new_value_char"]) == ("Mitchell Admin", "")
    assert salesperson["new_value_integer"] == 0


def test_what_logs_nothing(api: Api) -> None:
    """An untracked field, a tracked field's own value, and a write under
    ``mail_notrack`` or ``tracking_disable`` log no message."""
    partner = company(api, unique("trk c"))
    order = new_order(api, partner)
    write(api, "sale.order", [order], {"origin": "untracked"})
    write(api, "sale.order", [order], {"partner_id": partner})
    write(api, "sale.order", [order], {"locked": True}, mail_notrack=True)
    write(api, "sale.order", [order], {"locked": False}, tracking_disable=True)
    assert len(messages(api, "sale.order", order)) == 1


def test_one_message_per_record_and_the_state_subtype(api: Api) -> None:
    """A write on two orders logs one message on each; marking one sent posts
    its change of state as the subtype Quotation sent, not internal."""
    partner = company(api, unique("trk d"))
    orders = [new_order(api, partner), new_order(api, partner)]
    write(api, "sale.order", orders, {"locked": True})
    for order in orders:
        latest = messages(api, "sale.order", order)[0]
        [locked] = values(api, latest["tracking_value_ids"])
        assert (locked["old_value_integer"], locked["new_value_integer"]) == (0, 1)
    write(api, "sale.order", orders, {"locked": False})
    assert_ok(api.call("sale.order", "action_quotation_sent", {"ids": [orders[0]]}))
    sent = messages(api, "sale.order", orders[0])[0]
    assert (sent["subtype_id"][1], sent["is_internal"]) == ("Quotation sent", False)
    [state] = values(api, sent["tracking_value_ids"])
    assert (state["old_value_char"], state["new_value_char"]) == ("Quotation", "Quotation Sent")


def test_a_new_line_tracks_the_order_totals(api: Api) -> None:
    """The totals a new line changes are tracked on the order, with the currency."""
    order = new_order(api, company(api, unique("trk e")))
    product = assert_ok(
        api.call("product.product", "search", {"domain": [["sale_ok", "=", True]], "limit": 1})
    )[0]
    line = {"order_id": order, "product_id": product, "product_uom_qty": 2}
    line |= {"price_unit": 100, "tax_ids": []}
    assert_ok(api.call("sale.order.line", "create", {"vals_list": [line]}))
    latest = messages(api, "sale.order", order)[0]
    total, untaxed = values(api, latest["tracking_value_ids"])
    assert (total["display_name"], untaxed["display_name"]) == (
        "Total (Sales Order)",
        "Untaxed Amount (Sales Order)",
    )
    assert (total["old_value_float"], total["new_value_float"]) == (0, 200)
    assert total["currency_id"][1] == "USD"


def test_a_contacts_tracked_fields(api: Api) -> None:
    """Email, phone, tax id and name of a contact, in their order; the job
    position is not tracked."""
    created = api.call("res.partner", "create", {"vals_list": [{"name": "trk contact"}]})
    partner = int(assert_ok(created)[0])
    vals = {"name": "trk renamed", "email": "trk@example.com", "phone": "123"}
    write(api, "res.partner", [partner], vals | {"vat": "BE0477472701", "function": "x"})
    latest = messages(api, "res.partner", partner)[0]
    names = [v["display_name"] for v in values(api, latest["tracking_value_ids"])]
    assert names == ["Email (Contact)", "Phone (Contact)", "Tax ID (Contact)", "Name (Contact)"]


def test_only_administrators_read_tracking_values(api: Api, registry: Registry) -> None:
    """An internal user without Settings may read the message, not its tracking
    values (Odoo's ``base.group_system`` field and model)."""
    order = new_order(api, company(api, unique("trk f")))
    write(api, "sale.order", [order], {"locked": True})
    latest = messages(api, "sale.order", order)[0]
    user = new_user(registry, groups=["base.group_user"])
    body = {"ids": latest["tracking_value_ids"], "fields": ["display_name"]}
    assert_error(
        api.call("mail.tracking.value", "read", body, user.key), 403, "odoo.exceptions.AccessError"
    )


def test_the_chatter_shows_the_values(api: Api, app: Any, registry: Registry) -> None:
    """``/mail/thread/messages`` gives each tracking value with Odoo's keys."""
    first, second = company(api, unique("trk g")), company(api, unique("trk h"))
    order = new_order(api, first)
    write(api, "sale.order", [order], {"partner_id": second, "user_id": False, "locked": True})
    client = Client(app)
    sign_in(client, registry.database.name)
    params = {"thread_model": "sale.order", "thread_id": order, "fetch_params": {"limit": 1}}
    [message] = rpc(client, "/mail/thread/messages", params)["result"]["data"]["mail.message"]
    customer, salesperson, locked = message["trackingValues"]
    assert customer["fieldInfo"] == {
        "changedField": "Customer",
        "currencyId": False,
        "floatPrecision": None,
        "fieldType": "many2one",
        "isPropertyField": False,
    }
    assert customer["oldValue"].startswith("trk g") and customer["newValue"].startswith("trk h")
    assert (salesperson["oldValue"], salesperson["newValue"]) == ("Mitchell Admin", "")
    assert (locked["fieldInfo"]["fieldType"], locked["oldValue"], locked["newValue"]) == (
        "boolean",
        False,
        True,
    )


def test_the_fields_tracking_sequence(api: Api) -> None:
    """``ir.model.fields.tracking``: the sequence of a tracked field (100 for
    ``tracking=True``), 0 for the others; searchable."""
    domain = [["model", "=", "sale.order"], ["name", "in", ["partner_id", "locked", "note"]]]
    body = {"domain": domain, "fields": ["name", "tracking"], "order": "name"}
    rows = assert_ok(api.call("ir.model.fields", "search_read", body))
    assert [(r["name"], r["tracking"]) for r in rows] == [
        ("locked", 100),
        ("note", 0),
        ("partner_id", 1),
    ]
    body = {"domain": [*domain, ["tracking", ">", 0]], "fields": ["name"], "order": "name"}
    assert [r["name"] for r in assert_ok(api.call("ir.model.fields", "search_read", body))] == [
        "locked",
        "partner_id",
    ]
    body = {"domain": [*domain, ["tracking", "=", 0]], "fields": ["name"]}
    assert [r["name"] for r in assert_ok(api.call("ir.model.fields", "search_read", body))] == [
        "note"
    ]
