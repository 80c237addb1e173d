"""A user's own account: signing in with a password, and managing one's API keys.

What the account-security page (and, later, the legacy endpoints' login)
needs from the models, each function one transaction. Callers pass the
client's network address, which the login guard counts failures by.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass

from jsontwo.exceptions import AccessDenied, AccessError, SessionExpired
from jsontwo.modules.base import upgrade_data
from jsontwo.modules.base.models.ir_access import VERSION_KEY, note_version
from jsontwo.modules.base.models.users import verify_password
from jsontwo.modules.base.registry_version import REGISTRY_VERSION_KEY, note_registry_version
from jsontwo.orm import Environment, Registry
from jsontwo.service.apikeys import read_datetime
from jsontwo.service.databases import with_superuser
from jsontwo.service.pipeline import Authenticate

#: what a failed sign-in says (the model's AccessDenied says only "Access Denied")
WRONG_CREDENTIALS = "Wrong login/password"
#: how many verified (user, password) pairs a process keeps per database before
#: starting over (a bound against memory growth; a miss costs one argon2 check)
PASSWORD_CACHE_SIZE = 4096
#: the largest id a record can have (a 64-bit integer on both databases)
MAX_ID = 2**63 - 1


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
    #: when the key last authenticated a call (None: never; up to a minute behind)
    last_used: dt.datetime | None = None


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


def legacy_login(registry: Registry, login: str, password: str, remote_addr: str) -> int:
    """The id of the active user ``login`` whose password, or API key of scope
    ``rpc``, is ``password``: the legacy endpoints' ``common.login`` and
    ``authenticate``. Checked as :func:`check_uid_password` checks each call
    (argon2 once per process, then the remembered pair), so repeated logins
    are cheap and the calls after a login do not pay argon2 again.
    AccessDenied otherwise, counted by the login guard."""

    def work(env: Environment) -> int:
        env.transaction.remote_addr = remote_addr
        users = env["res.users"]
        found = users._search_ids([["login", "=", login]], limit=1) if login else []
        if not found:  # the model's own path: the guard, and as long as a known login
            return int(users._login(login, password, api_key=True))
        check_uid_password(env, int(found[0]), password)
        users.browse(found)._update_last_login()
        return int(found[0])

    return with_superuser(registry, work)


def check_uid_password(env: Environment, uid: int, password: object) -> None:
    """Accept the legacy endpoints' ``(uid, password)`` pair, or raise AccessDenied
    (Odoo's ``_check_uid_passwd``), inside the call's own transaction (``env`` is
    a superuser environment of it).

    The password slot holds the user's password or one of their API keys of
    scope ``rpc`` (or of no scope). A key is checked first when the value looks
    like one: that is one indexed lookup, which also reads the access rights'
    version stamp. A password is verified with argon2 once per process; then
    the process remembers ``(uid, sha256(password)) -> stored hash``. Every
    call reads the user's current hash and activity (in the one statement that
    also reads the version stamp) and takes the remembered pair only while the
    stored hash is the same: a password change (which stores a new, freshly
    salted hash), an archived or deleted user apply at the next call in every
    worker, with no message between processes. The clear password is never
    kept. Failures count toward the login guard (``_assert_can_auth``), as Odoo's.
    """
    if not password or not isinstance(password, str):
        raise AccessDenied()
    keys = env["res.users.apikeys"]
    if _looks_like_key(password) and keys._check_credentials("rpc", password) == uid:
        return
    # an id no record can have is an unknown user (SQLite cannot even bind it)
    rows = (
        env.cr.execute(
            'SELECT password, active, (SELECT value FROM "ir_config_parameter" WHERE key = %s), '
            '(SELECT value FROM "ir_config_parameter" WHERE key = %s) '
            'FROM "res_users" WHERE id = %s',
            [VERSION_KEY, REGISTRY_VERSION_KEY, uid],
        )
        if 0 < uid <= MAX_ID
        else []
    )
    stored, active = (rows[0][0], bool(rows[0][1])) if rows else (None, False)
    if rows:
        note_version(env, rows[0][2])
        note_registry_version(env, rows[0][3])
    cache = env.registry.caches.verified_passwords
    digest = hashlib.sha256(password.encode()).digest()
    remembered = cache.get((uid, digest))
    if active and stored and remembered and hmac.compare_digest(remembered, stored):
        return
    with env["res.users"]._assert_can_auth():
        if not active or not verify_password(stored, password):
            raise AccessDenied()
    if len(cache) >= PASSWORD_CACHE_SIZE:
        cache.clear()
    cache[(uid, digest)] = str(stored)


def _looks_like_key(value: str) -> bool:
    """Whether ``value`` has an API key's form (40 hexadecimal characters)."""
    if len(value) != 40:
        return False
    try:
        int(value, 16)
    except ValueError:
        return False
    return True


def user_summary(registry: Registry, uid: int) -> UserSummary:
    """The signed-in user's login, name and key rights."""

    def work(env: Environment) -> UserSummary:
        user_env = env(uid=uid, su=False)
        row = env["res.users"].browse([uid]).read(["login", "name"], load=None)[0]
        admin = user_env.is_system()
        days = None if admin else float(user_env["res.users.apikeys"]._max_duration_days())
        return UserSummary(uid, str(row["login"]), str(row["name"]), admin, days)

    return with_superuser(registry, work, defer_write_lock=True)


def session_fingerprint(registry: Registry, uid: int) -> str | None:
    """A value that changes when the user's password or login changes; None when
    the user is archived or gone. Signed into session cookies, so that changing
    a password signs every session out."""
    return with_superuser(registry, lambda env: fingerprint_of(env, uid), defer_write_lock=True)


def fingerprint_of(env: Environment, uid: int) -> str | None:
    """:func:`session_fingerprint`, read in ``env``'s transaction (a call checks
    its session in its own transaction: no password change can slip between)."""
    rows = env.cr.execute(
        'SELECT login, password FROM "res_users" WHERE id = %s AND active IS TRUE', [uid]
    )
    if not rows:
        return None
    login, password = rows[0]
    return hashlib.sha256(f"{uid}:{login}:{password or ''}".encode()).hexdigest()[:32]


def session_user(uid: int, signed_in: Callable[[str | None], bool]) -> Authenticate:
    """The proof of a browser session for a call (:mod:`jsontwo.service.pipeline`):
    ``uid``, the session's user, while ``signed_in(fingerprint)`` holds for the
    user's fingerprint read in the call's transaction; SessionExpired otherwise
    (the password or login changed, or the user was archived)."""

    def authenticate(env: Environment) -> int:
        if not signed_in(fingerprint_of(env, uid)):
            raise SessionExpired()
        return uid

    return authenticate


#: the setting listing the secrets that signed cookies before ``database.secret``
#: (comma-separated, oldest first): they still verify, they no longer sign
PREVIOUS_SECRETS = "database.secret.previous"


def session_secret(registry: Registry) -> str:
    """The database's secret (``database.secret``) for signing cookies and CSRF tokens,
    the same in every worker; a new one when it was removed (which signs every
    session out), never a guessable stand-in."""
    return session_secrets(registry)[-1]


def session_secrets(registry: Registry) -> tuple[str, ...]:
    """The secrets that verify the database's cookies, oldest first: those of
    PREVIOUS_SECRETS, then ``database.secret``, the one that signs (key rotation:
    move the current secret to PREVIOUS_SECRETS and set a new one; sessions
    signed before stay valid until they expire)."""

    def read(env: Environment) -> tuple[str | None, str]:
        params = env["ir.config_parameter"]
        value = params.get_param("database.secret")
        previous = params.get_param(PREVIOUS_SECRETS)
        return (str(value) if value else None), str(previous or "")

    secret, previous = with_superuser(registry, read, defer_write_lock=True)
    if secret is None:  # removed by hand: the base module's upgrade makes a new one
        with_superuser(registry, upgrade_data)
        secret, previous = with_superuser(registry, read, defer_write_lock=True)
    assert secret is not None
    older = [item.strip() for item in previous.split(",") if item.strip()]
    return (*older, secret)


def list_keys(registry: Registry, uid: int) -> list[KeyInfo]:
    """The user's API keys, newest first."""

    def work(env: Environment) -> list[KeyInfo]:
        keys = env["res.users.apikeys"]
        ids = keys._search_ids([["user_id", "=", uid]], order="id desc")
        rows = keys.browse(ids).read(
            ["name", "scope", "create_date", "expiration_date", "last_used"], load=None
        )
        return [
            KeyInfo(
                row["id"],
                row["name"],
                row["scope"] or None,
                read_datetime(row["create_date"]),
                read_datetime(row["expiration_date"]),
                read_datetime(row["last_used"]),
            )
            for row in rows
        ]

    return with_superuser(registry, work, defer_write_lock=True)


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
