"""The base module's wizards over JSON-2, as Odoo 19 answers them: changing
passwords (an administrator's wizard, and one's own after the identity check),
installing languages, the module list's update and upgrade, the settings,
users deletion requests and merging contacts."""

from __future__ import annotations

import json
from typing import Any

from jsontwo.orm import Environment, Registry
from jsontwo.service.databases import with_superuser
from tests.conftest import Api
from tests.http.test_json2 import assert_error, assert_ok
from tests.modules.base.test_apikeys import new_user, unique

USER_ERROR = "odoo.exceptions.UserError"
VALIDATION_ERROR = "odoo.exceptions.ValidationError"
ACCESS_ERROR = "odoo.exceptions.AccessError"
MERGE = "base.partner.merge.automatic.wizard"
CLOSE = {"type": "ir.actions.act_window_close"}
RELOAD = {"type": "ir.actions.client", "tag": "reload"}


def login(api: Api, user: str, password: str) -> Any:
    """``common.login`` over JSON-RPC: the uid, or False."""
    params = {"service": "common", "method": "login", "args": [api.db, user, password]}
    body = {"jsonrpc": "2.0", "method": "call", "params": params, "id": 1}
    answer = api.request(
        "POST",
        "/jsonrpc",
        content=json.dumps(body),
        headers={"Content-Type": "application/json"},
    )
    return answer.json()["result"]


def create(api: Api, model: str, vals: dict[str, Any], key: str | None = None) -> int:
    """Create one record; its id."""
    return int(assert_ok(api.call(model, "create", {"vals_list": [vals]}, key=key))[0])


def read(api: Api, model: str, ids: list[int], fields: list[str]) -> Any:
    """Read ``fields`` of ``ids`` (archived records too)."""
    body = {"ids": ids, "fields": fields, "context": {"active_test": False}}
    return assert_ok(api.call(model, "read", body))


# --- passwords ---------------------------------------------------------------


def test_the_administrator_changes_a_users_password(api: Api, registry: Registry) -> None:
    user = new_user(registry, password=True)
    default = assert_ok(
        api.call(
            "change.password.wizard",
            "default_get",
            {
                "fields": ["user_ids"],
                "context": {"active_model": "res.users", "active_ids": [user.uid]},
            },
        )
    )
    assert default["user_ids"] == [
        [6, 0, []],
        [0, 0, {"user_id": user.uid, "user_login": user.login}],
    ]
    line = {"user_id": user.uid, "new_passwd": "second-password"}
    wizard = create(api, "change.password.wizard", {"user_ids": [[0, 0, line]]})
    done = api.call("change.password.wizard", "change_password_button", {"ids": [wizard]})
    assert assert_ok(done) == CLOSE
    lines = assert_ok(
        api.call(
            "change.password.user",
            "search_read",
            {"domain": [["wizard_id", "=", wizard]], "fields": ["new_passwd"]},
        )
    )
    assert [row["new_passwd"] for row in lines] == [False]  # not kept
    assert login(api, user.login, "second-password") == user.uid
    assert login(api, user.login, user.password) is False
    # a blank new password leaves the user's
    blank = create(api, "change.password.wizard", {"user_ids": [[0, 0, {"user_id": user.uid}]]})
    assert (
        assert_ok(api.call("change.password.wizard", "change_password_button", {"ids": [blank]}))
        == CLOSE
    )
    assert login(api, user.login, "second-password") == user.uid
    both = api.call("change.password.wizard", "change_password_button", {"ids": [wizard, blank]})
    assert "Expected singleton" in assert_error(both, 500, "builtins.ValueError")["message"]


def test_changing_ones_own_password_checks_identity_and_confirmation(
    api: Api, registry: Registry
) -> None:
    user = new_user(registry, password=True)
    mismatch = api.call(
        "change.password.own",
        "create",
        {"vals_list": [{"new_password": "one-password", "confirm_password": "another"}]},
        key=user.key,
    )
    error = assert_error(mismatch, 422, VALIDATION_ERROR)
    assert error["message"] == "The new password and its confirmation must be identical."

    def change(new: str) -> Any:
        vals = {"new_password": new, "confirm_password": new}
        wizard = create(api, "change.password.own", vals, key=user.key)
        action = assert_ok(
            api.call("change.password.own", "change_password", {"ids": [wizard]}, key=user.key)
        )
        assert action["res_model"] == "res.users.identitycheck"
        check = "res.users.identitycheck"
        wrong = {"ids": [action["res_id"]], "context": {"password": "wrong"}}
        assert_error(api.call(check, "run_check", wrong, key=user.key), 422, USER_ERROR)
        right = {"ids": [action["res_id"]], "context": {"password": user.password}}
        return api.call(check, "run_check", right, key=user.key)

    refused = assert_error(change(""), 422, USER_ERROR)
    assert refused["message"] == "Setting empty passwords is not allowed for security reasons!"
    assert login(api, user.login, user.password) == user.uid
    assert assert_ok(change("my-new-password")) == RELOAD
    assert login(api, user.login, "my-new-password") == user.uid


# --- languages, modules, settings ----------------------------------------------


def _lang(api: Api, code: str) -> int:
    body = {"domain": [["code", "=", code]], "context": {"active_test": False}}
    return int(assert_ok(api.call("res.lang", "search", body))[0])


def test_installing_languages_activates_them(api: Api) -> None:
    one, two = _lang(api, "lo_LA"), _lang(api, "mn_MN")
    try:
        wizard = create(api, "base.language.install", {"lang_ids": [[6, 0, [one]]]})
        row = read(api, "base.language.install", [wizard], ["first_lang_id", "overwrite"])[0]
        assert row["first_lang_id"][0] == one and row["overwrite"] is True
        action = assert_ok(api.call("base.language.install", "lang_install", {"ids": [wizard]}))
        assert {k: action[k] for k in ("type", "res_model", "res_id", "target")} == {
            "type": "ir.actions.act_window",
            "res_model": "base.language.install",
            "res_id": wizard,
            "target": "new",
        }
        assert read(api, "res.lang", [one], ["active"])[0]["active"] is True
        several = create(api, "base.language.install", {"lang_ids": [[6, 0, [one, two]]]})
        note = assert_ok(api.call("base.language.install", "lang_install", {"ids": [several]}))
        assert note["tag"] == "display_notification"
        assert note["context"]["active_ids"] == [several]
        assert note["params"]["message"].startswith("The languages that you selected")
        assert [r["active"] for r in read(api, "res.lang", [one, two], ["active"])] == [True, True]
        empty = api.call("base.language.install", "create", {"vals_list": [{}]})
        assert_ok(empty)  # no language is no error until installing
    finally:
        assert_ok(api.call("res.lang", "write", {"ids": [one, two], "vals": {"active": False}}))


def test_module_update_and_upgrade_do_nothing(api: Api) -> None:
    update = create(api, "base.module.update", {})
    assert assert_ok(api.call("base.module.update", "update_module", {"ids": [update]})) is False
    row = read(api, "base.module.update", [update], ["state", "updated", "added"])[0]
    assert (row["state"], row["updated"], row["added"]) == ("done", 0, 0)
    default = assert_ok(api.call("base.module.upgrade", "default_get", {"fields": ["module_info"]}))
    assert default == {"module_info": ""}
    upgrade = create(api, "base.module.upgrade", {})
    for method in ("upgrade_module_cancel", "upgrade_module"):
        assert assert_ok(api.call("base.module.upgrade", method, {"ids": [upgrade]})) == CLOSE


def test_settings_are_saved_by_access_rights_only(api: Api, registry: Registry) -> None:
    settings = create(api, "res.config.settings", {})
    assert assert_ok(api.call("res.config.settings", "execute", {"ids": [settings]})) == RELOAD
    none = api.call("res.config.settings", "execute", {"ids": []})
    assert assert_error(none, 500, "builtins.ValueError")["message"] == (
        "Expected singleton: res.config.settings()"
    )
    # the model is Settings' (base.group_system); execute asks Access Rights itself
    internal = new_user(registry)
    refused = api.call("res.config.settings", "create", {"vals_list": [{}]}, key=internal.key)
    assert_error(refused, 403, ACCESS_ERROR)

    def execute_as_internal(env: Environment) -> str:
        wizard = env["res.config.settings"].create({})
        try:
            wizard.with_user(internal.uid).execute()
        except Exception as exc:
            return str(exc)
        return "executed"

    assert with_superuser(registry, execute_as_internal) == (
        "Only administrators can change the settings"
    )


# --- users deletion ------------------------------------------------------------


def test_deletion_requests_delete_users_and_unshared_partners(registry: Registry) -> None:
    def work(env: Environment) -> tuple[Any, ...]:
        users = env["res.users"]
        gone = users.create({"login": unique("gone"), "name": "Gone"})
        gone_partner = gone.partner_id.id
        kept = users.create({"login": unique("kept"), "name": "Kept"})
        kept_partner = kept.partner_id
        # another user shares the partner: it stays
        users.create({"login": unique("sharer"), "name": "Sharer", "partner_id": kept_partner.id})
        requests = env["res.users.deletion"]
        made = [requests.create({"user_id": u}) for u in (gone.id, kept.id, 2)]
        names = [r.display_name for r in made]
        ints = [r.user_id_int for r in made]
        requests._gc_portal_users()
        states = [r.state for r in made]
        alive = users.with_context(active_test=False).browse([gone.id, kept.id, 2]).exists().ids
        partners = env["res.partner"].with_context(active_test=False)
        left = partners.browse([gone_partner, kept_partner.id]).exists().ids
        return names, ints, states, alive, left, gone_partner, kept_partner.id, gone.id, kept.id

    names, ints, states, alive, left, gone_p, kept_p, gone, kept = with_superuser(registry, work)
    assert names == [
        "Gone",
        "Sharer",
        "Mitchell Admin",
    ]  # the shared partner is named by its last user
    assert ints == [gone, kept, 2]
    # the administrator cannot be deleted: that request fails, the others are done
    assert states == ["done", "done", "fail"]
    assert alive == [2]
    # the partner a user leaves behind goes too, unless something still needs it
    assert gone_p not in left and kept_p in left


# --- merging contacts ------------------------------------------------------------


def _merge(api: Api, ids: list[int], dst: int | None = None, key: str | None = None) -> Any:
    vals: dict[str, Any] = {"partner_ids": [[6, 0, ids]]}
    if dst:
        vals["dst_partner_id"] = dst
    wizard = create(api, MERGE, vals, key=key)
    return wizard, api.call(MERGE, "action_merge", {"ids": [wizard]}, key=key)


def test_merging_contacts_repoints_references(api: Api) -> None:
    a = create(api, "res.partner", {"name": unique("A"), "email": "a@x.example", "phone": "+32 1"})
    b = create(api, "res.partner", {"name": unique("B"), "email": "a@x.example"})
    child = create(api, "res.partner", {"name": unique("Child"), "parent_id": a})
    default = assert_ok(
        api.call(
            MERGE,
            "default_get",
            {
                "fields": ["state", "partner_ids", "dst_partner_id"],
                "context": {"active_model": "res.partner", "active_ids": [a, b]},
            },
        )
    )
    assert default["state"] == "selection" and default["partner_ids"] == [[6, 0, [a, b]]]
    assert default["dst_partner_id"] in (a, b)
    wizard, answer = _merge(api, [a, b], b)
    assert assert_ok(answer) == {
        "type": "ir.actions.act_window",
        "res_model": MERGE,
        "res_id": wizard,
        "view_mode": "form",
        "target": "new",
    }
    after = read(api, MERGE, [wizard], ["state", "partner_ids"])[0]
    assert (after["state"], after["partner_ids"]) == ("finished", [b])
    found = api.call(
        "res.partner",
        "search",
        {"domain": [["id", "in", [a, b]]], "context": {"active_test": False}},
    )
    assert assert_ok(found) == [b]
    row = read(api, "res.partner", [child], ["parent_id", "commercial_partner_id"])[0]
    assert row["parent_id"][0] == b and row["commercial_partner_id"][0] == b
    assert read(api, "res.partner", [b], ["phone"])[0]["phone"] == "+32 1"


def test_merging_contacts_refused_as_odoo_refuses(api: Api, registry: Registry) -> None:
    parent = create(api, "res.partner", {"name": unique("Parent")})
    child = create(api, "res.partner", {"name": unique("Child"), "parent_id": parent})
    many = [create(api, "res.partner", {"name": unique(f"M{i}")}) for i in range(4)]
    u1, u2 = new_user(registry), new_user(registry)
    partners = read(api, "res.users", [u1.uid, u2.uid], ["partner_id"])
    for ids, message in (
        ([parent, child], "You cannot merge a contact with one of his parent."),
        (many, "For safety reasons, you cannot merge more than 3 contacts together."),
        (
            [p["partner_id"][0] for p in partners],
            "You cannot merge contacts linked to more than one user even if only one is active.",
        ),
    ):
        _wizard, answer = _merge(api, ids)
        assert assert_error(answer, 422, USER_ERROR)["message"].startswith(message)
    # one contact: nothing merged, the wizard is finished
    wizard, answer = _merge(api, many[:1])
    assert_ok(answer)
    assert read(api, MERGE, [wizard], ["state", "partner_ids"])[0] == {
        "id": wizard,
        "state": "finished",
        "partner_ids": many[:1],
    }
    # only an administrator merges contacts with different emails
    x = create(api, "res.partner", {"name": unique("X"), "email": "x@x.example"})
    y = create(api, "res.partner", {"name": unique("Y"), "email": "y@x.example"})
    merger = new_user(registry, groups=["base.group_user", "base.group_partner_manager"])
    _wizard, answer = _merge(api, [x, y], x, key=merger.key)
    assert assert_error(answer, 422, USER_ERROR)["message"].startswith(
        "All contacts must have the same email."
    )
    _wizard, answer = _merge(api, [x, y], x)
    assert_ok(answer)
