"""res.users.state: whether a user has ever signed in ("Confirmed") or not yet
("Invited"). Odoo's ``auth_signup`` adds it, and every database with sales has
that module, so jsontwo's users carry it."""

from __future__ import annotations

from typing import Any

from jsontwo.orm import fields, models

STATES = [("new", "Invited"), ("active", "Confirmed")]


class UsersState(models.Model):
    """A user, with the state of their sign-ins."""

    _inherit = "res.users"

    state = fields.Selection(STATES, "Status", compute="_compute_state", search="_search_state")

    def _compute_state(self) -> None:
        for user in self:
            user.state = "active" if user.login_date else "new"

    def _search_state(self, operator: str, value: Any) -> Any:
        """Users with (``active``) or without (``new``) a sign-in in their log."""
        values = set(value) if isinstance(value, list | tuple | set) else {value}
        negative = operator in ("!=", "<>", "not in")
        if operator not in ("=", "in") and not negative:
            return NotImplemented
        if negative:
            values = {code for code, _label in STATES} - values
        if len(values) != 1:
            return [] if values else [("id", "=", False)]
        signed_in = "active" in values
        return [("log_ids", "!=" if signed_in else "=", False)]
