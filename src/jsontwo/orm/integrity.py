"""Messages for the writes a database refused, in Odoo's words where it has them.

Odoo turns an integrity error into ``ValidationError("The operation cannot be
completed: <explanation>")``; the explanation is the model's constraint
message when one matches, else a sentence naming what went wrong.
"""

from __future__ import annotations

import re

from jsontwo.db import IntegrityFailure
from jsontwo.orm.registry import Registry
from jsontwo.orm.restrict import foreign_key_message
from jsontwo.orm.writing import missing_value_message

PREFIX = "The operation cannot be completed: "
_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: (.+)$")
_SQLITE_NOT_NULL = re.compile(r"NOT NULL constraint failed: (\w+)\.(\w+)")
_SQLITE_CHECK = re.compile(r"CHECK constraint failed: (\w+)")
_PG_NOT_NULL = re.compile(r'null value in column "(\w+)" of relation "(\w+)"')


def integrity_message(registry: Registry, failure: IntegrityFailure) -> str:
    """The ValidationError text for a refused write."""
    text = str(failure)
    named = _constraint_by_name(registry, failure.constraint or "")
    if named:
        return PREFIX + named
    foreign = _foreign_key_by_name(registry, failure.constraint or "")
    if foreign:
        return foreign
    match = _SQLITE_UNIQUE.search(text)
    if match:
        columns = [part.strip().split(".") for part in match.group(1).split(",")]
        found = _unique_by_columns(registry, columns[0][0], [c[-1] for c in columns])
        if found:
            return PREFIX + found
    match = _SQLITE_CHECK.search(text)
    if match:
        found = _constraint_by_name(registry, match.group(1))
        if found:
            return PREFIX + found
    match = _SQLITE_NOT_NULL.search(text) or _PG_NOT_NULL.search(text)
    if match:
        table, column = (
            match.groups() if _SQLITE_NOT_NULL.search(text) else reversed(match.groups())
        )
        return _missing_value(registry, table, column)
    if "foreign key" in text.lower():
        if failure.constraint:
            return PREFIX + _foreign_key_message(registry, failure.constraint)
        if "delete" in text.lower():
            return PREFIX + (
                "another model requires the record being deleted. If possible, archive it instead."
            )
        if "insert" in text.lower() or "update" in text.lower():
            return PREFIX + "the record refers to a record that does not exist."
        return PREFIX + (
            "a related record does not exist, or another record still requires the one "
            "being deleted (if so, archive it instead)."
        )
    return PREFIX + text


def _foreign_key_message(registry: Registry, constraint: str) -> str:
    """Odoo's words for a broken foreign key, whether a write pointed to a missing
    record or a delete left records pointing to it: the model and field holding
    the key, or "Unknown" and the constraint for a many2many relation table."""
    for cls in registry.models.values():
        for name, field in cls._fields.items():
            if (
                field.type == "many2one"
                and field.column_in_table
                and constraint == f"{cls._table}_{name}_fkey"
            ):
                return (
                    "Another model is using the record you are trying to delete.\n\n"
                    f"The troublemaker is: '{cls._description or cls._name}' ({cls._name})\n"
                    f"Thanks to the following constraint: '{field.string}' ({name})\n"
                    "How about archiving the record instead?"
                )
    return (
        "Another model is using the record you are trying to delete.\n\n"
        "The troublemaker is: Unknown\n"
        f"Thanks to the following constraint: {constraint}\n"
        "How about archiving the record instead?"
    )


def _constraint_by_name(registry: Registry, name: str) -> str | None:
    for cls in registry.models.values():
        for cname, _definition, message in cls._sql_constraints:
            if name == f"{cls._table}_{cname}":
                return message
    return None


def _foreign_key_by_name(registry: Registry, name: str) -> str | None:
    """Odoo's message for the foreign key PostgreSQL names ``<table>_<column>_fkey``."""
    if not name.endswith("_fkey"):
        return None
    for cls in registry.models.values():
        prefix = f"{cls._table}_"
        column = name[len(prefix) : -len("_fkey")] if name.startswith(prefix) else ""
        # a many2one only: "res_partner_industry_id_fkey" is res_partner.industry_id,
        # not the "id" of res_partner_industry
        field = cls._fields.get(column) if column else None
        if field is not None and field.type == "many2one":
            return foreign_key_message(cls, column)
    return None


def _unique_by_columns(registry: Registry, table: str, columns: list[str]) -> str | None:
    for cls in registry.models.values():
        if cls._table != table:
            continue
        for _cname, definition, message in cls._sql_constraints:
            kind, _, body = definition.partition("(")
            declared = [c.strip() for c in body.rsplit(")", 1)[0].split(",")]
            if kind.strip().lower() == "unique" and sorted(declared) == sorted(columns):
                return message
    return None


def _missing_value(registry: Registry, table: str, column: str) -> str:
    for cls in registry.models.values():
        if cls._table == table and column in cls._fields:
            return missing_value_message(cls, column)
    return f"{PREFIX}Missing required value for the column {column} of {table}."
