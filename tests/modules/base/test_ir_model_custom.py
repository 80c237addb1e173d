"""Models and fields made at run time over JSON-2, as Odoo allows them: x_ models
and fields, their tables and columns, the access line step, and Odoo's refusals."""

from __future__ import annotations

from typing import Any

import pytest

from jsontwo.orm import Registry, row_counts
from tests.conftest import Api


def ok(response: Any) -> Any:
    """The JSON answer of a call that must succeed."""
    assert response.status_code == 200, response.text
    return response.json()


def refused(response: Any, status: int, name: str) -> str:
    """The message of a call that must fail with Odoo's error ``name``."""
    assert response.status_code == status, response.text
    body = response.json()
    assert body["name"] == name, body
    return str(body["message"])


def make_model(api: Api, model: str, label: str) -> int:
    """Create custom model ``model`` and an access line for everyone; its id."""
    [model_id] = ok(
        api.call("ir.model", "create", {"vals_list": [{"name": label, "model": model}]})
    )
    line = {"name": f"{model} all", "model_id": model_id}
    line.update(perm_read=True, perm_write=True, perm_create=True, perm_unlink=True)
    ok(api.call("ir.model.access", "create", {"vals_list": [line]}))
    return int(model_id)


def add_field(api: Api, model_id: int, **vals: Any) -> int:
    """Create a custom field on the model of id ``model_id``; its id."""
    [field_id] = ok(
        api.call("ir.model.fields", "create", {"vals_list": [{"model_id": model_id, **vals}]})
    )
    return int(field_id)


def test_a_new_model_has_x_name_and_no_access_until_a_line_is_made(api: Api) -> None:
    """As in Odoo: a new model gets x_name; even the administrator is refused
    until an ir.model.access line exists; then records can be made and read."""
    [model_id] = ok(
        api.call("ir.model", "create", {"vals_list": [{"name": "Tool", "model": "x_tool"}]})
    )
    names = ok(
        api.call(
            "ir.model.fields",
            "search_read",
            {"domain": [["model_id", "=", model_id], ["state", "=", "manual"]], "fields": ["name"]},
        )
    )
    assert [row["name"] for row in names] == ["x_name"]
    message = refused(
        api.call("x_tool", "search_read", {"fields": ["x_name"]}),
        403,
        "odoo.exceptions.AccessError",
    )
    assert message == (
        "You are not allowed to access 'Tool' (x_tool) records.\n\nNo group currently allows "
        "this operation.\n\nContact your administrator to request access if necessary."
    )
    line = {"name": "x_tool all", "model_id": model_id, "perm_read": True, "perm_create": True}
    ok(api.call("ir.model.access", "create", {"vals_list": [line]}))
    ok(api.call("x_tool", "create", {"vals_list": [{"x_name": "hammer"}]}))
    rows = ok(api.call("x_tool", "search_read", {"fields": ["x_name", "display_name"]}))
    assert [(r["x_name"], r["display_name"]) for r in rows] == [("hammer", "hammer")]


FIELD_TYPES: list[tuple[str, dict[str, Any], Any]] = [
    ("char", {}, "blue"),
    ("text", {}, "long\ntext"),
    ("html", {}, "<p>hi</p>"),
    ("integer", {}, 7),
    ("float", {}, 2.5),
    ("monetary", {}, 9.75),
    ("boolean", {}, True),
    ("date", {}, "2026-12-07"),
    ("datetime", {}, "2026-12-07 10:30:00"),
    ("selection", {"selection_ids": [[0, 0, {"value": "a", "name": "A"}]]}, "a"),
    ("many2one", {"relation": "res.partner"}, None),
    ("binary", {}, "aGVsbG8="),
]


def test_fields_of_every_type_are_columns_read_and_written(api: Api) -> None:
    """Each field type gets its column at once: written, read, searched, grouped."""
    model_id = make_model(api, "x_box", "Box")
    partner = ok(api.call("res.partner", "search", {"domain": [], "limit": 1}))[0]
    # a monetary field needs a currency field (Odoo's fallback name on a custom model)
    add_field(api, model_id, name="x_currency_id", ttype="many2one", relation="res.currency")
    for ttype, extra, _value in FIELD_TYPES:
        add_field(api, model_id, name=f"x_{ttype}", ttype=ttype, field_description=ttype, **extra)
    values = {f"x_{t}": (partner if v is None else v) for t, _e, v in FIELD_TYPES}
    [record] = ok(api.call("x_box", "create", {"vals_list": [{"x_name": "one", **values}]}))
    [row] = ok(api.call("x_box", "read", {"ids": [record], "fields": list(values)}))
    assert row["x_many2one"][0] == partner
    assert {k: v for k, v in row.items() if k not in ("id", "x_many2one")} == {
        k: v for k, v in values.items() if k != "x_many2one"
    }
    described = ok(api.call("x_box", "fields_get", {"attributes": ["type", "manual", "selection"]}))
    assert described["x_selection"] == {
        "type": "selection",
        "manual": True,
        "selection": [["a", "A"]],
    }
    assert ok(api.call("x_box", "search", {"domain": [["x_integer", ">", 5]]})) == [record]
    groups = ok(
        api.call(
            "x_box",
            "read_group",
            {"domain": [], "groupby": ["x_selection"], "fields": ["x_float:sum"]},
        )
    )
    assert [(g["x_selection"], g["x_float"]) for g in groups] == [("a", 2.5)]


def test_relations_between_custom_and_base_models(api: Api) -> None:
    """A one2many on res.partner through a custom many2one, a many2many named as Odoo names it."""
    model_id = make_model(api, "x_pet", "Pet")
    add_field(api, model_id, name="x_owner", ttype="many2one", relation="res.partner")
    [partner_model] = ok(
        api.call("ir.model", "search", {"domain": [["model", "=", "res.partner"]]})
    )
    add_field(
        api,
        partner_model,
        name="x_pets",
        ttype="one2many",
        relation="x_pet",
        relation_field="x_owner",
    )
    tags = add_field(api, model_id, name="x_friends", ttype="many2many", relation="res.partner")
    [names] = ok(
        api.call(
            "ir.model.fields",
            "read",
            {"ids": [tags], "fields": ["relation_table", "column1", "column2"]},
        )
    )
    assert (names["relation_table"], names["column1"], names["column2"]) == (
        "x_res_partner_x_pet_rel",
        "x_pet_id",
        "res_partner_id",
    )
    partner = ok(api.call("res.partner", "create", {"vals_list": [{"name": "Owner"}]}))[0]
    ok(
        api.call(
            "x_pet",
            "create",
            {
                "vals_list": [
                    {"x_name": "Rex", "x_owner": partner, "x_friends": [[6, 0, [partner]]]}
                ]
            },
        )
    )
    [row] = ok(api.call("res.partner", "read", {"ids": [partner], "fields": ["x_pets"]}))
    assert len(row["x_pets"]) == 1
    owner = ok(
        api.call(
            "ir.model.fields",
            "search",
            {"domain": [["model", "=", "x_pet"], ["name", "=", "x_owner"]]},
        )
    )
    message = refused(
        api.call("ir.model.fields", "unlink", {"ids": owner}), 422, "odoo.exceptions.UserError"
    )
    assert message == (
        "The field 'x_pet.x_owner' cannot be removed because the field 'res.partner.x_pets' "
        "depends on it."
    )


@pytest.mark.parametrize(
    ("model", "vals", "name", "message"),
    [
        (
            "ir.model",
            {"name": "Bad", "model": "rt_bad"},
            "odoo.exceptions.ValidationError",
            "The model name must start with 'x_'.",
        ),
        (
            "ir.model",
            {"name": "Bad", "model": "x_rt Bad"},
            "odoo.exceptions.ValidationError",
            "The model name can only contain lowercase characters, digits, underscores and dots.",
        ),
        (
            "ir.model.fields",
            {"name": "color", "ttype": "char"},
            "odoo.exceptions.ValidationError",
            "The operation cannot be completed: Custom fields must have a name that starts with 'x_'!",
        ),
        (
            "ir.model.fields",
            {"name": "x_a b", "ttype": "char"},
            "odoo.exceptions.ValidationError",
            "Field names can only contain characters, digits and underscores (up to 63).",
        ),
        (
            "ir.model.fields",
            {"name": "x_p", "ttype": "many2one", "relation": "x_nope"},
            "odoo.exceptions.ValidationError",
            "Unknown model name 'x_nope' in Related Model",
        ),
        (
            "ir.model.fields",
            {
                "name": "x_o",
                "ttype": "one2many",
                "relation": "res.partner",
                "relation_field": "x_nope",
            },
            "odoo.exceptions.UserError",
            "Many2one x_nope on model res.partner does not exist!",
        ),
    ],
)
def test_odoo_rules_refuse_bad_names_and_relations(
    api: Api, model: str, vals: dict[str, Any], name: str, message: str
) -> None:
    """Odoo's checks, with its messages."""
    if model == "ir.model.fields":
        [partner_model] = ok(
            api.call("ir.model", "search", {"domain": [["model", "=", "res.partner"]]})
        )
        vals = {"model_id": partner_model, **vals}
    assert refused(api.call(model, "create", {"vals_list": [vals]}), 422, name) == message


def test_rename_and_relabel_keep_values_and_type_changes_are_refused(api: Api) -> None:
    """A custom field may be renamed (its values stay) and relabelled; its type
    and model never change; a base field keeps its properties."""
    model_id = make_model(api, "x_jar", "Jar")
    field = add_field(api, model_id, name="x_color", ttype="char", field_description="Color")
    ok(api.call("x_jar", "create", {"vals_list": [{"x_name": "j", "x_color": "red"}]}))
    assert (
        refused(
            api.call("ir.model.fields", "write", {"ids": [field], "vals": {"ttype": "integer"}}),
            422,
            "odoo.exceptions.UserError",
        )
        == "Changing the type of a field is not yet supported. Please drop it and create it again!"
    )
    assert (
        refused(
            api.call("ir.model.fields", "write", {"ids": [field], "vals": {"model_id": 1}}),
            422,
            "odoo.exceptions.UserError",
        )
        == "Changing the model of a field is forbidden!"
    )
    ok(
        api.call(
            "ir.model.fields",
            "write",
            {"ids": [field], "vals": {"name": "x_colour", "field_description": "Colour"}},
        )
    )
    assert ok(api.call("x_jar", "search_read", {"fields": ["x_colour"]}))[0]["x_colour"] == "red"
    described = ok(
        api.call("x_jar", "fields_get", {"allfields": ["x_colour"], "attributes": ["string"]})
    )
    assert described == {"x_colour": {"string": "Colour"}}
    assert refused(
        api.call("ir.model.fields", "write", {"ids": [1], "vals": {"required": True}}),
        422,
        "odoo.exceptions.UserError",
    ).startswith("Properties of base fields cannot be altered in this manner!")
    assert (
        refused(
            api.call("ir.model.fields", "unlink", {"ids": [1]}), 422, "odoo.exceptions.UserError"
        )
        == "This column contains module data and cannot be removed!"
    )


def test_unlinking_a_field_and_a_model_drops_them(api: Api) -> None:
    """Deleting a custom field drops its column; deleting the model drops its table."""
    model_id = make_model(api, "x_cup", "Cup")
    field = add_field(api, model_id, name="x_size", ttype="integer")
    ok(api.call("x_cup", "create", {"vals_list": [{"x_name": "c", "x_size": 3}]}))
    ok(api.call("ir.model.fields", "unlink", {"ids": [field]}))
    assert "x_size" not in ok(api.call("x_cup", "fields_get", {"attributes": ["type"]}))
    assert ok(api.call("x_cup", "search_read", {"fields": ["x_name"]}))[0]["x_name"] == "c"
    # made again: the column was dropped, so it comes back empty
    add_field(api, model_id, name="x_size", ttype="integer")
    assert ok(api.call("x_cup", "search_read", {"fields": ["x_size"]}))[0]["x_size"] == 0
    ok(api.call("ir.model", "unlink", {"ids": [model_id]}))
    message = refused(
        api.call("x_cup", "search_read", {"fields": ["x_name"]}),
        404,
        "werkzeug.exceptions.NotFound",
    )
    assert message == "the model 'x_cup' does not exist"
    # and made again from nothing
    make_model(api, "x_cup", "Cup")
    assert ok(api.call("x_cup", "search_read", {"fields": ["x_name"]})) == []


def test_a_read_reads_the_registry_stamp_in_the_key_lookup(api: Api, statements: list[str]) -> None:
    """The hot path pays nothing for the check: a JSON-2 read sends no statement
    of its own for the registry's stamp (the API-key lookup reads it along)."""
    body = {"domain": [], "fields": ["name"], "limit": 1}
    ok(api.call("res.partner", "search_read", body))
    statements.clear()
    ok(api.call("res.partner", "search_read", body))
    stamps = [sql for sql in statements if "ir_config_parameter" in sql]
    assert len(stamps) == 1 and "res_users_apikeys" in stamps[0]
    assert len(statements) == 2  # the key lookup, the read


def test_a_monetary_field_loads_once_its_model_has_a_currency_field(api: Api) -> None:
    """As in Odoo 19: a monetary field without a currency field on a model with
    neither currency_id nor x_currency_id is kept as a row but not loaded; it
    appears once x_currency_id exists; a named currency field must be a
    many2one to res.currency; on res.company it uses currency_id."""
    model_id = make_model(api, "x_till", "Till")
    add_field(api, model_id, name="x_total", ttype="monetary")
    assert "x_total" not in ok(api.call("x_till", "fields_get", {"attributes": ["type"]}))
    message = refused(
        api.call("x_till", "search_read", {"fields": ["x_total"]}), 500, "builtins.ValueError"
    )
    assert message == "Invalid field 'x_total' on 'x_till'"
    for currency, expected in [
        ("x_nope", "Unknown field specified \u201cx_nope\u201d in currency_field"),
        ("x_name", "Currency field does not have type many2one"),
    ]:
        vals = {"model_id": model_id, "name": "x_other", "ttype": "monetary"}
        response = api.call(
            "ir.model.fields", "create", {"vals_list": [{**vals, "currency_field": currency}]}
        )
        assert refused(response, 422, "odoo.exceptions.ValidationError") == expected
    add_field(api, model_id, name="x_currency_id", ttype="many2one", relation="res.currency")
    described = ok(api.call("x_till", "fields_get", {"attributes": ["currency_field"]}))
    assert described["x_total"] == {"currency_field": "x_currency_id"}
    [company_model] = ok(
        api.call("ir.model", "search", {"domain": [["model", "=", "res.company"]]})
    )
    add_field(api, company_model, name="x_budget", ttype="monetary")
    described = ok(
        api.call(
            "res.company",
            "fields_get",
            {"allfields": ["x_budget"], "attributes": ["currency_field"]},
        )
    )
    assert described == {"x_budget": {"currency_field": "currency_id"}}


def test_a_many2many_to_its_own_model_uses_id1_and_id2(api: Api) -> None:
    """Odoo names a same-model many2many's columns id1 and id2."""
    model_id = make_model(api, "x_node", "Node")
    links = add_field(api, model_id, name="x_links", ttype="many2many", relation="x_node")
    [names] = ok(
        api.call(
            "ir.model.fields",
            "read",
            {"ids": [links], "fields": ["relation_table", "column1", "column2"]},
        )
    )
    assert (names["relation_table"], names["column1"], names["column2"]) == (
        "x_x_node_x_node_rel",
        "id1",
        "id2",
    )
    [a, b] = ok(api.call("x_node", "create", {"vals_list": [{"x_name": "a"}, {"x_name": "b"}]}))
    ok(api.call("x_node", "write", {"ids": [a], "vals": {"x_links": [[6, 0, [b]]]}}))
    [row] = ok(api.call("x_node", "read", {"ids": [a], "fields": ["x_links"]}))
    assert row["x_links"] == [b]


def test_a_base_field_takes_its_label_and_help_only(api: Api) -> None:
    """Any other property of a field the code declares, even state, is refused
    with Odoo's message, before the checks of custom fields."""
    [base] = ok(
        api.call(
            "ir.model.fields",
            "search",
            {"domain": [["model", "=", "res.partner"], ["name", "=", "email"]]},
        )
    )
    ok(api.call("ir.model.fields", "write", {"ids": [base], "vals": {"help": "Mail"}}))
    for vals in ({"ttype": "text"}, {"state": "manual"}, {"field_description": "E", "index": True}):
        assert refused(
            api.call("ir.model.fields", "write", {"ids": [base], "vals": vals}),
            422,
            "odoo.exceptions.UserError",
        ).startswith("Properties of base fields cannot be altered in this manner!")


def test_domains_and_grouping_on_custom_fields(api: Api) -> None:
    """Dotted domains through a custom many2one (and back through a custom
    one2many of res.partner), grouping by a custom selection and many2one with
    custom float and monetary aggregates, in read_group and formatted_read_group."""
    model_id = make_model(api, "x_crate", "Crate")
    add_field(api, model_id, name="x_currency_id", ttype="many2one", relation="res.currency")
    add_field(api, model_id, name="x_owner", ttype="many2one", relation="res.partner")
    selection = [[0, 0, {"value": "s", "name": "Small"}], [0, 0, {"value": "l", "name": "Large"}]]
    add_field(api, model_id, name="x_size", ttype="selection", selection_ids=selection)
    add_field(api, model_id, name="x_weight", ttype="float")
    add_field(api, model_id, name="x_price", ttype="monetary")
    [partner_model] = ok(
        api.call("ir.model", "search", {"domain": [["model", "=", "res.partner"]]})
    )
    add_field(
        api,
        partner_model,
        name="x_crates",
        ttype="one2many",
        relation="x_crate",
        relation_field="x_owner",
    )
    [owner] = ok(api.call("res.partner", "create", {"vals_list": [{"name": "Crate owner"}]}))
    rows = [
        {"x_name": "a", "x_owner": owner, "x_size": "s", "x_weight": 1.5, "x_price": 10.25},
        {"x_name": "b", "x_owner": owner, "x_size": "l", "x_weight": 2.0, "x_price": 4.75},
        {"x_name": "c", "x_size": "s", "x_weight": 0.5, "x_price": 1.0},
    ]
    ok(api.call("x_crate", "create", {"vals_list": rows}))

    def names(domain: list[Any]) -> list[str]:
        found = ok(api.call("x_crate", "search_read", {"domain": domain, "fields": ["x_name"]}))
        return sorted(row["x_name"] for row in found)

    assert names([["x_owner.name", "=", "Crate owner"]]) == ["a", "b"]
    assert names(["|", ["x_owner.name", "ilike", "crate"], ["x_price", "<", 2]]) == ["a", "b", "c"]
    assert names([["x_owner", "=", False], ["x_size", "=", "s"]]) == ["c"]
    partners = ok(api.call("res.partner", "search", {"domain": [["x_crates.x_size", "=", "l"]]}))
    assert partners == [owner]

    groups = ok(
        api.call(
            "x_crate",
            "read_group",
            {"domain": [], "groupby": ["x_size"], "fields": ["x_weight:sum", "x_price:sum"]},
        )
    )
    assert [(g["x_size"], g["x_size_count"], g["x_weight"], g["x_price"]) for g in groups] == [
        ("l", 1, 2.0, 4.75),
        ("s", 2, 2.0, 11.25),
    ]
    body = {
        "domain": [],
        "groupby": ["x_owner"],
        "aggregates": ["x_weight:avg", "x_price:max", "__count"],
        "order": "x_owner",
    }
    groups = ok(api.call("x_crate", "formatted_read_group", body))
    assert [(g["x_owner"], g["x_weight:avg"], g["x_price:max"], g["__count"]) for g in groups] == [
        ([owner, "Crate owner"], 1.75, 10.25, 2),
        (False, 0.5, 1.0, 1),
    ]


def test_a_new_model_counts_its_rows_from_the_start(api: Api, registry: Registry) -> None:
    """A model made at run time gets its row count's triggers with its table
    (jsontwo.orm.row_counts): search_count [] reads the kept count, right
    after creates and unlinks."""
    model_id = make_model(api, "x_counted", "Counted")
    add_field(api, model_id, name="x_size", ttype="integer")
    ids = ok(
        api.call("x_counted", "create", {"vals_list": [{"x_name": f"c{i}"} for i in range(3)]})
    )
    ok(api.call("x_counted", "unlink", {"ids": ids[:1]}))
    assert ok(api.call("x_counted", "search_count", {"domain": []})) == 2
    with registry.database.transaction() as cr:
        kept = cr.execute(
            f"SELECT sum(total) FROM {row_counts.COUNTS_TABLE} WHERE tbl = 'x_counted'"
        )
    assert kept == [(2,)]
