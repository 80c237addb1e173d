"""The API documentation as JSON on the wire: ``/doc-bearer/index.json`` and
``/doc-bearer/<model>.json`` (docs/internals/protocol.md, "API documentation routes" and
"Odoo's own tests"): who may read it, what it lists, and its caching validators."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from jsontwo.orm import Environment, Registry
from jsontwo.service.apikeys import create_api_key
from jsontwo.service.databases import with_superuser
from tests.conftest import Api

JSON = "application/json; charset=utf-8"
ERROR_KEYS = ["name", "message", "arguments", "context", "debug"]
NOT_ALLOWED = "This page is only accessible to Technical Documentation users."
MISSING_AUTH = "User not authenticated, use an API Key with a Bearer Authorization header."


def new_user(registry: Registry, doc_group: bool) -> str:
    """An API key of a new internal user, in the documentation group or not."""
    login = f"doc_{uuid.uuid4().hex[:8]}"

    def work(env: Environment) -> None:
        user = env["res.users"].create({"login": login, "name": f"Doc {login}"})
        if doc_group:
            group = env.ref("api_doc.group_allow_doc")
            assert group is not None
            user.write({"group_ids": [[4, group.id]]})

    with_superuser(registry, work)
    return create_api_key(registry, login, "tests")


@pytest.fixture(scope="module")
def reader_key(registry: Registry) -> str:
    """A plain internal user who was given the "Technical Documentation" group."""
    return new_user(registry, doc_group=True)


def get(
    api: Api, path: str, key: str | None = None, headers: dict[str, str] | None = None
) -> httpx.Response:
    sent = {"X-Odoo-Database": api.db, "Authorization": f"Bearer {key or api.key}"}
    sent.update(headers or {})
    return api.request("GET", path, headers=sent)


def ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == JSON
    return response.json()


def assert_error(response: httpx.Response, status: int, name: str, message: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == JSON
    error = response.json()
    assert list(error) == ERROR_KEYS
    assert (error["name"], error["message"]) == (name, message)


def entry(index: dict[str, Any], model: str) -> dict[str, Any]:
    found = [m for m in index["models"] if m["model"] == model]
    assert len(found) == 1, f"{model} listed {len(found)} times"
    return dict(found[0])


# --- the index ----------------------------------------------------------------


def test_index_lists_modules_and_models(api: Api) -> None:
    index = ok(get(api, "/doc-bearer/index.json"))
    assert set(index) == {"modules", "models"}
    assert "base" in index["modules"]
    partner = entry(index, "res.partner")
    fields, methods = partner.pop("fields"), partner.pop("methods")
    assert partner == {"model": "res.partner", "name": "Contact"}
    assert {"id", "create_uid", "lang", "tz", "name"} < set(fields)
    assert fields["name"] == {"string": "Name"} and fields["id"] == {"string": "ID"}
    assert {"search", "search_read", "read", "create", "write", "unlink", "fields_get"} < set(
        methods
    )
    assert methods == sorted(methods)


def test_index_lists_only_methods_json2_reaches(api: Api) -> None:
    methods = entry(ok(get(api, "/doc-bearer/index.json")), "res.partner")["methods"]
    assert not [name for name in methods if name.startswith("_")]
    # public in Python, refused over JSON-2: not documented either
    for hidden in ("browse", "sudo", "with_context", "search_fetch", "ensure_one"):
        assert hidden not in methods
        response = api.call("res.partner", hidden, {})
        assert response.status_code == 403, response.text
    body: dict[str, Any]
    for listed, body in (("search_count", {"domain": []}), ("fields_get", {})):
        assert listed in methods
        assert api.call("res.partner", listed, body).status_code == 200
    # deprecated in Odoo 19: still answering, no longer listed (as in Odoo)
    deprecated = (
        ("read_group", {"domain": [], "fields": ["id:count"], "groupby": ["type"]}),
        ("check_access_rights", {"operation": "read"}),
    )
    for unlisted, body in deprecated:
        assert unlisted not in methods
        assert api.call("res.partner", unlisted, body).status_code == 200


def test_index_also_answers_post_with_a_json_body(api: Api) -> None:
    sent = {"X-Odoo-Database": api.db, "Authorization": f"Bearer {api.key}"}
    first = ok(api.request("POST", "/doc-bearer/index.json", headers=sent))
    again = ok(api.request("POST", "/doc-bearer/index.json", json={}, headers=sent))
    assert first == again == ok(get(api, "/doc-bearer/index.json"))


@pytest.mark.parametrize(
    ("content", "content_type", "status", "name"),
    [
        (b"x=1", "application/x-www-form-urlencoded", 415, "UnsupportedMediaType"),
        (b"{nope", "application/json", 400, "BadRequest"),
        # nested too deep for either JSON parser: still a bad body, not a 500
        (b"[" * 5_000, "application/json", 400, "BadRequest"),
        # more values than a route that needs none takes: refused before parsing
        (b"[" * 100_000, "application/json", 413, "RequestEntityTooLarge"),
    ],
    ids=["form", "broken", "too-deep", "too-many"],
)
def test_a_body_that_is_not_json_is_refused(
    api: Api, content: bytes, content_type: str, status: int, name: str
) -> None:
    response = api.request(
        "POST",
        "/doc-bearer/index.json",
        content=content,
        headers={
            "X-Odoo-Database": api.db,
            "Authorization": f"Bearer {api.key}",
            "Content-Type": content_type,
        },
    )
    assert response.status_code == status
    assert response.json()["name"] == f"werkzeug.exceptions.{name}"


def test_index_shows_a_group_member_what_they_may_read(api: Api, reader_key: str) -> None:
    index = ok(get(api, "/doc-bearer/index.json", reader_key))
    models = {m["model"] for m in index["models"]}
    assert {"res.partner", "res.users", "res.country"} <= models
    # internal users may not read these (Settings only)
    assert "ir.config_parameter" not in models and "ir.rule" not in models
    admin_models = {m["model"] for m in ok(get(api, "/doc-bearer/index.json"))["models"]}
    assert {"ir.config_parameter", "ir.rule"} <= admin_models


# --- one model ----------------------------------------------------------------


def test_model_document_is_fields_get_and_signatures(api: Api) -> None:
    doc = ok(get(api, "/doc-bearer/res.partner.json"))
    fields, methods = doc.pop("fields"), doc.pop("methods")
    assert doc == {"model": "res.partner", "name": "Contact", "doc": None}
    described = ok(api.call("res.partner", "fields_get", {}))
    assert set(fields) == set(described)
    for name, desc in described.items():
        assert fields[name] == {**desc, "module": fields[name]["module"]}
    # Odoo's description of "id", plus the module that defines it (none: every model has it)
    assert fields["id"] == {
        "change_default": False,
        "company_dependent": False,
        "default_export_compatible": False,
        "depends": [],
        "exportable": True,
        "groupable": True,
        "manual": False,
        "module": None,
        "name": "id",
        "readonly": True,
        "required": False,
        "searchable": True,
        "sortable": True,
        "store": True,
        "string": "ID",
        "type": "integer",
    }
    assert fields["name"]["module"] == "base"
    search = methods["search"]
    assert search["signature"] == "(domain, offset=0, limit=None, order=None) -> list[int]"
    assert list(search["parameters"]) == ["domain", "offset", "limit", "order"]
    assert search["parameters"]["offset"]["default"] == 0
    assert search["parameters"]["limit"] == {"default": None, "annotation": "int | None"}
    assert "default" not in search["parameters"]["domain"]
    assert search["return"]["annotation"] == "list[int]"
    assert search["api"] == ["model", "readonly"]
    assert (search["model"], search["module"]) == ("core", "core")
    assert search["doc"].startswith('<div class="document">')
    assert "api" not in methods["write"]
    assert methods["create"]["api"] == ["model"]


def test_a_models_own_method_names_its_model_and_module(api: Api) -> None:
    methods = ok(get(api, "/doc-bearer/res.users.json"))["methods"]
    context_get = methods["context_get"]
    assert context_get["signature"] == "() -> dict[str, Any]"
    assert context_get["parameters"] == {}
    assert context_get["api"] == ["model", "readonly"]
    assert (context_get["model"], context_get["module"]) == ("res.users", "base")


def test_unknown_model_is_404(api: Api) -> None:
    response = get(api, "/doc-bearer/no.such.model.json")
    assert_error(
        response,
        404,
        "werkzeug.exceptions.NotFound",
        "The requested URL was not found on the server.",
    )


def test_a_model_the_user_may_not_read_is_403(api: Api, reader_key: str) -> None:
    response = get(api, "/doc-bearer/ir.config_parameter.json", reader_key)
    assert response.status_code == 403
    assert response.json()["name"] == "odoo.exceptions.AccessError"
    ok(get(api, "/doc-bearer/res.partner.json", reader_key))


# --- who may read it ----------------------------------------------------------


@pytest.mark.parametrize("path", ["/doc-bearer/index.json", "/doc-bearer/res.partner.json"])
def test_users_outside_the_group_get_403(api: Api, registry: Registry, path: str) -> None:
    key = new_user(registry, doc_group=False)
    assert_error(get(api, path, key), 403, "odoo.exceptions.AccessError", NOT_ALLOWED)
    assert get(api, path, key).json()["arguments"] == [NOT_ALLOWED]


@pytest.mark.parametrize("path", ["/doc-bearer/index.json", "/doc-bearer/res.partner.json"])
def test_no_key_is_401_as_on_json2(api: Api, path: str) -> None:
    response = api.request("GET", path, headers={"X-Odoo-Database": api.db})
    assert_error(response, 401, "werkzeug.exceptions.Unauthorized", MISSING_AUTH)
    assert response.headers["www-authenticate"].strip().lower() == "bearer"
    response = get(api, path, key="0" * 40)
    assert_error(response, 401, "werkzeug.exceptions.Unauthorized", "Invalid apikey")


def test_unknown_database_answers_as_json2_does(api: Api) -> None:
    headers = {"X-Odoo-Database": f"{api.db}_nope"}
    doc = get(api, "/doc-bearer/index.json", headers=headers)
    json2 = api.call("res.partner", "search_count", {"domain": []}, headers=headers)
    assert doc.status_code == json2.status_code == 404
    assert doc.json()["name"] == json2.json()["name"]


# --- caching ------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/doc-bearer/index.json", "/doc-bearer/res.partner.json"])
def test_if_none_match_answers_304(api: Api, path: str) -> None:
    first = get(api, path)
    ok(first)
    etag = first.headers["etag"]
    assert sorted(first.headers["cache-control"].split(", ")) == ["no-cache", "private"]
    assert first.headers["content-language"] == "en-US"
    for sent in (etag, f"W/{etag}", f'"other", {etag}'):
        again = get(api, path, headers={"If-None-Match": sent})
        assert again.status_code == 304 and again.content == b""
        assert again.headers["etag"] == etag
    fresh = get(api, path, headers={"If-None-Match": etag, "Cache-Control": "no-cache"})
    assert ok(fresh) == first.json()


def test_index_without_cache_is_a_download_not_to_keep(api: Api) -> None:
    first = get(api, "/doc-bearer/index.json")
    tag = first.headers["etag"].strip('"')
    assert first.headers["content-disposition"] == f"inline; filename=odoo-doc-index-{tag}.json"
    fresh = get(api, "/doc-bearer/index.json", headers={"Cache-Control": "no-cache"})
    assert fresh.headers["cache-control"] == "no-store"
    assert "etag" not in fresh.headers
    assert fresh.headers["content-disposition"] == "attachment; filename=odoo-doc-index.json"


def test_users_who_see_different_documents_get_different_tags(api: Api, reader_key: str) -> None:
    admin = get(api, "/doc-bearer/index.json")
    reader = get(api, "/doc-bearer/index.json", reader_key)
    assert admin.headers["etag"] != reader.headers["etag"]
    stale = get(
        api, "/doc-bearer/index.json", reader_key, headers={"If-None-Match": admin.headers["etag"]}
    )
    assert stale.status_code == 200


def test_an_ir_model_row_without_a_model_class_does_not_break_the_index(
    api: Api, registry: Registry
) -> None:
    ghost = f"x.ghost.{uuid.uuid4().hex[:8]}"

    def work(env: Environment) -> None:
        env["ir.model"].create({"model": ghost, "name": "Ghost Model", "state": "base"})

    with_superuser(registry, work)
    models = {m["model"] for m in ok(get(api, "/doc-bearer/index.json"))["models"]}
    assert "res.partner" in models and ghost not in models
