"""``jsontwo apikey create|list|revoke``: any user's API keys, for administrators
of the machine (whoever can reach the storage)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING

import click

from jsontwo.cli.options import (
    db_option,
    json_option,
    open_database,
    print_json,
    print_table,
    storage_options,
)
from jsontwo.service import Registry, Storage
from jsontwo.service.apikeys import (
    SCOPES,
    ApiKeyInfo,
    create_api_key,
    list_api_keys,
    revoke_api_keys,
    revoke_api_keys_named,
)

if TYPE_CHECKING:
    from rich.text import Text


@click.group()
def apikey() -> None:
    """Create, list and revoke API keys."""


@apikey.command("create")
@db_option
@click.option("--login", required=True, help="The user the key authenticates as.")
@click.option("--name", "label", required=True, help="What the key is for (shown in key lists).")
@click.option(
    "--expires-in-days",
    type=click.IntRange(1, None),
    default=None,
    help="Expire after N days (default: never).",
)
@click.option(
    "--scope",
    type=click.Choice(SCOPES),
    default=None,
    help="Limit the key to a scope: 'rpc' (JSON-2 calls, and logins with the key as "
    "password). Default: no scope, any use.",
)
@storage_options
def apikey_create(
    storage: Storage,
    db_name: str | None,
    login: str,
    label: str,
    expires_in_days: int | None,
    scope: str | None,
) -> None:
    """Create an API key and print it alone on standard output (it is shown only once):

    KEY=$(jsontwo apikey create --db demo --login admin --name "CI")
    """
    with open_database(storage, db_name) as registry:
        key = create_api_key(registry, login, label, expires_in_days, scope)
    click.echo(key)


@apikey.command("list")
@db_option
@click.option("--login", default=None, help="Only this user's keys.")
@json_option
@storage_options
def apikey_list(storage: Storage, db_name: str | None, login: str | None, as_json: bool) -> None:
    """List the API keys (never the keys themselves): id, user, name, scope,
    creation, expiry and last use, in UTC. The id is what 'apikey revoke' takes."""
    with open_database(storage, db_name) as registry:
        keys = list_api_keys(registry, login)
    if as_json:
        print_json([dataclasses.asdict(key) for key in keys])
        return
    print_table(
        "API keys",
        ("ID", "User", "Name", "Scope", "Created (UTC)", "Expires (UTC)", "Last used (UTC)"),
        [_row(key) for key in keys],
    )


@apikey.command("revoke")
@db_option
@click.argument("ids", nargs=-1, type=click.IntRange(1, None))
@click.option("--login", default=None, help="With --name: revoke this user's keys of that name.")
@click.option("--name", "label", default=None, help="With --login: the name of the keys.")
@storage_options
def apikey_revoke(
    storage: Storage,
    db_name: str | None,
    ids: tuple[int, ...],
    login: str | None,
    label: str | None,
) -> None:
    """Revoke the keys ID... (as 'apikey list' shows them), or the keys of
    --login named --name. All or nothing: an unknown id revokes no key."""
    if ids and (login or label):
        raise click.UsageError("Give key ids or --login and --name, not both.")
    if not ids and not (login and label):
        raise click.UsageError("Give the ids of the keys to revoke, or --login and --name.")
    with open_database(storage, db_name) as registry:
        if ids:
            _revoke_ids(registry, ids)
        else:
            assert login and label  # checked above
            _revoke_named(registry, login, label)


def _revoke_ids(registry: Registry, ids: tuple[int, ...]) -> None:
    for key in revoke_api_keys(registry, ids):
        click.echo(f"Revoked API key {key.id} {key.name!r} of {key.login}.", err=True)


def _revoke_named(registry: Registry, login: str, label: str) -> None:
    count = revoke_api_keys_named(registry, login, label)
    if not count:
        raise click.ClickException(f"User {login!r} has no API key named {label!r}.")
    click.echo(f"Revoked {count} API key(s) {label!r} of {login}.", err=True)


def _row(key: ApiKeyInfo) -> tuple[str | Text, ...]:
    expires = _when(key.expires) if key.expires else "never"
    return (
        str(key.id),
        key.login,
        key.name,
        key.scope or "any",
        _when(key.created) if key.created else "",
        _expired(expires) if key.expired else expires,
        _when(key.last_used) if key.last_used else "never",
    )


def _when(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M")


def _expired(expires: str) -> Text:
    """``expires`` followed by a red "expired"."""
    from rich.text import Text  # rich only where a table is printed: not for every command

    return Text.assemble(expires, " ", ("expired", "red"))
