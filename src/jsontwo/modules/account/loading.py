"""The taxes of Odoo's generic chart of accounts ("15%" on sales and on
purchases), made the company's defaults and given to its products."""

from __future__ import annotations

from jsontwo.modules.base.access_data import load_access_files
from jsontwo.orm import Environment

#: (external id suffix, name, use, default tax field of the company, product field)
TAXES: tuple[tuple[str, str, str, str, str], ...] = (
    ("sale_tax_template", "15%", "sale", "account_sale_tax_id", "taxes_id"),
    ("purchase_tax_template", "15%", "purchase", "account_purchase_tax_id", "supplier_taxes_id"),
)
TAX_RATE = 15.0


def load_data(env: Environment) -> None:
    """Give the main company its taxes; products without taxes get them."""
    upgrade_data(env)


def upgrade_data(env: Environment) -> None:
    """Give the main company its taxes when it never had them (a database made
    before this module: its products get them too), and bring the access rights
    up to date. A tax deleted since keeps its external id and is not made again."""
    main = env["ir.model.data"]._xmlid_to_res_id("base.main_company", raise_if_not_found=True)
    assert main is not None
    install_taxes(env, main, link_products=True)
    load_access_files(env, "account")


def load_demo(env: Environment) -> None:
    """The second demo company gets its own taxes (not linked to products)."""
    second = env["ir.model.data"]._xmlid_to_res_id("base.demo_company_b")
    if second is not None:
        install_taxes(env, second, link_products=False)


def install_taxes(env: Environment, company_id: int, link_products: bool) -> None:
    """Create the taxes of ``company_id`` it lacks (external ids
    ``account.<company id>_sale_tax_template`` as Odoo names a chart's taxes), make
    them the company's defaults and, when ``link_products``, the taxes of the
    products of no company or of that company that have none."""
    data = env["ir.model.data"]
    missing = [t for t in TAXES if data._xmlid_to_res_id(f"account.{company_id}_{t[0]}") is None]
    if not missing:
        return
    taxes = env["account.tax"].create(
        [
            {
                "name": name,
                "type_tax_use": use,
                "amount_type": "percent",
                "amount": TAX_RATE,
                "invoice_label": name,
                "company_id": company_id,
            }
            for _suffix, name, use, _company_field, _product_field in missing
        ]
    )
    data._declare_many([f"account.{company_id}_{t[0]}" for t in missing], taxes)
    company = env["res.company"].browse(company_id)
    company.write({t[3]: tax.id for t, tax in zip(missing, taxes, strict=True)})
    if not link_products:
        return
    templates = env["product.template"].with_context(active_test=False)
    for (_suffix, _name, _use, _company_field, product_field), tax in zip(
        missing, taxes, strict=True
    ):
        found = templates.search(
            [
                "|",
                ["company_id", "=", False],
                ["company_id", "=", company_id],
                [product_field, "=", False],
            ]
        )
        if found:
            found.write({product_field: [[4, tax.id]]})
