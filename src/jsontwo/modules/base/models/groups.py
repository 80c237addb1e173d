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
    _missing_ignored = frozenset({"write", "unlink"})  # as Odoo: missing ids are passed over
    _description = "Access Groups"
    _order = "name"
    # named by the full name, as in Odoo (so name_create, giving no name, fails)
    _rec_name = "full_name"

    _display_name_field = "full_name"

    name = fields.Char(required=True, translate=True)
    #: the name with its privilege ("Contact / Creation"), as Odoo shows a group;
    #: the name alone for a group of no privilege
    full_name = fields.Char("Group Name", readonly=True)
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

    @api.model_create_multi
    def create(self, vals_list: list[dict[str, Any]] | dict[str, Any]) -> Groups:
        """Create groups; one given no full name is known by its name."""
        if isinstance(vals_list, dict):
            vals_list = [vals_list]
        return super().create(
            [{**vals, "full_name": vals.get("full_name") or vals.get("name")} for vals in vals_list]
        )

    def write(self, vals: dict[str, Any]) -> bool:
        """Write groups; renaming one of no privilege renames its full name too."""
        if "name" in vals and "full_name" not in vals:
            plain = self.filtered(lambda group: group.full_name == group.name)
            super(Groups, plain).write({**vals, "full_name": vals["name"]})
            return super(Groups, self - plain).write(vals)
        return super().write(vals)

    def copy_data(self, default: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """A copy is named "<name> (copy)" unless ``default`` names it."""
        vals_list = super().copy_data(default)
        for group, vals in zip(self, vals_list, strict=True):
            name = (default or {}).get("name") or f"{group.name} (copy)"
            # the privilege prefix of the full name stays ("Contact / X (copy)")
            prefix = (group.full_name or "").removesuffix(group.name or "")
            vals.update(name=name, full_name=prefix + name)
        return vals_list
