"""The models of the mail module."""

from jsontwo.modules.mail.models import (
    followers,
    message,
    partner,
    subtype,
    thread,
    tracking_value,
)

__all__ = ["followers", "message", "partner", "subtype", "thread", "tracking_value"]
