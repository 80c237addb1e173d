"""A test module depending on two others: sale.order extended (a many2one to the
shelf's items, and action_confirm through super())."""

from __future__ import annotations

from jsontwo.orm import fields, models


class SaleOrder(models.Model):
    """Orders point to a shelf item; confirming one notes it in the reference."""

    _inherit = "sale.order"

    shelf_item_id = fields.Many2one("shelf.item", "Shelf Item")

    def action_confirm(self) -> bool:
        # sale's class is no base of this definition for a type checker: the registry joins them
        done: bool = super().action_confirm()  # type: ignore[misc]
        self.write({"client_order_ref": "shelved"})
        return done
