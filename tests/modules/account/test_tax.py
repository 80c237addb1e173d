"""account.tax, the minimal subset: the generic chart's 15% taxes, the
companies' default taxes, compute_all in Odoo's result shape (excluded and
included prices, fixed and division taxes, rounding to the currency), and
who may see which taxes."""

from __future__ import annotations

from typing import Any

from jsontwo.orm import Environment, Registry
from jsontwo.service.apikeys import create_api_key
from jsontwo.service.databases import with_superuser
from tests.conftest import Api
from tests.http.test_json2 import assert_error, assert_ok
from tests.modules.base.companies import second_company
from tests.modules.base.test_apikeys import new_user, unique
from tests.modules.uom.test_uom import ref

VALIDATION_ERROR = "odoo.exceptions.ValidationError"
ACCESS_ERROR = "odoo.exceptions.AccessError"


def tax(api: Api, **vals: Any) -> int:
    """A new tax of the main company (the admin's default), as the admin."""
    body = {"vals_list": [{"name": unique("Tax"), **vals}]}
    return int(assert_ok(api.call("account.tax", "create", body))[0])


def compute(api: Api, ids: list[int], **kwargs: Any) -> Any:
    """``compute_all`` over JSON-2."""
    return assert_ok(api.call("account.tax", "compute_all", {"ids": ids, **kwargs}))


def test_the_generic_charts_taxes(api: Api, registry: Registry) -> None:
    sale, purchase = (
        ref(registry, "account.1_sale_tax_template"),
        ref(registry, "account.1_purchase_tax_template"),
    )
    fields = ["name", "amount", "amount_type", "type_tax_use", "price_include", "company_id"]
    rows = assert_ok(api.call("account.tax", "read", {"ids": [sale, purchase], "fields": fields}))
    main = ref(registry, "base.main_company")
    assert [(r["name"], r["amount"], r["amount_type"], r["type_tax_use"]) for r in rows] == [
        ("15%", 15.0, "percent", "sale"),
        ("15%", 15.0, "percent", "purchase"),
    ]
    assert all(r["price_include"] is False and r["company_id"][0] == main for r in rows)
    company = assert_ok(
        api.call(
            "res.company",
            "read",
            {"ids": [main], "fields": ["account_sale_tax_id", "account_purchase_tax_id"]},
        )
    )[0]
    assert company["account_sale_tax_id"] == [sale, "15%"]
    assert company["account_purchase_tax_id"] == [purchase, "15%"]


def test_compute_all_percent_excluded(api: Api, registry: Registry) -> None:
    sale = ref(registry, "account.1_sale_tax_template")
    result = compute(api, [sale], price_unit=100.0, quantity=2)
    assert result == {
        "base_tags": [],
        "taxes": [
            {
                "id": sale,
                "name": "15%",
                "amount": 30.0,
                "base": 200.0,
                "sequence": 1,
                "account_id": False,
                "analytic": False,
                "use_in_tax_closing": False,
                "price_include": False,
                "tax_exigibility": "on_invoice",
                "tax_repartition_line_id": False,
                "group": False,
                "tag_ids": [],
                "tax_ids": [],
            }
        ],
        "total_excluded": 200.0,
        "total_included": 230.0,
        "total_void": 200.0,
    }


def amounts(result: dict[str, Any]) -> tuple[Any, ...]:
    """``(total_excluded, total_included, [tax amounts])``."""
    return (
        result["total_excluded"],
        result["total_included"],
        [t["amount"] for t in result["taxes"]],
    )


def test_compute_all_included_fixed_division_and_rounding(api: Api, registry: Registry) -> None:
    included = tax(api, amount=21.0, price_include_override="tax_included")
    assert amounts(compute(api, [included], price_unit=121.0)) == (100.0, 121.0, [21.0])
    # rounding per line to the currency: the base absorbs it, the price stays whole
    assert amounts(compute(api, [included], price_unit=10.0)) == (8.26, 10.0, [1.74])
    fixed = tax(api, amount=2.5, amount_type="fixed", sequence=5)
    assert amounts(compute(api, [fixed], price_unit=10.0, quantity=3)) == (30.0, 37.5, [7.5])
    division = tax(api, amount=10.0, amount_type="division")
    assert amounts(compute(api, [division], price_unit=180.0)) == (180.0, 200.0, [20.0])
    sale = ref(registry, "account.1_sale_tax_template")
    # several taxes each on the price without taxes, in their order (sequence, id)
    assert amounts(compute(api, [fixed, sale], price_unit=10.0, quantity=3)) == (
        30.0,
        42.0,
        [4.5, 7.5],
    )
    assert amounts(compute(api, [sale], price_unit=0.333, quantity=1)) == (0.33, 0.38, [0.05])
    # a refund's negative quantity gives negative amounts
    assert amounts(compute(api, [sale, fixed], price_unit=10.0, quantity=-1)) == (
        -10.0,
        -14.0,
        [-1.5, -2.5],
    )
    # no tax at all
    empty = assert_ok(
        api.call("account.tax", "compute_all", {"ids": [], "price_unit": 9.999, "quantity": 1})
    )
    assert (empty["total_excluded"], empty["total_included"], empty["taxes"]) == (10.0, 10.0, [])


def test_compute_all_in_another_currency(api: Api, registry: Registry) -> None:
    sale = ref(registry, "account.1_sale_tax_template")
    jpy = assert_ok(
        api.call(
            "res.currency",
            "search",
            {"domain": [["name", "=", "JPY"]], "context": {"active_test": False}},
        )
    )
    result = compute(api, [sale], price_unit=333.0, currency=jpy[0])
    assert amounts(result) == (333.0, 383.0, [50.0])


def test_compute_all_bad_arguments(api: Api, registry: Registry) -> None:
    error = assert_error(
        api.call("account.tax", "compute_all", {"ids": [], "price_unit": "cheap"}),
        422,
        "odoo.exceptions.UserError",
    )
    assert "price_unit" in error["message"]
    sale = ref(registry, "account.1_sale_tax_template")
    # numbers only, finite ones: a string, a boolean, an overflowing product
    for body in (
        {"price_unit": "nan"},
        {"price_unit": True},
        {"price_unit": 1.0, "quantity": None},
        {"price_unit": 1e308, "quantity": 10},
    ):
        response = api.call("account.tax", "compute_all", {"ids": [sale], **body})
        assert_error(response, 422, "odoo.exceptions.UserError")
    assert_error(
        api.call("account.tax", "compute_all", {"ids": [999999], "price_unit": 1.0}),
        404,
        "odoo.exceptions.MissingError",
    )


def test_tax_names_are_unique_per_company_and_use(api: Api) -> None:
    name = unique("VAT")
    tax(api, name=name)
    assert_error(
        api.call("account.tax", "create", {"vals_list": [{"name": name}]}),
        422,
        VALIDATION_ERROR,
        "The operation cannot be completed: Tax names must be unique!",
    )
    tax(api, name=name, type_tax_use="purchase")  # another use: fine


def test_division_rate_is_not_bounded(api: Api) -> None:
    """Odoo 19 takes any rate of a "percentage tax included" (100% adds nothing)."""
    tax = assert_ok(
        api.call(
            "account.tax",
            "create",
            {"vals_list": [{"name": unique("Div"), "amount_type": "division", "amount": 100}]},
        )
    )[0]
    result = assert_ok(api.call("account.tax", "compute_all", {"ids": [tax], "price_unit": 50.0}))
    assert (result["total_excluded"], result["total_included"]) == (50.0, 50.0)


def test_access(api: Api, registry: Registry) -> None:
    second_company(registry)  # with its taxes, which the demo user may not see
    model = "account.tax"
    demo = create_api_key(registry, "demo", unique("demo"))
    visible = assert_ok(api.call(model, "search_read", {"fields": ["company_id"]}, key=demo))
    main = ref(registry, "base.main_company")
    # the demo user works in the main company only: the second company's taxes are hidden
    assert visible and all(row["company_id"][0] == main for row in visible)
    assert ref(registry, "account.2_sale_tax_template") not in [row["id"] for row in visible]
    error = assert_error(
        api.call(model, "create", {"vals_list": [{"name": "x"}]}, key=demo), 403, ACCESS_ERROR
    )
    assert error["message"].startswith("You are not allowed to create 'Tax' (account.tax) records.")
    hidden = ref(registry, "account.2_sale_tax_template")
    assert_error(
        api.call(model, "compute_all", {"ids": [hidden], "price_unit": 1.0}, key=demo),
        403,
        ACCESS_ERROR,
    )
    portal = new_user(registry, groups=["base.group_portal"])
    assert_error(api.call(model, "search_count", {"domain": []}, key=portal.key), 403, ACCESS_ERROR)


def test_in_python_with_records(registry: Registry) -> None:
    """What the sale module calls: a recordset's compute_all, the currency a record."""

    def work(env: Environment) -> Any:
        taxes = env.ref("account.1_sale_tax_template")
        assert taxes is not None
        company = env.ref("base.main_company")
        assert company is not None
        currency = company.currency_id
        result = taxes.compute_all(19.99, currency=currency, quantity=3)
        return result["total_excluded"], result["total_included"]

    assert with_superuser(registry, work) == (59.97, 68.97)


def test_loading_again_changes_nothing(registry: Registry) -> None:
    """Each server start runs the modules' upgrade: it creates nothing twice."""
    from jsontwo.modules import account, product, uom

    def counts(env: Environment) -> tuple[int, ...]:
        every = {"active_test": False}
        return tuple(
            env[model].with_context(every).search_count([])
            for model in (
                "uom.uom",
                "product.category",
                "account.tax",
                "ir.model.access",
                "ir.rule",
            )
        )

    before = with_superuser(registry, counts)
    for module in (uom, product, account):
        with_superuser(registry, module.upgrade_data)
    assert with_superuser(registry, counts) == before


def test_taxes_are_found_by_name_description_or_invoice_label(registry: Registry) -> None:
    """account.tax's _rec_names_search is name, description and invoice_label, as in
    Odoo (the differential fuzzer saw name_search("", "=") differ)."""
    token = unique("Tax label")

    def work(env: Environment) -> Any:
        tax = env["account.tax"].create({"name": "Fuzz VAT", "invoice_label": token, "amount": 5})
        by_label = env["account.tax"].name_search(token)
        by_domain = env["account.tax"].search([["display_name", "=", token]]).ids
        return tax.id, [rid for rid, _ in by_label], by_domain

    tax, by_label, by_domain = with_superuser(registry, work)
    assert by_label == [tax]
    assert by_domain == [tax]


def test_a_tax_is_of_its_companys_country(api: Api, registry: Registry) -> None:
    described = assert_ok(
        api.call(
            "account.tax",
            "fields_get",
            {"allfields": ["country_id"], "attributes": ["required", "store", "readonly"]},
        )
    )
    assert described["country_id"]["required"] is True
    assert described["country_id"]["store"] is True
    assert described["country_id"]["readonly"] is False
    main_country = ref(registry, "base.us")
    new = tax(api, amount=5.0)
    row = assert_ok(api.call("account.tax", "read", {"ids": [new], "fields": ["country_id"]}))
    assert row[0]["country_id"][0] == main_country
    belgium = ref(registry, "base.be")
    other = tax(api, amount=6.0, country_id=belgium)
    row = assert_ok(api.call("account.tax", "read", {"ids": [other], "fields": ["country_id"]}))
    assert row[0]["country_id"][0] == belgium


def test_a_product_linked_to_a_missing_tax_is_a_missing_error(api: Api) -> None:
    body = {"vals_list": [{"name": unique("Taxed")}]}
    template = int(assert_ok(api.call("product.template", "create", body))[0])
    for value in ([[4, 999999]], [[6, 0, [999999]]], [999999]):
        for fname in ("taxes_id", "supplier_taxes_id"):
            write = {"ids": [template], "vals": {fname: value}}
            error = assert_error(
                api.call("product.template", "write", write), 404, "odoo.exceptions.MissingError"
            )
            assert error["message"].startswith(
                "Record does not exist or has been deleted.\n(Record: account.tax(999999,)"
            )
