"""Images as Odoo's image fields take them: base64 of a file in a format Odoo
reads, refused with Odoo's messages otherwise, and made smaller as Odoo's
image processing does (:func:`process_image`, with Pillow): a field's largest
size on write (``image_128`` holds at most 128x128), and the sizes the
``/web/image`` routes are asked for.

The processing keeps the picture's proportions: it fits it in the box asked
(``0`` for a side means "any"), never enlarges it, and with ``crop`` first cuts
it to the box's proportions around the centre (or its top, or its bottom) and
then fits it exactly. A picture that needs no change is kept byte for byte, as
are GIFs and SVGs (Odoo leaves them alone too). A changed picture keeps its
format (BMP becomes PNG, and formats other than PNG, JPEG, GIF and ICO become
JPEG, as in Odoo); PNGs are saved optimised, JPEGs at quality 95.
"""

from __future__ import annotations

import base64
import binascii
import io
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


#: the formats a resized picture is saved in, by its own format (the rest: JPEG)
KEPT_FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "GIF": "GIF", "ICO": "ICO", "BMP": "PNG"}
#: where a crop keeps the picture, by the ``crop`` value (its vertical centre)
CROP_CENTRES = {"top": 0.0, "bottom": 1.0}


def process_image(data: bytes, width: int = 0, height: int = 0, crop: str | None = None) -> bytes:
    """``data`` (an image file) fitted in ``width`` x ``height`` (0: any), or
    cropped to that box's proportions then fitted when ``crop`` is set (``"top"``,
    ``"bottom"``, or anything else for the centre). Unchanged when nothing is to
    be done, or when it is no picture Pillow reads (an SVG, a damaged file)."""
    if not data or data[:1] == b"<" or not (width or height):
        return data
    # Pillow is imported on the first resize, not when the server starts
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        picture: Any = Image.open(io.BytesIO(data))
        original_format = picture.format or ""
        if original_format == "GIF":
            return data  # Odoo does not resize GIFs (their frames would be lost)
        picture = ImageOps.exif_transpose(picture)
        changed = False
        if crop and width and height:
            picture, changed = _crop(picture, width, height, CROP_CENTRES.get(crop, 0.5))
        picture, resized = _fit(picture, width, height)
        if not (changed or resized):
            return data
        return _save(picture, KEPT_FORMATS.get(original_format, "JPEG"))
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return data


def process_base64(value: Any, width: int, height: int) -> Any:
    """:func:`process_image` of a base64 value (str or bytes), as base64 text;
    an empty value as it is."""
    if not value:
        return value
    raw = base64.b64decode(value)
    processed = process_image(raw, width, height)
    if processed is raw:
        return value
    return base64.b64encode(processed).decode()


def _crop(picture: Any, width: int, height: int, centre_y: float) -> tuple[Any, bool]:
    """``picture`` cut to the proportions of ``width`` x ``height``, keeping all of
    one of its sides, around the horizontal centre and ``centre_y``."""
    w, h = picture.size
    if w * height > h * width:  # wider than the box: keep the height
        new_w, new_h = max(h * width // height, 1), h
    else:
        new_w, new_h = w, max(w * height // width, 1)
    if (new_w, new_h) == (w, h):
        return picture, False
    left, top = int((w - new_w) * 0.5), int((h - new_h) * centre_y)
    return picture.crop((left, top, left + new_w, top + new_h)), True


def _fit(picture: Any, width: int, height: int) -> tuple[Any, bool]:
    """``picture`` made small enough for ``width`` x ``height`` (0: any), its
    proportions kept, never enlarged."""
    from PIL import Image

    w, h = picture.size
    box = (width or w * height // h, height or h * width // w)
    if box == (w, h):
        return picture, False
    picture.thumbnail((max(box[0], 1), max(box[1], 1)), Image.Resampling.LANCZOS)
    return picture, picture.size != (w, h)


def _save(picture: Any, output_format: str) -> bytes:
    """The file of ``picture`` in ``output_format``, saved as Odoo saves it."""
    options: dict[str, Any] = {}
    if output_format == "PNG":
        options["optimize"] = True
    elif output_format == "JPEG":
        options.update(optimize=True, quality=95)
        if picture.mode not in ("RGB", "L"):
            picture = picture.convert("RGB")
    buffer = io.BytesIO()
    picture.save(buffer, format=output_format, **options)
    return buffer.getvalue()
