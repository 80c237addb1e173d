"""Stateless browser sessions: signed cookies and CSRF tokens.

Workers keep no session store (any worker may serve a browser's next request,
and none shares memory with another), so everything a session needs travels in
its cookie, signed with HMAC-SHA256 under the database's secret: the database
name, the user id, the user's fingerprint and an expiry. The fingerprint changes when the password changes or the user is
archived, which kills every cookie issued before; the caller compares it with
the current one (:func:`fingerprint_matches`).

A session's CSRF token is an HMAC of the cookie's value under the same secret,
so it needs no storage either. Before sign-in there is no secret yet (the
database is not chosen), so the sign-in form uses a random double-submit token
instead: the same value in a cookie and in the form.

Everything here is a pure function of its arguments (time included), so that
it can be tested without a server; :mod:`jsontwo.http.site_session` reads and
sets the cookie of a request.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass

#: how long a sign-in lasts (Odoo's default session lifetime too)
SESSION_TTL_SECONDS = 7 * 24 * 3600
#: the session cookie: Odoo's name, for the whole site, so that one sign-in (the
#: account page's form or ``/web/session/authenticate``) is one session for both
SESSION_COOKIE = "session_id"
SESSION_COOKIE_PATH = "/"
#: separates the CSRF token's MAC from the cookie's, though both use one secret
_CSRF_PURPOSE = b"jsontwo-csrf\x00"
_SESSION_PURPOSE = b"jsontwo-session\x00"
_FLASH_PURPOSE = b"jsontwo-flash\x00"


@dataclass(frozen=True, slots=True)
class Session:
    """What a signed session cookie says: who, in which database, until when."""

    db: str
    uid: int
    fingerprint: str
    #: Unix time after which the cookie is refused
    expires: int


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    # the padding was stripped to keep cookie values short; put it back
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(secret: str, purpose: bytes, message: bytes) -> bytes:
    return hmac.new(secret.encode(), purpose + message, hashlib.sha256).digest()


def new_session(db: str, uid: int, fingerprint: str, now: float) -> Session:
    """A session for ``uid`` in ``db`` starting at ``now`` (Unix time)."""
    return Session(db, uid, fingerprint, int(now) + SESSION_TTL_SECONDS)


def encode_session(session: Session, secret: str) -> str:
    """The cookie value of ``session``: ``<payload>.<signature>``, both base64url."""
    payload = json.dumps(
        [session.db, session.uid, session.fingerprint, session.expires], separators=(",", ":")
    ).encode()
    body = _b64encode(payload)
    return f"{body}.{_b64encode(_mac(secret, _SESSION_PURPOSE, body.encode()))}"


def _parse_payload(value: str) -> Session | None:
    body, _, _signature = value.partition(".")
    try:
        db, uid, fingerprint, expires = json.loads(_b64decode(body))
    except (ValueError, TypeError, binascii.Error):
        return None
    if not (
        isinstance(db, str)
        and isinstance(uid, int)
        and isinstance(fingerprint, str)
        and isinstance(expires, int)
    ):
        return None
    return Session(db, uid, fingerprint, expires)


def peek_database(value: str) -> str | None:
    """The database a cookie names, NOT verified.

    The secret that verifies a cookie belongs to its database, so the name
    must be read first; the caller checks it is a served database before
    fetching that secret, then verifies with :func:`read_session`.
    """
    session = _parse_payload(value)
    return session.db if session else None


def read_session(value: str, secret: str, now: float) -> Session | None:
    """The session of a cookie value if its signature is good and it has not expired."""
    body, dot, signature = value.partition(".")
    if not dot:
        return None
    expected = _b64encode(_mac(secret, _SESSION_PURPOSE, body.encode()))
    if not hmac.compare_digest(expected.encode(), signature.encode()):
        return None
    session = _parse_payload(value)
    if session is None or session.expires <= now:
        return None
    return session


def fingerprint_matches(session: Session, current: str | None) -> bool:
    """Whether the user is still the one the cookie was issued to.

    ``current`` is the service's fingerprint now (None when the user is gone
    or archived, which never matches).
    """
    return current is not None and hmac.compare_digest(
        session.fingerprint.encode(), current.encode()
    )


def csrf_token(session_value: str, secret: str) -> str:
    """The CSRF token of a signed-in form: bound to that exact session cookie."""
    return _mac(secret, _CSRF_PURPOSE, session_value.encode()).hex()


def csrf_matches(session_value: str, secret: str, submitted: str | None) -> bool:
    """Whether a form's ``csrf_token`` is the one of this session."""
    if not submitted:
        return False
    return hmac.compare_digest(csrf_token(session_value, secret).encode(), submitted.encode())


def new_presession_token() -> str:
    """A random token for the sign-in form's double-submit cookie."""
    return secrets.token_urlsafe(32)


def presession_matches(cookie: str | None, submitted: str | None) -> bool:
    """Whether the sign-in form sent back the token its cookie holds."""
    if not cookie or not submitted:
        return False
    return hmac.compare_digest(cookie.encode(), submitted.encode())


def seal_flash(session_value: str, secret: str, message: dict[str, str]) -> str:
    """A cookie value carrying ``message`` to the next page of this session only
    (what a Post/Redirect/Get shows once: a new key, the name of a revoked one),
    signed so that nobody else can make the page show a text of theirs."""
    body = _b64encode(json.dumps(message, separators=(",", ":")).encode())
    mac = _mac(secret, _FLASH_PURPOSE, f"{session_value}\x00{body}".encode())
    return f"{body}.{_b64encode(mac)}"


def open_flash(value: str, session_value: str, secret: str) -> dict[str, str] | None:
    """The message :func:`seal_flash` sealed for this session, else None."""
    body, dot, signature = value.partition(".")
    if not dot:
        return None
    mac = _mac(secret, _FLASH_PURPOSE, f"{session_value}\x00{body}".encode())
    if not hmac.compare_digest(_b64encode(mac).encode(), signature.encode()):
        return None
    try:
        message = json.loads(_b64decode(body))
    except (ValueError, binascii.Error):
        return None
    if not isinstance(message, dict) or not all(isinstance(v, str) for v in message.values()):
        return None
    return message
