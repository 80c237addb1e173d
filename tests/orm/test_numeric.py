"""jsontwo.orm.numeric: rounding, comparing and zero tests the way Odoo's float
tools answer them (the one rounding function every module uses)."""

from __future__ import annotations

import math

import pytest

from jsontwo.orm.numeric import float_compare, float_is_zero, float_round


@pytest.mark.parametrize(
    ("value", "method", "expected"),
    [
        (2.675, "HALF-UP", 2.68),
        (-2.675, "HALF-UP", -2.68),
        (2.675, "HALF-DOWN", 2.67),
        (2.665, "HALF-EVEN", 2.66),
        (2.675, "HALF-EVEN", 2.68),
        (2.671, "UP", 2.68),
        (-2.671, "UP", -2.68),
        (2.679, "DOWN", 2.67),
        (12 * 0.1, "UP", 1.2),  # binary noise never adds a step
    ],
)
def test_rounding_methods(value: float, method: str, expected: float) -> None:
    assert float_round(value, rounding=0.01, method=method) == expected


def test_rounding_to_steps_and_digits() -> None:
    assert float_round(1.3, rounding=0.5) == 1.5
    assert float_round(1234.5, rounding=1.0) == 1235.0
    assert float_round(1.005, digits=2) == 1.01
    assert float_round(5.0, rounding=0) == 0.0


def test_unknown_method_and_non_finite_values_raise() -> None:
    with pytest.raises(ValueError, match="unknown rounding method: SIDEWAYS"):
        float_round(1.0, rounding=0.01, method="SIDEWAYS")
    with pytest.raises(ValueError):
        float_round(math.nan, rounding=0.01)
    with pytest.raises(OverflowError):
        float_round(math.inf, rounding=0.01)


def test_compare_rounds_before_comparing() -> None:
    assert float_compare(0.006, 0.002, rounding=0.01) == 1
    assert float_compare(1.432, 1.431, rounding=0.01) == 0
    assert float_compare(1, 2, digits=2) == -1
    assert float_is_zero(0.004, rounding=0.01) is True
    assert float_is_zero(0.005, rounding=0.01) is False
