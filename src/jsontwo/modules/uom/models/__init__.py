"""Models of the uom module (importing them declares them)."""

from jsontwo.modules.uom.models import uom_uom

__all__ = ["uom_uom"]
