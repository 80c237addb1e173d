"""The mimetype of an attachment, guessed as Odoo guesses it without libmagic:
from the name, then the URL, then the first bytes of the content."""

from __future__ import annotations

import base64
import io
import mimetypes
import zipfile
from typing import Any

OCTET_STREAM = "application/octet-stream"

#: how files of a type begin, in the order Odoo tries them
_SIGNATURES: tuple[tuple[str, tuple[bytes, ...]], ...] = (
    ("application/pdf", (b"%PDF",)),
    (
        "image/jpeg",
        tuple(b"\xff\xd8\xff" + end for end in (b"\xe0", b"\xe2", b"\xe3", b"\xe1", b"\xdb")),
    ),
    ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ("image/gif", (b"GIF87a", b"GIF89a")),
    ("image/bmp", (b"BM",)),
    ("text/xml", (b"<",)),
    ("image/x-icon", (b"\x00\x00\x01\x00",)),
    ("image/webp", (b"RIFF",)),
    ("application/msword", (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\x0dDOC")),
    ("application/zip", (b"PK\x03\x04",)),
)

#: the OOXML documents, told apart by the folder their zip holds
_OOXML = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def _refine(mimetype: str, data: bytes) -> str:
    """A subtype for the families whose signature is shared (xml, riff, zip, OLE)."""
    if mimetype == "text/xml" and b"<svg" in data and b"/svg" in data:
        return "image/svg+xml"
    if mimetype == "image/webp" and data[8:15] != b"WEBPVP8":
        return mimetype
    if mimetype == "application/msword":
        if b"Microsoft Excel" in data:
            return "application/vnd.ms-excel"
        return mimetype
    if mimetype == "application/zip":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = archive.namelist()
                if "mimetype" in names:  # an OpenDocument file names its own type
                    return archive.read("mimetype").decode("ascii", "replace").strip() or mimetype
        except (zipfile.BadZipFile, OSError, ValueError):
            return mimetype
        for folder, ooxml in _OOXML.items():
            if "[Content_Types].xml" in names and any(n.startswith(folder) for n in names):
                return ooxml
    return mimetype


def guess_from_content(data: bytes, default: str = OCTET_STREAM) -> str:
    """The mimetype the first bytes of ``data`` tell, ``text/plain`` for printable
    text, else ``default``."""
    if not isinstance(data, bytes | bytearray):
        # Odoo's words (its guess takes bytes only: text given as ``raw`` fails)
        raise TypeError("`bin_data` must be bytes or bytearray")
    for mimetype, signatures in _SIGNATURES:
        if data.startswith(signatures):
            return _refine(mimetype, data)
    try:
        head = data[:1024].decode()
    except UnicodeDecodeError:
        return default
    if data and all(c >= " " or c in "\t\n\r" for c in head):
        return "text/plain"
    return default


def guess_mimetype(values: dict[str, Any]) -> str:
    """The mimetype of the attachment ``values`` describe: the one given, else the
    name's, else the URL's, else (when still unknown or generic) the content's."""
    mimetype = values.get("mimetype") or None
    if not mimetype and values.get("name"):
        mimetype = mimetypes.guess_type(str(values["name"]))[0]
    if not mimetype and values.get("url"):
        mimetype = mimetypes.guess_type(str(values["url"]).split("?")[0])[0]
    if not mimetype or mimetype == OCTET_STREAM:
        raw = values.get("raw") or None
        if raw is None and values.get("datas"):
            raw = base64.b64decode(values["datas"])
        if raw:
            mimetype = guess_from_content(raw)
    return str(mimetype).lower() if mimetype else OCTET_STREAM


def is_xml_like(mimetype: str) -> bool:
    """Whether a browser could run what the content holds (html, svg, xml): kept as
    text/plain for the users who may not edit views, as Odoo does."""
    if "ht" in mimetype:
        return True
    return "xml" in mimetype and not mimetype.startswith("application/vnd.openxmlformats")
