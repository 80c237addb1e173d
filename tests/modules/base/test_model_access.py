"""Who may change settings, groups, users and key rows: a user's key can never be
turned into more power than the user has (the guarantees of issue #4, now kept by
the access lines and record rules of issue #5; tests/modules/base/test_access_matrix.py
covers the access rights themselves).
"""

from __future__ import annotations

from typing import Any

import pytest

from jsontwo.orm import Registry
from tests.conftest import Api
from tests.http.test_json2 import assert_error, assert_ok
from tests.modules.base.test_apikeys import new_user, unique

ACCESS_ERROR = "odoo.exceptions.AccessError"


def denied(response: Any, verb: str, label: str, model: str) -> None:
    """A model-level refusal: Odoo's three paragraphs, the groups that would allow it between."""
    assert response.status_code == 403, response.text
    error = response.json()
    assert error["name"] == ACCESS_ERROR
    message = error["message"]
    assert message.startswith(f"You are not allowed to {verb} '{label}' ({model}) records.\n\n")
    assert message.endswith("\n\nContact your administrator to request access if necessary.")


def test_nobody_creates_or_changes_key_rows_directly(api: Api, registry: Registry) -> None:
    admin = new_user(registry, admin=True)
    row = {"name": "forged", "user_id": 2, "index": "abcdefgh", "key": "0" * 64}
    response = api.call("res.users.apikeys", "create", {"vals_list": [row]}, key=admin.key)
    denied(response, "create", "Users API Keys", "res.users.apikeys")
    mine = assert_ok(
        api.call(
            "res.users.apikeys", "search", {"domain": [["user_id", "=", admin.uid]]}, key=admin.key
        )
    )
    response = api.call(
        "res.users.apikeys", "write", {"ids": mine, "vals": {"name": "x"}}, key=admin.key
    )
    denied(response, "modify", "Users API Keys", "res.users.apikeys")
    response = api.call("res.users.apikeys", "unlink", {"ids": mine}, key=admin.key)
    denied(response, "delete", "Users API Keys", "res.users.apikeys")


def test_settings_are_for_administrators(api: Api, registry: Registry) -> None:
    user = new_user(registry)
    for method, body, verb in [
        ("search_read", {"domain": [], "fields": ["key", "value"]}, "access"),
        ("get_param", {"key": "database.secret"}, "access"),
        ("set_param", {"key": "base.enable_programmatic_api_keys", "value": "False"}, "modify"),
    ]:
        response = api.call("ir.config_parameter", method, body, key=user.key)
        denied(response, verb, "System Parameter", "ir.config_parameter")
    admin = new_user(registry, admin=True)
    limit = "base.programmatic_api_keys_limit"
    assert assert_ok(api.call("ir.config_parameter", "get_param", {"key": limit}, key=admin.key))


@pytest.mark.parametrize(
    ("vals", "allowed"),
    [
        ({"name": "A new name", "tz": "Europe/Paris"}, True),
        ({"group_ids": [[4, 3]]}, False),
        ({"login": "someone-else"}, False),
        ({"password": "new"}, False),
    ],
)
def test_users_change_only_harmless_fields_of_their_own(
    api: Api, registry: Registry, vals: dict[str, Any], allowed: bool
) -> None:
    user = new_user(registry)
    response = api.call("res.users", "write", {"ids": [user.uid], "vals": vals}, key=user.key)
    if allowed:
        assert assert_ok(response) is True
    else:
        denied(response, "modify", "User", "res.users")


def test_users_do_not_change_other_users_or_groups(api: Api, registry: Registry) -> None:
    user, other = new_user(registry), new_user(registry)
    response = api.call(
        "res.users", "write", {"ids": [other.uid], "vals": {"name": "x"}}, key=user.key
    )
    denied(response, "modify", "User", "res.users")
    response = api.call(
        "res.users", "create", {"vals_list": [{"login": "x", "name": "x"}]}, key=user.key
    )
    denied(response, "create", "User", "res.users")
    response = api.call("res.groups", "write", {"ids": [1], "vals": {"name": "x"}}, key=user.key)
    denied(response, "modify", "Access Groups", "res.groups")
    groups = assert_ok(
        api.call("res.groups", "search_read", {"domain": [], "fields": ["name"]}, key=user.key)
    )
    assert "Role / Administrator" in {group["name"] for group in groups}


def test_administrators_manage_users(api: Api, registry: Registry) -> None:
    admin, other = new_user(registry, admin=True), new_user(registry)
    vals = {"name": "Renamed by the admin"}
    assert assert_ok(
        api.call("res.users", "write", {"ids": [other.uid], "vals": vals}, key=admin.key)
    )


def test_external_ids_are_for_access_rights_managers(api: Api, registry: Registry) -> None:
    """As in Odoo, an internal user neither reads nor changes external ids."""
    user = new_user(registry)
    body = {"domain": [["name", "=", "group_system"]], "fields": ["module", "model"]}
    response = api.call("ir.model.data", "search_read", body, key=user.key)
    denied(response, "access", "Model Data", "ir.model.data")
    found = assert_ok(api.call("ir.model.data", "search_read", body))
    assert [(row["module"], row["model"]) for row in found] == [("base", "res.groups")]
    response = api.call(
        "ir.model.data", "write", {"ids": [found[0]["id"]], "vals": {"res_id": 1}}, key=user.key
    )
    denied(response, "modify", "Model Data", "ir.model.data")


def test_users_see_only_their_own_key_rows_and_never_a_key_part(
    api: Api, registry: Registry
) -> None:
    user, other = new_user(registry), new_user(registry)
    rows = assert_ok(
        api.call("res.users.apikeys", "search_read", {"domain": [], "fields": []}, key=user.key)
    )
    assert {row["user_id"][0] for row in rows} == {user.uid}
    assert not {"index", "key"} & set(rows[0])
    theirs = assert_ok(
        api.call(
            "res.users.apikeys", "search", {"domain": [["user_id", "=", other.uid]]}, key=user.key
        )
    )
    assert theirs == []
    admin = new_user(registry, admin=True)
    theirs = assert_ok(
        api.call(
            "res.users.apikeys", "search", {"domain": [["user_id", "=", other.uid]]}, key=admin.key
        )
    )
    assert len(theirs) == 1
    response = api.call(
        "res.users.apikeys", "read", {"ids": theirs, "fields": ["name"]}, key=user.key
    )
    assert response.status_code == 403, response.text
    assert response.json()["message"].startswith(
        "Uh-oh! Looks like you have stumbled upon some top-secret records."
    )
    fields = assert_ok(api.call("res.users.apikeys", "fields_get", {}, key=admin.key))
    assert not {"index", "key"} & set(fields)
    for body in (
        {"domain": [["index", "=like", f"{other.key[:1]}%"]]},
        {"domain": [], "fields": ["index"]},
    ):
        response = api.call("res.users.apikeys", "search_read", body, key=admin.key)
        assert response.status_code >= 400, response.text
        assert "Invalid field" in response.json()["message"]


# --- no side door: generic methods ask too, secrets cannot be probed -----------------
def test_copy_data_reveals_nothing_a_read_would_not(api: Api, registry: Registry) -> None:
    user, other = new_user(registry), new_user(registry)
    params = assert_ok(
        api.call("ir.config_parameter", "search", {"domain": []}, key=new_user(registry, True).key)
    )
    response = api.call("ir.config_parameter", "copy_data", {"ids": params}, key=user.key)
    denied(response, "access", "System Parameter", "ir.config_parameter")
    theirs = assert_ok(
        api.call(
            "res.users.apikeys",
            "search",
            {"domain": [["user_id", "=", other.uid]]},
            key=new_user(registry, True).key,
        )
    )
    response = api.call("res.users.apikeys", "copy_data", {"ids": theirs}, key=user.key)
    assert response.status_code == 403, response.text
    assert response.json()["message"].startswith(
        "Uh-oh! Looks like you have stumbled upon some top-secret records."
    )
    mine = assert_ok(api.call("res.users.apikeys", "search", {"domain": []}, key=user.key))
    copied = assert_ok(api.call("res.users.apikeys", "copy_data", {"ids": mine}, key=user.key))
    assert copied and not {"index", "key"} & set(copied[0])


def test_has_access_and_check_access_rights_tell_the_truth(api: Api, registry: Registry) -> None:
    user = new_user(registry)
    body = {"operation": "read"}
    assert assert_ok(api.call("ir.config_parameter", "has_access", body, key=user.key)) is False
    response = api.call("ir.config_parameter", "check_access_rights", body, key=user.key)
    denied(response, "access", "System Parameter", "ir.config_parameter")
    quiet = {"operation": "write", "raise_exception": False}
    assert assert_ok(api.call("res.groups", "check_access_rights", quiet, key=user.key)) is False
    assert assert_ok(api.call("res.partner", "has_access", body, key=user.key)) is True


@pytest.mark.parametrize(
    "body",
    [
        {"domain": [["id", "=", 2], ["password", "=like", "$argon2%"]]},
        {"domain": [["password", "!=", False]]},
        {"domain": [["id", "=", 2]], "order": "password"},
    ],
)
def test_the_password_hash_cannot_be_probed(
    api: Api, registry: Registry, body: dict[str, Any]
) -> None:
    admin = new_user(registry, admin=True)  # not even by an administrator
    response = api.call("res.users", "search", body, key=admin.key)
    assert response.status_code == 500, response.text
    assert response.json()["message"] == (
        "Cannot convert res.users.password to SQL because it is not stored"
    )


def test_access_rights_managers_cannot_make_themselves_administrators(
    api: Api, registry: Registry
) -> None:
    manager = new_user(registry, groups=["base.group_erp_manager"])
    system = assert_ok(
        api.call(
            "ir.model.data",
            "search_read",
            {"domain": [["name", "=", "group_system"]], "fields": ["res_id"]},
            key=manager.key,
        )
    )[0]["res_id"]
    vals = {"group_ids": [[4, system]]}
    response = api.call("res.users", "write", {"ids": [manager.uid], "vals": vals}, key=manager.key)
    assert_error(
        response, 403, ACCESS_ERROR, "Only administrators (Settings) can grant the Settings group."
    )
    response = api.call(
        "res.users", "write", {"ids": [2], "vals": {"password": "taken-over"}}, key=manager.key
    )
    assert_error(
        response, 403, ACCESS_ERROR, "Only administrators (Settings) can change an administrator."
    )
    # what they may do: manage users who are not administrators
    other = new_user(registry)
    response = api.call(
        "res.users", "write", {"ids": [other.uid], "vals": {"login": unique("x")}}, key=manager.key
    )
    assert assert_ok(response) is True


def test_get_metadata_names_external_ids(api: Api, registry: Registry) -> None:
    admin = new_user(registry, admin=True)
    [meta] = assert_ok(api.call("res.users", "get_metadata", {"ids": [2]}, key=admin.key))
    assert meta["xmlid"] == "base.user_admin"
    assert meta["xmlids"] == [{"xmlid": "base.user_admin", "noupdate": True}]
    response = api.call(
        "ir.config_parameter", "get_metadata", {"ids": [1]}, key=new_user(registry).key
    )
    denied(response, "access", "System Parameter", "ir.config_parameter")
