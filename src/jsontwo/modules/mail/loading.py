"""The mail module's data: the message subtypes every database has (Odoo's external
ids ``mail.mt_comment``, ``mail.mt_note``, ``mail.mt_activities``) and the access
rights."""

from __future__ import annotations

from typing import Any

from jsontwo.modules.base.access_data import load_access_files
from jsontwo.orm import Environment

#: (external id, values): the subtypes of the mail module, as Odoo 19 defines them
SUBTYPES: tuple[tuple[str, dict[str, Any]], ...] = (
    ("mail.mt_comment", {"name": "Discussions", "sequence": 0, "track_recipients": True}),
    (
        "mail.mt_note",
        {
            "name": "Note",
            "default": False,
            "internal": True,
            "sequence": 100,
            "track_recipients": True,
        },
    ),
    (
        "mail.mt_activities",
        {"name": "Activities", "default": False, "internal": True, "sequence": 90},
    ),
)


def load_data(env: Environment) -> None:
    """Create the subtypes and the access rights."""
    upgrade_data(env)


def upgrade_data(env: Environment) -> None:
    """Create the subtypes a database lacks (idempotent) and bring the access
    rights up to date."""
    declare_subtypes(env, SUBTYPES)
    load_access_files(env, "mail")


def declare_subtypes(env: Environment, subtypes: tuple[tuple[str, dict[str, Any]], ...]) -> None:
    """Create the subtypes of ``subtypes`` whose external id does not exist yet."""
    data = env["ir.model.data"]
    model = env["mail.message.subtype"].sudo()
    for xmlid, values in subtypes:
        if data._xmlid_to_res_id(xmlid) is None:
            data._declare(xmlid, model.create(values))
