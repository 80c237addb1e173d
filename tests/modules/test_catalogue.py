"""Where modules are found (jsontwo, entry points, the addons path), what their
declarations say, and the order their dependencies give."""

from __future__ import annotations

from pathlib import Path

import pytest

from jsontwo.modules import MODULES
from jsontwo.modules.catalogue import ModuleError, catalogue, resolve

ADDONS = Path(__file__).parent / "addons"


@pytest.fixture
def addons(monkeypatch: pytest.MonkeyPatch) -> Path:
    """The tests' addons path in force."""
    monkeypatch.setenv("JSONTWO_ADDONS_PATH", str(ADDONS))
    return ADDONS


def test_jsontwos_modules_are_declared_in_their_order() -> None:
    found = catalogue()
    assert set(MODULES) <= set(found)
    assert found["sale"].title == "Sales"
    assert found["account"].application
    assert all(found[name].own for name in MODULES)
    assert resolve(["sale"]) == list(MODULES)
    assert resolve([]) == ["base"]


def test_the_addons_path_modules_are_found_with_their_declarations(addons: Path) -> None:
    shelf = catalogue()["shelf"]
    assert (shelf.title, shelf.version, shelf.depends, shelf.summary) == (
        "Shelf",
        "1.0",
        ("base",),
        "A test module",
    )
    assert shelf.package == "jsontwo_addons.shelf"
    assert shelf.origin == str(addons / "shelf")
    assert not shelf.own


def test_dependencies_come_first(addons: Path) -> None:
    assert resolve(["shelf_sale"]) == [*MODULES, "shelf", "shelf_sale"]
    assert resolve(["shelf"]) == ["base", "shelf"]


def test_a_missing_dependency_is_named(addons: Path) -> None:
    with pytest.raises(ModuleError, match="Module 'ghost' \\(a dependency of 'needs_ghost'\\)"):
        resolve(["needs_ghost"])


def test_an_unknown_module_says_where_it_was_looked_for(addons: Path) -> None:
    with pytest.raises(ModuleError) as caught:
        resolve(["nowhere"])
    assert "Module 'nowhere' is not found." in caught.value.message
    assert str(addons) in caught.value.message


def test_modules_that_depend_on_each_other_are_refused(addons: Path) -> None:
    with pytest.raises(ModuleError, match="depend on each other: cyc_a -> cyc_b -> cyc_a"):
        resolve(["cyc_a"])


def test_an_addons_path_that_is_no_directory_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("JSONTWO_ADDONS_PATH", str(tmp_path / "nothing"))
    with pytest.raises(ModuleError, match="is not a directory"):
        catalogue()
