"""Messages over JSON-2, on both backends: posting on partners and sales orders
(text escaped, attachments made, recipients notified but never emailed), the
chatter's read, followers, and Odoo's access rules of messages for internal and
portal users; an older database gets the subtypes when a server opens it."""

from __future__ import annotations

from typing import Any

from jsontwo.db import Storage
from jsontwo.orm import Environment, Registry
from jsontwo.service import Databases, create_database
from jsontwo.service.databases import with_superuser
from tests.conftest import Api, as_made_by_an_older_jsontwo, new_db_name
from tests.http.test_json2 import assert_error, assert_ok
from tests.http.test_jsonrpc import ADMIN, call, execute_kw
from tests.modules.base.test_apikeys import new_user, unique

ACCESS_ERROR = "odoo.exceptions.AccessError"
CHATTER = ["body", "message_type", "subtype_id", "author_id", "is_internal"]


def new_partner(api: Api, key: str | None = None) -> int:
    """A new partner, created through the API."""
    return int(
        assert_ok(api.call("res.partner", "create", {"vals_list": [{"name": unique("pm")}]}, key))[
            0
        ]
    )


def chatter(api: Api, model: str, res_id: int, key: str | None = None) -> list[dict[str, Any]]:
    """The messages of a record as a client reads them, newest first."""
    domain = [["model", "=", model], ["res_id", "=", res_id]]
    body = {"domain": domain, "fields": CHATTER, "order": "id desc"}
    return list(assert_ok(api.call("mail.message", "search_read", body, key)))


def post(api: Api, model: str, res_id: int, key: str | None = None, **kwargs: Any) -> int:
    """Post on a record; the new message's id."""
    [message] = assert_ok(api.call(model, "message_post", {"ids": [res_id], **kwargs}, key))
    return int(message)


def test_posting_on_a_partner_and_reading_its_chatter(api: Api) -> None:
    partner = new_partner(api)
    comment = post(
        api,
        "res.partner",
        partner,
        body="Hi <b>you</b>",
        message_type="comment",
        subtype_xmlid="mail.mt_comment",
        attachments=[["notes.txt", "some text"]],
    )
    html = post(api, "res.partner", partner, body="<p>A <i>rich</i> note</p>", body_is_html=True)
    messages = chatter(api, "res.partner", partner)
    assert [m["id"] for m in messages[:2]] == [html, comment]
    assert messages[0]["body"] == "<p>A <i>rich</i> note</p>"
    assert messages[0]["subtype_id"][1] == "Note"
    assert messages[1]["body"] == "<p>Hi &lt;b&gt;you&lt;/b&gt;</p>"
    assert messages[1]["subtype_id"][1] == "Discussions"
    # the creation note comes first in time, internal
    assert messages[-1]["body"] == "<p>Contact created</p>"
    assert messages[-1]["is_internal"] is True
    [read] = assert_ok(
        api.call("mail.message", "read", {"ids": [comment], "fields": ["attachment_ids"]})
    )
    [attachment] = assert_ok(
        api.call(
            "ir.attachment",
            "read",
            {"ids": read["attachment_ids"], "fields": ["name", "datas", "res_model", "res_id"]},
        )
    )
    assert attachment["name"] == "notes.txt"
    assert attachment["datas"] == "c29tZSB0ZXh0"
    assert (attachment["res_model"], attachment["res_id"]) == ("res.partner", partner)
    [fields] = assert_ok(
        api.call(
            "res.partner",
            "read",
            {
                "ids": [partner],
                "fields": ["message_ids", "message_attachment_count", "has_message"],
            },
        )
    )
    assert set(fields["message_ids"]) == {m["id"] for m in messages}
    assert fields["message_attachment_count"] == 1
    assert fields["has_message"] is True


def test_followers_are_notified_and_can_leave(api: Api, registry: Registry) -> None:
    user = new_user(registry)
    partner = new_partner(api)
    [me] = assert_ok(api.call("res.users", "read", {"ids": [user.uid], "fields": ["partner_id"]}))
    their_partner = me["partner_id"][0]
    assert assert_ok(
        api.call(
            "res.partner", "message_subscribe", {"ids": [partner], "partner_ids": [their_partner]}
        )
    )
    message = post(
        api, "res.partner", partner, body="For the followers", subtype_xmlid="mail.mt_comment"
    )
    [read] = assert_ok(
        api.call(
            "mail.message", "read", {"ids": [message], "fields": ["notified_partner_ids"]}, user.key
        )
    )
    assert read["notified_partner_ids"] == [their_partner]
    [flags] = assert_ok(
        api.call(
            "res.partner",
            "read",
            {"ids": [partner], "fields": ["message_is_follower", "message_needaction_counter"]},
            user.key,
        )
    )
    assert flags == {"id": partner, "message_is_follower": True, "message_needaction_counter": 1}
    # an internal user may always stop following
    api.call(
        "res.partner",
        "message_unsubscribe",
        {"ids": [partner], "partner_ids": [their_partner]},
        user.key,
    )
    found = assert_ok(
        api.call(
            "res.partner",
            "search",
            {"domain": [["id", "=", partner], ["message_partner_ids", "in", [their_partner]]]},
        )
    )
    assert found == []


def test_a_portal_user_sees_the_discussion_of_their_order_not_the_notes(
    api: Api, registry: Registry
) -> None:
    portal = new_user(registry, groups=["base.group_portal"])
    [user] = assert_ok(
        api.call("res.users", "read", {"ids": [portal.uid], "fields": ["partner_id"]})
    )
    customer = user["partner_id"][0]
    order = assert_ok(api.call("sale.order", "create", {"vals_list": [{"partner_id": customer}]}))[
        0
    ]
    comment = post(
        api,
        "sale.order",
        order,
        body="Your order",
        message_type="comment",
        subtype_xmlid="mail.mt_comment",
    )
    post(api, "sale.order", order, body="Internal remark")
    internal = post(
        api,
        "sale.order",
        order,
        body="Employees only",
        message_type="comment",
        subtype_xmlid="mail.mt_comment",
        is_internal=True,
    )
    seen = chatter(api, "sale.order", order, portal.key)
    assert [m["id"] for m in seen] == [comment]
    # a customer following their order may answer on it
    subscribe = {"ids": [order], "partner_ids": [customer]}
    assert assert_ok(api.call("sale.order", "message_subscribe", subscribe))
    answer = post(
        api, "sale.order", order, portal.key, body="Thanks", message_type="comment",
        subtype_xmlid="mail.mt_comment",
    )  # fmt: skip
    seen = chatter(api, "sale.order", order, portal.key)
    assert [m["id"] for m in seen] == [answer, comment]
    assert len(chatter(api, "sale.order", order)) == 5  # with the creation note and the remark
    assert_error(
        api.call("mail.message", "read", {"ids": [internal], "fields": ["body"]}, portal.key),
        403,
        ACCESS_ERROR,
    )
    # another customer's order: its messages are out of reach
    other = assert_ok(
        api.call("sale.order", "create", {"vals_list": [{"partner_id": new_partner(api)}]})
    )[0]
    foreign = post(
        api,
        "sale.order",
        other,
        body="Not yours",
        message_type="comment",
        subtype_xmlid="mail.mt_comment",
    )
    error = assert_error(
        api.call("mail.message", "read", {"ids": [foreign], "fields": ["body"]}, portal.key),
        403,
        ACCESS_ERROR,
    )
    assert (
        f"(Document type: Message, Operation: read)\n\nRecords: [{foreign}], User: {portal.uid}"
        in error["message"]
    )
    # and posting there is refused
    assert_error(
        api.call("sale.order", "message_post", {"ids": [other], "body": "x"}, portal.key),
        403,
        ACCESS_ERROR,
    )


def test_deleting_an_order_deletes_its_messages_and_followers(api: Api) -> None:
    order = assert_ok(
        api.call("sale.order", "create", {"vals_list": [{"partner_id": new_partner(api)}]})
    )[0]
    post(
        api,
        "sale.order",
        order,
        body="Soon gone",
        message_type="comment",
        subtype_xmlid="mail.mt_comment",
    )
    assert_ok(api.call("sale.order", "unlink", {"ids": [order]}))
    assert chatter(api, "sale.order", order) == []
    count = assert_ok(
        api.call(
            "mail.followers",
            "search_count",
            {"domain": [["res_model", "=", "sale.order"], ["res_id", "=", order]]},
        )
    )
    assert count == 0


def test_an_older_database_gets_the_subtypes(storage: Storage) -> None:
    """A database made before messages existed gets the subtypes when opened."""
    name = new_db_name("mail")
    registry = create_database(storage, name)

    def older(env: Environment) -> None:
        env.cr.execute('DELETE FROM "mail_message_subtype"')
        env.cr.execute("DELETE FROM ir_model_data WHERE model = 'mail.message.subtype'")
        as_made_by_an_older_jsontwo(env)

    def check(env: Environment) -> list[str]:
        return sorted(env["mail.message.subtype"].search([]).mapped("name"))

    try:
        with_superuser(registry, older)
        registry.database.dispose()
        opened = Databases(storage)
        try:
            names = with_superuser(opened.registry(name), check)
        finally:
            opened.close()
        assert names == [
            "Activities",
            "Discussions",
            "Note",
            "Quotation Viewed",
            "Quotation sent",
            "Sales Order Confirmed",
        ]
    finally:
        storage.drop(name)


def test_posting_and_following_over_the_legacy_json_rpc(api: Api) -> None:
    partner = new_partner(api)
    posted = execute_kw(api, "res.partner", "message_post", [[partner]], {"body": "legacy"})
    assert isinstance(posted, list) and len(posted) == 1
    assert chatter(api, "res.partner", partner)[0]["id"] == posted[0]
    assert execute_kw(
        api, "res.partner", "message_subscribe", [[partner]], {"partner_ids": [partner]}
    )
    # Odoo answers None, which its JSON-RPC leaves out of the envelope
    body = call(
        api, "object", "execute_kw", api.db, ADMIN, "admin", "res.partner",
        "message_unsubscribe", [[partner]], {"partner_ids": [partner]},
    )  # fmt: skip
    assert "error" not in body and body.get("result") is None
    [read] = assert_ok(
        api.call("res.partner", "read", {"ids": [partner], "fields": ["message_partner_ids"]})
    )
    assert partner not in read["message_partner_ids"]
