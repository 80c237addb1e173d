"""Generate track S's conformance scenarios (``scenarios/sale/s*.json``): the
business models of uom, product, account and sale, recorded on a database with
the sale module and its demo data.

    python tests/conformance/gen/sale_s.py     # rewrites the s*.json files

Every record a scenario makes carries the run suffix; demo records are looked up
by name or code, never by id. Sale order references come from a sequence that
every client of the database advances: they are masked (``S\\d{5}``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "scenarios" / "sale"

Step = dict[str, Any]

#: the attributes of fields_get an integration reads (not depends/related/domain,
#: which name the reference's internals)
ATTRIBUTES = [
    "string",
    "type",
    "help",
    "required",
    "readonly",
    "relation",
    "relation_field",
    "selection",
    "store",
    "searchable",
    "sortable",
    "groupable",
    "translate",
    "aggregator",
    "company_dependent",
    "currency_field",
    "digits",
]

#: the fields jsontwo serves, per model (those of the reference it has)
SERVED: dict[str, list[str]] = {
    "uom.uom": [
        "active",
        "create_date",
        "create_uid",
        "display_name",
        "factor",
        "id",
        "name",
        "parent_path",
        "related_uom_ids",
        "relative_factor",
        "relative_uom_id",
        "rounding",
        "sequence",
        "write_date",
        "write_uid",
    ],
    "product.category": [
        "child_id",
        "complete_name",
        "create_date",
        "create_uid",
        "display_name",
        "id",
        "name",
        "parent_id",
        "parent_path",
        "product_count",
        "write_date",
        "write_uid",
    ],
    "product.template": [
        "active",
        "barcode",
        "categ_id",
        "color",
        "company_id",
        "cost_currency_id",
        "create_date",
        "create_uid",
        "currency_id",
        "default_code",
        "description",
        "description_purchase",
        "description_sale",
        "display_name",
        "id",
        "is_favorite",
        "is_product_variant",
        "list_price",
        "name",
        "product_variant_count",
        "product_variant_id",
        "product_variant_ids",
        "purchase_ok",
        "sale_ok",
        "sequence",
        "standard_price",
        "supplier_taxes_id",
        "taxes_id",
        "type",
        "uom_id",
        "uom_ids",
        "uom_name",
        "write_date",
        "write_uid",
    ],
    "product.product": [
        "active",
        "barcode",
        "categ_id",
        "code",
        "color",
        "company_id",
        "cost_currency_id",
        "create_date",
        "create_uid",
        "currency_id",
        "default_code",
        "description",
        "description_purchase",
        "description_sale",
        "display_name",
        "id",
        "is_favorite",
        "is_product_variant",
        "list_price",
        "lst_price",
        "name",
        "partner_ref",
        "price_extra",
        "product_tmpl_id",
        "product_variant_count",
        "product_variant_id",
        "product_variant_ids",
        "purchase_ok",
        "sale_ok",
        "sequence",
        "standard_price",
        "supplier_taxes_id",
        "taxes_id",
        "type",
        "uom_id",
        "uom_ids",
        "uom_name",
        "write_date",
        "write_uid",
    ],
    "account.tax": [
        "active",
        "amount",
        "amount_type",
        "company_id",
        "country_id",
        "create_date",
        "create_uid",
        "description",
        "display_name",
        "id",
        "invoice_label",
        "name",
        "price_include",
        "price_include_override",
        "sequence",
        "type_tax_use",
        "write_date",
        "write_uid",
    ],
    "sale.order": [
        "amount_tax",
        "amount_total",
        "amount_untaxed",
        "client_order_ref",
        "commitment_date",
        "company_id",
        "create_date",
        "create_uid",
        "currency_id",
        "date_order",
        "display_name",
        "id",
        "is_expired",
        "locked",
        "name",
        "note",
        "order_line",
        "origin",
        "partner_id",
        "partner_invoice_id",
        "partner_shipping_id",
        "state",
        "type_name",
        "user_id",
        "validity_date",
        "write_date",
        "write_uid",
    ],
    "sale.order.line": [
        "company_id",
        "create_date",
        "create_uid",
        "currency_id",
        "customer_lead",
        "discount",
        "display_name",
        "display_type",
        "id",
        "is_downpayment",
        "name",
        "order_id",
        "order_partner_id",
        "price_reduce_taxexcl",
        "price_reduce_taxinc",
        "price_subtotal",
        "price_tax",
        "price_total",
        "price_unit",
        "product_id",
        "product_uom_id",
        "product_uom_qty",
        "qty_delivered",
        "qty_invoiced",
        "qty_to_invoice",
        "salesman_id",
        "sequence",
        "state",
        "tax_ids",
        "write_date",
        "write_uid",
    ],
    "res.company": ["account_purchase_tax_id", "account_sale_tax_id"],
}

# the sale module's fields of products
SERVED["product.template"].append("invoice_policy")
SERVED["product.product"].append("invoice_policy")

#: sale order references come from a shared sequence
ORDER_NAME_MASK = [r"S\d{5}"]


def step(sid: str, model: str, method: str, body: dict[str, Any] | None = None, **kw: Any) -> Step:
    """A step (keys in the harness's order)."""
    out: Step = {"id": sid, "model": model, "method": method, "body": body or {}}
    out.update(kw)
    return out


def scenario(description: str, steps: list[Step], **kw: Any) -> dict[str, Any]:
    return {"description": description, "steps": steps, **kw}


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


# --------------------------------------------------------------------------- s4
PRODUCT_FIELDS = [
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
    "description_sale",
    "code",
    "partner_ref",
    "price_extra",
    "is_product_variant",
    "product_variant_count",
]
TEMPLATE_FIELDS = [
    "name",
    "default_code",
    "display_name",
    "list_price",
    "standard_price",
    "type",
    "categ_id",
    "uom_id",
    "uom_name",
    "barcode",
    "sale_ok",
    "purchase_ok",
    "active",
    "description_sale",
    "is_product_variant",
    "product_variant_count",
    "product_variant_ids",
    "product_variant_id",
]


def _lookups() -> list[Step]:
    return [
        step(
            "lookup-units",
            "uom.uom",
            "search",
            {"domain": [["name", "=", "Units"]]},
            save={"units": "$[0]"},
        ),
        step(
            "lookup-dozens",
            "uom.uom",
            "search",
            {"domain": [["name", "=", "Dozens"]], "context": {"active_test": False}},
            save={"dozens": "$[0]"},
        ),
        step(
            "lookup-category",
            "product.category",
            "create",
            {"vals_list": [{"name": "${run} Cat"}]},
            save={"categ": "$[0]"},
        ),
    ]


def s4_product() -> dict[str, Any]:
    t, p = "product.template", "product.product"
    own = [["name", "like", "${run}"]]
    steps = [
        *_lookups(),
        step(
            "default-get-template",
            t,
            "default_get",
            {
                "fields": [
                    "type",
                    "list_price",
                    "sale_ok",
                    "purchase_ok",
                    "active",
                    "sequence",
                    "uom_id",
                    "categ_id",
                    "color",
                    "is_favorite",
                ]
            },
        ),
        step(
            "default-get-product",
            p,
            "default_get",
            {"fields": ["type", "list_price", "sale_ok", "active", "uom_id"]},
        ),
        step(
            "create-template",
            t,
            "create",
            {
                "vals_list": [
                    {
                        "name": "${run} Chair",
                        "default_code": "${RUN}-CH",
                        "list_price": 120.5,
                        "standard_price": 80,
                        "categ_id": "${categ}",
                        "description_sale": "A chair",
                    }
                ]
            },
            save={"chair_t": "$[0]"},
        ),
        step(
            "read-template",
            t,
            "read",
            {"ids": ["${chair_t}"], "fields": TEMPLATE_FIELDS},
            save={"chair": "$[0].product_variant_id[0]"},
        ),
        step(
            "read-variant",
            p,
            "read",
            {"ids": ["${chair}"], "fields": [*PRODUCT_FIELDS, "product_tmpl_id"]},
        ),
        step(
            "create-variant",
            p,
            "create",
            {
                "vals_list": [
                    {
                        "name": "${run} Desk",
                        "default_code": "${RUN}-DK",
                        "list_price": 300,
                        "barcode": "${run}-123",
                        "categ_id": "${categ}",
                    }
                ]
            },
            save={"desk": "$[0]"},
        ),
        step("read-created-variant", p, "read", {"ids": ["${desk}"], "fields": PRODUCT_FIELDS}),
        step(
            "create-no-code",
            p,
            "create",
            {
                "vals_list": [
                    {
                        "name": "${run} Service",
                        "type": "service",
                        "list_price": 50,
                        "uom_id": "${units}",
                        "categ_id": "${categ}",
                    }
                ]
            },
            save={"service": "$[0]"},
        ),
        step(
            "read-no-code",
            p,
            "read",
            {
                "ids": ["${service}"],
                "fields": ["display_name", "code", "partner_ref", "type", "default_code"],
            },
        ),
        step(
            "create-dozen-product",
            p,
            "create",
            {
                "vals_list": [
                    {
                        "name": "${run} Box12",
                        "list_price": 24,
                        "uom_id": "${dozens}",
                        "categ_id": "${categ}",
                    }
                ]
            },
            save={"box12": "$[0]"},
        ),
        step(
            "lst-price-in-units",
            p,
            "read",
            {
                "ids": ["${box12}"],
                "fields": ["lst_price", "uom_id"],
                "context": {"uom": "${units}"},
            },
        ),
        step(
            "lst-price-plain",
            p,
            "read",
            {"ids": ["${box12}"], "fields": ["lst_price", "list_price"]},
        ),
        step("name-search-code", p, "name_search", {"name": "${RUN}-CH"}),
        step("name-search-code-prefix", p, "name_search", {"name": "${RUN}-"}),
        step("name-search-bracketed", p, "name_search", {"name": "[${RUN}-DK] whatever"}),
        step("name-search-name", p, "name_search", {"name": "${run} Desk"}),
        step("name-search-barcode", p, "name_search", {"name": "${run}-123"}),
        step(
            "name-search-not-ilike",
            p,
            "name_search",
            {"name": "${run} Chair", "operator": "not ilike", "domain": own},
        ),
        step("name-search-limit", p, "name_search", {"name": "${run}", "limit": 2}),
        step("template-name-search-code", t, "name_search", {"name": "${RUN}-CH"}),
        step(
            "display-name-no-code-ctx",
            p,
            "read",
            {
                "ids": ["${chair}"],
                "fields": ["display_name"],
                "context": {"display_default_code": False},
            },
        ),
        step(
            "search-by-category",
            p,
            "search_read",
            {
                "domain": [["categ_id", "=", "${categ}"]],
                "fields": ["name", "default_code"],
                "order": "default_code, name",
            },
        ),
        step(
            "search-by-category-child-of",
            t,
            "search_read",
            {"domain": [["categ_id", "child_of", "${categ}"]], "fields": ["name"], "order": "name"},
        ),
        step(
            "search-default-code-ilike",
            p,
            "search_read",
            {
                "domain": [["default_code", "ilike", "${run}"]],
                "fields": ["default_code"],
                "order": "default_code",
            },
        ),
        step(
            "search-template-code",
            t,
            "search_read",
            {"domain": [["default_code", "=", "${RUN}-DK"]], "fields": ["name", "default_code"]},
        ),
        step(
            "search-template-barcode",
            t,
            "search_read",
            {"domain": [["barcode", "=", "${run}-123"]], "fields": ["name", "barcode"]},
        ),
        step(
            "search-display-name",
            p,
            "search_read",
            {"domain": [["display_name", "ilike", "${RUN}-CH"]], "fields": ["display_name"]},
        ),
        step(
            "default-order", p, "search_read", {"domain": own, "fields": ["name", "default_code"]}
        ),
        step("template-default-order", t, "search_read", {"domain": own, "fields": ["name"]}),
        step(
            "write-template-price",
            t,
            "write",
            {"ids": ["${chair_t}"], "vals": {"list_price": 99.99}},
        ),
        step(
            "variant-sees-price",
            p,
            "read",
            {"ids": ["${chair}"], "fields": ["lst_price", "list_price"]},
        ),
        step("write-lst-price", p, "write", {"ids": ["${chair}"], "vals": {"lst_price": 110}}),
        step(
            "template-sees-lst-price", t, "read", {"ids": ["${chair_t}"], "fields": ["list_price"]}
        ),
        step(
            "write-code-on-template",
            t,
            "write",
            {"ids": ["${chair_t}"], "vals": {"default_code": "${RUN}-CH2"}},
        ),
        step(
            "variant-code-follows",
            p,
            "read",
            {"ids": ["${chair}"], "fields": ["default_code", "display_name", "code"]},
        ),
        step(
            "write-standard-price-template",
            t,
            "write",
            {"ids": ["${chair_t}"], "vals": {"standard_price": 75.5}},
        ),
        step(
            "variant-cost-follows", p, "read", {"ids": ["${chair}"], "fields": ["standard_price"]}
        ),
        step(
            "barcode-duplicate",
            p,
            "create",
            {"vals_list": [{"name": "${run} Dup", "barcode": "${run}-123"}]},
        ),
        step("write-bad-type", t, "write", {"ids": ["${chair_t}"], "vals": {"type": "product"}}),
        step(
            "create-bad-type",
            t,
            "create",
            {"vals_list": [{"name": "${run} Bad", "type": "storable"}]},
        ),
        step("create-no-name", t, "create", {"vals_list": [{"list_price": 3}]}),
        step(
            "create-bad-categ",
            t,
            "create",
            {"vals_list": [{"name": "${run} Bad", "categ_id": 999999}]},
            compare="status",
        ),
        step(
            "create-price-string",
            t,
            "create",
            {"vals_list": [{"name": "${run} Bad", "list_price": "abc"}]},
            compare="status",
        ),
        step("write-uom-null", t, "write", {"ids": ["${chair_t}"], "vals": {"uom_id": False}}),
        step("copy-template", t, "copy", {"ids": ["${chair_t}"]}, save={"chair_copy": "$[0]"}),
        step(
            "read-copy",
            t,
            "read",
            {
                "ids": ["${chair_copy}"],
                "fields": [
                    "name",
                    "default_code",
                    "list_price",
                    "product_variant_count",
                    "categ_id",
                ],
            },
        ),
        step("copy-variant", p, "copy", {"ids": ["${desk}"]}, save={"desk_copy": "$[0]"}),
        step(
            "read-variant-copy",
            p,
            "read",
            {"ids": ["${desk_copy}"], "fields": ["name", "default_code", "barcode", "list_price"]},
        ),
        step("archive-template", t, "action_archive", {"ids": ["${chair_copy}"]}),
        step(
            "archived-variant",
            p,
            "search_count",
            {"domain": [["product_tmpl_id", "=", "${chair_copy}"]]},
        ),
        step(
            "archived-variant-all",
            p,
            "search_count",
            {
                "domain": [["product_tmpl_id", "=", "${chair_copy}"]],
                "context": {"active_test": False},
            },
        ),
        step("unarchive-template", t, "action_unarchive", {"ids": ["${chair_copy}"]}),
        step(
            "unarchived-variant",
            p,
            "search_count",
            {"domain": [["product_tmpl_id", "=", "${chair_copy}"]]},
        ),
        step(
            "category-product-count",
            "product.category",
            "read",
            {"ids": ["${categ}"], "fields": ["product_count"]},
        ),
        step(
            "group-by-category",
            t,
            "formatted_read_group",
            {
                "domain": own,
                "groupby": ["categ_id"],
                "aggregates": ["__count", "list_price:sum"],
                "order": "categ_id",
            },
        ),
        step(
            "group-by-type",
            p,
            "formatted_read_group",
            {"domain": own, "groupby": ["type"], "aggregates": ["__count"], "order": "type"},
        ),
        step(
            "group-by-uom",
            p,
            "formatted_read_group",
            {"domain": own, "groupby": ["uom_id"], "aggregates": ["__count"], "order": "uom_id"},
        ),
        step(
            "search-count-services", p, "search_count", {"domain": [*own, ["type", "=", "service"]]}
        ),
        step(
            "web-search-read",
            p,
            "web_search_read",
            {
                "domain": [["categ_id", "=", "${categ}"]],
                "specification": {
                    "display_name": {},
                    "lst_price": {},
                    "uom_id": {"fields": {"display_name": {}}},
                },
                "order": "default_code, name",
            },
        ),
        step("delete-variant-deletes-template", p, "unlink", {"ids": ["${desk_copy}"]}),
        step(
            "template-of-deleted",
            t,
            "search_count",
            {"domain": [["name", "=", "${run} Desk (copy)"]], "context": {"active_test": False}},
        ),
        step(
            "delete-category-with-products",
            "product.category",
            "unlink",
            {"ids": ["${categ}"]},
            compare="status",
        ),
    ]
    return scenario(
        "product.template and product.product: variants, codes, prices, name search", steps
    )


# --------------------------------------------------------------------------- s5
TAX_FIELDS = [
    "name",
    "type_tax_use",
    "amount_type",
    "amount",
    "price_include",
    "price_include_override",
    "active",
    "sequence",
    "display_name",
]


def s5_tax() -> dict[str, Any]:
    m = "account.tax"
    own = [["name", "like", "${run}"]]
    steps = [
        step(
            "lookup-company",
            "res.company",
            "search",
            {"domain": [["name", "=", "YourCompany"]]},
            save={"company": "$[0]"},
        ),
        step(
            "demo-taxes",
            m,
            "search_read",
            {
                "domain": [["company_id", "=", "${company}"], ["name", "not ilike", "cf"]],
                "fields": ["name", "type_tax_use", "amount_type", "amount", "price_include"],
                "order": "type_tax_use, name",
            },
        ),
        step(
            "company-default-taxes",
            "res.company",
            "read",
            {"ids": ["${company}"], "fields": ["account_sale_tax_id", "account_purchase_tax_id"]},
        ),
        step(
            "default-get",
            m,
            "default_get",
            {
                "fields": [
                    "type_tax_use",
                    "amount_type",
                    "active",
                    "sequence",
                    "amount",
                    "company_id",
                    "price_include_override",
                ]
            },
        ),
        step(
            "create-percent",
            m,
            "create",
            {"vals_list": [{"name": "${run} 10%", "amount": 10}]},
            save={"t10": "$[0]"},
        ),
        step("read-percent", m, "read", {"ids": ["${t10}"], "fields": [*TAX_FIELDS, "company_id"]}),
        step(
            "create-included",
            m,
            "create",
            {
                "vals_list": [
                    {
                        "name": "${run} 20% incl",
                        "amount": 20,
                        "price_include_override": "tax_included",
                    }
                ]
            },
            save={"t20": "$[0]"},
        ),
        step("read-included", m, "read", {"ids": ["${t20}"], "fields": TAX_FIELDS}),
        step(
            "create-fixed",
            m,
            "create",
            {
                "vals_list": [
                    {
                        "name": "${run} fixed",
                        "amount": 2.5,
                        "amount_type": "fixed",
                        "type_tax_use": "purchase",
                    }
                ]
            },
            save={"tfix": "$[0]"},
        ),
        step("read-fixed", m, "read", {"ids": ["${tfix}"], "fields": TAX_FIELDS}),
        step(
            "create-division",
            m,
            "create",
            {"vals_list": [{"name": "${run} div", "amount": 10, "amount_type": "division"}]},
            save={"tdiv": "$[0]"},
        ),
        step(
            "create-division-100",
            m,
            "create",
            {"vals_list": [{"name": "${run} div100", "amount": 100, "amount_type": "division"}]},
        ),
        step(
            "create-bad-amount-type",
            m,
            "create",
            {"vals_list": [{"name": "${run} grp", "amount_type": "bogus"}]},
        ),
        step(
            "create-bad-use",
            m,
            "create",
            {"vals_list": [{"name": "${run} x", "type_tax_use": "both"}]},
        ),
        step("create-no-name", m, "create", {"vals_list": [{"amount": 5}]}),
        step(
            "create-duplicate-name",
            m,
            "create",
            {"vals_list": [{"name": "${run} 10%", "amount": 11}]},
            compare="error_name",
        ),
        step(
            "search-price-include",
            m,
            "search_read",
            {"domain": [*own, ["price_include", "=", True]], "fields": ["name"]},
        ),
        step(
            "search-price-exclude",
            m,
            "search_read",
            {"domain": [*own, ["price_include", "=", False]], "fields": ["name"], "order": "name"},
        ),
        step(
            "search-by-use",
            m,
            "search_read",
            {"domain": [*own, ["type_tax_use", "=", "purchase"]], "fields": ["name"]},
        ),
        step("default-order", m, "search_read", {"domain": own, "fields": ["name", "sequence"]}),
        step(
            "name-search",
            m,
            "name_search",
            {"name": "${run} 1", "domain": [["name", "like", "${run}"]]},
            doc="the name is matched loosely: ${run} 1 finds div100 too",
        ),
        step("write-amount", m, "write", {"ids": ["${t10}"], "vals": {"amount": 12.5}}),
        step("read-amount", m, "read", {"ids": ["${t10}"], "fields": ["amount", "display_name"]}),
        step("write-sequence", m, "write", {"ids": ["${tfix}"], "vals": {"sequence": 0}}),
        step("order-after-sequence", m, "search_read", {"domain": own, "fields": ["name"]}),
        step("archive", m, "action_archive", {"ids": ["${tdiv}"]}),
        step("archived-count", m, "search_count", {"domain": own}),
        step(
            "group-by-use",
            m,
            "formatted_read_group",
            {
                "domain": own,
                "groupby": ["type_tax_use"],
                "aggregates": ["__count", "amount:sum"],
                "order": "type_tax_use",
            },
        ),
        step(
            "group-by-amount-type",
            m,
            "formatted_read_group",
            {
                "domain": own,
                "groupby": ["amount_type"],
                "aggregates": ["__count"],
                "order": "amount_type",
            },
        ),
        step("copy", m, "copy", {"ids": ["${t10}"]}, save={"tcopy": "$[0]"}),
        step(
            "read-copy",
            m,
            "read",
            {"ids": ["${tcopy}"], "fields": ["name", "amount", "type_tax_use"]},
        ),
        step("unlink-own", m, "unlink", {"ids": ["${tcopy}"]}),
    ]
    return scenario("account.tax: taxes of the company, kinds of taxes, constraints", steps)


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
    "validity_date",
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
                {"ids": [f"${{{short}_n}}"], "fields": ["display_name"]},
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
                    "domain": [["id", "=", f"${{{short}_n}}"]],
                },
            ),
            step(
                f"{short}-name-search-not-ilike",
                model,
                "name_search",
                {
                    "name": "${run}",
                    "operator": "not ilike",
                    "domain": [["id", "=", f"${{{short}_n}}"]],
                },
            ),
            step(
                f"{short}-display-name-not-ilike",
                model,
                "search_count",
                {
                    "domain": [
                        ["id", "=", f"${{{short}_n}}"],
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


SCENARIOS = {
    "s1_fields_get": s1_fields_get,
    "s2_uom": s2_uom,
    "s3_category": s3_category,
    "s4_product": s4_product,
    "s5_tax": s5_tax,
    "s6_sale_order": s6_sale_order,
    "s7_demo": s7_demo,
    "s8_sale_amounts": s8_sale_amounts,
    "s9_sale_queries": s9_sale_queries,
    "s10_names": s10_names,
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, build in SCENARIOS.items():
        path = OUT / f"{name}.json"
        path.write_text(json.dumps(build(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{path.name}: {len(build()['steps'])} steps")


if __name__ == "__main__":
    main()
