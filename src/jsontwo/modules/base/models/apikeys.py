"""res.users.apikeys: API keys, stored as an index and a SHA-256 digest.

A key is 40 hex characters (160 random bits from :mod:`secrets`). Its first 8
characters are kept in clear as an index, so verifying a key is one indexed
lookup plus a constant-time comparison of digests: a key that random needs no
slow hash (a deliberate difference from Odoo's PBKDF2, see DESIGN.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from jsontwo.orm import fields, models

KEY_BYTES = 20
INDEX_SIZE = 8


def key_digest(key: str) -> str:
    """The stored form of a key."""
    return hashlib.sha256(key.encode()).hexdigest()


class Secret(fields.Char):
    """A column that is never shown: it reads as false."""

    def to_read(self, value: object) -> object:
        return False


class ApiKeys(models.Model):
    """An API key of a user; the clear key is shown once and never stored."""

    _name = "res.users.apikeys"
    _description = "Users API Keys"
    _order = "id"
    _log_access = False

    name = fields.Char("Description", required=True, readonly=True)
    user_id = fields.Many2one(
        "res.users", "User", index=True, required=True, readonly=True, ondelete="cascade"
    )
    scope = fields.Char("Scope", readonly=True)
    expiration_date = fields.Datetime("Expiration Date", readonly=True)
    create_date = fields.Datetime("Creation Date", readonly=True)
    index = fields.Char(size=INDEX_SIZE, index=True, readonly=True)
    key = Secret(readonly=True)

    def _generate(
        self, user_id: int, scope: str | None, name: str, expiration_date: dt.datetime | None
    ) -> str:
        """Store a new key for ``user_id`` and return it in clear (the only time it is seen)."""
        key = secrets.token_hex(KEY_BYTES)
        self.sudo().create(
            {
                "name": name,
                "user_id": user_id,
                "scope": scope or False,
                "expiration_date": expiration_date or False,
                "create_date": self.env.now,
                "index": key[:INDEX_SIZE],
                "key": key_digest(key),
            }
        )
        return key

    def _check_credentials(self, scope: str, key: str) -> int | None:
        """The id of the active user owning ``key`` for ``scope``, or None.

        Expired keys, keys of archived users and keys of another scope fail
        exactly like an unknown key.
        """
        if len(key) != 2 * KEY_BYTES:
            return None
        now = self.env.now.strftime(fields.DATETIME_FORMAT)
        rows = self.env.cr.execute(
            'SELECT k.user_id, k."key" FROM "res_users_apikeys" k '
            'JOIN "res_users" u ON u.id = k.user_id '
            'WHERE k."index" = %s AND u.active IS TRUE '
            "AND (k.scope IS NULL OR k.scope = %s) "
            "AND (k.expiration_date IS NULL OR k.expiration_date >= %s)",
            [key[:INDEX_SIZE], scope, now],
        )
        digest = key_digest(key)
        for user_id, stored in rows:
            if hmac.compare_digest(stored, digest):
                return int(user_id)
        return None
