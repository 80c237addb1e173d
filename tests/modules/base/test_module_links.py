"""ir.module.module's category and dependencies, from the manifests, as Odoo 19
answers them (docs/modules.md), on both backends; a database made before
them gets them when a server opens it."""

from __future__ import annotations

from typing import Any

from jsontwo.db import Storage
from jsontwo.orm import Environment
from jsontwo.service import Databases, create_database
from jsontwo.service.databases import with_superuser
from tests.conftest import Api, as_made_by_an_older_jsontwo, new_db_name
from tests.modules.base.test_methods_api import ok

DEP = "ir.module.module.dependency"
CATEGORY = ["name", "parent_id", "sequence", "visible", "xml_id"]


def module(api: Api, name: str) -> dict[str, Any]:
    fields = ["name", "category_id", "dependencies_id"]
    [row] = ok(
        api, "ir.module.module", "search_read", {"domain": [["name", "=", name]], "fields": fields}
    )
    return dict(row)


def test_a_modules_dependencies(api: Api) -> None:
    """One row per name the manifest depends on, with that module and its state;
    searchable by the module depended on."""
    product, uom = module(api, "product"), module(api, "uom")
    fields = ["name", "module_id", "depend_id", "state", "auto_install_required"]
    rows = ok(api, DEP, "read", {"ids": product["dependencies_id"], "fields": fields})
    assert [(r["name"], r["depend_id"][1], r["state"]) for r in rows] == [
        ("base", "Base", "installed"),
        ("mail", "Discuss", "installed"),
        ("uom", "Units of measure", "installed"),
    ]
    assert {r["module_id"][1] for r in rows} == {"Products & Pricelists"}
    assert not any(r["auto_install_required"] for r in rows)
    domain = [["depend_id", "in", [uom["id"]]], ["module_id", "=", product["id"]]]
    assert ok(api, DEP, "search_read", {"domain": domain, "fields": ["name"]}) == [
        {"id": rows[2]["id"], "name": "uom"}
    ]
    assert module(api, "base")["dependencies_id"] == []


def test_the_categories_of_the_modules(api: Api) -> None:
    """A manifest's category path names a category and its parent, with Odoo's
    external ids, names and sequences ("Accounting/Accounting" is Invoicing)."""
    expected = {
        "sale": ("Sales", "Sales", "base.module_category_sales_sales"),
        "mail": ("Discuss", "Productivity", "base.module_category_productivity_discuss"),
        "account": ("Invoicing", "Accounting", "base.module_category_accounting_accounting"),
    }
    for name, (category, parent, xml_id) in expected.items():
        [row] = ok(
            api,
            "ir.module.category",
            "search_read",
            {"domain": [["module_ids.name", "=", name]], "fields": CATEGORY},
        )
        assert (row["name"], row["parent_id"][1], row["xml_id"]) == (category, parent, xml_id)
    [hidden] = ok(
        api,
        "ir.module.category",
        "search_read",
        {"domain": [["module_ids.name", "=", "base"]], "fields": CATEGORY},
    )
    assert hidden == {
        "id": hidden["id"],
        "name": "Technical",
        "parent_id": False,
        "sequence": 70,
        "visible": False,
        "xml_id": "base.module_category_hidden",
    }
    # listing the modules again adds no second row
    before = ok(api, DEP, "search_count", {"domain": []})
    ok(api, "ir.module.module", "update_list", {})
    assert ok(api, DEP, "search_count", {"domain": []}) == before


def test_an_older_database_gets_them(storage: Storage) -> None:
    """A database made before categories and dependencies gets them when opened."""
    name = new_db_name("moddep")
    registry = create_database(storage, name)

    def older(env: Environment) -> None:
        env.cr.execute('DELETE FROM "ir_module_module_dependency"')
        env.cr.execute('UPDATE "ir_module_module" SET category_id = NULL')
        as_made_by_an_older_jsontwo(env)

    def check(env: Environment) -> tuple[list[str], str]:
        sale = env["ir.module.module"].search([["name", "=", "sale"]])
        return sale.dependencies_id.mapped("name"), sale.category_id.name

    try:
        with_superuser(registry, older)
        registry.database.dispose()
        opened = Databases(storage)
        try:
            assert with_superuser(opened.registry(name), check) == (["account"], "Sales")
        finally:
            opened.close()
    finally:
        storage.drop(name)
