"""res.partner.industry: the industry a partner works in."""

from __future__ import annotations

from jsontwo.orm import fields, models


class PartnerIndustry(models.Model):
    """An industry (Agriculture, Construction...)."""

    _name = "res.partner.industry"
    _missing_ignored = frozenset({"write", "unlink"})  # as Odoo: missing ids are passed over
    _description = "Industry"
    _order = "name, id"

    name = fields.Char("Name", translate=True)
    full_name = fields.Char("Full Name", translate=True)
    active = fields.Boolean("Active", default=True)
