"""Translated fields in a database made by an older jsontwo: there their columns
held the plain (en_US) text. They become JSON objects ``{"en_US": text}``, as
jsontwo keeps them now (jsontwo.orm.translate), when a server opens the
database. Idempotent: a column already holding JSON objects is left as it is.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from jsontwo.orm import translate

if TYPE_CHECKING:
    from jsontwo.orm.types import Environment

_logger = logging.getLogger(__name__)


def migrate_translated_columns(env: Environment) -> None:
    """Turn the text columns of translated fields into JSON ``{"en_US": text}``."""
    columns = sorted(
        {
            (cls._table, fname)
            for cls in env.registry.models.values()
            for fname, field in cls._fields.items()
            if translate.is_translated(field) and field.inherited_field is None
        }
    )
    if not columns:
        return
    if env.cr.dialect.is_sqlite:
        for table, column in columns:
            _migrate_sqlite(env, table, column)
    else:
        text_columns = _pg_text_columns(env, {table for table, _column in columns})
        for table, column in columns:
            if (table, column) in text_columns:
                _migrate_pg(env, table, column)


def _pg_text_columns(env: Environment, tables: set[str]) -> set[tuple[str, str]]:
    """The (table, column) pairs of ``tables`` whose type is not jsonb."""
    marks = ", ".join(["%s"] * len(tables))
    rows = env.cr.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        f"WHERE table_schema = current_schema() AND table_name IN ({marks}) "
        "AND data_type IN ('text', 'character varying')",
        sorted(tables),
    )
    return {(row[0], row[1]) for row in rows}


def _migrate_pg(env: Environment, table: str, column: str) -> None:
    """PostgreSQL: the column's type becomes jsonb, each text its en_US value."""
    env.cr.execute(
        f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE jsonb USING '
        f'CASE WHEN "{column}" IS NULL THEN NULL '
        f"ELSE jsonb_build_object('{translate.SOURCE_LANG}', \"{column}\") END"
    )
    _logger.info("translated column %s.%s now holds JSON", table, column)


def _migrate_sqlite(env: Environment, table: str, column: str) -> None:
    """SQLite (TEXT either way): each text that is not yet a JSON object with an
    en_US value becomes one."""
    env.cr.execute(
        f'UPDATE "{table}" SET "{column}" = json_object(\'{translate.SOURCE_LANG}\', "{column}") '
        f'WHERE "{column}" IS NOT NULL AND CASE WHEN json_valid("{column}") '
        f"THEN json_type(\"{column}\", '$.{translate.SOURCE_LANG}') IS NULL ELSE 1 END"
    )
    if env.cr.rowcount:
        _logger.info("%d values of %s.%s now JSON", env.cr.rowcount, table, column)
