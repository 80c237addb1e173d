"""Data every database gets (countries, currencies, the main company, the users)
and the demo records (partners and tags), read from the files beside this module.

The ids are Odoo's where clients rely on them: user 1 is the superuser
(``__system__``, archived) and user 2 is ``admin``.
"""

from __future__ import annotations

import csv
import functools
import json
import secrets
import uuid
from importlib import resources
from typing import Any

from jsontwo.modules.base.access_data import load_access_files
from jsontwo.modules.base.models.ir_access import VERSION_KEY
from jsontwo.modules.base.models.ir_model import reflect_models
from jsontwo.modules.base.models.users import hash_password
from jsontwo.orm import SUPERUSER_ID, Environment

MAIN_COMPANY = "YourCompany"
ADMIN_NAME = "Mitchell Admin"
#: demo only: the password ``db create --demo`` gives the admin, as Odoo's demo does
DEMO_ADMIN_PASSWORD = "admin"
#: demo only: the admin's timezone in Odoo's demo data
DEMO_ADMIN_TZ = "Europe/Brussels"
#: demo only: the non-admin user (Odoo's demo user is "Marc Demo", demo/demo)
DEMO_USER_LOGIN = "demo"
DEMO_USER_PASSWORD = "demo"
DEMO_USER_NAME = "Marc Demo"
#: demo only: the second company, for multi-company rules
DEMO_SECOND_COMPANY = "My Company (Chicago)"
#: the administrator's id, as in Odoo
ADMIN_ID = 2


@functools.cache
def _demo_password_hash(password: str) -> str:
    """The hash of a demo password, made once per process: argon2 takes a sixth
    of a second a hash by design, and demo passwords are public anyway (every
    demo database a process makes shares the salt, which gives nothing away)."""
    return hash_password(password)


#: the countries whose addresses need no zip code (Odoo's data says so of these)
COUNTRIES_WITHOUT_ZIP = frozenset({"AO", "BJ", "BZ", "CL", "EC", "HK", "IE", "MO", "PE", "VN"})


def _read_text(folder: str, name: str) -> str:
    return (
        resources.files("jsontwo.modules.base").joinpath(folder, name).read_text(encoding="utf-8")
    )


def _csv_rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(_read_text("data", name).splitlines()))


def load_data(env: Environment) -> None:
    """Create the records every database starts with."""
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
            }
            for row in currencies
        ]
    )
    currency_ids = dict(zip((row["name"] for row in currencies), created.ids, strict=True))
    env["res.country"].create(
        [
            {
                "code": row["code"],
                "name": row["name"],
                "phone_code": int(row["phone_code"]) if row["phone_code"] else False,
                "currency_id": currency_ids.get(row["currency_code"], False),
                "zip_required": row["code"] not in COUNTRIES_WITHOUT_ZIP,
            }
            for row in _csv_rows("countries.csv")
        ]
    )
    _load_languages(env)
    env["properties.base.definition"].create({"model": "res.partner"})
    company = env["res.company"].create({"name": MAIN_COMPANY, "currency_id": currency_ids["EUR"]})
    users = env["res.users"].create(
        [
            {"login": "__system__", "name": "OdooBot", "active": False},
            {"login": "admin", "name": ADMIN_NAME, "email": "admin@example.com"},
        ]
    )
    users.write({"company_id": company.id, "company_ids": [[6, 0, [company.id]]]})
    company.partner_id.write({"company_id": company.id})
    for user in users:
        user.partner_id.write({"company_id": company.id})
    data = env["ir.model.data"]
    data._declare("base.main_company", company)
    data._declare("base.main_partner", company.partner_id)
    for xmlid, user in zip(("base.user_root", "base.user_admin"), users, strict=True):
        data._declare(xmlid, user)
        data._declare(xmlid.replace("user_", "partner_"), user.partner_id)
    upgrade_data(env)


#: the base groups: external id -> (name, implied groups, API key duration in days, share)
BASE_GROUPS: dict[str, tuple[str, tuple[str, ...], float, bool]] = {
    "base.group_user": ("Internal User", (), 90.0, False),
    "base.group_erp_manager": ("Access Rights", ("base.group_user",), 0.0, False),
    # who may read the API documentation (/doc-bearer/...): administrators, and
    # whoever is given the group (Odoo's api_doc module names it so)
    "api_doc.group_allow_doc": ("Technical Documentation", (), 0.0, False),
    "base.group_system": (
        "Settings",
        ("base.group_erp_manager", "api_doc.group_allow_doc"),
        0.0,
        False,
    ),
    "base.group_portal": ("Portal", (), 0.0, True),
    "base.group_public": ("Public", (), 0.0, True),
    "base.group_multi_company": ("Multi-company", (), 0.0, False),
    "base.group_partner_manager": ("Contact Creation", (), 0.0, False),
}
#: the groups of the superuser and the administrator
ADMIN_GROUPS = ("base.group_system", "base.group_partner_manager")
#: settings every database starts with (Odoo's parameter names); programmatic API
#: keys are open to every user here (Odoo ships them closed to non-administrators)
BASE_PARAMETERS = {
    "base.enable_programmatic_api_keys": "True",
    "base.programmatic_api_keys_limit": "10",
    "base.login_cooldown_after": "5",
    "base.login_cooldown_duration": "60",
}


def _load_languages(env: Environment) -> None:
    env["res.lang"].create(
        [{**row, "active": row["active"] == "1"} for row in _csv_rows("languages.csv")]
    )


def upgrade_data(env: Environment) -> None:
    """Add the records a database made by an older jsontwo lacks (the languages,
    the groups, the settings, the database secret); nothing when they are
    there, and the model introspection and access rights brought up to date.
    Runs on creation and whenever a server opens the database."""
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
    _upgrade_groups(env)
    reflect_models(env)
    load_access_files(env, "base")


def _upgrade_groups(env: Environment) -> None:
    """Create the base groups a database lacks. On a database without groups at
    all (a new one), every user becomes an internal user and the administrators
    get their groups; a group added to an older database goes to the
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
                "api_key_duration": duration,
                "share": share,
                "implied_ids": [[6, 0, [created[i] for i in implied]]],
            }
        )
        data._declare(xmlid, group)
        created[xmlid] = group.id
        if xmlid in ADMIN_GROUPS:
            _grant(env, [SUPERUSER_ID, ADMIN_ID], group.id)
    if fresh:
        users = env["res.users"].with_context(active_test=False)
        _grant(env, users._search_ids([]), created["base.group_user"])


def _grant(env: Environment, uids: list[int], group: int) -> None:
    users = env["res.users"].with_context(active_test=False)
    found = users.browse(uids).exists()
    if found:
        found.write({"group_ids": [[4, group]]})


def load_demo(env: Environment) -> None:
    """Create the demo records: a second company, the non-admin user ``demo``,
    tags, companies with their contacts, individuals."""
    data = env["ir.model.data"]
    main = env.ref("base.main_company")
    assert main is not None
    second = env["res.company"].create(
        {"name": DEMO_SECOND_COMPANY, "currency_id": main.currency_id.id, "sequence": 20}
    )
    data._declare("base.demo_company_b", second)
    data._declare("base.demo_company_b_partner", second.partner_id)
    admin = env["res.users"].browse([ADMIN_ID])
    admin.write(
        {
            "tz": DEMO_ADMIN_TZ,
            "company_ids": [[4, second.id]],
            "group_ids": [[4, data._xmlid_to_res_id("base.group_multi_company", True)]],
        }
    )
    demo = env["res.users"].create(
        {
            "login": DEMO_USER_LOGIN,
            "name": DEMO_USER_NAME,
            "email": "mark.brown23@example.com",
            "tz": DEMO_ADMIN_TZ,
            "company_id": main.id,
            "company_ids": [[6, 0, [main.id]]],
        }
    )
    demo.partner_id.write({"company_id": main.id})
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
    partners = json.loads(_read_text("demo", "partners.json"))
    companies = env["res.partner"].create([_partner_vals(p, countries, tags) for p in partners])
    contacts: list[dict[str, Any]] = []
    for company_id, partner in zip(companies.ids, partners, strict=True):
        company_vals = _partner_vals(partner, countries, tags)
        for contact in partner.get("contacts", []):
            vals = _partner_vals(contact, countries, tags)
            vals["parent_id"] = company_id
            # a contact without an address of its own has its company's
            for key, fname in _ADDRESS_KEYS.items():
                if key in partner and key not in contact:
                    vals[fname] = company_vals[fname]
            contacts.append(vals)
    env["res.partner"].create(contacts)


#: the address keys of the demo data's partners -> the fields they fill
_ADDRESS_KEYS = {"street": "street", "city": "city", "zip": "zip", "country": "country_id"}
_PLAIN_KEYS = (
    "name",
    "is_company",
    "email",
    "phone",
    "street",
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
