"""fields_get: every attribute of spec 4.9, with the values Odoo 19 gives."""

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
    desc = describe(models_registry, "res.partner.category", ["name", "color", "parent_id"])
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
