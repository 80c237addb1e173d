"""res.partner, extended: a library card, and the books a partner wrote."""

from __future__ import annotations

from typing import Any

from jsontwo.orm import api, fields, models


class Partner(models.Model):
    """Partners get a library card and their books."""

    _inherit = "res.partner"

    library_card = fields.Char("Library Card")
    book_ids = fields.One2many("library.book", "author_id", "Books")
    book_count = fields.Integer("Number of Books", compute="_compute_book_count")

    @api.depends("book_ids")
    def _compute_book_count(self) -> None:
        for partner in self:
            partner.book_count = len(partner.book_ids)

    def write(self, vals: dict[str, Any]) -> bool:
        """Library cards are written in capitals; then res.partner's own write."""
        if isinstance(vals, dict) and vals.get("library_card"):
            vals = {**vals, "library_card": vals["library_card"].upper()}
        return super().write(vals)
