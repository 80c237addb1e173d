"""ir.model.data: external identifiers (``base.group_user``) naming records."""

from __future__ import annotations

import random
from typing import Any

from jsontwo.exceptions import AccessError, MissingError
from jsontwo.modules.base.models.ir_access import ChangesAccess
from jsontwo.orm import api, fields, models


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

    name = fields.Char(
        "External Identifier",
        required=True,
        index=True,
        help="External Key/Identifier that can be used for data integration with third-party "
        "systems",
    )
    complete_name = fields.Char("Complete ID", compute="_compute_complete_name")
    module = fields.Char(required=True, default="")
    model = fields.Char("Model Name", required=True)
    res_id = fields.Many2oneReference(
        "Record ID", help="ID of the target record in the database", model_field="model"
    )
    noupdate = fields.Boolean("Non Updatable", default=False)
    reference = fields.Char("Reference", compute="_compute_reference", readonly=True)

    @api.depends("module", "name")
    def _compute_complete_name(self) -> None:
        for rec in self:
            rec.complete_name = ".".join(part for part in (rec.module, rec.name) if part)

    @api.depends("model", "res_id")
    def _compute_reference(self) -> None:
        for rec in self:
            rec.reference = f"{rec.model},{rec.res_id}"

    @api.depends("res_id", "model", "complete_name")
    def _compute_display_name(self) -> None:
        """The display name of the record the external id names (its complete id
        when that record is gone or has no name)."""
        for rec in self:
            name = False
            if rec.res_id and rec.model in self.env:
                target = self.env[rec.model].sudo().browse([rec.res_id]).exists()
                if target:
                    name = target.display_name
            rec.display_name = name or rec.complete_name

    def copy_data(self, default: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """A copy's external id is the original's with a random suffix, as in Odoo
        (two records cannot have the same external id)."""
        vals_list = super().copy_data(default)
        for rec, vals in zip(self, vals_list, strict=True):
            vals["name"] = f"{rec.name}_{random.getrandbits(16):04x}"
        return vals_list

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

    @api.model
    def check_object_reference(
        self, module: str, xml_id: str, raise_on_access_error: bool = False
    ) -> tuple[str, int | bool]:
        """``[model, id]`` of the record named ``module.xml_id`` when the caller
        may read it; ``[model, false]`` (or AccessError) when not; ValueError when
        no record has that name. Public over RPC, as in Odoo (OdooRPC's ``env.ref``)."""
        found = self._xmlid_lookup(f"{module}.{xml_id}", raise_if_not_found=True)
        assert found is not None  # raise_if_not_found
        model, res_id = found
        if self.env[model].search([("id", "=", res_id)]):
            return model, res_id
        if raise_on_access_error:
            raise AccessError(f'Not enough access rights on the external ID "{module}.{xml_id}"')
        return model, False

    @api.model
    def toggle_noupdate(self, model: str, res_id: int) -> None:
        """Flip the "no update" flag of the external ids of a record the caller
        may write (Odoo's action from the technical menu)."""
        self.env[model].browse(res_id).check_access("write")
        for xid in self.search([("model", "=", model), ("res_id", "=", res_id)]):
            xid.noupdate = not xid.noupdate

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
