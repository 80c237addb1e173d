"""How products are named and found by name, shared by templates and variants.

A product is displayed as ``[CODE] Name`` (just ``Name`` without an internal
reference). ``name_search`` finds products the way Odoo's does, in stages: an
exact internal reference, else an exact barcode, else references then names
matching the operator, else the code written between brackets in the text
("[FURN_7777] Office Chair" finds FURN_7777).
"""

from __future__ import annotations

import re
from typing import Any

from jsontwo.orm import api
from jsontwo.orm.domain_tree import NEGATIVE_OPERATORS

#: the operators name_search treats as "find what matches"
POSITIVE_OPERATORS = ("=", "ilike", "=ilike", "like", "=like")
_BRACKETED_CODE = re.compile(r"\[(.*?)\]")


def product_label(code: Any, name: Any) -> str:
    """``[CODE] Name``, or the name alone when there is no code."""
    name = name or ""
    return f"[{code}] {name}" if code else str(name)


def format_list(items: list[str]) -> str:
    """English list: ``A``, ``A and B``, ``A, B, and C`` (Odoo's ``format_list``)."""
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} and {items[1]}"
    return f"{', '.join(items[:-1])}, and {items[-1]}"


def search_product_ids(
    model: Any, name: str, domain: list[Any], operator: str, limit: int | None
) -> list[int]:
    """The ids ``name_search`` answers for ``name`` on ``model`` (product.product or
    product.template), in Odoo's stages, each stage within ``domain``."""

    def search(extra: list[Any], count: int | None) -> list[int]:
        # ``extra`` is one complete expression: ANDed with the caller's domain
        full = ["&", *extra, *domain] if domain else extra
        return list(model._search_ids(full, 0, count, None))

    if not name:
        return list(model._search_ids(domain, 0, limit, None))
    found: list[int] = []
    if operator in POSITIVE_OPERATORS:
        found = search([["default_code", "=", name]], limit)
        if not found:
            found = search([["barcode", "=", name]], limit)
    if not found and operator not in NEGATIVE_OPERATORS:
        found = search([["default_code", operator, name]], limit)
        if not limit or len(found) < limit:
            more = search(
                ["&", ["name", operator, name], ["id", "not in", found]],
                (limit - len(found)) if limit else None,
            )
            found.extend(more)
    elif not found and operator in NEGATIVE_OPERATORS:
        either = [
            "|",
            "&",
            ["default_code", operator, name],
            ["name", operator, name],
            "&",
            ["default_code", "=", False],
            ["name", operator, name],
        ]
        found = search(either, limit)
    if not found and operator in POSITIVE_OPERATORS:
        match = _BRACKETED_CODE.search(name)
        if match:
            found = search([["default_code", "=", match.group(1)]], limit)
    return found


class ProductNaming:
    """What product.template and product.product share (a base of both model
    classes): the ``[CODE] Name`` display name and Odoo's product name search."""

    __slots__ = ()

    @api.depends("name", "default_code")
    def _compute_display_name(self: Any) -> None:
        # the context key ``display_default_code`` (false) leaves the code out, as in Odoo
        show_code = self.env.context.get("display_default_code", True)
        for product in self:
            code = product.default_code if show_code else False
            product.display_name = product_label(code, product.name) if product.name else False

    def _name_search_ids(
        self: Any, name: str, domain: list[Any], operator: str, limit: int | None
    ) -> list[int]:
        """What ``name_search`` answers: see :func:`search_product_ids`."""
        return search_product_ids(self, name, domain, operator, limit)
