"""ir.module.module: the modules of the database, as Odoo lists them. jsontwo's
modules are all installed in every database and none can be installed or
removed over the API yet: the list says which there are."""

from __future__ import annotations

from jsontwo.orm import api, fields, models

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


class Module(models.Model):
    """A module: its technical name, description and whether it is installed."""

    _name = "ir.module.module"
    _description = "Module"
    _rec_name = "shortdesc"
    _order = "application desc,sequence,name"
    _sql_constraints = (("name_uniq", "UNIQUE (name)", "The name of the module must be unique!"),)

    name = fields.Char("Technical Name", readonly=True, required=True)
    shortdesc = fields.Char("Module Name", readonly=True)
    summary = fields.Char("Summary", readonly=True)
    description = fields.Text("Description", readonly=True)
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

    @api.depends("name")
    def _compute_installed_version(self) -> None:
        # the code's version is the installed one: modules move with the server
        for module in self:
            module.installed_version = module.latest_version
