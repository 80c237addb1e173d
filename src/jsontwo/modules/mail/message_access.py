"""Who may read, write, create and delete a message, as Odoo 19 decides it on top of
the access lines of ``mail.message``:

* a user who is not internal (portal, public) never sees an internal comment
  (``is_internal``, an internal subtype or no subtype), and finds by searching
  only the messages with an external subtype that are not internal;
* the author of a message may read and write it, and its creator may read it;
* a recipient (``partner_ids``) or a notified partner may read and write it;
* otherwise the message follows its record (``model``, ``res_id``): reading it
  needs reading the record, posting on the record needs writing it (or following
  it), and changing or deleting the message needs writing the record.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from jsontwo.exceptions import AccessError
from jsontwo.modules.base.attachment_access import inaccessible_records
from jsontwo.orm.paging import chunks

if TYPE_CHECKING:
    from jsontwo.orm.types import BaseModel, Environment

#: the domain that limits what a user who is not internal finds (Odoo's share domain)
SHARE_DOMAIN: list[Any] = [
    "&",
    "&",
    ["is_internal", "=", False],
    ["subtype_id", "!=", False],
    ["subtype_id.internal", "=", False],
]
#: what each operation on a message asks of its record (posting: Odoo's ``_mail_post_access``)
DOCUMENT_OPERATION = {"read": "read", "create": "write", "write": "write", "unlink": "write"}

_COLUMNS = (
    "m.id, m.model, m.res_id, m.author_id, m.create_uid, m.message_type, "
    "m.is_internal, m.subtype_id, st.internal"
)


def refusal(messages: BaseModel, operation: str) -> AccessError:
    """Odoo's refusal of ``operation`` on ``messages`` (at most six ids named)."""
    return AccessError(
        "The requested operation cannot be completed due to security restrictions. "
        "Please contact your system administrator.\n\n"
        f"(Document type: {messages._description}, Operation: {operation})\n\n"
        f"Records: {list(messages._ids[:6])}, User: {messages.env.uid}"
    )


def forbidden_ids(env: Environment, ids: list[int], operation: str) -> list[int]:
    """The ids among the messages ``ids`` the caller may not ``operation``."""
    if env.su or not ids:
        return []
    rows = _rows(env, ids)
    forbidden: list[int] = []
    if not env.user._is_internal():
        hidden = [row for row in rows if _internal_for_share(row, operation)]
        forbidden.extend(row[0] for row in hidden)
        rows = [row for row in rows if row not in hidden]
    partner = env.user.partner_id.id
    notified = (
        _notified(env, [row[0] for row in rows], partner)
        if operation in ("read", "write")
        else set()
    )
    to_check = []
    for row in rows:
        mid, _model, _res_id, author, creator = row[:5]
        if operation == "read" and (author == partner or creator == env.uid):
            continue
        if operation == "write" and author == partner:
            continue
        if mid in notified:
            continue
        to_check.append(row)
    forbidden.extend(_refused_by_documents(env, to_check, operation, partner))
    return forbidden


def _rows(env: Environment, ids: list[int]) -> list[tuple[Any, ...]]:
    """What the decision reads of each message, without access checks."""
    rows: list[tuple[Any, ...]] = []
    for chunk in chunks(list(dict.fromkeys(ids))):
        marks = ", ".join(["%s"] * len(chunk))
        rows.extend(
            env.cr.execute(
                f'SELECT {_COLUMNS} FROM "mail_message" m LEFT JOIN "mail_message_subtype" st '
                f"ON st.id = m.subtype_id WHERE m.id IN ({marks})",
                chunk,
            )
        )
    return rows


def _internal_for_share(row: tuple[Any, ...], operation: str) -> bool:
    """Whether a user who is not internal is refused this message outright: an
    internal comment (for reading or creating), or any internal message otherwise."""
    message_type, is_internal, subtype, subtype_internal = row[5:9]
    if operation in ("create", "read") and message_type != "comment":
        return False
    return bool(is_internal) or subtype is None or bool(subtype_internal)


def _notified(env: Environment, ids: list[int], partner: int) -> set[int]:
    """The messages among ``ids`` whose recipients or notified partners include
    ``partner``."""
    found: set[int] = set()
    for table in ("mail_message_res_partner_rel", "mail_message_notified_partner_rel"):
        for chunk in chunks(ids):
            marks = ", ".join(["%s"] * len(chunk))
            found.update(
                row[0]
                for row in env.cr.execute(
                    f'SELECT mail_message_id FROM "{table}" '
                    f"WHERE res_partner_id = %s AND mail_message_id IN ({marks})",
                    [partner, *chunk],
                )
            )
    return found


def _refused_by_documents(
    env: Environment, rows: list[tuple[Any, ...]], operation: str, partner: int
) -> list[int]:
    """The messages of ``rows`` their records do not let the caller ``operation``
    (creating: unless the caller follows the record); a message on no record is
    refused."""
    by_doc: dict[tuple[str, int], list[int]] = defaultdict(list)
    refused: list[int] = []
    for mid, model, res_id, *_rest in rows:
        message_type = _rest[2]
        if model and res_id and message_type != "user_notification":
            by_doc[(model, res_id)].append(mid)
        else:
            refused.append(mid)
    docs: dict[str, set[int]] = defaultdict(set)
    for model, res_id in by_doc:
        docs[model].add(res_id)
    denied = set(inaccessible_records(env, docs, DOCUMENT_OPERATION[operation]))
    if operation == "create" and denied:
        denied -= _followed(env, denied, partner)
    for doc, mids in by_doc.items():
        if doc in denied:
            refused.extend(mids)
    return refused


def _followed(env: Environment, docs: set[tuple[str, int]], partner: int) -> set[tuple[str, int]]:
    """The records among ``docs`` that ``partner`` follows."""
    followers = env["mail.followers"].sudo()
    found: set[tuple[str, int]] = set()
    by_model: dict[str, list[int]] = defaultdict(list)
    for model, res_id in docs:
        by_model[model].append(res_id)
    for model, res_ids in by_model.items():
        rows = followers.search_read(
            [["res_model", "=", model], ["res_id", "in", res_ids], ["partner_id", "=", partner]],
            ["res_id"],
        )
        found.update((model, row["res_id"]) for row in rows)
    return found
