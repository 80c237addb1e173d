"""res.users delegates to res.partner (``_inherits``; docs/internals/orm-behaviour.md,
"Core models"), as JSON-2 clients see it."""

from __future__ import annotations

import uuid

from jsontwo.orm import Environment, Registry
from jsontwo.service import accounts
from jsontwo.service.databases import with_superuser
from tests.conftest import Api
from tests.modules.base.test_apikeys import new_user
from tests.modules.base.test_methods_api import ok


def unique(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:8]}"


def test_creating_a_user_creates_its_partner(api: Api) -> None:
    login = unique("u")
    [uid] = ok(
        api,
        "res.users",
        "create",
        {"vals_list": {"login": login, "name": "Ann Example", "email": "a@x.com", "city": "Gent"}},
    )
    [user] = ok(api, "res.users", "read", {"ids": [uid], "fields": ["name", "city", "partner_id"]})
    pid = user["partner_id"][0]
    assert user == {
        "id": uid,
        "name": "Ann Example",
        "city": "Gent",
        "partner_id": [pid, "Ann Example"],
    }
    [partner] = ok(api, "res.partner", "read", {"ids": [pid], "fields": ["name", "email", "city"]})
    assert partner == {"id": pid, "name": "Ann Example", "email": "a@x.com", "city": "Gent"}


def test_writing_partner_fields_on_a_user_writes_the_partner(api: Api) -> None:
    [uid] = ok(api, "res.users", "create", {"vals_list": {"login": unique("w"), "name": "Bo"}})
    assert ok(
        api, "res.users", "write", {"ids": [uid], "vals": {"name": "Bo B", "website": "bo.be"}}
    )
    [user] = ok(api, "res.users", "read", {"ids": [uid], "fields": ["partner_id", "website"]})
    [partner] = ok(api, "res.partner", "read", {"ids": [user["partner_id"][0]], "fields": ["name"]})
    assert partner["name"] == "Bo B" and user["website"] == "http://bo.be"


def test_users_are_searched_and_sorted_by_partner_fields(api: Api) -> None:
    city = unique("City")
    logins = [unique("s") for _ in range(3)]
    for login, name in zip(logins, ["Zed", "Amy", "Max"], strict=True):
        ok(api, "res.users", "create", {"vals_list": {"login": login, "name": name, "city": city}})
    rows = ok(
        api,
        "res.users",
        "search_read",
        {"domain": [["city", "=", city]], "fields": ["name"], "order": "name desc"},
    )
    assert [r["name"] for r in rows] == ["Zed", "Max", "Amy"]
    assert (
        ok(
            api,
            "res.users",
            "search_count",
            {"domain": [["city", "=", city], ["name", "ilike", "m"]]},
        )
        == 2
    )


def test_fields_get_lists_partner_fields_as_related(api: Api) -> None:
    desc = ok(api, "res.users", "fields_get", {"attributes": ["type", "related", "store"]})
    assert desc["city"] == {"type": "char", "related": "partner_id.city", "store": False}
    assert desc["name"]["related"] == "partner_id.name"
    assert "related" not in desc["login"] and "related" not in desc["active"]


def test_demo_admin_has_the_password_admin_and_reads_none(api: Api, registry: Registry) -> None:
    def work(env: Environment) -> tuple[bool, bool]:
        admin = env["res.users"].search([["login", "=", "admin"]])
        return admin._check_password("admin"), admin._check_password("wrong")

    assert with_superuser(registry, work) == (True, False)
    [row] = ok(
        api,
        "res.users",
        "search_read",
        {"domain": [["login", "=", "admin"]], "fields": ["password"]},
    )
    assert row["password"] == ""


# --- change_password, has_group over JSON-2 ---------------------------------------
def test_users_change_their_own_password_given_the_current_one(
    api: Api, registry: Registry
) -> None:
    user = new_user(registry, password=True)
    body = {"old_passwd": "wrong", "new_passwd": "fresh pw"}
    response = api.call("res.users", "change_password", body, key=user.key)
    assert response.status_code == 403
    assert response.json()["name"] == "odoo.exceptions.AccessDenied"
    body = {"old_passwd": user.password, "new_passwd": "  "}
    response = api.call("res.users", "change_password", body, key=user.key)
    assert response.status_code == 422, response.text
    assert response.json()["message"] == (
        "Setting empty passwords is not allowed for security reasons!"
    )
    body = {"old_passwd": user.password, "new_passwd": " fresh pw "}
    assert api.call("res.users", "change_password", body, key=user.key).json() is True
    # kept as typed, spaces included
    assert accounts.authenticate(registry, user.login, " fresh pw ", "10.9.9.9") == user.uid


def test_has_group_about_others_is_for_internal_users(api: Api, registry: Registry) -> None:
    internal = new_user(registry)
    portal = new_user(registry, groups=["base.group_portal"])
    ask = {"ids": [2], "group_ext_id": "base.group_system"}
    assert api.call("res.users", "has_group", ask, key=internal.key).json() is True
    response = api.call("res.users", "has_group", ask, key=portal.key)
    assert response.status_code == 403
    assert response.json()["message"] == "You can ony call user.has_group() with your current user."
    mine = {"ids": [portal.uid], "group_ext_id": "base.group_portal"}
    assert api.call("res.users", "has_group", mine, key=portal.key).json() is True
    spec = {"ids": [2], "group_spec": "base.group_user,!base.group_portal"}
    assert api.call("res.users", "has_groups", spec, key=internal.key).json() is True


def test_users_come_in_the_order_of_their_names_then_logins(api: Api) -> None:
    """res.users is ordered by ``name, login`` as in Odoo (the differential fuzzer saw
    jsontwo order them by login)."""
    body = {"domain": [["login", "in", ["admin", "demo"]]], "fields": ["login"]}
    rows = api.call("res.users", "search_read", body).json()
    assert [row["login"] for row in rows] == ["demo", "admin"]  # Marc Demo, Mitchell Admin


def test_a_new_internal_user_gets_an_initial_as_picture(api: Api) -> None:
    """As in Odoo: an internal user created without a picture gets one (the initial
    of the name), on the partner, which the avatar then shows."""
    [uid] = ok(api, "res.users", "create", {"vals_list": {"login": unique("pic"), "name": "Pat"}})
    [user] = ok(api, "res.users", "read", {"ids": [uid], "fields": ["image_1920", "share"]})
    assert user["share"] is False and user["image_1920"]


def test_a_new_company_takes_the_current_companys_currency(api: Api) -> None:
    """A new company takes the current company's currency."""
    defaults = ok(api, "res.company", "default_get", {"fields": ["currency_id"]})
    (main,) = ok(
        api, "res.company", "search_read", {"domain": [], "fields": ["currency_id"], "limit": 1}
    )
    assert defaults["currency_id"] == main["currency_id"][0]
