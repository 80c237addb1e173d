"""Image values Odoo's image fields refuse, with its messages, and pictures made
smaller as Odoo's image processing makes them."""

from __future__ import annotations

import base64
import io
from typing import Any

import pytest
from PIL import Image

from jsontwo.exceptions import UserError
from jsontwo.orm import fields
from jsontwo.orm.images import check_image, process_base64, process_image

PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
GIF = "R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"


@pytest.mark.parametrize("value", [PNG, GIF])
def test_images_pass(value: str) -> None:
    check_image(value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("aGVsbG8gd29ybGQ=", "This file could not be decoded as an image file."),
        ("not base64!!", "Image is not encoded in base64."),
        ("aGVsbG8", "Image is not encoded in base64."),
        (12, "Image is not encoded in base64."),
    ],
)
def test_what_odoo_cannot_decode_is_refused(value: Any, message: str) -> None:
    with pytest.raises(UserError) as caught:
        check_image(value)
    assert caught.value.message == message


def test_image_field_checks_unless_derived() -> None:
    sized = fields.Image(max_width=128)
    with pytest.raises(UserError):
        sized.to_column("aGVsbG8gd29ybGQ=", "x.thing")
    derived = fields.Image(compute="_compute_image")  # readonly, not resized: as given
    assert derived.to_column("aGVsbG8gd29ybGQ=", "x.thing") == "aGVsbG8gd29ybGQ="


def picture(width: int, height: int, kind: str = "PNG", mode: str = "RGB") -> bytes:
    """A ``width`` x ``height`` picture file: a red half on the left, a blue one right."""
    image = Image.new(mode, (width, height), "red")
    image.paste(Image.new(mode, (width // 2, height), "blue"), (width // 2, 0))
    buffer = io.BytesIO()
    image.save(buffer, format=kind)
    return buffer.getvalue()


def opened(content: bytes) -> Any:
    return Image.open(io.BytesIO(content))


@pytest.mark.parametrize(
    ("box", "crop", "size"),
    [
        ((100, 100), None, (100, 50)),  # fitted, proportions kept
        ((100, 0), None, (100, 50)),  # 0: any height
        ((0, 25), None, (50, 25)),
        ((1000, 1000), None, (400, 200)),  # never enlarged
        ((100, 100), "1", (100, 100)),  # cropped to a square, then fitted
        ((40, 10), "top", (40, 10)),
        ((300, 300), "1", (200, 200)),  # the crop keeps the whole height, no enlarging
    ],
)
def test_pictures_are_fitted_and_cropped(
    box: tuple[int, int], crop: str | None, size: tuple[int, int]
) -> None:
    resized = process_image(picture(400, 200), *box, crop=crop)
    assert opened(resized).size == size and opened(resized).format == "PNG"


def test_a_centre_crop_keeps_the_middle() -> None:
    square = opened(process_image(picture(400, 200), 10, 10, crop="1")).convert("RGB")
    assert square.getpixel((0, 5)) == (255, 0, 0) and square.getpixel((9, 5)) == (0, 0, 255)


def test_what_needs_no_change_is_kept_byte_for_byte() -> None:
    original = picture(400, 200)
    assert process_image(original, 400, 200) is original
    assert process_image(original, 0, 0) is original
    gif = picture(400, 200, "GIF", "P")
    assert process_image(gif, 100, 100) is gif  # GIFs are not resized, as in Odoo
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200"/>'
    assert process_image(svg, 100, 100) is svg
    assert process_image(b"not a picture", 100, 100) == b"not a picture"


def test_formats_after_resizing() -> None:
    jpeg = opened(process_image(picture(400, 200, "JPEG"), 100, 100))
    assert jpeg.format == "JPEG" and jpeg.size == (100, 50)
    bmp = opened(process_image(picture(400, 200, "BMP"), 100, 100))
    assert bmp.format == "PNG"  # as Odoo saves a resized BMP


def test_base64_values() -> None:
    value = base64.b64encode(picture(400, 200)).decode()
    small = process_base64(value, 128, 128)
    assert isinstance(small, str) and opened(base64.b64decode(small)).size == (128, 64)
    assert process_base64(value, 1920, 1920) is value
    assert process_base64(False, 128, 128) is False
