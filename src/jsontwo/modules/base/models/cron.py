"""ir.cron: the scheduled actions. jsontwo has no scheduler: its scheduled
actions are records that clients list, switch on and off, and run at once
(``method_direct_trigger``); nothing runs them on a timer."""

from __future__ import annotations

import logging
from typing import Any

from jsontwo.exceptions import UserError
from jsontwo.orm import api, fields, models

_logger = logging.getLogger(__name__)

INTERVALS = [
    ("minutes", "Minutes"),
    ("hours", "Hours"),
    ("days", "Days"),
    ("weeks", "Weeks"),
    ("months", "Months"),
]


class Cron(models.Model):
    """A scheduled action: a server action (``code``) and when to run it."""

    _name = "ir.cron"
    _description = "Scheduled Actions"
    _order = "cron_name, id"
    _inherits = {"ir.actions.server": "ir_actions_server_id"}
    _sql_constraints = (
        (
            "check_strictly_positive_interval",
            "CHECK (interval_number > 0)",
            "The interval number must be a strictly positive number.",
        ),
    )

    ir_actions_server_id = fields.Many2one(
        "ir.actions.server", "Server action", index=True, ondelete="restrict", required=True
    )
    cron_name = fields.Char("Name", compute="_compute_cron_name", store=True)
    user_id = fields.Many2one(
        "res.users", "Scheduler User", default=lambda self: self.env.uid, required=True
    )
    active = fields.Boolean(default=True)
    interval_number = fields.Integer(default=1, help="Repeat every x.", required=True)
    interval_type = fields.Selection(INTERVALS, "Interval Unit", default="months", required=True)
    nextcall = fields.Datetime(
        "Next Execution Date",
        required=True,
        default=lambda self: self.env.now.strftime(fields.DATETIME_FORMAT),
        help="Next planned execution date for this job.",
    )
    lastcall = fields.Datetime(
        "Last Execution Date",
        help="Previous time the cron ran successfully, provided to the job through the "
        "context on the `lastcall` key",
    )
    priority = fields.Integer(
        default=5,
        help="The priority of the job, as an integer: 0 means higher priority, "
        "10 means lower priority.",
    )
    failure_count = fields.Integer(
        default=0,
        help="The number of consecutive failures of this job. It is automatically reset on "
        "success.",
    )
    first_failure_date = fields.Datetime(
        "First Failure Date",
        help="The first time the cron failed. It is automatically reset on success.",
    )

    @api.depends("ir_actions_server_id.name")
    def _compute_cron_name(self) -> None:
        for cron in self:
            cron.cron_name = cron.ir_actions_server_id.name

    @api.model_create_multi
    def create(self, vals_list: list[dict[str, Any]] | dict[str, Any]) -> Cron:
        """Scheduled actions are server actions of usage ``ir_cron`` running code."""
        if isinstance(vals_list, dict):
            vals_list = [vals_list]
        return super().create([{"state": "code", **vals, "usage": "ir_cron"} for vals in vals_list])

    def method_direct_trigger(self) -> Any:
        """Run the scheduled action now, as its scheduler user, and note when
        (``lastcall``); a failure is answered as Odoo's dialog of the error."""
        self.ensure_one()
        self.browse().check_access("write")
        cron = self.sudo()
        try:
            cron.ir_actions_server_id.with_user(cron.user_id.id).run()
        except (UserError, TypeError, ValueError) as exc:
            _logger.error("scheduled action %r (#%s) failed: %s", cron.cron_name, cron.id, exc)
            return {
                "type": "ir.actions.client",
                "tag": "display_exception",
                "params": {
                    "code": 0,
                    "message": "Odoo Server Error",
                    "data": {"name": type(exc).__name__, "message": str(exc)},
                },
            }
        cron.write(
            {
                "lastcall": self.env.now.strftime(fields.DATETIME_FORMAT),
                "failure_count": 0,
                "first_failure_date": False,
            }
        )
        return True
