"""Paging: the ``limit`` and ``offset`` of searches and groupings (see
docs/internals/orm-behaviour.md, "Searching" and "Grouping"), and the batches
that long lists of rows or ids are split into, one statement each.

Both are checked before the database sees them: a negative number, or one past
64 bits, is a ValueError with the same message on SQLite and PostgreSQL
(PostgreSQL would refuse it with its own error, SQLite take a negative limit
as none). A false or null ``limit`` means no limit; ``true`` is refused, as
Odoo's database refuses it (it is no number of rows).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from typing import Any, Literal, TypeVar

#: what a limit counts, for the messages
Rows = Literal["records", "groups"]

#: ids per ``IN (...)`` list of one statement, and rows per UPDATE or DELETE
#: of a batch: SQLite allows 32766 parameters per statement (an INSERT's rows:
#: ``Cursor.rows_per_insert``)
ROWS_OR_IDS_PER_STATEMENT = 500

_T = TypeVar("_T")

#: the largest limit or offset the databases take (a 64-bit integer)
MAX_ROWS = 2**63 - 1


def row_count(value: Any, name: str, rows: Rows) -> int:
    """A ``limit`` or ``offset`` (``name``) of ``rows`` as the database takes it
    (false or null: 0, a fraction rounded half away from zero, as PostgreSQL
    casts it); ValueError when it is not a number from 0 to MAX_ROWS (true included)."""
    try:
        if value is True:
            raise TypeError(value)
        given = value
        if isinstance(given, float) and math.isfinite(given):
            given = math.copysign(math.floor(abs(given) + 0.5), given)
        number = int(given or 0)
    except (TypeError, ValueError, OverflowError):  # text, a list, NaN, Infinity
        number = -1
    if not 0 <= number <= MAX_ROWS:
        raise ValueError(f"Invalid {name} {value!r}: a number of {rows} from 0 to {MAX_ROWS}")
    return number


def limit_offset_sql(limit: Any, offset: Any, is_sqlite: bool, rows: Rows) -> tuple[str, list[Any]]:
    """The `` LIMIT %s OFFSET %s`` clause and its parameters, or ``("", [])`` when
    there is neither a limit nor an offset."""
    if not (limit or offset):
        return "", []
    no_limit = -1 if is_sqlite else None
    return " LIMIT %s OFFSET %s", [
        row_count(limit, "limit", rows) if limit else no_limit,
        row_count(offset, "offset", rows),
    ]


def chunks(items: Sequence[_T], size: int = ROWS_OR_IDS_PER_STATEMENT) -> Iterator[Sequence[_T]]:
    """``items`` in slices of at most ``size``, in order."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
