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
