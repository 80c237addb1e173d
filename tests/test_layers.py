"""The import contracts of pyproject.toml (docs/internals/architecture.md, "The
layers and their rule" and "Inside the ORM: one import order"): `make test`
runs `lint-imports`; these tests check that the contracts cover every module
of the ORM and that an import running the wrong way does fail them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def contracts() -> list[dict[str, object]]:
    """The import-linter contracts as pyproject.toml declares them."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    found: list[dict[str, object]] = config["tool"]["importlinter"]["contracts"]
    return found


def orm_layers() -> list[str]:
    """The layers of the contract on the order inside jsontwo.orm, top first."""
    (contract,) = [c for c in contracts() if c.get("containers") == ["jsontwo.orm"]]
    layers = contract["layers"]
    assert isinstance(layers, list)
    return [str(layer) for layer in layers]


def test_every_orm_module_has_a_place_in_the_order() -> None:
    listed = {
        name.strip()
        for layer in orm_layers()
        for name in layer.replace(":", "|").split("|")
        if name.strip()
    }
    modules = {p.stem for p in (ROOT / "src/jsontwo/orm").glob("*.py") if p.stem != "__init__"}
    assert modules - listed == set(), "a new module of jsontwo.orm needs a layer in pyproject.toml"
    assert listed - modules == set(), "pyproject.toml lists an ORM module that no longer exists"


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    """`lint-imports` on the copy of the package at ``tree``."""
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-logo", "--no-cache"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the package and its configuration, to break on purpose."""
    shutil.copytree(ROOT / "src", tmp_path / "src", ignore=shutil.ignore_patterns("*.egg-info"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def add_import(tree: Path, module: str, line: str) -> None:
    path = tree / "src" / (module.replace(".", "/") + ".py")
    path.write_text(path.read_text() + f"\n{line}\n")


def test_the_package_keeps_its_contracts(tree: Path) -> None:
    done = lint_imports(tree)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        # the ORM reaching up into the HTTP layer
        ("jsontwo.orm.fields", "import jsontwo.http.app", "Layers:"),
        # a leaf of the ORM importing the models, even for type checkers only
        (
            "jsontwo.orm.fields",
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
            "    from jsontwo.orm.models import BaseModel",
            "Inside jsontwo.orm",
        ),
        # a lazy import inside a function, to dodge a cycle
        (
            "jsontwo.orm.domains",
            "def _late() -> None:\n    from jsontwo.orm.registry import Registry",
            "Inside jsontwo.orm",
        ),
        # the storage layer importing the exceptions clients see
        ("jsontwo.db.storage", "import jsontwo.exceptions", "db and exceptions"),
        # the differential suite's client reaching into the server it tests
        ("jsontwo.conformance.client", "import jsontwo.orm.models", "jsontwo.conformance"),
        # the Python client reaching into the server it calls
        ("jsontwo.client.sync", "import jsontwo.exceptions", "jsontwo.client calls"),
        # the server loading the client (and httpx with it)
        ("jsontwo.service.json2", "import jsontwo.client", "The server never imports"),
        # the pytest plugin (loaded by every pytest run) loading the server in its fixtures
        (
            "jsontwo.pytest_plugin",
            "def _late() -> None:\n    from jsontwo.service import databases",
            "jsontwo.pytest_plugin",
        ),
    ],
)
def test_an_import_the_wrong_way_breaks_a_contract(
    tree: Path, module: str, line: str, contract: str
) -> None:
    add_import(tree, module, line)
    done = lint_imports(tree)
    assert done.returncode != 0
    (name,) = [str(c["name"]) for c in contracts() if str(c["name"]).startswith(contract)]
    # lint-imports wraps long lines: compare with the white space folded
    assert f"{name} BROKEN" in " ".join(done.stdout.split()), done.stdout
