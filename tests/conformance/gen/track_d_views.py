"""Track d scenarios on the ``ref`` database: orderings, limits and offsets, grouping, web reads."""

from __future__ import annotations

from typing import Any

from track_d_base import MINE, RUN, P, fixture
from track_d_common import Scenario, slug, step


def orderings() -> Scenario:
    """Every field type ascending/descending, nulls, many2one orders, multiple keys, limits/offsets."""
    sc = Scenario(
        "orderings of res.partner on every field type, nulls first/last, many2one by the "
        "comodel's _order, several keys, invalid orders; limit and offset edge cases"
    )
    for s in fixture():
        sc.add(s)
    fields = [
        "name",
        "ref",
        "email",
        "comment",
        "color",
        "partner_latitude",
        "is_company",
        "type",
        "country_id",
        "parent_id",
        "id",
        "function",
        "complete_name",
        "active",
    ]
    for f in fields:
        for direction in (
            "asc",
            "desc",
            "asc nulls first",
            "asc nulls last",
            "desc nulls first",
            "desc nulls last",
        ):
            if direction.count(" ") and f in ("id", "name", "color", "is_company"):
                continue
            sc.add(
                step(
                    f"order-{f}-{direction.replace(' ', '_')}",
                    P,
                    "search",
                    {
                        "domain": MINE,
                        "order": f"{f} {direction}, id",
                        "context": {"active_test": False},
                    },
                )
            )
    orders = [
        "color desc, name",
        "type, color desc",
        "country_id desc, id desc",
        "parent_id.name, id",
        "country_id.code desc, id",
        "parent_id.color, id",
        "category_id, id",
        "child_ids, id",
        "display_name",
        "name asc desc",
        "name,",
        ",name",
        "",
        " ",
        "ID desc",
        "name DESC NULLS LAST",
        "name nulls",
        "nope",
        "nope.name",
        "country_id.nope",
        "name.foo",
        "id asc, id desc",
        "color desc, color asc, id",
        "write_uid, id",
        "company_id, id",
        'name collate "C"',
        "(name)",
        "name asc nulls first nulls last",
        "lower(name)",
        "image_1920",
        "category_id.name",
        "tz desc, id",
        "lang, id",
        "create_uid, id",
        "user_id, id",
    ]
    for o in orders:
        sc.add(step(f"order-{slug(o)}", P, "search", {"domain": MINE, "order": o}))
    sc.add(
        step(
            "order-search-read",
            P,
            "search_read",
            {"domain": MINE, "fields": ["name"], "order": "type desc, id"},
        )
    )
    sc.add(
        step(
            "order-search-read-bad",
            P,
            "search_read",
            {"domain": MINE, "fields": ["name"], "order": "nope"},
        )
    )
    for limit in (0, 1, -1, 10**12, "2", 1.5, None, False, True, "x", [1]):
        sc.add(
            step(
                f"limit-{slug(limit)}", P, "search", {"domain": MINE, "order": "id", "limit": limit}
            )
        )
    for offset in (0, 2, -1, 10**12, "1", None, False, 1.5, "x"):
        sc.add(
            step(
                f"offset-{slug(offset)}",
                P,
                "search",
                {"domain": MINE, "order": "id", "offset": offset},
            )
        )
    for limit, offset in ((2, 1), (1, 3), (0, 1), (None, 2)):
        sc.add(
            step(
                f"search-read-{limit}-{offset}",
                P,
                "search_read",
                {
                    "domain": MINE,
                    "fields": ["color"],
                    "order": "color desc, id",
                    "limit": limit,
                    "offset": offset,
                },
            )
        )
    for limit in (0, 2, -1, None):
        sc.add(
            step(f"count-limit-{slug(limit)}", P, "search_count", {"domain": MINE, "limit": limit})
        )
    for model, order in (
        ("res.country", "code desc"),
        ("res.currency", "name"),
        ("res.partner.category", "id"),
    ):
        sc.add(
            step(
                f"demo-order-{model}-{slug(order)}",
                model,
                "search_read",
                {
                    "domain": [["id", "!=", False]]
                    if model != "res.partner.category"
                    else [["name", "=like", f"{RUN}%"]],
                    "fields": ["display_name"],
                    "order": order,
                    "limit": 4,
                    "context": {"active_test": model == "res.partner.category"},
                },
            )
        )
    sc.add(
        step(
            "default-order-tags",
            "res.partner.category",
            "search",
            {"domain": [["name", "=like", f"{RUN}%"]]},
        )
    )
    sc.add(step("default-order-partners", P, "search", {"domain": MINE}))
    return sc


def grouping() -> Scenario:
    """formatted_read_group and read_group over every groupable type, aggregates, having, order, limits."""
    sc = Scenario(
        "formatted_read_group / read_group of res.partner: groupable types, aggregates, having, "
        "order, limit/offset, lazy, invalid groupbys and aggregates"
    )
    for s in fixture():
        sc.add(s)
    groupbys: list[Any] = [
        ["type"],
        ["is_company"],
        ["country_id"],
        ["parent_id"],
        ["category_id"],
        ["color"],
        ["partner_latitude"],
        ["name"],
        ["ref"],
        ["comment"],
        ["child_ids"],
        ["active"],
        ["country_id", "type"],
        ["type", "is_company"],
        ["parent_id.name"],
        ["country_id.code"],
        ["nope"],
        ["type:month"],
        ["create_date:fortnight"],
        ["display_name"],
        ["country_id.currency_id"],
        ["category_id.name"],
        [],
        ["type", "type"],
    ]
    for gb in groupbys:
        sc.add(
            step(
                f"frg-{slug(gb)}",
                P,
                "formatted_read_group",
                {"domain": MINE, "groupby": gb, "aggregates": ["__count"]},
            )
        )
    aggs = [
        "color:sum",
        "color:avg",
        "color:min",
        "color:max",
        "color:count",
        "color:count_distinct",
        "id:array_agg",
        "id:count",
        "is_company:bool_and",
        "is_company:bool_or",
        "partner_latitude:sum",
        "partner_latitude:avg",
        "name:count",
        "name:max",
        "country_id:count_distinct",
        "country_id:array_agg",
        "color:array_agg_distinct",
        "category_id:count",
        "name:sum",
        "color:median",
        "color",
        "nope:sum",
        "color:nope",
        "type:array_agg",
        "color:min",
        "partner_latitude:max",
        "comment:count",
        "id:recordset",
        "color:sum_currency",
    ]
    for agg in aggs:
        sc.add(
            step(
                f"agg-{slug(agg)}",
                P,
                "formatted_read_group",
                {"domain": MINE, "groupby": ["type"], "aggregates": [agg], "order": "type"},
            )
        )
    for having in (
        [["__count", ">", 1]],
        [["color:sum", ">=", 3]],
        [["nope", "=", 1]],
        [["color:sum", ">", 0]],
        [["__count", "=", 1], ["color:max", "<", 5]],
    ):
        sc.add(
            step(
                f"having-{slug(having)}",
                P,
                "formatted_read_group",
                {
                    "domain": MINE,
                    "groupby": ["is_company"],
                    "aggregates": ["__count", "color:sum"],
                    "having": having,
                },
            )
        )
    for order in (
        "__count desc, type",
        "color:sum desc",
        "type desc",
        "country_id",
        "country_id desc",
        "nope",
        "color desc",
        "is_company desc",
        "__count, type",
    ):
        sc.add(
            step(
                f"group-order-{slug(order)}",
                P,
                "formatted_read_group",
                {
                    "domain": MINE,
                    "groupby": ["type"],
                    "aggregates": ["__count", "color:sum"],
                    "order": order,
                },
            )
        )
    for limit, offset in ((2, 0), (1, 1), (0, 0), (None, 3), (-1, 0)):
        sc.add(
            step(
                f"group-limit-{limit}-{offset}",
                P,
                "formatted_read_group",
                {
                    "domain": MINE,
                    "groupby": ["type"],
                    "aggregates": ["__count"],
                    "order": "type",
                    "limit": limit,
                    "offset": offset,
                },
            )
        )
    # read_group (deprecated but served)
    rg: list[tuple[list[str], list[str], dict[str, Any]]] = [
        (["color:sum"], ["type"], {}),
        (["color"], ["type"], {}),
        ([], ["country_id"], {}),
        (["color:avg", "partner_latitude:max"], ["is_company"], {}),
        ([], ["type", "is_company"], {}),
        ([], ["type", "is_company"], {"lazy": False}),
        ([], ["category_id"], {}),
        (["total:sum(color)"], ["type"], {}),
        (["c:count_distinct(country_id)"], ["is_company"], {}),
        ([], ["type"], {"orderby": "type desc"}),
        ([], ["type"], {"limit": 2, "offset": 1, "orderby": "type"}),
        ([], ["nope"], {}),
        (["nope"], ["type"], {}),
        ([], ["parent_id"], {"orderby": "parent_id desc"}),
        (["name"], ["type"], {}),
        ([], [], {}),
        (["color:sum"], [], {}),
        ([], ["create_date:fortnight"], {}),
        ([], ["color"], {"orderby": "color"}),
        (["__count"], ["type"], {}),
    ]
    for fields, gb, extra in rg:
        body: dict[str, Any] = {"domain": MINE, "fields": fields, "groupby": gb}
        body.update(extra)
        sc.add(step(f"rg-{slug(fields)}-{slug(gb)}-{slug(extra)}", P, "read_group", body))
    sc.add(
        step(
            "wrg-type",
            P,
            "web_read_group",
            {"domain": MINE, "groupby": ["type"], "aggregates": ["color:sum"], "order": "type"},
        )
    )
    sc.add(
        step(
            "wrg-unfold",
            P,
            "web_read_group",
            {
                "domain": MINE,
                "groupby": ["is_company"],
                "aggregates": [],
                "auto_unfold": True,
                "unfold_read_specification": {"name": {}},
            },
        )
    )
    return sc


def web_reads() -> Scenario:
    """web_search_read and web_read with nested specifications, count_limit, orders, limits."""
    sc = Scenario(
        "web_search_read / web_read of res.partner with nested many2one / x2many specifications"
    )
    for s in fixture():
        sc.add(s)
    specs: list[dict[str, Any]] = [
        {"name": {}},
        {"name": {}, "country_id": {}},
        {"country_id": {"fields": {"code": {}, "display_name": {}}}},
        {"country_id": {"fields": {}}},
        {"parent_id": {"fields": {"name": {}, "country_id": {"fields": {"code": {}}}}}},
        {"child_ids": {}},
        {"child_ids": {"fields": {"name": {}}}},
        {"child_ids": {"fields": {"name": {}}, "order": "name desc", "limit": 1}},
        {"category_id": {"fields": {"display_name": {}, "color": {}}}},
        {"category_id": {"fields": {"name": {}}, "context": {"active_test": False}}},
        {
            "display_name": {},
            "type": {},
            "is_company": {},
            "color": {},
            "partner_latitude": {},
            "comment": {},
        },
        {"nope": {}},
        {"parent_id": {"fields": {"nope": {}}}},
        {},
        {"id": {}},
        {"country_id": {"fields": {"display_name": {}}, "context": {"lang": "fr_FR"}}},
        {"parent_id": {"fields": {"child_ids": {"fields": {"name": {}}}}}},
        {"name": {"fields": {"x": {}}}},
    ]
    for spec in specs:
        sc.add(
            step(
                f"wsr-{slug(spec)}",
                P,
                "web_search_read",
                {"domain": MINE, "specification": spec, "order": "id"},
            )
        )
    for extra in (
        {"limit": 2},
        {"limit": 2, "count_limit": 3},
        {"limit": 2, "count_limit": 10},
        {"offset": 3, "limit": 2},
        {"limit": 0},
        {"count_limit": 1},
        {"order": "color desc"},
        {"order": "nope"},
        {"limit": 10, "offset": 1},
        {"limit": 1, "count_limit": 0},
    ):
        body: dict[str, Any] = {"domain": MINE, "specification": {"name": {}}, "order": "id"}
        body.update(extra)
        sc.add(step(f"wsr-paging-{slug(extra)}", P, "web_search_read", body))
    sc.add(
        step(
            "wsr-bad-domain",
            P,
            "web_search_read",
            {"domain": [["nope", "=", 1]], "specification": {}},
        )
    )
    sc.add(step("wsr-no-spec", P, "web_search_read", {"domain": MINE}))
    for spec in [*specs[:11], {"nope": {}}]:
        sc.add(
            step(
                f"wr-{slug(spec)}",
                P,
                "web_read",
                {"ids": ["${p1}", "${p2}", "${p4}"], "specification": spec},
            )
        )
    for key in (
        "show_email",
        "show_address",
        "address_inline",
        "show_vat",
        "formatted_display_name",
    ):
        sc.add(
            step(
                f"wr-parent-{key}",
                P,
                "web_read",
                {
                    "ids": ["${p2}", "${p4}"],
                    "specification": {
                        "display_name": {},
                        "parent_id": {"fields": {"display_name": {}}, "context": {key: True}},
                    },
                },
            )
        )
    sc.add(
        step(
            "wr-context-top",
            P,
            "web_read",
            {
                "ids": ["${p1}"],
                "specification": {"display_name": {}},
                "context": {"show_email": True},
            },
        )
    )
    sc.add(
        step(
            "wr-bin-size",
            P,
            "web_read",
            {
                "ids": ["${p1}"],
                "specification": {"image_128": {}, "avatar_128": {}},
                "context": {"bin_size": True},
            },
        )
    )
    sc.add(
        step(
            "wr-x2many-limit-order",
            P,
            "web_read",
            {
                "ids": ["${p1}"],
                "specification": {
                    "child_ids": {
                        "fields": {"name": {}, "color": {}},
                        "limit": 5,
                        "order": "color desc",
                    }
                },
            },
        )
    )
    sc.add(
        step(
            "wr-bad-spec",
            P,
            "web_read",
            {"ids": ["${p1}"], "specification": {"parent_id": {"fields": []}}},
        )
    )
    sc.add(step("wr-bad-spec-2", P, "web_read", {"ids": ["${p1}"], "specification": ["name"]}))
    sc.add(
        step("wr-bad-spec-3", P, "web_read", {"ids": ["${p1}"], "specification": {"name": True}})
    )
    sc.add(
        step(
            "wr-archived",
            P,
            "web_read",
            {"ids": ["${p5}"], "specification": {"name": {}, "active": {}}},
        )
    )
    sc.add(step("wr-missing", P, "web_read", {"ids": [999999999], "specification": {"name": {}}}))
    sc.add(step("wr-empty", P, "web_read", {"ids": [], "specification": {"name": {}}}))
    sc.add(step("wr-no-spec", P, "web_read", {"ids": ["${p1}"]}))
    sc.add(
        step(
            "wr-tags",
            "res.partner.category",
            "web_read",
            {
                "ids": ["${ta}", "${ta1}"],
                "specification": {
                    "name": {},
                    "parent_id": {"fields": {"name": {}}},
                    "child_ids": {"fields": {"name": {}}},
                    "partner_ids": {"fields": {"name": {}}},
                },
            },
        )
    )
    return sc


def grouping_more() -> Scenario:
    """Groupings by paths, many2many, create dates (masked by the harness's date variables), x2many
    aggregates, having/order on aggregates not asked for, and read_group's default aggregators."""
    sc = Scenario(
        "more groupings of res.partner: paths, many2many, create_date:month, aggregates on paths, "
        "having and order on other aggregates, read_group default aggregators and lazy date groups"
    )
    for s in fixture():
        sc.add(s)
    frg: list[tuple[list[str], list[str], dict[str, Any]]] = [
        (["parent_id.country_id"], ["__count"], {}),
        (["parent_id.is_company"], ["__count"], {}),
        (["country_id.name"], ["__count"], {}),
        (["category_id.color"], ["__count"], {}),
        (["category_id", "type"], ["__count", "color:sum"], {}),
        (["type", "category_id"], ["__count"], {}),
        (["create_date:month"], ["__count"], {}),
        (["create_date:year"], ["__count"], {}),
        (["create_date:month_number"], ["__count"], {}),
        (["write_date:quarter"], ["__count"], {}),
        (["type"], ["country_id.phone_code:sum"], {}),
        (["type"], ["category_id:array_agg"], {}),
        (["type"], ["child_ids:count"], {}),
        (["type"], ["parent_id.color:max"], {}),
        (["type"], ["__count"], {"having": [["color:sum", ">", 1]]}),
        (["type"], ["__count"], {"order": "color:sum desc"}),
        (["type"], ["__count"], {"order": "color:max, type"}),
        (["is_company"], ["__count"], {"order": "is_company desc"}),
        (["country_id"], ["__count"], {"order": "country_id.code"}),
        (["type"], ["__count"], {"having": "x"}),
        (["type"], ["__count"], {"having": [["type", "=", "other"]]}),
        (["type"], ["__count"], {"offset": 1, "order": "type"}),
        (["type"], ["__count"], {"limit": "2", "order": "type"}),
        (["company_id"], ["__count"], {}),
        (["lang"], ["__count"], {}),
        (["user_id"], ["__count"], {}),
        (["create_uid"], ["__count"], {}),
        (["active"], ["__count"], {"context": {"active_test": False}}),
        (["type"], ["__count"], {"groupby": "type"}),
    ]
    for gb, aggs, extra in frg:
        body: dict[str, Any] = {"domain": MINE, "groupby": gb, "aggregates": aggs}
        body.update(extra)
        sc.add(step(f"frg-{slug(gb)}-{slug(aggs)}-{slug(extra)}", P, "formatted_read_group", body))
    rg: list[tuple[list[str], list[str], dict[str, Any]]] = [
        (["partner_latitude"], ["type"], {}),
        (["is_company"], ["type"], {}),
        (["name"], ["type"], {}),
        (["country_id"], ["type"], {}),
        (["category_id"], ["type"], {}),
        (["create_date"], ["type"], {}),
        ([], ["create_date:month"], {}),
        ([], ["create_date:month", "type"], {"lazy": False}),
        ([], ["create_date:month", "type"], {}),
        ([], ["category_id", "type"], {"lazy": False}),
        (["color:max"], ["parent_id"], {"orderby": "color desc"}),
        ([], ["type"], {"orderby": "__count desc, type"}),
        (["id:count"], ["type"], {}),
        (["color:sum", "color:max"], ["type"], {}),
    ]
    for fields, gb, extra in rg:
        body = {"domain": MINE, "fields": fields, "groupby": gb}
        body.update(extra)
        sc.add(step(f"rg-{slug(fields)}-{slug(gb)}-{slug(extra)}", P, "read_group", body))
    sc.add(
        step(
            "wrg-date",
            P,
            "web_read_group",
            {"domain": MINE, "groupby": ["create_date:month"], "aggregates": ["color:sum"]},
        )
    )
    sc.add(
        step(
            "wrg-opening",
            P,
            "web_read_group",
            {
                "domain": MINE,
                "groupby": ["type"],
                "aggregates": ["__count"],
                "order": "type",
                "opening_info": [{"value": "invoice", "folded": False, "limit": 80, "offset": 0}],
                "unfold_read_specification": {"name": {}},
            },
        )
    )
    sc.add(
        step(
            "wrg-nested",
            P,
            "web_read_group",
            {
                "domain": MINE,
                "groupby": ["is_company", "type"],
                "aggregates": ["__count"],
                "auto_unfold": True,
                "unfold_read_specification": {"name": {}},
            },
        )
    )
    return sc
