"""library.book: a model of the module's own."""

from __future__ import annotations

from jsontwo.orm import api, fields, models


class Book(models.Model):
    """A book of the library."""

    _name = "library.book"
    _description = "Book"
    _order = "name"

    name = fields.Char("Title", required=True)
    author_id = fields.Many2one("res.partner", "Author", ondelete="set null")
    pages = fields.Integer("Pages")
    # stored and computed: searchable, recomputed when the pages change
    is_long = fields.Boolean("Long Read", compute="_compute_is_long", store=True)

    @api.depends("pages")
    def _compute_is_long(self) -> None:
        for book in self:
            book.is_long = book.pages >= 500
