"""jsontwo.service.apikeys: creating, listing and revoking any user's keys, as
the command line does, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from jsontwo.exceptions import UserError
from jsontwo.orm import Registry
from jsontwo.service.apikeys import (
    ApiKeyInfo,
    create_api_key,
    list_api_keys,
    revoke_api_keys,
    revoke_api_keys_named,
)
from jsontwo.service.users import create_user


def new_login(registry: Registry) -> str:
    return create_user(registry, f"key{uuid.uuid4().hex[:8]}", "pw").login


def test_list_api_keys_describes_keys_without_them(registry: Registry) -> None:
    login = new_login(registry)
    before = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    key = create_api_key(registry, login, "build", expires_in_days=3, scope="rpc")
    [info] = list_api_keys(registry, login)
    assert isinstance(info, ApiKeyInfo)
    assert (info.login, info.name, info.scope, info.expired) == (login, "build", "rpc", False)
    assert info.created is not None and abs(info.created - before) < dt.timedelta(minutes=1)
    assert info.expires == info.created + dt.timedelta(days=3)
    assert key not in repr(info) and key[:8] not in repr(info)


def test_list_api_keys_of_everyone_oldest_first(registry: Registry) -> None:
    first, second = new_login(registry), new_login(registry)
    create_api_key(registry, first, "one")
    create_api_key(registry, second, "two")
    keys = list_api_keys(registry)
    assert [k.id for k in keys] == sorted(k.id for k in keys)
    assert {(k.login, k.name) for k in keys} >= {(first, "one"), (second, "two")}
    assert [k.scope for k in list_api_keys(registry, first)] == [None]


def test_create_api_key_refuses_unknown_scopes_and_users(registry: Registry) -> None:
    with pytest.raises(UserError, match="Unknown API key scope 'web'"):
        create_api_key(registry, "admin", "x", scope="web")
    with pytest.raises(UserError, match="No user with login 'nobody-here'"):
        list_api_keys(registry, "nobody-here")


def test_revoke_api_keys_by_id_is_all_or_nothing(registry: Registry) -> None:
    login = new_login(registry)
    for name in ("a", "b"):
        create_api_key(registry, login, name)
    a, b = list_api_keys(registry, login)
    with pytest.raises(UserError, match="No API key with id 999998, 999999 in database"):
        revoke_api_keys(registry, [a.id, 999999, 999998])
    assert list_api_keys(registry, login) == [a, b]
    assert revoke_api_keys(registry, [b.id, b.id]) == [b]
    assert list_api_keys(registry, login) == [a]


def test_revoke_api_keys_named_counts(registry: Registry) -> None:
    login = new_login(registry)
    for name in ("x", "x", "y"):
        create_api_key(registry, login, name)
    assert revoke_api_keys_named(registry, login, "x") == 2
    assert revoke_api_keys_named(registry, login, "x") == 0
    assert [k.name for k in list_api_keys(registry, login)] == ["y"]
