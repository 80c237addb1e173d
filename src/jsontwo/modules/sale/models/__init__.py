"""Models of the sale module (importing them declares them)."""

from jsontwo.modules.sale.models import sale_order, sale_order_line

__all__ = ["sale_order", "sale_order_line"]
