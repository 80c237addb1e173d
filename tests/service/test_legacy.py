"""The legacy services (``common``, ``db``, ``object``) behind ``/xmlrpc`` and ``/jsonrpc``,
called in-process: Odoo's argument binding, authentication and its password
cache, errors and transactions. Every test runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

import pytest

from jsontwo.exceptions import AccessDenied, AccessError, UserError, ValidationError
from jsontwo.orm import Environment, Registry
from jsontwo.service import Databases, LegacyCall, Storage, dispatch_rpc
from jsontwo.service.apikeys import create_api_key, revoke_api_keys_named
from jsontwo.service.databases import with_superuser

ADMIN = 2


@pytest.fixture(scope="module")
def databases(storage: Storage, registry: Registry) -> Databases:
    """The databases as a server process sees them."""
    return Databases(storage)


def rpc(
    databases: Databases, service: str, method: str, *params: Any, remote_addr: str | None = None
) -> Any:
    """One legacy call, as a transport hands it over; from an address of its own
    unless told (the login guard counts failures by address)."""
    address = remote_addr or f"test-{uuid.uuid4().hex}"
    return dispatch_rpc(databases, LegacyCall(service, method, list(params), address))


def kw(
    databases: Databases,
    registry: Registry,
    model: str,
    method: str,
    args: list[Any],
    kwargs: dict[str, Any] | None = None,
    uid: int = ADMIN,
    password: str = "admin",
) -> Any:
    """``object.execute_kw`` as the demo admin (or ``uid``/``password``)."""
    params: list[Any] = [registry.database.name, uid, password, model, method, args]
    if kwargs is not None:
        params.append(kwargs)
    return rpc(databases, "object", "execute_kw", *params)


def unique(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:8]}"


def new_user(registry: Registry, password: str) -> tuple[int, str]:
    """A new internal user with ``password``; returns its id and login."""
    login = unique("legacy").replace(" ", "-")

    def work(env: Environment) -> int:
        return int(
            env["res.users"].create({"name": login, "login": login, "password": password}).id
        )

    return with_superuser(registry, work), login


def set_user(registry: Registry, uid: int, vals: dict[str, Any]) -> None:
    with_superuser(registry, lambda env: env["res.users"].browse([uid]).write(vals))


# --- common ------------------------------------------------------------------


def test_version_and_the_other_common_methods(databases: Databases) -> None:
    assert rpc(databases, "common", "version") == {
        "server_version": "19.0",
        "server_version_info": [19, 0, 0, "final", 0, ""],
        "server_serie": "19.0",
        "protocol_version": 1,
    }
    assert rpc(databases, "common", "about") == "See http://openerp.com"
    assert rpc(databases, "common", "about", True) == ["See http://openerp.com", "19.0"]
    assert rpc(databases, "common", "set_loglevel", "debug") is True
    with pytest.raises(Exception, match=r"^Method not found: nope$") as caught:
        rpc(databases, "common", "nope")
    assert type(caught.value) is Exception


def test_login_and_authenticate(databases: Databases, registry: Registry) -> None:
    db = registry.database.name
    assert rpc(databases, "common", "login", db, "admin", "admin") == ADMIN
    assert rpc(databases, "common", "authenticate", db, "admin", "admin", {}) == ADMIN
    # failures are False, never an error
    assert rpc(databases, "common", "login", db, "admin", "wrong") is False
    assert rpc(databases, "common", "authenticate", db, "nobody", "admin", {}) is False
    assert rpc(databases, "common", "login", db, "admin", "") is False
    assert rpc(databases, "common", "login", db, "admin", 42) is False


def test_an_api_key_stands_in_for_the_password(databases: Databases, registry: Registry) -> None:
    db = registry.database.name
    key = create_api_key(registry, "admin", "legacy key")
    scoped = create_api_key(registry, "admin", "legacy rpc key", scope="rpc")
    assert rpc(databases, "common", "authenticate", db, "admin", key, {}) == ADMIN
    assert rpc(databases, "common", "login", db, "admin", scoped) == ADMIN
    assert rpc(databases, "common", "login", db, "demo", key) is False  # someone else's key
    assert kw(databases, registry, "res.users", "context_get", [], password=key)["uid"] == ADMIN
    assert kw(databases, registry, "res.partner", "search_count", [[]], password=scoped) > 0
    revoke_api_keys_named(registry, "admin", "legacy key")
    assert rpc(databases, "common", "login", db, "admin", key) is False
    with pytest.raises(AccessDenied):
        kw(databases, registry, "res.partner", "search_count", [[]], password=key)


# --- object: binding ---------------------------------------------------------


def test_positional_arguments_are_bound_as_odoo_binds_them(
    databases: Databases, registry: Registry
) -> None:
    name = unique("Legacy Binding")
    # create(vals) answers an int for one dict, a list for a list of dicts
    pid = kw(databases, registry, "res.partner", "create", [{"name": name, "is_company": True}])
    assert isinstance(pid, int) and not isinstance(pid, bool)
    pair = kw(
        databases,
        registry,
        "res.partner",
        "create",
        [[{"name": f"{name} a"}, {"name": f"{name} b"}]],
    )
    assert isinstance(pair, list) and len(pair) == 2
    # search(domain, offset, limit, order)
    domain = [["name", "like", name]]
    assert kw(databases, registry, "res.partner", "search", [domain, 0, 2, "id desc"]) == [
        pair[1],
        pair[0],
    ]
    assert kw(databases, registry, "res.partner", "search", [domain, 1, 1, "id"]) == [pair[0]]
    # False for offset, limit and order, as odoo-client-lib sends them
    everything = kw(databases, registry, "res.partner", "search", [domain, False, False, False])
    assert sorted(everything) == sorted([pid, *pair])
    # search_read(domain, fields, offset, limit, order)
    rows = kw(databases, registry, "res.partner", "search_read", [domain, ["name"], 0, 1, "id"])
    assert rows == [{"id": pid, "name": name}]
    # read(ids, fields) on a non-model method: the ids come first
    assert kw(databases, registry, "res.partner", "read", [[pid], ["is_company"]]) == [
        {"id": pid, "is_company": True}
    ]
    assert kw(databases, registry, "res.partner", "read", [pid, ["is_company"]]) == [
        {"id": pid, "is_company": True}
    ]
    # write(ids, vals)
    assert (
        kw(databases, registry, "res.partner", "write", [[pid], {"email": "l@example.com"}]) is True
    )
    # search_count(domain, limit)
    assert kw(databases, registry, "res.partner", "search_count", [domain]) == 3
    assert kw(databases, registry, "res.partner", "search_count", [domain, 2]) == 2
    # fields_get(allfields, attributes)
    assert kw(databases, registry, "res.partner", "fields_get", [["email"], ["type"]]) == {
        "email": {"type": "char"}
    }
    # name_search(name, domain, operator, limit)
    found = kw(databases, registry, "res.partner", "name_search", [name, [], "ilike", 2])
    assert [label for _id, label in found] == [name, f"{name} a"]
    # unlink(ids)
    assert kw(databases, registry, "res.partner", "unlink", [[pid, *pair]]) is True
    assert kw(databases, registry, "res.partner", "search", [domain]) == []


def test_keyword_arguments_and_the_context(databases: Databases, registry: Registry) -> None:
    name = unique("Legacy Keywords")
    pid = kw(databases, registry, "res.partner", "create", [], {"vals_list": {"name": name}})
    assert isinstance(pid, int)
    rows = kw(
        databases,
        registry,
        "res.partner",
        "search_read",
        [],
        {"domain": [["id", "=", pid]], "fields": ["name"], "limit": False, "order": False},
    )
    assert rows == [{"id": pid, "name": name}]
    kw(databases, registry, "res.partner", "write", [[pid], {"active": False}])
    domain = [["id", "=", pid]]
    assert kw(databases, registry, "res.partner", "search", [domain]) == []
    # the context comes from kwargs["context"], and is the whole context
    found = kw(
        databases, registry, "res.partner", "search", [domain], {"context": {"active_test": False}}
    )
    assert found == [pid]
    assert kw(databases, registry, "res.partner", "search", [domain], {"context": None}) == []
    with pytest.raises(UserError, match="Invalid language code: xx_XX"):
        kw(databases, registry, "res.partner", "search", [domain], {"context": {"lang": "xx_XX"}})


def test_execute_takes_positional_arguments_only(databases: Databases, registry: Registry) -> None:
    db = registry.database.name
    context = rpc(databases, "object", "execute", db, ADMIN, "admin", "res.users", "context_get")
    assert context["uid"] == ADMIN and context["lang"] == "en_US"
    ids = rpc(databases, "object", "execute", db, ADMIN, "admin", "ir.model", "search", [])
    assert isinstance(ids, list) and ids
    # with a trailing {} (an empty offset), as Odoo's own test calls it
    assert (
        rpc(databases, "object", "execute", db, ADMIN, "admin", "ir.model", "search", [], {}) == ids
    )
    found = rpc(
        databases, "object", "execute", db, ADMIN, "admin", "res.partner", "name_search", "Acme"
    )
    assert found[0][1] == "Acme Corporation"


def test_arguments_that_do_not_fit_fail_as_python_does(
    databases: Databases, registry: Registry
) -> None:
    db = registry.database.name
    with pytest.raises(IndexError):  # a record method with no ids at all
        kw(databases, registry, "res.partner", "read", [])
    with pytest.raises(TypeError, match="unexpected keyword argument 'nope'"):
        kw(databases, registry, "res.partner", "search", [[]], {"nope": 1})
    with pytest.raises(TypeError):
        kw(databases, registry, "res.partner", "search_count", [[], 1, 2, 3])
    with pytest.raises(ValueError, match="Invalid record ids"):
        kw(databases, registry, "res.partner", "read", [{"id": 1}])
    with pytest.raises(ValueError, match='invalid input syntax for type integer: "abc"'):
        kw(databases, registry, "res.partner", "read", ["abc"])
    with pytest.raises(ValueError, match="not enough values to unpack"):
        rpc(databases, "object", "execute_kw", db, ADMIN, "admin")
    with pytest.raises(NameError, match="Method not available nope"):
        rpc(databases, "object", "nope", db, ADMIN, "admin", "res.partner", "search", [])


# --- object: errors ----------------------------------------------------------


def test_unknown_models_methods_and_private_methods(
    databases: Databases, registry: Registry
) -> None:
    with pytest.raises(UserError, match=r"^Object res\.nope doesn't exist$"):
        kw(databases, registry, "res.nope", "search", [[]])
    with pytest.raises(AttributeError, match=r"^The method 'res.partner.nope' does not exist$"):
        kw(databases, registry, "res.partner", "nope", [[]])
    with pytest.raises(AccessError, match=r"Private methods \(such as 'res.partner._nope'\)"):
        kw(databases, registry, "res.partner", "_nope", [[]])
    with pytest.raises(AccessError, match="Private methods"):
        kw(databases, registry, "res.partner", "sudo", [[]])  # @api.private
    # the model class's own class (``type``) offers no methods either
    with pytest.raises(AttributeError, match=r"^The method 'res.partner.mro' does not exist$"):
        kw(databases, registry, "res.partner", "mro", [[]])


def test_bad_credentials_are_access_denied_before_anything_else(
    databases: Databases, registry: Registry
) -> None:
    for uid, password in [(ADMIN, "wrong"), (ADMIN, ""), (999999, "admin"), (1, "admin")]:
        with pytest.raises(AccessDenied) as caught:
            kw(databases, registry, "res.nope", "search", [[]], uid=uid, password=password)
        assert str(caught.value) == "Access Denied"
    with pytest.raises(AccessDenied):
        kw(databases, registry, "res.partner", "search", [[]], password=None)  # type: ignore[arg-type]


def test_a_secret_only_opens_its_own_users_account(
    databases: Databases, registry: Registry
) -> None:
    """One user's password, remembered or not, or API key never signs in as another
    uid; and a uid no record can have is an unknown user on both databases (SQLite
    cannot even bind it)."""
    password = f"mine-{uuid.uuid4().hex}"
    uid, _login = new_user(registry, password)
    assert kw(databases, registry, "res.users", "context_get", [], uid=uid, password=password)
    key = create_api_key(registry, "admin", "not for others", scope="rpc")
    for other, secret in [(ADMIN, password), (uid, key), (uid, "admin"), (uid + 1, password)]:
        with pytest.raises(AccessDenied, match=r"^Access Denied$"):
            kw(databases, registry, "res.users", "context_get", [], uid=other, password=secret)
    for impossible in (2**63, 2**70, -(2**70), 0, -1):
        with pytest.raises(AccessDenied, match=r"^Access Denied$"):
            kw(
                databases,
                registry,
                "res.users",
                "context_get",
                [],
                uid=impossible,
                password="admin",
            )


def test_access_rights_apply_to_the_calling_user(databases: Databases, registry: Registry) -> None:
    demo = rpc(databases, "common", "login", registry.database.name, "demo", "demo")
    assert isinstance(demo, int) and demo != ADMIN
    with pytest.raises(AccessError):
        kw(databases, registry, "ir.config_parameter", "search", [[]], uid=demo, password="demo")
    assert kw(databases, registry, "res.partner", "search_count", [[]], uid=demo, password="demo")


def test_a_failed_call_leaves_nothing_behind(databases: Databases, registry: Registry) -> None:
    name = unique("Legacy Rollback")
    with pytest.raises(ValueError):
        kw(databases, registry, "res.partner", "create", [[{"name": name}, {"nope": 1}]])
    assert kw(databases, registry, "res.partner", "search", [[["name", "=", name]]]) == []


def test_a_unique_violation_is_a_validation_error(databases: Databases, registry: Registry) -> None:
    login = unique("dup").replace(" ", "-")
    kw(databases, registry, "res.users", "create", [{"name": login, "login": login}])
    with pytest.raises(ValidationError, match="The operation cannot be completed"):
        kw(databases, registry, "res.users", "create", [{"name": login, "login": login}])


def test_the_answer_is_serialised_inside_the_transaction(
    databases: Databases, registry: Registry
) -> None:
    name = unique("Legacy Unsendable")
    db = registry.database.name

    def refuse(_result: Any) -> Any:
        raise TypeError("cannot send this")

    call = LegacyCall(
        "object", "execute_kw", [db, ADMIN, "admin", "res.partner", "create", [{"name": name}]]
    )
    with pytest.raises(TypeError, match="cannot send this"):
        dispatch_rpc(databases, call, refuse)
    assert kw(databases, registry, "res.partner", "search", [[["name", "=", name]]]) == []


# --- object: the password cache ----------------------------------------------


def test_a_verified_password_is_remembered_by_digest_only(
    databases: Databases, registry: Registry
) -> None:
    password = f"secret-{uuid.uuid4().hex}"
    uid, _login = new_user(registry, password)
    assert kw(databases, registry, "res.users", "context_get", [], uid=uid, password=password)
    cache = databases.registry(registry.database.name).caches.verified_passwords
    digest = hashlib.sha256(password.encode()).digest()
    assert (uid, digest) in cache
    assert cache[(uid, digest)].startswith("$argon2")  # the stored hash, to compare with
    assert all(password not in repr(entry) for entry in cache.items())
    # a wrong password is never remembered
    with pytest.raises(AccessDenied):
        kw(databases, registry, "res.users", "context_get", [], uid=uid, password="wrong")
    assert (uid, hashlib.sha256(b"wrong").digest()) not in cache


def test_a_login_remembers_the_password_for_the_calls_after_it(
    databases: Databases, registry: Registry
) -> None:
    password = f"login-{uuid.uuid4().hex}"
    uid, login = new_user(registry, password)
    cache = databases.registry(registry.database.name).caches.verified_passwords
    key = (uid, hashlib.sha256(password.encode()).digest())
    assert key not in cache
    assert rpc(databases, "common", "login", registry.database.name, login, password) == uid
    assert key in cache
    assert rpc(databases, "common", "login", registry.database.name, login, password) == uid
    assert rpc(databases, "common", "login", registry.database.name, login, "wrong") is False


def test_a_changed_password_stops_working_at_the_next_call(
    databases: Databases, registry: Registry
) -> None:
    uid, _login = new_user(registry, "first password")

    def count_with(password: str) -> Any:
        return kw(
            databases, registry, "res.partner", "search_count", [[]], uid=uid, password=password
        )

    for _ in range(2):  # verified, then remembered
        count_with("first password")
    set_user(registry, uid, {"password": "second password"})
    with pytest.raises(AccessDenied):
        count_with("first password")
    assert count_with("second password")
    # changing it back to the first one stores a new hash: the old pair is not revived,
    # the password is verified again and works
    set_user(registry, uid, {"password": "first password"})
    assert count_with("first password")


def test_an_archived_user_is_refused_at_the_next_call(
    databases: Databases, registry: Registry
) -> None:
    uid, login = new_user(registry, "archived soon")
    key = create_api_key(registry, login, "to be archived")
    for secret in ("archived soon", key):
        kw(databases, registry, "res.partner", "search_count", [[]], uid=uid, password=secret)
    set_user(registry, uid, {"active": False})
    for secret in ("archived soon", key):
        with pytest.raises(AccessDenied):
            kw(databases, registry, "res.partner", "search_count", [[]], uid=uid, password=secret)
        assert rpc(databases, "common", "login", registry.database.name, login, secret) is False
    set_user(registry, uid, {"active": True})
    assert kw(
        databases, registry, "res.partner", "search_count", [[]], uid=uid, password="archived soon"
    )


def test_failures_count_toward_the_login_guard(databases: Databases, registry: Registry) -> None:
    password = f"guarded-{uuid.uuid4().hex}"
    uid, login = new_user(registry, password)
    db, address = registry.database.name, f"guard-{uuid.uuid4().hex}"
    for _ in range(5):  # base.login_cooldown_after: 5 by default
        with pytest.raises(AccessDenied, match=r"^Access Denied$"):
            call = [db, uid, "wrong", "res.users", "context_get"]
            rpc(databases, "object", "execute", *call, remote_addr=address)
    with pytest.raises(AccessDenied, match="Too many login failures"):
        call = [db, uid, password, "res.users", "context_get"]
        rpc(databases, "object", "execute", *call, remote_addr=address)
    assert rpc(databases, "common", "login", db, login, password, remote_addr=address) is False
    # another address is not cooling down
    assert rpc(databases, "common", "login", db, login, password) == uid


# --- db ----------------------------------------------------------------------


def test_db_service(databases: Databases, registry: Registry) -> None:
    db = registry.database.name
    assert db in rpc(databases, "db", "list")
    assert rpc(databases, "db", "list") == sorted(rpc(databases, "db", "list"))
    assert rpc(databases, "db", "db_exist", db) is True
    assert rpc(databases, "db", "db_exist", f"{db}_nope") is False
    assert rpc(databases, "db", "server_version") == "19.0"
    languages = rpc(databases, "db", "list_lang")
    assert ["en_US", "English (US)"] in languages
    assert [name for _code, name in languages] == sorted(name for _code, name in languages)
    # what needs the master password is refused: none is set here
    master: list[tuple[str, list[Any]]] = [
        ("drop", ["admin", db]),
        ("create_database", ["admin", "x", False, "en_US"]),
    ]
    for method, params in master:
        with pytest.raises(AccessDenied):
            rpc(databases, "db", method, *params)
    assert rpc(databases, "db", "db_exist", db) is True
    with pytest.raises(KeyError, match="Method not found: nope"):
        rpc(databases, "db", "nope")


def test_unknown_service_and_database(databases: Databases, registry: Registry) -> None:
    with pytest.raises(KeyError):
        rpc(databases, "nope", "version")
    with pytest.raises(Exception, match="does not exist"):
        rpc(databases, "common", "login", f"{registry.database.name}_nope", "admin", "admin")
