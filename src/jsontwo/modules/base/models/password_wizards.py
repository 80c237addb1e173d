"""The password wizards: an administrator changes users' passwords
(``change.password.wizard`` and its lines ``change.password.user``), a user
changes their own (``change.password.own``, after an identity check)."""

from __future__ import annotations

from typing import Any

from jsontwo.exceptions import ValidationError
from jsontwo.modules.base.models.apikeys_wizard import check_identity
from jsontwo.orm import api, fields, models


class ChangePasswordWizard(models.Model):
    """Change the passwords of the users it lists (one line per user)."""

    _name = "change.password.wizard"
    _description = "Change Password Wizard"
    _transient = True

    user_ids = fields.One2many(
        "change.password.user", "wizard_id", "Users", default=lambda self: self._default_lines()
    )

    @api.model
    def _default_lines(self) -> list[Any]:
        """A line per user selected (``active_model`` res.users, ``active_ids``), after
        the command that empties the list (as Odoo's ``default_get`` writes new lines)."""
        context = self.env.context
        ids = context.get("active_ids") or [] if context.get("active_model") == "res.users" else []
        users = self.env["res.users"].browse(list(ids))
        lines = [[0, 0, {"user_id": user.id, "user_login": user.login}] for user in users]
        return [[6, 0, []], *lines]

    def change_password_button(self) -> dict[str, Any]:
        """Set the new passwords of the lines; the client reloads when the caller's changed."""
        self.ensure_one()
        self.user_ids.change_password_button()
        if self.env.uid in self.user_ids.user_id.ids:
            return {"type": "ir.actions.client", "tag": "reload"}
        return {"type": "ir.actions.act_window_close"}


class ChangePasswordUser(models.Model):
    """A user of the change-password wizard, and their new password."""

    _name = "change.password.user"
    _description = "User, Change Password Wizard"
    _transient = True

    wizard_id = fields.Many2one(
        "change.password.wizard", "Wizard", required=True, ondelete="cascade"
    )
    user_id = fields.Many2one("res.users", "User", required=True, ondelete="cascade")
    user_login = fields.Char("User Login", readonly=True)
    new_passwd = fields.Char("New Password", default="")

    def change_password_button(self) -> None:
        """Set each line's new password (a blank one leaves the user's), then
        forget the new passwords."""
        for line in self:
            if line.new_passwd:
                line.user_id._change_password(line.new_passwd)
        self.write({"new_passwd": False})


class ChangePasswordOwn(models.Model):
    """The caller's new password, typed twice."""

    _name = "change.password.own"
    _description = "User, change own password wizard"
    _transient = True

    new_password = fields.Char("New Password")
    confirm_password = fields.Char("New Password (Confirmation)")

    @api.constrains("new_password", "confirm_password")
    def _check_password_confirmation(self) -> None:
        for wizard in self:
            if wizard.confirm_password != wizard.new_password:
                raise ValidationError("The new password and its confirmation must be identical.")

    @check_identity
    def change_password(self) -> dict[str, Any]:
        """Set the caller's password to the new one (after the identity check)."""
        self.env.user.sudo()._change_password(self.new_password or "")
        self.unlink()
        return {"type": "ir.actions.client", "tag": "reload"}
