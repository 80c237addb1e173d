"""``GET /web/webclient/load_menus`` over a signed-in web session, in-process on
SQLite and PostgreSQL: the menus the session's user sees, in the web client's
form; Session Expired without a session."""

from __future__ import annotations

from typing import Any

from jsontwo.orm import Registry
from tests.http.test_pages import Client
from tests.http.test_web_session import sign_in

ROUTE = "/web/webclient/load_menus"


def test_the_menus_of_the_sessions_user(app: Any, registry: Registry) -> None:
    """The administrator's menus: Settings is an app, opening its first submenu's
    action; never cached."""
    client = Client(app)
    sign_in(client, registry.database.name)
    response = client.get(ROUTE)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["cache-control"] == "no-store"
    menus = response.json()
    apps = {menus[str(app_id)]["xmlid"]: menus[str(app_id)] for app_id in menus["root"]["children"]}
    settings = apps["base.menu_administration"]
    assert (settings["name"], settings["actionPath"]) == ("Settings", "users")
    assert settings["appID"] == settings["id"]
    assert menus["root"]["appID"] is False


def test_without_a_session(app: Any) -> None:
    """No session: Odoo's Session Expired, as the JSON error object."""
    response = Client(app).get(ROUTE)
    assert response.status_code == 401, response.text
    assert response.json()["name"] == "odoo.http.SessionExpiredException"
