"""Which databases a server serves: ``--db-filter`` and ``--database`` (Odoo's
``db_filter``), and the database a request without a name gets (monodb)."""

from __future__ import annotations

import gc
import json
import os
import re
import subprocess
import sys
import weakref
from collections.abc import Iterator

import pytest

import jsontwo.modules.sale
from jsontwo.db import Storage, open_storage
from jsontwo.exceptions import NotFound
from jsontwo.orm import Environment
from jsontwo.service import Databases, DbFilter, create_database
from jsontwo.service.databases import SCHEMA_KEY, with_superuser
from tests.conftest import as_made_by_an_older_jsontwo, new_db_name

NAMES = ["acme", "acme_test", "globex", "www"]


@pytest.mark.parametrize(
    ("pattern", "host", "kept"),
    [
        ("^acme", None, ["acme", "acme_test"]),  # matched at the start, not anchored at the end
        ("^acme$", None, ["acme"]),
        ("glob", None, ["globex"]),
        ("test", None, []),  # re.match: the start of the name only
        ("^%d$", "acme.example.com", ["acme"]),
        ("^%d$", "www.globex.example.com:8069", ["globex"]),  # www. and the port are dropped
        ("^%d_test$", "acme.example.com", ["acme_test"]),
        ("^%d$", "ACME.example.com", []),  # the host as sent, as Odoo compares it
        ("^%h$", "www", ["www"]),  # a bare host is its own first label
        ("^%h$", "a.b+c", []),  # the host is escaped, never read as a regex
        ("^%d", None, []),  # no host: nothing (Odoo's empty %d would keep everything)
        ("^%d", "", []),
        ("^%d", ":8069", []),
        ("^%d", "www.", []),
        ("^acme", None, ["acme", "acme_test"]),  # a pattern without %h/%d needs no host
    ],
)
def test_db_filter_matches_names_as_odoo(pattern: str, host: str | None, kept: list[str]) -> None:
    """A pattern keeps the names it matches at their start, with %h/%d from the host."""
    assert DbFilter(pattern).keep(NAMES, host) == kept


def test_database_list_applies_without_a_filter() -> None:
    """``--database`` alone lists the databases served; a filter wins over it."""
    assert DbFilter(names=("globex", "nope")).keep(NAMES) == ["globex"]
    assert DbFilter("^acme$", ("globex",)).keep(NAMES) == ["acme"]
    assert DbFilter().keep(NAMES) == NAMES
    assert not DbFilter().active
    assert DbFilter(names=("x",)).active


def test_an_invalid_filter_says_what_is_wrong() -> None:
    """A pattern that is not a regular expression, once a host is put in, is
    refused up front."""
    with pytest.raises(ValueError, match=r"Invalid database filter '\^\(acme': missing \)"):
        DbFilter("^(acme")
    with pytest.raises(ValueError, match="Invalid database filter"):
        DbFilter("(?P<%h>x)")


@pytest.fixture
def two_databases(storage: Storage) -> Iterator[list[str]]:
    """Two empty databases (enough to be listed), dropped afterwards."""
    names = sorted(new_db_name("filter") for _ in range(2))
    for name in names:
        storage.create_empty(name)
    yield names
    for name in names:
        storage.drop(name)


def test_the_filter_decides_monodb(storage: Storage, two_databases: list[str]) -> None:
    """Without a name, the only database the filter keeps is used, whatever else exists."""
    first, second = two_databases
    databases = Databases(storage, db_filter=DbFilter(f"^{second}$"))
    assert databases.names() == [second]
    assert databases.select(None) == second
    per_host = Databases(storage, db_filter=DbFilter("^%d$"))
    assert per_host.select(None, f"{first}.example.com") == first
    with pytest.raises(
        NotFound, match=re.escape("No database is served for host 'nobody.example.com'.")
    ):
        per_host.select(None, "www.nobody.example.com:80")


def test_a_filtered_out_database_is_absent(storage: Storage, two_databases: list[str]) -> None:
    """A request naming a database the filter leaves out is told it does not exist."""
    first, second = two_databases
    databases = Databases(storage, db_filter=DbFilter(names=(first,)))
    assert databases.select(first) == first
    assert databases.serves(first) and not databases.serves(second)
    with pytest.raises(NotFound, match=f"Database '{second}' does not exist."):
        databases.select(second)


def test_the_databases_named_or_alone_are_loaded_before_the_workers_fork(
    storage: Storage, two_databases: list[str]
) -> None:
    """The supervisor of ``jsontwo serve`` loads the registries of the databases
    it was told of (``--demo``, ``--database``), or of the only one it serves;
    one that cannot be loaded (an empty one) is left to its first call."""
    empty = two_databases[0]
    name = new_db_name("preload")
    create_database(storage, name).database.dispose()
    try:
        databases = Databases(storage, db_filter=DbFilter(names=(name, empty)))
        assert databases.preload([empty, name, "missing"]) == [name]
        assert databases.registry(name).models["res.partner"]  # loaded once, for every worker
        # none named: several are served, none is loaded; one alone is
        assert Databases(storage, db_filter=DbFilter(names=(name, empty))).preload() == []
        assert Databases(storage, db_filter=DbFilter(f"^{name}$")).preload() == [name]
        # a database the filter leaves out is not loaded, even named
        assert Databases(storage, db_filter=DbFilter(names=(empty,))).preload([name]) == []
    finally:
        storage.drop(name)


# --- creating and opening a database: failures and races ------------------------

CLI = (sys.executable, "-m", "jsontwo.cli.main")


def test_a_database_whose_creation_fails_is_removed(
    storage: Storage, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure half-way through creation (here in the last module's demo data, on
    PostgreSQL while the new database still has connections open) leaves no
    database behind: its name is free again."""
    name = new_db_name("half")

    def fails(env: object) -> None:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(jsontwo.modules.sale, "load_demo", fails)
    with pytest.raises(RuntimeError, match="the disk is full"):
        create_database(storage, name, demo=True, template=False)
    assert not storage.exists(name)
    assert name not in storage.list()
    monkeypatch.undo()
    registry = create_database(storage, name)  # the name can be used again
    registry.database.dispose()
    storage.drop(name)


def test_a_dropped_database_is_let_go_when_the_next_one_opens(storage: Storage) -> None:
    """A server that served a database dropped since (the pytest plugin drops one
    after each test) frees its models and connections when it opens the next one,
    and keeps serving those that remain."""
    gone, kept, new = (new_db_name(prefix) for prefix in ("gone", "kept", "new"))
    for name in (gone, kept, new):
        create_database(storage, name).database.dispose()
    databases = Databases(storage)
    try:
        released = weakref.ref(databases.registry(gone))
        still = databases.registry(kept)
        storage.drop(gone)
        databases.registry(new)
        gc.collect()
        assert released() is None
        assert databases.registry(kept) is still
        with pytest.raises(NotFound, match=f"Database '{gone}' does not exist."):
            databases.registry(gone)
    finally:
        databases.close()
        for name in (kept, new):
            storage.drop(name)


def test_two_processes_upgrading_one_database_at_once(storage: Storage) -> None:
    """A database an older jsontwo made (a column and a setting missing) opened by
    two commands at the same moment: both succeed, and the column and the
    setting come back once."""
    name = new_db_name("upgrade")
    registry = create_database(storage, name)

    def older(env: Environment) -> None:
        env.cr.execute('ALTER TABLE res_partner DROP COLUMN "function"')
        env.cr.execute("DELETE FROM ir_config_parameter WHERE key = 'base.login_cooldown_after'")
        as_made_by_an_older_jsontwo(env)

    with_superuser(registry, older)
    registry.database.dispose()
    env = {**os.environ, "JSONTWO_DB_URL": "", **storage.environment()}
    command = [*CLI, "user", "list", "--db", name, "--json"]
    try:
        both = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)]
        both.append(
            subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        )
        for proc in both:
            out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err.decode()
            assert "admin" in [user["login"] for user in json.loads(out)]
        opened = Databases(storage)
        try:
            upgraded = opened.registry(name)

            def check(env: Environment) -> tuple[list[tuple[object, ...]], object]:
                rows = env.cr.execute(
                    "SELECT value FROM ir_config_parameter WHERE key = 'base.login_cooldown_after'"
                )
                partner = env["res.partner"].create({"name": "Upgraded", "function": "CEO"})
                return rows, partner.read(["function"])[0]["function"]

            assert with_superuser(upgraded, check) == ([("5",)], "CEO")
        finally:
            opened.close()
    finally:
        storage.drop(name)


def test_the_first_opening_is_not_stopped_by_the_time_limit(storage: Storage) -> None:
    """Bringing a database up to date (schema, module data, statistics) is no
    caller's call: a server whose calls may run a millisecond still opens it,
    and its calls then run under the limit."""
    name = new_db_name("limit")
    create_database(storage, name).database.dispose()
    env = storage.environment()
    limited = open_storage(env.get("JSONTWO_DATA_DIR"), env.get("JSONTWO_DB_URL"), 0.001)
    databases = Databases(limited)
    try:
        registry = databases.registry(name)
        assert registry.database.time_limit == 0.001
        assert registry.database.call_time_limit() == 0.001
    finally:
        databases.close()
        storage.drop(name)


def test_a_database_stamped_by_this_code_is_opened_as_it_is(storage: Storage) -> None:
    """A new database carries the fingerprint of the code that made it, and a
    server running that same code trusts it (no schema sync, no upgrade: a copy
    of a template opens at once); without the stamp, the upgrades run."""
    name = new_db_name("stamp")
    registry = create_database(storage, name)
    setting = "base.login_cooldown_after"

    def value(env: Environment) -> object:
        return env["ir.config_parameter"].get_param(setting)

    def stamp(env: Environment) -> object:
        return env["ir.config_parameter"].get_param(SCHEMA_KEY)

    try:
        assert with_superuser(registry, stamp) == registry.fingerprint
        with_superuser(
            registry,
            lambda env: env.cr.execute(f"DELETE FROM ir_config_parameter WHERE key = '{setting}'"),
        )
        registry.database.dispose()
        for stamped, expected in ((True, False), (False, "5")):
            if not stamped:
                with_superuser(registry, as_made_by_an_older_jsontwo)
                registry.database.dispose()
            opened = Databases(storage)
            try:
                assert with_superuser(opened.registry(name), value) == expected
            finally:
                opened.close()
    finally:
        storage.drop(name)
