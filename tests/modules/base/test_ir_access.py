"""Access lines and record rules as data: every model has access lines from the
data files, loading them is idempotent, a change to access rights made through
one process is seen by another at once, who is a share user, and the demo data
of issue 5 (the user ``demo``, the second company).

The behaviour of the checks themselves, user by user, is in test_access_matrix.py.
"""

from __future__ import annotations

from typing import Any

from jsontwo.db import Storage
from jsontwo.exceptions import AccessError, ValidationError
from jsontwo.modules.base.loading import upgrade_data
from jsontwo.orm import Environment, Registry
from jsontwo.service import Databases
from jsontwo.service.databases import with_superuser
from tests.modules.base.companies import second_company
from tests.modules.base.test_apikeys import unique

#: models with no records of their own, abstract in Odoo, which ships no access
#: line for them (the scheduled action runs ir.autovacuum as the superuser)
ABSTRACT_IN_ODOO = {"ir.autovacuum"}


def test_every_model_has_access_lines(registry: Registry) -> None:
    def work(env: Environment) -> set[str]:
        rows = env.cr.execute(
            'SELECT DISTINCT m.model FROM "ir_model_access" a '
            'JOIN "ir_model" m ON m.id = a.model_id WHERE a.active IS TRUE'
        )
        return {row[0] for row in rows}

    covered = with_superuser(registry, work)
    assert set(registry.models) - covered == ABSTRACT_IN_ODOO


def test_loading_access_files_again_changes_nothing_but_restores_shipped_lines(
    registry: Registry,
) -> None:
    def snapshot(env: Environment) -> Any:
        lines = (
            env["ir.model.access"]
            .with_context(active_test=False)
            .search_read(
                [], ["name", "model_id", "group_id", "perm_read", "perm_write"], order="id"
            )
        )
        rules = (
            env["ir.rule"]
            .with_context(active_test=False)
            .search_read([], ["name", "domain_force"], order="id")
        )
        return lines, rules

    before = with_superuser(registry, snapshot)
    with_superuser(registry, upgrade_data)
    assert with_superuser(registry, snapshot) == before

    def tamper(env: Environment) -> None:
        line = env.ref("base.access_res_partner_user")
        assert line is not None
        line.write({"perm_write": True})  # a shipped line: the file wins
        rule = env.ref("base.res_partner_bank_rule")
        assert rule is not None
        rule.write({"domain_force": "[('company_id', '=', False)]"})  # a rule: the admin wins

    with_superuser(registry, tamper)
    with_superuser(registry, upgrade_data)

    def after(env: Environment) -> tuple[bool, str]:
        line = env.ref("base.access_res_partner_user")
        rule = env.ref("base.res_partner_bank_rule")
        assert line is not None and rule is not None
        return line.perm_write, rule.domain_force

    assert with_superuser(registry, after) == (False, "[('company_id', '=', False)]")

    def restore(env: Environment) -> None:
        rule = env.ref("base.res_partner_bank_rule")
        assert rule is not None
        rule.write({"domain_force": before[1][_index(before[1], rule.id)]["domain_force"]})

    with_superuser(registry, restore)


def _index(rows: list[dict[str, Any]], rid: int) -> int:
    return next(pos for pos, row in enumerate(rows) if row["id"] == rid)


def test_a_rule_added_through_one_process_applies_in_another_at_once(
    registry: Registry, storage: Storage
) -> None:
    """Two registries on one database stand for two workers: each keeps its own
    snapshot of the access rights, and neither may serve a stale one."""
    other = Databases(storage).registry(registry.database.name)
    tag = unique("hidden-tag")

    def setup(env: Environment) -> tuple[int, int]:
        demo = env.ref("base.user_demo")
        assert demo is not None
        created = env["res.partner.category"].create({"name": tag})
        return demo.id, created.id

    demo, tag_id = with_superuser(registry, setup)

    def visible(reg: Registry) -> bool:
        def work(env: Environment) -> bool:
            found = env(uid=demo, su=False)["res.partner.category"].search([["id", "=", tag_id]])
            return bool(found)

        return bool(with_superuser(reg, work))

    assert visible(registry) and visible(other)  # both now keep a snapshot

    def add_rule(env: Environment) -> int:
        internal = env.ref("base.group_user")
        assert internal is not None
        rule = env(uid=2, su=False)["ir.rule"].create(
            {
                "name": "tags: not the hidden ones",
                "model_id": env["ir.model"]._get_id("res.partner.category"),
                "domain_force": "[('name', 'not like', 'hidden-tag')]",
                "groups": [[6, 0, [internal.id]]],
            }
        )
        return int(rule.id)

    rule_id = with_superuser(registry, add_rule)
    assert not visible(other)
    assert not visible(registry)
    with_superuser(other, lambda env: env(uid=2, su=False)["ir.rule"].browse([rule_id]).unlink())
    assert visible(registry) and visible(other)
    other.database.dispose()


def test_share_users_are_those_without_internal_user(registry: Registry) -> None:
    def work(env: Environment) -> tuple[bool, bool, bool, bool]:
        portal = env.ref("base.group_portal")
        internal = env.ref("base.group_user")
        assert portal is not None and internal is not None
        user = env["res.users"].create(
            {"login": unique("portal"), "name": "Portal", "group_ids": [[6, 0, [portal.id]]]}
        )
        share_before = user.share
        partner_share = user.partner_id.partner_share
        # from portal to internal user (one user type at most, as in Odoo)
        user.write({"group_ids": [[3, portal.id], [4, internal.id]]})
        return share_before, partner_share, user.share, user.partner_id.partner_share

    assert with_superuser(registry, work) == (True, True, False, False)


def test_new_users_get_the_default_groups_and_the_current_company(registry: Registry) -> None:
    """As in Odoo: a new user is an internal user, plus what "Default access for
    new users" implies (nothing until an administrator adds to it)."""

    def work(env: Environment) -> Any:
        internal = env.ref("base.group_user")
        export = env.ref("base.group_allow_export")
        template = env.ref("base.default_user_group")
        main = env.ref("base.main_company")
        assert internal is not None and export is not None and template is not None
        assert main is not None
        user = env["res.users"].create({"login": unique("new"), "name": "New"})
        plain = {g.id for g in user.group_ids}
        template.write({"implied_ids": [[4, export.id]]})
        other = env["res.users"].create({"login": unique("new2"), "name": "New 2"})
        return (
            plain == {internal.id},
            {g.id for g in other.group_ids} == {internal.id, export.id},
            user.company_id.id == main.id,
            user.company_ids.ids == [main.id],
        )

    assert with_superuser(registry, work) == (True, True, True, True)


def test_admin_is_an_internal_user_through_settings_alone(registry: Registry) -> None:
    """Odoo's administrator has Role / Administrator as only explicit group."""

    def work(env: Environment) -> Any:
        admin = env.ref("base.user_admin")
        system = env.ref("base.group_system")
        assert admin is not None and system is not None
        return admin.group_ids.ids == [system.id], admin.has_group("base.group_user")

    assert with_superuser(registry, work) == (True, True)


def test_demo_data_has_a_non_admin_user_and_a_second_company(registry: Registry) -> None:
    second_company(registry)

    def work(env: Environment) -> Any:
        demo = env.ref("base.user_demo")
        second = env.ref("base.demo_company_b")
        admin = env.ref("base.user_admin")
        main = env.ref("base.main_company")
        assert demo is not None and second is not None
        assert admin is not None and main is not None
        login = env["res.users"]._login("demo", "demo")
        return (
            demo.login,
            demo.name,
            login == demo.id,
            demo._has_group("base.group_user"),
            demo._has_group("base.group_erp_manager"),
            demo.company_ids.ids,
            second.name,
            set(admin.company_ids.ids) == {main.id, second.id},
        )

    got = with_superuser(registry, work)
    assert got[:5] == ("demo", "Marc Demo", True, True, False)
    assert len(got[5]) == 1 and got[6] == "My Company (Chicago)" and got[7]


def test_a_users_default_company_is_one_of_their_companies(registry: Registry) -> None:
    second_company(registry)

    def work(env: Environment) -> str:
        user = env["res.users"].create({"login": unique("co"), "name": "Co"})
        second = env.ref("base.demo_company_b")
        assert second is not None
        try:
            user.write({"company_id": second.id})
        except ValidationError as exc:
            return exc.message
        return "accepted"

    message = with_superuser(registry, work)
    assert message == (
        "Company My Company (Chicago) is not in the allowed companies for user Co (YourCompany)."
    )


def test_an_x2many_of_a_model_one_may_not_read_names_the_field(registry: Registry) -> None:
    """Odoo's One2many read: the comodel's refusal, prefixed with the field."""

    def work(env: Environment) -> str:
        portal_group = env.ref("base.group_portal")
        assert portal_group is not None
        portal = env["res.users"].create(
            {
                "login": unique("portal"),
                "name": "Portal",
                "group_ids": [[6, 0, [portal_group.id]]],
            }
        )
        as_portal = env(uid=portal.id, su=False)["res.partner"].browse(portal.partner_id.ids)
        assert as_portal.read(["name"])[0]["name"] == "Portal"
        try:
            as_portal.read(["bank_ids"])
        except AccessError as exc:
            return exc.message
        return "read"

    message = with_superuser(registry, work)
    assert message.startswith(
        "Failed to read field res.partner.bank_ids\n"
        "You are not allowed to access 'Bank Accounts' (res.partner.bank) records.\n\n"
    )


def test_a_deleted_shipped_access_line_comes_back(registry: Registry) -> None:
    def delete(env: Environment) -> None:
        line = env.ref("base.access_res_lang_all")
        assert line is not None
        line.unlink()

    with_superuser(registry, delete)
    with_superuser(registry, upgrade_data)

    def after(env: Environment) -> tuple[str, bool]:
        line = env.ref("base.access_res_lang_all")
        assert line is not None
        return line.model_id.model, line.perm_read

    assert with_superuser(registry, after) == ("res.lang", True)
