"""Data every database gets (countries, currencies, the main company, the users)
and the demo records (partners and tags), read from the files beside this module.

The ids are Odoo's where clients rely on them: user 1 is the superuser
(``__system__``, archived) and user 2 is ``admin``.
"""

from __future__ import annotations

import base64
import csv
import functools
import io
import json
import secrets
import uuid
from importlib import resources
from typing import Any

from jsontwo.modules.base.access_data import load_access_files
from jsontwo.modules.base.action_data import ensure_menus, ensure_window_actions
from jsontwo.modules.base.attachment_upgrade import move_binary_columns
from jsontwo.modules.base.company_data import load_company_data, load_demo_rates
from jsontwo.modules.base.cron_data import BASE_CRONS, ensure_crons
from jsontwo.modules.base.models.ir_access import VERSION_KEY
from jsontwo.modules.base.models.ir_model_reflect import reflect_models
from jsontwo.modules.base.models.users import hash_password
from jsontwo.modules.base.translation_upgrade import migrate_translated_columns
from jsontwo.orm import SUPERUSER_ID, Environment

MAIN_COMPANY = "YourCompany"
#: the main company's currency and country, as in Odoo's base data
MAIN_CURRENCY = "USD"
MAIN_COUNTRY = "US"
#: the main company's contact details, as in Odoo's base data
MAIN_PARTNER_VALUES = {
    "email": "info@yourcompany.com",
    "phone": "+1 555-555-5556",
    "website": "http://www.example.com",
    "street": "8000 Marina Blvd, Suite 300",
    "city": "Brisbane",
    "zip": "94005",
}
ADMIN_NAME = "Mitchell Admin"
#: demo only: the administrator's address and phone (state: Pennsylvania)
DEMO_ADMIN_ADDRESS = {
    "street": "215 Vine St",
    "city": "Scranton",
    "zip": "18503",
    "phone": "+1 555-555-5555",
}
#: demo only: the password ``db create --demo`` gives the admin, as Odoo's demo does
DEMO_ADMIN_PASSWORD = "admin"
#: demo only: the admin's timezone in Odoo's demo data
DEMO_ADMIN_TZ = "Europe/Brussels"
#: demo only: the non-admin user (Odoo's demo user is "Marc Demo", demo/demo)
DEMO_USER_LOGIN = "demo"
DEMO_USER_PASSWORD = "demo"
DEMO_USER_NAME = "Marc Demo"
#: the administrator's id, as in Odoo
ADMIN_ID = 2


@functools.cache
def _demo_password_hash(password: str) -> str:
    """The hash of a demo password, made once per process: argon2 takes a sixth
    of a second a hash by design, and demo passwords are public anyway (every
    demo database a process makes shares the salt, which gives nothing away)."""
    return hash_password(password)


def _read_text(folder: str, name: str) -> str:
    return (
        resources.files("jsontwo.modules.base").joinpath(folder, name).read_text(encoding="utf-8")
    )


def _csv_rows(name: str) -> list[dict[str, str]]:
    # read as a stream: a quoted value may hold line breaks (address formats)
    return list(csv.DictReader(io.StringIO(_read_text("data", name))))


def load_data(env: Environment) -> None:
    """Create the records every database starts with, under Odoo's external ids."""
    data = env["ir.model.data"]
    currencies = _csv_rows("currencies.csv")
    created = env["res.currency"].create(
        [
            {
                "name": row["name"],
                "full_name": row["full_name"],
                "symbol": row["symbol"],
                "position": row["position"],
                "rounding": float(row["rounding"]),
                "active": row["active"] == "1",
                "iso_numeric": int(row["iso_numeric"]) if row["iso_numeric"] else False,
                "currency_unit_label": row["currency_unit_label"] or False,
                "currency_subunit_label": row["currency_subunit_label"] or False,
            }
            for row in currencies
        ]
    )
    codes = [row["name"] for row in currencies]
    data._declare_many([f"base.{code}" for code in codes], created)
    currency_ids = dict(zip(codes, created.ids, strict=True))
    country_rows = _csv_rows("countries.csv")
    countries = env["res.country"].create(
        [_country_vals(row, currency_ids) for row in country_rows]
    )
    data._declare_many([_country_xmlid(row["code"]) for row in country_rows], countries)
    country_ids = dict(zip((row["code"] for row in country_rows), countries.ids, strict=True))
    _load_states(env, country_ids)
    _load_country_groups(env, country_ids)
    _load_industries(env)
    _load_languages(env)
    company = env["res.company"].create(
        {"name": MAIN_COMPANY, "currency_id": currency_ids[MAIN_CURRENCY], "sequence": 0}
    )
    company.partner_id.write(
        {**MAIN_PARTNER_VALUES, "country_id": country_ids[MAIN_COUNTRY], "company_id": False}
    )
    companies = {"company_id": company.id, "company_ids": [[6, 0, [company.id]]]}
    users = env["res.users"].create(
        [
            {"login": "__system__", "name": "System", "active": False, **companies},
            {"login": "admin", "name": ADMIN_NAME, "email": "admin@example.com", **companies},
        ]
    )
    root, admin = (users.browse([uid]) for uid in users.ids)
    root.partner_id.write({"email": "odoobot@example.com", "company_id": company.id})
    admin.partner_id.write(
        {
            "company_id": company.id,
            "company_name": MAIN_COMPANY,
            "country_id": country_ids[MAIN_COUNTRY],
        }
    )
    data._declare("base.main_company", company)
    data._declare("base.main_partner", company.partner_id)
    for xmlid, user in zip(("base.user_root", "base.user_admin"), users, strict=True):
        data._declare(xmlid, user)
        data._declare(xmlid.replace("user_", "partner_"), user.partner_id)
    upgrade_data(env)
    _mark_noupdate(env)
    # Odoo's base data makes the currencies and the main company by SQL: no creator
    env.cr.execute('UPDATE "res_currency" SET create_uid = NULL, create_date = NULL')
    env.cr.execute('UPDATE "res_company" SET create_uid = NULL WHERE id = %s', [company.id])


#: the records of the base data Odoo never updates (``noupdate``): of these models...
NOUPDATE_MODELS = (
    "res.bank",
    "res.company",
    "res.country",
    "res.country.group",
    "res.currency",
    "res.partner.industry",
    "res.partner.bank",
    "ir.rule",
)
#: ... and these records
NOUPDATE_NAMES = (
    "default_user_group",
    "group_user",
    "main_partner",
    "partner_admin",
    "partner_demo",
    "partner_demo_portal",
    "partner_root",
    "public_partner",
    "demo_user0",
    "public_user",
    "user_admin",
    "user_demo",
    "user_root",
)


def _mark_noupdate(env: Environment) -> None:
    """Flag the external ids Odoo's base data declares ``noupdate``."""
    models_marks = ", ".join(["%s"] * len(NOUPDATE_MODELS))
    names_marks = ", ".join(["%s"] * len(NOUPDATE_NAMES))
    env.cr.execute(
        f'UPDATE "ir_model_data" SET noupdate = TRUE WHERE module = %s AND '
        f"(model IN ({models_marks}) OR name IN ({names_marks}))",
        ["base", *NOUPDATE_MODELS, *NOUPDATE_NAMES],
    )


def _country_xmlid(code: str) -> str:
    """Odoo's external id of a country: ``base.<code>``, ``base.uk`` for GB."""
    return "base.uk" if code == "GB" else f"base.{code.lower()}"


def _country_vals(row: dict[str, str], currency_ids: dict[str, int]) -> dict[str, Any]:
    return {
        "code": row["code"],
        "name": row["name"],
        "phone_code": int(row["phone_code"]) if row["phone_code"] else False,
        "currency_id": currency_ids.get(row["currency_code"], False),
        "name_position": row["name_position"],
        # "(empty)": an empty label, which Odoo's data gives the United States
        "vat_label": "" if row["vat_label"] == "(empty)" else row["vat_label"] or False,
        "state_required": row["state_required"] == "1",
        "zip_required": row["zip_required"] == "1",
        # most countries keep the field's default layout
        **({"address_format": row["address_format"]} if row["address_format"] else {}),
    }


def _load_states(env: Environment, country_ids: dict[str, int]) -> None:
    rows = _csv_rows("states.csv")
    states = env["res.country.state"].create(
        [
            {
                "country_id": country_ids[row["country_code"]],
                "code": row["code"],
                "name": row["name"],
            }
            for row in rows
        ]
    )
    named = [(f"base.{row['xmlid']}", rid) for row, rid in zip(rows, states.ids, strict=True)]
    env["ir.model.data"]._declare_many(
        [xmlid for xmlid, _rid in named if xmlid != "base."],
        states.browse([rid for xmlid, rid in named if xmlid != "base."]),
    )


def _load_country_groups(env: Environment, country_ids: dict[str, int]) -> None:
    rows = _csv_rows("country_groups.csv")
    groups = env["res.country.group"].create(
        [
            {
                "name": row["name"],
                "code": row["code"],
                "country_ids": [[6, 0, [country_ids[c] for c in row["country_codes"].split()]]],
            }
            for row in rows
        ]
    )
    env["ir.model.data"]._declare_many([f"base.{row['xmlid']}" for row in rows], groups)


def _load_industries(env: Environment) -> None:
    rows = _csv_rows("industries.csv")
    industries = env["res.partner.industry"].create(
        [{"name": row["name"], "full_name": row["full_name"]} for row in rows]
    )
    env["ir.model.data"]._declare_many([f"base.{row['xmlid']}" for row in rows], industries)


#: the base groups: external id -> (name, implied groups, API key duration in days, share)
BASE_GROUPS: dict[str, tuple[str, tuple[str, ...], float, bool]] = {
    "base.group_no_one": ("Technical Features", (), 0.0, False),
    # internal users have the technical features, as in Odoo (effective in debug
    # mode only there, which the API never is: has_group says no for them)
    "base.group_user": ("Role / User", ("base.group_no_one",), 90.0, False),
    "base.group_erp_manager": ("Access Rights", ("base.group_user",), 0.0, False),
    # who may read the API documentation (/doc-bearer/...): administrators, and
    # whoever is given the group (Odoo's api_doc module names it so)
    "api_doc.group_allow_doc": ("Technical Documentation", (), 0.0, False),
    "base.group_partner_manager": ("Creation", (), 0.0, False),  # Contact / Creation
    "base.group_allow_export": ("Allowed", (), 0.0, False),  # Export / Allowed
    "base.group_sanitize_override": ("Bypass HTML Field Sanitize", (), 0.0, False),
    "base.group_system": (
        "Role / Administrator",
        (
            "base.group_erp_manager",
            "api_doc.group_allow_doc",
            "base.group_partner_manager",
            "base.group_allow_export",
            "base.group_sanitize_override",
            "base.group_no_one",
        ),
        0.0,
        False,
    ),
    "base.group_portal": ("Role / Portal", (), 0.0, True),
    "base.group_public": ("Role / Public", (), 0.0, True),
    "base.group_multi_company": ("Multi Companies", (), 0.0, False),
    "base.group_multi_currency": ("Multi Currencies", (), 0.0, False),
    "base.default_user_group": ("Default access for new users", (), 0.0, False),
}
#: the application category of the base privileges (Odoo's base data)
BASE_CATEGORY = ("base.module_category_master_data", "Master Data", 1)
#: the base privileges: external id -> name (in BASE_CATEGORY)
BASE_PRIVILEGES = {
    "base.res_groups_privilege_export": "Export",
    "base.res_groups_privilege_contact": "Contact",
}
#: the privilege of a base group, as in Odoo (its full name is "Privilege / Group")
GROUP_PRIVILEGES = {
    "base.group_partner_manager": "base.res_groups_privilege_contact",
    "base.group_allow_export": "base.res_groups_privilege_export",
}
#: the groups of the demo user Marc Demo (Odoo's base demo data)
DEMO_USER_GROUPS = ("base.group_user", "base.group_partner_manager", "base.group_allow_export")
#: the groups of the superuser and the administrator (Role / Administrator implies the others)
ADMIN_GROUPS = ("base.group_system",)
#: settings every database starts with (Odoo's parameter names); programmatic API
#: keys are open to every user here (Odoo ships them closed to non-administrators)
BASE_PARAMETERS = {
    "base.enable_programmatic_api_keys": "True",
    "base.programmatic_api_keys_limit": "10",
    "base.login_cooldown_after": "5",
    "base.login_cooldown_duration": "60",
}


def _load_languages(env: Environment) -> None:
    rows = _csv_rows("languages.csv")
    languages = env["res.lang"].create(
        [
            {**{k: v for k, v in row.items() if k != "xmlid"}, "active": row["active"] == "1"}
            for row in rows
        ]
    )
    data = env["ir.model.data"]
    # a database that lost its languages may keep their external ids
    named = [
        (f"base.{row['xmlid']}", rid)
        for row, rid in zip(rows, languages.ids, strict=True)
        if row["xmlid"] and data._xmlid_to_res_id(f"base.{row['xmlid']}") is None
    ]
    data._declare_many([x for x, _ in named], languages.browse([rid for _, rid in named]))


def upgrade_data(env: Environment) -> None:
    """Add the records a database made by an older jsontwo lacks (the languages,
    the groups, the settings, the database secret); nothing when they are
    there, and the model introspection and access rights brought up to date.
    Runs on creation and whenever a server opens the database."""
    migrate_translated_columns(env)  # first: what follows reads translated fields
    if not env["res.lang"].with_context(active_test=False).search_count([]):
        _load_languages(env)
    params = env["ir.config_parameter"]
    for key, value in {
        **BASE_PARAMETERS,
        "database.secret": secrets.token_hex(32),
        "database.uuid": str(uuid.uuid4()),
        # without a version stamp, no process could keep the access rights it read
        VERSION_KEY: uuid.uuid4().hex,
    }.items():
        if params.get_param(key) is False:
            params.set_param(key, value)
    privileges = _upgrade_privileges(env)
    _upgrade_groups(env, privileges)
    reflect_models(env)
    load_access_files(env, "base")
    move_binary_columns(env)
    env["properties.base.definition"]._ensure("res.partner")
    load_company_data(env)
    ensure_window_actions(env, "base")
    ensure_menus(env, "base")
    ensure_crons(env, BASE_CRONS)


def _upgrade_privileges(env: Environment) -> dict[str, int]:
    """Create the base category and privileges a database lacks; their ids by
    external id."""
    data = env["ir.model.data"]
    xmlid, name, sequence = BASE_CATEGORY
    category = data._xmlid_to_res_id(xmlid)
    if category is None:
        record = env["ir.module.category"].create({"name": name, "sequence": sequence})
        data._declare(xmlid, record)
        category = record.id
    found: dict[str, int] = {}
    for xmlid, name in BASE_PRIVILEGES.items():
        privilege = data._xmlid_to_res_id(xmlid)
        if privilege is None:
            record = env["res.groups.privilege"].create({"name": name, "category_id": category})
            data._declare(xmlid, record)
            privilege = record.id
        found[xmlid] = privilege
    return found


def _upgrade_groups(env: Environment, privileges: dict[str, int]) -> None:
    """Create the base groups a database lacks. On a database without groups at
    all (a new one), every user becomes an internal user and the administrators
    get their groups (which imply the internal user's); a group added to an older database goes to the
    administrators when they should have it, and is linked to the groups that
    imply it (``api_doc.group_allow_doc`` to Settings)."""
    data = env["ir.model.data"]
    fresh = data._xmlid_to_res_id("base.group_user") is None
    created: dict[str, int] = {}
    new: set[str] = set()
    for xmlid, (name, implied, duration, share) in BASE_GROUPS.items():
        found = data._xmlid_to_res_id(xmlid)
        if found is not None:
            created[xmlid] = found
            _set_privilege(env, xmlid, found, privileges)
            # an older database's group gets the groups added since that it implies
            missing = [created[i] for i in implied if i in new]
            if missing:
                env["res.groups"].browse([found]).write(
                    {"implied_ids": [[4, gid] for gid in missing]}
                )
            continue
        new.add(xmlid)
        group = env["res.groups"].create(
            {
                "name": name,
                "privilege_id": privileges.get(GROUP_PRIVILEGES.get(xmlid, ""), False),
                # a duration only where Odoo's data sets one: unset is NULL, not 0,
                # which groups and orders apart from a zero
                **({"api_key_duration": duration} if duration else {}),
                "share": share,
                "implied_ids": [[6, 0, [created[i] for i in implied]]],
            }
        )
        data._declare(xmlid, group)
        created[xmlid] = group.id
        if xmlid in ADMIN_GROUPS:
            _grant(env, [SUPERUSER_ID, ADMIN_ID], group.id)
    if fresh:
        # the administrators are internal users through Role / Administrator alone
        users = env["res.users"].with_context(active_test=False)
        others = [uid for uid in users._search_ids([]) if uid not in (SUPERUSER_ID, ADMIN_ID)]
        _grant(env, others, created["base.group_user"])


def _set_privilege(env: Environment, xmlid: str, group: int, privileges: dict[str, int]) -> None:
    """Give an older database's base group the privilege it lacks."""
    privilege = privileges.get(GROUP_PRIVILEGES.get(xmlid, ""))
    if privilege:
        record = env["res.groups"].browse([group])
        if not record.privilege_id:
            record.write({"privilege_id": privilege})


def _grant(env: Environment, uids: list[int], group: int) -> None:
    users = env["res.users"].with_context(active_test=False)
    found = users.browse(uids).exists()
    if found:
        found.write({"group_ids": [[4, group]]})


def load_demo(env: Environment) -> None:
    """Create the demo records (one company, as Odoo's base demo): the non-admin user ``demo``,
    tags, companies with their contacts, individuals."""
    data = env["ir.model.data"]
    main = env.ref("base.main_company")
    assert main is not None
    admin = env["res.users"].browse([ADMIN_ID])
    admin.write({"tz": DEMO_ADMIN_TZ})
    demo = env["res.users"].create(
        {
            "login": DEMO_USER_LOGIN,
            "name": DEMO_USER_NAME,
            "email": "mark.brown23@example.com",
            "tz": DEMO_ADMIN_TZ,
            "company_id": main.id,
            "company_ids": [[6, 0, [main.id]]],
            "group_ids": [[6, 0, [data._xmlid_to_res_id(x) for x in DEMO_USER_GROUPS]]],
        }
    )
    us = env.ref("base.us")
    country = us.id if us is not None else False
    demo.partner_id.write(
        {"company_id": main.id, "company_name": MAIN_COMPANY, "country_id": country}
    )
    root = env["res.users"].with_context(active_test=False).browse([SUPERUSER_ID])
    root.write({"tz": DEMO_ADMIN_TZ})
    _load_demo_share_users(env, country)
    # the administrator's contact in Odoo's demo data (its parent is the main company's)
    admin.partner_id.write(
        {
            **DEMO_ADMIN_ADDRESS,
            "state_id": data._xmlid_to_res_id("base.state_us_39") or False,
            "user_id": ADMIN_ID,
            # a picture of jsontwo's own (Odoo's demo gives the administrator one)
            "image_1920": base64.b64encode(
                resources.files("jsontwo.modules.base")
                .joinpath("demo", "partner_admin.png")
                .read_bytes()
            ).decode(),
        }
    )
    for user, password in ((admin, DEMO_ADMIN_PASSWORD), (demo, DEMO_USER_PASSWORD)):
        env.cr.execute(
            'UPDATE "res_users" SET password = %s WHERE id = %s',
            [_demo_password_hash(password), user.id],
        )
    data._declare("base.user_demo", demo)
    data._declare("base.partner_demo", demo.partner_id)
    tags: dict[str, int] = {}
    for tag in json.loads(_read_text("demo", "categories.json")):
        parent = tags.get(tag["parent"]) if tag["parent"] else False
        record = env["res.partner.category"].create(
            {"name": tag["name"], "color": tag["color"], "parent_id": parent}
        )
        tags[tag["name"]] = record.id
    countries = {
        code: rid
        for rid, code in (
            (row["id"], row["code"])
            for row in env["res.country"].search_read([], ["code"], load="")
        )
    }
    states = {
        (str(row["country_id"]), str(row["code"])): row["id"]
        for row in env["res.country.state"].search_read([], ["country_id", "code"], load="")
    }
    partners = json.loads(_read_text("demo", "partners.json"))
    first_vals = []
    for partner in partners:
        vals = _partner_vals(partner, countries, tags)
        if partner.get("state"):
            vals["state_id"] = states[(str(vals["country_id"]), partner["state"])]
        if partner.get("company") == "main":
            vals["company_id"] = main.id
        if partner.get("parent_xmlid"):
            vals["parent_id"] = data._xmlid_to_res_id(partner["parent_xmlid"], True)
        first_vals.append(vals)
    companies = env["res.partner"].create(first_vals)
    contacts: list[dict[str, Any]] = []
    for company_id, partner in zip(companies.ids, partners, strict=True):
        company_vals = _partner_vals(partner, countries, tags)
        for contact in partner.get("contacts", []):
            vals = _partner_vals(contact, countries, tags)
            vals["parent_id"] = company_id
            if contact.get("state"):
                vals["state_id"] = states[(str(vals["country_id"]), contact["state"])]
            if contact.get("company") == "main":
                vals["company_id"] = main.id
            # a contact without an address of its own has its company's
            for key, fname in _ADDRESS_KEYS.items():
                if key in partner and key not in contact:
                    vals[fname] = company_vals[fname]
            contacts.append(vals)
    env["res.partner"].create(contacts)
    _declare_demo_names(env)
    _load_demo_banks(env, demo)
    load_demo_rates(env)
    _mark_noupdate(env)


def _load_demo_banks(env: Environment, demo: Any) -> None:
    """Odoo's demo banks (ING, BNP Paribas) and Marc Demo's bank account."""
    data = env["ir.model.data"]
    for xmlid, name, bic in (
        ("base.bank_ing", "ING", "BBRUBEBB"),
        ("base.bank_bnp", "BNP Paribas", "GEBABEBB"),
    ):
        data._declare(xmlid, env["res.bank"].create({"name": name, "bic": bic}))
    account = env["res.partner.bank"].create(
        {"acc_number": "60-16-13 31926819", "partner_id": demo.partner_id.id}
    )
    data._declare("base.bank_partner_demo", account)


#: demo only: Odoo's external ids of demo records, by model and name
DEMO_XMLIDS: dict[str, dict[str, str]] = {
    "res.partner": {
        "res_partner_1": "Wood Corner",
        "res_partner_2": "Acme Corporation",
        "res_partner_3": "Gemini Furniture",
        "res_partner_4": "Ready Mat",
        "res_partner_10": "The Jackson Group",
        "res_partner_12": "Azure Interior",
        "res_partner_18": "Lumber Inc",
    },
    "res.partner.category": {
        "res_partner_category_0": "Vendor",
        "res_partner_category_2": "Prospects",
        "res_partner_category_3": "Employees",
        "res_partner_category_8": "Consulting Services",
        "res_partner_category_11": "Services",
        "res_partner_category_12": "Office Supplies",
        "res_partner_category_14": "Desk Manufacturers",
    },
}


def _declare_demo_names(env: Environment) -> None:
    """Give the demo records Odoo's external ids (those of a name that exists)."""
    data = env["ir.model.data"]
    for model, names in DEMO_XMLIDS.items():
        records = env[model].with_context(active_test=False)
        for name, record_name in names.items():
            found = records._search_ids([["name", "=", record_name]], limit=1)
            if found and data._xmlid_to_res_id(f"base.{name}") is None:
                data._declare(f"base.{name}", records.browse(found))


#: demo only: the users who are not employees, as in Odoo's demo database:
#: (external id, login, name, email, active, group, partner values)
DEMO_SHARE_USERS: tuple[tuple[str, str, str, str | bool, bool, str, dict[str, Any]], ...] = (
    ("base.public_user", "public", "Public user", False, False, "base.group_public", {}),
    (
        "base.template_portal_user_id",
        "portaltemplate",
        "Portal User Template",
        False,
        False,
        "base.group_portal",
        {},
    ),
    (
        "base.demo_user0",
        "portal",
        "Joel Willis",
        "joel.willis63@example.com",
        True,
        "base.group_portal",
        {"company_name": MAIN_COMPANY, "country": True},
    ),
)


#: demo only: the external ids of the share users' partners
DEMO_SHARE_PARTNERS = {
    "base.public_user": "base.public_partner",
    "base.template_portal_user_id": "base.template_portal_user_id_res_partner",
    "base.demo_user0": "base.partner_demo_portal",
}


def _load_demo_share_users(env: Environment, country: int | bool) -> None:
    """The public user, the portal user template and the portal user Joel Willis."""
    data = env["ir.model.data"]
    for xmlid, login, name, email, active, group, partner in DEMO_SHARE_USERS:
        user = env["res.users"].create(
            {
                "login": login,
                "name": name,
                "email": email,
                "group_ids": [[6, 0, [data._xmlid_to_res_id(group, True)]]],
            }
        )
        if not active:  # the user first: an active user's partner stays active
            user.write({"active": False})
        values: dict[str, Any] = {"company_id": False, "active": active}
        if partner.get("company_name"):
            values["company_name"] = partner["company_name"]
        if partner.get("country"):
            values["country_id"] = country
        user.partner_id.write(values)
        data._declare(xmlid, user)
        data._declare(DEMO_SHARE_PARTNERS[xmlid], user.partner_id)


#: the address keys of the demo data's partners -> the fields they fill
_ADDRESS_KEYS = {"street": "street", "city": "city", "zip": "zip", "country": "country_id"}
_PLAIN_KEYS = (
    "name",
    "is_company",
    "email",
    "phone",
    "street",
    "street2",
    "vat",
    "city",
    "zip",
    "website",
    "ref",
    "function",
    "active",
)


def _partner_vals(
    data: dict[str, Any], countries: dict[str, int], tags: dict[str, int]
) -> dict[str, Any]:
    vals = {key: data[key] for key in _PLAIN_KEYS if key in data}
    if data.get("country"):
        vals["country_id"] = countries[data["country"]]
    if data.get("categories"):
        vals["category_id"] = [[6, 0, [tags[name] for name in data["categories"]]]]
    return vals
