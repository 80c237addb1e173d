"""The library module: books (``library.book``), and on each partner its library
card and the books it wrote. The tutorial of docs/modules.md."""

import json
from importlib import resources

from jsontwo.orm import Environment

# relative: this package is imported as jsontwo_library (pip) or
# jsontwo_addons.library (--addons-path)
from . import models

__all__ = ["load_demo", "models"]


def load_demo(env: Environment) -> None:
    """A few books by demo partners (only in databases made with --demo)."""
    books = json.loads(resources.files(__name__).joinpath("demo", "books.json").read_text())
    data = env["ir.model.data"]
    for xmlid, values in books.items():
        author = env.ref(values.pop("author"), raise_if_not_found=False)
        book = env["library.book"].create({**values, "author_id": author.id if author else False})
        data._declare(f"library.{xmlid}", book)
