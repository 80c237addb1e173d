"""Where databases live: a folder of SQLite files, or a PostgreSQL server.

A jsontwo database named ``demo`` is ``<data-dir>/demo.sqlite3`` on SQLite,
and the PostgreSQL database ``demo`` on a server. PostgreSQL databases that
jsontwo created carry the comment ``jsontwo``, so listing them is one query
and foreign databases on a shared server are never shown or dropped.

Template databases, which new databases are copied from (see
:mod:`jsontwo.service.templates`), live in a storage of their own
(:meth:`Storage.templates`): the folder ``<data-dir>/templates/`` on SQLite,
PostgreSQL template databases with the comment ``jsontwo-template`` on a
server. Neither is ever listed with the databases.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable, Hashable
from pathlib import Path

import sqlalchemy as sa

from jsontwo.db import pg_tools
from jsontwo.db.database import Database
from jsontwo.db.engines import pool_mode, without_pool_mode
from jsontwo.db.replicas import ReplicaConfig
from jsontwo.db.write_turns import SUFFIX as WRITERS_SUFFIX

DB_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")
PG_MARKER = "jsontwo"
#: the comment of the template databases jsontwo keeps on a PostgreSQL server
PG_TEMPLATE_MARKER = "jsontwo-template"
#: the folder of a SQLite data folder that holds the template databases
TEMPLATE_FOLDER = "templates"
REPLICAS_NEED_POSTGRESQL = (
    "--db-replica-url needs --db-url: read replicas are PostgreSQL servers, and SQLite "
    "databases (the default without --db-url) have none."
)
#: seconds to wait for the PostgreSQL server when listing or checking databases
CONNECT_TIMEOUT = 10


class StorageError(Exception):
    """A database could not be created, found or dropped; the message says why."""


class StorageUnavailable(StorageError):
    """The storage cannot be reached or read. The message is safe to show anyone;
    ``detail`` (the driver's words: host names, ports, paths) is for the operator
    only: the command line prints it, the server logs it."""

    def __init__(self, message: str, detail: str) -> None:
        super().__init__(message)
        self.detail = detail


class TemplateMissing(StorageError):
    """The template database to copy does not exist (or vanished while copied)."""


def validate_db_name(name: str) -> str:
    """Return ``name`` if it is a valid database name, else raise StorageError."""
    if not DB_NAME_RE.match(name or ""):
        raise StorageError(
            f"Invalid database name {name!r}: use letters, digits, '_', '.' and '-', "
            "starting with a letter or digit (at most 63 characters)."
        )
    return name


class Storage(ABC):
    """Creates, lists, drops and opens the databases of one place."""

    #: a short text for humans ("SQLite in ./data", "PostgreSQL at ...")
    description: str
    #: seconds a call may run on the databases opened here (None: no limit)
    time_limit: float | None = None
    #: the read replicas of its databases (``--db-replica-url``; PostgreSQL only)
    replicas: ReplicaConfig | None = None

    def list_by_age(self) -> list[str]:
        """The names of :meth:`list`, oldest first."""
        return self.list()

    @abstractmethod
    def list(self) -> list[str]:
        """Names of the jsontwo databases here, sorted."""

    @abstractmethod
    def exists(self, name: str) -> bool:
        """Whether the database ``name`` exists here."""

    @abstractmethod
    def create_empty(self, name: str) -> None:
        """Create an empty database (schema and data are the service's job)."""

    @abstractmethod
    def drop(self, name: str) -> None:
        """Remove the database ``name`` and everything in it."""

    @abstractmethod
    def copy(self, source: str, target: str) -> None:
        """Make database ``target`` a copy of ``source`` (whole, or not at all);
        StorageError when ``target`` exists."""

    @abstractmethod
    def rename(self, old: str, new: str) -> None:
        """Give database ``old`` the name ``new``; StorageError when ``new`` exists."""

    @abstractmethod
    def backup(self, name: str, path: Path, plain: bool = True) -> None:
        """Write database ``name`` to the file ``path``: a SQLite file; on
        PostgreSQL, ``pg_dump``'s SQL (``plain``) or its custom format."""

    @abstractmethod
    def restore(self, name: str, path: Path, plain: bool = True) -> None:
        """Create database ``name`` from a file :meth:`backup` wrote, whole or not at
        all; StorageError when ``name`` exists or the file is not such a backup."""

    @abstractmethod
    def identity(self, name: str) -> Hashable | None:
        """What tells this database ``name`` from another of the same name made
        after it was dropped (None: it does not exist)."""

    @abstractmethod
    def url_for(self, name: str) -> str:
        """The SQLAlchemy URL of database ``name``."""

    @abstractmethod
    def environment(self) -> dict[str, str]:
        """The ``JSONTWO_*`` variables that name this storage (for worker processes)."""

    @abstractmethod
    def check(self) -> None:
        """Raise StorageUnavailable unless the databases can be reached and read
        (a readiness probe: cheap, and safe to call often)."""

    @abstractmethod
    def templates(self) -> Storage:
        """The storage of the template databases that new databases here are
        copied from: of the same kind, and never listed with this one's."""

    @abstractmethod
    def copy_template(self, template: str, target: str) -> None:
        """Make database ``target`` here a copy of ``template`` of :meth:`templates`
        (whole, or not at all); StorageError when ``target`` exists, TemplateMissing
        when ``template`` does not (or could not be copied: dropped meanwhile)."""

    @abstractmethod
    def seal(self, name: str) -> None:
        """Make database ``name`` of a template storage ready to be copied, and
        closed to connections (on PostgreSQL, a copy needs its source idle)."""

    def open(self, name: str) -> Database:
        """A connection pool to an existing database."""
        self.require(name)
        return self.database(name)

    def database(self, name: str) -> Database:
        """A connection pool to database ``name``, which need not exist yet (nothing
        connects before the first statement)."""
        database = Database(name, self.url_for(name), self.time_limit, self.filestore_dir(name))
        if self.replicas is not None:
            database.replicas = self.replicas.replica_set(database)
        return database

    def require(self, name: str) -> None:
        """Nothing if database ``name`` exists here; StorageError otherwise."""
        if not self.exists(name):
            raise StorageError(f"Database {name!r} does not exist.")

    def filestore_dir(self, name: str) -> Path | None:
        """The folder holding the files of database ``name``'s attachments, or None
        when they are kept inside the database itself (SQLite). The folder may not
        exist yet: the first file stored makes it."""
        return None


class SqliteStorage(Storage):
    """One SQLite file per database in a folder (the embedded default)."""

    SUFFIX = ".sqlite3"

    def __init__(self, data_dir: str | Path) -> None:
        self.data_dir = Path(data_dir).resolve()
        self.description = f"SQLite files in {self.data_dir}"

    def path_for(self, name: str) -> Path:
        """The file holding database ``name``."""
        return self.data_dir / f"{validate_db_name(name)}{self.SUFFIX}"

    def templates(self) -> SqliteStorage:
        # a folder inside the data folder: list() looks at the top only
        return SqliteStorage(self.data_dir / TEMPLATE_FOLDER)

    def copy_template(self, template: str, target: str) -> None:
        source = self.templates().path_for(template)
        self._refuse_existing(target)
        if not source.is_file():
            raise TemplateMissing(f"Template database {template!r} does not exist.")

        # a plain file copy: the template is one file (journal_mode=DELETE, idle)
        def fill(tmp: Path) -> None:
            shutil.copyfile(source, tmp)

        self._install(target, fill)

    def seal(self, name: str) -> None:
        pass  # nothing to do: rename() leaves one idle file, which copies as it is

    def list_by_age(self) -> list[str]:
        return sorted(self.list(), key=lambda name: self.path_for(name).stat().st_mtime_ns)

    def url_for(self, name: str) -> str:
        return f"sqlite:///{self.path_for(name)}"

    def environment(self) -> dict[str, str]:
        return {"JSONTWO_DATA_DIR": str(self.data_dir)}

    def list(self) -> list[str]:
        if not self.data_dir.is_dir():
            return []
        return sorted(p.name[: -len(self.SUFFIX)] for p in self.data_dir.glob(f"*{self.SUFFIX}"))

    def exists(self, name: str) -> bool:
        return DB_NAME_RE.match(name or "") is not None and self.path_for(name).is_file()

    def check(self) -> None:
        # a folder not made yet is fine (the first database makes it); one that
        # exists must be listable, and each database file open and readable
        try:
            for name in self.list():
                uri = f"{self.path_for(name).as_uri()}?mode=ro"
                with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=5)) as conn:
                    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except (OSError, sqlite3.Error) as exc:
            raise StorageUnavailable("A database file cannot be read.", str(exc)) from exc

    def create_empty(self, name: str) -> None:
        path = self.path_for(name)
        if path.exists():
            raise StorageError(f"Database {name!r} already exists ({path}).")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        path.touch()

    def drop(self, name: str) -> None:
        path = self.path_for(name)
        if not path.exists():
            raise StorageError(f"Database {name!r} does not exist.")
        for extra in ("", "-wal", "-shm", "-journal", WRITERS_SUFFIX):
            Path(f"{path}{extra}").unlink(missing_ok=True)

    def copy(self, source: str, target: str) -> None:
        self.require(source)
        self._refuse_existing(target)
        self._install(target, lambda tmp: self.backup(source, tmp, plain=False))

    def rename(self, old: str, new: str) -> None:
        # a consistent copy, then the old files go: what the log (-wal) of the
        # old name still held is in the copy, which a plain file rename would lose
        self.copy(old, new)
        self.drop(old)

    def backup(self, name: str, path: Path, plain: bool = True) -> None:
        self.require(name)
        # SQLite's online backup: a consistent copy while other processes use it
        with (
            contextlib.closing(sqlite3.connect(self.path_for(name), timeout=30)) as source,
            contextlib.closing(sqlite3.connect(path)) as target,
        ):
            source.backup(target)

    def restore(self, name: str, path: Path, plain: bool = True) -> None:
        self._refuse_existing(name)
        if not is_sqlite_file(path):
            raise StorageError("This is not a SQLite database file.")

        def fill(tmp: Path) -> None:
            with (
                contextlib.closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as src,
                contextlib.closing(sqlite3.connect(tmp)) as target,
            ):
                check = src.execute("PRAGMA quick_check").fetchone()
                if not check or check[0] != "ok":
                    raise StorageError("The SQLite file is damaged.")
                src.backup(target)

        try:
            self._install(name, fill)
        except sqlite3.DatabaseError as exc:
            raise StorageError(f"This is not a SQLite database file: {exc}") from None

    def identity(self, name: str) -> Hashable | None:
        try:
            stat = self.path_for(name).stat()
        except (OSError, StorageError):
            return None
        return (stat.st_dev, stat.st_ino)

    def _refuse_existing(self, name: str) -> None:
        if self.path_for(name).exists():
            raise StorageError(f"Database {name!r} already exists.")

    def _install(self, name: str, fill: Callable[[Path], None]) -> None:
        """Database ``name`` from a file ``fill`` writes: the file is made under a
        name no server lists, then linked into place, which fails when ``name``
        appeared meanwhile; a failure leaves nothing behind."""
        target = self.path_for(name)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        tmp = self.data_dir / f".{name}.{uuid.uuid4().hex}.tmp"
        try:
            fill(tmp)
            with contextlib.closing(sqlite3.connect(tmp)) as conn:
                conn.execute("PRAGMA journal_mode=DELETE")  # the one file is the database
            os.link(tmp, target)
        except FileExistsError:
            raise StorageError(f"Database {name!r} already exists.") from None
        finally:
            for extra in ("", "-wal", "-shm", "-journal"):
                Path(f"{tmp}{extra}").unlink(missing_ok=True)


#: the first bytes of every SQLite 3 database file
SQLITE_HEADER = b"SQLite format 3\x00"


def is_sqlite_file(path: Path) -> bool:
    """Whether the file ``path`` starts as a SQLite database does."""
    with path.open("rb") as file:
        return file.read(len(SQLITE_HEADER)) == SQLITE_HEADER


class PostgresStorage(Storage):
    """One PostgreSQL database per jsontwo database, on one server."""

    def __init__(self, url: str, data_dir: str | Path = "data", marker: str = PG_MARKER) -> None:
        parsed = sa.make_url(url)
        #: the comment of the databases of this storage (PG_TEMPLATE_MARKER: the
        #: template databases, which are PostgreSQL templates too)
        self.marker = marker
        #: where the file stores live: ``<data_dir>/filestore/<database>/`` (Odoo's layout)
        self.file_root = Path(data_dir).resolve()
        if parsed.get_backend_name() != "postgresql":
            raise StorageError(f"Not a PostgreSQL URL: {url!r} (expected postgresql://...)")
        try:
            pool_mode(parsed)
        except ValueError as exc:
            raise StorageError(f"Invalid PostgreSQL URL: {exc}") from None
        self._server = parsed.set(drivername="postgresql+psycopg")
        self._url = url
        self.description = f"PostgreSQL at {parsed.render_as_string(hide_password=True)}"
        self._admin: sa.Engine | None = None

    def _admin_engine(self) -> sa.Engine:
        """An autocommit engine on the maintenance database, for CREATE/DROP."""
        if self._admin is None:
            maintenance = self._server.database or "postgres"
            # CREATE and DROP DATABASE run one statement a transaction (autocommit),
            # which a transaction pooler passes through as they are
            self._admin = sa.create_engine(
                without_pool_mode(self._server.set(database=maintenance)),
                isolation_level="AUTOCOMMIT",
                poolclass=sa.pool.NullPool,
                # an unreachable server fails a listing (or a health probe) in
                # seconds rather than at the system's TCP timeout
                connect_args={"connect_timeout": CONNECT_TIMEOUT},
            )
        return self._admin

    @property
    def server_url(self) -> str:
        """The ``--db-url`` this storage was made with."""
        return self._url

    def admin_connection(self) -> sa.Connection:
        """An autocommit connection to the server's maintenance database (close it)."""
        return self._admin_engine().connect()

    def url_for(self, name: str) -> str:
        url = self._server.set(database=validate_db_name(name))
        return url.render_as_string(hide_password=False)

    def environment(self) -> dict[str, str]:
        return {"JSONTWO_DB_URL": self._url, "JSONTWO_DATA_DIR": str(self.file_root)}

    def filestore_dir(self, name: str) -> Path | None:
        return self.file_root / "filestore" / validate_db_name(name)

    def templates(self) -> PostgresStorage:
        return PostgresStorage(self._url, self.file_root, PG_TEMPLATE_MARKER)

    def copy_template(self, template: str, target: str) -> None:
        validate_db_name(target)
        # one connection for the checks and the copy: each costs a few hundredths
        with self._admin_engine().connect() as conn:
            found = {
                row[0]: row[1]
                for row in conn.execute(
                    sa.text(
                        "SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database "
                        "WHERE datname IN (:target, :template)"
                    ),
                    {"target": target, "template": template},
                )
            }
            if target in found:
                raise StorageError(f"Database {target!r} already exists on the server.")
            if found.get(template) != PG_TEMPLATE_MARKER:
                raise TemplateMissing(f"Template database {template!r} does not exist.")
            try:
                conn.execute(sa.text(f'CREATE DATABASE "{target}" TEMPLATE "{template}"'))
            except sa.exc.DBAPIError as exc:  # dropped meanwhile, or a name taken meanwhile
                raise TemplateMissing(f"Could not copy {template!r}: {exc.orig}") from None
            try:
                conn.execute(sa.text(f"COMMENT ON DATABASE \"{target}\" IS '{self.marker}'"))
            except BaseException:
                conn.execute(sa.text(f'DROP DATABASE "{target}" WITH (FORCE)'))
                raise

    def seal(self, name: str) -> None:
        with self._admin_engine().connect() as conn:
            _terminate(conn, name)
            conn.execute(
                sa.text(f'ALTER DATABASE "{name}" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false')
            )

    def list_by_age(self) -> list[str]:
        return self._names()

    def _names(self) -> list[str]:
        """The names of this storage's databases, oldest first (by oid)."""
        # the databases are never PostgreSQL templates (a template being made
        # is not one yet: the template storage lists both)
        databases = "" if self.marker == PG_TEMPLATE_MARKER else "NOT datistemplate AND "
        query = sa.text(
            f"SELECT datname FROM pg_database WHERE {databases}"
            "shobj_description(oid, 'pg_database') = :marker ORDER BY oid"
        )
        try:
            with self._admin_engine().connect() as conn:
                return [row[0] for row in conn.execute(query, {"marker": self.marker})]
        except sa.exc.OperationalError as exc:
            # the driver's text names the server's host and port: not for clients
            raise StorageUnavailable(
                "The PostgreSQL server cannot be reached.", str(exc.orig)
            ) from exc

    def list(self) -> list[str]:
        return sorted(self._names())

    def check(self) -> None:
        self.list()

    def exists(self, name: str) -> bool:
        return DB_NAME_RE.match(name or "") is not None and name in self.list()

    def create_empty(self, name: str) -> None:
        self._refuse_existing(name)
        with self._admin_engine().connect() as conn:
            # byte-order collation, as Odoo creates its databases and as SQLite sorts
            conn.execute(
                sa.text(
                    f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C'"
                )
            )
            conn.execute(sa.text(f"COMMENT ON DATABASE \"{name}\" IS '{self.marker}'"))

    def drop(self, name: str) -> None:
        if not self.exists(name):
            raise StorageError(f"Database {name!r} does not exist (or was not made by jsontwo).")
        with self._admin_engine().connect() as conn:
            # a template cannot be dropped; one whose drop was interrupted is no
            # template any more, and PostgreSQL refuses to ALTER it (invalid)
            is_template = conn.execute(
                sa.text("SELECT datistemplate FROM pg_database WHERE datname = :name"),
                {"name": name},
            ).scalar()
            if is_template:
                conn.execute(sa.text(f'ALTER DATABASE "{name}" WITH IS_TEMPLATE false'))
            conn.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))

    def copy(self, source: str, target: str) -> None:
        self.require(source)
        self._refuse_existing(target)
        with self._admin_engine().connect() as conn:
            # a template may have no other connection: the server's are closed first
            _terminate(conn, source)
            conn.execute(sa.text(f'CREATE DATABASE "{target}" TEMPLATE "{source}"'))
            try:
                conn.execute(sa.text(f"COMMENT ON DATABASE \"{target}\" IS '{self.marker}'"))
            except BaseException:
                conn.execute(sa.text(f'DROP DATABASE "{target}" WITH (FORCE)'))
                raise

    def rename(self, old: str, new: str) -> None:
        self.require(old)
        self._refuse_existing(new)
        with self._admin_engine().connect() as conn:
            _terminate(conn, old)
            conn.execute(sa.text(f'ALTER DATABASE "{old}" RENAME TO "{new}"'))

    def backup(self, name: str, path: Path, plain: bool = True) -> None:
        self.require(name)
        args = ["--no-owner", f"--file={path}"]
        if not plain:
            args.append("--format=c")
        _tool("pg_dump", [*args, name], self._server)

    def restore(self, name: str, path: Path, plain: bool = True) -> None:
        self._refuse_existing(name)
        self.create_empty(name)
        try:
            if plain:
                args = ["-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", "-f", str(path)]
                _tool("psql", [*args, name], self._server)
            else:
                args = ["--no-owner", "--single-transaction", "--exit-on-error", f"--dbname={name}"]
                _tool("pg_restore", [*args, str(path)], self._server, dbname_arg=False)
        except BaseException:
            with contextlib.suppress(StorageError, sa.exc.SQLAlchemyError):
                self.drop(name)
            raise

    def identity(self, name: str) -> Hashable | None:
        query = sa.text(
            "SELECT oid FROM pg_database WHERE datname = :n "
            "AND shobj_description(oid, 'pg_database') = :marker"
        )
        try:
            with self._admin_engine().connect() as conn:
                row = conn.execute(query, {"n": name, "marker": self.marker}).first()
        except sa.exc.SQLAlchemyError:
            return None
        return int(row[0]) if row else None

    def _refuse_existing(self, name: str) -> None:
        validate_db_name(name)
        with self._admin_engine().connect() as conn:
            found = conn.execute(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
            ).first()
        if found:
            raise StorageError(f"Database {name!r} already exists on the server.")


def _tool(program: str, args: list[str], server: sa.URL, dbname_arg: bool = True) -> None:
    try:
        pg_tools.run(program, args, server, dbname_arg)
    except pg_tools.ToolFailed as exc:
        raise StorageError(str(exc)) from None


def _terminate(conn: sa.Connection, name: str) -> None:
    """End the other sessions on database ``name`` (a copy or a rename needs none)."""
    conn.execute(
        sa.text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = :n AND pid <> pg_backend_pid()"
        ),
        {"n": name},
    )


def open_storage(
    data_dir: str | Path | None = None,
    db_url: str | None = None,
    time_limit: float | None = None,
    replicas: ReplicaConfig | None = None,
) -> Storage:
    """The storage named by the CLI flags: ``--db-url`` wins over ``--data-dir`` for
    the databases, and ``--data-dir`` then holds their file stores;
    ``time_limit``: the seconds a call may run on its databases (``--limit-time-real``)."""
    storage: Storage = (
        PostgresStorage(db_url, data_dir or "data") if db_url else SqliteStorage(data_dir or "data")
    )
    storage.time_limit = time_limit or None
    if replicas is not None and replicas.urls:
        if not db_url:
            raise StorageError(REPLICAS_NEED_POSTGRESQL)
        storage.replicas = replicas
    return storage
