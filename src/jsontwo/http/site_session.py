"""The site-wide browser session: who a request's ``session_id`` cookie signs in.

One session serves the whole site: signing in on the account page
(:mod:`jsontwo.http.pages`) or with ``/web/session/authenticate``
(:mod:`jsontwo.http.web_session`) sets the same cookie, and both read it back
here. The cookie's format (signature, expiry, fingerprint) is
:mod:`jsontwo.http.sessions`; what it says about a user is checked with
:mod:`jsontwo.service.accounts`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from jsontwo.exceptions import AccessDenied, JsonTwoError
from jsontwo.http import sessions
from jsontwo.service import Databases, Registry, accounts


@dataclass(frozen=True, slots=True)
class Visitor:
    """A signed-in browser: its verified session and what verifying it needed."""

    registry: Registry
    session: sessions.Session
    cookie: str
    #: the database's secrets (the last signs, any verifies)
    secret: tuple[str, ...]


def is_https(request: Request) -> bool:
    """Whether the browser reached us over https (directly or through a proxy)."""
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return request.url.scheme == "https" or forwarded == "https"


def set_cookie(
    response: Response, request: Request, name: str, value: str, max_age: int | None, path: str
) -> None:
    """Set a cookie of ours: HttpOnly (scripts never need them), SameSite=Lax (not
    sent on cross-site POSTs), Secure when the browser came over https."""
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path=path,
        secure=is_https(request),
        httponly=True,
        samesite="lax",
    )


def forget_cookie(response: Response, request: Request, name: str, path: str) -> None:
    """Clear a cookie :func:`set_cookie` set (same name and path)."""
    response.delete_cookie(name, path=path, secure=is_https(request), httponly=True, samesite="lax")


def set_session_cookie(response: Response, request: Request, value: str) -> None:
    """Set the session cookie (``session_id``, the whole site) to ``value``."""
    set_cookie(
        response,
        request,
        sessions.SESSION_COOKIE,
        value,
        sessions.SESSION_TTL_SECONDS,
        sessions.SESSION_COOKIE_PATH,
    )


def forget_session_cookie(response: Response, request: Request) -> None:
    """Clear the session cookie: the browser is signed out everywhere."""
    forget_cookie(response, request, sessions.SESSION_COOKIE, sessions.SESSION_COOKIE_PATH)


def session_visitor(
    databases: Databases, request: Request, fingerprint: bool = True
) -> Visitor | None:
    """The signed-in user of ``request``'s session cookie, or None (no, bad,
    expired or stale cookie, or a database this server does not serve to the
    request's host): a signature that checks under the database's secret, an
    expiry to come, and (unless ``fingerprint`` is false: the caller checks it
    in its own transaction) the user's fingerprint unchanged (same password and
    login, still active)."""
    cookie = request.cookies.get(sessions.SESSION_COOKIE)
    if not cookie:
        return None
    db = sessions.peek_database(cookie)
    # only a served database may be opened on the word of an unverified cookie
    if db is None or db not in databases.names(request.headers.get("host")):
        return None
    try:
        registry = databases.registry(db)
        secret = accounts.session_secrets(registry)
        session = sessions.read_session(cookie, secret, time.time())
        if session is None:
            return None
        if fingerprint:
            current = accounts.session_fingerprint(registry, session.uid)
            if not sessions.fingerprint_matches(session, current):
                return None
    except JsonTwoError:
        return None
    return Visitor(registry, session, cookie, secret)


def open_session(
    registry: Registry, login: str, password: str, remote_addr: str
) -> tuple[int, str]:
    """Check ``login``'s password (never an API key: a browser session must not
    outlive a key's revocation; failures count toward the login guard) and
    return the user's id and the signed cookie value of their new session.
    AccessDenied "Wrong login/password" (or the login guard's refusal) otherwise."""
    uid = accounts.authenticate(registry, login, password, remote_addr)
    fingerprint = accounts.session_fingerprint(registry, uid)
    if fingerprint is None:
        raise AccessDenied(accounts.WRONG_CREDENTIALS)
    session = sessions.new_session(registry.database.name, uid, fingerprint, time.time())
    return uid, sessions.encode_session(session, accounts.session_secrets(registry))


__all__ = [
    "Visitor",
    "forget_cookie",
    "forget_session_cookie",
    "is_https",
    "open_session",
    "session_visitor",
    "set_cookie",
    "set_session_cookie",
]
