"""API keys from the command line: create one for a user found by login."""

from __future__ import annotations

import datetime as dt

from jsontwo.exceptions import UserError
from jsontwo.orm import Environment, Registry
from jsontwo.service.databases import with_superuser


def create_api_key(
    registry: Registry, login: str, name: str, expires_in_days: int | None = None
) -> str:
    """A new key for the user ``login``, in clear (shown once, never stored)."""

    def work(env: Environment) -> str:
        users = env["res.users"].with_context(active_test=False)
        found = users._search_ids([["login", "=", login]], limit=1)
        if not found:
            raise UserError(f"No user with login {login!r} in database {registry.database.name!r}.")
        expiry = env.now + dt.timedelta(days=expires_in_days) if expires_in_days else None
        keys = env["res.users.apikeys"].with_user(found[0]).sudo()
        return str(keys._generate(None, name, expiry))

    return with_superuser(registry, work)


def revoke_api_keys_named(registry: Registry, login: str, name: str) -> int:
    """Remove the keys of ``login`` described as ``name``; return how many."""

    def work(env: Environment) -> int:
        keys = env["res.users.apikeys"]
        ids = keys._search_ids([["user_id.login", "=", login], ["name", "=", name]])
        keys.browse(ids).unlink()
        return len(ids)

    return with_superuser(registry, work)
