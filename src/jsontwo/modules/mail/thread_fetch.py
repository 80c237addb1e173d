"""The messages of a record as Odoo 19's chatter fetches them
(``/mail/thread/messages``): a page of the record's messages, newest first,
with what the chatter shows of them gathered in a "store" (records by model).

jsontwo builds the store's entries for the messages, their record, their
authors, subtypes and tracking values with Odoo's keys; what jsontwo does not
keep (reactions, link previews, notifications, guests, attachments' store
entries) comes empty (docs/messages.md, "The chatter's route").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jsontwo.exceptions import NotFound
from jsontwo.modules.base.models.ir_model_reflect import original_module
from jsontwo.modules.base.models.module import icon_path
from jsontwo.modules.mail.message_access import SHARE_DOMAIN

if TYPE_CHECKING:
    from jsontwo.orm.types import BaseModel, Environment

#: how many messages a page has unless the client asks for another number (Odoo's)
DEFAULT_LIMIT = 30
#: the fetch parameters Odoo's ``_message_fetch`` takes
FETCH_PARAMS = frozenset({"search_term", "is_notification", "before", "after", "around", "limit"})
#: the message fields the store gives as they are read (ids for relations)
MESSAGE_FIELDS = [
    "attachment_ids",
    "author_id",
    "body",
    "create_date",
    "date",
    "email_from",
    "incoming_email_cc",
    "incoming_email_to",
    "message_type",
    "model",
    "needaction",
    "partner_ids",
    "pinned_at",
    "record_name",
    "res_id",
    "starred",
    "subject",
    "subtype_id",
    "write_date",
]


def thread_messages(
    env: Environment, thread_model: Any, thread_id: Any, fetch_params: Any = None
) -> dict[str, Any]:
    """``{"data": store, "messages": ids}`` for the record ``thread_model``/``thread_id``
    the user of ``env`` may read (NotFound otherwise, as Odoo's route); with a
    ``search_term``, ``count`` too (how many messages match)."""
    thread = _thread(env, thread_model, thread_id)
    params = _fetch_params(fetch_params)
    domain: list[Any] = [
        ["message_type", "!=", "user_notification"],
        ["model", "=", thread._name],
        ["res_id", "=", thread.id],
    ]
    if not env.user._is_internal():
        domain = ["&", *domain_and(domain), *SHARE_DOMAIN]
    answer: dict[str, Any] = {}
    if params.get("search_term"):
        domain = [*domain, ["body", "ilike", str(params["search_term"])]]
        answer["count"] = env["mail.message"].search_count(domain)
    if params.get("is_notification") is not None:
        operator = "=" if params["is_notification"] else "!="
        domain = [*domain, ["message_type", operator, "notification"]]
    messages = _page(env["mail.message"], domain, params)
    return {**answer, "data": store(thread, messages), "messages": messages.ids}


def domain_and(domain: list[Any]) -> list[Any]:
    """A list of leaves as one prefix-notation conjunction."""
    return ["&"] * (len(domain) - 1) + domain


def _thread(env: Environment, thread_model: Any, thread_id: Any) -> BaseModel:
    """The record whose messages are asked for, if the user may read it."""
    if not isinstance(thread_model, str) or thread_model not in env.registry.models:
        raise NotFound()
    if isinstance(thread_id, bool) or not isinstance(thread_id, int | str):
        raise NotFound()
    try:
        record_id = int(thread_id)
    except ValueError:
        raise NotFound() from None
    thread = env[thread_model].browse([record_id])
    if "message_ids" not in thread._fields or not thread.sudo().exists():
        raise NotFound()
    if not thread.has_access("read"):
        raise NotFound()
    return thread


def _fetch_params(fetch_params: Any) -> dict[str, Any]:
    """The fetch parameters, refusing the ones Odoo's method does not take."""
    params = dict(fetch_params or {})
    unknown = sorted(set(params) - FETCH_PARAMS)
    if unknown:
        raise TypeError(f"_message_fetch() got an unexpected keyword argument '{unknown[0]}'")
    return params


def _page(messages: BaseModel, domain: list[Any], params: dict[str, Any]) -> BaseModel:
    """The page of messages: newest first, before / after an id, or around one
    (the message itself, half the page older and half newer)."""
    limit = int(params.get("limit") or DEFAULT_LIMIT)
    if params.get("around") is not None:
        around = int(params["around"])
        older = messages.search([*domain, ["id", "<=", around]], limit=limit // 2, order="id desc")
        newer = messages.search([*domain, ["id", ">", around]], limit=limit // 2, order="id asc")
        return messages.browse(sorted({*newer.ids, *older.ids}, reverse=True))
    if params.get("before"):
        domain = [*domain, ["id", "<", int(params["before"])]]
    if params.get("after"):
        domain = [*domain, ["id", ">", int(params["after"])]]
    return messages.search(domain, limit=limit, order="id desc")


def store(thread: BaseModel, messages: BaseModel) -> dict[str, list[dict[str, Any]]]:
    """The store of a page: its messages (in the page's order), their record,
    authors, the authors' users and the subtypes; empty for an empty page."""
    if not messages:
        return {}
    env = thread.env(su=True)
    rows = messages.sudo().read(MESSAGE_FIELDS, load=None)
    thread_name = thread.sudo().display_name
    trackings = tracking_values(thread.env, messages.ids)
    data: dict[str, list[dict[str, Any]]] = {
        "mail.message": [
            _message_entry(row, thread, thread_name, trackings.get(row["id"], [])) for row in rows
        ]
    }
    subtype_ids = list(dict.fromkeys(r["subtype_id"] for r in rows if r["subtype_id"]))
    if subtype_ids:
        data["mail.message.subtype"] = (
            env["mail.message.subtype"].browse(subtype_ids).read(["description"], load=None)
        )
    data["mail.thread"] = [
        {
            "display_name": thread_name,
            "id": thread.id,
            "model": thread._name,
            "module_icon": module_icon(type(thread), thread._name),
        }
    ]
    author_ids = list(dict.fromkeys(r["author_id"] for r in rows if r["author_id"]))
    if author_ids:
        authors = env["res.partner"].browse(author_ids)
        data["res.partner"] = _entries(
            authors, ["is_company", "main_user_id", "name", "write_date"]
        )
        users = authors.mapped("main_user_id")
        if users:
            data["res.users"] = _entries(users, ["share"])
    return data


def _entries(records: BaseModel, fields: list[str]) -> list[dict[str, Any]]:
    """Records as store entries: their ``fields`` and id, keys sorted as Odoo's."""
    return [dict(sorted(row.items())) for row in records.read(fields, load=None)]


def tracking_values(env: Environment, message_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The tracking values of messages ``message_ids`` as the chatter shows them,
    by message: those of fields the user of ``env`` may read."""
    values = env["mail.tracking.value"]
    rows = values.sudo().search_read(
        [["mail_message_id", "in", message_ids]], ["mail_message_id"], load=None
    )
    by_message: dict[int, list[int]] = {}
    for row in rows:
        by_message.setdefault(row["mail_message_id"], []).append(row["id"])
    return {
        message: values.browse(ids)._tracking_value_format() for message, ids in by_message.items()
    }


def _message_entry(
    row: dict[str, Any], thread: BaseModel, thread_name: Any, trackings: list[dict[str, Any]]
) -> dict[str, Any]:
    """A message as the store gives it, with its formatted tracking values."""
    entry = {
        **row,
        # Odoo's store marks HTML as such: ["markup", html]
        "body": ["markup", row["body"]] if row["body"] else "",
        "author_guest_id": False,
        "default_subject": thread_name,
        "message_link_preview_ids": [],
        "notification_ids": [],
        "reactions": [],
        "scheduledDatetime": False,
        "thread": {"id": thread.id, "model": thread._name},
        "trackingValues": trackings,
    }
    return dict(sorted(entry.items()))


def module_icon(cls: type[BaseModel], name: str) -> str:
    """The icon path of the module that declares model ``name`` (base's when
    that module has no icon), as the chatter shows it."""
    return icon_path(original_module(cls, name))
