"""res.country searched by code (the differential fuzzer's finds)."""

from __future__ import annotations

from typing import Any

import pytest

from jsontwo.orm import Environment, Registry
from jsontwo.service.databases import with_superuser


@pytest.mark.parametrize(
    ("domain", "codes"),
    [
        ([["code", "=", "BEL"]], ["BE"]),  # cut to the column's 2 characters, as Odoo does
        ([["code", "in", ["FRANCE", "XX"]]], ["FR"]),
        (
            [["code", "not in", ["ADMIN"]], ["name", "in", ["Andorra", "United Arab Emirates"]]],
            ["AE"],
        ),
        ([["code", "ilike", "BEL"]], []),  # patterns are not cut
    ],
)
def test_a_code_longer_than_the_column_is_cut(
    registry: Registry, domain: list[Any], codes: list[str]
) -> None:
    def work(env: Environment) -> Any:
        return sorted(env["res.country"].search(domain).mapped("code"))

    assert with_superuser(registry, work) == codes


@pytest.mark.parametrize(
    ("domain", "codes"),
    [
        ([["display_name", "=", "BE"]], ["BE"]),  # the code, one of _rec_names_search
        ([["display_name", "=", "Belgium"]], ["BE"]),
        ([["display_name", "ilike", "belg"]], ["BE"]),
        ([["display_name", "in", ["FR", "Belgium"]]], ["BE", "FR"]),
        ([["display_name", "not ilike", "e"], ["code", "in", ["BE", "CU"]]], ["CU"]),
        ([["display_name", "!=", "BE"], ["code", "in", ["BE", "FR"]]], ["FR"]),
    ],
)
def test_display_name_searches_the_name_and_the_code(
    registry: Registry, domain: list[Any], codes: list[str]
) -> None:
    """display_name conditions search the fields of _rec_names_search, as in Odoo."""

    def work(env: Environment) -> Any:
        return sorted(env["res.country"].search(domain).mapped("code"))

    assert with_superuser(registry, work) == codes
