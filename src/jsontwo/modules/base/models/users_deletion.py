"""res.users.deletion: requests to delete users, processed later (Odoo runs
them in a scheduled job: a user's deletion touches every table)."""

from __future__ import annotations

import logging

from jsontwo.exceptions import UserError
from jsontwo.orm import api, fields, models

_logger = logging.getLogger(__name__)


class UsersDeletion(models.Model):
    """A request to delete a user and then their partner."""

    _name = "res.users.deletion"
    _description = "Users Deletion Request"
    _rec_name = "user_id"

    user_id = fields.Many2one("res.users", "User", ondelete="set null")
    # the id stays when the user is gone
    user_id_int = fields.Integer("User Id", compute="_compute_user_id_int", store=True)
    state = fields.Selection(
        [("todo", "To Do"), ("done", "Done"), ("fail", "Failed")],
        "State",
        required=True,
        default="todo",
    )

    @api.depends("user_id")
    def _compute_user_id_int(self) -> None:
        for request in self:
            if request.user_id:
                request.user_id_int = request.user_id.id

    def _compute_display_name(self) -> None:
        """A request is named after its user (``_rec_name`` is a many2one)."""
        for request in self:
            request.display_name = request.user_id.display_name if request.user_id else False

    @api.model
    def _gc_portal_users(self, batch_size: int = 50) -> None:
        """Process the requests to do: delete each user (a user who cannot be
        deleted, the administrator say, fails the request), then their partner
        unless something still points to it (jsontwo checks that first rather
        than undoing a failed delete)."""
        requests = self.sudo().search([("state", "=", "todo")])
        for request in requests.browse(list(requests.ids)[:batch_size]):
            user = request.user_id.sudo()
            if not user:
                request.write({"state": "done"})
                continue
            try:
                user._check_deletable()
            except UserError as exc:
                _logger.info("user #%s could not be deleted: %s", user.id, exc)
                request.write({"state": "fail"})
                continue
            partner = user.partner_id
            user.unlink()
            request.write({"state": "done"})
            if not partner.user_ids:
                partner.unlink()
