"""The synchronous client against a real ``jsontwo serve``, on both backends."""

from __future__ import annotations

import datetime as dt
import logging
import re

import pytest

from jsontwo.client import (
    AccessError,
    Client,
    MissingError,
    NotFound,
    OdooConnectionError,
    OdooError,
    ServerError,
    Unauthorized,
    UnprocessableEntity,
    UserError,
    ValidationError,
)
from tests.client.conftest import Served, unique
from tests.conftest import free_port

pytestmark = pytest.mark.server


def test_search_read_answers_records_as_dicts(client: Client) -> None:
    partners = client["res.partner"]
    companies = partners.search_read([["is_company", "=", True]], fields=["name"], order="name")
    assert {"id": 9, "name": "Acme Corporation"} in companies
    assert all(set(row) == {"id", "name"} for row in companies)
    # the same call with every argument named, as JSON-2 sends it
    assert (
        partners.search_read(domain=[["is_company", "=", True]], fields=["name"], order="name")
        == companies
    )


def test_a_record_from_create_to_unlink(client: Client) -> None:
    partners = client["res.partner"]
    name = unique("client lifecycle")
    [new_id] = partners.create({"name": name, "is_company": True})
    assert partners.read([new_id], ["name", "email"]) == [
        {"id": new_id, "name": name, "email": False}
    ]
    assert partners.write([new_id], {"email": "hello@example.com"}) is True
    # ids may be given as JSON-2's own key, one id or a list
    assert partners.read(ids=new_id, fields=["email"]) == [
        {"id": new_id, "email": "hello@example.com"}
    ]
    assert partners.search_count([["name", "=", name]]) == 1
    assert partners.unlink([new_id]) is True
    assert partners.search([["name", "=", name]]) == []


def test_the_context_travels_with_the_call(client: Client) -> None:
    partners = client["res.partner"]
    name = unique("client archived")
    [archived] = partners.create({"name": name, "active": False})
    domain = [["name", "=", name]]
    assert partners.search(domain) == []
    assert partners.search(domain, context={"active_test": False}) == [archived]
    assert partners.with_context(active_test=False).search(domain) == [archived]
    # a call's own context replaces the proxy's, as JSON-2 replaces the whole context
    assert partners.with_context(active_test=False).search(domain, context={}) == []
    with pytest.raises(UserError) as caught:
        partners.search_read(domain, fields=["name"], context={"lang": "xx_XX"})
    assert (caught.value.status, caught.value.message) == (422, "Invalid language code: xx_XX")


@pytest.mark.parametrize(
    ("model", "method", "body", "error", "status", "message"),
    [
        (
            "res.partner",
            "write",
            {"ids": [999999], "vals": {"name": "x"}},
            MissingError,
            404,
            "Record does not exist",
        ),
        (
            "res.nope",
            "search",
            {"domain": []},
            NotFound,
            404,
            "the model 'res.nope' does not exist",
        ),
        (
            "res.partner",
            "create",
            {"vals_list": {}},
            ValidationError,
            422,
            "The operation cannot be completed",
        ),
        ("res.partner", "_read", {}, AccessError, 403, "Private methods"),
        (
            "res.partner",
            "search",
            {},
            UnprocessableEntity,
            422,
            "missing a required argument: 'domain'",
        ),
        (
            "res.partner",
            "search",
            {"domain": [["nope", "=", 1]]},
            ServerError,
            500,
            "Invalid field res.partner.nope",
        ),
    ],
)
def test_errors_are_raised_as_the_class_of_their_name(
    client: Client,
    served: Served,
    model: str,
    method: str,
    body: dict[str, object],
    error: type[OdooError],
    status: int,
    message: str,
) -> None:
    with pytest.raises(error) as caught:
        client.call(model, method, body)
    exc = caught.value
    assert exc.status == status
    assert exc.message.startswith(message)
    assert exc.name.rsplit(".", 1)[-1] in (error.__name__, "ValueError")
    assert exc.context == {} and exc.debug == ""
    assert str(exc).startswith(f"{exc.name} ({status}): {message}")
    # the call's id is the one the server logged
    assert exc.request_id and served.log_lines(exc.request_id)


def test_a_wrong_key_or_database_is_refused(served: Served) -> None:
    with (
        Client(served.url, "0" * 40, database=served.db) as odoo,
        pytest.raises(Unauthorized) as caught,
    ):
        odoo["res.partner"].search_count([])
    assert (caught.value.status, caught.value.message) == (401, "Invalid apikey")
    with Client(served.url, served.key, database="nope_db") as odoo, pytest.raises(NotFound):
        odoo["res.partner"].search_count([])


def test_an_unreachable_server_is_retried_then_raised(
    served: Served, caplog: pytest.LogCaptureFixture
) -> None:
    url = f"http://127.0.0.1:{free_port()}"  # nobody listens there
    odoo = Client(url, served.key, retries=2, backoff=0)
    with odoo, caplog.at_level(logging.WARNING), pytest.raises(OdooConnectionError) as caught:
        odoo["res.partner"].search_count([])
    assert caught.value.attempts == 3
    assert isinstance(caught.value, ConnectionError)
    assert "Connection refused" in str(caught.value)
    retries = [r.getMessage() for r in caplog.records if r.name == "jsontwo.client"]
    assert len(retries) == 2 and "try 3 of 3" in retries[-1]


def test_an_error_answer_is_not_retried(
    client: Client, served: Served, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING), pytest.raises(ValidationError) as caught:
        client["res.partner"].create({})
    assert not [r for r in caplog.records if r.name == "jsontwo.client"]
    assert caught.value.request_id
    sent = served.log_lines(caught.value.request_id)
    assert len(sent) == 1, sent  # the server saw the call once


def test_rotate_key_switches_to_a_new_key_and_revokes_the_old(served: Served) -> None:
    old_key = served.new_key(name="to rotate")
    expires = dt.date.today() + dt.timedelta(days=30)
    with Client(served.url, old_key, database=served.db) as odoo:
        new_key = odoo.rotate_key("rotated by the client", expiration_date=expires)
        assert re.fullmatch(r"[0-9a-f]{40}", new_key) and new_key != old_key
        assert odoo.key == new_key
        assert odoo["res.partner"].search_count([["id", "=", 9]]) == 1
        [row] = odoo["res.users.apikeys"].search_read(
            [["name", "=", "rotated by the client"]], fields=["name", "expiration_date"]
        )
        assert row["expiration_date"] == f"{expires.isoformat()} 00:00:00"
    with Client(served.url, old_key, database=served.db) as stale, pytest.raises(Unauthorized):
        stale["res.partner"].search_count([])
