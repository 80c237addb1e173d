"""The model methods and context keys as JSON-2 clients see them (conformance
scenarios 02, 18, 20 and 25): copy, has_access, search_fetch, context_get,
``lang``, ``allowed_company_ids``, ``bin_size``, ``show_email``..."""

from __future__ import annotations

import uuid
from typing import Any

from tests.conftest import Api


def unique(prefix: str) -> str:
    """A name no other test uses (the database is shared by the module)."""
    return f"{prefix} {uuid.uuid4().hex[:8]}"


def ok(api: Api, model: str, method: str, body: Any = None) -> Any:
    response = api.call(model, method, body)
    assert response.status_code == 200, response.text
    return response.json()


def error(api: Api, model: str, method: str, body: Any, status: int) -> dict[str, Any]:
    response = api.call(model, method, body)
    assert response.status_code == status, response.text
    return dict(response.json())


def admin_id(api: Api) -> int:
    return int(ok(api, "res.users", "search", {"domain": [["login", "=", "admin"]]})[0])


def test_copy_answers_a_list_of_ids(api: Api) -> None:
    name = unique("Copied")
    [pid] = ok(api, "res.partner", "create", {"vals_list": {"name": name}})
    copies = ok(api, "res.partner", "copy", {"ids": [pid], "default": {"ref": "R"}})
    assert isinstance(copies, list) and len(copies) == 1 and copies[0] != pid
    rows = ok(api, "res.partner", "read", {"ids": copies, "fields": ["name", "ref"]})
    assert rows == [{"id": copies[0], "name": f"{name} (copy)", "ref": "R"}]


def test_deleted_records_are_missing_for_copy_and_has_access(api: Api) -> None:
    [pid] = ok(api, "res.partner", "create", {"vals_list": {"name": unique("Gone")}})
    assert ok(api, "res.partner", "unlink", {"ids": [pid]}) is True
    message = (
        f"Record does not exist or has been deleted.\n(Record: res.partner({pid},), "
        f"User: {admin_id(api)})"
    )
    for method, body in (("copy", {}), ("has_access", {"operation": "unlink"})):
        got = error(api, "res.partner", method, {"ids": [pid], **body}, 404)
        assert (got["name"], got["message"]) == ("odoo.exceptions.MissingError", message)


def test_access_checks_over_the_api(api: Api) -> None:
    assert ok(api, "res.partner", "has_access", {"operation": "unlink"}) is True
    assert ok(api, "res.partner", "check_access_rights", {"operation": "read"}) is None
    body = {"operation": "write", "raise_exception": False}
    assert ok(api, "res.partner", "check_access_rights", body) is True
    got = error(api, "res.partner", "has_access", {"operation": "delete"}, 500)
    assert (got["name"], got["message"]) == ("builtins.AssertionError", "Invalid access mode")
    got = error(api, "res.partner", "check_access_rights", {"ids": [1], "operation": "read"}, 422)
    assert got["message"] == "cannot call res.partner.check_access_rights with ids"


def test_search_fetch_is_private(api: Api) -> None:
    got = error(api, "res.partner", "search_fetch", {"domain": [], "field_names": ["name"]}, 403)
    assert got["name"] == "odoo.exceptions.AccessError"
    assert got["message"] == (
        "Private methods (such as 'res.partner.search_fetch') cannot be called remotely."
    )


def test_archive_metadata_over_the_api(api: Api) -> None:
    [pid] = ok(api, "res.partner", "create", {"vals_list": {"name": unique("Arch")}})
    assert ok(api, "res.partner", "action_archive", {"ids": [pid]}) is None
    assert ok(api, "res.partner", "search", {"domain": [["id", "=", pid]]}) == []
    assert ok(api, "res.partner", "action_unarchive", {"ids": [pid]}) is None
    [meta] = ok(api, "res.partner", "get_metadata", {"ids": [pid]})
    assert meta["id"] == pid and meta["create_uid"] == [admin_id(api), "Mitchell Admin"]


def test_context_get(api: Api) -> None:
    expected = {"lang": "en_US", "tz": "Europe/Brussels", "uid": admin_id(api)}
    assert ok(api, "res.users", "context_get") == expected
    # the uid a context carries changes nothing
    assert ok(api, "res.users", "context_get", {"context": {"uid": 1}}) == expected


def test_languages_must_be_installed(api: Api) -> None:
    [pid] = ok(api, "res.partner", "create", {"vals_list": {"name": unique("Lang")}})
    domain = [["id", "=", pid]]
    for lang in ("en_US", False, None):
        body: dict[str, Any] = {"domain": domain, "context": {"lang": lang}}
        assert ok(api, "res.partner", "search_count", body) == 1
    for method, body in (
        ("search_count", {"domain": domain}),
        ("read", {"ids": [pid], "fields": ["name"]}),
        ("write", {"ids": [pid], "vals": {"function": "x"}}),
    ):
        got = error(api, "res.partner", method, {**body, "context": {"lang": "fr_FR"}}, 422)
        assert (got["name"], got["message"]) == (
            "odoo.exceptions.UserError",
            "Invalid language code: fr_FR",
        )
    assert (
        ok(api, "res.partner", "read", {"ids": [pid], "fields": ["function"]})[0]["function"]
        is False
    )  # the refused write was rolled back


def test_allowed_company_ids_must_be_the_users(api: Api) -> None:
    company = ok(api, "res.company", "search", {"domain": []})[0]
    body = {"domain": [], "context": {"allowed_company_ids": [company]}}
    assert ok(api, "res.partner", "search_count", body) > 0
    got = error(
        api,
        "res.partner",
        "search_count",
        {"domain": [], "context": {"allowed_company_ids": [999999]}},
        403,
    )
    assert (got["name"], got["message"]) == (
        "odoo.exceptions.AccessError",
        "Access to unauthorized or invalid companies.",
    )


def test_display_name_and_binary_context_keys(api: Api) -> None:
    name = unique("Ctx")
    vals = {"name": name, "email": "ctx@example.com"}
    [pid] = ok(api, "res.partner", "create", {"vals_list": vals})
    found = ok(api, "res.partner", "name_search", {"name": name, "context": {"show_email": True}})
    assert found == [[pid, f"{name} <ctx@example.com>"]]
    body = {"ids": [pid], "fields": ["display_name"], "context": {"partner_show_db_id": True}}
    assert ok(api, "res.partner", "read", body) == [{"id": pid, "display_name": f"{name} ({pid})"}]
    body = {"ids": [pid], "fields": ["image_128"], "context": {"bin_size": True}}
    assert ok(api, "res.partner", "read", body) == [{"id": pid, "image_128": False}]


def test_a_contact_reads_its_companys_country(api: Api) -> None:
    [us] = ok(api, "res.country", "search", {"domain": [["code", "=", "US"]]})
    co = {"name": unique("Read Co"), "is_company": True, "country_id": us}
    [company] = ok(api, "res.partner", "create", {"vals_list": co})
    person = {"name": unique("Read Person"), "parent_id": company, "function": "CEO"}
    [pid] = ok(api, "res.partner", "create", {"vals_list": person})
    body = {"ids": [pid], "fields": ["parent_id", "country_id"], "load": None}
    assert ok(api, "res.partner", "read", body) == [
        {"id": pid, "parent_id": company, "country_id": us}
    ]
