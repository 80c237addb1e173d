"""res.country: the ISO 3166 countries."""

from __future__ import annotations

from jsontwo.orm import fields, models


class Country(models.Model):
    """A country, identified by its two-letter ISO code."""

    _name = "res.country"
    _description = "Country"
    _order = "name"
    _rec_names_search = ("name", "code")
    _sql_constraints = (
        ("name_uniq", "unique(name)", "The name of the country must be unique!"),
        ("code_uniq", "unique(code)", "The code of the country must be unique!"),
    )

    name = fields.Char("Country Name", required=True)
    code = fields.Char(
        "Country Code", size=2, required=True, help="The ISO country code in two chars."
    )
    phone_code = fields.Integer("Country Calling Code")
    currency_id = fields.Many2one("res.currency", "Currency")
