"""res.partner, extended by the mail module: a contact carries messages and
followers."""

from __future__ import annotations

from jsontwo.modules.mail.models.thread import MailThread
from jsontwo.orm import models


class Partner(MailThread, models.Model):
    """A contact with a chatter (messages, followers)."""

    _inherit = "res.partner"
    _mail_flat_thread = False
