"""Numbers as Odoo computes and words them: rounding to a field's digits (or a
currency's rounding) the way Odoo's ``float_round`` does, with its small epsilon
that tips ties away from zero and the errors it gives for NaN and infinities;
byte counts as Odoo and PostgreSQL word them."""

from __future__ import annotations

import math

#: Odoo's rounding methods: ties away from zero, to even, toward zero; and
#: every fraction away from zero (UP) or toward it (DOWN)
ROUNDING_METHODS = ("HALF-UP", "HALF-EVEN", "HALF-DOWN", "UP", "DOWN")


def float_round(
    value: float,
    *,
    digits: int | None = None,
    rounding: float | None = None,
    method: str = "HALF-UP",
) -> float:
    """``value`` rounded to ``digits`` decimals or to a multiple of ``rounding``,
    by ``method`` (one of :data:`ROUNDING_METHODS`; ``HALF-UP`` by default).

    The value is scaled to a count of steps first; an epsilon proportional to
    its magnitude corrects the binary representation of ties (``2.675`` is
    ``2.67499999...`` as a float) and keeps binary noise (``12 * 0.1``) from
    pushing a value over a whole step. ``round`` and ``trunc`` are also what
    raise for NaN (ValueError) and infinities (OverflowError), as in Odoo.
    """
    if method not in ROUNDING_METHODS:
        raise ValueError(f"unknown rounding method: {method}")
    step = 10.0**-digits if digits is not None else rounding
    if not step or value == 0:
        return 0.0
    # dividing by a small step loses less than multiplying by it, and conversely
    if step < 1:
        factor = float(f"{1 / step:.12g}")  # 0.01 -> 100.0 exactly
        return _round_steps(value * factor, method) / factor
    return _round_steps(value / step, method) * step


def _round_steps(scaled: float, method: str) -> int:
    """``scaled`` rounded to a whole number of steps by ``method``."""
    epsilon = _epsilon(scaled)
    if method == "HALF-UP":
        return round(scaled + math.copysign(epsilon, scaled))
    if method == "HALF-DOWN":
        return round(scaled - math.copysign(epsilon, scaled))
    if method == "UP":
        return math.trunc(scaled + math.copysign(1 - epsilon, scaled))
    if method == "DOWN":
        return math.trunc(scaled + math.copysign(epsilon, scaled))
    integral = math.floor(scaled)  # HALF-EVEN: a tie goes to the even neighbour
    if abs(0.5 - abs(scaled - integral)) < epsilon:
        return integral + (integral & 1)
    return round(scaled)


def _epsilon(scaled: float) -> float:
    """A tolerance a few units in the last place of ``scaled`` (2**-50 of its magnitude)."""
    return 2 ** (math.log2(abs(scaled)) - 50)


def float_is_zero(
    value: float, *, digits: int | None = None, rounding: float | None = None
) -> bool:
    """Whether ``value`` rounds to zero at ``digits`` decimals or ``rounding``."""
    step = 10.0**-digits if digits is not None else rounding
    return value == 0.0 or abs(float_round(value, rounding=step)) < (step or 0.0)


def float_compare(
    value1: float, value2: float, *, digits: int | None = None, rounding: float | None = None
) -> int:
    """-1, 0 or 1 as ``value1`` is lower than, equal to or greater than
    ``value2``, both rounded first (0.006 and 0.002 differ at 2 digits: they
    round to 0.01 and 0.0)."""
    delta = float_round(value1, digits=digits, rounding=rounding) - float_round(
        value2, digits=digits, rounding=rounding
    )
    if float_is_zero(delta, digits=digits, rounding=rounding):
        return 0
    return -1 if delta < 0 else 1


def human_size(size: int) -> str | bool:
    """A byte count the way Odoo words it: ``"12.34 Kb"``."""
    if not size:
        return False
    units = ("bytes", "Kb", "Mb", "Gb", "Tb")
    amount, unit = float(size), 0
    while amount >= 1024 and unit < len(units) - 1:
        amount /= 1024
        unit += 1
    return f"{amount:0.2f} {units[unit]}"


def pg_size_pretty(size: int) -> str:
    """A byte count the way PostgreSQL's ``pg_size_pretty`` words it: ``"12 kB"``."""
    limit = 10 * 1024
    if size < limit:
        return f"{size} bytes"
    size >>= 9  # one bit kept for rounding half up
    for unit in ("kB", "MB", "GB", "TB"):
        if size < limit * 2 - 1 or unit == "TB":
            return f"{(size + 1) // 2} {unit}"
        size >>= 10
    raise AssertionError("unreachable")
