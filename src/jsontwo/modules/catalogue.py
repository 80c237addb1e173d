"""The modules a server can install: jsontwo's own, and those from outside.

A module is a Python package laid out as jsontwo's own (``models/``,
``security/ir.model.access.csv``, ``security/ir_rule.json``, data and demo
loaded by its ``load_data``/``load_demo``/``upgrade_data`` functions), with a
declaration, ``__manifest__.py``: one Python dict literal, read without
importing the package, with Odoo's keys::

    {"name": "Library", "version": "1.0", "depends": ["base"],
     "summary": "Books and their authors", "author": "Acme"}

Its technical name (what ``--modules`` and ``ir.module.module`` name) comes
from where it is found:

* jsontwo's own modules (:data:`jsontwo.modules.MODULES`);
* the entry-point group ``jsontwo.modules``: ``library = "acme_library"`` in a
  distribution's metadata names module ``library``, package ``acme_library``
  (``pip install`` is enough);
* the directories of the addons path (``--addons-path DIR[,DIR]``,
  ``JSONTWO_ADDONS_PATH``): each subdirectory with a ``__manifest__.py`` is a
  module of its directory's name, imported as ``jsontwo_addons.<name>``
  (so a module imports its own parts relatively: ``from . import models``).

An addons path module takes precedence over an entry point of the same name
(the copy being worked on); neither may take the name of one of jsontwo's.
"""

from __future__ import annotations

import ast
import functools
import importlib
import importlib.metadata
import importlib.util
import os
import sys
import types
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsontwo.exceptions import JsonTwoError, UserError
from jsontwo.modules import MODULES
from jsontwo.orm.models import register_module_package

#: the entry-point group naming modules: ``name = "python.package"``
ENTRY_POINT_GROUP = "jsontwo.modules"
#: the variable holding the addons path (directories, comma-separated)
ADDONS_PATH_VARIABLE = "JSONTWO_ADDONS_PATH"
#: the Python package under which the addons path's modules are imported
ADDONS_PACKAGE = "jsontwo_addons"
MANIFEST = "__manifest__.py"


class ModuleError(UserError):
    """A module cannot be found, declared or ordered (a missing dependency, a
    cycle, a broken declaration)."""


class ModulesMissing(JsonTwoError):
    """A database has modules installed that this server cannot find: it cannot
    be opened (HTTP 500, with their names)."""

    def __init__(self, database: str, names: Sequence[str]) -> None:
        super().__init__(
            f"Database {database!r} has modules installed that this server cannot find: "
            f"{', '.join(names)}. Install them (pip install ...) or give their directory "
            f"with --addons-path / {ADDONS_PATH_VARIABLE}, then try again."
        )
        self.names = tuple(names)


@dataclass(frozen=True)
class Declaration:
    """A module as its ``__manifest__.py`` declares it, and where it was found."""

    #: the technical name
    name: str
    #: the Python package holding it
    package: str
    version: str
    depends: tuple[str, ...]
    #: the human name (the manifest's ``name``; ``ir.module.module.shortdesc``)
    title: str
    summary: str = ""
    author: str = ""
    website: str = ""
    license: str = "LGPL-3"
    application: bool = False
    sequence: int = 100
    #: where it comes from: "jsontwo", an entry point's distribution, or a directory
    origin: str = "jsontwo"
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def own(self) -> bool:
        """Whether it is one of jsontwo's modules."""
        return self.name in MODULES and self.package == f"jsontwo.modules.{self.name}"


def addons_path() -> tuple[str, ...]:
    """The addons path in force: the directories of ``JSONTWO_ADDONS_PATH``."""
    value = os.environ.get(ADDONS_PATH_VARIABLE, "")
    return tuple(str(Path(d).resolve()) for d in value.split(",") if d.strip())


def catalogue() -> dict[str, Declaration]:
    """Every module this process can install, by technical name (see the module's
    docstring for where they are looked for); their packages registered with
    the ORM, so their models count as theirs."""
    return _catalogue(addons_path())


@functools.cache
def _catalogue(dirs: tuple[str, ...]) -> dict[str, Declaration]:
    found: dict[str, Declaration] = {}
    for name in MODULES:
        found[name] = _declaration(name, f"jsontwo.modules.{name}", "jsontwo")
    for name, package, origin in [*_addons_path_modules(dirs), *_entry_point_modules()]:
        if name in MODULES:
            raise ModuleError(f"Module {name!r} ({origin}) takes the name of one of jsontwo's.")
        if name in found:  # the addons path came first: it wins
            continue
        found[name] = _declaration(name, package, origin)
    for declaration in found.values():
        if not declaration.own:
            register_module_package(declaration.name, declaration.package)
    return found


def _addons_path_modules(dirs: Sequence[str]) -> list[tuple[str, str, str]]:
    """(name, package, origin) of the modules in the addons path's directories."""
    if dirs:
        _addons_namespace(dirs)
    found: list[tuple[str, str, str]] = []
    for directory in dirs:
        root = Path(directory)
        if not root.is_dir():
            raise ModuleError(f"Addons path: {directory} is not a directory.")
        for sub in sorted(root.iterdir()):
            if (sub / MANIFEST).is_file() and (sub / "__init__.py").is_file():
                found.append((sub.name, f"{ADDONS_PACKAGE}.{sub.name}", str(sub)))
    return found


def _addons_namespace(dirs: Sequence[str]) -> None:
    """Make ``jsontwo_addons`` a package whose path is the addons path's directories."""
    package = sys.modules.get(ADDONS_PACKAGE)
    if package is None:
        package = types.ModuleType(ADDONS_PACKAGE, "The modules of jsontwo's addons path.")
        package.__path__ = []
        sys.modules[ADDONS_PACKAGE] = package
    for directory in dirs:
        if directory not in package.__path__:
            package.__path__.append(directory)


def _entry_point_modules() -> list[tuple[str, str, str]]:
    """(name, package, origin) of the modules installed distributions declare."""
    found = []
    for entry in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        dist = entry.dist.name if entry.dist is not None else "?"
        found.append((entry.name, entry.value.strip(), f"entry point of {dist}"))
    return found


def _declaration(name: str, package: str, origin: str) -> Declaration:
    """The declaration of module ``name`` in ``package``, read from its manifest."""
    try:
        spec = importlib.util.find_spec(package)
    except ImportError:
        spec = None
    locations = list(spec.submodule_search_locations or []) if spec else []
    if not locations:
        raise ModuleError(f"Module {name!r} ({origin}): package {package!r} is not importable.")
    path = Path(locations[0]) / MANIFEST
    try:
        values = ast.literal_eval(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, SyntaxError) as exc:
        raise ModuleError(f"Module {name!r}: cannot read {path}: {exc}") from None
    if not isinstance(values, dict):
        raise ModuleError(f"Module {name!r}: {path} is not a dict.")
    depends = values.get("depends", ["base"] if name != "base" else [])
    known = {"name", "version", "depends", "summary", "author", "website", "license"}
    return Declaration(
        name=name,
        package=package,
        version=str(values.get("version", "1.0")),
        depends=tuple(depends),
        title=str(values.get("name", name)),
        summary=str(values.get("summary", "")),
        author=str(values.get("author", "")),
        website=str(values.get("website", "")),
        license=str(values.get("license", "LGPL-3")),
        application=bool(values.get("application", False)),
        sequence=int(values.get("sequence", 100)),
        origin=origin,
        extra={k: v for k, v in values.items() if k not in known},
    )


def resolve(names: Iterable[str], found: dict[str, Declaration] | None = None) -> list[str]:
    """``names``, with every module they depend on, in dependency order (a
    module after those it depends on; jsontwo's own in their usual order).
    ``base`` is always there. Raises ModuleError for a module not found (or a
    dependency missing) and for modules that depend on each other."""
    found = catalogue() if found is None else found
    wanted = {"base", *names}
    ordered: list[str] = []
    visiting: list[str] = []

    def visit(name: str, needed_by: str | None) -> None:
        if name in ordered:
            return
        if name in visiting:
            cycle = " -> ".join([*visiting[visiting.index(name) :], name])
            raise ModuleError(f"Modules depend on each other: {cycle}.")
        declaration = found.get(name)
        if declaration is None:
            by = f" (a dependency of {needed_by!r})" if needed_by else ""
            raise ModuleError(f"Module {name!r}{by} is not found.{_where()}")
        visiting.append(name)
        for dependency in declaration.depends:
            visit(dependency, name)
        visiting.pop()
        ordered.append(name)

    for name in sorted(wanted, key=_rank):
        visit(name, None)
    return ordered


def _rank(name: str) -> tuple[int, str]:
    """jsontwo's modules in their order, then the others by name."""
    return (MODULES.index(name), "") if name in MODULES else (len(MODULES), name)


def _where() -> str:
    dirs = addons_path()
    return (
        f" Looked in jsontwo, the {ENTRY_POINT_GROUP!r} entry points and the addons path "
        f"({', '.join(dirs) if dirs else f'none: see --addons-path / {ADDONS_PATH_VARIABLE}'})."
    )


def import_module(name: str) -> types.ModuleType:
    """The package of module ``name`` (imported: its models declared)."""
    declaration = catalogue().get(name)
    return importlib.import_module(declaration.package if declaration else name)
