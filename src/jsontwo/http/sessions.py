"""Stateless browser sessions: signed cookies and CSRF tokens.

Workers keep no session store (any worker may serve a browser's next request,
and none shares memory with another), so everything a session needs travels in
its cookie, signed (itsdangerous, HMAC-SHA256) under the database's secrets: the
database name, the user id, the user's fingerprint and an expiry. The secrets are
a list for key rotation: the newest (the last) signs, every one verifies, so the
cookies signed before a new secret was added keep working until they expire. The fingerprint changes when the password changes or the user is
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
from collections.abc import Sequence
from dataclasses import dataclass

from itsdangerous import BadSignature, Signer
from itsdangerous.encoding import base64_decode, base64_encode

#: a database's signing secrets: one, or several (oldest first; the last signs)
Secrets = str | Sequence[str]

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


def _signer(secret: Secrets, purpose: bytes) -> Signer:
    """The signer of one kind of value (``purpose``) under ``secret``: signs with
    the newest secret, verifies with any."""
    keys = [secret] if isinstance(secret, str) else list(secret)
    return Signer(keys, salt=purpose, digest_method=hashlib.sha256, key_derivation="hmac")


def _verified(signer: Signer, value: str) -> str | None:
    """``value`` without its signature when the signature is good, else None."""
    if not _canonical(value.rpartition(".")[2]):
        return None
    try:
        return signer.unsign(value).decode()
    except (BadSignature, UnicodeDecodeError):
        return None


def _canonical(signature: str) -> bool:
    """Whether ``signature`` is written the one way its bytes are: base64 leaves
    the last character's low bits unused, and a signature changed there (which
    itsdangerous would accept, the bytes being the same) is refused too."""
    try:
        return base64_encode(base64_decode(signature)).decode() == signature
    except (BadSignature, UnicodeError):
        return False


def new_session(db: str, uid: int, fingerprint: str, now: float) -> Session:
    """A session for ``uid`` in ``db`` starting at ``now`` (Unix time)."""
    return Session(db, uid, fingerprint, int(now) + SESSION_TTL_SECONDS)


def encode_session(session: Session, secret: Secrets) -> str:
    """The cookie value of ``session``: ``<payload>.<signature>``, both base64url."""
    payload = json.dumps(
        [session.db, session.uid, session.fingerprint, session.expires], separators=(",", ":")
    ).encode()
    return _signer(secret, _SESSION_PURPOSE).sign(_b64encode(payload)).decode()


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


def read_session(value: str, secret: Secrets, now: float) -> Session | None:
    """The session of a cookie value if its signature is good (under any of the
    secrets) and it has not expired."""
    if _verified(_signer(secret, _SESSION_PURPOSE), value) is None:
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


def csrf_token(session_value: str, secret: Secrets) -> str:
    """The CSRF token of a signed-in form: bound to that exact session cookie (its
    signature under the newest secret)."""
    return _signer(secret, _CSRF_PURPOSE).get_signature(session_value).decode()


def csrf_matches(session_value: str, secret: Secrets, submitted: str | None) -> bool:
    """Whether a form's ``csrf_token`` is the one of this session (under any secret)."""
    if not submitted or not _canonical(submitted):
        return False
    signer = _signer(secret, _CSRF_PURPOSE)
    return signer.verify_signature(session_value.encode(), submitted.encode())


def new_presession_token() -> str:
    """A random token for the sign-in form's double-submit cookie."""
    return secrets.token_urlsafe(32)


def presession_matches(cookie: str | None, submitted: str | None) -> bool:
    """Whether the sign-in form sent back the token its cookie holds."""
    if not cookie or not submitted:
        return False
    return hmac.compare_digest(cookie.encode(), submitted.encode())


def seal_flash(session_value: str, secret: Secrets, message: dict[str, str]) -> str:
    """A cookie value carrying ``message`` to the next page of this session only
    (what a Post/Redirect/Get shows once: a new key, the name of a revoked one),
    signed so that nobody else can make the page show a text of theirs."""
    body = _b64encode(json.dumps(message, separators=(",", ":")).encode())
    signature = _signer(secret, _FLASH_PURPOSE).get_signature(f"{session_value}\x00{body}")
    return f"{body}.{signature.decode()}"


def open_flash(value: str, session_value: str, secret: Secrets) -> dict[str, str] | None:
    """The message :func:`seal_flash` sealed for this session, else None."""
    body, dot, signature = value.partition(".")
    if not dot or not _canonical(signature):
        return None
    try:
        sealed = f"{session_value}\x00{body}".encode()
        if not _signer(secret, _FLASH_PURPOSE).verify_signature(sealed, signature.encode()):
            return None
        message = json.loads(_b64decode(body))
    except (ValueError, binascii.Error):  # UnicodeEncodeError is a ValueError
        return None
    if not isinstance(message, dict) or not all(isinstance(v, str) for v in message.values()):
        return None
    return message
