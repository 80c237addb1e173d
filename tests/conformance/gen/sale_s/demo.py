"""Scenarios s7 and s10: Odoo's demo data by name and code; names and name searches."""

from __future__ import annotations

from typing import Any

from tests.conformance.gen.sale_s.common import Step, scenario, step
from tests.conformance.gen.shapes import ref

# --------------------------------------------------------------------------- s7
#: demo products with one variant in Odoo (a multi-variant product's display
#: name carries its attribute values, which jsontwo has not)
DEMO_CODES = [
    "Delivery_010",
    "E-COM06",
    "E-COM07",
    "E-COM08",
    "E-COM10",
    "E-COM11",
    "FURN_0001",
    "FURN_0002",
    "FURN_0006",
    "FURN_0269",
    "FURN_0789",
    "FURN_1118",
    "FURN_6741",
    "FURN_7777",
    "FURN_7800",
    "FURN_7888",
    "FURN_8220",
    "FURN_8855",
    "FURN_8888",
    "FURN_8900",
    "FURN_9001",
    "FURN_9999",
]
DEMO_NAMES = [
    "Chair floor protection",
    "Furniture Assembly",
    "Hotel Accommodation",
    "Outdoor dining table",
    "Restaurant Expenses",
    "Virtual Home Staging",
    "Virtual Interior Design",
]
DEMO_ORDERS = [f"S{n:05d}" for n in range(1, 19)]
DEMO_PRODUCT_FIELDS = [
    "name",
    "default_code",
    "display_name",
    "list_price",
    "lst_price",
    "standard_price",
    "type",
    "categ_id",
    "uom_id",
    "uom_name",
    "barcode",
    "sale_ok",
    "purchase_ok",
    "active",
    "code",
]


def s7_demo() -> dict[str, Any]:
    p, t, o, ln = "product.product", "product.template", "sale.order", "sale.order.line"
    orders = [["name", "in", DEMO_ORDERS]]
    steps = [
        step(
            "products-by-code",
            p,
            "search_read",
            {
                "domain": [["default_code", "in", DEMO_CODES]],
                "fields": DEMO_PRODUCT_FIELDS,
                "order": "default_code",
            },
        ),
        step(
            "products-by-name",
            p,
            "search_read",
            {
                "domain": [["name", "in", DEMO_NAMES]],
                "fields": [f for f in DEMO_PRODUCT_FIELDS if f != "taxes_id"],
                "order": "name",
            },
        ),
        step(
            "product-taxes-by-code",
            p,
            "search_read",
            {
                "domain": [["default_code", "in", DEMO_CODES]],
                "fields": ["default_code", "taxes_id", "supplier_taxes_id"],
                "order": "default_code",
            },
        ),
        step(
            "templates-by-name",
            t,
            "search_read",
            {
                "domain": [["name", "in", DEMO_NAMES]],
                "fields": [
                    "name",
                    "list_price",
                    "type",
                    "uom_id",
                    "categ_id",
                    "product_variant_count",
                    "default_code",
                ],
                "order": "name",
            },
        ),
        step(
            "templates-per-category",
            t,
            "formatted_read_group",
            {
                "domain": ["|", ["default_code", "in", DEMO_CODES], ["name", "in", DEMO_NAMES]],
                "groupby": ["categ_id"],
                "aggregates": ["__count", "list_price:sum"],
                "order": "categ_id",
            },
        ),
        step(
            "templates-per-type",
            t,
            "formatted_read_group",
            {
                "domain": ["|", ["default_code", "in", DEMO_CODES], ["name", "in", DEMO_NAMES]],
                "groupby": ["type"],
                "aggregates": ["__count"],
                "order": "type",
            },
        ),
        step(
            "templates-per-uom",
            p,
            "formatted_read_group",
            {
                "domain": ["|", ["default_code", "in", DEMO_CODES], ["name", "in", DEMO_NAMES]],
                "groupby": ["uom_id"],
                "aggregates": ["__count"],
                "order": "uom_id",
            },
        ),
        step(
            "office-products",
            p,
            "search_read",
            {
                "domain": [
                    ["categ_id.complete_name", "=", "Furniture / Office"],
                    ["default_code", "in", DEMO_CODES],
                ],
                "fields": ["default_code"],
                "order": "default_code",
            },
        ),
        step(
            "furniture-child-of",
            t,
            "search_count",
            {
                "domain": [
                    ["categ_id", "child_of", "Furniture"],
                    ["name", "in", ["Outdoor dining table", "Office Chair", "Drawer"]],
                ]
            },
        ),
        step(
            "services",
            p,
            "search_read",
            {
                "domain": [["type", "=", "service"], ["name", "in", DEMO_NAMES]],
                "fields": ["name", "uom_id"],
                "order": "name",
            },
        ),
        step(
            "expensive",
            p,
            "search_read",
            {
                "domain": [["list_price", ">=", 1000], ["default_code", "in", DEMO_CODES]],
                "fields": ["default_code", "list_price"],
                "order": "list_price desc",
            },
        ),
        step(
            "with-barcode",
            p,
            "search_read",
            {
                "domain": [["barcode", "!=", False], ["default_code", "in", DEMO_CODES]],
                "fields": ["default_code", "barcode"],
                "order": "default_code",
            },
        ),
    ]
    for code in ("FURN_7777", "FURN_8888", "E-COM07", "FURN_0269"):
        steps.append(step(f"name-search-{code}", p, "name_search", {"name": code}))
    for text in ("Office Chair", "Drawer", "[FURN_9001] Flip", "Virtual"):
        steps.append(
            step(
                f"name-search-{text.lower().replace(' ', '-').replace('[', '').replace(']', '')}",
                p,
                "name_search",
                {
                    "name": text,
                    "domain": [
                        [
                            "default_code",
                            "not in",
                            ["FURN_0096", "DESK0005", "DESK0006", "FURN_0097", "FURN_0098"],
                        ]
                    ],
                },
            )
        )
    steps += [
        step(
            "demo-orders",
            o,
            "search_read",
            {
                "domain": orders,
                "fields": [
                    "name",
                    "state",
                    "partner_id",
                    "amount_untaxed",
                    "amount_tax",
                    "amount_total",
                    "user_id",
                    "client_order_ref",
                    "locked",
                    "company_id",
                    "type_name",
                ],
                "order": "name",
            },
        ),
        step(
            "demo-orders-by-state",
            o,
            "formatted_read_group",
            {
                "domain": orders,
                "groupby": ["state"],
                "aggregates": ["__count", "amount_total:sum"],
                "order": "state",
            },
        ),
        step(
            "demo-orders-by-partner",
            o,
            "formatted_read_group",
            {
                "domain": orders,
                "groupby": ["partner_id"],
                "aggregates": ["__count", "amount_untaxed:sum"],
                "order": "partner_id",
            },
        ),
        step(
            "demo-orders-by-salesperson",
            o,
            "formatted_read_group",
            {
                "domain": orders,
                "groupby": ["user_id"],
                "aggregates": ["__count"],
                "order": "user_id",
            },
        ),
        step(
            "demo-orders-of-gemini",
            o,
            "search_count",
            {"domain": [*orders, ["partner_id.name", "=", "Gemini Furniture"]]},
        ),
        step(
            "demo-quotations",
            o,
            "search_read",
            {
                "domain": [*orders, ["state", "in", ["draft", "sent"]]],
                "fields": ["name"],
                "order": "name",
            },
        ),
        step(
            "demo-lines",
            ln,
            "search_read",
            {
                "domain": [["order_id.name", "in", DEMO_ORDERS[:8]]],
                "fields": [
                    "product_uom_qty",
                    "price_unit",
                    "discount",
                    "price_subtotal",
                    "price_tax",
                    "price_total",
                    "product_uom_id",
                    "tax_ids",
                    "state",
                    "qty_to_invoice",
                ],
                "order": "order_id, sequence, id",
            },
        ),
        step(
            "demo-lines-per-order",
            ln,
            "formatted_read_group",
            {
                "domain": [["order_id.name", "in", DEMO_ORDERS]],
                "groupby": ["order_id"],
                "aggregates": ["__count", "price_subtotal:sum"],
                "order": "order_id",
            },
        ),
        step(
            "demo-lines-of-product",
            ln,
            "search_count",
            {
                "domain": [
                    ["order_id.name", "in", DEMO_ORDERS],
                    ["product_id.default_code", "=", "FURN_0269"],
                ]
            },
        ),
        step(
            "demo-orders-of-product",
            o,
            "search_read",
            {
                "domain": [*orders, ["order_line.product_id.default_code", "=", "FURN_7777"]],
                "fields": ["name"],
                "order": "name",
            },
        ),
    ]
    return scenario("demo data as on Odoo's sale demo database: products, orders", steps)


# --------------------------------------------------------------------------- s10
def s10_names() -> dict[str, Any]:
    steps: list[Step] = []
    for model in (
        "product.product",
        "product.template",
        "uom.uom",
        "account.tax",
        "product.category",
    ):
        short = model.replace(".", "_")
        steps += [
            step(
                f"{short}-name-create",
                model,
                "name_create",
                {"name": "${run} N " + short},
                save={f"{short}_n": "$[0]"},
            ),
            step(
                f"{short}-read-created",
                model,
                "read",
                {"ids": [ref(f"{short}_n")], "fields": ["display_name"]},
            ),
            step(
                f"{short}-name-search-eq",
                model,
                "name_search",
                {"name": "${run} N " + short, "operator": "="},
            ),
            step(
                f"{short}-name-search-ilike-prefix",
                model,
                "name_search",
                {
                    "name": "${run} N",
                    "operator": "ilike",
                    "domain": [["id", "=", ref(f"{short}_n")]],
                },
            ),
            step(
                f"{short}-name-search-not-ilike",
                model,
                "name_search",
                {
                    "name": "${run}",
                    "operator": "not ilike",
                    "domain": [["id", "=", ref(f"{short}_n")]],
                },
            ),
            step(
                f"{short}-display-name-not-ilike",
                model,
                "search_count",
                {
                    "domain": [
                        ["id", "=", ref(f"{short}_n")],
                        ["display_name", "not ilike", "${run}"],
                    ]
                },
            ),
            step(
                f"{short}-display-name-in",
                model,
                "search_count",
                {"domain": [["display_name", "in", ["${run} N " + short]]]},
            ),
            step(
                f"{short}-name-search-limit-0",
                model,
                "name_search",
                {"name": "${run}", "limit": 0},
                compare="status",
            ),
        ]
    steps += [
        step(
            "tax-default-get-ctx",
            "account.tax",
            "default_get",
            {
                "fields": ["type_tax_use", "amount_type", "amount"],
                "context": {"default_type_tax_use": "purchase", "default_amount": 7},
            },
        ),
        step(
            "uom-default-get-ctx",
            "uom.uom",
            "default_get",
            {"fields": ["relative_factor", "active"], "context": {"default_relative_factor": 3}},
        ),
        step(
            "product-name-search-eq-code",
            "product.product",
            "name_search",
            {"name": "FURN_7777", "operator": "="},
        ),
        step(
            "product-name-search-ilike-domain",
            "product.product",
            "name_search",
            {
                "name": "Office",
                "domain": [
                    ["categ_id.name", "=", "Office"],
                    ["default_code", "in", ["FURN_7777", "FURN_8888", "FURN_9999"]],
                ],
            },
        ),
        step(
            "product-name-search-like",
            "product.product",
            "name_search",
            {"name": "Lamp", "operator": "like", "domain": [["default_code", "=", "FURN_8888"]]},
        ),
        step(
            "category-name-search-path",
            "product.category",
            "name_search",
            {"name": "Furniture / Off"},
        ),
        step(
            "uom-name-search-g",
            "uom.uom",
            "name_search",
            {"name": "g", "operator": "=", "context": {"active_test": False}},
        ),
    ]
    return scenario("names: name_create, name_search operators, display_name searches", steps)
