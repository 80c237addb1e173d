"""Who may see and change an attachment, as Odoo 19 decides it.

* a public attachment is readable by anyone;
* an attachment linked to a record (``res_model``/``res_id``) follows that
  record: reading it needs reading the record, anything else needs writing it;
* an attachment of a binary field (``res_field``) also needs the field's groups;
* an attachment linked to no record is for its creator and the administrators.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from jsontwo.exceptions import AccessError

if TYPE_CHECKING:
    from jsontwo.orm.types import BaseModel, Environment

#: the columns the decision reads
SECURITY_FIELDS = ("res_model", "res_id", "create_uid", "public", "res_field")
#: what Odoo answers when a linked record refuses the operation
DOCUMENT_REFUSED = "Sorry, you are not allowed to access this document."

Row = tuple[int, Any, Any, Any, Any, Any]


def linked_operation(operation: str) -> str:
    """The operation asked of the linked record: creating or deleting an attachment
    is writing its record."""
    return "write" if operation in ("create", "unlink") else operation


def inaccessible_records(
    env: Environment, model_and_ids: Mapping[Any, Iterable[Any]], operation: str
) -> Iterator[tuple[str, int]]:
    """The ``(model, id)`` pairs among ``model_and_ids`` the caller may not
    ``operation``: records of a model the database does not have, records that
    do not exist, and those their model's access lines or rules refuse."""
    if env.su:
        return
    for res_model, res_ids in model_and_ids.items():
        ids = list(dict.fromkeys(i for i in res_ids if i))
        if not res_model or not ids:
            continue
        if res_model not in env.registry.models:
            yield from ((res_model, i) for i in ids)
            continue
        records = env[res_model].browse(ids)
        if res_model == "res.users" and ids == [env.uid]:
            continue  # a user may attach to themself (a signature's image)
        allowed = set(_filtered_access(records, operation))
        yield from ((res_model, i) for i in ids if i not in allowed)


def _filtered_access(records: BaseModel, operation: str) -> list[int]:
    """The ids of ``records`` that exist and the caller may ``operation``."""
    if not records.env["ir.model.access"].check(records._name, operation, raise_exception=False):
        return []
    existing = records.exists()
    try:
        existing._check_record_rules(operation)
        return list(existing._ids)
    except AccessError:
        allowed = []
        for record in existing:
            try:
                record._check_record_rules(operation)
            except AccessError:
                continue
            allowed.append(record.id)
        return allowed


def security_rows(attachments: BaseModel) -> list[Row]:
    """``(id, *SECURITY_FIELDS)`` of the attachments, read without access checks."""
    rows: list[Row] = []
    ids = list(dict.fromkeys(attachments._ids))
    for start in range(0, len(ids), 1000):
        chunk = ids[start : start + 1000]
        marks = ", ".join(["%s"] * len(chunk))
        cols = ", ".join(SECURITY_FIELDS)
        rows.extend(
            attachments.env.cr.execute(
                f"SELECT id, {cols} FROM ir_attachment WHERE id IN ({marks})", chunk
            )
        )
    return rows


def forbidden_ids(env: Environment, rows: Iterable[Row], operation: str) -> list[int]:
    """The ids among the attachments ``rows`` the caller may not ``operation``."""
    if env.su:
        return []
    system = env.is_system()
    linked_op = linked_operation(operation)
    forbidden: list[int] = []
    linked: dict[str, set[int]] = defaultdict(set)
    links: list[tuple[int, tuple[str, int]]] = []
    for att_id, res_model, res_id, create_uid, public, res_field in rows:
        if public and operation == "read":
            continue
        if not system:
            if not res_id and create_uid != env.uid:
                forbidden.append(att_id)
                continue
            if res_field and not _field_allowed(env, res_model, res_field):
                forbidden.append(att_id)
                continue
        if res_model and res_id:
            linked[res_model].add(res_id)
            links.append((att_id, (res_model, res_id)))
    refused = set(inaccessible_records(env, linked, linked_op))
    forbidden.extend(att_id for att_id, link in links if link in refused)
    return forbidden


def _field_allowed(env: Environment, res_model: str, res_field: str) -> bool:
    """Whether the caller may reach the binary field an attachment holds."""
    if res_model not in env.registry.models:
        return False
    model = env[res_model]
    field = model._fields.get(res_field)
    return field is not None and model._has_field_access(field)


def refusal(env: Environment, attachments: BaseModel, operation: str) -> AccessError:
    """Odoo's refusal of ``operation`` on ``attachments`` (at most six named)."""
    shown = attachments.browse(attachments._ids[:6])
    return AccessError(
        "Sorry, you are not allowed to access this document. "
        "Please contact your system administrator.\n\n"
        f"(Operation: {operation})\n\n"
        f"Records: {shown!r}, User: {env.uid}"
    )
