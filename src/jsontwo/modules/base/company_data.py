"""Base data of the companies' documents and of the modules list: the paper
formats Odoo's base module ships, every company's default paper format and
hierarchy path, and a row of ``ir.module.module`` for each of jsontwo's
modules. Idempotent: it runs when a database is made and whenever a server
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
#: jsontwo's modules as the modules list shows them (Odoo's names and summaries)
MODULE_ROWS: dict[str, dict[str, Any]] = {
    "base": {"shortdesc": "Base", "auto_install": True, "latest_version": "19.0.1.3"},
    "uom": {"shortdesc": "Units of measure", "latest_version": "19.0.1.0"},
    "product": {"shortdesc": "Products & Pricelists", "latest_version": "19.0.1.2"},
    "account": {
        "shortdesc": "Invoicing",
        "summary": "Invoices & Payments",
        "sequence": 10,
        "application": True,
        "website": "https://www.odoo.com/app/invoicing",
        "latest_version": "19.0.1.4",
    },
    "sale": {
        "shortdesc": "Sales",
        "summary": "Sales internal machinery",
        "latest_version": "19.0.1.2",
    },
}


def load_company_data(env: Environment, modules: tuple[str, ...]) -> None:
    """Add the paper formats, module rows and company values a database lacks."""
    data = env["ir.model.data"]
    for xmlid, values in PAPER_FORMATS.items():
        if data._xmlid_to_res_id(xmlid) is None:
            paper = env["report.paperformat"].create({**PAPER_FORMAT_COMMON, **values})
            data._declare(xmlid, paper)
    euro = data._xmlid_to_res_id("base.paperformat_euro")
    companies = env["res.company"].with_context(active_test=False)
    companies.search([("paperformat_id", "=", False)]).write({"paperformat_id": euro})
    companies._fill_parent_paths()
    known = set(env["ir.module.module"].search([]).mapped("name"))
    for name in modules:
        if name not in known:
            row = {"author": "Odoo S.A.", "state": "installed", **MODULE_ROWS.get(name, {})}
            module = env["ir.module.module"].create({"name": name, **row})
            data._declare(f"base.module_{name}", module)


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
