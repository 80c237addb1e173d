"""The category and the dependencies of each module row (``ir.module.module``'s
``category_id`` and ``dependencies_id``), from the modules' manifests
(``category``, ``depends``), as Odoo's module loader writes them: a category
path "Sales/Sales" is the categories ``base.module_category_sales`` and
``base.module_category_sales_sales``, made when missing."""

from __future__ import annotations

from typing import Any

from jsontwo.modules.catalogue import Declaration, catalogue
from jsontwo.orm import Environment

#: the categories Odoo's base data defines among those jsontwo's modules use:
#: external id (in base) -> (name, sequence, visible)
BASE_CATEGORIES = {
    "module_category_hidden": ("Technical", 70, False),
    "module_category_accounting": ("Accounting", 20, True),
    "module_category_accounting_accounting": ("Invoicing", 4, True),
    "module_category_sales": ("Sales", 5, True),
    "module_category_productivity": ("Productivity", 30, True),
}
#: the category of a module whose manifest names none (Odoo's)
DEFAULT_CATEGORY = "Uncategorized"


def category_xml_name(path: list[str]) -> str:
    """The external id (in base) of the category at ``path`` (["Sales", "Sales"])."""
    joined = "_".join(part.lower() for part in path)
    return "module_category_" + joined.replace("&", "and").replace(" ", "_")


def ensure_category(env: Environment, path: str) -> int:
    """The id of the category at ``path`` ("Accounting/Accounting"), made (with
    its parents) when missing."""
    data = env["ir.model.data"]
    categories = env["ir.module.category"].sudo()
    parts = [part for part in path.split("/") if part] or [DEFAULT_CATEGORY]
    parent: int | bool = False
    for depth, part in enumerate(parts, start=1):
        xml_name = category_xml_name(parts[:depth])
        found = data._xmlid_to_res_id(f"base.{xml_name}")
        if found is None:
            name, sequence, visible = BASE_CATEGORIES.get(xml_name, (part, 0, True))
            values = {"name": name, "sequence": sequence, "visible": visible, "parent_id": parent}
            record = categories.create(values)
            data._declare(f"base.{xml_name}", record)
            found = record.id
        parent = int(found)
    return int(parent)


def _dependencies(declaration: Declaration) -> list[tuple[str, bool]]:
    """A module's dependencies, each with whether it blocks the module's automatic
    installation (every one for ``auto_install: True``, the listed ones for a list)."""
    auto = declaration.extra.get("auto_install", False)
    required = set(declaration.depends) if auto is True else set(auto or ())
    return [(name, name in required) for name in declaration.depends]


def sync_module_links(env: Environment) -> None:
    """Give each module row this server knows its category and dependency rows
    (idempotent: only what is missing or changed is written)."""
    found = catalogue()
    modules = env["ir.module.module"].sudo()
    rows: list[dict[str, Any]] = modules.search_read(
        [["name", "in", list(found)]], ["name", "category_id"], load=None
    )
    if not rows:
        return
    dependencies = env["ir.module.module.dependency"].sudo()
    have = {
        (row["module_id"], row["name"])
        for row in dependencies.search_read(
            [["module_id", "in", [r["id"] for r in rows]]], ["module_id", "name"], load=None
        )
    }
    new: list[dict[str, Any]] = []
    for row in rows:
        declaration = found[row["name"]]
        category = ensure_category(env, str(declaration.extra.get("category", DEFAULT_CATEGORY)))
        if row["category_id"] != category:
            modules.browse([row["id"]]).write({"category_id": category})
        new.extend(
            {"name": name, "module_id": row["id"], "auto_install_required": required}
            for name, required in _dependencies(declaration)
            if (row["id"], name) not in have
        )
    if new:
        dependencies.create(new)
