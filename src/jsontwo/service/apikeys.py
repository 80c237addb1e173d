"""API keys from the command line: create, list and revoke any user's keys.

Each function is one transaction as the superuser. Listings carry everything
about a key but the key: neither the clear key (never stored) nor its index
and digest (which would help guess it) leave the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from jsontwo.exceptions import UserError
from jsontwo.orm import Environment, Registry, fields
from jsontwo.orm.models import BaseModel
from jsontwo.service.databases import with_superuser
from jsontwo.service.users import find_user

#: the scopes a key may be limited to; None (no scope) means any use
SCOPES = ("rpc",)


@dataclass(frozen=True, slots=True)
class ApiKeyInfo:
    """One API key, without the key."""

    id: int
    login: str
    name: str
    scope: str | None
    created: dt.datetime | None
    expires: dt.datetime | None
    #: whether the key had expired when it was listed (it no longer authenticates)
    expired: bool
    #: when the key last authenticated a call (None: never); written at most once
    #: a minute per key, so up to a minute behind
    last_used: dt.datetime | None = None


def create_api_key(
    registry: Registry,
    login: str,
    name: str,
    expires_in_days: int | None = None,
    scope: str | None = None,
) -> str:
    """A new key for the user ``login``, in clear (shown once, never stored). It
    never expires without ``expires_in_days``, and serves any use without ``scope``."""
    if scope is not None and scope not in SCOPES:
        raise UserError(f"Unknown API key scope {scope!r}: use one of {', '.join(SCOPES)}.")

    def work(env: Environment) -> str:
        user = find_user(env, login)
        expiry = env.now + dt.timedelta(days=expires_in_days) if expires_in_days else None
        keys = env["res.users.apikeys"].with_user(user.id).sudo()
        return str(keys._generate(scope, name, expiry))

    return with_superuser(registry, work)


def list_api_keys(registry: Registry, login: str | None = None) -> list[ApiKeyInfo]:
    """The keys of every user, or of the user ``login``, oldest first."""

    def work(env: Environment) -> list[ApiKeyInfo]:
        domain = [["user_id", "=", find_user(env, login).id]] if login is not None else []
        return _infos(_keys(env, domain))

    return with_superuser(registry, work, defer_write_lock=True)


def revoke_api_keys(registry: Registry, ids: Iterable[int]) -> list[ApiKeyInfo]:
    """Delete the keys ``ids`` and describe them. All or nothing: UserError naming
    the ids that are no key, and nothing is deleted."""
    wanted = sorted(set(ids))

    def work(env: Environment) -> list[ApiKeyInfo]:
        keys = _keys(env, [["id", "in", wanted]])
        missing = sorted(set(wanted) - set(keys.ids))
        if missing:
            raise UserError(
                f"No API key with id {', '.join(map(str, missing))} "
                f"in database {registry.database.name!r}."
            )
        return _remove(keys)

    return with_superuser(registry, work)


def revoke_api_keys_named(registry: Registry, login: str, name: str) -> int:
    """Delete the keys of ``login`` described as ``name``; return how many."""

    def work(env: Environment) -> int:
        return len(_remove(_keys(env, [["user_id.login", "=", login], ["name", "=", name]])))

    return with_superuser(registry, work)


def _keys(env: Environment, domain: list[list[object]]) -> BaseModel:
    # archived users' keys too: they come back to life with their owner
    keys = env["res.users.apikeys"].with_context(active_test=False)
    return keys.browse(keys._search_ids(domain, order="id"))


def _remove(keys: BaseModel) -> list[ApiKeyInfo]:
    infos = _infos(keys)
    keys._remove()
    return infos


def _infos(keys: BaseModel) -> list[ApiKeyInfo]:
    now = keys.env.now
    infos = []
    for key in keys:
        expires = read_datetime(key.expiration_date)
        infos.append(
            ApiKeyInfo(
                id=key.id,
                login=str(key.user_id.login),
                name=str(key.name),
                scope=key.scope or None,
                created=read_datetime(key.create_date),
                expires=expires,
                expired=expires is not None and expires < now,
                last_used=read_datetime(key.last_used),
            )
        )
    return infos


def read_datetime(value: object) -> dt.datetime | None:
    """A datetime field's value as a naive UTC datetime (None when unset)."""
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and value:
        return dt.datetime.strptime(value, fields.DATETIME_FORMAT)
    return None
