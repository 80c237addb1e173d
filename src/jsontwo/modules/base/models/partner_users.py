"""The guard of users' partners: a user's partner is changed only by who may
change users, and is neither deleted nor archived while its user is active
(a mixin of res.partner, in Odoo's words and with its errors)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jsontwo.exceptions import RedirectWarning, ValidationError
from jsontwo.modules.base.models.partner_values import users_action

if TYPE_CHECKING:
    from jsontwo.orm import Environment


class UsersPartners:
    """What partners refuse for their users' sake (see the module's docstring)."""

    __slots__ = ()

    if TYPE_CHECKING:
        env: Environment
        _ids: tuple[int, ...]

    def _check_users_partners(self) -> None:
        """The partner of another internal user is changed only by who may change
        users (Odoo's rule: a contact right is no right over colleagues' accounts),
        and an administrator's only by an administrator."""
        if self.env.su:
            return
        users = (
            self.env["res.partner"]
            .browse(self._ids)
            .sudo()
            .mapped("user_ids")
            .filtered(lambda user: not user.share and user.id != self.env.uid)
        )
        if users:  # res.users' own check: its lines, rules, and the administrators' guard
            self.env["res.users"].browse(users.ids).check_access("write")

    def _check_unlink_users(self) -> None:
        """Refuse to delete the partner of a user, in Odoo's words and with its error:
        a redirect warning to the users for whom may edit them, else a validation
        error."""
        if self._ids:
            self._refuse_for_users("delete", "You should rather archive them after archiving")

    def _check_no_active_users(self) -> None:
        """Refuse to archive the partner of a user, as ``_check_unlink_users``."""
        self._refuse_for_users("archive", "You first need to archive")

    def _refuse_for_users(self, verb: str, advice: str) -> None:
        """Raise if one of these partners is a user's (``verb``: delete or archive;
        ``advice``: the first words of the advice to a user manager)."""
        users = self.env["res.users"].sudo().search([["partner_id", "in", list(self._ids)]])
        if not users:
            return
        names = ", ".join(str(name) for name in users.mapped("display_name"))
        refusal = f"You cannot {verb} contacts linked to an active user.\n"
        if self.env["res.users"].check_access_rights("write", raise_exception=False):
            message = f"{refusal}{advice} their associated user.\n\nLinked active users : {names}"
            raise RedirectWarning(message, users_action(users.ids), "Go to users")
        raise ValidationError(
            f"{refusal}Ask an administrator to archive their associated user first.\n\n"
            f"Linked active users :\n{names}"
        )


__all__ = ["UsersPartners"]
