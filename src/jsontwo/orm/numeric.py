"""Numbers as Odoo computes and words them: rounding to a field's digits (or a
currency's rounding) the way Odoo's ``float_round`` does, with its small epsilon
that tips ties away from zero and the errors it gives for NaN and infinities;
byte counts as Odoo and PostgreSQL word them."""

from __future__ import annotations

import math


def float_round(value: float, *, digits: int | None = None, rounding: float | None = None) -> float:
    """``value`` rounded half away from zero to ``digits`` decimals or to a
    multiple of ``rounding``.

    The value is scaled to a count of steps first; an epsilon proportional to
    its magnitude corrects the binary representation of ties (``2.675`` is
    ``2.67499999...`` as a float) before Python's ``round``. ``round`` is also
    what raises for NaN (ValueError) and infinities (OverflowError), as in Odoo.
    """
    step = 10.0**-digits if digits is not None else rounding
    if not step or value == 0:
        return 0.0
    # dividing by a small step loses less than multiplying by it, and conversely
    if step < 1:
        factor = float(f"{1 / step:.12g}")  # 0.01 -> 100.0 exactly
        scaled = value * factor
        result = round(scaled + math.copysign(_epsilon(scaled), scaled))
        return result / factor
    scaled = value / step
    result = round(scaled + math.copysign(_epsilon(scaled), scaled))
    return result * step


def _epsilon(scaled: float) -> float:
    """A tolerance a few units in the last place of ``scaled`` (2**-50 of its magnitude)."""
    return 2 ** (math.log2(abs(scaled)) - 50)


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
