"""What Odoo keeps per user besides the user: settings, sign-in log, devices.

jsontwo has no web client, so it records neither sessions nor devices: the
models are there for what integrations read (``res.users.settings`` of a user,
``log_ids``, ``device_ids``), and stay empty unless a caller fills them.
"""

from __future__ import annotations

from jsontwo.orm import fields, models

DEVICE_TYPES = [("computer", "Computer"), ("mobile", "Mobile")]


class UsersSettings(models.Model):
    """A user's interface settings (one record per user)."""

    _name = "res.users.settings"
    _description = "User Settings"
    _rec_name = "user_id"
    _sql_constraints = (
        ("unique_user_id", "UNIQUE (user_id)", "One user should only have one user settings."),
    )

    user_id = fields.Many2one(
        "res.users",
        "User",
        required=True,
        ondelete="cascade",
        domain=[["res_users_settings_id", "=", False]],
    )

    def _compute_display_name(self) -> None:
        # named by the user, as in Odoo (its _rec_name is the user link)
        for settings in self:
            settings.display_name = settings.sudo().user_id.display_name or False


class UsersLog(models.Model):
    """One sign-in of a user: who (``create_uid``) and when (``create_date``)."""

    _name = "res.users.log"
    _description = "Users Log"
    _order = "id desc"

    create_uid = fields.Many2one("res.users", "Created by", readonly=True, index=True)


class _DeviceFields:
    """The fields of a device and of a device's log line (as in Odoo, where the
    devices are a view of the log's latest lines)."""

    session_identifier = fields.Char("Session Identifier", required=True, index=True)
    platform = fields.Char("Platform")
    browser = fields.Char("Browser")
    ip_address = fields.Char("IP Address")
    country = fields.Char("Country")
    city = fields.Char("City")
    device_type = fields.Selection(DEVICE_TYPES, "Device Type")
    user_id = fields.Many2one("res.users", index=True)
    first_activity = fields.Datetime("First Activity")
    last_activity = fields.Datetime("Last Activity", index=True)
    revoked = fields.Boolean(
        "Revoked",
        help="If True, the session file corresponding to this device\n"
        "                                    no longer exists on the filesystem.",
    )
    # sortable as in Odoo, where the session's own device sorts first; jsontwo keeps
    # no web sessions, so no device is the current one and the order is unchanged
    is_current = fields.Boolean(
        "Current Device",
        compute="_compute_is_current",
        sql="_is_current_sql",
        sql_order_only=True,
    )
    linked_ip_addresses = fields.Text("Linked IP address", compute="_compute_linked_ip_addresses")

    def _compute_is_current(self) -> None:
        # no session is ever a device here: jsontwo keeps no web sessions
        for device in self:  # type: ignore[attr-defined]
            device.is_current = False

    def _is_current_sql(self, alias: str) -> str:
        """``is_current`` in SQL: false for every device (no session is one). Not the
        constant FALSE, which PostgreSQL refuses in an ORDER BY."""
        return f"({alias}.id IS NULL)"

    def _compute_linked_ip_addresses(self) -> None:
        for device in self:  # type: ignore[attr-defined]
            device.linked_ip_addresses = device.ip_address or False


class DeviceLog(_DeviceFields, models.Model):
    """One activity of a session on a device."""

    _name = "res.device.log"
    _description = "Device Log"
    _rec_names_search = ("platform", "browser")


class Device(_DeviceFields, models.Model):
    """A device a user signed in from."""

    _name = "res.device"
    _description = "Devices"
    _order = "last_activity desc"
