"""res.partner and res.partner.category: contacts, companies and their tags."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from jsontwo.exceptions import ValidationError
from jsontwo.orm import api, fields, models

ADDRESS_TYPES = [
    ("contact", "Contact"),
    ("invoice", "Invoice"),
    ("delivery", "Delivery"),
    ("other", "Other"),
]


class PartnerCategory(models.Model):
    """A tag on partners, possibly under a parent tag."""

    _name = "res.partner.category"
    _description = "Partner Tags"
    _order = "name, id"
    _display_name_field = "complete_name"

    name = fields.Char("Name", required=True)
    color = fields.Integer("Color")
    parent_id = fields.Many2one(
        "res.partner.category", "Parent Category", index=True, ondelete="cascade"
    )
    child_ids = fields.One2many("res.partner.category", "parent_id", "Child Tags")
    active = fields.Boolean(
        default=True, help="The active field allows you to hide the category without removing it."
    )
    complete_name = fields.Char("Full Name", compute="_compute_complete_name", store=True)
    partner_ids = fields.Many2many(
        "res.partner",
        "res_partner_res_partner_category_rel",
        "category_id",
        "partner_id",
        "Partners",
    )

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self) -> None:
        for tag in self:
            parent = tag.parent_id
            tag.complete_name = f"{parent.complete_name} / {tag.name}" if parent else tag.name


class Website(fields.Char):
    """A web address: one written without a scheme gets ``http://``, as in Odoo."""

    def to_column(self, value: Any, record_model: str) -> Any:
        text = super().to_column(value, record_model)
        return f"http://{text}" if text and not urlsplit(text).scheme else text


class Partner(models.Model):
    """A contact: a company, or a person (possibly working for a company)."""

    _name = "res.partner"
    _description = "Contact"
    _order = "complete_name ASC, id DESC"
    _display_name_field = "complete_name"
    _rec_names_search = ("complete_name", "email", "ref", "vat", "company_registry")
    _sql_constraints = (
        (
            "check_name",
            "CHECK( (type='contact' AND name IS NOT NULL) or (type!='contact') )",
            "Contacts require a name",
        ),
    )

    name = fields.Char(index=True)
    complete_name = fields.Char(compute="_compute_complete_name", store=True, index=True)
    is_company = fields.Boolean(
        "Is a Company",
        default=False,
        help="Check if the contact is a company, otherwise it is a person",
    )
    company_type = fields.Selection(
        [("person", "Person"), ("company", "Company")],
        "Company Type",
        compute="_compute_company_type",
        inverse="_write_company_type",
    )
    parent_id = fields.Many2one("res.partner", "Related Company", index=True)
    child_ids = fields.One2many(
        "res.partner",
        "parent_id",
        "Contact",
        domain=[["active", "=", True]],
        context={"active_test": False},
    )
    commercial_partner_id = fields.Many2one(
        "res.partner",
        "Commercial Entity",
        compute="_compute_commercial_partner",
        store=True,
        index=True,
    )
    commercial_company_name = fields.Char(
        "Company Name Entity", compute="_compute_commercial_company_name", store=True
    )
    company_name = fields.Char("Company Name")
    type = fields.Selection(ADDRESS_TYPES, "Address Type", default="contact")
    ref = fields.Char("Reference", index=True)
    vat = fields.Char("Tax ID", index=True)
    company_registry = fields.Char("Company ID")
    function = fields.Char("Job Position")
    website = Website("Website Link")
    comment = fields.Html("Notes")
    email = fields.Char()
    phone = fields.Char()
    street = fields.Char()
    street2 = fields.Char()
    zip = fields.Char(size=24)
    city = fields.Char()
    country_id = fields.Many2one("res.country", "Country", ondelete="restrict")
    country_code = fields.Char(related="country_id.code", string="Country Code")
    lang = fields.Selection("_lang_get", "Language", default="en_US")
    tz = fields.Char("Timezone")
    color = fields.Integer("Color Index", default=0)
    employee = fields.Boolean(help="Check this box if this contact is an Employee.")
    partner_latitude = fields.Float("Geo Latitude", digits=(10, 7))
    partner_longitude = fields.Float("Geo Longitude", digits=(10, 7))
    company_id = fields.Many2one("res.company", "Company", index=True)
    user_id = fields.Many2one("res.users", "Salesperson")
    user_ids = fields.One2many("res.users", "partner_id", "Users")
    category_id = fields.Many2many(
        "res.partner.category",
        "res_partner_res_partner_category_rel",
        "partner_id",
        "category_id",
        "Tags",
    )
    # indexed: every search filters on it (the implicit active filter)
    active = fields.Boolean(default=True, index=True)

    def _lang_get(self) -> list[tuple[str, str]]:
        """The installed languages (only English for now); like Odoo, any code is accepted."""
        return [("en_US", "English (US)")]

    @api.depends("is_company")
    def _compute_company_type(self) -> None:
        for partner in self:
            partner.company_type = "company" if partner.is_company else "person"

    def _write_company_type(self) -> None:
        for partner in self:
            partner.is_company = partner.company_type == "company"

    @api.constrains("parent_id")
    def _check_parent_id(self) -> None:
        if self._has_cycle():
            raise ValidationError("You cannot create recursive Partner hierarchies.")

    @api.depends("is_company", "parent_id.commercial_partner_id")
    def _compute_commercial_partner(self) -> None:
        for partner in self:
            if partner.is_company or not partner.parent_id:
                partner.commercial_partner_id = partner
            else:
                partner.commercial_partner_id = partner.parent_id.commercial_partner_id

    @api.depends("company_name", "commercial_partner_id.name", "commercial_partner_id.is_company")
    def _compute_commercial_company_name(self) -> None:
        for partner in self:
            commercial = partner.commercial_partner_id
            partner.commercial_company_name = (
                commercial.name if commercial.is_company else partner.company_name
            )

    @api.depends("name", "is_company", "type", "parent_id.name", "commercial_company_name")
    def _compute_complete_name(self) -> None:
        labels = dict(ADDRESS_TYPES)
        for partner in self:
            name = partner.name or ""
            if partner.parent_id or partner.company_name:
                if not name and partner.type in ("invoice", "delivery", "other"):
                    name = labels[partner.type]
                if not partner.is_company:
                    company = partner.commercial_company_name or partner.parent_id.name
                    if company:
                        name = f"{company}, {name}"
            partner.complete_name = name.strip() or False
