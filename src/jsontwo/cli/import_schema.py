"""``jsontwo import-schema --url URL --db DB --key KEY --into NAME``: copy a live
Odoo's (or jsontwo's) custom models and fields into a local database, so that
an integration's tests see production's schema on a local server.

The source is read over JSON-2 (:mod:`jsontwo.cli.schema_reader`); what the
local database lacks is planned and made in one transaction, in-process, as
the other commands reach a database (:mod:`jsontwo.service.schema_import`).
Errors are one line on standard error, never a traceback: 1 for a refusal
(the source's or the local database's), 3 when the source cannot be reached.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

import click

from jsontwo.cli.call import EXIT_ERROR, EXIT_UNREACHABLE
from jsontwo.cli.options import (
    client_options,
    open_database,
    print_table,
    progress_display,
    storage_options,
)
from jsontwo.cli.schema_reader import NeedModels, read_schema
from jsontwo.http.config import comma_list
from jsontwo.service import Registry, Storage
from jsontwo.service.schema_import import (
    NAME_FIELD,
    ImportPlan,
    apply_import,
    plan_import,
    skipped_rows,
    summary,
)

if TYPE_CHECKING:
    from rich.progress import TaskID

    from jsontwo.service.schema_source import RemoteAccess, RemoteSchema


@click.command("import-schema")
@click.option(
    "--url",
    envvar="JSONTWO_SOURCE_URL",
    required=True,
    help="The server to read the schema from (Odoo 19 or jsontwo). Env: JSONTWO_SOURCE_URL.",
)
@click.option(
    "--db",
    "source_db",
    envvar="JSONTWO_SOURCE_DB",
    default=None,
    metavar="NAME",
    help="Its database (X-Odoo-Database); may be left out when it has one. Env: JSONTWO_SOURCE_DB.",
)
@click.option(
    "--key",
    envvar="JSONTWO_SOURCE_KEY",
    default=None,
    help="An API key of the source (an administrator's reads ir.model.fields; another "
    "key's schema is read with fields_get of --models). Env: JSONTWO_SOURCE_KEY.",
)
@click.option(
    "--models",
    "model_names",
    multiple=True,
    metavar="M1,M2",
    help="Import only the custom fields of these models (and those of them that are "
    "custom models). Comma-separated or repeated. Default: every custom model and field.",
)
@click.option(
    "--into",
    "into",
    required=True,
    metavar="NAME",
    help="The local database to create the models and fields in (it must exist).",
)
@click.option("--dry-run", is_flag=True, help="Show what would be created, and create nothing.")
@client_options
@storage_options
def import_schema(
    storage: Storage,
    url: str,
    source_db: str | None,
    key: str | None,
    model_names: tuple[str, ...],
    into: str,
    dry_run: bool,
    timeout: float,
    retries: int,
) -> None:
    """Create in local database NAME the custom models and fields (x_...) of a
    live Odoo 19 or jsontwo that it lacks, and the custom models' access lines.

    \b
      jsontwo import-schema --url https://mycompany.odoo.com --db mycompany \\
          --key "$ODOO_KEY" --into test
      jsontwo import-schema ... --models res.partner,x_vehicle --dry-run

    The custom models and fields are read from ir.model / ir.model.fields
    (state 'manual'), or with fields_get when the key may not read those.
    What exists here already is left as it is, so running it again creates
    nothing new; what cannot be made here (an unknown relation model, an
    unsupported type...) is listed with the reason. Everything is created in
    one transaction: all of it, or nothing.
    """
    if not key:
        raise click.UsageError("Give the source's API key with --key, or set JSONTWO_SOURCE_KEY.")
    if not storage.exists(into):
        raise click.ClickException(
            f"Database {into!r} does not exist ({storage.description}): "
            f"create it first with 'jsontwo db create {into}'."
        )
    models = comma_list(*model_names)
    schema = _read(url, key, source_db, models, timeout, retries)
    with open_database(storage, into) as registry:
        plan = plan_import(registry, schema)
        if not dry_run and plan.steps:
            _apply_with_progress(registry, plan)
    _report(plan, schema, dry_run)


def _read(
    url: str,
    key: str,
    database: str | None,
    models: Sequence[str],
    timeout: float,
    retries: int,
) -> RemoteSchema:
    """The source's custom schema; a failure ends the command with its message
    (once the progress display is gone)."""
    from jsontwo.client import Client, OdooConnectionError, OdooError, Unauthorized

    try:
        with (
            progress_display() as progress,
            Client(url, key, database=database, timeout=timeout, retries=retries) as client,
        ):
            task = progress.add_task(f"Reading the schema of {url}", total=None)

            def on_model(model: str, done: int, total: int) -> None:
                progress.update(
                    task, description=f"fields_get of {model}", completed=done, total=total
                )

            return read_schema(client, models, on_model)
    except Unauthorized as exc:
        _fail(f"The source refused the key: {exc.message}", EXIT_ERROR)
    except NeedModels:
        _fail(
            "The key may read neither ir.model.fields nor ir.model on the source: "
            "name the models to read with --models (their fields are then read "
            "with fields_get).",
            EXIT_ERROR,
        )
    except OdooError as exc:
        _fail(f"The source answered {exc.name}: {exc.message}", EXIT_ERROR)
    except OdooConnectionError as exc:
        _fail(f"{exc}", EXIT_UNREACHABLE)


def _fail(message: str, status: int) -> NoReturn:
    click.echo(f"Error: {message}", err=True)
    sys.exit(status)


def _apply_with_progress(registry: Registry, plan: ImportPlan) -> None:
    """Create what ``plan`` lists, with a progress bar of its steps."""
    with progress_display() as progress:
        task: TaskID = progress.add_task("Creating", total=plan.steps)

        def restart() -> None:  # a retried transaction starts over
            progress.reset(task, total=plan.steps)

        def step(label: str) -> None:
            progress.update(task, description=f"Creating {label}")
            progress.advance(task)

        apply_import(registry, plan, on_step=step, on_start=restart)
        progress.update(task, description="Created")


def _report(plan: ImportPlan, schema: RemoteSchema, dry_run: bool) -> None:
    """What was (or would be) created and what was not imported, on standard output."""
    made = "Would create" if dry_run else "Created"
    rows = [(model.model, "", "model", model.name) for model in plan.models]
    rows += [(model.model, NAME_FIELD, "char", "(comes with its model)") for model in plan.models]
    rows += [(field.model, field.name, field.ttype, field.label) for field in plan.fields]
    rows += [(line.model, line.name, "access line", _grants(line)) for line in plan.access]
    if schema.read_through == "fields_get":
        click.echo("Read with fields_get (the key may not read ir.model.fields).")
    if rows:
        print_table(made.lower(), (made, "Field", "Type", "Label"), rows)
    if plan.skipped:
        print_table("skipped", ("Not imported", "Field", "Type", "Why"), list(skipped_rows(plan)))
    if schema.access_note and (plan.models or plan.present_models):
        click.echo(f"Note: {schema.access_note}.")
    click.echo(summary(plan, dry_run))


def _grants(line: RemoteAccess) -> str:
    """What an access line grants, to whom: "read, write: User types / Internal User"."""
    rights = ", ".join(name.removeprefix("perm_") for name in line.permissions) or "nothing"
    return f"{rights}: {line.group_label or 'everyone'}"


__all__ = ["import_schema"]
