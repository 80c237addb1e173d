"""The units every database gets, with Odoo's external ids."""

from __future__ import annotations

from jsontwo.modules.base.access_data import load_access_files
from jsontwo.orm import Environment

#: (external id, name, contains, reference unit's external id, active), references
#: before the units defined against them: Odoo's units, archived as on a database
#: of Odoo's demo company (in the United States: the imperial units are in use)
UNITS: tuple[tuple[str, str, float, str | None, bool], ...] = (
    ("uom.product_uom_unit", "Units", 1.0, None, True),
    ("uom.product_uom_pack_6", "Pack of 6", 6.0, "uom.product_uom_unit", True),
    ("uom.product_uom_dozen", "Dozens", 12.0, "uom.product_uom_unit", False),
    ("uom.product_uom_hour", "Hours", 1.0, None, True),
    ("uom.product_uom_day", "Days", 8.0, "uom.product_uom_hour", True),
    ("uom.product_uom_minute", "Minutes", 0.0166667, "uom.product_uom_hour", True),
    ("uom.product_uom_millimeter", "mm", 1.0, None, True),
    ("uom.product_uom_cm", "cm", 10.0, "uom.product_uom_millimeter", False),
    ("uom.product_uom_meter", "m", 100.0, "uom.product_uom_cm", True),
    ("uom.product_uom_km", "km", 1000.0, "uom.product_uom_meter", False),
    ("uom.product_uom_square_meter", "m²", 1.0, None, True),
    ("uom.product_uom_milliliter", "ml", 1.0, None, True),
    ("uom.product_uom_litre", "L", 1000.0, "uom.product_uom_milliliter", True),
    ("uom.product_uom_cubic_meter", "m³", 1000.0, "uom.product_uom_litre", False),
    ("uom.product_uom_gram", "g", 1.0, None, True),
    ("uom.product_uom_kgm", "kg", 1000.0, "uom.product_uom_gram", True),
    ("uom.product_uom_ton", "Ton", 1000.0, "uom.product_uom_kgm", True),
    ("uom.product_uom_oz", "oz", 28.3495, "uom.product_uom_gram", True),
    ("uom.product_uom_lb", "lb", 16.0, "uom.product_uom_oz", True),
    ("uom.product_uom_inch", "in", 2.54, "uom.product_uom_cm", True),
    ("uom.product_uom_foot", "ft", 12.0, "uom.product_uom_inch", True),
    ("uom.product_uom_yard", "yd", 3.0, "uom.product_uom_foot", False),
    ("uom.product_uom_mile", "mi", 1760.0, "uom.product_uom_yard", False),
    ("uom.product_uom_square_foot", "ft²", 0.092903, "uom.product_uom_square_meter", True),
    ("uom.product_uom_floz", "fl oz (US)", 0.0295735, "uom.product_uom_litre", False),
    ("uom.product_uom_qt", "qt (US)", 32.0, "uom.product_uom_floz", False),
    ("uom.product_uom_gal", "gal (US)", 4.0, "uom.product_uom_qt", True),
    ("uom.product_uom_cubic_inch", "in³", 0.0163871, "uom.product_uom_litre", False),
    ("uom.product_uom_cubic_foot", "ft³", 1728.0, "uom.product_uom_cubic_inch", False),
    ("uom.product_uom_kwh", "KWH", 1.0, None, True),
)


def load_data(env: Environment) -> None:
    """Create the units of measure (a database made without them gets them too)."""
    upgrade_data(env)


def upgrade_data(env: Environment) -> None:
    """Create the units a database lacks (idempotent), then the access lines."""
    _create_missing_units(env)
    load_access_files(env, "uom")


def _create_missing_units(env: Environment) -> None:
    """Create the units of UNITS the database lacks, with their external ids, a
    level of references per create (a unit comes after its reference)."""
    data = env["ir.model.data"]
    uoms = env["uom.uom"].with_context(active_test=False)
    known = {item[0]: data._xmlid_to_res_id(item[0]) for item in UNITS}
    while True:
        todo = [
            item
            for item in UNITS
            if known[item[0]] is None and (item[3] is None or known[item[3]] is not None)
        ]
        if not todo:
            return
        created = uoms.create(
            [
                {
                    "name": name,
                    "relative_factor": factor,
                    "relative_uom_id": known[ref] if ref else False,
                    "active": active,
                }
                for _xmlid, name, factor, ref, active in todo
            ]
        )
        data._declare_many([item[0] for item in todo], created)
        known.update(zip((item[0] for item in todo), created.ids, strict=True))
