"""jsontwo.service.users: creating users, setting passwords, listing users, each
one transaction, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid

import pytest

from jsontwo.exceptions import AccessDenied, UserError, ValidationError
from jsontwo.orm import Environment, Registry
from jsontwo.service import accounts
from jsontwo.service.databases import with_superuser
from jsontwo.service.users import UserInfo, create_user, list_users, set_password


def unique(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:8]}"


def signs_in(registry: Registry, login: str, password: str) -> bool:
    address = f"10.2.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    try:
        accounts.authenticate(registry, login, password, address)
    except AccessDenied:
        return False
    return True


def test_create_user_answers_a_summary_and_the_user_signs_in(registry: Registry) -> None:
    login = unique("svc")
    created = create_user(registry, f"  {login} ", "pass word", name="Sam")
    assert created == UserInfo(created.id, login, "Sam", is_admin=False, active=True)
    assert signs_in(registry, login, "pass word")
    assert not signs_in(registry, login, "pass")


def test_create_user_groups_and_company(registry: Registry) -> None:
    plain = create_user(registry, unique("plain"), "pw")
    admin = create_user(registry, unique("admin"), "pw", admin=True)
    assert admin.is_admin and not plain.is_admin

    def groups_and_company(env: Environment, uid: int) -> tuple[set[str], str]:
        user = env["res.users"].browse([uid])
        data = env["ir.model.data"]
        names = {
            xmlid
            for xmlid in ("base.group_user", "base.group_system", "base.group_portal")
            if data._xmlid_to_res_id(xmlid) in user.group_ids.ids
        }
        return names, str(user.company_id.name)

    assert with_superuser(registry, lambda env: groups_and_company(env, plain.id)) == (
        {"base.group_user"},
        "YourCompany",
    )
    assert with_superuser(registry, lambda env: groups_and_company(env, admin.id))[0] == {
        "base.group_user",
        "base.group_system",
    }


def test_create_user_stores_only_a_hash(registry: Registry) -> None:
    created = create_user(registry, unique("hash"), "clear text")
    [(stored,)] = with_superuser(
        registry,
        lambda env: env.cr.execute('SELECT password FROM "res_users" WHERE id = %s', [created.id]),
    )
    assert stored.startswith("$argon2") and "clear text" not in stored


@pytest.mark.parametrize(("login", "password"), [("", "pw"), ("  ", "pw"), ("x", ""), ("x", " ")])
def test_create_user_refuses_empty_logins_and_passwords(
    registry: Registry, login: str, password: str
) -> None:
    with pytest.raises(UserError, match=r"needs a login|password cannot be empty"):
        create_user(registry, login, password)


def test_create_user_refuses_a_taken_login(registry: Registry) -> None:
    login = unique("twice")
    create_user(registry, login, "pw")
    with pytest.raises(ValidationError, match="two users with the same login"):
        create_user(registry, login, "other")
    assert [u.login for u in list_users(registry)].count(login) == 1


def test_set_password_replaces_the_password_and_ends_sessions(registry: Registry) -> None:
    created = create_user(registry, unique("change"), "before")
    fingerprint = accounts.session_fingerprint(registry, created.id)
    assert set_password(registry, created.login, "after") == created
    assert signs_in(registry, created.login, "after")
    assert not signs_in(registry, created.login, "before")
    assert accounts.session_fingerprint(registry, created.id) != fingerprint


def test_set_password_refuses_unknown_logins_and_empty_passwords(registry: Registry) -> None:
    with pytest.raises(UserError, match="No user with login 'nobody-here'"):
        set_password(registry, "nobody-here", "pw")
    with pytest.raises(UserError, match="password cannot be empty"):
        set_password(registry, "admin", "")


def test_list_users_by_login_with_archived_users(registry: Registry) -> None:
    users = list_users(registry)
    logins = [u.login for u in users]
    assert logins == sorted(logins)
    by_login = {u.login: u for u in users}
    assert by_login["admin"] == UserInfo(2, "admin", "Mitchell Admin", True, True)
    assert by_login["__system__"].active is False
