"""res.groups: what users may do, by group; a group may imply others.

The base groups (external ids of Odoo's): ``base.group_user`` (internal users),
``base.group_erp_manager`` (access rights), ``base.group_system`` (settings:
the administrators), ``base.group_portal``, ``base.group_public`` and
``base.group_multi_company``, ``base.group_partner_manager`` (contact creation). What
the groups decide is what their members may do: access lines and record rules
(:mod:`.ir_access`) name groups; and how long an API key may last
(``api_key_duration``).
"""

from __future__ import annotations

from typing import Any

from jsontwo.modules.base.models.ir_access import ChangesAccess
from jsontwo.orm import api, fields, models


class Groups(ChangesAccess, models.Model):
    """A group of users (changing groups changes access rights)."""

    _name = "res.groups"
    _description = "Access Groups"
    _order = "name"
    # named by the full name, as in Odoo (so name_create, giving no name, fails)
    _rec_name = "full_name"

    name = fields.Char(required=True, translate=True)
    full_name = fields.Char("Group Name", compute="_compute_full_name", search="_search_full_name")
    comment = fields.Text(translate=True)
    sequence = fields.Integer("Sequence")
    share = fields.Boolean(
        "Share Group",
        help="Group created to set access rights for sharing data with some users.",
    )
    implied_ids = fields.Many2many(
        "res.groups",
        "res_groups_implied_rel",
        "gid",
        "hid",
        "Implied Groups",
        help="Users of this group are also implicitly part of those groups",
    )
    user_ids = fields.Many2many(
        "res.users",
        "res_groups_users_rel",
        "gid",
        "uid",
        "User",
        help="Users explicitly in this group",
    )
    api_key_duration = fields.Float(
        "API Keys maximum duration days",
        help="Determines the maximum duration of an api key created by a user belonging to this "
        "group.",
    )

    @api.depends("name")
    def _compute_full_name(self) -> None:
        """The group's name (Odoo prefixes the privilege a group belongs to, which
        groups here do not have)."""
        for group in self:
            group.full_name = group.name

    def _search_full_name(self, operator: str, value: Any) -> list[Any]:
        return [["name", operator, value]]

    def copy_data(self, default: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """A copy is named "<name> (copy)" unless ``default`` names it."""
        vals_list = super().copy_data(default)
        for group, vals in zip(self, vals_list, strict=True):
            vals["name"] = (default or {}).get("name") or f"{group.name} (copy)"
        return vals_list
