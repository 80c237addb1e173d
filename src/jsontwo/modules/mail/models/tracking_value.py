"""mail.tracking.value: one change of a tracked field (``tracking=True``), kept
with the message that logged it: the field, its old and new values in the
column of their kind (``old_value_char``, ``new_value_integer``...)."""

from __future__ import annotations

from typing import Any

from jsontwo.orm import api, fields, models

#: the value columns each field type shows its values from (the rest: ``*_char``)
VALUE_COLUMNS = {
    "boolean": "integer",
    "date": "datetime",
    "datetime": "datetime",
    "char": "char",
    "float": "float",
    "integer": "integer",
    "monetary": "float",
    "text": "text",
}


class TrackingValue(models.Model):
    """A tracked field's change: old and new value, on a message."""

    _name = "mail.tracking.value"
    _description = "Mail Tracking Value"
    _rec_name = "field_id"
    _order = "id desc"

    field_id = fields.Many2one("ir.model.fields", readonly=True, index=True, ondelete="set null")
    field_info = fields.Json("Removed field information")
    old_value_integer = fields.Integer("Old Value Integer", readonly=True)
    old_value_float = fields.Float("Old Value Float", readonly=True)
    old_value_char = fields.Char("Old Value Char", readonly=True)
    old_value_text = fields.Text("Old Value Text", readonly=True)
    old_value_datetime = fields.Datetime("Old Value DateTime", readonly=True)
    new_value_integer = fields.Integer("New Value Integer", readonly=True)
    new_value_float = fields.Float("New Value Float", readonly=True)
    new_value_char = fields.Char("New Value Char", readonly=True)
    new_value_text = fields.Text("New Value Text", readonly=True)
    new_value_datetime = fields.Datetime("New Value Datetime", readonly=True)
    currency_id = fields.Many2one(
        "res.currency",
        "Currency",
        readonly=True,
        ondelete="set null",
        help="Used to display the currency when tracking monetary values",
    )
    mail_message_id = fields.Many2one(
        "mail.message", "Message ID", required=True, index=True, ondelete="cascade"
    )

    @api.depends("field_id")
    def _compute_display_name(self) -> None:
        # named by its field, as Odoo's ``_rec_name``: "Customer (Sales Order)"
        for value in self:
            value.display_name = value.field_id.display_name if value.field_id else False

    def _tracking_value_format(self) -> list[dict[str, Any]]:
        """The values as the chatter shows them (``trackingValues``), in the order
        of their fields' tracking sequence, then name; the values a user may not
        read (a field with ``groups`` the user lacks) left out."""
        rows = self.sudo().read(
            [
                "field_id",
                "currency_id",
                *(
                    f"{age}_value_{kind}"
                    for age in ("old", "new")
                    for kind in set(VALUE_COLUMNS.values())
                ),
            ],
            load=None,
        )
        field_rows = {
            row["id"]: row
            for row in self.env["ir.model.fields"]
            .sudo()
            .browse([r["field_id"] for r in rows if r["field_id"]])
            .read(["model", "name", "ttype"], load=None)
        }
        formatted = []
        described: dict[str, dict[str, Any]] = {}
        for row in rows:
            info = field_rows.get(row["field_id"])
            if info is None or info["model"] not in self.env.registry.models:
                continue
            model = self.env[info["model"]]
            field = model._fields.get(info["name"])
            if field is None or not model._has_field_access(field):
                continue
            if info["model"] not in described:
                described[info["model"]] = model.sudo().fields_get(attributes=["string", "digits"])
            col_info = described[info["model"]].get(info["name"], {})
            key = (_sequence(field), info["name"])
            formatted.append((key, _entry(row, col_info, info["ttype"])))
        return [entry for _key, entry in sorted(formatted, key=lambda item: item[0])]


def _sequence(field: Any) -> int:
    """A tracked field's place among the values shown (``tracking=True``: 100)."""
    tracking = getattr(field, "tracking", False)
    return 100 if tracking is True or not isinstance(tracking, int) else tracking


def _entry(row: dict[str, Any], col_info: dict[str, Any], ttype: str) -> dict[str, Any]:
    """One tracking value as the chatter's store gives it (``col_info``: the
    field's description, as fields_get gives it)."""
    kind = VALUE_COLUMNS.get(ttype, "char")
    return {
        "id": row["id"],
        "fieldInfo": {
            "changedField": col_info.get("string"),
            "currencyId": row["currency_id"] or False,
            "floatPrecision": col_info.get("digits"),
            "fieldType": ttype,
            "isPropertyField": False,
        },
        "newValue": _display(row[f"new_value_{kind}"], ttype),
        "oldValue": _display(row[f"old_value_{kind}"], ttype),
    }


def _display(value: Any, ttype: str) -> Any:
    """A stored value as shown: booleans as booleans, dates and times with ``Z``."""
    if ttype == "boolean":
        return bool(value)
    if ttype in ("date", "datetime") and value:
        return str(value)[:10] if ttype == "date" else f"{value}Z"
    return value
