"""res.users' name_search as Odoo's web client has it (found by the differential
fuzzer): an exact login names its user alone, the current user comes first, and
a user is found by name, not by a part of the login."""

from __future__ import annotations

import uuid

from tests.conftest import Api
from tests.modules.base.test_methods_api import ok


def new_users(api: Api, tag: str) -> dict[str, int]:
    """Two users named ``<tag> Amy`` and ``<tag> Bob``: {login: id}."""
    logins = {f"amy{tag}": f"{tag} Amy", f"bob{tag}": f"{tag} Bob"}
    ids = ok(
        api,
        "res.users",
        "create",
        {"vals_list": [{"login": login, "name": name} for login, name in logins.items()]},
    )
    return dict(zip(logins, ids, strict=True))


def admin_id(api: Api) -> int:
    (uid,) = ok(api, "res.users", "search", {"domain": [["login", "=", "admin"]]})
    return int(uid)


def test_the_current_user_comes_first(api: Api) -> None:
    tag = uuid.uuid4().hex[:8]
    users = new_users(api, tag)
    admin = admin_id(api)
    domain = [["id", "in", [*users.values(), admin]]]
    found = ok(api, "res.users", "name_search", {"name": "", "domain": domain})
    assert [pair[0] for pair in found] == [admin, users[f"amy{tag}"], users[f"bob{tag}"]]
    # cut off by the limit, the current user is still first
    found = ok(api, "res.users", "name_search", {"name": "", "domain": domain, "limit": 1})
    assert [pair[0] for pair in found] == [admin]
    # not among the users asked for: not added
    others = [["id", "in", list(users.values())]]
    found = ok(api, "res.users", "name_search", {"name": "", "domain": others, "limit": 1})
    assert [pair[0] for pair in found] == [users[f"amy{tag}"]]


def test_an_exact_login_names_its_user_alone(api: Api) -> None:
    tag = uuid.uuid4().hex[:8]
    users = new_users(api, tag)
    found = ok(api, "res.users", "name_search", {"name": f"bob{tag}"})
    assert found == [[users[f"bob{tag}"], f"{tag} Bob"]]


def test_a_part_of_a_login_finds_nobody(api: Api) -> None:
    tag = uuid.uuid4().hex[:8]
    new_users(api, tag)
    assert ok(api, "res.users", "name_search", {"name": f"b{tag}"}) == []
    assert len(ok(api, "res.users", "name_search", {"name": tag})) == 2
