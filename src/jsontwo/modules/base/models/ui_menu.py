"""ir.ui.menu and ir.actions.actions: records other models point to (the
groups' menus, the users' home action). jsontwo serves no user interface: it
keeps them as records, ships the menus of its modules' window actions
(``data/menus.json``, see :func:`jsontwo.modules.base.action_data.ensure_menus`),
and answers which of them a user sees (``load_menus``, see
:mod:`jsontwo.modules.base.menu_tree`)."""

from __future__ import annotations

from typing import Any

from jsontwo.modules.base import menu_tree
from jsontwo.orm import api, fields, models

#: what separates the names of a menu's path ("Settings/Users")
MENU_SEPARATOR = "/"
#: how deep a menu's full path goes
MENU_DEPTH = 6


class Menu(models.Model):
    """A menu item."""

    _name = "ir.ui.menu"
    _description = "Menu"
    _order = "sequence, id"
    _parent_store = True

    name = fields.Char("Menu", required=True, translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    child_id = fields.One2many("ir.ui.menu", "parent_id", "Child IDs")
    parent_id = fields.Many2one("ir.ui.menu", "Parent Menu", index=True, ondelete="restrict")
    group_ids = fields.Many2many(
        "res.groups",
        "ir_ui_menu_group_rel",
        "menu_id",
        "gid",
        "Groups",
        help="If you have groups, the visibility of this menu will be based on these groups. "
        "If this field is empty, Odoo will compute visibility based on the related object's "
        "read access.",
    )
    complete_name = fields.Char("Full Path", compute="_compute_complete_name")
    web_icon = fields.Char("Web Icon File")
    action = fields.Reference(
        [
            ("ir.actions.report", "ir.actions.report"),
            ("ir.actions.act_window", "ir.actions.act_window"),
            ("ir.actions.act_url", "ir.actions.act_url"),
            ("ir.actions.server", "ir.actions.server"),
            ("ir.actions.client", "ir.actions.client"),
        ],
        "Action",
    )

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self) -> None:
        for menu in self:
            names: list[str] = []
            current = menu
            while current and len(names) < MENU_DEPTH:
                names.insert(0, current.name or "")
                current = current.parent_id
            menu.complete_name = MENU_SEPARATOR.join(names)

    @api.depends("complete_name")
    def _compute_display_name(self) -> None:
        # a menu is named by its full path, as in Odoo ("Settings/Users & Companies")
        for menu in self:
            menu.display_name = menu.complete_name

    # --- what a user sees ----------------------------------------------------------
    def _visible_menu_ids(self, debug: bool = False) -> frozenset[int]:
        """The ids of the menus the caller sees (see :func:`menu_tree.visible_menu_ids`)."""
        return menu_tree.visible_menu_ids(self.env, debug)

    def _filter_visible_menus(self) -> Any:
        """These menus, less those the caller does not see (out of debug mode)."""
        visible = self._visible_menu_ids(False)
        return self.browse([mid for mid in self.ids if mid in visible])

    @api.model
    def get_user_roots(self) -> list[int]:
        """The ids of the top-level menus the caller sees (the apps)."""
        roots = self.search([["parent_id", "=", False]])
        return list(roots._filter_visible_menus().ids)

    @api.model
    def load_menus(self, debug: Any) -> dict[str, Any]:
        """The menus the caller sees, by id, with their app, action and children,
        and the ``root`` entry, as Odoo 19's web client loads them (``debug``:
        also those of the "technical features" group)."""
        return menu_tree.load_menus(self.env, bool(debug))

    @api.model
    def load_web_menus(self, debug: Any) -> dict[str, Any]:
        """:meth:`load_menus` in the web client's form (camel-case keys; an app
        opens the action of its first submenu that has one)."""
        return menu_tree.web_menus(menu_tree.load_menus(self.env, bool(debug)))


class Action(models.Model):
    """An action of the user interface (a window to open, a report...)."""

    _name = "ir.actions.actions"
    _description = "Actions"
    _order = "name, id"

    name = fields.Char("Action Name", required=True, translate=True)
    type = fields.Char("Action Type", required=True)
    path = fields.Char("Path to show in the URL")
    help = fields.Html(
        "Action Description",
        translate=True,
        help="Optional help text for the users with a description of the target view, such as "
        "its usage and purpose.",
    )
    binding_model_id = fields.Many2one(
        "ir.model",
        ondelete="cascade",
        help="Setting a value makes this action available in the sidebar for the given model.",
    )
    binding_type = fields.Selection(
        [("action", "Action"), ("report", "Report")], required=True, default="action"
    )
    binding_view_types = fields.Char(default="list,form")
