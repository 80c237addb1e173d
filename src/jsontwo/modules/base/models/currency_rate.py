"""res.currency.rate: a currency's rate on a date, for every company or one."""

from __future__ import annotations

from typing import Any

from jsontwo.orm import api, fields, models


class CurrencyRate(models.Model):
    """How many units of the currency one unit of the rate-1 currency buys on a date."""

    _name = "res.currency.rate"
    _description = "Currency Rate"
    _rec_names_search = ("name", "rate")
    _order = "name desc, id"
    _sql_constraints = (
        (
            "unique_name_per_day",
            "unique (name,currency_id,company_id)",
            "Only one currency rate per day allowed!",
        ),
        ("currency_rate_check", "CHECK (rate>0)", "The currency rate must be strictly positive."),
    )

    name = fields.Date(
        "Date", required=True, index=True, default=lambda self: self.env.now.date().isoformat()
    )
    rate = fields.Float(
        "Technical Rate",
        digits=0,
        aggregator="avg",
        help="The rate of the currency to the currency of rate 1",
    )
    company_rate = fields.Float(
        digits=0,
        compute="_compute_company_rate",
        inverse="_inverse_company_rate",
        aggregator="avg",
        help="The currency of rate 1 to the rate of the currency.",
    )
    inverse_company_rate = fields.Float(
        digits=0,
        compute="_compute_inverse_company_rate",
        inverse="_inverse_inverse_company_rate",
        aggregator="avg",
        help="The rate of the currency to the currency of rate 1 ",
    )
    currency_id = fields.Many2one(
        "res.currency", "Currency", readonly=True, required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        "res.company", "Company", default=lambda self: self.env.company.root_id.id or False
    )

    @api.model_create_multi
    def create(self, vals_list: list[dict[str, Any]] | dict[str, Any]) -> CurrencyRate:
        """Create rates; a technical rate given wins over a company rate given."""
        items = [vals_list] if isinstance(vals_list, dict) else list(vals_list)
        return super().create([_sanitize(dict(vals)) for vals in items])

    def write(self, vals: dict[str, Any]) -> bool:
        """Write rates; a technical rate given wins over a company rate given."""
        return super().write(_sanitize(dict(vals)) if isinstance(vals, dict) else vals)

    def _company_base_rate(self, company: Any) -> float:
        """The latest rate of ``company``'s own currency (1 when it has none)."""
        rates = company.sudo().currency_id.rate_ids.filtered(
            lambda r: r.rate and r.company_id.id in (company.root_id.id, False)
        )
        latest = max(rates, key=lambda r: str(r.name), default=None)
        return latest.rate if latest else 1.0

    def _latest_rate(self) -> Any:
        """The currency's latest rate before this one's date (for a rate left empty)."""
        return self.currency_id.rate_ids.sudo().filtered(
            lambda r: (
                r.rate
                and r.company_id.id in (self.company_id.id, False)
                and str(r.name) < str(self.name)
            )
        )[:1]

    def _base_rate(self) -> float:
        company = self.company_id or self.env.company.root_id
        return self._company_base_rate(company)

    @api.depends("rate", "name", "currency_id", "company_id", "currency_id.rate_ids.rate")
    def _compute_company_rate(self) -> None:
        for rate in self:
            own = rate.rate or rate._latest_rate().rate or 1.0
            rate.company_rate = own / rate._base_rate()

    def _inverse_company_rate(self) -> None:
        for rate in self:
            rate.rate = rate.company_rate * rate._base_rate()

    @api.depends("company_rate")
    def _compute_inverse_company_rate(self) -> None:
        for rate in self:
            rate.inverse_company_rate = 1.0 / (rate.company_rate or 1.0)

    def _inverse_inverse_company_rate(self) -> None:
        for rate in self:
            rate.company_rate = 1.0 / (rate.inverse_company_rate or 1.0)


def _sanitize(vals: dict[str, Any]) -> dict[str, Any]:
    """Drop the derived rates given along with the rate they derive from."""
    if "inverse_company_rate" in vals and ("company_rate" in vals or "rate" in vals):
        del vals["inverse_company_rate"]
    if "company_rate" in vals and "rate" in vals:
        del vals["company_rate"]
    return vals
