"""ir.model.fields, extended by the mail module: ``tracking``, the tracking
sequence of a tracked field (``tracking=True`` is 100), 0 for the others."""

from __future__ import annotations

from typing import Any

from jsontwo.modules.mail.models.tracking_value import _sequence
from jsontwo.orm import fields, models

#: how a condition on ``tracking`` compares a field's sequence with a value
_COMPARE = {
    "=": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    "in": lambda a, b: a in b,
    "not in": lambda a, b: a not in b,
}


class IrModelFields(models.Model):
    """A field's row, with its tracking sequence."""

    _inherit = "ir.model.fields"

    tracking = fields.Integer(
        "Enable Ordered Tracking",
        compute="_compute_tracking",
        search="_search_tracking",
        help="If set every modification done to this field is tracked. Value is used to "
        "order tracking values.",
    )

    def _tracked(self) -> dict[tuple[str, str], int]:
        """(model, field) -> tracking sequence, for the tracked fields of the registry."""
        return {
            (model_name, name): _sequence(fld)
            for model_name, cls in self.env.registry.models.items()
            for name, fld in cls._fields.items()
            if getattr(fld, "tracking", False)
        }

    def _compute_tracking(self) -> None:
        tracked = self._tracked()
        for row in self:
            row.tracking = tracked.get((row.model, row.name), 0)

    def _search_tracking(self, operator: str, value: Any) -> Any:
        compare = _COMPARE.get(operator)
        if compare is None:
            raise ValueError(f"Invalid operator {operator!r} on ir.model.fields.tracking")
        wanted = list(value) if operator in ("in", "not in") else (value or 0)
        tracked = self._tracked()
        matching = [pair for pair, seq in tracked.items() if compare(seq, wanted)]
        if not compare(0, wanted):  # the untracked fields do not match: the tracked ones that do
            return _pairs_domain(matching) or [["id", "in", []]]
        others = [pair for pair in tracked if pair not in set(matching)]
        return ["!", *_pairs_domain(others)] if others else []


def _pairs_domain(pairs: list[tuple[str, str]]) -> list[Any]:
    """The rows of the fields ``pairs`` names ((model, field) pairs), as a domain."""
    leaves = [
        leaf for model, name in pairs for leaf in ("&", ["model", "=", model], ["name", "=", name])
    ]
    return ["|"] * (len(pairs) - 1) + leaves
