"""The attachments that hold the values of binary fields (``attachment=True``):
one per record and field, named after the field, with ``res_model``, ``res_id``
and ``res_field`` set (docs/attachments.md, "Binary fields are attachments")."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any

from jsontwo.modules.base import filestore
from jsontwo.orm.paging import chunks

if TYPE_CHECKING:
    from jsontwo.orm.types import BaseModel


def field_values(
    attachments: BaseModel, res_model: str, res_field: str, ids: Any
) -> dict[int, str]:
    """``{record id: base64 content}`` of the attachments holding the binary
    field ``res_field`` of records ``ids`` of ``res_model``."""
    found: dict[int, str] = {}
    root = attachments.env.registry.database.filestore
    rows = field_rows(attachments, res_model, res_field, ids, "res_id, store_fname, db_datas")
    for res_id, fname, db_datas in rows:
        if fname and root is not None:
            data = filestore.read_file(root, fname)
            found[res_id] = base64.b64encode(data).decode() if data else ""
        else:
            found[res_id] = db_datas or ""
    return {rid: value for rid, value in found.items() if value}


def field_rows(
    attachments: BaseModel, res_model: str, res_field: str, ids: Any, columns: str
) -> list[tuple[Any, ...]]:
    """Rows of ``columns`` of the attachments of field ``res_field`` of the
    records ``ids`` of ``res_model``, oldest first."""
    rows: list[tuple[Any, ...]] = []
    for chunk in chunks(list(dict.fromkeys(ids))):
        marks = ", ".join(["%s"] * len(chunk))
        rows.extend(
            attachments.env.cr.execute(
                f"SELECT {columns} FROM ir_attachment WHERE res_model = %s "
                f"AND res_field = %s AND res_id IN ({marks}) ORDER BY id",
                [res_model, res_field, *chunk],
            )
        )
    return rows


def set_field_values(
    attachments: BaseModel, res_model: str, res_field: str, values: dict[int, Any]
) -> None:
    """Make the attachments of field ``res_field`` hold ``values`` (``{record
    id: base64 text or None}``): replaced, created, or deleted for no value."""
    rows = field_rows(attachments, res_model, res_field, list(values), "res_id, id")
    existing: dict[int, int] = {res_id: att_id for res_id, att_id in rows}
    attachments = attachments.sudo().with_context(skip_res_field_check=True)
    gone = [existing[rid] for rid, value in values.items() if not value and rid in existing]
    if gone:
        attachments.browse(gone).unlink()
    to_create = []
    for rid, value in values.items():
        if not value:
            continue
        if rid in existing:
            attachments.browse(existing[rid]).write({"datas": value, "mimetype": False})
        else:
            to_create.append(
                {
                    "name": res_field,
                    "res_model": res_model,
                    "res_field": res_field,
                    "res_id": rid,
                    "type": "binary",
                    "datas": value,
                }
            )
    if to_create:
        attachments.create(to_create)
