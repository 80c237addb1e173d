"""The database manager: what Odoo's ``db`` service and ``/web/database/*`` routes
do with the master password (create, duplicate, drop, dump, restore, rename
databases, change the master password).

Every operation first checks the master password (:meth:`MasterPassword.check`:
AccessDenied when wrong or when the server has none), then, as Odoo, refuses
everything on a server that may not list its databases (``--no-list-db``). A
database that ``--db-filter``/``--database`` hides is treated as absent, and no
operation makes one under a name the filter hides.

Nothing is ever half done: a database being created, copied or restored is
made whole or removed; a restore or a copy never writes over an existing
database, and a rename never takes an existing name. Before a database is
dropped, renamed or copied, this process closes its connections to it; the
other workers learn of the change from the data directory
(:meth:`ManagerSettings.announce_change`) before their next use of it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import secrets
import shutil
import tempfile
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from jsontwo import __version__
from jsontwo.db import SqliteStorage, StorageError, validate_db_name
from jsontwo.exceptions import AccessDenied, JsonTwoError
from jsontwo.modules import MODULES
from jsontwo.modules.base.translations import load_translations
from jsontwo.orm import Environment
from jsontwo.service.creation import create_database
from jsontwo.service.databases import Databases, with_superuser
from jsontwo.service.master_password import ManagerSettings

_logger = logging.getLogger(__name__)

#: the members of a backup (Odoo's names; a SQLite backup holds the database file)
SQL_MEMBER = "dump.sql"
SQLITE_MEMBER = "dump.sqlite3"
MANIFEST_MEMBER = "manifest.json"
FILESTORE_MEMBER = "filestore/"
#: what pg_dump's custom format starts with
PG_CUSTOM_HEADER = b"PGDMP"
SERVER_VERSION = "19.0"


class ManagerError(JsonTwoError):
    """A database operation that cannot be done; Odoo raises a bare Exception
    with these words (HTTP 422 on the ``/web/database`` routes)."""

    odoo_name: ClassVar[str] = "builtins.Exception"
    http_status: ClassVar[int] = 422


class DatabaseExists(ManagerError):
    """The name is taken (HTTP 409)."""

    http_status: ClassVar[int] = 409


class DatabaseMissing(JsonTwoError):
    """The database does not exist (or the filter hides it): the words and the
    name of the PostgreSQL error Odoo lets through (HTTP 404)."""

    odoo_name: ClassVar[str] = "psycopg2.OperationalError"
    http_status: ClassVar[int] = 404


class TemplateMissing(DatabaseMissing):
    """The database to duplicate does not exist."""

    odoo_name: ClassVar[str] = "psycopg2.errors.InvalidCatalogName"


def filestore_dir(settings: ManagerSettings, name: str) -> Path:
    """The file store of database ``name``: ``<data-dir>/filestore/<name>``, Odoo's
    layout, where :meth:`jsontwo.db.Storage.filestore_dir` keeps a PostgreSQL
    database's attachments (both from the server's ``--data-dir``). A SQLite
    database keeps them inside its file, so this folder never exists for it
    and the manager carries nothing more."""
    return settings.data_dir / "filestore" / name


# --- the checks every operation makes ---------------------------------------


@contextlib.contextmanager
def _refusals() -> Iterator[None]:
    """A storage's refusal (a name taken on the PostgreSQL server by a database
    jsontwo did not make, a missing program) as the manager's error."""
    try:
        yield
    except StorageError as exc:
        raise ManagerError(str(exc)) from None


def authorize(databases: Databases, password: object) -> ManagerSettings:
    """The manager's settings if ``password`` is the master password and the
    server lets its databases be managed; AccessDenied otherwise."""
    settings = databases.manager
    if settings is None:
        raise AccessDenied()
    settings.master.check(password)
    if not databases.list_db:
        # Odoo's check_db_management_enabled: a server that hides its databases
        _logger.error("Database management refused: the server runs with --no-list-db")
        raise AccessDenied()
    return settings


def _existing(databases: Databases, name: object, host: str | None) -> str | None:
    """``name`` if it is a database this server serves to ``host``, else None."""
    if not isinstance(name, str) or not databases.serves(name, host):
        return None
    return name if databases.storage.exists(name) else None


def _new_name(databases: Databases, name: object, host: str | None) -> str:
    """``name`` if a new database may take it: valid, served, not taken."""
    if not isinstance(name, str):
        raise ManagerError(f"Invalid database name {name!r}.")
    try:
        validate_db_name(name)
    except StorageError as exc:
        raise ManagerError(str(exc)) from None
    if not databases.serves(name, host):
        raise ManagerError(f"This server does not serve a database named {name!r} (--db-filter).")
    if databases.storage.exists(name):
        raise DatabaseExists("Database already exists")
    return name


# --- operations -------------------------------------------------------------


def create(
    databases: Databases,
    settings: ManagerSettings,
    name: object,
    demo: object = False,
    lang: object = None,
    user_password: object = "admin",
    login: object = "admin",
    country_code: object = None,
    phone: object = None,
    host: str | None = None,
) -> bool:
    """Create database ``name`` (demo data, language, admin login and password)."""
    name = _new_name(databases, name, host)
    _clear_stale_filestore(settings, name)
    with _refusals():
        registry = create_database(databases.storage, name, demo=bool(demo))
    try:

        def configure(env: Environment) -> None:
            _configure_admin(env, lang, user_password, login, country_code, phone)

        with_superuser(registry, configure)
    except BaseException:
        registry.database.dispose()
        _drop_quietly(databases, settings, name)
        raise
    registry.database.dispose()
    _logger.info("Created database %s", name)
    return True


def _configure_admin(
    env: Environment,
    lang: object,
    password: object,
    login: object,
    country_code: object,
    phone: object,
) -> None:
    """The admin's password, login, e-mail and language, the company's country
    and phone, as Odoo's database creation sets them."""
    values: dict[str, Any] = {"password": str(password or "admin")}
    company = env["res.company"].browse(1)
    if isinstance(lang, str) and lang:
        language = env["res.lang"].with_context(active_test=False).search([("code", "=", lang)])
        if not language:
            raise ManagerError(f"Unknown language {lang!r}.")
        if not language.active:
            language.write({"active": True})
        load_translations(env, [lang])  # as Odoo loads its .po files then
        values["lang"] = lang
    if isinstance(login, str) and login:
        values["login"] = login
        if "@" in login:
            values["email"] = login
            company.write({"email": login})
    if isinstance(country_code, str) and country_code:
        country = env["res.country"].search([("code", "=ilike", country_code)], limit=1)
        if country:
            company.write({"country_id": country.id, "currency_id": country.currency_id.id})
    if isinstance(phone, str) and phone:
        company.write({"phone": phone})
    admin = env.ref("base.user_admin")
    assert admin is not None
    admin.write(values)


def duplicate(
    databases: Databases,
    settings: ManagerSettings,
    source: object,
    target: object,
    host: str | None = None,
) -> bool:
    """Copy database ``source`` (and its file store) to the new database ``target``,
    which gets a new ``database.uuid`` and secret, as Odoo's copies do."""
    found = _existing(databases, source, host)
    if found is None:
        raise TemplateMissing(f'template database "{source}" does not exist\n')
    target = _new_name(databases, target, host)
    _clear_stale_filestore(settings, target)
    databases.forget(found)
    with _refusals():
        databases.storage.copy(found, target)
    settings.announce_change()  # the source's sessions were ended: renew them
    try:
        _new_identity(databases, target)
        _copy_filestore(settings, found, target)
    except BaseException:
        _drop_quietly(databases, settings, target)
        raise
    _logger.info("Duplicated database %s to %s", found, target)
    return True


def drop(
    databases: Databases, settings: ManagerSettings, name: object, host: str | None = None
) -> bool:
    """Drop database ``name`` and its file store: False when there is none (Odoo)."""
    found = _existing(databases, name, host)
    if found is None:
        return False
    databases.forget(found)
    with _refusals():
        databases.storage.drop(found)
    settings.announce_change()
    shutil.rmtree(filestore_dir(settings, found), ignore_errors=True)
    _logger.info("Dropped database %s", found)
    return True


def rename(
    databases: Databases,
    settings: ManagerSettings,
    old: object,
    new: object,
    host: str | None = None,
) -> bool:
    """Give database ``old`` (and its file store) the name ``new``."""
    found = _existing(databases, old, host)
    if found is None:
        raise ManagerError(f"Couldn't rename database {old} to {new}: database does not exist")
    try:
        new = _new_name(databases, new, host)
    except ManagerError as exc:
        raise ManagerError(f"Couldn't rename database {old} to {new}: {exc.message}") from None
    _clear_stale_filestore(settings, new)
    databases.forget(found)
    with _refusals():
        databases.storage.rename(found, new)
    settings.announce_change()
    old_store = filestore_dir(settings, found)
    if old_store.exists():
        old_store.rename(filestore_dir(settings, new))
    _logger.info("Renamed database %s to %s", found, new)
    return True


def change_master_password(settings: ManagerSettings, new_password: object) -> bool:
    """Make ``new_password`` the master password (kept in the data directory)."""
    try:
        settings.master.change(new_password)
    except ValueError as exc:
        raise ManagerError(str(exc)) from None
    _logger.info("The master password was changed")
    return True


# --- dump and restore -------------------------------------------------------


@contextlib.contextmanager
def dump(
    databases: Databases,
    settings: ManagerSettings,
    name: object,
    backup_format: object = "zip",
    with_filestore: bool = True,
    host: str | None = None,
) -> Iterator[Path]:
    """A backup of database ``name``, as a file that lives while the context does:
    ``zip`` (Odoo's format: ``dump.sql`` with ``manifest.json`` and
    ``filestore/``; a SQLite database is ``dump.sqlite3``), or ``dump`` (the
    database alone: pg_dump's custom format, or the SQLite file)."""
    found = _existing(databases, name, host)
    if found is None:
        raise DatabaseMissing(f'database "{name}" does not exist')
    if backup_format not in ("zip", "dump"):
        raise ManagerError(f"Unknown backup format {backup_format!r}: 'zip' or 'dump'.")
    storage = databases.storage
    with tempfile.TemporaryDirectory(dir=work_dir(settings)) as work:
        folder = Path(work)
        if backup_format == "dump":
            out = folder / "backup.dump"
            with _refusals():
                storage.backup(found, out, plain=False)
            yield out
            return
        is_sqlite = isinstance(storage, SqliteStorage)
        member = SQLITE_MEMBER if is_sqlite else SQL_MEMBER
        with _refusals():
            storage.backup(found, folder / member, plain=True)
        out = folder / "backup.zip"
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            archive.write(folder / member, member)  # first, as Odoo's
            manifest = _manifest(found, "sqlite" if is_sqlite else "postgresql")
            archive.writestr(MANIFEST_MEMBER, json.dumps(manifest, indent=4))
            store = filestore_dir(settings, found)
            if with_filestore and store.is_dir():
                for path in sorted(store.rglob("*")):
                    if path.is_file():
                        archive.write(path, f"{FILESTORE_MEMBER}{path.relative_to(store)}")
        yield out


def _manifest(name: str, backend: str) -> dict[str, Any]:
    """Odoo's ``manifest.json``, with what jsontwo adds (its version and backend)."""
    return {
        "odoo_dump": "1",
        "db_name": name,
        "version": SERVER_VERSION,
        "version_info": [19, 0, 0, "final", 0, ""],
        "major_version": SERVER_VERSION,
        "modules": dict.fromkeys(MODULES, SERVER_VERSION),
        "jsontwo": {"version": __version__, "backend": backend},
    }


def restore(
    databases: Databases,
    settings: ManagerSettings,
    name: object,
    backup: Path,
    copy: bool = False,
    host: str | None = None,
) -> bool:
    """Create database ``name`` from the backup file ``backup`` (a zip :func:`dump`
    made, or a bare ``dump``); ``copy``: give it a new ``database.uuid`` and
    secret. Never over an existing database; a failure leaves none."""
    if isinstance(name, str) and _existing(databases, name, host) is not None:
        raise DatabaseExists("Database already exists")
    name = _new_name(databases, name, host)
    _clear_stale_filestore(settings, name)
    storage = databases.storage
    is_sqlite = isinstance(storage, SqliteStorage)
    with tempfile.TemporaryDirectory(dir=work_dir(settings)) as work:
        folder = Path(work)
        try:
            database, plain, store = _unpack(backup, folder, is_sqlite)
        except (zipfile.BadZipFile, OSError) as exc:
            raise ManagerError(f"Couldn't restore database: {exc}") from None
        with _refusals():
            storage.restore(name, database, plain=plain)
        try:
            _check_made_by_jsontwo(databases, name)
            databases.registry(name)  # a jsontwo database: opens, and upgrades if older
            if copy:
                _new_identity(databases, name)
            if store is not None:
                store.rename(_fresh_dir(filestore_dir(settings, name)))
        except BaseException:
            _drop_quietly(databases, settings, name)
            raise
    settings.announce_change()
    _logger.info("Restored database %s", name)
    return True


def _check_made_by_jsontwo(databases: Databases, name: str) -> None:
    """Refuse a restored database that jsontwo did not make (opening it would
    build jsontwo's tables in someone else's database)."""
    database = databases.storage.open(name)
    try:
        with database.transaction() as cr:
            found = cr.execute(
                "SELECT value FROM ir_config_parameter WHERE key = %s", ["database.uuid"]
            )
    except Exception:  # no such table: not a jsontwo database
        found = []
    finally:
        database.dispose()
    if not found:
        raise ManagerError("Couldn't restore database: this is not a jsontwo database.")


def _unpack(backup: Path, folder: Path, is_sqlite: bool) -> tuple[Path, bool, Path | None]:
    """The database file in ``backup``, whether it is SQL, and its file store (if
    any), taken out into ``folder``."""
    if not zipfile.is_zipfile(backup):
        with backup.open("rb") as file:
            head = file.read(16)
        if is_sqlite and head.startswith(b"SQLite format 3"):
            return backup, False, None
        if not is_sqlite and head.startswith(PG_CUSTOM_HEADER):
            return backup, False, None
        raise ManagerError("Couldn't restore database: this is not a backup of this server's kind.")
    with zipfile.ZipFile(backup) as archive:
        names = archive.namelist()
        member = SQLITE_MEMBER if is_sqlite else SQL_MEMBER
        if member not in names:
            other = "PostgreSQL" if is_sqlite else "SQLite"
            kind = (
                f"a {other} backup"
                if (SQL_MEMBER if is_sqlite else SQLITE_MEMBER) in names
                else "no backup"
            )
            raise ManagerError(f"Couldn't restore database: this is {kind}.")
        if MANIFEST_MEMBER in names:
            try:
                manifest = json.loads(archive.read(MANIFEST_MEMBER))
            except ValueError:
                manifest = None
            if not isinstance(manifest, dict) or "jsontwo" not in manifest:
                raise ManagerError(
                    "Couldn't restore database: this is a backup of an Odoo database, "
                    "not of a jsontwo one."
                )
        archive.extract(member, folder)
        store: Path | None = None
        for entry in archive.infolist():
            if entry.filename.startswith(FILESTORE_MEMBER) and not entry.is_dir():
                _safe_member(entry.filename)
                archive.extract(entry, folder)
                store = folder / "filestore"
    return folder / member, not is_sqlite, store


def _safe_member(member: str) -> None:
    """Refuse a member whose path leaves the file store (``..``, absolute)."""
    parts = Path(member).parts
    if member.startswith("/") or ".." in parts:
        raise ManagerError(f"Couldn't restore database: unsafe member {member!r}.")


# --- helpers ----------------------------------------------------------------


def _new_identity(databases: Databases, name: str) -> None:
    """A new ``database.uuid`` and ``database.secret`` for a copy (Odoo's
    ``ir.config_parameter.init(force=True)``): two databases never share them."""
    registry = databases.registry(name)

    def renew(env: Environment) -> None:
        params = env["ir.config_parameter"].sudo()
        params.set_param("database.uuid", str(uuid.uuid4()))
        params.set_param("database.secret", secrets.token_hex(32))

    with_superuser(registry, renew)


def _copy_filestore(settings: ManagerSettings, source: str, target: str) -> None:
    store = filestore_dir(settings, source)
    if store.is_dir():
        shutil.copytree(store, filestore_dir(settings, target))


def _clear_stale_filestore(settings: ManagerSettings, name: str) -> None:
    """A file store left by a database of that name that was dropped by other means
    (the command line): it belongs to no database, and a new one starts empty."""
    store = filestore_dir(settings, name)
    if store.exists():
        _logger.warning("Removing the file store of a database that no longer exists: %s", store)
        shutil.rmtree(store, ignore_errors=True)


def _fresh_dir(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def work_dir(settings: ManagerSettings) -> Path:
    """Where backups are made and unpacked (made if missing): in the data
    directory, so that moving a file store into place is a rename on the same
    file system."""
    folder = settings.data_dir / ".manager-tmp"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _drop_quietly(databases: Databases, settings: ManagerSettings, name: str) -> None:
    """Remove what a failed operation made of database ``name``."""
    databases.forget(name)
    try:
        if databases.storage.exists(name):
            databases.storage.drop(name)
    except StorageError:
        _logger.warning("could not remove the half-made database %s", name)
    shutil.rmtree(filestore_dir(settings, name), ignore_errors=True)
    settings.announce_change()
