"""product.template, extended by the sale module: how a product is invoiced."""

from __future__ import annotations

from typing import Any

from jsontwo.orm import api, fields, models

INVOICE_POLICIES = [("order", "Ordered quantities"), ("delivery", "Delivered quantities")]


class ProductTemplate(models.Model):
    """A product, invoiced on the quantities ordered or on those delivered."""

    _inherit = "product.template"

    # computed on creation in Odoo (no default for default_get): see create
    invoice_policy = fields.Selection(
        INVOICE_POLICIES,
        "Invoicing Policy",
        tracking=True,
        help="Ordered Quantity: Invoice quantities ordered by the customer.\n"
        "Delivered Quantity: Invoice quantities delivered to the customer.",
    )

    @api.model_create_multi
    def create(self, vals_list: list[dict[str, Any]] | dict[str, Any]) -> Any:
        """Create products invoiced on ordered quantities unless told otherwise."""
        items = [vals_list] if isinstance(vals_list, dict) else vals_list
        if isinstance(items, list) and all(isinstance(v, dict) for v in items):
            vals_list = [{"invoice_policy": "order", **vals} for vals in items]
        return super().create(vals_list)
