"""The action types: windows to open (``ir.actions.act_window`` and its views),
client actions (``ir.actions.client``) and URLs (``ir.actions.act_url``), as
records clients read. Each type keeps the common part (name, type, binding)
on its ``ir.actions.actions`` record, whose id it shares, as in Odoo: a
user's home action (``action_id``) read as ``ir.actions.actions`` is the same
id as the window action behind it. jsontwo opens no windows: these are records."""

from __future__ import annotations

from typing import Any, Self

from jsontwo.modules.base.models import ui_view
from jsontwo.orm import api, fields, models

#: the view types an action's window may show (a view's, but QWeb templates)
VIEW_TYPES = [item for item in ui_view.VIEW_TYPES if item[0] != "qweb"]
TARGETS = [
    ("current", "Current Window"),
    ("new", "New Window"),
    ("fullscreen", "Full Screen"),
    ("main", "Main action of Current Window"),
]
URL_TARGETS = [
    ("new", "New Window"),
    ("self", "This Window"),
    ("download", "Download"),
]


class ActionType(models.Model):
    """What every action type shares: its ``ir.actions.actions`` record (and id)."""

    _inherits = {"ir.actions.actions": "action_id"}
    _inherits_ids = "ir.actions.actions"

    action_id = fields.Many2one(
        "ir.actions.actions", "Action", required=True, ondelete="cascade", index=True
    )

    @api.model_create_multi
    def create(self, vals_list: list[dict[str, Any]] | dict[str, Any]) -> Self:
        """Actions whose ``type`` is their model's name."""
        if isinstance(vals_list, dict):
            vals_list = [vals_list]
        return super().create([{**vals, "type": self._name} for vals in vals_list])

    def unlink(self) -> bool:
        """Delete the actions, their common part with them."""
        parents = self.sudo().mapped("action_id")
        super().unlink()
        parents.unlink()
        return True


class WindowAction(ActionType):
    """A window to open on a model: which records, in which views."""

    _name = "ir.actions.act_window"
    _description = "Action Window"
    _order = "name, id"

    view_id = fields.Many2one("ir.ui.view", "View Ref.", ondelete="set null")
    domain = fields.Char(
        "Domain Value",
        help="Optional domain filtering of the destination data, as a Python expression",
    )
    context = fields.Char(
        "Context Value",
        default="{}",
        required=True,
        help="Context dictionary as Python expression, empty by default (Default: {})",
    )
    res_id = fields.Integer(
        "Record ID",
        help="Database ID of record to open in form view, when ``view_mode`` is set to 'form' only",
    )
    res_model = fields.Char(
        "Destination Model",
        required=True,
        help="Model name of the object to open in the view window",
    )
    target = fields.Selection(TARGETS, "Target Window", default="current")
    view_mode = fields.Char(
        required=True,
        default="list,form",
        help="Comma-separated list of allowed view modes, such as 'form', 'list', "
        "'calendar', etc. (Default: list,form)",
    )
    mobile_view_mode = fields.Char(
        default="kanban",
        help="First view mode in mobile and small screen environments (default='kanban'). "
        "If it can't be found among available view modes, the same mode as for wider screens "
        "is used)",
    )
    usage = fields.Char(
        "Action Usage", help="Used to filter menu and home actions from the user form."
    )
    view_ids = fields.One2many("ir.actions.act_window.view", "act_window_id", "No of Views")
    views = fields.Json(compute="_compute_views")
    limit = fields.Integer(default=80, help="Default limit for the list view")
    group_ids = fields.Many2many("res.groups", "ir_act_window_group_rel", "act_id", "gid", "Groups")
    search_view_id = fields.Many2one("ir.ui.view", "Search View Ref.")
    filter = fields.Boolean()
    cache = fields.Boolean(default=True, help="Define if the action can be cached by the client.")

    @api.depends("view_ids.view_mode", "view_mode", "view_id.type")
    def _compute_views(self) -> None:
        """``[[view id or false, mode], ...]``: the views listed first, then the
        action's own view, then the modes of ``view_mode`` not yet named."""
        for act in self:
            views = [[line.view_id.id or False, line.view_mode] for line in act.view_ids]
            modes = [mode.strip() for mode in (act.view_mode or "").split(",") if mode.strip()]
            named = {mode for _view, mode in views}
            if act.view_id and act.view_id.type in modes and act.view_id.type not in named:
                views.append([act.view_id.id, act.view_id.type])
                named.add(act.view_id.type)
            views += [[False, mode] for mode in modes if mode not in named]
            act.views = views


class WindowActionView(models.Model):
    """One view of a window action, in its order."""

    _name = "ir.actions.act_window.view"
    _description = "Action Window View"
    _rec_name = "view_id"
    _order = "sequence, id"

    sequence = fields.Integer()
    view_id = fields.Many2one("ir.ui.view", "View")
    view_mode = fields.Selection(VIEW_TYPES, "View Type", required=True)
    act_window_id = fields.Many2one("ir.actions.act_window", "Action", ondelete="cascade")
    multi = fields.Boolean(
        "On Multiple Doc.",
        help="If set to true, the action will not be displayed on the "
        "right toolbar of a form view.",
    )


class ClientAction(ActionType):
    """An action the web client runs by its tag (a dashboard, a settings page)."""

    _name = "ir.actions.client"
    _description = "Client Action"
    _order = "name, id"

    tag = fields.Char(
        "Client action tag",
        required=True,
        help="An arbitrary string, interpreted by the client according to its own needs "
        "and wishes. There is no central tag repository across clients.",
    )
    target = fields.Selection(TARGETS, "Target Window", default="current")
    res_model = fields.Char(
        "Destination Model", help="Optional model, mostly used for needactions."
    )
    context = fields.Char(
        "Context Value",
        default="{}",
        required=True,
        help="Context dictionary as Python expression, empty by default (Default: {})",
    )
    params_store = fields.Char("Params storage", readonly=True)


class UrlAction(ActionType):
    """A URL to open."""

    _name = "ir.actions.act_url"
    _description = "Action URL"
    _order = "name, id"

    url = fields.Text("Action URL", required=True)
    target = fields.Selection(URL_TARGETS, "Action Target", default="new", required=True)
