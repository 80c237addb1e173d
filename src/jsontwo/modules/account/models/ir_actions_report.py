"""What the account module adds to reports: whether a report prints invoices."""

from __future__ import annotations

from jsontwo.orm import fields, models


class IrActionsReport(models.Model):
    """A report, flagged when it prints invoices (Odoo's invoice reports are)."""

    _inherit = "ir.actions.report"

    is_invoice_report = fields.Boolean("Invoice report", copy=True)
