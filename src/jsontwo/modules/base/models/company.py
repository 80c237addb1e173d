"""res.company: the companies of the database."""

from __future__ import annotations

from typing import Any

from jsontwo.exceptions import UserError, ValidationError
from jsontwo.orm import api, fields, models
from jsontwo.orm.writing import missing_value_message


class Company(models.Model):
    """A company; each has a partner holding its address."""

    _name = "res.company"
    _missing_ignored = frozenset({"unlink"})  # as Odoo: missing ids are passed over
    _description = "Companies"
    _order = "sequence, name"
    _sql_constraints = (("name_uniq", "unique(name)", "The company name must be unique!"),)

    name = fields.Char(
        related="partner_id.name", string="Company Name", required=True, store=True, readonly=False
    )
    partner_id = fields.Many2one("res.partner", "Partner", required=True)
    # the current company's currency, as in Odoo
    currency_id = fields.Many2one(
        "res.currency",
        "Currency",
        required=True,
        default=lambda self: self.env.company.sudo().currency_id.id or False,
    )
    parent_id = fields.Many2one("res.company", "Parent Company", index=True)
    child_ids = fields.One2many("res.company", "parent_id", "Branches")
    sequence = fields.Integer(default=10, help="Used to order Companies in the company switcher")
    email = fields.Char(related="partner_id.email", store=True, readonly=False)
    phone = fields.Char(related="partner_id.phone", store=True, readonly=False)
    # the partner's, as the rest of the address (Odoo computes them together): not
    # searched nor sorted on; written through to the partner
    country_id = fields.Many2one(
        "res.country", "Country", compute="_compute_address", inverse="_inverse_country"
    )
    active = fields.Boolean(default=True)

    @api.model_create_multi
    def create(self, vals_list: list[dict[str, Any]] | dict[str, Any]) -> Company:
        """Create companies, with a company partner for each that has none."""
        items = [vals_list] if isinstance(vals_list, dict) else list(vals_list)
        self.check_access_rights("create")  # before making partners for them
        prepared = []
        for vals in items:
            vals = dict(vals)
            if not vals.get("name"):
                raise ValidationError(missing_value_message(type(self), "name"))
            if not vals.get("partner_id"):
                partner = self.env["res.partner"].create(
                    {"name": vals.get("name"), "is_company": True}
                )
                vals["partner_id"] = partner.id
            prepared.append(vals)
        return super().create(prepared)

    @api.depends(
        "partner_id.street",
        "partner_id.street2",
        "partner_id.city",
        "partner_id.zip",
        "partner_id.state_id",
        "partner_id.country_id",
    )
    def _compute_address(self) -> None:
        for company in self:
            company.country_id = company.partner_id.country_id

    def _inverse_country(self) -> None:
        for company in self:
            company.partner_id.country_id = company.country_id

    def copy(self, default: dict[str, Any] | None = None) -> Company:
        """Companies are not duplicated (Odoo refuses it too)."""
        raise UserError(
            "Duplicating a company is not allowed. Please create a new company instead."
        )
