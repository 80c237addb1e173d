"""Models of the sale module (importing them declares them)."""

from jsontwo.modules.sale.models import product, sale_order, sale_order_line

__all__ = ["product", "sale_order", "sale_order_line"]
