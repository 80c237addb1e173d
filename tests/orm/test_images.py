"""Image values Odoo's image fields refuse, with its messages."""

from __future__ import annotations

from typing import Any

import pytest

from jsontwo.exceptions import UserError
from jsontwo.orm import fields
from jsontwo.orm.images import check_image

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
