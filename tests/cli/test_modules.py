"""``jsontwo module install|upgrade|list`` and ``db create --modules``, run as a
user runs them (separate processes: an upgrade is new code), on SQLite and
PostgreSQL."""

from __future__ import annotations

import json
import os
import re
import uuid
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from jsontwo.cli.main import main
from jsontwo.db import Storage
from jsontwo.service import Databases
from jsontwo.service.databases import with_superuser
from jsontwo.testing import run_command
from tests.conftest import new_db_name

ADDONS = Path(__file__).parent.parent / "modules" / "addons"

MODEL = """
from jsontwo.orm import fields, models


class Plant(models.Model):
    _name = "{name}.plant"
    _description = "Plant"

    name = fields.Char("Name")
{more}
"""


def write_module(root: Path, name: str, version: str, more: str = "", hook: str = "") -> None:
    """A module ``name`` in ``root`` at ``version``: one model (with ``more``
    fields), and an ``upgrade_data`` hook with the body ``hook``."""
    folder = root / name
    (folder / "security").mkdir(parents=True, exist_ok=True)
    manifest = {"name": "Garden", "version": version, "depends": ["base"]}
    (folder / "__manifest__.py").write_text(repr(manifest))
    (folder / "models.py").write_text(MODEL.format(name=name, more=more))
    body = hook or "    pass"
    (folder / "__init__.py").write_text(
        f"from . import models\n\n\ndef upgrade_data(env):\n{body}\n"
    )
    (folder / "security" / "ir.model.access.csv").write_text(
        "id,name,model_id:id,group_id:id,perm_read,perm_write,perm_create,perm_unlink\n"
        f"access_plant,plant,model_{name}_plant,base.group_user,1,1,1,1\n"
    )


def listed(env: dict[str, str], db: str) -> dict[str, dict[str, Any]]:
    """``jsontwo module list --json``, by name."""
    rows = json.loads(run_command(["module", "list", "--db", db, "--json"], env))
    return {row["name"]: row for row in rows}


def test_install_then_upgrade_a_new_version(
    storage: Storage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A module installed, then its code at a new version (a new field, data its
    upgrade adds): the list says "to upgrade", and ``module upgrade`` adds them."""
    name = f"garden_{uuid.uuid4().hex[:8]}"
    addons = tmp_path / "addons"
    write_module(addons, name, "1.0")
    env = {**os.environ, "JSONTWO_DB_URL": "", **storage.environment()}
    env["JSONTWO_ADDONS_PATH"] = str(addons)
    db = new_db_name("garden")
    run_command(["db", "create", db], env)
    try:
        assert listed(env, db)[name]["state"] == "uninstalled"
        run_command(["module", "install", name, "--db", db], env)
        row = listed(env, db)[name]
        assert (row["state"], row["installed_version"], row["version"]) == (
            "installed",
            "1.0",
            "1.0",
        )

        write_module(
            addons,
            name,
            "1.1",
            more='    height = fields.Integer("Height", default=3)\n',
            hook=f'    env["{name}.plant"].create({{"name": "upgraded"}})',
        )
        assert listed(env, db)[name]["state"] == "to upgrade"
        run_command(["module", "upgrade", name, "--db", db], env)
        row = listed(env, db)[name]
        assert (row["state"], row["installed_version"]) == ("installed", "1.1")

        monkeypatch.setenv("JSONTWO_ADDONS_PATH", str(addons))
        databases = Databases(storage)
        try:
            plants = with_superuser(
                databases.registry(db),
                lambda env: env[f"{name}.plant"].search_read([], ["name", "height"]),
            )
        finally:
            databases.close()
        assert [(p["name"], p["height"]) for p in plants] == [("upgraded", 3)]
    finally:
        storage.drop(db)


def run(storage: Storage, *args: str) -> tuple[int, str, str]:
    """The CLI, in this process, with the tests' addons path."""
    env = {"JSONTWO_DB_URL": "", **storage.environment(), "JSONTWO_ADDONS_PATH": str(ADDONS)}
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_db_create_with_modules_and_their_dependencies(storage: Storage) -> None:
    db = new_db_name("cli")
    code, _out, err = run(storage, "db", "create", db, "--modules", "shelf")
    try:
        assert code == 0, err
        assert "modules: base, shelf" in err
        code, out, err = run(storage, "module", "list", "--db", db)
        assert code == 0, err
        assert re.search(r"shelf\s+Shelf\s+installed\s+1\.0", out)
        assert re.search(r"sale\s+Sales\s+uninstalled", out)
        code, _out, err = run(storage, "module", "install", "shelf", "--db", db)
        assert (code, err.strip()) == (
            0,
            f"Nothing to install: already installed in database {db!r}.",
        )
    finally:
        storage.drop(db)


def test_what_cannot_be_done_is_said(storage: Storage) -> None:
    db = new_db_name("cli")
    code, _out, err = run(storage, "db", "create", db, "--modules", "needs_ghost")
    assert code == 1
    assert "Error: Module 'ghost' (a dependency of 'needs_ghost') is not found." in err
    assert not storage.exists(db)  # refused before anything was made
    code, _out, err = run(storage, "db", "create", db, "--modules", "shelf")
    try:
        code, _out, err = run(storage, "module", "install", "cyc_a", "--db", db)
        assert (code, "depend on each other: cyc_a -> cyc_b -> cyc_a" in err) == (1, True)
        code, _out, err = run(storage, "module", "upgrade", "sale", "--db", db)
        assert code == 1
        assert "Cannot upgrade module “sale”. It is not installed." in err
        env = {"JSONTWO_DB_URL": "", **storage.environment(), "JSONTWO_ADDONS_PATH": ""}
        result = CliRunner().invoke(main, ["module", "list", "--db", db], env=env)
        assert result.exit_code == 1
        assert "has modules installed that this server cannot find: shelf." in result.stderr
        assert "Traceback" not in result.output
    finally:
        storage.drop(db)
