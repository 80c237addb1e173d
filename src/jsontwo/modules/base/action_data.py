"""The window actions a module ships (Odoo's ``ir.actions.act_window`` data
records: name, model, view modes, context, path), read from the module's
``data/actions.json``, and its menus (``data/menus.json``), made under their
external ids when a database lacks them. The actions' help texts are left out:
jsontwo has no user interface to show them in."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from jsontwo.orm import Environment


def _data_rows(module: str, filename: str) -> list[dict[str, Any]]:
    """The rows of ``module``'s ``data/<filename>`` JSON list (none without the file)."""
    path = resources.files(f"jsontwo.modules.{module}").joinpath("data", filename)
    if not path.is_file():
        return []
    return list(json.loads(path.read_text(encoding="utf-8")))


def window_actions(module: str) -> list[dict[str, Any]]:
    """The window actions of ``module``'s ``data/actions.json`` (none without the file)."""
    return _data_rows(module, "actions.json")


def ensure_window_actions(env: Environment, module: str) -> None:
    """Create the window actions of ``module`` whose external id the database lacks."""
    data = env["ir.model.data"]
    for row in window_actions(module):
        vals = dict(row)
        xmlid = vals.pop("xmlid")
        if data._xmlid_to_res_id(xmlid) is None:
            data._declare(xmlid, env["ir.actions.act_window"].create(vals))


def menus(module: str) -> list[dict[str, Any]]:
    """The menus of ``module``'s ``data/menus.json``, parents first (none without the file)."""
    return _data_rows(module, "menus.json")


def ensure_menus(env: Environment, module: str) -> None:
    """Create the menus of ``module`` whose external id the database lacks.

    A menu names its parent, window action and groups by external id; a group
    the database does not have (one of a module jsontwo does not ship) is left
    out. A menu none of whose groups exist is for administrators (who hold every
    group in Odoo), not for everyone.
    """
    data = env["ir.model.data"]
    for row in menus(module):
        if data._xmlid_to_res_id(row["xmlid"]) is not None:
            continue
        vals: dict[str, Any] = {
            "name": row["name"],
            "sequence": row["sequence"],
            "active": row.get("active", True),
            "web_icon": row.get("web_icon", False),
        }
        if "parent" in row:
            vals["parent_id"] = data._xmlid_to_res_id(row["parent"])
        if "action" in row:
            action = data._xmlid_to_res_id(row["action"])
            vals["action"] = f"ir.actions.act_window,{action}" if action else False
        groups = [data._xmlid_to_res_id(xmlid) for xmlid in row.get("groups", ())]
        vals["group_ids"] = [gid for gid in groups if gid]
        if groups and not vals["group_ids"]:
            vals["group_ids"] = [data._xmlid_to_res_id("base.group_system")]
        data._declare(row["xmlid"], env["ir.ui.menu"].create(vals))
