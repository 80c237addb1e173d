"""The models of the mail module."""

from jsontwo.modules.mail.models import followers, message, partner, subtype, thread

__all__ = ["followers", "message", "partner", "subtype", "thread"]
