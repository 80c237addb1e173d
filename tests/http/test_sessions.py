"""Signed session cookies and CSRF tokens, as pure functions."""

from __future__ import annotations

import base64
import json

from jsontwo.http import sessions
from jsontwo.http.sessions import Session

SECRET = "s3cret-of-the-database"
NOW = 1_700_000_000.0


def cookie_for(session: Session, secret: str = SECRET) -> str:
    """The cookie value of ``session`` signed with ``secret``."""
    return sessions.encode_session(session, secret)


def fresh() -> Session:
    """A session of uid 2 in database ``demo`` that starts now."""
    return sessions.new_session("demo", 2, "fp-1", NOW)


def test_a_cookie_reads_back_as_its_session() -> None:
    session = fresh()
    assert sessions.read_session(cookie_for(session), SECRET, NOW + 60) == session
    assert session.expires == int(NOW) + 7 * 24 * 3600  # 7 days


def test_the_database_can_be_read_before_verifying() -> None:
    assert sessions.peek_database(cookie_for(fresh())) == "demo"
    assert sessions.peek_database("garbage") is None
    assert sessions.peek_database("") is None


def test_a_tampered_payload_is_refused() -> None:
    value = cookie_for(fresh())
    body, signature = value.split(".")
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    payload[1] = 1  # claim to be someone else
    forged = base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()
    assert sessions.read_session(f"{forged}.{signature}", SECRET, NOW) is None


def test_a_tampered_signature_is_refused() -> None:
    value = cookie_for(fresh())
    flipped = value[:-1] + ("A" if value[-1] != "A" else "B")
    assert sessions.read_session(flipped, SECRET, NOW) is None
    assert sessions.read_session(value.split(".")[0], SECRET, NOW) is None
    assert sessions.read_session("", SECRET, NOW) is None


def test_another_databases_secret_does_not_verify() -> None:
    assert sessions.read_session(cookie_for(fresh(), "other"), SECRET, NOW) is None


def test_an_expired_cookie_is_refused() -> None:
    session = fresh()
    value = cookie_for(session)
    assert sessions.read_session(value, SECRET, session.expires - 1) == session
    assert sessions.read_session(value, SECRET, session.expires) is None
    assert sessions.read_session(value, SECRET, session.expires + 3600) is None


def test_a_well_signed_payload_of_the_wrong_shape_is_refused() -> None:
    body = base64.urlsafe_b64encode(b'["demo","2","fp",1]').rstrip(b"=").decode()
    signature = sessions.encode_session(fresh(), SECRET).split(".")[1]
    assert sessions.read_session(f"{body}.{signature}", SECRET, NOW) is None


def test_the_fingerprint_must_still_be_the_users() -> None:
    session = fresh()
    assert sessions.fingerprint_matches(session, "fp-1")
    # the password changed
    assert not sessions.fingerprint_matches(session, "fp-2")
    # the user was archived or deleted
    assert not sessions.fingerprint_matches(session, None)


def test_the_csrf_token_belongs_to_one_session_and_secret() -> None:
    value = cookie_for(fresh())
    token = sessions.csrf_token(value, SECRET)
    assert sessions.csrf_matches(value, SECRET, token)
    assert not sessions.csrf_matches(value, SECRET, None)
    assert not sessions.csrf_matches(value, SECRET, "")
    for other in "0AB":  # any other last character (base64's unused bits too)
        if other != token[-1]:
            assert not sessions.csrf_matches(value, SECRET, token[:-1] + other)
    assert not sessions.csrf_matches(value, "other", token)
    later = cookie_for(sessions.new_session("demo", 2, "fp-1", NOW + 1))
    assert not sessions.csrf_matches(later, SECRET, token)


def test_the_csrf_token_is_not_the_cookies_signature() -> None:
    value = cookie_for(fresh())
    assert sessions.csrf_token(value, SECRET) not in value


def test_the_signin_double_submit_token() -> None:
    token = sessions.new_presession_token()
    assert len(token) >= 40
    assert token != sessions.new_presession_token()
    assert sessions.presession_matches(token, token)
    assert not sessions.presession_matches(token, token + "x")
    assert not sessions.presession_matches(None, token)
    assert not sessions.presession_matches(token, None)
    assert not sessions.presession_matches("", "")


def test_a_flash_opens_only_in_its_session() -> None:
    """What the account page shows once after a redirect (a new key) opens for the
    session it was sealed for, under its database's secret, untouched; else None."""
    mine, theirs = cookie_for(fresh()), cookie_for(sessions.new_session("demo", 7, "fp-7", NOW))
    message = {"kind": "new-key", "key": "0" * 40, "name": "CI"}
    sealed = sessions.seal_flash(mine, SECRET, message)
    assert sessions.open_flash(sealed, mine, SECRET) == message
    assert sessions.open_flash(sealed, theirs, SECRET) is None
    assert sessions.open_flash(sealed, mine, "another secret") is None
    body, _, signature = sealed.partition(".")
    forged = base64.urlsafe_b64encode(json.dumps({"kind": "revoked", "name": "x"}).encode())
    assert sessions.open_flash(f"{forged.decode().rstrip('=')}.{signature}", mine, SECRET) is None
    assert sessions.open_flash(body, mine, SECRET) is None


def test_key_rotation_the_newest_secret_signs_every_one_verifies() -> None:
    """A database's secrets are a list: cookies, CSRF tokens and flashes signed
    under an older secret keep working after a new one is added (the last signs)."""
    old_cookie = cookie_for(fresh(), "old secret")
    rotated = ("old secret", SECRET)
    assert sessions.read_session(old_cookie, rotated, NOW) == fresh()
    new_cookie = sessions.encode_session(fresh(), rotated)
    assert new_cookie == cookie_for(fresh(), SECRET)  # the newest signs
    assert sessions.read_session(new_cookie, "old secret", NOW) is None
    token = sessions.csrf_token(old_cookie, "old secret")
    assert sessions.csrf_matches(old_cookie, rotated, token)
    assert sessions.csrf_token(old_cookie, rotated) == sessions.csrf_token(old_cookie, SECRET)
    sealed = sessions.seal_flash(old_cookie, "old secret", {"key": "value"})
    assert sessions.open_flash(sealed, old_cookie, rotated) == {"key": "value"}
    # a secret taken out of the list no longer verifies
    assert sessions.read_session(old_cookie, (SECRET,), NOW) is None
    assert not sessions.csrf_matches(old_cookie, (SECRET,), token)
    assert sessions.open_flash(sealed, old_cookie, (SECRET,)) is None


def test_a_signature_changed_in_its_unused_bits_is_refused() -> None:
    value = cookie_for(fresh())
    body, signature = value.split(".")
    bits = base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4))
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    index = alphabet.index(signature[-1])
    twin = signature[:-1] + alphabet[index ^ 1]  # the same bytes, written otherwise
    assert base64.urlsafe_b64decode(twin + "=" * (-len(twin) % 4)) == bits
    assert sessions.read_session(f"{body}.{twin}", SECRET, NOW) is None
