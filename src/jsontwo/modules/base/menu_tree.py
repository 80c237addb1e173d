"""Which menus a user sees, and the menu tree Odoo 19's web client loads
(``ir.ui.menu.load_menus`` / ``load_web_menus``).

As in Odoo, a menu is visible when it has no groups or one of the user's
(``base.group_no_one``, the technical features, counting only in debug mode),
and when it opens an action the user may use (an existing action whose model
the user may read) or is a folder above such a menu. Searching ``ir.ui.menu``
is not filtered: Odoo 19 filters only these methods.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from jsontwo.orm import Environment
from jsontwo.orm.fields import Reference

#: the field naming an action's model, by action type (Odoo's)
ACTION_MODEL_FIELDS = {
    "ir.actions.act_window": "res_model",
    "ir.actions.report": "model",
    "ir.actions.server": "model_name",
}
#: the icon the web client shows for an app without an icon of its own
DEFAULT_APP_ICON = "/web/static/img/default_icon_app.png"


def visible_menu_ids(env: Environment, debug: bool) -> frozenset[int]:
    """The ids of the active menus the user of ``env`` sees (kept for the
    transaction: the menus and groups do not change within it)."""
    key = ("ir.ui.menu.visible", env.uid, debug)
    memo = env.transaction.memo
    if key not in memo:
        memo[key] = _visible(env, debug)
    found: frozenset[int] = memo[key]
    return found


def _visible(env: Environment, debug: bool) -> frozenset[int]:
    groups = set(env.user.sudo().all_group_ids.ids)
    if not debug:
        groups.discard(env["ir.model.data"]._xmlid_to_res_id("base.group_no_one"))
    menus = (
        env["ir.ui.menu"]
        .with_context({})
        .search_read(
            ["|", ["group_ids", "=", False], ["group_ids", "in", sorted(groups)]],
            ["parent_id", "action"],
            order="id",
            load=None,
        )
    )
    parents = {row["id"]: row["parent_id"] for row in menus}
    usable = _usable_actions(env, [row["action"] for row in menus])
    visible: set[int] = set()
    for row in menus:
        if row["action"] not in usable:
            continue
        # the menu and the folders above it, as far as the user sees them
        menu_id = row["id"]
        while menu_id and menu_id not in visible and menu_id in parents:
            visible.add(menu_id)
            menu_id = parents[menu_id]
    return frozenset(visible)


def _usable_actions(env: Environment, actions: list[Any]) -> set[str]:
    """The actions among ``actions`` (``"model,id"`` texts) that exist and whose
    model (for the actions that name one) the user may read."""
    by_model: dict[str, list[int]] = defaultdict(list)
    for action in actions:
        found = Reference.split(action)
        if found and found[0] in env.registry.models:
            by_model[found[0]].append(found[1])
    access = env["ir.model.access"]
    usable: set[str] = set()
    for model, ids in by_model.items():
        fname = ACTION_MODEL_FIELDS.get(model)
        records = env[model].sudo().with_context(active_test=False).browse(ids).exists()
        for record in records:
            target = record[fname] if fname else None
            if target and not access.check(target, "read", False):
                continue
            usable.add(f"{model},{record.id}")
    return usable


def load_menus(env: Environment, debug: bool) -> dict[str, Any]:
    """The menus the user of ``env`` sees, as Odoo's ``load_menus``: by id (JSON
    keys are texts), each with its app (top-level menu), action, children and
    external id, and the ``root`` entry listing the apps."""
    visible = visible_menu_ids(env, debug)
    menus = env["ir.ui.menu"].search_read(
        [["id", "in", sorted(visible)]], ["name", "parent_id", "action", "web_icon"], load=None
    )
    children: dict[Any, list[int]] = defaultdict(list)
    for row in menus:
        children[row["parent_id"]].append(row["id"])
    apps: dict[int, int] = {}

    def set_app(app: int, menu_id: int) -> None:
        apps[menu_id] = app
        for child in children[menu_id]:
            set_app(app, child)

    for root in children[False]:
        set_app(root, root)
    xmlids = _xmlids(env, list(apps))
    tree: dict[str, Any] = {}
    for row in menus:
        if row["id"] not in apps:  # under a folder the user does not see
            continue
        action = Reference.split(row["action"])
        tree[str(row["id"])] = {
            "id": row["id"],
            "name": row["name"],
            "app_id": apps[row["id"]],
            "action_model": action[0] if action else False,
            "action_id": action[1] if action else False,
            "web_icon": row["web_icon"],
            "web_icon_data": False,
            "web_icon_data_mimetype": False,
            "xmlid": xmlids.get(row["id"], ""),
            "action_path": _action_path(env, action),
            "children": children[row["id"]],
        }
    tree["root"] = {"id": False, "name": "root", "children": children[False]}
    return tree


def _xmlids(env: Environment, ids: list[int]) -> dict[int, str]:
    rows = (
        env["ir.model.data"]
        .sudo()
        .search_read(
            [["model", "=", "ir.ui.menu"], ["res_id", "in", ids]],
            ["module", "name", "res_id"],
            load=None,
        )
    )
    return {row["res_id"]: f"{row['module']}.{row['name']}" for row in rows}


def _action_path(env: Environment, action: tuple[str, int] | None) -> Any:
    if not action or action[0] not in env.registry.models:
        return False
    record = env[action[0]].sudo().browse([action[1]])
    if "path" not in record._fields or not record.exists():
        return False
    return record.path or False


def web_menus(menus: dict[str, Any]) -> dict[str, Any]:
    """``load_menus``' answer in the web client's form (Odoo's ``load_web_menus``)."""
    found: dict[str, Any] = {}
    for key, menu in menus.items():
        if not menu["id"]:
            found["root"] = {
                "id": "root",
                "name": menu["name"],
                "children": menu["children"],
                "appID": False,
                "xmlid": "",
                "actionID": False,
                "actionModel": False,
                "actionPath": False,
                "webIcon": None,
                "webIconData": None,
                "webIconDataMimetype": None,
                "backgroundImage": menu.get("backgroundImage"),
            }
            continue
        action = (menu["action_id"], menu["action_model"], menu["action_path"])
        web_icon, icon_data = menu["web_icon"], menu["web_icon_data"]
        if menu["id"] == menu["app_id"]:
            action = _first_action(menus, menu)
            web_icon, icon_data = _app_icon(web_icon)
        found[key] = {
            "id": menu["id"],
            "name": menu["name"],
            "children": menu["children"],
            "appID": menu["app_id"],
            "xmlid": menu["xmlid"],
            "actionID": action[0],
            "actionModel": action[1],
            "actionPath": action[2],
            "webIcon": web_icon,
            "webIconData": icon_data,
            "webIconDataMimetype": menu["web_icon_data_mimetype"],
        }
    return found


def _first_action(menus: dict[str, Any], menu: dict[str, Any]) -> tuple[Any, Any, Any]:
    """The action an app opens: its own, else its first submenu's, depth first."""
    child: dict[str, Any] | None = menu
    while child is not None:
        if child["action_id"]:
            return child["action_id"], child["action_model"], child["action_path"]
        child = menus[str(child["children"][0])] if child["children"] else None
    return False, False, False


def _app_icon(web_icon: Any) -> tuple[Any, Any]:
    """An app's ``webIcon`` and ``webIconData``: an icon given as "class,color,
    background" stays, else the default app icon (jsontwo keeps no icon images)."""
    parts = web_icon.split(",") if web_icon else []
    if len(parts) == 3:
        return ",".join(parts), False
    return web_icon, DEFAULT_APP_ICON
