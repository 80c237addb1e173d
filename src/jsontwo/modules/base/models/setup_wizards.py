"""The setup wizards of the base module that integrations call: installing a
language, the module list's update and upgrade (modules are fixed in jsontwo:
both do nothing), the settings (``res.config.settings``, no fields of its own
in base) and the dialog showing a new API key."""

from __future__ import annotations

from typing import Any

from jsontwo.exceptions import AccessError
from jsontwo.modules.base.translations import load_translations
from jsontwo.orm import api, fields, models

INSTALLED = (
    "The languages that you selected have been successfully installed. "
    "Users can choose their favorite language in their preferences."
)


class LanguageInstall(models.Model):
    """Activate languages and load the translations jsontwo ships into them
    (jsontwo.modules.base.translations)."""

    _name = "base.language.install"
    _description = "Install Language"
    _transient = True

    lang_ids = fields.Many2many(
        "res.lang",
        "res_lang_install_rel",
        "language_wizard_id",
        "lang_id",
        "Languages",
        default=lambda self: self._default_lang_ids(),
        context={"active_test": False},
        required=True,
    )
    overwrite = fields.Boolean(
        "Overwrite Existing Terms",
        default=True,
        help="If you check this box, your customized translations will be overwritten "
        "and replaced by the official ones.",
    )
    first_lang_id = fields.Many2one(
        "res.lang",
        compute="_compute_first_lang_id",
        help="Used when the user only selects one language and is given the option to switch to it",
    )

    @api.model
    def _default_lang_ids(self) -> list[int] | bool:
        """The languages selected in the language list (``active_model`` res.lang)."""
        context = self.env.context
        if context.get("active_model") == "res.lang":
            return list(context.get("active_ids") or [context.get("active_id")])
        return False

    def _compute_first_lang_id(self) -> None:
        for wizard in self:
            langs = wizard.lang_ids
            wizard.first_lang_id = langs.ids[0] if langs.ids else False

    def lang_install(self) -> dict[str, Any]:
        """Activate the languages; answer the dialog offering to switch to the one
        language chosen, or a notification for several."""
        self.ensure_one()
        self.lang_ids.with_context(active_test=False).write({"active": True})
        load_translations(self.env, self.lang_ids.mapped("code"), bool(self.overwrite))
        if len(self.lang_ids) == 1:
            view = self.env.ref("base.language_install_view_form_lang_switch", False)
            return {
                "type": "ir.actions.act_window",
                "res_model": self._name,
                "res_id": self.id,
                "view_mode": "form",
                "target": "new",
                "views": [[view.id if view is not None else False, "form"]],
            }
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "context": {**self.env.context, "active_ids": self.ids},
            "target": "new",
            "params": {
                "message": INSTALLED,
                "type": "success",
                "sticky": False,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def reload(self) -> dict[str, Any]:
        """The client reloads."""
        return {"type": "ir.actions.client", "tag": "reload"}

    def switch_lang(self) -> dict[str, Any]:
        """Make the first language chosen the caller's."""
        self.env.user.sudo().write({"lang": self.first_lang_id.code})
        return {"type": "ir.actions.client", "tag": "reload_context"}


class ModuleUpdate(models.Model):
    """Update the module list: jsontwo's modules are its code, nothing is found."""

    _name = "base.module.update"
    _description = "Update Module"
    _transient = True

    updated = fields.Integer("Number of modules updated", readonly=True)
    added = fields.Integer("Number of modules added", readonly=True)
    state = fields.Selection(
        [("init", "init"), ("done", "done")], "Status", readonly=True, default="init"
    )

    def update_module(self) -> bool:
        """Nothing updated, nothing added."""
        self.write({"updated": 0, "added": 0, "state": "done"})
        return False


class ModuleUpgrade(models.Model):
    """Apply the scheduled module changes: jsontwo schedules none."""

    _name = "base.module.upgrade"
    _description = "Upgrade Module"
    _transient = True

    module_info = fields.Text("Apps to Update", readonly=True, default="")

    def upgrade_module_cancel(self) -> dict[str, Any]:
        """Nothing scheduled to cancel."""
        return {"type": "ir.actions.act_window_close"}

    def upgrade_module(self) -> dict[str, Any]:
        """Nothing scheduled to apply."""
        return {"type": "ir.actions.act_window_close"}


class ConfigSettings(models.Model):
    """The settings form: the modules add its fields; base has none of its own."""

    _name = "res.config.settings"
    _description = "Config Settings"
    _transient = True

    def execute(self) -> dict[str, Any]:
        """Save the settings (none in base) and reload the client; administrators only."""
        self.ensure_one()
        if not (self.env.su or self.env.user._has_group("base.group_erp_manager")):
            raise AccessError("Only administrators can change the settings")
        return {"type": "ir.actions.client", "tag": "reload"}

    def cancel(self) -> dict[str, Any]:
        """Nothing to undo."""
        return {}


class ApiKeyShow(models.Model):
    """The dialog showing a new API key once (``context.default_key``)."""

    _name = "res.users.apikeys.show"
    _description = "Show API Key"
    _transient = True
    _log_access = False

    key = fields.Char(readonly=True)
