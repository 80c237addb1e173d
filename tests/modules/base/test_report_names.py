"""Report file names from ``print_report_name`` expressions, evaluated without
``eval``: the expressions Odoo's reports use, and what is refused."""

from __future__ import annotations

from typing import Any

import pytest

from jsontwo.modules.base.report_names import report_file_name
from jsontwo.orm import Environment, Registry
from jsontwo.service.databases import with_superuser

QUOTATION = (
    "(object.state in ('draft', 'sent') and 'Quotation - %s' % (object.name)) "
    "or 'Order - %s' % (object.name)"
)


def names(registry: Registry, expressions: list[str], partner_name: str = "Azure") -> list[Any]:
    """What each expression names a new partner (a record with fields)."""

    def work(env: Environment) -> list[Any]:
        partner = env["res.partner"].create({"name": partner_name, "ref": "R-7"})
        result = [report_file_name(text, partner) for text in expressions]
        partner.unlink()
        return result

    return list(with_superuser(registry, work))


def test_odoos_kinds_of_names(registry: Registry) -> None:
    assert names(
        registry,
        [
            "'PRO-FORMA - %s' % (object.name)",
            "'Partner %s (%s)' % (object.name, object.ref)",
            "object.name + ' card'",
            "(object.type == 'contact' and 'Contact') or 'Address'",
            "'yes' if object.active else 'no'",
            "not object.active and 'archived' or object.name",
            "object.company_id.name or object.name",
        ],
    ) == [
        "PRO-FORMA - Azure",
        "Partner Azure (R-7)",
        "Azure card",
        "Contact",
        "yes",
        "Azure",
        "Azure",
    ]


@pytest.mark.parametrize(
    "expression",
    [
        "",
        "   ",
        "object._get_report_base_filename()",  # a method call
        "object.__class__",  # a private attribute
        "__import__('os').system('true')",
        "object.no_such_field",
        "object.id",  # a number is no file name
        "object.name +",  # not Python
    ],
)
def test_what_gives_no_name(registry: Registry, expression: str) -> None:
    assert names(registry, [expression]) == [None]
