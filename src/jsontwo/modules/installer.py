"""Which modules a database has, and installing and upgrading them.

A database's installed modules are its ``ir_module_module`` rows in state
``installed`` (with the version installed, ``latest_version``). A server reads
them with plain SQL before it builds the database's registry
(:func:`database_modules`), and builds it from those modules only. A database
without such rows (made before modules could be chosen) has jsontwo's.

Installing (:func:`install`) and upgrading (:func:`upgrade`) happen in the
caller's transaction: the tables and columns (:func:`jsontwo.orm.schema.sync_schema_in`),
the models' reflection, the access lines and rules, the data and the module
rows, then the registry's version stamp, which makes every worker rebuild its
registry at its next call. A failure rolls all of it back. A server opening a
database only adds the tables and columns the code needs
(:func:`upgrade_on_open`): a module's new data waits for its upgrade.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from jsontwo.db import Cursor, Database
from jsontwo.modules import MODULES
from jsontwo.modules.base.access_data import load_access_files
from jsontwo.modules.base.models.ir_model_custom import read_manual
from jsontwo.modules.base.models.ir_model_reflect import reflect_models
from jsontwo.modules.base.module_links import sync_module_links
from jsontwo.modules.base.registry_version import registry_changed
from jsontwo.modules.catalogue import (
    Declaration,
    ModuleError,
    ModulesMissing,
    catalogue,
    import_module,
    resolve,
)
from jsontwo.orm import SUPERUSER_ID, Environment, Registry
from jsontwo.orm.schema import sync_schema_in

#: the states of a module whose models are in the registry
INSTALLED_STATES = ("installed", "to upgrade", "to remove")


@dataclass(frozen=True)
class Installed:
    """A row of ``ir_module_module`` for an installed module."""

    name: str
    version: str | None
    demo: bool


def read_installed(cr: Cursor) -> dict[str, Installed] | None:
    """The installed modules as the database's rows say, by name; None when the
    database has no module rows (a new or an old database: jsontwo's modules)."""
    if not cr.has_table("ir_module_module"):
        return None
    rows = cr.execute(
        'SELECT name, latest_version, demo FROM "ir_module_module" WHERE state IN (%s, %s, %s)',
        list(INSTALLED_STATES),
    )
    if not rows:
        return None
    return {str(n): Installed(str(n), v and str(v), bool(d)) for n, v, d in rows}


def database_modules(database: Database, name: str) -> list[str]:
    """The modules of database ``name``'s registry, in dependency order (plain
    SQL, before any registry exists). Raises ModulesMissing, naming them, when
    some installed module cannot be found by this server."""
    with database.transaction(defer_write_lock=True) as cr:
        installed = read_installed(cr)
    names = list(installed) if installed is not None else list(MODULES)
    found = catalogue()
    missing = sorted(n for n in names if n not in found)
    if missing:
        raise ModulesMissing(name, missing)
    return resolve(names, found)


def load_new_database(env: Environment, demo: bool) -> None:
    """Load the data (and with ``demo`` the demo data) of every module of
    ``env``'s registry into a new database, and record them installed (and
    the other modules this server found, available)."""
    modules = _named_modules(env.registry)
    for name in modules:
        _run(env, name, "load_data", "load_demo" if demo else None)
    _write_rows(env, modules, demo)
    _list_available(env, catalogue())


def upgrade_on_open(env: Environment) -> None:
    """What a server does when it opens a database (after adding the tables and
    columns its modules' code needs): each of jsontwo's modules adds what an
    older database lacks (``upgrade_data``); a module the registry has but the
    database had not (a new dependency) is installed. The data of a module from
    outside whose version changed waits for :func:`upgrade` (``jsontwo module
    upgrade``): it is listed "to upgrade" until then. Idempotent."""
    installed = read_installed(env.cr) or {}
    demo = any(row.demo for row in installed.values())
    found = catalogue()
    changed: list[str] = []
    for name in _named_modules(env.registry):
        row = installed.get(name)
        declaration = found[name]
        if row is None and installed:
            _run(env, name, "load_data", "load_demo" if demo else None)
        elif declaration.own or row is None:
            _run(env, name, "upgrade_data")
        if row is None or (declaration.own and row.version != declaration.version):
            changed.append(name)
    _write_rows(env, changed, demo)
    _list_available(env, found)


def install(env: Environment, names: Iterable[str]) -> list[str]:
    """Install ``names`` (and the modules they depend on) into ``env``'s database,
    in ``env``'s transaction; the modules newly installed (none when all were).
    ``env`` is a superuser environment. Raises ModuleError for a module not found
    or badly declared, and lets any error of the module's data through (the
    transaction is then rolled back whole)."""
    installed = read_installed(env.cr) or {}
    # the rows, not env's registry: another process may have installed some since
    current = list(installed) or list(MODULES)
    target = resolve([*current, *names])
    new = [name for name in target if name not in current]
    if not new:
        return []
    demo = any(row.demo for row in installed.values())
    new_env = _rebuilt(env, target)
    sync_schema_in(new_env, new_env.registry.models)
    reflect_models(new_env)
    for name in new:
        _run(new_env, name, "load_data", "load_demo" if demo else None)
    _write_rows(new_env, new, demo)
    registry_changed(new_env)
    return new


def upgrade(env: Environment, names: Iterable[str]) -> list[str]:
    """Upgrade the installed modules ``names`` in ``env``'s transaction: their new
    tables and columns, their ``upgrade_data``, access files and version. The
    modules upgraded. Raises ModuleError for a module that is not installed."""
    installed = read_installed(env.cr) or {}
    current = list(installed) or list(MODULES)
    names = list(names)
    for name in names:
        if name not in current:
            raise ModuleError(f"Cannot upgrade module “{name}”. It is not installed.")
    # a new version may depend on modules not yet installed: they come in; and a
    # fresh registry, as the modules' code may have changed since this one was built
    target = resolve(current)
    new_env = _rebuilt(env, target)
    sync_schema_in(new_env, new_env.registry.models)
    reflect_models(new_env)
    demo = any(row.demo for row in installed.values())
    added = [name for name in target if name not in current]
    for name in added:
        _run(new_env, name, "load_data", "load_demo" if demo else None)
    for name in [n for n in target if n in names]:
        _run(new_env, name, "upgrade_data")
    _write_rows(new_env, [*added, *names], demo)
    registry_changed(new_env)
    return [n for n in target if n in names or n in added]


def _rebuilt(env: Environment, modules: Sequence[str]) -> Environment:
    """A superuser environment on ``env``'s transaction, of a new registry of
    ``modules`` (plus the test modules ``env``'s registry has), with the models
    and fields made at run time as the transaction sees them."""
    extra = [m for m in env.registry.modules if "." in m]
    registry = Registry(env.registry.database, [*modules, *extra], read_manual(env.cr))
    return registry.environment(env.cr, SUPERUSER_ID)


def _named_modules(registry: Registry) -> list[str]:
    """The modules of ``registry`` that are modules (not tests' Python modules)."""
    return [m for m in registry.modules if "." not in m]


def _run(env: Environment, name: str, *hooks: str | None) -> None:
    """Call the named functions of module ``name``'s package that it has; a module
    from outside gets its access files loaded too (jsontwo's own load theirs)."""
    package = import_module(name)
    for hook in hooks:
        function = getattr(package, hook, None) if hook else None
        if function is not None:
            function(env)
    if not catalogue()[name].own:
        load_access_files(env, name)


def _write_rows(env: Environment, names: Iterable[str], demo: bool) -> None:
    """Record ``names`` installed at their code's version (rows made or updated)."""
    found = catalogue()
    modules = env["ir.module.module"].sudo()
    data = env["ir.model.data"]
    for name in names:
        declaration = found[name]
        row = modules.search([("name", "=", name)])
        values = {**_row_values(declaration), "state": "installed", "demo": demo}
        if row:
            row.write(values)
        else:
            data._declare(f"base.module_{name}", modules.create({"name": name, **values}))


def list_available(env: Environment) -> list[int]:
    """Odoo's ``update_list``: a row for each module this server found that the
    database lacks; ``[installed modules whose code has another version, rows
    added]``."""
    found = catalogue()
    installed = read_installed(env.cr) or {}
    newer = sum(
        1 for name, row in installed.items() if name in found and found[name].version != row.version
    )
    return [newer, _list_available(env, found)]


def _list_available(env: Environment, found: dict[str, Declaration]) -> int:
    """Give each module this server can install a row (``uninstalled``), as
    Odoo's list of apps shows the modules of its addons path; how many were added."""
    modules = env["ir.module.module"].sudo()
    known = set(modules.search([]).mapped("name"))
    data = env["ir.model.data"]
    for name, declaration in found.items():
        if name not in known:
            values = {**_row_values(declaration), "state": "uninstalled", "name": name}
            values.pop("latest_version")
            data._declare(f"base.module_{name}", modules.create(values))
    sync_module_links(env)
    return len(set(found) - known)


def _row_values(declaration: Declaration) -> dict[str, object]:
    """The ``ir.module.module`` values a module's declaration gives."""
    return {
        "shortdesc": declaration.title,
        "summary": declaration.summary or False,
        "author": declaration.author or False,
        "website": declaration.website or False,
        "license": declaration.license,
        "application": declaration.application,
        "sequence": declaration.sequence,
        "auto_install": bool(declaration.extra.get("auto_install", False)),
        "latest_version": declaration.version,
    }
