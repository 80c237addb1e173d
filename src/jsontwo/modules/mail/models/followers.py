"""mail.followers: the partners following a record, each with the subtypes of
messages they are notified of."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jsontwo.orm import Command, api, fields, models


class Followers(models.Model):
    """One partner following one record (``res_model``, ``res_id``)."""

    _name = "mail.followers"
    _description = "Document Followers"
    _rec_name = "partner_id"
    _log_access = False
    _sql_constraints = (
        (
            "mail_followers_res_partner_res_model_id_uniq",
            "unique(res_model, res_id, partner_id)",
            "Error, a partner cannot follow twice the same object.",
        ),
    )

    res_model = fields.Char("Related Document Model Name", required=True, index=True)
    res_id = fields.Many2oneReference(
        "Related Document ID",
        index=True,
        help="Id of the followed resource",
        model_field="res_model",
    )
    partner_id = fields.Many2one(
        "res.partner", string="Related Partner", index=True, ondelete="cascade", required=True
    )
    subtype_ids = fields.Many2many(
        "mail.message.subtype",
        string="Subtype",
        help="Message subtypes followed, meaning subtypes that will be pushed onto "
        "the user's Wall.",
    )
    name = fields.Char("Name", related="partner_id.name")
    email = fields.Char("Email", related="partner_id.email")
    is_active = fields.Boolean("Is Active", related="partner_id.active")

    @api.depends("partner_id")
    def _compute_display_name(self) -> None:
        for follower in self:
            follower.display_name = follower.sudo().partner_id.display_name

    @api.private
    def _insert_followers(
        self,
        res_model: str,
        res_ids: list[int],
        partner_ids: Iterable[int],
        subtype_ids: list[int] | None = None,
        check_existing: bool = True,
    ) -> None:
        """Make ``partner_ids`` follow the records: new followers get ``subtype_ids``
        (the model's default subtypes when None); with ``subtype_ids`` given,
        existing followers get exactly those (as Odoo's ``replace`` policy). No
        access check: the callers make them. ``check_existing=False``: the records
        are known to have no followers yet (just created, as in Odoo's create),
        so none is looked for."""
        partners = list(dict.fromkeys(int(p) for p in partner_ids))
        if not res_ids or not partners:
            return
        sudo = self.sudo()
        existing: dict[tuple[int, int], int] = {}
        if check_existing:
            existing = {
                (row["res_id"], row["partner_id"]): row["id"]
                for row in sudo.search_read(
                    [
                        ["res_model", "=", res_model],
                        ["res_id", "in", res_ids],
                        ["partner_id", "in", partners],
                    ],
                    ["res_id", "partner_id"],
                    load=None,
                )
            }
        defaults = (
            self._partner_default_subtypes(res_model, partners) if subtype_ids is None else {}
        )
        new: list[dict[str, Any]] = []
        for res_id in res_ids:
            for partner in partners:
                found = existing.get((res_id, partner))
                if found is None:
                    chosen = defaults[partner] if subtype_ids is None else subtype_ids
                    new.append(
                        {
                            "res_model": res_model,
                            "res_id": res_id,
                            "partner_id": partner,
                            "subtype_ids": [Command.set(chosen)],
                        }
                    )
                elif subtype_ids is not None:
                    sudo.browse([found]).write({"subtype_ids": [Command.set(subtype_ids)]})
        if new:
            sudo.create(new)

    def _partner_default_subtypes(
        self, res_model: str, partners: list[int]
    ) -> dict[int, list[int]]:
        """``{partner: subtypes}``: the model's default subtypes, the internal ones
        only for the partners of internal users."""
        every, external = self.env["mail.message.subtype"]._default_subtypes(res_model)
        employees = set(internal_partner_ids(self.env, partners))
        return {p: every if p in employees else external for p in partners}


def internal_partner_ids(env: Any, partner_ids: list[int]) -> list[int]:
    """The partners among ``partner_ids`` that are the partner of an internal user."""
    if not partner_ids:
        return []
    users = env["res.users"].sudo().search([["partner_id", "in", partner_ids]])
    return [user.partner_id.id for user in users if user._is_internal()]
