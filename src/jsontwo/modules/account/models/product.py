"""product.template, extended: the taxes of a product (on the variant too)."""

from __future__ import annotations

from typing import Any

from jsontwo.orm import Command, fields, models


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


def _linked_ids(value: Any) -> list[int]:
    """The ids an x2many value links (plain ids, LINK and SET commands)."""
    if not isinstance(value, list):
        return []
    found: list[Any] = []
    for item in value:
        if isinstance(item, int):
            found.append(item)
        elif isinstance(item, list | tuple) and item:
            if item[0] == Command.LINK and len(item) > 1:
                found.append(item[1])
            elif item[0] == Command.SET and len(item) > 2 and isinstance(item[2], list):
                found.extend(item[2])
    return [i for i in found if isinstance(i, int) and not isinstance(i, bool)]


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

    def write(self, vals: dict[str, Any]) -> bool:
        """Write; the taxes linked must exist: Odoo reads them (their company) as
        it writes them, so a missing one is a MissingError (404), not the
        database's refusal."""
        if isinstance(vals, dict):
            for fname in ("taxes_id", "supplier_taxes_id"):
                ids = _linked_ids(vals.get(fname))
                if ids:
                    self.env["account.tax"].browse(ids)._ensure_exist()
        return super().write(vals)
