"""ir.ui.view: only what other models point to (a country's address input view)."""

from __future__ import annotations

from jsontwo.orm import fields, models

VIEW_TYPES = [
    ("list", "List"),
    ("form", "Form"),
    ("graph", "Graph"),
    ("pivot", "Pivot"),
    ("calendar", "Calendar"),
    ("kanban", "Kanban"),
    ("search", "Search"),
    ("qweb", "QWeb"),
]


class View(models.Model):
    """A user-interface view (jsontwo serves no user interface: records only)."""

    _name = "ir.ui.view"
    _description = "View"
    _order = "priority, name, id"

    name = fields.Char("View Name", required=True)
    model = fields.Char(index=True)
    type = fields.Selection(VIEW_TYPES, "View Type")
    arch = fields.Text("View Architecture")
    priority = fields.Integer("Sequence", default=16, required=True)
    active = fields.Boolean(
        default=True,
        help="If this view is inherited,\n* if True, the view always extends its parent\n"
        "* if False, the view currently does not extend its parent but can be enabled\n"
        "         ",
    )
