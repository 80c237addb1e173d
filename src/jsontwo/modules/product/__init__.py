"""The product module: products (templates and their variants) and categories."""

from jsontwo.modules.product import models
from jsontwo.modules.product.loading import load_data, load_demo, upgrade_data

__all__ = ["load_data", "load_demo", "models", "upgrade_data"]
