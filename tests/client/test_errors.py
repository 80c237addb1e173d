"""Error answers turned into exceptions: by the last part of their name, or by
their status when the body is no JSON error object."""

from __future__ import annotations

import json

import pytest

from jsontwo.client import errors
from jsontwo.client.errors import error_from_answer


def answer(name: str, message: str = "it failed", **extra: object) -> bytes:
    """A JSON error object as Odoo 19 and jsontwo send it."""
    body = {"name": name, "message": message, "arguments": [message], "context": {}, "debug": ""}
    return json.dumps({**body, **extra}).encode()


@pytest.mark.parametrize(
    ("status", "name", "cls"),
    [
        (422, "odoo.exceptions.UserError", errors.UserError),
        (422, "odoo.exceptions.ValidationError", errors.ValidationError),
        (403, "odoo.exceptions.AccessError", errors.AccessError),
        (403, "odoo.exceptions.AccessDenied", errors.AccessDenied),
        (404, "odoo.exceptions.MissingError", errors.MissingError),
        (409, "odoo.exceptions.LockError", errors.LockError),
        (500, "odoo.exceptions.RedirectWarning", errors.RedirectWarning),
        (500, "odoo.exceptions.ConcurrencyError", errors.ConcurrencyError),
        (500, "psycopg2.errors.SerializationFailure", errors.SerializationFailure),
        (500, "psycopg2.errors.DeadlockDetected", errors.DeadlockDetected),
        (500, "psycopg2.errors.LockNotAvailable", errors.LockNotAvailable),
        (401, "odoo.http.SessionExpiredException", errors.SessionExpiredException),
        (401, "werkzeug.exceptions.Unauthorized", errors.Unauthorized),
        (404, "werkzeug.exceptions.NotFound", errors.NotFound),
        (415, "werkzeug.exceptions.UnsupportedMediaType", errors.UnsupportedMediaType),
        (422, "werkzeug.exceptions.UnprocessableEntity", errors.UnprocessableEntity),
        (500, "builtins.ValueError", errors.ServerError),
        (500, "psycopg2.errors.QueryCanceled", errors.ServerError),
        (418, "odoo.addons.custom.TeapotError", errors.OdooError),
    ],
)
def test_the_class_is_named_after_the_error(status: int, name: str, cls: type) -> None:
    exc = error_from_answer(status, answer(name, "why", context=None))
    assert type(exc) is cls
    assert (exc.status, exc.name, exc.message, exc.arguments) == (status, name, "why", ["why"])
    assert exc.context == {}  # Odoo's null context


def test_odoo_and_werkzeug_families_can_be_caught_together() -> None:
    assert isinstance(
        error_from_answer(422, answer("odoo.exceptions.ValidationError")), errors.UserError
    )
    assert isinstance(
        error_from_answer(404, answer("werkzeug.exceptions.NotFound")), errors.HTTPError
    )


def test_only_concurrency_errors_are_retryable() -> None:
    retryable = {
        name
        for name, cls in errors.BY_NAME.items()
        if error_from_answer(500, answer(f"x.{name}")).retryable
    }
    assert retryable == {
        "ConcurrencyError",
        "SerializationFailure",
        "DeadlockDetected",
        "LockNotAvailable",
    }
    assert not error_from_answer(500, answer("builtins.ValueError")).retryable


def test_an_html_error_page_is_read_by_its_status() -> None:
    # Odoo 19 answers a missing database with an HTML page, not the JSON object
    page = (
        b"<html><head><style>p{}</style></head><body><h1>Not Found</h1><p>No db.</p></body></html>"
    )
    exc = error_from_answer(404, page)
    assert type(exc) is errors.NotFound
    assert (exc.name, exc.message) == ("werkzeug.exceptions.NotFound", "Not Found No db.")
    bad_gateway = error_from_answer(502, b"")
    assert type(bad_gateway) is errors.ServerError
    assert (bad_gateway.name, bad_gateway.message) == ("HTTP 502", "HTTP 502")


def test_a_long_page_is_cut_short() -> None:
    exc = error_from_answer(500, b"x" * 5000)
    assert len(exc.message) == errors.SNIPPET and exc.message.endswith("…")
