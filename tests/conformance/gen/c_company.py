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
    steps += [
        {
            "id": "lookup-isk",
            "doc": "an inactive currency (the teardown makes it inactive again)",
            "model": "res.currency",
            "method": "search_read",
            "body": {
                "domain": [["name", "=", "ISK"]],
                "fields": ["active"],
                "context": {"active_test": False},
            },
            "save": {"isk": "$[0].id"},
        },
        {
            "id": "company-create",
            "model": "res.company",
            "method": "create",
            "body": {
                "vals_list": [
                    {
                        "name": "${run} Layout Co",
                        "currency_id": "${isk}",
                        "website": "https://${run}.example.com",
                        "primary_color": "#112233",
                    }
                ]
            },
            "save": {"newco": "$[0]"},
        },
        {
            "id": "company-created-read",
            "model": "res.company",
            "method": "read",
            "body": {
                "ids": ["${newco}"],
                "fields": [
                    "website",
                    "primary_color",
                    "font",
                    "paperformat_id",
                    "layout_background",
                    "parent_ids",
                    "root_id",
                    "uses_default_logo",
                    "is_company_details_empty",
                    "country_code",
                    "currency_id",
                ],
            },
        },
        {
            "id": "company-currency-activated",
            "model": "res.currency",
            "method": "read",
            "body": {"ids": ["${isk}"], "fields": ["active"]},
        },
        {
            "id": "company-admin-allowed",
            "doc": "the creator may work in the new company",
            "model": "res.users",
            "method": "search_count",
            "body": {"domain": [["login", "=", "admin"], ["company_ids", "in", ["${newco}"]]]},
        },
        {
            "id": "company-partner",
            "model": "res.partner",
            "method": "search_read",
            "body": {
                "domain": [["name", "=", "${run} Layout Co"]],
                "fields": ["is_company", "website"],
            },
        },
        {
            "id": "company-details",
            "model": "res.company",
            "method": "write",
            "body": {"ids": ["${newco}"], "vals": {"company_details": "<p><br></p>"}},
        },
        {
            "id": "company-details-empty",
            "model": "res.company",
            "method": "read",
            "body": {"ids": ["${newco}"], "fields": ["is_company_details_empty"]},
        },
        {
            "id": "company-details-text",
            "model": "res.company",
            "method": "write",
            "body": {"ids": ["${newco}"], "vals": {"company_details": "<p>Acme &amp; Co</p>"}},
        },
        {
            "id": "company-details-not-empty",
            "model": "res.company",
            "method": "read",
            "body": {
                "ids": ["${newco}"],
                "fields": ["is_company_details_empty", "company_details"],
            },
        },
        {
            "id": "company-color-write",
            "model": "res.company",
            "method": "write",
            "body": {"ids": ["${newco}"], "vals": {"color": 7, "city": "${run} City"}},
        },
        {
            "id": "company-color-read",
            "model": "res.company",
            "method": "read",
            "body": {"ids": ["${newco}"], "fields": ["color", "city"]},
        },
        {
            "id": "company-hierarchy-fixed",
            "model": "res.company",
            "method": "write",
            "body": {"ids": ["${newco}"], "vals": {"parent_id": "${co}"}},
        },
        {
            "id": "company-bad-font",
            "model": "res.company",
            "method": "write",
            "body": {"ids": ["${newco}"], "vals": {"font": "Comic"}},
            "compare": "error_name",
            "doc": "the message words the wrong value differently in each server",
        },
    ]
    steps += [
        {
            "id": "lookup-usd",
            "model": "res.currency",
            "method": "search",
            "body": {"domain": [["name", "=", "USD"]]},
            "save": {"usd": "$[0]"},
        },
        {
            "id": "company-currency-back",
            "doc": "so that the teardown may archive ISK again",
            "model": "res.company",
            "method": "write",
            "body": {"ids": ["${newco}"], "vals": {"currency_id": "${usd}"}},
        },
    ]
    return {
        "description": "res.company's document layout fields, report.paperformat and their data",
        "steps": steps,
        "teardown": [
            {
                "id": "isk-inactive-again",
                "model": "res.currency",
                "method": "write",
                "body": {"ids": ["${isk}"], "vals": {"active": False}},
            }
        ],
    }


CURRENCY_FIELDS = [
    "rate",
    "inverse_rate",
    "rate_string",
    "rate_ids",
    "date",
    "is_current_company_currency",
]
RATE_FIELDS = ["name", "rate", "company_rate", "inverse_company_rate", "currency_id", "company_id"]
#: amounts and the currency methods' answers Odoo gives for them (rounding 0.01)
AMOUNTS = [2.675, -2.675, 0.004, 0.005, 1.0049999, 1234.5678, 0.0]
WORDS = [0, 1, 12, 21, 100, 101, 1005, 1100, 1234.56, 2000000, 1000001, 123456789.1, 0.5]


def _call(step_id: str, method: str, body: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"id": step_id, "model": "res.currency", "method": method, "body": body, **extra}


def currency_scenario() -> dict[str, Any]:
    steps: list[dict[str, Any]] = [
        *field_steps("res.currency", CURRENCY_FIELDS),
        *field_steps("res.currency.rate", RATE_FIELDS),
        {
            "id": "rate:field-list",
            "model": "res.currency.rate",
            "method": "fields_get",
            "body": {"allfields": ["id", "display_name", *RATE_FIELDS], "attributes": ["type"]},
        },
    ]
    for code in ("EUR", "USD", "JPY"):
        steps.append(
            {
                "id": f"lookup-{code}",
                "model": "res.currency",
                "method": "search",
                "body": {"domain": [["name", "=", code]], "context": {"active_test": False}},
                "save": {code.lower(): "$[0]"},
            }
        )
    steps += [
        _call(
            "rates-of-demo-currencies",
            "read",
            {"ids": ["${eur}", "${usd}", "${jpy}"], "fields": CURRENCY_FIELDS},
            doc="the demo rates (2010): rate, inverse, string and date",
        ),
        _call(
            "rates-to-eur",
            "read",
            {
                "ids": ["${usd}", "${jpy}"],
                "fields": ["rate", "inverse_rate", "rate_string"],
                "context": {"to_currency": "${eur}"},
            },
        ),
        _call(
            "rates-before-any",
            "read",
            {
                "ids": ["${eur}"],
                "fields": ["rate", "inverse_rate"],
                "context": {"date": "2001-01-01"},
            },
            doc="before the first rate: the first rate",
        ),
        {
            "id": "demo-rate-of-eur",
            "model": "res.currency.rate",
            "method": "search_read",
            "body": {"domain": [["currency_id", "=", "${eur}"]], "fields": RATE_FIELDS},
        },
        {
            "id": "rate-create",
            "model": "res.currency.rate",
            "method": "create",
            "body": {"vals_list": [{"currency_id": "${jpy}", "name": "2011-03-04", "rate": 150.5}]},
            "save": {"jrate": "$[0]"},
        },
        {
            "id": "rate-read",
            "model": "res.currency.rate",
            "method": "read",
            "body": {"ids": ["${jrate}"], "fields": ["display_name", *RATE_FIELDS]},
        },
        _call(
            "jpy-rate-on-date",
            "read",
            {
                "ids": ["${jpy}"],
                "fields": ["rate", "rate_string"],
                "context": {"date": "2011-06-01"},
            },
        ),
        {
            "id": "rate-same-day",
            "model": "res.currency.rate",
            "method": "create",
            "body": {"vals_list": [{"currency_id": "${jpy}", "name": "2011-03-04", "rate": 151}]},
            "compare": "error_name",
            "doc": "one rate a day: the message quotes the database's constraint",
        },
        {
            "id": "rate-zero",
            "model": "res.currency.rate",
            "method": "create",
            "body": {"vals_list": [{"currency_id": "${jpy}", "name": "2011-03-05", "rate": 0}]},
            "compare": "error_name",
            "doc": "a rate must be positive: the message quotes the database's constraint",
        },
        {
            "id": "rate-company-rate-write",
            "model": "res.currency.rate",
            "method": "write",
            "body": {"ids": ["${jrate}"], "vals": {"company_rate": 140}},
        },
        {
            "id": "rate-after-company-rate",
            "model": "res.currency.rate",
            "method": "read",
            "body": {"ids": ["${jrate}"], "fields": RATE_FIELDS},
        },
        {
            "id": "rate-shared-later",
            "doc": "a shared rate after the company's own: the company's wins",
            "model": "res.currency.rate",
            "method": "create",
            "body": {
                "vals_list": [
                    {
                        "currency_id": "${jpy}",
                        "name": "2011-03-10",
                        "rate": 99.5,
                        "company_id": False,
                    }
                ]
            },
        },
        _call(
            "jpy-company-rate-first",
            "read",
            {"ids": ["${jpy}"], "fields": ["rate"], "context": {"date": "2011-03-11"}},
        ),
        _call(
            "jpy-first-rate-before-all",
            "read",
            {"ids": ["${jpy}"], "fields": ["rate"], "context": {"date": "2000-01-01"}},
        ),
        {
            "id": "rate-delete",
            "model": "res.currency.rate",
            "method": "unlink",
            "body": {"ids": ["${jrate}"]},
        },
    ]
    for index, amount in enumerate(AMOUNTS):
        steps += [
            _call(f"round-{index}", "round", {"ids": ["${eur}"], "amount": amount}),
            _call(f"is-zero-{index}", "is_zero", {"ids": ["${eur}"], "amount": amount}),
        ]
    steps += [
        _call(
            "deactivate-company-currency",
            "write",
            {"ids": ["${usd}"], "vals": {"active": False}},
            doc="the main company's currency stays active",
        ),
        _call("round-jpy", "round", {"ids": ["${jpy}"], "amount": 1234.5}),
        _call(
            "compare-0", "compare_amounts", {"ids": ["${eur}"], "amount1": 0.006, "amount2": 0.002}
        ),
        _call(
            "compare-1", "compare_amounts", {"ids": ["${eur}"], "amount1": 1.432, "amount2": 1.431}
        ),
        _call("compare-2", "compare_amounts", {"ids": ["${eur}"], "amount1": 1, "amount2": 2}),
        _call("round-two-currencies", "round", {"ids": ["${eur}", "${usd}"], "amount": 1.5}),
        _call("round-none", "round", {"ids": [], "amount": 1.5}),
    ]
    for index, amount in enumerate(WORDS):
        steps.append(
            _call(f"words-{index}", "amount_to_text", {"ids": ["${eur}"], "amount": amount})
        )
    steps.append(_call("words-usd", "amount_to_text", {"ids": ["${usd}"], "amount": 10.01}))
    return {
        "description": "res.currency's rates and amount methods, res.currency.rate",
        "steps": steps,
    }


RANGE_FIELDS = ["date_from", "date_to", "sequence_id", "number_next", "number_next_actual"]


def _seq(step_id: str, method: str, body: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"id": step_id, "model": "ir.sequence", "method": method, "body": body, **extra}


def _range_fields(var: str) -> list[str]:
    """The range fields a step reads: a standard range's ``number_next`` is left
    out, as it is the counter on SQLite (PostgreSQL's database sequence is)."""
    return [f for f in RANGE_FIELDS if var != "s_standard" or f != "number_next"]


def _ranges(step_id: str, var: str) -> dict[str, Any]:
    return {
        "id": step_id,
        "model": "ir.sequence.date_range",
        "method": "search_read",
        "body": {
            "domain": [["sequence_id", "=", f"${{{var}}}"]],
            "fields": ["display_name", *_range_fields(var)],
            "order": "date_from",
        },
    }


def _draw(step_id: str, var: str, day: str, **body: Any) -> dict[str, Any]:
    return _seq(
        step_id,
        "next_by_id",
        {"ids": [f"${{{var}}}"], "context": {"ir_sequence_date": day}, **body},
    )


def sequence_scenario() -> dict[str, Any]:
    prefix = "${run}/%(range_year)s/%(year)s/%(range_month)s/"
    steps: list[dict[str, Any]] = [
        *field_steps("ir.sequence", ["use_date_range", "date_range_ids"]),
        *field_steps("ir.sequence.date_range", RANGE_FIELDS),
        {
            "id": "range:field-list",
            "model": "ir.sequence.date_range",
            "method": "fields_get",
            "body": {"allfields": ["id", "display_name", *RANGE_FIELDS], "attributes": ["type"]},
        },
        {
            "id": "range:default-get",
            "model": "ir.sequence.date_range",
            "method": "default_get",
            "body": {"fields": RANGE_FIELDS},
        },
    ]
    for impl in ("standard", "no_gap"):
        var = f"s_{impl}"
        code = f"${{run}}.{impl}"
        steps += [
            _seq(
                f"{impl}:create",
                "create",
                {
                    "vals_list": [
                        {
                            "name": f"${{run}} {impl}",
                            "code": code,
                            "implementation": impl,
                            "use_date_range": True,
                            "prefix": prefix,
                            "padding": 3,
                            "number_increment": 2,
                        }
                    ]
                },
                save={var: "$[0]"},
            ),
            _draw(f"{impl}:draw-2023-a", var, "2023-05-05"),
            _draw(f"{impl}:draw-2023-b", var, "2023-11-30"),
            _draw(f"{impl}:draw-2022", var, "2022-01-01"),
            _ranges(f"{impl}:ranges-made", var),
            {
                "id": f"{impl}:range-create",
                "model": "ir.sequence.date_range",
                "method": "create",
                "body": {
                    "vals_list": [
                        {
                            "sequence_id": f"${{{var}}}",
                            "date_from": "2024-03-01",
                            "date_to": "2024-06-30",
                            "number_next": 50,
                        }
                    ]
                },
                "save": {f"r_{impl}": "$[0]"},
            },
            _draw(f"{impl}:draw-in-range", var, "2024-04-01"),
            _draw(f"{impl}:draw-before-range", var, "2024-02-10"),
            _draw(f"{impl}:draw-after-range", var, "2024-08-01"),
            _seq(
                f"{impl}:by-code-with-date",
                "next_by_code",
                {
                    "sequence_code": code,
                    "sequence_date": "2024-05-01",
                    "context": {"ir_sequence_date": "2024-05-01"},
                },
            ),
            _ranges(f"{impl}:ranges-after", var),
            {
                "id": f"{impl}:range-restart",
                "model": "ir.sequence.date_range",
                "method": "write",
                "body": {"ids": [f"${{r_{impl}}}"], "vals": {"number_next": 7}},
            },
            _draw(f"{impl}:draw-after-restart", var, "2024-04-02"),
            {
                "id": f"{impl}:range-read",
                "model": "ir.sequence.date_range",
                "method": "read",
                "body": {
                    "ids": [f"${{r_{impl}}}"],
                    "fields": ["display_name", *_range_fields(var)],
                },
            },
            _seq(
                f"{impl}:main-counter",
                "read",
                {
                    "ids": [f"${{{var}}}"],
                    "fields": [
                        f
                        for f in ["number_next", "number_next_actual", "use_date_range"]
                        if impl != "standard" or f != "number_next"
                    ],
                },
            ),
            _seq(
                f"{impl}:without-ranges",
                "write",
                {"ids": [f"${{{var}}}"], "vals": {"use_date_range": False}},
            ),
            _draw(f"{impl}:draw-without-ranges", var, "2024-04-03"),
        ]
    steps += [
        {
            "id": "iso-keys",
            "model": "ir.sequence",
            "method": "create",
            "body": {
                "vals_list": [
                    {
                        "name": "${run} iso",
                        "code": "${run}.iso",
                        "prefix": "%(isoyear)s-%(isoy)s-W%(isoweek)s/",
                    }
                ]
            },
            "save": {"iso": "$[0]"},
        },
        _draw("iso-draw", "iso", "2021-01-01"),
    ]
    return {"description": "ir.sequence's date ranges (subsequences)", "steps": steps}


def main() -> None:
    """Write the scenarios."""
    scenarios = {
        "c_company": company_scenario(),
        "c_currency": currency_scenario(),
        "c_sequence": sequence_scenario(),
    }
    for name, scenario in scenarios.items():
        text = json.dumps(scenario, indent=1, ensure_ascii=False) + "\n"
        (OUT / f"{name}.json").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
