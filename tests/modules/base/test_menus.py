"""The menus jsontwo's modules ship (ir.ui.menu under Odoo's external ids, their
action a reference to the window action), and their return to a database that
lost one, by the modules' upgrade."""

from __future__ import annotations

from jsontwo.modules.base.loading import upgrade_data
from jsontwo.orm import Environment, Registry
from jsontwo.service.databases import with_superuser
from tests.conftest import Api
from tests.http.test_json2 import assert_ok
from tests.modules.base.test_actions import read, ref


def test_the_settings_menus_open_the_window_actions(api: Api) -> None:
    users_menu = ref(api, "base", "menu_action_res_users")
    parent = ref(api, "base", "menu_users")
    users_action = ref(api, "base", "action_res_users")
    [menu] = read(api, "ir.ui.menu", [users_menu], ["name", "parent_id", "action", "group_ids"])
    assert menu == {
        "id": users_menu,
        "name": "Users",
        "parent_id": [parent, "Settings/Users & Companies"],
        "action": f"ir.actions.act_window,{users_action}",
        "group_ids": [],
    }
    settings = ref(api, "base", "menu_administration")
    [root] = read(api, "ir.ui.menu", [settings], ["group_ids"])
    assert sorted(root["group_ids"]) == sorted(
        [ref(api, "base", "group_erp_manager"), ref(api, "base", "group_system")]
    )
    # the sale module's menus open its actions
    orders = ref(api, "sale", "menu_sale_order")
    [sale_menu] = read(api, "ir.ui.menu", [orders], ["complete_name", "action"])
    assert sale_menu["complete_name"] == "Sales/Orders/Orders"
    assert sale_menu["action"] == f"ir.actions.act_window,{ref(api, 'sale', 'action_orders')}"


def test_an_upgrade_brings_back_a_menu_the_database_lacks(api: Api, registry: Registry) -> None:
    def drop_companies_menu(env: Environment) -> None:
        data = env["ir.model.data"]
        menu = data._ref("base.menu_action_res_company_form")
        data.search([("model", "=", "ir.ui.menu"), ("res_id", "=", menu.id)]).unlink()
        menu.unlink()

    with_superuser(registry, drop_companies_menu)
    with_superuser(registry, upgrade_data)
    menu = ref(api, "base", "menu_action_res_company_form")
    companies = ref(api, "base", "action_res_company_form")
    found = assert_ok(
        api.call(
            "ir.ui.menu",
            "search_read",
            {"domain": [("action", "=", f"ir.actions.act_window,{companies}")], "fields": ["name"]},
        )
    )
    assert found == [{"id": menu, "name": "Companies"}]
