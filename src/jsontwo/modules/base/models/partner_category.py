"""res.partner.category: the tags of contacts, in a hierarchy."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from jsontwo.exceptions import UserError
from jsontwo.orm import api, fields, models


class PartnerCategory(models.Model):
    """A tag on partners, possibly under a parent tag; named "Parent / Child"."""

    _name = "res.partner.category"
    _missing_ignored = frozenset({"write", "unlink"})  # as Odoo: missing ids are passed over
    _description = "Partner Tags"
    _order = "name, id"
    _parent_store = True

    name = fields.Char("Name", required=True, translate=True)
    # a new tag gets one of the 11 colours of the tag palette at random, as in Odoo
    color = fields.Integer("Color", default=lambda self: random.randint(1, 11), aggregator=False)
    parent_id = fields.Many2one("res.partner.category", "Category", index=True, ondelete="cascade")
    child_ids = fields.One2many("res.partner.category", "parent_id", "Child Tags")
    active = fields.Boolean(
        default=True, help="The active field allows you to hide the category without removing it."
    )
    parent_path = fields.Char(index=True, copy=False)
    partner_ids = fields.Many2many(
        "res.partner",
        "res_partner_res_partner_category_rel",
        "category_id",
        "partner_id",
        "Partners",
        copy=False,
    )

    @api.constrains("parent_id")
    def _check_parent_id(self) -> None:
        if self._has_cycle():
            raise UserError("Recursion Detected.")

    @api.depends("parent_id")
    def _compute_display_name(self) -> None:
        for category in self:
            names: list[str] = []
            current, seen = category, set()
            while current and current.id not in seen:
                seen.add(current.id)
                names.append(current.name or "")
                current = current.parent_id
            category.display_name = " / ".join(reversed(names))

    def _search_display_name(self, op: str, value: Any) -> Any:
        """A display name pattern finds the matching tags and the tags under them;
        a negative pattern is the complement (Odoo's tag search)."""
        domain = super()._search_display_name(op, value)
        if op.endswith("like"):
            if op.startswith("not"):
                return NotImplemented
            return [["id", "child_of", list(self._search_ids(domain))]]
        return domain

    def _name_search_domain(self, names: Sequence[Any], op: str) -> list[Any]:
        """A tag named like the text, and the tags under it: "Vendor / Office Supplies"
        matches "Vendor" (Odoo searches a tag's display name so)."""
        domain = super()._name_search_domain(names, op)
        if op.endswith("like") and not op.startswith("not"):
            return [["id", "child_of", list(self._search_ids(domain))]]
        return domain
