"""``jsontwo user create|password|list``: the people who sign in.

Passwords are read from ``--password``, from standard input
(``--password-stdin``) or typed twice without echo, handed to
the service (which stores an argon2 hash) and never printed.
"""

from __future__ import annotations

import dataclasses

import click

from jsontwo.cli.options import (
    ask_password,
    db_option,
    json_option,
    open_database,
    password_option,
    print_json,
    print_table,
    storage_options,
)
from jsontwo.service import Storage
from jsontwo.service.users import UserInfo, create_user, list_users, set_password


@click.group()
def user() -> None:
    """Create users, set their passwords, list them."""


@user.command("create")
@db_option
@click.option("--login", required=True, help="What the user signs in with.")
@password_option
@click.option("--name", default=None, help="The user's name (default: the login).")
@click.option(
    "--admin",
    is_flag=True,
    help="Make the user an administrator (group Settings, base.group_system).",
)
@storage_options
def user_create(
    storage: Storage,
    db_name: str | None,
    login: str,
    password: str | None,
    password_stdin: bool,
    name: str | None,
    admin: bool,
) -> None:
    """Create an internal user who signs in with --login and a password."""
    secret = ask_password(password, password_stdin)
    with open_database(storage, db_name) as registry:
        created = create_user(registry, login, secret, name, admin)
    role = "administrator" if created.is_admin else "internal user"
    click.echo(
        f"Created user {created.id} {created.login!r} ({role}) in database "
        f"{registry.database.name!r}.",
        err=True,
    )


@user.command("password")
@db_option
@click.option("--login", required=True, help="The user whose password changes.")
@password_option
@storage_options
def user_password(
    storage: Storage,
    db_name: str | None,
    login: str,
    password: str | None,
    password_stdin: bool,
) -> None:
    """Set the password of the user --login.

    The user's signed-in browser sessions end (they must sign in again with
    the new password); their API keys keep working: revoke those with
    'jsontwo apikey revoke'.
    """
    secret = ask_password(password, password_stdin)
    with open_database(storage, db_name) as registry:
        changed = set_password(registry, login, secret)
    click.echo(f"Changed the password of user {changed.id} {changed.login!r}.", err=True)


@user.command("list")
@db_option
@json_option
@storage_options
def user_list(storage: Storage, db_name: str | None, as_json: bool) -> None:
    """List the users, archived ones included: id, login, name, administrator, active."""
    with open_database(storage, db_name) as registry:
        users = list_users(registry)
    if as_json:
        print_json([dataclasses.asdict(found) for found in users])
        return
    print_table("users", ("ID", "Login", "Name", "Admin", "Active"), [_row(u) for u in users])


def _row(found: UserInfo) -> tuple[str, ...]:
    return (
        str(found.id),
        found.login,
        found.name,
        _yes_no(found.is_admin),
        _yes_no(found.active),
    )


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"
