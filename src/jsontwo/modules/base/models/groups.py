"""res.groups: what users may do, by group; a group may imply others.

The base groups (external ids of Odoo's): ``base.group_user`` (internal users),
``base.group_erp_manager`` (access rights), ``base.group_system`` (settings:
the administrators), ``base.group_portal``, ``base.group_public`` and
``base.group_multi_company``. Access rules on models come with issue #5; what
the groups already decide is who counts as an administrator and how long an
API key may last (``api_key_duration``).
"""

from __future__ import annotations

from typing import Any

from jsontwo.orm import fields, models


class Groups(models.Model):
    """A group of users."""

    _name = "res.groups"
    _description = "Access Groups"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    comment = fields.Text()
    share = fields.Boolean(
        "Share Group", default=False, help="Group created to set access rights for sharing data."
    )
    implied_ids = fields.Many2many(
        "res.groups",
        "res_groups_implied_rel",
        "gid",
        "hid",
        "Inherits",
        help="Users of this group automatically inherit those groups",
    )
    user_ids = fields.Many2many("res.users", "res_groups_users_rel", "gid", "uid", "Users")
    api_key_duration = fields.Float(
        "API Keys maximum duration days",
        default=0.0,
        help="Determines the maximum duration of an API key created by a user of this group.",
    )

    def _check_model_access(self, operation: str, vals: dict[str, Any] | None = None) -> None:
        """Everyone may read groups; only administrators (Settings) change them: until
        access rights are per group, "Access Rights" could otherwise grant itself Settings."""
        if operation != "read" and not self.env.is_system():
            raise self._access_denied(operation)

    def _closure_ids(self) -> list[int]:
        """These groups and every group they imply, directly or not."""
        found = set(self._ids)
        frontier = list(found)
        while frontier:
            marks = ", ".join(["%s"] * len(frontier))
            rows = self.env.cr.execute(
                f'SELECT hid FROM "res_groups_implied_rel" WHERE gid IN ({marks})', frontier
            )
            frontier = [row[0] for row in rows if row[0] not in found]
            found.update(frontier)
        return sorted(found)
