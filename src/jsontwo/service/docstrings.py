"""Docstrings as the API documentation shows them: reStructuredText, rendered
to HTML by docutils, as Odoo 19's ``api_doc`` renders its own.

Odoo's docstrings and ours are reStructuredText: ````literal````, literal
blocks after ``::``, lists, and info fields (``:param name: ...``,
``:returns: ...``, ``:raises Error: ...``). The info fields are taken out and
returned one by one (the documentation puts them on the parameters, the return
and the raises); the rest is the method's HTML documentation.

Rendering is safe for a page: raw HTML and file inclusion are off, and docutils
escapes the text. Problems in a docstring are not reported (a warning in the
output would be noise to the reader): the text is rendered as well as it parses.

docutils is imported on first use (about 80 ms) and each distinct docstring is
rendered once per process (about 2 ms each): the documentation of a model
repeats the ORM's methods, whose docstrings are the same for every model.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
from typing import Any

#: info field names (reStructuredText's, as Sphinx reads them) and what they describe
FIELD_KINDS = {
    "param": "param",
    "parameter": "param",
    "arg": "param",
    "argument": "param",
    "key": "param",
    "keyword": "param",
    "type": "type",
    "raises": "raises",
    "raise": "raises",
    "except": "raises",
    "exception": "raises",
    "returns": "returns",
    "return": "returns",
    "rtype": "rtype",
}
#: docutils settings: nothing raw, nothing read from files or config files, no reports
SETTINGS = {
    "report_level": 5,
    "halt_level": 5,
    "raw_enabled": False,
    "file_insertion_enabled": False,
    "embed_stylesheet": False,
    "stylesheet_path": "",
    "_disable_config": True,
    "input_encoding": "unicode",
}
#: what the HTML writer puts around a document's body
_BODY_START = '<div class="document">'
_BODY_END = "</div>\n</body>"


@dataclasses.dataclass(frozen=True, slots=True)
class InfoField:
    """One info field of a docstring: ``:param int limit: at most this many``."""

    #: param, type, raises, returns or rtype
    kind: str
    #: what follows the field name (``int limit``, ``AccessError``), or ""
    argument: str
    #: the field's body as HTML paragraphs
    html: str
    #: the field's body as plain text (for ``:type:`` and ``:rtype:``)
    text: str


@dataclasses.dataclass(frozen=True, slots=True)
class Docstring:
    """A docstring rendered: its prose as an HTML document and its info fields."""

    html: str
    fields: tuple[InfoField, ...]


@functools.lru_cache(maxsize=4096)
def render_docstring(docstring: str) -> Docstring:
    """``docstring`` (as ``__doc__`` has it) rendered: the prose as HTML, inside
    ``<div class="document">`` as Odoo's documentation has it, and the info fields
    of known kinds in their order (fields of other kinds are dropped)."""
    import docutils.core  # imported on first use: only the documentation needs it
    from docutils import nodes

    tree = docutils.core.publish_doctree(inspect.cleandoc(docstring), settings_overrides=SETTINGS)
    fields: list[InfoField] = []
    for field_list in [c for c in tree.children if c.tagname in ("docinfo", "field_list")]:
        for field in field_list.children:
            if not isinstance(field, nodes.field):
                continue  # a docinfo's known fields (author, version...) say nothing here
            name, body = field.children
            head, _, argument = name.astext().partition(" ")
            kind = FIELD_KINDS.get(head.lower())
            if kind is not None:
                html = "".join(_html(child) for child in body.children)
                fields.append(InfoField(kind, argument.strip(), html, body.astext().strip()))
        tree.remove(field_list)
    return Docstring(_html(tree), tuple(fields))


def _html(node: Any) -> str:
    """One node (a whole document, or a paragraph of a field's body) as HTML: a
    document keeps its ``<div class="document">``, a paragraph is its ``<p>``."""
    import docutils.core  # imported on first use: only the documentation needs it
    from docutils.writers.html4css1 import Writer

    root = docutils.core.publish_doctree("", settings_overrides=SETTINGS)
    root.append(node.deepcopy())
    page = docutils.core.publish_from_doctree(root, writer=Writer(), settings_overrides=SETTINGS)
    text = page.decode() if isinstance(page, bytes) else str(page)
    # inside the outer document's div: the node itself
    return text.partition(_BODY_START)[2].rpartition(_BODY_END)[0].strip()


__all__ = ["FIELD_KINDS", "Docstring", "InfoField", "render_docstring"]
