"""New databases as copies of template databases (SQLite and PostgreSQL): each
copy has its own identity, the templates are never listed nor served, and
changed code makes a new template."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import jsontwo.modules.sale
from jsontwo.db import Storage, open_storage
from jsontwo.exceptions import AccessDenied, NotFound
from jsontwo.modules.catalogue import resolve
from jsontwo.service import Databases, create_database, drop_database
from jsontwo.service.creation import (
    TEMPLATE_PREFIX,
    TEMPLATES_KEPT,
    drop_template,
    list_templates,
    make_template,
    template_name,
)
from jsontwo.service.databases import SCHEMA_KEY, with_superuser
from jsontwo.service.db_manager import create as manager_create
from jsontwo.service.master_password import ManagerSettings, MasterPassword, make_hash
from jsontwo.testing import run_command
from tests.conftest import new_db_name, pg_url

IDENTITY = ("database.uuid", "database.secret")


@pytest.fixture
def made(storage: Storage) -> Iterator[Callable[..., str]]:
    """``make(**options)``: a new database by create_database (dropped after)."""
    names: list[str] = []

    def make(**options: object) -> str:
        name = new_db_name("tpl")
        names.append(name)
        create_database(storage, name, **options).database.dispose()  # type: ignore[arg-type]
        return name

    yield make
    for name in names:
        if storage.exists(name):
            storage.drop(name)


def params(storage: Storage, name: str, *keys: str) -> dict[str, object]:
    """The settings ``keys`` of database ``name``, opened as a server opens it."""
    databases = Databases(storage)
    try:
        params = lambda env: {k: env["ir.config_parameter"].get_param(k) for k in keys}  # noqa: E731
        return with_superuser(databases.registry(name), params)
    finally:
        databases.close()


def test_copies_of_a_template_have_their_own_identity(
    storage: Storage, made: Callable[..., str]
) -> None:
    """Two databases made one after the other (the second, at least, a copy of
    the template the first made) have the demo data, the stamp of this code,
    and a uuid and secret of their own."""
    first, second = made(demo=True), made(demo=True)
    assert list_templates(storage)
    one = params(storage, first, *IDENTITY, SCHEMA_KEY)
    two = params(storage, second, *IDENTITY, SCHEMA_KEY)
    for key in IDENTITY:
        assert one[key] and two[key] and one[key] != two[key]
    assert one[SCHEMA_KEY] == two[SCHEMA_KEY]
    databases = Databases(storage)
    try:
        registry = databases.registry(second)
        count = lambda env: env["res.partner"].search_count([("is_company", "=", True)])  # noqa: E731
        assert with_superuser(registry, count) > 0  # demo companies
    finally:
        databases.close()


def test_copies_have_their_attachments_files(
    storage: Storage, backend: str, tmp_path: Path
) -> None:
    """The demo data's attachments (pictures: files beside the database on
    PostgreSQL) read back in a copy, in this data folder and in another one on
    the same server (which gets a template of its own)."""
    url = pg_url() if backend == "postgresql" else None
    for where in (storage, open_storage(data_dir=tmp_path / "other", db_url=url)):
        for _ in range(2):  # the second at least is a copy
            name = new_db_name("files")
            create_database(where, name, demo=True).database.dispose()
            databases = Databases(where)
            try:
                contents = with_superuser(
                    databases.registry(name),
                    lambda env: [
                        row["raw"]
                        for row in env["ir.attachment"].search_read(
                            [("res_field", "!=", False)], ["raw"]
                        )
                    ],
                )
            finally:
                databases.close()
                drop_database(where, name)
            assert contents and all(contents)


def test_templates_are_never_listed_nor_served(storage: Storage, made: Callable[..., str]) -> None:
    """The template a creation made is in neither the storage's list nor a
    server's, and a call naming it finds no such database."""
    name = made()
    templates = list_templates(storage)
    assert templates and all(t.startswith(TEMPLATE_PREFIX) for t in templates)
    databases = Databases(storage)
    try:
        assert name in databases.names()
        for template in templates:
            assert template not in storage.list()
            assert template not in databases.names()
            assert not storage.exists(template)
            with pytest.raises(NotFound):
                databases.registry(template)
    finally:
        databases.close()


def test_the_manager_sets_the_given_admin_on_a_copy(
    storage: Storage, made: Callable[..., str], tmp_path: Path
) -> None:
    """The database manager's creation, from a template, gives the admin the
    login and password asked for: they sign in, the demo password does not."""
    made(demo=True)  # the template exists: the manager's database is a copy
    name = new_db_name("mgr")
    settings = ManagerSettings(MasterPassword(make_hash("m"), tmp_path), tmp_path)
    databases = Databases(storage, manager=settings)
    try:
        manager_create(databases, settings, name, True, None, "s3cret-startup", "boss")
        registry = databases.registry(name)
        login = lambda password: lambda env: env["res.users"]._login("boss", password)  # noqa: E731
        assert with_superuser(registry, login("s3cret-startup")) == 2
        with pytest.raises(AccessDenied):
            with_superuser(registry, login("admin"))
    finally:
        databases.close()
        if storage.exists(name):
            storage.drop(name)


def test_changed_code_makes_a_new_template(
    storage: Storage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``jsontwo db create`` after a module's files changed makes a new template
    (the fingerprint is part of its name); the older one stays, for a while."""
    module = tmp_path / "addons" / "startup_tpl"
    module.mkdir(parents=True)
    (module / "__init__.py").write_text('"""A module for the template tests."""\n')
    env = {**os.environ, **storage.environment(), "JSONTWO_ADDONS_PATH": str(module.parent)}
    env.setdefault("JSONTWO_DB_URL", "")
    made_templates: list[str] = []
    names = []
    try:
        for version in range(2):
            (module / "__manifest__.py").write_text(
                f'{{"name": "startup_tpl", "version": "1.{version}", "depends": ["base"]}}\n'
            )
            before = set(list_templates(storage))
            names.append(new_db_name("tplcli"))
            run_command(["db", "create", names[-1], "--modules", "startup_tpl"], env)
            new = set(list_templates(storage)) - before
            assert len(new) == 1, "changed code, one new template"
            made_templates.extend(new)
        assert set(made_templates) <= set(run_command(["db", "templates"], env).split())
    finally:
        for name in names:
            if storage.exists(name):
                storage.drop(name)
        for template in made_templates:
            drop_template(storage, template)


def test_the_oldest_templates_of_the_same_modules_go(storage: Storage) -> None:
    """Past TEMPLATES_KEPT templates of the same modules (made by code of as many
    fingerprints), the oldest are dropped; those of other modules stay."""
    names = resolve(["base"])
    other = template_name(names, True, "0" * 64)  # with demo data: another group
    made = [template_name(names, False, f"{i:x}" * 64) for i in range(TEMPLATES_KEPT + 1)]
    try:
        for template in made:
            make_template(storage, template, names, demo=False)
        left = set(list_templates(storage))
        assert made[0] not in left
        assert set(made[1:]) <= left
        assert storage.templates().description
    finally:
        for template in [*made, other]:
            if template in list_templates(storage):
                drop_template(storage, template)


def test_a_failed_template_leaves_nothing(
    storage: Storage, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A failure while the first template of some modules is made leaves neither
    the database nor a template; no template: the next creation builds one."""
    module = tmp_path / "addons" / "startup_fail"
    module.mkdir(parents=True)
    (module / "__init__.py").write_text('"""A module for the template tests."""\n')
    (module / "__manifest__.py").write_text(
        '{"name": "startup_fail", "version": "1.0", "depends": ["sale"]}\n'
    )
    monkeypatch.setenv("JSONTWO_ADDONS_PATH", str(module.parent))
    name = new_db_name("tplfail")
    before = set(list_templates(storage))

    def fails(env: object) -> None:
        raise RuntimeError("the disk is full")

    with monkeypatch.context() as patch:
        patch.setattr(jsontwo.modules.sale, "load_demo", fails)
        with pytest.raises(RuntimeError, match="the disk is full"):
            create_database(storage, name, demo=True, modules=["startup_fail"])
    assert not storage.exists(name)
    assert set(list_templates(storage)) == before
    assert not any(n.startswith(TEMPLATE_PREFIX) for n in storage.list())
