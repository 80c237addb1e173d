"""product.template and product.product over JSON-2: a template gets its
variant, a variant makes its template, the variant's fields and the template's
are one another's, names "[CODE] Name", name_search by reference and barcode,
archiving both ways, barcode uniqueness, categories, access and the demo data
(docs/internals/orm-behaviour.md, "Core models")."""

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


def create(api: Api, model: str, vals: dict[str, Any], key: str | None = None) -> int:
    """Create one record over JSON-2; its id."""
    ids = assert_ok(api.call(model, "create", {"vals_list": [vals]}, key=key))
    assert len(ids) == 1
    return int(ids[0])


def read(api: Api, model: str, ids: list[int], fields: list[str], **extra: Any) -> Any:
    """``read`` over JSON-2, as the admin."""
    return assert_ok(api.call(model, "read", {"ids": ids, "fields": fields, **extra}))


def write(api: Api, model: str, ids: list[int], vals: dict[str, Any]) -> None:
    """``write`` over JSON-2, as the admin; it must succeed."""
    assert assert_ok(api.call(model, "write", {"ids": ids, "vals": vals})) is True


def test_a_template_gets_one_variant_and_odoos_defaults(api: Api, registry: Registry) -> None:
    second = second_company(registry)
    name = unique("Widget")
    main = ref(registry, "base.main_company")
    body = {"vals_list": [{"name": name}], "context": {"allowed_company_ids": [main]}}
    template = assert_ok(api.call("product.template", "create", body))[0]
    row = read(
        api,
        "product.template",
        [template],
        [
            "type",
            "list_price",
            "uom_id",
            "categ_id",
            "sale_ok",
            "purchase_ok",
            "active",
            "product_variant_ids",
            "product_variant_count",
            "product_variant_id",
            "default_code",
            "currency_id",
            "taxes_id",
            "display_name",
        ],
    )[0]
    unit = ref(registry, "uom.product_uom_unit")
    sale_tax = ref(registry, "account.1_sale_tax_template")
    variant = row["product_variant_ids"][0]
    assert row == {
        "id": template,
        "type": "consu",
        "list_price": 1.0,
        "uom_id": [unit, "Units"],
        "categ_id": False,
        "sale_ok": True,
        "purchase_ok": True,
        "active": True,
        "product_variant_ids": [variant],
        "product_variant_count": 1,
        "product_variant_id": [variant, name],
        "default_code": False,
        "currency_id": [row["currency_id"][0], "USD"],
        "taxes_id": [sale_tax],
        "display_name": name,
    }
    # the sales taxes of the companies the call works in, as Odoo's env.companies
    both = create(api, "product.template", {"name": unique("Both")})
    second_tax = ref(registry, f"account.{second}_sale_tax_template")
    taxes = read(api, "product.template", [both], ["taxes_id"])[0]["taxes_id"]
    assert taxes == [sale_tax, second_tax]
    got = read(api, "product.product", [variant], ["product_tmpl_id", "name", "lst_price"])
    assert got == [
        {"id": variant, "product_tmpl_id": [template, name], "name": name, "lst_price": 1.0}
    ]


def test_a_variant_makes_its_template_and_shares_its_values(api: Api) -> None:
    name, code = unique("Stool"), unique("STL")
    variant = create(
        api,
        "product.product",
        {"name": name, "default_code": code, "list_price": 12.5, "barcode": unique("BC")},
    )
    row = read(api, "product.product", [variant], ["product_tmpl_id", "display_name", "code"])[0]
    template = row["product_tmpl_id"][0]
    assert row["display_name"] == f"[{code}] {name}"
    assert row["code"] == code
    tmpl = read(
        api,
        "product.template",
        [template],
        ["default_code", "display_name", "list_price", "product_variant_ids"],
    )[0]
    # exactly one variant: creating the variant did not make the template make another
    assert tmpl["product_variant_ids"] == [variant]
    assert (tmpl["default_code"], tmpl["display_name"], tmpl["list_price"]) == (
        code,
        f"[{code}] {name}",
        12.5,
    )
    # the template's reference is the variant's: written on one, read on the other
    write(api, "product.template", [template], {"default_code": "NEW-1"})
    assert read(api, "product.product", [variant], ["default_code"])[0]["default_code"] == "NEW-1"
    write(api, "product.product", [variant], {"default_code": code})
    assert read(api, "product.template", [template], ["default_code"])[0]["default_code"] == code
    # template fields written on the variant go to the template; lst_price writes list_price
    write(api, "product.product", [variant], {"description_sale": "Sturdy"})
    write(api, "product.product", [variant], {"lst_price": 20.0})
    tmpl = read(api, "product.template", [template], ["description_sale", "list_price"])[0]
    assert (tmpl["description_sale"], tmpl["list_price"]) == ("Sturdy", 20.0)
    found = assert_ok(
        api.call("product.product", "search", {"domain": [["product_tmpl_id.name", "=", name]]})
    )
    assert found == [variant]
    assert assert_ok(
        api.call(
            "product.product",
            "search",
            {"domain": [["list_price", "=", 20.0], ["name", "=", name]]},
        )
    ) == [variant]


def test_values_given_to_a_template_go_to_its_variant(api: Api) -> None:
    code, barcode = unique("TPL"), unique("BAR")
    template = create(
        api,
        "product.template",
        {"name": unique("Shelf"), "default_code": code, "barcode": barcode, "standard_price": 7.5},
    )
    tmpl = read(
        api,
        "product.template",
        [template],
        ["default_code", "barcode", "standard_price", "product_variant_id"],
    )[0]
    assert (tmpl["default_code"], tmpl["barcode"], tmpl["standard_price"]) == (code, barcode, 7.5)
    variant = tmpl["product_variant_id"][0]
    row = read(api, "product.product", [variant], ["default_code", "barcode", "standard_price"])[0]
    assert (row["default_code"], row["barcode"], row["standard_price"]) == (code, barcode, 7.5)
    # the template's barcode and cost are found through its variant
    for domain in (
        [["barcode", "=", barcode]],
        [["standard_price", "=", 7.5], ["default_code", "=", code]],
    ):
        assert assert_ok(api.call("product.template", "search", {"domain": domain})) == [template]


def test_name_search_by_reference_barcode_and_name(api: Api) -> None:
    stem = unique("Lamp")
    lamp = create(api, "product.product", {"name": f"{stem} Desk", "default_code": f"{stem}-L1"})
    lit = create(api, "product.product", {"name": f"{stem} Light", "barcode": f"{stem}-999"})
    nameless = create(api, "product.product", {"name": f"Other {stem}"})

    def search(name: str, operator: str = "ilike", model: str = "product.product") -> Any:
        return assert_ok(api.call(model, "name_search", {"name": name, "operator": operator}))

    assert search(f"{stem}-L1") == [[lamp, f"[{stem}-L1] {stem} Desk"]]
    assert search(f"{stem}-999") == [[lit, f"{stem} Light"]]
    # references matching come first, then names
    assert [pair[0] for pair in search(stem)] == [lamp, lit, nameless]
    assert search(f"[{stem}-L1] anything") == [[lamp, f"[{stem}-L1] {stem} Desk"]]
    assert [p[0] for p in search(f"{stem} Light")] == [lit]
    negative = [p[0] for p in search(stem, "not ilike")]
    assert lamp not in negative and lit not in negative and nameless not in negative
    templates = search(f"{stem}-L1", model="product.template")
    assert [name for _id, name in templates] == [f"[{stem}-L1] {stem} Desk"]
    # a name given for a relational field finds the product by its reference too
    tmpl = read(api, "product.product", [lamp], ["product_tmpl_id"])[0]["product_tmpl_id"][0]
    found = assert_ok(
        api.call(
            "product.template",
            "search",
            {"domain": [["product_variant_ids", "ilike", f"{stem}-L1"]]},
        )
    )
    assert found == [tmpl]


def test_display_name_without_code_in_context(api: Api) -> None:
    variant = create(api, "product.product", {"name": "Bench", "default_code": unique("BN")})
    rows = read(
        api, "product.product", [variant], ["display_name"], context={"display_default_code": False}
    )
    assert rows[0]["display_name"] == "Bench"


def test_archiving_a_template_archives_its_variant_and_back(api: Api) -> None:
    template = create(api, "product.template", {"name": unique("Archived")})
    variant = read(api, "product.template", [template], ["product_variant_id"])[0][
        "product_variant_id"
    ][0]
    assert_ok(api.call("product.template", "action_archive", {"ids": [template]}))
    ctx = {"active_test": False}
    assert read(api, "product.product", [variant], ["active"], context=ctx)[0]["active"] is False
    assert_ok(api.call("product.template", "action_unarchive", {"ids": [template]}))
    assert read(api, "product.product", [variant], ["active"])[0]["active"] is True
    # archiving the last active variant archives the template, restoring it restores it
    assert_ok(api.call("product.product", "action_archive", {"ids": [variant]}))
    assert read(api, "product.template", [template], ["active"])[0]["active"] is False
    assert_ok(api.call("product.product", "action_unarchive", {"ids": [variant]}))
    assert read(api, "product.template", [template], ["active"])[0]["active"] is True


def test_deleting_the_last_variant_deletes_the_template(api: Api) -> None:
    variant = create(api, "product.product", {"name": unique("Gone")})
    template = read(api, "product.product", [variant], ["product_tmpl_id"])[0]["product_tmpl_id"][0]
    assert assert_ok(api.call("product.product", "unlink", {"ids": [variant]})) is True
    assert read(api, "product.template", [template], ["name"]) == []
    # deleting a template deletes its variant
    other = create(api, "product.template", {"name": unique("Gone too")})
    variant = read(api, "product.template", [other], ["product_variant_id"])[0][
        "product_variant_id"
    ][0]
    assert_ok(api.call("product.template", "unlink", {"ids": [other]}))
    assert read(api, "product.product", [variant], ["name"]) == []


def test_a_copy_is_named_copy(api: Api) -> None:
    name = unique("Original")
    template = create(api, "product.template", {"name": name, "list_price": 3.0})
    copied = assert_ok(api.call("product.template", "copy", {"ids": [template]}))
    row = read(api, "product.template", copied, ["name", "list_price", "product_variant_count"])[0]
    assert (row["name"], row["list_price"], row["product_variant_count"]) == (
        f"{name} (copy)",
        3.0,
        1,
    )


def test_barcodes_are_unique(api: Api) -> None:
    barcode = unique("EAN")
    first = create(api, "product.product", {"name": "First", "barcode": barcode})
    error = assert_error(
        api.call(
            "product.product", "create", {"vals_list": [{"name": "Second", "barcode": barcode}]}
        ),
        422,
        VALIDATION_ERROR,
    )
    assert error["message"] == (
        "Barcode(s) already assigned:\n\n"
        f'- Barcode "{barcode}" already assigned to product(s): First and Second\n\n'
        "Note: products that you don't have access to will not be shown above."
    )
    # nothing was made: the whole call was rolled back
    assert assert_ok(
        api.call("product.product", "search", {"domain": [["barcode", "=", barcode]]})
    ) == [first]


def test_categories_are_named_by_their_path(api: Api, registry: Registry) -> None:
    saleable = ref(registry, "product.product_category_office")
    everything = ref(registry, "product.product_category_furniture")
    rows = read(
        api, "product.category", [everything, saleable], ["display_name", "parent_id", "child_id"]
    )
    assert rows[0]["display_name"] == "Furniture"
    assert rows[1]["display_name"] == "Furniture / Office"
    assert rows[1]["parent_id"] == [everything, "Furniture"]
    assert saleable in rows[0]["child_id"]
    name = unique("Chairs")
    chairs = create(api, "product.category", {"name": name, "parent_id": saleable})
    assert read(api, "product.category", [chairs], ["complete_name"])[0]["complete_name"] == (
        f"Furniture / Office / {name}"
    )
    product = create(api, "product.template", {"name": unique("Chair"), "categ_id": chairs})
    assert read(api, "product.template", [product], ["categ_id"])[0]["categ_id"] == [
        chairs,
        f"Furniture / Office / {name}",
    ]
    assert read(api, "product.category", [chairs], ["product_count"])[0]["product_count"] == 1
    assert_error(
        api.call("product.category", "write", {"ids": [saleable], "vals": {"parent_id": chairs}}),
        422,
        "odoo.exceptions.UserError",
        # the ORM's upkeep of the tree refuses it before the category's constraint
        "Recursion Detected.",
    )


def test_fields_get(api: Api) -> None:
    fields = assert_ok(
        api.call(
            "product.product",
            "fields_get",
            {"attributes": ["type", "relation", "selection", "required", "store", "string"]},
        )
    )
    assert fields["type"]["selection"] == [
        ["consu", "Goods"],
        ["service", "Service"],
        ["combo", "Combo"],
    ]
    assert fields["product_tmpl_id"] == {
        "type": "many2one",
        "relation": "product.template",
        "required": True,
        "store": True,
        "string": "Product Template",
    }
    assert fields["uom_id"]["relation"] == "uom.uom"
    assert fields["taxes_id"]["relation"] == "account.tax"
    assert fields["list_price"]["store"] is False  # the template's, through the link
    assert fields["lst_price"]["string"] == "Sales\u00a0Price"  # Odoo's no-break space
    template = assert_ok(api.call("product.template", "fields_get", {"attributes": ["store"]}))
    assert template["default_code"] == {"store": True}
    assert template["barcode"] == {"store": False}


def test_demo_products(api: Api, registry: Registry) -> None:
    chair = ref(registry, "product.product_delivery_01")
    template = ref(registry, "product.product_delivery_01_product_template")
    row = read(
        api,
        "product.product",
        [chair],
        ["display_name", "lst_price", "standard_price", "product_tmpl_id", "categ_id", "taxes_id"],
    )[0]
    assert row["display_name"] == "[FURN_7777] Office Chair"
    assert (row["lst_price"], row["standard_price"]) == (70.0, 55.0)
    assert row["product_tmpl_id"][0] == template
    assert row["categ_id"][1] == "Furniture / Office"
    assert row["taxes_id"] == []  # Odoo's demo products have no taxes, but two
    desk = assert_ok(api.call("product.product", "name_search", {"name": "FURN_7800"}))
    assert desk == [[ref(registry, "product.product_product_3"), "[FURN_7800] Desk Combination"]]
    sofa = read(api, "product.product", [ref(registry, "product.consu_delivery_01")], ["taxes_id"])
    assert sofa[0]["taxes_id"] == [ref(registry, "account.1_sale_tax_template")]
    hours = ref(registry, "uom.product_uom_hour")
    assert (
        assert_ok(
            api.call("product.template", "search_count", {"domain": [["uom_id", "=", hours]]})
        )
        >= 1
    )


def test_access_internal_users_read_portal_users_do_not(api: Api, registry: Registry) -> None:
    demo = create_api_key(registry, "demo", unique("demo"))
    assert assert_ok(api.call("product.product", "search_count", {"domain": []}, key=demo)) >= 20
    row = assert_ok(
        api.call(
            "product.product",
            "read",
            {"ids": [ref(registry, "product.product_delivery_01")], "fields": ["standard_price"]},
            key=demo,
        )
    )
    assert row[0]["standard_price"] == 55.0  # the cost is for internal users
    error = assert_error(
        api.call("product.template", "create", {"vals_list": [{"name": "x"}]}, key=demo),
        403,
        ACCESS_ERROR,
    )
    assert error["message"].startswith(
        "You are not allowed to create 'Product' (product.template) records.\n\n"
        "This operation is allowed for the following groups:\n\t- Role / Administrator"
    )
    portal = new_user(registry, groups=["base.group_portal"])
    for model in ("product.product", "product.template", "product.category"):
        assert_error(
            api.call(model, "search_count", {"domain": []}, key=portal.key), 403, ACCESS_ERROR
        )


def test_products_of_another_company_are_hidden(api: Api, registry: Registry) -> None:
    second = second_company(registry)
    name = unique("Chicago only")
    template = create(api, "product.template", {"name": name, "company_id": second})
    demo = create_api_key(registry, "demo", unique("demo"))
    for model in ("product.template", "product.product"):
        found = assert_ok(api.call(model, "search", {"domain": [["name", "=", name]]}, key=demo))
        assert found == []
    assert_error(
        api.call("product.template", "read", {"ids": [template], "fields": ["name"]}, key=demo),
        403,
        ACCESS_ERROR,
    )
    found = assert_ok(api.call("product.template", "search", {"domain": [["name", "=", name]]}))
    assert found == [template]  # the admin works in both companies


def test_a_product_reads_the_same_on_both_sides(registry: Registry) -> None:
    """In Python: a variant reached from its template shows the template's values."""

    def work(env: Environment) -> Any:
        template = env["product.template"].create({"name": "Twin", "list_price": 9.0})
        variant = template.product_variant_id
        return variant.name, variant.lst_price, variant.product_tmpl_id.id == template.id

    assert with_superuser(registry, work) == ("Twin", 9.0, True)


def test_one_active_variant_per_template(api: Api) -> None:
    template = create(api, "product.template", {"name": unique("Single")})
    error = assert_error(
        api.call("product.product", "create", {"vals_list": [{"product_tmpl_id": template}]}),
        422,
        VALIDATION_ERROR,
    )
    assert "already has an active variant" in error["message"]
    count = read(api, "product.template", [template], ["product_variant_count"])
    assert count[0]["product_variant_count"] == 1


def test_copies_are_named_as_in_odoo(api: Api) -> None:
    """A category and a tax copy as "<name> (copy)"; copying a variant copies its
    template (without the internal reference) and answers the new variant."""
    category = create(api, "product.category", {"name": unique("Cat")})
    copied = assert_ok(api.call("product.category", "copy", {"ids": [category]}))[0]
    name = read(api, "product.category", [category], ["name"])[0]["name"]
    assert read(api, "product.category", [copied], ["name"])[0]["name"] == f"{name} (copy)"
    tax = create(api, "account.tax", {"name": unique("Tax"), "amount": 5})
    tax_copy = assert_ok(api.call("account.tax", "copy", {"ids": [tax]}))[0]
    try:
        assert read(api, "account.tax", [tax_copy], ["name"])[0]["name"].endswith(" (copy)")
    finally:
        # the module's database is shared: a tax left behind would be found by
        # the demo taxes' name search of another test ("Tax_<hex>" may match "0E")
        assert_ok(api.call("account.tax", "unlink", {"ids": [tax, tax_copy]}))
    variant = create(api, "product.product", {"name": unique("Desk"), "default_code": unique("D")})
    variant_copy = assert_ok(api.call("product.product", "copy", {"ids": [variant]}))[0]
    row = read(api, "product.product", [variant_copy], ["name", "default_code"])[0]
    assert row["name"].endswith(" (copy)") and row["default_code"] is False


def test_category_name_create_sets_the_name(api: Api) -> None:
    name = unique("Named")
    new_id, label = assert_ok(api.call("product.category", "name_create", {"name": name}))
    assert label == name
    assert read(api, "product.category", [new_id], ["name"])[0]["name"] == name


def test_variant_defaults_come_from_the_template(api: Api, registry: Registry) -> None:
    defaults = assert_ok(
        api.call("product.product", "default_get", {"fields": ["type", "list_price", "uom_id"]})
    )
    assert defaults == {
        "type": "consu",
        "list_price": 1.0,
        "uom_id": ref(registry, "uom.product_uom_unit"),
    }


def test_fields_get_digits_and_sequence(api: Api) -> None:
    """Odoo's attributes: prices have a display minimum only (digits false), unit
    factors any precision (digits 0), and a sequence is not summed up."""
    template = assert_ok(
        api.call("product.template", "fields_get", {"allfields": ["list_price", "sequence"]})
    )
    assert template["list_price"]["digits"] is False
    assert template["list_price"]["min_display_digits"] == 2
    assert "aggregator" not in template["sequence"]
    uom = assert_ok(api.call("uom.uom", "fields_get", {"allfields": ["relative_factor"]}))
    assert uom["relative_factor"]["digits"] == 0
    variant = assert_ok(
        api.call(
            "product.product", "fields_get", {"allfields": ["currency_id", "product_variant_ids"]}
        )
    )
    # inherited from the template: searchable as there, no inverse of their own
    assert variant["currency_id"]["searchable"] is False
    assert "relation_field" not in variant["product_variant_ids"]
    # a related field sorts, groups and translates as the field it points to
    names = assert_ok(api.call("product.product", "fields_get", {"allfields": ["uom_name"]}))[
        "uom_name"
    ]
    assert (names["sortable"], names["groupable"], names["translate"]) == (True, True, True)


def test_a_favorite_is_the_templates_on_the_variant(api: Api) -> None:
    variant = create(api, "product.product", {"name": unique("Fav"), "is_favorite": True})
    template = read(api, "product.product", [variant], ["product_tmpl_id"])[0]["product_tmpl_id"]
    assert read(api, "product.template", [template[0]], ["is_favorite"])[0]["is_favorite"]
    write(api, "product.template", [template[0]], {"is_favorite": False})
    assert not read(api, "product.product", [variant], ["is_favorite"])[0]["is_favorite"]
    fields = assert_ok(api.call("product.product", "fields_get", {"allfields": ["is_favorite"]}))
    assert fields["is_favorite"]["store"] is True


def test_products_found_by_code_through_display_name(api: Api, registry: Registry) -> None:
    chair = ref(registry, "product.product_delivery_01")
    found = assert_ok(
        api.call("product.product", "search", {"domain": [["display_name", "ilike", "FURN_7777"]]})
    )
    assert found == [chair]
    assert_error(
        api.call(
            "product.template", "create", {"vals_list": [{"name": "x", "categ_id": 999999999}]}
        ),
        404,
        "odoo.exceptions.MissingError",
    )


def test_demo_units_categories_and_taxes_as_in_odoo(api: Api, registry: Registry) -> None:
    gram, kilo = ref(registry, "uom.product_uom_gram"), ref(registry, "uom.product_uom_kgm")
    rows = read(api, "uom.uom", [gram, kilo], ["name", "relative_uom_id", "factor"])
    assert [(r["name"], r["relative_uom_id"], r["factor"]) for r in rows] == [
        ("g", False, 1.0),
        ("kg", [gram, "g"], 1000.0),
    ]
    names = assert_ok(
        api.call(
            "account.tax",
            "search_read",
            {
                "domain": [["company_id", "=", ref(registry, "base.main_company")]],
                "fields": ["name"],
            },
        )
    )
    assert {"15%", "0% Exports", "0% Imports"} <= {row["name"] for row in names}
    # taxes are found by a loose pattern of their name, as in Odoo: "0E" is "0% Exports"
    found = assert_ok(api.call("account.tax", "name_search", {"name": "0E"}))
    assert {name for _id, name in found} == {"0% Exports"}  # of each company
