"""`jsontwo apikey create|list|revoke` and `--db` left out, run as an administrator
runs them, on SQLite and PostgreSQL: lists never show a key, revoked keys stop
working."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from jsontwo.db import Storage, open_storage
from jsontwo.exceptions import AccessDenied
from jsontwo.orm import Environment, Registry
from jsontwo.service import accounts
from jsontwo.service.apikeys import list_api_keys
from jsontwo.service.databases import with_superuser
from jsontwo.service.users import create_user
from tests.cli.test_commands import run
from tests.conftest import new_db_name


def unique(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:8]}"


def new_user(registry: Registry) -> str:
    """A user of its own for one test (its keys are the test's alone)."""
    return create_user(registry, unique("k"), "pw").login


def apikey(storage: Storage, registry: Registry, *args: str) -> tuple[int, str, str]:
    """`jsontwo apikey ARGS --db <the module's database>`."""
    return run(storage, "apikey", *args, "--db", registry.database.name)


def create_key(storage: Storage, registry: Registry, login: str, name: str, *args: str) -> str:
    code, out, err = apikey(storage, registry, "create", "--login", login, "--name", name, *args)
    assert code == 0, err
    return out.strip()


def listed(storage: Storage, registry: Registry, login: str) -> list[dict[str, object]]:
    code, out, err = apikey(storage, registry, "list", "--login", login, "--json")
    assert code == 0, err
    rows: list[dict[str, object]] = json.loads(out)
    return rows


def authenticates(registry: Registry, login: str, key: str) -> bool:
    """Whether ``key`` signs ``login`` in (keys of scope rpc, or of no scope, do)."""
    address = f"10.1.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    try:
        accounts.authenticate(registry, login, key, address, api_key=True)
    except AccessDenied:
        return False
    return True


def test_apikey_list_shows_keys_but_never_the_key(storage: Storage, registry: Registry) -> None:
    login = new_user(registry)
    forever = create_key(storage, registry, login, "CI [nightly]")
    scoped = create_key(
        storage, registry, login, "rpc only", "--scope", "rpc", "--expires-in-days", "7"
    )
    code, out, err = apikey(storage, registry, "list", "--login", login)
    assert code == 0, err
    for key in (forever, scoped):
        assert key not in out and key[:8] not in out
    rows = [line.split() for line in out.splitlines() if login in line]
    assert len(rows) == 2
    assert "CI [nightly]" in out  # names are no markup
    assert rows[0][-1] == "never" and "any" in rows[0]
    assert "rpc" in rows[1] and "expired" not in out
    keys = listed(storage, registry, login)
    assert [(k["name"], k["scope"], k["expired"]) for k in keys] == [
        ("CI [nightly]", None, False),
        ("rpc only", "rpc", False),
    ]
    assert keys[0]["expires"] is None and isinstance(keys[1]["expires"], str)
    assert all(k["login"] == login and k["created"] for k in keys)
    assert set(keys[0]) == {
        "id",
        "login",
        "name",
        "scope",
        "created",
        "expires",
        "expired",
        "last_used",
    }
    assert forever not in json.dumps(keys) and forever[:8] not in json.dumps(keys)


def test_apikey_list_marks_expired_keys(storage: Storage, registry: Registry) -> None:
    login = new_user(registry)
    create_key(storage, registry, login, "old", "--expires-in-days", "1")
    [stored] = list_api_keys(registry, login)

    def expire(env: Environment) -> None:
        env.cr.execute(
            'UPDATE "res_users_apikeys" SET expiration_date = %s WHERE id = %s',
            ["2001-02-03 04:05:06", stored.id],
        )

    with_superuser(registry, expire)
    code, out, _err = apikey(storage, registry, "list", "--login", login)
    assert code == 0
    assert "2001-02-03 04:05 expired" in out
    [key] = listed(storage, registry, login)
    assert key["expired"] is True and key["expires"] == "2001-02-03T04:05:06"


def test_apikey_list_of_everyone_and_of_nobody(storage: Storage, registry: Registry) -> None:
    first, second = new_user(registry), new_user(registry)
    create_key(storage, registry, first, "one")
    create_key(storage, registry, second, "two")
    code, out, _err = apikey(storage, registry, "list")
    assert code == 0
    assert first in out and second in out
    code, out, _err = apikey(storage, registry, "list", "--login", new_user(registry))
    assert (code, out) == (0, "No API keys.\n")
    code, out, _err = apikey(storage, registry, "list", "--login", new_user(registry), "--json")
    assert (code, json.loads(out)) == (0, [])
    code, _out, err = apikey(storage, registry, "list", "--login", "nobody-at-all")
    assert code == 1
    assert "No user with login 'nobody-at-all'" in err


def test_apikey_create_scope_rpc_authenticates(storage: Storage, registry: Registry) -> None:
    login = new_user(registry)
    key = create_key(storage, registry, login, "rpc", "--scope", "rpc")
    assert authenticates(registry, login, key)
    code, _out, err = apikey(
        storage, registry, "create", "--login", login, "--name", "x", "--scope", "web"
    )
    assert code == 2
    assert "Invalid value for '--scope'" in err


def test_apikey_revoke_by_id(storage: Storage, registry: Registry) -> None:
    login = new_user(registry)
    keys = [create_key(storage, registry, login, name) for name in ("a", "b", "c")]
    ids = [key.id for key in list_api_keys(registry, login)]
    code, out, err = apikey(storage, registry, "revoke", str(ids[0]), str(ids[2]))
    assert code == 0, err
    assert out == ""
    assert f"Revoked API key {ids[0]} 'a' of {login}." in err
    assert f"Revoked API key {ids[2]} 'c' of {login}." in err
    assert [key.name for key in list_api_keys(registry, login)] == ["b"]
    assert not authenticates(registry, login, keys[0])
    assert authenticates(registry, login, keys[1])


def test_apikey_revoke_an_unknown_id_revokes_nothing(storage: Storage, registry: Registry) -> None:
    login = new_user(registry)
    create_key(storage, registry, login, "kept")
    [key] = list_api_keys(registry, login)
    code, _out, err = apikey(storage, registry, "revoke", str(key.id), "999999")
    assert code == 1
    assert f"No API key with id 999999 in database {registry.database.name!r}." in err
    assert list_api_keys(registry, login) == [key]


def test_apikey_revoke_by_login_and_name(storage: Storage, registry: Registry) -> None:
    login = new_user(registry)
    for name in ("deploy", "deploy", "other"):
        create_key(storage, registry, login, name)
    code, _out, err = apikey(storage, registry, "revoke", "--login", login, "--name", "deploy")
    assert code == 0, err
    assert f"Revoked 2 API key(s) 'deploy' of {login}." in err
    assert [key.name for key in list_api_keys(registry, login)] == ["other"]
    code, _out, err = apikey(storage, registry, "revoke", "--login", login, "--name", "deploy")
    assert code == 1
    assert f"User {login!r} has no API key named 'deploy'." in err


def test_apikey_revoke_needs_ids_or_login_and_name(storage: Storage, registry: Registry) -> None:
    for args in ((), ("--login", "admin"), ("1", "--login", "admin", "--name", "x")):
        code, _out, err = apikey(storage, registry, "revoke", *args)
        assert code == 2, args
        assert "--login and --name" in err


def test_db_may_be_left_out_when_there_is_one_database(tmp_path: Path) -> None:
    storage = open_storage(data_dir=tmp_path)
    code, _out, err = run(storage, "user", "list")
    assert code == 1
    assert "No database exists yet" in err
    assert run(storage, "db", "create", "only")[0] == 0
    code, out, err = run(storage, "apikey", "create", "--login", "admin", "--name", "mono")
    assert code == 0, err
    assert len(out.strip()) == 40
    code, out, err = run(storage, "user", "list")
    assert code == 0, err
    assert "admin" in out


def test_db_must_be_named_when_there_are_several(storage: Storage, registry: Registry) -> None:
    other = new_db_name("cli")
    assert run(storage, "db", "create", other)[0] == 0
    try:
        code, out, err = run(storage, "apikey", "list")
        assert code == 1
        assert out == ""
        assert f"Several databases exist in {storage.description}: name one with --db (" in err
        assert other in err and registry.database.name in err
    finally:
        run(storage, "db", "drop", other, "--yes")


def test_db_that_does_not_exist(storage: Storage) -> None:
    name = new_db_name("missing")
    code, _out, err = run(storage, "user", "list", "--db", name)
    assert code == 1
    assert f"Database {name!r} does not exist." in err


def test_the_demo_users_key_is_printed_and_calls_as_demo(
    storage: Storage, registry: Registry
) -> None:
    """Issue 5's demo data: a key for the non-admin ``demo`` from the command line,
    which then authenticates as that user."""
    key = create_key(storage, registry, "demo", unique("demo"))
    found = accounts_key_user(registry, key)
    assert found == "demo"


def accounts_key_user(registry: Registry, key: str) -> str:
    def work(env: Environment) -> str:
        found = env["res.users.apikeys"]._check_credentials("rpc", key)
        return str(env["res.users"].browse([found]).login)

    return str(with_superuser(registry, work))


def test_apikey_list_shows_when_a_key_was_last_used(storage: Storage, registry: Registry) -> None:
    login = new_user(registry)
    key = create_key(storage, registry, login, "in use")
    (row,) = listed(storage, registry, login)
    assert row["last_used"] is None
    assert authenticates(registry, login, key)
    (row,) = listed(storage, registry, login)
    assert isinstance(row["last_used"], str) and row["last_used"] >= str(row["created"])
    code, out, err = apikey(storage, registry, "list", "--login", login)
    assert code == 0, err
    assert "Last used (UTC)" in out and str(row["last_used"])[:10] in out.split("in use")[1]
