"""The account-security page: sign in, list, create and revoke one's API keys.

A server-rendered page at ``/web/account/security``, the counterpart of
Odoo's Preferences -> Account Security. Every action is a plain HTML form
(no JavaScript needed but for the copy button), answered with
Post/Redirect/Get, so that reloading a page never repeats an action. What the
page shows once after an action (a new key, the name of a revoked one) goes to
it in a signed cookie of this session, cleared as soon as it is shown: a key
never travels in a URL.

Sessions are the site's (:mod:`jsontwo.http.site_session`): Odoo's
``session_id`` cookie for the whole site, so signing in here or with
``/web/session/authenticate`` (:mod:`jsontwo.http.web_session`) opens the same
session. Everything about users and keys goes through
:mod:`jsontwo.service.accounts`.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from jinja2 import Environment, PackageLoader
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from jsontwo.exceptions import (
    AccessDenied,
    AccessError,
    JsonTwoError,
    MissingError,
    ValidationError,
)
from jsontwo.http import sessions
from jsontwo.http.site_session import (
    Visitor,
    forget_cookie,
    forget_session_cookie,
    open_session,
    session_visitor,
    set_cookie,
    set_session_cookie,
)
from jsontwo.http.wire import client_address
from jsontwo.service import Databases, accounts

_logger = logging.getLogger(__name__)

PAGE = "/web/account/security"
STATIC_PREFIX = "/web/static/jsontwo"
SIGNIN_COOKIE = "jsontwo_signin_csrf"
#: what the page shows once after an action (see :func:`sessions.seal_flash`)
FLASH_COOKIE = "jsontwo_flash"
#: the sign-in form's cookie is only ever needed by the account pages
COOKIE_PATH = "/web/account"
#: a sign-in or key form is a few hundred bytes; anything far larger is not ours
MAX_FORM_BYTES = 16 * 1024
CSRF_ERROR = "Session expired (invalid CSRF token)"
SESSION_GONE = "Your session has expired or was ended. Please sign in again."
#: notices shown after a redirect, chosen by a fixed key so no text is reflected
NOTICES = {"signed-out": "You are signed out."}
PAGE_HEADERS = {
    # pages show who is signed in and their keys: never cache or frame them
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
}

Handler = Callable[[Request], Awaitable[Response]]


@dataclass(frozen=True, slots=True)
class Duration:
    """A lifetime a new key may be given, as the form offers it."""

    value: str
    label: str
    #: None: the key never expires
    days: int | None


DURATIONS = (
    Duration("1", "1 day", 1),
    Duration("7", "1 week", 7),
    Duration("30", "1 month", 30),
    Duration("90", "3 months", 90),
)
PERSISTENT = Duration("persistent", "Persistent (no expiry)", None)
#: the duration the form proposes: long enough to try an integration, not for ever
DEFAULT_DURATION = "30"


def _format_when(value: dt.datetime | None, empty: str = "—") -> str:
    """A stored datetime (UTC) as the page shows it."""
    if value is None:
        return empty
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value.strftime("%Y-%m-%d %H:%M UTC")


def _is_past(value: dt.datetime | None) -> bool:
    if value is None:
        return False
    now = dt.datetime.now(dt.UTC)
    # the ORM hands naive datetimes that are UTC
    return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)) <= now


def _templates() -> Environment:
    env = Environment(
        loader=PackageLoader("jsontwo.http", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["when"] = _format_when
    env.tests["past"] = _is_past
    env.globals.update(page=PAGE, static=STATIC_PREFIX)
    return env


TEMPLATES = _templates()


def _render(name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    html = TEMPLATES.get_template(name).render(**context)
    return HTMLResponse(html, status, headers=PAGE_HEADERS)


def _confirm_identity(visitor: Visitor, password: str, request: Request) -> None:
    """The signed-in user's current password, asked again before a key is made (as
    Odoo's identity check): a key acts as the user until revoked, and outlives a
    password change, so a session taken from a browser or a cookie jar must not
    be enough to make one. Failures count toward the login guard."""
    if not password:
        raise AccessDenied("Enter your password to create a key.")
    user = accounts.user_summary(visitor.registry, visitor.session.uid)
    try:
        uid = accounts.authenticate(
            visitor.registry, user.login, password, client_address(request.scope) or ""
        )
    except AccessDenied as exc:
        wrong = exc.message == accounts.WRONG_CREDENTIALS
        raise (AccessDenied("Wrong password.") if wrong else exc) from None
    if uid != visitor.session.uid:
        raise AccessDenied("Wrong password.")


def local_path(value: str | None) -> str | None:
    """``value`` when it is a path on this site (``/doc/res.partner?x=1``), where
    the sign-in may send the browser back to; None for anything else (another
    site, ``//host``, a backslash that a browser reads as a slash), so that the
    sign-in never becomes an open redirect."""
    if not value or not value.startswith("/") or value.startswith("//"):
        return None
    if "\\" in value or any(ord(c) < 32 or ord(c) == 127 for c in value):
        return None
    parts = urlsplit(value)
    return value if not parts.scheme and not parts.netloc else None


def _error_status(exc: JsonTwoError) -> int:
    """The status of a page that shows ``exc``: 403 refused, 404 missing, else 400."""
    if isinstance(exc, (AccessDenied, AccessError)):
        return 403
    if isinstance(exc, MissingError):
        return 404
    return 400


async def read_form(request: Request) -> dict[str, str]:
    """The fields of a urlencoded form (empty when it is not one, or far too large).

    An empty form has no CSRF token, so whatever is wrong with it ends as the
    CSRF error rather than a failure of its own.
    """
    mimetype = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if mimetype != "application/x-www-form-urlencoded":
        return {}
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            return {}
    return dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))


def offered_durations(user: accounts.UserSummary) -> list[Duration]:
    """The durations ``user`` may choose: within their limit, and persistent for admins."""
    limit = user.max_key_days
    offered = [d for d in DURATIONS if limit is None or (d.days or 0) <= limit]
    return [*offered, PERSISTENT] if user.is_admin else offered


def default_duration(offered: list[Duration]) -> str:
    """The duration selected at first: DEFAULT_DURATION, else the longest offered
    that expires (a user limited to a week gets a week)."""
    values = [d.value for d in offered]
    if DEFAULT_DURATION in values:
        return DEFAULT_DURATION
    expiring = [d for d in offered if d.days is not None]
    return max(expiring, key=lambda d: d.days or 0).value if expiring else values[0]


def guarded(handler: Handler) -> Handler:
    """Answer an unexpected failure with the page's own error, never a traceback."""

    async def run(request: Request) -> Response:
        try:
            return await handler(request)
        except Exception:
            _logger.exception("%s %s failed", request.method, request.url.path)
            return _render("error.html", {}, 500)

    return run


class AccountPages:
    """The routes of the account-security page, over the server's databases."""

    def __init__(self, databases: Databases) -> None:
        self.databases = databases

    def routes(self) -> list[BaseRoute]:
        """The page's routes and its static files, to mount in the Starlette app."""
        actions = {
            "signin": self.sign_in,
            "signout": self.sign_out,
            "keys": self.create_key,
            "keys/{key_id:int}/revoke": self.revoke_key,
        }
        routes: list[BaseRoute] = [Route(PAGE, guarded(self.show), methods=["GET", "HEAD"])]
        for path, handler in actions.items():
            routes.append(Route(f"{PAGE}/{path}", guarded(handler), methods=["POST"]))
            # a reload or a bookmark of an action's address goes back to the page
            routes.append(Route(f"{PAGE}/{path}", _back_to_page, methods=["GET", "HEAD"]))
        static = StaticFiles(directory=Path(__file__).parent / "static")
        routes.append(Mount(STATIC_PREFIX, app=static))
        return routes

    # -- who is signed in ---------------------------------------------------

    def visitor(self, request: Request) -> Visitor | None:
        """The signed-in user of this request, or None (no, bad, expired or stale cookie)."""
        return session_visitor(self.databases, request)

    async def _checked_form(self, request: Request) -> tuple[Visitor, dict[str, str]] | Response:
        """The visitor and form of a signed-in POST, or the page that refuses it."""
        form = await read_form(request)
        visitor = self.visitor(request)
        if visitor is None:
            return self._signin_page(request, error=SESSION_GONE, status=403)
        if not sessions.csrf_matches(visitor.cookie, visitor.secret, form.get("csrf_token")):
            return self._account_page(visitor, error=CSRF_ERROR, status=400)
        return visitor, form

    # -- pages --------------------------------------------------------------

    def _signin_page(
        self,
        request: Request,
        *,
        error: str | None = None,
        notice: str | None = None,
        status: int = 200,
        login: str = "",
        db: str = "",
        redirect: str | None = None,
    ) -> Response:
        """The sign-in form, with its double-submit CSRF cookie (reused when present);
        ``redirect``: the page of this site to go to once signed in."""
        token = request.cookies.get(SIGNIN_COOKIE) or sessions.new_presession_token()
        names = self.databases.names(request.headers.get("host"))
        several = len(names) > 1
        listable = self.databases.list_db  # --no-list-db: the name is typed, never listed
        nothing = "No database is served here." if self.databases.db_filter.active else None
        context = {
            "title": "Sign in",
            "csrf_token": token,
            "databases": names if several and listable else [],
            "ask_db": several and not listable,
            "selected_db": db,
            "login": login,
            "error": error or (None if names else nothing or "No database exists yet."),
            "notice": notice,
            "redirect": local_path(redirect) or "",
        }
        response = _render("signin.html", context, status)
        set_cookie(response, request, SIGNIN_COOKIE, token, None, COOKIE_PATH)
        return response

    def _account_page(
        self,
        visitor: Visitor,
        *,
        error: str | None = None,
        notice: str | None = None,
        status: int = 200,
        new_key: str | None = None,
        new_key_name: str = "",
        form: dict[str, str] | None = None,
        base_url: str = "",
    ) -> Response:
        """The signed-in page: the user's keys, the new-key form, and the new key once."""
        uid = visitor.session.uid
        user = accounts.user_summary(visitor.registry, uid)
        durations = offered_durations(user)
        form = form or {}
        context = {
            "title": "Account security",
            "user": user,
            "db": visitor.session.db,
            "keys": accounts.list_keys(visitor.registry, uid),
            "durations": durations,
            "csrf_token": sessions.csrf_token(visitor.cookie, visitor.secret),
            "error": error,
            "notice": notice,
            "new_key": new_key,
            "new_key_name": new_key_name,
            "base_url": base_url,
            "form": {"duration": default_duration(durations), **form},
        }
        return _render("security.html", context, status)

    # -- handlers -----------------------------------------------------------

    async def show(self, request: Request) -> Response:
        """``GET``: the account page when signed in, else the sign-in form; what
        the last action left to show (a new key, a revoked key's name), once."""
        notice = NOTICES.get(request.query_params.get("done", ""))
        redirect = local_path(request.query_params.get("redirect"))
        visitor = self.visitor(request)
        if visitor is None:
            return self._signin_page(request, notice=notice, redirect=redirect)
        if redirect:  # signed in already: straight to the page that asked for it
            return RedirectResponse(redirect, 303)
        # a HEAD shows nothing: it must not use up what the next GET is to show
        sealed = request.cookies.get(FLASH_COOKIE) if request.method == "GET" else None
        flash = sessions.open_flash(sealed, visitor.cookie, visitor.secret) if sealed else None
        flash = flash or {}
        if flash.get("kind") == "revoked":
            notice = f"The key “{flash.get('name', '')}” was revoked."
        new_key = flash.get("key") if flash.get("kind") == "new-key" else None
        response = self._account_page(
            visitor,
            notice=notice,
            new_key=new_key,
            new_key_name=flash.get("name", ""),
            base_url=str(request.base_url).rstrip("/"),
        )
        if sealed:
            forget_cookie(response, request, FLASH_COOKIE, PAGE)
        return response

    @staticmethod
    def _after(request: Request, visitor: Visitor, message: dict[str, str]) -> Response:
        """Back to the page, which shows ``message`` once (Post/Redirect/Get)."""
        response = RedirectResponse(PAGE, 303)
        sealed = sessions.seal_flash(visitor.cookie, visitor.secret, message)
        set_cookie(response, request, FLASH_COOKIE, sealed, None, PAGE)
        return response

    async def sign_in(self, request: Request) -> Response:
        """Check the password, then set the session cookie and go back to the page
        (or to the page of this site the form names in ``redirect``: ``/doc``)."""
        form = await read_form(request)
        login, db = form.get("login", "").strip(), form.get("db", "")
        redirect = local_path(form.get("redirect"))
        if not sessions.presession_matches(
            request.cookies.get(SIGNIN_COOKIE), form.get("csrf_token")
        ):
            return self._signin_page(
                request, error=CSRF_ERROR, status=400, login=login, db=db, redirect=redirect
            )
        try:
            db = self._chosen_database(db, request.headers.get("host"))
            cookie = self._open_session(db, login, form.get("password", ""), request)
        except JsonTwoError as exc:
            return self._signin_page(
                request,
                error=exc.message,
                status=_error_status(exc),
                login=login,
                db=db,
                redirect=redirect,
            )
        response = RedirectResponse(redirect or PAGE, 303)
        set_session_cookie(response, request, cookie)
        forget_cookie(response, request, SIGNIN_COOKIE, COOKIE_PATH)
        return response

    def _chosen_database(self, requested: str, host: str | None) -> str:
        """The database picked in the form, which must be served (or the only one)."""
        names = self.databases.names(host)
        if requested:
            if requested not in names:
                raise ValidationError(f"There is no database named {requested!r}.")
            return requested
        if len(names) > 1:
            raise ValidationError("Choose a database.")
        return self.databases.select(None, host)

    def _open_session(self, db: str, login: str, password: str, request: Request) -> str:
        """Authenticate and return the signed cookie value of the new session."""
        if not login or not password:
            raise AccessDenied("Enter your login and password.")
        registry = self.databases.registry(db)
        return open_session(registry, login, password, client_address(request.scope) or "")[1]

    async def sign_out(self, request: Request) -> Response:
        """Forget the session cookie (a stale session signs out without a token)."""
        form = await read_form(request)
        visitor = self.visitor(request)
        if visitor is not None and not sessions.csrf_matches(
            visitor.cookie, visitor.secret, form.get("csrf_token")
        ):
            return self._account_page(visitor, error=CSRF_ERROR, status=400)
        response = RedirectResponse(f"{PAGE}?done=signed-out", 303)
        forget_session_cookie(response, request)
        return response

    async def create_key(self, request: Request) -> Response:
        """Create a key, then back to the page, which shows it once."""
        checked = await self._checked_form(request)
        if isinstance(checked, Response):
            return checked
        visitor, form = checked
        name = form.get("name", "").strip()
        try:
            days = self._requested_days(visitor, name, form.get("duration", ""))
            _confirm_identity(visitor, form.get("password", ""), request)
            key = accounts.create_key(
                visitor.registry, visitor.session.uid, name, days, client_address(request.scope)
            )
        except JsonTwoError as exc:
            return self._account_page(
                visitor, error=exc.message, status=_error_status(exc), form=form
            )
        return self._after(request, visitor, {"kind": "new-key", "key": key, "name": name})

    @staticmethod
    def _requested_days(visitor: Visitor, name: str, duration: str) -> int | None:
        """The key's lifetime in days from the form (None: persistent), checked first here.

        The service enforces the same limits; checking here too gives the
        form's own messages for what the form itself never offers.
        """
        if not name:
            raise ValidationError("Describe the key: what will use it?")
        user = accounts.user_summary(visitor.registry, visitor.session.uid)
        chosen = next((d for d in offered_durations(user) if d.value == duration), None)
        if chosen is None:
            raise ValidationError("Choose one of the durations offered.")
        return chosen.days

    async def revoke_key(self, request: Request) -> Response:
        """Revoke one key, then back to the page."""
        checked = await self._checked_form(request)
        if isinstance(checked, Response):
            return checked
        visitor, _form = checked
        uid = visitor.session.uid
        try:
            key_id = int(request.path_params["key_id"])
            names = {key.id: key.name for key in accounts.list_keys(visitor.registry, uid)}
            accounts.revoke_key(visitor.registry, uid, key_id, client_address(request.scope))
        except JsonTwoError as exc:
            return self._account_page(visitor, error=exc.message, status=_error_status(exc))
        return self._after(request, visitor, {"kind": "revoked", "name": names.get(key_id, "")})


async def _back_to_page(_request: Request) -> Response:
    return RedirectResponse(PAGE, 303)


def account_routes(databases: Databases) -> list[BaseRoute]:
    """The account-security page's routes, for the server's Starlette application."""
    return AccountPages(databases).routes()
