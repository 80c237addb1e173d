"""The chatter's ``/mail/thread/messages`` over a signed-in web session, in-process
on SQLite and PostgreSQL: a page of a record's messages and Odoo 19's store."""

from __future__ import annotations

from typing import Any

import pytest

from jsontwo.orm import Environment, Registry
from jsontwo.service.databases import with_superuser
from tests.http.test_pages import Client
from tests.http.test_web_session import assert_session_expired, rpc, rpc_error, sign_in

ROUTE = "/mail/thread/messages"
MESSAGE_KEYS = [
    "attachment_ids", "author_guest_id", "author_id", "body", "create_date", "date",
    "default_subject", "email_from", "id", "incoming_email_cc", "incoming_email_to",
    "message_link_preview_ids", "message_type", "model", "needaction", "notification_ids",
    "partner_ids", "pinned_at", "reactions", "record_name", "res_id", "scheduledDatetime",
    "starred", "subject", "subtype_id", "thread", "trackingValues", "write_date",
]  # fmt: skip


@pytest.fixture(scope="module")
def thread(registry: Registry) -> tuple[int, list[int]]:
    """A partner with three comments posted on it: its id, the messages' ids."""

    def make(env: Environment) -> tuple[int, list[int]]:
        # posted by the administrator (user 2), whose partner has a user
        partner = env(uid=2)["res.partner"].create({"name": "modinfo chatter"})
        posted = [
            partner.message_post(body=f"modinfo note {n}", message_type="comment").id
            for n in range(3)
        ]
        return int(partner.id), posted

    return with_superuser(registry, make)


def fetch(client: Client, params: dict[str, Any]) -> Any:
    body = rpc(client, ROUTE, params)
    assert "error" not in body, body
    return body["result"]


def test_a_page_of_the_records_messages(
    app: Any, registry: Registry, thread: tuple[int, list[int]]
) -> None:
    """Newest first, ``limit`` at a time, then ``before`` the oldest seen; the store
    gives each message with Odoo's keys, the record, the author and the subtype."""
    partner, posted = thread
    client = Client(app)
    sign_in(client, registry.database.name)
    params = {"thread_model": "res.partner", "thread_id": partner}
    first = fetch(client, {**params, "fetch_params": {"limit": 2}})
    assert first["messages"] == [posted[2], posted[1]]
    data = first["data"]
    assert sorted(data) == [
        "mail.message", "mail.message.subtype", "mail.thread", "res.partner", "res.users",
    ]  # fmt: skip
    newest = data["mail.message"][0]
    assert list(newest) == MESSAGE_KEYS
    assert newest["body"] == ["markup", "<p>modinfo note 2</p>"]
    assert newest["thread"] == {"id": partner, "model": "res.partner"}
    assert (newest["message_type"], newest["record_name"]) == ("comment", "modinfo chatter")
    assert data["mail.thread"] == [
        {
            "display_name": "modinfo chatter",
            "id": partner,
            "model": "res.partner",
            "module_icon": "/base/static/description/icon.png",
        }
    ]
    [author] = data["res.partner"]
    assert author["id"] == newest["author_id"] and list(author) == [
        "id", "is_company", "main_user_id", "name", "write_date",
    ]  # fmt: skip
    assert data["res.users"] == [{"id": author["main_user_id"], "share": False}]
    older = fetch(client, {**params, "fetch_params": {"limit": 2, "before": posted[1]}})
    assert older["messages"][0] == posted[0]
    found = fetch(client, {**params, "fetch_params": {"search_term": "note 1"}})
    assert (found["count"], found["messages"]) == (1, [posted[1]])
    none = fetch(client, {**params, "fetch_params": {"search_term": "modinfo-nowhere"}})
    assert none == {"count": 0, "data": {}, "messages": []}


def test_what_the_route_refuses(
    app: Any, registry: Registry, thread: tuple[int, list[int]]
) -> None:
    """No session: Session Expired; a record that does not exist: Not Found; a
    fetch parameter Odoo's method does not take: its TypeError."""
    partner, _posted = thread
    client = Client(app)
    params = {"thread_model": "res.partner", "thread_id": partner}
    assert_session_expired(rpc_error(client, ROUTE, params))
    sign_in(client, registry.database.name)
    missing = rpc_error(client, ROUTE, {**params, "thread_id": 999999999})
    assert missing["data"]["name"] == "werkzeug.exceptions.NotFound"
    wrong = rpc_error(client, ROUTE, {**params, "fetch_params": {"foo": 1}})
    assert wrong["data"]["name"] == "builtins.TypeError"
    assert "unexpected keyword argument 'foo'" in wrong["data"]["message"]
