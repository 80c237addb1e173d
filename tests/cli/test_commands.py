"""`jsontwo db ...`, `jsontwo apikey create` and the help, run as a user runs them."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from jsontwo.cli.main import main
from jsontwo.db import Storage, open_storage
from jsontwo.service.master_password import MasterPassword
from tests.conftest import new_db_name


def run(storage: Storage, *args: str, input: str | None = None) -> tuple[int, str, str]:
    """Run the CLI on the storage under test, typing ``input`` at its prompts;
    return (exit code, stdout, stderr)."""
    runner = CliRunner()
    result = runner.invoke(
        main, list(args), input=input, env={"JSONTWO_DB_URL": "", **storage.environment()}
    )
    return result.exit_code, result.stdout, result.stderr


def test_db_create_list_drop(storage: Storage) -> None:
    name = new_db_name("cli")
    code, _out, err = run(storage, "db", "create", name)
    assert code == 0, err
    assert f"Created database {name!r}" in err
    code, out, _err = run(storage, "db", "list")
    assert code == 0
    assert name in out.splitlines()
    code, _out, err = run(storage, "db", "drop", name, "--yes")
    assert code == 0, err
    assert name not in run(storage, "db", "list")[1].splitlines()


def test_db_create_twice_says_it_exists(storage: Storage) -> None:
    name = new_db_name("cli")
    assert run(storage, "db", "create", name)[0] == 0
    try:
        code, _out, err = run(storage, "db", "create", name)
        assert code != 0
        assert "already exists" in err
    finally:
        run(storage, "db", "drop", name, "--yes")


def test_db_drop_unknown_database_fails_clearly(storage: Storage) -> None:
    name = new_db_name("missing")
    code, _out, err = run(storage, "db", "drop", name)
    assert code != 0
    # where it looked: the data directory (or the PostgreSQL server)
    assert f"Database {name!r} does not exist. (looked in {storage.description})" in err


def test_db_drop_asks_first(storage: Storage) -> None:
    """`db drop` names the database and where it lives, and drops nothing unless the
    answer is yes (no answer, as from a script without --yes, is no)."""
    name = new_db_name("cli")
    assert run(storage, "db", "create", name)[0] == 0
    try:
        for answer in ("n\n", "", None):
            code, _out, err = run(storage, "db", "drop", name, input=answer)
            assert code == 1
            assert f"Drop database {name!r} ({storage.description}) and everything in it?" in err
            assert "Aborted!" in err
            assert storage.exists(name)
        code, _out, err = run(storage, "db", "drop", name, input="y\n")
        assert code == 0, err
        assert f"Dropped database {name!r} ({storage.description})." in err
        assert not storage.exists(name)
    finally:
        if storage.exists(name):
            storage.drop(name)


def test_db_list_says_where_it_looked_when_there_is_none(tmp_path: Path) -> None:
    empty = open_storage(data_dir=tmp_path / "nothing here")
    code, out, err = run(empty, "db", "list")
    assert code == 0
    assert out == ""
    assert err == f"No database in SQLite files in {tmp_path / 'nothing here'}.\n"
    code, out, err = run(empty, "user", "list")
    assert code == 1
    assert "No database exists yet" in err
    assert f"(looked in SQLite files in {tmp_path / 'nothing here'})" in err


def test_db_create_refuses_bad_names(storage: Storage) -> None:
    code, _out, err = run(storage, "db", "create", "bad name;")
    assert code != 0
    assert "Invalid database name" in err


def test_apikey_create_prints_the_key_alone(storage: Storage) -> None:
    name = new_db_name("cli")
    assert run(storage, "db", "create", name)[0] == 0
    try:
        code, out, err = run(
            storage,
            "apikey",
            "create",
            "--db",
            name,
            "--login",
            "admin",
            "--name",
            "ci",
            "--expires-in-days",
            "3",
        )
        assert code == 0, err
        assert re.fullmatch(r"[0-9a-f]{40}\n", out)
        code, out, err = run(
            storage, "apikey", "create", "--db", name, "--login", "nobody", "--name", "x"
        )
        assert code != 0
        assert "No user with login 'nobody'" in err
        assert out == ""
    finally:
        run(storage, "db", "drop", name, "--yes")


def test_help_describes_every_command(storage: Storage) -> None:
    code, out, _err = run(storage, "--help")
    assert code == 0
    for command in ("serve", "db", "user", "apikey"):
        assert command in out
    code, out, _err = run(storage, "serve", "--help")
    assert "--db-url" in out and "--data-dir" in out and "--workers" in out
    for subcommand in (("user", "create"), ("user", "password"), ("apikey", "list")):
        code, out, _err = run(storage, *subcommand, "--help")
        assert code == 0
        assert "--db " in out and "--db-url" in out and "--data-dir" in out


def test_serve_refuses_an_invalid_db_filter(storage: Storage) -> None:
    """A --db-filter that is not a regular expression stops `serve` with a usage error."""
    code, _out, err = run(storage, "serve", "--db-filter", "^(acme")
    assert code == 2
    assert "Invalid value for --db-filter" in err
    assert "Invalid database filter '^(acme': missing )" in err


def test_master_password_hash_makes_what_serve_takes(tmp_path: Path) -> None:
    """`jsontwo master-password hash` prints an argon2 hash of the password it
    reads; `serve --master-password` takes such a hash and refuses a password."""
    runner = CliRunner()
    made = runner.invoke(main, ["master-password", "hash", "--password-stdin"], input="s3cret\n")
    assert made.exit_code == 0, made.stderr
    digest = made.stdout.strip()
    assert digest.startswith("$argon2id$")
    master = MasterPassword(digest, tmp_path)
    master.check("s3cret")  # no AccessDenied
    refused = runner.invoke(
        main, ["serve", "--data-dir", str(tmp_path), "--master-password", "s3cret"]
    )
    assert refused.exit_code == 2 and "Not an argon2 hash" in refused.output
    empty = runner.invoke(main, ["master-password", "hash", "--password-stdin"], input="\n")
    assert empty.exit_code == 2 and "may not be empty" in empty.output
