"""JSON-2 on the wire: authentication, routing, bodies, errors, results, transactions, logs.

Every test runs on SQLite and on PostgreSQL (through the ``api`` fixture), except
the database-selection tests, which need a data directory of their own.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from jsontwo.db import SqliteStorage, Storage
from jsontwo.http import ServerConfig, create_app
from jsontwo.orm import Environment, Registry
from jsontwo.service import create_database
from jsontwo.service.apikeys import create_api_key
from jsontwo.service.databases import with_superuser
from tests.conftest import Api, server_config

JSON = "application/json; charset=utf-8"
ERROR_KEYS = ["name", "message", "arguments", "context", "debug"]
MISSING_AUTH = "User not authenticated, use an API Key with a Bearer Authorization header."
DID_YOU_MEAN = "Did you mean POST /json/2/<model>/<method>?"
DATETIME_RE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")


def unique(prefix: str) -> str:
    """A name no other test uses, so tests never depend on each other's records."""
    return f"{prefix} {uuid.uuid4().hex[:8]}"


def assert_error(
    response: httpx.Response, status: int, name: str, message: str | None = None
) -> dict[str, Any]:
    """The response is the JSON error object ``name`` with ``status`` (and ``message``)."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == JSON
    error = response.json()
    assert list(error) == ERROR_KEYS
    assert error["name"] == name
    assert error["context"] == {}
    if message is not None:
        assert error["message"] == message
    return dict(error)


def assert_ok(response: httpx.Response) -> Any:
    """The response is a 200 JSON answer; return its value."""
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == JSON
    assert response.headers["x-content-type-options"] == "nosniff"
    return response.json()


def post(
    api: Api,
    path: str,
    content: bytes | None = None,
    headers: dict[str, str] | None = None,
    auth: bool = True,
) -> httpx.Response:
    """A raw POST: exact body bytes and headers, optionally without the admin's key."""
    sent = {"X-Odoo-Database": api.db, "Content-Type": "application/json"}
    if auth:
        sent["Authorization"] = f"bearer {api.key}"
    sent.update(headers or {})
    return api.request("POST", path, content=content, headers=sent)


def partner_ids(api: Api, domain: list[Any]) -> list[int]:
    ids = assert_ok(api.call("res.partner", "search", {"domain": domain}))
    assert isinstance(ids, list)
    return ids


def new_partner(api: Api, **vals: Any) -> int:
    ids = assert_ok(api.call("res.partner", "create", {"vals_list": [vals]}))
    assert len(ids) == 1
    return int(ids[0])


# --- authentication -----------------------------------------------------------


def assert_unauthorized(response: httpx.Response, message: str) -> None:
    assert_error(response, 401, "werkzeug.exceptions.Unauthorized", message)
    assert response.json()["arguments"] == [message, 401]
    assert response.headers["www-authenticate"].strip().lower() == "bearer"


def test_missing_authorization_is_401(api: Api) -> None:
    response = post(api, "/json/2/res.partner/search_count", b'{"domain": []}', auth=False)
    assert_unauthorized(response, MISSING_AUTH)


@pytest.mark.parametrize("value", ["Basic YWRtaW46YWRtaW4=", "just-a-token", "bearer", "bearer "])
def test_other_schemes_count_as_no_key(api: Api, value: str) -> None:
    response = post(
        api, "/json/2/res.partner/search_count", b'{"domain": []}', {"Authorization": value}
    )
    assert_unauthorized(response, MISSING_AUTH)


@pytest.mark.parametrize("scheme", ["bearer", "Bearer", "BEARER", "bEaReR"])
def test_scheme_is_case_insensitive(api: Api, scheme: str) -> None:
    response = post(
        api,
        "/json/2/res.partner/search_count",
        b'{"domain": []}',
        {"Authorization": f"{scheme} {api.key}"},
    )
    assert isinstance(assert_ok(response), int)


def test_wrong_key_is_401_invalid_apikey(api: Api) -> None:
    wrong = api.key[:8] + "0" * 32 if not api.key.endswith("0" * 32) else api.key[:8] + "1" * 32
    assert_unauthorized(
        api.call("res.partner", "search_count", {"domain": []}, key=wrong), "Invalid apikey"
    )
    assert_unauthorized(
        api.call("res.partner", "search_count", {"domain": []}, key="nope"), "Invalid apikey"
    )


def test_key_with_a_trailing_space_is_invalid(api: Api) -> None:
    response = post(
        api,
        "/json/2/res.partner/search_count",
        b'{"domain": []}',
        {"Authorization": f"bearer {api.key} "},
    )
    assert_unauthorized(response, "Invalid apikey")


def test_expired_key_is_invalid(api: Api, registry: Registry) -> None:
    name = unique("expiring")
    key = create_api_key(registry, "admin", name, expires_in_days=1)
    assert isinstance(
        assert_ok(api.call("res.partner", "search_count", {"domain": []}, key=key)), int
    )

    def expire(env: Environment) -> None:
        keys = env["res.users.apikeys"].search([["name", "=", name]])
        assert len(keys) == 1
        keys.write({"expiration_date": env.now - dt.timedelta(minutes=1)})

    with_superuser(registry, expire)
    response = api.call("res.partner", "search_count", {"domain": []}, key=key)
    assert_unauthorized(response, "Invalid apikey")


def test_key_of_an_archived_user_is_invalid(api: Api, registry: Registry) -> None:
    login = unique("archived").replace(" ", "_")
    with_superuser(registry, lambda env: env["res.users"].create({"login": login, "name": login}))
    key = create_api_key(registry, login, "archived user key")
    assert isinstance(
        assert_ok(api.call("res.partner", "search_count", {"domain": []}, key=key)), int
    )

    def archive(env: Environment) -> None:
        env["res.users"].search([["login", "=", login]]).write({"active": False})

    with_superuser(registry, archive)
    response = api.call("res.partner", "search_count", {"domain": []}, key=key)
    assert_unauthorized(response, "Invalid apikey")


def scoped_key(registry: Registry, scope: str | None) -> str:
    def generate(env: Environment) -> str:
        admin = env["res.users"].search([["login", "=", "admin"]])
        keys = env["res.users.apikeys"].with_user(admin.id).sudo()
        return str(keys._generate(scope, unique("scoped"), None))

    return str(with_superuser(registry, generate))


def test_key_scoped_rpc_or_global_is_accepted(api: Api, registry: Registry) -> None:
    for scope in ("rpc", None):
        key = scoped_key(registry, scope)
        response = api.call("res.partner", "search_count", {"domain": []}, key=key)
        assert isinstance(assert_ok(response), int)


def test_key_of_another_scope_is_invalid(api: Api, registry: Registry) -> None:
    key = scoped_key(registry, "odoo.plugin.outlook")
    response = api.call("res.partner", "search_count", {"domain": []}, key=key)
    assert_unauthorized(response, "Invalid apikey")


@pytest.mark.parametrize("mangle", ["extra", "truncated", "short"])
def test_a_key_with_extra_or_missing_characters_is_invalid(api: Api, mangle: str) -> None:
    """Only the exact key authenticates: one character more or less is a wrong key."""
    token = {"extra": api.key + "x", "truncated": api.key[:-1], "short": "0123"}[mangle]
    response = api.call("res.partner", "search_count", {"domain": []}, key=token)
    assert_unauthorized(response, "Invalid apikey")


def test_a_valid_key_without_the_bearer_scheme_counts_as_no_key(api: Api) -> None:
    """A bare key in the Authorization header is not read as a key at all."""
    response = post(
        api, "/json/2/res.partner/search_count", b'{"domain": []}', {"Authorization": api.key}
    )
    assert_unauthorized(response, MISSING_AUTH)


@pytest.mark.parametrize("value", ["BEARER   {key}", "bearer  {key}"])
def test_several_spaces_may_follow_the_scheme(api: Api, value: str) -> None:
    """Any run of spaces separates the scheme from the key."""
    name = unique("nobody")
    response = post(
        api,
        "/json/2/res.partner/search_count",
        b'{"domain": [["name", "=", "%s"]]}' % name.encode(),
        {"Authorization": value.format(key=api.key)},
    )
    assert assert_ok(response) == 0


def test_authentication_comes_before_model_and_method_checks(api: Api) -> None:
    """Without a valid key, a client learns nothing about models, methods or arguments."""
    for path, body in [
        ("/json/2/res.nope/search", b"{}"),
        ("/json/2/res.partner/_search", b"{}"),
        ("/json/2/res.partner/no_such_method", b"{}"),
        ("/json/2/res.partner/create", b'{"ids": [1], "vals_list": []}'),
        ("/json/2/res.partner/search", b"{not json"),
    ]:
        assert_unauthorized(post(api, path, body, auth=False), MISSING_AUTH)
        response = post(api, path, body, {"Authorization": "bearer " + "0" * 40})
        assert_unauthorized(response, "Invalid apikey")


# --- the error table: each row of Odoo's table, as the client sees it ----------

PRIVATE = "Private methods (such as 'res.partner.{}') cannot be called remotely."
ERROR_ROWS = [
    (
        "res.partner/search",
        b"not json",
        400,
        "werkzeug.exceptions.BadRequest",
        "could not parse the body as json: Expecting value: line 1 column 1 (char 0)",
    ),
    (
        "res.partner/_search",
        b'{"domain": []}',
        403,
        "odoo.exceptions.AccessError",
        PRIVATE.format("_search"),
    ),
    (
        "res.partner/_nonexistent",
        b"{}",
        403,
        "odoo.exceptions.AccessError",
        PRIVATE.format("_nonexistent"),
    ),
    ("res.partner/browse", b"{}", 403, "odoo.exceptions.AccessError", PRIVATE.format("browse")),
    (
        "res.nope/search",
        b'{"domain": []}',
        404,
        "werkzeug.exceptions.NotFound",
        "the model 'res.nope' does not exist",
    ),
    (
        "res.partner/no_such_method",
        b"{}",
        404,
        "werkzeug.exceptions.NotFound",
        "The method 'res.partner.no_such_method' does not exist",
    ),
    (
        "res.partner/name",
        b"{}",
        404,
        "werkzeug.exceptions.NotFound",
        "The method 'res.partner.name' does not exist",
    ),
    (
        "res.partner/create",
        b'{"ids": [1], "vals_list": []}',
        422,
        "werkzeug.exceptions.UnprocessableEntity",
        "cannot call res.partner.create with ids",
    ),
    (
        "res.partner/search",
        b"{}",
        422,
        "werkzeug.exceptions.UnprocessableEntity",
        "missing a required argument: 'domain'",
    ),
    (
        "res.partner/search",
        b'{"domain": [], "foo": 1}',
        422,
        "werkzeug.exceptions.UnprocessableEntity",
        "got an unexpected keyword argument 'foo'",
    ),
    (
        "res.partner/search",
        b"null",
        422,
        "werkzeug.exceptions.UnprocessableEntity",
        "missing a required argument: 'domain'",
    ),
    (
        "res.partner/search",
        b"[1, 2]",
        422,
        "werkzeug.exceptions.UnprocessableEntity",
        "missing a required argument: 'domain'",
    ),
]


@pytest.mark.parametrize(("route", "body", "status", "name", "message"), ERROR_ROWS)
def test_error_table(
    api: Api, route: str, body: bytes, status: int, name: str, message: str
) -> None:
    error = assert_error(post(api, f"/json/2/{route}", body), status, name, message)
    http_error = name.startswith("werkzeug.")
    assert error["arguments"] == ([message, status] if http_error else [message])
    assert error["debug"] == ""


# --- request bodies -------------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/x-www-form-urlencoded", b"domain=x"),
        ("text/plain", b'{"domain": []}'),
        (None, b'{"domain": []}'),
    ],
)
def test_a_body_that_is_not_declared_json_is_415(
    api: Api, content_type: str | None, body: bytes
) -> None:
    """A non-empty body needs Content-Type application/json, even when it is valid JSON."""
    headers = {"Authorization": f"bearer {api.key}", "X-Odoo-Database": api.db}
    if content_type is not None:
        headers["Content-Type"] = content_type
    response = api.request("POST", "/json/2/res.partner/search", content=body, headers=headers)
    assert_error(response, 415, "werkzeug.exceptions.UnsupportedMediaType")
    assert response.headers["accept"] == "application/json"


@pytest.mark.parametrize(
    "content_type", ["application/json; charset=utf-8", "Application/JSON", "application/json;"]
)
def test_json_content_type_parameters_are_ignored(api: Api, content_type: str) -> None:
    response = post(
        api, "/json/2/res.partner/search_count", b'{"domain": []}', {"Content-Type": content_type}
    )
    assert isinstance(assert_ok(response), int)


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", ""])
def test_empty_body_with_any_content_type_is_accepted(api: Api, content_type: str) -> None:
    response = post(api, "/json/2/res.partner/fields_get", b"", {"Content-Type": content_type})
    assert "name" in assert_ok(response)


# --- routing --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("verb", "path"),
    [
        ("GET", "/json/2/res.partner/search"),
        ("PUT", "/json/2/res.partner/search"),
        ("DELETE", "/json/2/res.partner/search"),
        ("PATCH", "/json/2/res.partner/search"),
        ("POST", "/json/2"),
        ("POST", "/json/2/"),
        ("POST", "/json/2/res.partner"),
        ("POST", "/json/2/a/b/c"),
        ("POST", "/json/2/res.partner/search/extra"),
        ("POST", "/json/2//search"),
    ],
)
def test_catch_all_is_404_did_you_mean(api: Api, verb: str, path: str) -> None:
    headers = {"Authorization": f"bearer {api.key}", "X-Odoo-Database": api.db}
    response = api.request(verb, path, headers=headers)
    error = assert_error(response, 404, "werkzeug.exceptions.NotFound", DID_YOU_MEAN)
    assert error["arguments"] == [DID_YOU_MEAN, 404]


def test_catch_all_needs_no_key(api: Api) -> None:
    response = api.request("GET", "/json/2/res.partner/search")
    assert_error(response, 404, "werkzeug.exceptions.NotFound", DID_YOU_MEAN)


def test_trailing_slash_reaches_the_method(api: Api) -> None:
    response = post(api, "/json/2/res.partner/search_count/", b'{"domain": []}')
    assert isinstance(assert_ok(response), int)


# --- database selection ---------------------------------------------------------


def test_unknown_database_is_404_json(api: Api) -> None:
    for name in ("no_such_db_here", "../etc/passwd"):
        response = api.call(
            "res.partner", "search_count", {"domain": []}, headers={"X-Odoo-Database": name}
        )
        assert_error(response, 404, "werkzeug.exceptions.NotFound")


@pytest.fixture(scope="module")
def lone_database(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A data directory holding exactly one database, and an admin key for it."""
    data_dir = tmp_path_factory.mktemp("monodb")
    registry = create_database(SqliteStorage(data_dir), "only")
    key = create_api_key(registry, "admin", "monodb")
    registry.database.dispose()
    return data_dir, key


def test_monodb_needs_no_database_header(lone_database: tuple[Path, str]) -> None:
    data_dir, key = lone_database
    api = Api(create_app(ServerConfig(data_dir=str(data_dir))), "only", key)
    for headers in ({}, {"X-Odoo-Database": ""}):
        sent = {"Authorization": f"bearer {key}", **headers}
        response = api.request(
            "POST", "/json/2/res.users/search_count", json={"domain": []}, headers=sent
        )
        assert assert_ok(response) >= 1
    assert assert_ok(api.call("res.users", "search_count", {"domain": []})) >= 1


def test_monodb_without_key_or_database_header_is_401(lone_database: tuple[Path, str]) -> None:
    """With one database and no header, the database is found and the missing key is reported."""
    data_dir, _key = lone_database
    api = Api(create_app(ServerConfig(data_dir=str(data_dir))), "only", "")
    response = api.request(
        "POST", "/json/2/res.partner/search_count", json={"domain": []}, headers={}
    )
    assert_unauthorized(response, MISSING_AUTH)


def test_several_databases_without_a_header_is_404(tmp_path: Path) -> None:
    storage = SqliteStorage(tmp_path)
    storage.create_empty("first")
    storage.create_empty("second")
    api = Api(create_app(ServerConfig(data_dir=str(tmp_path))), "", "0" * 40)
    for headers in ({}, {"X-Odoo-Database": ""}):
        sent = {"Authorization": f"bearer {api.key}", **headers}
        response = api.request(
            "POST", "/json/2/res.users/search_count", json={"domain": []}, headers=sent
        )
        error = assert_error(response, 404, "werkzeug.exceptions.NotFound")
        assert "X-Odoo-Database" in error["message"]


# --- errors raised by the ORM ---------------------------------------------------

BAD_DOMAIN = {"domain": [["bad field", "=", "foo"]]}
BAD_FIELD = "Invalid field res.partner.bad field in condition ('bad field', '=', 'foo')"


def test_orm_error_is_500_with_the_python_name(api: Api) -> None:
    response = api.call("res.partner", "search", BAD_DOMAIN)
    error = assert_error(response, 500, "builtins.ValueError", BAD_FIELD)
    assert error["arguments"] == [BAD_FIELD]
    assert error["debug"] == ""


def test_a_domain_that_is_not_a_list_is_500_type_error(api: Api) -> None:
    """A string domain is refused by the domain parser, as Odoo's TypeError."""
    message = "Domain() invalid argument type for domain: 'name = x'"
    response = api.call("res.partner", "search", {"domain": "name = x"})
    error = assert_error(response, 500, "builtins.TypeError", message)
    assert error["arguments"] == [message]


def dev_api(storage: Storage, api: Api) -> Api:
    """The same client, of a server in development mode (``--dev``)."""
    return Api(create_app(server_config(storage, dev=True)), api.db, api.key)


def test_debug_holds_the_traceback_in_dev_mode(storage: Storage, api: Api) -> None:
    dev = dev_api(storage, api)
    error = assert_error(dev.call("res.partner", "search", BAD_DOMAIN), 500, "builtins.ValueError")
    assert error["debug"].startswith("Traceback (most recent call last):")
    assert f"ValueError: {BAD_FIELD}" in error["debug"]


def test_access_denied_never_shows_a_traceback(
    storage: Storage, api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jsontwo.exceptions import AccessDenied

    dev = dev_api(storage, api)
    partner_class = dev.app.databases.registry(api.db).models["res.partner"]

    def deny(self: Any) -> None:
        raise AccessDenied()

    monkeypatch.setattr(partner_class, "action_deny", deny, raising=False)
    error = assert_error(
        dev.call("res.partner", "action_deny", {}),
        403,
        "odoo.exceptions.AccessDenied",
        "Access Denied",
    )
    assert "Traceback" not in error["debug"]
    assert error["debug"] == "odoo.exceptions.AccessDenied: Access Denied"


def test_integrity_error_is_422_validation_error(api: Api) -> None:
    code = "Q" + uuid.uuid4().hex[0].upper()
    for existing in assert_ok(api.call("res.country", "search", {"domain": [["code", "=", code]]})):
        assert_ok(api.call("res.country", "unlink", {"ids": [existing]}))
    first = {"name": unique("Testland"), "code": code}
    assert len(assert_ok(api.call("res.country", "create", {"vals_list": [first]}))) == 1
    second = {"name": unique("Testland"), "code": code}
    response = api.call("res.country", "create", {"vals_list": [second]})
    error = assert_error(
        response,
        422,
        "odoo.exceptions.ValidationError",
        "The operation cannot be completed: The code of the country must be unique!",
    )
    assert error["arguments"] == [error["message"]]
    found = api.call("res.country", "search", {"domain": [["name", "=", second["name"]]]})
    assert assert_ok(found) == []


def test_check_constraint_is_422_validation_error(api: Api) -> None:
    email = f"{uuid.uuid4().hex[:8]}@example.com"
    response = api.call("res.partner", "create", {"vals_list": {"email": email}})
    message = "The operation cannot be completed: Contacts require a name"
    error = assert_error(response, 422, "odoo.exceptions.ValidationError", message)
    assert error["arguments"] == [message]
    assert partner_ids(api, [["email", "=", email]]) == []


# --- one transaction per call ---------------------------------------------------


def test_failed_create_leaves_nothing_behind(api: Api) -> None:
    name = unique("Rolled back")
    vals_list = [{"name": name}, {"name": unique("Bad type"), "type": "no-such-type"}]
    response = api.call("res.partner", "create", {"vals_list": vals_list})
    assert_error(response, 500, "builtins.ValueError")
    assert partner_ids(api, [["name", "=", name]]) == []


def test_a_failure_after_a_first_insert_rolls_it_back(api: Api) -> None:
    """Rows of different shapes are inserted one after the other: the second fails."""
    code = "X" + uuid.uuid4().hex[0].upper()
    for existing in assert_ok(api.call("res.country", "search", {"domain": [["code", "=", code]]})):
        assert_ok(api.call("res.country", "unlink", {"ids": [existing]}))
    first = {"name": unique("Firstland"), "code": code}
    second = {"name": unique("Secondland"), "code": code, "phone_code": 999}
    response = api.call("res.country", "create", {"vals_list": [first, second]})
    assert_error(response, 422, "odoo.exceptions.ValidationError")
    found = api.call("res.country", "search", {"domain": [["code", "=", code]]})
    assert assert_ok(found) == []


def test_failed_write_leaves_the_record_unchanged(api: Api) -> None:
    name = unique("Unchanged")
    pid = new_partner(api, name=name)
    response = api.call(
        "res.partner", "write", {"ids": [pid], "vals": {"name": "changed", "foo": 1}}
    )
    assert_error(response, 500, "builtins.KeyError")
    # the name column is updated before the x2many command fails
    vals = {"name": "changed", "child_ids": [[0, 0, {"name": "kid", "type": "no-such-type"}]]}
    response = api.call("res.partner", "write", {"ids": [pid], "vals": vals})
    assert_error(response, 500, "builtins.ValueError")
    records = assert_ok(
        api.call("res.partner", "read", {"ids": [pid], "fields": ["name", "child_ids"]})
    )
    assert records == [{"id": pid, "name": name, "child_ids": []}]


# --- successful shapes -----------------------------------------------------------


def test_create_with_one_dict_answers_a_list(api: Api) -> None:
    name = unique("One dict")
    ids = assert_ok(api.call("res.partner", "create", {"vals_list": {"name": name}}))
    assert isinstance(ids, list)
    assert len(ids) == 1
    assert isinstance(ids[0], int)
    assert partner_ids(api, [["name", "=", name]]) == ids


def test_result_shapes(api: Api) -> None:
    name = unique("Shapes")
    created = assert_ok(
        api.call("res.partner", "create", {"vals_list": [{"name": name}, {"name": name}]})
    )
    assert len(created) == 2
    assert all(isinstance(i, int) for i in created)
    found = partner_ids(api, [["name", "=", name]])
    assert sorted(found) == sorted(created)
    count = assert_ok(api.call("res.partner", "search_count", {"domain": [["name", "=", name]]}))
    assert count == 2
    assert isinstance(count, int)
    write = api.call("res.partner", "write", {"ids": created, "vals": {"city": "Liège"}})
    assert assert_ok(write) is True
    assert assert_ok(api.call("res.partner", "unlink", {"ids": created[:1]})) is True
    records = assert_ok(
        api.call("res.partner", "read", {"ids": created, "fields": ["name", "city"]})
    )
    assert records == [{"id": created[1], "name": name, "city": "Liège"}]


def test_non_ascii_text_round_trips_unescaped(api: Api) -> None:
    """Accents, CJK and emoji are stored, matched and answered as UTF-8, not escaped."""
    name = unique("Ünïcode é è 中文 😀")
    count = {"domain": [["name", "=", name]]}
    assert assert_ok(api.call("res.partner", "search_count", count)) == 0
    pid = new_partner(api, name=name)
    assert assert_ok(api.call("res.partner", "search_count", count)) == 1
    response = api.call("res.partner", "read", {"ids": [pid], "fields": ["name"]})
    assert assert_ok(response) == [{"id": pid, "name": name}]
    assert name.encode() in response.content


def test_datetimes_read_as_text_without_timezone(api: Api) -> None:
    pid = new_partner(api, name=unique("Dated"))
    records = assert_ok(
        api.call("res.partner", "read", {"ids": [pid], "fields": ["create_date", "write_date"]})
    )
    assert DATETIME_RE.match(records[0]["create_date"])
    assert DATETIME_RE.match(records[0]["write_date"])


# --- the request log ------------------------------------------------------------


def request_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "jsontwo.request"]


def test_one_log_line_per_request(api: Api, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="jsontwo.request"):
        assert_ok(api.call("res.partner", "search_count", {"domain": []}))
    (line,) = request_lines(caplog)
    text = line.getMessage()
    assert re.search(
        rf"^POST res\.partner\.search_count 200 \d+(\.\d+)?ms db={re.escape(api.db)}$", text
    ), text

    for status, body in [(422, {}), (500, BAD_DOMAIN)]:
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="jsontwo.request"):
            assert api.call("res.partner", "search", body).status_code == status
        (line,) = request_lines(caplog)
        assert f"POST res.partner.search {status} " in line.getMessage()

    caplog.clear()
    with caplog.at_level(logging.INFO, logger="jsontwo.request"):
        api.request("GET", "/json/2/res.partner/search")
    (line,) = request_lines(caplog)
    assert line.getMessage().startswith("GET /json/2/res.partner/search 404 ")


def test_no_api_key_in_the_logs(api: Api, caplog: pytest.LogCaptureFixture) -> None:
    wrong = "f" * 40
    with caplog.at_level(logging.DEBUG):
        api.call("res.partner", "search_count", {"domain": []})
        api.call("res.partner", "search", BAD_DOMAIN)
        api.call("res.partner", "search", {})
        api.call("res.partner", "search_count", {"domain": []}, key=wrong)
        api.call("res.partner", "search_count", {"domain": []}, key=api.key + " ")
    assert len(request_lines(caplog)) == 5
    assert api.key not in caplog.text
    assert wrong not in caplog.text
    assert api.key[:8] not in caplog.text


# --- CORS (--cors-origin) ---------------------------------------------------------

ORIGIN = "https://app.example"
#: what a call from an allowed origin carries (Starlette's CORSMiddleware)
CORS_HEADERS = {
    "access-control-allow-origin": ORIGIN,
    "access-control-expose-headers": "WWW-Authenticate, X-Request-Id",
    "vary": "Origin",
}
#: what a preflight from an allowed origin is answered
PREFLIGHT_HEADERS = {
    "access-control-allow-origin": ORIGIN,
    "access-control-allow-methods": "POST",
    "access-control-allow-headers": (
        "Accept, Accept-Language, Authorization, Content-Language, Content-Type, "
        "X-Odoo-Database, X-Request-Id"
    ),
    "access-control-max-age": "600",
}
PREFLIGHT = {
    "Origin": ORIGIN,
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "authorization, content-type, x-odoo-database",
}


def cors_api(storage: Storage, api: Api, *origins: str, **settings: Any) -> Api:
    """The same client, of a server that lets browsers from ``origins`` call JSON-2."""
    config = server_config(storage, cors_origins=origins, **settings)
    return Api(create_app(config), api.db, api.key)


def cors_of(response: httpx.Response) -> dict[str, str]:
    """The CORS headers of ``response``."""
    return {
        k: v for k, v in response.headers.items() if k.startswith("access-control-") or k == "vary"
    }


@pytest.mark.parametrize("path", ["/json/2/res.partner/search", "/doc-bearer/index.json"])
def test_a_preflight_from_an_allowed_origin_is_answered(
    storage: Storage, api: Api, path: str
) -> None:
    allowed = cors_api(storage, api, ORIGIN)
    response = allowed.request("OPTIONS", path, headers=PREFLIGHT)
    assert response.status_code == 204 and response.content == b""
    expected = dict(PREFLIGHT_HEADERS)
    if path.startswith("/doc-bearer"):
        expected["access-control-allow-methods"] = "GET, POST"
    assert {k: v for k, v in cors_of(response).items() if k != "vary"} == expected
    assert "Origin" in response.headers["vary"]


def test_the_max_age_is_a_setting(storage: Storage, api: Api) -> None:
    allowed = cors_api(storage, api, ORIGIN, cors_max_age=60)
    response = allowed.request("OPTIONS", "/json/2/res.partner/search", headers=PREFLIGHT)
    assert response.headers["access-control-max-age"] == "60"


def test_a_preflight_asking_for_other_headers_is_refused(storage: Storage, api: Api) -> None:
    allowed = cors_api(storage, api, ORIGIN)
    asking = {**PREFLIGHT, "Access-Control-Request-Headers": "cookie"}
    response = allowed.request("OPTIONS", "/json/2/res.partner/search", headers=asking)
    assert response.status_code == 400
    assert response.json()["message"] == "Disallowed CORS headers"
    assert "access-control-allow-origin" in response.headers  # the browser reads why


def test_calls_from_an_allowed_origin_carry_cors_headers(storage: Storage, api: Api) -> None:
    """Answers and errors alike: a browser must read both (and the request id)."""
    allowed = cors_api(storage, api, "https://other.example", ORIGIN)
    ok = allowed.call("res.partner", "search_count", {"domain": []}, headers={"Origin": ORIGIN})
    assert ok.status_code == 200 and ok.json() > 0
    assert cors_of(ok) == CORS_HEADERS
    error = allowed.call("res.nope", "search", {}, headers={"Origin": ORIGIN})
    assert error.status_code == 404 and cors_of(error) == CORS_HEADERS
    doc = allowed.request(
        "GET",
        "/doc-bearer/index.json",
        headers={"Origin": ORIGIN, "Authorization": f"bearer {api.key}", "X-Odoo-Database": api.db},
    )
    assert doc.status_code == 200 and cors_of(doc) == CORS_HEADERS


def test_any_origin_with_a_star(storage: Storage, api: Api) -> None:
    """Any page may read the answers: ``*`` (no cookie is ever involved: the key is
    the credential)."""
    anyone = cors_api(storage, api, "*")
    origin = "https://anyone.example"
    response = anyone.call(
        "res.partner", "search_count", {"domain": []}, headers={"Origin": origin}
    )
    assert response.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in response.headers
    preflight = anyone.request(
        "OPTIONS", "/json/2/res.partner/search", headers={**PREFLIGHT, "Origin": origin}
    )
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "*"


def test_another_origin_gets_no_cors_headers(storage: Storage, api: Api) -> None:
    """The call itself is served (CORS is the browser's to enforce), without the
    headers that would let a page of another origin read it; its preflight is
    refused (400, a JSON error object)."""
    allowed = cors_api(storage, api, ORIGIN)
    other = {"Origin": "https://evil.example"}
    response = allowed.call("res.partner", "search_count", {"domain": []}, headers=other)
    assert response.status_code == 200 and "access-control-allow-origin" not in response.headers
    preflight = allowed.request(
        "OPTIONS", "/json/2/res.partner/search", headers={**PREFLIGHT, **other}
    )
    assert preflight.status_code == 400
    assert preflight.json()["message"] == "Disallowed CORS origin"
    assert "access-control-allow-origin" not in preflight.headers


def test_no_cors_by_default(api: Api) -> None:
    """As Odoo: without --cors-origin, no origin is allowed."""
    response = api.call("res.partner", "search_count", {"domain": []}, headers={"Origin": ORIGIN})
    assert response.status_code == 200 and cors_of(response) == {}
    preflight = api.request("OPTIONS", "/json/2/res.partner/search", headers=PREFLIGHT)
    assert preflight.status_code == 404 and cors_of(preflight) == {}
