"""res.groups.privilege and ir.module.category: how groups are presented.

A privilege gathers the groups that are levels of one right ("Contact":
"Creation"; "Export": "Allowed"); a group's full name is "Privilege / Group".
Categories (applications) gather privileges. Neither decides any access right.
"""

from __future__ import annotations

from jsontwo.orm import fields, models


class GroupsPrivilege(models.Model):
    """A privilege: the groups that grant one right, by level."""

    _name = "res.groups.privilege"
    _description = "Privileges"
    _order = "sequence, name, id"

    name = fields.Char("Name", required=True, translate=True)
    description = fields.Text("Description")
    placeholder = fields.Char(
        "Placeholder",
        default="No",
        help="Text that is displayed as placeholder in the selection field of the user form.",
    )
    sequence = fields.Integer("Sequence", default=100)
    category_id = fields.Many2one("ir.module.category", "Category", index=True)
    group_ids = fields.One2many("res.groups", "privilege_id", "Groups")


class ModuleCategory(models.Model):
    """An application, as the user form groups privileges by it."""

    _name = "ir.module.category"
    _description = "Application"
    _order = "sequence, name, id"

    name = fields.Char("Name", required=True, translate=True)
    parent_id = fields.Many2one("ir.module.category", "Parent Application", index=True)
    child_ids = fields.One2many("ir.module.category", "parent_id", "Child Applications")
    module_ids = fields.One2many("ir.module.module", "category_id", "Modules")
    privilege_ids = fields.One2many("res.groups.privilege", "category_id", "Privileges")
    description = fields.Text("Description", translate=True)
    sequence = fields.Integer("Sequence")
    visible = fields.Boolean("Visible", default=True)
    exclusive = fields.Boolean("Exclusive")
    xml_id = fields.Char("External ID", compute="_compute_xml_id")

    def _compute_xml_id(self) -> None:
        # the category's first external id ("base.module_category_sales"), or ""
        rows = (
            self.env["ir.model.data"]
            .sudo()
            .search_read(
                [["model", "=", self._name], ["res_id", "in", self.ids]],
                ["module", "name", "res_id"],
                order="id",
            )
        )
        found: dict[int, str] = {}
        for row in rows:
            found.setdefault(row["res_id"], f"{row['module']}.{row['name']}")
        for category in self:
            category.xml_id = found.get(category.id, "")
