"""``jsontwo``: serve, manage databases, users and API keys, call a server.

Every storage flag can also come from the environment (``JSONTWO_DATA_DIR``,
``JSONTWO_DB_URL``...), and ``serve`` passes its settings to its workers
through those same variables.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import sys
from pathlib import Path

import click

from jsontwo import __version__
from jsontwo.cli.apikeys import apikey
from jsontwo.cli.banner import DemoKey, print_banner
from jsontwo.cli.call import call
from jsontwo.cli.import_schema import import_schema
from jsontwo.cli.modules import module
from jsontwo.cli.options import ask_password, password_option, storage_options
from jsontwo.cli.serving import limit_options, metrics_options, replica_options, uvicorn_settings
from jsontwo.cli.users import user
from jsontwo.cli.workers import run_workers
from jsontwo.http.config import comma_list
from jsontwo.service import Storage, StorageError, create_database, drop_database
from jsontwo.service.apikeys import create_api_key, list_api_keys, revoke_api_keys
from jsontwo.service.creation import drop_template, list_templates
from jsontwo.service.databases import Databases, DbFilter
from jsontwo.service.master_password import check_hash, make_hash

DEMO_KEY_NAME = "jsontwo serve --demo"
#: how long the key printed by ``serve --demo`` lasts: each start makes one, and
#: the earlier ones keep working until then (a key pasted in a script survives
#: restarts); expired ones are deleted at the next start, so they do not pile up
DEMO_KEY_DAYS = 30


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="jsontwo")
def main() -> None:
    """jsontwo: a server that speaks Odoo 19's External JSON-2 API.

    Start with `jsontwo serve --demo demo` for a demo database on SQLite.
    """


@main.command()
@click.option(
    "--host",
    envvar="JSONTWO_HOST",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Env: JSONTWO_HOST.",
)
@click.option(
    "--port",
    envvar="JSONTWO_PORT",
    default=8069,
    show_default=True,
    type=int,
    help="Port to listen on. Env: JSONTWO_PORT.",
)
@click.option(
    "--workers",
    envvar="JSONTWO_WORKERS",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Worker processes. Env: JSONTWO_WORKERS.",
)
@click.option(
    "--dev",
    envvar="JSONTWO_DEV",
    is_flag=True,
    help="Development mode: error objects carry tracebacks in 'debug'. Env: JSONTWO_DEV.",
)
@click.option(
    "--demo",
    "demo_db",
    default=None,
    metavar="NAME",
    help="Create database NAME with demo data if it is missing, and print a fresh admin API key for it.",
)
@click.option(
    "--cors-origin",
    "cors_origins",
    multiple=True,
    envvar="JSONTWO_CORS_ORIGINS",
    help="Allow browsers from this origin to call /json/2 ('*' for any). Repeatable. Env: JSONTWO_CORS_ORIGINS (comma-separated).",
)
@click.option(
    "--list-db/--no-list-db",
    "list_db",
    envvar="JSONTWO_LIST_DB",
    default=True,
    show_default=True,
    help="Let anyone list the database names (/web/database/list, db.list), as Odoo's "
    "list_db does; --no-list-db refuses them with AccessDenied. Env: JSONTWO_LIST_DB.",
)
@click.option(
    "--db-filter",
    envvar="JSONTWO_DB_FILTER",
    default=None,
    metavar="REGEX",
    help="Serve only the databases whose name matches REGEX (at its start), as Odoo's "
    "--db-filter: %h is the request's host without www., %d its first label, so "
    "'^%d$' gives each domain its own database. Env: JSONTWO_DB_FILTER.",
)
@click.option(
    "--database",
    "-d",
    "db_names",
    multiple=True,
    envvar="JSONTWO_DATABASE",
    metavar="NAMES",
    help="Serve only these databases (comma-separated or repeated), as Odoo's "
    "--database; ignored when --db-filter is given. Env: JSONTWO_DATABASE.",
)
@click.option(
    "--master-password",
    envvar="JSONTWO_MASTER_PASSWORD",
    default=None,
    metavar="HASH",
    help="The argon2 hash of the database manager's master password (make one with "
    "'jsontwo master-password hash'); without it the manager refuses every call. A "
    "password changed over the API is kept in <data-dir>/master-password, which then "
    "wins. See docs/databases.md. Env: JSONTWO_MASTER_PASSWORD.",
)
@click.option(
    "--limit-time-real",
    envvar="JSONTWO_LIMIT_TIME_REAL",
    default=120.0,
    show_default=True,
    type=click.FloatRange(min=0),
    metavar="SECONDS",
    help="Stop a call that runs longer than this and answer it with a JSON error, as "
    "Odoo's limit_time_real (0: no limit). Env: JSONTWO_LIMIT_TIME_REAL.",
)
@click.option(
    "--log-level",
    envvar="JSONTWO_LOG_LEVEL",
    default="info",
    show_default=True,
    type=click.Choice(["debug", "info", "warning", "error"]),
    help="Log verbosity; 'info' logs one line per request.",
)
@limit_options
@metrics_options
@replica_options
@storage_options
def serve(
    storage: Storage,
    host: str,
    port: int,
    workers: int,
    dev: bool,
    demo_db: str | None,
    cors_origins: tuple[str, ...],
    list_db: bool,
    db_filter: str | None,
    db_names: tuple[str, ...],
    master_password: str | None,
    limit_time_real: float,
    log_level: str,
) -> None:
    """Serve the JSON-2 API (and /web/version, /health) over HTTP."""
    names = comma_list(*db_names)
    if master_password:
        try:
            check_hash(master_password)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--master-password") from None
    try:  # checked here, so that a typo stops the command instead of every worker
        served = DbFilter(db_filter, names)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--db-filter") from None
    if db_filter and names:
        click.echo("Warning: --database is ignored when --db-filter is given.", err=True)
    if demo_db and not served.uses_host and not served.keep([demo_db]):
        click.echo(f"Warning: --db-filter/--database do not serve {demo_db!r}.", err=True)
    _check_port(host, port)  # before the demo key: a start that cannot listen makes none
    key = _prepare_demo(storage, demo_db) if demo_db else None
    os.environ["JSONTWO_DEV"] = "1" if dev else ""
    os.environ["JSONTWO_CORS_ORIGINS"] = ",".join(comma_list(*cors_origins))
    os.environ["JSONTWO_LIST_DB"] = "1" if list_db else "0"
    os.environ["JSONTWO_DB_FILTER"] = db_filter or ""
    os.environ["JSONTWO_DATABASE"] = ",".join(names)
    os.environ["JSONTWO_LIMIT_TIME_REAL"] = f"{limit_time_real:g}"
    os.environ["JSONTWO_MASTER_PASSWORD"] = master_password or ""
    os.environ.pop("JSONTWO_DB_URL", None)
    # the file stores and the manager's files live there, on PostgreSQL too
    data_dir = click.get_current_context().params.get("data_dir") or "data"
    os.environ["JSONTWO_DATA_DIR"] = str(Path(data_dir).resolve())
    os.environ.update(storage.environment())
    print_banner(storage, host, port, demo_db, key)
    run_workers(
        host,
        port,
        workers,
        log_level=log_level,
        access_log=False,
        server_header=False,
        **uvicorn_settings(log_level),
    )


def _check_port(host: str, port: int) -> None:
    """Stop with a clear message when ``host:port`` cannot be listened on (taken,
    or an address of another machine), before anything is written."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        family, kind, proto, _name, address = infos[0]
        with socket.socket(family, kind, proto) as sock:
            # as uvicorn binds: a port left in TIME_WAIT by the last run is free
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(address)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise click.ClickException(
            f"Cannot listen on {host}:{port}: {reason}. Is another server running there? "
            "Stop it, or choose another port with --port."
        ) from None


def _prepare_demo(storage: Storage, name: str) -> DemoKey:
    """Create the demo database when missing; a new admin key valid DEMO_KEY_DAYS."""
    if not storage.exists(name):
        click.echo(
            f"Creating database {name!r} with demo data ({storage.description})...", err=True
        )
        create_database(storage, name, demo=True)
    registry = Databases(storage).registry(name)
    try:
        expired = [
            key.id
            for key in list_api_keys(registry, "admin")
            if key.name == DEMO_KEY_NAME and key.expired
        ]
        if expired:
            revoke_api_keys(registry, expired)
        key = create_api_key(registry, "admin", DEMO_KEY_NAME, DEMO_KEY_DAYS)
    finally:
        registry.database.dispose()
    expires = dt.datetime.now(dt.UTC) + dt.timedelta(days=DEMO_KEY_DAYS)
    return DemoKey(key, expires, DEMO_KEY_DAYS)


@main.group()
def db() -> None:
    """Create, list and drop databases."""


@db.command("create")
@click.argument("name")
@click.option(
    "--demo",
    is_flag=True,
    help="Load demo data (and give 'admin' the password 'admin': demo only).",
)
@click.option(
    "--modules",
    "modules",
    default=None,
    metavar="A,B",
    help="Install these modules (and those they depend on; base always) instead of "
    "jsontwo's (base, uom, product, account, sale).",
)
@click.option(
    "--no-template",
    is_flag=True,
    help="Build it in full, neither copying nor making a template database "
    "(docs/databases.md, 'Templates').",
)
@storage_options
def db_create(
    storage: Storage, name: str, demo: bool, modules: str | None, no_template: bool
) -> None:
    """Create database NAME with its schema and base data (a copy of a template
    database made by the first creation with these modules and code)."""
    chosen = comma_list(modules) if modules is not None else None
    registry = create_database(storage, name, demo=demo, modules=chosen, template=not no_template)
    registry.database.dispose()
    click.echo(
        f"Created database {name!r}{' with demo data' if demo else ''} "
        f"({storage.description}; modules: {', '.join(registry.modules)}).",
        err=True,
    )


@db.command("list")
@storage_options
def db_list(storage: Storage) -> None:
    """List the databases, one name per line (where it looked: on standard error)."""
    names = storage.list()
    for name in names:
        click.echo(name)
    if not names:
        click.echo(f"No database in {storage.description}.", err=True)


@db.command("templates")
@click.option("--drop", "drop", is_flag=True, help="Drop them all (the next creation makes one).")
@storage_options
def db_templates(storage: Storage, drop: bool) -> None:
    """List the template databases new databases are copied from, one per line;
    with --drop, drop them."""
    names = list_templates(storage)
    for name in names:
        if drop:
            drop_template(storage, name)
        click.echo(name)
    where = storage.templates().description
    if not names:
        click.echo(f"No template database in {where}.", err=True)
    elif drop:
        click.echo(f"Dropped {len(names)} template database(s) ({where}).", err=True)


@db.command("drop")
@click.argument("name")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation (for scripts).")
@storage_options
def db_drop(storage: Storage, name: str, yes: bool) -> None:
    """Drop database NAME and everything in it (asks first, unless --yes)."""
    if not storage.exists(name):
        raise StorageError(f"Database {name!r} does not exist.")
    if not yes:
        click.confirm(
            f"Drop database {name!r} ({storage.description}) and everything in it?",
            abort=True,
            err=True,
        )
    drop_database(storage, name)
    click.echo(f"Dropped database {name!r} ({storage.description}).", err=True)


@main.group("master-password")
def master_password_group() -> None:
    """The database manager's master password (docs/databases.md)."""


@master_password_group.command("hash")
@password_option
def master_password_hash(password: str | None, password_stdin: bool) -> None:
    """Print the argon2 hash of a master password, for --master-password."""
    secret = ask_password(password, password_stdin)
    try:
        click.echo(make_hash(secret))
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None


main.add_command(apikey)
main.add_command(user)
main.add_command(call)
main.add_command(module)
main.add_command(import_schema)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
