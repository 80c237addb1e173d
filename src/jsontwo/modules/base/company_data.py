"""Base data of the companies' documents: the paper formats Odoo's base module
ships, the web module's preview reports of the layouts, every company's default paper format and hierarchy path (the rows of
``ir.module.module`` are :mod:`jsontwo.modules.installer`'s). Idempotent: it runs when a database is made and whenever a server
opens one, adding only what is missing."""

from __future__ import annotations

import csv
import io
from importlib import resources
from typing import Any

from jsontwo.orm import Environment

#: Odoo's base paper formats, by external id
PAPER_FORMATS: dict[str, dict[str, Any]] = {
    "base.paperformat_euro": {"name": "A4", "default": True, "format": "A4"},
    "base.paperformat_us": {"name": "US Letter", "default": True, "format": "Letter"},
    "base.paperformat_batch_deposit": {
        "name": "US Batch Deposit",
        "default": False,
        "format": "Letter",
        "margin_top": 15,
        "margin_bottom": 30,
        "margin_left": 10,
        "margin_right": 10,
        "header_spacing": 15,
        "css_margins": False,
    },
}
#: what the base paper formats share unless they say otherwise
PAPER_FORMAT_COMMON: dict[str, Any] = {
    "page_height": 0,
    "page_width": 0,
    "orientation": "Portrait",
    "margin_top": 52,
    "margin_bottom": 32,
    "margin_left": 0,
    "margin_right": 0,
    "header_line": False,
    "header_spacing": 52,
    "dpi": 90,
    "css_margins": True,
}

#: the web module's preview reports of companies, by external id, with Odoo 19's
#: values (jsontwo has no web module: base creates them)
PREVIEW_REPORTS: dict[str, dict[str, Any]] = {
    "web.action_report_internalpreview": {
        "name": "Preview Internal Report",
        "report_name": "web.preview_internalreport",
        "report_file": "web.preview_internalreport",
    },
    "web.action_report_externalpreview": {
        "name": "Preview External Report",
        "report_name": "web.preview_externalreport",
        "report_file": "web.preview_externalreport",
    },
}


def load_company_data(env: Environment) -> None:
    """Add the paper formats, preview reports and company values a database lacks."""
    data = env["ir.model.data"]
    for xmlid, values in PAPER_FORMATS.items():
        if data._xmlid_to_res_id(xmlid) is None:
            paper = env["report.paperformat"].create({**PAPER_FORMAT_COMMON, **values})
            data._declare(xmlid, paper)
    euro = data._xmlid_to_res_id("base.paperformat_euro")
    companies = env["res.company"].with_context(active_test=False)
    companies.search([("paperformat_id", "=", False)]).write({"paperformat_id": euro})
    companies._fill_parent_paths()
    _create_preview_reports(env)


def _create_preview_reports(env: Environment) -> None:
    """Create the preview reports the database lacks, in the companies' print menu."""
    data = env["ir.model.data"]
    missing = [xmlid for xmlid in PREVIEW_REPORTS if data._xmlid_to_res_id(xmlid) is None]
    if not missing:
        return
    common = {
        "model": "res.company",
        "report_type": "qweb-pdf",
        "binding_model_id": env["ir.model"]._get_id("res.company"),
    }
    reports = env["ir.actions.report"].create([{**common, **PREVIEW_REPORTS[x]} for x in missing])
    data._declare_many(missing, reports)


def load_demo_rates(env: Environment) -> None:
    """Odoo's demo currency rates (of the main company), under their external ids."""
    path = resources.files("jsontwo.modules.base").joinpath("demo", "currency_rates.csv")
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    currencies = env["res.currency"].with_context(active_test=False)
    codes = {
        c.name: c.id
        for c in currencies.search([("name", "in", [r["currency_code"] for r in rows])])
    }
    company = env.ref("base.main_company")
    rates = env["res.currency.rate"].create(
        [
            {
                "currency_id": codes[row["currency_code"]],
                "name": row["date"],
                "rate": float(row["rate"]),
                "company_id": company.id if company else False,
            }
            for row in rows
            if row["currency_code"] in codes
        ]
    )
    named = [row["xmlid"] for row in rows if row["currency_code"] in codes]
    env["ir.model.data"]._declare_many(named, rates)
