"""Generate track v's scenarios (``base`` folder): ir.ui.view inheritance and the
``arch_*`` fields, sorting and grouping by ``properties_base_definition_id``, and the
columns of ir.model.fields. Usage::

    python3 tests/conformance/gen/v_views.py

then record: ``python -m jsontwo.conformance record --target odoo --scenario 'v_*'``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

BASE = Path(__file__).resolve().parent.parent / "scenarios" / "base"
VIEW_READ = [
    "name",
    "model",
    "type",
    "mode",
    "priority",
    "active",
    "key",
    "arch",
    "arch_base",
    "arch_db",
    "arch_prev",
    "arch_updated",
    "arch_fs",
    "inherit_id",
    "inherit_children_ids",
    "xml_id",
    "model_data_id",
    "model_id",
    "warning_info",
    "invalid_locators",
    "group_ids",
]
VIEW_FIELDS = [
    "key",
    "arch",
    "arch_base",
    "arch_db",
    "arch_fs",
    "arch_updated",
    "arch_prev",
    "inherit_id",
    "inherit_children_ids",
    "model_data_id",
    "xml_id",
    "group_ids",
    "mode",
    "warning_info",
    "model_id",
    "invalid_locators",
    "type",
    "priority",
    "name",
    "model",
    "active",
]
PARENT_ARCH = '<form><field name="name"/><field name="email"/></form>'


def xp(after: str, field: str) -> str:
    """An inheriting view's spec adding ``field`` after ``after``."""
    return (
        f'<xpath expr="//field[@name=\'{after}\']" position="after"><field name="{field}"/></xpath>'
    )


PARSE_MASK = ["(?<=view:\\n\\n)[\\s\\S]*"]


def step(id: str, model: str, method: str, body: dict[str, Any], **kw: Any) -> dict[str, Any]:
    """One step of a scenario (``kw``: its other keys, ``save``, ``mask``, ``doc``...)."""
    return {"id": id, "model": model, "method": method, "body": body, **kw}


def write(name: str, scenario: dict[str, Any]) -> None:
    """Write ``scenarios/base/<name>.json``."""
    (BASE / f"{name}.json").write_text(json.dumps(scenario, indent=1) + "\n")


def main() -> None:
    """Write the three scenarios."""
    V = "ir.ui.view"
    views = [
        step(
            "fields-get",
            V,
            "fields_get",
            {"allfields": VIEW_FIELDS},
            doc="the inheritance and arch_* fields, every attribute",
        ),
        step(
            "create-parent",
            V,
            "create",
            {
                "vals_list": [
                    {
                        "name": "v_parent ${run}",
                        "model": "res.partner",
                        "priority": 1000,
                        "arch": PARENT_ARCH,
                    }
                ]
            },
            save={"parent": "$[0]"},
            doc="a primary view; its type comes from the root tag, its mode is primary",
        ),
        step("read-parent", V, "read", {"ids": ["${parent}"], "fields": VIEW_READ}),
        step(
            "create-extension",
            V,
            "create",
            {
                "vals_list": [
                    {
                        "name": "v_ext ${run}",
                        "model": "res.partner",
                        "inherit_id": "${parent}",
                        "arch": xp("name", "ref"),
                    }
                ]
            },
            save={"ext": "$[0]"},
            doc="an inheriting view without a mode becomes an extension, of its parent's type",
        ),
        step(
            "create-primary-child",
            V,
            "create",
            {
                "vals_list": [
                    {
                        "name": "v_prim ${run}",
                        "model": "res.partner",
                        "inherit_id": "${parent}",
                        "mode": "primary",
                        "priority": 1000,
                        "arch": xp("email", "phone"),
                    }
                ]
            },
            save={"prim": "$[0]"},
        ),
        step(
            "read-children",
            V,
            "read",
            {"ids": ["${ext}", "${prim}"], "fields": VIEW_READ},
            doc="an inheriting view's arch is its own (the specs), not the combined one",
        ),
        step(
            "read-parent-children",
            V,
            "read",
            {"ids": ["${parent}"], "fields": ["inherit_children_ids", "arch"]},
        ),
        step("search-by-parent", V, "search", {"domain": [["inherit_id", "=", "${parent}"]]}),
        step(
            "search-children-count",
            V,
            "search_count",
            {"domain": [["inherit_id", "in", ["${parent}"]], ["mode", "=", "extension"]]},
        ),
        step(
            "write-arch", V, "write", {"ids": ["${prim}"], "vals": {"arch": xp("email", "website")}}
        ),
        step(
            "read-after-arch",
            V,
            "read",
            {
                "ids": ["${prim}"],
                "fields": ["arch", "arch_base", "arch_db", "arch_prev", "arch_updated", "mode"],
            },
            doc="writing arch writes arch_db, keeps the old text in arch_prev and marks the view modified",
        ),
        step(
            "write-arch-db", V, "write", {"ids": ["${ext}"], "vals": {"arch_db": xp("name", "vat")}}
        ),
        step(
            "read-after-arch-db",
            V,
            "read",
            {"ids": ["${ext}"], "fields": ["arch", "arch_db", "arch_prev", "arch_updated"]},
            doc="writing arch_db keeps the previous text but does not mark the view modified",
        ),
        step(
            "write-arch-base",
            V,
            "write",
            {"ids": ["${ext}"], "vals": {"arch_base": xp("name", "function")}},
        ),
        step(
            "read-after-arch-base",
            V,
            "read",
            {
                "ids": ["${ext}"],
                "fields": ["arch", "arch_base", "arch_db", "arch_prev", "arch_updated"],
            },
        ),
        step(
            "write-bad-xml",
            V,
            "write",
            {
                "ids": ["${prim}"],
                "vals": {
                    "arch": '<xpath expr="//field[@name=\'name\']" position="after"><field name="ref"></xpath>'
                },
            },
            mask=PARSE_MASK,
            doc="not XML: Odoo's ValidationError (the parser's own words masked: lxml's and Python's differ)",
        ),
        step(
            "read-after-bad-xml",
            V,
            "read",
            {"ids": ["${prim}"], "fields": ["arch", "arch_updated"]},
        ),
        step(
            "create-bad-xml",
            V,
            "create",
            {
                "vals_list": [
                    {
                        "name": "v_bad ${run}",
                        "model": "res.partner",
                        "type": "form",
                        "arch": '{"form": 1}',
                    }
                ]
            },
            mask=PARSE_MASK,
            doc="not XML on create (Odoo's parser recovers from some broken XML in arch_db, such as a tag left open; jsontwo does not, so the steps use text that is no XML at all)",
        ),
        step(
            "create-empty-arch",
            V,
            "create",
            {
                "vals_list": [
                    {
                        "name": "v_empty ${run}",
                        "model": "res.partner",
                        "type": "form",
                        "priority": 1000,
                        "arch": "",
                    }
                ]
            },
            save={"empty": "$[0]"},
            doc="an empty architecture passes the check (it reads as <data/>)",
        ),
        step(
            "read-empty-arch",
            V,
            "read",
            {"ids": ["${empty}"], "fields": ["arch", "arch_db", "arch_prev"]},
        ),
        step(
            "create-bad-xml-no-type",
            V,
            "create",
            {
                "vals_list": [
                    {
                        "name": "v_bad2 ${run}",
                        "model": "res.partner",
                        "type": "form",
                        "arch": "just text",
                    }
                ]
            },
            mask=PARSE_MASK,
        ),
        step(
            "write-encoding",
            V,
            "write",
            {"ids": ["${prim}"], "vals": {"arch": '<?xml version="1.0" encoding="utf-8"?><data/>'}},
            doc="an encoding declaration in text: Odoo's UserError",
        ),
        step(
            "create-encoding",
            V,
            "create",
            {
                "vals_list": [
                    {
                        "name": "v_enc ${run}",
                        "model": "res.partner",
                        "type": "form",
                        "arch": '<?xml version="1.0" encoding="utf-8"?><form/>',
                    }
                ]
            },
            doc="on create, the XML parser's refusal",
        ),
        step(
            "create-bad-type",
            V,
            "create",
            {"vals_list": [{"name": "v_tag ${run}", "model": "res.partner", "arch": "<foo/>"}]},
            doc="no type given and the root tag is no view type",
        ),
        step(
            "create-no-arch",
            V,
            "create",
            {"vals_list": [{"name": "v_noarch ${run}", "model": "res.partner"}]},
        ),
        step(
            "create-extension-alone",
            V,
            "create",
            {
                "vals_list": [
                    {
                        "name": "v_alone ${run}",
                        "model": "res.partner",
                        "mode": "extension",
                        "arch": "<form/>",
                    }
                ]
            },
            doc="an extension must have a parent (a constraint of the table)",
        ),
        step(
            "write-recursive", V, "write", {"ids": ["${parent}"], "vals": {"inherit_id": "${ext}"}}
        ),
        step(
            "delete-parent-with-children",
            V,
            "unlink",
            {"ids": ["${parent}"]},
            compare="error_name",
            doc="inherit_id is ondelete restrict (the message quotes tables and constraints that differ)",
        ),
        step(
            "write-no-inherit",
            V,
            "write",
            {
                "ids": ["${prim}"],
                "vals": {"inherit_id": False, "arch": '<form><field name="name"/></form>'},
            },
        ),
        step(
            "read-after-no-inherit",
            V,
            "read",
            {
                "ids": ["${prim}"],
                "fields": ["inherit_id", "mode", "arch_updated", "invalid_locators"],
            },
            doc="a view that stops inheriting becomes primary",
        ),
        step(
            "create-default-name",
            V,
            "create",
            {
                "vals_list": [
                    {
                        "model": "res.partner",
                        "type": "list",
                        "priority": 1000,
                        "arch": '<list><field name="name"/></list>',
                    }
                ]
            },
            save={"noname": "$[0]"},
        ),
        step(
            "read-default-name",
            V,
            "read",
            {"ids": ["${noname}"], "fields": ["name", "type", "mode", "arch_prev"]},
        ),
        step(
            "model-id-search",
            V,
            "search",
            {
                "domain": [
                    ["id", "in", ["${parent}", "${ext}", "${prim}", "${noname}"]],
                    ["model_data_id", "=", False],
                ]
            },
            doc="model_data_id is searchable (none of these has an external id)",
        ),
    ]
    # the parent's inheriting views go first (restrict), the created ones are deleted at cleanup newest first
    scen = {
        "description": "ir.ui.view: inheritance and the arch_* fields (create, read, write arch, bad XML)",
        "steps": views,
        "teardown": [
            step(
                "unlink-views", V, "unlink", {"ids": ["${noname}", "${empty}", "${ext}", "${prim}"]}
            )
        ],
    }
    write("v_views", scen)

    P = "res.partner"
    own = [["name", "=like", "v_prop % ${run}"]]
    props = [
        step(
            "create-partners",
            P,
            "create",
            {"vals_list": [{"name": f"v_prop {c} ${{run}}"} for c in "CAB"]},
            save={"partners": "$"},
        ),
        step(
            "search-order",
            P,
            "search",
            {"domain": own, "order": "properties_base_definition_id"},
            doc="every contact has the same definition: Odoo's ORDER BY is the definition's id, read by PostgreSQL as the first column (the id)",
        ),
        step(
            "search-order-desc",
            P,
            "search",
            {"domain": own, "order": "properties_base_definition_id desc"},
        ),
        step(
            "search-order-then-name",
            P,
            "search",
            {"domain": own, "order": "properties_base_definition_id, name"},
        ),
        step(
            "search-read-order",
            P,
            "search_read",
            {
                "domain": own,
                "fields": ["name", "properties_base_definition_id"],
                "order": "properties_base_definition_id desc",
            },
        ),
        step(
            "web-search-read-order",
            P,
            "web_search_read",
            {
                "domain": own,
                "specification": {
                    "name": {},
                    "properties_base_definition_id": {"fields": {"display_name": {}}},
                },
                "order": "properties_base_definition_id",
            },
        ),
        step(
            "group",
            P,
            "formatted_read_group",
            {
                "domain": own,
                "groupby": ["properties_base_definition_id"],
                "aggregates": ["__count"],
            },
        ),
        step(
            "group-ordered",
            P,
            "formatted_read_group",
            {
                "domain": own,
                "groupby": ["properties_base_definition_id"],
                "aggregates": ["__count"],
                "order": "properties_base_definition_id desc",
            },
        ),
        step(
            "read-group-legacy",
            P,
            "read_group",
            {"domain": own, "groupby": ["properties_base_definition_id"], "fields": ["__count"]},
        ),
        step(
            "search-by-definition",
            P,
            "search_count",
            {"domain": [*own, ["properties_base_definition_id", "!=", False]]},
        ),
        step(
            "users-order",
            "res.users",
            "search",
            {
                "domain": [["login", "in", ["admin", "demo"]]],
                "order": "properties_base_definition_id desc",
            },
        ),
        step(
            "users-group",
            "res.users",
            "formatted_read_group",
            {
                "domain": [["login", "in", ["admin", "demo"]]],
                "groupby": ["properties_base_definition_id"],
                "aggregates": ["__count"],
            },
        ),
        step(
            "fields-get",
            P,
            "fields_get",
            {
                "allfields": ["properties_base_definition_id"],
                "attributes": ["sortable", "groupable", "searchable", "store"],
            },
        ),
    ]
    scen = {
        "description": "properties_base_definition_id: sorting and grouping by it, as Odoo's constant SQL",
        "steps": props,
    }
    write("v_properties", scen)

    F = "ir.model.fields"
    NEW = [
        "relation_field_id",
        "selection",
        "related_field_id",
        "groups",
        "group_expand",
        "selectable",
        "sanitize",
        "sanitize_overridable",
        "sanitize_tags",
        "sanitize_attributes",
        "sanitize_style",
        "sanitize_form",
        "strip_style",
        "strip_classes",
    ]
    imf = [
        step(
            "fields-get",
            F,
            "fields_get",
            {"allfields": NEW},
            doc="the columns of ir.model.fields, every attribute",
        ),
        step(
            "partner-columns",
            F,
            "search_read",
            {
                "domain": [
                    ["model", "=", "res.partner"],
                    [
                        "name",
                        "in",
                        [
                            "comment",
                            "type",
                            "country_code",
                            "child_ids",
                            "category_id",
                            "name",
                            "display_name",
                            "tz",
                            "lang",
                            "tz_offset",
                            "avatar_128",
                            "parent_id",
                            "properties_base_definition_id",
                            "company_type",
                        ],
                    ],
                ],
                "fields": ["name", *NEW],
                "order": "name",
            },
        ),
        step(
            "view-columns",
            F,
            "search_read",
            {
                "domain": [
                    ["model", "=", "ir.ui.view"],
                    [
                        "name",
                        "in",
                        [
                            "type",
                            "mode",
                            "arch",
                            "arch_db",
                            "inherit_id",
                            "inherit_children_ids",
                            "xml_id",
                            "model_data_id",
                            "warning_info",
                        ],
                    ],
                ],
                "fields": ["name", *NEW],
                "order": "name",
            },
        ),
        step(
            "search-selectable",
            F,
            "search_count",
            {"domain": [["model", "=", "res.partner.category"], ["selectable", "=", False]]},
        ),
        step(
            "search-sanitize",
            F,
            "search_read",
            {
                "domain": [["model", "=", "res.partner"], ["sanitize", "=", True]],
                "fields": ["name"],
                "order": "name",
            },
        ),
    ]
    scen = {
        "description": "ir.model.fields: the sanitize, selection, group and related-field columns of the fields jsontwo describes",
        "steps": imf,
    }
    write("v_ir_model_fields", scen)


if __name__ == "__main__":
    main()
