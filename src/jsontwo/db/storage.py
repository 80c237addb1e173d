"""Where databases live: a folder of SQLite files, or a PostgreSQL server.

A jsontwo database named ``demo`` is ``<data-dir>/demo.sqlite3`` on SQLite,
and the PostgreSQL database ``demo`` on a server. PostgreSQL databases that
jsontwo created carry the comment ``jsontwo``, so listing them is one query
and foreign databases on a shared server are never shown or dropped.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from abc import ABC, abstractmethod
from pathlib import Path

import sqlalchemy as sa

from jsontwo.db.database import Database

DB_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")
PG_MARKER = "jsontwo"
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
    def url_for(self, name: str) -> str:
        """The SQLAlchemy URL of database ``name``."""

    @abstractmethod
    def environment(self) -> dict[str, str]:
        """The ``JSONTWO_*`` variables that name this storage (for worker processes)."""

    @abstractmethod
    def check(self) -> None:
        """Raise StorageUnavailable unless the databases can be reached and read
        (a readiness probe: cheap, and safe to call often)."""

    def open(self, name: str) -> Database:
        """A connection pool to an existing database."""
        if not self.exists(name):
            raise StorageError(f"Database {name!r} does not exist.")
        return Database(name, self.url_for(name), self.time_limit, self.filestore_dir(name))

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
        for extra in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{extra}").unlink(missing_ok=True)


class PostgresStorage(Storage):
    """One PostgreSQL database per jsontwo database, on one server."""

    def __init__(self, url: str, data_dir: str | Path = "data") -> None:
        parsed = sa.make_url(url)
        #: where the file stores live: ``<data_dir>/filestore/<database>/`` (Odoo's layout)
        self.file_root = Path(data_dir).resolve()
        if parsed.get_backend_name() != "postgresql":
            raise StorageError(f"Not a PostgreSQL URL: {url!r} (expected postgresql://...)")
        self._server = parsed.set(drivername="postgresql+psycopg")
        self._url = url
        self.description = f"PostgreSQL at {parsed.render_as_string(hide_password=True)}"
        self._admin: sa.Engine | None = None

    def _admin_engine(self) -> sa.Engine:
        """An autocommit engine on the maintenance database, for CREATE/DROP."""
        if self._admin is None:
            maintenance = self._server.database or "postgres"
            self._admin = sa.create_engine(
                self._server.set(database=maintenance),
                isolation_level="AUTOCOMMIT",
                poolclass=sa.pool.NullPool,
                # an unreachable server fails a listing (or a health probe) in
                # seconds rather than at the system's TCP timeout
                connect_args={"connect_timeout": CONNECT_TIMEOUT},
            )
        return self._admin

    def url_for(self, name: str) -> str:
        url = self._server.set(database=validate_db_name(name))
        return url.render_as_string(hide_password=False)

    def environment(self) -> dict[str, str]:
        return {"JSONTWO_DB_URL": self._url, "JSONTWO_DATA_DIR": str(self.file_root)}

    def filestore_dir(self, name: str) -> Path | None:
        return self.file_root / "filestore" / validate_db_name(name)

    def list(self) -> list[str]:
        query = sa.text(
            "SELECT datname FROM pg_database WHERE NOT datistemplate "
            "AND shobj_description(oid, 'pg_database') = :marker ORDER BY datname"
        )
        try:
            with self._admin_engine().connect() as conn:
                return [row[0] for row in conn.execute(query, {"marker": PG_MARKER})]
        except sa.exc.OperationalError as exc:
            # the driver's text names the server's host and port: not for clients
            raise StorageUnavailable(
                "The PostgreSQL server cannot be reached.", str(exc.orig)
            ) from exc

    def check(self) -> None:
        self.list()

    def exists(self, name: str) -> bool:
        return DB_NAME_RE.match(name or "") is not None and name in self.list()

    def create_empty(self, name: str) -> None:
        validate_db_name(name)
        with self._admin_engine().connect() as conn:
            found = conn.execute(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
            ).first()
            if found:
                raise StorageError(f"Database {name!r} already exists on the server.")
            # byte-order collation, as Odoo creates its databases and as SQLite sorts
            conn.execute(
                sa.text(
                    f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C'"
                )
            )
            conn.execute(sa.text(f"COMMENT ON DATABASE \"{name}\" IS '{PG_MARKER}'"))

    def drop(self, name: str) -> None:
        if not self.exists(name):
            raise StorageError(f"Database {name!r} does not exist (or was not made by jsontwo).")
        with self._admin_engine().connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))


def open_storage(
    data_dir: str | Path | None = None, db_url: str | None = None, time_limit: float | None = None
) -> Storage:
    """The storage named by the CLI flags: ``--db-url`` wins over ``--data-dir`` for
    the databases, and ``--data-dir`` then holds their file stores;
    ``time_limit``: the seconds a call may run on its databases (``--limit-time-real``)."""
    storage: Storage = (
        PostgresStorage(db_url, data_dir or "data") if db_url else SqliteStorage(data_dir or "data")
    )
    storage.time_limit = time_limit or None
    return storage
