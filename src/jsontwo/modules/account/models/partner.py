"""res.partner, extended by account: how much a partner is a customer or a
vendor (the ranks that order them in the pickers) and their credit limit.

The credit limit is one value per company, as Odoo 19's company-dependent
field: ``credit_limit`` reads, writes, searches, sorts and groups the value of
the current company (``env.company``: the first of ``allowed_company_ids``), 0
where that company has none. The values are kept, by company id, in the JSON
column ``credit_limit_company_values`` (Odoo keeps them in the ``credit_limit``
column itself, as JSON). ``use_partner_credit_limit`` says whether the current
company's limit is set (not 0); unticking it sets the limit back to 0.

Odoo's ``property_account_*`` and ``property_*payment_term_id`` fields point at
the chart of accounts, fiscal positions and payment terms, which jsontwo does
not have: they are left out (docs/compatibility.md)."""

from __future__ import annotations

import operator as op
from collections.abc import Callable
from typing import Any

from jsontwo.orm import api, fields, models

#: the comparisons a domain on ``credit_limit`` may make
COMPARISONS: dict[str, Callable[[float, Any], bool]] = {
    "=": op.eq,
    "!=": op.ne,
    "<": op.lt,
    "<=": op.le,
    ">": op.gt,
    ">=": op.ge,
    "in": lambda value, values: value in values,
    "not in": lambda value, values: value not in values,
}


class CompanyValues(fields.Json):
    """The credit limits of a partner by company id, where jsontwo keeps them (Odoo
    keeps them in the ``credit_limit`` column itself): not part of Odoo's model,
    so the API never sees it (internal: read in superuser mode only)."""

    internal = True


class CompanyDependentFloat(fields.Float):
    """A float kept per company, computed from a JSON column: reported as Odoo
    reports its company-dependent fields (stored, sortable, groupable, added up)."""

    def get_description(self, model: Any) -> dict[str, Any]:
        desc = super().get_description(model)
        desc.update(store=True, sortable=True, groupable=True, aggregator="sum", depends=[])
        return desc


#: the context key of the partner pickers of sales and purchases, and the rank it sets
SEARCH_MODE_RANKS = {"customer": "customer_rank", "supplier": "supplier_rank"}


class Partner(models.Model):
    """A partner, with the account module's ranks and credit limit."""

    _inherit = "res.partner"

    supplier_rank = fields.Integer(default=0, copy=False)
    customer_rank = fields.Integer(default=0, copy=False)
    credit_limit = CompanyDependentFloat(
        "Credit Limit",
        help="Credit limit specific to this partner.",
        company_dependent=True,
        compute="_compute_credit_limit",
        inverse="_inverse_credit_limit",
        search="_search_credit_limit",
        sql="_credit_limit_sql",
    )
    credit_limit_company_values = CompanyValues("Credit Limit per Company", copy=False)
    use_partner_credit_limit = fields.Boolean(
        "Partner Limit",
        help="Set a value greater than 0.0 to activate a credit limit check",
        compute="_compute_credit_limit",
        inverse="_inverse_use_partner_credit_limit",
    )

    def _credit_limits(self) -> dict[int, dict[str, float]]:
        """Each partner's credit limits, by company id (as text)."""
        rows = self.sudo().read(["credit_limit_company_values"], load=None)
        return {row["id"]: dict(row["credit_limit_company_values"] or {}) for row in rows}

    def _compute_credit_limit(self) -> None:
        """The current company's limit, and whether there is one (both fields at
        once: one read of the limits for all the records)."""
        company = str(self.env.company.id)
        limits = self._credit_limits()
        for partner in self:
            limit = float(limits.get(partner.id, {}).get(company, 0.0))
            partner.credit_limit = limit
            partner.use_partner_credit_limit = bool(limit)

    def _inverse_credit_limit(self) -> None:
        company = str(self.env.company.id)
        limits = self._credit_limits()
        for partner in self:
            values = limits.get(partner.id, {})
            values[company] = float(partner.credit_limit or 0.0)
            partner.sudo().write({"credit_limit_company_values": values})

    def _search_credit_limit(self, operator: str, value: Any) -> list[Any]:
        """The partners whose current company's limit compares as asked (one
        without a value has 0)."""
        compare = COMPARISONS.get(operator)
        if compare is None:
            return NotImplemented
        wanted: Any = [float(v or 0.0) for v in value] if isinstance(value, list) else value
        if not isinstance(wanted, list):
            wanted = float(wanted or 0.0)
        expression = self._credit_limit_sql('"res_partner"')
        rows = self.env.cr.execute(f'SELECT id, {expression} FROM "res_partner"', [])
        return [["id", "in", [row[0] for row in rows if compare(float(row[1] or 0.0), wanted)]]]

    def _credit_limit_sql(self, alias: str) -> str:
        """The current company's credit limit in SQL (0 where it has none)."""
        company = int(self.env.company.id or 0)
        column = f'{alias}."credit_limit_company_values"'
        if self.env.cr.dialect.is_sqlite:
            return f"COALESCE(CAST(json_extract({column}, '$.\"{company}\"') AS REAL), 0.0)"
        return f"COALESCE(({column}::jsonb ->> '{company}')::float8, 0.0)"

    def _inverse_use_partner_credit_limit(self) -> None:
        # unticked: no limit (0) for the current company; ticked, the limit is kept
        for partner in self:
            if not partner.use_partner_credit_limit:
                partner.credit_limit = 0.0

    @api.model_create_multi
    def create(self, vals_list: list[dict[str, Any]] | dict[str, Any]) -> Partner:
        """Partners made from the customer (or vendor) picker start with rank 1, as in Odoo."""
        if isinstance(vals_list, dict):
            vals_list = [vals_list]
        rank = SEARCH_MODE_RANKS.get(str(self.env.context.get("res_partner_search_mode")))
        if rank:
            vals_list = [vals if rank in vals else {**vals, rank: 1} for vals in vals_list]
        return super().create(vals_list)

    def _increase_rank(self, field: str, n: int = 1) -> None:
        """Add ``n`` to a rank (``customer_rank`` or ``supplier_rank``) of these partners."""
        assert field in SEARCH_MODE_RANKS.values()
        for partner in self.sudo():
            partner.write({field: (partner[field] or 0) + n})
