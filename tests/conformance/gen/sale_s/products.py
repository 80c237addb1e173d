"""Scenarios s4 and s5: products and their variants, taxes."""

from __future__ import annotations

from typing import Any

from tests.conformance.gen.sale_s.common import Step, scenario, step

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
