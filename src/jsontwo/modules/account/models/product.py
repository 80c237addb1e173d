"""product.template, extended: the taxes of a product (on the variant too)."""

from __future__ import annotations

from typing import Any

from jsontwo.orm import fields, models


def _company_taxes(model: Any, fname: str) -> list[int]:
    """The default taxes (``fname`` of the companies) of the companies the call works in."""
    companies = model.env.companies.sudo()
    return sorted({c[fname].id for c in companies if c[fname]})


def _taxes_field(relation: str, use: str, string: str, help: str) -> fields.Many2many:
    """The product's taxes of ``use`` (sale, purchase), stored in ``relation``; a new
    product gets the default taxes of that use of the companies the call works in."""
    default_field = f"account_{use}_tax_id"
    return fields.Many2many(
        "account.tax",
        relation,
        "prod_id",
        "tax_id",
        string,
        help=help,
        domain=[["type_tax_use", "=", use]],
        default=lambda self: _company_taxes(self, default_field),
    )


class ProductTemplate(models.Model):
    """A product, with its sales and purchase taxes."""

    _inherit = "product.template"

    taxes_id = _taxes_field(
        "product_taxes_rel", "sale", "Sales Taxes", "Default taxes used when selling the product"
    )
    supplier_taxes_id = _taxes_field(
        "product_supplier_taxes_rel",
        "purchase",
        "Purchase Taxes",
        "Default taxes used when buying the product",
    )
