"""jsontwo.service.schema_import: what import-schema plans for a source's custom
models, fields and access lines against a real database (SQLite and PostgreSQL),
in which order, and what it leaves with which reason."""

from __future__ import annotations

import pytest

from jsontwo.db import Storage
from jsontwo.orm import Registry
from jsontwo.service import Databases
from jsontwo.service.schema_import import (
    ImportFailed,
    ImportPlan,
    apply_import,
    field_values,
    plan_import,
    summary,
)
from jsontwo.service.schema_source import RemoteAccess, RemoteField, RemoteModel, RemoteSchema

THING = RemoteModel("x_thing", "Thing")


def field(model: str, name: str, ttype: str, **values: object) -> RemoteField:
    """A custom field of the source, as read from its ir.model.fields."""
    return RemoteField(model, name, ttype, name.removeprefix("x_").title(), values)


def reasons(schema: RemoteSchema, registry: Registry) -> dict[str, str]:
    """What the plan leaves, by "model.field" (or model), with the reason."""
    plan = plan_import(registry, schema)
    return {f"{i.model}.{i.field}" if i.field else i.model: i.reason for i in plan.skipped}


def fresh_plan(storage: Storage, registry: Registry, schema: RemoteSchema) -> ImportPlan:
    """The plan as the next command makes it: with a registry built anew from the
    database (the models made at run time included)."""
    databases = Databases(storage)
    try:
        return plan_import(databases.registry(registry.database.name), schema)
    finally:
        databases.close()


def test_models_first_then_fields_then_those_needing_a_new_field(registry: Registry) -> None:
    schema = RemoteSchema(
        models=(THING,),
        fields=(
            # listed in an order that would fail: the one2many before its inverse
            field(
                "res.partner",
                "x_thing_ids",
                "one2many",
                relation="x_thing",
                relation_field="x_partner_id",
            ),
            field("x_thing", "x_partner_id", "many2one", relation="res.partner"),
            field("x_thing", "x_name", "char"),
            field("x_thing", "x_amount", "monetary", currency_field="x_currency_id"),
            field("x_thing", "x_currency_id", "many2one", relation="res.currency"),
            field("res.partner", "x_tag_ids", "many2many", relation="res.partner.category"),
        ),
        access=(RemoteAccess("x_thing", "thing user", "base.group_user", "User", ("perm_read",)),),
    )
    plan = plan_import(registry, schema)
    assert [model.model for model in plan.models] == ["x_thing"]
    assert [(f.model, f.name) for f in plan.fields] == [
        ("res.partner", "x_tag_ids"),
        ("x_thing", "x_currency_id"),
        ("x_thing", "x_partner_id"),
        ("res.partner", "x_thing_ids"),
        ("x_thing", "x_amount"),
    ]
    assert [(f.model, f.name) for f in plan.with_models] == [("x_thing", "x_name")]
    assert [line.name for line in plan.access] == ["thing user"]
    assert plan.skipped == []
    assert plan.steps == 7
    assert summary(plan, dry_run=True) == (
        "Would create 1 model, 5 fields and 1 access line; 0 models, 0 fields and "
        "0 access lines already here; 0 items not imported."
    )


def test_what_cannot_be_made_is_reported_with_the_reason(registry: Registry) -> None:
    schema = RemoteSchema(
        models=(RemoteModel("x_wizard", "Wizard", transient=True),),
        fields=(
            field("res.partner", "x_lead_id", "many2one", relation="crm.lead"),
            field("res.partner", "x_other_id", "many2one", relation="x_other"),
            field("res.partner", "x_ref", "reference"),
            field("res.partner", "x_code", "char", related="country_id.code"),
            field("crm.lead", "x_score", "float"),
            field("x_wizard", "x_note", "text"),
            field(
                "res.partner",
                "x_line_ids",
                "one2many",
                relation="res.partner",
                relation_field="x_nope_id",
            ),
            field(
                "res.partner",
                "x_child_ids",
                "one2many",
                relation="res.partner",
                relation_field="name",
            ),
            field("res.partner", "phone", "integer"),
        ),
        access=(
            RemoteAccess("x_wizard", "wizard", None, "", ("perm_read",)),
            RemoteAccess("res.partner", "odd", "?", "Mine", ("perm_read",)),
            RemoteAccess(
                "res.partner", "sales", "sales_team.group_sale_manager", "Sales / Admin", ()
            ),
        ),
    )
    assert reasons(schema, registry) == {
        "x_wizard": "a transient model (a wizard): not made here",
        "res.partner.x_lead_id": "unknown relation model 'crm.lead'",
        "res.partner.x_other_id": "unknown relation model 'x_other' (a custom model the "
        "import did not read: add it to --models)",
        "res.partner.x_ref": "unsupported type 'reference'",
        "res.partner.x_code": "related to country_id.code: computed and related fields are not imported",
        "crm.lead.x_score": "model 'crm.lead' does not exist here",
        "x_wizard.x_note": "its model 'x_wizard' is not made here (see above)",
        "res.partner.x_line_ids": "its inverse field res.partner.x_nope_id is neither here nor imported",
        "res.partner.x_child_ids": "its inverse field res.partner.name is a char, not a many2one",
        "res.partner.phone": "exists here as a char field",
        "x_wizard.wizard": "its model 'x_wizard' is not made here (see above)",
        "res.partner.odd": "its group 'Mine' has no external id on the source",
        "res.partner.sales": "its group sales_team.group_sale_manager (Sales / Admin) does not exist here",
    }


def test_what_exists_here_is_left_as_it_is(registry: Registry) -> None:
    schema = RemoteSchema(
        models=(RemoteModel("res.partner", "Contact"),),
        fields=(field("res.partner", "email", "char"),),
    )
    plan = plan_import(registry, schema)
    assert (plan.models, plan.fields, plan.skipped) == ([], [], [])
    assert (plan.present_models, plan.present_fields) == (
        ["res.partner"],
        [("res.partner", "email")],
    )


def test_field_values_are_odoo_s() -> None:
    kind = RemoteField(
        "x_thing",
        "x_kind",
        "selection",
        "Kind",
        {"required": True, "translate": True, "on_delete": "set null", "help": "h"},
        (("a", "Alpha"), ("b", "Beta")),
    )
    assert field_values(kind, 42) == {
        "model_id": 42,
        "model": "x_thing",
        "name": "x_kind",
        "field_description": "Kind",
        "ttype": "selection",
        "required": True,
        "translate": "standard",
        "help": "h",
        "selection_ids": [
            [0, 0, {"value": "a", "name": "Alpha", "sequence": 0}],
            [0, 0, {"value": "b", "name": "Beta", "sequence": 1}],
        ],
    }
    tags = RemoteField(
        "res.partner",
        "x_tag_ids",
        "many2many",
        "Tags",
        {
            "relation": "res.partner.category",
            "relation_table": "res_partner_category_rel",
            "column1": "a",
        },
    )
    # a table not named x_... is Odoo's own: the new one gets its default name
    assert not {"relation_table", "column1"} & set(field_values(tags, 1))


def test_a_refused_creation_keeps_nothing(registry: Registry, storage: Storage) -> None:
    schema = RemoteSchema(
        models=(RemoteModel("x_is_atomic", "Atomic"),),
        fields=(
            field("x_is_atomic", "x_is_ok", "char"),
            # a name the source could not hold either: ir.model.fields refuses it
            field("res.partner", "x_is-bad", "char"),
        ),
    )
    plan = plan_import(registry, schema)
    assert plan.steps == 3
    steps: list[str] = []
    with pytest.raises(ImportFailed) as failed:
        apply_import(registry, plan, on_step=steps.append)
    assert str(failed.value) == (
        "Could not create field res.partner.x_is-bad: Field names can only contain "
        "characters, digits and underscores (up to 63). Nothing was imported (the import "
        "is one transaction)."
    )
    assert steps == ["model x_is_atomic", "field res.partner.x_is-bad"]
    again = fresh_plan(storage, registry, schema)
    assert [model.model for model in again.models] == ["x_is_atomic"]
    assert again.present_models == []


def test_apply_makes_what_the_plan_lists(registry: Registry, storage: Storage) -> None:
    schema = RemoteSchema(
        models=(RemoteModel("x_is_made", "Made"),),
        fields=(
            field("x_is_made", "x_is_partner_id", "many2one", relation="res.partner"),
            field(
                "res.partner",
                "x_is_made_ids",
                "one2many",
                relation="x_is_made",
                relation_field="x_is_partner_id",
            ),
        ),
        access=(RemoteAccess("x_is_made", "made all", None, "", ("perm_read", "perm_write")),),
    )
    apply_import(registry, plan_import(registry, schema))
    again = fresh_plan(storage, registry, schema)
    assert again.steps == 0
    assert again.present_models == ["x_is_made"]
    assert again.present_fields == [
        ("res.partner", "x_is_made_ids"),
        ("x_is_made", "x_is_partner_id"),
    ]
    assert again.present_access == [("x_is_made", "made all")]
