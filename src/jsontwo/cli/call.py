"""``jsontwo call MODEL METHOD [BODY] [--arg NAME=VALUE]``: one JSON-2 call to a
running server (jsontwo or Odoo 19), its result printed as JSON or a table.

It goes through :mod:`jsontwo.client`, imported when the command runs: the
other commands, ``serve`` above all, load no HTTP client.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

import click

from jsontwo.cli.options import client_options, print_table

if TYPE_CHECKING:
    from rich.text import Text

#: exit statuses: the server answered an error / could not be reached (2 is a usage error)
EXIT_ERROR = 1
EXIT_UNREACHABLE = 3


@click.command("call")
@click.argument("model")
@click.argument("method")
@click.argument("body", required=False, metavar="[BODY]")
@click.option(
    "--arg",
    "-a",
    "args",
    multiple=True,
    metavar="NAME=VALUE",
    help="One named argument (repeatable), over BODY's. VALUE is read as JSON when it "
    "is JSON (42, true, [1, 2], {...}), else as a string: --arg name=Acme.",
)
@click.option(
    "--url",
    envvar="JSONTWO_URL",
    default="http://127.0.0.1:8069",
    show_default=True,
    help="The server. Env: JSONTWO_URL.",
)
@click.option("--key", envvar="JSONTWO_KEY", default=None, help="The API key. Env: JSONTWO_KEY.")
@click.option(
    "--db",
    "database",
    envvar="JSONTWO_DB",
    default=None,
    metavar="NAME",
    help="The database (X-Odoo-Database); may be left out when the server has one. "
    "Env: JSONTWO_DB.",
)
@click.option("--table", is_flag=True, help="Print a list of records as a table instead of JSON.")
@client_options
def call(
    model: str,
    method: str,
    body: str | None,
    args: tuple[str, ...],
    url: str,
    key: str | None,
    database: str | None,
    table: bool,
    timeout: float,
    retries: int,
) -> None:
    """Call METHOD of MODEL over JSON-2 and print the result.

    BODY is a JSON object of named arguments, with JSON-2's "ids" and
    "context" ("-" reads it from standard input):

    \b
      jsontwo call res.partner search_read '{"domain": [["is_company", "=", true]], "fields": ["name"]}'
      jsontwo call res.partner search_count --arg 'domain=[]'
      jsontwo call res.partner write --arg 'ids=[7]' --arg 'vals={"phone": "555"}'
      jsontwo call res.partner search_read --arg fields='["name","email"]' --table

    An error answer prints its name and message on standard error and exits
    with status 1 (3 when the server cannot be reached).
    """
    from jsontwo.client import Client, OdooConnectionError, OdooError

    if not key:
        raise click.UsageError("Give the API key with --key, or set JSONTWO_KEY.")
    arguments = {**parse_body(body), **dict(parse_arg(arg) for arg in args)}
    with Client(url, key, database=database, timeout=timeout, retries=retries) as client:
        try:
            result = client.call(model, method, arguments)
        except OdooError as exc:
            click.echo(f"{exc.name}: {exc.message}", err=True)
            sys.exit(EXIT_ERROR)
        except OdooConnectionError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(EXIT_UNREACHABLE)
    if table and is_records(result):
        print_records(result)
        return
    if table:
        click.echo("The result is no list of records: printed as JSON.", err=True)
    from rich.console import Console  # only here: every command would import it

    Console(soft_wrap=True).print_json(data=result)


def parse_body(body: str | None) -> dict[str, Any]:
    """BODY as a dict of named arguments ("-": standard input)."""
    if body is None:
        return {}
    text = sys.stdin.read() if body == "-" else body
    try:
        parsed = json.loads(text)
    except ValueError as exc:
        raise click.BadParameter(f"not JSON: {exc}", param_hint="BODY") from None
    if not isinstance(parsed, dict):
        raise click.BadParameter(
            "a JSON object of named arguments, e.g. '{\"domain\": []}'", param_hint="BODY"
        )
    return parsed


def parse_arg(arg: str) -> tuple[str, Any]:
    """``NAME=VALUE``: VALUE as JSON when it parses, else the text itself."""
    name, sep, value = arg.partition("=")
    if not sep or not name:
        raise click.BadParameter(f"{arg!r} is not NAME=VALUE", param_hint="--arg")
    try:
        return name, json.loads(value)
    except ValueError:
        return name, value


def is_records(result: Any) -> bool:
    """Whether ``result`` is a list of records (dicts): what ``--table`` shows."""
    return isinstance(result, list) and all(isinstance(row, dict) for row in result)


def print_records(records: list[dict[str, Any]]) -> None:
    """Records as a table: a column per field, in the order they first appear."""
    columns: dict[str, None] = {}
    for record in records:
        columns.update(dict.fromkeys(record))
    rows = [[cell(record.get(name)) for name in columns] for record in records]
    print_table("records", list(columns), rows)


def cell(value: Any) -> Text:
    """One value as a table shows it: text as it is, a many2one's name, else JSON."""
    from rich.text import Text  # only here: every command would import it

    if isinstance(value, str):
        return Text(value)
    if isinstance(value, list) and len(value) == 2 and isinstance(value[1], str):
        return Text(value[1])  # a many2one as read: [id, display name]
    return Text(json.dumps(value, ensure_ascii=False))


__all__ = ["call"]
