"""base.partner.merge.automatic.wizard: merge duplicate contacts into one.

The plain path integrations use: the wizard is given ``partner_ids`` and a
``dst_partner_id`` (or takes the newest active one), ``action_merge`` checks
the merge as Odoo does, re-points every stored many2one to the merged contacts
onto the kept one, fills the kept one's empty fields from the others, and
deletes the others. The automatic search for duplicates (``line_ids``) is
declared but not run.
"""

from __future__ import annotations

from typing import Any

from jsontwo.exceptions import UserError
from jsontwo.orm import api, fields, models

TOO_MANY = (
    "For safety reasons, you cannot merge more than 3 contacts together. "
    "You can re-open the wizard several times if needed."
)


class PartnerMergeLine(models.Model):
    """A group of duplicates found by the automatic search."""

    _name = "base.partner.merge.line"
    _description = "Merge Partner Line"
    _transient = True
    _order = "min_id asc"

    wizard_id = fields.Many2one("base.partner.merge.automatic.wizard", "Wizard")
    min_id = fields.Integer("MinID")
    aggr_ids = fields.Char("Ids", required=True)


class PartnerMergeWizard(models.Model):
    """Merge the contacts ``partner_ids`` into ``dst_partner_id``."""

    _name = "base.partner.merge.automatic.wizard"
    _description = "Merge Partner Wizard"
    _transient = True

    group_by_email = fields.Boolean("Email")
    group_by_name = fields.Boolean("Name")
    group_by_is_company = fields.Boolean("Is Company")
    group_by_vat = fields.Boolean("VAT")
    group_by_parent_id = fields.Boolean("Parent Company")
    state = fields.Selection(
        [("option", "Option"), ("selection", "Selection"), ("finished", "Finished")],
        "State",
        readonly=True,
        required=True,
        default="option",
    )
    number_group = fields.Integer("Group of Contacts", readonly=True)
    current_line_id = fields.Many2one("base.partner.merge.line", "Current Line")
    line_ids = fields.One2many("base.partner.merge.line", "wizard_id", "Lines")
    partner_ids = fields.Many2many("res.partner", string="Contacts", context={"active_test": False})
    dst_partner_id = fields.Many2one("res.partner", "Destination Contact")
    exclude_contact = fields.Boolean("A user associated to the contact")
    exclude_journal_item = fields.Boolean("Journal Items associated to the contact")
    maximum_group = fields.Integer("Maximum of Group of Contacts")

    @api.model
    def default_get(self, fields: list[str]) -> dict[str, Any]:
        """From the contact list (``active_model`` res.partner, ``active_ids``):
        those contacts, and the oldest active one kept."""
        result: dict[str, Any] = super().default_get(fields)
        ids = self.env.context.get("active_ids")
        if self.env.context.get("active_model") == "res.partner" and ids:
            if "state" in fields:
                result["state"] = "selection"
            if "partner_ids" in fields:
                result["partner_ids"] = [[6, 0, list(ids)]]
            if "dst_partner_id" in fields:
                result["dst_partner_id"] = self._ordered(list(ids))[-1]
        return result

    def _ordered(self, ids: list[int]) -> list[int]:
        """The contacts as Odoo orders them to choose the one kept (the last): archived
        ones first, then the newest first; ties keep the order given."""
        rows = (
            self.env["res.partner"]
            .with_context(active_test=False)
            .browse(ids)
            .read(["active", "create_date"], load=None)
        )
        rows.sort(key=lambda r: (not r["active"], str(r["create_date"] or "")), reverse=True)
        return [row["id"] for row in rows]

    def action_merge(self) -> dict[str, Any]:
        """Merge the contacts into the one kept; the wizard is finished (its contacts
        are the kept one then, the others being gone: Odoo leaves the list as it is)."""
        self.ensure_one()
        if self.partner_ids:
            self._merge(self.partner_ids.ids, self.dst_partner_id.id or None)
            self.write({"current_line_id": False})
        self.write({"state": "finished"})
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def _merge(self, ids: list[int], dst_id: int | None = None) -> None:
        """Check and merge the contacts ``ids`` into ``dst_id`` (or the newest active one)."""
        partners = self.env["res.partner"].with_context(active_test=False).browse(ids).exists()
        if len(partners) < 2:
            return
        if len(partners) > 3:
            raise UserError(TOO_MANY)
        chosen = set(partners.ids)
        if any(chosen & self._strict_descendants(pid) for pid in partners.ids):
            raise UserError("You cannot merge a contact with one of his parent.")
        users = partners.with_context(active_test=False).mapped("user_ids")
        if len(users) > 1:
            raise UserError(
                "You cannot merge contacts linked to more than one user even if only one is active."
            )
        admin = self.env.su or self.env.user._has_group("base.group_erp_manager")
        if not admin and len({p.email for p in partners}) > 1:
            raise UserError(
                "All contacts must have the same email. Only the Administrator can merge "
                "contacts with different emails."
            )
        if dst_id is None or dst_id not in partners.ids:
            dst_id = self._ordered(partners.ids)[-1]
        sources = [pid for pid in partners.ids if pid != dst_id]
        company = partners.browse([dst_id]).company_id
        if company and users:
            # the merged contacts' user works for the kept contact's company
            users.sudo().write({"company_ids": [[4, company.id]], "company_id": company.id})
        self._repoint(sources, dst_id)
        self._fill_values(sources, dst_id)
        partners.browse(sources).sudo().unlink()

    def _strict_descendants(self, pid: int) -> set[int]:
        partners = self.env["res.partner"].with_context(active_test=False)
        return set(partners._search_ids([["id", "child_of", [pid]]])) - {pid}

    def _repoint(self, sources: list[int], dst_id: int) -> None:
        """Every stored many2one to a source contact now points to the kept one."""
        marks = ", ".join(["%s"] * len(sources))
        for cls in self.env.registry.models.values():
            if not getattr(cls, "_table", None):
                continue
            for field in cls._fields.values():
                if (
                    field.type == "many2one"
                    and getattr(field, "comodel_name", "") == "res.partner"
                    and field.store
                ):
                    # stored computed ones too (commercial_partner_id), as Odoo
                    # updates every column that references a contact
                    sql = f'UPDATE "{cls._table}" SET "{field.name}" = %s WHERE "{field.name}" IN ({marks})'
                    if cls._name == "res.partner" and field.name == "parent_id":
                        sql += " AND id != %s"
                        self.env.cr.execute(sql, [dst_id, *sources, dst_id])
                    else:
                        self.env.cr.execute(sql, [dst_id, *sources])
        self.env.invalidate()

    def _fill_values(self, sources: list[int], dst_id: int) -> None:
        """The kept contact's empty plain fields take the others' values."""
        partners = self.env["res.partner"].with_context(active_test=False)
        names = [
            name
            for name, field in partners._fields.items()
            if field.store
            and not field.compute
            and not field.internal  # jsontwo's own columns (credit limits per company)
            and field.type not in ("one2many", "many2many")
            and name
            not in ("id", "parent_id", "create_uid", "write_uid", "create_date", "write_date")
        ]
        values: dict[str, Any] = {}
        for row in partners.browse([*sources, dst_id]).read(names, load=None):
            values.update(
                {k: v for k, v in row.items() if k != "id" and v not in (False, None, "")}
            )
        dst = partners.browse([dst_id])
        current = dst.read(list(values), load=None)[0]
        dst.write({k: v for k, v in values.items() if current.get(k) != v})
