from . import item, partner

__all__ = ["item", "partner"]
