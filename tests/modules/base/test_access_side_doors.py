# ruff: noqa: F811 - the matrix's ``world`` fixture is imported, then requested
"""Side doors around the access rights (ir.model.access, ir.rule), found by a
security review: one test per way in, each asserting the secure (and, where Odoo
decides, Odoo's) behaviour.

They reuse the users of the access matrix (``test_access_matrix.World``): the
demo administrator, ``demo`` (Internal User, Contact Creation; main company),
a portal user and an internal user of company B, each with an API key. Every
test runs on SQLite and on PostgreSQL and undoes what it changes.
"""

from __future__ import annotations

from typing import Any

from jsontwo.orm import Registry
from tests.conftest import Api
from tests.http.test_json2 import assert_error
from tests.modules.base.test_access_matrix import (  # noqa: F401 - world is a fixture
    ACCESS_ERROR,
    ACCESS_RIGHTS,
    COMPANY_B_NAME,
    UNAUTHORIZED_COMPANIES,
    World,
    call,
    model_denied,
    model_id,
    ok,
    search_ids,
    shipped_access_groups,
    unique,
    world,
)
from tests.modules.base.test_apikeys import new_user


# --- 1. sub-searches skip the comodel's access lines -------------------------------------
def test_a_sub_search_through_a_model_the_caller_may_not_read_is_refused(
    api: Api, world: World
) -> None:
    """Odoo's ``_search`` checks the model's access lines first, sub-searches of
    dotted paths and ``any`` included: a model nobody lets you read cannot be
    probed through a relation to it (the rule texts here, char by char)."""
    # demo may read partners but not their users' groups
    expected = model_denied(
        "read", "Access Groups", "res.groups", shipped_access_groups("res.groups", "read")
    )
    for domain in (
        [["user_ids.group_ids.comment", "ilike", "x"]],
        [["user_ids.group_ids", "any", [["comment", "ilike", "x"]]]],
    ):
        response = call(api, world.portal, "res.partner", "search", {"domain": domain})
        assert_error(response, 403, ACCESS_ERROR, expected)
    # the portal user may read users but not groups
    expected = model_denied(
        "read", "Access Groups", "res.groups", shipped_access_groups("res.groups", "read")
    )
    response = call(
        api, world.portal, "res.users", "search", {"domain": [["group_ids.name", "=", "Portal"]]}
    )
    assert_error(response, 403, ACCESS_ERROR, expected)


# --- 2. the domain cache forgets that "no rules" is a dependency too ---------------------
def test_a_rule_created_at_run_time_filters_sub_searches_already_made(
    api: Api, world: World
) -> None:
    admin, demo = world.admin, world.demo
    secret = unique("secret")
    tag = ok(api, admin, "res.partner.category", "create", {"vals_list": [{"name": secret}]})[0]
    ok(
        api,
        admin,
        "res.partner",
        "write",
        {"ids": [world.p_main], "vals": {"category_id": [[4, tag]]}},
    )
    rule = None
    try:
        domain = [["category_id.name", "=", secret]]
        assert search_ids(api, demo, "res.partner", domain) == {world.p_main}
        rule = ok(
            api,
            admin,
            "ir.rule",
            "create",
            {
                "vals_list": [
                    {
                        "name": "review: secret tags are hidden",
                        "model_id": model_id(api, world, "res.partner.category"),
                        "domain_force": "[('name', 'not like', 'secret')]",
                    }
                ]
            },
        )[0]
        assert search_ids(api, demo, "res.partner.category", [["id", "=", tag]]) == set()
        # the same question asked another way is filtered ...
        other = [["category_id", "any", [["name", "=", secret]]]]
        assert search_ids(api, demo, "res.partner", other) == set()
        # ... and so must be the question asked before the rule existed
        assert search_ids(api, demo, "res.partner", domain) == set()
    finally:
        if rule is not None:
            ok(api, admin, "ir.rule", "unlink", {"ids": [rule]})
        ok(api, admin, "res.partner.category", "unlink", {"ids": [tag]})


def test_a_user_without_rules_does_not_lift_them_for_the_next_caller(
    api: Api, world: World, registry: Registry
) -> None:
    """A user in no group has no res.company rule; the SQL compiled for them must
    not be reused for demo, whose rules hide company B."""
    nobody = new_user(registry, groups=[])
    domain = [["company_ids.name", "=", COMPANY_B_NAME], ["login", "!=", unique("x")]]
    response = api.call("res.users", "search", {"domain": domain}, key=nobody.key)
    assert response.status_code == 200, response.text
    assert set(response.json()) >= {world.admin.uid, world.b_user.uid}
    # demo cannot read company B: searching users through it finds nobody
    assert search_ids(api, world.demo, "res.users", domain) == set()


# --- 3. child_of in a rule, frozen inside a cached sub-search ----------------------------
def test_a_sub_search_follows_the_hierarchy_the_portal_rule_reads_now(
    api: Api, world: World
) -> None:
    name = unique("newcontact")
    domain = [["child_ids.name", "=", name]]
    assert search_ids(api, world.portal, "res.partner", domain) == set()
    new = ok(
        api,
        world.admin,
        "res.partner",
        "create",
        {"vals_list": [{"name": name, "parent_id": world.customer}]},
    )
    try:
        assert search_ids(api, world.portal, "res.partner", [["id", "in", new]]) == set(new)
        assert search_ids(api, world.portal, "res.partner", domain) == {world.customer}
    finally:
        ok(api, world.admin, "res.partner", "unlink", {"ids": new})


# --- 4. Contact Creation edits other internal users through their partners ----------------
def test_contact_creation_does_not_change_the_partner_of_another_internal_user(
    api: Api, world: World, registry: Registry
) -> None:
    """Odoo's res.partner.write: ``internal_users.check_access('write')`` for the
    partner of an internal user other than the caller."""
    body = {"ids": [world.admin.uid], "fields": ["email", "name"]}
    before = ok(api, world.admin, "res.users", "read", body)[0]
    try:
        response = call(
            api,
            world.demo,
            "res.partner",
            "write",
            {"ids": [world.admin.partner_id], "vals": {"email": "attacker@example.com"}},
        )
        assert_error(
            response, 403, ACCESS_ERROR, model_denied("write", "User", "res.users", ACCESS_RIGHTS)
        )
        assert ok(api, world.admin, "res.users", "read", body)[0]["email"] == before["email"]
        # jsontwo's own departure: an Access Rights manager may not change an
        # administrator; through the administrator's partner they can
        manager = new_user(
            registry, groups=["base.group_erp_manager", "base.group_partner_manager"]
        )
        response = api.call(
            "res.partner",
            "write",
            {"ids": [world.admin.partner_id], "vals": {"name": "Not The Admin"}},
            key=manager.key,
        )
        assert_error(response, 403, ACCESS_ERROR)
        assert ok(api, world.admin, "res.users", "read", body)[0]["name"] == before["name"]
    finally:
        vals = {"email": before["email"], "name": before["name"]}
        ok(api, world.admin, "res.users", "write", {"ids": [world.admin.uid], "vals": vals})


# --- 5. a contact made under a hidden company copies its address --------------------------
def test_a_contact_made_under_a_hidden_company_does_not_reveal_its_address(
    api: Api, world: World
) -> None:
    """Odoo reads the parent's address as the caller (an AccessError for a hidden
    parent); only the commercial fields are synced as the superuser."""
    body = {"ids": [world.p_b], "fields": ["street"]}
    before = ok(api, world.admin, "res.partner", "read", body)[0]["street"]
    street = unique("1 Secret Street")
    ok(api, world.admin, "res.partner", "write", {"ids": [world.p_b], "vals": {"street": street}})
    name = unique("spy")
    try:
        response = call(
            api,
            world.demo,
            "res.partner",
            "create",
            {"vals_list": [{"name": name, "parent_id": world.p_b}]},
        )
        if response.status_code == 200:
            rows = ok(
                api,
                world.demo,
                "res.partner",
                "read",
                {"ids": response.json(), "fields": ["street"]},
            )
            assert rows[0]["street"] != street
        else:
            assert_error(response, 403, ACCESS_ERROR)
    finally:
        made = search_ids(api, world.admin, "res.partner", [["name", "=", name]])
        if made:
            ok(api, world.admin, "res.partner", "unlink", {"ids": sorted(made)})
        ok(
            api,
            world.admin,
            "res.partner",
            "write",
            {"ids": [world.p_b], "vals": {"street": before}},
        )


# --- 6. action_archive answers for hidden records it does not touch -----------------------
def test_archiving_a_hidden_record_is_refused_whatever_its_state(api: Api, world: World) -> None:
    hidden = ok(
        api,
        world.admin,
        "res.partner",
        "create",
        {"vals_list": [{"name": unique("hidden"), "company_id": world.company_b}]},
    )
    try:
        ok(api, world.admin, "res.partner", "write", {"ids": hidden, "vals": {"active": False}})
        # the active twin answers 403; the archived one must not answer differently
        response = call(api, world.demo, "res.partner", "action_archive", {"ids": hidden})
        assert_error(response, 403, ACCESS_ERROR)
        ok(api, world.admin, "res.partner", "write", {"ids": hidden, "vals": {"active": True}})
        response = call(api, world.demo, "res.partner", "action_unarchive", {"ids": hidden})
        assert_error(response, 403, ACCESS_ERROR)
    finally:
        ok(api, world.admin, "res.partner", "unlink", {"ids": hidden})


# --- 7. allowed_company_ids: true passes for company 1 ------------------------------------
def test_allowed_company_ids_are_company_ids(api: Api, world: World) -> None:
    """``true == 1`` in Python: the check lets it through; SQLite then reads it as
    company 1, PostgreSQL fails with a database error (500, SQL in the message)."""
    for value in ([True], True, [1.0]):
        body = {"domain": [], "limit": 1, "context": {"allowed_company_ids": value}}
        response = call(api, world.demo, "res.partner", "search", body)
        assert_error(response, 403, ACCESS_ERROR, UNAUTHORIZED_COMPANIES)


# --- 8. the process-wide snapshot keeps whatever callers ask about -------------------------
def test_has_group_does_not_grow_the_process_memory(
    api: Api, world: World, registry: Registry, app: Any
) -> None:
    served = app.databases.registry(registry.database.name)
    assert ok(api, world.demo, "res.users", "has_group", {"group_ext_id": "base.group_user"})
    snap = served.caches.access_rights
    kept_names = sum(len(name) for name in snap.group_xmlids)
    kept_users = len(snap.user_groups)
    for i in range(20):
        name = f"x{i}." + "y" * 100_000
        assert ok(api, world.demo, "res.users", "has_group", {"group_ext_id": name}) is False
        body = {"ids": [10**9 + i], "group_ext_id": "base.group_user"}
        call(api, world.demo, "res.users", "has_group", body)
    assert served.caches.access_rights is snap  # nothing changed access meanwhile
    assert sum(len(name) for name in snap.group_xmlids) - kept_names < 100_000
    assert len(snap.user_groups) - kept_users < 20


# --- 9. a rule that breaks for one user only: 500 instead of matching nothing -------------
def test_a_rule_that_fails_for_one_user_matches_nothing_for_them(api: Api, world: World) -> None:
    """docs/access.md: a rule that breaks "matches nothing and is logged: it fails
    closed". This one is valid for the administrator (whose commercial partner
    has at most one contact) and fails for the portal user (two)."""
    rule = ok(
        api,
        world.admin,
        "ir.rule",
        "create",
        {
            "vals_list": [
                {
                    "name": "review: breaks for some users",
                    "model_id": model_id(api, world, "res.country"),
                    "domain_force": "[('name', '!=', user.commercial_partner_id.child_ids.name)]",
                }
            ]
        },
    )[0]
    try:
        response = call(api, world.portal, "res.country", "search", {"domain": [], "limit": 5})
        assert response.status_code == 200, response.text
        assert response.json() == []
        assert ok(api, world.demo, "res.country", "search", {"domain": [], "limit": 1})
    finally:
        ok(api, world.admin, "ir.rule", "unlink", {"ids": [rule]})
