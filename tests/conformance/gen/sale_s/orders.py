"""Scenario s6: sale orders and their lines, from quotation to cancellation."""

from __future__ import annotations

from typing import Any

from tests.conformance.gen.sale_s.common import ORDER_NAME_MASK, Step, scenario, step

# --------------------------------------------------------------------------- s6
ORDER_FIELDS = [
    "name",
    "state",
    "partner_id",
    "partner_invoice_id",
    "partner_shipping_id",
    "amount_untaxed",
    "amount_tax",
    "amount_total",
    "locked",
    "type_name",
    "client_order_ref",
    "origin",
    "is_expired",
    "company_id",
    "currency_id",
    "user_id",
    "note",
]
LINE_FIELDS = [
    "name",
    "product_id",
    "product_uom_qty",
    "product_uom_id",
    "price_unit",
    "discount",
    "tax_ids",
    "price_subtotal",
    "price_tax",
    "price_total",
    "price_reduce_taxexcl",
    "price_reduce_taxinc",
    "display_type",
    "state",
    "sequence",
    "order_partner_id",
    "qty_to_invoice",
    "qty_invoiced",
    "qty_delivered",
    "customer_lead",
    "is_downpayment",
    "display_name",
]


def _sale_setup() -> list[Step]:
    return [
        step(
            "setup-partner",
            "res.partner",
            "create",
            {"vals_list": [{"name": "${run} Customer", "is_company": True}]},
            save={"cust": "$[0]"},
        ),
        step(
            "setup-contacts",
            "res.partner",
            "create",
            {
                "vals_list": [
                    {"name": "${run} Billing", "parent_id": "${cust}", "type": "invoice"},
                    {"name": "${run} Shipping", "parent_id": "${cust}", "type": "delivery"},
                ]
            },
            save={"contacts": "$"},
        ),
        step(
            "setup-partner2",
            "res.partner",
            "create",
            {"vals_list": [{"name": "${run} Other"}]},
            save={"other": "$[0]"},
        ),
        step(
            "setup-tax",
            "account.tax",
            "create",
            {"vals_list": [{"name": "${run} 10%", "amount": 10}]},
            save={"tax": "$[0]"},
        ),
        step(
            "setup-tax-incl",
            "account.tax",
            "create",
            {
                "vals_list": [
                    {
                        "name": "${run} 21% incl",
                        "amount": 21,
                        "price_include_override": "tax_included",
                    }
                ]
            },
            save={"tax_incl": "$[0]"},
        ),
        step(
            "setup-products",
            "product.product",
            "create",
            {
                "vals_list": [
                    {
                        "name": "${run} Chair",
                        "default_code": "${RUN}-CH",
                        "list_price": 100,
                        "taxes_id": [[6, 0, ["${tax}"]]],
                        "description_sale": "Comfortable",
                    },
                    {"name": "${run} Lamp", "list_price": 33.33, "taxes_id": [[6, 0, []]]},
                    {
                        "name": "${run} Incl",
                        "list_price": 121,
                        "taxes_id": [[6, 0, ["${tax_incl}"]]],
                    },
                ]
            },
            save={"p0": "$[0]", "p1": "$[1]", "p2": "$[2]"},
        ),
    ]


def s6_sale_order() -> dict[str, Any]:
    m, ln = "sale.order", "sale.order.line"
    own = [["partner_id", "in", ["${cust}", "${other}"]]]
    mask = {"mask": ORDER_NAME_MASK}
    steps = [
        *_sale_setup(),
        step(
            "default-get",
            m,
            "default_get",
            {"fields": ["state", "locked", "name", "partner_id", "note", "origin"]},
        ),
        step(
            "default-get-line",
            ln,
            "default_get",
            {
                "fields": [
                    "product_uom_qty",
                    "discount",
                    "price_unit",
                    "sequence",
                    "display_type",
                    "customer_lead",
                    "is_downpayment",
                ]
            },
        ),
        step(
            "create-order",
            m,
            "create",
            {
                "vals_list": [
                    {
                        "partner_id": "${cust}",
                        "client_order_ref": "${run}-PO1",
                        "order_line": [
                            [0, 0, {"product_id": "${p0}", "product_uom_qty": 3}],
                            [0, 0, {"product_id": "${p1}", "product_uom_qty": 2, "discount": 10}],
                        ],
                    }
                ]
            },
            save={"o1": "$[0]"},
        ),
        step("read-order", m, "read", {"ids": ["${o1}"], "fields": ORDER_FIELDS}, **mask),
        # the default validity is 30 days after today in the user's timezone, which
        # east of UTC is a day later than ${today} late in the evening: a bound
        # that holds at any hour instead of the date itself
        step(
            "order-validity-30-days",
            m,
            "search_read",
            {
                "domain": [["id", "=", "${o1}"], ["validity_date", ">=", "${today_plus_30d}"]],
                "fields": ["is_expired"],
            },
            **mask,
        ),
        step(
            "order-name-pattern",
            m,
            "search_count",
            {"domain": [["id", "=", "${o1}"], ["name", "=like", "S%"]]},
        ),
        step(
            "order-lines",
            ln,
            "search_read",
            {"domain": [["order_id", "=", "${o1}"]], "fields": LINE_FIELDS},
            **mask,
        ),
        step(
            "create-order-explicit",
            m,
            "create",
            {
                "vals_list": [
                    {
                        "partner_id": "${other}",
                        "name": "${run}-SO",
                        "order_line": [
                            [0, 0, {"display_type": "line_section", "name": "Section A"}],
                            [0, 0, {"product_id": "${p2}", "product_uom_qty": 1}],
                            [0, 0, {"display_type": "line_note", "name": "A note"}],
                            [
                                0,
                                0,
                                {
                                    "product_id": "${p0}",
                                    "product_uom_qty": 1,
                                    "price_unit": 50,
                                    "name": "Custom text",
                                    "tax_ids": [[6, 0, []]],
                                },
                            ],
                        ],
                    }
                ]
            },
            save={"o2": "$[0]"},
        ),
        step(
            "read-order-explicit",
            m,
            "read",
            {
                "ids": ["${o2}"],
                "fields": [
                    "name",
                    "amount_untaxed",
                    "amount_tax",
                    "amount_total",
                    "partner_invoice_id",
                    "partner_shipping_id",
                ],
            },
        ),
        step(
            "order-explicit-lines",
            ln,
            "search_read",
            {"domain": [["order_id", "=", "${o2}"]], "fields": LINE_FIELDS},
        ),
        step("create-no-partner", m, "create", {"vals_list": [{"client_order_ref": "x"}]}),
        step(
            "create-bad-partner",
            m,
            "create",
            {"vals_list": [{"partner_id": 999999999}]},
            compare="status",
        ),
        step("create-line-no-order", ln, "create", {"vals_list": [{"product_id": "${p0}"}]}),
        step(
            "create-line-bad-product",
            ln,
            "create",
            {"vals_list": [{"order_id": "${o1}", "product_id": 999999999}]},
            compare="status",
        ),
        step(
            "add-line",
            ln,
            "create",
            {"vals_list": [{"order_id": "${o1}", "product_id": "${p2}", "product_uom_qty": 2}]},
            save={"l3": "$[0]"},
        ),
        step("read-added-line", ln, "read", {"ids": ["${l3}"], "fields": LINE_FIELDS}, **mask),
        step(
            "amounts-after-add",
            m,
            "read",
            {"ids": ["${o1}"], "fields": ["amount_untaxed", "amount_tax", "amount_total"]},
        ),
        step(
            "write-line-qty",
            ln,
            "write",
            {"ids": ["${l3}"], "vals": {"product_uom_qty": 5, "discount": 20}},
        ),
        step(
            "line-after-write",
            ln,
            "read",
            {
                "ids": ["${l3}"],
                "fields": [
                    "price_subtotal",
                    "price_tax",
                    "price_total",
                    "price_reduce_taxexcl",
                    "price_reduce_taxinc",
                ],
            },
        ),
        step(
            "amounts-after-write",
            m,
            "read",
            {"ids": ["${o1}"], "fields": ["amount_untaxed", "amount_tax", "amount_total"]},
        ),
        step(
            "write-line-product", ln, "write", {"ids": ["${l3}"], "vals": {"product_id": "${p1}"}}
        ),
        step(
            "line-after-product",
            ln,
            "read",
            {
                "ids": ["${l3}"],
                "fields": ["name", "price_unit", "tax_ids", "price_subtotal", "product_uom_id"],
            },
            **mask,
        ),
        step("delete-draft-line", ln, "unlink", {"ids": ["${l3}"]}),
        step(
            "amounts-after-delete",
            m,
            "read",
            {"ids": ["${o1}"], "fields": ["amount_untaxed", "amount_tax", "amount_total"]},
        ),
        step(
            "write-order-partner", m, "write", {"ids": ["${o2}"], "vals": {"partner_id": "${cust}"}}
        ),
        step(
            "addresses-after-partner",
            m,
            "read",
            {
                "ids": ["${o2}"],
                "fields": ["partner_id", "partner_invoice_id", "partner_shipping_id"],
            },
        ),
        step(
            "write-order-partner-back",
            m,
            "write",
            {"ids": ["${o2}"], "vals": {"partner_id": "${other}"}},
        ),
        step("mark-sent", m, "action_quotation_sent", {"ids": ["${o2}"]}),
        step("sent-state", m, "read", {"ids": ["${o2}"], "fields": ["state", "type_name"]}),
        step("mark-sent-twice", m, "action_quotation_sent", {"ids": ["${o2}"]}),
        step("delete-sent", m, "unlink", {"ids": ["${o2}"]}),
        step("draft-again", m, "action_draft", {"ids": ["${o2}"]}),
        step("draft-state", m, "read", {"ids": ["${o2}"], "fields": ["state"]}),
        step("confirm", m, "action_confirm", {"ids": ["${o1}"]}),
        step(
            "confirmed",
            m,
            "read",
            {"ids": ["${o1}"], "fields": ["state", "type_name", "locked", "is_expired"]},
        ),
        step(
            "confirmed-lines",
            ln,
            "search_read",
            {
                "domain": [["order_id", "=", "${o1}"]],
                "fields": ["state", "qty_to_invoice", "qty_invoiced"],
            },
        ),
        step("confirm-twice", m, "action_confirm", {"ids": ["${o1}"]}),
        step("delete-confirmed", m, "unlink", {"ids": ["${o1}"]}),
        step(
            "delete-confirmed-line",
            ln,
            "search",
            {"domain": [["order_id", "=", "${o1}"]]},
            save={"o1l0": "$[0]"},
        ),
        step("delete-confirmed-line-2", ln, "unlink", {"ids": ["${o1l0}"]}),
        step("draft-confirmed-noop", m, "action_draft", {"ids": ["${o1}"]}),
        step("still-sale", m, "read", {"ids": ["${o1}"], "fields": ["state"]}),
        step("lock", m, "action_lock", {"ids": ["${o1}"]}),
        step("locked", m, "read", {"ids": ["${o1}"], "fields": ["locked"]}),
        step("locked-write-line", ln, "write", {"ids": ["${o1l0}"], "vals": {"price_unit": 1}}),
        step("locked-cancel", m, "action_cancel", {"ids": ["${o1}"]}),
        step("unlock", m, "action_unlock", {"ids": ["${o1}"]}),
        step("cancel", m, "action_cancel", {"ids": ["${o1}"]}),
        step("cancelled", m, "read", {"ids": ["${o1}"], "fields": ["state", "type_name"]}),
        step(
            "cancelled-line-product",
            ln,
            "write",
            {"ids": ["${o1l0}"], "vals": {"product_id": "${p2}"}},
        ),
        step("confirm-cancelled", m, "action_confirm", {"ids": ["${o1}"]}),
        step("draft-cancelled", m, "action_draft", {"ids": ["${o1}"]}),
        step("draft-after-cancel", m, "read", {"ids": ["${o1}"], "fields": ["state"]}),
        step("copy", m, "copy", {"ids": ["${o1}"]}, save={"o3": "$[0]"}),
        step(
            "read-copy",
            m,
            "read",
            {
                "ids": ["${o3}"],
                "fields": [
                    "state",
                    "client_order_ref",
                    "amount_total",
                    "partner_id",
                    "origin",
                    "locked",
                ],
            },
        ),
        step(
            "copy-name-differs",
            m,
            "search_count",
            {"domain": [["id", "=", "${o3}"], ["name", "=like", "S%"]]},
        ),
        step(
            "copy-lines",
            ln,
            "search_read",
            {
                "domain": [["order_id", "=", "${o3}"]],
                "fields": ["product_id", "product_uom_qty", "price_unit", "discount", "name"],
            },
        ),
        step(
            "confirm-line-without-product",
            ln,
            "create",
            {"vals_list": [{"order_id": "${o3}", "name": "free text"}]},
        ),
        step("confirm-both", m, "action_confirm", {"ids": ["${o3}", "${o2}"]}),
        step(
            "both-confirmed",
            m,
            "search_read",
            {"domain": [["id", "in", ["${o2}", "${o3}"]]], "fields": ["state"], "order": "id"},
        ),
        step(
            "search-by-partner",
            m,
            "search_read",
            {"domain": [["partner_id", "=", "${other}"]], "fields": ["state", "amount_total"]},
        ),
        step(
            "search-by-state",
            m,
            "search_read",
            {
                "domain": [*own, ["state", "=", "sale"]],
                "fields": ["partner_id", "amount_total"],
                "order": "id",
            },
        ),
        step(
            "search-by-date",
            m,
            "search_count",
            {"domain": [*own, ["date_order", ">=", "${month_start}"]]},
        ),
        step(
            "search-by-ref",
            m,
            "search_read",
            {"domain": [["client_order_ref", "=", "${run}-PO1"]], "fields": ["state"]},
        ),
        step(
            "search-by-line-product",
            m,
            "search_count",
            {"domain": [["order_line.product_id", "=", "${p2}"]]},
        ),
        step(
            "count-by-partner-child",
            m,
            "search_count",
            {"domain": [["partner_id", "child_of", "${cust}"]]},
        ),
        step(
            "group-by-state",
            m,
            "formatted_read_group",
            {
                "domain": own,
                "groupby": ["state"],
                "aggregates": ["__count", "amount_total:sum"],
                "order": "state",
            },
        ),
        step(
            "group-by-partner",
            m,
            "formatted_read_group",
            {
                "domain": own,
                "groupby": ["partner_id"],
                "aggregates": ["__count", "amount_untaxed:sum"],
                "order": "partner_id",
            },
        ),
        step(
            "group-lines-by-product",
            ln,
            "formatted_read_group",
            {
                "domain": [
                    ["order_id", "in", ["${o1}", "${o2}", "${o3}"]],
                    ["display_type", "=", False],
                ],
                "groupby": ["product_id"],
                "aggregates": ["__count", "product_uom_qty:sum", "price_subtotal:sum"],
                "order": "product_id",
            },
        ),
        step("name-search-order", m, "name_search", {"name": "${run}-SO"}),
        step(
            "web-read-order",
            m,
            "web_read",
            {
                "ids": ["${o2}"],
                "specification": {
                    "name": {},
                    "state": {},
                    "amount_total": {},
                    "partner_id": {"fields": {"display_name": {}}},
                    "order_line": {"fields": {"name": {}, "price_subtotal": {}}},
                },
            },
        ),
        step("sale-line-name-search", ln, "name_search", {"name": "Custom text"}, **mask),
        step(
            "write-state-readonly",
            m,
            "write",
            {"ids": ["${o2}"], "vals": {"state": "draft"}},
            compare="status",
        ),
        step(
            "product-invoice-policy",
            "product.product",
            "read",
            {"ids": ["${p0}", "${p1}"], "fields": ["invoice_policy"]},
        ),
        step(
            "set-delivery-policy",
            "product.product",
            "write",
            {"ids": ["${p1}"], "vals": {"invoice_policy": "delivery"}},
        ),
        step(
            "set-bad-policy",
            "product.product",
            "write",
            {"ids": ["${p1}"], "vals": {"invoice_policy": "never"}},
        ),
        step(
            "order-delivery-policy",
            m,
            "create",
            {
                "vals_list": [
                    {
                        "partner_id": "${other}",
                        "order_line": [
                            [0, 0, {"product_id": "${p1}", "product_uom_qty": 4}],
                            [0, 0, {"product_id": "${p0}", "product_uom_qty": 3}],
                        ],
                    }
                ]
            },
            save={"o4": "$[0]"},
        ),
        step("confirm-delivery-policy", m, "action_confirm", {"ids": ["${o4}"]}),
        step(
            "to-invoice-by-policy",
            ln,
            "search_read",
            {
                "domain": [["order_id", "=", "${o4}"]],
                "fields": ["product_uom_qty", "qty_delivered", "qty_to_invoice"],
                "order": "id",
            },
        ),
        step(
            "deliver-some",
            ln,
            "search",
            {"domain": [["order_id", "=", "${o4}"], ["product_id", "=", "${p1}"]]},
            save={"l4": "$[0]"},
        ),
        step("write-delivered", ln, "write", {"ids": ["${l4}"], "vals": {"qty_delivered": 1.5}}),
        step(
            "to-invoice-after-delivery",
            ln,
            "read",
            {"ids": ["${l4}"], "fields": ["qty_delivered", "qty_to_invoice"]},
        ),
        step("confirm-missing", m, "action_confirm", {"ids": [999999999]}),
        step("cancel-missing", m, "action_cancel", {"ids": [999999999]}),
    ]
    teardown = [
        step("cancel-own", m, "action_cancel", {"ids": ["${o1}", "${o2}", "${o3}", "${o4}"]})
    ]
    return scenario(
        "sale.order and sale.order.line: quotations, confirmation, amounts, errors",
        steps,
        teardown=teardown,
    )
