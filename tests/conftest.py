"""Fixtures shared by the whole suite.

Every test that touches a database runs twice: on SQLite and on a real
PostgreSQL (`scripts/pg-test-setup.sh` starts it; `JSONTWO_TEST_DB_URL`
names another server). Databases are created per test module, with demo
data, and dropped at the end.
"""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest

from jsontwo import testing
from jsontwo.db import Cursor, Dialect, Storage, open_storage
from jsontwo.http import ServerConfig, create_app
from jsontwo.orm import Registry
from jsontwo.service import create_database
from jsontwo.service.apikeys import create_api_key
from jsontwo.service.databases import SCHEMA_KEY
from jsontwo.testing import free_port as free_port  # re-exported for the tests
from jsontwo.testing import pg_test_url
from jsontwo.testing import stop_server as stop_server  # re-exported for the tests

ROOT = Path(__file__).resolve().parent.parent
BACKENDS = ("sqlite", "postgresql")


def pg_url() -> str:
    """The PostgreSQL server for tests; fails loudly when none is configured."""
    url = pg_test_url(ROOT)
    if url is None:
        pytest.fail(
            "No PostgreSQL for tests: run `bash scripts/pg-test-setup.sh` (make test does) "
            "or set JSONTWO_TEST_DB_URL."
        )
    return url


def start_server(
    args: list[str],
    env: dict[str, str],
    port: int,
    log: Path,
    host: str = "127.0.0.1",
    program: list[str] | None = None,
) -> tuple[subprocess.Popen[bytes], str]:
    """Start `jsontwo serve` (see :func:`jsontwo.testing.start_server`); return the
    process and its banner. The test fails when the server does not come up."""
    try:
        proc = testing.start_server(args, env, port, log, host, program)
    except testing.ServerError as exc:
        pytest.fail(str(exc))
    return proc, log.read_text()


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The storage backend under test: every database test runs on both."""
    return str(request.param)


@pytest.fixture(scope="session")
def storage(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Storage:
    """A storage on the backend under test (a temporary folder, or the test server)."""
    if backend == "sqlite":
        return open_storage(data_dir=tmp_path_factory.mktemp("data"))
    # the file stores of PostgreSQL databases in a temporary folder too
    return open_storage(data_dir=tmp_path_factory.mktemp("data"), db_url=pg_url())


@pytest.fixture(scope="session")
def pg_replica_server() -> Iterator[Any]:
    """A real streaming replica of the test PostgreSQL cluster (scripts/pg_replica.py:
    pg_basebackup into a temporary folder, its own port), made once per run."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import pg_replica

    with pg_replica.replica_of(pg_url(), background_cleanup=True) as replica:
        yield replica


@pytest.fixture
def pg_replica(pg_replica_server: Any) -> Iterator[Any]:
    """The session's replica, caught up with the primary; left running and
    replaying after the test, whatever the test did to it."""
    replica = pg_replica_server
    if not replica.running():
        replica.start()
    replica.resume()
    replica.wait_caught_up()
    yield replica
    if not replica.running():
        replica.start()
    replica.resume()


def new_db_name(prefix: str = "t") -> str:
    """A database name no other test uses."""
    return f"jt_{prefix}_{uuid.uuid4().hex[:10]}"


def as_made_by_an_older_jsontwo(env: Any) -> None:
    """Remove the database's stamp of the code that brought it up to date, as a
    database an older jsontwo made would lack it: the next server to open it
    then syncs its schema and runs the modules' upgrades, as it would there.
    Tests that take something away to make an "older" database call it."""
    env.cr.execute('DELETE FROM "ir_config_parameter" WHERE key = %s', [SCHEMA_KEY])


@pytest.fixture(scope="module")
def registry(storage: Storage) -> Iterator[Registry]:
    """A database with demo data, shared by the tests of one module."""
    name = new_db_name()
    reg = create_database(storage, name, demo=True)
    yield reg
    reg.database.dispose()
    storage.drop(name)


@pytest.fixture(scope="module")
def admin_key(registry: Registry) -> str:
    """An API key of the demo admin."""
    return create_api_key(registry, "admin", "tests")


class Api:
    """Calls the ASGI application in-process through httpx's ASGITransport."""

    def __init__(self, app: Any, db: str, key: str) -> None:
        self.app = app
        self.db = db
        self.key = key

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """Send one request and return the response."""

        async def send() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
                return await client.request(method, path, **kwargs)

        return anyio.run(send)

    def call(
        self,
        model: str,
        method: str,
        body: Any = None,
        key: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        """POST /json/2/<model>/<method> as the admin (or with ``key``)."""
        sent = {"Authorization": f"bearer {key or self.key}", "X-Odoo-Database": self.db}
        sent.update(headers or {})
        return self.request("POST", f"/json/2/{model}/{method}", json=body or {}, headers=sent)


class RecordingCursor:
    """A driver cursor that notes each statement it is given, by either path to the
    driver (``execute``, and ``executemany``: SQLite's bulk updates)."""

    def __init__(self, raw: Any, log: list[str]) -> None:
        self._raw = raw
        self._log = log

    def execute(self, sql: str, params: Any = ()) -> Any:
        """Note ``sql``, then run it."""
        self._log.append(sql)
        return self._raw.execute(sql, params)

    def executemany(self, sql: str, seq: Any) -> Any:
        """Note ``sql`` (once for all its parameters), then run it."""
        self._log.append(sql)
        return self._raw.executemany(sql, seq)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)


@pytest.fixture
def statements(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every SQL statement the ORM sends the driver during the test, as the driver
    gets it (clear it to start counting)."""
    log: list[str] = []
    init = Cursor.__init__

    def recording(self: Cursor, raw_cursor: Any, dialect: Dialect) -> None:
        init(self, RecordingCursor(raw_cursor, log), dialect)

    monkeypatch.setattr(Cursor, "__init__", recording)
    return log


def server_config(storage: Storage, **settings: Any) -> ServerConfig:
    """The settings of a server on ``storage``, with ``settings`` changed."""
    env = storage.environment()
    return ServerConfig(
        data_dir=env.get("JSONTWO_DATA_DIR", "data"), db_url=env.get("JSONTWO_DB_URL"), **settings
    )


@pytest.fixture(scope="module")
def app(storage: Storage, registry: Registry, backend: str) -> Any:
    """The ASGI application serving the module's database."""
    return create_app(server_config(storage))


@pytest.fixture(scope="module")
def api(app: Any, registry: Registry, admin_key: str) -> Api:
    """A JSON-2 client of the in-process application, as the demo admin."""
    return Api(app, registry.database.name, admin_key)
