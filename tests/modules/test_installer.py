"""Installing modules from outside jsontwo into real databases (SQLite and
PostgreSQL): at creation and later, in one transaction, with their models
(their own, delegated, extending jsontwo's through super()), access lines and
data; ir.module.module's buttons; a database whose modules are missing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

from jsontwo.db import Storage
from jsontwo.exceptions import AccessDenied, MissingError, UserError
from jsontwo.modules import MODULES
from jsontwo.modules.base.registry_version import REGISTRY_VERSION_KEY
from jsontwo.modules.catalogue import ModuleError, ModulesMissing
from jsontwo.orm import Environment, Registry
from jsontwo.service import Databases, create_database
from jsontwo.service.databases import with_superuser
from jsontwo.service.modules import install_modules, list_modules
from tests.conftest import new_db_name

ADDONS = Path(__file__).parent / "addons"
T = TypeVar("T")


@pytest.fixture(autouse=True)
def addons(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JSONTWO_ADDONS_PATH", str(ADDONS))


@pytest.fixture
def made(storage: Storage) -> Iterator[Callable[..., str]]:
    """``make(modules=None)``: a new database (dropped after the test)."""
    names: list[str] = []

    def make(modules: list[str] | None = None, demo: bool = False) -> str:
        name = new_db_name("mod")
        create_database(storage, name, demo=demo, modules=modules).database.dispose()
        names.append(name)
        return name

    yield make
    for name in names:
        storage.drop(name)


def ref(env: Environment, xmlid: str) -> Any:
    """The record of ``xmlid`` (which must exist)."""
    record = env.ref(xmlid)
    assert record is not None
    return record


def opened(storage: Storage, name: str, work: Callable[[Environment], T]) -> T:
    """``work(env)`` as the superuser on ``name`` opened as a server opens it."""
    databases = Databases(storage)
    try:
        return with_superuser(databases.registry(name), work)
    finally:
        databases.close()


def as_user(registry: Registry, uid: int, work: Callable[[Environment], T]) -> T:
    def run(env: Environment) -> T:
        return work(env(uid=uid, su=False))

    return with_superuser(registry, run)


def test_a_database_made_with_modules_has_them_and_their_dependencies(
    storage: Storage, made: Callable[..., str]
) -> None:
    name = made(["shelf_sale"])

    def check(env: Environment) -> dict[str, Any]:
        special = env["shelf.special"].create({"name": "red one", "size": 5, "colour": "red"})
        partner = env["res.partner"].create({"name": "Shelf customer"})
        order = env["sale.order"].create(
            {"partner_id": partner.id, "shelf_item_id": ref(env, "shelf.item_first").id}
        )
        order.action_confirm()
        partner.write({"shelf_note": "  near the door  "})
        rows = env["ir.module.module"].search_read([], ["name", "state", "latest_version"])
        return {
            "modules": list(env.registry.modules),
            "special": (special.name, special.double, special.item_id.name, special.colour),
            "order": (order.state, order.client_order_ref, order.shelf_item_id.name),
            "note": partner.shelf_note,
            "installed": {
                r["name"]: r["latest_version"] for r in rows if r["state"] == "installed"
            },
            "access": env["ir.model.access"].search_count([("name", "like", "shelf.")]),
        }

    seen = opened(storage, name, check)
    assert seen["modules"] == [*MODULES, "shelf", "shelf_sale"]
    # _inherits: the item's fields (a stored computed one too) are the special's
    assert seen["special"] == ("red one", 10, "red one", "red")
    # sale.order's action_confirm, then the module's (through super())
    assert seen["order"] == ("sale", "shelved", "first")
    assert seen["note"] == "near the door"
    assert seen["installed"]["shelf"] == "1.0"
    assert seen["installed"]["shelf_sale"] == "1.0"
    assert seen["installed"]["sale"] == "19.0.1.2"
    assert seen["access"] == 2


def test_a_database_with_only_some_modules_lacks_the_others(
    storage: Storage, made: Callable[..., str]
) -> None:
    name = made(["shelf"])
    assert opened(storage, name, lambda env: sorted(env.registry.modules)) == ["base", "shelf"]
    assert opened(storage, name, lambda env: "sale.order" in env) is False


def test_a_module_installed_later_brings_its_tables_columns_rows_and_data(
    storage: Storage, made: Callable[..., str]
) -> None:
    name = made()
    stamp = opened(
        storage, name, lambda env: env["ir.config_parameter"].get_param(REGISTRY_VERSION_KEY)
    )
    databases = Databases(storage)
    try:
        assert install_modules(databases.registry(name), ["shelf"]) == ["shelf"]
        # again: nothing to do
        assert install_modules(databases.registry(name), ["shelf"]) == []
    finally:
        databases.close()

    def check(env: Environment) -> tuple[Any, ...]:
        item = ref(env, "shelf.item_first")
        partner = ref(env, "base.main_partner")
        partner.write({"shelf_note": " x "})
        return (
            item.double,
            partner.shelf_note,
            env["ir.config_parameter"].get_param(REGISTRY_VERSION_KEY) != stamp,
        )

    assert opened(storage, name, check) == (4, "x", True)
    infos = {i.name: i for i in list_modules(Databases(storage).registry(name))}
    assert (infos["shelf"].state, infos["shelf"].installed_version) == ("installed", "1.0")
    assert infos["cyc_a"].state == "uninstalled"


def test_a_failed_install_leaves_nothing(storage: Storage, made: Callable[..., str]) -> None:
    name = made(["shelf"])
    databases = Databases(storage)
    try:
        with pytest.raises(RuntimeError, match="broken: the data cannot be loaded"):
            install_modules(databases.registry(name), ["broken"])
    finally:
        databases.close()

    def check(env: Environment) -> tuple[Any, ...]:
        tables = env.cr.execute(
            "SELECT name FROM sqlite_master WHERE name = 'broken_thing'"
            if env.cr.dialect.is_sqlite
            else "SELECT tablename FROM pg_tables WHERE tablename = 'broken_thing'"
        )
        rows = env["ir.module.module"].search_read([("name", "=", "broken")], ["state"])
        return tables, [row["state"] for row in rows], "broken_flag" in env["res.partner"]._fields

    # no table, no column, the module listed as it was: available, not installed
    assert opened(storage, name, check) == ([], ["uninstalled"], False)


def test_the_buttons_install_as_odoo_answers(storage: Storage, made: Callable[..., str]) -> None:
    name = made(demo=True)
    databases = Databases(storage)
    try:
        registry = databases.registry(name)

        def ids(env: Environment, module: str) -> list[int]:
            return env["ir.module.module"].sudo().search([("name", "=", module)]).ids

        def admin(env: Environment) -> tuple[Any, ...]:
            modules = env["ir.module.module"]
            base = modules.browse(ids(env, "base"))
            shelf = modules.browse(ids(env, "shelf"))
            return base.button_immediate_install(), shelf.button_immediate_install()

        action = {"type": "ir.actions.act_url", "target": "self", "url": "/odoo"}
        assert as_user(registry, 2, admin) == (action, action)
    finally:
        databases.close()

    def after(env: Environment) -> tuple[Any, ...]:
        row = env["ir.module.module"].search([("name", "=", "shelf")])
        return row.state, env["shelf.item"].search_count([])

    assert opened(storage, name, after) == ("installed", 1)


def test_the_buttons_refuse(storage: Storage, made: Callable[..., str]) -> None:
    name = made(demo=True)
    databases = Databases(storage)
    try:
        registry = databases.registry(name)

        def call(uid: int, module_ids: Callable[[Environment], list[int]], button: str) -> Any:
            def work(env: Environment) -> Any:
                records = env["ir.module.module"].browse(module_ids(env))
                return getattr(records, button)()

            return as_user(registry, uid, work)

        def named(module: str) -> Callable[[Environment], list[int]]:
            return lambda env: env["ir.module.module"].sudo().search([("name", "=", module)]).ids

        demo = with_superuser(registry, lambda env: ref(env, "base.user_demo").id)
        with pytest.raises(AccessDenied):
            call(demo, named("shelf"), "button_immediate_install")
        with pytest.raises(MissingError):
            call(2, lambda env: [999999999], "button_immediate_install")
        with pytest.raises(
            UserError, match=r"Cannot upgrade module “shelf”\. It is not installed\."
        ):
            call(2, named("shelf"), "button_immediate_upgrade")

        def vanished(env: Environment) -> list[int]:
            # a row of a module this server cannot find (another server's addons path)
            return (
                env["ir.module.module"]
                .sudo()
                .create({"name": "vanished", "state": "uninstalled"})
                .ids
            )

        with pytest.raises(ModuleError, match=r"Module 'vanished' is not found\."):
            call(2, vanished, "button_immediate_install")
        assert call(2, named("base"), "button_immediate_upgrade")["url"] == "/odoo"
    finally:
        databases.close()


def test_a_database_whose_modules_are_missing_is_refused_by_name(
    storage: Storage, made: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    name = made(["shelf"])
    monkeypatch.delenv("JSONTWO_ADDONS_PATH")
    databases = Databases(storage)
    try:
        with pytest.raises(ModulesMissing) as caught:
            databases.registry(name)
    finally:
        databases.close()
    assert caught.value.names == ("shelf",)
    assert f"Database {name!r} has modules installed that this server cannot find: shelf." in (
        caught.value.message
    )


def test_the_list_is_updated_and_nothing_is_uninstalled(
    storage: Storage, made: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """update_list adds the rows of modules found since (an addons path given
    later); uninstalling is refused by name, and the module stays."""
    monkeypatch.delenv("JSONTWO_ADDONS_PATH")
    name = made()
    databases = Databases(storage)
    try:
        registry = databases.registry(name)
        assert with_superuser(registry, lambda env: env["ir.module.module"].update_list()) == [0, 0]
        monkeypatch.setenv("JSONTWO_ADDONS_PATH", str(ADDONS))
        added = with_superuser(registry, lambda env: env["ir.module.module"].update_list())
        assert added == [0, 6]  # shelf, shelf_sale, broken, cyc_a, cyc_b, needs_ghost

        def uninstall(env: Environment) -> Any:
            return (
                env["ir.module.module"].search([("name", "=", "sale")]).button_immediate_uninstall()
            )

        with pytest.raises(UserError, match=r"jsontwo cannot uninstall modules \(sale\)"):
            as_user(registry, 2, uninstall)
    finally:
        databases.close()
