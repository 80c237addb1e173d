"""Which menus a user sees (``ir.ui.menu``'s ``get_user_roots``, ``load_menus``,
``load_web_menus``), by the user's groups and the actions' models, as Odoo 19
answers over JSON-2, on both backends; searching menus is not filtered."""

from __future__ import annotations

from typing import Any

from jsontwo.orm import Registry
from tests.conftest import Api
from tests.http.test_json2 import assert_error, assert_ok
from tests.modules.base.test_apikeys import new_user, unique

M = "ir.ui.menu"


def menu_id(api: Api, xmlid: str) -> int:
    module, name = xmlid.split(".")
    domain = [["model", "=", M], ["module", "=", module], ["name", "=", name]]
    [row] = assert_ok(
        api.call("ir.model.data", "search_read", {"domain": domain, "fields": ["res_id"]})
    )
    return int(row["res_id"])


def load(api: Api, key: str | None = None, debug: bool = False) -> dict[str, Any]:
    return dict(assert_ok(api.call(M, "load_menus", {"debug": debug}, key)))


def test_the_administrator_sees_settings(api: Api) -> None:
    """Settings is an app of the administrator's; its folder lists Users and
    Companies, and Groups (technical features) in debug mode only."""
    settings = menu_id(api, "base.menu_administration")
    folder = menu_id(api, "base.menu_users")
    users = menu_id(api, "base.menu_action_res_users")
    groups = menu_id(api, "base.menu_action_res_groups")
    assert settings in assert_ok(api.call(M, "get_user_roots", {}))
    menus = load(api)
    assert settings in menus["root"]["children"]
    assert menus[str(folder)]["app_id"] == settings
    assert str(groups) not in menus and groups in load(api, debug=True)[str(folder)]["children"]
    entry = menus[str(users)]
    assert (entry["name"], entry["xmlid"], entry["action_path"]) == (
        "Users",
        "base.menu_action_res_users",
        "users",
    )
    assert entry["action_model"] == "ir.actions.act_window"
    web = assert_ok(api.call(M, "load_web_menus", {"debug": False}))
    app = web[str(settings)]
    # an app opens the action of its first submenu that has one: Users
    assert (app["actionID"], app["actionPath"], app["appID"]) == (
        entry["action_id"],
        "users",
        settings,
    )
    assert app["webIconData"] == "/web/static/img/default_icon_app.png"
    assert web["root"]["id"] == "root" and settings in web["root"]["children"]


def test_an_internal_user_without_settings(api: Api, registry: Registry) -> None:
    """No Settings for an internal user without administration rights, though a
    search finds the menu; a menu of a group the user has, opening an action
    on a model the user may read, shows."""
    user = new_user(registry, groups=["base.group_user"])
    settings = menu_id(api, "base.menu_administration")
    assert settings not in assert_ok(api.call(M, "get_user_roots", {}, user.key))
    assert str(settings) not in load(api, user.key)
    found = assert_ok(api.call(M, "search", {"domain": [["id", "=", settings]]}, user.key))
    assert found == [settings]
    action = menu_id_action(api, "base.menu_action_res_company_form")
    group = assert_ok(
        api.call(
            "ir.model.data", "check_object_reference", {"module": "base", "xml_id": "group_user"}
        )
    )[1]
    vals = {"name": unique("menu"), "action": action, "group_ids": [[6, 0, [group]]]}
    [mine] = assert_ok(api.call(M, "create", {"vals_list": [vals]}))
    menus = load(api, user.key)
    assert mine in menus["root"]["children"]
    assert menus[str(mine)]["app_id"] == mine
    # a menu of a group the user lacks does not show
    admins = assert_ok(
        api.call(
            "ir.model.data", "check_object_reference", {"module": "base", "xml_id": "group_system"}
        )
    )[1]
    assert assert_ok(
        api.call(M, "write", {"ids": [mine], "vals": {"group_ids": [[6, 0, [admins]]]}})
    )
    assert str(mine) not in load(api, user.key)
    assert_ok(api.call(M, "unlink", {"ids": [mine]}))


def menu_id_action(api: Api, xmlid: str) -> str:
    """The action (``"model,id"``) of a menu."""
    [row] = assert_ok(api.call(M, "read", {"ids": [menu_id(api, xmlid)], "fields": ["action"]}))
    return str(row["action"])


def test_a_portal_user_may_not_load_menus(api: Api, registry: Registry) -> None:
    """Portal users have no access to menus: Odoo's AccessError."""
    user = new_user(registry, groups=["base.group_portal"])
    assert_error(
        api.call(M, "load_menus", {"debug": False}, user.key), 403, "odoo.exceptions.AccessError"
    )
