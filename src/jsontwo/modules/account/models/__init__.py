"""Models of the account module (importing them declares them)."""

from jsontwo.modules.account.models import company, product, tax

__all__ = ["company", "product", "tax"]
