"""Images as Odoo's image fields take them: base64 of a file in a format Odoo
reads. Odoo decodes and resizes them with an imaging library; jsontwo keeps them
as given, and refuses what Odoo would fail to decode, with its messages."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from jsontwo.exceptions import UserError

#: how the files of the image formats Odoo reads begin (SVG is text, kept as it is)
IMAGE_SIGNATURES = (
    b"\x89PNG\r\n\x1a\n",
    b"GIF87a",
    b"GIF89a",
    b"\xff\xd8\xff",
    b"BM",
    b"\x00\x00\x01\x00",
    b"II*\x00",
    b"MM\x00*",
    b"<",
)


def check_image(value: Any) -> None:
    """Raise Odoo's UserError unless ``value`` is base64 of an image file."""
    try:
        raw = base64.b64decode(value)
    except (binascii.Error, TypeError, ValueError):
        raise UserError("Image is not encoded in base64.") from None
    if raw and not raw.startswith(IMAGE_SIGNATURES) and raw[8:12] != b"WEBP":
        raise UserError("This file could not be decoded as an image file.")
