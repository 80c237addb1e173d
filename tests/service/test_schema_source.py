"""jsontwo.service.schema_source: the rows of a source's ir.model, ir.model.fields,
ir.model.access and the answer of its fields_get turned into the custom models,
fields and access lines that import-schema plans (rows as Odoo 19 answers them)."""

from __future__ import annotations

from typing import Any

from jsontwo.service.schema_source import (
    RemoteAccess,
    RemoteModel,
    access_from_rows,
    fields_from_description,
    fields_from_rows,
    models_from_rows,
    parse_selection,
)

#: an ir.model.fields row of Odoo 19 for a custom selection field (values unset are false)
SELECTION_ROW = {
    "id": 1880,
    "model": "x_is_thing",
    "name": "x_is_kind",
    "ttype": "selection",
    "relation": False,
    "relation_field": False,
    "relation_table": False,
    "required": True,
    "readonly": False,
    "translate": False,
    "index": False,
    "copied": True,
    "size": 0,
    "on_delete": False,
    "domain": "[]",
    "currency_field": False,
    "related": False,
    "compute": False,
    "depends": False,
    "selection": "[('a', 'Alpha'), ('b', \"Beta's\")]",
    "help": "The kind",
    "field_description": "Kind",
    "state": "manual",
}


def test_custom_models_are_the_manual_rows() -> None:
    rows = [
        {"id": 155, "model": "x_is_thing", "name": "IS Thing", "order": "id", "state": "manual"},
        {"id": 3, "model": "res.partner", "name": "Contact", "order": "name", "state": "base"},
        {"id": 156, "model": "x_wizard", "name": "", "transient": True, "state": "manual"},
    ]
    assert models_from_rows(rows) == [
        RemoteModel("x_is_thing", "IS Thing", "id", remote_id=155),
        RemoteModel("x_wizard", "x_wizard", "id", transient=True, remote_id=156),
    ]


def test_a_field_keeps_the_values_set_under_odoo_names() -> None:
    base = {**SELECTION_ROW, "name": "name", "state": "base"}
    [found] = fields_from_rows([SELECTION_ROW, base])
    assert (found.model, found.name, found.ttype, found.label) == (
        "x_is_thing",
        "x_is_kind",
        "selection",
        "Kind",
    )
    assert found.selection == (("a", "Alpha"), ("b", "Beta's"))
    assert dict(found.values) == {
        "help": "The kind",
        "domain": "[]",
        "required": True,
        "readonly": False,
        "index": False,
        "copied": True,
    }
    assert found.computed is None and found.relation is None


def test_related_and_computed_fields_say_so() -> None:
    related = {**SELECTION_ROW, "ttype": "char", "selection": False, "related": "country_id.code"}
    computed = {**related, "related": False, "compute": "for r in self: r['x'] = 1"}
    found = fields_from_rows([related, computed])
    assert [field.computed for field in found] == ["related to country_id.code", "computed"]


def test_fields_get_gives_the_x_fields_only() -> None:
    described = {
        "name": {"type": "char", "string": "Name"},
        "x_level": {
            "type": "selection",
            "string": "Level",
            "selection": [["low", "Low"], ["high", "High"]],
            "required": True,
            "translate": False,
        },
        "x_thing_ids": {
            "type": "one2many",
            "string": "Things",
            "relation": "x_thing",
            "relation_field": "x_partner_id",
        },
    }
    level, things = fields_from_description("res.partner", described)
    assert (level.name, level.ttype, level.label, level.selection) == (
        "x_level",
        "selection",
        "Level",
        (("low", "Low"), ("high", "High")),
    )
    assert level.values["required"] is True
    assert (things.relation, things.relation_field) == ("x_thing", "x_partner_id")


def test_access_lines_name_their_model_and_group() -> None:
    rows: list[dict[str, Any]] = [
        {
            "name": "thing user",
            "model_id": [155, "IS Thing"],
            "group_id": [1, "Role / User"],
            "perm_read": True,
            "perm_write": True,
            "perm_create": False,
            "perm_unlink": False,
        },
        {"name": "thing all", "model_id": [155, "IS Thing"], "group_id": False, "perm_read": True},
        {"name": "no xmlid", "model_id": [155, "IS Thing"], "group_id": [77, "Mine"]},
        {"name": "other model", "model_id": [3, "Contact"], "group_id": False, "perm_read": True},
    ]
    found = access_from_rows(rows, {155: "x_is_thing"}, {1: "base.group_user"})
    assert found == [
        RemoteAccess(
            "x_is_thing",
            "thing user",
            "base.group_user",
            "Role / User",
            ("perm_read", "perm_write"),
        ),
        RemoteAccess("x_is_thing", "thing all", None, "", ("perm_read",)),
        RemoteAccess("x_is_thing", "no xmlid", "?", "Mine", ()),
    ]


def test_selection_text_or_pairs() -> None:
    assert parse_selection("[('a', 'A')]") == (("a", "A"),)
    assert parse_selection([["a", "A"], ["b", "B"]]) == (("a", "A"), ("b", "B"))
    assert parse_selection("not python") == ()
    assert parse_selection(False) == ()
