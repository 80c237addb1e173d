"""The models of the mail module."""

from jsontwo.modules.mail.models import (
    followers,
    ir_model_fields,
    message,
    partner,
    subtype,
    thread,
    tracking_value,
)

__all__ = [
    "followers",
    "ir_model_fields",
    "message",
    "partner",
    "subtype",
    "thread",
    "tracking_value",
]
