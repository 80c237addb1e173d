"""ir.config_parameter: per-database settings as key/value pairs."""

from __future__ import annotations

from typing import Any

from jsontwo.exceptions import ValidationError
from jsontwo.orm import api, fields, models

#: the settings a database is made with, which Odoo refuses to rename
SERVER_KEYS = (
    "database.secret",
    "database.uuid",
    "database.create_date",
    "web.base.url",
    "base.login_cooldown_after",
    "base.login_cooldown_duration",
)


class ConfigParameter(models.Model):
    """One setting of the database (``base.enable_programmatic_api_keys``...)."""

    _name = "ir.config_parameter"
    _description = "System Parameter"
    _rec_name = "key"
    _order = "key"
    _sql_constraints = (("key_uniq", "unique(key)", "Key must be unique."),)

    key = fields.Char(required=True, index=True)
    value = fields.Text(required=True)

    @api.model
    @api.readonly
    def get_param(self, key: str, default: Any = False) -> Any:
        """The value of setting ``key``, or ``default`` when it is not set."""
        if not self.env.su:
            self._check_model_access("read")
        rows = self.env.cr.execute('SELECT value FROM "ir_config_parameter" WHERE key = %s', [key])
        return rows[0][0] if rows else default

    @api.model
    def set_param(self, key: str, value: Any) -> Any:
        """Set ``key`` to ``value`` (False or None removes it); answer the old value."""
        if not self.env.su:
            self._check_model_access("write")
        params = self.sudo()
        found = params._search_ids([["key", "=", key]], limit=1)
        old = params.browse(found).value if found else False
        if value is False or value is None:
            params.browse(found).unlink()
        elif found:
            params.browse(found).write({"value": str(value)})
        else:
            params.create({"key": key, "value": str(value)})
        return old

    def write(self, vals: dict[str, Any]) -> bool:
        """Write settings; renaming reads the keys first (so a caller who may not
        read settings is refused reading), and the keys the server sets itself
        are never renamed."""
        if "key" in vals:
            if not self.env.su:
                self._check_model_access("read")
            keys = {row["key"] for row in self.sudo().read(["key"], load=None)}
            illegal = sorted(keys & set(SERVER_KEYS))
            if illegal:
                raise ValidationError(
                    f"You cannot rename config parameters with keys {', '.join(illegal)}"
                )
        return super().write(vals)
