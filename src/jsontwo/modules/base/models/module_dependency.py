"""ir.module.module.dependency: one module a module depends on, by name (its
manifest's ``depends``), with that module's row and state when there is one."""

from __future__ import annotations

from typing import Any

from jsontwo.modules.base.models.module import MODULE_STATES
from jsontwo.orm import api, fields, models

#: a dependency's states: its module's, or "unknown" when no module has its name
DEPENDENCY_STATES = [*MODULE_STATES, ("unknown", "Unknown")]


class ModuleDependency(models.Model):
    """A module's dependency on another, by name."""

    _name = "ir.module.module.dependency"
    _description = "Module dependency"
    # rows written by the module loader, never by a user: no author nor dates, as in Odoo
    _log_access = False

    name = fields.Char(index=True)
    module_id = fields.Many2one("ir.module.module", "Module", ondelete="cascade")
    depend_id = fields.Many2one(
        "ir.module.module", "Dependency", compute="_compute_depend", search="_search_depend"
    )
    state = fields.Selection(DEPENDENCY_STATES, string="Status", compute="_compute_state")
    auto_install_required = fields.Boolean(
        default=True,
        help="Whether this dependency blocks automatic installation of the dependent",
    )

    @api.depends("name")
    def _compute_depend(self) -> None:
        names = list({dep.name for dep in self if dep.name})
        found = self.env["ir.module.module"].search_read([["name", "in", names]], ["name"])
        by_name = {row["name"]: row["id"] for row in found}
        for dep in self:
            dep.depend_id = by_name.get(dep.name, False)

    def _search_depend(self, operator: str, value: Any) -> Any:
        ids = value if isinstance(value, list | tuple) else [value]
        modules = self.env["ir.module.module"].browse([i for i in ids if isinstance(i, int)])
        return [["name", "in", modules.mapped("name")]]

    @api.depends("depend_id.state")
    def _compute_state(self) -> None:
        for dep in self:
            dep.state = dep.depend_id.state or "unknown"
