"""Track a of issue 16: integrity errors, the demo user's rights, the base records
and the API-key wizards, written as conformance scenarios.

Run ``python3 tests/conformance/gen/a_scenarios.py`` from the repository root: it
rewrites ``tests/conformance/scenarios/base/a*.json``. Every scenario looks the
records it needs up by code, login or name first (never by demo id), creates
only records named with the run suffix, and never deletes a demo record: the
deletions of demo records it asks for are ones Odoo refuses.

``a2_demo_user`` runs as Odoo's demo user: record and replay it with a key of
the ``demo`` user (``--key`` of that user's key, ``--password demo``).
"""

from __future__ import annotations

from typing import Any

from shapes import SCENARIOS, Step, lookup, ref, step, write_scenario

OUT = SCENARIOS / "base"
MISSING = 999999999


def common_lookups() -> list[Step]:
    """The demo records the scenarios refer to, looked up by code, login or name."""
    return [
        lookup("find-be", "res.country", [["code", "=", "BE"]], "be"),
        lookup("find-us", "res.country", [["code", "=", "US"]], "us"),
        lookup("find-fr", "res.country", [["code", "=", "FR"]], "fr"),
        lookup("find-usd", "res.currency", [["name", "=", "USD"]], "usd", active_test=False),
        lookup("find-eur", "res.currency", [["name", "=", "EUR"]], "eur", active_test=False),
        lookup("find-admin", "res.users", [["login", "=", "admin"]], "admin"),
        lookup("find-demo", "res.users", [["login", "=", "demo"]], "demo"),
        lookup("find-root", "res.users", [["login", "=", "__system__"]], "root", active_test=False),
        lookup("find-company", "res.company", [["name", "=", "YourCompany"]], "company"),
        step(
            "find-admin-partner",
            "res.users",
            "read",
            {"ids": ["${admin}"], "fields": ["partner_id"]},
            save={"admin_partner": {"path": "$[0].partner_id[0]", "model": "res.partner"}},
            compare="status",
            doc="the admin's partner, kept for later steps",
        ),
        step(
            "find-company-partner",
            "res.company",
            "read",
            {"ids": ["${company}"], "fields": ["partner_id"]},
            save={"company_partner": {"path": "$[0].partner_id[0]", "model": "res.partner"}},
            compare="status",
        ),
        lookup("find-en", "res.lang", [["code", "=", "en_US"]], "en"),
        lookup("find-fr-lang", "res.lang", [["code", "=", "fr_FR"]], "fr_lang", active_test=False),
        lookup("find-group-user", "res.groups", [["name", "=", "Role / User"]], "group_user"),
    ]


# --------------------------------------------------------------------------- a1
#: model -> a write that would be valid on an existing record
MISSING_WRITES: dict[str, dict[str, Any]] = {
    "res.partner": {"name": "${run} ghost"},
    "res.partner.category": {"name": "${run} ghost"},
    "res.country": {"phone_code": 1},
    "res.country.state": {"name": "${run} ghost"},
    "res.country.group": {"name": "${run} ghost"},
    "res.currency": {"symbol": "G"},
    "res.company": {"email": "ghost@example.com"},
    "res.users": {"email": "ghost@example.com"},
    "res.groups": {"comment": "${run}"},
    "res.lang": {"date_format": "%d/%m/%Y"},
    "res.partner.industry": {"name": "${run} ghost"},
    "res.bank": {"name": "${run} ghost"},
    "res.partner.bank": {"acc_number": "${run}"},
}


def a1_missing() -> list[Step]:
    """Reads, writes and deletions of a record that does not exist, on every base model."""
    steps: list[Step] = []
    for model, vals in MISSING_WRITES.items():
        short = model.replace("res.", "").replace(".", "-")
        ids = {"ids": [MISSING]}
        steps += [
            step(f"missing-read-{short}", model, "read", {**ids, "fields": ["display_name"]}),
            step(f"missing-write-{short}", model, "write", {**ids, "vals": vals}),
            step(f"missing-unlink-{short}", model, "unlink", ids),
            step(f"missing-copy-{short}", model, "copy", ids, compare="error_name"),
            step(
                f"missing-display-{short}",
                model,
                "search_read",
                {"domain": [["id", "=", MISSING]], "fields": ["display_name"]},
            ),
            step(f"missing-exists-{short}", model, "get_metadata", ids),
        ]
    steps.append(
        step(
            "missing-mixed-read",
            "res.country",
            "read",
            {"ids": ["${be}", MISSING], "fields": ["code"]},
            doc="one id exists, one does not",
        )
    )
    steps.append(
        step(
            "missing-mixed-write",
            "res.partner.category",
            "write",
            {"ids": [MISSING, MISSING + 1], "vals": {"name": "${run} x"}},
        )
    )
    steps.append(
        step(
            "missing-m2o-create",
            "res.partner",
            "create",
            {"vals_list": [{"name": "${run} bad m2o", "country_id": MISSING}]},
            doc="a many2one to a record that does not exist",
        )
    )
    steps.append(
        step(
            "missing-m2m-create",
            "res.partner",
            "create",
            {"vals_list": [{"name": "${run} bad m2m", "category_id": [[6, 0, [MISSING]]]}]},
            compare="error_name",
        )
    )
    return steps


def a1_recursion() -> list[Step]:
    """Loops in the partner and category hierarchies."""
    p = "res.partner"
    c = "res.partner.category"
    return [
        step(
            "rec-partner-a",
            p,
            "create",
            {"vals_list": [{"name": "${run} A", "is_company": True}]},
            save={"pa": "$[0]"},
        ),
        step(
            "rec-partner-b",
            p,
            "create",
            {"vals_list": [{"name": "${run} B", "parent_id": "${pa}"}]},
            save={"pb": "$[0]"},
        ),
        step(
            "rec-partner-c",
            p,
            "create",
            {"vals_list": [{"name": "${run} C", "parent_id": "${pb}"}]},
            save={"pc": "$[0]"},
        ),
        step("rec-partner-self", p, "write", {"ids": ["${pa}"], "vals": {"parent_id": "${pa}"}}),
        step("rec-partner-loop2", p, "write", {"ids": ["${pa}"], "vals": {"parent_id": "${pb}"}}),
        step("rec-partner-loop3", p, "write", {"ids": ["${pa}"], "vals": {"parent_id": "${pc}"}}),
        step(
            "rec-partner-create-self-loop",
            p,
            "create",
            {
                "vals_list": [
                    {"name": "${run} D", "parent_id": "${pc}", "child_ids": [[4, "${pa}"]]}
                ]
            },
            doc="a new partner whose child is its own ancestor",
        ),
        step(
            "rec-partner-after",
            p,
            "read",
            {"ids": ["${pa}", "${pb}", "${pc}"], "fields": ["parent_id", "commercial_partner_id"]},
        ),
        step(
            "rec-partner-unlink-parent",
            p,
            "unlink",
            {"ids": ["${pa}"]},
            doc="the children of a deleted partner lose their parent",
        ),
        step(
            "rec-partner-orphans", p, "read", {"ids": ["${pb}", "${pc}"], "fields": ["parent_id"]}
        ),
        step("rec-cat-a", c, "create", {"vals_list": [{"name": "${run} A"}]}, save={"ca": "$[0]"}),
        step(
            "rec-cat-b",
            c,
            "create",
            {"vals_list": [{"name": "${run} B", "parent_id": "${ca}"}]},
            save={"cb": "$[0]"},
        ),
        step(
            "rec-cat-c",
            c,
            "create",
            {"vals_list": [{"name": "${run} C", "parent_id": "${cb}"}]},
            save={"cc": "$[0]"},
        ),
        step("rec-cat-self", c, "write", {"ids": ["${ca}"], "vals": {"parent_id": "${ca}"}}),
        step("rec-cat-loop2", c, "write", {"ids": ["${ca}"], "vals": {"parent_id": "${cb}"}}),
        step("rec-cat-loop3", c, "write", {"ids": ["${ca}"], "vals": {"parent_id": "${cc}"}}),
        step(
            "rec-cat-names",
            c,
            "read",
            {
                "ids": ["${ca}", "${cb}", "${cc}"],
                "fields": ["display_name", "parent_path", "parent_id", "child_ids"],
            },
            mask_keys=["parent_path"],
        ),
        step(
            "rec-cat-unlink-top",
            c,
            "unlink",
            {"ids": ["${ca}"]},
            doc="children of a deleted tag are deleted with it (ondelete cascade)",
        ),
        step("rec-cat-after", c, "search_count", {"domain": [["name", "like", "${run}"]]}),
    ]


def a1_restrict() -> list[Step]:
    """Deleting records that others point to, and the records Odoo protects."""
    return [
        step("del-currency-of-company", "res.currency", "unlink", {"ids": ["${usd}"]}),
        step("del-country-of-partners", "res.country", "unlink", {"ids": ["${us}"]}),
        step(
            "del-partner-of-user",
            "res.partner",
            "unlink",
            {"ids": ["${admin_partner}"]},
            compare="error_name",
            doc="the message carries a redirect action's repr",
        ),
        step("del-partner-of-company", "res.partner", "unlink", {"ids": ["${company_partner}"]}),
        step("del-admin", "res.users", "unlink", {"ids": ["${admin}"]}),
        step("del-root", "res.users", "unlink", {"ids": ["${root}"]}),
        step("del-admin-and-demo", "res.users", "unlink", {"ids": ["${demo}", "${admin}"]}),
        step("del-main-company", "res.company", "unlink", {"ids": ["${company}"]}),
        step("del-lang-en", "res.lang", "unlink", {"ids": ["${en}"]}),
        step(
            "del-group-user",
            "res.groups",
            "unlink",
            {"ids": ["${group_user}"]},
            compare="status",
            doc="Odoo refuses it (status only: the message names the records using it)",
        ),
        step(
            "after-del-admin",
            "res.users",
            "search_count",
            {"domain": [["login", "in", ["admin", "demo"]]]},
        ),
        step(
            "after-del-usd",
            "res.currency",
            "search_count",
            {"domain": [["name", "=", "USD"]], "context": {"active_test": False}},
        ),
        step("after-del-us", "res.country", "search_count", {"domain": [["code", "=", "US"]]}),
        # a user of our own: its partner may not be deleted
        step(
            "user-own",
            "res.users",
            "create",
            {"vals_list": [{"name": "${run} U", "login": "${run}_u"}]},
            save={"u1": "$[0]"},
        ),
        step(
            "user-own-partner",
            "res.users",
            "read",
            {"ids": ["${u1}"], "fields": ["partner_id"]},
            save={"u1p": {"path": "$[0].partner_id[0]", "model": "res.partner"}},
        ),
        step(
            "user-own-partner-unlink",
            "res.partner",
            "unlink",
            {"ids": ["${u1p}"]},
            compare="status",
            doc="status only: Odoo's message carries a redirect action",
        ),
        step(
            "user-own-partner-unlink-error",
            "res.partner",
            "unlink",
            {"ids": ["${u1p}"]},
            compare="error_name",
            doc="the message carries a redirect action's repr",
        ),
        step(
            "user-own-login-dup",
            "res.users",
            "create",
            {"vals_list": [{"name": "${run} U2", "login": "${run}_u"}]},
        ),
        step(
            "user-own-login-dup-write",
            "res.users",
            "create",
            {"vals_list": [{"name": "${run} U3", "login": "${run}_u3"}]},
            save={"u3": "$[0]"},
        ),
        step(
            "user-own-login-write-dup",
            "res.users",
            "write",
            {"ids": ["${u3}"], "vals": {"login": "${run}_u"}},
        ),
        step(
            "user-own-login-admin",
            "res.users",
            "write",
            {"ids": ["${u3}"], "vals": {"login": "admin"}},
        ),
        step("user-own-unlink", "res.users", "unlink", {"ids": ["${u3}"]}),
        step(
            "user-own-after",
            "res.users",
            "search_count",
            {"domain": [["login", "like", "${run}"]], "context": {"active_test": False}},
        ),
    ]


def a1_unique() -> list[Step]:
    """Unique, required and check constraints of the base models."""
    s: list[Step] = [
        step(
            "uniq-country-code",
            "res.country",
            "create",
            {"vals_list": [{"name": "${run}", "code": "BE"}]},
        ),
        step(
            "uniq-country-name",
            "res.country",
            "create",
            {"vals_list": [{"name": "Belgium", "code": "Q1"}]},
        ),
        step(
            "uniq-currency-name",
            "res.currency",
            "create",
            {"vals_list": [{"name": "USD", "symbol": "$"}]},
        ),
        step(
            "uniq-lang-code",
            "res.lang",
            "create",
            {"vals_list": [{"name": "${run}", "code": "en_US"}]},
        ),
        step(
            "uniq-lang-name",
            "res.lang",
            "create",
            {"vals_list": [{"name": "English (US)", "code": "xx_${run}"}]},
        ),
        step(
            "uniq-company-name", "res.company", "create", {"vals_list": [{"name": "YourCompany"}]}
        ),
        step(
            "uniq-state-code",
            "res.country.state",
            "create",
            {"vals_list": [{"name": "${run}", "code": "CA", "country_id": "${us}"}]},
        ),
        step(
            "bank-partner",
            "res.partner",
            "create",
            {"vals_list": [{"name": "${run} bank holder"}]},
            save={"holder": "$[0]"},
        ),
        step(
            "bank-acc-1",
            "res.partner.bank",
            "create",
            {"vals_list": [{"acc_number": "${run} 001", "partner_id": "${holder}"}]},
            save={"acc1": "$[0]"},
        ),
        step(
            "bank-acc-dup",
            "res.partner.bank",
            "create",
            {"vals_list": [{"acc_number": "${run} 001", "partner_id": "${holder}"}]},
        ),
        step(
            "bank-acc-dup-spaces",
            "res.partner.bank",
            "create",
            {"vals_list": [{"acc_number": "${run}001", "partner_id": "${holder}"}]},
            doc="the unique key is on the account number without spaces",
        ),
        step(
            "bank-acc-other-partner",
            "res.partner.bank",
            "create",
            {"vals_list": [{"acc_number": "${run} 001", "partner_id": "${company_partner}"}]},
            save={"acc2": "$[0]"},
        ),
        step(
            "bank-acc-read",
            "res.partner.bank",
            "read",
            {
                "ids": ["${acc1}"],
                "fields": ["acc_number", "sanitized_acc_number", "partner_id", "display_name"],
            },
        ),
        step("bank-acc-other-unlink", "res.partner.bank", "unlink", {"ids": ["${acc2}"]}),
        step(
            "bank-partner-unlink",
            "res.partner",
            "unlink",
            {"ids": ["${holder}"]},
            doc="a partner's bank accounts go with it",
        ),
        step(
            "bank-acc-gone",
            "res.partner.bank",
            "search_count",
            {"domain": [["acc_number", "like", "${run}"]]},
        ),
        step(
            "check-currency-rounding",
            "res.currency",
            "create",
            {"vals_list": [{"name": "Q${RUN}", "symbol": "Q", "rounding": 0}]},
            compare="error_name",
            doc="the name is longer than a currency code: Odoo checks the rounding first",
        ),
        step(
            "check-currency-rounding-neg",
            "res.currency",
            "write",
            {"ids": ["${usd}"], "vals": {"rounding": -1}},
        ),
        step(
            "check-partner-contact-noname",
            "res.partner",
            "create",
            {"vals_list": [{"type": "contact"}]},
        ),
        step("check-partner-empty-name", "res.partner", "create", {"vals_list": [{"name": ""}]}),
        step(
            "check-partner-invoice-noname",
            "res.partner",
            "create",
            {"vals_list": [{"type": "invoice"}]},
            compare="status",
            doc="an address that is not a contact may have no name (status only: the harness deletes it)",
        ),
    ]
    required: list[tuple[str, dict[str, Any]]] = [
        ("res.partner.category", {"color": 1}),
        ("res.country", {"code": "Q2"}),
        ("res.country.state", {"name": "${run}", "code": "Q3"}),
        ("res.country.group", {}),
        ("res.currency", {"symbol": "Q"}),
        ("res.company", {}),
        ("res.users", {"name": "${run} nologin"}),
        ("res.lang", {"code": "xx_QQ"}),
        ("res.partner.industry", {"full_name": "${run}"}),
        ("res.bank", {"bic": "QQQQBEBB"}),
        ("res.partner.bank", {"acc_number": "${run} 002"}),
        ("res.partner.bank", {"partner_id": "${company_partner}"}),
        ("res.groups", {"comment": "${run}"}),
    ]
    for i, (model, vals) in enumerate(required):
        short = model.replace("res.", "").replace(".", "-")
        s.append(step(f"required-{short}-{i}", model, "create", {"vals_list": [vals]}))
    s += [
        step(
            "required-write-false-country-name",
            "res.country",
            "write",
            {"ids": ["${be}"], "vals": {"name": False}},
        ),
        step(
            "required-write-false-user-login",
            "res.users",
            "write",
            {"ids": ["${demo}"], "vals": {"login": False}},
        ),
        step(
            "required-write-empty-currency-symbol",
            "res.currency",
            "write",
            {"ids": ["${eur}"], "vals": {"symbol": False}},
        ),
        step(
            "required-write-false-user-partner",
            "res.users",
            "write",
            {"ids": ["${demo}"], "vals": {"partner_id": False}},
        ),
        step(
            "country-code-length",
            "res.country",
            "create",
            {"vals_list": [{"name": "${run}", "code": "QQQ"}]},
            compare="error_name",
        ),
        step(
            "after-country-count",
            "res.country",
            "search_count",
            {"domain": [["name", "like", "${run}"]]},
        ),
    ]
    return s


def a1() -> dict[str, Any]:
    """Integrity errors with Odoo's names, statuses and messages."""
    return {
        "description": "Integrity errors: missing records, recursion, restricted deletions, "
        "unique/required/check constraints and protected records",
        "steps": common_lookups() + a1_missing() + a1_recursion() + a1_restrict() + a1_unique(),
        "cleanup": [
            {"model": "res.users", "domain": [["login", "like", "${run}"]]},
            {"model": "res.partner.bank", "domain": [["acc_number", "like", "${run}"]]},
            {"model": "res.partner", "domain": [["name", "like", "${run}"]]},
            {"model": "res.partner.category", "domain": [["name", "like", "${run}"]]},
            {"model": "res.country", "domain": [["name", "like", "${run}"]]},
            {"model": "res.country.state", "domain": [["name", "like", "${run}"]]},
        ],
    }


# --------------------------------------------------------------------------- a3
COUNTRY_FIELDS = [
    "name",
    "code",
    "phone_code",
    "currency_id",
    "name_position",
    "vat_label",
    "state_required",
    "zip_required",
    "display_name",
]
COUNTRIES = [
    "BE",
    "US",
    "FR",
    "DE",
    "GB",
    "IN",
    "CN",
    "JP",
    "BR",
    "CA",
    "MX",
    "NL",
    "ES",
    "IT",
    "CH",
    "AU",
    "LU",
    "AT",
    "PL",
    "SE",
]
CURRENCY_FIELDS = [
    "name",
    "full_name",
    "symbol",
    "position",
    "rounding",
    "decimal_places",
    "active",
    "display_name",
]
CURRENCIES = ["USD", "EUR", "GBP", "JPY", "CHF", "CAD", "INR", "CNY", "BRL", "AUD", "MXN", "SEK"]
USER_FIELDS = [
    "login",
    "name",
    "active",
    "share",
    "company_id",
    "company_ids",
    "email",
    "tz",
    "display_name",
]
LOGINS = ["admin", "demo", "__system__", "public", "portal", "portaltemplate"]
PARTNER_FIELDS = [
    "name",
    "display_name",
    "is_company",
    "type",
    "street",
    "city",
    "zip",
    "country_id",
    "email",
    "phone",
    "website",
    "function",
    "active",
    "company_id",
    "lang",
]
DEMO_PARTNERS = [
    "Wood Corner",
    "Gemini Furniture",
    "Ready Mat",
    "Lumber Inc",
    "The Jackson Group",
    "Azure Interior",
    "OpenWood",
    "LightsUp",
]
STATE_COUNTRIES = ["US", "BE", "IN", "CA", "AU", "BR", "MX", "DE", "FR", "IT"]
XMLIDS = [
    ("base.be", "res.country", ["code"]),
    ("base.us", "res.country", ["code"]),
    ("base.fr", "res.country", ["code"]),
    ("base.de", "res.country", ["code"]),
    ("base.uk", "res.country", ["code"]),
    ("base.in", "res.country", ["code"]),
    ("base.EUR", "res.currency", ["name"]),
    ("base.USD", "res.currency", ["name"]),
    ("base.main_company", "res.company", ["name"]),
    ("base.main_partner", "res.partner", ["name"]),
    ("base.user_admin", "res.users", ["login"]),
    ("base.user_root", "res.users", ["login"]),
    ("base.user_demo", "res.users", ["login"]),
    ("base.partner_admin", "res.partner", ["name"]),
    ("base.partner_demo", "res.partner", ["name"]),
    ("base.partner_root", "res.partner", ["name"]),
    ("base.group_user", "res.groups", ["name"]),
    ("base.group_system", "res.groups", ["name"]),
    ("base.group_portal", "res.groups", ["name"]),
    ("base.group_public", "res.groups", ["name"]),
    ("base.group_erp_manager", "res.groups", ["name"]),
    ("base.group_partner_manager", "res.groups", ["name"]),
    ("base.group_multi_company", "res.groups", ["name"]),
    ("base.lang_en", "res.lang", ["code"]),
    ("base.state_us_5", "res.country.state", ["code"]),
    ("base.res_partner_1", "res.partner", ["name"]),
    ("base.res_partner_3", "res.partner", ["name"]),
    ("base.res_partner_category_0", "res.partner.category", ["name"]),
]


def a3() -> dict[str, Any]:
    """The base records a script written against Odoo's demo database expects."""
    s: list[Step] = []
    s.append(
        step(
            "company",
            "res.company",
            "search_read",
            {
                "domain": [["name", "=", "YourCompany"]],
                "fields": [
                    "name",
                    "currency_id",
                    "country_id",
                    "email",
                    "phone",
                    "parent_id",
                    "sequence",
                    "display_name",
                ],
            },
        )
    )
    s.append(
        step(
            "company-partner",
            "res.company",
            "search_read",
            {"domain": [["name", "=", "YourCompany"]], "fields": ["partner_id"]},
        )
    )
    s.append(
        step(
            "company-currency-active",
            "res.currency",
            "search_read",
            {"domain": [["active", "=", True]], "fields": ["name"]},
            doc="only the company's currency is active in a base database",
        )
    )
    for code in CURRENCIES:
        s.append(
            step(
                f"currency-{code}",
                "res.currency",
                "search_read",
                {
                    "domain": [["name", "=", code]],
                    "fields": CURRENCY_FIELDS,
                    "context": {"active_test": False},
                },
            )
        )
    s.append(
        step(
            "currency-count-all",
            "res.currency",
            "search_count",
            {"domain": [], "context": {"active_test": False}},
        )
    )
    for login in LOGINS:
        s.append(
            step(
                f"user-{login}",
                "res.users",
                "search_read",
                {
                    "domain": [["login", "=", login]],
                    "fields": USER_FIELDS,
                    "context": {"active_test": False},
                },
            )
        )
        s.append(
            step(
                f"user-{login}-partner",
                "res.users",
                "search_read",
                {
                    "domain": [["login", "=", login]],
                    "fields": ["partner_id"],
                    "context": {"active_test": False},
                },
            )
        )
    for login in ("admin", "demo", "portal"):
        s.append(
            step(
                f"groups-of-{login}",
                "res.groups",
                "search_read",
                {
                    "domain": [["user_ids.login", "=", login]],
                    "fields": ["name"],
                    "order": "name",
                    "context": {"active_test": False},
                },
            )
        )
    for login, group in (
        ("admin", "base.group_system"),
        ("admin", "base.group_user"),
        ("demo", "base.group_user"),
        ("demo", "base.group_system"),
        ("demo", "base.group_partner_manager"),
        ("demo", "base.group_multi_company"),
        ("admin", "base.group_multi_company"),
        ("admin", "base.group_partner_manager"),
    ):
        s.append(
            step(
                f"has-group-{login}-{group.split('.')[1]}",
                "res.users",
                "has_group",
                {"ids": [ref(login)], "group_ext_id": group},
            )
        )
    s.append(
        step(
            "users-active-internal",
            "res.users",
            "search_count",
            {"domain": [["share", "=", False], ["login", "in", LOGINS]]},
        )
    )
    for code in COUNTRIES:
        s.append(
            step(
                f"country-{code}",
                "res.country",
                "search_read",
                {"domain": [["code", "=", code]], "fields": COUNTRY_FIELDS},
            )
        )
    s.append(step("country-count", "res.country", "search_count", {"domain": []}))
    for code in STATE_COUNTRIES:
        s.append(
            step(
                f"states-{code}-count",
                "res.country.state",
                "search_count",
                {"domain": [["country_id.code", "=", code]]},
            )
        )
        s.append(
            step(
                f"states-{code}-first",
                "res.country.state",
                "search_read",
                {
                    "domain": [["country_id.code", "=", code]],
                    "fields": ["name", "code", "display_name"],
                    "order": "code",
                    "limit": 5,
                },
            )
        )
    for name, model, fields in XMLIDS:
        module, xname = name.split(".")
        short = xname.replace("_", "-")
        s.append(
            step(
                f"xmlid-{short}",
                "ir.model.data",
                "search_read",
                {
                    "domain": [["module", "=", module], ["name", "=", xname]],
                    "fields": ["module", "name", "model", "complete_name", "noupdate", "res_id"],
                },
                save={f"x_{xname}": {"path": "$[0].res_id", "model": model}},
                mask_keys=["res_id"],
                doc="res_id is checked by the next step, which reads the record",
            )
        )
        s.append(
            step(
                f"xmlid-{short}-record",
                model,
                "read",
                {"ids": [ref("x_" + xname)], "fields": fields, "context": {"active_test": False}},
            )
        )
    s.append(
        step(
            "lang-active",
            "res.lang",
            "search_read",
            {
                "domain": [],
                "fields": [
                    "code",
                    "name",
                    "iso_code",
                    "url_code",
                    "direction",
                    "date_format",
                    "time_format",
                    "week_start",
                    "active",
                ],
            },
        )
    )
    for code in ("fr_FR", "de_DE", "nl_BE", "es_ES", "ar_001"):
        s.append(
            step(
                f"lang-{code}",
                "res.lang",
                "search_read",
                {
                    "domain": [["code", "=", code]],
                    "context": {"active_test": False},
                    "fields": [
                        "code",
                        "name",
                        "iso_code",
                        "url_code",
                        "direction",
                        "date_format",
                        "time_format",
                        "week_start",
                        "active",
                    ],
                },
            )
        )
    s.append(
        step(
            "lang-count-all",
            "res.lang",
            "search_count",
            {"domain": [], "context": {"active_test": False}},
        )
    )
    for name in DEMO_PARTNERS:
        short = name.lower().replace(" ", "-")
        s.append(
            step(
                f"partner-{short}",
                "res.partner",
                "search_read",
                {"domain": [["name", "=", name]], "fields": PARTNER_FIELDS},
            )
        )
        s.append(
            step(
                f"partner-{short}-contacts",
                "res.partner",
                "search_read",
                {
                    "domain": [["parent_id.name", "=", name]],
                    "fields": ["name", "type", "function", "email"],
                    "order": "name",
                },
            )
        )
        s.append(
            step(
                f"partner-{short}-tags",
                "res.partner.category",
                "search_read",
                {"domain": [["partner_ids.name", "=", name]], "fields": ["name"], "order": "name"},
            )
        )
    for name in ("YourCompany", "Mitchell Admin", "Marc Demo", "Joel Willis", "Public user"):
        s.append(
            step(
                f"partner-{name.lower().replace(' ', '-')}",
                "res.partner",
                "search_read",
                {
                    "domain": [["name", "=", name]],
                    "context": {"active_test": False},
                    "fields": [
                        "name",
                        "display_name",
                        "parent_id",
                        "email",
                        "is_company",
                        "active",
                        "company_id",
                        "country_id",
                        "tz",
                        "lang",
                    ],
                },
            )
        )
    s.append(
        step(
            "partner-acme",
            "res.partner",
            "search_count",
            {"domain": [["name", "=", "Acme Corporation"]]},
            doc="Odoo's demo names base.res_partner_2 Acme Corporation",
        )
    )
    tag_names = [
        "Vendor",
        "Prospects",
        "Employees",
        "Consulting Services",
        "Services",
        "Office Supplies",
        "Desk Manufacturers",
    ]
    s.append(
        step(
            "tags",
            "res.partner.category",
            "search_read",
            {
                "domain": [["name", "in", tag_names]],
                "fields": ["name", "display_name", "parent_id", "color"],
                "order": "name",
            },
        )
    )
    s.append(
        step(
            "industries",
            "res.partner.industry",
            "search_read",
            {
                "domain": [["name", "not ilike", "cf"]],
                "fields": ["name", "full_name"],
                "order": "name",
            },
        )
    )
    s.append(
        step(
            "banks",
            "res.bank",
            "search_read",
            {
                "domain": [["name", "not ilike", "cf"]],
                "fields": ["name", "bic", "country", "city"],
                "order": "name",
            },
        )
    )
    s.append(
        step(
            "partner-banks",
            "res.partner.bank",
            "search_read",
            {
                "domain": [
                    ["partner_id.name", "in", ["Marc Demo", "Mitchell Admin", "YourCompany"]]
                ],
                "fields": ["acc_number", "partner_id", "bank_id"],
                "order": "acc_number",
            },
        )
    )
    s.append(
        step(
            "country-groups",
            "res.country.group",
            "search_read",
            {"domain": [["name", "not ilike", "cf"]], "fields": ["name"], "order": "name"},
        )
    )
    for key, model in (
        ("admin", "res.users"),
        ("company", "res.company"),
        ("be", "res.country"),
        ("usd", "res.currency"),
        ("demo", "res.users"),
    ):
        s.append(
            step(
                f"metadata-{key}",
                model,
                "get_metadata",
                {"ids": [ref(key)]},
                mask_keys=["write_uid"],
                doc="write_uid: other runs write demo records",
            )
        )
        s.append(
            step(
                f"create-uid-{key}",
                model,
                "read",
                {"ids": [ref(key)], "fields": ["create_uid"]},
            )
        )
    for name in DEMO_PARTNERS[:4]:
        s.append(
            step(
                f"create-uid-{name.lower().replace(' ', '-')}",
                "res.partner",
                "search_read",
                {"domain": [["name", "=", name]], "fields": ["create_uid"]},
            )
        )
    for xname in ("be", "user_admin", "main_company", "EUR", "group_user"):
        s.append(
            step(
                f"metadata-xmlid-{xname}",
                "ir.model.data",
                "search_read",
                {
                    "domain": [["module", "=", "base"], ["name", "=", xname]],
                    "fields": ["complete_name", "model"],
                },
            )
        )
    return {
        "description": "The base records of Odoo's demo database: companies, currencies, users and their "
        "partners and groups, countries and states, external ids, languages, demo partners, tags, industries, "
        "banks, record metadata",
        "steps": common_lookups() + s,
    }


# --------------------------------------------------------------------------- a4
DESC = "res.users.apikeys.description"
CHECK = "res.users.identitycheck"
KEYS = "res.users.apikeys"


def key_flow(prefix: str, name: str, duration: str, var: str) -> list[Step]:
    """Make an API key through the wizard of the account settings, as the caller."""
    return [
        step(
            f"{prefix}-create",
            DESC,
            "create",
            {"vals_list": [{"name": name, "duration": duration}]},
            save={f"{var}_wiz": "$[0]"},
        ),
        step(
            f"{prefix}-read",
            DESC,
            "read",
            {"ids": [ref(var + "_wiz")], "fields": ["name", "duration", "expiration_date"]},
            mask=[r"^\d{4}-\d\d-\d\d 00:00:00$"],
            doc="the expiry is a day count from today",
        ),
        step(
            f"{prefix}-make-key",
            DESC,
            "make_key",
            {"ids": [ref(var + "_wiz")]},
            save={f"{var}_check": {"path": "$.res_id", "model": CHECK}},
            doc="over JSON-2 the identity is always checked first: an identity-check wizard answers",
        ),
        step(
            f"{prefix}-check-read",
            CHECK,
            "read",
            {"ids": [ref(var + "_check")], "fields": ["auth_method", "password"]},
        ),
        step(f"{prefix}-check-no-password", CHECK, "run_check", {"ids": [ref(var + "_check")]}),
        step(
            f"{prefix}-check-wrong-password",
            CHECK,
            "run_check",
            {"ids": [ref(var + "_check")], "context": {"password": "not-${password}"}},
        ),
        step(
            f"{prefix}-check",
            CHECK,
            "run_check",
            {"ids": [ref(var + "_check")], "context": {"password": "${password}"}},
            save={var: "$.context.default_key"},
        ),
        step(f"{prefix}-wizard-gone", DESC, "search_count", {"domain": [["name", "=", name]]}),
        step(
            f"{prefix}-use",
            "res.users",
            "context_get",
            {},
            headers={"Authorization": "bearer " + ref(var)},
            mask_keys=["lang", "tz"],
        ),
        step(
            f"{prefix}-listed",
            KEYS,
            "search_read",
            {
                "domain": [["name", "=", name]],
                "fields": ["name", "scope", "user_id", "expiration_date"],
            },
            mask=[r"^\d{4}-\d\d-\d\d 00:00:00$"],
            save={f"{var}_id": "$[0].id"},
        ),
    ]


def key_removal(prefix: str, var: str) -> list[Step]:
    """Remove the key ``var`` made by :func:`key_flow` (identity checked again)."""
    return [
        step(
            f"{prefix}-remove",
            KEYS,
            "remove",
            {"ids": [ref(var + "_id")]},
            save={f"{var}_rm": {"path": "$.res_id", "model": CHECK}},
        ),
        step(
            f"{prefix}-remove-check",
            CHECK,
            "run_check",
            {"ids": [ref(var + "_rm")], "context": {"password": "${password}"}},
        ),
        step(
            f"{prefix}-removed", KEYS, "search_count", {"domain": [["id", "=", ref(var + "_id")]]}
        ),
        step(
            f"{prefix}-removed-use",
            "res.users",
            "context_get",
            {},
            headers={"Authorization": "bearer " + ref(var)},
        ),
    ]


def key_teardown() -> list[Step]:
    """Remove whatever key of this run is left (the harness does not know keys)."""
    return [
        step(
            "td-keys",
            KEYS,
            "search",
            {"domain": [["name", "like", "${run}"]]},
            save={"td_keys": "$"},
        ),
        step("td-remove", KEYS, "remove", {"ids": "${td_keys}"}, save={"td_rm": "$.res_id"}),
        step(
            "td-check",
            CHECK,
            "run_check",
            {"ids": ["${td_rm}"], "context": {"password": "${password}"}},
        ),
    ]


UNSERVED_WIZARDS = [
    "change.password.wizard",
    "change.password.user",
    "change.password.own",
    "res.config.settings",
    "base.language.install",
    "base.module.update",
    "res.users.apikeys.show",
    "base.partner.merge.automatic.wizard",
    "base.module.upgrade",
    "res.users.deletion",
]


def a4() -> dict[str, Any]:
    """The API-key wizards of the account settings, as the administrator."""
    fields = ["name", "duration", "expiration_date"]
    s: list[Step] = [
        lookup("find-admin", "res.users", [["login", "=", "admin"]], "admin"),
        step(
            "desc-fields",
            DESC,
            "fields_get",
            {
                "allfields": fields,
                "attributes": ["type", "string", "required", "readonly", "selection", "store"],
            },
        ),
        step("desc-default", DESC, "default_get", {"fields": fields}),
        step(
            "check-fields",
            CHECK,
            "fields_get",
            {
                "allfields": ["auth_method", "password", "request"],
                "attributes": ["type", "string", "selection", "store"],
            },
        ),
        step("check-default", CHECK, "default_get", {"fields": ["auth_method", "password"]}),
        step(
            "keys-fields",
            KEYS,
            "fields_get",
            {
                "allfields": [
                    "name",
                    "user_id",
                    "scope",
                    "expiration_date",
                    "create_date",
                    "key",
                    "index",
                ],
                "attributes": ["type", "string", "readonly", "required"],
            },
        ),
        step("desc-create-missing-name", DESC, "create", {"vals_list": [{"duration": "7"}]}),
        step(
            "desc-create-bad-duration",
            DESC,
            "create",
            {"vals_list": [{"name": "${run} x", "duration": "5"}]},
            compare="error_name",
        ),
        step(
            "desc-create-past",
            DESC,
            "create",
            {
                "vals_list": [
                    {
                        "name": "${run} past",
                        "duration": "-1",
                        "expiration_date": "2020-01-01 00:00:00",
                    }
                ]
            },
            save={"past": "$[0]"},
            doc="an administrator may choose any expiry",
        ),
        step(
            "desc-create-far",
            DESC,
            "create",
            {
                "vals_list": [
                    {"name": "${run} far", "duration": "-1", "expiration_date": "${now_plus_3650d}"}
                ]
            },
        ),
        step(
            "desc-create-persistent",
            DESC,
            "create",
            {"vals_list": [{"name": "${run} forever", "duration": "0"}]},
            save={"forever": "$[0]"},
        ),
        step("desc-read-persistent", DESC, "read", {"ids": ["${forever}"], "fields": fields}),
        step(
            "desc-create-30",
            DESC,
            "create",
            {"vals_list": [{"name": "${run} thirty", "duration": "30"}]},
            save={"thirty": "$[0]"},
        ),
        step("desc-read-30", DESC, "read", {"ids": ["${thirty}"], "fields": fields}),
        step(
            "desc-write", DESC, "write", {"ids": ["${thirty}"], "vals": {"name": "${run} thirty b"}}
        ),
        step(
            "desc-search",
            DESC,
            "search_read",
            {"domain": [["name", "like", "${run}"]], "fields": ["name"], "order": "name"},
        ),
        step("desc-unlink", DESC, "unlink", {"ids": ["${thirty}"]}),
        step("desc-make-key-missing", DESC, "make_key", {"ids": [MISSING]}, compare="status"),
        step("desc-make-key-empty", DESC, "make_key", {"ids": []}),
    ]
    s += key_flow("k1", "${run} key one", "7", "k1")
    s += key_removal("k1", "k1")
    s += key_flow("k2", "${run} key two", "0", "k2")
    s += [
        step("keys-create", KEYS, "create", {"vals_list": [{"name": "${run} direct"}]}),
        step(
            "keys-write", KEYS, "write", {"ids": ["${k2_id}"], "vals": {"name": "${run} renamed"}}
        ),
        step("keys-unlink", KEYS, "unlink", {"ids": ["${k2_id}"]}),
        step("keys-read-secret", KEYS, "read", {"ids": ["${k2_id}"], "fields": ["key"]}),
        step("keys-read-index", KEYS, "read", {"ids": ["${k2_id}"], "fields": ["index"]}),
        step("keys-read-all", KEYS, "read", {"ids": ["${k2_id}"]}),
        step("keys-search-key", KEYS, "search", {"domain": [["key", "=", "x"]]}),
        step(
            "keys-user-field",
            "res.users",
            "read",
            {"ids": ["${admin}"], "fields": ["api_key_ids"]},
            compare="status",
        ),
        step("keys-remove-missing", KEYS, "remove", {"ids": [MISSING]}),
        step("keys-remove-empty", KEYS, "remove", {"ids": []}),
    ]
    s += key_removal("k2", "k2")
    s += [
        step(
            "user-api-key-wizard",
            "res.users",
            "api_key_wizard",
            {"ids": ["${admin}"]},
            save={"akw": {"path": "$.res_id", "model": CHECK}},
        ),
        step(
            "user-api-key-wizard-check",
            CHECK,
            "run_check",
            {"ids": ["${akw}"], "context": {"password": "${password}"}},
        ),
        step("check-create-direct", CHECK, "create", {"vals_list": [{}]}, save={"ic": "$[0]"}),
        step(
            "check-create-request",
            CHECK,
            "create",
            {"vals_list": [{"request": "[]"}]},
            compare="status",
        ),
        step(
            "check-run-direct",
            CHECK,
            "run_check",
            {"ids": ["${ic}"], "context": {"password": "${password}"}},
            compare="status",
            doc="a check that asks for no method: Odoo fails (500)",
        ),
        step(
            "check-run-missing",
            CHECK,
            "run_check",
            {"ids": [MISSING], "context": {"password": "${password}"}},
            compare="status",
        ),
    ]
    for model in UNSERVED_WIZARDS:
        s.append(
            step(
                f"unserved-{model}",
                model,
                "fields_get",
                {"attributes": ["type"]},
                compare="status",
                doc="a wizard jsontwo does not serve: status only",
            )
        )
    return {
        "description": "Transient models integrations call: the API-key description wizard, the identity "
        "check, the keys themselves, and wizards jsontwo does not serve",
        "steps": s,
        "teardown": key_teardown(),
    }


# --------------------------------------------------------------------------- a2
#: model -> (domain finding one demo record, the vals written back unchanged, vals of a new record)
DEMO_MODELS: dict[str, tuple[list[Any], dict[str, Any], dict[str, Any]]] = {
    "res.partner": ([["name", "=", "Wood Corner"]], {"name": "Wood Corner"}, {"name": "${run} P"}),
    "res.partner.category": ([["name", "=", "Vendor"]], {"name": "Vendor"}, {"name": "${run} T"}),
    "res.country": ([["code", "=", "BE"]], {"name": "Belgium"}, {"name": "${run}", "code": "Q7"}),
    "res.country.state": (
        [["code", "=", "CA"], ["country_id.code", "=", "US"]],
        {"name": "California"},
        {"name": "${run}", "code": "Q7", "country_id": "${us}"},
    ),
    "res.country.group": (
        [["name", "=", "European Union"]],
        {"name": "European Union"},
        {"name": "${run}"},
    ),
    "res.currency": ([["name", "=", "USD"]], {"symbol": "$"}, {"name": "Q7", "symbol": "Q"}),
    "res.company": ([["name", "=", "YourCompany"]], {"name": "YourCompany"}, {"name": "${run} Co"}),
    "res.users": (
        [["login", "=", "admin"]],
        {"name": "Mitchell Admin"},
        {"name": "${run} U", "login": "${run}_u"},
    ),
    "res.groups": ([["name", "=", "Role / User"]], {"name": "Role / User"}, {"name": "${run} G"}),
    "res.lang": (
        [["code", "=", "en_US"]],
        {"name": "English (US)"},
        {"name": "${run}", "code": "q7_QQ"},
    ),
    "res.partner.industry": (
        [["name", "=", "Agriculture"]],
        {"name": "Agriculture"},
        {"name": "${run} I"},
    ),
    "res.bank": ([["name", "=", "ING"]], {"name": "ING"}, {"name": "${run} B"}),
    "res.partner.bank": (
        [["acc_number", "=", "60-16-13 31926819"]],
        {"acc_number": "60-16-13 31926819"},
        {"acc_number": "${run} 9", "partner_id": "${me_partner}"},
    ),
    "ir.model": (
        [["model", "=", "res.partner"]],
        {"name": "Contact"},
        {"name": "${run}", "model": "x_q"},
    ),
    "ir.model.fields": (
        [["model", "=", "res.partner"], ["name", "=", "name"]],
        {"field_description": "Name"},
        {"name": "x_q"},
    ),
    "ir.model.access": (
        [["name", "=", "res_partner group_partner_manager"]],
        {"perm_read": True},
        {"name": "${run}"},
    ),
    "ir.rule": ([["name", "=", "res.partner company"]], {"active": True}, {"name": "${run}"}),
    "ir.model.data": (
        [["module", "=", "base"], ["name", "=", "be"]],
        {"noupdate": True},
        {"module": "x", "name": "${run}", "model": "res.partner", "res_id": 1},
    ),
    "ir.config_parameter": (
        [["key", "=", "web.base.url"]],
        {"key": "web.base.url"},
        {"key": "${run}", "value": "1"},
    ),
    "ir.ui.view": (
        [["model", "=", "res.partner"]],
        {"priority": 16},
        {"name": "${run}", "arch": "<form/>"},
    ),
}


def a2() -> dict[str, Any]:
    """What Odoo's demo user (an internal user, no settings) may and may not do."""
    s = common_lookups()
    s += [
        step("me", "res.users", "context_get", {}, mask_keys=["lang", "tz"]),
        step(
            "me-partner",
            "res.users",
            "read",
            {"ids": ["${demo}"], "fields": ["partner_id"]},
            save={"me_partner": {"path": "$[0].partner_id[0]", "model": "res.partner"}},
        ),
        step(
            "me-read-own",
            "res.users",
            "read",
            {"ids": ["${demo}"], "fields": ["login", "name", "share", "company_ids"]},
        ),
        step(
            "me-read-admin",
            "res.users",
            "read",
            {"ids": ["${admin}"], "fields": ["login", "name", "share", "email"]},
        ),
        step(
            "me-read-admin-groups",
            "res.users",
            "read",
            {"ids": ["${admin}"], "fields": ["group_ids"]},
            compare="status",
        ),
        step("me-read-root", "res.users", "read", {"ids": ["${root}"], "fields": ["login"]}),
        step(
            "me-write-own-name",
            "res.users",
            "write",
            {"ids": ["${demo}"], "vals": {"name": "Marc Demo"}},
        ),
        step(
            "me-write-own-login",
            "res.users",
            "write",
            {"ids": ["${demo}"], "vals": {"login": "demo"}},
        ),
        step(
            "me-write-own-groups",
            "res.users",
            "write",
            {"ids": ["${demo}"], "vals": {"group_ids": [[4, "${group_user}"]]}},
        ),
        step(
            "me-write-own-company",
            "res.users",
            "write",
            {"ids": ["${demo}"], "vals": {"company_ids": [[6, 0, ["${company}"]]]}},
        ),
        step(
            "me-has-group-system",
            "res.users",
            "has_group",
            {"ids": ["${demo}"], "group_ext_id": "base.group_system"},
        ),
        step(
            "me-has-group-user",
            "res.users",
            "has_group",
            {"ids": ["${demo}"], "group_ext_id": "base.group_user"},
        ),
        step(
            "me-has-group-admin",
            "res.users",
            "has_group",
            {"ids": ["${admin}"], "group_ext_id": "base.group_system"},
        ),
        step(
            "me-bad-company",
            "res.partner",
            "search_count",
            {
                "domain": [["name", "=", "Wood Corner"]],
                "context": {"allowed_company_ids": [MISSING]},
            },
        ),
        step(
            "me-own-company",
            "res.partner",
            "search_count",
            {
                "domain": [["name", "=", "Wood Corner"]],
                "context": {"allowed_company_ids": ["${company}"]},
            },
        ),
        step(
            "me-desc-fields",
            DESC,
            "fields_get",
            {"allfields": ["duration"], "attributes": ["selection"]},
        ),
        step(
            "me-desc-default",
            DESC,
            "default_get",
            {"fields": ["name", "duration", "expiration_date"]},
        ),
        step(
            "me-desc-no-expiry",
            DESC,
            "create",
            {"vals_list": [{"name": "${run} x", "duration": "0"}]},
        ),
        step(
            "me-desc-custom-none",
            DESC,
            "create",
            {"vals_list": [{"name": "${run} x", "duration": "-1"}]},
        ),
        step(
            "me-desc-too-far",
            DESC,
            "create",
            {
                "vals_list": [
                    {"name": "${run} x", "duration": "-1", "expiration_date": "${now_plus_400d}"}
                ]
            },
        ),
        step(
            "me-desc-365", DESC, "create", {"vals_list": [{"name": "${run} x", "duration": "365"}]}
        ),
    ]
    s += key_flow("dk", "${run} demo key", "7", "dk")
    s += [
        step(
            "dk-read-own-keys", KEYS, "search_count", {"domain": [["name", "=", "${run} demo key"]]}
        ),
        step(
            "dk-read-all-keys",
            KEYS,
            "search_count",
            {"domain": [["user_id", "!=", "${demo}"]]},
            doc="another user's keys are out of sight",
        ),
        step(
            "dk-write-key", KEYS, "write", {"ids": ["${dk_id}"], "vals": {"name": "${run} renamed"}}
        ),
    ]
    s += key_removal("dk", "dk")
    for model, (domain, same, new) in DEMO_MODELS.items():
        short = model.replace(".", "_")
        # the demo user may not read the technical models: their steps name a missing id
        target: Any = [MISSING] if model.startswith("ir.") else [ref("r_" + short)]
        s += [
            step(
                f"{short}-find",
                model,
                "search",
                {"domain": domain, "limit": 1, "context": {"active_test": False}},
                save={f"r_{short}": "$[0]"},
            ),
            step(f"{short}-count", model, "search_count", {"domain": domain}),
            step(f"{short}-read", model, "read", {"ids": target, "fields": ["display_name"]}),
            step(
                f"{short}-name-search",
                model,
                "name_search",
                {"name": "", "limit": 1},
                compare="status",
            ),
            step(f"{short}-create", model, "create", {"vals_list": [new]}),
            step(
                f"{short}-write-same",
                model,
                "write",
                {"ids": target, "vals": same},
                doc="the value it has already: harmless where allowed",
            ),
            step(f"{short}-unlink", model, "unlink", {"ids": [MISSING]}),
            step(
                f"{short}-check-access-write",
                model,
                "check_access_rights",
                {"operation": "write", "raise_exception": False},
                compare="status",
            ),
        ]
    s += [
        step(
            "own-partner",
            "res.partner",
            "create",
            {"vals_list": [{"name": "${run} mine"}]},
            save={"mine": "$[0]"},
        ),
        step(
            "own-partner-write",
            "res.partner",
            "write",
            {"ids": ["${mine}"], "vals": {"phone": "123"}},
        ),
        step(
            "own-partner-read",
            "res.partner",
            "read",
            {"ids": ["${mine}"], "fields": ["name", "phone", "company_id", "create_uid"]},
        ),
        step("own-partner-unlink", "res.partner", "unlink", {"ids": ["${mine}"]}),
        step("partner-unlink-demo", "res.partner", "unlink", {"ids": ["${admin_partner}"]}),
        step("country-unlink", "res.country", "unlink", {"ids": ["${be}"]}),
        step("currency-unlink", "res.currency", "unlink", {"ids": ["${eur}"]}),
        step("company-unlink", "res.company", "unlink", {"ids": ["${company}"]}),
        step("user-unlink-admin", "res.users", "unlink", {"ids": ["${admin}"]}),
        step("user-unlink-self", "res.users", "unlink", {"ids": ["${demo}"]}),
        step("group-unlink", "res.groups", "unlink", {"ids": ["${group_user}"]}),
        step("lang-unlink", "res.lang", "unlink", {"ids": ["${fr_lang}"]}),
        step(
            "partner-bank-own",
            "res.partner.bank",
            "create",
            {"vals_list": [{"acc_number": "${run} 8", "partner_id": "${me_partner}"}]},
        ),
        step(
            "partner-fields-restricted",
            "res.partner",
            "read",
            {"ids": ["${me_partner}"], "fields": ["name", "bank_ids"]},
            compare="status",
        ),
        step(
            "users-fields-restricted",
            "res.users",
            "read",
            {"ids": ["${demo}"], "fields": ["api_key_ids"]},
            compare="status",
        ),
        step("rule-read-company", "res.company", "search_read", {"domain": [], "fields": ["name"]}),
        step("config-get-param", "ir.config_parameter", "get_param", {"key": "web.base.url"}),
    ]
    return {
        "description": "What Odoo's demo user may and may not do (run it with the demo user's key and "
        "password): API keys of their own through the wizard, and every base model's read, search, "
        "create, write and unlink",
        "user": "demo",
        "steps": s,
        "teardown": key_teardown(),
        "cleanup": [
            {"model": "res.partner.bank", "domain": [["acc_number", "like", "${run}"]]},
            {"model": "res.partner", "domain": [["name", "like", "${run}"]]},
        ],
    }


def main() -> None:
    """Write the scenario files."""
    scenarios = {"a1_integrity": a1()}
    for name in ("a2_demo_user", "a3_base_records", "a4_wizards"):
        builder = globals().get(name.split("_", 1)[0])
        if builder is not None:
            scenarios[name] = builder()
    for name, data in scenarios.items():
        print(f"{name}: {write_scenario(OUT / f'{name}.json', data)} steps")


if __name__ == "__main__":
    main()
