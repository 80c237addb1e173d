"""res.country, its states and its groups: the ISO 3166 countries."""

from __future__ import annotations

import re

from jsontwo.orm import api, fields, models

ADDRESS_FORMAT_HELP = (
    "Display format to use for addresses belonging to this country.\n\n"
    "You can use python-style string pattern with all the fields of the address "
    "(for example, use '%(street)s' to display the field 'street') plus"
    "\n%(state_name)s: the name of the state"
    "\n%(state_code)s: the code of the state"
    "\n%(country_name)s: the name of the country"
    "\n%(country_code)s: the code of the country"
)
ADDRESS_VIEW_HELP = (
    "Use this field if you want to replace the usual way to encode a complete address. "
    "Note that the address_format field is used to modify the way to display addresses "
    "(in reports for example), while this field is used to modify the input form for "
    "addresses."
)
#: where Odoo serves the flags (the field says where; the files are Odoo's)
FLAG_URL = "/base/static/img/country_flags/{}.png"


class Country(models.Model):
    """A country, identified by its two-letter ISO code."""

    _name = "res.country"
    _missing_ignored = frozenset({"write", "unlink"})  # as Odoo: missing ids are passed over
    _description = "Country"
    _order = "name"
    _rec_names_search = ("name", "code")
    _sql_constraints = (
        ("name_uniq", "unique(name)", "The name of the country must be unique!"),
        ("code_uniq", "unique(code)", "The code of the country must be unique!"),
    )

    name = fields.Char("Country Name", required=True, translate=True)
    code = fields.Char(
        "Country Code",
        size=2,
        required=True,
        help="The ISO country code in two chars. \nYou can use this field for quick search.",
    )
    address_format = fields.Text(
        "Layout in Reports",
        help=ADDRESS_FORMAT_HELP,
        default="%(street)s\n%(street2)s\n%(city)s %(state_code)s %(zip)s\n%(country_name)s",
    )
    address_view_id = fields.Many2one(
        "ir.ui.view",
        "Input View",
        domain=[["model", "=", "res.partner"], ["type", "=", "form"]],
        help=ADDRESS_VIEW_HELP,
    )
    currency_id = fields.Many2one("res.currency", "Currency")
    image_url = fields.Char("Flag", compute="_compute_image_url", help="Url of static flag image")
    phone_code = fields.Integer("Country Calling Code")
    country_group_ids = fields.Many2many(
        "res.country.group",
        "res_country_res_country_group_rel",
        "res_country_id",
        "res_country_group_id",
        "Country Groups",
    )
    country_group_codes = fields.Json("Country Group Codes", compute="_compute_country_group_codes")
    state_ids = fields.One2many("res.country.state", "country_id", "States")
    name_position = fields.Selection(
        [("before", "Before Address"), ("after", "After Address")],
        "Customer Name Position",
        default="before",
        help="Determines where the customer/company name should be placed, i.e. after or before the address.",
    )
    vat_label = fields.Char(
        "Vat Label", translate=True, help="Use this field if you want to change vat label."
    )
    state_required = fields.Boolean(default=False)
    zip_required = fields.Boolean(default=True)

    @api.readonly
    def get_address_fields(self) -> list[str]:
        """The names the country's address format uses (``street``, ``zip``...)."""
        self.ensure_one()
        return re.findall(r"\((.+?)\)", self.address_format or "")

    @api.depends("code")
    def _compute_image_url(self) -> None:
        for country in self:
            code = country.code
            country.image_url = FLAG_URL.format(code.lower()) if code else False

    @api.depends("country_group_ids")
    def _compute_country_group_codes(self) -> None:
        """The codes of the country's groups; ``[""]`` without any (as Odoo, whose
        callers iterate over it and would find an empty JSON list stored as false)."""
        for country in self:
            codes = [code for code in country.country_group_ids.mapped("code") if code]
            country.country_group_codes = codes or [""]


class CountryGroup(models.Model):
    """A named group of countries (Europe, SEPA zone...)."""

    _name = "res.country.group"
    _missing_ignored = frozenset({"write", "unlink"})  # as Odoo: missing ids are passed over
    _description = "Country Group"
    _order = "id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    country_ids = fields.Many2many(
        "res.country",
        "res_country_res_country_group_rel",
        "res_country_group_id",
        "res_country_id",
        "Countries",
    )


class CountryState(models.Model):
    """A state, province or region of a country; named "Name (country code)"."""

    _name = "res.country.state"
    _missing_ignored = frozenset({"write", "unlink"})  # as Odoo: missing ids are passed over
    _description = "Country state"
    _order = "code"
    _rec_names_search = ("name", "code")
    _sql_constraints = (
        (
            "name_code_uniq",
            "unique(country_id, code)",
            "The code of the state must be unique by country!",
        ),
    )

    country_id = fields.Many2one("res.country", "Country", required=True, index=True)
    name = fields.Char(
        "State Name",
        required=True,
        help="Administrative divisions of a country. E.g. Fed. State, Departement, Canton",
    )
    code = fields.Char("State Code", required=True, help="The state code.")

    @api.depends("country_id")
    def _compute_display_name(self) -> None:
        for state in self:
            state.display_name = f"{state.name} ({state.country_id.code})"
