"""``jsontwo module install|upgrade|list``: a database's modules (docs/modules.md)."""

from __future__ import annotations

import dataclasses

import click

from jsontwo.cli.options import (
    db_option,
    json_option,
    open_database,
    print_json,
    print_table,
    storage_options,
)
from jsontwo.http.config import comma_list
from jsontwo.service import Storage
from jsontwo.service.modules import install_modules, list_modules, upgrade_modules


@click.group()
def module() -> None:
    """Install, upgrade and list a database's modules."""


@module.command("install")
@click.argument("names", nargs=-1, required=True)
@db_option
@storage_options
def module_install(storage: Storage, names: tuple[str, ...], db_name: str | None) -> None:
    """Install modules NAMES (comma-separated or several; with their dependencies):
    their tables, columns, access rights and data, in one transaction."""
    with open_database(storage, db_name) as registry:
        done = install_modules(registry, comma_list(*names))
    where = f"database {registry.database.name!r}"
    if done:
        click.echo(f"Installed {', '.join(done)} in {where}.", err=True)
    else:
        click.echo(f"Nothing to install: already installed in {where}.", err=True)


@module.command("upgrade")
@click.argument("names", nargs=-1, required=True)
@db_option
@storage_options
def module_upgrade(storage: Storage, names: tuple[str, ...], db_name: str | None) -> None:
    """Upgrade the installed modules NAMES to their code: new tables and columns,
    their upgrade_data, access rights and version, in one transaction."""
    with open_database(storage, db_name) as registry:
        done = upgrade_modules(registry, comma_list(*names))
    click.echo(f"Upgraded {', '.join(done)} in database {registry.database.name!r}.", err=True)


@module.command("list")
@db_option
@json_option
@storage_options
def module_list(storage: Storage, db_name: str | None, as_json: bool) -> None:
    """List the modules found and those the database has, with their state."""
    with open_database(storage, db_name) as registry:
        infos = list_modules(registry)
    if as_json:
        print_json([dataclasses.asdict(info) for info in infos])
        return
    rows = [
        [i.name, i.title, i.state, i.installed_version or "", i.version, i.origin] for i in infos
    ]
    print_table("modules", ["Name", "Title", "State", "Installed", "Code", "From"], rows)
