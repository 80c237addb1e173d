"""ir.autovacuum: what the daily scheduled action "Base: Auto-vacuum internal
data" runs: the wizards' records (transient models) older than an hour are
deleted, as Odoo's vacuum does."""

from __future__ import annotations

import datetime as dt
import logging

from jsontwo.orm import api, fields, models

_logger = logging.getLogger(__name__)

#: how long a wizard's record lives (Odoo's ``_transient_max_hours``)
TRANSIENT_MAX_HOURS = 1.0


class AutoVacuum(models.Model):
    """The cleaner of internal data (no records of its own)."""

    _name = "ir.autovacuum"
    _description = "Automatic Vacuum"

    @api.model
    def _run_vacuum_cleaner(self) -> None:
        """Delete the transient records not written for an hour."""
        limit = self.env.now - dt.timedelta(hours=TRANSIENT_MAX_HOURS)
        stamp = limit.strftime(fields.DATETIME_FORMAT)
        for name, cls in self.env.registry.models.items():
            if not getattr(cls, "_transient", False) or not cls._log_access:
                continue
            old = self.env[name].sudo().search([("write_date", "<", stamp)])
            if old:
                _logger.info("vacuum: %s records of %s deleted", len(old), name)
                old.unlink()
