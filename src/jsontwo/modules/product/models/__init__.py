"""Models of the product module (importing them declares them)."""

from jsontwo.modules.product.models import category, naming, product, template

__all__ = ["category", "naming", "product", "template"]
