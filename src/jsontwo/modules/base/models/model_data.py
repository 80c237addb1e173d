"""ir.model.data: external identifiers (``base.group_user``) naming records."""

from __future__ import annotations

from typing import Any

from jsontwo.exceptions import MissingError
from jsontwo.modules.base.models.ir_access import ChangesAccess
from jsontwo.orm import fields, models


class ModelData(ChangesAccess, models.Model):
    """One external identifier: ``module.name`` names the record ``model``/``res_id``."""

    _name = "ir.model.data"
    _description = "Model Data"
    _order = "module, model, name"
    _rec_name = "name"
    _sql_constraints = (
        (
            "name_nospaces",
            "UNIQUE (module, name)",
            "You cannot have multiple records with the same external ID in the same module!",
        ),
    )

    name = fields.Char("External Identifier", required=True, index=True)
    module = fields.Char(required=True, default="")
    model = fields.Char("Model Name", required=True)
    res_id = fields.Integer("Record ID")
    noupdate = fields.Boolean("Non Updatable", default=False)
    complete_name = fields.Char("Complete ID", compute="_compute_complete_name")

    def _compute_complete_name(self) -> None:
        """``module.name``, the way the id is written."""
        for row in self:
            row.complete_name = f"{row.module}.{row.name}" if row.module else row.name

    def _changes_access(self, vals: dict[str, Any] | None) -> bool:
        """Only external ids of groups change access rights (``has_group`` reads them)."""
        if vals is not None and vals.get("model") == "res.groups":
            return True
        return any(model == "res.groups" for model in self.sudo().mapped("model"))

    def _xmlid_lookup(self, xmlid: str, raise_if_not_found: bool) -> tuple[str, int] | None:
        """The (model, id) named ``module.name``; None, or ValueError, when none is."""
        module, _, name = xmlid.partition(".")
        rows = self.env.cr.execute(
            'SELECT model, res_id FROM "ir_model_data" WHERE module = %s AND name = %s',
            [module, name],
        )
        if rows and name:
            return str(rows[0][0]), int(rows[0][1])
        if raise_if_not_found:
            raise ValueError(f"External ID not found in the system: {xmlid}")
        return None

    def _xmlid_to_res_id(self, xmlid: str, raise_if_not_found: bool = False) -> int | None:
        """The id of the record named ``xmlid``; None (or ValueError) when there is none."""
        found = self._xmlid_lookup(xmlid, raise_if_not_found)
        return found[1] if found else None

    def _ref(self, xmlid: str, raise_if_not_found: bool = True) -> Any:
        """The record named ``xmlid`` (Odoo's ``env.ref``)."""
        found = self._xmlid_lookup(xmlid, raise_if_not_found)
        if found is None:
            return None
        model, res_id = found
        record = self.env[model].browse([res_id])
        if raise_if_not_found and not record.sudo().exists():
            raise MissingError(f"Record {xmlid} ({model}, {res_id}) does not exist.")
        return record

    def _declare(self, xmlid: str, record: Any) -> None:
        """Name ``record`` ``xmlid`` (data loading)."""
        self._declare_many([xmlid], record)

    def _declare_many(self, xmlids: list[str], records: Any) -> None:
        """Name each of ``records`` by the external id at the same place of
        ``xmlids``, in one create (data loading)."""
        vals_list = []
        for xmlid, rid in zip(xmlids, records.ids, strict=True):
            module, _, name = xmlid.partition(".")
            vals_list.append(
                {"module": module, "name": name, "model": records._name, "res_id": rid}
            )
        self.sudo().create(vals_list)
