"""A user's sign-ins: each one logs a line (``login_date``), which makes the
user "Confirmed" (``state``, Odoo's auth_signup field) rather than "Invited"."""

from __future__ import annotations

from typing import Any

from jsontwo.orm import Registry
from tests.conftest import Api
from tests.http.test_json2 import assert_ok
from tests.modules.base.test_apikeys import new_user
from tests.modules.base.test_base_wizards import login


def user_fields(api: Api, uid: int) -> dict[str, Any]:
    """The user's sign-in fields."""
    body = {"ids": [uid], "fields": ["login_date", "state"]}
    return dict(assert_ok(api.call("res.users", "read", body))[0])


def test_a_sign_in_dates_the_user_and_confirms_them(api: Api, registry: Registry) -> None:
    user = new_user(registry, password=True)
    assert user_fields(api, user.uid) == {"id": user.uid, "login_date": False, "state": "new"}
    invited = {"domain": [["state", "=", "new"], ["id", "=", user.uid]]}
    assert assert_ok(api.call("res.users", "search", invited)) == [user.uid]
    # an API key's calls are no sign-in; a legacy login with the password is
    assert_ok(api.call("res.users", "read", {"ids": [user.uid], "fields": ["login"]}, key=user.key))
    assert user_fields(api, user.uid)["state"] == "new"
    assert login(api, user.login, user.password) == user.uid
    signed = user_fields(api, user.uid)
    assert signed["state"] == "active"
    assert signed["login_date"]
    confirmed = {"domain": [["state", "in", ["active"]], ["id", "=", user.uid]]}
    assert assert_ok(api.call("res.users", "search", confirmed)) == [user.uid]
    assert assert_ok(api.call("res.users", "search", invited)) == []
    # a failed sign-in logs nothing
    assert login(api, user.login, "wrong") is False


def test_the_state_field_is_described_as_in_odoo(api: Api) -> None:
    described = assert_ok(
        api.call(
            "res.users",
            "fields_get",
            {"allfields": ["state"], "attributes": ["string", "type", "selection", "readonly"]},
        )
    )
    assert described == {
        "state": {
            "string": "Status",
            "type": "selection",
            "selection": [["new", "Invited"], ["active", "Confirmed"]],
            "readonly": True,
        }
    }
