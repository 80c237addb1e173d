"""What the commands share: the storage and database flags, opening a database,
asking for a password, and printing tables or JSON."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click

from jsontwo.db import StorageUnavailable
from jsontwo.exceptions import JsonTwoError, NotFound
from jsontwo.modules.catalogue import ADDONS_PATH_VARIABLE
from jsontwo.service import Databases, Registry, Storage, StorageError, open_storage

if TYPE_CHECKING:  # rich is imported where a table is printed: not by every command
    from rich.console import Console
    from rich.progress import Progress
    from rich.text import Text

F = TypeVar("F", bound=Callable[..., Any])
#: how wide a table may grow when the output is no terminal (a pipe, a file)
PIPED_WIDTH = 200


def storage_options(command: F) -> F:
    """The ``--data-dir`` / ``--db-url`` flags shared by every command."""

    @click.option(
        "--data-dir",
        envvar="JSONTWO_DATA_DIR",
        default="data",
        show_default=True,
        type=click.Path(file_okay=False),
        help="Folder of the SQLite databases (one file per database); with --db-url, of the "
        "attachments' file stores (filestore/<db>/). Env: JSONTWO_DATA_DIR.",
    )
    @click.option(
        "--db-url",
        envvar="JSONTWO_DB_URL",
        default=None,
        help="A PostgreSQL server, e.g. postgresql://user@host:5432/ ; each jsontwo database "
        "is the PostgreSQL database of the same name. Overrides --data-dir. Env: JSONTWO_DB_URL.",
    )
    @click.option(
        "--addons-path",
        envvar=ADDONS_PATH_VARIABLE,
        default=None,
        metavar="DIR[,DIR]",
        help="Directories holding module packages (besides those pip installed): see "
        f"docs/modules.md. Env: {ADDONS_PATH_VARIABLE}.",
    )
    @functools.wraps(command)
    def wrapper(
        *args: Any, data_dir: str, db_url: str | None, addons_path: str | None, **kwargs: Any
    ) -> Any:
        storage: Storage | None = None
        if addons_path is not None:
            # the process's setting: read where modules are looked for, and by serve's workers
            os.environ[ADDONS_PATH_VARIABLE] = addons_path
        try:
            storage = open_storage(data_dir, db_url)
            return command(*args, storage=storage, **kwargs)
        except (StorageError, JsonTwoError) as exc:
            about_databases = isinstance(exc, (StorageError, NotFound))
            message = _where(str(exc), storage) if about_databases else str(exc)
            if isinstance(exc, StorageUnavailable):  # the operator may see the driver's words
                message = f"{message}\n{exc.detail}"
            raise click.ClickException(message) from None

    return wrapper  # type: ignore[return-value]


def _where(message: str, storage: Storage | None) -> str:
    """``message``, saying where the databases were looked for unless it does."""
    if storage is None or str(_location(storage)) in message:
        return message
    return f"{message} (looked in {storage.description})"


def _location(storage: Storage) -> object:
    data_dir = getattr(storage, "data_dir", None)
    return data_dir if data_dir is not None else storage.description


def db_option(command: F) -> F:
    """The ``--db NAME`` flag of the commands that work inside one database."""
    return click.option(
        "--db",
        "db_name",
        default=None,
        metavar="NAME",
        help="The database (may be left out when only one exists).",
    )(command)


@contextlib.contextmanager
def open_database(storage: Storage, db_name: str | None) -> Iterator[Registry]:
    """The database ``db_name``, or the only one when no name is given (the
    server's rule for requests without a database); closed on the way out."""
    databases = Databases(storage)
    try:
        name = databases.select(db_name)
    except NotFound:
        names = databases.names()
        if not names:
            raise  # "No database exists yet: create one with ..."
        raise click.ClickException(
            f"Several databases exist in {storage.description}: "
            f"name one with --db ({', '.join(names)})."
        ) from None
    registry = databases.registry(name)
    try:
        yield registry
    finally:
        # a command run in-process (tests) must not keep connections to the database
        databases.close()


def client_options(command: F) -> F:
    """The ``--timeout`` and ``--retries`` flags of the commands that call a server
    over JSON-2 (``call``, ``import-schema``)."""
    command = click.option(
        "--retries",
        default=3,
        show_default=True,
        type=click.IntRange(min=0),
        help="Times to try a call again when the server cannot be reached or the call "
        "collided with a concurrent one.",
    )(command)
    return click.option(
        "--timeout",
        default=120.0,
        show_default=True,
        type=click.FloatRange(min=0, min_open=True),
        help="Seconds to wait for each answer.",
    )(command)


def password_option(command: F) -> F:
    """The ``--password`` and ``--password-stdin`` flags; without either,
    :func:`ask_password` prompts."""
    command = click.option(
        "--password-stdin",
        "password_stdin",
        is_flag=True,
        help="Read the password from standard input (its first line), for scripts: "
        "printf '%s\\n' \"$PASS\" | jsontwo user create ... --password-stdin",
    )(command)
    return click.option(
        "--password",
        default=None,
        help="The password. Omit it to be asked twice, hidden: a password on the command "
        "line is visible to other users of the machine and stays in the shell history.",
    )(command)


def ask_password(given: str | None, from_stdin: bool = False) -> str:
    """``given``; else the first line of standard input with ``from_stdin``; else a
    password typed twice without echo (on standard error, so that standard output
    stays clean for scripts)."""
    if given is not None and from_stdin:
        raise click.UsageError("Give --password or --password-stdin, not both.")
    if given is not None:
        return given
    if from_stdin:
        line = sys.stdin.readline()
        # the line's end is no part of the password; anything else (spaces) is
        return line.removesuffix("\n").removesuffix("\r")
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True, err=True))


def json_option(command: F) -> F:
    """The ``--json`` flag of the listing commands."""
    return click.option(
        "--json", "as_json", is_flag=True, help="Print JSON instead of a table, for scripts."
    )(command)


def print_json(rows: Sequence[dict[str, Any]]) -> None:
    """``rows`` as a JSON array on standard output (datetimes in ISO 8601)."""
    click.echo(json.dumps(list(rows), indent=2, default=_json_default))


def print_table(title: str, columns: Sequence[str], rows: Sequence[Sequence[str | Text]]) -> None:
    """A table on standard output; "No <title>." when there are no rows. Text
    cells are shown as they are: a "[b]" in a name is no markup."""
    if not rows:
        click.echo(f"No {title}.")
        return
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(*columns, box=box.SIMPLE_HEAD)
    for row in rows:
        table.add_row(*(Text(cell) if isinstance(cell, str) else cell for cell in row))
    _console().print(table)


def _console() -> Console:
    from rich.console import Console

    console = Console()
    if not console.is_terminal:
        # nobody's screen to fit: rather a wide line than a cell cut short
        console = Console(width=PIPED_WIDTH)
    return console


def _json_default(value: object) -> str:
    isoformat = getattr(value, "isoformat", None)
    if isoformat is None:
        raise TypeError(f"{type(value).__name__} is not JSON serialisable")
    return str(isoformat())


@contextlib.contextmanager
def progress_display() -> Iterator[Progress]:
    """A progress display on standard error (standard output keeps the report);
    none when standard error is no terminal (a log file keeps no animation)."""
    from rich.console import Console  # only here: every command would import it
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    console = Console(stderr=True)
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )
    with progress:
        yield progress
