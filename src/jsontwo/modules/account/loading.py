"""The taxes of Odoo's generic chart of accounts ("15%" on sales and on
purchases), made the company's defaults and given to its products."""

from __future__ import annotations

from jsontwo.modules.base.access_data import load_access_files
from jsontwo.modules.base.action_data import ensure_menus
from jsontwo.modules.product.loading import demo_products
from jsontwo.orm import Environment

#: (external id suffix, name, use, rate, default tax field of the company or None,
#: product field or None): the taxes of Odoo's generic chart of accounts
TAXES: tuple[tuple[str, str, str, float, str | None, str | None], ...] = (
    ("sale_tax_template", "15%", "sale", 15.0, "account_sale_tax_id", "taxes_id"),
    (
        "purchase_tax_template",
        "15%",
        "purchase",
        15.0,
        "account_purchase_tax_id",
        "supplier_taxes_id",
    ),
    ("sale_export_tax_template", "0% Exports", "sale", 0.0, None, None),
    ("purchase_import_tax_template", "0% Imports", "purchase", 0.0, None, None),
)


def load_data(env: Environment) -> None:
    """Give the main company its taxes (the products made before keep none, as in
    Odoo), and the access rights."""
    main = env["ir.model.data"]._xmlid_to_res_id("base.main_company", raise_if_not_found=True)
    assert main is not None
    install_taxes(env, main, link_products=False)
    load_access_files(env, "account")
    ensure_menus(env, "account")


def upgrade_data(env: Environment) -> None:
    """Give the main company its taxes when it never had them (a database made
    before this module: its products get them too), and bring the access rights
    up to date. A tax deleted since keeps its external id and is not made again."""
    main = env["ir.model.data"]._xmlid_to_res_id("base.main_company", raise_if_not_found=True)
    assert main is not None
    install_taxes(env, main, link_products=True)
    load_access_files(env, "account")
    ensure_menus(env, "account")


def load_demo(env: Environment) -> None:
    """The second demo company gets its own taxes (not linked to products); the
    demo products that have taxes in Odoo's demo get them."""
    data = env["ir.model.data"]
    second = data._xmlid_to_res_id("base.demo_company_b")
    if second is not None:
        install_taxes(env, second, link_products=False)
    for item in demo_products():
        if item.get("taxes") and item["template_xmlids"]:
            template = data._xmlid_to_res_id(item["template_xmlids"][0], raise_if_not_found=True)
            taxes = [
                data._xmlid_to_res_id(xmlid, raise_if_not_found=True) for xmlid in item["taxes"]
            ]
            env["product.template"].browse(template).write({"taxes_id": [[6, 0, taxes]]})


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
                "amount": rate,
                "company_id": company_id,
            }
            for _suffix, name, use, rate, _company_field, _product_field in missing
        ]
    )
    data._declare_many([f"account.{company_id}_{t[0]}" for t in missing], taxes)
    company = env["res.company"].browse(company_id)
    company.write({t[4]: tax.id for t, tax in zip(missing, taxes, strict=True) if t[4]})
    if not link_products:
        return
    templates = env["product.template"].with_context(active_test=False)
    for item, tax in zip(missing, taxes, strict=True):
        product_field = item[5]
        if not product_field:
            continue
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
