"""Binary fields kept as attachments, in a database made by an older jsontwo:
there they were columns of the table. Their values move into attachments (as
Odoo keeps them) and the columns go, once, when a server opens the database."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from jsontwo.orm import fields

if TYPE_CHECKING:
    from jsontwo.orm.types import Environment

_logger = logging.getLogger(__name__)
#: records whose values move in one go
BATCH = 500


def move_binary_columns(env: Environment) -> None:
    """Move the values of the columns of binary fields now kept as attachments
    into attachments, then drop those columns."""
    for name, cls in env.registry.models.items():
        wanted = [
            fname
            for fname, field in cls._fields.items()
            if isinstance(field, fields.Binary)
            and field.in_attachment
            and not field.inherited_field
        ]
        if not wanted:
            continue
        present = _columns(env, cls._table)
        for fname in wanted:
            if fname in present:
                _move(env, name, cls._table, fname)


def _columns(env: Environment, table: str) -> set[str]:
    """The columns the table ``table`` has now."""
    if env.cr.dialect.is_sqlite:
        rows = env.cr.execute("SELECT name FROM pragma_table_info(%s)", [table])
    else:
        rows = env.cr.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = %s",
            [table],
        )
    return {row[0] for row in rows}


def _move(env: Environment, model: str, table: str, fname: str) -> None:
    """One column's values into attachments, then the column dropped."""
    rows: list[Any] = env.cr.execute(
        f'SELECT id, "{fname}" FROM "{table}" WHERE "{fname}" IS NOT NULL AND "{fname}" != %s',
        [""],
    )
    records = env[model].sudo().with_context(active_test=False)
    field = records._fields[fname]
    for start in range(0, len(rows), BATCH):
        batch = dict(rows[start : start + BATCH])
        records.browse(list(batch))._write_binary_attachments(field, batch)
    env.cr.execute(f'ALTER TABLE "{table}" DROP COLUMN "{fname}"')
    _logger.info("moved %d values of %s.%s into attachments", len(rows), model, fname)
