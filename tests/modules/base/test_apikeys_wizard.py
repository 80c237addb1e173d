"""The API-key wizards of the account settings over JSON-2, as Odoo 19 answers them:
the description wizard, the identity check, removing a key; and the integrity
errors of the base models (protected records, restricting references)."""

from __future__ import annotations

from typing import Any

from jsontwo.orm import Registry
from tests.conftest import Api
from tests.http.test_json2 import assert_error, assert_ok
from tests.modules.base.test_apikeys import new_user, unique

DESC = "res.users.apikeys.description"
CHECK = "res.users.identitycheck"
USER_ERROR = "odoo.exceptions.UserError"
VALIDATION_ERROR = "odoo.exceptions.ValidationError"


def _make_key(api: Api, key: str, password: str, duration: str = "7") -> tuple[str, str]:
    """Make a key through the wizard; answers (its name, the key)."""
    name = unique("wizard key")
    wizard = assert_ok(
        api.call(DESC, "create", {"vals_list": [{"name": name, "duration": duration}]}, key=key)
    )
    action = assert_ok(api.call(DESC, "make_key", {"ids": wizard}, key=key))
    assert action["res_model"] == CHECK and action["name"] == "Access Control"
    wrong = api.call(
        CHECK, "run_check", {"ids": [action["res_id"]], "context": {"password": "no"}}, key=key
    )
    assert_error(wrong, 422, USER_ERROR)
    shown = assert_ok(
        api.call(
            CHECK,
            "run_check",
            {"ids": [action["res_id"]], "context": {"password": password}},
            key=key,
        )
    )
    assert shown["res_model"] == "res.users.apikeys.show"
    return name, str(shown["context"]["default_key"])


def test_a_key_is_made_and_removed_through_the_wizards(api: Api, registry: Registry) -> None:
    user = new_user(registry, password=True)
    name, made = _make_key(api, user.key, user.password)
    me = assert_ok(api.call("res.users", "context_get", {}, key=made))
    assert me["uid"] == user.uid
    assert assert_ok(api.call(DESC, "search_count", {"domain": [["name", "=", name]]})) == 0
    found = assert_ok(
        api.call("res.users.apikeys", "search", {"domain": [["name", "=", name]]}, key=made)
    )
    action = assert_ok(api.call("res.users.apikeys", "remove", {"ids": found}, key=made))
    closed = assert_ok(
        api.call(
            CHECK,
            "run_check",
            {"ids": [action["res_id"]], "context": {"password": user.password}},
            key=user.key,
        )
    )
    assert closed == {"type": "ir.actions.act_window_close"}
    assert api.call("res.users", "context_get", {}, key=made).status_code == 401


def test_the_durations_an_internal_user_may_choose(api: Api, registry: Registry) -> None:
    user = new_user(registry)
    fields = assert_ok(
        api.call(
            DESC,
            "fields_get",
            {"allfields": ["duration"], "attributes": ["selection"]},
            key=user.key,
        )
    )
    assert [key for key, _label in fields["duration"]["selection"]] == ["1", "7", "30", "90", "-1"]
    for vals, message in (
        ({"duration": "0"}, "The API key must have an expiration date"),
        ({"duration": "365"}, "You cannot exceed 90.0 days."),
    ):
        response = api.call(DESC, "create", {"vals_list": [{"name": "x", **vals}]}, key=user.key)
        assert_error(response, 422, VALIDATION_ERROR, message)


def test_the_administrator_and_the_superuser_cannot_be_deleted(api: Api) -> None:
    for login, message in (
        (
            "admin",
            "You cannot delete the admin user because it is utilized in various places (such "
            "as security configurations,...). Instead, archive it.",
        ),
        (
            "__system__",
            "You can not remove the admin user as it is used internally for resources created "
            "by Odoo (updates, module installation, ...)",
        ),
    ):
        found = assert_ok(
            api.call(
                "res.users",
                "search",
                {"domain": [["login", "=", login]], "context": {"active_test": False}},
            )
        )
        assert_error(api.call("res.users", "unlink", {"ids": found}), 422, USER_ERROR, message)


def test_a_record_others_point_to_is_not_deleted(api: Api) -> None:
    usd = assert_ok(api.call("res.currency", "search", {"domain": [["name", "=", "USD"]]}))
    response = api.call("res.currency", "unlink", {"ids": usd})
    assert_error(
        response,
        422,
        VALIDATION_ERROR,
        "The operation cannot be completed: Another model is using the record you are trying "
        "to delete.\n\nThe troublemaker is: 'Companies' (res.company)\nThanks to the following "
        "constraint: 'Currency' (currency_id)\nHow about archiving the record instead?",
    )


def test_missing_records_are_passed_over_where_odoo_does(api: Api) -> None:
    body: dict[str, Any] = {"ids": [999_999_999], "vals": {"name": "x"}}
    assert assert_ok(api.call("res.partner.category", "write", body)) is True
    assert assert_ok(api.call("res.partner.category", "unlink", {"ids": [999_999_999]})) is True
    assert_error(api.call("res.partner", "write", body), 404, "odoo.exceptions.MissingError")
