"""The content behind ``/web/content`` and ``/web/image``: an attachment's file, or
a binary field of a record, as the signed-in user may read it (docs/attachments.md)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import mimetypes
from dataclasses import dataclass
from typing import Any

from jsontwo.db import run_in_transaction
from jsontwo.exceptions import AccessError, NotFound, UserError
from jsontwo.modules.base.mimes import OCTET_STREAM, guess_from_content
from jsontwo.orm import Environment, Registry

#: the attachment's own fields that stream its content
ATTACHMENT_CONTENT = ("raw", "datas", "db_datas")


@dataclass(frozen=True, slots=True)
class Download:
    """A file to send: its bytes, type, name on disk and validator (``etag``)."""

    data: bytes
    mimetype: str
    filename: str
    etag: str


@dataclass(frozen=True, slots=True)
class ContentRequest:
    """What a download route asks for (Odoo's parameters of the same names)."""

    model: str = "ir.attachment"
    res_id: int | None = None
    field: str = "raw"
    filename: str | None = None
    filename_field: str = "name"
    mimetype: str | None = None
    image: bool = False


def download(registry: Registry, uid: int, asked: ContentRequest) -> Download:
    """The content ``asked`` as user ``uid`` reads it; NotFound for what does not
    exist, is no binary field, or the user may not read (Odoo answers 404 then)."""

    def work(cr: Any) -> Download:
        env = registry.environment(cr, uid)
        try:
            return _download(env, asked)
        except (AccessError, UserError, KeyError, ValueError, binascii.Error) as exc:
            raise NotFound() from exc

    return run_in_transaction(registry.database, work, defer_write_lock=True)


def _download(env: Environment, asked: ContentRequest) -> Download:
    if asked.res_id is None or asked.model not in env.registry.models:
        raise NotFound()
    record = env[asked.model].browse(asked.res_id).exists()
    if not record:
        raise NotFound()
    # a public attachment is for anyone; anything else as the user may read it
    if asked.model != "ir.attachment" or not record.sudo().public:
        record.check_access("read")
    if asked.model == "ir.attachment" and asked.field in ATTACHMENT_CONTENT:
        found = _attachment(record.sudo())
    else:
        found = _field(record, asked.field, asked.filename_field)
    mimetype = asked.mimetype or found.mimetype
    if asked.image and not mimetype.startswith("image/"):
        mimetype = OCTET_STREAM  # never served as something a browser would run
    return Download(found.data, mimetype, asked.filename or found.filename, found.etag)


def _attachment(attachment: Any) -> Download:
    """An attachment's file (a URL attachment has none to send)."""
    row = attachment.read(["name", "mimetype", "checksum"], load=None)[0]
    data = attachment.raw or b""
    return Download(
        data,
        row["mimetype"] or OCTET_STREAM,
        row["name"] or f"ir.attachment-{attachment.id}",
        row["checksum"] or hashlib.sha1(data).hexdigest(),
    )


def _field(record: Any, fname: str, filename_field: str) -> Download:
    """The value of the binary field ``fname`` of ``record``."""
    field = record._fields[fname]  # KeyError: no such field (404)
    if field.type != "binary":
        raise UserError(f"Field {fname!r} is not a binary field.")
    record._check_field_access(field, "read")
    value = record[fname]
    data = base64.b64decode(value) if value else b""
    mimetype = guess_from_content(data)
    extension = mimetypes.guess_extension(mimetype) or ""
    name_field = record._fields.get(filename_field)
    name = record[filename_field] if name_field is not None and name_field.type == "char" else ""
    stem = name or f"{record._name}-{record.id}-{fname}"
    return Download(data, mimetype, f"{stem}{extension}", hashlib.sha1(data).hexdigest())
