"""account.tax: sales and purchase taxes, and the amounts they add to a price.

A subset of Odoo's accounting: percentage, fixed and "percentage tax included"
(``division``) taxes, each included in the price or not; no tax groups of
taxes, no repartition lines, no accounts, no cash basis, and no tax that
changes the base of the taxes after it (``include_base_amount``).
"""

from __future__ import annotations

import math
import re
from typing import Any

from jsontwo.exceptions import UserError
from jsontwo.orm import api, fields, models
from jsontwo.orm.numeric import float_round

TYPE_TAX_USE = [("sale", "Sales"), ("purchase", "Purchases"), ("none", "None")]
AMOUNT_TYPES = [
    ("group", "Group of Taxes"),  # a group without children here: it adds nothing
    ("fixed", "Fixed"),
    ("percent", "Percentage"),
    ("division", "Percentage Tax Included"),
]
PRICE_INCLUDE_OVERRIDES = [("tax_included", "Tax Included"), ("tax_excluded", "Tax Excluded")]


_QUOTED = re.compile(r"(\"[^\"]*\")")


def parse_name_search(text: str) -> str:
    """Odoo's loose pattern for searching taxes by name: ``21M`` looks for ``2``,
    ``1`` and ``M`` in that order (``2%1%M``), a quoted part as it is: ``21" M"``
    is ``2%1% M%``."""
    parts = _QUOTED.split(text)
    for i, part in enumerate(parts):
        if not part:
            continue
        if _QUOTED.fullmatch(part):
            parts[i] = "%" + part.replace("%", "_").replace('"', "") + "%"
        else:
            parts[i] = "%".join(re.sub(r"\W+", "", part))
    return "".join(parts)


def _loose_names(domain: Any) -> Any:
    """``domain`` with its ``like``/``ilike`` conditions on the name made loose
    (see :func:`parse_name_search`)."""
    if not isinstance(domain, list):
        return domain
    out = []
    for item in domain:
        if (
            isinstance(item, list | tuple)
            and len(item) == 3
            and item[0] in ("name", "display_name")
            and item[1] in ("like", "ilike")
            and isinstance(item[2], str)
        ):
            item = [item[0], item[1], parse_name_search(item[2])]
        out.append(item)
    return out


def _default_company(model: Any) -> int | bool:
    """The company the call works in (a new tax's company)."""
    return model.env.company.id


def _company_country(model: Any, company_id: Any) -> int | bool:
    """The country of the company ``company_id`` (Odoo's fiscal country of a
    company is its country here), or false."""
    if not isinstance(company_id, int) or isinstance(company_id, bool) or company_id <= 0:
        return False
    company = model.env["res.company"].sudo().browse([company_id]).exists()
    return company.country_id.id or False if company else False


def _with_company_country(model: Any, vals: dict[str, Any]) -> dict[str, Any]:
    """``vals`` with the country of the company they name, unless they name one."""
    if "company_id" not in vals or "country_id" in vals:
        return vals
    country = _company_country(model, vals["company_id"])
    return {**vals, "country_id": country} if country else vals


def _finite_number(value: Any, name: str) -> float:
    """``value`` as a float; a UserError for anything but a finite number (a JSON
    string, boolean or null included)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise UserError(f"compute_all: {name} must be a finite number, not {value!r}")
    return float(value)


def _round(value: float, rounding: float | None) -> float:
    """``value`` rounded to ``rounding`` (as it is without one: raw amounts; and
    when it overflowed: compute_all refuses non-finite amounts afterwards)."""
    if rounding is None or not math.isfinite(value):
        return value
    return float_round(value, rounding=rounding)


def _included_amounts(
    included: list[Any], total: float, per_unit: float, rounding: float | None
) -> dict[int, float]:
    """``{tax id: amount}`` of the taxes ``included`` in the price ``total``, rounded:
    fixed amounts and divisions come off the total, percentages off what is
    left (the base they were added to)."""
    fixed = sum(t.amount * per_unit for t in included if t.amount_type == "fixed")
    division = {t.id: total * t.amount / 100.0 for t in included if t.amount_type == "division"}
    rate = sum(t.amount for t in included if t.amount_type == "percent") / 100.0
    base = (total - fixed - sum(division.values())) / (1.0 + rate)
    amounts: dict[int, float] = {}
    for tax in included:
        if tax.amount_type == "fixed":
            amount = tax.amount * per_unit
        elif tax.amount_type == "division":
            amount = division[tax.id]
        elif tax.amount_type == "group":
            amount = 0.0  # its children would say (there are none here)
        else:
            amount = base * tax.amount / 100.0
        amounts[tax.id] = _round(amount, rounding)
    return amounts


def tax_amounts(
    ordered: list[Any],
    total: float,
    quantity: float,
    handle_price_include: bool,
    rounding: float | None,
) -> tuple[float, dict[int, float]]:
    """The base of ``total`` (``quantity`` units) and ``{tax id: amount}`` of the
    taxes ``ordered`` (in their order), rounded to ``rounding`` unless None:
    taxes included in the price come off it first."""
    # a fixed amount per unit takes the sign of the price, as in Odoo
    per_unit = math.copysign(quantity, total)
    included = [t for t in ordered if handle_price_include and t.price_include]
    amounts = _included_amounts(included, total, per_unit, rounding)
    total_excluded = _round(total - sum(amounts.values()), rounding)
    for tax in ordered:
        if tax.id not in amounts:
            amounts[tax.id] = _round(_excluded_amount(tax, total_excluded, per_unit), rounding)
    return total_excluded, amounts


def _excluded_amount(tax: Any, base: float, per_unit: float) -> float:
    """What ``tax``, not included in the price, adds to ``base`` (unrounded)."""
    if tax.amount_type == "group":
        return 0.0  # its children would say (there are none here)
    if tax.amount_type == "fixed":
        return float(tax.amount * per_unit)
    rate = tax.amount / 100.0
    if tax.amount_type == "division":
        return base / (1.0 - rate) - base if rate != 1.0 else 0.0
    return base * rate


class AccountTax(models.Model):
    """A tax: a rate (or a fixed amount) applied on sales or purchases of a company."""

    _name = "account.tax"
    _description = "Tax"
    _order = "sequence,id"
    _rec_names_search = ("name", "description", "invoice_label")
    _sql_constraints = (
        (
            "name_company_uniq",
            "unique(name, company_id, type_tax_use)",
            "Tax names must be unique!",
        ),
    )

    name = fields.Char("Tax Name", required=True, translate=True)
    type_tax_use = fields.Selection(
        TYPE_TAX_USE,
        "Tax Type",
        required=True,
        default="sale",
        help="Determines where the tax is selectable. Note: 'None' means a tax can't be used "
        "by itself, however it can still be used in a group. 'adjustment' is used to perform "
        "tax adjustment.",
    )
    amount_type = fields.Selection(
        AMOUNT_TYPES,
        "Tax Computation",
        required=True,
        default="percent",
        help="\n    - Group of Taxes: The tax is a set of sub taxes.\n"
        "    - Fixed: The tax amount stays the same whatever the price.\n"
        "    - Percentage: The tax amount is a % of the price:\n"
        "        e.g 100 * (1 + 10%) = 110 (not price included)\n"
        "        e.g 110 / (1 + 10%) = 100 (price included)\n"
        "    - Percentage Tax Included: The tax amount is a division of the price:\n"
        "        e.g 180 / (1 - 10%) = 200 (not price included)\n"
        "        e.g 200 * (1 - 10%) = 180 (price included)\n        ",
    )
    active = fields.Boolean(
        default=True, help="Set active to false to hide the tax without removing it."
    )
    company_id = fields.Many2one(
        "res.company", "Company", required=True, readonly=True, default=_default_company
    )
    sequence = fields.Integer(
        required=True,
        default=1,
        help="The sequence field is used to define order in which the tax lines are applied.",
    )
    amount = fields.Float(required=True, digits=(16, 4), default=0.0)
    description = fields.Html("Description", translate=True)
    invoice_label = fields.Char("Label on Invoices", translate=True)
    price_include_override = fields.Selection(
        PRICE_INCLUDE_OVERRIDES,
        "Included in Price",
        help="Overrides the Company's default on whether the price you use on the product "
        "and invoices includes this tax.",
    )
    price_include = fields.Boolean(
        "Price Include",
        help="Determines whether the price you use on the product and invoices includes this tax.",
        compute="_compute_price_include",
        search="_search_price_include",
    )
    # Odoo's is computed from the company (its fiscal country, its country) and
    # may be set by hand: here a default, and the company's when a tax is made or
    # moved to a company without saying its country
    country_id = fields.Many2one(
        "res.country",
        "Country",
        required=True,
        default=lambda self: _company_country(self, self.env.company.id),
        help="The country for which this tax is applicable.",
    )

    # --- searching: names are matched loosely, as in Odoo --------------------
    def _where_sql(self, domain: Any) -> tuple[str, list[Any]]:
        return super()._where_sql(_loose_names(domain))

    def _compiled_where(self, domain: Any) -> Any:
        return super()._compiled_where(_loose_names(domain))

    @api.model_create_multi
    def create(self, vals_list: list[dict[str, Any]] | dict[str, Any]) -> Any:
        """Create taxes; one of a company given, without a country, is of that
        company's country."""
        items = [vals_list] if isinstance(vals_list, dict) else vals_list
        if isinstance(items, list) and all(isinstance(v, dict) for v in items):
            vals_list = [_with_company_country(self, vals) for vals in items]
        return super().create(vals_list)

    def write(self, vals: dict[str, Any]) -> bool:
        """Write; a tax moved to another company, without a country, takes that
        company's country."""
        if isinstance(vals, dict):
            vals = _with_company_country(self, vals)
        return super().write(vals)

    @api.depends("price_include_override")
    def _compute_price_include(self) -> None:
        # the company default (account_price_include) is always "tax excluded" here
        for tax in self:
            tax.price_include = tax.price_include_override == "tax_included"

    def _search_price_include(self, operator: str, value: Any) -> Any:
        """``price_include`` searched through the override it is computed from."""
        if operator not in ("in", "not in"):
            return NotImplemented
        wanted = [True] if value == [True] else value
        included = ["price_include_override", "=", "tax_included"]
        if (operator == "in") == (True in wanted):
            return [included]
        return ["!", included]

    def copy_data(self, default: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """A copy is named "<name> (copy)" (tax names are unique), as in Odoo."""
        return self._named_copies(super().copy_data(default), default)

    # --- computing taxes ---------------------------------------------------------
    def compute_all(
        self,
        price_unit: float,
        currency: Any = None,
        quantity: float = 1.0,
        product: Any = None,
        partner: Any = None,
        is_refund: bool = False,
        handle_price_include: bool = True,
    ) -> dict[str, Any]:
        """The taxes of ``quantity`` times ``price_unit``, Odoo's shape::

            {"total_excluded": 200.0, "total_included": 230.0, "total_void": 200.0,
             "base_tags": [], "taxes": [{"id": 1, "name": "15%", "amount": 30.0,
             "base": 200.0, "sequence": 1, "price_include": False, ...}]}

        Taxes apply in their order (``sequence, id``), each on the price without
        taxes; taxes included in the price are taken out of it first (unless
        ``handle_price_include`` is false). Amounts are rounded per line to the
        currency (a res.currency record or id; the company's by default).
        ``product``, ``partner`` and ``is_refund`` are accepted for Odoo's signature
        and unused (they choose tax tags and accounts in Odoo).
        """
        price = _finite_number(price_unit, "price_unit")
        qty = _finite_number(quantity, "quantity")
        self._ensure_exist()
        self.check_access("read")  # the rates of taxes one may not read stay hidden
        taxes = self.sudo().browse(list(dict.fromkeys(self._ids)))
        ordered = sorted(taxes, key=lambda t: (t.sequence, t.id))
        rounding = self._currency_rounding(currency, ordered)
        total_excluded, amounts = tax_amounts(
            ordered, price * qty, qty, handle_price_include, rounding
        )
        total_included = _round(total_excluded + sum(amounts.values()), rounding)
        if not all(math.isfinite(v) for v in (total_included, total_excluded, *amounts.values())):
            raise UserError("compute_all: the amounts are too large to be computed")
        return {
            "base_tags": [],
            "taxes": [
                tax._detail(amounts[tax.id], total_excluded, handle_price_include)
                for tax in ordered
            ],
            "total_excluded": total_excluded,
            "total_included": total_included,
            "total_void": total_excluded,
        }

    def _raw_amounts(self, price: float, quantity: float) -> tuple[float, dict[int, float]]:
        """The unrounded base and tax amounts of ``quantity`` times ``price``, for
        documents whose totals are rounded globally (the sum of the raw amounts,
        rounded once)."""
        taxes = self.sudo().browse(list(dict.fromkeys(self._ids)))
        ordered = sorted(taxes, key=lambda t: (t.sequence, t.id))
        return tax_amounts(ordered, price * quantity, quantity, True, None)

    def _detail(self, amount: float, base: float, handle_price_include: bool) -> dict[str, Any]:
        """This tax's entry in ``compute_all``'s ``taxes`` (Odoo's keys; the
        accounting ones, which this subset has not, are false or empty)."""
        return {
            "id": self.id,
            "name": self.name,
            "amount": amount,
            "base": base,
            "sequence": self.sequence,
            "account_id": False,
            "analytic": False,
            "use_in_tax_closing": False,
            "price_include": bool(handle_price_include and self.price_include),
            "tax_exigibility": "on_invoice",
            "tax_repartition_line_id": False,
            "group": False,
            "tag_ids": [],
            "tax_ids": [],
        }

    def _currency_rounding(self, currency: Any, taxes: list[Any]) -> float:
        """The rounding step of ``currency`` (a record or an id), else of the taxes'
        company currency, else of the current company's."""
        currencies = self.env["res.currency"].sudo()
        if isinstance(currency, models.BaseModel):
            currency_id = currency.id
        elif isinstance(currency, int) and not isinstance(currency, bool):
            currency_id = currency
        elif currency in (None, False):
            company = taxes[0].company_id if taxes else None
            if company:
                currency_id = company.currency_id.id
            else:
                current = self.env.company.sudo()
                currency_id = current.currency_id.id if current else False
        else:
            raise UserError(f"compute_all: invalid currency {currency!r}")
        found = currencies.browse(currency_id).exists() if currency_id else currencies
        if currency_id and not found:
            raise UserError(f"compute_all: currency {currency_id} does not exist")
        return float(found.rounding or 0.01) if found else 0.01
