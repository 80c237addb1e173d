"""ir.sequence.date_range: a sequence's own counter for a span of dates (Odoo's
subsequences): with ``use_date_range``, a sequence numbers each span from its
range's counter, and its prefix's ``%(range_year)s``... read the range's start.

A standard range's counter is a database sequence of its own on PostgreSQL
(``ir_sequence_<seq>_<range>``); a no-gap range's is its row's ``number_next``,
locked while drawn (see :mod:`.sequence`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jsontwo.exceptions import UserError
from jsontwo.modules.base.models.sequence import _pg_sequence_name, draw_number
from jsontwo.orm import api, fields, models


class SequenceDateRange(models.Model):
    """The counter of a sequence between two dates."""

    _name = "ir.sequence.date_range"
    _description = "Sequence Date Range"
    _rec_name = "sequence_id"
    _sql_constraints = (
        (
            "unique_range_per_sequence",
            "UNIQUE(sequence_id, date_from, date_to)",
            "You cannot create two date ranges for the same sequence with the same date range.",
        ),
    )

    date_from = fields.Date("From", required=True)
    date_to = fields.Date("To", required=True)
    sequence_id = fields.Many2one("ir.sequence", "Main Sequence", required=True, ondelete="cascade")
    number_next = fields.Integer(
        "Next Number", required=True, default=1, help="Next number of this sequence"
    )
    number_next_actual = fields.Integer(
        "Actual Next Number",
        compute="_compute_number_next_actual",
        inverse="_inverse_number_next_actual",
        help="Next number that will be used. This number can be incremented frequently "
        "so the displayed value might already be obsolete",
    )

    def _pg_name(self) -> str:
        return _pg_sequence_name(self.sequence_id.id, self.id)

    def _standard_on_pg(self) -> bool:
        return self.sequence_id.implementation == "standard" and not self.env.cr.dialect.is_sqlite

    @api.model
    def default_get(self, fields: list[str]) -> dict[str, Any]:
        """Defaults; a new range's actual next number is 1, as in Odoo."""
        result = super().default_get(fields)
        if "number_next_actual" in fields:
            result["number_next_actual"] = 1
        return result

    @api.depends("sequence_id")
    def _compute_display_name(self) -> None:
        for date_range in self:
            date_range.display_name = date_range.sequence_id.sudo().display_name

    @api.model_create_multi
    def create(self, vals_list: list[dict[str, Any]] | dict[str, Any]) -> SequenceDateRange:
        """Create ranges; a standard sequence's get their database sequence. A
        range starts at its ``number_next_actual``, 1 unless given (a
        ``number_next`` given alone is overridden, as in Odoo, whose default for
        the actual next number writes it)."""
        items = [vals_list] if isinstance(vals_list, dict) else list(vals_list)
        prepared = []
        for vals in items:
            vals = dict(vals)
            vals["number_next"] = vals.pop("number_next_actual", None) or 1
            prepared.append(vals)
        ranges = super().create(prepared)
        for date_range in ranges.sudo():
            main = date_range.sequence_id
            if date_range._standard_on_pg():
                date_range._create_pg_sequences(main.number_increment, date_range.number_next)
        return ranges

    def write(self, vals: dict[str, Any]) -> bool:
        """Write; a new next number restarts a standard range's database sequence."""
        if isinstance(vals, dict) and vals.get("number_next"):
            for date_range in self.sudo().exists():
                if date_range._standard_on_pg():
                    date_range._alter_pg_sequences(restart=vals["number_next"])
        return super().write(vals)

    def unlink(self) -> bool:
        """Delete the ranges and their database sequences."""
        self.sudo().exists()._drop_pg_sequences()
        return super().unlink()

    # --- database sequences (PostgreSQL) ----------------------------------------
    def _create_pg_sequences(self, increment: int, start: int) -> None:
        if self.env.cr.dialect.is_sqlite:
            return
        for date_range in self:
            self.env.cr.execute(
                f'CREATE SEQUENCE "{date_range._pg_name()}" '
                f"INCREMENT BY {int(increment or 1)} START WITH {int(start or 1)}"
            )

    def _alter_pg_sequences(self, increment: int | None = None, restart: int | None = None) -> None:
        if self.env.cr.dialect.is_sqlite:
            return
        if increment == 0:
            raise UserError("Step must not be zero.")
        clauses = []
        if increment is not None:
            clauses.append(f"INCREMENT BY {int(increment)}")
        if restart is not None:
            clauses.append(f"RESTART WITH {int(restart)}")
        for date_range in self:
            if clauses:
                self.env.cr.execute(f'ALTER SEQUENCE "{date_range._pg_name()}" {" ".join(clauses)}')

    def _drop_pg_sequences(self) -> None:
        if self.env.cr.dialect.is_sqlite or not self:
            return
        names = ", ".join(f'"{r._pg_name()}"' for r in self)
        self.env.cr.execute(f"DROP SEQUENCE IF EXISTS {names}")

    # --- numbers -----------------------------------------------------------------
    def _compute_number_next_actual(self) -> None:
        for date_range in self:
            if date_range._standard_on_pg():
                rows = self.env.cr.execute(
                    f'SELECT last_value, is_called FROM "{date_range._pg_name()}"'
                )
                last_value, is_called = rows[0]
                step = date_range.sequence_id.number_increment
                date_range.number_next_actual = int(last_value) + (int(step) if is_called else 0)
            else:
                date_range.number_next_actual = date_range.number_next

    def _inverse_number_next_actual(self) -> None:
        for date_range in self:
            date_range.write({"number_next": date_range.number_next_actual or 1})

    def _next(self) -> str:
        """The next reference of the range's sequence, numbered by this range and
        with the range's start as the ``range_*`` values of its prefix."""
        self.ensure_one()
        date_range = self.sudo()
        main = date_range.sequence_id
        number = draw_number(
            date_range,
            "ir_sequence_date_range",
            date_range.id,
            date_range._pg_name(),
            main.implementation,
            main.number_increment,
        )
        context = {"ir_sequence_date_range": str(date_range.date_from)}
        return main.with_context(**context)._format(number)

    @api.model
    def _covering(self, sequence: Any, day: dt.date) -> SequenceDateRange:
        """The range of ``sequence`` covering ``day``; made when there is none, for
        the rest of that year the other ranges leave free (as Odoo does)."""
        ranges = self.sudo()
        found = ranges._search_ids(
            [
                ("sequence_id", "=", sequence.id),
                ("date_from", "<=", day.isoformat()),
                ("date_to", ">=", day.isoformat()),
            ],
            limit=1,
        )
        if found:
            return ranges.browse(found)
        date_from, date_to = dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
        later = ranges._search_ids(
            [
                ("sequence_id", "=", sequence.id),
                ("date_from", ">=", day.isoformat()),
                ("date_from", "<=", date_to.isoformat()),
            ],
            order="date_from desc",
            limit=1,
        )
        if later:
            date_to = _as_date(ranges.browse(later).date_from) - dt.timedelta(days=1)
        earlier = ranges._search_ids(
            [
                ("sequence_id", "=", sequence.id),
                ("date_to", ">=", date_from.isoformat()),
                ("date_to", "<=", day.isoformat()),
            ],
            order="date_to desc",
            limit=1,
        )
        if earlier:
            date_from = _as_date(ranges.browse(earlier).date_to) + dt.timedelta(days=1)
        return ranges.create(
            {
                "date_from": date_from.isoformat(),
                "date_to": date_to.isoformat(),
                "sequence_id": sequence.id,
            }
        )


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
