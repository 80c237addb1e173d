"""`jsontwo user create|password|list`, run as an administrator runs them, on
SQLite and PostgreSQL: the users they make sign in, and passwords never show."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid

import pytest

from jsontwo.db import Storage
from jsontwo.exceptions import AccessDenied
from jsontwo.orm import Registry
from jsontwo.service import accounts
from jsontwo.service.users import list_users
from tests.cli.test_commands import run


def unique(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:8]}"


def signs_in(registry: Registry, login: str, password: str) -> int | None:
    """The user's id when ``login`` / ``password`` signs in, else None."""
    # a fresh address each time: failed attempts must not add up to a cooldown
    address = f"10.0.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    try:
        return accounts.authenticate(registry, login, password, address)
    except AccessDenied:
        return None


def create(storage: Storage, registry: Registry, *args: str, input: str | None = None) -> str:
    """`jsontwo user create --db <the module's database> ARGS`; its standard error."""
    code, out, err = run(
        storage, "user", "create", "--db", registry.database.name, *args, input=input
    )
    assert code == 0, err
    assert out == ""
    return err


def test_user_create_makes_an_internal_user_who_signs_in(
    storage: Storage, registry: Registry
) -> None:
    login = unique("ann")
    err = create(storage, registry, "--login", login, "--password", "s3cret!", "--name", "Ann")
    uid = signs_in(registry, login, "s3cret!")
    assert uid is not None
    assert f"Created user {uid} {login!r} (internal user)" in err
    assert "s3cret!" not in err
    assert signs_in(registry, login, "wrong") is None
    summary = accounts.user_summary(registry, uid)
    assert (summary.login, summary.name, summary.is_admin) == (login, "Ann", False)


def test_user_create_admin_makes_an_administrator(storage: Storage, registry: Registry) -> None:
    login = unique("boss")
    err = create(storage, registry, "--login", login, "--password", "pw", "--admin")
    uid = signs_in(registry, login, "pw")
    assert uid is not None
    assert "(administrator)" in err
    summary = accounts.user_summary(registry, uid)
    assert summary.is_admin
    assert summary.name == login  # the name defaults to the login


def test_user_create_asks_for_the_password_twice_without_echo(
    storage: Storage, registry: Registry
) -> None:
    login = unique("typed")
    err = create(storage, registry, "--login", login, input="typed pw\ntyped pw\n")
    assert "Repeat for confirmation" in err
    assert "typed pw" not in err
    assert signs_in(registry, login, "typed pw") is not None


def test_user_create_asks_again_when_the_passwords_differ(
    storage: Storage, registry: Registry
) -> None:
    login = unique("retyped")
    err = create(storage, registry, "--login", login, input="one\ntwo\nthree\nthree\n")
    assert "do not match" in err
    assert signs_in(registry, login, "three") is not None
    assert signs_in(registry, login, "one") is None


@pytest.mark.parametrize("password", ["", "   "])
def test_user_create_refuses_an_empty_password(
    storage: Storage, registry: Registry, password: str
) -> None:
    login = unique("empty")
    code, _out, err = run(
        storage,
        "user",
        "create",
        "--db",
        registry.database.name,
        "--login",
        login,
        "--password",
        password,
    )
    assert code == 1
    assert "The password cannot be empty." in err
    assert login not in [user.login for user in list_users(registry)]


def test_user_create_refuses_a_login_that_is_taken(storage: Storage, registry: Registry) -> None:
    code, out, err = run(
        storage,
        "user",
        "create",
        "--db",
        registry.database.name,
        "--login",
        "admin",
        "--password",
        "x",
    )
    assert code == 1
    assert out == ""
    assert "You can not have two users with the same login!" in err
    assert "Traceback" not in err


def test_user_password_changes_the_password(storage: Storage, registry: Registry) -> None:
    login = unique("pwd")
    create(storage, registry, "--login", login, "--password", "old")
    uid = signs_in(registry, login, "old")
    assert uid is not None
    fingerprint = accounts.session_fingerprint(registry, uid)
    code, out, err = run(
        storage, "user", "password", "--db", registry.database.name, "--login", login,
        input="new one\nnew one\n",
    )  # fmt: skip
    assert code == 0, err
    assert f"Changed the password of user {uid} {login!r}." in err
    assert "new one" not in out + err
    assert signs_in(registry, login, "new one") == uid
    assert signs_in(registry, login, "old") is None
    # page sessions are signed with this fingerprint: they all end
    assert accounts.session_fingerprint(registry, uid) != fingerprint


def test_user_password_of_an_unknown_login_fails_clearly(
    storage: Storage, registry: Registry
) -> None:
    login = unique("ghost")
    code, _out, err = run(
        storage,
        "user",
        "password",
        "--db",
        registry.database.name,
        "--login",
        login,
        "--password",
        "x",
    )
    assert code == 1
    assert f"No user with login {login!r} in database {registry.database.name!r}." in err


def test_user_password_help_says_sessions_end(storage: Storage) -> None:
    code, out, _err = run(storage, "user", "password", "--help")
    assert code == 0
    assert "sessions end" in out


def test_user_list_shows_logins_names_and_roles(storage: Storage, registry: Registry) -> None:
    login = unique("listed")
    create(storage, registry, "--login", login, "--password", "pw", "--name", "Listed One")
    code, out, err = run(storage, "user", "list", "--db", registry.database.name)
    assert code == 0, err
    lines = {
        line.split()[1]: line.split() for line in out.splitlines() if line.strip()[:1].isdigit()
    }
    assert lines[login][-2:] == ["no", "yes"]  # not an administrator, active
    assert lines["admin"][-2:] == ["yes", "yes"]
    assert lines["__system__"][-1] == "no"  # archived
    assert "Listed One" in out
    assert "pw" not in out.split()


def test_user_list_json(storage: Storage, registry: Registry) -> None:
    code, out, err = run(storage, "user", "list", "--db", registry.database.name, "--json")
    assert code == 0, err
    users = {row["login"]: row for row in json.loads(out)}
    assert users["admin"] == {
        "id": 2,
        "login": "admin",
        "name": "Mitchell Admin",
        "is_admin": True,
        "active": True,
    }
    assert set(users["__system__"]) == {"id", "login", "name", "is_admin", "active"}


def run_real(storage: Storage, *args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    """The real `jsontwo` command in a process of its own, ``stdin`` piped in (as
    a script does: no terminal)."""
    return subprocess.run(
        [sys.executable, "-m", "jsontwo.cli.main", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, "JSONTWO_DB_URL": "", **storage.environment()},
        timeout=120,
        check=False,
    )


def test_passwords_from_standard_input(storage: Storage, registry: Registry) -> None:
    """--password-stdin reads the first line, spaces included, without a warning
    about echo (there is no terminal to echo on), for create and password."""
    login, db = unique("pipe"), registry.database.name
    done = run_real(
        storage, "user", "create", "--db", db, "--login", login, "--password-stdin",
        stdin=" first pw \nignored\n",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert done.stderr.startswith(f"Created user {signs_in(registry, login, ' first pw ')} ")
    assert "arning" not in done.stderr  # no GetPassWarning, no "may be echoed"
    changed = run_real(
        storage, "user", "password", "--db", db, "--login", login, "--password-stdin",
        stdin="second pw\r\n",
    )  # fmt: skip
    assert changed.returncode == 0, changed.stderr
    assert "arning" not in changed.stderr
    assert signs_in(registry, login, "second pw") is not None
    assert signs_in(registry, login, " first pw ") is None


def test_password_stdin_and_password_together_are_refused(
    storage: Storage, registry: Registry
) -> None:
    code, _out, err = run(
        storage, "user", "create", "--db", registry.database.name, "--login", unique("two"),
        "--password", "x", "--password-stdin", input="y\n",
    )  # fmt: skip
    assert code == 2
    assert "Give --password or --password-stdin, not both." in err


def test_an_empty_line_on_standard_input_is_no_password(
    storage: Storage, registry: Registry
) -> None:
    login = unique("empty")
    code, _out, err = run(
        storage, "user", "create", "--db", registry.database.name, "--login", login,
        "--password-stdin", input="\n",
    )  # fmt: skip
    assert code == 1
    assert "The password cannot be empty." in err
