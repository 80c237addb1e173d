"""res.users: the people who log in; each user is a partner too."""

from __future__ import annotations

from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from jsontwo.orm import api, fields, models

_HASHER = PasswordHasher()


class Password(fields.Char):
    """A write-only password: stored as an argon2 hash, read as an empty string."""

    def to_column(self, value: Any, record_model: str) -> Any:
        if not value:
            return None
        return _HASHER.hash(str(value))

    def to_read(self, value: Any) -> Any:
        return ""


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches an argon2 hash made by :class:`Password`."""
    if not stored_hash or not password:
        return False
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


class Users(models.Model):
    """A user; every field of its partner (name, email, phone, lang, tz...) is
    one of the user's too, kept on the partner (Odoo's ``_inherits``)."""

    _name = "res.users"
    _inherits = {"res.partner": "partner_id"}
    _description = "User"
    _order = "login"
    _rec_names_search = ("name", "login")
    _sql_constraints = (
        ("login_key", "UNIQUE (login)", "You can not have two users with the same login!"),
    )

    login = fields.Char(required=True, help="Used to log into the system")
    password = Password(
        copy=False,
        help="Keep empty if you don't want the user to be able to connect on the system.",
    )
    partner_id = fields.Many2one(
        "res.partner", "Related Partner", required=True, ondelete="restrict", index=True
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", "Company", help="The default company for this user."
    )
    company_ids = fields.Many2many(
        "res.company", "res_company_users_rel", "user_id", "cid", "Companies"
    )
    share = fields.Boolean("Share User", default=False, help="External user with limited access")

    def copy_data(self, default: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """A copy gets a partner of its own, named "<name> (copy)", and the login
        "<login> (copy)", unless ``default`` says otherwise."""
        default = dict(default or {})
        vals_list = super().copy_data(default)
        for user, vals in zip(self, vals_list, strict=True):
            if "partner_id" not in default and "name" not in default:
                vals["name"] = f"{user.name} (copy)"
            if "login" not in default:
                vals["login"] = f"{user.login} (copy)"
        return vals_list

    @api.model
    @api.readonly
    def context_get(self) -> dict[str, Any]:
        """The calling user's context: language, timezone and id (the ``uid`` a
        context carries changes nothing)."""
        user = self.sudo().browse([self.env.uid])
        values = user.read(["lang", "tz"], load=None)
        row = values[0] if values else {"lang": False, "tz": False}
        return {"lang": row["lang"], "tz": row["tz"], "uid": self.env.uid}

    def _check_password(self, password: str) -> bool:
        """Whether ``password`` is this active user's password."""
        self.ensure_one()
        rows = self.env.cr.execute(
            'SELECT password FROM "res_users" WHERE id = %s AND active IS TRUE', [self.id]
        )
        return bool(rows) and verify_password(rows[0][0], password)
