"""The tutorial's module (examples/modules/library) on a real ``jsontwo serve``,
on SQLite and PostgreSQL: found through ``--addons-path``, and installed with a
real ``pip install`` (its entry point) into a folder the server's environment
sees; called over JSON-2; installed over JSON-2 (``button_immediate_install``)
and then seen by both workers; a server that cannot find a database's module
answers a JSON error naming it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from jsontwo.db import Storage
from jsontwo.testing import run_command
from tests.conftest import ROOT, free_port, new_db_name, start_server, stop_server
from tests.servers import outcomes_by_worker, post, server_env, worker_of

pytestmark = pytest.mark.server

LIBRARY = ROOT / "examples" / "modules" / "library"
NEXT_ACTION = {"type": "ir.actions.act_url", "target": "self", "url": "/odoo"}


@pytest.fixture(scope="session")
def pip_target(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The library module installed by pip (as a user would: ``pip install``, its
    build isolated) into a folder of its own."""
    target = tmp_path_factory.mktemp("pip-target")
    # a copy: building writes beside the sources (build/, *.egg-info)
    source = tmp_path_factory.mktemp("pip-source") / "library"
    shutil.copytree(LIBRARY, source, ignore=shutil.ignore_patterns("__pycache__", "tests"))
    pip = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target)]
    subprocess.run([*pip, str(source)], check=True, capture_output=True)
    assert (target / "jsontwo_library" / "__manifest__.py").is_file()
    return target


def with_pip_target(env: dict[str, str], target: Path) -> dict[str, str]:
    """``env`` whose Python sees the packages of ``target``."""
    paths = [str(target), *filter(None, [env.get("PYTHONPATH")])]
    return {**env, "PYTHONPATH": os.pathsep.join(paths)}


def new_database(env: dict[str, str], *args: str) -> tuple[str, str]:
    """A new database (``jsontwo db create NAME *args``) and an admin key of it."""
    name = new_db_name("lib")
    run_command(["db", "create", name, *args], env)
    key = run_command(["apikey", "create", "--db", name, "--login", "admin", "--name", "t"], env)
    return name, key


class Served:
    """A running server, and the call of a database of it."""

    def __init__(self, env: dict[str, str], tmp: Path, workers: int = 1) -> None:
        self.port = free_port()
        self.proc, _banner = start_server(
            ["--workers", str(workers)], env, self.port, tmp / f"serve-{self.port}.log"
        )

    def call(self, db: str, key: str, path: str, body: dict[str, Any]) -> httpx.Response:
        return post(self.port, db, key, path, body)

    def ok(self, db: str, key: str, path: str, body: dict[str, Any]) -> Any:
        response = self.call(db, key, path, body)
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture
def served() -> Iterator[list[Served]]:
    """The servers a test starts, stopped after it."""
    running: list[Served] = []
    yield running
    for server in running:
        stop_server(server.proc)


def use_the_library(server: Served, db: str, key: str) -> None:
    """What the tutorial does over JSON-2: books, a partner's card and books."""
    [partner] = server.ok(db, key, "res.partner/create", {"vals_list": [{"name": "Ann"}]})
    books = [{"name": "Long", "pages": 900, "author_id": partner}, {"name": "Short"}]
    ids = server.ok(db, key, "library.book/create", {"vals_list": books})
    read = server.ok(db, key, "library.book/read", {"ids": ids, "fields": ["is_long"]})
    assert [row["is_long"] for row in read] == [True, False]
    server.ok(db, key, "res.partner/write", {"ids": [partner], "vals": {"library_card": "c-7"}})
    [row] = server.ok(
        db, key, "res.partner/read", {"ids": [partner], "fields": ["library_card", "book_count"]}
    )
    assert (row["library_card"], row["book_count"]) == ("C-7", 1)


def test_a_module_from_the_addons_path(
    storage: Storage, tmp_path: Path, served: list[Served]
) -> None:
    env = {**server_env(storage), "JSONTWO_ADDONS_PATH": str(LIBRARY)}
    db, key = new_database(env, "--modules", "library", "--demo")
    try:
        listed = run_command(["module", "list", "--db", db, "--json"], env)
        assert '"name": "library"' in listed and '"state": "installed"' in listed
        served.append(Served(env, tmp_path))
        use_the_library(served[0], db, key)
        demo = served[0].ok(db, key, "library.book/search_count", {"domain": []})
        assert demo == 4  # the module's two demo books, and the test's two

        # a server that does not see the module: a JSON error naming it, no traceback
        stop_server(served.pop().proc)
        plain = Served(server_env(storage), tmp_path)
        served.append(plain)
        response = plain.call(db, key, "res.partner/search_count", {"domain": []})
        assert response.status_code == 500
        error = response.json()
        assert error["name"] == "odoo.exceptions.UserError"
        assert "has modules installed that this server cannot find: library." in error["message"]
        assert "--addons-path" in error["message"]
    finally:
        storage.drop(db)


def test_a_module_installed_with_pip_and_over_json2(
    storage: Storage, tmp_path: Path, served: list[Served], pip_target: Path
) -> None:
    env = with_pip_target(server_env(storage), pip_target)
    with_module, key = new_database(env, "--modules", "library")
    without, other_key = new_database(env)
    try:
        server = Served(env, tmp_path, workers=2)
        served.append(server)
        use_the_library(server, with_module, key)

        # the other database lists the module (not installed); the admin installs it
        row = {"domain": [["name", "=", "library"]], "fields": ["state", "shortdesc"]}
        [found] = server.ok(without, other_key, "ir.module.module/search_read", row)
        assert (found["state"], found["shortdesc"]) == ("uninstalled", "Library")
        answer = server.ok(
            without, other_key, "ir.module.module/button_immediate_install", {"ids": [found["id"]]}
        )
        assert answer == NEXT_ACTION

        # both workers (which had loaded the database before) have the module at once
        def books() -> tuple[int, int]:
            response = server.call(without, other_key, "library.book/search_count", {"domain": []})
            return worker_of(response), response.status_code

        assert all(seen == {200} for seen in outcomes_by_worker(books).values())
        use_the_library(server, without, other_key)
        [found] = server.ok(without, other_key, "ir.module.module/search_read", row)
        assert found["state"] == "installed"
    finally:
        storage.drop(with_module)
        storage.drop(without)
