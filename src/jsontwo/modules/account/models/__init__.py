"""Models of the account module (importing them declares them)."""

from jsontwo.modules.account.models import company, partner, product, tax

__all__ = ["company", "partner", "product", "tax"]
