"""The units every database gets, with Odoo's external ids."""

from __future__ import annotations

from jsontwo.modules.base.access_data import load_access_files
from jsontwo.orm import Environment

#: (external id, name, contains, reference unit's external id), in creation order
UNITS: tuple[tuple[str, str, float, str | None], ...] = (
    ("uom.product_uom_unit", "Units", 1.0, None),
    ("uom.product_uom_dozen", "Dozens", 12.0, "uom.product_uom_unit"),
    ("uom.product_uom_pack_6", "Pack of 6", 6.0, "uom.product_uom_unit"),
    ("uom.product_uom_kgm", "kg", 1.0, None),
    ("uom.product_uom_gram", "g", 0.001, "uom.product_uom_kgm"),
    ("uom.product_uom_hour", "Hours", 1.0, None),
    ("uom.product_uom_day", "Days", 8.0, "uom.product_uom_hour"),
)


def load_data(env: Environment) -> None:
    """Create the units of measure (a database made without them gets them too)."""
    upgrade_data(env)


def upgrade_data(env: Environment) -> None:
    """Create the units a database lacks (idempotent), then the access lines."""
    _create_missing_units(env)
    load_access_files(env, "uom")


def _create_missing_units(env: Environment) -> None:
    """Create the units of UNITS the database lacks, with their external ids."""
    data = env["ir.model.data"]
    uoms = env["uom.uom"].with_context(active_test=False)
    known = {xmlid: data._xmlid_to_res_id(xmlid) for xmlid, *_rest in UNITS}
    # references first (one batch), then the units defined against them (another)
    for with_reference in (False, True):
        todo = [
            (xmlid, name, factor, ref)
            for xmlid, name, factor, ref in UNITS
            if known[xmlid] is None and (ref is not None) == with_reference
        ]
        todo = [item for item in todo if item[3] is None or known[item[3]] is not None]
        if not todo:
            continue
        created = uoms.create(
            [
                {
                    "name": name,
                    "relative_factor": factor,
                    "relative_uom_id": known[ref] if ref else False,
                }
                for _xmlid, name, factor, ref in todo
            ]
        )
        data._declare_many([item[0] for item in todo], created)
        known.update(zip((item[0] for item in todo), created.ids, strict=True))
