"""The account-security page in-process (httpx's ASGITransport), on both backends.

A small cookie-keeping client plays the browser; the real-browser test is
test_account_page.py.
"""

from __future__ import annotations

import re
from typing import Any

import anyio
import httpx
import pytest

from jsontwo.orm import Environment, Registry
from jsontwo.service import accounts
from jsontwo.service.databases import with_superuser
from tests.conftest import Api

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
NEW_KEY_RE = re.compile(r'id="new-key" type="text" value="([0-9a-f]{40})"')
HTML = "text/html; charset=utf-8"
#: the alert of a form sent without its token (Odoo's message)
CSRF_ERROR = "Session expired (invalid CSRF token)"
PAGE = "/web/account/security"
#: the session cookie (Odoo's name) and the sign-in form's CSRF cookie
SESSION_COOKIE = "session_id"
SIGNIN_COOKIE = "jsontwo_signin_csrf"


class Client:
    """A browser in miniature: keeps cookies between requests to the in-process app."""

    def __init__(self, app: Any, address: str = "127.0.0.1") -> None:
        self.app = app
        self.address = address
        self.cookies = httpx.Cookies()

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """Send one request with the cookies so far, and keep the ones it sets."""

        async def send() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app, client=(self.address, 4321))
            async with httpx.AsyncClient(
                transport=transport, base_url="http://test", cookies=self.cookies
            ) as client:
                response = await client.request(method, path, **kwargs)
                self.cookies = client.cookies
                return response

        return anyio.run(send)

    def get(self, path: str = PAGE, **kwargs: Any) -> httpx.Response:
        """GET ``path`` (the page by default)."""
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict[str, str], **kwargs: Any) -> httpx.Response:
        """POST a urlencoded form to ``path``."""
        return self.request("POST", path, data=data, **kwargs)

    def sign_in(self, db: str, login: str = "admin", password: str = "admin") -> httpx.Response:
        """Load the sign-in form and send it back with its token."""
        token = csrf_of(self.get())
        form = {"csrf_token": token, "db": db, "login": login, "password": password}
        return self.post(f"{PAGE}/signin", form)

    def create_key(
        self, name: str, duration: str = "7", password: str = "admin", follow: bool = True
    ) -> httpx.Response:
        """Submit the new-key form of the page (with the signed-in user's password);
        follow its redirect back to the page, as a browser does, unless not ``follow``."""
        token = csrf_of(self.get())
        form = {"csrf_token": token, "name": name, "duration": duration, "password": password}
        response = self.post(f"{PAGE}/keys", form)
        if follow and response.status_code == 303:
            return self.get(response.headers["location"])
        return response


def csrf_of(response: httpx.Response) -> str:
    """The CSRF token of the page's first form."""
    match = CSRF_RE.search(response.text)
    assert match, response.text
    return match.group(1)


def set_cookies(response: httpx.Response) -> dict[str, str]:
    """The Set-Cookie headers of a response, by cookie name."""
    return {header.split("=", 1)[0]: header for header in response.headers.get_list("set-cookie")}


def alert_of(response: httpx.Response) -> str:
    """The text of the page's alert (there must be one)."""
    match = re.search(r'role="alert">([^<]*)<', response.text)
    assert match, response.text
    return match.group(1)


@pytest.fixture
def db(registry: Registry) -> str:
    """The module's database name."""
    return registry.database.name


@pytest.fixture
def signed_in(app: Any, db: str) -> Client:
    """A client signed in as the demo admin."""
    client = Client(app)
    assert client.sign_in(db).status_code == 303
    return client


def test_signed_out_get_shows_the_signin_form(app: Any) -> None:
    response = Client(app).get()
    assert response.status_code == 200
    assert response.headers["content-type"] == HTML
    assert response.headers["cache-control"] == "no-store"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    html = response.text
    assert '<html lang="en">' in html
    assert 'name="viewport"' in html
    assert '<main id="main"' in html
    assert f'action="{PAGE}/signin"' in html
    assert '<label for="login">' in html
    assert '<label for="password">' in html
    assert 'type="password"' in html
    cookie = set_cookies(response)[SIGNIN_COOKIE]
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Path=/web/account" in cookie
    assert "Secure" not in cookie


def test_cookies_are_secure_behind_https(app: Any, db: str) -> None:
    client = Client(app)
    https = {"X-Forwarded-Proto": "https"}
    form = client.get(headers=https)
    assert "Secure" in set_cookies(form)[SIGNIN_COOKIE]
    token = csrf_of(form)
    # a Secure cookie is not sent back over the test's plain http: send it by hand
    response = client.post(
        f"{PAGE}/signin",
        {"csrf_token": token, "db": db, "login": "admin", "password": "admin"},
        headers={**https, "Cookie": f"{SIGNIN_COOKIE}={token}"},
    )
    assert response.status_code == 303
    assert "Secure" in set_cookies(response)[SESSION_COOKIE]


def test_signing_in_redirects_and_sets_the_session_cookie(app: Any, db: str) -> None:
    client = Client(app)
    response = client.sign_in(db)
    assert response.status_code == 303
    assert response.headers["location"] == PAGE
    cookie = set_cookies(response)[SESSION_COOKIE]
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Max-Age=604800" in cookie  # 7 days
    page = client.get()
    assert page.status_code == 200
    assert "Account security" in page.text
    assert "Mitchell Admin" in page.text or "admin" in page.text
    assert f'action="{PAGE}/signout"' in page.text


def test_a_wrong_password_is_an_alert_in_the_form(app: Any, db: str) -> None:
    client = Client(app, address="10.0.0.1")
    response = client.sign_in(db, password="wrong")
    assert response.status_code == 403
    assert alert_of(response) == "Wrong login/password"
    assert 'value="admin"' in response.text  # the login is kept, never the password
    assert "Traceback" not in response.text
    assert SESSION_COOKIE not in client.cookies


def test_an_api_key_is_not_a_password_in_the_page(app: Any, db: str, registry: Registry) -> None:
    key = accounts.create_key(registry, 2, "not a password", 1)
    client = Client(app, address="10.0.0.9")
    response = client.sign_in(db, password=key)
    assert response.status_code == 403
    assert alert_of(response) == "Wrong login/password"
    assert SESSION_COOKIE not in client.cookies


def test_admins_revoke_only_their_own_keys_in_the_page(
    signed_in: Client, registry: Registry
) -> None:
    other = make_user(registry, "page_user_kept")
    accounts.create_key(registry, other, "theirs", 1)
    key_id = accounts.list_keys(registry, other)[0].id
    token = csrf_of(signed_in.get())
    response = signed_in.post(f"{PAGE}/keys/{key_id}/revoke", {"csrf_token": token})
    assert response.status_code == 403
    assert alert_of(response)
    assert key_id in {k.id for k in accounts.list_keys(registry, other)}


def test_too_many_failures_are_throttled_in_the_page(app: Any, db: str) -> None:
    client = Client(app, address="10.0.0.2")
    for _ in range(5):
        assert client.sign_in(db, password="wrong").status_code == 403
    response = client.sign_in(db)
    assert response.status_code == 403
    assert alert_of(response).startswith("Too many login failures")
    # another address is not held back
    assert Client(app, address="10.0.0.3").sign_in(db).status_code == 303


def test_an_unknown_database_is_an_alert(app: Any) -> None:
    response = Client(app).sign_in("no_such_database")
    assert response.status_code == 400
    assert "no database named" in alert_of(response)


def test_signin_without_its_csrf_token_is_refused(app: Any, db: str) -> None:
    client = Client(app)
    client.get()
    form = {"db": db, "login": "admin", "password": "admin"}
    for token in (None, "forged"):
        sent = form if token is None else {**form, "csrf_token": token}
        response = client.post(f"{PAGE}/signin", sent)
        assert response.status_code == 400
        assert alert_of(response) == CSRF_ERROR
        assert SESSION_COOKIE not in client.cookies


def test_a_new_key_is_shown_once_and_works(signed_in: Client, api: Api, db: str) -> None:
    posted = signed_in.create_key("in-process key", follow=False)
    assert posted.status_code == 303  # Post/Redirect/Get: a reload repeats no POST
    assert posted.headers["location"] == PAGE
    response = signed_in.get(posted.headers["location"])
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    match = NEW_KEY_RE.search(response.text)
    assert match, response.text
    key = match.group(1)
    assert "will not be shown again" in response.text
    assert "account.js" in response.text
    assert api.call("res.partner", "search_count", {"domain": []}, key=key).status_code == 200
    assert f"Authorization: bearer {key}" in response.text  # how to call with it
    assert f"X-Odoo-Database: {db}" in response.text
    listing = signed_in.get()  # a reload: the key is gone, and no second key was made
    assert listing.text.count('data-label="Description">in-process key<') == 1
    assert key not in listing.text
    assert key[:8] not in listing.text


def test_the_duration_defaults_to_a_month(signed_in: Client) -> None:
    page = signed_in.get().text
    assert '<option value="30" selected>1 month</option>' in page
    assert page.count(" selected>") == 1


def row_of(page: str, name: str) -> str:
    """The table row of the key described as ``name``."""
    row = page[page.index(f'data-label="Description">{name}<') :]
    return row[: row.index("</tr>")]


def test_the_listing_shows_scope_and_dates_never_keys(signed_in: Client) -> None:
    key = NEW_KEY_RE.findall(signed_in.create_key("dated", duration="1").text)[0]
    page = signed_in.get().text
    row = row_of(page, "dated")
    assert 'data-label="Scope">Any<' in row
    assert re.search(r'data-label="Created">\d{4}-\d\d-\d\d \d\d:\d\d UTC<', row)
    assert re.search(r'data-label="Expires">\d{4}-\d\d-\d\d \d\d:\d\d UTC', row)
    assert key not in page


def test_admins_may_create_persistent_keys(signed_in: Client) -> None:
    page = signed_in.get().text
    assert '<option value="persistent">Persistent (no expiry)</option>' in page
    for value, label in (("1", "1 day"), ("7", "1 week"), ("90", "3 months")):
        assert f'<option value="{value}">{label}</option>' in page
    response = signed_in.create_key("forever", duration="persistent")
    assert response.status_code == 200
    assert NEW_KEY_RE.search(response.text)
    assert 'data-label="Expires">Never' in row_of(signed_in.get().text, "forever")


def test_creating_a_key_without_csrf_is_refused(signed_in: Client) -> None:
    response = signed_in.post(f"{PAGE}/keys", {"name": "no token", "duration": "7"})
    assert response.status_code == 400
    assert alert_of(response) == CSRF_ERROR
    assert not NEW_KEY_RE.search(response.text)
    assert "no token" not in signed_in.get().text


def test_form_errors_are_alerts(signed_in: Client) -> None:
    empty = signed_in.create_key("   ")
    assert empty.status_code == 400
    assert alert_of(empty) == "Describe the key: what will use it?"
    unknown = signed_in.create_key("odd duration", duration="365")
    assert unknown.status_code == 400
    assert alert_of(unknown) == "Choose one of the durations offered."
    assert 'value="odd duration"' in unknown.text  # what was typed is kept


@pytest.mark.parametrize(
    ("password", "message"),
    [("", "Enter your password to create a key."), ("wrong", "Wrong password.")],
)
def test_a_key_needs_the_users_password(signed_in: Client, password: str, message: str) -> None:
    """A session alone makes no key (it would outlive a password change): the form
    asks for the current password, and a wrong one makes nothing."""
    response = signed_in.create_key("needs a password", password=password)
    assert response.status_code == 403
    assert alert_of(response) == message
    assert not NEW_KEY_RE.search(response.text)
    assert "needs a password" not in signed_in.get().text
    page = signed_in.get().text
    assert 'name="password" type="password" required' in page
    assert 'autocomplete="current-password"' in page


def test_descriptions_are_escaped(signed_in: Client) -> None:
    signed_in.create_key("<script>alert(1)</script>")
    page = signed_in.get().text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_revoking_a_key(signed_in: Client, api: Api) -> None:
    key = NEW_KEY_RE.findall(signed_in.create_key("to revoke").text)[0]
    page = signed_in.get().text
    action = re.search(r'action="([^"]+/revoke)"[^<]*<input[^>]*value="([^"]+)"', page)
    assert action
    missing = signed_in.post(action.group(1), {})
    assert missing.status_code == 400
    assert alert_of(missing) == CSRF_ERROR
    assert api.call("res.partner", "search_count", {"domain": []}, key=key).status_code == 200
    response = signed_in.post(action.group(1), {"csrf_token": action.group(2)})
    assert response.status_code == 303
    assert response.headers["location"] == PAGE
    after = signed_in.get(response.headers["location"])
    assert "The key “to revoke” was revoked." in after.text
    assert "to revoke" not in after.text.replace("The key “to revoke” was revoked.", "")
    assert "was revoked" not in signed_in.get().text  # said once
    refused = api.call("res.partner", "search_count", {"domain": []}, key=key)
    assert refused.status_code == 401
    assert refused.json()["message"] == "Invalid apikey"


def test_revoking_someone_elses_key_is_refused(app: Any, db: str, registry: Registry) -> None:
    login = "page_user_revoke"
    user_id = make_user(registry, login)
    client = Client(app)
    assert client.sign_in(db, login, "secret-pass").status_code == 303
    admin_keys = accounts.list_keys(registry, 2)
    if not admin_keys:
        accounts.create_key(registry, 2, "admin's", 1)
        admin_keys = accounts.list_keys(registry, 2)
    token = csrf_of(client.get())
    response = client.post(f"{PAGE}/keys/{admin_keys[0].id}/revoke", {"csrf_token": token})
    assert response.status_code in (403, 404)
    assert alert_of(response)
    assert admin_keys[0].id in {k.id for k in accounts.list_keys(registry, 2)}
    assert user_id


def make_user(registry: Registry, login: str, password: str = "secret-pass") -> int:
    """A new internal (non-admin) user with a password."""

    def create(env: Environment) -> int:
        user = env["res.users"].create({"name": login.title(), "login": login})
        user.write({"password": password})
        return int(user.id)

    return int(with_superuser(registry, create))


def test_non_admins_get_no_persistent_keys(app: Any, db: str, registry: Registry) -> None:
    make_user(registry, "page_user_limits")
    client = Client(app)
    assert client.sign_in(db, "page_user_limits", "secret-pass").status_code == 303
    page = client.get().text
    assert "Persistent (no expiry)" not in page
    assert "1 day" in page
    refused = client.create_key("forever", duration="persistent", password="secret-pass")
    assert refused.status_code == 400
    assert alert_of(refused)
    assert not NEW_KEY_RE.search(refused.text)


def test_a_password_change_ends_the_session(app: Any, db: str, registry: Registry) -> None:
    user_id = make_user(registry, "page_user_password")
    client = Client(app)
    assert client.sign_in(db, "page_user_password", "secret-pass").status_code == 303
    assert "Account security" in client.get().text
    with_superuser(
        registry, lambda env: env["res.users"].browse([user_id]).write({"password": "new-pass"})
    )
    page = client.get()
    assert 'type="password"' in page.text  # back to the sign-in form
    stale = client.post(f"{PAGE}/keys", {"csrf_token": "x", "name": "n", "duration": "1"})
    assert stale.status_code == 403
    assert "sign in again" in alert_of(stale)


def test_a_tampered_cookie_is_signed_out(app: Any, db: str, signed_in: Client) -> None:
    value = signed_in.cookies[SESSION_COOKIE]
    client = Client(app)
    client.cookies.set(SESSION_COOKIE, value[:-2] + "xx", path="/web/account")
    assert 'type="password"' in client.get().text
    client.cookies.set(SESSION_COOKIE, "not-a-cookie", path="/web/account")
    assert 'type="password"' in client.get().text


def test_signing_out(signed_in: Client) -> None:
    token = csrf_of(signed_in.get())
    refused = signed_in.post(f"{PAGE}/signout", {})
    assert refused.status_code == 400
    assert alert_of(refused) == CSRF_ERROR
    response = signed_in.post(f"{PAGE}/signout", {"csrf_token": token})
    assert response.status_code == 303
    assert SESSION_COOKIE not in signed_in.cookies
    page = signed_in.get(response.headers["location"])
    assert "You are signed out." in page.text
    assert 'type="password"' in page.text


def test_a_get_of_an_action_goes_back_to_the_page(app: Any) -> None:
    response = Client(app).get(f"{PAGE}/keys")
    assert response.status_code == 303
    assert response.headers["location"] == PAGE


def test_the_stylesheet_and_script_are_served(app: Any) -> None:
    css = Client(app).get("/web/static/jsontwo/account.css")
    assert css.status_code == 200
    assert css.headers["content-type"].startswith("text/css")
    assert "@media" in css.text
    js = Client(app).get("/web/static/jsontwo/account.js")
    assert js.status_code == 200
    assert "navigator.clipboard" in js.text
    assert Client(app).get("/web/static/jsontwo/nothing.css").status_code == 404


def test_an_unexpected_failure_is_a_page_without_traceback(
    signed_in: Client, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*_args: Any) -> list[Any]:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(accounts, "list_keys", broken)
    response = signed_in.get()
    assert response.status_code == 500
    assert response.headers["content-type"] == HTML
    assert "could not complete this request" in alert_of(response)
    assert "database on fire" not in response.text
    assert "Traceback" not in response.text
    assert "database on fire" in caplog.text  # the log has it, for the operator


def test_the_listing_shows_when_each_key_was_last_used(signed_in: Client, api: Api) -> None:
    key = NEW_KEY_RE.findall(signed_in.create_key("in use", duration="1").text)[0]
    assert 'data-label="Last used">Never<' in row_of(signed_in.get().text, "in use")
    assert api.call("res.partner", "search_count", {"domain": []}, key=key).status_code == 200
    row = row_of(signed_in.get().text, "in use")
    assert re.search(r'data-label="Last used">\d{4}-\d\d-\d\d \d\d:\d\d UTC<', row)


def test_a_new_secret_keeps_the_sessions_signed_before(
    app: Any, db: str, registry: Registry
) -> None:
    """Key rotation: the current secret moves to database.secret.previous and a new
    one signs; a browser signed in before stays signed in, and its forms work."""
    client = Client(app)
    assert client.sign_in(db).status_code == 303
    params = "ir.config_parameter"

    def get(env: Environment) -> tuple[str, str]:
        return (
            str(env[params].get_param("database.secret")),
            str(env[params].get_param(accounts.PREVIOUS_SECRETS) or ""),
        )

    def put(secret: str, previous: str) -> None:
        def work(env: Environment) -> None:
            env[params].set_param("database.secret", secret)
            env[params].set_param(accounts.PREVIOUS_SECRETS, previous or False)

        with_superuser(registry, work)

    saved = with_superuser(registry, get, defer_write_lock=True)
    secret = saved[0]
    try:
        put("a-new-secret-" + "0" * 51, secret)
        assert accounts.session_secrets(registry) == (secret, "a-new-secret-" + "0" * 51)
        page = client.get()
        assert page.status_code == 200 and "Your API keys" in page.text  # still signed in
        assert client.create_key("after rotation").status_code == 200  # its form's token too
        put("a-new-secret-" + "0" * 51, "")  # the old secret dropped: signed out
        assert "Your API keys" not in client.get().text
    finally:
        put(*saved)
