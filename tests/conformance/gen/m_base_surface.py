"""Generate track m's scenarios: the surface of every served model of the ``base`` module.

For each model: ``fields_get`` (the list of field names, then every field with all its
attributes, one step per field so that one difference does not hide the others),
``default_get`` of every field, and for the models an integration creates records of:
``name_search`` (operators, limits, domain), ``name_create``, ``display_name`` and
searching on it, ``copy`` (with and without ``default``), ``get_metadata``,
``has_access``/``check_access_rights``, ``read`` of all fields; and ``read`` of all the
fields of a few demo records both databases have.

The field lists come from the reference Odoo (the fields of the ``base`` module and the
modules it always installs), minus :data:`MISSING`, the fields jsontwo does not have (the
``field-list`` step of each model still shows them). Usage::

    python3 tests/conformance/gen/m_base_surface.py --env-file ~/odoo19-reference/ref.env
"""

from __future__ import annotations

import argparse
import json
import urllib.request
from pathlib import Path
from typing import Any

from shapes import SCENARIOS, step, write_scenario

OUT = SCENARIOS / "base"

#: the models of the base module jsontwo serves
MODELS = [
    "ir.config_parameter",
    "ir.model",
    "ir.model.access",
    "ir.model.data",
    "ir.model.fields",
    "ir.model.fields.selection",
    "ir.rule",
    "ir.sequence",
    "ir.ui.view",
    "properties.base.definition",
    "res.bank",
    "res.company",
    "res.country",
    "res.country.group",
    "res.country.state",
    "res.currency",
    "res.groups",
    "res.lang",
    "res.partner",
    "res.partner.bank",
    "res.partner.category",
    "res.partner.industry",
    "res.users",
    "res.users.apikeys",
]

#: modules the reference database installs with base whose fields jsontwo does not serve
FOREIGN_MODULES = {"auth_totp", "auth_passkey", "web_tour", "bus", "base_setup", "web_unsplash"}

#: fields of Odoo's base module that jsontwo does not have (reported, not built): the
#: ``field-list`` step of the model shows them, the per-field steps leave them out
MISSING: dict[str, set[str]] = {
    "ir.model": {
        "fold_name",
        "inherited_model_ids",
        "view_ids",
    },
    "ir.model.fields": {
        "group_expand",
        "groups",
        "related_field_id",
        "relation_field_id",
        "sanitize",
        "sanitize_attributes",
        "sanitize_form",
        "sanitize_overridable",
        "sanitize_style",
        "sanitize_tags",
        "selectable",
        "selection",
        "strip_classes",
        "strip_style",
    },
    "ir.sequence": {
        "date_range_ids",
        "use_date_range",
    },
    "ir.ui.view": {
        "arch_base",
        "arch_db",
        "arch_fs",
        "arch_prev",
        "arch_updated",
        "group_ids",
        "inherit_children_ids",
        "inherit_id",
        "invalid_locators",
        "key",
        "mode",
        "model_data_id",
        "model_id",
        "warning_info",
        "xml_id",
    },
    "properties.base.definition": {
        "properties_field_id",
    },
    "res.company": {
        "all_child_ids",
        "bank_ids",
        "city",
        "color",
        "company_details",
        "company_registry",
        "company_registry_placeholder",
        "country_code",
        "external_report_layout_id",
        "font",
        "is_company_details_empty",
        "layout_background",
        "layout_background_image",
        "logo",
        "logo_web",
        "paperformat_id",
        "parent_ids",
        "parent_path",
        "primary_color",
        "report_footer",
        "report_header",
        "root_id",
        "secondary_color",
        "state_id",
        "street",
        "street2",
        "uninstalled_l10n_module_ids",
        "user_ids",
        "uses_default_logo",
        "vat",
        "website",
        "zip",
    },
    "res.currency": {
        "date",
        "inverse_rate",
        "is_current_company_currency",
        "rate",
        "rate_ids",
        "rate_string",
    },
    "res.groups": {
        "all_implied_by_ids",
        "all_implied_ids",
        "all_user_ids",
        "all_users_count",
        "disjoint_ids",
        "implied_by_ids",
        "menu_access",
        "model_access",
        "privilege_id",
        "rule_groups",
        "view_access",
        "view_group_hierarchy",
    },
    "res.lang": {
        "flag_image",
        "flag_image_url",
    },
    "res.users": {
        "accesses_count",
        "action_id",
        "active_partner",
        "all_group_ids",
        "api_key_ids",
        "companies_count",
        "device_ids",
        "email_domain_placeholder",
        "groups_count",
        "log_ids",
        "login_date",
        "new_password",
        "res_users_settings_id",
        "res_users_settings_ids",
        "role",
        "rules_count",
        "signature",
        "view_group_hierarchy",
    },
}

#: records a scenario creates to call the record methods on (values by model)
CREATABLE: dict[str, dict[str, Any]] = {
    "res.partner": {"name": "${run} Partner", "email": "m@${run}.example.com"},
    "res.partner.category": {"name": "${run} Tag"},
    "res.partner.industry": {"name": "${run} Industry", "full_name": "${run} Industry Full"},
    "res.country.group": {"name": "${run} Group"},
    "res.country.state": {"name": "${run} State", "code": "${run}", "country_id": "${be}"},
    "res.bank": {"name": "${run} Bank", "bic": "${RUN}BIC"},
    "res.partner.bank": {"acc_number": "${run}-001", "partner_id": "${owner}"},
    "res.groups": {"name": "${run} Group"},
    "res.users": {"name": "${run} User", "login": "${run}-user"},
    "ir.config_parameter": {"key": "${run}.key", "value": "v1"},
    "ir.model.access": {"name": "${run} access", "model_id": "${partner_model}"},
    "ir.rule": {
        "name": "${run} rule",
        "model_id": "${partner_model}",
        "domain_force": "[(1, '=', 1)]",
    },
    "ir.sequence": {"name": "${run} Sequence", "code": "${run}.seq", "prefix": "S/"},
    "ir.model.data": {
        "name": "${run}_xid",
        "module": "m16",
        "model": "res.partner",
        "res_id": "${owner}",
    },
}

#: the name field of each creatable model (what name_search and name_create look at)
NAME_FIELD = {
    "res.partner.bank": "acc_number",
    "ir.config_parameter": "key",
}

#: models whose plain copy breaks a unique constraint (the error is compared; the copy is not read)
COPY_FAILS = {"ir.config_parameter", "res.country.state", "res.partner.bank"}

#: more ``default`` values for the copy-default step where a unique value must change too
COPY_DEFAULT_EXTRA: dict[str, dict[str, Any]] = {
    "res.country.state": {"code": "${run}d"},
    "res.users": {"login": "${run}-copy-d"},
}

#: values that differ between two runs on the same Odoo, masked in reads: random colours,
#: ids inside a value (parent_path, a json of every group), generated avatars (their
#: colour comes from the create date), counts of records others create, random suffixes;
#: and what differs by design: a model's info (Odoo gives the docstring of its Model
#: class to models without one), the modules (the reference installs bus, web...); who
#: last wrote the admin user (a new company made by another scenario adds itself to the
#: admin's companies: it depends on which scenarios ran before)
VOLATILE: dict[str, list[str]] = {
    "res.users": ["write_uid", "write_date"],
    "res.partner.category": ["color", "parent_path"],
    "res.groups": ["view_group_hierarchy"],
    "ir.model": ["count", "info", "modules"],
    "ir.model.data": ["name", "complete_name", "res_id", "reference"],
}
IMAGE_PREFIXES = ("image_", "avatar_")


def masks(model: str, names: list[str]) -> list[str]:
    """The ``mask_keys`` of a read of ``names`` on ``model``."""
    found = [n for n in names if n.startswith(IMAGE_PREFIXES)]
    return found + [n for n in VOLATILE.get(model, []) if n in names]


#: demo records both databases have: (model, domain)
DEMO_RECORDS: list[tuple[str, list[Any]]] = [
    ("res.country", [["code", "=", "BE"]]),
    ("res.country", [["code", "=", "US"]]),
    ("res.currency", [["name", "=", "USD"]]),
    ("res.lang", [["code", "=", "en_US"]]),
    ("res.users", [["login", "=", "admin"]]),
    ("res.company", [["name", "=", "YourCompany"]]),
    ("ir.model", [["model", "=", "res.partner"]]),
    ("ir.model.fields", [["model", "=", "res.partner"], ["name", "=", "name"]]),
    ("ir.model.fields", [["model", "=", "res.partner"], ["name", "=", "type"]]),
    (
        "ir.model.fields.selection",
        [["field_id.model", "=", "res.partner"], ["value", "=", "contact"]],
    ),
]


def call(env: dict[str, str], model: str, method: str, **body: Any) -> Any:
    """One JSON-2 call to the reference Odoo."""
    req = urllib.request.Request(
        f"{env['ODOO_URL']}/json/2/{model}/{method}",
        data=json.dumps(body).encode(),
        headers={
            "Authorization": f"bearer {env['ODOO_API_KEY']}",
            "X-Odoo-Database": env["ODOO_DB"],
            "Content-Type": "application/json",
        },
    )
    with urllib.request.urlopen(req) as resp:
        return json.load(resp)


def base_fields(env: dict[str, str]) -> dict[str, list[str]]:
    """``{model: [field names]}``: the fields of the base module (and of the modules
    jsontwo serves), in Odoo's ``fields_get`` order."""
    rows = call(
        env,
        "ir.model.fields",
        "search_read",
        domain=[["model", "in", MODELS]],
        fields=["model", "name", "modules"],
    )
    foreign = {
        (r["model"], r["name"])
        for r in rows
        if not ({m.strip() for m in r["modules"].split(",")} - FOREIGN_MODULES)
    }
    out: dict[str, list[str]] = {}
    for model in MODELS:
        names = call(env, model, "fields_get", attributes=["type"])
        out[model] = [n for n in names if (model, n) not in foreign]
    return out


def short(model: str) -> str:
    return model.replace(".", "_")


def lookups() -> list[dict[str, Any]]:
    """Steps saving the ids the creatable values refer to."""
    return [
        step(
            "lookup-be",
            "res.country",
            "search",
            {"domain": [["code", "=", "BE"]]},
            save={"be": "$[0]"},
        ),
        {
            "id": "create-owner-partner",
            "doc": "a partner of the run's own (the demo partners' names are base data)",
            "model": "res.partner",
            "method": "create",
            "body": {"vals_list": [{"name": "${run} Owner", "is_company": True}]},
            "save": {"owner": "$[0]"},
        },
        step(
            "lookup-partner-model",
            "ir.model",
            "search",
            {"domain": [["model", "=", "res.partner"]]},
            save={"partner_model": "$[0]"},
        ),
    ]


def fields_get_scenario(fields: dict[str, list[str]]) -> dict[str, Any]:
    steps: list[dict[str, Any]] = []
    for model in MODELS:
        names = fields[model]
        steps.append(
            {
                "id": f"{model}:field-list",
                "doc": "the base module's fields (types only)",
                "model": model,
                "method": "fields_get",
                "body": {"allfields": names, "attributes": ["type"]},
            }
        )
        for name in names:
            if name in MISSING.get(model, ()):
                continue
            item = step(f"{model}:{name}", model, "fields_get", {"allfields": [name]})
            if (model, name) == ("res.lang", "date_format"):
                item["doc"] = "the options show a date of this year: the year is masked"
                item["mask"] = [r"\b20\d\d\b"]
            steps.append(item)
    return {
        "description": "fields_get of every base model: field lists, every field with all attributes",
        "steps": steps,
    }


def default_get_scenario(fields: dict[str, list[str]]) -> dict[str, Any]:
    steps: list[dict[str, Any]] = []
    for model in MODELS:
        names = [n for n in fields[model] if n not in MISSING.get(model, ())]
        steps.append(step(f"{model}:default-get", model, "default_get", {"fields": names}))
    steps.append(
        {
            "id": "res.partner:default-get-context",
            "doc": "default_<field> context keys come first",
            "model": "res.partner",
            "method": "default_get",
            "body": {
                "fields": ["name", "type", "is_company", "lang"],
                "context": {"default_name": "From context", "default_type": "invoice"},
            },
        }
    )
    return {"description": "default_get of every field of every base model", "steps": steps}


def record_scenario(model: str, fields: list[str]) -> dict[str, Any]:
    """The record methods on a record of ``model`` the scenario creates."""
    vals = CREATABLE[model]
    name_field = NAME_FIELD.get(model, "name")
    name = vals[name_field]
    p = f"{model}:"
    readable = [n for n in fields if n not in MISSING.get(model, ())]
    steps: list[dict[str, Any]] = [
        *lookups(),
        step(p + "create", model, "create", {"vals_list": [vals]}, save={"rec": "$[0]"}),
        step(p + "read-all", model, "read", {"ids": ["${rec}"], "fields": readable}),
        step(p + "display-name", model, "read", {"ids": ["${rec}"], "fields": ["display_name"]}),
        step(
            p + "search-display-name-ilike",
            model,
            "search",
            {"domain": [["display_name", "ilike", "${run}"]]},
        ),
        step(
            p + "search-display-name-eq",
            model,
            "search_read",
            {"domain": [["display_name", "=", name]], "fields": ["display_name"]},
        ),
        step(
            p + "search-display-name-not-ilike",
            model,
            "search",
            {"domain": [["id", "=", "${rec}"], ["display_name", "not ilike", "${run}"]]},
        ),
        {
            "id": p + "search-read-display",
            "model": model,
            "method": "search_read",
            "body": {
                "domain": [[name_field, "ilike", "${run}"]],
                "fields": ["display_name", name_field],
            },
        },
        step(p + "name-search", model, "name_search", {"name": "${run}"}),
        step(p + "name-search-eq", model, "name_search", {"name": name, "operator": "="}),
        step(
            p + "name-search-eq-ilike",
            model,
            "name_search",
            {"name": name.upper(), "operator": "=ilike"},
        ),
        step(p + "name-search-like", model, "name_search", {"name": "${run}", "operator": "like"}),
        {
            "id": p + "name-search-not-ilike",
            "model": model,
            "method": "name_search",
            "body": {
                "name": "zz${run}",
                "operator": "not ilike",
                "domain": [["id", "=", "${rec}"]],
            },
        },
        step(
            p + "name-search-domain-excludes",
            model,
            "name_search",
            {"name": "${run}", "domain": [["id", "!=", "${rec}"]]},
        ),
        step(p + "name-search-limit", model, "name_search", {"name": "${run}", "limit": 1}),
        {
            "id": p + "name-search-empty-domain",
            "doc": "an empty name matches every record the domain keeps",
            "model": model,
            "method": "name_search",
            "body": {"name": "", "domain": [["id", "=", "${rec}"]]},
        },
        step(p + "copy", model, "copy", {"ids": ["${rec}"]}, save={"copy1": "$[0]"}),
        step(p + "copy-read", model, "read", {"ids": ["${copy1}"], "fields": readable}),
        {
            "id": p + "copy-default",
            "model": model,
            "method": "copy",
            "body": {
                "ids": ["${rec}"],
                "default": {name_field: f"{name} D", **COPY_DEFAULT_EXTRA.get(model, {})},
            },
            "save": {"copy2": "$[0]"},
        },
        step(
            p + "copy-default-read",
            model,
            "read",
            {"ids": ["${copy2}"], "fields": ["display_name", name_field]},
        ),
        step(p + "name-create", model, "name_create", {"name": "${run} NC"}),
        step(p + "get-metadata", model, "get_metadata", {"ids": ["${rec}"]}),
        step(p + "has-access-read", model, "has_access", {"ids": ["${rec}"], "operation": "read"}),
        step(
            p + "has-access-unlink", model, "has_access", {"ids": ["${rec}"], "operation": "unlink"}
        ),
        step(
            p + "check-access-rights",
            model,
            "check_access_rights",
            {"operation": "write", "raise_exception": False},
        ),
    ]
    if model in COPY_FAILS:
        steps = [s for s in steps if s["id"] != p + "copy-read"]
    return {
        "description": f"{model}: record methods (names, copy, metadata, access) on a new record",
        "steps": steps,
        "cleanup": [
            {"model": model, "domain": [[name_field, "ilike", "${run}"]]},
            # a user's copy makes a partner of its own
            {"model": "res.partner", "domain": [["name", "ilike", "${run}"]]},
        ],
    }


def demo_scenario(fields: dict[str, list[str]]) -> dict[str, Any]:
    steps: list[dict[str, Any]] = []
    for i, (model, domain) in enumerate(DEMO_RECORDS):
        readable = [n for n in fields[model] if n not in MISSING.get(model, ())]
        steps.append(
            step(
                f"{model}:demo-{i}:search-read-all",
                model,
                "search_read",
                {"domain": domain, "fields": readable},
            )
        )
    return {"description": "all the fields of demo records both databases have", "steps": steps}


def methods_scenario() -> dict[str, Any]:
    """The model-specific public methods both serve, and name_search on demo records
    both databases have."""
    steps: list[dict[str, Any]] = [
        step(
            "lookup-us",
            "res.country",
            "search",
            {"domain": [["code", "=", "US"]]},
            save={"us": "$[0]"},
        ),
        step(
            "lookup-be-us",
            "res.country",
            "search",
            {"domain": [["code", "in", ["BE", "US"]]]},
            save={"be_us": "$"},
        ),
        {
            "id": "res.country:get-address-fields",
            "doc": "the US address format is the default one in both",
            "model": "res.country",
            "method": "get_address_fields",
            "body": {"ids": ["${us}"]},
        },
        {
            "id": "res.country:get-address-fields-two",
            "doc": "a record method for one record: two are refused",
            "model": "res.country",
            "method": "get_address_fields",
            "body": {"ids": "${be_us}"},
        },
        step("res.lang:get-installed", "res.lang", "get_installed", {}),
        {
            "id": "res.users:get-company-currency-id",
            "doc": "an id the replayer cannot name: its type only",
            "model": "res.users",
            "method": "get_company_currency_id",
            "body": {},
            "compare": "shape",
        },
        step(
            "res.partner.bank:get-supported-account-types",
            "res.partner.bank",
            "get_supported_account_types",
            {},
        ),
        step(
            "res.partner.bank:retrieve-acc-type",
            "res.partner.bank",
            "retrieve_acc_type",
            {"acc_number": "BE71 0961 2345 6769"},
        ),
        step("res.country:get-external-id-none", "res.country", "get_external_id", {"ids": []}),
        {
            "id": "res.country:get-external-id",
            "doc": "keyed by an id the replayer cannot name (and countries' external ids "
            "are base data): the status only",
            "model": "res.country",
            "method": "get_external_id",
            "body": {"ids": ["${us}"]},
            "compare": "status",
        },
    ]
    searches: list[tuple[str, str, dict[str, Any]]] = [
        ("res.country", "prefix", {"name": "Belg"}),
        ("res.country", "code", {"name": "BE", "operator": "="}),
        ("res.country", "eq-name", {"name": "Belgium", "operator": "="}),
        ("res.country", "limit", {"name": "United", "limit": 2}),
        ("res.country", "not-ilike", {"name": "a", "operator": "not ilike", "limit": 3}),
        ("res.country", "domain", {"name": "an", "domain": [["code", "in", ["FR", "DE"]]]}),
        ("res.lang", "english", {"name": "English"}),
        ("res.lang", "code", {"name": "en_US", "operator": "="}),
        ("res.users", "admin", {"name": "Mitchell"}),
        ("res.users", "login", {"name": "admin", "operator": "="}),
        ("res.company", "main", {"name": "YourCompany", "operator": "="}),
        ("ir.model", "by-model", {"name": "res.partner", "operator": "="}),
        ("ir.model", "by-name", {"name": "Contact", "operator": "="}),
        (
            "ir.model.fields",
            "field",
            {"name": "Country", "domain": [["model", "=", "res.partner"]]},
        ),
        (
            "ir.model.fields",
            "field-name",
            {"name": "country_id", "domain": [["model", "=", "res.partner"]]},
        ),
    ]
    for model, label, body in searches:
        steps.append(step(f"{model}:name-search-{label}", model, "name_search", body))
    return {
        "description": "model-specific public methods; name_search on demo records",
        "steps": steps,
    }


def write(name: str, scenario: dict[str, Any]) -> int:
    """Write a scenario file (volatile values of its reads masked); return its step count."""
    for item in scenario["steps"]:
        names = item.get("body", {}).get("fields")
        found = masks(item["model"], names or [])
        if item["method"] in ("read", "search_read", "default_get") and found:
            item["mask_keys"] = found
    return write_scenario(OUT / f"{name}.json", scenario)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--env-file", required=True)
    args = parser.parse_args()
    env = dict(
        line.split("=", 1) for line in Path(args.env_file).read_text().split() if "=" in line
    )
    fields = base_fields(env)
    total = write("m1_fields_get", fields_get_scenario(fields))
    total += write("m2_default_get", default_get_scenario(fields))
    total += write("m3_demo_records", demo_scenario(fields))
    total += write("m5_methods", methods_scenario())
    for model in CREATABLE:
        total += write(f"m4_{short(model)}", record_scenario(model, fields[model]))
    print(f"{total} steps")


if __name__ == "__main__":
    main()
