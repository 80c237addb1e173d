"""res.partner, extended by account: how much a partner is a customer or a
vendor (the ranks that order them in the pickers) and their credit limit.

Odoo's ``property_account_*`` fields point at the chart of accounts, which
jsontwo does not have: they are left out. The credit limit is one value per
partner (Odoo keeps one per company)."""

from __future__ import annotations

from typing import Any

from jsontwo.orm import api, fields, models

#: the context key of the partner pickers of sales and purchases, and the rank it sets
SEARCH_MODE_RANKS = {"customer": "customer_rank", "supplier": "supplier_rank"}


class Partner(models.Model):
    """A partner, with the account module's ranks and credit limit."""

    _inherit = "res.partner"

    supplier_rank = fields.Integer(default=0, copy=False)
    customer_rank = fields.Integer(default=0, copy=False)
    credit_limit = fields.Float(
        "Credit Limit", help="Credit limit specific to this partner.", copy=False
    )

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
