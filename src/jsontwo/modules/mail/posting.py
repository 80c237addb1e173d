"""The values of a message posted on a record (``message_post``): its arguments
checked as Odoo checks them, its body escaped, its attachments made, its
recipients found."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Any

from jsontwo.modules.mail.models.followers import internal_partner_ids
from jsontwo.orm import Command

#: arguments of message_post that name the record: never accepted as extras
FORBIDDEN_EXTRAS = ("model", "res_id", "subtype")
#: text to HTML, as markupsafe's ``escape`` (Odoo's) writes it
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"})
#: the composer's models whose pending attachments a post moves onto the record
PENDING_MODELS = ("mail.compose.message", "mail.scheduled.message")


def _is_list_of(value: Any, kind: type | tuple[type, ...]) -> bool:
    return isinstance(value, list | tuple) and all(isinstance(v, kind) for v in value)


def check_arguments(
    extras: dict[str, Any],
    message_type: Any,
    attachments: Any,
    attachment_ids: Any,
    partner_ids: Any,
) -> None:
    """Refuse (ValueError, Odoo's messages) what message_post does not take."""
    bad = sorted(set(extras) & set(FORBIDDEN_EXTRAS))
    if bad:
        raise ValueError(
            f"Those values are not supported when posting or notifying: {', '.join(bad)}"
        )
    if message_type == "user_notification":
        raise ValueError("Use message_notify to send a notification to an user.")
    if attachments and not (
        (_is_list_of(attachments, list) or _is_list_of(attachments, tuple))
        and all(len(item) in (2, 3) for item in attachments)
    ):
        raise ValueError(
            "Posting a message should receive attachments as a list of list or tuples "
            f"(received {attachment_ids!r})"
        )
    if attachment_ids and not _is_list_of(attachment_ids, int):
        raise ValueError(
            "Posting a message should receive attachments records as a list of IDs "
            f"(received {attachment_ids!r})"
        )
    if partner_ids and not _is_list_of(partner_ids, int):
        raise ValueError(
            f"Posting a message should receive partners as a list of IDs (received {partner_ids!r})"
        )


def body_html(body: Any, as_html: bool) -> str:
    """The stored body: text escaped (a str over RPC is text, as in Odoo), HTML
    kept when the caller says so (``body_is_html``)."""
    if not body:
        return ""
    return str(body) if as_html else str(body).translate(_ESCAPES)


def attachment_commands(
    record: Any, attachments: Sequence[Any] | None, attachment_ids: Sequence[int] | None
) -> list[Any]:
    """The ``attachment_ids`` commands of a new message on ``record``: the given
    attachments linked (the caller's pending composer uploads moved onto the
    record; users who are not internal may give only those), and new attachments
    made from ``(name, content[, info])`` items, content as text or bytes (not
    base64), as the superuser: posting was checked on the record."""
    env = record.env
    commands: list[Any] = []
    if attachment_ids:
        sudo = env["ir.attachment"].sudo()
        pending = [
            att.id
            for att in sudo.browse(list(attachment_ids))
            if att.res_model in PENDING_MODELS and att.create_uid.id == env.uid
        ]
        if pending:
            sudo.browse(pending).write({"res_model": record._name, "res_id": record.id})
        allowed = list(attachment_ids) if env.user._is_internal() else pending
        commands.extend(Command.link(att_id) for att_id in allowed)
    new = []
    for item in attachments or ():
        name, content = item[0], item[1]
        info = item[2] if len(item) == 3 and isinstance(item[2], dict) else {}
        if content is None:
            continue
        if isinstance(content, str):
            try:
                content = content.encode(info.get("encoding") or "utf-8")
            except (LookupError, UnicodeEncodeError):
                content = content.encode("utf-8")
        new.append(
            {
                "name": name,
                "datas": base64.b64encode(content).decode(),
                "type": "binary",
                "description": name,
                "res_model": record._name,
                "res_id": record.id,
            }
        )
    if new:
        created = env["ir.attachment"].sudo().create(new)
        commands.extend(Command.link(att_id) for att_id in created.ids)
    return commands


def notified_partners(
    record: Any, subtype_id: int, partner_ids: Sequence[int], author_id: Any
) -> list[int]:
    """The partners a message notifies (stored, never emailed): its recipients and
    the followers of ``record`` subscribed to its subtype (for an internal
    subtype, those of internal users only), its author left out."""
    env = record.env
    followers = (
        env["mail.followers"]
        .sudo()
        .search(
            [
                ["res_model", "=", record._name],
                ["res_id", "=", record.id],
                ["subtype_ids", "in", [subtype_id]],
            ]
        )
    )
    from_followers = [f.partner_id.id for f in followers]
    subtype = env["mail.message.subtype"].sudo().browse([subtype_id])
    if from_followers and subtype.exists() and subtype.internal:
        from_followers = internal_partner_ids(env, from_followers)
    found = dict.fromkeys([*partner_ids, *from_followers])
    found.pop(author_id, None)
    return list(found)
