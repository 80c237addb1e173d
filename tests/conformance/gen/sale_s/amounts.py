"""Scenarios s8 and s9: order amounts (taxes, units, rounding) and the queries integrations make."""

from __future__ import annotations

from typing import Any

from tests.conformance.gen.sale_s.common import ORDER_NAME_MASK, scenario, step


# --------------------------------------------------------------------------- s8
def s8_sale_amounts() -> dict[str, Any]:
    m, ln = "sale.order", "sale.order.line"
    amounts = ["amount_untaxed", "amount_tax", "amount_total"]
    line_amounts = [
        "price_unit",
        "product_uom_qty",
        "product_uom_id",
        "discount",
        "price_subtotal",
        "price_tax",
        "price_total",
    ]
    steps = [
        step(
            "setup-partner",
            "res.partner",
            "create",
            {"vals_list": [{"name": "${run} Buyer"}]},
            save={"cust": "$[0]"},
        ),
        step(
            "lookup-pack",
            "uom.uom",
            "search",
            {"domain": [["name", "=", "Pack of 6"]]},
            save={"pack": "$[0]"},
        ),
        step(
            "lookup-units",
            "uom.uom",
            "search",
            {"domain": [["name", "=", "Units"]]},
            save={"units": "$[0]"},
        ),
        step(
            "setup-taxes",
            "account.tax",
            "create",
            {
                "vals_list": [
                    {"name": "${run} 10%", "amount": 10},
                    {"name": "${run} eco", "amount": 0.5, "amount_type": "fixed"},
                    {
                        "name": "${run} 6% incl",
                        "amount": 6,
                        "price_include_override": "tax_included",
                    },
                    {"name": "${run} div", "amount": 20, "amount_type": "division"},
                ]
            },
            save={"t10": "$[0]", "tfix": "$[1]", "tincl": "$[2]", "tdiv": "$[3]"},
        ),
        step(
            "setup-product",
            "product.product",
            "create",
            {
                "vals_list": [
                    {"name": "${run} Pen", "list_price": 1.99, "taxes_id": [[6, 0, ["${t10}"]]]},
                    {
                        "name": "${run} Hour",
                        "type": "service",
                        "list_price": 45,
                        "taxes_id": [[6, 0, []]],
                    },
                ]
            },
            save={"pen": "$[0]", "hour": "$[1]"},
        ),
        step(
            "default-get-with-partner",
            m,
            "default_get",
            {
                "fields": ["partner_id", "state", "note"],
                "context": {"default_partner_id": "${cust}"},
            },
        ),
        step(
            "order",
            m,
            "create",
            {
                "vals_list": [
                    {
                        "partner_id": "${cust}",
                        "order_line": [
                            [0, 0, {"product_id": "${pen}", "product_uom_qty": 3}],
                        ],
                    }
                ]
            },
            save={"o": "$[0]"},
        ),
        step("amounts-one-line", m, "read", {"ids": ["${o}"], "fields": amounts}),
        step(
            "line-in-packs",
            ln,
            "create",
            {
                "vals_list": [
                    {
                        "order_id": "${o}",
                        "product_id": "${pen}",
                        "product_uom_id": "${pack}",
                        "product_uom_qty": 2,
                    }
                ]
            },
            save={"lpack": "$[0]"},
        ),
        step("read-line-in-packs", ln, "read", {"ids": ["${lpack}"], "fields": line_amounts}),
        step(
            "line-two-taxes",
            ln,
            "create",
            {
                "vals_list": [
                    {
                        "order_id": "${o}",
                        "product_id": "${pen}",
                        "product_uom_qty": 7,
                        "tax_ids": [[6, 0, ["${t10}", "${tfix}"]]],
                    }
                ]
            },
            save={"l2": "$[0]"},
        ),
        step("read-line-two-taxes", ln, "read", {"ids": ["${l2}"], "fields": line_amounts}),
        step(
            "line-included",
            ln,
            "create",
            {
                "vals_list": [
                    {
                        "order_id": "${o}",
                        "product_id": "${hour}",
                        "product_uom_qty": 1.5,
                        "price_unit": 106,
                        "tax_ids": [[6, 0, ["${tincl}"]]],
                    }
                ]
            },
            save={"l3": "$[0]"},
        ),
        step("read-line-included", ln, "read", {"ids": ["${l3}"], "fields": line_amounts}),
        step(
            "line-division",
            ln,
            "create",
            {
                "vals_list": [
                    {
                        "order_id": "${o}",
                        "product_id": "${hour}",
                        "product_uom_qty": 2,
                        "price_unit": 80,
                        "tax_ids": [[6, 0, ["${tdiv}"]]],
                    }
                ]
            },
            save={"l4": "$[0]"},
        ),
        step("read-line-division", ln, "read", {"ids": ["${l4}"], "fields": line_amounts}),
        step(
            "line-negative",
            ln,
            "create",
            {"vals_list": [{"order_id": "${o}", "product_id": "${pen}", "product_uom_qty": -1}]},
            save={"l5": "$[0]"},
        ),
        step("read-line-negative", ln, "read", {"ids": ["${l5}"], "fields": line_amounts}),
        step(
            "line-full-discount",
            ln,
            "create",
            {
                "vals_list": [
                    {
                        "order_id": "${o}",
                        "product_id": "${pen}",
                        "product_uom_qty": 4,
                        "discount": 100,
                    }
                ]
            },
            save={"l6": "$[0]"},
        ),
        step("read-line-full-discount", ln, "read", {"ids": ["${l6}"], "fields": line_amounts}),
        step(
            "line-zero-qty",
            ln,
            "create",
            {"vals_list": [{"order_id": "${o}", "product_id": "${pen}", "product_uom_qty": 0}]},
            save={"l7": "$[0]"},
        ),
        step(
            "read-line-zero-qty",
            ln,
            "read",
            {
                "ids": ["${l7}"],
                "fields": [*line_amounts, "price_reduce_taxexcl", "price_reduce_taxinc"],
            },
        ),
        step("amounts-all-lines", m, "read", {"ids": ["${o}"], "fields": amounts}),
        step(
            "rounding-lines",
            ln,
            "create",
            {
                "vals_list": [
                    {
                        "order_id": "${o}",
                        "product_id": "${pen}",
                        "product_uom_qty": 3,
                        "price_unit": 0.333,
                    },
                    {
                        "order_id": "${o}",
                        "product_id": "${pen}",
                        "product_uom_qty": 1,
                        "price_unit": 0.005,
                    },
                ]
            },
            save={"r1": "$[0]", "r2": "$[1]"},
        ),
        step(
            "read-rounding-lines", ln, "read", {"ids": ["${r1}", "${r2}"], "fields": line_amounts}
        ),
        step("amounts-after-rounding", m, "read", {"ids": ["${o}"], "fields": amounts}),
        step(
            "write-line-uom",
            ln,
            "write",
            {"ids": ["${lpack}"], "vals": {"product_uom_id": "${units}"}},
        ),
        step("line-after-uom", ln, "read", {"ids": ["${lpack}"], "fields": line_amounts}),
        step("write-line-price", ln, "write", {"ids": ["${l2}"], "vals": {"price_unit": 2.5}}),
        step(
            "write-line-qty-keeps-price",
            ln,
            "write",
            {"ids": ["${l2}"], "vals": {"product_uom_qty": 10}},
        ),
        step("line-after-price", ln, "read", {"ids": ["${l2}"], "fields": line_amounts}),
        step(
            "write-line-taxes-none",
            ln,
            "write",
            {"ids": ["${l2}"], "vals": {"tax_ids": [[5, 0, 0]]}},
        ),
        step("line-after-taxes", ln, "read", {"ids": ["${l2}"], "fields": line_amounts}),
        step(
            "write-order-lines-unlink",
            m,
            "write",
            {
                "ids": ["${o}"],
                "vals": {
                    "order_line": [[2, "${l5}"], [2, "${l6}"], [1, "${l7}", {"product_uom_qty": 2}]]
                },
            },
        ),
        step("amounts-after-commands", m, "read", {"ids": ["${o}"], "fields": amounts}),
        step("count-lines", ln, "search_count", {"domain": [["order_id", "=", "${o}"]]}),
        step(
            "write-note",
            m,
            "write",
            {
                "ids": ["${o}"],
                "vals": {
                    "note": "<p>Thanks</p><script>alert(1)</script>",
                    "origin": "${run} origin",
                },
            },
        ),
        step("read-note", m, "read", {"ids": ["${o}"], "fields": ["note", "origin"]}),
        step(
            "write-validity-past",
            m,
            "write",
            {"ids": ["${o}"], "vals": {"validity_date": "2020-01-01"}},
        ),
        step("expired", m, "read", {"ids": ["${o}"], "fields": ["validity_date", "is_expired"]}),
        step(
            "search-expired",
            m,
            "search_count",
            {"domain": [["id", "=", "${o}"], ["is_expired", "=", True]]},
            compare="status",
            doc="is_expired is not searchable in Odoo",
        ),
        step(
            "write-commitment",
            m,
            "write",
            {"ids": ["${o}"], "vals": {"commitment_date": "2030-05-04 10:00:00"}},
        ),
        step("read-commitment", m, "read", {"ids": ["${o}"], "fields": ["commitment_date"]}),
        step(
            "write-bad-date",
            m,
            "write",
            {"ids": ["${o}"], "vals": {"validity_date": "not a date"}},
            compare="status",
        ),
        step("write-bad-state", m, "write", {"ids": ["${o}"], "vals": {"state": "done"}}),
        step("confirm", m, "action_confirm", {"ids": ["${o}"]}),
        step(
            "not-expired-once-confirmed",
            m,
            "read",
            {"ids": ["${o}"], "fields": ["is_expired", "state"]},
        ),
        step("sent-after-confirm", m, "action_quotation_sent", {"ids": ["${o}"]}),
        step(
            "line-add-confirmed",
            ln,
            "create",
            {"vals_list": [{"order_id": "${o}", "product_id": "${hour}", "product_uom_qty": 1}]},
            save={"l8": "$[0]"},
        ),
        step(
            "read-added-confirmed",
            ln,
            "read",
            {"ids": ["${l8}"], "fields": ["state", "qty_to_invoice", "price_subtotal"]},
        ),
        step(
            "write-qty-confirmed", ln, "write", {"ids": ["${l8}"], "vals": {"product_uom_qty": 0}}
        ),
        step(
            "change-product-confirmed",
            ln,
            "write",
            {"ids": ["${l8}"], "vals": {"product_id": "${pen}"}},
        ),
        step("cancel", m, "action_cancel", {"ids": ["${o}"]}),
        step("delete-cancelled", m, "unlink", {"ids": ["${o}"]}),
        step("deleted", m, "search_count", {"domain": [["id", "=", "${o}"]]}),
        step("lines-deleted", ln, "search_count", {"domain": [["id", "in", ["${l2}", "${l3}"]]]}),
    ]
    return scenario(
        "sale order amounts: taxes of every kind, units, rounding, line commands, dates", steps
    )


# --------------------------------------------------------------------------- s9
def s9_sale_queries() -> dict[str, Any]:
    m, ln = "sale.order", "sale.order.line"
    own = [["partner_id.name", "like", "${run}"]]
    steps = [
        step(
            "setup-partners",
            "res.partner",
            "create",
            {
                "vals_list": [
                    {"name": "${run} Alpha", "is_company": True},
                    {"name": "${run} Beta", "is_company": True},
                ]
            },
            save={"a": "$[0]", "b": "$[1]"},
        ),
        step(
            "setup-products",
            "product.product",
            "create",
            {
                "vals_list": [
                    {
                        "name": "${run} Widget",
                        "default_code": "${RUN}-W",
                        "list_price": 10,
                        "taxes_id": [[6, 0, []]],
                    },
                    {
                        "name": "${run} Gadget",
                        "default_code": "${RUN}-G",
                        "list_price": 25.5,
                        "taxes_id": [[6, 0, []]],
                        "type": "service",
                    },
                ]
            },
            save={"w": "$[0]", "g": "$[1]"},
        ),
        step(
            "orders",
            m,
            "create",
            {
                "vals_list": [
                    {
                        "partner_id": "${a}",
                        "client_order_ref": "${run}-1",
                        "order_line": [[0, 0, {"product_id": "${w}", "product_uom_qty": 5}]],
                    },
                    {
                        "partner_id": "${a}",
                        "client_order_ref": "${run}-2",
                        "order_line": [
                            [0, 0, {"product_id": "${g}", "product_uom_qty": 2}],
                            [0, 0, {"product_id": "${w}", "product_uom_qty": 1}],
                        ],
                    },
                    {
                        "partner_id": "${b}",
                        "client_order_ref": "${run}-3",
                        "order_line": [[0, 0, {"product_id": "${g}", "product_uom_qty": 10}]],
                    },
                    {
                        "partner_id": "${b}",
                        "client_order_ref": "${run}-4",
                        "date_order": "2024-03-15 10:00:00",
                        "order_line": [
                            [0, 0, {"product_id": "${w}", "product_uom_qty": 3, "discount": 50}]
                        ],
                    },
                ]
            },
            save={"o1": "$[0]", "o2": "$[1]", "o3": "$[2]", "o4": "$[3]"},
        ),
        step("confirm-some", m, "action_confirm", {"ids": ["${o2}", "${o3}"]}),
        step(
            "by-total-desc",
            m,
            "search_read",
            {
                "domain": own,
                "fields": ["client_order_ref", "amount_total"],
                "order": "amount_total desc",
            },
        ),
        step(
            "by-partner-then-ref",
            m,
            "search_read",
            {
                "domain": own,
                "fields": ["client_order_ref"],
                "order": "partner_id, client_order_ref desc",
            },
        ),
        step(
            "by-ref-limit-offset",
            m,
            "search_read",
            {
                "domain": own,
                "fields": ["client_order_ref"],
                "order": "client_order_ref",
                "limit": 2,
                "offset": 1,
            },
        ),
        step(
            "old-orders",
            m,
            "search_read",
            {
                "domain": [*own, ["date_order", "<", "2025-01-01"]],
                "fields": ["client_order_ref", "date_order"],
            },
        ),
        step(
            "recent-orders",
            m,
            "search_count",
            {"domain": [*own, ["date_order", ">=", "${month_start}"]]},
        ),
        step(
            "group-by-month",
            m,
            "formatted_read_group",
            {
                "domain": [*own, ["date_order", "<", "2025-01-01"]],
                "groupby": ["date_order:month"],
                "aggregates": ["__count", "amount_total:sum"],
            },
        ),
        step(
            "group-by-year",
            m,
            "formatted_read_group",
            {
                "domain": [*own, ["date_order", "<", "2025-01-01"]],
                "groupby": ["date_order:year"],
                "aggregates": ["__count"],
            },
        ),
        step(
            "group-by-partner-state",
            m,
            "formatted_read_group",
            {
                "domain": own,
                "groupby": ["partner_id", "state"],
                "aggregates": ["__count", "amount_untaxed:sum"],
                "order": "partner_id, state",
            },
        ),
        step(
            "group-by-type-name",
            m,
            "formatted_read_group",
            {
                "domain": own,
                "groupby": ["state"],
                "aggregates": ["amount_total:max", "amount_total:min", "amount_total:avg"],
                "order": "state",
            },
        ),
        step(
            "lines-by-product",
            ln,
            "formatted_read_group",
            {
                "domain": [["order_id.partner_id.name", "like", "${run}"]],
                "groupby": ["product_id"],
                "aggregates": ["product_uom_qty:sum", "price_subtotal:sum", "__count"],
                "order": "product_id",
            },
        ),
        step(
            "lines-by-order-partner",
            ln,
            "formatted_read_group",
            {
                "domain": [["order_id.partner_id.name", "like", "${run}"]],
                "groupby": ["order_partner_id"],
                "aggregates": ["price_total:sum"],
                "order": "order_partner_id",
            },
        ),
        step(
            "lines-by-state",
            ln,
            "formatted_read_group",
            {
                "domain": [["order_id.partner_id.name", "like", "${run}"]],
                "groupby": ["state"],
                "aggregates": ["__count", "qty_to_invoice:sum"],
                "order": "state",
            },
        ),
        step(
            "lines-of-services",
            ln,
            "search_read",
            {
                "domain": [
                    ["order_id.partner_id.name", "like", "${run}"],
                    ["product_id.type", "=", "service"],
                ],
                "fields": ["name", "product_uom_qty"],
                "order": "product_uom_qty",
            },
        ),
        step(
            "orders-with-gadgets",
            m,
            "search_read",
            {
                "domain": [*own, ["order_line.product_id.default_code", "=", "${RUN}-G"]],
                "fields": ["client_order_ref"],
                "order": "client_order_ref",
            },
        ),
        step(
            "orders-any-line",
            m,
            "search_count",
            {"domain": [*own, ["order_line", "any", [["discount", ">", 0]]]]},
        ),
        step(
            "orders-not-any-line",
            m,
            "search_count",
            {"domain": [*own, ["order_line", "not any", [["product_id.type", "=", "service"]]]]},
        ),
        step(
            "orders-total-range",
            m,
            "search_read",
            {
                "domain": [*own, ["amount_total", ">", 20], ["amount_total", "<=", 255]],
                "fields": ["client_order_ref"],
                "order": "client_order_ref",
            },
        ),
        step(
            "web-search-read",
            m,
            "web_search_read",
            {
                "domain": own,
                "specification": {
                    "name": {},
                    "partner_id": {"fields": {"display_name": {}}},
                    "amount_total": {},
                    "state": {},
                    "order_line": {
                        "fields": {
                            "product_id": {"fields": {"display_name": {}}},
                            "product_uom_qty": {},
                        }
                    },
                },
                "order": "client_order_ref",
                "limit": 3,
            },
            mask=ORDER_NAME_MASK,
        ),
        step(
            "web-read-group",
            m,
            "web_read_group",
            {
                "domain": own,
                "groupby": ["state"],
                "aggregates": ["amount_total:sum"],
                "order": "state",
            },
            compare="status",
        ),
        step(
            "read-group-legacy",
            m,
            "read_group",
            {
                "domain": own,
                "fields": ["amount_total:sum"],
                "groupby": ["partner_id"],
                "orderby": "partner_id",
            },
        ),
        step(
            "search-fetch-names",
            m,
            "search_read",
            {"domain": own, "fields": ["display_name", "type_name"], "order": "client_order_ref"},
            mask=ORDER_NAME_MASK,
        ),
        step(
            "product-sales-count",
            "product.product",
            "search_read",
            {
                "domain": [["id", "in", ["${w}", "${g}"]]],
                "fields": ["name", "lst_price"],
                "order": "name",
            },
        ),
    ]
    teardown = [step("cancel-own", m, "action_cancel", {"ids": ["${o2}", "${o3}"]})]
    return scenario(
        "sale queries integrations make: orderings, dates, groupings, sub-domains",
        steps,
        teardown=teardown,
    )
