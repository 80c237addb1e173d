"""res.partner, extended by a module from outside."""

from __future__ import annotations

from typing import Any

from jsontwo.orm import fields, models


class Partner(models.Model):
    """Partners get a shelf note, trimmed on write."""

    _inherit = "res.partner"

    shelf_note = fields.Char("Shelf Note")

    def write(self, vals: dict[str, Any]) -> bool:
        if isinstance(vals, dict) and isinstance(vals.get("shelf_note"), str):
            vals = {**vals, "shelf_note": vals["shelf_note"].strip()}
        return super().write(vals)
