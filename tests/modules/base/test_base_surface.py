"""The base models' fields as Odoo 19 describes them (fields_get), where a field
type or attribute matters: many2one_reference, properties definitions."""

from __future__ import annotations

import uuid
from typing import Any

from tests.conftest import Api
from tests.modules.base.test_methods_api import ok


def describe(api: Api, model: str, names: list[str]) -> dict[str, Any]:
    return dict(ok(api, model, "fields_get", {"allfields": names}))


def test_an_external_ids_record_id_is_a_many2one_reference(api: Api) -> None:
    desc = describe(api, "ir.model.data", ["res_id"])["res_id"]
    assert (desc["type"], desc["model_field"]) == ("many2one_reference", "model")
    assert "aggregator" not in desc  # ids are not summed
    rows = ok(
        api,
        "ir.model.data",
        "search_read",
        {"domain": [["name", "=", "main_company"]], "fields": ["res_id"]},
    )
    assert [row["res_id"] for row in rows] == [1]


def test_properties_and_their_definition(api: Api) -> None:
    desc = describe(api, "properties.base.definition", ["properties_definition"])
    assert desc["properties_definition"]["type"] == "properties_definition"
    partner = describe(api, "res.partner", ["properties"])["properties"]
    assert partner["depends"] == ["properties_base_definition_id"]
    user = describe(api, "res.users", ["properties"])["properties"]
    assert user["depends"] == ["partner_id.properties"]  # through the user's partner


def test_model_and_field_defaults_are_a_custom_ones(api: Api) -> None:
    """default_get gives Odoo's defaults of a custom model and field (though jsontwo
    refuses to create them); reflected rows keep their own values."""
    model = ok(api, "ir.model", "default_get", {"fields": ["model", "state", "field_id"]})
    assert model == {
        "model": "x_",
        "state": "manual",
        "field_id": [
            [6, 0, []],
            [
                0,
                0,
                {"name": "x_name", "field_description": "Name", "ttype": "char", "copied": True},
            ],
        ],
    }
    field = ok(
        api,
        "ir.model.fields",
        "default_get",
        {"fields": ["name", "field_description", "state", "on_delete", "store"]},
    )
    assert field == {
        "name": "x_",
        "field_description": "",
        "state": "manual",
        "on_delete": "set null",
        "store": True,
    }
    rows = ok(
        api,
        "ir.model",
        "search_read",
        {"domain": [["model", "=", "res.partner"]], "fields": ["state"]},
    )
    assert [row["state"] for row in rows] == ["base"]


def test_a_companys_country_is_its_partners_written_through(api: Api) -> None:
    """As in Odoo: computed from the partner's address, not searchable, writable."""
    desc = describe(api, "res.company", ["country_id"])["country_id"]
    assert (desc["readonly"], desc["searchable"], desc["store"]) == (False, False, False)
    assert desc["depends"][-1] == "partner_id.country_id" and "related" not in desc
    (be,) = ok(api, "res.country", "search", {"domain": [["code", "=", "BE"]]})
    (main,) = ok(api, "res.company", "search", {"domain": [], "limit": 1})
    (before,) = ok(api, "res.company", "read", {"ids": [main], "fields": ["country_id"]})
    try:
        ok(api, "res.company", "write", {"ids": [main], "vals": {"country_id": be}})
        (partner,) = ok(api, "res.company", "read", {"ids": [main], "fields": ["partner_id"]})
        (row,) = ok(
            api,
            "res.partner",
            "read",
            {"ids": [partner["partner_id"][0]], "fields": ["country_id"]},
        )
        assert row["country_id"][0] == be
    finally:
        old = before["country_id"][0] if before["country_id"] else False
        ok(api, "res.company", "write", {"ids": [main], "vals": {"country_id": old}})


def test_commercial_company_name_depends_as_in_odoo(api: Api) -> None:
    desc = describe(api, "res.partner", ["commercial_company_name"])["commercial_company_name"]
    assert desc["depends"] == ["company_name", "parent_id.is_company", "commercial_partner_id.name"]


def test_a_models_inherited_models_and_views(api: Api) -> None:
    """Computed, as Odoo: the models of ``_inherits`` and the views of the model."""
    (users,) = ok(
        api,
        "ir.model",
        "search_read",
        {
            "domain": [["model", "=", "res.users"]],
            "fields": ["inherited_model_ids", "view_ids", "fold_name"],
        },
    )
    (partner,) = ok(api, "ir.model", "search", {"domain": [["model", "=", "res.partner"]]})
    assert users["inherited_model_ids"] == [partner]
    assert users["view_ids"] == [] and users["fold_name"] is False
    types = ok(
        api,
        "ir.model",
        "fields_get",
        {"allfields": ["inherited_model_ids", "view_ids", "fold_name"], "attributes": ["type"]},
    )
    assert types == {
        "inherited_model_ids": {"type": "many2many"},
        "view_ids": {"type": "one2many"},
        "fold_name": {"type": "char"},
    }


def test_the_demo_administrator_as_in_odoos_demo(api: Api) -> None:
    """Mitchell Admin: Role / Administrator as only explicit group, an address in
    Scranton, a picture, and himself as salesperson of his contact."""
    (admin,) = ok(
        api,
        "res.users",
        "search_read",
        {
            "domain": [["login", "=", "admin"]],
            "fields": ["group_ids", "city", "zip", "phone", "image_128", "user_id", "state_id"],
        },
    )
    (system,) = ok(
        api,
        "ir.model.data",
        "search_read",
        {"domain": [["name", "=", "group_system"]], "fields": ["res_id"]},
    )
    assert admin["group_ids"] == [system["res_id"]]
    assert (admin["city"], admin["zip"], admin["phone"]) == ("Scranton", "18503", "+1 555-555-5555")
    assert admin["state_id"][1] == "Pennsylvania (US)"
    assert admin["image_128"] and admin["user_id"][0] == admin["id"]


def test_a_properties_definition_belongs_to_a_properties_field(api: Api) -> None:
    (partner,) = ok(
        api,
        "res.partner",
        "search_read",
        {"domain": [], "fields": ["properties_base_definition_id"], "limit": 1},
    )
    definition = partner["properties_base_definition_id"]
    assert definition[1] == "Contact Properties"
    (row,) = ok(
        api,
        "properties.base.definition",
        "read",
        {"ids": [definition[0]], "fields": ["properties_field_id"]},
    )
    (field,) = ok(
        api,
        "ir.model.fields",
        "read",
        {"ids": [row["properties_field_id"][0]], "fields": ["model", "name"]},
    )
    assert (field["model"], field["name"]) == ("res.partner", "properties")


def test_sorting_and_grouping_by_the_properties_definition(api: Api) -> None:
    """Every contact has the same definition: sorting by it gives the contacts by
    id in the term's direction, grouping by it gives one group (as Odoo); both
    say so in fields_get, for users (through their contact) too."""
    suffix = uuid.uuid4().hex[:10]
    ids = ok(
        api,
        "res.partner",
        "create",
        {"vals_list": [{"name": f"{letter} props {suffix}"} for letter in "CAB"]},
    )
    domain = [["name", "like", f"props {suffix}"]]
    order = "properties_base_definition_id"
    assert ok(api, "res.partner", "search", {"domain": domain, "order": order}) == ids
    backwards = {"domain": domain, "order": f"{order} desc"}
    assert ok(api, "res.partner", "search", backwards) == ids[::-1]
    groups = ok(
        api,
        "res.partner",
        "formatted_read_group",
        {"domain": domain, "groupby": [order], "aggregates": ["__count"]},
    )
    assert len(groups) == 1 and groups[0]["__count"] == 3
    assert groups[0][order][1] == "Contact Properties"
    for model in ("res.partner", "res.users"):
        desc = describe(api, model, [order])[order]
        assert (desc["sortable"], desc["groupable"], desc["store"]) == (True, True, False)
    users = {"domain": [["login", "in", ["admin", "demo"]]], "groupby": [order]}
    [user_group] = ok(
        api, "res.users", "formatted_read_group", {**users, "aggregates": ["__count"]}
    )
    assert user_group["__count"] == 2
