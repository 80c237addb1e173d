"""jsontwo.service.accounts: signing in with a password (or a key), the login
guard, and a user's own API keys as the account page manages them (issue 4).

Every test runs on SQLite and on PostgreSQL; each makes users of its own and
uses an address of its own, and the login guard's counters are cleared around
every test.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
import uuid
from collections.abc import Iterator

import pytest

from jsontwo.exceptions import AccessDenied, AccessError, ValidationError
from jsontwo.modules.base.models.apikeys import key_digest
from jsontwo.orm import Environment, Registry
from jsontwo.orm.registry import LOGIN_FAILURES_KEPT, LOGIN_FAILURES_TTL
from jsontwo.service import accounts
from jsontwo.service.databases import with_superuser
from tests.modules.base.test_apikeys import (
    CANNOT_REMOVE,
    KEY_RE,
    NO_EXPIRY,
    TOO_LONG,
    TOO_MANY,
    User,
    expire,
    garbage_key,
    new_user,
    own_expired_key,
    own_key_of_another_scope,
)

WRONG = "Wrong login/password"
NOT_INTERNAL = "Only internal users can create API keys"

#: the demo admin, as in Odoo's demo data
ADMIN_ID, ADMIN_NAME, DEMO_ADMIN_PASSWORD = 2, "Mitchell Admin", "admin"


@pytest.fixture(autouse=True)
def no_login_failures(registry: Registry) -> Iterator[None]:
    """The login guard counts failures per process: start and end every test clean."""
    registry.caches.login_failures.clear()
    yield
    registry.caches.login_failures.clear()


def address() -> str:
    """An address no other test signs in from."""
    return f"10.9.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"


def refused(registry: Registry, login: str, password: str, addr: str, message: str) -> None:
    with pytest.raises(AccessDenied) as caught:
        accounts.authenticate(registry, login, password, addr, api_key=True)
    assert str(caught.value) == message
    assert caught.value.args == (message,)


def credentials_check(registry: Registry, key: str) -> int | None:
    """The user a key authenticates JSON-2 as, or None."""
    return with_superuser(
        registry, lambda env: env["res.users.apikeys"]._check_credentials("rpc", key)
    )


def archive(registry: Registry, uid: int) -> None:
    def work(env: Environment) -> None:
        env["res.users"].browse([uid]).write({"active": False})

    with_superuser(registry, work)


def rpc_key(registry: Registry, user: User) -> str:
    def work(env: Environment) -> str:
        keys = env["res.users.apikeys"].with_user(user.uid).sudo()
        return str(keys._generate("rpc", "rpc", env.now + dt.timedelta(days=1)))

    return str(with_superuser(registry, work))


# --- authenticate ------------------------------------------------------------------


def test_authenticate_answers_the_uid(registry: Registry) -> None:
    addr = address()
    assert (
        accounts.authenticate(registry, "admin", DEMO_ADMIN_PASSWORD, addr, api_key=True)
        == ADMIN_ID
    )
    user = new_user(registry, password=True)
    assert (
        accounts.authenticate(registry, user.login, user.password, addr, api_key=True) == user.uid
    )


def test_wrong_credentials_are_refused_alike(registry: Registry) -> None:
    user = new_user(registry, password=True)
    addr = address()
    for login, password in [
        (user.login, user.password + "x"),
        (user.login, ""),
        (f"nobody_{uuid.uuid4().hex[:8]}", user.password),
        ("", user.password),
    ]:
        refused(registry, login, password, addr, WRONG)
        registry.caches.login_failures.clear()


def test_an_api_key_serves_as_the_password(registry: Registry) -> None:
    user = new_user(registry)
    addr = address()
    assert accounts.authenticate(registry, user.login, user.key, addr, api_key=True) == user.uid
    assert (
        accounts.authenticate(registry, user.login, rpc_key(registry, user), addr, api_key=True)
        == user.uid
    )


def test_a_browser_sign_in_never_takes_a_key_for_the_password(registry: Registry) -> None:
    user = new_user(registry)
    with pytest.raises(AccessDenied, match="Wrong login/password"):
        accounts.authenticate(registry, user.login, user.key, address())


def test_keys_that_do_not_authenticate(registry: Registry) -> None:
    user = new_user(registry)
    other = new_user(registry)
    addr = address()
    for key in (
        own_key_of_another_scope(registry, user),
        own_expired_key(registry, user),
        other.key,
        garbage_key(),
        user.key.upper(),
    ):
        refused(registry, user.login, key, addr, WRONG)
        registry.caches.login_failures.clear()
    assert accounts.authenticate(registry, user.login, user.key, addr, api_key=True) == user.uid


def test_an_archived_user_cannot_sign_in(registry: Registry) -> None:
    user = new_user(registry, password=True)
    archive(registry, user.uid)
    addr = address()
    refused(registry, user.login, user.password, addr, WRONG)
    refused(registry, user.login, user.key, addr, WRONG)


def test_five_failures_refuse_even_the_right_password(registry: Registry) -> None:
    user = new_user(registry, password=True)
    addr = address()
    for _ in range(5):
        refused(registry, user.login, "wrong", addr, WRONG)
    refused(registry, user.login, user.password, addr, TOO_MANY)
    refused(registry, user.login, user.key, addr, TOO_MANY)
    # any login from that address: the guard counts addresses
    refused(registry, "admin", DEMO_ADMIN_PASSWORD, addr, TOO_MANY)
    # another address is not affected
    assert (
        accounts.authenticate(registry, user.login, user.password, address(), api_key=True)
        == user.uid
    )


def test_four_failures_and_a_success_reset_the_count(registry: Registry) -> None:
    user = new_user(registry)  # no password: failures are quick (no hash to verify)
    addr = address()
    for _ in range(3):
        for _ in range(4):
            refused(registry, user.login, garbage_key(), addr, WRONG)
        assert accounts.authenticate(registry, user.login, user.key, addr, api_key=True) == user.uid
    assert addr not in registry.caches.login_failures


def test_the_failure_counts_stay_bounded(registry: Registry) -> None:
    """A flood of addresses cannot grow a worker's memory: the guard keeps the
    most recent LOGIN_FAILURES_KEPT addresses, and still counts the newest."""
    failures = registry.caches.login_failures
    for n in range(LOGIN_FAILURES_KEPT):  # as many addresses as it keeps, each failed once
        failures[f"10.{n // 65536}.{n // 256 % 256}.{n % 256}"] = (1, registry.caches.clock())
    user = new_user(registry)
    addr = address()
    for _ in range(5):
        refused(registry, user.login, garbage_key(), addr, WRONG)
    assert len(failures) == LOGIN_FAILURES_KEPT
    assert "10.0.0.0" not in failures  # the oldest went first
    refused(registry, user.login, user.key, addr, TOO_MANY)


def test_a_failure_count_is_forgotten_a_day_later(registry: Registry) -> None:
    caches = registry.caches
    user = new_user(registry)
    addr = address()
    refused(registry, user.login, garbage_key(), addr, WRONG)
    assert caches.login_failures[addr][0] == 1
    clock = caches.clock
    later = clock() + LOGIN_FAILURES_TTL + 1
    caches.clock = lambda: later
    try:
        assert addr not in caches.login_failures
        assert len(caches.login_failures) == 0
    finally:
        caches.clock = clock


def test_no_password_or_key_in_the_logs(
    registry: Registry, caplog: pytest.LogCaptureFixture
) -> None:
    user = new_user(registry, password=True)
    addr = address()
    with caplog.at_level(logging.DEBUG):
        accounts.authenticate(registry, user.login, user.password, addr, api_key=True)
        accounts.authenticate(registry, user.login, user.key, addr, api_key=True)
        for wrong in (user.password + "x", user.key[:-1] + ("1" if user.key[-1] == "0" else "0")):
            with pytest.raises(AccessDenied):
                accounts.authenticate(registry, user.login, wrong, addr, api_key=True)
        made = accounts.create_key(registry, user.uid, "logged?", 10, addr)
        [info] = [k for k in accounts.list_keys(registry, user.uid) if k.name == "logged?"]
        accounts.revoke_key(registry, user.uid, info.id, addr)
    assert any("generated" in r.getMessage() for r in caplog.records)
    assert any("removed" in r.getMessage() for r in caplog.records)
    logged = caplog.text + "".join(f"{r.getMessage()} {r.args!r}" for r in caplog.records)
    for secret in (user.password, user.key, made, user.key[:8], made[:8]):
        assert secret not in logged


# --- list_keys ----------------------------------------------------------------------


def test_list_keys_describes_the_users_keys_without_them(registry: Registry) -> None:
    user = new_user(registry)
    other = new_user(registry)
    scoped = rpc_key(registry, user)
    listed = accounts.list_keys(registry, user.uid)
    assert [(k.name, k.scope) for k in listed] == [("rpc", "rpc"), ("first", None)]
    assert listed[0].id > listed[1].id  # newest first
    assert {f.name for f in dataclasses.fields(listed[0])} == {
        "id",
        "name",
        "scope",
        "created",
        "expires",
        "last_used",
    }
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    for info in listed:
        assert isinstance(info.created, dt.datetime)
        assert abs(info.created - now) < dt.timedelta(minutes=5)
        assert isinstance(info.expires, dt.datetime)
    assert listed[1].expires is not None and listed[1].created is not None
    assert listed[1].expires - listed[1].created == dt.timedelta(days=30)
    shown = repr(listed)
    for key in (user.key, scoped):
        assert key not in shown
        assert key[:8] not in shown
        assert key_digest(key) not in shown
    assert [k.name for k in accounts.list_keys(registry, other.uid)] == ["first"]


def test_list_keys_shows_expired_keys_too(registry: Registry) -> None:
    user = new_user(registry)
    expire(registry, user.key)
    [info] = accounts.list_keys(registry, user.uid)
    assert info.expires is not None
    assert info.expires < dt.datetime.now(dt.UTC).replace(tzinfo=None)


# --- create_key -----------------------------------------------------------------------


def test_an_admin_may_create_a_key_that_never_expires(registry: Registry) -> None:
    key = accounts.create_key(registry, ADMIN_ID, "forever", None, address())
    assert KEY_RE.match(key)
    assert credentials_check(registry, key) == ADMIN_ID
    [info] = [k for k in accounts.list_keys(registry, ADMIN_ID) if k.name == "forever"]
    assert info.expires is None
    assert info.scope is None
    accounts.revoke_key(registry, ADMIN_ID, info.id)
    assert credentials_check(registry, key) is None


def test_an_admin_may_create_a_key_beyond_90_days(registry: Registry) -> None:
    admin = new_user(registry, admin=True)
    key = accounts.create_key(registry, admin.uid, "long", 365)
    assert credentials_check(registry, key) == admin.uid


def test_a_non_admin_needs_an_expiry(registry: Registry) -> None:
    user = new_user(registry)
    with pytest.raises(ValidationError) as caught:
        accounts.create_key(registry, user.uid, "forever", None)
    assert str(caught.value) == NO_EXPIRY
    assert len(accounts.list_keys(registry, user.uid)) == 1


def test_a_non_admin_may_create_keys_up_to_90_days(registry: Registry) -> None:
    user = new_user(registry)
    key = accounts.create_key(registry, user.uid, "quarter", 90)
    assert credentials_check(registry, key) == user.uid
    [info] = [k for k in accounts.list_keys(registry, user.uid) if k.name == "quarter"]
    assert info.expires is not None and info.created is not None
    assert info.expires - info.created == dt.timedelta(days=90)
    with pytest.raises(ValidationError) as caught:
        accounts.create_key(registry, user.uid, "too long", 91)
    assert str(caught.value) == TOO_LONG
    assert [k.name for k in accounts.list_keys(registry, user.uid)] == ["quarter", "first"]


def test_only_internal_users_create_keys(registry: Registry) -> None:
    portal = new_user(registry, groups=["base.group_portal"])
    with pytest.raises(AccessError) as caught:
        accounts.create_key(registry, portal.uid, "portal", 10)
    assert str(caught.value) == NOT_INTERNAL


def test_a_blank_name_becomes_api_key(registry: Registry) -> None:
    user = new_user(registry)
    accounts.create_key(registry, user.uid, "   ", 1)
    assert accounts.list_keys(registry, user.uid)[0].name == "API key"


# --- revoke_key -----------------------------------------------------------------------


def key_id(registry: Registry, user: User) -> int:
    [info] = [k for k in accounts.list_keys(registry, user.uid) if k.name == "first"]
    return info.id


def test_a_user_revokes_their_own_key(registry: Registry) -> None:
    user = new_user(registry)
    accounts.revoke_key(registry, user.uid, key_id(registry, user), address())
    assert accounts.list_keys(registry, user.uid) == []
    assert credentials_check(registry, user.key) is None
    refused(registry, user.login, user.key, address(), WRONG)


def test_a_non_admin_cannot_revoke_another_users_key(registry: Registry) -> None:
    user = new_user(registry)
    other = new_user(registry)
    with pytest.raises(AccessError) as caught:
        accounts.revoke_key(registry, user.uid, key_id(registry, other))
    assert str(caught.value) == CANNOT_REMOVE
    assert credentials_check(registry, other.key) == other.uid
    assert len(accounts.list_keys(registry, other.uid)) == 1


def test_revoking_a_key_that_does_not_exist_is_refused(registry: Registry) -> None:
    user = new_user(registry)
    gone = key_id(registry, user)
    accounts.revoke_key(registry, user.uid, gone)
    with pytest.raises(AccessError) as caught:
        accounts.revoke_key(registry, user.uid, gone)
    assert str(caught.value) == CANNOT_REMOVE


def test_the_page_revokes_only_ones_own_keys_even_for_an_admin(registry: Registry) -> None:
    # administrators revoke others' keys with JSON-2 `revoke` or the command line
    admin = new_user(registry, admin=True)
    other = new_user(registry)
    with pytest.raises(AccessError) as caught:
        accounts.revoke_key(registry, admin.uid, key_id(registry, other))
    assert str(caught.value) == CANNOT_REMOVE
    assert credentials_check(registry, other.key) == other.uid


# --- session_fingerprint --------------------------------------------------------------


def set_user(registry: Registry, uid: int, vals: dict[str, str]) -> None:
    def work(env: Environment) -> None:
        env["res.users"].browse([uid]).write(vals)

    with_superuser(registry, work)


def test_session_fingerprint_changes_with_the_password(registry: Registry) -> None:
    user = new_user(registry, password=True)
    first = accounts.session_fingerprint(registry, user.uid)
    assert isinstance(first, str) and re.match(r"^[0-9a-f]{32}$", first)
    assert accounts.session_fingerprint(registry, user.uid) == first
    assert accounts.session_fingerprint(registry, ADMIN_ID) not in (None, first)
    set_user(registry, user.uid, {"password": "another one"})
    second = accounts.session_fingerprint(registry, user.uid)
    assert second is not None and second != first
    set_user(registry, user.uid, {"login": f"renamed_{uuid.uuid4().hex[:8]}"})
    assert accounts.session_fingerprint(registry, user.uid) not in (None, first, second)
    for secret in (user.password, "another one"):
        assert secret not in str(accounts.session_fingerprint(registry, user.uid))


def test_session_fingerprint_is_none_for_archived_or_missing_users(registry: Registry) -> None:
    user = new_user(registry)
    archive(registry, user.uid)
    assert accounts.session_fingerprint(registry, user.uid) is None
    assert accounts.session_fingerprint(registry, 10**6) is None


# --- user_summary -----------------------------------------------------------------------


def test_user_summary_of_the_admin(registry: Registry) -> None:
    summary = accounts.user_summary(registry, ADMIN_ID)
    assert summary == accounts.UserSummary(ADMIN_ID, "admin", ADMIN_NAME, True, None)


def test_user_summary_of_users(registry: Registry) -> None:
    user = new_user(registry)
    summary = accounts.user_summary(registry, user.uid)
    assert (summary.uid, summary.login, summary.name) == (user.uid, user.login, user.login)
    assert summary.is_admin is False
    assert summary.max_key_days == 90.0
    admin = new_user(registry, admin=True)
    assert accounts.user_summary(registry, admin.uid).is_admin is True
    assert accounts.user_summary(registry, admin.uid).max_key_days is None
    portal = new_user(registry, groups=["base.group_portal"])
    assert accounts.user_summary(registry, portal.uid).is_admin is False
    assert accounts.user_summary(registry, portal.uid).max_key_days == 1.0


def test_a_removed_secret_is_replaced_not_guessed(registry: Registry) -> None:
    before = accounts.session_secret(registry)
    with_superuser(
        registry, lambda env: env["ir.config_parameter"].set_param("database.secret", False)
    )
    after = accounts.session_secret(registry)
    assert after not in (before, "False", "")
    assert len(after) == 64
    assert accounts.session_secret(registry) == after
