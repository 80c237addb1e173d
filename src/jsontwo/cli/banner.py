"""What ``jsontwo serve`` prints when it starts: where it serves, and with
``--demo`` a key to try and the commands to run next, written so that they
work when pasted into the shell the server was started from."""

from __future__ import annotations

import datetime as dt
import os
import shlex
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import click
import sqlalchemy as sa

from jsontwo import __version__
from jsontwo.db.replicas import split_urls
from jsontwo.db.storage import PostgresStorage, SqliteStorage
from jsontwo.service import Storage

#: the example call of the README and of the banner
EXAMPLE_BODY = '{"domain":[["name","ilike","acme"],["is_company","=",true]],"fields":["name"]}'


@dataclass(frozen=True, slots=True)
class DemoKey:
    """The admin's key ``serve --demo`` made for this start, and when it expires (UTC)."""

    key: str
    expires: dt.datetime
    days: int


def program() -> str:
    """How the user runs ``jsontwo`` from the current directory: ``jsontwo`` when
    it is on the PATH, else the script's path (``.venv/bin/jsontwo`` after
    ``make serve``), else ``python -m jsontwo.cli.main``."""
    invoked = Path(sys.argv[0])
    script = invoked if invoked.name == "jsontwo" else Path(sys.executable).with_name("jsontwo")
    if not script.is_file():
        return shlex.join([sys.executable, "-m", "jsontwo.cli.main"])
    found = shutil.which("jsontwo")
    if found and os.path.abspath(found) == os.path.abspath(script):
        return "jsontwo"
    relative = os.path.relpath(os.path.abspath(script))
    return relative if not relative.startswith("..") else os.path.abspath(script)


def storage_flags(storage: Storage) -> list[str]:
    """The flags a command needs to reach ``storage`` from the current directory
    (none for the default ``./data``; a PostgreSQL password is shown as ``***``)."""
    if isinstance(storage, SqliteStorage):
        if storage.data_dir == Path("data").resolve():
            return []
        return ["--data-dir", os.path.relpath(storage.data_dir)]
    if isinstance(storage, PostgresStorage):
        url = sa.make_url(storage.environment()["JSONTWO_DB_URL"])
        return ["--db-url", url.render_as_string(hide_password=True)]
    return []


def key_command(storage: Storage, db: str, login: str, name: str, days: int | None) -> str:
    """The ``apikey create`` command line that prints a new key of ``login``."""
    words = [*storage_flags(storage), "--db", db, "--login", login, "--name", name]
    if days:
        words += ["--expires-in-days", str(days)]
    return f"{program()} apikey create {shlex.join(words)}"


def echo(text: str = "") -> None:
    """One line of the banner, on standard error (standard output stays clean)."""
    click.echo(text, err=True)


def print_banner(
    storage: Storage, host: str, port: int, demo_db: str | None, demo: DemoKey | None
) -> None:
    """Where the server listens; with ``--demo``, the key and what to try next."""
    url = f"http://{host}:{port}"
    echo(f"jsontwo {__version__} serving {url}  ({storage.description})")
    echo(f"  home:     {url}/  (version, account page, API docs, health)")
    echo(f"  keys:     {url}/web/account/security (sign in to create and revoke)")
    replicas = split_urls(os.environ.get("JSONTWO_DB_REPLICA_URL", ""))
    if replicas:  # (set by --db-replica-url; their URLs may hold passwords: not shown)
        lag = os.environ.get("JSONTWO_MAX_REPLICA_LAG", "1")
        echo(f"  replicas: {len(replicas)} for reads, {lag} s of lag at most (docs/replicas.md)")
    if not (demo_db and demo):
        return
    until = demo.expires.strftime("%Y-%m-%d %H:%M UTC")
    echo(f"  database: {demo_db}")
    echo("  user:     admin (password: admin, demo only)")
    echo(f"  API key:  {demo.key}")
    echo(
        f"            valid {demo.days} days, until {until}, across restarts "
        "(each start prints a new one; earlier ones keep working until they expire)"
    )
    echo(f"  another:  {key_command(storage, demo_db, 'admin', 'my script', demo.days)}")
    echo("  non-admin: demo (password: demo); a key for it:")
    echo(f"             {key_command(storage, demo_db, 'demo', 'try', None)}")
    echo("Try it:")
    echo(
        f"  curl -X POST {url}/json/2/res.partner/search_read \\\n"
        f'    -H "Authorization: bearer {demo.key}" -H "X-Odoo-Database: {demo_db}" \\\n'
        '    -H "Content-Type: application/json" \\\n'
        f"    -d '{EXAMPLE_BODY}'"
    )
