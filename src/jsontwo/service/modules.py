"""Installing, upgrading and listing a database's modules (the ``jsontwo module``
commands), each in one transaction of its own."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from jsontwo.modules.catalogue import catalogue
from jsontwo.modules.installer import install, read_installed, upgrade
from jsontwo.orm import Registry
from jsontwo.service.databases import with_superuser


@dataclass(frozen=True)
class ModuleInfo:
    """A module as ``jsontwo module list`` shows it."""

    name: str
    title: str
    #: "installed", "to upgrade" (its code is of another version), "uninstalled"
    state: str
    #: the version installed in the database, or None
    installed_version: str | None
    #: the version of the code this process found
    version: str
    #: where the code comes from
    origin: str


def install_modules(registry: Registry, names: Sequence[str]) -> list[str]:
    """Install ``names`` (with their dependencies) into ``registry``'s database;
    the modules newly installed. Every running worker rebuilds its registry at
    its next call."""
    with registry.database.schema_lock(), registry.database.unlimited():
        return with_superuser(registry, lambda env: install(env, names))


def upgrade_modules(registry: Registry, names: Sequence[str]) -> list[str]:
    """Upgrade the installed modules ``names``: what their current code adds."""
    with registry.database.schema_lock(), registry.database.unlimited():
        return with_superuser(registry, lambda env: upgrade(env, names))


def list_modules(registry: Registry) -> list[ModuleInfo]:
    """Every module this process can find or the database has installed, by name."""

    def read(env: object) -> list[ModuleInfo]:
        installed = read_installed(env.cr) or {}  # type: ignore[attr-defined]
        found = catalogue()
        infos = []
        for name in sorted({*found, *installed}):
            declaration = found.get(name)
            row = installed.get(name)
            version = declaration.version if declaration else ""
            if row is None:
                state = "uninstalled"
            elif declaration is None:
                state = "missing"
            else:
                state = "installed" if row.version == version else "to upgrade"
            infos.append(
                ModuleInfo(
                    name,
                    declaration.title if declaration else name,
                    state,
                    row.version if row else None,
                    version,
                    declaration.origin if declaration else "not found",
                )
            )
        return infos

    return with_superuser(registry, read, defer_write_lock=True)
