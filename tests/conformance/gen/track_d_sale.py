# mypy: disable-error-code="assignment,var-annotated"
"""Track d scenarios on the ``sale`` database: date, datetime, monetary and text fields in domains,
orderings and date groupings, over run-suffixed sale orders and product templates."""

from __future__ import annotations

from typing import Any

from track_d_common import Domain, Scenario, Step, slug, step

RUN = "${run}"
SO = "sale.order"
PT = "product.template"
MINE_SO: Domain = [["name", "=like", f"{RUN}%"]]
MINE_PT: Domain = [["name", "=like", f"{RUN}%"]]


def fixture() -> list[Step]:
    """A customer, two products and three draft orders with fixed dates and amounts."""
    return [
        step(
            "setup-customer",
            "res.partner",
            "create",
            {"vals_list": [{"name": f"{RUN} cust"}]},
            save={"cust": "$[0]"},
        ),
        step(
            "setup-products",
            PT,
            "create",
            {
                "vals_list": [
                    {
                        "name": f"{RUN} chair",
                        "list_price": 100.0,
                        "type": "consu",
                        "sale_ok": True,
                        "description_sale": "A comfortable chair\nsecond line",
                        "color": 3,
                        "default_code": "DC1",
                    },
                    {
                        "name": f"{RUN} service",
                        "list_price": 12.5,
                        "type": "service",
                        "sale_ok": False,
                        "default_code": "",
                        "color": 0,
                    },
                    {"name": f"{RUN} combo", "list_price": 0.0, "type": "consu", "active": False},
                ]
            },
            save={"t1": "$[0]", "t2": "$[1]", "t3": "$[2]"},
        ),
        step(
            "lookup-variants",
            "product.product",
            "search",
            {"domain": [["product_tmpl_id", "in", ["${t1}", "${t2}"]]], "order": "name"},
            save={"v1": "$[0]", "v2": "$[1]"},
        ),
        step(
            "setup-orders",
            SO,
            "create",
            {
                "vals_list": [
                    {
                        "name": f"{RUN} SO1",
                        "partner_id": "${cust}",
                        "date_order": "2024-01-15 10:30:00",
                        "validity_date": "2024-02-01",
                        "client_order_ref": "r1",
                        "note": "<p>first</p>",
                        "order_line": [
                            [
                                0,
                                0,
                                {"product_id": "${v1}", "product_uom_qty": 2, "price_unit": 100.0},
                            ]
                        ],
                    },
                    {
                        "name": f"{RUN} SO2",
                        "partner_id": "${cust}",
                        "date_order": "2024-03-31 23:30:00",
                        "validity_date": "2024-04-15",
                        "commitment_date": "2024-05-01 08:00:00",
                        "order_line": [
                            [
                                0,
                                0,
                                {"product_id": "${v2}", "product_uom_qty": 1, "price_unit": 50.0},
                            ]
                        ],
                    },
                    {
                        "name": f"{RUN} SO3",
                        "partner_id": "${cust}",
                        "date_order": "2025-12-29 12:00:00",
                        "validity_date": False,
                        "client_order_ref": "",
                        "order_line": [
                            [
                                0,
                                0,
                                {"product_id": "${v1}", "product_uom_qty": 3, "price_unit": 10.0},
                            ]
                        ],
                    },
                ]
            },
            save={"o1": "$[0]", "o2": "$[1]", "o3": "$[2]"},
        ),
    ]


def so_search(
    sc: Scenario, prefix: str, leaf: list[Any], context: dict[str, Any] | None = None
) -> None:
    """A search of the run's orders restricted by ``leaf``."""
    body: dict[str, Any] = {"domain": [*MINE_SO, leaf], "order": "id"}
    if context:
        body["context"] = context
    sc.add(step(f"{prefix}-{slug(leaf)}", SO, "search", body))


def domains() -> Scenario:
    """date, datetime, monetary, float, text, selection fields of sale orders and product templates."""
    sc = Scenario(
        "domains on date/datetime/monetary/text/selection fields of sale.order and product.template"
    )
    for s in fixture():
        sc.add(s)
    for op in ("=", "!=", "<", "<=", ">", ">="):
        for v in ("2024-02-01", "2024-02-01 00:00:00", False, "2024-04-15 12:00:00"):
            so_search(sc, f"date-{op}", ["validity_date", op, v])
    for leaf in (
        ["validity_date", "in", ["2024-02-01", "2024-04-15"]],
        ["validity_date", "not in", ["2024-02-01"]],
        ["validity_date", "in", [False]],
        ["validity_date", "=", "bad"],
        ["validity_date", "=", "2024-13-01"],
        ["validity_date", "=", "2024-2-1"],
        ["validity_date", ">", 5],
        ["validity_date", "like", "2024"],
        ["validity_date", "ilike", "04"],
        ["validity_date", "=", "01/02/2024"],
        ["validity_date", "=?", False],
        ["validity_date", ">=", "2024-02-01T00:00:00"],
        ["validity_date", "in", []],
        ["validity_date", "=", True],
    ):
        so_search(sc, "date", leaf)
    for op in ("=", "!=", "<", "<=", ">", ">="):
        for v in ("2024-01-15 10:30:00", "2024-01-15", "2024-03-31"):
            so_search(sc, f"dt-{op}", ["date_order", op, v])
    for leaf in (
        ["date_order", "in", ["2024-01-15 10:30:00", "2025-12-29 12:00:00"]],
        ["date_order", "=", "2024-01-15T10:30:00"],
        ["date_order", "=", "2024-01-15 10:30"],
        ["date_order", ">", "bad"],
        ["date_order", "<", "2024-01-15 25:00:00"],
        ["date_order", "like", "2024"],
        ["commitment_date", "=", False],
        ["commitment_date", "!=", False],
        ["commitment_date", ">", "2024-01-01"],
        ["date_order", "=", False],
        ["date_order", ">=", "2024-01-15 10:30:00.000"],
        ["date_order", ">", "2024-01-15 10:30:00+02:00"],
        ["date_order", "<", "2025"],
    ):
        so_search(sc, "dt", leaf)
    so_search(sc, "dt-tz", ["date_order", ">=", "2024-04-01"], context={"tz": "Europe/Brussels"})
    relative: list[list[Any]] = [
        ["date_order", "<", "now"],
        ["date_order", ">", "now -100y"],
        ["date_order", ">", "now +1d"],
        ["date_order", "<", "today"],
        ["date_order", ">=", "today =1m =1d -100y"],
        ["date_order", "<", "now -1H"],
        ["date_order", "=", "today"],
        ["date_order", "in", ["today", "2024-01-15 10:30:00"]],
        ["validity_date", ">=", "today -100y"],
        ["validity_date", "<", "today"],
        ["validity_date", ">", "today +1d"],
        ["validity_date", "<", "today =1d"],
        ["validity_date", ">", "=monday -100y"],
        ["validity_date", "=", "today"],
        ["validity_date", "in", ["today", "2024-02-01"]],
        ["validity_date", ">", "yesterday"],
        ["validity_date", ">", "today +3x"],
        ["date_order", ">", "now =13m"],
        ["validity_date", "<", "+1d"],
        ["validity_date", ">", "today +1w -2m +1y"],
        ["date_order", "<", "now =week_start"],
    ]
    for leaf in relative:
        so_search(sc, "relative", leaf, context={"tz": "UTC"})
    parts: list[list[Any]] = [
        ["date_order.month_number", "=", 1],
        ["date_order.year_number", ">=", 2025],
        ["date_order.quarter_number", "in", [1, 4]],
        ["date_order.day_of_week", "=", 1],
        ["date_order.iso_week_number", "=", 1],
        ["date_order.hour_number", ">", 12],
        ["date_order.day_of_month", "=", 31],
        ["date_order.day_of_year", "<", 32],
        ["date_order.minute_number", "=", 30],
        ["date_order.second_number", "=", 0],
        ["validity_date.month_number", "=", 2],
        ["validity_date.day_of_week", "=", 4],
        ["validity_date.year_number", "=", False],
        ["validity_date.year_number", "!=", False],
        ["date_order.nope", "=", 1],
        ["date_order.month", "=", 1],
        ["date_order.month_number", "=", "1"],
        ["date_order.month_number", "like", "1"],
        ["date_order.year_number", "any", []],
    ]
    for leaf in parts:
        so_search(sc, "part", leaf, context={"tz": "UTC"})
    so_search(sc, "part-tz", ["date_order.day_of_month", "=", 1], context={"tz": "Europe/Brussels"})
    so_search(sc, "part-tz", ["date_order.hour_number", "=", 0], context={"tz": "Europe/Brussels"})
    for order in (
        "date_order.month_number desc, id",
        "validity_date.day_of_week, id",
        "date_order.hour_number, id",
        "date_order.nope",
        "date_order:month, id",
    ):
        sc.add(
            step(
                f"order-{slug(order)}",
                SO,
                "search",
                {"domain": MINE_SO, "order": order, "context": {"tz": "UTC"}},
            )
        )
    for op in ("=", "!=", "<", ">", ">=", "<="):
        for v in (200, 200.0, "200", 0, False):
            so_search(sc, f"money-{op}", ["amount_untaxed", op, v])
    for leaf in (
        ["amount_untaxed", "in", [200, 50]],
        ["amount_untaxed", "not in", [200]],
        ["amount_untaxed", "=", 199.999],
        ["amount_untaxed", "=", 200.001],
        ["amount_total", ">", 0],
        ["amount_untaxed", "like", "20"],
        ["order_line.price_unit", ">", 60],
        ["order_line.price_subtotal", "=", 30],
        ["order_line.product_id.name", "ilike", "chair"],
        ["order_line.product_id", "=", "${v2}"],
        ["order_line", "any", [["product_uom_qty", ">=", 2]]],
        ["order_line", "not any", [["price_unit", "<", 20]]],
        ["order_line.product_id.product_tmpl_id.list_price", "=", 12.5],
        ["partner_id.name", "ilike", "cust"],
        ["partner_id", "=", "${cust}"],
        ["partner_id", "ilike", f"{RUN} CUST"],
        ["partner_id", "child_of", "${cust}"],
        ["state", "=", "draft"],
        ["state", "in", ["sale", "cancel"]],
        ["state", "!=", "draft"],
        ["state", "=", "nope"],
        ["client_order_ref", "=", False],
        ["client_order_ref", "=", ""],
        ["client_order_ref", "!=", False],
        ["client_order_ref", "ilike", "R"],
        ["note", "ilike", "first"],
        ["note", "=", False],
        ["locked", "=", False],
        ["currency_id.name", "!=", False],
        ["company_id", "!=", False],
        ["order_line", "=", False],
        ["order_line", "!=", False],
        ["user_id", "=", False],
    ):
        so_search(sc, "so", leaf)
    pt: list[list[Any]] = [
        ["list_price", "=", 100],
        ["list_price", ">", 12.5],
        ["list_price", "<=", 12.5],
        ["list_price", "=", False],
        ["list_price", "=", 0],
        ["list_price", "in", [100, 12.5]],
        ["sale_ok", "=", False],
        ["sale_ok", "!=", True],
        ["type", "=", "service"],
        ["type", "in", ["consu", "service"]],
        ["type", "=", "product"],
        ["type", "not in", ["consu"]],
        ["description_sale", "ilike", "comfortable"],
        ["description_sale", "like", "second line"],
        ["description_sale", "=", False],
        ["description_sale", "!=", False],
        ["description_sale", "not ilike", "chair"],
        ["description_sale", "=", "A comfortable chair\nsecond line"],
        ["default_code", "=", False],
        ["default_code", "=", ""],
        ["default_code", "=ilike", "dc1"],
        ["color", "=", 0],
        ["color", "=", False],
        ["active", "=", False],
        ["categ_id", "!=", False],
        ["uom_id.name", "=", "Units"],
        ["taxes_id", "=", False],
        ["product_variant_ids", "!=", False],
        ["product_variant_ids.default_code", "=", "DC1"],
        ["product_variant_ids", "in", ["${v1}"]],
        ["sequence", ">", 0],
        ["is_favorite", "=", False],
    ]
    for leaf in pt:
        sc.add(
            step(
                f"pt-{slug(leaf)}",
                PT,
                "search",
                {"domain": [*MINE_PT, leaf], "order": "id", "context": {"active_test": False}},
            )
        )
    return sc


def orders_and_groups() -> Scenario:
    """Orderings on date/datetime/monetary fields and date granularities of read_group."""
    sc = Scenario(
        "orders on date/datetime/monetary fields; formatted_read_group and read_group date "
        "granularities, timezones and monetary aggregates on sale.order"
    )
    for s in fixture():
        sc.add(s)
    for f in (
        "date_order",
        "validity_date",
        "commitment_date",
        "amount_untaxed",
        "amount_total",
        "state",
        "partner_id",
        "client_order_ref",
        "note",
    ):
        for d in ("asc", "desc", "asc nulls first", "desc nulls last"):
            sc.add(
                step(
                    f"order-{f}-{d.replace(' ', '_')}",
                    SO,
                    "search",
                    {"domain": MINE_SO, "order": f"{f} {d}, id"},
                )
            )
    sc.add(step("order-default", SO, "search", {"domain": MINE_SO}))
    sc.add(
        step(
            "order-default-pt", PT, "search", {"domain": MINE_PT, "context": {"active_test": False}}
        )
    )
    sc.add(
        step(
            "order-pt-list-price",
            PT,
            "search",
            {"domain": MINE_PT, "order": "list_price desc", "context": {"active_test": False}},
        )
    )
    sc.add(
        step("order-pt-categ", PT, "search", {"domain": MINE_PT, "order": "categ_id, uom_id, id"})
    )
    grans = [
        "day",
        "week",
        "month",
        "quarter",
        "year",
        "day_of_week",
        "day_of_month",
        "day_of_year",
        "iso_week_number",
        "month_number",
        "quarter_number",
        "year_number",
        "hour_number",
        "minute_number",
        "second_number",
        "hour",
        "nope",
    ]
    for g in grans:
        for f in ("date_order", "validity_date"):
            sc.add(
                step(
                    f"frg-{f}-{g}",
                    SO,
                    "formatted_read_group",
                    {
                        "domain": MINE_SO,
                        "groupby": [f"{f}:{g}"],
                        "aggregates": ["__count", "amount_untaxed:sum"],
                        "context": {"tz": "UTC"},
                    },
                )
            )
    for tz in ("Europe/Brussels", "America/New_York", "Nope/Zone"):
        sc.add(
            step(
                f"frg-tz-{tz}",
                SO,
                "formatted_read_group",
                {
                    "domain": MINE_SO,
                    "groupby": ["date_order:day"],
                    "aggregates": ["__count"],
                    "context": {"tz": tz},
                },
            )
        )
    sc.add(
        step(
            "frg-date-default",
            SO,
            "formatted_read_group",
            {
                "domain": MINE_SO,
                "groupby": ["date_order"],
                "aggregates": ["__count"],
                "context": {"tz": "UTC"},
            },
        )
    )
    sc.add(
        step(
            "frg-two-dates",
            SO,
            "formatted_read_group",
            {
                "domain": MINE_SO,
                "groupby": ["date_order:year", "validity_date:month"],
                "aggregates": ["__count"],
                "context": {"tz": "UTC"},
            },
        )
    )
    sc.add(
        step(
            "frg-order-date-desc",
            SO,
            "formatted_read_group",
            {
                "domain": MINE_SO,
                "groupby": ["date_order:month"],
                "aggregates": ["__count"],
                "order": "date_order:month desc",
                "context": {"tz": "UTC"},
            },
        )
    )
    for agg in (
        "amount_untaxed:sum",
        "amount_untaxed:avg",
        "amount_untaxed:min",
        "amount_untaxed:max",
        "amount_total:sum",
        "date_order:min",
        "date_order:max",
        "validity_date:max",
        "validity_date:array_agg",
        "date_order:count_distinct",
        "state:count_distinct",
        "partner_id:array_agg",
    ):
        sc.add(
            step(
                f"agg-{slug(agg)}",
                SO,
                "formatted_read_group",
                {
                    "domain": MINE_SO,
                    "groupby": ["partner_id"],
                    "aggregates": [agg],
                    "context": {"tz": "UTC"},
                },
            )
        )
    for gb in (["state"], ["partner_id"], ["locked"], ["order_line"], ["note"]):
        sc.add(
            step(
                f"frg-{slug(gb)}",
                SO,
                "formatted_read_group",
                {"domain": MINE_SO, "groupby": gb, "aggregates": ["__count"]},
            )
        )
    for gb, extra in (
        (["date_order:month"], {}),
        (["validity_date:week"], {}),
        (["date_order"], {}),
        (["validity_date:quarter", "state"], {"lazy": False}),
        (["date_order:year"], {"orderby": "date_order desc"}),
    ):
        body: dict[str, Any] = {
            "domain": MINE_SO,
            "fields": ["amount_untaxed:sum"],
            "groupby": gb,
            "context": {"tz": "UTC"},
        }
        body.update(extra)
        sc.add(step(f"rg-{slug(gb)}-{slug(extra)}", SO, "read_group", body))
    for gb in (["type"], ["sale_ok"], ["categ_id"], ["uom_id"], ["list_price"]):
        sc.add(
            step(
                f"pt-frg-{slug(gb)}",
                PT,
                "formatted_read_group",
                {
                    "domain": MINE_PT,
                    "groupby": gb,
                    "aggregates": ["__count", "list_price:sum"],
                    "context": {"active_test": False},
                },
            )
        )
    sc.add(
        step(
            "wsr-orders",
            SO,
            "web_search_read",
            {
                "domain": MINE_SO,
                "order": "date_order desc",
                "specification": {
                    "name": {},
                    "date_order": {},
                    "validity_date": {},
                    "amount_untaxed": {},
                    "partner_id": {"fields": {"display_name": {}}},
                    "order_line": {"fields": {"price_unit": {}, "product_uom_qty": {}}},
                },
            },
        )
    )
    return sc


UOM = "uom.uom"
MINE_UOM: Domain = [["name", "=like", f"{RUN}%"]]


def uom_fixture() -> list[Step]:
    """A run-suffixed tree of units: base <- x10 <- x100, and an archived half of base."""
    return [
        step(
            "setup-root",
            UOM,
            "create",
            {"vals_list": [{"name": f"{RUN} base", "relative_factor": 1.0}]},
            save={"u0": "$[0]"},
        ),
        step(
            "setup-x10",
            UOM,
            "create",
            {
                "vals_list": [
                    {"name": f"{RUN} x10", "relative_factor": 10.0, "relative_uom_id": "${u0}"},
                    {
                        "name": f"{RUN} old",
                        "relative_factor": 0.5,
                        "relative_uom_id": "${u0}",
                        "active": False,
                    },
                ]
            },
            save={"u10": "$[0]", "uold": "$[1]"},
        ),
        step(
            "setup-x100",
            UOM,
            "create",
            {
                "vals_list": [
                    {
                        "name": f"{RUN} x100",
                        "relative_factor": 10.0,
                        "relative_uom_id": "${u10}",
                        "sequence": 3,
                    }
                ]
            },
            save={"u100": "$[0]"},
        ),
    ]


def uom() -> Scenario:
    """Domains, orders, groupings and web reads over a hierarchy of units of measure."""
    sc = Scenario(
        "uom.uom: float/computed float/many2one hierarchy/one2many domains, child_of and "
        "parent_of through relative_uom_id, orders, groupings and web reads"
    )
    for s in uom_fixture():
        sc.add(s)
    leaves: list[list[Any]] = [
        ["relative_factor", "=", 10],
        ["relative_factor", ">", 1],
        ["relative_factor", "<=", 1],
        ["relative_factor", "in", [0.5, 1]],
        ["relative_factor", "!=", 10],
        ["factor", "=", 100],
        ["factor", ">=", 10],
        ["factor", "<", 1],
        ["factor", "in", [1, 10, 100]],
        ["relative_uom_id", "=", False],
        ["relative_uom_id", "!=", False],
        ["relative_uom_id", "=", "${u0}"],
        ["relative_uom_id", "in", ["${u0}", "${u10}"]],
        ["relative_uom_id", "ilike", "x10"],
        ["relative_uom_id", "not ilike", "base"],
        ["relative_uom_id.name", "=like", "%base"],
        ["relative_uom_id.relative_uom_id", "=", "${u0}"],
        ["relative_uom_id", "any", [["relative_factor", "=", 10]]],
        ["relative_uom_id", "not any", [["relative_factor", "=", 10]]],
        ["id", "child_of", "${u0}"],
        ["id", "child_of", "${u10}"],
        ["id", "parent_of", "${u100}"],
        ["id", "parent_of", "${uold}"],
        ["relative_uom_id", "child_of", "${u10}"],
        ["relative_uom_id", "parent_of", "${u100}"],
        ["id", "child_of", f"{RUN} x10"],
        ["related_uom_ids", "!=", False],
        ["related_uom_ids", "=", False],
        ["related_uom_ids", "in", ["${u100}"]],
        ["related_uom_ids.name", "ilike", "x100"],
        ["related_uom_ids", "child_of", "${u100}"],
        ["related_uom_ids", "any", [["active", "=", False]]],
        ["parent_path", "=like", "%/"],
        ["sequence", "=", 3],
        ["sequence", "!=", 3],
        ["active", "=", False],
        ["active", "in", [True, False]],
        ["display_name", "ilike", "x1"],
        ["display_name", "=", f"{RUN} x10"],
        ["name", "in", [f"{RUN} x10", "nope"]],
    ]
    for leaf in leaves:
        sc.add(
            step(f"uom-{slug(leaf)}", UOM, "search", {"domain": [*MINE_UOM, leaf], "order": "id"})
        )
        if leaf[0] in ("id", "related_uom_ids"):
            sc.add(
                step(
                    f"uom-all-{slug(leaf)}",
                    UOM,
                    "search",
                    {"domain": [*MINE_UOM, leaf], "order": "id", "context": {"active_test": False}},
                )
            )
    for order in (
        "name",
        "relative_factor desc, id",
        "factor, id",
        "relative_uom_id, id",
        "relative_uom_id desc nulls last, id",
        "sequence desc, id",
        "",
        "active, id",
    ):
        sc.add(
            step(
                f"uom-order-{slug(order)}",
                UOM,
                "search",
                {"domain": MINE_UOM, "order": order, "context": {"active_test": False}},
            )
        )
    for gb, aggs in (
        (["relative_uom_id"], ["__count", "factor:sum"]),
        (["relative_factor"], ["__count"]),
        (["active"], ["relative_factor:max", "factor:avg"]),
        (["sequence"], ["id:count_distinct"]),
        (["relative_uom_id", "active"], ["__count"]),
        (["related_uom_ids"], ["__count"]),
    ):
        sc.add(
            step(
                f"uom-frg-{slug(gb)}",
                UOM,
                "formatted_read_group",
                {
                    "domain": MINE_UOM,
                    "groupby": gb,
                    "aggregates": aggs,
                    "context": {"active_test": False},
                },
            )
        )
    sc.add(
        step(
            "uom-rg",
            UOM,
            "read_group",
            {
                "domain": MINE_UOM,
                "fields": ["factor:sum"],
                "groupby": ["relative_uom_id"],
                "orderby": "relative_uom_id",
            },
        )
    )
    sc.add(
        step(
            "uom-wsr",
            UOM,
            "web_search_read",
            {
                "domain": MINE_UOM,
                "order": "id",
                "context": {"active_test": False},
                "specification": {
                    "name": {},
                    "factor": {},
                    "relative_uom_id": {"fields": {"display_name": {}}},
                    "related_uom_ids": {
                        "fields": {"name": {}, "active": {}},
                        "context": {"active_test": False},
                    },
                },
            },
        )
    )
    sc.add(
        step(
            "uom-wsr-default-active",
            UOM,
            "web_search_read",
            {
                "domain": MINE_UOM,
                "order": "id",
                "limit": 2,
                "count_limit": 3,
                "specification": {"name": {}, "related_uom_ids": {"fields": {"name": {}}}},
            },
        )
    )
    sc.add(
        step(
            "uom-wr",
            UOM,
            "web_read",
            {
                "ids": ["${u0}", "${uold}"],
                "specification": {"display_name": {}, "related_uom_ids": {}},
            },
        )
    )
    return sc


SOL = "sale.order.line"
MINE_SOL: Domain = [["order_id.name", "=like", f"{RUN}%"]]


def order_lines() -> Scenario:
    """Domains, orders and groupings of the run's sale order lines (text, monetary, float, many2one)."""
    sc = Scenario(
        "sale.order.line: text name, monetary subtotals, quantities, product and order paths; "
        "orders and groupings by order, product and state"
    )
    for s in fixture():
        sc.add(s)
    # an explicit code: the variant of a template written with "" reads False in Odoo (product's concern)
    sc.add(
        step(
            "setup-variant-code",
            "product.product",
            "write",
            {"ids": ["${v2}"], "vals": {"default_code": "SRV"}},
        )
    )
    leaves: list[list[Any]] = [
        ["price_subtotal", ">", 40],
        ["price_subtotal", "=", 200],
        ["price_subtotal", "in", [30, 50]],
        ["price_unit", "<", 50],
        ["product_uom_qty", ">=", 2],
        ["discount", "=", 0],
        ["discount", "=", False],
        ["name", "ilike", "chair"],
        ["name", "not ilike", "chair"],
        ["name", "=", False],
        ["name", "!=", False],
        ["product_id.name", "ilike", "service"],
        ["product_id", "ilike", "chair"],
        ["product_id", "=", "${v1}"],
        ["product_id.product_tmpl_id", "=", "${t1}"],
        ["order_id", "=", "${o2}"],
        ["order_id", "in", ["${o1}", "${o3}"]],
        ["order_id", "ilike", "SO3"],
        ["order_id.date_order", "<", "2025-01-01"],
        ["order_id.validity_date", "=", False],
        ["order_id.partner_id", "=", "${cust}"],
        ["order_partner_id", "=", "${cust}"],
        ["state", "=", "draft"],
        ["display_type", "=", False],
        ["is_downpayment", "=", False],
        ["sequence", ">=", 0],
        ["product_uom_id.name", "=", "Units"],
        ["currency_id", "!=", False],
        ["company_id", "!=", False],
    ]
    for leaf in leaves:
        sc.add(
            step(f"sol-{slug(leaf)}", SOL, "search", {"domain": [*MINE_SOL, leaf], "order": "id"})
        )
    for order in (
        "price_subtotal desc, id",
        "order_id, id",
        "order_id desc, id",
        "product_id, id",
        "product_uom_qty, id",
        "name, id",
        "",
    ):
        sc.add(
            step(f"sol-order-{slug(order)}", SOL, "search", {"domain": MINE_SOL, "order": order})
        )
    for gb, aggs in (
        (["order_id"], ["price_subtotal:sum", "product_uom_qty:sum"]),
        (["product_id"], ["__count", "price_unit:avg"]),
        (["state"], ["price_subtotal:max"]),
        (["order_id.date_order:year"], ["__count"]),
        (["product_id", "order_id"], ["__count"]),
        (["order_partner_id"], ["price_total:sum"]),
    ):
        sc.add(
            step(
                f"sol-frg-{slug(gb)}-{slug(aggs)}",
                SOL,
                "formatted_read_group",
                {"domain": MINE_SOL, "groupby": gb, "aggregates": aggs, "context": {"tz": "UTC"}},
            )
        )
    sc.add(
        step(
            "sol-rg",
            SOL,
            "read_group",
            {
                "domain": MINE_SOL,
                "fields": ["price_subtotal:sum"],
                "groupby": ["order_id", "product_id"],
                "lazy": False,
            },
        )
    )
    sc.add(
        step(
            "so-count-lines",
            SO,
            "search_count",
            {"domain": [*MINE_SO, ["order_line.product_id", "=", "${v1}"]]},
        )
    )
    return sc
