"""The OpenAPI 3.1 document of a database's JSON-2 API (docs/openapi.md): valid,
built from the models' fields and the methods' signatures, and cut to what the
caller may use."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
from openapi_spec_validator import OpenAPIV31SpecValidator

from jsontwo.db import Storage, open_storage
from jsontwo.exceptions import AccessError
from jsontwo.orm import Environment, Registry
from jsontwo.service import Databases, create_database
from jsontwo.service.apikeys import create_api_key
from jsontwo.service.databases import with_superuser
from jsontwo.service.openapi import openapi_document
from tests.conftest import new_db_name
from tests.http.test_api_doc import new_user

SERVER = "http://127.0.0.1:8069"
INTEGER, STRING, BOOLEAN, NULL = (
    {"type": kind} for kind in ("integer", "string", "boolean", "null")
)
#: a model a plain internal user may not read (only Settings may)
SETTINGS_ONLY = "ir.config_parameter"


@pytest.fixture(scope="module")
def databases(storage: Storage, registry: Registry) -> Databases:
    """The storage's databases, as a server serves them."""
    return Databases(storage)


def document(
    databases: Databases, registry: Registry, key: str, models: set[str] | None = None
) -> dict[str, Any]:
    answer = openapi_document(databases, registry.database.name, f"Bearer {key}", SERVER, models)
    parsed: dict[str, Any] = orjson.loads(answer.body)
    return parsed


@pytest.fixture(scope="module")
def full(databases: Databases, registry: Registry, admin_key: str) -> dict[str, Any]:
    """The admin's whole document."""
    return document(databases, registry, admin_key)


def operation(doc: dict[str, Any], model: str, method: str) -> dict[str, Any]:
    found: dict[str, Any] = doc["paths"][f"/json/2/{model}/{method}"]["post"]
    return found


def body_schema(op: dict[str, Any]) -> dict[str, Any]:
    schema: dict[str, Any] = op["requestBody"]["content"]["application/json"]["schema"]
    return schema


def answer_schema(op: dict[str, Any], status: str = "200") -> dict[str, Any]:
    schema: dict[str, Any] = op["responses"][status]["content"]["application/json"]["schema"]
    return schema


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def dangling_refs(doc: dict[str, Any]) -> set[str]:
    """The ``$ref`` of ``doc`` that name nothing in it."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            target = node.get("$ref")
            if isinstance(target, str):
                found.add(target)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(doc)
    missing = set()
    for target in found:
        node: Any = doc
        for part in target.removeprefix("#/").split("/"):
            node = node.get(part) if isinstance(node, dict) else None
        if node is None:
            missing.add(target)
    return missing


def test_the_whole_document_is_valid_openapi_3_1(tmp_path: Path) -> None:
    # on SQLite only: the document is the same on PostgreSQL (the next tests build it
    # there), and validating all of its 2 MB takes the validator some 10 s
    storage = open_storage(data_dir=tmp_path)
    name = new_db_name()
    registry = create_database(storage, name, demo=True)
    try:
        whole = document(Databases(storage), registry, create_api_key(registry, "admin", "t"))
    finally:
        registry.database.dispose()
    OpenAPIV31SpecValidator(whole).validate()  # raises on the first error
    assert dangling_refs(whole) == set()
    assert len(whole["paths"]) > 1000


def test_the_document_lists_the_public_methods(full: dict[str, Any]) -> None:
    assert dangling_refs(full) == set()
    assert full["openapi"] == "3.1.0"
    assert full["info"]["version"].startswith("19.0")
    assert full["servers"] == [{"url": SERVER}]
    # every public method of every model the admin reads is there, once
    assert {"/json/2/res.partner/search_read", "/json/2/res.users/write"} <= set(full["paths"])
    assert "/json/2/res.partner/browse" not in full["paths"]  # not callable over JSON-2
    ids = [op["post"]["operationId"] for op in full["paths"].values()]
    assert len(ids) == len(set(ids))


def test_security_database_header_and_errors(full: dict[str, Any]) -> None:
    components = full["components"]
    assert full["security"] == [{"bearer": []}]
    assert components["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert components["parameters"]["Database"]["name"] == "X-Odoo-Database"
    error = components["schemas"]["Error"]
    assert error["required"] == ["name", "message", "arguments", "context", "debug"]
    op = operation(full, "res.partner", "write")
    assert op["parameters"] == [{"$ref": "#/components/parameters/Database"}]
    statuses = set(op["responses"])
    assert {"200", "400", "401", "403", "404", "422", "500"} <= statuses
    for status in statuses - {"200"}:
        response = components["responses"][op["responses"][status]["$ref"].rpartition("/")[2]]
        assert response["content"]["application/json"]["schema"] == ref("Error")


def test_method_parameters_become_the_request_body(full: dict[str, Any]) -> None:
    search_read = body_schema(operation(full, "res.partner", "search_read"))
    props = search_read["properties"]
    assert props["domain"] == {"anyOf": [ref("Domain"), {"type": "null"}], "default": None}
    fields = props["fields"]["anyOf"][0]
    assert fields == {"type": "array", "items": ref("res.partner.FieldName")}
    assert props["offset"] == {"type": "integer", "default": 0}
    assert props["limit"] == {"anyOf": [INTEGER, NULL], "default": None}
    assert props["context"] == ref("Context")
    assert "required" not in search_read  # every argument has a default
    assert "additionalProperties" not in search_read  # **read_kwargs: more are taken
    answer = answer_schema(operation(full, "res.partner", "search_read"))
    assert answer == {"type": "array", "items": ref("res.partner.Record")}
    # a method on records takes ids; an @api.model one does not
    write = body_schema(operation(full, "res.partner", "write"))
    assert write["properties"]["ids"] == ref("Ids")
    assert write["properties"]["vals"] == ref("res.partner.Values")
    assert write["required"] == ["vals"] and write["additionalProperties"] is False
    assert operation(full, "res.partner", "write")["requestBody"]["required"] is True
    search = body_schema(operation(full, "res.partner", "search"))
    assert "ids" not in search["properties"] and search["required"] == ["domain"]
    create = body_schema(operation(full, "res.partner", "create"))["properties"]["vals_list"]
    values = ref("res.partner.Values")
    assert create == {"anyOf": [values, {"type": "array", "items": values}]}
    assert answer_schema(operation(full, "res.partner", "create")) == {
        "type": "array",
        "items": {"type": "integer"},
    }
    name_search = answer_schema(operation(full, "res.partner", "name_search"))
    assert name_search["items"]["items"] == {"anyOf": [INTEGER, STRING, BOOLEAN]}


def test_record_and_values_schemas_follow_the_fields(full: dict[str, Any]) -> None:
    schemas = full["components"]["schemas"]
    record = schemas["res.partner.Record"]["properties"]
    values = schemas["res.partner.Values"]["properties"]
    assert record["name"]["anyOf"] == [STRING, BOOLEAN] and record["name"]["title"] == "Name"
    # a many2one reads as [id, name], is written as an id
    assert record["country_id"]["anyOf"][0]["minItems"] == 2
    assert values["country_id"]["anyOf"] == [INTEGER, BOOLEAN]
    # an x2many reads as ids, is written as commands
    assert record["category_id"] == {
        "type": "array",
        "items": {"type": "integer"},
        **_label(record["category_id"]),
    }
    assert values["category_id"]["items"] == {"anyOf": [ref("Command"), INTEGER]}
    assert {"enum": ["contact", "invoice", "delivery", "other"]} in record["type"]["anyOf"]
    assert record["write_date"]["readOnly"] is True
    assert record["write_date"]["anyOf"][0]["pattern"].startswith("^\\d{4}")
    assert record["image_1920"]["anyOf"][0]["contentEncoding"] == "base64"
    assert record["active"]["type"] == "boolean" and record["color"]["type"] == "integer"
    # what the ORM writes itself, or the fields that are read-only, are no values to send
    assert not {"id", "write_date", "display_name", "commercial_partner_id"} & set(values)
    assert schemas["res.partner.Values"]["additionalProperties"] is False
    assert "name" in schemas["res.partner.FieldName"]["enum"]
    # the languages are a list worked out when asked: any text may be read back
    assert record["lang"]["anyOf"] == [STRING, BOOLEAN] and "en_US" in record["lang"]["examples"]


def _label(schema: dict[str, Any]) -> dict[str, Any]:
    return {key: schema[key] for key in ("title", "description") if key in schema}


def test_a_user_sees_only_what_they_may_read(
    databases: Databases, registry: Registry, full: dict[str, Any]
) -> None:
    key = new_user(registry, doc_group=True)
    mine = document(databases, registry, key)
    assert f"/json/2/{SETTINGS_ONLY}/search_read" in full["paths"]
    assert f"{SETTINGS_ONLY}.Record" in full["components"]["schemas"]
    assert not [path for path in mine["paths"] if path.startswith(f"/json/2/{SETTINGS_ONLY}/")]
    assert f"{SETTINGS_ONLY}.Record" not in mine["components"]["schemas"]
    assert SETTINGS_ONLY not in {tag["name"] for tag in mine["tags"]}
    assert "/json/2/res.partner/search_read" in mine["paths"]
    assert dangling_refs(mine) == set()


def test_granting_access_shows_the_model_at_once(databases: Databases, registry: Registry) -> None:
    key = new_user(registry, doc_group=True)
    before = document(databases, registry, key, {SETTINGS_ONLY, "res.country"})
    assert [tag["name"] for tag in before["tags"]] == ["res.country"]

    def grant(env: Environment) -> None:
        model = env["ir.model"].search([["model", "=", SETTINGS_ONLY]])
        group = env.ref("base.group_user")
        assert group is not None
        env["ir.model.access"].create(
            {"name": "read for all", "model_id": model.id, "group_id": group.id, "perm_read": True}
        )

    with_superuser(registry, grant)
    after = document(databases, registry, key, {SETTINGS_ONLY, "res.country"})
    assert [tag["name"] for tag in after["tags"]] == [SETTINGS_ONLY, "res.country"]


def test_models_keeps_only_the_models_asked_for(
    databases: Databases, registry: Registry, admin_key: str
) -> None:
    doc = document(databases, registry, admin_key, {"res.partner", "no.such.model"})
    assert [tag["name"] for tag in doc["tags"]] == ["res.partner"]
    assert all(path.startswith("/json/2/res.partner/") for path in doc["paths"])
    assert "res.country.Record" not in doc["components"]["schemas"]
    OpenAPIV31SpecValidator(doc).validate()


def test_refused_outside_the_documentation_group(databases: Databases, registry: Registry) -> None:
    key = new_user(registry, doc_group=False)
    with pytest.raises(AccessError, match="only accessible to Technical Documentation users"):
        document(databases, registry, key)
