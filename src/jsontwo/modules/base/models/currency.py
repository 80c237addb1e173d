"""res.currency: ISO 4217 currencies, their rates (from ``res.currency.rate``)
and the arithmetic Odoo does with their rounding."""

from __future__ import annotations

import math
from typing import Any

from jsontwo.exceptions import UserError
from jsontwo.modules.base.number_words import number_to_words
from jsontwo.orm import api, fields, models
from jsontwo.orm.numeric import float_compare, float_is_zero, float_round


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
    rate = fields.Float(
        "Current Rate",
        compute="_compute_current_rate",
        digits=0,
        help="The rate of the currency to the currency of rate 1.",
    )
    inverse_rate = fields.Float(
        compute="_compute_current_rate",
        digits=0,
        help="The currency of rate 1 to the rate of the currency.",
    )
    rate_string = fields.Char(compute="_compute_current_rate")
    rate_ids = fields.One2many("res.currency.rate", "currency_id", "Rates")
    date = fields.Date(compute="_compute_date")
    is_current_company_currency = fields.Boolean(compute="_compute_is_current_company_currency")
    iso_numeric = fields.Integer("Currency numeric code.", help="Currency Numeric Code (ISO 4217).")
    currency_unit_label = fields.Char("Currency Unit", translate=True)
    currency_subunit_label = fields.Char("Currency Subunit", translate=True)

    @api.constrains("active")
    def _check_company_currency_stays_active(self) -> None:
        inactive = self.filtered(lambda c: not c.active)
        if inactive and self.env["res.company"].sudo().search_count(
            [("currency_id", "in", inactive.ids)], limit=1
        ):
            raise UserError(
                "This currency is set on a company and therefore cannot be deactivated."
            )

    @api.depends("rounding")
    def _compute_decimal_places(self) -> None:
        """The decimals a rounding factor keeps: 0.01 keeps 2, 1 keeps none."""
        for currency in self:
            rounding = currency.rounding
            currency.decimal_places = math.ceil(math.log10(1 / rounding)) if 0 < rounding < 1 else 0

    def _rates_on(self, company: Any, date: str) -> dict[int, float]:
        """Each currency's rate on ``date`` for ``company``'s root, as Odoo picks
        it: among the rates of that day or before, the company's own before the
        shared ones, then the latest; without any, the first rate (the company's
        own first); else 1. One query for all the currencies."""
        root = company.root_id.id or False
        rows = (
            self.env["res.currency.rate"]
            .sudo()
            .search_read(
                [("currency_id", "in", self.ids), ("company_id", "in", [False, root])],
                ["currency_id", "company_id", "name", "rate"],
            )
        )
        by_currency: dict[int, list[tuple[str, bool, float]]] = {}
        for row in rows:
            own = bool(row["company_id"]) and row["company_id"][0] == root
            entry = (str(row["name"]), own, row["rate"])
            by_currency.setdefault(row["currency_id"][0], []).append(entry)
        found: dict[int, float] = {}
        for currency_id in self.ids:
            rates = by_currency.get(currency_id, [])
            before = [r for r in rates if r[0] <= date]
            if before:
                best = max(before, key=lambda r: (r[1], r[0]))
            elif rates:
                best = min(rates, key=lambda r: (not r[1], r[0]))
            else:
                found[currency_id] = 1.0
                continue
            found[currency_id] = best[2] or 1.0
        return found

    @api.depends("rate_ids.rate")
    def _compute_current_rate(self) -> None:
        context = self.env.context
        date = str(context.get("date") or self.env.now.date().isoformat())[:10]
        company = self.env["res.company"].browse(
            [context["company_id"]] if context.get("company_id") else []
        )
        company = company or self.env.company
        to_currency = self.browse([context["to_currency"]] if context.get("to_currency") else [])
        to_currency = to_currency or company.currency_id
        rates = self.browse([*self.ids, *to_currency.ids])._rates_on(self.env.company, date)
        for currency in self:
            rate = (rates.get(currency.id) or 1.0) / rates.get(to_currency.id, 1.0)
            currency.rate = rate
            currency.inverse_rate = 1 / rate
            same = currency.id == company.currency_id.id
            currency.rate_string = (
                "" if same else f"1 {to_currency.name} = {rate:.6f} {currency.name}"
            )

    @api.depends("rate_ids.name")
    def _compute_date(self) -> None:
        for currency in self:
            latest = currency.rate_ids.ids[:1]  # in the rates' order: the latest first
            currency.date = currency.rate_ids.browse(latest).name if latest else False

    def _compute_is_current_company_currency(self) -> None:
        for currency in self:
            currency.is_current_company_currency = self.env.company.currency_id.id == currency.id

    def round(self, amount: float) -> float:
        """``amount`` rounded to the currency's rounding."""
        self.ensure_one()
        return float_round(amount, rounding=self.rounding)

    def compare_amounts(self, amount1: float, amount2: float) -> int:
        """-1, 0 or 1 as ``amount1`` is lower than, equal to or greater than
        ``amount2`` once both are rounded to the currency's rounding."""
        self.ensure_one()
        return float_compare(amount1, amount2, rounding=self.rounding)

    def is_zero(self, amount: float) -> bool:
        """Whether ``amount`` rounds to zero in this currency."""
        self.ensure_one()
        return float_is_zero(amount, rounding=self.rounding)

    def amount_to_text(self, amount: float) -> str:
        """``amount`` in words with the currency's unit and subunit labels, in
        English ("Twelve Euros and Fifty Cents")."""
        self.ensure_one()
        integral, _sep, fractional = f"{amount:.{self.decimal_places}f}".partition(".")
        whole = int(integral)
        unit = self.currency_unit_label or ""
        if self.is_zero(amount - whole):
            return f"{number_to_words(whole)} {unit}"
        cents = number_to_words(int(fractional or 0))
        return f"{number_to_words(whole)} {unit} and {cents} {self.currency_subunit_label or ''}"
