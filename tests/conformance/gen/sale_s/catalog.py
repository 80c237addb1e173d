"""Scenarios s1 to s3: fields_get of every field, units of measure, product categories."""

from __future__ import annotations

from typing import Any

from tests.conformance.gen.sale_s.common import ATTRIBUTES, SERVED, scenario, step


# --------------------------------------------------------------------------- s1
def s1_fields_get() -> dict[str, Any]:
    steps = []
    for model, names in SERVED.items():
        short = model.replace(".", "_")
        for name in names:
            steps.append(
                step(
                    f"{short}-{name}",
                    model,
                    "fields_get",
                    {"allfields": [name], "attributes": ATTRIBUTES},
                )
            )
    return scenario("fields_get of each field the business models serve", steps)


# --------------------------------------------------------------------------- s2
UOM_FIELDS = ["name", "relative_factor", "relative_uom_id", "factor", "rounding", "active"]


def s2_uom() -> dict[str, Any]:
    m = "uom.uom"
    own = [["name", "like", "${run}"]]
    steps = [
        step(
            "demo-units",
            m,
            "search_read",
            {
                "domain": [["name", "not ilike", "cf"]],
                "fields": UOM_FIELDS,
                "order": "name",
                "context": {"active_test": False},
            },
            doc="the units of the uom module, archived included, by name",
        ),
        step(
            "demo-active-units-count",
            m,
            "search_count",
            {
                "domain": [
                    ["name", "in", ["Units", "Dozens", "Pack of 6", "kg", "g", "Hours", "Days"]]
                ]
            },
        ),
        step(
            "name-search-units",
            m,
            "name_search",
            {"name": "Unit", "domain": [["name", "not ilike", "cf"]]},
        ),
        step("name-search-kg", m, "name_search", {"name": "kg"}),
        step(
            "lookup-units",
            m,
            "search",
            {"domain": [["name", "=", "Units"]]},
            save={"units": "$[0]"},
        ),
        step(
            "lookup-hours",
            m,
            "search",
            {"domain": [["name", "=", "Hours"]]},
            save={"hours": "$[0]"},
        ),
        step(
            "lookup-dozens",
            m,
            "search",
            {"domain": [["name", "=", "Dozens"]], "context": {"active_test": False}},
            save={"dozens": "$[0]"},
        ),
        step(
            "default-get",
            m,
            "default_get",
            {
                "fields": [
                    "name",
                    "relative_factor",
                    "active",
                    "sequence",
                    "rounding",
                    "relative_uom_id",
                ]
            },
        ),
        step(
            "create-box",
            m,
            "create",
            {
                "vals_list": [
                    {"name": "${run} Box", "relative_factor": 24, "relative_uom_id": "${units}"}
                ]
            },
            save={"box": "$[0]"},
        ),
        step(
            "read-box",
            m,
            "read",
            {"ids": ["${box}"], "fields": [*UOM_FIELDS, "sequence", "display_name"]},
        ),
        step(
            "create-crate",
            m,
            "create",
            {
                "vals_list": [
                    {"name": "${run} Crate", "relative_factor": 10, "relative_uom_id": "${box}"}
                ]
            },
            save={"crate": "$[0]"},
        ),
        step("read-crate", m, "read", {"ids": ["${crate}"], "fields": [*UOM_FIELDS, "sequence"]}),
        step("box-related", m, "read", {"ids": ["${box}"], "fields": ["related_uom_ids"]}),
        step("write-box-factor", m, "write", {"ids": ["${box}"], "vals": {"relative_factor": 20}}),
        step("crate-factor-follows", m, "read", {"ids": ["${crate}"], "fields": ["factor"]}),
        step(
            "create-small-sequence",
            m,
            "create",
            {
                "vals_list": [
                    {"name": "${run} Half", "relative_factor": 0.5, "relative_uom_id": "${units}"}
                ]
            },
            save={"half": "$[0]"},
        ),
        step(
            "read-small-sequence", m, "read", {"ids": ["${half}"], "fields": ["sequence", "factor"]}
        ),
        step(
            "create-given-sequence",
            m,
            "create",
            {
                "vals_list": [
                    {
                        "name": "${run} Seq",
                        "relative_factor": 3,
                        "relative_uom_id": "${units}",
                        "sequence": 7,
                    }
                ]
            },
            save={"seq": "$[0]"},
        ),
        step("read-given-sequence", m, "read", {"ids": ["${seq}"], "fields": ["sequence"]}),
        step(
            "create-zero-factor",
            m,
            "create",
            {
                "vals_list": [
                    {"name": "${run} Zero", "relative_factor": 0, "relative_uom_id": "${units}"}
                ]
            },
        ),
        step(
            "create-reference-factor-2",
            m,
            "create",
            {"vals_list": [{"name": "${run} Ref2", "relative_factor": 2}]},
        ),
        step(
            "create-reference",
            m,
            "create",
            {"vals_list": [{"name": "${run} Ref"}]},
            save={"ref": "$[0]"},
        ),
        step("read-reference", m, "read", {"ids": ["${ref}"], "fields": [*UOM_FIELDS, "sequence"]}),
        step("recursion", m, "write", {"ids": ["${box}"], "vals": {"relative_uom_id": "${crate}"}}),
        step(
            "self-reference", m, "write", {"ids": ["${box}"], "vals": {"relative_uom_id": "${box}"}}
        ),
        step(
            "create-without-name",
            m,
            "create",
            {"vals_list": [{"relative_factor": 2, "relative_uom_id": "${units}"}]},
        ),
        step(
            "create-factor-string",
            m,
            "create",
            {
                "vals_list": [
                    {"name": "${run} S", "relative_factor": "abc", "relative_uom_id": "${units}"}
                ]
            },
            compare="status",
        ),
        step(
            "create-unknown-reference",
            m,
            "create",
            {"vals_list": [{"name": "${run} U", "relative_factor": 2, "relative_uom_id": 999999}]},
            compare="status",
        ),
        step(
            "search-own-by-factor",
            m,
            "search_read",
            {"domain": [*own, ["factor", ">", 100]], "fields": ["name", "factor"], "order": "name"},
        ),
        step(
            "search-own-child-of",
            m,
            "search_read",
            {"domain": [*own, ["id", "child_of", "${box}"]], "fields": ["name"], "order": "name"},
        ),
        step(
            "search-own-parent-of",
            m,
            "search_read",
            {"domain": [["id", "parent_of", "${crate}"]], "fields": ["name"], "order": "name"},
        ),
        step("name-search-own", m, "name_search", {"name": "${run} B"}),
        step("copy-box", m, "copy", {"ids": ["${box}"]}, save={"box2": "$[0]"}),
        step(
            "read-copy",
            m,
            "read",
            {
                "ids": ["${box2}"],
                "fields": ["name", "relative_factor", "relative_uom_id", "factor"],
            },
        ),
        step("archive-crate", m, "action_archive", {"ids": ["${crate}"]}),
        step("archived-not-found", m, "search_count", {"domain": [["id", "=", "${crate}"]]}),
        step("unarchive-crate", m, "action_unarchive", {"ids": ["${crate}"]}),
        step(
            "own-grouped-by-reference",
            m,
            "formatted_read_group",
            {
                "domain": own,
                "groupby": ["relative_uom_id"],
                "aggregates": ["__count", "relative_factor:sum"],
                "order": "relative_uom_id",
            },
        ),
        step(
            "delete-units",
            m,
            "unlink",
            {"ids": ["${units}"]},
            doc="the reference units are used by the system",
        ),
        step("delete-units-and-box", m, "unlink", {"ids": ["${units}", "${half}"]}),
        step(
            "delete-dozens-ok-check",
            m,
            "search_count",
            {"domain": [["id", "=", "${dozens}"]], "context": {"active_test": False}},
        ),
        step("delete-own", m, "unlink", {"ids": ["${half}"]}),
        step("deleted-own", m, "search_count", {"domain": [["id", "=", "${half}"]]}),
        step("delete-reference-cascades", m, "unlink", {"ids": ["${box}"]}),
        step(
            "cascaded",
            m,
            "search_count",
            {"domain": [["id", "in", ["${box}", "${crate}"]]], "context": {"active_test": False}},
        ),
        step(
            "read-field-units",
            m,
            "read",
            {
                "ids": ["${units}"],
                "fields": ["name", "factor", "relative_factor", "rounding", "display_name"],
            },
        ),
    ]
    return scenario("uom.uom: units, conversions, hierarchy, protection", steps)


# --------------------------------------------------------------------------- s3
def s3_category() -> dict[str, Any]:
    m = "product.category"
    own = [["name", "like", "${run}"]]
    fields = ["name", "complete_name", "parent_id", "child_id", "display_name"]
    steps = [
        step(
            "demo-categories",
            m,
            "search_read",
            {
                "domain": [["name", "not ilike", "cf"]],
                "fields": ["name", "complete_name", "parent_id"],
                "order": "complete_name",
            },
        ),
        step("default-get", m, "default_get", {"fields": ["name", "parent_id", "complete_name"]}),
        step(
            "create-parent",
            m,
            "create",
            {"vals_list": [{"name": "${run} Parent"}]},
            save={"parent": "$[0]"},
        ),
        step(
            "create-children",
            m,
            "create",
            {
                "vals_list": [
                    {"name": "${run} A", "parent_id": "${parent}"},
                    {"name": "${run} B", "parent_id": "${parent}"},
                ]
            },
            save={"c0": "$[0]", "c1": "$[1]"},
        ),
        step(
            "create-grandchild",
            m,
            "create",
            {"vals_list": [{"name": "${run} A1", "parent_id": "${c0}"}]},
            save={"grand": "$[0]"},
        ),
        step("read-tree", m, "read", {"ids": ["${parent}", "${c0}", "${grand}"], "fields": fields}),
        step("search-own-ordered", m, "search_read", {"domain": own, "fields": ["complete_name"]}),
        step(
            "child-of",
            m,
            "search_read",
            {
                "domain": [["id", "child_of", "${parent}"]],
                "fields": ["complete_name"],
                "order": "complete_name",
            },
        ),
        step(
            "parent-of",
            m,
            "search_read",
            {
                "domain": [["id", "parent_of", "${grand}"]],
                "fields": ["complete_name"],
                "order": "complete_name",
            },
        ),
        step(
            "search-complete-name",
            m,
            "search_read",
            {
                "domain": [["complete_name", "ilike", "${run} Parent / ${run} A"]],
                "fields": ["name"],
                "order": "name",
            },
        ),
        step("name-search", m, "name_search", {"name": "${run} Parent / ${run} A"}),
        step("name-search-name", m, "name_search", {"name": "${run} B"}),
        step(
            "display-name-search",
            m,
            "search_read",
            {"domain": [["display_name", "ilike", "${run} A1"]], "fields": ["display_name"]},
        ),
        step("rename-parent", m, "write", {"ids": ["${parent}"], "vals": {"name": "${run} Root"}}),
        step(
            "renamed-complete-names",
            m,
            "read",
            {"ids": ["${grand}"], "fields": ["complete_name", "display_name"]},
        ),
        step("recursion", m, "write", {"ids": ["${parent}"], "vals": {"parent_id": "${grand}"}}),
        step("self-parent", m, "write", {"ids": ["${parent}"], "vals": {"parent_id": "${parent}"}}),
        step("product-count-empty", m, "read", {"ids": ["${parent}"], "fields": ["product_count"]}),
        step("copy", m, "copy", {"ids": ["${c1}"]}, save={"copied": "$[0]"}),
        step(
            "read-copy",
            m,
            "read",
            {"ids": ["${copied}"], "fields": ["name", "parent_id", "complete_name"]},
        ),
        step("name-create", m, "name_create", {"name": "${run} Named"}, save={"named": "$[0]"}),
        step(
            "read-named",
            m,
            "read",
            {"ids": ["${named}"], "fields": ["name", "complete_name", "parent_id"]},
        ),
        step("create-no-name", m, "create", {"vals_list": [{"parent_id": "${parent}"}]}),
        step(
            "create-bad-parent",
            m,
            "create",
            {"vals_list": [{"name": "${run} X", "parent_id": 999999}]},
            compare="status",
        ),
        step(
            "group-by-parent",
            m,
            "formatted_read_group",
            {
                "domain": own,
                "groupby": ["parent_id"],
                "aggregates": ["__count"],
                "order": "parent_id",
            },
        ),
        step("search-count-own", m, "search_count", {"domain": own}),
        step(
            "order-by-name-desc",
            m,
            "search_read",
            {"domain": own, "fields": ["name"], "order": "name desc"},
        ),
        step("delete-parent-cascades", m, "unlink", {"ids": ["${parent}"]}),
        step("cascaded", m, "search_count", {"domain": [["id", "in", ["${c0}", "${grand}"]]]}),
        step(
            "web-search-read",
            m,
            "web_search_read",
            {
                "domain": own,
                "specification": {
                    "complete_name": {},
                    "parent_id": {"fields": {"display_name": {}}},
                },
                "order": "complete_name",
            },
        ),
    ]
    return scenario("product.category: the category tree, complete names, recursion", steps)
