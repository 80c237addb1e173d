"""Track R2 of issue 16: the base module's wizards as integrations call them over
JSON-2: create the wizard with its values, call its action, read the effect.

Run ``python3 tests/conformance/gen/r2_wizards.py`` from the repository root: it
rewrites ``tests/conformance/scenarios/base/r2_wizards.json``. Everything it
creates is named with the run suffix; the languages it activates are
deactivated in ``teardown``; it changes the passwords of its own users only
(never admin's or demo's: the own-password wizard is refused before it changes
anything).
"""

from __future__ import annotations

from typing import Any

from shapes import SCENARIOS, Step, ref, step, write_scenario

OUT = SCENARIOS / "base" / "r2_wizards.json"
#: languages inactive on Odoo's base demo database, which nobody else uses
LANGS = ("lo_LA", "mn_MN")


def login(sid: str, user: str, password: str, doc: str) -> Step:
    """Sign in over JSON-RPC (``common.login``): a uid (a number) or false; the
    uid differs between servers, so the step compares the answer's type."""
    body = {
        "jsonrpc": "2.0",
        "method": "call",
        "id": 1,
        "params": {
            "service": "common",
            "method": "login",
            "args": [ref("db"), user, password],
        },
    }
    return {
        "id": sid,
        "path": "/jsonrpc",
        "model": "",
        "method": "",
        "body": body,
        "compare": "shape",
        "doc": doc,
    }


def new_user(sid: str, var: str, login_name: str, password: str) -> Step:
    """A user of the run, with a password."""
    vals = {"login": login_name, "name": f"R2 {login_name}", "password": password}
    return step(sid, "res.users", "create", {"vals_list": [vals]}, save={var: "$[0]"})


def password_steps() -> list[Step]:
    """The administrator's wizard changes users' passwords; the own-password wizard
    checks the confirmation and the caller's identity."""
    user, pw1, pw2 = f"r2pw{ref('run')}", f"first-{ref('run')}", f"second-{ref('run')}"
    lines = "change.password.user"
    return [
        new_user("pw-user", "pwuser", user, pw1),
        step(
            "pw-default",
            "change.password.wizard",
            "default_get",
            {
                "fields": ["user_ids"],
                "context": {"active_model": "res.users", "active_ids": [ref("pwuser")]},
            },
            doc="a line per selected user, with its login",
        ),
        step(
            "pw-create",
            "change.password.wizard",
            "create",
            {"vals_list": [{"user_ids": [[0, 0, {"user_id": ref("pwuser"), "new_passwd": pw2}]]}]},
            save={"pwwiz": "$[0]"},
        ),
        step(
            "pw-lines",
            lines,
            "search_read",
            {
                "domain": [["wizard_id", "=", ref("pwwiz")]],
                "fields": ["user_id", "user_login", "new_passwd"],
            },
        ),
        step(
            "pw-button", "change.password.wizard", "change_password_button", {"ids": [ref("pwwiz")]}
        ),
        step(
            "pw-lines-after",
            lines,
            "search_read",
            {"domain": [["wizard_id", "=", ref("pwwiz")]], "fields": ["new_passwd"]},
            doc="the new password is not kept",
        ),
        login("pw-login-new", user, pw2, "the new password signs in"),
        login("pw-login-old", user, pw1, "the old one no longer does"),
        step(
            "pw-create-blank",
            "change.password.wizard",
            "create",
            {"vals_list": [{"user_ids": [[0, 0, {"user_id": ref("pwuser"), "new_passwd": ""}]]}]},
            save={"pwblank": "$[0]"},
        ),
        step(
            "pw-button-blank",
            "change.password.wizard",
            "change_password_button",
            {"ids": [ref("pwblank")]},
            doc="a blank new password leaves the user's",
        ),
        login("pw-login-after-blank", user, pw2, "still the password set before"),
        step(
            "pw-button-two",
            "change.password.wizard",
            "change_password_button",
            {"ids": [ref("pwwiz"), ref("pwblank")]},
            doc="one wizard at a time",
        ),
        step(
            "pw-line-missing-user",
            lines,
            "create",
            {"vals_list": [{"wizard_id": ref("pwwiz"), "new_passwd": "x"}]},
        ),
        step(
            "own-mismatch",
            "change.password.own",
            "create",
            {"vals_list": [{"new_password": "a-long-one", "confirm_password": "another-one"}]},
        ),
        step(
            "own-create",
            "change.password.own",
            "create",
            {"vals_list": [{"new_password": "", "confirm_password": ""}]},
            save={"own": "$[0]"},
        ),
        step(
            "own-change",
            "change.password.own",
            "change_password",
            {"ids": [ref("own")]},
            save={"owncheck": {"path": "$.res_id", "model": "res.users.identitycheck"}},
            doc="the identity check comes first",
        ),
        step(
            "own-check-wrong",
            "res.users.identitycheck",
            "run_check",
            {"ids": [ref("owncheck")], "context": {"password": "not-the-password"}},
        ),
        step(
            "own-check-blank",
            "res.users.identitycheck",
            "run_check",
            {"ids": [ref("owncheck")], "context": {"password": ref("password")}},
            doc="the identity checked, a blank new password is refused (admin's is unchanged)",
        ),
        login("own-admin-unchanged", "admin", ref("password"), "admin still signs in"),
    ]


def language_steps() -> list[Step]:
    """Installing one language answers the dialog offering to switch; two, a notification."""
    one, two = LANGS
    finds = [
        step(
            f"lang-find-{code}",
            "res.lang",
            "search",
            {"domain": [["code", "=", code]], "context": {"active_test": False}},
            save={f"lang_{code}": "$[0]"},
        )
        for code in LANGS
    ]
    return [
        *finds,
        step(
            "lang-default",
            "base.language.install",
            "default_get",
            {
                "fields": ["lang_ids", "overwrite"],
                "context": {"active_model": "res.lang", "active_ids": [ref(f"lang_{one}")]},
            },
        ),
        step("lang-create-empty", "base.language.install", "create", {"vals_list": [{}]}),
        step(
            "lang-create-one",
            "base.language.install",
            "create",
            {"vals_list": [{"lang_ids": [[6, 0, [ref(f"lang_{one}")]]]}]},
            save={"langwiz": "$[0]"},
        ),
        step(
            "lang-read-one",
            "base.language.install",
            "read",
            {"ids": [ref("langwiz")], "fields": ["lang_ids", "overwrite", "first_lang_id"]},
        ),
        step(
            "lang-install-one",
            "base.language.install",
            "lang_install",
            {"ids": [ref("langwiz")]},
            mask_keys=["views"],
            doc="the switch dialog; its view's id is the database's",
        ),
        step(
            "lang-active-one",
            "res.lang",
            "read",
            {"ids": [ref(f"lang_{one}")], "fields": ["code", "active"]},
        ),
        step("lang-reload", "base.language.install", "reload", {"ids": [ref("langwiz")]}),
        step(
            "lang-create-two",
            "base.language.install",
            "create",
            {
                "vals_list": [
                    {
                        "lang_ids": [[6, 0, [ref(f"lang_{one}"), ref(f"lang_{two}")]]],
                        "overwrite": False,
                    }
                ]
            },
            save={"langwiz2": "$[0]"},
        ),
        step(
            "lang-install-two",
            "base.language.install",
            "lang_install",
            {"ids": [ref("langwiz2")]},
            mask_keys=["context"],
            doc="a notification; its context is the caller's (tz, lang) with the wizard's ids",
        ),
        step(
            "lang-active-both",
            "res.lang",
            "search_read",
            {
                "domain": [["code", "in", list(LANGS)]],
                "fields": ["code", "active"],
                "order": "code",
            },
        ),
    ]


def module_steps() -> list[Step]:
    """The module list's update and upgrade: nothing to do on either side."""
    return [
        step(
            "upgrade-default",
            "base.module.upgrade",
            "default_get",
            {"fields": ["module_info"]},
            doc="no module scheduled",
        ),
        step(
            "upgrade-create",
            "base.module.upgrade",
            "create",
            {"vals_list": [{}]},
            save={"upg": "$[0]"},
        ),
        step(
            "upgrade-cancel", "base.module.upgrade", "upgrade_module_cancel", {"ids": [ref("upg")]}
        ),
        step(
            "update-default",
            "base.module.update",
            "default_get",
            {"fields": ["state", "updated", "added"]},
        ),
        step(
            "update-create",
            "base.module.update",
            "create",
            {"vals_list": [{}]},
            save={"upd": "$[0]"},
        ),
        step(
            "update-read",
            "base.module.update",
            "read",
            {"ids": [ref("upd")], "fields": ["state", "updated", "added"]},
        ),
    ]


def settings_steps() -> list[Step]:
    """Saving the settings (none of base's own) reloads the client."""
    return [
        step(
            "settings-create",
            "res.config.settings",
            "create",
            {"vals_list": [{}]},
            save={"cfg": "$[0]"},
        ),
        step("settings-execute", "res.config.settings", "execute", {"ids": [ref("cfg")]}),
        step(
            "settings-execute-none",
            "res.config.settings",
            "execute",
            {"ids": []},
            doc="one settings record at a time",
        ),
    ]


def deletion_steps() -> list[Step]:
    """A deletion request waits for the scheduled job (not callable over the API)."""
    return [
        new_user("del-user", "deluser", f"r2del{ref('run')}", f"del-{ref('run')}"),
        step(
            "del-create",
            "res.users.deletion",
            "create",
            {"vals_list": [{"user_id": ref("deluser")}]},
            save={"delreq": "$[0]"},
        ),
        step(
            "del-read",
            "res.users.deletion",
            "read",
            {"ids": [ref("delreq")], "fields": ["user_id", "state", "display_name"]},
        ),
        step(
            "del-by-int",
            "res.users.deletion",
            "search_count",
            {"domain": [["user_id_int", "=", ref("deluser")]]},
            doc="the user's id is kept as a number",
        ),
        step(
            "del-bad-state",
            "res.users.deletion",
            "create",
            {"vals_list": [{"user_id": ref("deluser"), "state": "later"}]},
        ),
        step("del-unlink", "res.users.deletion", "unlink", {"ids": [ref("delreq")]}),
    ]


def partner(sid: str, var: str, name: str, **vals: Any) -> Step:
    """A contact of the run."""
    return step(
        sid,
        "res.partner",
        "create",
        {"vals_list": [{"name": f"{name} {ref('run')}", **vals}]},
        save={var: "$[0]"},
    )


def merge(sid: str, ids: list[str], dst: str | None = None, **extra: Any) -> list[Step]:
    """Create a merge wizard for ``ids`` (and ``dst``) and merge."""
    vals: dict[str, Any] = {"partner_ids": [[6, 0, [ref(i) for i in ids]]]}
    if dst:
        vals["dst_partner_id"] = ref(dst)
    wiz = "wiz_" + sid.replace("-", "_")
    return [
        step(
            f"{sid}-create",
            "base.partner.merge.automatic.wizard",
            "create",
            {"vals_list": [vals]},
            save={wiz: "$[0]"},
        ),
        step(
            f"{sid}-merge",
            "base.partner.merge.automatic.wizard",
            "action_merge",
            {"ids": [ref(wiz)]},
            **extra,
        ),
    ]


def gone(sid: str, ids: list[str]) -> Step:
    """Which of the contacts ``ids`` are left (archived ones too)."""
    body = {
        "domain": [["id", "in", [ref(i) for i in ids]]],
        "context": {"active_test": False},
    }
    return step(sid, "res.partner", "search", body, doc="the merged contacts are deleted")


def merge_steps() -> list[Step]:
    """Merging contacts re-points what points to them; Odoo's checks refuse the rest."""
    wizard = "base.partner.merge.automatic.wizard"
    return [
        partner("m-a", "ma", "R2 Merge A", email="a@r2.example.com", phone="+32 1"),
        partner("m-b", "mb", "R2 Merge B", email="a@r2.example.com", comment="<p>kept</p>"),
        partner("m-child", "mchild", "R2 Merge Child", parent_id=ref("ma")),
        step(
            "m-default",
            wizard,
            "default_get",
            {
                "fields": ["state", "partner_ids"],
                "context": {"active_model": "res.partner", "active_ids": [ref("ma"), ref("mb")]},
            },
        ),
        *merge("m1", ["ma", "mb"], "mb"),
        step(
            "m1-wizard-after",
            wizard,
            "read",
            {"ids": [ref("wiz_m1")], "fields": ["state", "partner_ids", "dst_partner_id"]},
        ),
        gone("m1-source-gone", ["ma", "mb"]),
        step(
            "m1-children-moved",
            "res.partner",
            "read",
            {"ids": [ref("mchild")], "fields": ["parent_id", "commercial_partner_id"]},
        ),
        step(
            "m1-values",
            "res.partner",
            "read",
            {"ids": [ref("mb")], "fields": ["name", "email", "phone", "comment"]},
            doc="the kept contact's empty fields take the merged one's",
        ),
        *merge("m-parent", ["mb", "mchild"], "mb"),
        partner("m-c", "mc", "R2 Merge C", email="c@r2.example.com"),
        partner("m-d", "md", "R2 Merge D"),
        partner("m-e", "me", "R2 Merge E"),
        *merge("m-four", ["mb", "mc", "md", "me"], "mb"),
        new_user("m-user1", "mu1", f"r2mu1{ref('run')}", f"mu1-{ref('run')}"),
        new_user("m-user2", "mu2", f"r2mu2{ref('run')}", f"mu2-{ref('run')}"),
        step(
            "m-user-partners",
            "res.users",
            "read",
            {"ids": [ref("mu1"), ref("mu2")], "fields": ["partner_id"]},
            save={"mup1": "$[0].partner_id[0]", "mup2": "$[1].partner_id[0]"},
        ),
        *merge("m-users", ["mup1", "mup2"], "mup1"),
        *merge("m-one", ["mc"], "mc"),
        step(
            "m-one-after",
            wizard,
            "read",
            {"ids": [ref("wiz_m_one")], "fields": ["state", "partner_ids"]},
            doc="one contact: nothing merged, the wizard is finished",
        ),
        *merge("m-emails", ["mc", "md"], "mc"),
        gone("m-emails-gone", ["mc", "md"]),
        step(
            "m-emails-values",
            "res.partner",
            "read",
            {"ids": [ref("mc")], "fields": ["name", "email"]},
            doc="an administrator merges contacts with different emails",
        ),
    ]


def teardown() -> list[Step]:
    """Deactivate the languages the scenario activated."""
    return [
        step(
            "td-langs",
            "res.lang",
            "search",
            {"domain": [["code", "in", list(LANGS)]]},
            save={"td_langs": "$"},
        ),
        step(
            "td-deactivate",
            "res.lang",
            "write",
            {"ids": ref("td_langs"), "vals": {"active": False}},
        ),
    ]


def scenario() -> dict[str, Any]:
    """The whole scenario."""
    return {
        "description": (
            "The base module's wizards over JSON-2: passwords, languages, modules, "
            "settings, users deletion, partner merge"
        ),
        "steps": [
            *password_steps(),
            *language_steps(),
            *module_steps(),
            *settings_steps(),
            *deletion_steps(),
            *merge_steps(),
        ],
        "teardown": teardown(),
        "cleanup": [
            {"model": "res.users.deletion", "domain": [["user_id.login", "like", ref("run")]]},
            {"model": "res.users", "domain": [["login", "like", ref("run")]]},
            {"model": "res.partner", "domain": [["name", "like", ref("run")]]},
        ],
    }


def main() -> None:
    """Write the scenario file."""
    write_scenario(OUT, scenario())


if __name__ == "__main__":
    main()
