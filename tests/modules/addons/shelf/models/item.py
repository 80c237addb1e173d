"""shelf.item, and shelf.special which delegates to it."""

from __future__ import annotations

from jsontwo.orm import api, fields, models


class Item(models.Model):
    """An item on a shelf."""

    _name = "shelf.item"
    _description = "Shelf Item"

    name = fields.Char("Name", required=True)
    size = fields.Integer("Size")
    double = fields.Integer("Double", compute="_compute_double", store=True)

    @api.depends("size")
    def _compute_double(self) -> None:
        for item in self:
            item.double = item.size * 2


class Special(models.Model):
    """An item with a colour: the item's fields are its own, through item_id."""

    _name = "shelf.special"
    _description = "Special Item"
    _inherits = {"shelf.item": "item_id"}

    item_id = fields.Many2one("shelf.item", "Item", required=True, ondelete="cascade")
    colour = fields.Char("Colour")
