"""The uom module: units of measure (Units, Dozens...) as Odoo 19 has them, each
defined against a reference unit, without unit categories."""

from jsontwo.modules.uom import models
from jsontwo.modules.uom.loading import load_data, upgrade_data

__all__ = ["load_data", "models", "upgrade_data"]
