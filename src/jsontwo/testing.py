"""Running a real ``jsontwo serve`` from another program: the test suite, the
benchmark (``bench/``), the conformance script (``scripts/``) and the pytest
plugin (:mod:`jsontwo.pytest_plugin`), which also copies and drops databases here.

This module stands beside the layers, not in them: it imports nothing of the
server (only the standard library, and psycopg when it copies PostgreSQL
databases) and starts it, and its commands, as separate processes, the way a
user does. So a program that imports it loads none of the ORM.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from abc import ABC, abstractmethod
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

#: the file, at the root of a checkout, where ``scripts/pg-test-setup.sh`` writes
#: the URL of the PostgreSQL server it started for the tests
PG_URL_FILE = ".pg-test-url"
#: how long a server may take to answer its first request (seconds)
START_TIMEOUT = 60
#: how long a server may take to stop after Ctrl+C before it is killed (seconds)
STOP_TIMEOUT = 15


class ServerError(Exception):
    """``jsontwo serve`` exited or did not answer in time; the message holds its log."""


class CommandError(Exception):
    """A ``jsontwo`` command failed; the message holds what it wrote."""


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def pg_test_url(root: Path, variables: tuple[str, ...] = ("JSONTWO_TEST_DB_URL",)) -> str | None:
    """The PostgreSQL server to test against: the first of the environment
    ``variables`` that is set, else the URL that ``scripts/pg-test-setup.sh``
    wrote in the checkout at ``root``; None when there is neither."""
    for name in variables:
        url = os.environ.get(name)
        if url:
            return url
    marker = root / PG_URL_FILE
    return marker.read_text().strip() if marker.exists() else None


def start_server(
    args: list[str],
    env: dict[str, str],
    port: int,
    log: Path | None = None,
    host: str = "127.0.0.1",
    program: list[str] | None = None,
) -> subprocess.Popen[bytes]:
    """Start ``jsontwo serve --port PORT *args`` with the environment ``env`` and wait
    until it answers ``/health`` on ``host`` (give ``--host`` in ``args`` too to
    serve another address). Its standard error goes to ``log`` (its banner and log
    lines; nowhere without one). ``program`` runs instead of ``python -m
    jsontwo.cli.main`` (the installed ``jsontwo`` script, say). ServerError, with
    the log, when it exits or does not answer within START_TIMEOUT seconds (then it
    is killed)."""
    jsontwo = program or [sys.executable, "-m", "jsontwo.cli.main"]
    command = [*jsontwo, "serve", "--port", str(port), *args]
    if log is None:
        proc = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
    else:
        with log.open("wb") as sink:
            proc = subprocess.Popen(command, env=env, stderr=sink)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ServerError(f"jsontwo serve exited with {proc.returncode}:\n{_read(log)}")
        if answers(f"http://{host}:{port}/health"):
            return proc
        time.sleep(0.1)
    proc.kill()
    raise ServerError(f"jsontwo serve did not answer within {START_TIMEOUT} s:\n{_read(log)}")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    """Stop the server the way Ctrl+C does (killed if it takes too long)."""
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def run_command(args: list[str], env: dict[str, str], program: list[str] | None = None) -> str:
    """Run ``jsontwo *args`` with the environment ``env`` and answer what it printed
    on standard output, stripped (``program``: as for :func:`start_server`).
    CommandError, with its standard error, when it fails."""
    jsontwo = program or [sys.executable, "-m", "jsontwo.cli.main"]
    done = subprocess.run([*jsontwo, *args], env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise CommandError(
            f"jsontwo {' '.join(args)} exited with {done.returncode}:\n{done.stderr}"
        )
    return done.stdout.strip()


class DatabaseCopies(ABC):
    """Fresh databases with demo data, each in the time of a copy (a file copy on
    SQLite, ``CREATE DATABASE ... TEMPLATE`` on PostgreSQL): a template made once
    with ``jsontwo db create --demo``, copied for each test and dropped after.

    The template carries an API key of ``admin`` (:attr:`admin_key`), so every copy
    does. A server of :meth:`environment` sees the copies, never the template: it
    lies outside the data folder (SQLite), or is a PostgreSQL template database
    that no one may connect to, which ``CREATE DATABASE ... TEMPLATE`` requires.
    """

    #: the key that the template's admin has, and so every copy's
    admin_key: str = ""
    #: the modules the template has (with their dependencies; empty: jsontwo's)
    modules: tuple[str, ...] = ()
    #: where modules from outside jsontwo are looked for (``--addons-path``)
    addons_path: str = ""

    def __init__(self, template: str, program: list[str] | None = None) -> None:
        self.template = template
        self.program = program
        self._failure: str | None = None

    def module_environment(self) -> dict[str, str]:
        """The variable naming the addons path, for the server and the commands."""
        return {"JSONTWO_ADDONS_PATH": self.addons_path} if self.addons_path else {}

    @abstractmethod
    def environment(self) -> dict[str, str]:
        """The ``JSONTWO_*`` variables naming where the copies live (for ``jsontwo serve``
        and the commands that work in a copy)."""

    @abstractmethod
    def _template_environment(self) -> dict[str, str]:
        """The ``JSONTWO_*`` variables naming where the template is made."""

    @abstractmethod
    def _seal_template(self) -> None:
        """Make the template ready to copy, and invisible to servers."""

    @abstractmethod
    def new(self) -> str:
        """A new copy of the template (after :meth:`ensure_template`): its name."""

    @abstractmethod
    def drop(self, name: str) -> None:
        """Remove the copy ``name`` (nothing when it is gone already)."""

    @abstractmethod
    def exists(self, name: str) -> bool:
        """Whether database ``name`` (a copy, or the template) exists."""

    @abstractmethod
    def close(self) -> None:
        """Remove the template."""

    @staticmethod
    def fresh_name() -> str:
        """A database name no other copy has."""
        return f"pytest_{uuid.uuid4().hex[:12]}"

    def ensure_template(self) -> str:
        """Make the template with demo data and an admin key, unless made already;
        answer the key. A failure is told again to every later call (CommandError)."""
        if self._failure is not None:
            raise CommandError(self._failure)
        if not self.admin_key:
            env = {**os.environ, **self.module_environment(), **self._template_environment()}
            create = ["apikey", "create", "--db", self.template, "--login", "admin"]
            modules = ["--modules", ",".join(self.modules)] if self.modules else []
            try:
                run_command(["db", "create", self.template, "--demo", *modules], env, self.program)
                key = run_command([*create, "--name", "pytest"], env, self.program)
                self._seal_template()
            except Exception as exc:
                self._failure = f"{type(exc).__name__}: {exc}"
                raise CommandError(self._failure) from exc
            self.admin_key = key
        return self.admin_key

    def create_key(self, name: str, login: str, label: str = "pytest") -> str:
        """A new API key of user ``login`` in the copy ``name`` (``jsontwo apikey create``)."""
        env = {**os.environ, **self.module_environment(), **self.environment()}
        create = ["apikey", "create", "--db", name, "--login", login, "--name", label]
        return run_command(create, env, self.program)


class SqliteCopies(DatabaseCopies):
    """Copies of a SQLite template file in ``data_dir``; the template lives in
    ``template_dir``, where no server looks."""

    SUFFIX = ".sqlite3"

    def __init__(
        self, data_dir: Path, template_dir: Path, template: str, program: list[str] | None = None
    ) -> None:
        super().__init__(template, program)
        self.data_dir = data_dir
        self.template_dir = template_dir

    def environment(self) -> dict[str, str]:
        return {"JSONTWO_DATA_DIR": str(self.data_dir), "JSONTWO_DB_URL": ""}

    def _template_environment(self) -> dict[str, str]:
        return {"JSONTWO_DATA_DIR": str(self.template_dir), "JSONTWO_DB_URL": ""}

    def _file(self, folder: Path, name: str) -> Path:
        return folder / f"{name}{self.SUFFIX}"

    def _seal_template(self) -> None:
        # the commands left the file whole (their last connection checkpointed the
        # log); checkpoint again all the same, so that the one file is the database
        template = self._file(self.template_dir, self.template)
        with contextlib.closing(sqlite3.connect(template)) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def new(self) -> str:
        name = self.fresh_name()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(
            self._file(self.template_dir, self.template), self._file(self.data_dir, name)
        )
        return name

    def drop(self, name: str) -> None:
        path = self._file(self.data_dir, name)
        for extra in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{extra}").unlink(missing_ok=True)

    def exists(self, name: str) -> bool:
        folder = self.template_dir if name == self.template else self.data_dir
        return self._file(folder, name).is_file()

    def close(self) -> None:
        template = self._file(self.template_dir, self.template)
        for extra in ("", "-wal", "-shm", "-journal"):
            Path(f"{template}{extra}").unlink(missing_ok=True)
        # and the template jsontwo made the plugin's from, in the folder of the run
        # (``<data-dir>/templates``, docs/databases.md "Templates"): no later run sees it
        shutil.rmtree(self.template_dir / "templates", ignore_errors=True)


class PostgresCopies(DatabaseCopies):
    """Copies made by ``CREATE DATABASE ... TEMPLATE`` on the PostgreSQL server ``url``."""

    #: the comment by which jsontwo knows its databases (jsontwo.db.storage.PG_MARKER)
    MARKER = "jsontwo"

    def __init__(
        self,
        url: str,
        template: str,
        program: list[str] | None = None,
        file_root: Path | None = None,
    ) -> None:
        super().__init__(template, program)
        self.url = url
        self._conn: Any = None
        #: the data folder of the copies' file stores (``<root>/filestore/<db>``):
        #: a copy of the template gets a copy of the template's files
        self.file_root = file_root or Path(tempfile.mkdtemp(prefix="jsontwo-files-"))
        # one thread makes the next test's copy while a test runs, and drops the
        # copies after, on a connection of its own: CREATE and DROP DATABASE wait
        # for PostgreSQL to write to disk, the slowest steps of a test's database
        self._background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="jsontwo-copies")
        self._drops: list[Future[None]] = []
        self._spare: Future[str] | None = None
        self._background_conn: Any = None

    def environment(self) -> dict[str, str]:
        return {"JSONTWO_DB_URL": self.url, "JSONTWO_DATA_DIR": str(self.file_root)}

    def _filestore(self, name: str) -> Path:
        return self.file_root / "filestore" / name

    def _template_environment(self) -> dict[str, str]:
        return self.environment()

    def _execute(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        """Run ``sql`` on the server's maintenance database (autocommit: CREATE and
        DROP DATABASE cannot run in a transaction); answer its rows."""
        if self._conn is None:
            import psycopg  # only here: a SQLite run never needs it

            self._conn = psycopg.connect(maintenance_conninfo(self.url), autocommit=True)
        cursor = self._conn.execute(sql, params)
        return cursor.fetchall() if cursor.description else []

    def _seal_template(self) -> None:
        # a template no one can connect to: not listed by jsontwo (it lists no
        # templates), and never "being accessed by other users" when copied
        self._execute(
            f'ALTER DATABASE "{self.template}" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false'
        )

    def new(self) -> str:
        """The copy made in the background while the previous test ran (made now
        for the first), given jsontwo's comment so that servers see it; the next
        one is started at once."""
        name = (self._spare or self._background.submit(self._copy_now)).result()
        self._spare = self._background.submit(self._copy_now)
        self._execute(f"COMMENT ON DATABASE \"{name}\" IS '{self.MARKER}'")
        return name

    def _copy_now(self) -> str:
        """A new copy of the template and its files, still without jsontwo's
        comment: no server lists it yet (on the background thread)."""
        name = self.fresh_name()
        self._connection().execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        if self._filestore(self.template).is_dir():
            shutil.copytree(self._filestore(self.template), self._filestore(name))
        return name

    def _connection(self) -> Any:
        """The background thread's own connection to the maintenance database."""
        if self._background_conn is None:
            import psycopg

            self._background_conn = psycopg.connect(maintenance_conninfo(self.url), autocommit=True)
        return self._background_conn

    def drop(self, name: str) -> None:
        """Hide ``name`` from servers at once (they list only the databases that
        carry jsontwo's comment, and let go of those they no longer see), and drop
        it in the background; :meth:`close` waits for every drop."""
        if not self.exists(name):
            return
        self._execute(f'COMMENT ON DATABASE "{name}" IS NULL')
        self._drops.append(self._background.submit(self._drop_now, name))

    def _drop_now(self, name: str) -> None:
        """Drop ``name`` (on the background thread)."""
        # FORCE: a server may still hold connections to it
        self._connection().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(self._filestore(name), ignore_errors=True)

    def exists(self, name: str) -> bool:
        return bool(self._execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)))

    def close(self) -> None:
        try:
            if self._spare is not None:  # made for a test that did not come
                self._drops.append(self._background.submit(self._drop_now, self._spare.result()))
            self._background.submit(self._close_background_connection)
            self._background.shutdown(wait=True)
            for done in self._drops:
                done.result()  # a copy that could not be dropped is said here
            if self.exists(self.template):
                self._execute(f'ALTER DATABASE "{self.template}" WITH IS_TEMPLATE false')
                self._execute(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
        finally:
            shutil.rmtree(self._filestore(self.template), ignore_errors=True)
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def _close_background_connection(self) -> None:
        if self._background_conn is not None:
            self._background_conn.close()
            self._background_conn = None


def maintenance_conninfo(url: str) -> str:
    """A libpq connection string for the maintenance database of the PostgreSQL
    server ``url`` (a jsontwo ``--db-url``: the database it names, else ``postgres``)."""
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.partition("+")[0]  # postgresql+psycopg://: SQLAlchemy's spelling
    path = parts.path if parts.path.strip("/") else "/postgres"
    # by hand: urlunsplit drops the "//" of a URL without a host (a Unix socket's)
    return f"{scheme}://{parts.netloc}{path}" + (f"?{parts.query}" if parts.query else "")


def answers(url: str) -> bool:
    """Whether an HTTP server answers ``url`` (with any status)."""
    try:
        with urllib.request.urlopen(url, timeout=1):
            return True
    except urllib.error.HTTPError:
        return True  # an answer all the same
    except (OSError, http.client.HTTPException):  # refused, reset, timed out: not up yet
        return False


def _read(log: Path | None) -> str:
    return log.read_text() if log is not None else "(no log kept)"
