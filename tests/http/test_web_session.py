"""The web client's session routes in-process, on SQLite and PostgreSQL:
``/web/session/authenticate``, ``get_session_info``, ``destroy`` and
``/web/dataset/call_kw``, over the account page's signed ``session_id`` cookie.
"""

from __future__ import annotations

import uuid
from typing import Any

import orjson
import pytest

from jsontwo.db import Storage
from jsontwo.http.app import create_app
from jsontwo.orm import Environment, Registry
from jsontwo.service.databases import with_superuser
from tests.conftest import server_config
from tests.http.test_pages import Client, csrf_of, make_user, set_cookies

ADMIN = 2
AUTHENTICATE = "/web/session/authenticate"
SESSION_INFO = "/web/session/get_session_info"
DESTROY = "/web/session/destroy"
CALL_KW = "/web/dataset/call_kw"
ERROR_KEYS = ["name", "message", "arguments", "context", "debug"]
SESSION_EXPIRED = "odoo.http.SessionExpiredException"


def rpc(
    client: Client, path: str, params: dict[str, Any] | None = None, **kwargs: Any
) -> dict[str, Any]:
    """POST one JSON-RPC request; the envelope (HTTP 200, id echoed) checked."""
    payload = {"jsonrpc": "2.0", "method": "call", "id": 7, "params": params or {}}
    headers = {"Content-Type": "application/json", **kwargs.pop("headers", {})}
    response = client.request(
        "POST", path, content=orjson.dumps(payload), headers=headers, **kwargs
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    body = response.json()
    assert body["jsonrpc"] == "2.0" and body["id"] == 7
    return dict(body)


def rpc_error(client: Client, path: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
    """The ``error`` member of a failed request, its shape checked."""
    body = rpc(client, path, params)
    assert "result" not in body, body
    error = body["error"]
    assert list(error) == ["code", "message", "data"]
    assert list(error["data"]) == ERROR_KEYS
    return dict(error)


def sign_in(client: Client, db: str, login: str = "admin", password: str = "admin") -> Any:
    """``/web/session/authenticate``; its result (the session_info)."""
    body = rpc(client, AUTHENTICATE, {"db": db, "login": login, "password": password})
    assert "error" not in body, body
    return body["result"]


def call_kw(client: Client, model: str, method: str, args: list[Any], **kwargs: Any) -> Any:
    """``/web/dataset/call_kw/<model>.<method>``; the whole answer."""
    params = {"model": model, "method": method, "args": args, "kwargs": kwargs}
    return rpc(client, f"{CALL_KW}/{model}/{method}", params)


def assert_session_expired(error: dict[str, Any]) -> None:
    """Odoo's "Session Expired" JSON-RPC error."""
    assert (error["code"], error["message"]) == (100, "Odoo Session Expired")
    assert error["data"]["name"] == SESSION_EXPIRED
    assert error["data"]["message"] == "Session expired"


@pytest.fixture
def db(registry: Registry) -> str:
    """The module's database name."""
    return registry.database.name


def test_authenticate_answers_session_info_and_sets_the_cookie(
    app: Any, db: str, registry: Registry
) -> None:
    """A good password answers Odoo's session_info for the user, with its keys'
    types, and sets an HttpOnly, SameSite=Lax ``session_id`` cookie for the site."""
    client = Client(app)
    response = client.request(
        "POST",
        AUTHENTICATE,
        json={
            "jsonrpc": "2.0",
            "id": 1,
            "params": {"db": db, "login": "admin", "password": "admin"},
        },
    )
    cookie = set_cookies(response)["session_id"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/;" in cookie
    assert "Max-Age=604800" in cookie  # 7 days
    assert "Secure" not in cookie
    assert response.headers["cache-control"] == "no-store"
    info = response.json()["result"]

    def expected(env: Environment) -> dict[str, Any]:
        user = env["res.users"].browse([ADMIN])
        row = user.read(["name", "login", "partner_id", "company_id", "company_ids", "lang", "tz"])[
            0
        ]
        partner = env["res.partner"].browse([row["partner_id"][0]]).read(["display_name"])[0]
        return {"row": row, "partner": partner}

    seen = with_superuser(registry, expected, defer_write_lock=True)
    row = seen["row"]
    assert info["uid"] == ADMIN
    assert info["is_system"] is True and info["is_admin"] is True
    assert info["is_public"] is False and info["is_internal_user"] is True
    assert info["user_context"] == {"lang": row["lang"], "tz": row["tz"], "uid": ADMIN}
    assert info["db"] == db
    assert info["server_version"] == "19.0"
    assert info["server_version_info"] == [19, 0, 0, "final", 0, ""]
    assert (info["name"], info["username"]) == (row["name"], "admin")
    assert info["partner_id"] == row["partner_id"][0]
    assert info["partner_display_name"] == seen["partner"]["display_name"]
    assert isinstance(info["partner_write_date"], str) and len(info["partner_write_date"]) == 19
    assert isinstance(info["web.base.url"], str)
    assert info["active_ids_limit"] == 20000
    assert info["max_file_upload_size"] == 128 * 1024 * 1024
    companies = info["user_companies"]
    assert companies["current_company"] == row["company_id"][0]
    allowed = companies["allowed_companies"]
    assert sorted(int(cid) for cid in allowed) == sorted(row["company_ids"])
    main = allowed[str(row["company_id"][0])]
    assert list(main) == ["id", "name", "sequence", "child_ids", "parent_id", "currency_id"]
    assert main["id"] == row["company_id"][0] and isinstance(main["currency_id"], int)
    assert companies["disallowed_ancestor_companies"] == {}
    for left_out in ("bundle_params", "view_info", "user_settings", "currencies"):
        assert left_out not in info


def test_get_session_info_follows_the_cookie(app: Any, db: str) -> None:
    """After authenticate, get_session_info answers the same user's session_info."""
    client = Client(app)
    signed = sign_in(client, db)
    body = rpc(client, SESSION_INFO)
    assert body["result"] == signed


def test_get_session_info_without_a_session_is_session_expired(app: Any) -> None:
    """No cookie, or a tampered one: Odoo's Session Expired error (code 100)."""
    client = Client(app)
    assert_session_expired(rpc_error(client, SESSION_INFO))
    client.cookies.set("session_id", "not-a-session", path="/")
    assert_session_expired(rpc_error(client, SESSION_INFO))


def test_a_tampered_cookie_is_session_expired(app: Any, db: str) -> None:
    """A session cookie whose signature was altered is refused."""
    client = Client(app)
    sign_in(client, db)
    value = client.cookies["session_id"]
    forged = Client(app)
    forged.cookies.set("session_id", value[:-2] + ("AA" if value[-2:] != "AA" else "BB"), path="/")
    assert_session_expired(rpc_error(forged, SESSION_INFO))


def test_a_wrong_password_is_access_denied_and_sets_no_cookie(app: Any, db: str) -> None:
    """Bad credentials answer Odoo's AccessDenied "Access Denied", an API key is
    not a password here, and no session cookie is set."""
    client = Client(app, address="10.1.0.1")
    for login, password in (("admin", "wrong"), ("nobody-at-all", "admin")):
        error = rpc_error(client, AUTHENTICATE, {"db": db, "login": login, "password": password})
        assert (error["code"], error["message"]) == (0, "Odoo Server Error")
        assert error["data"]["name"] == "odoo.exceptions.AccessDenied"
        assert error["data"]["message"] == "Access Denied"
        assert error["data"]["debug"] == ""
    assert "session_id" not in client.cookies


def test_failed_logins_count_toward_the_login_guard(app: Any, db: str) -> None:
    """Five failures from one address hold that address back, even with the right
    password; another address is not held back."""
    client = Client(app, address="10.1.0.2")
    for _ in range(5):
        rpc_error(client, AUTHENTICATE, {"db": db, "login": "admin", "password": "wrong"})
    error = rpc_error(client, AUTHENTICATE, {"db": db, "login": "admin", "password": "admin"})
    assert error["data"]["name"] == "odoo.exceptions.AccessDenied"
    assert error["data"]["message"].startswith("Too many login failures")
    assert sign_in(Client(app, address="10.1.0.3"), db)["uid"] == ADMIN


def test_missing_parameters_fail_as_odoo_routes_do(app: Any, db: str) -> None:
    """A request without ``password`` is a TypeError naming it."""
    error = rpc_error(Client(app), AUTHENTICATE, {"db": db, "login": "admin"})
    assert error["data"]["name"] == "builtins.TypeError"
    assert "'password'" in error["data"]["message"]


def test_a_filtered_out_database_is_not_found(
    storage: Storage, registry: Registry, db: str
) -> None:
    """A database the server does not serve (``--database`` names another) answers
    Odoo's AccessError "Database not found.", even with good credentials."""
    app = create_app(server_config(storage, db_names=("some_other_database",)))
    error = rpc_error(Client(app), AUTHENTICATE, {"db": db, "login": "admin", "password": "admin"})
    assert error["data"]["name"] == "odoo.exceptions.AccessError"
    assert error["data"]["message"] == "Database not found."


def test_a_session_of_a_filtered_out_database_is_expired(
    storage: Storage, app: Any, registry: Registry, db: str
) -> None:
    """A valid cookie does not open a database the server no longer serves."""
    client = Client(app)
    sign_in(client, db)
    filtered = Client(create_app(server_config(storage, db_filter="^nothing_here$")))
    filtered.cookies = client.cookies
    assert_session_expired(rpc_error(filtered, SESSION_INFO))


def test_destroy_clears_the_cookie(app: Any, db: str) -> None:
    """destroy answers no result and clears ``session_id``; the session is gone
    for the browser, and destroy without a session is Session Expired."""
    client = Client(app)
    sign_in(client, db)
    response = client.request("POST", DESTROY, json={"jsonrpc": "2.0", "id": 3, "params": {}})
    assert response.json() == {"jsonrpc": "2.0", "id": 3}
    cleared = set_cookies(response)["session_id"]
    assert "Max-Age=0" in cleared and "Path=/;" in cleared
    assert "session_id" not in client.cookies
    assert_session_expired(rpc_error(client, SESSION_INFO))
    assert_session_expired(rpc_error(client, DESTROY))


def test_a_password_change_ends_the_session(app: Any, db: str, registry: Registry) -> None:
    """Changing the user's password makes the session's next call Session Expired."""
    login = f"websession_{uuid.uuid4().hex[:8]}"
    user_id = make_user(registry, login)
    client = Client(app)
    info = sign_in(client, db, login, "secret-pass")
    assert info["uid"] == user_id
    assert info["is_system"] is False and info["is_admin"] is False
    assert "result" in call_kw(client, "res.partner", "search_count", [[]])
    with_superuser(
        registry, lambda env: env["res.users"].browse([user_id]).write({"password": "new-pass"})
    )
    assert_session_expired(rpc_error(client, SESSION_INFO))
    body = call_kw(client, "res.partner", "search_count", [[]])
    assert_session_expired(body["error"])


def test_archiving_the_user_ends_the_session(app: Any, db: str, registry: Registry) -> None:
    """An archived user's session stops working."""
    login = f"websession_{uuid.uuid4().hex[:8]}"
    user_id = make_user(registry, login)
    client = Client(app)
    sign_in(client, db, login, "secret-pass")
    with_superuser(registry, lambda env: env["res.users"].browse([user_id]).action_archive())
    assert_session_expired(rpc_error(client, SESSION_INFO))


def test_call_kw_writes_and_reads_as_the_session_user(app: Any, db: str) -> None:
    """create, write and read through call_kw, bound as execute_kw binds them (one
    dict: an id; ids first for record methods; kwargs by name)."""
    client = Client(app)
    sign_in(client, db)
    name = f"Web session {uuid.uuid4().hex[:8]}"
    created = call_kw(client, "res.partner", "create", [{"name": name}])
    partner_id = created["result"]
    assert isinstance(partner_id, int)
    wrote = rpc(
        client,
        CALL_KW,
        {
            "model": "res.partner",
            "method": "write",
            "args": [[partner_id], {"city": "Namur"}],
            "kwargs": {},
        },
    )
    assert wrote["result"] is True
    read = call_kw(client, "res.partner", "read", [[partner_id]], fields=["name", "city"])
    assert read["result"] == [{"id": partner_id, "name": name, "city": "Namur"}]
    found = call_kw(
        client,
        "res.partner",
        "search_read",
        [[["id", "=", partner_id]]],
        fields=["create_uid"],
        context={"lang": "en_US"},
    )
    assert found["result"][0]["create_uid"][0] == ADMIN


def test_call_kw_refuses_what_execute_kw_refuses(app: Any, db: str) -> None:
    """Private methods are AccessError, missing methods AttributeError, an unknown
    model NotFound (404), and nothing is served without a session."""
    anonymous = call_kw(Client(app), "res.partner", "search_count", [[]])
    assert_session_expired(anonymous["error"])
    client = Client(app)
    sign_in(client, db)
    private = call_kw(client, "res.partner", "_search_ids", [[]])["error"]
    assert private["data"]["name"] == "odoo.exceptions.AccessError"
    missing = call_kw(client, "res.partner", "no_such_method", [])["error"]
    assert missing["data"]["name"] == "builtins.AttributeError"
    unknown = call_kw(client, "res.nope", "search", [[]])["error"]
    assert (unknown["code"], unknown["message"]) == (404, "404: Not Found")


def test_a_failed_call_kw_writes_nothing(app: Any, db: str, registry: Registry) -> None:
    """A call that fails is rolled back whole: one transaction."""
    client = Client(app)
    sign_in(client, db)
    name = f"Rolled back {uuid.uuid4().hex[:8]}"
    failed = call_kw(client, "res.partner", "create", [[{"name": name}, {"no_such_field": 1}]])
    assert "error" in failed
    count = call_kw(client, "res.partner", "search_count", [[["name", "=", name]]])
    assert count["result"] == 0


def test_one_session_for_the_account_page_and_the_routes(app: Any, db: str) -> None:
    """A sign-in on the account page opens the session call_kw uses, and a
    session from authenticate opens the account page."""
    page_client = Client(app)
    assert page_client.sign_in(db).status_code == 303
    assert rpc(page_client, SESSION_INFO)["result"]["uid"] == ADMIN
    rpc_client = Client(app)
    sign_in(rpc_client, db)
    page = rpc_client.get("/web/account/security")
    assert "Account security" in page.text
    assert csrf_of(page)


def test_cookies_are_secure_behind_https(app: Any, db: str) -> None:
    """Behind an https proxy the session cookie is Secure."""
    response = Client(app).request(
        "POST",
        AUTHENTICATE,
        json={
            "jsonrpc": "2.0",
            "id": 1,
            "params": {"db": db, "login": "admin", "password": "admin"},
        },
        headers={"X-Forwarded-Proto": "https"},
    )
    assert "Secure" in set_cookies(response)["session_id"]


def test_a_form_post_is_refused(app: Any, db: str) -> None:
    """The routes need a JSON content type (a cross-site form cannot send one
    without a CORS preflight): a form post is a 415 and sets no cookie."""
    response = Client(app).request(
        "POST", AUTHENTICATE, data={"db": db, "login": "admin", "password": "admin"}
    )
    assert response.status_code == 415
    assert "set-cookie" not in response.headers


def test_the_cors_setting_never_opens_the_session_routes(storage: Storage, db: str) -> None:
    """``--cors-origin`` is for JSON-2's bearer keys only: the cookie routes answer
    no preflight and no CORS header, so no other site's script can use a session."""
    client = Client(create_app(server_config(storage, cors_origins=("*",))))
    origin = {"Origin": "https://elsewhere.example"}
    preflight = client.request(
        "OPTIONS",
        CALL_KW,
        headers={**origin, "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status_code == 405
    assert "access-control-allow-origin" not in preflight.headers
    payload = {"jsonrpc": "2.0", "id": 1, "params": {"db": db, "login": "admin", "password": "x"}}
    answer = client.request("POST", AUTHENTICATE, json=payload, headers=origin)
    assert answer.status_code == 200
    assert not any(name.startswith("access-control-") for name in answer.headers)


CALL_BUTTON = "/web/dataset/call_button"


def call_button(client: Client, model: str, method: str, args: list[Any], **kwargs: Any) -> Any:
    """``/web/dataset/call_button``: a form's button; its result (the next action)."""
    params = {"model": model, "method": method, "args": args, "kwargs": kwargs}
    body = rpc(client, CALL_BUTTON, params)
    assert "error" not in body, body
    return body["result"]


def test_call_button_makes_an_api_key_through_the_identity_check(app: Any, db: str) -> None:
    """The preferences' "New API Key" button, as OdooRPC's own test presses it: the
    description, the identity check it asks for (the password in the context, as
    Odoo 19 wants), then the dialog with the key, which then signs in."""
    client = Client(app)
    context = sign_in(client, db)["user_context"]
    described = call_kw(client, "res.users.apikeys.description", "create", [{"name": "button"}])
    check = call_button(
        client, "res.users.apikeys.description", "make_key", [[described["result"]]]
    )
    assert check["res_model"] == "res.users.identitycheck"
    call_kw(client, "res.users.identitycheck", "write", [[check["res_id"]], {"password": "admin"}])
    shown = call_button(
        client,
        "res.users.identitycheck",
        "run_check",
        [[check["res_id"]]],
        context={**context, "password": "admin"},
    )
    assert shown["res_model"] == "res.users.apikeys.show"
    key = shown["context"]["default_key"]
    login = {"service": "common", "method": "login", "args": [db, "admin", key]}
    assert rpc(client, "/jsonrpc", login)["result"] == ADMIN


def test_call_button_answers_actions_as_the_web_client_runs_them(app: Any, db: str) -> None:
    """A dict is the next action (closing the dialog when it names no type); any
    other answer is false."""
    client = Client(app)
    sign_in(client, db)
    wizard = call_kw(client, "base.module.upgrade", "create", [{}])["result"]
    closed = call_button(client, "base.module.upgrade", "upgrade_module", [[wizard]])
    assert closed == {"type": "ir.actions.act_window_close"}
    updater = call_kw(client, "base.module.update", "create", [{}])["result"]
    assert call_button(client, "base.module.update", "update_module", [[updater]]) is False
    error = rpc_error(
        client,
        CALL_BUTTON,
        {"model": "res.partner", "method": "_private", "args": [[1]], "kwargs": {}},
    )
    assert error["data"]["name"] == "odoo.exceptions.AccessError"
