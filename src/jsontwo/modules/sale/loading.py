"""The sale module's data: the ``sale.order`` sequence (``S00001``), the message
subtypes of orders and the access rights every database gets; demo quotations and sales orders, with Odoo's
external ids (``sale.sale_order_1``...)."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable
from importlib import resources
from typing import Any

from jsontwo.modules.base.access_data import load_access_files
from jsontwo.modules.base.action_data import ensure_menus, ensure_window_actions
from jsontwo.modules.base.cron_data import CronData, ensure_crons
from jsontwo.modules.mail.loading import declare_subtypes
from jsontwo.modules.product.loading import demo_products
from jsontwo.orm import Environment

#: the sequence numbering the orders, as Odoo's ``sale.seq_sale_order``
SEQUENCE_XMLID = "sale.seq_sale_order"
SEQUENCE_VALUES = {
    "name": "Sales Order",
    "code": "sale.order",
    "prefix": "S",
    "padding": 5,
    "number_increment": 1,
    "number_next": 1,
    "implementation": "standard",
    "company_id": False,
}
#: sale's scheduled action on orders, off as in Odoo (it sends mail; jsontwo sends none).
#: Odoo's other one, on payment transactions, needs a model jsontwo has not.
SALE_CRONS = (
    CronData(
        "sale.send_pending_emails_cron",
        "Sales: Send pending emails",
        "sale.order",
        "model._cron_send_pending_emails()",
        active=False,
    ),
)

#: the sale order's reports, by external id, with Odoo 19's values
REPORTS: dict[str, dict[str, Any]] = {
    "sale.action_report_saleorder": {
        "name": "Quotation / Order",
        "report_name": "sale.report_saleorder",
        "report_file": "sale.report_saleorder",
        "print_report_name": "(object.state in ('draft', 'sent') and 'Quotation - %s' "
        "% (object.name)) or 'Order - %s' % (object.name)",
    },
    "sale.action_report_pro_forma_invoice": {
        "name": "PRO-FORMA Invoice",
        "report_name": "sale.report_saleorder_pro_forma",
        "report_file": "sale.report_saleorder_pro_forma",
        "print_report_name": "'PRO-FORMA - %s' % (object.name)",
    },
}
#: the message subtypes of sales orders, as Odoo's sale module defines them
SUBTYPES: tuple[tuple[str, dict[str, Any]], ...] = (
    (
        "sale.mt_order_sent",
        {
            "name": "Quotation sent",
            "res_model": "sale.order",
            "default": False,
            "description": "Quotation sent",
        },
    ),
    (
        "sale.mt_order_confirmed",
        {
            "name": "Sales Order Confirmed",
            "res_model": "sale.order",
            "default": False,
            "description": "Quotation confirmed",
        },
    ),
    (
        "sale.mt_order_viewed",
        {"name": "Quotation Viewed", "res_model": "sale.order", "internal": True},
    ),
)


def load_data(env: Environment) -> None:
    """Create the order sequence and the access rights."""
    upgrade_data(env)


def upgrade_data(env: Environment) -> None:
    """Create the order sequence when the database lacks it (idempotent), and bring
    the access rights up to date."""
    data = env["ir.model.data"]
    if data._xmlid_to_res_id(SEQUENCE_XMLID) is None:
        data._declare(SEQUENCE_XMLID, env["ir.sequence"].create(SEQUENCE_VALUES))
    _create_reports(env)
    declare_subtypes(env, SUBTYPES)
    load_access_files(env, "sale")
    ensure_window_actions(env, "sale")
    ensure_menus(env, "sale")
    ensure_crons(env, SALE_CRONS)


def _create_reports(env: Environment) -> None:
    """Create the sale order's reports the database lacks, in its print menu."""
    data = env["ir.model.data"]
    missing = [xmlid for xmlid in REPORTS if data._xmlid_to_res_id(xmlid) is None]
    if not missing:
        return
    model_id = env["ir.model"]._get_id("sale.order")
    common = {"model": "sale.order", "report_type": "qweb-pdf", "binding_model_id": model_id}
    reports = env["ir.actions.report"].create([{**common, **REPORTS[x]} for x in missing])
    data._declare_many(missing, reports)


def _read_demo(name: str) -> Any:
    """The demo file ``name`` of the sale module, parsed."""
    return json.loads(
        resources.files("jsontwo.modules.sale").joinpath("demo", name).read_text(encoding="utf-8")
    )


def _line_vals(line: dict[str, Any], ref: Callable[[str], int | None]) -> dict[str, Any]:
    """The values of a demo line: a section, a note, or a product, a quantity, a
    price and taxes (Odoo's demo orders give their prices)."""
    if "section" in line or "note" in line:
        kind = "line_section" if "section" in line else "line_note"
        return {"display_type": kind, "name": line.get("section") or line.get("note")}
    vals: dict[str, Any] = {
        "product_id": ref(line["product"]),
        "product_uom_qty": line["qty"],
        "tax_ids": [[6, 0, [ref(xmlid) for xmlid in line.get("taxes", [])]]],
    }
    for key in ("price_unit", "discount"):
        if key in line:
            vals[key] = line[key]
    return vals


def load_demo(env: Environment) -> None:
    """Create the demo orders, then their lines in one create, then confirm or
    cancel those the demo file says."""
    data = env["ir.model.data"]
    items: list[dict[str, Any]] = _read_demo("orders.json")
    names = sorted({item["partner"] for item in items})
    partners = {
        row["name"]: row["id"]
        for row in env["res.partner"].search_read([["name", "in", names]], ["name"])
    }
    # each external id is looked up once, however many lines name it
    ref = functools.cache(functools.partial(data._xmlid_to_res_id, raise_if_not_found=True))
    _set_invoice_policies(env, ref)
    orders_vals = []
    for item in items:
        order: dict[str, Any] = {
            "partner_id": partners[item["partner"]],
            "user_id": ref(item["user"]),
        }
        if "client_order_ref" in item:
            order["client_order_ref"] = item["client_order_ref"]
        orders_vals.append(order)
    orders = env["sale.order"].create(orders_vals)
    # every line in one create: their amounts, and the orders', are computed once
    env["sale.order.line"].create(
        [
            {**_line_vals(line, ref), "order_id": order_id, "sequence": 10 * (position + 1)}
            for order_id, item in zip(orders.ids, items, strict=True)
            for position, line in enumerate(item["lines"])
        ]
    )
    data._declare_many([item["xmlid"] for item in items], orders)
    by_state: dict[str, list[int]] = {}
    for order_id, item in zip(orders.ids, items, strict=True):
        by_state.setdefault(item["state"], []).append(order_id)
    model = env["sale.order"]
    if by_state.get("sent"):
        model.browse(by_state["sent"]).action_quotation_sent()
    if by_state.get("sale"):
        model.browse(by_state["sale"]).action_confirm()
    if by_state.get("cancel"):
        model.browse(by_state["cancel"]).action_cancel()
    # dated as Odoo's demo orders are: some of them days ago (to the minute)
    now = env.now.replace(second=0)
    for order_id, item in zip(orders.ids, items, strict=True):
        if item.get("days_ago"):
            moment = now - dt.timedelta(days=item["days_ago"])
            model.browse(order_id).write({"date_order": moment})


def _set_invoice_policies(env: Environment, ref: Callable[[str], int | None]) -> None:
    """The demo products invoiced on delivered quantities, as in Odoo's demo."""
    templates = [
        template
        for item in demo_products()
        if item.get("invoice_policy") == "delivery" and item["template_xmlids"]
        for template in [ref(item["template_xmlids"][0])]
        if template is not None
    ]
    env["product.template"].browse(templates).write({"invoice_policy": "delivery"})
