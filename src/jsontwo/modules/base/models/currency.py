"""res.currency: ISO 4217 currencies."""

from __future__ import annotations

import math

from jsontwo.orm import api, fields, models


class Currency(models.Model):
    """A currency; only the ones in use are active."""

    _name = "res.currency"
    _missing_ignored = frozenset({"write", "unlink"})  # as Odoo: missing ids are passed over
    _description = "Currency"
    _order = "active desc, name"
    _rec_names_search = ("name", "full_name")
    _sql_constraints = (
        ("unique_name", "unique(name)", "The currency code must be unique!"),
        ("rounding_gt_zero", "CHECK (rounding > 0)", "The rounding factor must be greater than 0!"),
    )

    name = fields.Char("Currency", size=3, required=True, help="Currency Code (ISO 4217)")
    full_name = fields.Char("Name")
    symbol = fields.Char(required=True, help="Currency sign, to be used when printing amounts.")
    position = fields.Selection(
        [("after", "After Amount"), ("before", "Before Amount")],
        "Symbol Position",
        default="after",
        help="Determines where the currency symbol should be placed after or before the amount.",
    )
    rounding = fields.Float(
        "Rounding Factor",
        digits=(12, 6),
        default=0.01,
        help="Amounts in this currency are rounded off to the nearest multiple of the rounding "
        "factor.",
    )
    decimal_places = fields.Integer(
        compute="_compute_decimal_places",
        store=True,
        help="Decimal places taken into account for operations on amounts in this currency. It "
        "is determined by the rounding factor.",
    )
    active = fields.Boolean(default=True)
    iso_numeric = fields.Integer("Currency numeric code.", help="Currency Numeric Code (ISO 4217).")
    currency_unit_label = fields.Char("Currency Unit", translate=True)
    currency_subunit_label = fields.Char("Currency Subunit", translate=True)

    @api.depends("rounding")
    def _compute_decimal_places(self) -> None:
        """The decimals a rounding factor keeps: 0.01 keeps 2, 1 keeps none."""
        for currency in self:
            rounding = currency.rounding
            currency.decimal_places = math.ceil(math.log10(1 / rounding)) if 0 < rounding < 1 else 0
