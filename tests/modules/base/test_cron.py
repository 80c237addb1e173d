"""Scheduled actions (ir.cron) over JSON-2, as Odoo 19 answers them: the ones
jsontwo's modules ship, switched off and on, and run at once with
``method_direct_trigger``; only administrators see them."""

from __future__ import annotations

from typing import Any

from jsontwo.orm import Environment, Registry
from jsontwo.service.databases import with_superuser
from tests.conftest import Api
from tests.http.test_json2 import assert_error, assert_ok
from tests.modules.base.test_apikeys import new_user

CRON_FIELDS = ["cron_name", "active", "model_id", "interval_number", "interval_type", "priority"]


def crons(api: Api, domain: list[Any] | None = None) -> list[dict[str, Any]]:
    """The scheduled actions, archived ones too."""
    body = {
        "domain": domain or [],
        "fields": [*CRON_FIELDS, "code", "user_id", "state", "usage", "lastcall"],
        "context": {"active_test": False},
    }
    return list(assert_ok(api.call("ir.cron", "search_read", body)))


def by_name(api: Api, name: str) -> dict[str, Any]:
    """The scheduled action called ``name``."""
    (found,) = crons(api, [["cron_name", "=", name]])
    return found


def test_the_modules_scheduled_actions_are_listed_as_in_odoo(api: Api) -> None:
    listed = {c["cron_name"]: c for c in crons(api)}
    assert list(listed) == sorted(listed)  # ordered by name
    vacuum = listed["Base: Auto-vacuum internal data"]
    assert vacuum["model_id"][1] == "Automatic Vacuum"
    assert (vacuum["interval_number"], vacuum["interval_type"], vacuum["priority"]) == (
        1,
        "days",
        3,
    )
    assert vacuum["code"] == "model._run_vacuum_cleaner()"
    assert (vacuum["state"], vacuum["usage"], vacuum["active"]) == ("code", "ir_cron", True)
    assert vacuum["user_id"] == [1, "System"]
    deletion = listed["Base: Portal Users Deletion"]
    assert (deletion["model_id"][1], deletion["priority"]) == ("Users Deletion Request", 8)
    emails = listed["Sales: Send pending emails"]
    assert emails["active"] is False  # off in Odoo too: it sends mail
    # the default search hides the archived ones
    names = [c["cron_name"] for c in assert_ok(api.call("ir.cron", "search_read", {}))]
    assert "Sales: Send pending emails" not in names
    assert "Base: Auto-vacuum internal data" in names


def test_a_client_switches_every_scheduled_action_off_and_on(api: Api) -> None:
    # OdooRPC's test setup: search every active one, write active false on them all
    ids = assert_ok(api.call("ir.cron", "search", {"domain": []}))
    assert ids
    assert assert_ok(api.call("ir.cron", "write", {"ids": ids, "vals": {"active": False}}))
    assert assert_ok(api.call("ir.cron", "search", {"domain": []})) == []
    assert assert_ok(api.call("ir.cron", "write", {"ids": ids, "vals": {"active": True}}))
    assert sorted(assert_ok(api.call("ir.cron", "search", {"domain": []}))) == sorted(ids)


def test_the_interval_must_be_positive(api: Api) -> None:
    cron = by_name(api, "Base: Portal Users Deletion")
    assert_error(
        api.call("ir.cron", "write", {"ids": [cron["id"]], "vals": {"interval_number": 0}}),
        422,
        "odoo.exceptions.ValidationError",
    )


def test_running_the_vacuum_deletes_old_wizard_records(api: Api, registry: Registry) -> None:
    old = assert_ok(api.call("base.module.update", "create", {"vals_list": [{}]}))[0]
    new = assert_ok(api.call("base.module.update", "create", {"vals_list": [{}]}))[0]

    def age(env: Environment) -> None:  # written two hours ago
        env.cr.execute(
            'UPDATE "base_module_update" SET write_date = %s WHERE id = %s',
            ["2000-01-01 00:00:00", old],
        )

    with_superuser(registry, age)
    cron = by_name(api, "Base: Auto-vacuum internal data")
    assert cron["lastcall"] is False
    assert assert_ok(api.call("ir.cron", "method_direct_trigger", {"ids": [cron["id"]]})) is True
    left = assert_ok(
        api.call("base.module.update", "search", {"domain": [["id", "in", [old, new]]]})
    )
    assert left == [new]
    assert by_name(api, "Base: Auto-vacuum internal data")["lastcall"]


def test_running_an_action_whose_method_is_missing_answers_the_error_dialog(api: Api) -> None:
    cron = by_name(api, "Sales: Send pending emails")
    answer = assert_ok(api.call("ir.cron", "method_direct_trigger", {"ids": [cron["id"]]}))
    assert answer["type"] == "ir.actions.client"
    assert answer["tag"] == "display_exception"
    assert "_cron_send_pending_emails" in answer["params"]["data"]["message"]
    assert by_name(api, "Sales: Send pending emails")["lastcall"] is False


def test_only_administrators_see_or_run_scheduled_actions(api: Api, registry: Registry) -> None:
    user = new_user(registry)
    assert_error(
        api.call("ir.cron", "search_read", {"fields": ["cron_name"]}, key=user.key),
        403,
        "odoo.exceptions.AccessError",
    )
    cron = by_name(api, "Base: Portal Users Deletion")
    assert_error(
        api.call("ir.cron", "method_direct_trigger", {"ids": [cron["id"]]}, key=user.key),
        403,
        "odoo.exceptions.AccessError",
    )
