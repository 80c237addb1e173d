"""res.users.apikeys: API keys, stored as an index and a SHA-256 digest.

A key is 40 hex characters (160 random bits from :mod:`secrets`). Its first 8
characters are kept in clear as an index, so verifying a key is one indexed
lookup plus a constant-time comparison of digests: a key that random needs no
slow hash (a deliberate difference from Odoo's PBKDF2; docs/internals/protocol.md,
"Authentication and API keys").
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import logging
import secrets
from typing import Any, NamedTuple

from jsontwo.db import Database, StorageError
from jsontwo.db.faults import is_driver_error
from jsontwo.exceptions import AccessDenied, AccessError, UserError, ValidationError
from jsontwo.modules.base.models.apikeys_wizard import check_identity
from jsontwo.modules.base.models.ir_access import VERSION_KEY, note_version
from jsontwo.modules.base.registry_version import REGISTRY_VERSION_KEY, note_registry_version
from jsontwo.orm import api, dates, fields, models
from jsontwo.orm.registry import KEY_USES_TTL

_logger = logging.getLogger(__name__)

KEY_BYTES = 20
INDEX_SIZE = 8
#: how many unexpired keys a user may hold before ``generate`` refuses (Odoo's default)
DEFAULT_PROGRAMMATIC_LIMIT = 10


def key_digest(key: str) -> str:
    """The stored form of a key."""
    return hashlib.sha256(key.encode()).hexdigest()


#: where ``_check_credentials`` notes, in the transaction's memo, the id of the key it accepted
KEY_ID_MEMO = "res.users.apikeys:key_id"


class FoundKey(NamedTuple):
    """A stored key matching a presented one."""

    id: int
    user_id: int
    scope: str | None
    owner_active: bool


class Secret(fields.Char):
    """A column the API never sees (not in fields_get, not readable, not searchable);
    even in superuser mode it reads as false."""

    internal = True
    secret_value = True

    def to_read(self, value: object) -> object:
        return False


class LastUsed(fields.Datetime):
    """When a key last authenticated a call: for the key's owner and the operator
    (the account page, ``jsontwo apikey list``), not part of Odoo's model, so the
    API does not show it (internal: readable in superuser mode only)."""

    internal = True


#: a key's last use is written at most once per this many seconds (per worker)
LAST_USED_EVERY = KEY_USES_TTL


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
    index = Secret(size=INDEX_SIZE, index=True, readonly=True)
    key = Secret(readonly=True)
    last_used = LastUsed("Last Used", readonly=True)

    def _check_expiration_date(self, date: dt.datetime | None) -> None:
        """Refuse an expiry the calling user may not choose: administrators (and
        superuser mode) may create keys that never expire, last any time or are
        already expired;
        everyone else needs an expiry within the longest ``api_key_duration`` of
        their groups (1 day when none sets one)."""
        if self.env.is_system():
            return
        if not date:
            raise ValidationError("The API key must have an expiration date")
        days = self._max_duration_days()
        if date > self.env.now + dt.timedelta(days=days):
            raise ValidationError(f"You cannot exceed {days} days.")

    def _max_duration_days(self) -> float:
        """The longest key the calling user may create, in days (groups' maximum, else 1)."""
        groups = self.env.user._group_closure()
        if not groups:
            return 1.0
        marks = ", ".join(["%s"] * len(groups))
        rows = self.env.cr.execute(
            f'SELECT MAX(api_key_duration) FROM "res_groups" WHERE id IN ({marks})',
            sorted(groups),
        )
        return float(rows[0][0] or 0.0) or 1.0

    def _generate(self, scope: str | None, name: str, expiration_date: dt.datetime | None) -> str:
        """Store a new key for the calling user and return it in clear (the only time
        it is seen). The expiry is checked against the user's rights unless in
        superuser mode."""
        self._check_expiration_date(expiration_date)
        key = secrets.token_hex(KEY_BYTES)
        record = self.sudo().create(
            {
                "name": name,
                "user_id": self.env.uid,
                "scope": scope or False,
                "expiration_date": expiration_date or False,
                "create_date": self.env.now,
                "index": key[:INDEX_SIZE],
                "key": key_digest(key),
            }
        )
        _logger.info(
            "API key #%s generated: scope <%s> for user #%s from %s",
            record.id,
            scope,
            self.env.uid,
            self.env.transaction.remote_addr or "n/a",
        )
        return key

    def _check_credentials(self, scope: str, key: str) -> int | None:
        """The id of the active user owning ``key`` for ``scope``, or None.

        Expired keys, keys of archived users and keys of another scope fail
        exactly like an unknown key.
        """
        for found in self._find_key(key):
            if found.owner_active and found.scope in (None, scope):
                # the request log names the key (its id, never the key)
                self.env.transaction.memo[KEY_ID_MEMO] = found.id
                self._note_use(found.id)
                return found.user_id
        return None

    def _note_use(self, key_id: int) -> None:
        """Record that key ``key_id`` authenticated a call now, at most once per
        LAST_USED_EVERY seconds per key in this process (not a write per call):
        the time shown may be up to that much behind.

        The write runs after the call's commit, in a transaction of its own, on
        the primary. Inside a read call it would turn the read into a write: on
        SQLite a read transaction cannot take the write lock once another worker
        has written since it began, and on PostgreSQL two workers noting the
        same key conflict. Either way the whole call was tried again after
        Odoo's wait (up to 2 s), which happened whenever two workers started
        together. A note that fails (a conflict, the primary out of reach) is
        dropped: the next one comes a minute later."""
        recent = self.env.registry.caches.key_uses
        if key_id in recent:
            return
        recent[key_id] = True
        now = self._now_column()
        # another worker may have written it meanwhile: then leave its row alone
        since = (self.env.now - dt.timedelta(seconds=LAST_USED_EVERY)).strftime(
            fields.DATETIME_FORMAT
        )
        self.env.cr.after_commit[(_LAST_USED, key_id)] = functools.partial(
            _write_last_used, self.env.registry.database, key_id, now, since
        )

    def _find_key(self, key: str) -> list[FoundKey]:
        """The unexpired stored key that ``key`` is (none, or one): one indexed
        lookup, then a constant-time comparison of digests. The same statement
        reads the access rights' and the registry's version stamps, which the
        call needs next (no statement more on every authenticated call)."""
        if len(key) != 2 * KEY_BYTES:
            return []
        rows = self.env.cr.execute(
            'SELECT k.id, k.user_id, k.scope, u.active, k."key", '
            '(SELECT value FROM "ir_config_parameter" WHERE key = %s), '
            '(SELECT value FROM "ir_config_parameter" WHERE key = %s) '
            'FROM "res_users_apikeys" k JOIN "res_users" u ON u.id = k.user_id '
            'WHERE k."index" = %s AND (k.expiration_date IS NULL OR k.expiration_date >= %s)',
            [VERSION_KEY, REGISTRY_VERSION_KEY, key[:INDEX_SIZE], self._now_column()],
        )
        digest = key_digest(key)
        found = []
        for kid, uid, scope, active, stored, version, registry_version in rows:
            if hmac.compare_digest(stored, digest):
                found.append(FoundKey(int(kid), int(uid), scope or None, bool(active)))
                note_version(self.env, version)
                note_registry_version(self.env, registry_version)
        return found

    def _now_column(self) -> str:
        return self.env.now.strftime(fields.DATETIME_FORMAT)

    def _remove(self) -> None:
        """Delete these keys: the caller's own, or any for an administrator. A key
        that does not exist is refused the same way (it reveals nothing)."""
        rows = self.sudo().read(["user_id"], load=None)
        owners = {row["user_id"] for row in rows}
        if len(rows) != len(set(self._ids)) or (
            owners - {self.env.uid} and not self.env.is_system()
        ):
            raise AccessError(
                "You can not remove API keys unless they're yours or you are a system user"
            )
        _logger.info(
            "API key(s) %s removed by user #%s from %s",
            self.ids,
            self.env.uid,
            self.env.transaction.remote_addr or "n/a",
        )
        self.sudo().unlink()

    @check_identity
    def remove(self) -> dict[str, Any]:
        """Delete these keys (the caller's own, or any for an administrator), once
        the caller's identity is checked; answers the action closing the dialog."""
        if self._ids:
            owners = {row["user_id"] for row in self.sudo().read(["user_id"], load=None)}
            if owners - {self.env.uid} and not self.env.is_system():
                raise AccessError(
                    "You can not remove API keys unless they're yours or you are a system user"
                )
            self.sudo().unlink()
        return {"type": "ir.actions.act_window_close"}

    def _ensure_programmatic(self) -> None:
        """Programmatic key management is open when the database's setting
        ``base.enable_programmatic_api_keys`` is true; administrators always have it."""
        enabled = (
            self.env["ir.config_parameter"].sudo().get_param("base.enable_programmatic_api_keys")
        )
        if not (self.env.is_system() or fields.str2bool(enabled)):
            raise UserError("Programmatic API keys are not enabled")

    @api.model
    def generate(self, key: str, scope: str | None, name: str, expiration_date: str | None) -> str:
        """A new key for the caller, given one of their valid keys (``key``): answers
        the new key, the only time it is shown. ``scope`` is null (any use) or
        ``"rpc"``; ``expiration_date`` is ``YYYY-MM-DD`` or ``YYYY-MM-DD HH:MM:SS``
        (UTC), null only for administrators. To rotate a key: generate the new
        one, switch to it, then ``revoke`` the old one."""
        self._ensure_programmatic()
        with self.env["res.users"]._assert_can_auth():
            expiry = _parse_expiration(expiration_date)
            limit = self._programmatic_limit()
            self._serialise_per_user()
            live = self.sudo().search_count(
                [
                    ["user_id", "=", self.env.uid],
                    "|",
                    ["expiration_date", "=", False],
                    ["expiration_date", ">=", self._now_column()],
                ]
            )
            if live >= limit:
                raise UserError(f"Limit of {limit} API keys is reached for programmatic creation")
            # a key of no scope may make keys of any scope; a scoped key, only its own
            presented = [
                found
                for found in self._find_key(str(key or ""))
                if found.owner_active
                and found.user_id == self.env.uid
                and found.scope in (None, scope or None)
            ]
            if not presented:
                raise AccessDenied(
                    "The provided API key is invalid or does not belong to the current user."
                )
            if expiry and expiry < self.env.now:
                raise ValidationError("You cannot set an expiration date in the past.")
            return self._generate(scope or None, name, expiry)

    def _serialise_per_user(self) -> None:
        """Make the caller's concurrent ``generate`` calls run one after the other,
        so that the count of their keys and the new key cannot interleave (two
        calls at 9 keys both made a 10th). A write to the user's row: a second
        transaction writing it waits for the first, then fails with a
        serialization error (its snapshot is older) and is run again, counting
        the first one's key (a column that no foreign key reads: inserts elsewhere
        that name the user do not wait). A lock without a write would not do it: under
        PostgreSQL's REPEATABLE READ the count would still read the old snapshot."""
        self.env.cr.execute('UPDATE "res_users" SET active = active WHERE id = %s', [self.env.uid])

    @api.model
    def revoke(self, key: str) -> bool:
        """Delete the key ``key`` (not necessarily the one the call authenticates
        with) and answer true; 403 when it is not a valid key."""
        self._ensure_programmatic()
        with self.env["res.users"]._assert_can_auth():
            for found in self._find_key(str(key or "")):
                self.browse([found.id])._remove()
                return True
            raise AccessDenied("The provided API key is invalid.")

    def _programmatic_limit(self) -> int:
        """``base.programmatic_api_keys_limit`` (10 when unset or not a number)."""
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("base.programmatic_api_keys_limit", DEFAULT_PROGRAMMATIC_LIMIT)
        )
        try:
            return int(value)
        except (TypeError, ValueError):
            _logger.warning(
                "base.programmatic_api_keys_limit is not a number: using %s",
                DEFAULT_PROGRAMMATIC_LIMIT,
            )
            return DEFAULT_PROGRAMMATIC_LIMIT


def _parse_expiration(value: object) -> dt.datetime | None:
    """An expiry given over the API: null/false, ``YYYY-MM-DD`` (midnight) or
    ``YYYY-MM-DD HH:MM:SS``, in UTC."""
    if value is None or value is False or value == "":
        return None
    try:
        moment = dates.parse_iso(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None:
        raise ValidationError(
            f"Invalid expiration date {value!r}: use YYYY-MM-DD or YYYY-MM-DD HH:MM:SS (UTC)."
        )
    if isinstance(moment, dt.datetime):
        return moment
    return dt.datetime.combine(moment, dt.time())


#: the after-commit work of noting a key's use
_LAST_USED = "res.users.apikeys.last_used"


def _write_last_used(database: Database, key_id: int, now: str, since: str) -> None:
    """Set key ``key_id``'s last use to ``now`` unless another worker set it after
    ``since``, in a transaction of its own; a failure of the database (a
    conflict, the primary out of reach) drops the note."""
    try:
        with database.transaction() as cr:
            cr.execute(
                'UPDATE "res_users_apikeys" SET last_used = %s '
                "WHERE id = %s AND (last_used IS NULL OR last_used < %s)",
                [now, key_id, since],
            )
    except Exception as exc:
        if not (is_driver_error(exc) or isinstance(exc, StorageError)):
            raise
        _logger.debug("The last use of key %d was not noted: %s", key_id, exc)
