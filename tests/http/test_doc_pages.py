"""The /doc pages and the session-cookie documents, on a real server.

Over HTTP: who is sent to the sign-in (and back), who is refused (403, as
Odoo's ``AccessError`` on an ``http`` route), what an unknown model answers,
and ``/doc/index.json`` / ``/doc/<model>.json`` by cookie answering what
``/doc-bearer`` answers by key. In headless Chromium (Debian's, driven by
Playwright, as tests/http/test_account_page.py): signing in from /doc,
searching a model, reading res.partner, copying an example, and sending a call
with "try it". Runs on both backends.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from jsontwo.db import Storage
from tests.conftest import free_port, new_db_name, start_server, stop_server
from tests.servers import KEY_LINE, server_env

pytestmark = pytest.mark.server

PAGE = "/web/account/security"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
REFUSED = "This page is only accessible to Technical Documentation users."


@dataclass(frozen=True)
class Served:
    """The server under test: its URL, its database and the admin's API key."""

    base: str
    db: str
    key: str

    def client(self) -> httpx.Client:
        """A client that keeps cookies and does not follow redirects."""
        return httpx.Client(base_url=self.base, follow_redirects=False, timeout=60)

    @contextmanager
    def sign_in(self, login: str, redirect: str = "") -> Iterator[httpx.Client]:
        """A client signed in as ``login`` (password: the login, as in the demo data)."""
        with self.client() as client:
            token = CSRF_RE.search(client.get(PAGE).text)
            assert token
            form = {"csrf_token": token.group(1), "db": self.db, "login": login, "password": login}
            if redirect:
                form["redirect"] = redirect
            response = client.post(f"{PAGE}/signin", data=form)
            assert response.status_code == 303, response.text
            yield client

    def bearer(self, path: str) -> httpx.Response:
        """``path`` with the admin's key (the /doc-bearer way)."""
        headers = {"Authorization": f"bearer {self.key}", "X-Odoo-Database": self.db}
        return httpx.get(self.base + path, headers=headers, timeout=60)


@pytest.fixture(scope="module")
def served(storage: Storage, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """`jsontwo serve --demo` on a free port."""
    name = new_db_name("docs")
    port = free_port()
    log = tmp_path_factory.mktemp("docs") / "serve.log"
    proc, banner = start_server(["--demo", name], server_env(storage), port, log)
    try:
        match = KEY_LINE.search(banner)
        assert match, banner
        yield Served(f"http://127.0.0.1:{port}", name, match.group(1))
    finally:
        stop_server(proc)
        storage.drop(name)


@pytest.fixture(scope="module")
def admin(served: Served) -> Iterator[httpx.Client]:
    """The demo admin, signed in (a member of the documentation group)."""
    with served.sign_in("admin") as client:
        yield client


# --- over HTTP -------------------------------------------------------------------


def test_a_visitor_signs_in_and_comes_back_to_the_page(served: Served) -> None:
    with served.client() as client:
        response = client.get("/doc/res.partner?method=search_count")
        assert response.status_code == 303
        back = "/doc/res.partner?method=search_count"
        assert response.headers["location"] == f"{PAGE}?redirect={quote(back, safe='')}"
        form = client.get(response.headers["location"])
        assert f'name="redirect" value="{back}"' in form.text.replace("&amp;", "&")

    with served.sign_in("admin", redirect=back) as client:
        page = client.get(back)
        assert page.status_code == 200
        assert "<h1>Contact (res.partner)</h1>" in page.text
        assert '<option value="search_count" selected>' in page.text
        # signed in already, the sign-in page goes straight back
        again = client.get(f"{PAGE}?redirect=%2Fdoc")
        assert (again.status_code, again.headers["location"]) == (303, "/doc")


@pytest.mark.parametrize("target", ["//evil.example/doc", "https://evil.example/", "/\\evil"])
def test_the_sign_in_never_sends_to_another_site(served: Served, target: str) -> None:
    with served.client() as client:
        token = CSRF_RE.search(client.get(PAGE).text)
        assert token
        form = {
            "csrf_token": token.group(1),
            "db": served.db,
            "login": "admin",
            "password": "admin",
            "redirect": target,
        }
        response = client.post(f"{PAGE}/signin", data=form)
        assert (response.status_code, response.headers["location"]) == (303, PAGE)


def test_the_pages_policy_allows_only_our_own_scripts_and_calls(admin: httpx.Client) -> None:
    response = admin.get("/doc")
    assert response.status_code == 200
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "connect-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["cache-control"] == "no-store"
    # the only script element that is not a file is data, which no browser runs
    scripts = re.findall(r"<script([^>]*)>", admin.get("/doc/res.partner").text)
    assert all("src=" in attrs or 'type="application/json"' in attrs for attrs in scripts)


def test_a_model_page_shows_fields_and_methods(admin: httpx.Client) -> None:
    page = admin.get("/doc/res.partner").text
    assert '<a href="/doc/res.partner" aria-current="page">' in page
    assert '<a href="/doc-bearer/openapi.json">OpenAPI</a>' in page
    email = re.search(r'<tr id="field-email">(.*?)</tr>', page, re.S)
    assert email and "Email" in email.group(1) and "<code>char</code>" in email.group(1)
    kind = re.search(r'<tr id="field-type">(.*?)</tr>', page, re.S)
    assert kind and '<code>"invoice"</code> Invoice' in kind.group(1)
    country = re.search(r'<tr id="field-country_id">(.*?)</tr>', page, re.S)
    assert country and '<a href="/doc/res.country">' in country.group(1)
    count = re.search(
        r'<article class="method" id="method-search_count"(.*?)</article>', page, re.S
    )
    assert count and "@api.model" in count.group(1)
    assert "(domain, limit=None) -&gt; int" in count.group(1)


def test_docstrings_are_restructuredtext(admin: httpx.Client) -> None:
    page = admin.get("/doc/account.tax").text
    method = re.search(r'id="method-compute_all"(.*?)</article>', page, re.S)
    assert method
    assert '<pre class="literal-block">\n{&quot;total_excluded&quot;' in method.group(1)


def test_session_documents_are_the_bearer_documents(served: Served, admin: httpx.Client) -> None:
    for path in ("index.json", "res.partner.json"):
        by_cookie = admin.get(f"/doc/{path}")
        by_key = served.bearer(f"/doc-bearer/{path}")
        assert by_cookie.status_code == by_key.status_code == 200
        assert by_cookie.json() == by_key.json()
        assert by_cookie.headers["etag"] == by_key.headers["etag"]
        cached = admin.get(f"/doc/{path}", headers={"If-None-Match": by_cookie.headers["etag"]})
        assert cached.status_code == 304


@pytest.mark.parametrize("path", ["/doc/index.json", "/doc/res.partner.json"])
def test_documents_without_a_session_are_session_expired(served: Served, path: str) -> None:
    # a key is no session: these routes are the browser's (the key's are /doc-bearer)
    response = served.bearer(path)
    assert response.status_code == 401
    assert response.json()["name"] == "odoo.http.SessionExpiredException"


def test_users_outside_the_group_are_refused(served: Served) -> None:
    with served.sign_in("demo") as demo:
        page = demo.get("/doc/res.partner")
        assert page.status_code == 403
        assert f'role="alert">{REFUSED}</div>' in page.text
        document = demo.get("/doc/index.json")
        assert document.status_code == 403
        assert (document.json()["name"], document.json()["message"]) == (
            "odoo.exceptions.AccessError",
            REFUSED,
        )


def test_an_unknown_model(admin: httpx.Client) -> None:
    page = admin.get("/doc/no.such.model")
    assert page.status_code == 404
    assert "There is no model named “no.such.model”." in page.text
    document = admin.get("/doc/no.such.model.json")
    assert document.status_code == 404
    assert document.json()["name"] == "werkzeug.exceptions.NotFound"


# --- in Chromium -------------------------------------------------------------------


def sign_in_from_doc(page: Page, served: Served) -> None:
    """Open /doc, get the sign-in, sign in as the admin and land back on /doc."""
    page.goto(served.base + "/doc")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    chooser = page.get_by_label("Database")
    if chooser.count():  # several databases on the server (PostgreSQL's is shared)
        chooser.select_option(served.db)
    page.get_by_label("Login").fill("admin")
    page.get_by_label("Password").fill("admin")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="API documentation")).to_be_visible()
    assert page.url == served.base + "/doc"


def test_browse_copy_and_try_a_call_in_chromium(
    served: Served, browser: Browser, tmp_path: Path
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served.base)
    page = context.new_page()
    errors: list[str] = []  # script errors, and whatever the page's policy refuses
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: errors.extend([message.text] if "Refused" in message.text else []),
    )
    sign_in_from_doc(page, served)
    page.screenshot(path=str(tmp_path / "doc-index.png"))

    models = page.get_by_role("navigation", name="Models")
    models.get_by_label("Search the models").fill("partner cat")
    expect(models.get_by_role("link").filter(visible=True)).to_have_count(1)
    models.get_by_label("Search the models").fill("partner")
    expect(models.get_by_role("link", name="res.users")).to_be_hidden()
    models.get_by_role("link", name="res.partner Contact").click()
    expect(page.get_by_role("heading", name="Contact (res.partner)", level=1)).to_be_visible()
    expect(page.locator("#field-email")).to_contain_text("Email")
    expect(page.locator("#method-search_count")).to_contain_text("(domain, limit=None) -> int")

    # the examples name this server, its database and the method chosen
    page.locator("#method-search_count").get_by_role("link", name="Use in the call form").click()
    expect(page.get_by_label("Method", exact=True)).to_have_value("search_count")
    curl = page.locator("#example-curl")
    expect(curl).to_contain_text(f"curl -X POST {served.base}/json/2/res.partner/search_count")
    expect(curl).to_contain_text(f'-H "X-Odoo-Database: {served.db}"')
    expect(curl).to_contain_text("""-d '{"domain":[]}'""")
    page.get_by_role("tab", name="Python").click()
    python = page.locator("#example-python")
    expect(python).to_contain_text(f'"{served.base}/json/2/res.partner/search_count"')
    expect(python).to_contain_text('json={"domain": []}')
    page.get_by_role("button", name="Copy the Python (requests) example").click()
    assert page.evaluate("navigator.clipboard.readText()") == python.text_content()
    page.get_by_role("tab", name="JavaScript").click()
    expect(page.locator("#example-js")).to_contain_text(f'"X-Odoo-Database": "{served.db}"')

    # try it: the answer of the real call, then a refusal for a wrong key
    page.get_by_label("Your API key").fill(served.key)
    page.get_by_role("button", name="Send the call").click()
    expect(page.locator("#try-status")).to_have_text("200 OK")
    count = httpx.post(
        f"{served.base}/json/2/res.partner/search_count",
        headers={"Authorization": f"bearer {served.key}", "X-Odoo-Database": served.db},
        json={"domain": []},
    ).json()
    expect(page.locator("#try-body")).to_have_text(str(count))
    page.screenshot(path=str(tmp_path / "doc-partner.png"))
    page.get_by_label("Body (JSON)").fill('{"domain": [["is_company", "=", true]]}')
    expect(python).to_contain_text('json={"domain": [["is_company", "=", True]]}')
    page.get_by_label("Your API key").fill("0" * 40)
    page.get_by_role("button", name="Send the call").click()
    expect(page.locator("#try-status")).to_have_text("401 Unauthorized")
    expect(page.locator("#try-body")).to_contain_text('"message": "Invalid apikey"')
    assert errors == []  # no script error, no refusal by the page's policy
    context.close()
