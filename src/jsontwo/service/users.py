"""Users from the command line: create one, set a password, list them.

Each function is one transaction as the superuser, and answers small frozen
values rather than records, which die with their transaction. Passwords are
handed to the ``res.users`` ``password`` field, which stores only an argon2
hash; they are never logged nor returned.
"""

from __future__ import annotations

from dataclasses import dataclass

from jsontwo.db import IntegrityFailure
from jsontwo.exceptions import UserError, ValidationError
from jsontwo.orm import Environment, Registry
from jsontwo.orm.integrity import integrity_message
from jsontwo.orm.models import BaseModel
from jsontwo.service.databases import with_superuser

INTERNAL_GROUP = "base.group_user"
ADMIN_GROUP = "base.group_system"
MAIN_COMPANY = "base.main_company"


@dataclass(frozen=True, slots=True)
class UserInfo:
    """A user as the command line shows it."""

    id: int
    login: str
    name: str
    is_admin: bool
    active: bool


def create_user(
    registry: Registry, login: str, password: str, name: str | None = None, admin: bool = False
) -> UserInfo:
    """Create an internal user (an administrator with ``admin``) who signs in with
    ``login`` and ``password``; ``name`` defaults to the login. UserError for an
    empty login or password, ValidationError when the login is taken."""
    login = login.strip()
    if not login:
        raise UserError("A user needs a login.")
    _check_password(password)

    def work(env: Environment) -> UserInfo:
        groups = [INTERNAL_GROUP, ADMIN_GROUP] if admin else [INTERNAL_GROUP]
        data = env["ir.model.data"]
        vals = {
            "login": login,
            "name": (name or "").strip() or login,
            "password": password,
            "group_ids": [
                [6, 0, [data._xmlid_to_res_id(xmlid, raise_if_not_found=True) for xmlid in groups]]
            ],
        }
        # like the users of a new database, so that the user works in the company
        company = env.ref(MAIN_COMPANY, raise_if_not_found=False)
        if company:
            vals |= {"company_id": company.id, "company_ids": [[6, 0, [company.id]]]}
        user = env["res.users"].create(vals)
        return _info(user)

    try:
        return with_superuser(registry, work)
    except IntegrityFailure as exc:
        # the unique login: "The operation cannot be completed: You can not have
        # two users with the same login!"
        raise ValidationError(integrity_message(registry, exc)) from None


def set_password(registry: Registry, login: str, password: str) -> UserInfo:
    """Give the user ``login`` (archived or not) a new password. Every page session
    of that user ends: their fingerprint includes the password hash."""
    _check_password(password)

    def work(env: Environment) -> UserInfo:
        user = find_user(env, login)
        user._change_password(password)
        return _info(user)

    return with_superuser(registry, work)


def list_users(registry: Registry) -> list[UserInfo]:
    """Every user, archived ones included, by login."""

    def work(env: Environment) -> list[UserInfo]:
        users = env["res.users"].with_context(active_test=False)
        return [_info(user) for user in users.browse(users._search_ids([], order="login"))]

    return with_superuser(registry, work, defer_write_lock=True)


def find_user(env: Environment, login: str) -> BaseModel:
    """The user (archived or not) whose login is ``login``; UserError when none is."""
    users = env["res.users"].with_context(active_test=False)
    found = users._search_ids([["login", "=", login]], limit=1)
    if not found:
        raise UserError(f"No user with login {login!r} in database {env.registry.database.name!r}.")
    return users.browse(found)


def _check_password(password: str) -> None:
    # an empty password would store no hash: the user could not sign in at all
    if not password or not password.strip():
        raise UserError("The password cannot be empty.")


def _info(user: BaseModel) -> UserInfo:
    return UserInfo(
        id=int(user.id),
        login=str(user.login),
        name=str(user.name),
        is_admin=bool(user._is_system()),
        active=bool(user.active),
    )
