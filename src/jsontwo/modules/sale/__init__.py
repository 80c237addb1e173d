"""The sale module: quotations and sales orders (sale.order, sale.order.line),
numbered by the ``sale.order`` sequence, with taxes from the account module."""

from jsontwo.modules.sale import models
from jsontwo.modules.sale.loading import load_data, load_demo, upgrade_data

__all__ = ["load_data", "load_demo", "models", "upgrade_data"]
