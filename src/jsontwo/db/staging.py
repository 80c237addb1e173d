"""A database built under a name nobody serves, then put in place whole.

:func:`staged` gives a connection pool to a new, empty database that no
listing shows (a file under ``<data-dir>/.staging/`` on SQLite, a PostgreSQL
database with the comment ``jsontwo-staging``). When the block ends without an
error, the database (and its file store) takes its final name, replacing the
database of that name only with ``replace`` and only then: the old one is put
aside first, and comes back if the new one cannot take its place. An error in
the block drops what was built.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa

from jsontwo.db.database import Database
from jsontwo.db.storage import PostgresStorage, SqliteStorage, Storage, StorageError

#: the comment of the PostgreSQL databases being built (never listed)
PG_STAGING_MARKER = "jsontwo-staging"
#: the folder of a SQLite data folder that holds the databases being built
STAGING_FOLDER = ".staging"
#: what the temporary names start with (``jsontwo db list`` never shows them)
STAGING_PREFIX = "jsontwo_staging_"


def refuse_existing(storage: Storage, name: str, replace: bool) -> None:
    """StorageError when database ``name`` exists and may not be replaced, or when
    the name is taken on a PostgreSQL server by a database jsontwo did not make."""
    if storage.exists(name):
        if not replace:
            raise StorageError(
                f"Database {name!r} already exists ({storage.description}): "
                "give --force to replace it, or choose another name."
            )
        return
    if isinstance(storage, PostgresStorage) and _pg_taken(storage, name):
        raise StorageError(
            f"A database {name!r} that jsontwo did not make exists on the server: "
            "choose another name."
        )


@contextlib.contextmanager
def staged(storage: Storage, name: str, replace: bool = False) -> Iterator[Database]:
    """A new empty database (no connection open yet), which becomes ``name`` of
    ``storage`` once the block ends (see the module's docstring)."""
    refuse_existing(storage, name, replace)
    staging = _staging(storage)
    temporary = _temporary_name()
    staging.create_empty(temporary)
    database = staging.database(temporary)
    try:
        yield database
        database.dispose()
        if isinstance(storage, SqliteStorage) and isinstance(staging, SqliteStorage):
            _install_sqlite(storage, staging.path_for(temporary), name, replace)
        elif isinstance(storage, PostgresStorage):
            _install_pg(storage, temporary, name, replace)
    finally:
        database.dispose()
        _discard(staging, temporary)


def _staging(storage: Storage) -> Storage:
    """Where ``storage``'s databases are built (a storage of the same kind, never
    listed with it)."""
    if isinstance(storage, SqliteStorage):
        return SqliteStorage(storage.data_dir / STAGING_FOLDER)
    if isinstance(storage, PostgresStorage):
        return _pg_staging(storage)
    raise StorageError(f"Cannot build a database in {storage.description}.")  # pragma: no cover


def _discard(staging: Storage, temporary: str) -> None:
    """Remove what is left of database ``temporary`` (nothing once it was put in
    place, but a SQLite file's second link)."""
    if isinstance(staging, SqliteStorage):
        _unlink_sqlite(staging.path_for(temporary))
        return
    with contextlib.suppress(StorageError, sa.exc.SQLAlchemyError):
        if staging.exists(temporary):
            staging.drop(temporary)
    _remove_folder(staging.filestore_dir(temporary))


def _temporary_name() -> str:
    return f"{STAGING_PREFIX}{uuid.uuid4().hex[:16]}"


# --- SQLite ---------------------------------------------------------------------


def _install_sqlite(storage: SqliteStorage, path: Path, name: str, replace: bool) -> None:
    """Put the file ``path`` in place as database ``name``; the old one (with its
    write-ahead log, whose pages belong to the old file only) set aside first."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")  # the one file is the database
    target = storage.path_for(name)
    aside: Path | None = None
    if replace and target.exists():
        aside = target.with_name(f".{name}.{uuid.uuid4().hex[:8]}.replaced")
        os.replace(target, aside)
        for extra in ("-wal", "-shm", "-journal"):
            Path(f"{target}{extra}").unlink(missing_ok=True)
    try:
        os.link(path, target)
    except FileExistsError:
        _restore_aside(aside, target)
        raise StorageError(f"Database {name!r} already exists.") from None
    except BaseException:
        _restore_aside(aside, target)
        raise
    if aside is not None:
        aside.unlink(missing_ok=True)


def _restore_aside(aside: Path | None, target: Path) -> None:
    if aside is not None:
        os.replace(aside, target)


def _unlink_sqlite(path: Path) -> None:
    for extra in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{extra}").unlink(missing_ok=True)


# --- PostgreSQL -----------------------------------------------------------------


def _pg_staging(storage: PostgresStorage) -> PostgresStorage:
    """The databases being built on ``storage``'s server (their file stores beside
    those of the databases)."""
    return PostgresStorage(storage.server_url, storage.file_root, PG_STAGING_MARKER)


def _pg_taken(storage: PostgresStorage, name: str) -> bool:
    with storage.admin_connection() as conn:
        found = conn.execute(
            sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
        ).first()
    return found is not None


def _install_pg(storage: PostgresStorage, temporary: str, name: str, replace: bool) -> None:
    """Rename database ``temporary`` (and its file store) to ``name``; with
    ``replace``, the old ``name`` is renamed aside first, and dropped last."""
    aside = _temporary_name() if replace and storage.exists(name) else None
    with storage.admin_connection() as conn:
        if aside is not None:
            _pg_rename(conn, name, aside, PG_STAGING_MARKER)
        try:
            _pg_rename(conn, temporary, name, storage.marker)
        except BaseException:
            if aside is not None:
                _pg_rename(conn, aside, name, storage.marker)
            raise
    _move_folder(storage.filestore_dir(temporary), storage.filestore_dir(name))
    if aside is not None:
        _pg_staging(storage).drop(aside)


def _pg_rename(conn: sa.Connection, old: str, new: str, marker: str) -> None:
    """Rename database ``old`` (ending its sessions) and give it comment ``marker``."""
    conn.execute(
        sa.text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = :n AND pid <> pg_backend_pid()"
        ),
        {"n": old},
    )
    conn.execute(sa.text(f'ALTER DATABASE "{old}" RENAME TO "{new}"'))
    conn.execute(sa.text(f"COMMENT ON DATABASE \"{new}\" IS '{marker}'"))


def _move_folder(source: Path | None, target: Path | None) -> None:
    """Move the file store ``source`` to ``target``; what was at ``target`` goes
    first (the replaced database's files, or those a dropped one left)."""
    if source is None or target is None:
        return
    _remove_folder(target)
    if source.is_dir():
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)


def _remove_folder(folder: Path | None) -> None:
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def being_built(storage: Storage) -> list[str]:
    """The databases being built on ``storage`` now (or left by a copy that was
    killed: ``jsontwo db copy`` drops its own when it fails)."""
    return _staging(storage).list()
