"""Models of the account module (importing them declares them)."""

from jsontwo.modules.account.models import company, ir_actions_report, partner, product, tax

__all__ = ["company", "ir_actions_report", "partner", "product", "tax"]
