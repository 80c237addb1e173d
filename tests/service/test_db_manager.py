"""The database manager's service on both backends, in-process: what a restore
refuses leaves no database, and a copy is a new database."""

from __future__ import annotations

import io
import json
import sqlite3
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from jsontwo.db import SqliteStorage, Storage
from jsontwo.exceptions import AccessDenied
from jsontwo.service import db_manager
from jsontwo.service.databases import Databases, with_superuser
from jsontwo.service.master_password import ManagerSettings, MasterPassword, make_hash

MASTER = "s3cret"


@pytest.fixture
def managed(storage: Storage, tmp_path: Path) -> Iterator[tuple[Databases, ManagerSettings]]:
    """The storage under test with a manager (its files in ``tmp_path``)."""
    data_dir = storage.data_dir if isinstance(storage, SqliteStorage) else tmp_path
    settings = ManagerSettings(MasterPassword(make_hash(MASTER), data_dir), data_dir)
    databases = Databases(storage, manager=settings)
    yield databases, settings
    databases.close()
    # on SQLite the folder is the session's: a changed master password must not
    # outlive the test (the servers of later tests share the folder)
    settings.master.file.unlink(missing_ok=True)


@pytest.fixture
def name(storage: Storage) -> Iterator[str]:
    made = f"dbs_{uuid.uuid4().hex[:10]}"
    yield made
    if storage.exists(made):
        storage.drop(made)


def test_authorize_checks_the_master_password(
    managed: tuple[Databases, ManagerSettings], tmp_path: Path
) -> None:
    databases, settings = managed
    assert db_manager.authorize(databases, MASTER) is settings
    for wrong in ("admin", "", None, 12):
        with pytest.raises(AccessDenied):
            db_manager.authorize(databases, wrong)
    db_manager.change_master_password(settings, "next")
    assert settings.master.file.stat().st_mode & 0o777 == 0o600
    with pytest.raises(AccessDenied):
        db_manager.authorize(databases, MASTER)  # the file wins over the flag
    assert db_manager.authorize(databases, "next") is settings
    with pytest.raises(db_manager.ManagerError, match="may not be empty"):
        db_manager.change_master_password(settings, "")


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return out.getvalue()


def test_refused_backups_leave_no_database(
    managed: tuple[Databases, ManagerSettings], storage: Storage, name: str, tmp_path: Path
) -> None:
    """Not a backup, Odoo's backup, the other backend's backup, a database jsontwo
    did not make, a file store escaping its folder: refused, nothing left."""
    databases, settings = managed
    stranger = tmp_path / "stranger.sqlite3"
    with sqlite3.connect(stranger) as conn:
        conn.execute("CREATE TABLE notes (x TEXT)")
    own = "dump.sqlite3" if isinstance(storage, SqliteStorage) else "dump.sql"
    other = "dump.sql" if own == "dump.sqlite3" else "dump.sqlite3"
    manifest = json.dumps({"odoo_dump": "1", "jsontwo": {}}).encode()
    cases: dict[str, tuple[bytes, str]] = {
        "garbage": (b"not a backup at all", "not a backup"),
        "odoo": (_zip({own: b"", "manifest.json": b'{"odoo_dump": "1"}'}), "Odoo database"),
        "other backend": (_zip({other: b"", "manifest.json": manifest}), "backup"),
        "escaping": (
            _zip({own: stranger.read_bytes(), "manifest.json": manifest, "filestore/../x": b""}),
            "unsafe member",
        ),
    }
    if isinstance(storage, SqliteStorage):
        cases["stranger"] = (stranger.read_bytes(), "not a jsontwo database")
    for case, (data, words) in cases.items():
        backup = tmp_path / f"{case}.backup"
        backup.write_bytes(data)
        with pytest.raises(db_manager.ManagerError, match=words):
            db_manager.restore(databases, settings, name, backup)
        assert not storage.exists(name), case
        assert not db_manager.filestore_dir(settings, name).exists(), case


def test_a_copy_is_a_new_database_with_its_file_store(
    managed: tuple[Databases, ManagerSettings], storage: Storage, name: str, tmp_path: Path
) -> None:
    """duplicate and restore(copy=True) give a new database.uuid; the file store
    travels with dump, restore, duplicate and rename, and goes with drop."""
    databases, settings = managed
    copy, restored = f"{name}_c", f"{name}_r"
    try:
        db_manager.create(databases, settings, name)
        store = db_manager.filestore_dir(settings, name)
        (store / "ab").mkdir(parents=True)
        (store / "ab" / "abcdef").write_bytes(b"file content")
        db_manager.duplicate(databases, settings, name, copy)
        assert _uuid(databases, copy) != _uuid(databases, name)
        assert (db_manager.filestore_dir(settings, copy) / "ab" / "abcdef").is_file()
        with db_manager.dump(databases, settings, name) as made:
            backup = tmp_path / "backup.zip"
            backup.write_bytes(made.read_bytes())
        db_manager.restore(databases, settings, restored, backup, copy=True)
        assert _uuid(databases, restored) not in (_uuid(databases, name), None)
        assert (db_manager.filestore_dir(settings, restored) / "ab" / "abcdef").read_bytes() == (
            b"file content"
        )
        assert db_manager.drop(databases, settings, copy) is True
        assert not db_manager.filestore_dir(settings, copy).exists()
        db_manager.rename(databases, settings, restored, copy)
        assert (db_manager.filestore_dir(settings, copy) / "ab" / "abcdef").is_file()
        assert not db_manager.filestore_dir(settings, restored).exists()
    finally:
        for made_name in (copy, restored):
            if storage.exists(made_name):
                storage.drop(made_name)


def _uuid(databases: Databases, name: str) -> str | None:
    registry = databases.registry(name)
    value = with_superuser(
        registry, lambda env: env["ir.config_parameter"].get_param("database.uuid")
    )
    return value if isinstance(value, str) else None
