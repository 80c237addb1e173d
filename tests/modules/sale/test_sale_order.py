"""The sale flow over JSON-2, on both backends: quotations created with their
lines in one call, confirmed, cancelled and set back to quotations with Odoo's
rules and messages; amounts stored and recomputed whenever a line is written,
added, moved or deleted; orders named by the ``sale.order`` sequence; the
access rules; the demo orders."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest

from jsontwo.orm import Environment, Registry
from jsontwo.service.databases import with_superuser
from tests.conftest import Api
from tests.http.test_json2 import assert_error, assert_ok
from tests.modules.base.companies import second_company
from tests.modules.base.test_apikeys import User, new_user, unique
from tests.modules.uom.test_uom import ref

USER_ERROR = "odoo.exceptions.UserError"
ACCESS_ERROR = "odoo.exceptions.AccessError"
VALIDATION_ERROR = "odoo.exceptions.ValidationError"
MISSING_ERROR = "odoo.exceptions.MissingError"
NOT_CONFIRMABLE = "Some orders are not in a state requiring confirmation."
NOT_DELETABLE = (
    "You can not delete a sent quotation or a confirmed sales order. You must first cancel it."
)
LINE_NOT_DELETABLE = (
    "Once a sales order is confirmed, you can't remove one of its lines (we need to track if "
    "something gets invoiced or delivered).\n                Set the quantity to 0 instead."
)
ORDER_NAME = re.compile(r"^S\d{5}$")
AMOUNTS = ["amount_untaxed", "amount_tax", "amount_total"]


@dataclass(frozen=True)
class Catalog:
    """What the tests sell: a taxed chair, an untaxed box (with a sales
    description), a 15% tax, a customer and its invoice contact."""

    chair: int
    box: int
    tax: int
    customer: int
    invoice_contact: int
    units: int


@pytest.fixture(scope="module")
def catalog(registry: Registry) -> Catalog:
    """The products, tax and customer of this module's tests."""

    def work(env: Environment) -> Catalog:
        tax = env["account.tax"].create(
            {"name": unique("VAT 15"), "amount": 15.0, "amount_type": "percent"}
        )
        products = env["product.product"].create(
            [
                {
                    "name": "Test Chair",
                    "default_code": unique("CH"),
                    "list_price": 100.0,
                    "taxes_id": [[6, 0, [tax.id]]],
                },
                {
                    "name": "Test Box",
                    "list_price": 15.8,
                    "description_sale": "Stackable",
                    "taxes_id": [[6, 0, []]],
                },
            ]
        )
        customer = env["res.partner"].create({"name": unique("Customer"), "is_company": True})
        contact = env["res.partner"].create(
            {"name": "Billing", "type": "invoice", "parent_id": customer.id}
        )
        units = env.ref("uom.product_uom_unit")
        assert units is not None
        return Catalog(
            products.ids[0], products.ids[1], tax.id, customer.id, contact.id, int(units.id)
        )

    return with_superuser(registry, work)


def create_order(api: Api, catalog: Catalog, key: str | None = None, **vals: Any) -> int:
    """A quotation for the catalog's customer: 3 chairs and 10 boxes at 5% off."""
    order = {
        "partner_id": catalog.customer,
        "order_line": [
            [0, 0, {"product_id": catalog.chair, "product_uom_qty": 3}],
            [0, 0, {"product_id": catalog.box, "product_uom_qty": 10, "discount": 5}],
        ],
        **vals,
    }
    created = assert_ok(api.call("sale.order", "create", {"vals_list": [order]}, key=key))
    assert len(created) == 1
    return int(created[0])


def read_order(api: Api, order_id: int, fields: list[str]) -> dict[str, Any]:
    return dict(assert_ok(api.call("sale.order", "read", {"ids": [order_id], "fields": fields}))[0])


def lines_of(api: Api, order_id: int, fields: list[str]) -> list[dict[str, Any]]:
    return list(
        assert_ok(
            api.call(
                "sale.order.line",
                "search_read",
                {"domain": [["order_id", "=", order_id]], "fields": fields},
            )
        )
    )


def amounts(api: Api, order_id: int) -> list[float]:
    order = read_order(api, order_id, AMOUNTS)
    return [order[name] for name in AMOUNTS]


def test_a_quotation_and_its_lines_in_one_create(api: Api, catalog: Catalog) -> None:
    order_id = create_order(api, catalog)
    order = read_order(
        api,
        order_id,
        [
            "name",
            "state",
            "partner_id",
            "partner_invoice_id",
            "partner_shipping_id",
            "user_id",
            "currency_id",
            "company_id",
            *AMOUNTS,
            "type_name",
        ],
    )
    assert ORDER_NAME.match(order["name"]), order["name"]
    assert order["state"] == "draft"
    assert order["type_name"] == "Quotation"
    assert order["partner_id"][0] == catalog.customer
    assert order["partner_invoice_id"][0] == catalog.invoice_contact
    assert order["partner_shipping_id"][0] == catalog.customer
    assert order["user_id"][0] == 2  # the caller, the admin
    assert order["currency_id"][1] == "USD"
    # 3 x 100 taxed 15%; 10 x 15.80 at 5% off = 150.10, untaxed
    assert [order[name] for name in AMOUNTS] == [450.1, 45.0, 495.1]
    lines = lines_of(
        api,
        order_id,
        [
            "name",
            "product_uom_qty",
            "product_uom_id",
            "price_unit",
            "discount",
            "tax_ids",
            "price_subtotal",
            "price_tax",
            "price_total",
            "state",
            "display_name",
            "sequence",
        ],
    )
    chair, box = lines
    assert chair["name"].endswith("] Test Chair") and chair["name"].startswith("[CH_")
    assert chair["product_uom_id"] == [catalog.units, "Units"]
    assert (chair["price_unit"], chair["tax_ids"]) == (100.0, [catalog.tax])
    assert (chair["price_subtotal"], chair["price_tax"], chair["price_total"]) == (
        300.0,
        45.0,
        345.0,
    )
    # "<order> - <product> (<customer>)", as Odoo names a line
    customer = order["partner_id"][1]
    assert chair["display_name"] == f"{order['name']} - {chair['name']} ({customer})"
    assert box["name"] == "Test Box\nStackable"
    assert box["display_name"] == f"{order['name']} - Test Box ({customer})"
    assert (box["price_unit"], box["discount"], box["tax_ids"]) == (15.8, 5.0, [])
    assert (box["price_subtotal"], box["price_total"]) == (150.1, 150.1)
    assert {line["state"] for line in lines} == {"draft"}


def test_values_given_for_a_line_win_over_the_product(api: Api, catalog: Catalog) -> None:
    line = {
        "product_id": catalog.chair,
        "name": "Custom chair",
        "price_unit": 80.0,
        "tax_ids": [[6, 0, []]],
    }
    order_id = create_order(api, catalog, order_line=[[0, 0, line]])
    (read,) = lines_of(api, order_id, ["name", "price_unit", "tax_ids", "price_total"])
    assert (read["name"], read["price_unit"], read["tax_ids"], read["price_total"]) == (
        "Custom chair",
        80.0,
        [],
        80.0,
    )


def test_confirming_then_confirming_again(api: Api, catalog: Catalog) -> None:
    order_id = create_order(api, catalog, date_order="2020-01-01 10:00:00")
    assert assert_ok(api.call("sale.order", "action_confirm", {"ids": [order_id]})) is True
    order = read_order(api, order_id, ["state", "date_order", "type_name"])
    assert order["state"] == "sale" and order["type_name"] == "Sales Order"
    assert order["date_order"] > "2020-01-01 10:00:00"  # confirmation dates the order
    assert {line["state"] for line in lines_of(api, order_id, ["state"])} == {"sale"}
    response = api.call("sale.order", "action_confirm", {"ids": [order_id]})
    assert_error(response, 422, USER_ERROR, NOT_CONFIRMABLE)


def test_a_cancelled_order_cannot_be_confirmed_until_set_back_to_quotation(
    api: Api, catalog: Catalog
) -> None:
    order_id = create_order(api, catalog)
    assert assert_ok(api.call("sale.order", "action_cancel", {"ids": [order_id]})) is True
    assert read_order(api, order_id, ["state"])["state"] == "cancel"
    response = api.call("sale.order", "action_confirm", {"ids": [order_id]})
    assert_error(response, 422, USER_ERROR, NOT_CONFIRMABLE)
    assert read_order(api, order_id, ["state"])["state"] == "cancel"  # nothing half-done
    assert assert_ok(api.call("sale.order", "action_draft", {"ids": [order_id]})) is True
    assert read_order(api, order_id, ["state"])["state"] == "draft"
    assert assert_ok(api.call("sale.order", "action_confirm", {"ids": [order_id]})) is True


def test_marking_a_quotation_sent_answers_null(api: Api, catalog: Catalog) -> None:
    order_id = create_order(api, catalog)
    assert assert_ok(api.call("sale.order", "action_quotation_sent", {"ids": [order_id]})) is None
    assert read_order(api, order_id, ["state"])["state"] == "sent"
    response = api.call("sale.order", "action_quotation_sent", {"ids": [order_id]})
    assert_error(response, 422, USER_ERROR, "Only draft orders can be marked as sent directly.")
    response = api.call("sale.order", "unlink", {"ids": [order_id]})
    assert_error(response, 422, USER_ERROR, NOT_DELETABLE)
    assert assert_ok(api.call("sale.order", "action_confirm", {"ids": [order_id]})) is True


def test_a_line_without_product_blocks_confirmation(api: Api, catalog: Catalog) -> None:
    """As in Odoo, a line without a product (nor type, nor down payment flag) is
    accepted (its CHECK constraint reads NULL), and the order cannot be confirmed."""
    order_id = create_order(api, catalog, order_line=[])
    assert amounts(api, order_id) == [0.0, 0.0, 0.0]
    response = api.call(
        "sale.order",
        "write",
        {"ids": [order_id], "vals": {"order_line": [[0, 0, {"name": "No product"}]]}},
    )
    assert_ok(response)
    assert_error(
        api.call("sale.order", "action_confirm", {"ids": [order_id]}),
        422,
        USER_ERROR,
        "Some order lines are missing a product, you need to correct them before going further.",
    )
    line = lines_of(api, order_id, ["is_downpayment", "price_unit", "discount", "customer_lead"])
    assert [(r["is_downpayment"], r["price_unit"], r["discount"]) for r in line] == [
        (False, 0.0, 0.0)
    ]


def test_sections_and_notes_carry_no_amount(api: Api, catalog: Catalog) -> None:
    order_id = create_order(
        api,
        catalog,
        order_line=[
            [0, 0, {"display_type": "line_section", "name": "Seats", "product_uom_qty": 4}],
            [0, 0, {"product_id": catalog.chair, "product_uom_qty": 1}],
            [0, 0, {"display_type": "line_note", "name": "Handle with care"}],
        ],
    )
    lines = lines_of(api, order_id, ["display_type", "product_uom_qty", "price_total"])
    assert [(line["display_type"], line["product_uom_qty"]) for line in lines] == [
        ("line_section", 0.0),
        (False, 1.0),
        ("line_note", 0.0),
    ]
    assert amounts(api, order_id) == [100.0, 15.0, 115.0]
    assert assert_ok(api.call("sale.order", "action_confirm", {"ids": [order_id]})) is True
    section = lines[0]["id"]
    response = api.call(
        "sale.order.line", "write", {"ids": [section], "vals": {"display_type": "line_note"}}
    )
    assert_error(
        response,
        422,
        USER_ERROR,
        "You cannot change the type of a sale order line. Instead you should delete the "
        "current line and create a new line of the proper type.",
    )
    # sections and notes may go, even from a confirmed order
    assert assert_ok(api.call("sale.order.line", "unlink", {"ids": [section]})) is True


def test_amounts_follow_the_lines(api: Api, catalog: Catalog) -> None:
    order_id = create_order(api, catalog)
    chair, box = (line["id"] for line in lines_of(api, order_id, ["id"]))
    # a line written directly
    vals: dict[str, Any] = {"product_uom_qty": 2, "price_unit": 110.0}
    assert assert_ok(api.call("sale.order.line", "write", {"ids": [chair], "vals": vals}))
    assert amounts(api, order_id) == [370.1, 33.0, 403.1]
    # through the order: update one line, add one
    commands = [
        [1, box, {"discount": 0}],
        [0, 0, {"product_id": catalog.chair, "product_uom_qty": 1}],
    ]
    assert assert_ok(
        api.call("sale.order", "write", {"ids": [order_id], "vals": {"order_line": commands}})
    )
    assert amounts(api, order_id) == [478.0, 48.0, 526.0]
    # a line deleted directly, then one through the order
    assert assert_ok(api.call("sale.order.line", "unlink", {"ids": [box]})) is True
    assert amounts(api, order_id) == [320.0, 48.0, 368.0]
    assert assert_ok(
        api.call("sale.order", "write", {"ids": [order_id], "vals": {"order_line": [[2, chair]]}})
    )
    assert amounts(api, order_id) == [100.0, 15.0, 115.0]
    # the taxes of a line
    (last,) = lines_of(api, order_id, ["id"])
    vals = {"tax_ids": [[5]]}
    assert assert_ok(api.call("sale.order.line", "write", {"ids": [last["id"]], "vals": vals}))
    assert amounts(api, order_id) == [100.0, 0.0, 100.0]


def test_a_line_moved_to_another_order_changes_both(api: Api, catalog: Catalog) -> None:
    first = create_order(api, catalog)
    second = create_order(api, catalog, order_line=[])
    chair = lines_of(api, first, ["id"])[0]["id"]
    vals = {"order_id": second}
    assert assert_ok(api.call("sale.order.line", "write", {"ids": [chair], "vals": vals}))
    assert amounts(api, first) == [150.1, 0.0, 150.1]
    assert amounts(api, second) == [300.0, 45.0, 345.0]


def test_a_new_product_brings_its_description_price_and_taxes(api: Api, catalog: Catalog) -> None:
    order_id = create_order(api, catalog)
    box = lines_of(api, order_id, ["id"])[1]["id"]
    vals = {"product_id": catalog.chair}
    assert assert_ok(api.call("sale.order.line", "write", {"ids": [box], "vals": vals}))
    (line,) = assert_ok(
        api.call(
            "sale.order.line",
            "read",
            {"ids": [box], "fields": ["name", "price_unit", "tax_ids", "price_subtotal"]},
        )
    )
    assert line["name"].endswith("] Test Chair")
    assert (line["price_unit"], line["tax_ids"], line["price_subtotal"]) == (
        100.0,
        [catalog.tax],
        950.0,
    )
    assert amounts(api, order_id) == [1250.0, 187.5, 1437.5]


def test_a_confirmed_order_keeps_its_lines_and_its_existence(api: Api, catalog: Catalog) -> None:
    order_id = create_order(api, catalog)
    assert assert_ok(api.call("sale.order", "action_confirm", {"ids": [order_id]})) is True
    chair = lines_of(api, order_id, ["id"])[0]["id"]
    response = api.call("sale.order.line", "unlink", {"ids": [chair]})
    assert_error(response, 422, USER_ERROR, LINE_NOT_DELETABLE)
    response = api.call(
        "sale.order", "write", {"ids": [order_id], "vals": {"order_line": [[2, chair]]}}
    )
    assert_error(response, 422, USER_ERROR, LINE_NOT_DELETABLE)
    assert_error(
        api.call("sale.order", "unlink", {"ids": [order_id]}), 422, USER_ERROR, NOT_DELETABLE
    )
    assert len(lines_of(api, order_id, ["id"])) == 2
    assert assert_ok(api.call("sale.order", "action_cancel", {"ids": [order_id]})) is True
    assert assert_ok(api.call("sale.order", "unlink", {"ids": [order_id]})) is True
    assert lines_of(api, order_id, ["id"]) == []  # the lines went with it


def test_a_locked_order(api: Api, catalog: Catalog) -> None:
    order_id = create_order(api, catalog)
    assert assert_ok(api.call("sale.order", "action_confirm", {"ids": [order_id]})) is True
    assert assert_ok(api.call("sale.order", "action_lock", {"ids": [order_id]})) is None
    chair = lines_of(api, order_id, ["id"])[0]["id"]
    response = api.call(
        "sale.order.line", "write", {"ids": [chair], "vals": {"price_unit": 1.0, "discount": 1}}
    )
    assert_error(
        response,
        422,
        USER_ERROR,
        "It is forbidden to modify the following fields in a locked order:\nUnit Price\n"
        "Discount (%)",
    )
    response = api.call("sale.order", "action_cancel", {"ids": [order_id]})
    assert_error(
        response, 422, USER_ERROR, "You cannot cancel a locked order. Please unlock it first."
    )
    assert assert_ok(api.call("sale.order", "action_unlock", {"ids": [order_id]})) is None
    assert assert_ok(api.call("sale.order", "action_cancel", {"ids": [order_id]})) is True


def test_orders_are_named_by_the_sequence(api: Api, catalog: Catalog, registry: Registry) -> None:
    body = {"vals_list": [{"partner_id": catalog.customer}, {"partner_id": catalog.customer}]}
    ids = assert_ok(api.call("sale.order", "create", body))
    names = [
        row["name"]
        for row in assert_ok(api.call("sale.order", "read", {"ids": ids, "fields": ["name"]}))
    ]
    first, second = (int(name[1:]) for name in names)
    assert second == first + 1
    given = assert_ok(
        api.call(
            "sale.order",
            "create",
            {"vals_list": [{"partner_id": catalog.customer, "name": "MY-1"}]},
        )
    )
    assert read_order(api, given[0], ["name"])["name"] == "MY-1"
    # the sequence is Odoo's: code sale.order, prefix S, five digits
    (sequence,) = assert_ok(
        api.call(
            "ir.sequence",
            "search_read",
            {
                "domain": [["code", "=", "sale.order"]],
                "fields": ["prefix", "padding", "company_id"],
            },
        )
    )
    assert (sequence["prefix"], sequence["padding"], sequence["company_id"]) == ("S", 5, False)
    following = assert_ok(api.call("sale.order", "copy", {"ids": [ids[1]]}))
    assert read_order(api, following[0], ["name"])["name"] == f"S{second + 1:05d}"


def test_a_new_customer_brings_its_addresses(api: Api, catalog: Catalog) -> None:
    order_id = create_order(api, catalog, order_line=[])
    other = assert_ok(
        api.call("res.partner", "create", {"vals_list": [{"name": unique("Other")}]})
    )[0]
    assert assert_ok(
        api.call("sale.order", "write", {"ids": [order_id], "vals": {"partner_id": other}})
    )
    order = read_order(api, order_id, ["partner_invoice_id", "partner_shipping_id"])
    assert (order["partner_invoice_id"][0], order["partner_shipping_id"][0]) == (other, other)
    response = api.call("sale.order", "create", {"vals_list": [{"order_line": []}]})
    assert_error(response, 422, VALIDATION_ERROR)
    assert "'Customer' (partner_id)" in response.json()["message"]


def second_company_user(registry: Registry) -> User:
    """A new internal user who works in the second company only."""
    second_company(registry)
    user = new_user(registry)

    def work(env: Environment) -> None:
        company = env.ref("base.demo_company_b")
        assert company is not None
        second = int(company.id)
        users = env["res.users"].browse([user.uid])
        users.write({"company_ids": [[6, 0, [second]]], "company_id": second})

    with_superuser(registry, work)
    return user


def test_internal_users_sell_in_their_companies_only(
    api: Api, catalog: Catalog, registry: Registry
) -> None:
    seller = new_user(registry)
    order_id = create_order(api, catalog, key=seller.key)
    assert read_order(api, order_id, ["user_id"])["user_id"][0] == seller.uid
    assert (
        assert_ok(api.call("sale.order", "action_confirm", {"ids": [order_id]}, key=seller.key))
        is True
    )

    outsider = second_company_user(registry)
    found = assert_ok(
        api.call("sale.order", "search", {"domain": [["id", "=", order_id]]}, key=outsider.key)
    )
    assert found == []
    response = api.call(
        "sale.order", "read", {"ids": [order_id], "fields": ["name"]}, key=outsider.key
    )
    assert_error(response, 403, "odoo.exceptions.AccessError")


def test_portal_users_read_their_own_orders(api: Api, catalog: Catalog, registry: Registry) -> None:
    portal = new_user(registry, groups=["base.group_portal"])
    partner = with_superuser(
        registry, lambda env: int(env["res.users"].browse([portal.uid]).partner_id.id)
    )
    mine = create_order(api, catalog, partner_id=partner)
    other = create_order(api, catalog)
    found = assert_ok(
        api.call("sale.order", "search", {"domain": [["id", "in", [mine, other]]]}, key=portal.key)
    )
    assert found == [mine]
    assert len(lines_of(api, mine, ["id"])) == 2
    response = api.call(
        "sale.order.line",
        "search_count",
        {"domain": [["order_id", "in", [mine, other]]]},
        key=portal.key,
    )
    assert assert_ok(response) == 2
    response = api.call("sale.order", "action_confirm", {"ids": [mine]}, key=portal.key)
    assert_error(response, 403, "odoo.exceptions.AccessError")
    response = api.call(
        "sale.order", "create", {"vals_list": [{"partner_id": partner}]}, key=portal.key
    )
    assert_error(response, 403, "odoo.exceptions.AccessError")


def test_the_demo_orders(registry: Registry) -> None:
    """Odoo's demo orders, by their external ids: names, states and totals as on
    Odoo's demo database (their products have no taxes there)."""

    def work(env: Environment) -> list[tuple[str, str, float, str]]:
        result = []
        for number in range(1, 7):
            order = env.ref(f"sale.sale_order_{number}")
            assert order is not None
            result.append((order.name, order.state, order.amount_total, order.partner_id.name))
        return result

    assert with_superuser(registry, work) == [
        ("S00001", "draft", 1740.0, "Acme Corporation"),
        ("S00002", "draft", 2947.5, "Ready Mat"),
        ("S00003", "draft", 377.5, "Ready Mat"),
        ("S00004", "sale", 2240.0, "Gemini Furniture"),
        ("S00005", "draft", 405.0, "Acme Corporation"),
        ("S00006", "sale", 750.0, "Lumber Inc"),
    ]


def test_the_product_of_a_cancelled_line_stays(api: Api, catalog: Catalog) -> None:
    order_id = create_order(api, catalog)
    assert assert_ok(api.call("sale.order", "action_cancel", {"ids": [order_id]})) is True
    box = lines_of(api, order_id, ["id"])[1]["id"]
    vals = {"product_id": catalog.chair}
    response = api.call("sale.order.line", "write", {"ids": [box], "vals": vals})
    assert_error(response, 422, USER_ERROR, "You cannot modify the product of this order line.")
    # the same product again is no change
    vals = {"product_id": catalog.box, "product_uom_qty": 1}
    assert assert_ok(api.call("sale.order.line", "write", {"ids": [box], "vals": vals})) is True


def test_lines_stay_with_the_orders_of_the_callers_companies(
    api: Api, catalog: Catalog, registry: Registry
) -> None:
    """A user of the second company can neither move a line into an order of the
    main company, nor change that company's lines, nor give a line the taxes or
    products of the main company (Odoo's company check)."""
    theirs = create_order(api, catalog)
    before = amounts(api, theirs)
    their_line = lines_of(api, theirs, ["id"])[0]["id"]
    outsider = second_company_user(registry)
    mine = create_order(api, catalog, key=outsider.key)
    my_line = lines_of(api, mine, ["id"])[1]["id"]

    move = {"ids": [my_line], "vals": {"order_id": theirs}}
    response = api.call("sale.order.line", "write", move, key=outsider.key)
    assert_error(response, 403, "odoo.exceptions.AccessError")
    assert amounts(api, theirs) == before
    # another company's line: no access, and its state is not told
    vals = {"ids": [their_line], "vals": {"display_type": "line_note"}}
    assert_error(api.call("sale.order.line", "write", vals, key=outsider.key), 403, ACCESS_ERROR)

    tax_name = read_tax_name(api, catalog.tax)
    vals = {"ids": [my_line], "vals": {"tax_ids": [[6, 0, [catalog.tax]]]}}
    error = assert_error(
        api.call("sale.order.line", "write", vals, key=outsider.key), 422, USER_ERROR
    )
    assert error["message"].startswith("Incompatible companies on records:\n- '")
    assert error["message"].endswith(
        f"belongs to company 'My Company (Chicago)' and 'Taxes' (tax_ids: {tax_name!r}) "
        "belongs to another company."
    )

    def create_main_only(env: Environment) -> int:
        main = env.ref("base.main_company")
        assert main is not None
        product = env["product.product"].create(
            {"name": unique("Main only"), "company_id": main.id}
        )
        return int(product.id)

    main_only = with_superuser(registry, create_main_only)
    line = {"order_id": mine, "product_id": main_only}
    response = api.call("sale.order.line", "create", {"vals_list": [line]}, key=outsider.key)
    error = assert_error(response, 422, USER_ERROR)
    assert "and 'Product' (product_id: " in error["message"]
    assert len(lines_of(api, mine, ["id"])) == 2


def read_tax_name(api: Api, tax_id: int) -> str:
    rows = assert_ok(api.call("account.tax", "read", {"ids": [tax_id], "fields": ["name"]}))
    return str(rows[0]["name"])


def test_amounts_too_large_are_a_user_error_and_nothing_is_created(
    api: Api, catalog: Catalog
) -> None:
    count = {"domain": [["partner_id", "=", catalog.customer]]}
    before = assert_ok(api.call("sale.order", "search_count", count))
    huge = [[0, 0, {"product_id": catalog.chair, "price_unit": 1e308, "product_uom_qty": 10}]]
    body = {"vals_list": [{"partner_id": catalog.customer, "order_line": huge}]}
    error = assert_error(api.call("sale.order", "create", body), 422, USER_ERROR)
    assert error["message"] == "compute_all: the amounts are too large to be computed"
    assert assert_ok(api.call("sale.order", "search_count", count)) == before


def test_a_line_of_an_order_given_as_a_list_is_the_orms_error(api: Api, catalog: Catalog) -> None:
    """The product's values are worked out for the line's order only when that
    order is an id; anything else reaches the ORM, which names the field."""
    line = {"order_id": [1], "product_id": catalog.box}
    error = assert_error(
        api.call("sale.order.line", "create", {"vals_list": [line]}), 500, "builtins.ValueError"
    )
    assert error["message"].startswith("Wrong value for sale.order.line.order_id: [1]")


def test_line_names_keep_their_products_names(api: Api, catalog: Catalog) -> None:
    """Reading the lines' display names computes their products' names one by one:
    each product keeps its name for the many2one labels read along (a nested
    computation must not drop the values cached before it)."""
    order_id = create_order(
        api,
        catalog,
        order_line=[
            [0, 0, {"product_id": catalog.chair, "product_uom_qty": 1}],
            [0, 0, {"product_id": catalog.box, "product_uom_qty": 1}],
        ],
    )
    lines = lines_of(api, order_id, ["display_name", "product_id"])
    assert all(isinstance(line["product_id"][1], str) for line in lines), lines


def test_invoicing_policy_decides_what_is_left_to_invoice(api: Api, catalog: Catalog) -> None:
    """A product invoiced on delivered quantities has nothing to invoice until
    delivered; one invoiced on ordered quantities has its whole quantity."""
    policies = assert_ok(
        api.call("product.product", "read", {"ids": [catalog.chair], "fields": ["invoice_policy"]})
    )
    assert policies[0]["invoice_policy"] == "order"  # Odoo's, for a new product
    box = assert_ok(api.call("product.product", "copy", {"ids": [catalog.box]}))[0]
    write = {"ids": [box], "vals": {"invoice_policy": "delivery"}}
    assert assert_ok(api.call("product.product", "write", write)) is True
    order_id = create_order(
        api,
        catalog,
        order_line=[
            [0, 0, {"product_id": catalog.chair, "product_uom_qty": 3}],
            [0, 0, {"product_id": box, "product_uom_qty": 4}],
        ],
    )
    assert assert_ok(api.call("sale.order", "action_confirm", {"ids": [order_id]})) is True
    lines = lines_of(api, order_id, ["qty_to_invoice"])
    assert [line["qty_to_invoice"] for line in lines] == [3.0, 0.0]
    vals = {"qty_delivered": 1.5}
    assert_ok(api.call("sale.order.line", "write", {"ids": [lines[1]["id"]], "vals": vals}))
    assert [line["qty_to_invoice"] for line in lines_of(api, order_id, ["qty_to_invoice"])] == [
        3.0,
        1.5,
    ]
    assert_ok(api.call("sale.order", "action_cancel", {"ids": [order_id]}))


def test_missing_customers_and_products_are_missing_errors(api: Api, catalog: Catalog) -> None:
    """Odoo reads the customer and the product first: a missing one is a 404."""
    assert_error(
        api.call("sale.order", "create", {"vals_list": [{"partner_id": 999999999}]}),
        404,
        "odoo.exceptions.MissingError",
    )
    order_id = create_order(api, catalog, order_line=[])
    vals = {"order_id": order_id, "product_id": 999999999}
    assert_error(
        api.call("sale.order.line", "create", {"vals_list": [vals]}),
        404,
        "odoo.exceptions.MissingError",
    )


def test_a_line_is_priced_in_its_unit(api: Api, catalog: Catalog, registry: Registry) -> None:
    """A line sold in packs of six costs six units; changing its unit prices it
    again, unless its price was set by hand (Odoo's technical price)."""
    pack = ref(registry, "uom.product_uom_pack_6")
    order_id = create_order(api, catalog, order_line=[])
    line_vals = {"order_id": order_id, "product_id": catalog.chair, "product_uom_id": pack}
    line = assert_ok(api.call("sale.order.line", "create", {"vals_list": [line_vals]}))[0]

    def price() -> float:
        rows = assert_ok(
            api.call("sale.order.line", "read", {"ids": [line], "fields": ["price_unit"]})
        )
        return float(rows[0]["price_unit"])

    assert price() == 600.0
    write = {"ids": [line], "vals": {"product_uom_id": catalog.units}}
    assert_ok(api.call("sale.order.line", "write", write))
    assert price() == 100.0
    assert_ok(api.call("sale.order.line", "write", {"ids": [line], "vals": {"price_unit": 90}}))
    write = {"ids": [line], "vals": {"product_uom_id": pack}}
    assert_ok(api.call("sale.order.line", "write", write))
    assert price() == 90.0  # set by hand: kept


def test_order_totals_are_rounded_globally(api: Api, catalog: Catalog) -> None:
    """The lines' subtotals are rounded one by one, the order's total once (the
    generic chart's ``round_globally``): 0.999 + 0.005 is 1.00, not 1.01."""
    lines = [
        [0, 0, {"product_id": catalog.box, "product_uom_qty": 3, "price_unit": 0.333}],
        [0, 0, {"product_id": catalog.box, "product_uom_qty": 1, "price_unit": 0.005}],
    ]
    order_id = create_order(api, catalog, order_line=lines)
    subtotals = [line["price_subtotal"] for line in lines_of(api, order_id, ["price_subtotal"])]
    assert subtotals == [1.0, 0.01]
    assert amounts(api, order_id)[0] == 1.0


def test_a_missing_customer_or_order_is_a_missing_error(api: Api, catalog: Catalog) -> None:
    order = create_order(api, catalog)
    body = {"ids": [order], "vals": {"partner_id": 999999}}
    error = assert_error(api.call("sale.order", "write", body), 404, MISSING_ERROR)
    assert error["message"].startswith(
        "Record does not exist or has been deleted.\n(Record: res.partner(999999,)"
    )
    assert read_order(api, order, ["partner_id"])["partner_id"][0] == catalog.customer
    line = {"vals_list": [{"order_id": 999999, "product_id": catalog.chair}]}
    error = assert_error(api.call("sale.order.line", "create", line), 404, MISSING_ERROR)
    assert error["message"].startswith(
        "Record does not exist or has been deleted.\n(Record: sale.order(999999,)"
    )
