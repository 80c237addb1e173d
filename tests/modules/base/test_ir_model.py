"""ir.model, ir.model.fields, ir.model.fields.selection: the registry reflected into
tables, read over JSON-2 like any model, kept in line with the code by
``reflect_models`` whenever a server opens a database (docs/internals/orm-behaviour.md,
"Core models")."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from jsontwo.db import Storage
from jsontwo.modules.base.models.ir_model_reflect import reflect_models
from jsontwo.orm import Environment, Registry
from jsontwo.service import create_database
from jsontwo.service.databases import with_superuser
from tests.conftest import Api, new_db_name
from tests.modules.base.test_methods_api import error, ok

VALIDATION_ERROR = "odoo.exceptions.ValidationError"
USER_ERROR = "odoo.exceptions.UserError"
MODULE_DATA = "This column contains module data and cannot be removed!"
BASE_PROPERTIES = (
    "Properties of base fields cannot be altered in this manner! Please modify them "
    "through Python code, preferably through a custom addon!"
)
FIELD_KEYS = [
    "name",
    "model",
    "ttype",
    "field_description",
    "relation",
    "relation_field",
    "relation_table",
    "column1",
    "column2",
    "required",
    "readonly",
    "store",
    "index",
    "copied",
    "related",
    "compute",
    "depends",
    "on_delete",
    "domain",
    "translate",
    "state",
]


@pytest.fixture(scope="module", autouse=True)
def reflected(registry: Registry) -> None:
    """The tables as a server opening the database leaves them (the base module's
    upgrade reflects the models too: doing it again changes nothing)."""
    with_superuser(registry, reflect_models)


def model_row(api: Api, model: str, fields: list[str]) -> dict[str, Any]:
    rows = ok(api, "ir.model", "search_read", {"domain": [["model", "=", model]], "fields": fields})
    assert len(rows) == 1, rows
    return dict(rows[0])


def field_rows(api: Api, model: str, names: list[str]) -> dict[str, dict[str, Any]]:
    domain = [["model", "=", model], ["name", "in", names]]
    rows = ok(api, "ir.model.fields", "search_read", {"domain": domain, "fields": FIELD_KEYS})
    return {row["name"]: row for row in rows}


def picked(row: dict[str, Any], keys: str) -> dict[str, Any]:
    return {key: row[key] for key in keys.split()}


def snapshot(env: Environment) -> dict[str, list[tuple[Any, ...]]]:
    """Every reflected row and external id, in a comparable form."""
    queries = {
        "models": 'SELECT id, model, name, "order", info FROM "ir_model" ORDER BY id',
        "fields": 'SELECT id, model, name, model_id, ttype, store FROM "ir_model_fields" ORDER BY id',
        "options": 'SELECT id, field_id, value, name, sequence FROM "ir_model_fields_selection" ORDER BY id',
        "xmlids": 'SELECT id, module, name, res_id FROM "ir_model_data" '
        "WHERE model IN ('ir.model', 'ir.model.fields') ORDER BY id",
    }
    return {key: [tuple(row) for row in env.cr.execute(sql)] for key, sql in queries.items()}


# --- ir.model ----------------------------------------------------------------------
def test_a_model_is_described(api: Api) -> None:
    row = model_row(
        api,
        "res.partner",
        ["name", "model", "order", "info", "state", "transient", "abstract", "modules"],
    )
    assert {k: v for k, v in row.items() if k != "id"} == {
        "name": "Contact",
        "model": "res.partner",
        "order": "complete_name ASC, id DESC",
        "info": "A contact: a company, or a person (possibly working for a company).",
        "state": "base",
        "transient": False,
        "abstract": False,
        "modules": "account, base, mail",  # account adds its ranks, mail a chatter
    }
    # every model of the registry has its row, in the model order
    names = [r["model"] for r in ok(api, "ir.model", "search_read", {"fields": ["model"]})]
    assert names == sorted(names)
    assert {"ir.model", "ir.model.fields", "ir.model.fields.selection", "res.users"} <= set(names)


def test_reflected_rows_have_no_author_nor_date(api: Api) -> None:
    """As in Odoo, whose registry writes them directly: the rows describing the code
    were created and written by no user, at no time."""
    log = ["create_uid", "create_date", "write_uid", "write_date"]
    model = model_row(api, "res.partner", log)
    domain = [["model", "=", "res.partner"], ["name", "=", "type"]]
    fields = ok(api, "ir.model.fields", "search_read", {"domain": domain, "fields": log})
    option = ok(
        api,
        "ir.model.fields.selection",
        "search_read",
        {"domain": [["field_id", "=", fields[0]["id"]]], "fields": log, "limit": 1},
    )
    assert option
    for row in (model, *fields, *option):
        assert {name: row[name] for name in log} == dict.fromkeys(log, False)


def test_the_count_is_every_record_of_the_model(api: Api) -> None:
    every = {"context": {"active_test": False}}
    partners = ok(api, "res.partner", "search_count", {"domain": [], **every})
    languages = ok(api, "res.lang", "search_count", {"domain": [], **every})
    rows = ok(
        api,
        "ir.model",
        "search_read",
        {"domain": [["model", "in", ["res.partner", "res.lang"]]], "fields": ["model", "count"]},
    )
    # archived partners and inactive languages count too
    assert {r["model"]: r["count"] for r in rows} == {
        "res.partner": partners,
        "res.lang": languages,
    }
    assert partners > ok(api, "res.partner", "search_count", {"domain": []})


def test_a_model_lists_its_fields(api: Api) -> None:
    [row] = ok(
        api,
        "ir.model",
        "search_read",
        {"domain": [["model", "=", "res.country.state"]], "fields": ["field_id"]},
    )
    names = ok(api, "ir.model.fields", "read", {"ids": row["field_id"], "fields": ["name"]})
    assert sorted(r["name"] for r in names) == sorted(
        [
            "id",
            "display_name",
            "create_uid",
            "create_date",
            "write_uid",
            "write_date",
            "name",
            "code",
            "country_id",
        ]
    )


def test_name_search_finds_models_by_description_and_by_name(api: Api) -> None:
    by_description = ok(api, "ir.model", "name_search", {"name": "Contact", "limit": 20})
    assert "Contact" in [name for _id, name in by_description]
    [(model_id, label)] = ok(api, "ir.model", "name_search", {"name": "res.partner.industry"})
    assert label == "Industry"
    assert model_row(api, "res.partner.industry", ["name"])["id"] == model_id


def test_fields_get_describes_the_reflection_models(api: Api) -> None:
    described = ok(api, "ir.model", "fields_get", {"attributes": ["type", "relation", "store"]})
    assert described["field_id"] == {
        "type": "one2many",
        "relation": "ir.model.fields",
        "store": True,
    }
    assert described["count"] == {"type": "integer", "store": False}
    assert described["access_ids"]["relation"] == "ir.model.access"
    assert described["rule_ids"]["relation"] == "ir.rule"
    fields = ok(api, "ir.model.fields", "fields_get", {"attributes": ["type", "selection"]})
    types = {key for key, _label in fields["ttype"]["selection"]}
    assert {"char", "many2one", "one2many", "many2many", "selection", "properties"} <= types
    assert fields["model_id"]["type"] == "many2one"


def test_internal_python_helpers(registry: Registry) -> None:
    def work(env: Environment) -> Any:
        models = env["ir.model"]
        partner = models._get("res.partner")
        with pytest.raises(ValueError, match=r"no\.such\.model"):
            models._get_id("no.such.model")
        model_record = env.ref("base.model_res_partner")
        name_field = env.ref("base.field_res_partner__name")
        login_field = env.ref("base.field_res_users__login")
        assert model_record is not None and name_field is not None and login_field is not None
        return (
            models._get_id("res.partner"),
            partner.model,
            model_record.id,
            name_field.model_id.model,
            login_field.name,
        )

    model_id, model, by_xmlid, field_model, login = with_superuser(registry, work)
    assert (model, by_xmlid, field_model, login) == (
        "res.partner",
        model_id,
        "res.partner",
        "login",
    )


# --- ir.model.fields -----------------------------------------------------------------
def test_fields_of_every_kind(api: Api) -> None:
    names = [
        "name",
        "complete_name",
        "country_id",
        "child_ids",
        "category_id",
        "contact_address",
        "country_code",
        "comment",
        "partner_latitude",
        "image_1920",
        "properties",
        "id",
        "create_uid",
    ]
    rows = field_rows(api, "res.partner", names)
    assert set(rows) == set(names)
    assert picked(rows["name"], "ttype field_description store required readonly index") == {
        "ttype": "char",
        "field_description": "Name",
        "store": True,
        "required": False,
        "readonly": False,
        "index": True,
    }
    assert picked(rows["country_id"], "ttype relation on_delete field_description") == {
        "ttype": "many2one",
        "relation": "res.country",
        "on_delete": "restrict",
        "field_description": "Country",
    }
    assert picked(rows["child_ids"], "ttype relation relation_field copied domain") == {
        "ttype": "one2many",
        "relation": "res.partner",
        "relation_field": "parent_id",
        "copied": False,
        "domain": False,  # Odoo keeps no domain for the fields of the code
    }
    assert picked(rows["category_id"], "ttype relation relation_table column1 column2") == {
        "ttype": "many2many",
        "relation": "res.partner.category",
        "relation_table": "res_partner_res_partner_category_rel",
        "column1": "partner_id",
        "column2": "category_id",
    }
    # computed: not stored unless asked, read-only without an inverse
    assert picked(rows["contact_address"], "store readonly compute copied") == {
        "store": False,
        "readonly": True,
        "compute": "_compute_contact_address",
        "copied": False,
    }
    assert picked(rows["complete_name"], "store compute") == {
        "store": True,
        "compute": "_compute_complete_name",
    }
    assert picked(rows["country_code"], "ttype store readonly related depends") == {
        "ttype": "char",
        "store": False,
        "readonly": True,
        "related": "country_id.code",
        "depends": "country_id.code",
    }
    kinds = {name: rows[name]["ttype"] for name in ("comment", "partner_latitude", "image_1920")}
    assert kinds == {"comment": "html", "partner_latitude": "float", "image_1920": "binary"}
    assert rows["properties"]["ttype"] == "properties"
    # the magic fields are there, as in Odoo
    assert picked(rows["id"], "ttype readonly store") == {
        "ttype": "integer",
        "readonly": True,
        "store": True,
    }
    assert picked(rows["create_uid"], "ttype relation") == {
        "ttype": "many2one",
        "relation": "res.users",
    }
    # non-relational fields have no link attributes
    empty = "relation relation_field relation_table column1 column2 on_delete related compute"
    assert set(picked(rows["name"], empty).values()) == {False}
    assert (rows["name"]["domain"], rows["name"]["state"]) == (False, "base")
    assert rows["name"]["translate"] is False


def test_a_translatable_field(api: Api) -> None:
    rows = field_rows(api, "res.partner.category", ["name", "color"])
    assert (rows["name"]["translate"], rows["color"]["translate"]) == ("standard", False)


def test_fields_of_an_inherits_parent(api: Api) -> None:
    rows = field_rows(api, "res.users", ["name", "login", "partner_id"])
    assert picked(rows["name"], "ttype store related") == {
        "ttype": "char",
        "store": False,
        "related": "partner_id.name",
    }
    assert picked(rows["login"], "store required") == {"store": True, "required": True}
    assert picked(rows["partner_id"], "relation on_delete required") == {
        "relation": "res.partner",
        "on_delete": "restrict",
        "required": True,
    }


def test_selection_options_of_a_fixed_list(api: Api) -> None:
    rows = field_rows(api, "res.partner", ["type", "lang"])
    assert (rows["type"]["ttype"], rows["lang"]["ttype"]) == ("selection", "selection")
    [full] = ok(
        api, "ir.model.fields", "read", {"ids": [rows["type"]["id"]], "fields": ["selection_ids"]}
    )
    options = ok(
        api,
        "ir.model.fields.selection",
        "search_read",
        {"domain": [["field_id", "=", rows["type"]["id"]]], "fields": ["value", "name"]},
    )
    assert [(o["value"], o["name"]) for o in options] == [
        ("contact", "Contact"),
        ("invoice", "Invoice"),
        ("delivery", "Delivery"),
        ("other", "Other"),
    ]
    assert full["selection_ids"] == [o["id"] for o in options]
    # a selection given by a method (the active languages) has no fixed options
    lang_options = {"domain": [["field_id", "=", rows["lang"]["id"]]]}
    assert ok(api, "ir.model.fields.selection", "search_count", lang_options) == 0


def test_a_field_is_named_with_its_model(api: Api) -> None:
    type_id = field_rows(api, "res.partner", ["type"])["type"]["id"]
    [option] = ok(
        api,
        "ir.model.fields.selection",
        "search_read",
        {"domain": [["field_id", "=", type_id], ["value", "=", "other"]], "fields": ["field_id"]},
    )
    assert option["field_id"] == [type_id, "Address Type (Contact)"]
    found = ok(
        api,
        "ir.model.fields",
        "name_search",
        {"name": "Address Type", "operator": "=", "domain": [["model", "=", "res.partner"]]},
    )
    assert found == [[type_id, "Address Type (Contact)"]]
    body = {"ids": [type_id], "fields": ["display_name"], "context": {"hide_model": True}}
    assert ok(api, "ir.model.fields", "read", body)[0]["display_name"] == "Address Type"


def test_internal_fields_are_not_reflected(api: Api) -> None:
    names = ok(
        api,
        "ir.model.fields",
        "search_read",
        {"domain": [["model", "=", "res.users.apikeys"]], "fields": ["name"]},
    )
    found = {row["name"] for row in names}
    assert {"name", "user_id", "scope", "expiration_date", "create_date"} <= found
    assert not found & {"key", "index"}


def test_domains_through_the_relations(api: Api) -> None:
    domain = [["model_id.model", "=", "res.partner"], ["ttype", "=", "many2many"]]
    rows = ok(api, "ir.model.fields", "search_read", {"domain": domain, "fields": ["name"]})
    assert [row["name"] for row in rows] == ["category_id", "message_partner_ids"]
    domain = [["field_id.name", "=", "login"]]
    assert [r["model"] for r in ok(api, "ir.model", "search_read", {"domain": domain})] == [
        "res.users"
    ]


# --- reflection ------------------------------------------------------------------------
def test_reflecting_again_changes_nothing(registry: Registry, statements: list[str]) -> None:
    before = with_superuser(registry, snapshot)
    statements.clear()
    with_superuser(registry, reflect_models)
    writes = [s for s in statements if not s.lstrip().upper().startswith("SELECT")]
    assert len(statements) >= 4 and writes == []  # one read per table, no write
    assert with_superuser(registry, snapshot) == before


@pytest.fixture
def scratch(storage: Storage) -> Iterator[Registry]:
    """A database of its own, for tests that damage the reflection."""
    name = new_db_name("irmodel")
    registry = create_database(storage, name)
    yield registry
    registry.database.dispose()
    storage.drop(name)


def test_reflecting_repairs_what_changed_behind_its_back(scratch: Registry) -> None:
    def damage(env: Environment) -> None:
        cr = env.cr
        cr.execute("DELETE FROM \"ir_model\" WHERE model = 'res.partner.industry'")
        as_json = "" if cr.dialect.is_sqlite else "::jsonb"  # a translated column
        cr.execute(
            f'UPDATE "ir_model_fields" SET field_description = %s{as_json}, store = %s '
            "WHERE model = 'res.partner' AND name = 'email'",
            ['{"en_US": "Wrong"}', False],
        )
        cr.execute(
            "DELETE FROM \"ir_model_fields_selection\" WHERE value = 'invoice' AND field_id IN "
            "(SELECT id FROM \"ir_model_fields\" WHERE model = 'res.partner' AND name = 'type')"
        )
        cr.execute("DELETE FROM \"ir_model_fields\" WHERE model = 'res.partner' AND name = 'phone'")
        # a row of a model the code no longer has (rows made at run time are
        # state manual: reflection keeps those); without field_id a new model
        # would start with the default field x_name
        ghost = env["ir.model"].create(
            {"name": "Ghost", "model": "x.ghost", "field_id": [], "state": "base"}
        )
        env["ir.model.fields"].create(
            {
                "name": "x_name",
                "model": "x.ghost",
                "model_id": ghost.id,
                "ttype": "char",
                "field_description": "Name",
                "state": "base",
            }
        )
        env["ir.model.data"]._declare("base.model_x_ghost", ghost)

    with_superuser(scratch, damage)

    def ghost_count(env: Environment) -> Any:
        return env["ir.model"].search([["model", "=", "x.ghost"]]).count

    assert with_superuser(scratch, ghost_count) == 0  # no table to count: zero
    with_superuser(scratch, reflect_models)

    def check(env: Environment) -> Any:
        fields = env["ir.model.fields"]
        email = fields.search([["model", "=", "res.partner"], ["name", "=", "email"]])
        phone = fields.search([["model", "=", "res.partner"], ["name", "=", "phone"]])
        industry = env["ir.model"]._get("res.partner.industry")
        type_field = fields.search([["model", "=", "res.partner"], ["name", "=", "type"]])
        industry_name = env.ref("base.field_res_partner_industry__name")
        assert industry_name is not None
        return (
            (email.field_description, email.store),
            len(phone),
            (industry.name, len(industry.field_id)),
            env.ref("base.model_res_partner_industry") == industry,
            industry_name.model_id == industry,
            [o.value for o in type_field.selection_ids],
            env["ir.model"].search_count([["model", "=", "x.ghost"]]),
            env["ir.model.fields"].search_count([["model", "=", "x.ghost"]]),
            env.ref("base.model_x_ghost", raise_if_not_found=False),
        )

    assert with_superuser(scratch, check) == (
        ("Email", True),
        1,
        ("Industry", 9),
        True,
        True,
        ["contact", "invoice", "delivery", "other"],
        0,
        0,
        None,
    )
    before = with_superuser(scratch, snapshot)
    with_superuser(scratch, reflect_models)
    assert with_superuser(scratch, snapshot) == before


# --- what describes the code stays over the API ----------------------------------------
@pytest.mark.parametrize(
    ("model", "method", "body", "name", "message"),
    [
        (
            "ir.model",
            "create",
            {"vals_list": {"name": "X", "model": "x.made"}},
            VALIDATION_ERROR,
            "The model name must start with 'x_'.",
        ),
        ("ir.model", "unlink", {"ids": "MODEL"}, USER_ERROR, MODULE_DATA),
        ("ir.model.fields", "unlink", {"ids": "FIELD"}, USER_ERROR, MODULE_DATA),
        (
            "ir.model.fields",
            "write",
            {"ids": "FIELD", "vals": {"required": True}},
            USER_ERROR,
            BASE_PROPERTIES,
        ),
    ],
)
def test_the_reflection_stays_as_the_code_says(
    api: Api, model: str, method: str, body: dict[str, Any], name: str, message: str
) -> None:
    """An administrator makes custom models and fields only: what describes the
    code is neither deleted nor changed, with Odoo's refusals."""
    partner = model_row(api, "res.partner", ["name"])["id"]
    email = field_rows(api, "res.partner", ["email"])["email"]["id"]
    ids = {"MODEL": [partner], "FIELD": [email]}
    sent = {
        key: ids.get(value, value) if isinstance(value, str) else value
        for key, value in body.items()
    }
    got = error(api, model, method, sent, 422)
    assert (got["name"], got["message"]) == (name, message)
    # and nothing changed
    assert model_row(api, "res.partner", ["name"])["name"] == "Contact"
    assert field_rows(api, "res.partner", ["email"])["email"]["field_description"] == "Email"


def test_modules_are_computed_from_the_registry(api: Api) -> None:
    """``modules`` of ir.model and ir.model.fields is computed, as in Odoo: the
    modules declaring (or extending) the model or field, neither stored nor
    searchable."""
    rows = field_rows(api, "res.partner", ["email", "id"])
    names = ok(
        api, "ir.model.fields", "read", {"ids": [rows["email"]["id"]], "fields": ["modules"]}
    )
    assert names == [{"id": rows["email"]["id"], "modules": "base"}]
    keys = ["store", "readonly", "searchable", "sortable", "groupable", "depends"]
    for model in ("ir.model", "ir.model.fields"):
        desc = ok(api, model, "fields_get", {"allfields": ["modules"], "attributes": keys})
        assert desc["modules"] == {
            "store": False,
            "readonly": True,
            "searchable": False,
            "sortable": False,
            "groupable": False,
            "depends": [],
        }


def test_copied_is_computed_and_stored(scratch: Registry) -> None:
    """``copied`` follows ttype, related and compute (as Odoo's compute: not for a
    one2many, a related or a computed field), is stored and may be written; the
    reflection keeps what each field of the code says."""

    def check(env: Environment) -> None:
        # rows as reflection writes them (state base): no custom model is made
        model = env["ir.model"].create(
            {"name": "Pets", "model": "x.pets", "field_id": [], "state": "base"}
        )
        field = env["ir.model.fields"].create(
            {
                "name": "x_name",
                "model": "x.pets",
                "model_id": model.id,
                "ttype": "char",
                "field_description": "N",
                "state": "base",
            }
        )
        assert field.copied is True
        field.write({"related": "x_other"})
        assert field.copied is False
        field.write({"copied": True})
        assert field.copied is True
        desc = env["ir.model.fields"].fields_get(["copied"])["copied"]
        assert desc["depends"] == ["ttype", "related", "compute"]
        assert desc["store"] is True and desc["readonly"] is False
        email = env["ir.model.fields"].search(
            [["model", "=", "res.partner"], ["name", "=", "email"]]
        )
        assert email.copied is True

    with_superuser(scratch, check)


def test_selection_sanitize_and_selectable_columns(api: Api) -> None:
    """Odoo's other columns: a selection's options as text, an html field's sanitizer
    options, whether a domain may name the field; a field of the code points to no
    relation or related field row."""
    names = ["type", "lang", "comment", "name", "country_code", "tz_offset"]
    columns = [
        "name",
        "selection",
        "selectable",
        "sanitize",
        "sanitize_overridable",
        "sanitize_form",
        "strip_style",
        "relation_field_id",
        "related_field_id",
        "groups",
        "group_expand",
    ]
    domain = [["model", "=", "res.partner"], ["name", "in", names]]
    rows = ok(api, "ir.model.fields", "search_read", {"domain": domain, "fields": columns})
    by_name = {row.pop("name"): row for row in rows}
    assert by_name["type"]["selection"] == (
        "[('contact', 'Contact'), ('invoice', 'Invoice'), ('delivery', 'Delivery'), "
        "('other', 'Other')]"
    )
    assert by_name["lang"]["selection"] == "[]"  # options given by a method
    assert by_name["name"]["selection"] is False
    assert picked(
        by_name["comment"], "sanitize sanitize_overridable sanitize_form strip_style"
    ) == {
        "sanitize": True,
        "sanitize_overridable": False,
        "sanitize_form": True,
        "strip_style": False,
    }
    assert by_name["name"]["sanitize"] is False  # not html
    selectable = {name: row["selectable"] for name, row in by_name.items()}
    assert selectable == {
        "type": True,
        "lang": True,
        "comment": True,
        "name": True,
        "country_code": True,  # related: searched through its path
        "tz_offset": False,  # computed, no search method
    }
    for row in by_name.values():
        assert picked(row, "relation_field_id related_field_id groups group_expand") == {
            "relation_field_id": False,
            "related_field_id": False,
            "groups": [],
            "group_expand": False,
        }
    sanitized = {"domain": [["model", "=", "res.partner"], ["sanitize", "=", True]]}
    found = ok(api, "ir.model.fields", "search_read", {**sanitized, "fields": ["ttype"]})
    assert found and {row["ttype"] for row in found} == {"html"}
