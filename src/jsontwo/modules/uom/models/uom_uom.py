"""uom.uom: units of measure, as Odoo 19 models them.

Odoo 19 dropped unit categories: a unit is defined against a *reference unit*
(``relative_uom_id``) by how many of it the unit contains
(``relative_factor``: a Dozen contains 12 Units). ``factor`` is the unit's size
in its root unit (a chain of relative factors multiplied), and two units convert
into each other through their factors.
"""

from __future__ import annotations

import contextlib
from typing import Any

from jsontwo.exceptions import UserError
from jsontwo.orm import api, fields, models
from jsontwo.orm.numeric import float_round

#: the units of the uom module that may be deleted (the others are used by the system)
UNPROTECTED_XMLIDS = ("product_uom_hour", "product_uom_dozen", "product_uom_pack_6")
#: every unit shares one rounding precision, Odoo's "Product Unit" decimal precision (2 digits)
PRODUCT_UNIT_ROUNDING = 0.01


class Uom(models.Model):
    """A unit of measure, defined against its reference unit."""

    _name = "uom.uom"
    _description = "Product Unit of Measure"
    _parent_name = "relative_uom_id"
    _parent_store = True
    _order = "sequence, relative_uom_id, id"
    _sql_constraints = (
        (
            "factor_gt_zero",
            "CHECK (relative_factor!=0)",
            "The conversion ratio for a unit of measure cannot be 0!",
        ),
    )

    name = fields.Char("Unit Name", required=True, translate=True)
    # Odoo computes it once from the factor (readonly=False): given on create, or
    # worked out there
    sequence = fields.Integer("Sequence")
    relative_factor = fields.Float(
        "Contains",
        default=1.0,
        digits=0,  # Odoo's: any precision
        required=True,
        help="How much bigger or smaller this unit is compared to the reference UoM for this unit",
    )
    rounding = fields.Float("Rounding Precision", compute="_compute_rounding")
    active = fields.Boolean(
        "Active",
        default=True,
        help="Uncheck the active field to disable a unit of measure without deleting it.",
    )
    relative_uom_id = fields.Many2one("uom.uom", "Reference Unit", ondelete="cascade", index=True)
    related_uom_ids = fields.One2many("uom.uom", "relative_uom_id", "Related UoMs")
    factor = fields.Float("Absolute Quantity", digits=0, compute="_compute_factor", store=True)
    parent_path = fields.Char(index=True, copy=False)

    @api.model_create_multi
    def create(self, vals_list: list[dict[str, Any]] | dict[str, Any]) -> Any:
        """Create units; a unit without a sequence gets Odoo's, from its factor."""
        items = [vals_list] if isinstance(vals_list, dict) else vals_list
        prepared = []
        for vals in items:
            if isinstance(vals, dict) and not vals.get("sequence"):
                factor = vals.get("relative_factor", 1.0)
                # a factor that is no (finite) number: the field's own validation
                # words the error, or the factor constraint
                with contextlib.suppress(TypeError, ValueError, OverflowError):
                    vals = {**vals, "sequence": int(min(float(factor) * 100.0, 1000.0))}
            prepared.append(vals)
        return super().create(prepared)

    def unlink(self) -> bool:
        """Delete units, but not those the system uses (archive them instead)."""
        locked = self._protected()
        if locked:
            names = ", ".join(str(name) for name in locked.mapped("name"))
            raise UserError(
                "The following units of measure are used by the system and cannot be "
                f"deleted: {names}\nYou can archive them instead."
            )
        return super().unlink()

    def _protected(self) -> Any:
        """The units among these that carry an external id of the uom module other
        than the few that may go (hours, dozens, packs of six)."""
        if not self._ids:
            return self.browse()
        marks = ", ".join(["%s"] * len(self._ids))
        rows = self.env.cr.execute(
            'SELECT res_id, name FROM "ir_model_data" '
            f"WHERE model = %s AND module = 'uom' AND res_id IN ({marks})",
            [self._name, *self._ids],
        )
        locked = {rid for rid, name in rows if name not in UNPROTECTED_XMLIDS}
        return self.browse([rid for rid in self._ids if rid in locked])

    @api.constrains("relative_factor", "relative_uom_id")
    def _check_factor(self) -> None:
        """A unit without a reference unit is a reference: it contains one of itself."""
        for uom in self:
            if not uom.relative_uom_id and uom.relative_factor != 1.0:
                raise UserError("Reference unit of measure is missing.")

    @api.constrains("relative_uom_id")
    def _check_relative_uom(self) -> None:
        """A unit is not its own reference, directly or through others."""
        if self._has_cycle():
            raise UserError("Recursion found in the reference units of measure.")

    def _compute_rounding(self) -> None:
        for uom in self:
            uom.rounding = PRODUCT_UNIT_ROUNDING

    @api.depends("relative_factor", "relative_uom_id", "relative_uom_id.factor")
    def _compute_factor(self) -> None:
        for uom in self:
            if uom.relative_uom_id:
                uom.factor = uom.relative_factor * uom.relative_uom_id.factor
            else:
                uom.factor = uom.relative_factor

    # --- conversions (Python only, as in Odoo) ----------------------------------
    def _compute_quantity(
        self, qty: float, to_unit: Any, round: bool = True, rounding_method: str = "UP"
    ) -> float:
        """``qty`` of this unit expressed in ``to_unit`` (rounded up to the target's
        rounding unless ``round`` is false): 2 Dozens are 24 Units."""
        if not self or not qty:
            return qty
        self.ensure_one()
        if self == to_unit:
            amount = qty
        else:
            amount = qty * self.factor
            if to_unit:
                amount = amount / to_unit.factor
        if to_unit and round:
            amount = float_round(amount, rounding=to_unit.rounding, method=rounding_method)
        return amount

    def _compute_price(self, price: float, to_unit: Any) -> float:
        """A price per unit of this unit, per unit of ``to_unit``: 12.0 a Dozen is
        1.0 a Unit."""
        self.ensure_one()
        if not price or not to_unit or self == to_unit:
            return price
        return price * to_unit.factor / self.factor
