"""res.users delegates to res.partner (``_inherits``, spec 10.2), as JSON-2 clients see it."""

from __future__ import annotations

import uuid

from jsontwo.orm import Environment, Registry
from jsontwo.service.databases import with_superuser
from tests.conftest import Api
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
