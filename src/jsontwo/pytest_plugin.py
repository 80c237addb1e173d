"""The pytest plugin of jsontwo: a real JSON-2 server for an integration's tests.

Installing jsontwo registers it (the ``pytest11`` entry point ``jsontwo``; turn it
off with ``-p no:jsontwo``). It adds fixtures and options, and nothing that runs
by itself: no fixture is autouse, and a run that asks for none of them starts no
server. Importing it loads pytest's names only; the server is another process
(:mod:`jsontwo.testing` starts it), so the tests' process loads none of it.

* ``jsontwo_server`` (session): ``jsontwo serve`` on a free port, its databases in
  a temporary folder (SQLite) or on a PostgreSQL server; or a server already
  running (``--jsontwo-url``).
* ``jsontwo_db``: the name of a database of its own for the test, with the demo
  data (a copy of a template made once per session), dropped after the test.
* ``jsontwo_key``: an API key of ``admin`` in that database;
  ``jsontwo_key_factory(login)`` makes keys of other users.
* ``jsontwo_client``: a :class:`jsontwo.client.Client` on that database.

See docs/testing.md.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:  # the fixtures import them when they run, not the plugin
    from jsontwo.client import Client
    from jsontwo.testing import DatabaseCopies

BACKENDS = ("sqlite", "postgresql")
#: the options, and the environment variables that stand in for them
OPTION_VARIABLES = {
    "jsontwo_backend": "JSONTWO_TEST_BACKEND",
    "jsontwo_pg_url": "JSONTWO_TEST_DB_URL",
    "jsontwo_url": "JSONTWO_TEST_URL",
    "jsontwo_data_dir": "JSONTWO_TEST_DATA_DIR",
    "jsontwo_addons_path": "JSONTWO_TEST_ADDONS_PATH",
    "jsontwo_modules": "JSONTWO_TEST_MODULES",
}


def pytest_addoption(parser: pytest.Parser) -> None:
    """The ``--jsontwo-*`` options (shown by ``pytest --help``)."""
    group = parser.getgroup("jsontwo", "jsontwo: a JSON-2 server for integration tests")
    group.addoption(
        "--jsontwo-backend",
        choices=BACKENDS,
        default=None,
        help="Where the test databases live: sqlite (default: files in a temporary "
        "folder) or postgresql (on --jsontwo-pg-url). Env: JSONTWO_TEST_BACKEND.",
    )
    group.addoption(
        "--jsontwo-pg-url",
        default=None,
        metavar="URL",
        help="The PostgreSQL server of --jsontwo-backend postgresql, where the user may "
        "create databases, e.g. postgresql://user@host:5432/. Env: JSONTWO_TEST_DB_URL.",
    )
    group.addoption(
        "--jsontwo-url",
        default=None,
        metavar="URL",
        help="Test against the jsontwo server running at URL instead of starting one. It "
        "must see the databases the tests make: give its --data-dir as --jsontwo-data-dir "
        "(SQLite) or its --db-url as --jsontwo-pg-url. Env: JSONTWO_TEST_URL.",
    )
    group.addoption(
        "--jsontwo-data-dir",
        default=None,
        metavar="DIR",
        help="The folder of the SQLite test databases (default: a temporary folder). "
        "Env: JSONTWO_TEST_DATA_DIR.",
    )
    group.addoption(
        "--jsontwo-addons-path",
        default=None,
        metavar="DIR[,DIR]",
        help="Directories holding module packages, for the server and the test databases "
        "(a module's own tests: see docs/modules.md). Env: JSONTWO_TEST_ADDONS_PATH.",
    )
    group.addoption(
        "--jsontwo-modules",
        default=None,
        metavar="A,B",
        help="The modules the test databases have (with their dependencies; default: "
        "jsontwo's). Env: JSONTWO_TEST_MODULES.",
    )


@dataclass(frozen=True)
class Settings:
    """What the options (or their environment variables) chose."""

    backend: str
    pg_url: str | None
    url: str | None
    data_dir: Path | None
    #: the addons path (directories, comma-separated; made absolute), or ""
    addons_path: str = ""
    #: the modules of the test databases (empty: jsontwo's)
    modules: tuple[str, ...] = ()


def read_settings(config: pytest.Config) -> Settings:
    """The settings of this run; a usage error names what is missing."""
    from jsontwo.testing import pg_test_url

    def value(name: str) -> str | None:
        given = config.getoption(name)
        return str(given) if given else os.environ.get(OPTION_VARIABLES[name]) or None

    backend = value("jsontwo_backend") or "sqlite"
    if backend not in BACKENDS:
        raise pytest.UsageError(f"JSONTWO_TEST_BACKEND: {backend!r} is not one of {BACKENDS}.")
    pg_url = value("jsontwo_pg_url") or pg_test_url(config.rootpath)
    if backend == "postgresql" and not pg_url:
        raise pytest.UsageError(
            "--jsontwo-backend postgresql needs a server: give --jsontwo-pg-url "
            "(or set JSONTWO_TEST_DB_URL)."
        )
    data_dir = value("jsontwo_data_dir")
    url = value("jsontwo_url")
    if url and backend == "sqlite" and not data_dir:
        raise pytest.UsageError(
            "--jsontwo-url on SQLite needs the server's data folder: give --jsontwo-data-dir."
        )
    addons = [
        str((config.rootpath / d.strip()).resolve())
        for d in (value("jsontwo_addons_path") or "").split(",")
        if d.strip()
    ]
    modules = tuple(m.strip() for m in (value("jsontwo_modules") or "").split(",") if m.strip())
    return Settings(
        backend, pg_url, url, Path(data_dir) if data_dir else None, ",".join(addons), modules
    )


@dataclass(frozen=True)
class JsontwoServer:
    """The session's jsontwo server: its base URL (no trailing slash), its
    backend, and the databases the tests copy (``copies``)."""

    url: str
    backend: str
    copies: DatabaseCopies
    #: the server's log (standard error), when this run started it
    log: Path | None = None

    @property
    def env(self) -> dict[str, str]:
        """The ``JSONTWO_*`` variables with which a ``jsontwo`` command (``apikey``,
        ``user``...) works on the server's databases."""
        return {**self.copies.module_environment(), **self.copies.environment()}


def _copies(settings: Settings, tmp: pytest.TempPathFactory) -> DatabaseCopies:
    from jsontwo.testing import PostgresCopies, SqliteCopies

    template = f"pytest_template_{uuid.uuid4().hex[:10]}"
    copies: DatabaseCopies
    if settings.backend == "postgresql":
        assert settings.pg_url  # read_settings checked it
        copies = PostgresCopies(settings.pg_url, template)
    else:
        data_dir = settings.data_dir or tmp.mktemp("jsontwo-data")
        copies = SqliteCopies(data_dir, tmp.mktemp("jsontwo-template"), template)
    copies.modules, copies.addons_path = settings.modules, settings.addons_path
    return copies


@pytest.fixture(scope="session")
def jsontwo_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[JsontwoServer]:
    """One jsontwo server for the session: ``jsontwo serve`` on a free port of
    127.0.0.1 (or the server of ``--jsontwo-url``). Stopped, and the template of
    the test databases removed, at the end of the session."""
    from jsontwo import testing

    settings = read_settings(request.config)
    copies = _copies(settings, tmp_path_factory)
    try:
        if settings.url:
            url = settings.url.rstrip("/")
            if not testing.answers(f"{url}/health"):
                pytest.fail(f"No server answers at --jsontwo-url {url}.", pytrace=False)
            yield JsontwoServer(url, settings.backend, copies)
            return
        port = testing.free_port()
        log = tmp_path_factory.mktemp("jsontwo-server") / "serve.log"
        # the server of the tests serves every database (whatever filter the shell has)
        served = {"JSONTWO_DB_FILTER": "", "JSONTWO_DATABASE": ""}
        env = {**os.environ, **served, **copies.module_environment(), **copies.environment()}
        try:
            proc = testing.start_server([], env, port, log)
        except testing.ServerError as exc:
            pytest.fail(str(exc), pytrace=False)
        try:
            yield JsontwoServer(f"http://127.0.0.1:{port}", settings.backend, copies, log)
        finally:
            testing.stop_server(proc)
    finally:
        copies.close()


def _admin_key(server: JsontwoServer) -> str:
    """The admin key of the template, made (with the template) on first use."""
    from jsontwo.testing import CommandError

    try:
        return server.copies.ensure_template()
    except CommandError as exc:
        pytest.fail(f"The template database could not be made: {exc}", pytrace=False)


@pytest.fixture
def jsontwo_db(jsontwo_server: JsontwoServer) -> Iterator[str]:
    """The name of a new database with the demo data, for this test alone (send it
    as ``X-Odoo-Database``); dropped after the test."""
    _admin_key(jsontwo_server)
    name = jsontwo_server.copies.new()
    try:
        yield name
    finally:
        jsontwo_server.copies.drop(name)


@pytest.fixture
def jsontwo_key(jsontwo_server: JsontwoServer, jsontwo_db: str) -> str:
    """An API key of ``admin`` (all rights) in the test's database."""
    return _admin_key(jsontwo_server)


@pytest.fixture
def jsontwo_key_factory(jsontwo_server: JsontwoServer, jsontwo_db: str) -> Callable[..., str]:
    """``make(login, name="pytest")``: a new API key of the user ``login`` in the
    test's database (``jsontwo apikey create``: about a second each). The demo
    data has ``admin`` and ``demo``; create other users first."""

    def make(login: str, name: str = "pytest") -> str:
        return jsontwo_server.copies.create_key(jsontwo_db, login, name)

    return make


@pytest.fixture
def jsontwo_client(
    jsontwo_server: JsontwoServer, jsontwo_db: str, jsontwo_key: str
) -> Iterator[Client]:
    """A :class:`jsontwo.client.Client` of the server, as ``admin``, on the test's
    database; closed after the test."""
    from jsontwo.client import Client

    with Client(jsontwo_server.url, jsontwo_key, database=jsontwo_db) as client:
        yield client
