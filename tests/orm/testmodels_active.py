"""A later version of the test models where ``x.note`` gains ``active`` by
``_inherit`` (its table gets the column, and its row counts the trigger that
follows it: tests/orm/test_row_counts.py)."""

from __future__ import annotations

from jsontwo.orm import fields, models

MODULE = __name__


class NoteActive(models.Model):
    _inherit = "x.note"

    active = fields.Boolean(default=True)
