"""ir.config_parameter: per-database settings as key/value pairs."""

from __future__ import annotations

from jsontwo.orm import fields, models


class ConfigParameter(models.Model):
    """One setting of the database (``base.enable_programmatic_api_keys``...)."""

    _name = "ir.config_parameter"
    _description = "System Parameter"
    _rec_name = "key"
    _order = "key"
    _sql_constraints = (("key_uniq", "unique(key)", "Key must be unique."),)

    key = fields.Char(required=True, index=True)
    value = fields.Text(required=True)

    def _get_param(self, key: str, default: str | None = None) -> str | None:
        """The value of setting ``key``, or ``default`` when it is not set."""
        rows = self.sudo()._search_ids([["key", "=", key]], limit=1)
        if not rows:
            return default
        value = self.sudo().browse(rows).value
        return value if isinstance(value, str) else default

    def _set_param(self, key: str, value: str) -> None:
        """Set (or replace) setting ``key``."""
        model = self.sudo()
        found = model.browse(model._search_ids([["key", "=", key]], limit=1))
        if found:
            found.write({"value": value})
        else:
            model.create({"key": key, "value": value})
