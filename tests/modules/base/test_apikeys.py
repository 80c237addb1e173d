"""res.users.apikeys as users see it (issue 4): ``generate`` and ``revoke`` over
JSON-2, the expiry and count limits, the programmatic-keys setting, the login
guard, which keys authenticate, and that no key ever reaches the log.

Every test runs on SQLite and on PostgreSQL. Tests make users of their own
(never the demo admin's keys), so the per-user key limit never leaks from one
test into another; settings a test changes are put back afterwards, and the
login guard's counters are cleared around every test.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import anyio
import httpx
import pytest

from jsontwo.exceptions import AccessDenied, AccessError, ValidationError
from jsontwo.orm import Environment, Registry
from jsontwo.service.databases import with_superuser
from tests.conftest import Api
from tests.http.test_json2 import assert_error, assert_ok, assert_unauthorized

KEY_RE = re.compile(r"^[0-9a-f]{40}$")
ACCESS_DENIED = "odoo.exceptions.AccessDenied"
ACCESS_ERROR = "odoo.exceptions.AccessError"
USER_ERROR = "odoo.exceptions.UserError"
VALIDATION_ERROR = "odoo.exceptions.ValidationError"
NOT_YOURS = "The provided API key is invalid or does not belong to the current user."
INVALID = "The provided API key is invalid."
TOO_MANY = "Too many login failures, please wait a bit before trying again."
NOT_ENABLED = "Programmatic API keys are not enabled"
CANNOT_REMOVE = "You can not remove API keys unless they're yours or you are a system user"
NO_EXPIRY = "The API key must have an expiration date"
IN_THE_PAST = "You cannot set an expiration date in the past."
TOO_LONG = "You cannot exceed 90.0 days."
ENABLE = "base.enable_programmatic_api_keys"
LIMIT = "base.programmatic_api_keys_limit"
COOLDOWN_AFTER = "base.login_cooldown_after"
COOLDOWN_DURATION = "base.login_cooldown_duration"
#: the address httpx's ASGITransport reports by default
DEFAULT_ADDR = "127.0.0.1"


def unique(prefix: str) -> str:
    """A name no other test uses (the database is shared by the module)."""
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


def day(offset: int) -> str:
    """The UTC date ``offset`` days from today, as ``YYYY-MM-DD``."""
    return (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=offset)).isoformat()


def garbage_key() -> str:
    """40 hex characters that are nobody's key."""
    return uuid.uuid4().hex + uuid.uuid4().hex[:8]


@dataclass(frozen=True)
class User:
    """A user made for one test, with its password ("" for none) and a first API key
    (30 days)."""

    uid: int
    login: str
    password: str
    key: str


def new_user(
    registry: Registry,
    admin: bool = False,
    groups: list[str] | None = None,
    password: bool = False,
) -> User:
    """A new user (an internal user, or an administrator) with a 30-day key.

    ``groups`` (external ids) replaces the default groups when given. The user
    gets a password only when asked: hashing one takes a third of a second.
    """
    login = unique("user")
    secret = f"pw-{uuid.uuid4().hex}" if password else ""

    def work(env: Environment) -> tuple[int, str]:
        data = env["ir.model.data"]
        vals: dict[str, Any] = {"login": login, "name": login, "password": secret or False}
        if groups is not None:
            vals["group_ids"] = [[6, 0, [data._xmlid_to_res_id(g) for g in groups]]]
        user = env["res.users"].create(vals)
        if admin:
            user.write({"group_ids": [[4, data._xmlid_to_res_id("base.group_system")]]})
        keys = env["res.users.apikeys"].with_user(user.id).sudo()
        return user.id, str(keys._generate(None, "first", env.now + dt.timedelta(days=30)))

    uid, key = with_superuser(registry, work)
    return User(uid, login, secret, key)


def key_rows(registry: Registry, uid: int) -> list[dict[str, Any]]:
    """The stored keys of user ``uid``, oldest first, read from the table itself (the
    index column need not be a field): expiry as ``YYYY-MM-DD HH:MM:SS`` or None."""

    def work(env: Environment) -> list[dict[str, Any]]:
        rows = env.cr.execute(
            'SELECT name, scope, expiration_date, "index" FROM "res_users_apikeys" '
            "WHERE user_id = %s ORDER BY id",
            [uid],
        )
        return [
            {
                "name": name,
                "scope": scope,
                "expiration_date": str(expiry)[:19] if expiry else None,
                "index": index,
            }
            for name, scope, expiry, index in rows
        ]

    return with_superuser(registry, work, defer_write_lock=True)


def expire(registry: Registry, key: str) -> None:
    """Make ``key`` expired a minute ago."""

    def work(env: Environment) -> None:
        past = env.now - dt.timedelta(minutes=1)
        rows = env.cr.execute('SELECT id FROM "res_users_apikeys" WHERE "index" = %s', [key[:8]])
        assert len(rows) == 1
        env["res.users.apikeys"].browse([rows[0][0]]).write({"expiration_date": past})

    with_superuser(registry, work)


def get_param(registry: Registry, key: str) -> Any:
    return with_superuser(
        registry, lambda env: env["ir.config_parameter"].get_param(key), defer_write_lock=True
    )


@pytest.fixture
def setting(registry: Registry) -> Iterator[Callable[[str, str | None], None]]:
    """Change a setting of the database for one test (None removes it); put back after."""
    saved: dict[str, Any] = {}

    def put(key: str, value: Any) -> Any:
        return with_superuser(
            registry, lambda env: env["ir.config_parameter"].set_param(key, value)
        )

    def change(key: str, value: str | None) -> None:
        saved.setdefault(key, put(key, value))

    yield change
    for key, old in saved.items():
        put(key, old)


def app_registry(api: Api) -> Registry:
    """The registry the in-process application serves the module's database with."""
    registry: Registry = api.app.databases.registry(api.db)
    return registry


@pytest.fixture(autouse=True)
def no_login_failures(api: Api, registry: Registry) -> Iterator[None]:
    """The login guard counts failures per process: start and end every test clean."""
    for reg in (registry, app_registry(api)):
        reg.caches.login_failures.clear()
    yield
    for reg in (registry, app_registry(api)):
        reg.caches.login_failures.clear()


def call(
    api: Api, method: str, body: dict[str, Any], key: str, addr: str = DEFAULT_ADDR
) -> httpx.Response:
    """POST /json/2/res.users.apikeys/<method> authenticated with ``key``, from ``addr``."""

    async def send() -> httpx.Response:
        transport = httpx.ASGITransport(app=api.app, client=(addr, 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.post(
                f"/json/2/res.users.apikeys/{method}",
                json=body,
                headers={"Authorization": f"bearer {key}", "X-Odoo-Database": api.db},
            )

    return anyio.run(send)


def generate(
    api: Api,
    user: User,
    key: str | None = None,
    expiration_date: str | None = "default",
    scope: str | None = None,
    name: str = "integration",
    addr: str = DEFAULT_ADDR,
) -> httpx.Response:
    """``generate`` as ``user`` presenting ``key`` (the user's own by default), with a
    30-day expiry unless told otherwise."""
    body = {
        "key": user.key if key is None else key,
        "scope": scope,
        "name": name,
        "expiration_date": day(30) if expiration_date == "default" else expiration_date,
    }
    return call(api, "generate", body, user.key, addr)


def revoke(api: Api, user: User, key: str, addr: str = DEFAULT_ADDR) -> httpx.Response:
    return call(api, "revoke", {"key": key}, user.key, addr)


def works(api: Api, key: str) -> bool:
    """Whether ``key`` authenticates a JSON-2 call (True), or gets 401 Invalid apikey."""
    response = api.call("res.partner", "search_count", {"domain": []}, key=key)
    if response.status_code == 401:
        assert_unauthorized(response, "Invalid apikey")
        return False
    assert isinstance(assert_ok(response), int)
    return True


def new_key(response: httpx.Response) -> str:
    key = assert_ok(response)
    assert isinstance(key, str)
    assert KEY_RE.match(key), key
    return key


# --- generate -----------------------------------------------------------------------


def test_generate_answers_a_new_key_that_works_at_once(api: Api, registry: Registry) -> None:
    user = new_user(registry)
    name = unique("service")
    key = new_key(generate(api, user, name=name, expiration_date=day(30)))
    assert key != user.key
    assert works(api, key)
    assert works(api, user.key)
    rows = key_rows(registry, user.uid)
    assert [row["name"] for row in rows] == ["first", name]
    assert rows[1]["scope"] is None
    assert rows[1]["index"] == key[:8]
    assert str(rows[1]["expiration_date"]).startswith(day(30))


def test_a_key_scoped_rpc_makes_only_rpc_keys(api: Api, registry: Registry) -> None:
    user = new_user(registry)
    scoped = new_key(generate(api, user, scope="rpc"))
    response = generate(api, user, key=scoped, scope=None)
    assert_error(response, 403, ACCESS_DENIED, NOT_YOURS)
    assert works(api, new_key(generate(api, user, key=scoped, scope="rpc")))


def test_generate_with_scope_rpc_makes_a_key_that_works(api: Api, registry: Registry) -> None:
    user = new_user(registry)
    key = new_key(generate(api, user, scope="rpc"))
    assert works(api, key)
    assert key_rows(registry, user.uid)[-1]["scope"] == "rpc"


def test_a_key_generated_for_another_scope_is_refused_on_json2(
    api: Api, registry: Registry
) -> None:
    user = new_user(registry)
    key = new_key(generate(api, user, scope="odoo.plugin.outlook"))
    assert not works(api, key)


def test_revoke_answers_true_and_the_key_is_refused_at_once(api: Api, registry: Registry) -> None:
    user = new_user(registry)
    spare = new_key(generate(api, user))
    assert revoke(api, user, user.key).json() is True  # the key in the header itself
    assert not works(api, user.key)
    assert works(api, spare)
    assert [row["index"] for row in key_rows(registry, user.uid)] == [spare[:8]]


def test_rotation_generate_with_the_old_key_revoke_it_with_the_new(
    api: Api, registry: Registry
) -> None:
    user = new_user(registry)
    fresh = new_key(generate(api, user))
    rotated = User(user.uid, user.login, user.password, fresh)
    assert assert_ok(revoke(api, rotated, user.key)) is True
    assert not works(api, user.key)
    assert works(api, fresh)
    # revoked keys are gone for generate and revoke too
    assert_error(generate(api, rotated, key=user.key), 403, ACCESS_DENIED, NOT_YOURS)
    assert_error(revoke(api, rotated, user.key), 403, ACCESS_DENIED, INVALID)


def other_users_key(registry: Registry, user: User) -> str:
    return new_user(registry).key


def own_expired_key(registry: Registry, user: User) -> str:
    def work(env: Environment) -> str:
        keys = env["res.users.apikeys"].with_user(user.uid).sudo()
        return str(keys._generate(None, "old", env.now + dt.timedelta(days=1)))

    key = with_superuser(registry, work)
    expire(registry, key)
    return key


def own_key_of_another_scope(registry: Registry, user: User) -> str:
    def work(env: Environment) -> str:
        keys = env["res.users.apikeys"].with_user(user.uid).sudo()
        return str(keys._generate("odoo.plugin.outlook", "outlook", None))

    return str(with_superuser(registry, work))


PRESENTED_KEYS: dict[str, Callable[[Registry, User], str]] = {
    "another user's key": other_users_key,
    "an unknown key": lambda registry, user: garbage_key(),
    "a key with a wrong end": lambda registry, user: user.key[:8] + "0" * 32,
    "not a key": lambda registry, user: "nope",
    "an empty key": lambda registry, user: "",
    "an expired key of the user": own_expired_key,
    "a key of the user for another scope": own_key_of_another_scope,
}


@pytest.mark.parametrize("case", list(PRESENTED_KEYS))
def test_generate_refuses_a_key_that_is_not_the_callers(
    api: Api, registry: Registry, case: str
) -> None:
    user = new_user(registry)
    presented = PRESENTED_KEYS[case](registry, user)
    before = key_rows(registry, user.uid)
    error = assert_error(generate(api, user, key=presented), 403, ACCESS_DENIED, NOT_YOURS)
    assert error["arguments"] == [NOT_YOURS]
    assert error["debug"] == ""
    assert key_rows(registry, user.uid) == before


def test_generate_refuses_the_key_of_another_user_even_for_an_admin(
    api: Api, registry: Registry
) -> None:
    admin = new_user(registry, admin=True)
    other = new_user(registry)
    assert_error(generate(api, admin, key=other.key), 403, ACCESS_DENIED, NOT_YOURS)
    assert len(key_rows(registry, other.uid)) == 1


# --- expiry -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expiration_date", "message"),
    [(None, NO_EXPIRY), (day(-1), IN_THE_PAST), (day(91), TOO_LONG), (day(365), TOO_LONG)],
)
def test_non_admins_need_an_expiry_within_90_days(
    api: Api, registry: Registry, expiration_date: str | None, message: str
) -> None:
    user = new_user(registry)
    error = assert_error(
        generate(api, user, expiration_date=expiration_date), 422, VALIDATION_ERROR, message
    )
    assert error["arguments"] == [message]
    assert len(key_rows(registry, user.uid)) == 1


def test_past_expiry_with_a_time_is_refused(api: Api, registry: Registry) -> None:
    user = new_user(registry)
    past = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)).strftime("%Y-%m-%d %H:%M:%S")
    assert_error(generate(api, user, expiration_date=past), 422, VALIDATION_ERROR, IN_THE_PAST)


def test_non_admins_may_create_keys_up_to_90_days(api: Api, registry: Registry) -> None:
    user = new_user(registry)
    for expiry in (day(1), day(90)):
        assert works(api, new_key(generate(api, user, expiration_date=expiry)))
    at_most = dt.datetime.now(dt.UTC) + dt.timedelta(days=90) - dt.timedelta(minutes=1)
    exact = at_most.strftime("%Y-%m-%d %H:%M:%S")
    assert works(api, new_key(generate(api, user, expiration_date=exact)))
    assert [row["expiration_date"] for row in key_rows(registry, user.uid)[1:]] == [
        f"{day(1)} 00:00:00",
        f"{day(90)} 00:00:00",
        exact,
    ]


def test_admins_may_create_keys_without_expiry_or_beyond_90_days(
    api: Api, registry: Registry
) -> None:
    admin = new_user(registry, admin=True)
    forever = new_key(generate(api, admin, expiration_date=None))
    long = new_key(generate(api, admin, expiration_date=day(365 * 3)))
    assert works(api, forever)
    assert works(api, long)
    rows = key_rows(registry, admin.uid)
    assert rows[1]["expiration_date"] is None
    assert str(rows[2]["expiration_date"]).startswith(day(365 * 3))


def test_a_users_own_group_duration_decides_the_maximum(api: Api, registry: Registry) -> None:
    """The maximum is the largest ``api_key_duration`` among the user's groups."""
    name = unique("long keys")

    def longer_group(env: Environment) -> None:
        env["res.groups"].create({"name": name, "api_key_duration": 180.0})

    with_superuser(registry, longer_group)
    user = new_user(registry)

    def join(env: Environment) -> None:
        group = env["res.groups"].search([["name", "=", name]])
        env["res.users"].browse([user.uid]).write({"group_ids": [[4, group.id]]})

    with_superuser(registry, join)
    assert works(api, new_key(generate(api, user, expiration_date=day(179))))
    assert_error(
        generate(api, user, expiration_date=day(181)),
        422,
        VALIDATION_ERROR,
        "You cannot exceed 180.0 days.",
    )


# --- how many keys ------------------------------------------------------------------


def limit_message(limit: int) -> str:
    return f"Limit of {limit} API keys is reached for programmatic creation"


def test_at_most_ten_unexpired_keys_per_user(api: Api, registry: Registry) -> None:
    assert get_param(registry, LIMIT) == "10"
    user = new_user(registry)
    made = [new_key(generate(api, user)) for _ in range(9)]
    assert len(key_rows(registry, user.uid)) == 10
    error = assert_error(generate(api, user), 422, USER_ERROR, limit_message(10))
    assert error["arguments"] == [limit_message(10)]
    assert len(key_rows(registry, user.uid)) == 10
    # expired keys do not count
    expire(registry, made[0])
    expire(registry, made[1])
    new_key(generate(api, user))
    new_key(generate(api, user))
    assert_error(generate(api, user), 422, USER_ERROR, limit_message(10))
    # another user is not limited by this one's keys
    assert works(api, new_key(generate(api, new_user(registry))))


def test_keys_without_expiry_count(api: Api, registry: Registry, setting: Any) -> None:
    setting(LIMIT, "3")
    admin = new_user(registry, admin=True)
    new_key(generate(api, admin, expiration_date=None))
    new_key(generate(api, admin, expiration_date=None))
    assert_error(generate(api, admin, expiration_date=None), 422, USER_ERROR, limit_message(3))


def test_a_lower_configured_limit_applies(api: Api, registry: Registry, setting: Any) -> None:
    setting(LIMIT, "2")
    user = new_user(registry)
    new_key(generate(api, user))
    assert_error(generate(api, user), 422, USER_ERROR, limit_message(2))
    setting(LIMIT, "4")
    new_key(generate(api, user))
    new_key(generate(api, user))
    assert_error(generate(api, user), 422, USER_ERROR, limit_message(4))


def test_the_limit_is_ten_when_the_setting_is_missing(
    api: Api, registry: Registry, setting: Any
) -> None:
    setting(LIMIT, None)
    user = new_user(registry)
    for _ in range(9):
        new_key(generate(api, user))
    assert_error(generate(api, user), 422, USER_ERROR, limit_message(10))


def test_reaching_the_limit_is_not_a_login_failure(
    api: Api, registry: Registry, setting: Any
) -> None:
    user = new_user(registry)
    spare = new_key(generate(api, user))
    setting(LIMIT, "1")
    for _ in range(7):
        assert_error(generate(api, user), 422, USER_ERROR, limit_message(1))
    assert assert_ok(revoke(api, user, spare)) is True


# --- revoke ---------------------------------------------------------------------------


def test_revoking_an_unknown_key_is_403(api: Api, registry: Registry) -> None:
    user = new_user(registry)
    for key in (garbage_key(), user.key[:8] + "f" * 32, "nope", ""):
        error = assert_error(revoke(api, user, key), 403, ACCESS_DENIED, INVALID)
        assert error["arguments"] == [INVALID]
    assert works(api, user.key)


def test_revoking_an_expired_key_is_403(api: Api, registry: Registry) -> None:
    user = new_user(registry)
    old = own_expired_key(registry, user)
    assert_error(revoke(api, user, old), 403, ACCESS_DENIED, INVALID)


def test_a_non_admin_cannot_revoke_another_users_key(api: Api, registry: Registry) -> None:
    user = new_user(registry)
    other = new_user(registry)
    error = assert_error(revoke(api, user, other.key), 403, ACCESS_ERROR, CANNOT_REMOVE)
    assert error["arguments"] == [CANNOT_REMOVE]
    assert works(api, other.key)
    assert len(key_rows(registry, other.uid)) == 1


def test_an_admin_may_revoke_anyones_key(api: Api, registry: Registry) -> None:
    admin = new_user(registry, admin=True)
    other = new_user(registry)
    assert assert_ok(revoke(api, admin, other.key)) is True
    assert not works(api, other.key)
    assert key_rows(registry, other.uid) == []
    assert works(api, admin.key)


# --- the programmatic-keys setting -------------------------------------------------


def test_new_databases_open_programmatic_keys_to_every_user(registry: Registry) -> None:
    assert get_param(registry, ENABLE) == "True"


@pytest.mark.parametrize("value", ["False", None])
def test_disabled_programmatic_keys_refuse_non_admins(
    api: Api, registry: Registry, setting: Any, value: str | None
) -> None:
    user = new_user(registry)
    spare = new_key(generate(api, user))
    setting(ENABLE, value)
    for response in (generate(api, user), revoke(api, user, spare)):
        error = assert_error(response, 422, USER_ERROR, NOT_ENABLED)
        assert error["arguments"] == [NOT_ENABLED]
    assert works(api, spare)
    assert len(key_rows(registry, user.uid)) == 2
    # an invalid key says the same: the setting is checked first
    assert_error(generate(api, user, key=garbage_key()), 422, USER_ERROR, NOT_ENABLED)
    assert_error(revoke(api, user, garbage_key()), 422, USER_ERROR, NOT_ENABLED)


def test_disabled_programmatic_keys_still_serve_admins(
    api: Api, registry: Registry, setting: Any
) -> None:
    setting(ENABLE, "False")
    admin = new_user(registry, admin=True)
    other = new_user(registry)
    key = new_key(generate(api, admin, expiration_date=None))
    assert works(api, key)
    assert assert_ok(revoke(api, admin, key)) is True
    assert assert_ok(revoke(api, admin, other.key)) is True
    assert not works(api, key)
    assert not works(api, other.key)


# --- the login guard --------------------------------------------------------------------


def fail(api: Api, user: User, times: int, addr: str = DEFAULT_ADDR) -> None:
    """``times`` refused attempts: generate and revoke with keys that are nobody's."""
    for attempt in range(times):
        if attempt % 2:
            assert_error(revoke(api, user, garbage_key(), addr), 403, ACCESS_DENIED, INVALID)
        else:
            response = generate(api, user, key=garbage_key(), addr=addr)
            assert_error(response, 403, ACCESS_DENIED, NOT_YOURS)


def test_five_failures_refuse_even_a_correct_key(api: Api, registry: Registry) -> None:
    user = new_user(registry)
    spare = new_key(generate(api, user))
    fail(api, user, 5)
    for response in (generate(api, user), revoke(api, user, spare)):
        error = assert_error(response, 403, ACCESS_DENIED, TOO_MANY)
        assert error["arguments"] == [TOO_MANY]
    assert len(key_rows(registry, user.uid)) == 2
    # the bearer check itself is not guarded: plain calls still work
    assert works(api, user.key)
    assert works(api, spare)


def test_four_failures_are_not_enough(api: Api, registry: Registry) -> None:
    user = new_user(registry)
    fail(api, user, 4)
    assert works(api, new_key(generate(api, user)))


def test_the_guard_counts_by_address(api: Api, registry: Registry) -> None:
    user = new_user(registry)
    fail(api, user, 5, addr="10.0.0.1")
    assert_error(generate(api, user, addr="10.0.0.1"), 403, ACCESS_DENIED, TOO_MANY)
    assert works(api, new_key(generate(api, user, addr="10.0.0.2")))
    assert works(api, new_key(generate(api, user)))
    # another user from the cooling address is refused too: it counts addresses
    other = new_user(registry)
    assert_error(generate(api, other, addr="10.0.0.1"), 403, ACCESS_DENIED, TOO_MANY)


def test_a_success_resets_the_count(api: Api, registry: Registry) -> None:
    user = new_user(registry)
    fail(api, user, 4)
    new_key(generate(api, user))
    fail(api, user, 4)
    assert works(api, new_key(generate(api, user)))
    fail(api, user, 4)
    spare = new_key(generate(api, user))
    fail(api, user, 4)
    assert assert_ok(revoke(api, user, spare)) is True


def test_cooldown_after_zero_disables_the_guard(api: Api, registry: Registry, setting: Any) -> None:
    setting(COOLDOWN_AFTER, "0")
    user = new_user(registry)
    fail(api, user, 8)
    assert works(api, new_key(generate(api, user)))


def test_a_lower_cooldown_after_applies(api: Api, registry: Registry, setting: Any) -> None:
    setting(COOLDOWN_AFTER, "2")
    user = new_user(registry)
    fail(api, user, 2)
    assert_error(generate(api, user), 403, ACCESS_DENIED, TOO_MANY)


def test_the_guard_defaults_to_five_failures_when_unset(
    api: Api, registry: Registry, setting: Any
) -> None:
    assert (get_param(registry, COOLDOWN_AFTER), get_param(registry, COOLDOWN_DURATION)) == (
        "5",
        "60",
    )
    setting(COOLDOWN_AFTER, None)
    setting(COOLDOWN_DURATION, None)
    user = new_user(registry)
    fail(api, user, 4)
    spare = new_key(generate(api, user))
    fail(api, user, 5)
    assert_error(revoke(api, user, spare), 403, ACCESS_DENIED, TOO_MANY)


def test_the_cooldown_lasts_sixty_seconds_after_the_last_failure(
    api: Api, registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The default cooldown: refused until 60 s have passed since the fifth failure,
    served from then on (the server's clock is one the test moves by hand)."""
    now = server_clock(api, monkeypatch)
    user = new_user(registry)
    fail(api, user, 5, addr="10.6.6.6")
    now[0] += 59.9
    assert_error(generate(api, user, addr="10.6.6.6"), 403, ACCESS_DENIED, TOO_MANY)
    now[0] += 0.1
    assert works(api, new_key(generate(api, user, addr="10.6.6.6")))


def test_the_cooldown_duration_setting_applies(
    api: Api, registry: Registry, setting: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``base.login_cooldown_duration`` shortens the cooldown (here to 5 s)."""
    setting(COOLDOWN_DURATION, "5")
    now = server_clock(api, monkeypatch)
    user = new_user(registry)
    fail(api, user, 5, addr="10.6.6.7")
    now[0] += 4.9
    assert_error(generate(api, user, addr="10.6.6.7"), 403, ACCESS_DENIED, TOO_MANY)
    now[0] += 0.1
    assert works(api, new_key(generate(api, user, addr="10.6.6.7")))


def server_clock(api: Api, monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The login guard's clock of the application ``api`` calls, set by hand: the
    time is the list's one item, in seconds."""
    now = [1000.0]
    monkeypatch.setattr(api.app.databases.registry(api.db).caches, "clock", lambda: now[0])
    return now


def test_only_access_denied_counts_as_a_failure(api: Api, registry: Registry) -> None:
    """Wrong expiries, refused revokes of others' keys and wrong bearer keys are no
    login failures."""
    user = new_user(registry)
    other = new_user(registry)
    for _ in range(3):
        assert_error(generate(api, user, expiration_date=None), 422, VALIDATION_ERROR, NO_EXPIRY)
        assert_error(revoke(api, user, other.key), 403, ACCESS_ERROR, CANNOT_REMOVE)
        response = call(api, "generate", {"key": user.key}, garbage_key())
        assert_unauthorized(response, "Invalid apikey")
    assert works(api, new_key(generate(api, user)))


# --- which keys authenticate JSON-2 (beyond tests/http/test_json2.py) -----------------


def test_a_revoked_key_is_refused_everywhere(api: Api, registry: Registry) -> None:
    admin = new_user(registry, admin=True)
    user = new_user(registry)
    assert assert_ok(revoke(api, admin, user.key)) is True
    assert_unauthorized(generate(api, user), "Invalid apikey")
    assert_unauthorized(revoke(api, user, user.key), "Invalid apikey")


def test_the_keys_of_an_archived_user_cannot_generate(api: Api, registry: Registry) -> None:
    user = new_user(registry)

    def archive(env: Environment) -> None:
        env["res.users"].browse([user.uid]).write({"active": False})

    with_superuser(registry, archive)
    assert_unauthorized(generate(api, user), "Invalid apikey")
    # an admin may still clean up the archived user's key
    admin = new_user(registry, admin=True)
    assert assert_ok(revoke(api, admin, user.key)) is True


# --- nothing logs a key or a password -----------------------------------------------


def test_no_key_or_password_in_the_logs(
    api: Api, registry: Registry, caplog: pytest.LogCaptureFixture
) -> None:
    from jsontwo.service import accounts

    user = new_user(registry, password=True)
    other = new_user(registry)
    unknown = garbage_key()
    with caplog.at_level(logging.DEBUG):
        made = new_key(generate(api, user, scope="rpc"))
        generate(api, user, key=unknown)
        generate(api, user, key=other.key)
        generate(api, user, expiration_date=None)
        revoke(api, user, unknown)
        revoke(api, user, other.key)
        assert assert_ok(revoke(api, user, made)) is True
        assert accounts.authenticate(registry, user.login, user.password, "10.1.1.1") == user.uid
        with pytest.raises(AccessDenied):
            accounts.authenticate(registry, user.login, user.password + "x", "10.1.1.1")
        fail(api, user, 5)
        assert_error(generate(api, user), 403, ACCESS_DENIED, TOO_MANY)
    assert any("generated" in r.getMessage() for r in caplog.records)
    assert any("removed" in r.getMessage() for r in caplog.records)
    logged = caplog.text + "".join(
        f"{r.getMessage()} {r.args!r} {r.exc_text or ''}" for r in caplog.records
    )
    for secret in (made, user.key, other.key, unknown, user.password):
        assert secret not in logged
    for key in (made, user.key, other.key, unknown):
        assert key[:8] not in logged


# --- direct calls on the model -----------------------------


def as_user(registry: Registry, uid: int, work: Callable[[Any], Any], addr: str) -> Any:
    """Run ``work(apikeys)`` on res.users.apikeys as user ``uid`` (not sudo), from ``addr``."""

    def run(env: Environment) -> Any:
        env.transaction.remote_addr = addr
        return work(env(uid=uid, su=False)["res.users.apikeys"])

    return with_superuser(registry, run)


def test_model_methods_called_directly(registry: Registry) -> None:
    user = new_user(registry)
    other = new_user(registry)
    addr = "10.2.2.2"
    key = as_user(registry, user.uid, lambda k: k.generate(user.key, "rpc", "direct", day(5)), addr)
    assert KEY_RE.match(key)
    assert as_user(registry, user.uid, lambda k: k._check_credentials("rpc", key), addr) == (
        user.uid
    )
    with pytest.raises(ValidationError, match=re.escape(TOO_LONG)):
        as_user(registry, user.uid, lambda k: k.generate(user.key, None, "x", day(100)), addr)
    with pytest.raises(AccessDenied, match=re.escape(NOT_YOURS)):
        as_user(registry, user.uid, lambda k: k.generate(garbage_key(), None, "x", day(5)), addr)
    with pytest.raises(AccessError, match=re.escape(CANNOT_REMOVE)):
        as_user(registry, user.uid, lambda k: k.revoke(other.key), addr)
    assert as_user(registry, user.uid, lambda k: k.revoke(key), addr) is True
    assert as_user(registry, user.uid, lambda k: k._check_credentials("rpc", key), addr) is None
    with pytest.raises(AccessDenied, match=re.escape(INVALID)):
        as_user(registry, user.uid, lambda k: k.revoke(key), addr)
    # failures count in this registry's guard, by address; the successful revoke
    # reset the count, so only the last failure is left
    assert registry.caches.login_failures[addr][0] == 1


def test_check_credentials_matches_scope_expiry_and_activity(registry: Registry) -> None:
    user = new_user(registry)
    scoped = own_key_of_another_scope(registry, user)
    expired = own_expired_key(registry, user)

    def check(scope: str, key: str) -> int | None:
        return with_superuser(
            registry, lambda env: env["res.users.apikeys"]._check_credentials(scope, key)
        )

    assert check("rpc", user.key) == user.uid
    assert check("odoo.plugin.outlook", user.key) == user.uid  # a global key serves any scope
    assert check("rpc", scoped) is None
    assert check("odoo.plugin.outlook", scoped) == user.uid
    assert check("rpc", expired) is None
    assert check("rpc", user.key.upper()) is None
    assert check("rpc", user.key + " ") is None
