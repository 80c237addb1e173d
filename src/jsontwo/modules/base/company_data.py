"""Base data of the companies' documents: the paper formats Odoo's base module
ships, every company's default paper format and hierarchy path (the rows of
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


def load_company_data(env: Environment) -> None:
    """Add the paper formats and company values a database lacks."""
    data = env["ir.model.data"]
    for xmlid, values in PAPER_FORMATS.items():
        if data._xmlid_to_res_id(xmlid) is None:
            paper = env["report.paperformat"].create({**PAPER_FORMAT_COMMON, **values})
            data._declare(xmlid, paper)
    euro = data._xmlid_to_res_id("base.paperformat_euro")
    companies = env["res.company"].with_context(active_test=False)
    companies.search([("paperformat_id", "=", False)]).write({"paperformat_id": euro})
    companies._fill_parent_paths()


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
