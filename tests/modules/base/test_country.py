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
