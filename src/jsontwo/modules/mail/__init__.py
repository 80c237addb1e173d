"""The mail module's part integrations use: messages (``mail.message``) logged on
records, their subtypes (``mail.message.subtype``) and the records' followers
(``mail.followers``); the thread mixin (:class:`MailThread`) that partners, products
and sales orders carry (``message_post``, ``message_subscribe``...). No email is
ever sent: messages and their notifications are stored (docs/messages.md)."""

from jsontwo.modules.mail import models
from jsontwo.modules.mail.loading import load_data, upgrade_data
from jsontwo.modules.mail.models.thread import MailThread

__all__ = ["MailThread", "load_data", "models", "upgrade_data"]
