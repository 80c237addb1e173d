"""res.groups: the base groups, implied groups, who is an administrator, and
databases made before groups existed getting them when a server opens them."""

from __future__ import annotations

from typing import Any

from jsontwo.db import Storage
from jsontwo.orm import Environment, Registry
from jsontwo.service import Databases, create_database
from jsontwo.service.databases import with_superuser
from tests.conftest import new_db_name

BASE_GROUPS = {
    "base.group_user": "Role / User",
    "base.group_erp_manager": "Access Rights",
    "base.group_system": "Role / Administrator",
    "base.group_portal": "Role / Portal",
    "base.group_public": "Role / Public",
    "base.group_multi_company": "Multi Companies",
    "base.group_partner_manager": "Creation",
}


def test_the_base_groups_and_what_they_imply(registry: Registry) -> None:
    def work(env: Environment) -> Any:
        names = {}
        for xmlid in BASE_GROUPS:
            group = env.ref(xmlid)
            assert group is not None
            names[xmlid] = group.name
        system = env.ref("base.group_system")
        assert system is not None
        implied, todo = set(), system
        while todo:  # the groups Settings implies, directly or not
            implied.update(todo.mapped("name"))
            todo = todo.mapped("implied_ids").filtered(lambda g: g.name not in implied)
        internal = env.ref("base.group_user")
        assert internal is not None
        return names, implied, internal.api_key_duration

    names, implied, duration = with_superuser(registry, work)
    assert names == BASE_GROUPS
    assert implied == {
        "Role / Administrator",
        "Access Rights",
        "Role / User",
        "Technical Documentation",
        "Creation",
        "Allowed",
        "Bypass HTML Field Sanitize",
        "Technical Features",
    }
    assert duration == 90.0


def test_admin_is_system_and_new_users_are_internal(registry: Registry) -> None:
    def work(env: Environment) -> Any:
        admin = env.ref("base.user_admin")
        assert admin is not None
        user = env["res.users"].create({"login": new_db_name("login"), "name": "New"})
        as_user = env(uid=user.id, su=False)
        return (
            admin.has_group("base.group_system"),
            admin.has_group("base.group_user"),  # implied by Settings
            user.has_group("base.group_user"),
            as_user.is_system(),
            env(uid=admin.id, su=False).is_system(),
        )

    assert with_superuser(registry, work) == (True, True, True, False, True)


def test_admin_explicit_groups_are_settings_alone(registry: Registry) -> None:
    """As Odoo's: the administrator is given Settings, which implies User; User
    is not among their own groups."""

    def work(env: Environment) -> Any:
        groups = env["res.groups"].with_context(active_test=False)
        found = groups.search([["user_ids.login", "=", "admin"]], order="name")
        return found.mapped("name")

    assert with_superuser(registry, work) == ["Role / Administrator"]


def test_a_database_made_before_groups_gets_them_when_opened(storage: Storage) -> None:
    name = new_db_name("nogroups")
    create_database(storage, name, demo=True).database.dispose()
    try:
        old = Databases(storage).registry(name)

        def forget_groups(env: Environment) -> None:
            # a database of that time had no access lines or rules either
            env.cr.execute('DELETE FROM "rule_group_rel"')
            env.cr.execute('DELETE FROM "ir_rule"')
            env.cr.execute('DELETE FROM "ir_model_access"')
            env.cr.execute(
                "DELETE FROM \"ir_model_data\" WHERE model IN ('ir.rule', 'ir.model.access')"
            )
            env.cr.execute('DELETE FROM "res_groups_users_rel"')
            env.cr.execute('DELETE FROM "res_groups_implied_rel"')
            env.cr.execute('DELETE FROM "res_groups"')
            env.cr.execute("DELETE FROM \"ir_model_data\" WHERE name LIKE 'group_%%'")
            env.cr.execute("DELETE FROM \"ir_config_parameter\" WHERE key LIKE 'base.%%'")

        with_superuser(old, forget_groups)
        old.database.dispose()
        reopened = Databases(storage).registry(name)  # a server starting on it

        def check(env: Environment) -> Any:
            admin = env.ref("base.user_admin")
            assert admin is not None
            demo = env.ref("base.user_demo")
            assert demo is not None
            params = env["ir.config_parameter"]
            return (
                admin.has_group("base.group_system"),
                admin.has_group("base.group_user"),
                demo.has_group("base.group_user"),
                params.get_param("base.enable_programmatic_api_keys"),
            )

        assert with_superuser(reopened, check) == (True, True, True, "True")
        reopened.database.dispose()
    finally:
        storage.drop(name)


def test_groups_without_an_api_key_duration_leave_it_unset(registry: Registry) -> None:
    """Only Role / User has a duration (as in Odoo's data): the others' is unset,
    which groups apart from a duration of 0 (found by the differential fuzzer)."""

    def work(env: Environment) -> Any:
        names = [BASE_GROUPS["base.group_user"], BASE_GROUPS["base.group_portal"]]
        return env["res.groups"].formatted_read_group(
            [["name", "in", names]], ["api_key_duration"], ["__count"]
        )

    groups = with_superuser(registry, work)
    assert [(g["api_key_duration"], g["__count"]) for g in groups] == [(90.0, 1), (False, 1)]
