"""Group privileges and full names, the groups users have through implied groups
(``all_group_ids``), the share flag that follows them, user types, and what
users keep besides (settings, devices, logs), as Odoo 19 has them."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from jsontwo.exceptions import ValidationError
from jsontwo.orm import Environment, Registry
from jsontwo.service.databases import with_superuser
from tests.conftest import Api
from tests.modules.base.test_apikeys import new_user
from tests.modules.base.test_methods_api import error, ok


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def group_ids(api: Api, *full_names: str) -> list[int]:
    """The ids of the groups named ``full_names``, in that order."""
    found = ok(api, "res.groups", "search_read", {"domain": [], "fields": ["full_name"]})
    by_name = {row["full_name"]: row["id"] for row in found}
    return [by_name[name] for name in full_names]


def test_base_groups_are_named_by_their_privilege(api: Api) -> None:
    rows = ok(
        api,
        "res.groups",
        "search_read",
        {
            "domain": [["privilege_id", "!=", False]],
            "fields": ["name", "full_name", "display_name", "privilege_id"],
        },
    )
    assert [(r["name"], r["full_name"], r["display_name"]) for r in rows] == [
        ("Creation", "Contact / Creation", "Contact / Creation"),
        ("Allowed", "Export / Allowed", "Export / Allowed"),
    ]
    assert [r["privilege_id"][1] for r in rows] == ["Contact", "Export"]
    privileges = ok(
        api,
        "res.groups.privilege",
        "search_read",
        {"domain": [], "fields": ["name", "placeholder", "sequence", "category_id"]},
    )
    assert [(p["name"], p["placeholder"], p["sequence"]) for p in privileges] == [
        ("Contact", "No", 100),
        ("Export", "No", 100),
    ]
    assert {p["category_id"][1] for p in privileges} == {"Master Data"}
    short = ok(
        api,
        "res.groups",
        "read",
        {"ids": [rows[0]["id"]], "fields": ["full_name"], "context": {"short_display_name": True}},
    )
    assert short[0]["full_name"] == "Creation"


@pytest.mark.parametrize(
    ("domain", "expected"),
    [
        ([["full_name", "ilike", "ontact / Crea"]], ["Contact / Creation"]),
        ([["full_name", "=", "Creation"]], ["Contact / Creation"]),
        ([["full_name", "ilike", "Export"]], ["Export / Allowed"]),
        (
            [["full_name", "in", ["Contact / Creation", "Role / User"]]],
            ["Contact / Creation", "Role / User"],
        ),
        (
            [["full_name", "not ilike", "Contact"], ["privilege_id", "!=", False]],
            ["Export / Allowed"],
        ),
    ],
)
def test_the_full_name_is_searched_on_either_side_of_the_slash(
    api: Api, domain: list[Any], expected: list[str]
) -> None:
    rows = ok(api, "res.groups", "search_read", {"domain": domain, "fields": ["full_name"]})
    assert [r["full_name"] for r in rows] == expected


def test_a_group_follows_its_privileges_name_and_sorts_by_full_name(api: Api) -> None:
    name = unique("Privilege")
    privilege = ok(api, "res.groups.privilege", "create", {"vals_list": [{"name": name}]})[0]
    group = ok(
        api, "res.groups", "create", {"vals_list": [{"name": "Level", "privilege_id": privilege}]}
    )[0]
    ok(api, "res.groups.privilege", "write", {"ids": [privilege], "vals": {"name": f"{name}!"}})
    rows = ok(api, "res.groups", "read", {"ids": [group], "fields": ["full_name"]})
    assert rows[0]["full_name"] == f"{name}! / Level"
    creation, user = group_ids(api, "Contact / Creation", "Role / User")
    body = {"domain": [["id", "in", [user, group, creation]]], "fields": ["full_name"]}
    ascending = ok(api, "res.groups", "search_read", {**body, "order": "full_name"})
    assert [r["id"] for r in ascending] == [creation, group, user]
    descending = ok(api, "res.groups", "search_read", {**body, "order": "full_name DESC"})
    assert [r["id"] for r in descending] == [user, group, creation]
    # as Odoo's: only an upper-case DESC reverses the order
    lower = ok(api, "res.groups", "search", {"domain": body["domain"], "order": "full_name desc"})
    assert lower == [creation, group, user]


def test_share_follows_the_groups_users_have_through_implied_groups(api: Api) -> None:
    internal, portal, technical = group_ids(
        api, "Role / User", "Role / Portal", "Technical Features"
    )
    staff = ok(
        api,
        "res.groups",
        "create",
        {"vals_list": [{"name": unique("Staff"), "implied_ids": [[4, internal]]}]},
    )[0]
    vals = {"name": unique("U"), "login": unique("u"), "group_ids": [[6, 0, [portal]]]}
    user = ok(api, "res.users", "create", {"vals_list": [vals]})[0]
    fields = ["share", "all_group_ids", "role", "groups_count", "partner_share"]

    def read() -> dict[str, Any]:
        return dict(ok(api, "res.users", "read", {"ids": [user], "fields": fields})[0])

    assert read()["share"] is True
    assert read()["all_group_ids"] == [portal]
    ok(api, "res.users", "write", {"ids": [user], "vals": {"group_ids": [[6, 0, [staff]]]}})
    row = read()
    assert (row["share"], row["partner_share"], row["role"]) == (False, False, "group_user")
    # the user's group, then what it implies by id (Odoo's order)
    assert row["all_group_ids"] == [staff, *sorted([internal, technical])]
    assert row["groups_count"] == 3
    # the group stops implying internal users: its user is a share user again
    ok(api, "res.groups", "write", {"ids": [staff], "vals": {"implied_ids": [[5]]}})
    row = read()
    assert (row["share"], row["partner_share"], row["all_group_ids"]) == (True, True, [staff])
    ok(api, "res.groups", "write", {"ids": [staff], "vals": {"implied_ids": [[4, internal]]}})
    assert read()["share"] is False
    # searched through the implied groups
    by_group = {"domain": [["id", "=", user], ["all_group_ids", "in", [internal]]]}
    assert ok(api, "res.users", "search", by_group) == [user]
    not_portal = {"domain": [["id", "=", user], ["all_group_ids", "not in", [portal]]]}
    assert ok(api, "res.users", "search", not_portal) == [user]
    mine = {"domain": [["all_user_ids", "in", [user]]]}
    assert sorted(ok(api, "res.groups", "search", mine)) == sorted([staff, internal, technical])
    # deleting the group leaves its user without groups: a share user
    ok(api, "res.groups", "unlink", {"ids": [staff]})
    assert read()["share"] is True


def test_a_user_is_of_one_type_at_most(api: Api) -> None:
    internal, portal = group_ids(api, "Role / User", "Role / Portal")
    name = unique("U")
    vals = {"name": name, "login": unique("u"), "group_ids": [[6, 0, [portal]]]}
    user = ok(api, "res.users", "create", {"vals_list": [vals]})[0]
    body = {"ids": [user], "vals": {"group_ids": [[4, internal]]}}
    answer = error(api, "res.users", "write", body, 422)
    assert answer["message"] == (
        f"User '{name}' cannot be at the same time in exclusive groups 'Role / Portal', "
        "'Role / User'."
    )
    # through a group implying both
    staff = ok(
        api,
        "res.groups",
        "create",
        {"vals_list": [{"name": unique("Staff"), "implied_ids": [[4, internal]]}]},
    )[0]
    ok(api, "res.users", "write", {"ids": [user], "vals": {"group_ids": [[6, 0, [staff]]]}})
    body = {"ids": [staff], "vals": {"implied_ids": [[4, portal]]}}
    assert error(api, "res.groups", "write", body, 422)["name"].endswith("ValidationError")
    disjoint = ok(api, "res.groups", "read", {"ids": [internal], "fields": ["disjoint_ids"]})
    assert portal in disjoint[0]["disjoint_ids"]


def test_technical_features_count_only_in_the_web_clients_debug_mode(
    api: Api, registry: Registry
) -> None:
    """Internal users are in Technical Features (Odoo's group_no_one), which only
    the web client's debug mode makes effective: has_group says no over the API."""
    user = new_user(registry)
    ask = {"ids": [user.uid], "group_ext_id": "base.group_no_one"}
    assert api.call("res.users", "has_group", ask, key=user.key).json() is False
    (technical,) = group_ids(api, "Technical Features")
    row = ok(api, "res.users", "read", {"ids": [user.uid], "fields": ["all_group_ids"]})[0]
    assert technical in row["all_group_ids"]


def test_users_of_a_group_are_written_through_all_user_ids(api: Api) -> None:
    (internal,) = group_ids(api, "Role / User")
    group = ok(api, "res.groups", "create", {"vals_list": [{"name": unique("Team")}]})[0]
    users = ok(
        api,
        "res.users",
        "create",
        {"vals_list": [{"name": unique("U"), "login": unique("u")} for _ in range(2)]},
    )
    ok(api, "res.groups", "write", {"ids": [group], "vals": {"all_user_ids": [[6, 0, users]]}})
    row = ok(api, "res.groups", "read", {"ids": [group], "fields": ["user_ids", "all_users_count"]})
    assert (sorted(row[0]["user_ids"]), row[0]["all_users_count"]) == (sorted(users), 2)
    ok(api, "res.groups", "write", {"ids": [group], "vals": {"all_user_ids": [[3, users[0]]]}})
    row = ok(api, "res.groups", "read", {"ids": [group], "fields": ["user_ids"]})
    assert row[0]["user_ids"] == [users[1]]
    # a user in the group through another one cannot be taken out of it
    body = {"ids": [internal], "vals": {"all_user_ids": [[3, 2]]}}
    assert error(api, "res.groups", "write", body, 422)["message"].startswith(
        "It is not possible to remove implied group 'Role / User' from users"
    )


def test_user_settings_are_their_users_own(api: Api, registry: Registry) -> None:
    user = new_user(registry)
    other = new_user(registry)
    mine = api.call(
        "res.users.settings", "create", {"vals_list": [{"user_id": user.uid}]}, key=user.key
    )
    assert mine.status_code == 200, mine.text
    settings = mine.json()[0]
    row = ok(api, "res.users", "read", {"ids": [user.uid], "fields": ["res_users_settings_id"]})[0]
    assert row["res_users_settings_id"][0] == settings
    body = {"domain": [["user_id", "=", user.uid]]}
    seen = api.call("res.users.settings", "search", body, key=other.key)
    assert seen.json() == []
    twice = api.call("res.users.settings", "create", {"vals_list": [{"user_id": user.uid}]})
    assert twice.status_code == 422
    for model in ("res.device", "res.device.log", "res.users.log"):
        assert ok(api, model, "search_count", {"domain": []}) == 0


def test_a_user_signs_with_their_name_until_they_sign_otherwise(api: Api) -> None:
    name = unique("Signer")
    user = ok(api, "res.users", "create", {"vals_list": [{"name": name, "login": unique("s")}]})[0]
    ok(api, "res.users", "write", {"ids": [user], "vals": {"name": f"{name} Renamed"}})
    row = ok(api, "res.users", "read", {"ids": [user], "fields": ["signature", "active_partner"]})
    assert row[0] == {"id": user, "signature": f"<div>{name}</div>", "active_partner": True}


def test_a_user_needs_a_company(registry: Registry) -> None:
    def work(env: Environment) -> Any:
        users = env["res.users"].with_context(allowed_company_ids=[])
        return users.create({"name": "Nowhere", "login": unique("n"), "company_id": False})

    with pytest.raises(ValidationError, match=r"Missing required value for the field 'Company'"):
        with_superuser(registry, work)


def test_devices_sort_by_is_current_but_do_not_group_by_it(api: Api, registry: Registry) -> None:
    """As in Odoo: ``is_current`` orders devices (the session's own first; jsontwo
    keeps no web sessions, so none is) but is no grouping key."""
    devices = [{"user_id": 2, "session_identifier": b, "browser": b} for b in ("x", "y")]
    made = with_superuser(registry, lambda env: env["res.device"].create(devices).ids)
    described = ok(
        api,
        "res.device",
        "fields_get",
        {"allfields": ["is_current"], "attributes": ["sortable", "groupable"]},
    )
    assert described == {"is_current": {"sortable": True, "groupable": False}}
    body = {
        "domain": [["id", "in", made]],
        "fields": ["is_current"],
        "order": "is_current desc, id",
    }
    rows = ok(api, "res.device", "search_read", body)
    assert [(row["id"], row["is_current"]) for row in rows] == [(made[0], False), (made[1], False)]
    grouped = api.call(
        "res.device", "formatted_read_group", {"domain": [], "groupby": ["is_current"]}
    )
    assert grouped.status_code != 200
