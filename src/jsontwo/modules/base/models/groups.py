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

from typing import TYPE_CHECKING, Any

from jsontwo.exceptions import UserError
from jsontwo.modules.base.models.ir_access import ChangesAccess, group_id
from jsontwo.orm import api, fields, models

if TYPE_CHECKING:
    from jsontwo.orm import Environment

#: the user types: a user is in one of them at most (Odoo's disjoint groups)
USER_TYPE_GROUPS = ("base.group_user", "base.group_portal", "base.group_public")
#: what changes which users are internal (their ``share`` flag) when written on a group
SHARE_INPUTS = frozenset({"implied_ids", "implied_by_ids", "user_ids", "all_user_ids"})


def implied_closure(env: Environment, ids: list[int]) -> set[int]:
    """``ids`` and every group they imply, directly or not."""
    return _closure(env, ids, "gid", "hid")


def implying_closure(env: Environment, ids: list[int]) -> set[int]:
    """``ids`` and every group that implies one of them, directly or not."""
    return _closure(env, ids, "hid", "gid")


def _closure(env: Environment, ids: list[int], start: str, follow: str) -> set[int]:
    """The groups reached from ``ids`` along ``res_groups_implied_rel`` (from
    column ``start`` to column ``follow``), ``ids`` included."""
    wanted = sorted({int(i) for i in ids if 0 < int(i) < 2**63})  # ids a column may hold
    if not wanted:
        return set()
    marks = ", ".join(["%s"] * len(wanted))
    rows = env.cr.execute(
        "WITH RECURSIVE closure(id) AS ("
        f' SELECT id FROM "res_groups" WHERE id IN ({marks})'
        f' UNION SELECT r.{follow} FROM "res_groups_implied_rel" r'
        f" JOIN closure c ON r.{start} = c.id"
        ") SELECT id FROM closure",
        wanted,
    )
    return {row[0] for row in rows}


def _by_full_name(order: str | None) -> bool:
    """Whether ``order`` sorts groups by their full name (which Odoo does in Python)."""
    return bool(order) and str(order).strip().startswith("full_name")


def search_ids(model: Any, value: Any) -> list[int]:
    """The group ids a condition's ``value`` names: ids, or names (``ilike``) of
    groups (a condition on a many2many of groups given names)."""
    values = value if isinstance(value, list | tuple | set) else [value]
    ids = [v for v in values if isinstance(v, int) and not isinstance(v, bool)]
    names = [v for v in values if isinstance(v, str)]
    groups = model.env["res.groups"].sudo().with_context(active_test=False)
    for name in names:
        ids += groups._search_ids([["full_name", "ilike", name]])
    return ids


class Groups(ChangesAccess, models.Model):
    """A group of users (changing groups changes access rights)."""

    _name = "res.groups"
    _missing_ignored = frozenset({"write", "unlink"})  # as Odoo: missing ids are passed over
    _description = "Access Groups"
    _order = "privilege_id, sequence, name, id"
    # named by the full name, as in Odoo (so name_create, giving no name, fails)
    _rec_name = "full_name"

    _display_name_field = "full_name"

    name = fields.Char(required=True, translate=True)
    user_ids = fields.Many2many(
        "res.users",
        "res_groups_users_rel",
        "gid",
        "uid",
        "User",
        help="Users explicitly in this group",
    )
    all_user_ids = fields.Many2many(
        "res.users",
        string="Users and implied users",
        compute="_compute_all_user_ids",
        search="_search_all_user_ids",
        inverse="_inverse_all_user_ids",
    )
    all_users_count = fields.Integer(
        "# Users",
        compute="_compute_all_users_count",
        help="Number of users having this group (implicitly or explicitly)",
    )
    model_access = fields.One2many("ir.model.access", "group_id", "Access Controls")
    rule_groups = fields.Many2many(
        "ir.rule",
        "rule_group_rel",
        "group_id",
        "rule_group_id",
        "Rules",
        domain="[('global', '=', False)]",
    )
    menu_access = fields.Many2many(
        "ir.ui.menu", "ir_ui_menu_group_rel", "gid", "menu_id", "Access Menu"
    )
    view_access = fields.Many2many(
        "ir.ui.view", "ir_ui_view_group_rel", "group_id", "view_id", "Views"
    )
    comment = fields.Text(translate=True)
    #: "Privilege / Group" ("Contact / Creation"); the name alone without a privilege
    full_name = fields.Char("Group Name", compute="_compute_full_name", search="_search_full_name")
    share = fields.Boolean(
        "Share Group",
        help="Group created to set access rights for sharing data with some users.",
    )
    api_key_duration = fields.Float(
        "API Keys maximum duration days",
        help="Determines the maximum duration of an api key created by a user belonging to this "
        "group.",
    )
    sequence = fields.Integer("Sequence")
    privilege_id = fields.Many2one("res.groups.privilege", "Privilege", index=True)
    view_group_hierarchy = fields.Json(
        "Technical field for default group setting", compute="_compute_view_group_hierarchy"
    )
    implied_ids = fields.Many2many(
        "res.groups",
        "res_groups_implied_rel",
        "gid",
        "hid",
        "Implied Groups",
        help="Users of this group are also implicitly part of those groups",
    )
    all_implied_ids = fields.Many2many(
        "res.groups",
        string="Transitively Implied Groups",
        compute="_compute_all_implied_ids",
        search="_search_all_implied_ids",
        help="The group itself with all its implied groups.",
    )
    implied_by_ids = fields.Many2many(
        "res.groups",
        "res_groups_implied_rel",
        "hid",
        "gid",
        "Implying Groups",
        help="Users in those groups are implicitly part of this group.",
    )
    all_implied_by_ids = fields.Many2many(
        "res.groups",
        string="Transitively Implying Groups",
        compute="_compute_all_implied_by_ids",
        search="_search_all_implied_by_ids",
    )
    disjoint_ids = fields.Many2many(
        "res.groups",
        string="Disjoint Groups",
        compute="_compute_disjoint_ids",
        help="A user may not belong to this group and one of those.  For instance, users may "
        "not be portal users and internal users.",
    )

    @api.model_create_multi
    def create(self, vals_list: list[dict[str, Any]] | dict[str, Any]) -> Groups:
        """Create groups; their users' share flag follows their new groups."""
        groups = super().create(vals_list)
        groups._users_groups_changed()
        return groups

    def write(self, vals: dict[str, Any]) -> bool:
        """Write groups; as in Odoo, a name may not start with "-"."""
        if str(vals.get("name") or "").startswith("-"):
            raise UserError('The name of the group can not start with "-"')
        before = self._affected_user_ids() if SHARE_INPUTS.intersection(vals) else set()
        result = super().write(vals)
        if SHARE_INPUTS.intersection(vals):
            self._users_groups_changed(before)
        return result

    def unlink(self) -> bool:
        """Delete groups; their former users' share flag follows."""
        before = self._affected_user_ids()
        result = super().unlink()
        self._users_groups_changed(before)
        return result

    def _affected_user_ids(self) -> set[int]:
        """The users in these groups or in a group implying them (directly or not)."""
        if not self._ids:
            return set()
        groups = implying_closure(self.env, list(self._ids))
        if not groups:  # none of these groups exists
            return set()
        marks = ", ".join(["%s"] * len(groups))
        rows = self.env.cr.execute(
            f'SELECT DISTINCT uid FROM "res_groups_users_rel" WHERE gid IN ({marks})',
            sorted(groups),
        )
        return {row[0] for row in rows}

    def _users_groups_changed(self, before: set[int] | None = None) -> None:
        """After the groups of users or what they imply changed, for the users these
        groups reach (and those ``before`` names): recompute their share flag
        (``share`` depends on ``all_group_ids``, which the recompute engine does not
        follow: it is computed on the fly), and check they are of one type at most."""
        existing = self.exists() if self._ids else self
        ids = (before or set()) | existing._affected_user_ids()
        if ids:
            users = self.env["res.users"].sudo().with_context(active_test=False)
            found = users.browse(sorted(ids)).exists()
            found._recompute_share()
            found._check_disjoint_groups()

    def _search_ids(
        self,
        domain: Any,
        offset: int | None = 0,
        limit: int | bool | None = None,
        order: str | None = None,
    ) -> list[int]:
        """As Odoo, groups ordered by their full name (computed) are sorted here:
        descending only when the order ends with an upper-case ``DESC``."""
        if order is None or not _by_full_name(order):
            return super()._search_ids(domain, offset, limit, order)
        groups = self.browse(super()._search_ids(domain))
        descending = order.endswith("DESC")
        ordered = sorted(groups, key=lambda g: g.full_name or "", reverse=descending)
        start = offset or 0
        end = start + limit if limit else None
        return [group.id for group in ordered[start:end]]

    def _select_sql(
        self,
        columns: str,
        domain: Any,
        offset: int | None,
        limit: int | bool | None,
        order: str | None,
    ) -> tuple[str, list[Any]]:
        """The rows of :meth:`_search_ids` in its order, when by full name."""
        if not _by_full_name(order):
            return super()._select_sql(columns, domain, offset, limit, order)
        ids = self._search_ids(domain, offset, limit, order)
        column = f'"{self._table}".id'
        if not ids:
            return f'SELECT {columns} FROM "{self._table}" WHERE 1 = 0', []
        marks = ", ".join(["%s"] * len(ids))
        cases = " ".join(["WHEN %s THEN %s"] * len(ids))
        positions = [
            value for pair in ((gid, pos) for pos, gid in enumerate(ids)) for value in pair
        ]
        return (
            f'SELECT {columns} FROM "{self._table}" WHERE {column} IN ({marks})'
            f" ORDER BY CASE {column} {cases} END",
            [*ids, *positions],
        )

    def copy_data(self, default: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """A copy is named "<name> (copy)" unless ``default`` names it."""
        vals_list = super().copy_data(default)
        for group, vals in zip(self, vals_list, strict=True):
            vals["name"] = (default or {}).get("name") or f"{group.name} (copy)"
        return vals_list

    @api.depends("privilege_id.name", "name")
    def _compute_full_name(self) -> None:
        for group in self:
            privilege = group.sudo().privilege_id
            short = self.env.context.get("short_display_name")
            if privilege and not short:
                group.full_name = f"{privilege.name} / {group.name}"
            else:
                group.full_name = group.name

    def _search_full_name(self, operator: str, value: Any) -> Any:
        """Groups whose name matches, or whose "privilege / name" does (either
        side of the slash matching its part), as Odoo searches the full name."""
        if operator.startswith("not ") or operator in ("!=", "<>"):
            return NotImplemented
        single = not isinstance(value, list | tuple)
        domains: list[list[Any]] = [[["name", operator, value]]]
        for item in [value] if single else value:
            if not item or not isinstance(item, str):
                continue

            def part(text: str) -> Any:
                return text if single else [text]

            domains.append([["name", operator, part(item)]])
            privilege, slash, name = item.partition("/")
            privilege, name = privilege.strip(), name.strip()
            if privilege:
                found = [["privilege_id.name", operator, part(privilege)]]
                if slash and name:
                    found.append(["name", operator, part(name)])
                domains.append(found)
        out: list[Any] = ["|"] * (len(domains) - 1)
        for domain in domains:
            out += ["&"] * (len(domain) - 1) + domain
        return out

    @api.depends("implied_ids.all_implied_ids")
    def _compute_all_implied_ids(self) -> None:
        for group in self:
            group.all_implied_ids = group._implied_ids_in_order()

    def _implied_ids_in_order(self) -> list[int]:
        """This group then the groups it implies (directly or not) by id, Odoo's order."""
        self.ensure_one()
        return [self.id, *sorted(implied_closure(self.env, [self.id]) - {self.id})]

    def _search_all_implied_ids(self, operator: str, value: Any) -> Any:
        """Groups implying one of ``value`` (themselves included)."""
        if operator != "in":
            return NotImplemented
        return [["id", "in", sorted(implying_closure(self.env, search_ids(self, value)))]]

    @api.depends("implied_by_ids.all_implied_by_ids")
    def _compute_all_implied_by_ids(self) -> None:
        for group in self:
            others = implying_closure(self.env, [group.id]) - {group.id}
            group.all_implied_by_ids = [group.id, *sorted(others)]

    def _search_all_implied_by_ids(self, operator: str, value: Any) -> Any:
        """Groups implied by one of ``value`` (themselves included); ``value`` may be
        a domain on the groups (``any``)."""
        if operator == "any":
            operator, value = "in", self._search_ids(value)
        if operator != "in":
            return NotImplemented
        return [["id", "in", sorted(implied_closure(self.env, search_ids(self, value)))]]

    @api.depends("all_implied_by_ids.user_ids")
    def _compute_all_user_ids(self) -> None:
        for group in self:
            implying = implying_closure(self.env, [group.id])
            group.all_user_ids = (
                self.env["res.users"]
                .with_context(active_test=False)
                ._search_ids([["group_ids", "in", sorted(implying)]])
            )

    def _inverse_all_user_ids(self) -> None:
        """Users added join the group; users removed leave it, unless they are in
        it through another group (then a UserError, as in Odoo)."""
        users = self.env["res.users"].with_context(active_test=False)
        for group in self:
            wanted = set(group.all_user_ids.ids)
            implying = implying_closure(self.env, [group.id]) - {group.id}
            through = set(users._search_ids([["group_ids", "in", sorted(implying)]]))
            own = set(group.user_ids.ids)
            removed = (own | through) - wanted
            cannot = through & removed
            group.write({"user_ids": [[6, 0, sorted((own - removed) | (wanted - through))]]})
            if cannot:
                names = ", ".join(str(n) for n in users.browse(sorted(cannot)).mapped("name"))
                raise UserError(
                    f"It is not possible to remove implied group '{group.name}' from users {names}"
                )

    def _search_all_user_ids(self, operator: str, value: Any) -> Any:
        return [["all_implied_by_ids.user_ids", operator, value]]

    @api.depends("all_user_ids")
    def _compute_all_users_count(self) -> None:
        for group in self:
            group.all_users_count = len(group.all_user_ids)

    def _compute_disjoint_ids(self) -> None:
        types = [gid for xmlid in USER_TYPE_GROUPS if (gid := group_id(self.env, xmlid))]
        for group in self:
            group.disjoint_ids = (
                [gid for gid in types if gid != group.id] if group.id in types else []
            )

    def _compute_view_group_hierarchy(self) -> None:
        hierarchy = self._view_group_hierarchy()
        for group in self:
            group.view_group_hierarchy = hierarchy

    @api.model
    def _view_group_hierarchy(self) -> dict[str, Any]:
        """The groups, privileges and categories as the user form shows them."""
        groups = self.sudo().search([])
        privileges = self.env["res.groups.privilege"].sudo().search([])
        categories = (
            self.env["ir.module.category"].sudo().search([["privilege_ids.group_ids", "!=", False]])
        )
        return {
            "groups": {
                str(group.id): {
                    "id": group.id,
                    "name": group.name,
                    "comment": group.comment or False,
                    "privilege_id": group.privilege_id.id or False,
                    "disjoint_ids": group.disjoint_ids.ids,
                    "implied_ids": group.implied_ids.ids,
                    "all_implied_ids": group.all_implied_ids.ids,
                    "all_implied_by_ids": group.all_implied_by_ids.ids,
                }
                for group in groups
            },
            "privileges": {
                str(privilege.id): {
                    "id": privilege.id,
                    "name": privilege.name,
                    "category_id": privilege.category_id.id or False,
                    "description": privilege.description or False,
                    "placeholder": privilege.placeholder or False,
                    "group_ids": privilege.group_ids.ids,
                }
                for privilege in privileges
            },
            "categories": [
                {
                    "id": category.id,
                    "name": category.name,
                    "privilege_ids": category.privilege_ids.filtered(
                        lambda p: bool(p.group_ids)
                    ).ids,
                }
                for category in categories
            ],
        }
