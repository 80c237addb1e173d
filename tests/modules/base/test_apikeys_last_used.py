"""When each API key was last used: written by the call it authenticates, at most
once a minute per key (per worker), never a write per call; on both backends, and
in databases made before the column existed.
"""

from __future__ import annotations

import datetime as dt

from jsontwo.db import Storage
from jsontwo.orm import Environment, Registry
from jsontwo.service import create_database
from jsontwo.service.apikeys import create_api_key, list_api_keys
from jsontwo.service.databases import Databases, with_superuser
from tests.conftest import Api, as_made_by_an_older_jsontwo, new_db_name
from tests.modules.base.test_apikeys import app_registry, new_user


def last_used(registry: Registry, login: str) -> dt.datetime | None:
    """The last use of ``login``'s only key, as ``jsontwo apikey list`` shows it."""
    (info,) = list_api_keys(registry, login)
    return info.last_used


def key_writes(statements: list[str]) -> list[str]:
    return [s for s in statements if s.lstrip().upper().startswith('UPDATE "RES_USERS_APIKEYS"')]


def test_a_call_notes_its_keys_use_once_a_minute(
    api: Api, registry: Registry, statements: list[str]
) -> None:
    user = new_user(registry)
    assert last_used(registry, user.login) is None
    before = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    statements.clear()
    assert api.call("res.partner", "search_count", {"domain": []}, key=user.key).status_code == 200
    assert len(key_writes(statements)) == 1
    used = last_used(registry, user.login)
    assert used is not None and before <= used <= before + dt.timedelta(minutes=1)
    statements.clear()
    for _ in range(3):  # within the minute: no write at all
        response = api.call("res.partner", "search_count", {"domain": []}, key=user.key)
        assert response.status_code == 200
    assert key_writes(statements) == []
    assert last_used(registry, user.login) == used


def test_a_minute_later_the_key_is_noted_again(
    api: Api, registry: Registry, statements: list[str]
) -> None:
    user = new_user(registry)
    caches = app_registry(api).caches
    assert api.call("res.partner", "search_count", {"domain": []}, key=user.key).status_code == 200
    clock = caches.clock
    now = clock()
    caches.clock = lambda: now + 61
    try:
        statements.clear()
        assert (
            api.call("res.partner", "search_count", {"domain": []}, key=user.key).status_code == 200
        )
        # the worker writes again (the row, written less than a minute ago by the
        # database's clock, is left as it is)
        assert len(key_writes(statements)) == 1
    finally:
        caches.clock = clock


def test_a_refused_key_notes_nothing(api: Api, registry: Registry) -> None:
    user = new_user(registry)
    wrong = user.key[:8] + "0" * 32
    assert api.call("res.partner", "search_count", {"domain": []}, key=wrong).status_code == 401
    assert last_used(registry, user.login) is None


def test_a_database_made_before_last_used_gets_the_column(storage: Storage) -> None:
    name = new_db_name("lastused")
    registry = create_database(storage, name)
    try:

        def older(env: Environment) -> None:
            env.cr.execute('ALTER TABLE "res_users_apikeys" DROP COLUMN last_used')
            as_made_by_an_older_jsontwo(env)

        with_superuser(registry, older)
        registry.database.dispose()
        upgraded = Databases(storage).registry(name)  # as a server opening it
        try:
            create_api_key(upgraded, "admin", "after the upgrade")
            (info,) = list_api_keys(upgraded, "admin")
            assert info.name == "after the upgrade" and info.last_used is None
        finally:
            upgraded.database.dispose()
    finally:
        storage.drop(name)


def test_noting_a_keys_use_never_fails_the_call_it_authenticates(registry: Registry) -> None:
    """Another worker writes (here: notes the same key) after a read call began
    and before its key is checked. The note is written after the call, in a
    transaction of its own: inside the read's transaction it failed (SQLite:
    the read may no longer take the write lock; PostgreSQL: the same row
    changed since the snapshot), and the whole call was tried again after a
    wait of up to 2 s, which two workers starting together met every time."""
    user = new_user(registry)
    database = registry.database
    registry.caches.key_uses.clear()
    with database.transaction(defer_write_lock=True) as cr:
        cr.execute('SELECT COUNT(*) FROM "res_partner"')  # the read's snapshot
        with database.transaction() as other:  # another worker's write, committed
            other.execute(
                'UPDATE "res_users_apikeys" SET last_used = %s WHERE user_id = %s',
                ["2026-01-01 00:00:00", user.uid],
            )
        keys = registry.environment(cr, user.uid)["res.users.apikeys"]
        assert keys._check_credentials("rpc", user.key) == user.uid
    used = last_used(registry, user.login)
    assert used is not None and used > dt.datetime(2026, 1, 1)
