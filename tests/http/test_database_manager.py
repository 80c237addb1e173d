"""The database manager on a real server: the legacy ``db`` service over XML-RPC
and Odoo's ``/web/database/*`` form routes, on SQLite and PostgreSQL, with the
master password, without one, with ``--no-list-db`` and with ``--db-filter``."""

from __future__ import annotations

import base64
import io
import json
import uuid
import xmlrpc.client
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from jsontwo.db import Storage, open_storage
from jsontwo.http import ServerConfig, create_app
from jsontwo.service.master_password import make_hash
from tests.conftest import Api, free_port, pg_url, start_server, stop_server
from tests.servers import outcomes_by_worker, server_env, worker_of

MASTER = "s3cret-master"
MASTER_HASH = make_hash(MASTER)


@pytest.fixture
def own_storage(backend: str, tmp_path: Path) -> Storage:
    """A storage of its own on SQLite (the manager lists and drops what is there,
    and keeps a changed master password there), the test server on PostgreSQL
    (where only the names made here are touched)."""
    if backend == "sqlite":
        return open_storage(data_dir=tmp_path / "managed")
    return open_storage(db_url=pg_url())


@dataclass
class Server:
    """A running server: where it answers, and its data directory."""

    port: int
    data_dir: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def db(self) -> Any:
        """A proxy of the legacy ``db`` service (a new connection each call)."""
        return xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/db", allow_none=True)

    def login(self, db: str, login: str, password: str) -> Any:
        common = xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/common")
        return common.authenticate(db, login, password, {})

    def form(self, route: str, files: Any = None, **fields: Any) -> httpx.Response:
        """A form post to ``/web/database/<route>`` (redirects are not followed)."""
        return httpx.post(f"{self.url}/web/database/{route}", data=fields, files=files, timeout=120)


@contextmanager
def manager_server(
    storage: Storage, tmp_path: Path, *args: str, workers: int = 1
) -> Iterator[Server]:
    """``jsontwo serve`` on ``storage`` with the flags ``args``; the data directory
    (file stores, the master password's file) is ``tmp_path/data`` on PostgreSQL."""
    data_dir = getattr(storage, "data_dir", None) or tmp_path / "data"
    env = {**server_env(storage), "JSONTWO_DATA_DIR": str(data_dir)}
    port = free_port()
    proc, _banner = start_server(
        ["--workers", str(workers), *args], env, port, tmp_path / f"serve-{port}.log"
    )
    try:
        yield Server(port, Path(data_dir))
    finally:
        stop_server(proc)


@pytest.fixture
def names(own_storage: Storage) -> Iterator[list[str]]:
    """Names for the databases a test makes; whatever is left is dropped after it."""
    made = [f"dbm_{uuid.uuid4().hex[:8]}_{i}" for i in range(4)]
    yield made
    for name in made:
        if own_storage.exists(name):
            own_storage.drop(name)


def fault(call: Any, *params: Any) -> xmlrpc.client.Fault:
    with pytest.raises(xmlrpc.client.Fault) as caught:
        call(*params)
    return caught.value


def test_create_duplicate_dump_drop_restore_rename_over_xmlrpc(
    own_storage: Storage, tmp_path: Path, names: list[str]
) -> None:
    """The whole life of a database through ``db``, with two workers: each step is
    seen by both (a dropped or renamed database is gone on every worker)."""
    first, copy, restored, renamed = names
    with manager_server(own_storage, tmp_path, "--master-password", MASTER_HASH, workers=2) as srv:
        db = srv.db()
        assert fault(db.create_database, "wrong", first, False, "en_US").faultCode == 3
        assert db.create_database(MASTER, first, True, "fr_FR", "pw1", "boss@example.com") is True
        assert first in db.list() and db.db_exist(first) is True
        uid = srv.login(first, "boss@example.com", "pw1")
        assert uid and srv.login(first, "admin", "admin") is False
        objects: Any = xmlrpc.client.ServerProxy(f"{srv.url}/xmlrpc/2/object")
        boss = objects.execute_kw(first, uid, "pw1", "res.users", "read", [[uid], ["lang"]])
        assert boss[0]["lang"] == "fr_FR"
        # demo data: the demo user exists
        assert objects.execute_kw(
            first, uid, "pw1", "res.users", "search_count", [[["login", "=", "demo"]]]
        )

        assert db.duplicate_database(MASTER, first, copy) is True
        assert srv.login(copy, "boss@example.com", "pw1") == uid
        missing = fault(db.duplicate_database, MASTER, "dbm_nothing_here", names[3])
        assert 'template database "dbm_nothing_here" does not exist' in missing.faultString
        assert fault(db.duplicate_database, MASTER, first, copy).faultCode == 1  # taken

        backup = base64.b64decode(db.dump(MASTER, copy, "zip"))
        with zipfile.ZipFile(io.BytesIO(backup)) as archive:
            members = archive.namelist()
            manifest = json.loads(archive.read("manifest.json"))
        assert members[0] in ("dump.sql", "dump.sqlite3") and "manifest.json" in members
        assert (manifest["db_name"], manifest["version"]) == (copy, "19.0")
        assert "does not exist" in fault(db.dump, MASTER, "dbm_nothing_here", "zip").faultString

        # the copy is loaded on both workers, then dropped: both answer it is gone
        logins = outcomes_by_worker(lambda: _login_on_worker(srv, copy))
        assert all(seen == {uid} for seen in logins.values())
        assert db.drop(MASTER, copy) is True
        assert db.drop(MASTER, copy) is False  # Odoo's answer for a missing database
        after = outcomes_by_worker(lambda: _login_on_worker(srv, copy))
        assert all(seen == {"gone"} for seen in after.values())

        encoded = base64.b64encode(backup).decode()
        assert db.restore(MASTER, restored, encoded) is True
        assert srv.login(restored, "boss@example.com", "pw1") == uid
        exists = fault(db.restore, MASTER, restored, encoded)
        assert "Database already exists" in exists.faultString
        assert "not a backup" in fault(db.restore, MASTER, names[3], "bm90IGEgemlw").faultString
        assert not own_storage.exists(names[3])  # a failed restore leaves nothing

        taken = fault(db.rename, MASTER, first, restored)
        assert "Couldn't rename database" in taken.faultString
        outcomes_by_worker(lambda: _login_on_worker(srv, first))  # loaded on both
        assert db.rename(MASTER, first, renamed) is True
        gone = outcomes_by_worker(lambda: _login_on_worker(srv, first))
        assert all(seen == {"gone"} for seen in gone.values())
        assert srv.login(renamed, "boss@example.com", "pw1") == uid
        assert first not in db.list() and renamed in db.list()

        assert fault(db.change_admin_password, "wrong", "next").faultCode == 3
        assert db.change_admin_password(MASTER, "next-master") is True
        assert fault(db.drop, MASTER, renamed).faultCode == 3
        assert db.drop("next-master", renamed) is True
        assert (srv.data_dir / "master-password").is_file()


def _login_on_worker(srv: Server, db: str) -> tuple[int, object]:
    """Which worker answered a JSON-RPC login to ``db``, and its answer ("gone"
    when the database does not exist)."""
    body = {
        "jsonrpc": "2.0",
        "method": "call",
        "id": 1,
        "params": {"service": "common", "method": "login", "args": [db, "boss@example.com", "pw1"]},
    }
    response = httpx.post(f"{srv.url}/jsonrpc", json=body, timeout=30)
    answer = response.json()
    outcome = answer.get("result") if "error" not in answer else "gone"
    return worker_of(response), outcome


def test_web_database_routes(own_storage: Storage, tmp_path: Path, names: list[str]) -> None:
    """Odoo's form routes: 303 to the manager on success, the backup as a file,
    the JSON error object (403, 404, 409, 400) on failure."""
    first, copy, restored, _ = names
    with manager_server(own_storage, tmp_path, "--master-password", MASTER_HASH) as srv:
        form = {"name": first, "login": "admin", "password": "pw", "lang": "en_US"}
        denied = srv.form("create", master_pwd="wrong", **form)
        assert denied.status_code == 403
        assert denied.json()["name"] == "odoo.exceptions.AccessDenied"
        created = srv.form("create", master_pwd=MASTER, demo="1", **form)
        assert created.status_code == 303, created.text
        assert created.headers["location"] == "/odoo"
        assert srv.login(first, "admin", "pw")

        missing_field = srv.form("create", master_pwd=MASTER, name=names[3], lang="en_US")
        assert missing_field.status_code == 400
        assert missing_field.json()["message"] == "The form field 'password' is missing."

        copied = srv.form("duplicate", master_pwd=MASTER, name=first, new_name=copy)
        assert (copied.status_code, copied.headers["location"]) == (303, "/web/database/manager")
        taken = srv.form("duplicate", master_pwd=MASTER, name=first, new_name=copy)
        assert taken.status_code == 409

        backup = srv.form("backup", master_pwd=MASTER, name=copy)
        assert backup.status_code == 200
        assert backup.headers["content-type"] == "application/octet-stream"
        assert f'filename="{copy}_' in backup.headers["content-disposition"]
        assert zipfile.is_zipfile(io.BytesIO(backup.content))
        nothing = srv.form("backup", master_pwd=MASTER, name="dbm_nothing_here")
        assert nothing.status_code == 404 and nothing.json()["message"].endswith("does not exist")

        dropped = srv.form("drop", master_pwd=MASTER, name=copy)
        assert dropped.status_code == 303 and not own_storage.exists(copy)
        assert srv.form("drop", master_pwd=MASTER, name=copy).status_code == 404

        upload = {"backup_file": ("backup.zip", backup.content, "application/zip")}
        back = srv.form("restore", upload, master_pwd=MASTER, name=restored, copy="true")
        assert back.status_code == 303 and srv.login(restored, "admin", "pw")
        again = srv.form("restore", upload, master_pwd=MASTER, name=restored)
        assert again.status_code == 409 and again.json()["message"] == "Database already exists"

        changed = srv.form("change_password", master_pwd=MASTER, master_pwd_new="other")
        assert changed.status_code == 303
        assert srv.form("drop", master_pwd=MASTER, name=first).status_code == 403
        assert srv.form("drop", master_pwd="other", name=first).status_code == 303
        assert srv.form("drop", master_pwd="other", name=restored).status_code == 303


class InProcess:
    """The application in-process (no server to start: the checks below are the
    same in every worker), with the XML-RPC ``db`` service and the form routes."""

    def __init__(self, storage: Storage, data_dir: Path, **settings: Any) -> None:
        env = storage.environment()
        config = ServerConfig(
            data_dir=env.get("JSONTWO_DATA_DIR", str(data_dir)),
            db_url=env.get("JSONTWO_DB_URL"),
            **settings,
        )
        self.api = Api(create_app(config), "", "")

    def db(self, method: str, *params: Any) -> Any:
        """``db.method(*params)`` over XML-RPC; a fault is raised."""
        body = xmlrpc.client.dumps(params, method).encode()
        answer = self.api.request("POST", "/xmlrpc/2/db", content=body)
        return xmlrpc.client.loads(answer.content)[0][0]

    def form(self, route: str, **fields: Any) -> httpx.Response:
        return self.api.request("POST", f"/web/database/{route}", data=fields)


def test_refused_without_a_master_password_and_with_no_list_db(
    own_storage: Storage, tmp_path: Path, names: list[str]
) -> None:
    """No master password: every managing call is refused, even with Odoo's
    default "admin"; with one, ``--no-list-db`` still refuses them all."""
    settings: list[dict[str, Any]] = [{}, {"master_password": MASTER_HASH, "list_db": False}]
    for setting in settings:
        app = InProcess(own_storage, tmp_path, **setting)
        for password in ("admin", MASTER):
            created = fault(app.db, "create_database", password, names[0], False, "en_US")
            assert created.faultCode == 3
            assert fault(app.db, "change_admin_password", password, "x").faultCode == 3
            denied = app.form("drop", master_pwd=password, name=names[0])
            assert denied.status_code == 403
        assert not own_storage.exists(names[0])


def test_db_filter_hides_databases_from_the_manager(
    own_storage: Storage, tmp_path: Path, names: list[str]
) -> None:
    """A database the filter hides is absent for the manager: never dropped,
    dumped or copied, and no database is made under a name it hides."""
    hidden, served = names[3], names[0]
    own_storage.create_empty(hidden)
    app = InProcess(own_storage, tmp_path, master_password=MASTER_HASH, db_filter=f"^{served}$")
    assert app.db("drop", MASTER, hidden) is False
    assert "does not exist" in fault(app.db, "dump", MASTER, hidden, "zip").faultString
    copied = fault(app.db, "duplicate_database", MASTER, hidden, served)
    assert "does not exist" in copied.faultString
    refused = fault(app.db, "create_database", MASTER, names[1], False, "en_US")
    assert "--db-filter" in refused.faultString
    assert app.db("create_database", MASTER, served, False, "en_US") is True
    assert "--db-filter" in fault(app.db, "rename", MASTER, served, names[1]).faultString
    assert own_storage.exists(hidden) and own_storage.exists(served)


def test_forms_refuse_what_they_do_not_take(own_storage: Storage, tmp_path: Path) -> None:
    """A file sent to a route that takes none, or a body that is no form: 400,
    with the JSON error object; the master password is never reached."""
    app = InProcess(own_storage, tmp_path, master_password=MASTER_HASH)
    upload = {"backup_file": ("x.zip", b"PK", "application/zip")}
    refused = app.api.request(
        "POST", "/web/database/drop", data={"master_pwd": MASTER, "name": "x"}, files=upload
    )
    assert refused.status_code == 400
    assert refused.json()["name"] == "werkzeug.exceptions.BadRequest"
    as_json = app.api.request("POST", "/web/database/drop", json={"master_pwd": MASTER})
    assert as_json.status_code == 400
    assert as_json.json()["message"] == "The form field 'master_pwd' is missing."
