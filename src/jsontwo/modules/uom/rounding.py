"""Rounding of quantities and amounts to a precision, the way Odoo's ``float_round``
rounds them: ``HALF-UP`` (half away from zero), ``UP`` (away from zero) or ``DOWN``
(toward zero), to a multiple of a rounding step such as 0.01.

Floats carry binary noise (``12 * 0.1`` is ``1.2000000000000002``): the value is
first expressed in steps and cut to nine decimals of a step, so that noise never
pushes a value up by a whole step when rounding ``UP``.
"""

from __future__ import annotations

import math
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal

#: Odoo's rounding method names and the decimal module's modes
ROUNDING_MODES = {"HALF-UP": ROUND_HALF_UP, "UP": ROUND_UP, "DOWN": ROUND_DOWN}


def float_round(value: float, precision_rounding: float, rounding_method: str = "HALF-UP") -> float:
    """``value`` rounded to a multiple of ``precision_rounding`` (> 0); an infinite
    or NaN value is returned as it is (there is nothing to round)."""
    if not math.isfinite(value):
        return value
    if precision_rounding <= 0:
        raise ValueError(f"precision_rounding must be positive, not {precision_rounding!r}")
    mode = ROUNDING_MODES.get(rounding_method)
    if mode is None:
        raise ValueError(f"Unknown rounding method {rounding_method!r}")
    step = Decimal(repr(precision_rounding))
    steps = Decimal(repr(round(value / precision_rounding, 9)))
    return float(steps.quantize(Decimal(1), rounding=mode) * step)
