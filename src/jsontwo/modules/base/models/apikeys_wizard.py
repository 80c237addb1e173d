"""The API-key wizards of the account settings, as integrations call them over the API.

``res.users.apikeys.description`` describes a new key (a name and how long it
lasts); its ``make_key`` and the keys' ``remove`` first check the caller's
identity: over JSON-2 there is no session that remembers a check, so they
always answer the action of a ``res.users.identitycheck`` wizard; calling that
wizard's ``run_check`` with the caller's password in the context
(``{"password": ...}``) runs the method asked for and answers its action (the
new key is in ``context.default_key`` of the answer of ``make_key``).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable
from typing import Any

from jsontwo.exceptions import AccessError, UserError
from jsontwo.orm import api, dates, fields, models

#: key durations in days (the selection of the wizard), "0" never expires, "-1" asks a date
DURATIONS = [
    ("1", "1 Day"),
    ("7", "1 Week"),
    ("30", "1 Month"),
    ("90", "3 Months"),
    ("180", "6 Months"),
    ("365", "1 Year"),
]
PERSISTENT = ("0", "Persistent Key")
CUSTOM = ("-1", "Custom Date")
WRONG_PASSWORD = "Incorrect Password, try again or click on Forgot Password to reset your password."


def check_identity(method: Callable[..., Any]) -> Callable[..., Any]:
    """Make ``method`` (an action of the account settings) ask for the caller's
    password first: it answers an identity-check wizard, whose ``run_check``
    runs ``method`` once the password is right."""

    @functools.wraps(method)
    def wrapped(self: models.Model, *args: Any, **kwargs: Any) -> dict[str, Any]:
        return self.env["res.users.identitycheck"]._ask_for(self, method.__name__, args, kwargs)

    wrapped.__dict__["_identity_checked"] = method
    return wrapped


class IdentityCheck(models.Model):
    """A pending action that waits for its caller's password."""

    _name = "res.users.identitycheck"
    _description = "Password Check Wizard"
    _transient = True

    request = fields.Char(readonly=True, groups=".")
    auth_method = fields.Selection(
        [("password", "Password"), ("webauthn", "Passkey")], default="password"
    )
    password = fields.Char(compute="_compute_password", readonly=False)

    def _compute_password(self) -> None:
        """Never read back: the password is given in the context of ``run_check``."""
        for wizard in self:
            wizard.password = False

    @api.model
    def _ask_for(
        self, records: models.Model, method: str, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> dict[str, Any]:
        """A wizard remembering ``records.method(*args, **kwargs)``, and its action."""
        context = {
            k: v for k, v in records.env.context.items() if isinstance(v, str | int | float | bool)
        }
        request = json.dumps([context, records._name, list(records._ids), method, args, kwargs])
        wizard = self.sudo().create({"request": request})
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": wizard.id,
            "name": "Access Control",
            "target": "new",
            "views": [[False, "form"]],
            "context": {"dialog_size": "medium"},
        }

    def run_check(self) -> Any:
        """Check the password given in the context (``password``), then run the
        action this wizard waits for and answer what it answers."""
        self.ensure_one()
        self._ensure_exist()
        me = self.env["res.users"].browse([self.env.uid])
        if not me._check_password(str(self.env.context.get("password") or "")):
            raise UserError(WRONG_PASSWORD)
        raw = self.sudo().read(["request"], load=None)[0]["request"]
        if not raw:
            raise UserError("This identity check is not waiting for any action.")
        context, model, ids, method, args, kwargs = json.loads(raw)
        records = self.env[model].with_context(context).browse(ids)
        action = getattr(type(records), method, None)
        inner = getattr(action, "_identity_checked", None)
        if inner is None:
            raise UserError("This identity check is not waiting for any action.")
        return inner(records, *args, **kwargs)


class ApiKeyDescription(models.Model):
    """The description of a key about to be made: its name and how long it lasts."""

    _name = "res.users.apikeys.description"
    _description = "API Key Description"
    _transient = True

    name = fields.Char("Description", required=True)
    duration = fields.Selection(
        "_selection_duration",
        "Duration",
        required=True,
        default=lambda self: self._selection_duration()[0][0],
    )
    expiration_date = fields.Datetime("Expiration Date")

    def _selection_duration(self) -> list[tuple[str, str]]:
        """The durations the caller may choose: all of them for an administrator,
        else those within the longest duration of their groups, and a date."""
        if self.env.is_system():
            return [*DURATIONS, PERSISTENT, CUSTOM]
        longest = self.env["res.users.apikeys"]._max_duration_days()
        return [item for item in DURATIONS if int(item[0]) <= longest] + [CUSTOM]

    @api.model_create_multi
    def create(self, vals_list: list[dict[str, Any]] | dict[str, Any]) -> ApiKeyDescription:
        """Describe keys; the expiry follows the duration (a date for "Custom Date")
        and must be one the caller may choose."""
        if isinstance(vals_list, dict):
            vals_list = [vals_list]
        default = self._selection_duration()[0][0]
        prepared = []
        for vals in vals_list:
            vals = dict(vals)
            days = _days(vals.get("duration") or default)
            if days is not None and days >= 0:
                moment = dt.datetime.combine(self.env.now.date(), dt.time())
                vals["expiration_date"] = (
                    (moment + dt.timedelta(days=days)).strftime(fields.DATETIME_FORMAT)
                    if days
                    else False
                )
            prepared.append(vals)
        records = super().create(prepared)
        keys = self.env["res.users.apikeys"]
        for record in records:
            keys._check_expiration_date(_as_datetime(record.expiration_date))
        return records

    @check_identity
    def make_key(self) -> dict[str, Any]:
        """Make the key described (the caller's, an internal user's) and answer the
        action showing it once: the key is ``context.default_key``."""
        if not self.env.user._is_internal():
            raise AccessError("Only internal users can create API keys")
        description = self.sudo()
        key = self.env["res.users.apikeys"]._generate(
            None, description.name, _as_datetime(description.expiration_date)
        )
        description.unlink()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.users.apikeys.show",
            "name": "API Key Ready",
            "views": [[False, "form"]],
            "target": "new",
            "context": {"default_key": key},
        }


def _as_datetime(value: object) -> dt.datetime | None:
    """A datetime field's value as a datetime (None when empty)."""
    if not value:
        return None
    if isinstance(value, dt.datetime):
        return value
    moment = dates.parse_iso(str(value))
    return moment if isinstance(moment, dt.datetime) else dt.datetime.combine(moment, dt.time())


def _days(value: object) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None
