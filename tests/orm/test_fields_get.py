"""fields_get: every attribute it describes, with the values Odoo 19 gives
(docs/internals/orm-behaviour.md, "Other model methods")."""

from __future__ import annotations

from typing import Any

from jsontwo.orm import Registry
from tests.orm.conftest import run

#: the attributes every field has (help, related, aggregator... only when set)
GENERIC = {
    "name",
    "type",
    "string",
    "store",
    "manual",
    "company_dependent",
    "readonly",
    "required",
    "change_default",
    "default_export_compatible",
    "exportable",
    "depends",
    "searchable",
    "sortable",
    "groupable",
}


def describe(registry: Registry, model: str, *args: Any) -> dict[str, Any]:
    return dict(run(registry, lambda env: env[model].fields_get(*args)))


def test_every_field_has_the_generic_attributes(models_registry: Registry) -> None:
    desc = describe(models_registry, "x.thing")
    for name, attrs in desc.items():
        assert set(attrs) >= GENERIC, name
        assert attrs["name"] == name
        assert attrs["manual"] is False and attrs["exportable"] is True
    assert set(desc["name"]) == GENERIC | {"help", "trim", "translate"}
    assert desc["code"]["size"] == 4
    assert "size" not in desc["name"]
    assert set(desc["notes"]) == GENERIC | {"translate"}  # text: no trim


def test_attributes_by_type(models_registry: Registry) -> None:
    desc = describe(models_registry, "x.thing")
    assert desc["count"]["aggregator"] == "sum"
    assert desc["ratio"]["aggregator"] == "sum" and desc["ratio"]["digits"] == [6, 2]
    assert "digits" not in desc["amount"] and desc["amount"]["currency_field"] == "currency_id"
    assert "aggregator" not in desc["id"] and "aggregator" not in desc["name"]
    assert desc["id"]["readonly"] is True and desc["id"]["groupable"] is True
    assert desc["body"]["sanitize"] is True and desc["body"]["strip_style"] is False
    assert desc["blob"]["attachment"] is True
    assert (desc["blob"]["sortable"], desc["blob"]["groupable"]) == (False, False)
    assert desc["state"]["selection"] == [["draft", "Draft"], ["done", "Done"]]
    assert desc["tag_ids"]["groupable"] is True  # a many2many groups
    assert desc["line_ids"]["groupable"] is False and desc["line_ids"]["sortable"] is False
    assert desc["line_ids"]["relation_field"] == "thing_id"
    assert desc["tag_id"]["domain"] == [] and desc["tag_id"]["context"] == {}
    assert desc["tag_id"]["allow_hierachy_operators"] is False  # x.tag has no parent
    assert desc["create_uid"]["allow_hierachy_operators"] is True  # users have parent_id


def test_computed_and_related_fields(models_registry: Registry) -> None:
    desc = describe(models_registry, "res.partner")
    complete = desc["complete_name"]
    assert complete["depends"] == [
        "is_company",
        "name",
        "parent_id.name",
        "type",
        "company_name",
        "commercial_company_name",
    ]
    assert (complete["store"], complete["readonly"], complete["sortable"]) == (True, True, True)
    display = desc["display_name"]
    assert display["depends"][-1] == "name"  # the rec name comes last, as in Odoo
    assert (display["store"], display["searchable"], display["sortable"]) == (False, True, False)
    assert display["groupable"] is False
    code = desc["country_code"]
    assert code["related"] == "country_id.code" and code["depends"] == ["country_id.code"]
    assert (code["readonly"], code["searchable"], code["store"]) == (True, True, False)
    assert desc["state_id"]["domain"] == "[('country_id', '=?', country_id)]"
    assert desc["name"]["depends"] == [] and "related" not in desc["name"]
    country = describe(models_registry, "res.country")
    assert country["display_name"]["depends"] == ["name"]


def test_selecting_fields_and_attributes(models_registry: Registry) -> None:
    partner = "res.partner"
    assert describe(models_registry, partner, ["name", "nope"], ["type", "nope"]) == {
        "name": {"type": "char"}
    }
    assert describe(models_registry, partner, ["name", "email"], []) == {"name": {}, "email": {}}
    # a string selects the names it contains, as Odoo's ``in`` does
    assert describe(models_registry, partner, "name", ["type"]) == {"name": {"type": "char"}}


def test_partner_tags_are_described_as_in_odoo(models_registry: Registry) -> None:
    """Partner tags have Odoo's fields, each with every attribute Odoo gives it."""
    desc = describe(
        models_registry, "res.partner.category", ["name", "color", "parent_id", "active"]
    )
    common = {
        "change_default": False,
        "company_dependent": False,
        "default_export_compatible": False,
        "depends": [],
        "exportable": True,
        "groupable": True,
        "manual": False,
        "readonly": False,
        "searchable": True,
        "sortable": True,
        "store": True,
    }
    assert desc == {
        "name": {
            **common,
            "name": "name",
            "required": True,
            "string": "Name",
            "translate": True,
            "trim": True,
            "type": "char",
        },
        "color": {
            **common,
            "aggregator": False,
            "name": "color",
            "required": False,
            "string": "Color",
            "type": "integer",
        },
        "parent_id": {
            **common,
            "allow_hierachy_operators": True,
            "context": {},
            "domain": [],
            "name": "parent_id",
            "relation": "res.partner.category",
            "required": False,
            "string": "Category",
            "type": "many2one",
        },
        "active": {
            **common,
            "help": "The active field allows you to hide the category without removing it.",
            "name": "active",
            "required": False,
            "string": "Active",
            "type": "boolean",
        },
    }
    every = describe(models_registry, "res.partner.category", None, ["type"])
    assert set(every) == {
        "id",
        "display_name",
        "name",
        "color",
        "parent_id",
        "child_ids",
        "active",
        "parent_path",
        "partner_ids",
        "create_uid",
        "create_date",
        "write_uid",
        "write_date",
    }


def test_countries_and_partners_have_odoos_fields(models_registry: Registry) -> None:
    country = describe(models_registry, "res.country", None, ["type", "string", "translate"])
    assert set(country) >= {
        "address_format",
        "address_view_id",
        "country_group_codes",
        "country_group_ids",
        "image_url",
        "name_position",
        "state_ids",
        "state_required",
        "vat_label",
        "zip_required",
    }
    assert country["name"] == {"type": "char", "string": "Country Name", "translate": True}
    assert country["code"] == {"type": "char", "string": "Country Code", "translate": False}
    partner = describe(models_registry, "res.partner", ["vat", "type"], ["string", "help"])
    assert partner["vat"]["help"].startswith("The Tax Identification Number.")
    assert partner["type"] == {"string": "Address Type"}


def test_partner_fields_types_strings_and_relations(models_registry: Registry) -> None:
    """Partner fields of every kind are described with Odoo's types, labels and relations."""
    names = ["name", "country_id", "child_ids", "category_id", "type", "is_company"]
    names += ["color", "partner_latitude", "comment"]
    attributes = ["type", "string", "required", "readonly", "relation", "store"]
    plain = {"readonly": False, "required": False, "store": True}
    assert describe(models_registry, "res.partner", names, attributes) == {
        "name": {**plain, "string": "Name", "type": "char"},
        "country_id": {**plain, "relation": "res.country", "string": "Country", "type": "many2one"},
        "child_ids": {**plain, "relation": "res.partner", "string": "Contact", "type": "one2many"},
        "category_id": {
            **plain,
            "relation": "res.partner.category",
            "string": "Tags",
            "type": "many2many",
        },
        "type": {**plain, "string": "Address Type", "type": "selection"},
        "is_company": {**plain, "string": "Is a Company", "type": "boolean"},
        "color": {**plain, "string": "Color Index", "type": "integer"},
        "partner_latitude": {**plain, "string": "Geo Latitude", "type": "float"},
        "comment": {**plain, "string": "Notes", "type": "html"},
    }


def test_partner_selections(models_registry: Registry) -> None:
    """The address type and the company type list their keys and labels in Odoo's order."""
    got = describe(
        models_registry, "res.partner", ["type", "company_type"], ["selection", "type", "string"]
    )
    assert got == {
        "type": {
            "selection": [
                ["contact", "Contact"],
                ["invoice", "Invoice"],
                ["delivery", "Delivery"],
                ["other", "Other"],
            ],
            "string": "Address Type",
            "type": "selection",
        },
        "company_type": {
            "selection": [["person", "Person"], ["company", "Company"]],
            "string": "Company Type",
            "type": "selection",
        },
    }


def test_partner_relational_domains_and_contexts(models_registry: Registry) -> None:
    """child_ids lists active children read with active_test off; other relations are plain."""
    got = describe(
        models_registry,
        "res.partner",
        ["child_ids", "parent_id", "category_id"],
        ["relation", "relation_field", "type", "domain", "context"],
    )
    assert got == {
        "parent_id": {"context": {}, "domain": [], "relation": "res.partner", "type": "many2one"},
        "child_ids": {
            "context": {"active_test": False},
            "domain": [["active", "=", True]],
            "relation": "res.partner",
            "relation_field": "parent_id",
            "type": "one2many",
        },
        "category_id": {
            "context": {},
            "domain": [],
            "relation": "res.partner.category",
            "type": "many2many",
        },
    }


def test_partner_computed_fields_dependencies(models_registry: Registry) -> None:
    """Computed partner names and the commercial partner list Odoo's dependencies."""
    attributes = ["store", "readonly", "depends", "searchable", "sortable", "groupable"]
    got = describe(
        models_registry,
        "res.partner",
        ["display_name", "complete_name", "commercial_partner_id"],
        attributes,
    )
    stored = {"groupable": True, "readonly": True, "searchable": True, "sortable": True}
    assert got == {
        "display_name": {
            "depends": [
                "complete_name",
                "email",
                "vat",
                "state_id",
                "country_id",
                "commercial_company_name",
                "name",
            ],
            "groupable": False,
            "readonly": True,
            "searchable": True,
            "sortable": False,
            "store": False,
        },
        "complete_name": {
            **stored,
            "depends": [
                "is_company",
                "name",
                "parent_id.name",
                "type",
                "company_name",
                "commercial_company_name",
            ],
            "store": True,
        },
        "commercial_partner_id": {
            **stored,
            "depends": ["is_company", "parent_id.commercial_partner_id"],
            "store": True,
        },
    }


def test_partner_char_fields_help_trim_and_translate(models_registry: Registry) -> None:
    """Char fields are trimmed and untranslated; only those with a help text have one."""
    got = describe(
        models_registry,
        "res.partner",
        ["vat", "ref", "email"],
        ["string", "help", "type", "size", "trim", "translate"],
    )
    char = {"translate": False, "trim": True, "type": "char"}
    assert got == {
        "ref": {**char, "string": "Reference"},
        "vat": {
            **char,
            "help": "The Tax Identification Number. Values here will be validated based on the "
            "country format. You can use '/' to indicate that the partner is not subject to tax.",
            "string": "Tax ID",
        },
        "email": {**char, "string": "Email"},
    }


def test_countries_are_described_as_in_odoo(models_registry: Registry) -> None:
    """res.country has exactly Odoo's fields; its name is translated and its code is 2 long."""
    every = describe(models_registry, "res.country")
    assert set(every) == {
        "address_format",
        "address_view_id",
        "code",
        "country_group_codes",
        "country_group_ids",
        "create_date",
        "create_uid",
        "currency_id",
        "display_name",
        "id",
        "image_url",
        "name",
        "name_position",
        "phone_code",
        "state_ids",
        "state_required",
        "vat_label",
        "write_date",
        "write_uid",
        "zip_required",
    }
    attributes = ["type", "string", "required", "translate", "size", "relation"]
    got = describe(models_registry, "res.country", ["name", "code", "currency_id"], attributes)
    assert got == {
        "name": {"required": True, "string": "Country Name", "translate": True, "type": "char"},
        "code": {
            "required": True,
            "size": 2,
            "string": "Country Code",
            "translate": False,
            "type": "char",
        },
        "currency_id": {
            "relation": "res.currency",
            "required": False,
            "string": "Currency",
            "type": "many2one",
        },
    }


def test_an_html_field_stores_what_its_sanitize_attribute_promises(
    models_registry: Registry,
) -> None:
    """``sanitize: True`` (above) is a promise about what is stored: Odoo 19 drops a
    script and an event handler from the HTML it keeps."""
    sent = '<p onclick="steal()">Hello</p><script>alert(1)</script>'

    def write_and_read(env: Any) -> Any:
        thing = env["x.thing"].create({"name": "html", "body": sent})
        return thing.read(["body"])[0]["body"]

    assert run(models_registry, write_and_read) == "<p>Hello</p>"


def test_related_and_inherited_fields_described_as_odoo_does(models_registry: Registry) -> None:
    """A related field that is not stored searches, sorts and groups through its path
    and takes its target's help and size; an inherited field (``_inherits``) carries
    none of what Odoo does not carry over to related fields."""
    bank = describe(models_registry, "res.bank", ["country_code"])["country_code"]
    assert bank["searchable"] and bank["sortable"] and bank["groupable"]
    assert bank["size"] == 2 and bank["help"].startswith("The ISO country code")
    users = describe(models_registry, "res.users")
    assert users["country_code"]["size"] == 2
    assert "relation_field" not in users["child_ids"]  # inherited one2many
    assert users["child_ids"]["domain"] == [["active", "=", True]]  # a list domain stays
    assert users["state_id"]["domain"] == []  # an expression on the partner's fields does not
    assert users["zip"]["change_default"] is False
    assert users["barcode"]["company_dependent"] is False
    assert users["name"]["default_export_compatible"] is False
    # a partner's computed field searched by no method is not searchable on users either
    assert users["contact_address"]["searchable"] is False
    assert users["avatar_128"]["attachment"] is False


def test_sequences_and_unstored_binaries(models_registry: Registry) -> None:
    """An integer named sequence aggregates nothing unless told; a binary that is not
    stored is no attachment; html fields say nothing of forms."""
    tags = describe(models_registry, "res.partner.bank", ["sequence"])
    assert "aggregator" not in tags["sequence"]
    partner = describe(models_registry, "res.partner", ["avatar_128", "image_1920", "comment"])
    assert partner["avatar_128"]["attachment"] is False
    assert partner["image_1920"]["attachment"] is True
    assert "sanitize_form" not in partner["comment"]


def test_dependencies_add_up_over_the_overrides(models_registry: Registry) -> None:
    """A compute method's dependencies are those of each of its definitions, the most
    derived first: an overridden display name still depends on the rec name (as in
    Odoo, which shows a repeated name twice), inherited rec names included."""
    bank = describe(models_registry, "res.partner.bank", ["display_name"])
    assert bank["display_name"]["depends"] == ["acc_number", "bank_id", "acc_number"]
    users = describe(models_registry, "res.users", ["display_name"])
    assert users["display_name"]["depends"] == ["name"]
    data = describe(models_registry, "ir.model.data", ["display_name"])
    assert data["display_name"]["depends"] == ["res_id", "model", "complete_name", "name"]


def test_base_models_options_as_odoos(models_registry: Registry) -> None:
    """Time zones are real zones only; field types are Odoo's, those no field here has
    included."""
    tz = describe(models_registry, "res.partner", ["tz"])["tz"]["selection"]
    assert ["Factory", "Factory"] not in tz and ["localtime", "localtime"] not in tz
    ttypes = describe(models_registry, "ir.model.fields", ["ttype"])["ttype"]["selection"]
    assert ["reference", "reference"] in ttypes and ["char", "char"] in ttypes


def test_language_formats_are_options(models_registry: Registry) -> None:
    """A language's date and time formats are options, as in Odoo: each date format is
    shown on January 31st of this year."""
    import datetime as dt

    desc = describe(models_registry, "res.lang", ["date_format", "time_format"])
    year = dt.date.today().year
    assert desc["date_format"]["type"] == "selection"
    assert ["%d/%m/%Y", f"31/01/{year}"] in desc["date_format"]["selection"]
    assert desc["time_format"]["selection"] == [
        ["%H:%M:%S", "13:00:00"],
        ["%I:%M:%S %p", " 1:00:00 PM"],
    ]


def test_x2many_with_a_domain_depends_on_its_fields(models_registry: Registry) -> None:
    """As Odoo says: a one2many or many2many with a domain depends on the fields the
    domain names through it."""
    desc = describe(models_registry, "res.partner", ["child_ids", "bank_ids"])
    assert desc["child_ids"]["depends"] == ["child_ids.active"]
    assert desc["bank_ids"]["depends"] == []
