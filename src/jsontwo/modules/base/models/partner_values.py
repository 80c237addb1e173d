"""What partners' fields hold: address types and the fields kept in sync, time
zones, contact texts ("Name <email>"), web addresses, avatars; the action that
shows the users a refusal names."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from typing import Any
from urllib.parse import urlsplit

from jsontwo.orm import api, fields, models

ADDRESS_TYPES = [
    ("contact", "Contact"),
    ("invoice", "Invoice"),
    ("delivery", "Delivery"),
    ("other", "Other"),
]
#: address types named after their type when they have no name ("Company, Delivery")
DISPLAYED_TYPES = ("invoice", "delivery", "other")
#: a contact's address is its company's (kept in sync both ways)
ADDRESS_FIELDS = ("street", "street2", "zip", "city", "state_id", "country_id")
#: fields a company's people share with it (set on the company, copied down)
COMMERCIAL_FIELDS = ("vat", "company_registry", "industry_id")
#: the fields whose change makes partners sync their relatives
SYNC_FIELDS = (*ADDRESS_FIELDS, *COMMERCIAL_FIELDS, "parent_id", "type")
DEFAULT_ADDRESS_FORMAT = (
    "%(street)s\n%(street2)s\n%(city)s %(state_code)s %(zip)s\n%(country_name)s"
)
#: context keys that change partners' display names (docs/internals/orm-behaviour.md, "Context keys")
DISPLAY_NAME_KEYS = (
    "show_address",
    "partner_show_db_id",
    "show_email",
    "show_vat",
    "address_inline",
    "formatted_display_name",
)
# POSIX "Etc/*" zones last, as Odoo lists them
#: names of the system's zone files that are no time zones (Odoo does not offer them)
NOT_TIMEZONES = frozenset({"Factory", "localtime"})
TIMEZONES = [
    (tz, tz)
    for tz in sorted(
        zoneinfo.available_timezones() - NOT_TIMEZONES,
        key=lambda tz: (tz.startswith("Etc/"), tz),
    )
]
TZ_HELP = (
    "When printing documents and exporting/importing data, time values are computed "
    "according to this timezone.\nIf the timezone is not set, UTC (Coordinated Universal "
    "Time) is used.\nAnywhere else, time values are computed according to the time offset "
    "of your web client."
)
_CONTACT_RE = re.compile(r'^\s*"?(?P<name>[^"<]*?)"?\s*<\s*(?P<email>[^<>\s]+@[^<>\s]+)\s*>\s*$')
_TRAILING_EMAIL_RE = re.compile(r"^\s*(?P<name>.*?)\s*(?P<email>[^\s<>]+@[^\s<>]+\.[^\s<>]+)\s*$")


def parse_contact(text: str) -> tuple[str, str]:
    """``(name, email)`` of ``"Name <email>"``, ``"Name email"`` or ``"email"``
    (the email lower-cased); otherwise the whole text is the name."""
    if not text or not text.strip():
        return "", ""
    match = _CONTACT_RE.match(text) or _TRAILING_EMAIL_RE.match(text)
    if not match:
        return text, ""
    return match.group("name").strip(), match.group("email").strip().lower()


def write_value(value: Any) -> Any:
    """A field value as ``write`` takes it (a record as its id)."""
    if isinstance(value, models.BaseModel):
        return value.id if value else False
    return value


class Website(fields.Char):
    """A web address: one written without a scheme gets ``http://``, as in Odoo."""

    def to_column(self, value: Any, record_model: str) -> Any:
        text = super().to_column(value, record_model)
        return f"http://{text}" if text and not urlsplit(text).scheme else text


def tz_offset(tz: str | None) -> str:
    """The UTC offset of time zone ``tz`` now, like ``+0200`` (UTC's for none or an
    unknown zone)."""
    try:
        zone = zoneinfo.ZoneInfo(tz) if tz else dt.UTC
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = dt.UTC
    return dt.datetime.now(dt.UTC).astimezone(zone).strftime("%z")


def users_action(user_ids: list[int]) -> dict[str, Any]:
    """The window action that shows these users (a form for one, else a list), the
    action of the redirect warnings above."""
    action: dict[str, Any] = {
        "type": "ir.actions.act_window",
        "res_model": "res.users",
        "context": {"create": False},
    }
    if len(user_ids) > 1:
        return action | {
            "name": "Users",
            "view_mode": "list,form",
            "views": [[False, "list"], [False, "form"]],
            "domain": [["id", "in", user_ids]],
        }
    return action | {"view_mode": "form", "views": [[False, "form"]], "res_id": user_ids[0]}


def avatar_compute(image_field: str, avatar_field: str) -> Any:
    """The compute method of an avatar: the image, or a placeholder with the initial."""

    @api.depends("name", "user_ids.share", image_field, "is_company", "type")
    def compute(self: Any) -> None:
        for partner in self:
            image = partner[image_field]
            setattr(partner, avatar_field, image or partner._avatar_svg())

    return compute
