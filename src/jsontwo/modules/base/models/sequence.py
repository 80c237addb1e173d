"""ir.sequence: numbered references (``S00001``) drawn safely by concurrent calls.

Two implementations, as in Odoo:

* ``standard``: fast, gaps allowed. On PostgreSQL each sequence record owns a
  real database sequence (``ir_sequence_001``) and a number is ``nextval()`` of
  it: never blocks, never conflicts, and a rolled-back call loses its number.
  On SQLite, whose writers are serialised (``BEGIN IMMEDIATE``), the number is
  the row's ``number_next``, incremented in the same transaction, so it has no
  gaps there.
* ``no_gap``: the number is the row's ``number_next``, incremented in the
  caller's transaction: a rolled-back call gives its number back. On
  PostgreSQL the row is locked (``SELECT ... FOR UPDATE``) first; a concurrent
  call waits for it, and its transaction is retried when the row changed
  after it began (REPEATABLE READ), as Odoo's are.

With ``use_date_range``, numbers are drawn from the sequence's date range
(``ir.sequence.date_range``, see :mod:`.sequence_date_range`) that covers the
date asked for, each with its own counter (and database sequence), the same way;
a range covering the rest of that year is made when none covers the date.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from typing import Any

from jsontwo.exceptions import UserError
from jsontwo.orm import api, dates, fields, models
from jsontwo.orm.fields import INT32_MAX, INT32_MIN

#: the interpolation keys of a prefix or suffix and their strftime formats (Odoo's)
DATE_KEYS = {
    "year": "%Y",
    "month": "%m",
    "day": "%d",
    "y": "%y",
    "doy": "%j",
    "woy": "%W",
    "weekday": "%w",
    "h24": "%H",
    "h12": "%I",
    "min": "%M",
    "sec": "%S",
    "isoyear": "%G",
    "isoy": "%g",
    "isoweek": "%V",
}


#: the widest a reference's number (``padding``) or an interpolated value
#: (``%(year)10s``) may be made: more only fills memory (Odoo sets no bound)
MAX_WIDTH = 64
#: a ``%`` conversion of a prefix or suffix (or ``%%``): its width and precision
_CONVERSION = re.compile(r"%(?:%|(?:\([^)]*\))?[#0 +-]*(\d*)(?:\.(\d*))?)")


def _interpolate(template: str, values: dict[str, str]) -> str:
    """``template % values``, as Odoo interpolates a prefix or suffix; a width or
    precision over MAX_WIDTH is a ValueError (as a bad conversion is)."""
    for match in _CONVERSION.finditer(template):
        if any(int(number) > MAX_WIDTH for number in match.groups() if number):
            raise ValueError(f"width over {MAX_WIDTH} in {template!r}")
    return template % values


def _pg_sequence_name(sequence_id: int, range_id: int | None = None) -> str:
    """The PostgreSQL sequence of a standard ir.sequence, or of one of its date
    ranges (Odoo's naming)."""
    if range_id is not None:
        return f"ir_sequence_{sequence_id:03d}_{range_id:03d}"
    return f"ir_sequence_{sequence_id:03d}"


def draw_number(
    model: Any, table: str, row_id: int, pg_name: str, implementation: str, increment: int
) -> int:
    """Draw the next number of a counter: a sequence's or a date range's row
    ``row_id`` of ``table``, or its database sequence ``pg_name`` (see the
    module's docstring). A UserError past the 32-bit column's bounds, naming
    the sequence ``model`` is (or belongs to)."""
    cr = model.env.cr
    on_pg = not cr.dialect.is_sqlite
    if implementation == "standard" and on_pg:
        rows = cr.execute("SELECT nextval(%s)", [pg_name])
        return int(rows[0][0])
    if on_pg:
        # no gap on PostgreSQL: lock the row, so that concurrent calls queue
        cr.execute(f'SELECT number_next FROM "{table}" WHERE id = %s FOR UPDATE', [row_id])
    # a standard counter steps by 1 when its step is 0, as a database sequence made so
    step = int(increment or 1) if implementation == "standard" else int(increment)
    # the next number stays within the 32-bit column (PostgreSQL would refuse
    # it with a bare error, SQLite would store it): past that, a UserError
    rows = cr.execute(
        f'UPDATE "{table}" SET number_next = number_next + %s '
        f"WHERE id = %s AND CAST(number_next AS BIGINT) + %s BETWEEN %s AND %s "
        f"RETURNING number_next - %s",
        [step, row_id, step, INT32_MIN, INT32_MAX, step],
    )
    model.env.invalidate(model._name)
    if not rows:
        name = model.sudo().display_name
        raise UserError(f"The sequence “{name}” has no next number: it is exhausted.")
    return int(rows[0][0])


def _parse_moment(value: Any) -> dt.datetime:
    """A date or datetime given as text or object, as a naive datetime."""
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    text = str(value)
    try:
        return (
            dt.datetime.fromisoformat(text[:19])
            if len(text) > 10
            else (dt.datetime.fromisoformat(text[:10]))
        )
    except ValueError:
        raise UserError(f"Invalid date {value!r} for a sequence") from None


class Sequence(models.Model):
    """A numbering scheme: ``prefix`` + the next number padded + ``suffix``."""

    _name = "ir.sequence"
    _description = "Sequence"
    _order = "name"

    name = fields.Char(required=True)
    code = fields.Char("Sequence Code")
    implementation = fields.Selection(
        [("standard", "Standard"), ("no_gap", "No gap")],
        "Implementation",
        required=True,
        default="standard",
        help="While assigning a sequence number to a record, the 'no gap' sequence "
        "implementation ensures that each previous sequence number has been assigned "
        "already. While this sequence implementation will not skip any sequence number upon "
        "assignment, there can still be gaps in the sequence if records are deleted. The "
        "'no gap' implementation is slower than the standard one.",
    )
    active = fields.Boolean(default=True)
    prefix = fields.Char(help="Prefix value of the record for the sequence", trim=False)
    suffix = fields.Char(help="Suffix value of the record for the sequence", trim=False)
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
    number_increment = fields.Integer(
        "Step",
        required=True,
        default=1,
        help="The next number of the sequence will be incremented by this number",
    )
    padding = fields.Integer(
        "Sequence Size",
        required=True,
        default=0,
        help="Odoo will automatically adds some '0' on the left of the 'Next Number' "
        "to get the required padding size.",
    )
    company_id = fields.Many2one(
        "res.company", "Company", default=lambda self: self.env.company.id or None
    )
    use_date_range = fields.Boolean("Use subsequences per date_range")
    date_range_ids = fields.One2many("ir.sequence.date_range", "sequence_id", "Subsequences")

    # --- the database sequences behind standard sequences (PostgreSQL) -------
    def _uses_pg_sequence(self) -> bool:
        """Whether standard sequences draw from a database sequence (PostgreSQL)."""
        return not self.env.cr.dialect.is_sqlite

    def _create_pg_sequence(self, sequence_id: int, increment: int, start: int) -> None:
        """Create the database sequence of a standard sequence (PostgreSQL only)."""
        if not increment:
            raise UserError("Step must not be zero.")
        if self._uses_pg_sequence():
            # DDL takes no bound parameters: the numbers are inlined, as integers
            self.env.cr.execute(
                f'CREATE SEQUENCE "{_pg_sequence_name(sequence_id)}" '
                f"INCREMENT BY {int(increment)} START WITH {int(start)}"
            )

    def _alter_pg_sequence(
        self, sequence_id: int, increment: int | None = None, restart: int | None = None
    ) -> None:
        """Change the step or the next number of a standard sequence's database
        sequence (PostgreSQL only)."""
        if increment == 0:
            raise UserError("Step must not be zero.")
        if not self._uses_pg_sequence():
            return
        # DDL takes no bound parameters: the numbers are inlined, as integers
        clauses = []
        if increment is not None:
            clauses.append(f"INCREMENT BY {int(increment)}")
        if restart is not None:
            clauses.append(f"RESTART WITH {int(restart)}")
        if clauses:
            self.env.cr.execute(
                f'ALTER SEQUENCE "{_pg_sequence_name(sequence_id)}" {" ".join(clauses)}'
            )

    def _drop_pg_sequences(self, sequence_ids: list[int]) -> None:
        """Drop the database sequences of these sequence ids (PostgreSQL only)."""
        if self._uses_pg_sequence() and sequence_ids:
            names = ", ".join(f'"{_pg_sequence_name(i)}"' for i in sequence_ids)
            self.env.cr.execute(f"DROP SEQUENCE IF EXISTS {names}")

    # --- CRUD ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list: list[dict[str, Any]] | dict[str, Any]) -> Sequence:
        """Create sequences; a standard one gets its database sequence on PostgreSQL."""
        sequences = super().create(vals_list)
        for seq in sequences.sudo():
            if seq.implementation == "standard":
                self._create_pg_sequence(seq.id, seq.number_increment or 1, seq.number_next or 1)
        return sequences

    def write(self, vals: dict[str, Any]) -> bool:
        """Write, keeping the database sequence of standard sequences in step: a new
        next number restarts it, a new step alters it, a change of implementation
        creates or drops it."""
        if not isinstance(vals, dict):
            return super().write(vals)
        new_implementation = vals.get("implementation")
        for seq in self.sudo().exists():
            increment = vals.get("number_increment", seq.number_increment)
            number = vals.get("number_next", seq.number_next)
            if seq.implementation == "standard":
                if new_implementation in ("standard", None):
                    if vals.get("number_next"):
                        self._alter_pg_sequence(seq.id, restart=number)
                    if seq.number_increment != increment:
                        self._alter_pg_sequence(seq.id, increment=increment)
                        seq.date_range_ids._alter_pg_sequences(increment=increment)
                else:
                    self._drop_pg_sequences([seq.id])
                    seq.date_range_ids._drop_pg_sequences()
            elif new_implementation == "standard":
                self._create_pg_sequence(seq.id, increment, number)
                seq.date_range_ids._create_pg_sequences(increment, number)
        return super().write(vals)

    def unlink(self) -> bool:
        """Delete the sequences and their database sequences (their date ranges' too)."""
        ids = list(self._ids)
        self.sudo().exists().date_range_ids._drop_pg_sequences()
        result = super().unlink()
        self._drop_pg_sequences(ids)
        return result

    # --- the actual next number -------------------------------------------------
    def _compute_number_next_actual(self) -> None:
        for seq in self:
            if seq.implementation == "standard" and self._uses_pg_sequence():
                seq.number_next_actual = self._predict_pg_nextval(seq.id, seq.number_increment)
            else:
                seq.number_next_actual = seq.number_next

    def _predict_pg_nextval(self, sequence_id: int, increment: int) -> int:
        """The number ``nextval()`` would give, without drawing it."""
        rows = self.env.cr.execute(
            f'SELECT last_value, is_called FROM "{_pg_sequence_name(sequence_id)}"'
        )
        last_value, is_called = rows[0]
        return int(last_value) + (int(increment) if is_called else 0)

    def _inverse_number_next_actual(self) -> None:
        for seq in self:
            seq.write({"number_next": seq.number_next_actual or 1})

    # --- drawing numbers ---------------------------------------------------------
    def _next_number(self) -> int:
        """Draw the next number of this sequence (see the module's docstring)."""
        self.ensure_one()
        seq = self.sudo()
        return draw_number(
            self,
            "ir_sequence",
            seq.id,
            _pg_sequence_name(seq.id),
            seq.implementation,
            seq.number_increment,
        )

    def _interpolation(self) -> dict[str, str]:
        """The values ``%(year)s``... of a prefix or suffix: the current moment in the
        context's timezone; ``range_*`` and plain keys use the context's
        ``ir_sequence_date_range`` and ``ir_sequence_date`` when given."""
        # a missing or unknown timezone (or one that is not a name) reads as UTC
        zone = zoneinfo.ZoneInfo(dates.context_zone(self.env) or "UTC")
        now = dt.datetime.now(zone)
        effective = range_date = now
        context = self.env.context
        if context.get("ir_sequence_date"):
            effective = _parse_moment(context["ir_sequence_date"])
        if context.get("ir_sequence_date_range"):
            range_date = _parse_moment(context["ir_sequence_date_range"])
        values: dict[str, str] = {}
        for key, fmt in DATE_KEYS.items():
            values[key] = effective.strftime(fmt)
            values[f"range_{key}"] = range_date.strftime(fmt)
            values[f"current_{key}"] = now.strftime(fmt)
        return values

    def _format(self, number: int) -> str:
        """``number`` with this sequence's prefix, padding and suffix."""
        self.ensure_one()
        seq = self.sudo()
        values = self._interpolation()
        try:
            prefix = _interpolate(seq.prefix, values) if seq.prefix else ""
            suffix = _interpolate(seq.suffix, values) if seq.suffix else ""
        except (ValueError, TypeError, KeyError):
            raise UserError(f"Invalid prefix or suffix for sequence “{seq.name}”") from None
        if seq.padding > MAX_WIDTH:
            raise UserError(
                f"The sequence size of sequence “{seq.name}” is over {MAX_WIDTH} digits."
            )
        return f"{prefix}{number:0{max(seq.padding, 0)}d}{suffix}"

    def _next(self, sequence_date: Any = None) -> str:
        """The next reference of this sequence; with date ranges, from the range
        covering ``sequence_date`` (or the context's ``ir_sequence_date``, or
        today), made when there is none."""
        self.ensure_one()
        if not self.sudo().use_date_range:
            return self._format(self._next_number())
        when = sequence_date or self.env.context.get("ir_sequence_date")
        day = _parse_moment(when).date() if when else dt.datetime.now(dt.UTC).date()
        date_range = self.env["ir.sequence.date_range"]._covering(self, day)
        return date_range._next()

    def next_by_id(self, sequence_date: Any = None) -> str:
        """Draw the next reference of this sequence. Unlike Odoo, which checks only
        the model's access lines, the record rules apply: a user of one company
        draws no number (no gap in a no-gap numbering) from another's sequence."""
        self.ensure_one()
        self._ensure_exist()
        self.check_access("read")
        return self._next(sequence_date)

    @api.model
    def next_by_code(self, sequence_code: str, sequence_date: Any = None) -> str | bool:
        """Draw the next reference of the sequence with code ``sequence_code``: the
        current company's when there is one, else one without a company; false
        when there is none."""
        if not self.env.su:
            self._check_model_access("read")
        company = self.env.company.id
        found = self._search_ids(
            [["code", "=", sequence_code], ["company_id", "in", [company or False, False]]],
            order="company_id",
        )
        if not found:
            return False
        return self.browse(found[:1])._next(sequence_date)
