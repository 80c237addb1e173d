"""A test module: a model of its own, one that delegates to it (``_inherits``),
and res.partner extended (a field, and write() through super())."""

from jsontwo.orm import Environment

from . import models

__all__ = ["load_data", "models"]


def load_data(env: Environment) -> None:
    """One item every database with the module has."""
    item = env["shelf.item"].create({"name": "first", "size": 2})
    env["ir.model.data"]._declare("shelf.item_first", item)
