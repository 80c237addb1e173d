"""The thread mixin: what a model that carries messages and followers gets (Odoo's
``mail.thread``). A model opts in by listing :class:`MailThread` before
``models.Model`` among the bases of its definition or of an extension."""

from __future__ import annotations

import html
from typing import Any, ClassVar

from jsontwo.exceptions import AccessError
from jsontwo.modules.mail import posting, tracking
from jsontwo.modules.mail.message_access import forbidden_ids
from jsontwo.modules.mail.models.message import asks_true
from jsontwo.orm import Command, api, fields
from jsontwo.orm.paging import chunks

#: message types that make their author follow the record (a person writing, not the system)
_SYSTEM_TYPES = ("notification", "user_notification", "auto_comment", "out_of_office")


#: how many of a record's latest messages a new message's parent is looked for
#: among (Odoo's bound, against loops filling a thread)
PARENT_CANDIDATES = 200


def _ids_domain(ids: Any) -> list[Any]:
    return [["id", "in", sorted(set(ids))]]


class MailThread:
    """Messages (``message_ids``), followers (``message_follower_ids``), posting
    (``message_post``) and following (``message_subscribe``) on a model's records."""

    __slots__ = ()
    #: whether a new message without parent answers the record's latest one (Odoo's
    #: flat threads); a partner's messages stand alone
    _mail_flat_thread: ClassVar[bool] = True
    env: Any
    _name: ClassVar[str]
    _description: ClassVar[str]
    _fields: ClassVar[dict[str, Any]]
    id: Any
    ids: list[int]

    message_is_follower = fields.Boolean(
        "Is Follower", compute="_compute_followers", search="_search_message_is_follower"
    )
    message_follower_ids = fields.One2many(
        "mail.followers", compute="_compute_followers", string="Followers"
    )
    message_partner_ids = fields.Many2many(
        "res.partner",
        string="Followers (Partners)",
        compute="_compute_followers",
        search="_search_message_partner_ids",
    )
    message_ids = fields.One2many("mail.message", compute="_compute_messages", string="Messages")
    has_message = fields.Boolean(compute="_compute_messages", search="_search_has_message")
    message_needaction = fields.Boolean(
        "Action Needed",
        compute="_compute_messages",
        help="If checked, new messages require your attention.",
    )
    message_needaction_counter = fields.Integer(
        "Number of Actions",
        compute="_compute_messages",
        help="Number of messages requiring action",
    )
    message_has_error = fields.Boolean(
        "Message Delivery error",
        compute="_compute_message_has_error",
        help="If checked, some messages have a delivery error.",
    )
    message_has_error_counter = fields.Integer(
        "Number of errors",
        compute="_compute_message_has_error",
        help="Number of messages with delivery error",
    )
    message_attachment_count = fields.Integer(
        "Attachment Count", compute="_compute_message_attachment_count", groups="base.group_user"
    )

    # --- computed fields -------------------------------------------------------------
    def _compute_followers(self) -> None:
        """The followers, their partners and whether the caller is one, from one
        query (as the superuser: who reads a record sees its followers)."""
        rows = (
            self.env["mail.followers"]
            .sudo()
            .search_read(
                [["res_model", "=", self._name], ["res_id", "in", self.ids]],
                ["res_id", "partner_id"],
                load=None,
            )
        )
        partner = self.env.user.partner_id.id
        for record in self:  # type: ignore[attr-defined]
            own = [r for r in rows if r["res_id"] == record.id]
            record.message_follower_ids = [r["id"] for r in own]
            record.message_partner_ids = [r["partner_id"] for r in own]
            record.message_is_follower = any(r["partner_id"] == partner for r in own)

    def _followed_ids(self, partner_ids: Any) -> list[int]:
        """The ids of the records of this model that ``partner_ids`` follow."""
        rows = (
            self.env["mail.followers"]
            .sudo()
            .search_read(
                [["res_model", "=", self._name], ["partner_id", "in", partner_ids]],
                ["res_id"],
                load=None,
            )
        )
        return [row["res_id"] for row in rows]

    def _search_message_is_follower(self, operator: str, value: Any) -> Any:
        domain = _ids_domain(self._followed_ids([self.env.user.partner_id.id]))
        return domain if asks_true(operator, value) else ["!", *domain]

    def _search_message_partner_ids(self, operator: str, value: Any) -> Any:
        partners = value if isinstance(value, list | tuple) else [value]
        domain = _ids_domain(self._followed_ids([p for p in partners if p]))
        return domain if operator in ("=", "in") else ["!", *domain]

    def _compute_messages(self) -> None:
        """The messages the caller may read (newest first), whether there are any at
        all, and how many notified the caller, from one query."""
        partner = self.env.user.partner_id.id
        rows: list[tuple[Any, ...]] = []
        for chunk in chunks(self.ids):
            marks = ", ".join(["%s"] * len(chunk))
            rows.extend(
                self.env.cr.execute(
                    "SELECT m.id, m.res_id, m.message_type, EXISTS (SELECT 1 FROM "
                    '"mail_message_notified_partner_rel" r WHERE r.mail_message_id = m.id '
                    'AND r.res_partner_id = %s) FROM "mail_message" m '
                    f"WHERE m.model = %s AND m.res_id IN ({marks}) ORDER BY m.id DESC",
                    [partner, self._name, *chunk],
                )
            )
        readable = [row[0] for row in rows]
        if not self.env.su:
            refused = set(forbidden_ids(self.env, readable, "read"))
            readable = [mid for mid in readable if mid not in refused]
        allowed = set(readable)
        for record in self:  # type: ignore[attr-defined]
            own = [row for row in rows if row[1] == record.id]
            record.message_ids = [row[0] for row in own if row[0] in allowed]
            record.has_message = bool(own)
            counter = sum(1 for row in own if row[3] and row[2] != "user_notification")
            record.message_needaction_counter = counter
            record.message_needaction = bool(counter)

    def _search_has_message(self, operator: str, value: Any) -> Any:
        rows = self.env.cr.execute(
            'SELECT DISTINCT res_id FROM "mail_message" WHERE model = %s', [self._name]
        )
        domain = _ids_domain(row[0] for row in rows if row[0])
        return domain if asks_true(operator, value) else ["!", *domain]

    def _compute_message_has_error(self) -> None:
        for record in self:  # type: ignore[attr-defined]
            record.message_has_error_counter = 0  # nothing is sent: nothing bounces
            record.message_has_error = False

    def _compute_message_attachment_count(self) -> None:
        attachments = self.env["ir.attachment"].search_read(
            [["res_model", "=", self._name], ["res_id", "in", self.ids]], ["res_id"], load=None
        )
        for record in self:  # type: ignore[attr-defined]
            record.message_attachment_count = sum(
                1 for a in attachments if a["res_id"] == record.id
            )

    # --- creation and deletion -----------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list: list[dict[str, Any]] | dict[str, Any]) -> Any:
        """Create the records; the creating user follows them, and a creation
        message is logged on each (unless the context says
        ``mail_create_nosubscribe`` / ``mail_create_nolog`` / ``tracking_disable``)."""
        if tracking.tracked_fields(self):
            # what the creation computes is not tracked (as in Odoo): the records are
            # left out of the tracking of the whole transaction
            with tracking.scope(self.env):
                records = super().create(vals_list)  # type: ignore[misc]
                tracking.discard(records)
        else:
            records = super().create(vals_list)  # type: ignore[misc]
        context = self.env.context
        # records the modules before mail make (base's company, users) get no chatter,
        # as in Odoo, where mail is installed after them
        note = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note")
        if not records or context.get("tracking_disable") or note is None:
            return records
        user = self.env.user.sudo()
        if not context.get("mail_create_nosubscribe") and user.active and not user.share:
            # (new records: no follower to look for, as Odoo's create does not)
            self.env["mail.followers"]._insert_followers(
                self._name, records.ids, [user.partner_id.id], check_existing=False
            )
        if not context.get("mail_create_nolog"):
            records._message_log_batch(
                {record.id: record._creation_message() for record in records}, note
            )
        return records

    def write(self, vals: dict[str, Any]) -> bool:
        """Write; a change of a tracked field is logged (see
        :mod:`jsontwo.modules.mail.tracking`). A write naming no tracked field
        goes straight on."""
        if not tracking.watches(self, vals):
            return super().write(vals)  # type: ignore[misc]
        with tracking.scope(self.env):
            tracking.prepare(self, tracking.tracked_fields(self))
            return super().write(vals)  # type: ignore[misc]

    def _recompute_stored(self, fnames: Any, exist: bool = False) -> tuple[list[int], list[str]]:
        """Recompute stored computed fields; a change of a tracked one (an order's
        total) is logged, but not on records being created (``exist``)."""
        names = frozenset() if exist else tracking.recomputed(self, fnames)
        if not names:
            return super()._recompute_stored(fnames, exist)  # type: ignore[misc]
        with tracking.scope(self.env):
            tracking.prepare(self, names)
            return super()._recompute_stored(fnames, exist)  # type: ignore[misc]

    def _track_subtype(self, initial_values: dict[str, Any]) -> Any:
        """The subtype (an id) of the message logging changes of the tracked fields
        ``initial_values`` names (their old values): none, for an internal note.
        A model posts some changes as its own subtype (an order confirmed)."""
        return False

    def unlink(self) -> bool:
        """Delete the records, their messages and their followers."""
        ids = list(self.ids)
        result: bool = super().unlink()  # type: ignore[misc]
        if ids:
            for model, link in (("mail.message", "model"), ("mail.followers", "res_model")):
                found = (
                    self.env[model].sudo().search([[link, "=", self._name], ["res_id", "in", ids]])
                )
                found.unlink()
        return result

    def _creation_message(self) -> str:
        """The text logged when a record is created (``Contact created``)."""
        return f"{self._description} created"

    def _message_log_batch(self, bodies: dict[int, str], note: int) -> Any:
        """Log one internal note (subtype ``note``) per record, as the superuser,
        authored by the caller's partner: ``bodies`` maps record ids to plain texts."""
        author = self.env.user.partner_id.sudo()
        email_from = author.email_formatted or False
        return (
            self.env["mail.message"]
            .sudo()
            .create(
                [
                    {
                        "author_id": author.id,
                        "email_from": email_from,
                        "body": f"<p>{html.escape(text, quote=False)}</p>",
                        "model": self._name,
                        "res_id": res_id,
                        "message_type": "notification",
                        "subtype_id": note,
                        "is_internal": True,
                        "email_add_signature": False,
                        "record_company_id": False,
                    }
                    for res_id, text in bodies.items()
                ]
            )
        )

    # --- posting -------------------------------------------------------------------
    def message_post(
        self,
        *,
        body: Any = "",
        subject: Any = None,
        message_type: str = "notification",
        email_from: Any = None,
        author_id: Any = None,
        parent_id: Any = False,
        subtype_xmlid: Any = None,
        subtype_id: Any = False,
        partner_ids: Any = None,
        outgoing_email_to: Any = False,
        incoming_email_to: Any = False,
        incoming_email_cc: Any = False,
        attachments: Any = None,
        attachment_ids: Any = None,
        body_is_html: bool = False,
        **kwargs: Any,
    ) -> Any:
        """Post a message on this record and return it: ``body`` is text (escaped)
        unless ``body_is_html``; the subtype defaults to ``mail.mt_note``; the
        author to the caller's partner; ``attachments`` are ``(name, content)``
        pairs, ``attachment_ids`` existing attachments. The followers subscribed
        to the subtype and ``partner_ids`` are notified (stored, never emailed)."""
        self.ensure_one()  # type: ignore[attr-defined]
        posting.check_arguments(kwargs, message_type, attachments, attachment_ids, partner_ids)
        model = self.env["mail.message"]
        extras = {k: v for k, v in kwargs.items() if k in model._fields}
        author_id, email_from = self._message_compute_author(author_id, email_from)
        data = self.env["ir.model.data"]
        if subtype_xmlid:
            subtype_id = data._xmlid_to_res_id(subtype_xmlid)
        if not subtype_id:
            subtype_id = data._xmlid_to_res_id("mail.mt_note")
        partners = list(partner_ids or [])
        values: dict[str, Any] = {
            "email_add_signature": True,
            **extras,
            "author_id": author_id,
            "email_from": email_from,
            "model": self._name,
            "res_id": self.id,
            "body": posting.body_html(body, body_is_html),
            "message_type": message_type,
            "parent_id": self._message_compute_parent_id(parent_id),
            "subject": subject or False,
            "subtype_id": subtype_id,
            "partner_ids": [Command.link(p) for p in partners],
            "incoming_email_to": incoming_email_to,
            "incoming_email_cc": incoming_email_cc,
            "outgoing_email_to": outgoing_email_to,
        }
        values.setdefault("record_company_id", self._message_company_id())
        values.setdefault("reply_to", email_from or False)
        values["attachment_ids"] = posting.attachment_commands(self, attachments, attachment_ids)
        notified = posting.notified_partners(self, subtype_id, partners, author_id)
        values["notified_partner_ids"] = [Command.set(notified)]
        message = model.create(values)
        comment = data._xmlid_to_res_id("mail.mt_comment")
        if (
            not self.env.context.get("mail_post_autofollow_author_skip")
            and message_type not in _SYSTEM_TYPES
            and subtype_id == comment
        ):
            user = self.env.user.sudo()
            if user.active and not user.partner_id.partner_share:
                self._message_subscribe([user.partner_id.id])
        return message

    def _message_compute_parent_id(self, parent_id: Any) -> Any:
        """The parent of a new message: the given one if it is a message of this
        record; else, in a flat thread, the record's latest comment or email, or
        its latest message (false on a record without messages)."""
        messages = self.env["mail.message"].sudo()
        on_record = [["model", "=", self._name], ["res_id", "=", self.id]]
        if parent_id:
            found = messages.search([["id", "=", parent_id], *on_record])
            if found:
                return found.id
        if not self._mail_flat_thread:
            return False
        rows = messages.search_read(
            [*on_record, ["message_type", "!=", "user_notification"]],
            ["message_type", "date"],
            order="date desc, id desc",
            limit=PARENT_CANDIDATES,
            load=None,
        )
        if not rows:
            return False
        best = max(
            rows,
            key=lambda r: (r["message_type"] in ("comment", "email"), r["date"] or "", r["id"]),
        )
        return best["id"]

    def _message_compute_author(self, author_id: Any, email_from: Any) -> tuple[Any, Any]:
        """The author and sender of a new message: the caller's partner and its
        address unless given (a sender address alone names no partner here)."""
        partners = self.env["res.partner"].sudo()
        if author_id is None:
            if email_from:
                found = partners.search([["email", "=ilike", email_from]], limit=1)
                author_id = found.id or False
            else:
                author = self.env.user.partner_id.sudo()
                author_id, email_from = author.id, author.email_formatted or False
        if email_from is None and author_id:
            email_from = partners.browse([author_id]).email_formatted or False
        return author_id, email_from

    def _message_company_id(self) -> Any:
        """The company of this record's messages: its own, else the caller's."""
        company = self["company_id"] if "company_id" in self._fields else None  # type: ignore[index]
        if company:
            return company.sudo().id
        return self.env.company.id or False

    # --- following -------------------------------------------------------------------
    def message_subscribe(self, partner_ids: Any = None, subtype_ids: Any = None) -> bool:
        """Make ``partner_ids`` follow these records (with ``subtype_ids``, or the
        default subtypes): the caller following needs reading them, anyone else
        writing them. Returns False when the caller may not read them."""
        if not self.ids or not partner_ids:
            return True
        partners = list(partner_ids)
        if set(partners) == {self.env.user.partner_id.id}:
            try:
                self.check_access("read")  # type: ignore[attr-defined]
            except AccessError:
                return False
        else:
            self.check_access("write")  # type: ignore[attr-defined]
            partners = (
                self.env["res.partner"]
                .sudo()
                .search([["id", "in", partners], ["active", "=", True]])
                .ids
            )
        self._message_subscribe(partners, subtype_ids)
        return True

    def _message_subscribe(self, partner_ids: Any, subtype_ids: Any = None) -> None:
        """Make ``partner_ids`` follow these records, without access checks."""
        self.env["mail.followers"]._insert_followers(
            self._name, self.ids, partner_ids, list(subtype_ids) if subtype_ids else None
        )

    def message_unsubscribe(self, partner_ids: Any = None) -> Any:
        """Remove ``partner_ids`` from the followers of these records: an internal
        user may always stop following; removing others needs writing the records."""
        if not partner_ids:
            return True
        if set(partner_ids) != {self.env.user.partner_id.id}:
            self.check_access("write")  # type: ignore[attr-defined]
        elif not self.env.user._is_internal():
            self.check_access("read")  # type: ignore[attr-defined]
        self.env["mail.followers"].sudo().search(
            [
                ["res_model", "=", self._name],
                ["res_id", "in", self.ids],
                ["partner_id", "in", list(partner_ids)],
            ]
        ).unlink()
        return None
