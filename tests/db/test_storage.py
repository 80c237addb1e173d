"""Storages: creating, listing, opening and dropping databases on both backends."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from jsontwo.db import (
    Database,
    PostgresStorage,
    Storage,
    StorageError,
    open_storage,
    validate_db_name,
)
from jsontwo.db.dialect import like_to_glob
from tests.conftest import new_db_name, pg_url


@pytest.mark.parametrize("name", ["demo", "shop-2", "a.b_c", "X1"])
def test_valid_names(name: str) -> None:
    assert validate_db_name(name) == name


@pytest.mark.parametrize("name", ["", "-x", "a b", "a/b", "x;drop", "é", "a" * 64])
def test_invalid_names_are_refused_with_the_rule(name: str) -> None:
    with pytest.raises(StorageError, match="Invalid database name"):
        validate_db_name(name)


def test_create_open_drop(storage: Storage) -> None:
    name = new_db_name("st")
    storage.create_empty(name)
    try:
        assert storage.exists(name)
        assert name in storage.list()
        database = storage.open(name)
        with database.transaction() as cr:
            assert cr.execute("SELECT 1 + 1") == [(2,)]
        database.dispose()
    finally:
        storage.drop(name)
    assert not storage.exists(name)
    with pytest.raises(StorageError, match="does not exist"):
        storage.open(name)


@pytest.fixture
def scratch(storage: Storage) -> Iterator[Database]:
    """An empty database with one table ``t (x INTEGER)``, dropped afterwards."""
    name = new_db_name("st")
    storage.create_empty(name)
    database = storage.open(name)
    with database.transaction() as cr:
        cr.execute("CREATE TABLE t (x INTEGER)")
    yield database
    database.dispose()
    storage.drop(name)


def test_transaction_rolls_back_on_error(scratch: Database) -> None:
    with pytest.raises(RuntimeError), scratch.transaction() as cr:
        cr.execute("INSERT INTO t (x) VALUES (%s)", [1])
        raise RuntimeError("boom")
    with scratch.transaction() as cr:
        assert cr.execute("SELECT COUNT(*) FROM t") == [(0,)]


def test_sqlite_keeps_one_file_per_database(tmp_path: Path) -> None:
    storage = open_storage(data_dir=str(tmp_path))
    storage.create_empty("one")
    assert (tmp_path / "one.sqlite3").is_file()
    assert storage.list() == ["one"]
    storage.drop("one")
    assert storage.list() == []


def _admin_engine() -> sa.Engine:
    """An autocommit engine on the test server's maintenance database."""
    return sa.create_engine(
        sa.make_url(pg_url()).set(drivername="postgresql+psycopg"),
        isolation_level="AUTOCOMMIT",
        poolclass=sa.pool.NullPool,
    )


def test_postgres_lists_only_its_own_databases() -> None:
    storage = PostgresStorage(pg_url())
    foreign = new_db_name("foreign")
    admin = _admin_engine()
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{foreign}"'))
    try:
        assert foreign not in storage.list()
        with pytest.raises(StorageError, match="not made by jsontwo"):
            storage.drop(foreign)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE "{foreign}"'))


def test_postgres_url_must_be_postgres() -> None:
    with pytest.raises(StorageError, match="Not a PostgreSQL URL"):
        PostgresStorage("mysql://x@y/")


def test_nested_transactions_commit_independently(scratch: Database) -> None:
    with pytest.raises(RuntimeError), scratch.transaction() as outer:
        outer.execute("INSERT INTO t (x) VALUES (%s)", [1])
        with scratch.transaction(defer_write_lock=True) as inner:
            inner.execute("SELECT COUNT(*) FROM t")
        raise RuntimeError("the outer transaction fails after the inner one committed")
    with scratch.transaction() as cr:
        assert cr.execute("SELECT COUNT(*) FROM t") == [(0,)]


@pytest.mark.parametrize(
    ("pattern", "glob"),
    [
        ("%a_b%", "*a?b*"),
        ("a*b?c[d", "a[*]b[?]c[[]d"),
        ("100\\%", "100%"),
        ("a\\_b", "a_b"),
        ("x\\*", "x[*]"),
    ],
)
def test_like_patterns_become_glob_patterns(pattern: str, glob: str) -> None:
    assert like_to_glob(pattern) == glob


def _rows(storage: Storage, name: str) -> list[tuple[object, ...]]:
    database = storage.open(name)
    try:
        with database.transaction() as cr:
            return list(cr.execute("SELECT x FROM t ORDER BY x"))
    finally:
        database.dispose()


def test_copy_rename_backup_restore_never_overwrite(
    storage: Storage, scratch: Database, tmp_path: Path
) -> None:
    """A copy, a rename and a restore make a whole database under a free name, and
    refuse a name that is taken, leaving both databases as they were."""
    source = scratch.name
    with scratch.transaction() as cr:
        cr.execute("INSERT INTO t VALUES (7)")
    scratch.dispose()  # a copy on PostgreSQL needs the template without sessions
    copy, moved, restored = (new_db_name("st") for _ in range(3))
    try:
        storage.copy(source, copy)
        assert _rows(storage, copy) == [(7,)]
        with pytest.raises(StorageError, match="already exists"):
            storage.copy(source, copy)
        with pytest.raises(StorageError, match="already exists"):
            storage.rename(copy, source)
        assert _rows(storage, copy) == _rows(storage, source) == [(7,)]
        before = storage.identity(copy)
        storage.rename(copy, moved)
        assert not storage.exists(copy) and _rows(storage, moved) == [(7,)]
        assert storage.identity(copy) is None and storage.identity(moved) is not None
        assert before is not None

        backup = tmp_path / "backup"
        storage.backup(moved, backup)
        storage.restore(restored, backup)
        assert _rows(storage, restored) == [(7,)]
        with pytest.raises(StorageError, match="already exists"):
            storage.restore(moved, backup)
        assert _rows(storage, moved) == [(7,)]
    finally:
        for name in (copy, moved, restored):
            if storage.exists(name):
                storage.drop(name)


def test_a_failed_restore_leaves_no_database(storage: Storage, tmp_path: Path) -> None:
    """A file that is no backup, or SQL that fails half-way, makes no database."""
    name = new_db_name("st")
    broken = tmp_path / "broken"
    broken.write_text("CREATE TABLE half (x INTEGER);\nTHIS IS NOT SQL;\n")
    with pytest.raises(StorageError):
        storage.restore(name, broken)
    assert not storage.exists(name) and name not in storage.list()
    leftovers = list(getattr(storage, "data_dir", tmp_path).glob(".*.tmp*"))
    assert leftovers == []


def test_a_template_whose_drop_was_interrupted_can_be_dropped() -> None:
    """PostgreSQL marks a database invalid when a DROP DATABASE stops half-way
    (a killed process); such a template is no template any more, refuses
    ALTER DATABASE, and must still go with the next drop."""
    templates = PostgresStorage(pg_url()).templates()
    name = new_db_name("jsontwo_template_interrupted")
    templates.create_empty(name)
    templates.seal(name)
    admin = _admin_engine()
    with admin.connect() as conn:
        # what an interrupted DROP DATABASE leaves behind (PostgreSQL 15.4 and later)
        conn.execute(sa.text(f'ALTER DATABASE "{name}" WITH IS_TEMPLATE false'))
        conn.execute(
            sa.text("UPDATE pg_database SET datconnlimit = -2 WHERE datname = :name"),
            {"name": name},
        )
    templates.drop(name)
    assert not templates.exists(name)
