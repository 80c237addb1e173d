from . import book, partner

__all__ = ["book", "partner"]
