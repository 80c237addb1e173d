"""ir.module.module: the modules of the database, as Odoo lists them: those
installed, and those this server can install (``uninstalled``). An
administrator installs or upgrades one with ``button_immediate_install`` /
``button_immediate_upgrade`` (see :mod:`jsontwo.modules.installer`); none can
be removed."""

from __future__ import annotations

import base64
from importlib import resources
from typing import Any

from jsontwo.exceptions import AccessDenied, UserError
from jsontwo.modules.catalogue import catalogue
from jsontwo.orm import api, fields, models

#: what Odoo answers after a module operation when no setup step is open
#: (``ir.module.module.next()``): back to the web client
NEXT_ACTION = {"type": "ir.actions.act_url", "target": "self", "url": "/odoo"}

MODULE_STATES = [
    ("uninstallable", "Uninstallable"),
    ("uninstalled", "Not Installed"),
    ("installed", "Installed"),
    ("to upgrade", "To be upgraded"),
    ("to remove", "To be removed"),
    ("to install", "To be installed"),
]
LICENSES = [
    ("GPL-2", "GPL Version 2"),
    ("GPL-2 or any later version", "GPL-2 or later version"),
    ("GPL-3", "GPL Version 3"),
    ("GPL-3 or any later version", "GPL-3 or later version"),
    ("AGPL-3", "Affero GPL-3"),
    ("LGPL-3", "LGPL Version 3"),
    ("Other OSI approved licence", "Other OSI Approved License"),
    ("OEEL-1", "Odoo Enterprise Edition License v1.0"),
    ("OPL-1", "Odoo Proprietary License v1.0"),
    ("Other proprietary", "Other Proprietary"),
]


def icon_file(name: str) -> bytes | None:
    """The content of module ``name``'s ``static/description/icon.png``, if it
    has one (jsontwo's modules ship their own; an outside module may too)."""
    declaration = catalogue().get(name)
    if declaration is None:
        return None
    try:
        path = resources.files(declaration.package).joinpath("static", "description", "icon.png")
        return path.read_bytes() if path.is_file() else None
    except (ModuleNotFoundError, OSError):
        return None


def icon_owner(name: str) -> str:
    """The module whose icon module ``name`` shows: its own, or base's."""
    return name if icon_file(name) else "base"


def icon_path(name: str) -> str:
    """The path of the icon module ``name`` shows, as Odoo gives it."""
    return f"/{icon_owner(name)}/static/description/icon.png"


def view_line(view: models.BaseModel) -> str:
    """A view as ``views_by_module`` lists it: an extension marked, with its type."""
    mark = "* INHERIT " if view.inherit_id else ""
    return f"{mark}{view.name} ({view.type})"


class Module(models.Model):
    """A module: its technical name, description and whether it is installed."""

    _name = "ir.module.module"
    _description = "Module"
    _rec_name = "shortdesc"
    _order = "application desc,sequence,name"
    _sql_constraints = (("name_uniq", "UNIQUE (name)", "The name of the module must be unique!"),)

    name = fields.Char("Technical Name", readonly=True, required=True)
    shortdesc = fields.Char("Module Name", readonly=True, translate=True)
    summary = fields.Char("Summary", readonly=True, translate=True)
    description = fields.Text("Description", readonly=True, translate=True)
    author = fields.Char("Author", readonly=True)
    website = fields.Char("Website", readonly=True)
    # Odoo's labels are swapped this way too
    installed_version = fields.Char("Latest Version", compute="_compute_installed_version")
    latest_version = fields.Char("Installed Version", readonly=True)
    sequence = fields.Integer("Sequence", default=100)
    auto_install = fields.Boolean(
        "Automatic Installation",
        help="An auto-installable module is automatically installed by the system when all its "
        "dependencies are satisfied. If the module has no dependency, it is always installed.",
    )
    state = fields.Selection(
        MODULE_STATES, string="Status", default="uninstallable", readonly=True, index=True
    )
    demo = fields.Boolean("Demo Data", default=False, readonly=True)
    license = fields.Selection(LICENSES, string="License", default="LGPL-3", readonly=True)
    application = fields.Boolean("Application", readonly=True)
    category_id = fields.Many2one("ir.module.category", "Category", readonly=True, index=True)
    dependencies_id = fields.One2many(
        "ir.module.module.dependency", "module_id", "Dependencies", readonly=True
    )
    icon = fields.Char("Icon URL", compute="_compute_icon")
    icon_image = fields.Binary("Icon", compute="_compute_icon")
    views_by_module = fields.Text("Views", compute="_compute_by_module")
    menus_by_module = fields.Text("Menus", compute="_compute_by_module")
    reports_by_module = fields.Text("Reports", compute="_compute_by_module")

    @api.depends("name")
    def _compute_icon(self) -> None:
        # a module without its own static/description/icon.png shows base's, as in Odoo
        for module in self:
            owner = icon_owner(module.name)
            module.icon = icon_path(module.name)
            content = icon_file(owner)
            module.icon_image = base64.b64encode(content).decode() if content else False

    @api.depends("name", "state")
    def _compute_by_module(self) -> None:
        # what an installed module made, by its external ids; nothing for the others
        for module in self:
            module.views_by_module = module.menus_by_module = module.reports_by_module = ""
            if module.state not in ("installed", "to upgrade", "to remove"):
                continue
            made = self.env["ir.model.data"].sudo().search([("module", "=", module.name)])
            ids: dict[str, list[int]] = {}
            for data in made:
                ids.setdefault(data.model, []).append(data.res_id)
            env = self.env(su=True)
            views = env["ir.ui.view"].browse(ids.get("ir.ui.view", [])).exists()
            menus = env["ir.ui.menu"].browse(ids.get("ir.ui.menu", [])).exists()
            reports = env["ir.actions.report"].browse(ids.get("ir.actions.report", [])).exists()
            module.views_by_module = "\n".join(sorted(view_line(view) for view in views))
            module.menus_by_module = "\n".join(sorted(menus.mapped("complete_name")))
            module.reports_by_module = "\n".join(sorted(reports.mapped("name")))

    @api.depends("name")
    def _compute_installed_version(self) -> None:
        # Odoo's "installed" version is the code's: the one this server found
        found = catalogue()
        for module in self:
            declaration = found.get(module.name)
            module.installed_version = declaration.version if declaration else False

    def _check_module_operation(self) -> None:
        """As Odoo's module operations begin: every record must exist
        (MissingError), and the caller be an administrator (AccessDenied)."""
        self._ensure_exist()
        if not self.env.is_system():
            raise AccessDenied()

    def button_immediate_install(self) -> dict[str, Any]:
        """Install these modules (with the modules they depend on) now, in this
        call's transaction; those installed already are left as they are. Every
        worker rebuilds its registry at its next call. Answers Odoo's next action; a
        module this server cannot find is a UserError (ModuleError) naming it."""
        # imported here: the installer imports base's models, this one among them
        from jsontwo.modules.installer import install

        self._check_module_operation()
        names = [m.name for m in self.sudo() if m.state not in ("installed", "to upgrade")]
        install(self.env(su=True), names)
        return dict(NEXT_ACTION)

    def button_immediate_upgrade(self) -> dict[str, Any]:
        """Upgrade these installed modules now: their new tables and columns, their
        data's ``upgrade_data``, access rights and version. Answers Odoo's next action."""
        # imported here: the installer imports base's models, this one among them
        from jsontwo.modules.installer import upgrade

        self._check_module_operation()
        for module in self.sudo():
            if module.state not in ("installed", "to upgrade"):
                raise UserError(f"Cannot upgrade module “{module.name}”. It is not installed.")
        if self:
            upgrade(self.env(su=True), self.sudo().mapped("name"))
        return dict(NEXT_ACTION)

    def button_immediate_uninstall(self) -> dict[str, Any]:
        """Refused: jsontwo installs modules but never removes one (its tables and
        data stay); a UserError says so, after Odoo's checks."""
        self._check_module_operation()
        names = ", ".join(self.sudo().mapped("name"))
        raise UserError(f"jsontwo cannot uninstall modules ({names}): they stay installed.")

    @api.model
    def update_list(self) -> list[int]:
        """Add a row for each module this server found that the database lacks;
        ``[installed modules whose code has another version, rows added]``, as Odoo."""
        from jsontwo.modules.installer import list_available  # see button_immediate_install

        self.check_access("write")
        return list_available(self.env(su=True))
