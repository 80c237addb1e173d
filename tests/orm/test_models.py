"""Recordset basics: how records print, iterate and compare."""

from __future__ import annotations

from jsontwo.orm import Environment, Registry
from jsontwo.service.databases import with_superuser


def test_recordsets_print_as_odoo_prints_them(registry: Registry) -> None:
    def work(env: Environment) -> list[str]:
        partners = env["res.partner"]
        return [
            repr(partners.browse([])),
            repr(partners.browse([7])),
            repr(partners.browse([7, 9])),
        ]

    assert with_superuser(registry, work) == [
        "res.partner()",
        "res.partner(7,)",
        "res.partner(7, 9)",
    ]


def test_recordsets_iterate_and_compare(registry: Registry) -> None:
    def work(env: Environment) -> tuple[list[list[int]], bool, bool, int]:
        partners = env["res.partner"].browse([3, 4])
        singles = [record.ids for record in partners]
        return (
            singles,
            partners == env["res.partner"].browse([3, 4]),
            bool(partners.browse([])),
            len(partners),
        )

    assert with_superuser(registry, work) == ([[3], [4]], True, False, 2)
