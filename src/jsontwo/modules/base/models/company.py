"""res.company: the companies of the database, with their address (kept on
their partner) and the look of their printed documents (paper format, layout,
fonts, colours, logo), with Odoo 19's defaults."""

from __future__ import annotations

import base64
import functools
import html
import re
from importlib import resources
from typing import Any

from jsontwo.exceptions import UserError, ValidationError
from jsontwo.modules.base.models.ir_access import ChangesAccess
from jsontwo.orm import SUPERUSER_ID, api, fields, images, models
from jsontwo.orm.hierarchy import update_parent_path
from jsontwo.orm.writing import missing_value_message

#: the fonts a company's documents may use, as Odoo offers them
FONTS = [
    ("Lato", "Lato"),
    ("Roboto", "Roboto"),
    ("Open_Sans", "Open Sans"),
    ("Montserrat", "Montserrat"),
    ("Oswald", "Oswald"),
    ("Raleway", "Raleway"),
    ("Tajawal", "Tajawal"),
    ("Fira_Mono", "Fira Mono"),
]
LAYOUT_BACKGROUNDS = [("Blank", "Blank"), ("Demo logo", "Demo logo"), ("Custom", "Custom")]
#: the partner fields a company's address is made of (computed together, as in Odoo)
ADDRESS_FIELDS = ("street", "street2", "city", "zip", "state_id", "country_id")
#: what a company's partner gets from the values a new company is created with
PARTNER_VALUES = {
    "logo": "image_1920",
    "email": "email",
    "phone": "phone",
    "website": "website",
    "vat": "vat",
    "country_id": "country_id",
}
#: the number of colours of the web client's palette (a company's default colour)
PALETTE_SIZE = 12
#: the largest width of the logo of web pages (logo_web), in pixels
LOGO_WEB_WIDTH = 180


@functools.cache
def default_logo() -> str:
    """The logo a company gets when none is given (base64 of a PNG file)."""
    path = resources.files("jsontwo.modules.base").joinpath("data", "company_logo.png")
    return base64.b64encode(path.read_bytes()).decode()


def html_is_blank(value: str | bool | None) -> bool:
    """Whether an html value shows no text (``<p><br></p>`` shows none)."""
    text = re.sub(r"<[^>]*>", " ", value if isinstance(value, str) else "")
    return not html.unescape(text).strip()


class Company(ChangesAccess, models.Model):
    """A company; each has a partner holding its address and logo."""

    _name = "res.company"
    _missing_ignored = frozenset({"unlink"})  # as Odoo: missing ids are passed over
    _description = "Companies"
    _order = "sequence, name"
    _parent_store = True
    _sql_constraints = (("name_uniq", "unique(name)", "The company name must be unique!"),)

    name = fields.Char(
        related="partner_id.name", string="Company Name", required=True, store=True, readonly=False
    )
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10, help="Used to order Companies in the company switcher")
    parent_id = fields.Many2one("res.company", "Parent Company", index=True)
    child_ids = fields.One2many("res.company", "parent_id", "Branches")
    all_child_ids = fields.One2many("res.company", "parent_id", context={"active_test": False})
    parent_ids = fields.Many2many("res.company", compute="_compute_parent_ids", string="Parent")
    root_id = fields.Many2one("res.company", compute="_compute_parent_ids", string="Root")
    partner_id = fields.Many2one("res.partner", "Partner", required=True, index=True)
    report_header = fields.Html(
        "Company Tagline",
        translate=True,
        help="Company tagline, which is included in a printed document's header or footer "
        "(depending on the selected layout).",
    )
    report_footer = fields.Html(
        "Report Footer", translate=True, help="Footer text displayed at the bottom of all reports."
    )
    company_details = fields.Html(
        "Company Details", translate=True, help="Header text displayed at the top of all reports."
    )
    is_company_details_empty = fields.Boolean(compute="_compute_empty_company_details")
    logo = fields.Binary(
        "Company Logo",
        related="partner_id.image_1920",
        default=lambda self: default_logo(),
        readonly=False,
    )
    # kept as given: jsontwo does not resize images (Odoo makes it 180 pixels wide)
    logo_web = fields.Binary(compute="_compute_logo_web", store=True, attachment=False)
    uses_default_logo = fields.Boolean(compute="_compute_uses_default_logo", store=True)
    # the current company's currency, as in Odoo
    currency_id = fields.Many2one(
        "res.currency",
        "Currency",
        required=True,
        default=lambda self: self.env.company.sudo().currency_id.id or False,
    )
    user_ids = fields.Many2many(
        "res.users", "res_company_users_rel", "cid", "user_id", "Accepted Users"
    )
    # the partner's address (Odoo computes it from the partner's contact address):
    # not searched nor sorted on; written through to the partner
    street = fields.Char(compute="_compute_address", inverse="_inverse_street")
    street2 = fields.Char(compute="_compute_address", inverse="_inverse_street2")
    zip = fields.Char(compute="_compute_address", inverse="_inverse_zip")
    city = fields.Char(compute="_compute_address", inverse="_inverse_city")
    state_id = fields.Many2one(
        "res.country.state",
        "Fed. State",
        compute="_compute_address",
        inverse="_inverse_state",
        domain="[('country_id', '=?', country_id)]",
    )
    bank_ids = fields.One2many(
        "res.partner.bank", related="partner_id.bank_ids", string="Banks", readonly=False
    )
    country_id = fields.Many2one(
        "res.country", "Country", compute="_compute_address", inverse="_inverse_country"
    )
    country_code = fields.Char(related="country_id.code", depends=("country_id",))
    email = fields.Char(related="partner_id.email", store=True, readonly=False)
    phone = fields.Char(related="partner_id.phone", store=True, readonly=False)
    website = fields.Char(related="partner_id.website", string="Website Link", readonly=False)
    vat = fields.Char(related="partner_id.vat", string="Tax ID", readonly=False)
    company_registry = fields.Char(
        related="partner_id.company_registry", string="Company ID", readonly=False
    )
    company_registry_placeholder = fields.Char(related="partner_id.company_registry_placeholder")
    paperformat_id = fields.Many2one(
        "report.paperformat",
        "Paper format",
        default=lambda self: self.env.ref("base.paperformat_euro", raise_if_not_found=False),
    )
    external_report_layout_id = fields.Many2one("ir.ui.view", "Document Template")
    font = fields.Selection(FONTS, default="Lato")
    primary_color = fields.Char()
    secondary_color = fields.Char()
    color = fields.Integer(compute="_compute_color", inverse="_inverse_color")
    layout_background = fields.Selection(LAYOUT_BACKGROUNDS, default="Blank", required=True)
    layout_background_image = fields.Binary("Background Image")
    # jsontwo has no localisation modules to offer: always empty
    uninstalled_l10n_module_ids = fields.Many2many(
        "ir.module.module", compute="_compute_uninstalled_l10n_module_ids"
    )

    @api.model_create_multi
    def create(self, vals_list: list[dict[str, Any]] | dict[str, Any]) -> Company:
        """Create companies, with a company partner for each that has none (holding
        the logo, contact details and country given), and link them to the
        creating user and the superuser, as Odoo does."""
        items = [vals_list] if isinstance(vals_list, dict) else list(vals_list)
        self.check_access_rights("create")  # before making partners for them
        prepared = []
        for vals in items:
            vals = dict(vals)
            if not vals.get("name"):
                raise ValidationError(missing_value_message(type(self), "name"))
            if "logo" not in vals:
                vals["logo"] = default_logo()
            if not vals.get("partner_id"):
                partner = self.env["res.partner"].create(
                    {
                        "name": vals.get("name"),
                        "is_company": True,
                        **{
                            target: vals[source]
                            for source, target in PARTNER_VALUES.items()
                            if vals.get(source)
                        },
                    }
                )
                vals["partner_id"] = partner.id
            prepared.append(vals)
        companies = super().create(prepared)
        # the creator and the superuser may work in the new companies (users
        # that do not exist yet, while a database is made, are passed over)
        users = self.env["res.users"].sudo().with_context(active_test=False)
        creators = users.browse(sorted({self.env.uid, SUPERUSER_ID})).exists()
        if creators:
            creators.write({"company_ids": [[4, cid] for cid in companies.ids]})
        companies._activate_currencies()
        return companies

    def _changes_access(self, vals: dict[str, Any] | None) -> bool:
        """Creating or deleting a company changes access rights: a multi-company
        rule may be left out for a call working in every company (ir_access)."""
        return vals is None

    def write(self, vals: dict[str, Any]) -> bool:
        """Write; the hierarchy is fixed once made, and a company's currency is
        activated (as in Odoo)."""
        if isinstance(vals, dict) and "parent_id" in vals:
            raise UserError("The company hierarchy cannot be changed.")
        result = super().write(vals)
        if isinstance(vals, dict) and vals.get("currency_id"):
            self._activate_currencies()
        return result

    def _activate_currencies(self) -> None:
        """Make the companies' currencies active (a company works in its currency)."""
        currencies = self.sudo().with_context(active_test=False).mapped("currency_id")
        inactive = currencies.filtered(lambda c: not c.active)
        if inactive:
            inactive.write({"active": True})

    @api.depends("parent_path")
    def _compute_parent_ids(self) -> None:
        for company in self.with_context(active_test=False):
            path = [int(label) for label in (company.parent_path or "").split("/") if label]
            parents = self.browse(path) if path else company
            company.parent_ids = parents
            company.root_id = parents.browse(parents.ids[:1])

    @api.depends(*(f"partner_id.{name}" for name in ADDRESS_FIELDS))
    def _compute_address(self) -> None:
        for company in self:
            partner = company.partner_id.sudo()
            for name in ADDRESS_FIELDS:
                setattr(company, name, partner[name])

    def _inverse_street(self) -> None:
        self._write_partner_address("street")

    def _inverse_street2(self) -> None:
        self._write_partner_address("street2")

    def _inverse_zip(self) -> None:
        self._write_partner_address("zip")

    def _inverse_city(self) -> None:
        self._write_partner_address("city")

    def _inverse_state(self) -> None:
        self._write_partner_address("state_id")

    def _inverse_country(self) -> None:
        self._write_partner_address("country_id")

    def _write_partner_address(self, name: str) -> None:
        for company in self:
            setattr(company.partner_id, name, company[name])

    @api.depends("company_details")
    def _compute_empty_company_details(self) -> None:
        for company in self:
            company.is_company_details_empty = html_is_blank(company.company_details)

    @api.depends("partner_id.image_1920")
    def _compute_logo_web(self) -> None:
        for company in self:
            # the logo of web pages: 180 pixels wide at most, as Odoo makes it
            logo = company.partner_id.image_1920
            company.logo_web = images.process_base64(logo, LOGO_WEB_WIDTH, 0) if logo else False

    @api.depends("partner_id.image_1920")
    def _compute_uses_default_logo(self) -> None:
        for company in self:
            logo = company.partner_id.image_1920
            company.uses_default_logo = not logo or _text(logo) == default_logo()

    @api.depends("root_id")
    def _compute_color(self) -> None:
        for company in self:
            root = company.root_id
            company.color = root.partner_id.color or (root.id or 0) % PALETTE_SIZE

    def _inverse_color(self) -> None:
        for company in self:
            company.root_id.partner_id.color = company.color

    @api.depends("country_id")
    def _compute_uninstalled_l10n_module_ids(self) -> None:
        for company in self:
            company.uninstalled_l10n_module_ids = self.env["ir.module.module"]

    def _fill_parent_paths(self) -> None:
        """Give the companies of a database made before companies kept their
        ``parent_path`` one (parents first)."""
        missing = self.sudo().with_context(active_test=False).search([("parent_path", "=", False)])
        if missing:
            update_parent_path(missing, creating=True)

    def copy(self, default: dict[str, Any] | None = None) -> Company:
        """Companies are not duplicated (Odoo refuses it too)."""
        raise UserError(
            "Duplicating a company is not allowed. Please create a new company instead."
        )


def _text(value: str | bytes) -> str:
    return value.decode() if isinstance(value, bytes) else value
