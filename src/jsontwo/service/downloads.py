"""The content behind ``/web/content`` and ``/web/image``: an attachment's file, or
a binary field of a record, as the signed-in user may read it, or as an
attachment's access token opens it (docs/attachments.md); pictures resized as
the image route asks."""

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
from jsontwo.orm import SUPERUSER_ID, Environment, Registry
from jsontwo.orm.images import process_image

#: the attachment's own fields that stream its content
ATTACHMENT_CONTENT = ("raw", "datas", "db_datas")


@dataclass(frozen=True, slots=True)
class Download:
    """A file to send: its bytes, type, name on disk and validator (``etag``)."""

    data: bytes
    mimetype: str
    filename: str
    etag: str
    #: opened by an access token (or a public attachment) rather than the
    #: user's rights: shared caches may keep it, as Odoo says
    public: bool = False


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
    access_token: str | None = None
    #: the image route's box (0: any side) and crop (``None``: fit, no crop)
    width: int = 0
    height: int = 0
    crop: str | None = None


def download(registry: Registry, uid: int | None, asked: ContentRequest) -> Download:
    """The content ``asked`` as user ``uid`` reads it (None: no one is signed in,
    and only an attachment's access token or a public attachment opens a file);
    NotFound for what does not exist, is no binary field, or the user may not
    read (Odoo answers 404 then)."""

    def work(cr: Any) -> Download:
        env = registry.environment(cr, SUPERUSER_ID if uid is None else uid)
        try:
            found = _download(env, asked, signed_in=uid is not None)
            return _resized(found, asked) if asked.image else found
        except (AccessError, UserError, KeyError, ValueError, binascii.Error) as exc:
            raise NotFound() from exc

    return run_in_transaction(registry.database, work, defer_write_lock=True)


def _download(env: Environment, asked: ContentRequest, signed_in: bool) -> Download:
    if asked.res_id is None or asked.model not in env.registry.models:
        raise NotFound()
    record = env[asked.model].browse(asked.res_id).exists()
    if not record:
        raise NotFound()
    opened = False  # by a token or as a public file, not by the user's rights
    if asked.model == "ir.attachment":
        # a public attachment is for anyone; a token opens its own attachment
        # (a wrong one refuses it); anything else as the user may read it
        opened = bool(asked.access_token) or bool(record.sudo().public)
        if not (signed_in or opened):
            raise NotFound()  # no one signed in, no token: the file stays private
        record = record._validate_access(asked.access_token)
    elif not signed_in:
        raise NotFound()  # a record's field is for signed-in users only
    else:
        record.check_access("read")
    if asked.model == "ir.attachment" and asked.field in ATTACHMENT_CONTENT:
        found = _attachment(record.sudo())
    else:
        found = _field(record, asked.field, asked.filename_field)
    mimetype = asked.mimetype or found.mimetype
    if asked.image and not mimetype.startswith("image/"):
        mimetype = OCTET_STREAM  # never served as something a browser would run
    filename = asked.filename or found.filename
    return Download(found.data, mimetype, filename, found.etag, public=opened or not signed_in)


def _resized(found: Download, asked: ContentRequest) -> Download:
    """The image route's answer: the picture fitted in the box asked (or, for no
    box, the one the field's name says: ``image_128`` is 128x128), its ETag
    naming the box as Odoo's does."""
    width, height = asked.width, asked.height
    if not (width or height):
        width = height = _field_size(asked.field)
    data, mimetype = found.data, found.mimetype
    if mimetype.startswith("image/"):
        data = process_image(data, width, height, asked.crop)
        if data is not found.data:
            mimetype = guess_from_content(data)  # a resized BMP is a PNG
    crop = asked.crop or False
    etag = f"{found.etag}-{width}x{height}-crop={crop}-quality=0"
    return Download(data, mimetype, found.filename, etag, found.public)


def _field_size(field: str) -> int:
    """The side of the square a picture field's name says (``image_128``: 128), or 0."""
    suffix = field.rpartition("_")[2]
    return int(suffix) if suffix.isdigit() else 0


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
