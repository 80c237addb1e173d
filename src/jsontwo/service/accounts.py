"""A user's own account: signing in with a password, and managing one's API keys.

What the account-security page (and, later, the legacy endpoints' login)
needs from the models, each function one transaction. Callers pass the
client's network address, which the login guard counts failures by.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from jsontwo.exceptions import AccessDenied, AccessError
from jsontwo.modules.base import upgrade_data
from jsontwo.orm import Environment, Registry
from jsontwo.service.apikeys import read_datetime
from jsontwo.service.databases import with_superuser

#: what a failed sign-in says (the model's AccessDenied says only "Access Denied")
WRONG_CREDENTIALS = "Wrong login/password"


@dataclass(frozen=True, slots=True)
class UserSummary:
    """Who is signed in, and what they may do with keys."""

    uid: int
    login: str
    name: str
    is_admin: bool
    #: the longest key the user may create, in days; None: no limit (administrators)
    max_key_days: float | None


@dataclass(frozen=True, slots=True)
class KeyInfo:
    """One API key as its owner sees it: everything but the key."""

    id: int
    name: str
    scope: str | None
    created: dt.datetime | None
    expires: dt.datetime | None


def authenticate(
    registry: Registry, login: str, password: str, remote_addr: str, api_key: bool = False
) -> int:
    """The id of the user ``login`` whose password is ``password``, or, with
    ``api_key`` (the legacy endpoints' logins, as Odoo's), one of their API keys of
    scope ``rpc``. A browser sign-in never takes a key: a leaked key must not
    become a session that outlives its revocation. AccessDenied "Wrong
    login/password" otherwise, or "Too many login failures..." while
    ``remote_addr`` is cooling down."""

    def work(env: Environment) -> int:
        env.transaction.remote_addr = remote_addr
        return int(env["res.users"]._login(login, password, api_key))

    try:
        return with_superuser(registry, work)
    except AccessDenied as exc:
        if str(exc) == "Access Denied":
            raise AccessDenied(WRONG_CREDENTIALS) from None
        raise


def user_summary(registry: Registry, uid: int) -> UserSummary:
    """The signed-in user's login, name and key rights."""

    def work(env: Environment) -> UserSummary:
        user_env = env(uid=uid, su=False)
        row = env["res.users"].browse([uid]).read(["login", "name"], load=None)[0]
        admin = user_env.is_system()
        days = None if admin else float(user_env["res.users.apikeys"]._max_duration_days())
        return UserSummary(uid, str(row["login"]), str(row["name"]), admin, days)

    return with_superuser(registry, work, readonly=True)


def session_fingerprint(registry: Registry, uid: int) -> str | None:
    """A value that changes when the user's password or login changes; None when
    the user is archived or gone. Signed into session cookies, so that changing
    a password signs every session out."""

    def work(env: Environment) -> str | None:
        rows = env.cr.execute(
            'SELECT login, password FROM "res_users" WHERE id = %s AND active IS TRUE', [uid]
        )
        if not rows:
            return None
        login, password = rows[0]
        return hashlib.sha256(f"{uid}:{login}:{password or ''}".encode()).hexdigest()[:32]

    return with_superuser(registry, work, readonly=True)


def session_secret(registry: Registry) -> str:
    """The database's secret (``database.secret``) for signing cookies and CSRF tokens,
    the same in every worker; a new one when it was removed (which signs every
    session out), never a guessable stand-in."""

    def read(env: Environment) -> str | None:
        value = env["ir.config_parameter"].get_param("database.secret")
        return str(value) if value else None

    secret = with_superuser(registry, read, readonly=True)
    if secret is None:  # removed by hand: the base module's upgrade makes a new one
        with_superuser(registry, upgrade_data)
        secret = with_superuser(registry, read, readonly=True)
    assert secret is not None
    return secret


def list_keys(registry: Registry, uid: int) -> list[KeyInfo]:
    """The user's API keys, newest first."""

    def work(env: Environment) -> list[KeyInfo]:
        keys = env["res.users.apikeys"]
        ids = keys._search_ids([["user_id", "=", uid]], order="id desc")
        rows = keys.browse(ids).read(["name", "scope", "create_date", "expiration_date"], load=None)
        return [
            KeyInfo(
                row["id"],
                row["name"],
                row["scope"] or None,
                read_datetime(row["create_date"]),
                read_datetime(row["expiration_date"]),
            )
            for row in rows
        ]

    return with_superuser(registry, work, readonly=True)


def create_key(
    registry: Registry, uid: int, name: str, days: int | None, remote_addr: str | None = None
) -> str:
    """A new key for the user, valid ``days`` days (None: forever, administrators
    only), answered in clear once. ValidationError when the user may not choose
    that duration; AccessError for users who are not internal users."""

    def work(env: Environment) -> str:
        env.transaction.remote_addr = remote_addr
        keys = env(uid=uid, su=False)["res.users.apikeys"]
        if not keys.env.user._is_internal():
            raise AccessError("Only internal users can create API keys")
        expiry = keys.env.now + dt.timedelta(days=days) if days else None
        return str(keys._generate(None, name.strip() or "API key", expiry))

    return with_superuser(registry, work)


def revoke_key(registry: Registry, uid: int, key_id: int, remote_addr: str | None = None) -> None:
    """Delete the key ``key_id``, one of the user's own (the page lists only those;
    administrators revoke others' keys with ``revoke`` or the command line)."""

    def work(env: Environment) -> None:
        env.transaction.remote_addr = remote_addr
        keys = env["res.users.apikeys"]
        if not keys._search_ids([["id", "=", key_id], ["user_id", "=", uid]]):
            raise AccessError(
                "You can not remove API keys unless they're yours or you are a system user"
            )
        env(uid=uid, su=False)["res.users.apikeys"].browse([key_id])._remove()

    with_superuser(registry, work)
