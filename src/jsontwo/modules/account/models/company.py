"""res.company, extended: the company's default sales and purchase taxes."""

from __future__ import annotations

from jsontwo.orm import fields, models


class Company(models.Model):
    """A company, with the taxes new products get by default."""

    _inherit = "res.company"

    account_sale_tax_id = fields.Many2one("account.tax", "Default Sale Tax")
    account_purchase_tax_id = fields.Many2one("account.tax", "Default Purchase Tax")
