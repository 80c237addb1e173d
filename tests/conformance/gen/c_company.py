"""Generate track c's scenarios: the company's document layout fields and the
models they point to (``c_company``), currency rates and the currency methods
(``c_currency``), sequence date ranges (``c_sequence``).

Each field gets a ``fields_get`` step with all its attributes (one step per
field, so that one difference does not hide the others); then calls that show
the values and behaviour. Usage::

    python3 tests/conformance/gen/c_company.py
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent.parent / "scenarios" / "base"

COMPANY_FIELDS = [
    "all_child_ids",
    "parent_path",
    "parent_ids",
    "root_id",
    "report_header",
    "report_footer",
    "company_details",
    "is_company_details_empty",
    "logo",
    "logo_web",
    "uses_default_logo",
    "user_ids",
    "street",
    "street2",
    "zip",
    "city",
    "state_id",
    "bank_ids",
    "country_code",
    "website",
    "vat",
    "company_registry",
    "company_registry_placeholder",
    "paperformat_id",
    "external_report_layout_id",
    "font",
    "primary_color",
    "secondary_color",
    "color",
    "layout_background",
    "layout_background_image",
    "uninstalled_l10n_module_ids",
]
PAPER_FIELDS = [
    "name",
    "default",
    "format",
    "margin_top",
    "margin_bottom",
    "margin_left",
    "margin_right",
    "page_height",
    "page_width",
    "orientation",
    "header_line",
    "header_spacing",
    "disable_shrinking",
    "dpi",
    "print_page_width",
    "print_page_height",
    "css_margins",
]


def field_steps(model: str, names: list[str]) -> list[dict[str, Any]]:
    """One ``fields_get`` step per field, all attributes."""
    return [
        {
            "id": f"{model}:{name}",
            "model": model,
            "method": "fields_get",
            "body": {"allfields": [name]},
        }
        for name in names
    ]


def company_scenario() -> dict[str, Any]:
    paper_read = [f for f in PAPER_FIELDS if f != "name"] + ["display_name", "name"]
    steps: list[dict[str, Any]] = [
        *field_steps("res.company", COMPANY_FIELDS),
        *field_steps("report.paperformat", PAPER_FIELDS),
        {
            "id": "paperformat:field-list",
            "model": "report.paperformat",
            "method": "fields_get",
            "body": {"allfields": PAPER_FIELDS, "attributes": ["type"]},
        },
        {
            "id": "lookup-main-company",
            "model": "res.company",
            "method": "search",
            "body": {"domain": [["name", "=", "YourCompany"]]},
            "save": {"co": "$[0]"},
        },
        {
            "id": "main-company-layout",
            "doc": "the main company's layout values (base data, never changed by others)",
            "model": "res.company",
            "method": "read",
            "body": {
                "ids": ["${co}"],
                "fields": [
                    "paperformat_id",
                    "external_report_layout_id",
                    "font",
                    "primary_color",
                    "secondary_color",
                    "layout_background",
                    "layout_background_image",
                    "report_header",
                    "report_footer",
                    "company_details",
                    "is_company_details_empty",
                    "uses_default_logo",
                    "parent_path",
                    "parent_ids",
                    "root_id",
                    "color",
                    "country_code",
                    "street",
                    "city",
                    "zip",
                    "website",
                    "vat",
                    "company_registry",
                    "company_registry_placeholder",
                    "uninstalled_l10n_module_ids",
                    "all_child_ids",
                ],
            },
        },
        {
            "id": "paperformats",
            "doc": "the base paper formats, looked up by name",
            "model": "report.paperformat",
            "method": "search_read",
            "body": {
                "domain": [["name", "in", ["A4", "US Letter", "US Batch Deposit"]]],
                "fields": paper_read,
                "order": "name",
            },
        },
        {
            "id": "paperformat-create",
            "model": "report.paperformat",
            "method": "create",
            "body": {"vals_list": [{"name": "${run} paper", "format": "A5"}]},
            "save": {"paper": "$[0]"},
        },
        {
            "id": "paperformat-defaults",
            "doc": "a new paper format's defaults (Landscape: the print size is swapped)",
            "model": "report.paperformat",
            "method": "read",
            "body": {"ids": ["${paper}"], "fields": paper_read},
        },
        {
            "id": "paperformat-custom",
            "model": "report.paperformat",
            "method": "write",
            "body": {
                "ids": ["${paper}"],
                "vals": {"format": "custom", "page_width": 100, "page_height": 150},
            },
        },
        {
            "id": "paperformat-custom-read",
            "model": "report.paperformat",
            "method": "read",
            "body": {
                "ids": ["${paper}"],
                "fields": ["format", "orientation", "print_page_width", "print_page_height"],
            },
        },
        {
            "id": "paperformat-format-and-size",
            "model": "report.paperformat",
            "method": "write",
            "body": {"ids": ["${paper}"], "vals": {"format": "A4"}},
        },
        {
            "id": "paperformat-bad-format",
            "model": "report.paperformat",
            "method": "create",
            "body": {"vals_list": [{"name": "${run} bad", "format": "A11"}]},
            "compare": "error_name",
            "doc": "the message words the wrong value differently in each server",
        },
        {
            "id": "paperformat-default-get",
            "model": "report.paperformat",
            "method": "default_get",
            "body": {"fields": PAPER_FIELDS},
        },
        {
            "id": "company-default-get",
            "model": "res.company",
            "method": "default_get",
            "body": {
                "fields": [
                    "font",
                    "layout_background",
                    "paperformat_id",
                    "primary_color",
                    "external_report_layout_id",
                ]
            },
        },
    ]
    return {
        "description": "res.company's document layout fields, report.paperformat and their data",
        "steps": steps,
    }


def main() -> None:
    """Write the scenarios."""
    for name, scenario in {"c_company": company_scenario()}.items():
        text = json.dumps(scenario, indent=1, ensure_ascii=False) + "\n"
        (OUT / f"{name}.json").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
