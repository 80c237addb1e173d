"""The account-security page in a real browser against the real server.

Headless Chromium (Debian's, /usr/bin/chromium; `make test` installs it)
driven by Playwright signs in as the demo admin, creates a key, uses it over
JSON-2, revokes it and sees it refused. Runs on both backends.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from jsontwo import __version__ as VERSION
from jsontwo.db import Storage
from tests.conftest import free_port, new_db_name, start_server, stop_server

pytestmark = pytest.mark.server

PAGE = "/web/account/security"
KEY_RE = re.compile(r"^[0-9a-f]{40}$")


@pytest.fixture(scope="module")
def server(storage: Storage, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """`jsontwo serve --demo` on a free port: its base URL and its database."""
    name = new_db_name("page")
    env = {**os.environ, "JSONTWO_DB_URL": "", **storage.environment()}
    port = free_port()
    log = tmp_path_factory.mktemp("page") / "serve.log"
    proc, _banner = start_server(["--demo", name], env, port, log)
    try:
        yield f"http://127.0.0.1:{port}", name
    finally:
        stop_server(proc)
        storage.drop(name)


def count_partners(base: str, db: str, key: str) -> httpx.Response:
    """``search_count`` of partners with ``key``, over the wire."""
    return httpx.post(
        f"{base}/json/2/res.partner/search_count",
        headers={"Authorization": f"bearer {key}", "X-Odoo-Database": db},
        json={"domain": []},
    )


def sign_in(page: Page, base: str, db: str) -> None:
    """Sign in as the demo admin (choosing the database when the form asks)."""
    page.goto(base + PAGE)
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    chooser = page.get_by_label("Database")
    if chooser.count():  # several databases on the server (PostgreSQL's is shared)
        chooser.select_option(db)
    page.get_by_label("Login").fill("admin")
    page.get_by_label("Password").fill("admin")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Account security")).to_be_visible()


def create_key(page: Page, name: str) -> str:
    """Create a one-week key named ``name`` and read it from the page."""
    page.get_by_label("Description", exact=True).fill(name)
    page.get_by_label("Duration").select_option(label="1 week")
    page.get_by_label("Your password").fill("admin")
    page.get_by_role("button", name="Create key").click()
    expect(page.get_by_text("it will not be shown again")).to_be_visible()
    key = page.get_by_role("textbox", name="API key", exact=True).input_value()
    assert KEY_RE.match(key), key
    return key


def test_create_use_and_revoke_a_key_in_the_browser(
    server: tuple[str, str], browser: Browser
) -> None:
    base, db = server
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    page = context.new_page()
    sign_in(page, base, db)

    key = create_key(page, "browser test")
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_role("status")).to_have_text("Copied to the clipboard.")
    assert page.evaluate("navigator.clipboard.readText()") == key
    assert count_partners(base, db, key).status_code == 200

    # back on the page, the key is listed by its description and never shown again
    page.goto(base + PAGE)
    row = page.get_by_role("row").filter(has_text="browser test")
    expect(row).to_have_count(1)
    assert key not in page.content()

    row.get_by_role("button", name="Revoke").click()
    expect(page.get_by_role("status")).to_have_text("The key “browser test” was revoked.")
    expect(page.get_by_role("row").filter(has_text="browser test")).to_have_count(0)
    refused = count_partners(base, db, key)
    assert refused.status_code == 401
    assert refused.json()["message"] == "Invalid apikey"

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    context.close()


def test_a_reload_after_creating_a_key_makes_no_second_one(
    server: tuple[str, str], browser: Browser
) -> None:
    """The form proposes a month; the new key's card says how to call with it;
    reloading the page then shows the key no more and makes no other."""
    base, db = server
    page = browser.new_page()
    sign_in(page, base, db)
    expect(page.get_by_label("Duration")).to_have_value("30")
    page.get_by_label("Description", exact=True).fill("reloaded")
    page.get_by_label("Your password").fill("admin")
    page.get_by_role("button", name="Create key").click()
    key = page.get_by_role("textbox", name="API key", exact=True).input_value()
    assert KEY_RE.match(key), key
    assert page.url == base + PAGE  # redirected: no POST to repeat
    usage = page.locator("pre").first
    expect(usage).to_contain_text(f"Authorization: bearer {key}")
    expect(usage).to_contain_text(f"X-Odoo-Database: {db}")
    row = page.get_by_role("row").filter(has_text="reloaded")
    expect(row).to_contain_text(re.compile(r"\d{4}-\d\d-\d\d"))  # a month: it expires
    page.reload()
    expect(page.get_by_role("heading", name="Account security")).to_be_visible()
    expect(page.get_by_role("textbox", name="API key", exact=True)).to_have_count(0)
    expect(page.get_by_role("row").filter(has_text="reloaded")).to_have_count(1)
    assert key not in page.content()
    assert count_partners(base, db, key).status_code == 200
    page.close()


def test_the_landing_page_leads_to_the_account_page(
    server: tuple[str, str], browser: Browser
) -> None:
    base, _db = server
    page = browser.new_page()
    page.goto(base + "/")
    expect(page.get_by_role("heading", name="jsontwo", exact=True)).to_be_visible()
    expect(page.locator("[data-version]")).to_have_text(VERSION)
    for name, href in (
        ("API documentation", "/doc"),
        ("API documentation as JSON", "/doc-bearer/index.json"),
        ("/health/ready", "/health/ready"),
        ("/web/health", "/web/health"),
    ):
        expect(page.get_by_role("link", name=name, exact=True)).to_have_attribute("href", href)
    page.get_by_role("link", name="Account security").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.goto(base + "/health/ready")
    assert '"status":"pass"' in page.content()
    page.close()


def test_without_the_clipboard_api_copy_selects_the_key(
    server: tuple[str, str], browser: Browser
) -> None:
    base, db = server
    context = browser.new_context()
    # as on plain http from another host, where browsers offer no clipboard API
    context.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    page = context.new_page()
    sign_in(page, base, db)
    key = create_key(page, "no clipboard")
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_role("status")).to_have_text(re.compile("^Selected"))
    field = page.get_by_role("textbox", name="API key", exact=True)
    expect(field).to_be_focused()
    assert field.evaluate("f => f.value.slice(f.selectionStart, f.selectionEnd)") == key
    context.close()


def test_the_page_fits_a_phone(server: tuple[str, str], browser: Browser) -> None:
    base, db = server
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    sign_in(page, base, db)
    create_key(page, "phone")
    # the new key's card, with its example call, fits too
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.goto(base + PAGE)
    cell = page.locator("td[data-label=Description]", has_text="phone")
    assert cell.evaluate("td => getComputedStyle(td).display") == "block"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


def test_a_wrong_password_is_said_in_the_page(server: tuple[str, str], browser: Browser) -> None:
    base, db = server
    page = browser.new_page()
    page.goto(base + PAGE)
    chooser = page.get_by_label("Database")
    if chooser.count():
        chooser.select_option(db)
    page.get_by_label("Login").fill("admin")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("Wrong login/password")
    expect(page.get_by_label("Login")).to_have_value("admin")
    page.close()
