"""Python calls turned into JSON-2 bodies, and the retry policy."""

from __future__ import annotations

import datetime as dt

import pytest

from jsontwo.client.calls import POSITIONAL, RetryPolicy, call_body, expiration_text
from jsontwo.client.errors import OdooError, SerializationFailure, ValidationError


def test_positional_arguments_take_the_names_of_the_method() -> None:
    assert call_body("res.partner", "search_read", ([["id", "=", 1]], ["name"]), {"limit": 5}) == {
        "domain": [["id", "=", 1]],
        "fields": ["name"],
        "limit": 5,
    }
    # a record method's first argument is JSON-2's own "ids"
    assert call_body("res.partner", "write", ((7, 8), {"name": "x"}), {}) == {
        "ids": [7, 8],
        "vals": {"name": "x"},
    }
    assert call_body("res.partner", "unlink", ([7],), {}) == {"ids": [7]}


def test_keyword_arguments_and_the_context_are_sent_as_they_are() -> None:
    body = call_body(
        "res.partner", "action_custom", (), {"ids": 3, "mode": "fast"}, {"lang": "en_US"}
    )
    assert body == {"context": {"lang": "en_US"}, "ids": 3, "mode": "fast"}
    # a call's context replaces the proxy's
    assert call_body("res.partner", "search", ([],), {"context": {}}, {"lang": "en_US"}) == {
        "context": {},
        "domain": [],
    }


def test_positional_arguments_a_method_does_not_take_are_refused() -> None:
    with pytest.raises(
        TypeError, match=r"JSON-2 takes named arguments only: call x\.y\.go\(name=value"
    ):
        call_body("x.y", "go", (1,), {})
    with pytest.raises(TypeError, match="unlink takes at most 1 positional argument"):
        call_body("x.y", "unlink", ([1], 2), {})
    with pytest.raises(TypeError, match="multiple values for argument 'domain'"):
        call_body("x.y", "search", ([],), {"domain": []})


def test_every_positional_method_names_distinct_parameters() -> None:
    for names in POSITIONAL.values():
        assert len(set(names)) == len(names)
        assert "ids" not in names[1:]  # only ever first


def test_expiration_dates_are_sent_in_utc() -> None:
    assert expiration_text(dt.date(2027, 2, 1)) == "2027-02-01"
    assert expiration_text(dt.datetime(2027, 2, 1, 12, 30)) == "2027-02-01 12:30:00"
    paris = dt.timezone(dt.timedelta(hours=1))
    assert expiration_text(dt.datetime(2027, 2, 1, 12, 30, tzinfo=paris)) == "2027-02-01 11:30:00"
    assert expiration_text(None) is None


def test_the_policy_retries_conflicts_and_unreachable_servers_only() -> None:
    policy = RetryPolicy(retries=2)
    conflict = SerializationFailure(
        500, "psycopg2.errors.SerializationFailure", "could not serialize"
    )
    refused = ValidationError(422, "odoo.exceptions.ValidationError", "no")
    assert policy.should_retry(conflict, 1) and policy.should_retry(conflict, 2)
    assert not policy.should_retry(conflict, 3)  # 1 try + 2 retries
    assert not policy.should_retry(refused, 1)
    assert not policy.should_retry(OdooError(500, "builtins.ValueError", "bad"), 1)
    assert policy.should_retry(ConnectionRefusedError(), 1)
    assert not RetryPolicy(retries=0).should_retry(conflict, 1)


def test_the_waits_grow_and_stay_bounded() -> None:
    policy = RetryPolicy(backoff=0.5, max_backoff=3.0)
    for attempt, ceiling in ((1, 0.5), (2, 1.0), (3, 2.0), (4, 3.0), (10, 3.0)):
        assert all(0 <= policy.delay(attempt) <= ceiling for _ in range(50))
    assert RetryPolicy(backoff=0).delay(3) == 0
    with pytest.raises(ValueError, match="retries"):
        RetryPolicy(retries=-1)
