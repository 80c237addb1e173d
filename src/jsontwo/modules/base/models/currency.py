"""res.currency: ISO 4217 currencies."""

from __future__ import annotations

from jsontwo.orm import fields, models


class Currency(models.Model):
    """A currency; only the ones in use are active."""

    _name = "res.currency"
    _description = "Currency"
    _order = "active desc, name"
    _rec_names_search = ("name", "full_name")
    _sql_constraints = (("unique_name", "unique(name)", "The currency code must be unique!"),)

    name = fields.Char("Currency", size=3, required=True, help="Currency Code (ISO 4217)")
    full_name = fields.Char("Name")
    symbol = fields.Char(required=True, help="Currency sign, to be used when printing amounts.")
    position = fields.Selection(
        [("after", "After Amount"), ("before", "Before Amount")], "Symbol Position", default="after"
    )
    rounding = fields.Float("Rounding Factor", default=0.01)
    decimal_places = fields.Integer(default=2)
    active = fields.Boolean(default=True)
    iso_numeric = fields.Integer("Currency numeric code.", help="Currency Numeric Code (ISO 4217).")
    currency_unit_label = fields.Char("Currency Unit", translate=True)
    currency_subunit_label = fields.Char("Currency Subunit", translate=True)
