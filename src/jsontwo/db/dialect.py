"""The two SQL dialects jsontwo speaks: :class:`Dialect` rewrites the ORM's
statements (``%s`` placeholders, PostgreSQL's syntax) for SQLite and builds the
fragments where the engines differ (dates, time zones, text matching, arrays)."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa

#: values of an ``IN (...)`` list beyond which PostgreSQL gets one array parameter
LONG_VALUE_LIST = 1000
#: the array type of such a parameter, by the Python type of its values
ARRAY_CASTS: dict[type, str] = {int: "bigint[]", float: "float8[]", str: "text[]"}


#: the longest statement text whose SQLite form :meth:`Dialect.sql` keeps
CACHED_STATEMENT_LENGTH = 4096


class Dialect:
    """The few places where SQLite and PostgreSQL need different SQL."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.is_sqlite = name == "sqlite"
        self._placeholders: dict[str, str] = {}
        self._types: dict[str, str] = {}

    def sql(self, text: str) -> str:
        """``text`` with ``%s`` placeholders in the driver's style (cached, but for
        long statements: a bulk INSERT's text depends on its number of rows,
        and keeping each would grow a worker's memory)."""
        if not self.is_sqlite:
            return text
        done = self._placeholders.get(text)
        if done is None:
            done = text.replace("%s", "?")
            if len(text) <= CACHED_STATEMENT_LENGTH:
                self._placeholders[text] = done
        return done

    def likely(self, condition: str) -> str:
        """``condition``, marked for SQLite's planner as true for most rows (as
        ``active = TRUE`` is): SQLite keeps one average per index, so it takes
        the index on ``active`` for one that halves the rows, and walks it
        (reading every row through it, then sorting them) rather than the index
        of the order or a plain scan: twice to five times slower on 10,000
        partners. PostgreSQL knows each value's frequency: unchanged there."""
        return f"likely({condition})" if self.is_sqlite else condition

    def value_list(self, values: Sequence[Any]) -> tuple[str, list[Any]]:
        """What goes between the parentheses of ``IN (...)`` for ``values``, and its
        parameters. PostgreSQL takes at most 65,535 parameters per statement and
        SQLite 32,766, so a long list (an ``in`` of 70,000 ids, which Odoo
        answers) is one parameter: a typed array on PostgreSQL, a JSON array on
        SQLite; short ones keep a placeholder each, which the planners prefer."""
        if len(values) > LONG_VALUE_LIST:
            one = self._one_parameter(values)
            if one is not None:
                return one
        return ", ".join(["%s"] * len(values)), list(values)

    def has_id(self, column: str, ids: Sequence[int]) -> tuple[str, list[Any]]:
        """The condition that ``column`` is one of ``ids`` (record ids, at most a
        chunk of them), and its parameters. PostgreSQL gets one array
        parameter: the statement's text is then the same for any number of
        ids, so psycopg converts it once and the server prepares it once (a
        placeholder per id made each ``read`` of 80 records a new text of 80
        parameters, past what psycopg caches: about 100 µs of parsing each).
        An id past 64 bits names no record (ids are ``bigint``): it is left
        out of the array, which could not hold it, as is one that is not a
        whole number (``1.5`` names no record either). The array goes in its text
        form (``{1,2,3}``), which costs psycopg nothing to send: a list of 80
        ints cost it about 50 µs a statement."""
        if self.is_sqlite:
            return f"{column} IN ({', '.join(['%s'] * len(ids))})", list(ids)
        fitting = (str(int(i)) for i in ids if -(2**63) <= i < 2**63 and i == int(i))
        return f"{column} = ANY(%s::bigint[])", ["{" + ",".join(fitting) + "}"]

    def _one_parameter(self, values: Sequence[Any]) -> tuple[str, list[Any]] | None:
        """``values`` as one parameter of a sub-select, when their kinds allow."""
        kinds = {type(value) for value in values}
        if self.is_sqlite:
            if not kinds <= {int, float, str, bool}:
                return None
            return "SELECT value FROM json_each(%s)", [_sqlite_json(values, kinds)]
        cast = ARRAY_CASTS.get(kinds.pop()) if len(kinds) == 1 else None
        if cast is None:  # (an untyped array leaves unnest() ambiguous)
            return None
        return f"SELECT unnest(%s::{cast})", [array_literal(values)]

    def match(
        self, lhs: str, pattern: str, insensitive: bool, negate: bool = False
    ) -> tuple[str, str]:
        """A LIKE-style match of ``lhs`` against ``pattern``: ``(sql, parameter)``.

        The pattern uses LIKE's syntax (``%``, ``_``, and ``\\`` escaping the next
        character, PostgreSQL's default). On SQLite, whose connections keep
        LIKE case-insensitive (for ASCII), a case-sensitive match runs as GLOB
        and a pattern with non-ASCII letters goes through a Unicode lower(),
        so that both engines answer alike while the common case stays in C.
        """
        op = "NOT " if negate else ""
        if not self.is_sqlite:
            return f"{lhs} {op}{'ILIKE' if insensitive else 'LIKE'} %s", pattern
        if not insensitive:
            return f"{lhs} {op}GLOB %s", like_to_glob(pattern)
        if pattern.isascii():
            return f"{lhs} {op}LIKE %s ESCAPE '\\'", pattern
        return f"lower({lhs}) {op}LIKE lower(%s) ESCAPE '\\'", pattern

    def arrays(self, types: Sequence[sa.types.TypeEngine[Any]]) -> str:
        """PostgreSQL: ``%s::text[]::<type>[]`` placeholders, one per column type, for
        ``unnest`` (the arrays are sent in their text form, see :func:`text_arrays`)."""
        return ", ".join(f"%s::text[]::{self._pg_type(t)}[]" for t in types)

    def _pg_type(self, sa_type: sa.types.TypeEngine[Any]) -> str:
        """The PostgreSQL name of a SQLAlchemy type (compiled once per type)."""
        key = repr(sa_type)
        name = self._types.get(key)
        if name is None:
            from sqlalchemy.dialects import postgresql

            # without a length: the column's own assignment check refuses a value
            # too long, where a cast to varchar(n) would cut it
            compiled = sa_type.compile(dialect=postgresql.dialect())
            name = self._types[key] = re.sub(r"\(\d+\)", "", compiled)
        return name

    def as_text(self, lhs: str) -> str:
        """Cast an expression to text, for pattern matching on non-text columns."""
        return f"CAST({lhs} AS TEXT)" if not self.is_sqlite else lhs

    def date_part(self, granularity: str, lhs: str, zone: str | None = None) -> str:
        """PostgreSQL's ``date_part(granularity, lhs)`` (year, quarter, month, week,
        doy, day, dow, hour, minute, second) on a date or a naive UTC timestamp,
        read in ``zone`` when one is given. Both names are checked, not quoted."""
        if granularity not in DATE_PARTS:
            raise ValueError(f"Unknown date part {granularity!r}")
        _check_zone(zone)
        if self.is_sqlite:
            return f"jsontwo_date_part('{granularity}', {lhs}, {_sqlite_zone(zone)})"
        return f"date_part('{granularity}', {_pg_local(lhs, zone)})"

    def date_trunc(
        self, granularity: str, lhs: str, zone: str | None = None, week_offset: int = 0
    ) -> str:
        """PostgreSQL's ``date_trunc(granularity, lhs)`` (hour, day, week, month,
        quarter, year) on a date or a naive UTC timestamp, read in ``zone`` when
        one is given; weeks start ``week_offset`` days before Monday. The result
        is a naive timestamp (text ``YYYY-MM-DD HH:MM:SS`` on SQLite)."""
        if granularity not in DATE_TRUNCS:
            raise ValueError(f"Unknown date granularity {granularity!r}")
        _check_zone(zone)
        offset = int(week_offset) if granularity == "week" else 0
        if self.is_sqlite:
            return f"jsontwo_date_trunc('{granularity}', {lhs}, {_sqlite_zone(zone)}, {offset})"
        lhs = _pg_local(lhs, zone)
        if offset:
            shift = f"INTERVAL '{offset} days'"
            return f"(date_trunc('week', CAST({lhs} AS timestamp) + {shift}) - {shift})"
        return f"date_trunc('{granularity}', CAST({lhs} AS timestamp))"

    def aggregate(self, func: str, expr: str, order: str) -> str:
        """The aggregate ``func`` of read_group over ``expr``: sum, avg, min, max,
        count, count_distinct, bool_and, bool_or, array_agg (ordered by
        ``order``) and array_agg_distinct (sorted). SQLite's arrays are JSON text."""
        if func in ("sum", "avg", "min", "max", "count"):
            return f"{func.upper()}({expr})"
        if func == "count_distinct":
            return f"COUNT(DISTINCT {expr})"
        if func in ("bool_and", "bool_or"):
            if self.is_sqlite:  # booleans are 0 and 1 there
                return f"{'MIN' if func == 'bool_and' else 'MAX'}({expr})"
            return f"{func.upper()}({expr})"
        if func == "array_agg":
            if self.is_sqlite:
                return f"jsontwo_array_agg({expr}, {order})"
            return f"ARRAY_AGG({expr} ORDER BY {order})"
        if func == "array_agg_distinct":
            if self.is_sqlite:
                return f"jsontwo_array_agg_distinct({expr})"
            return f"ARRAY_AGG(DISTINCT {expr} ORDER BY {expr})"
        raise ValueError(f"Unknown aggregate {func!r}")


_GLOB_SPECIAL = {"*": "[*]", "?": "[?]", "[": "[[]"}
#: the fields of :meth:`Dialect.date_part` (PostgreSQL's ``date_part()`` names)
DATE_PARTS = ("year", "quarter", "month", "week", "doy", "day", "dow", "hour", "minute", "second")
#: the periods of :meth:`Dialect.date_trunc`, shortest first
DATE_TRUNCS = ("hour", "day", "week", "month", "quarter", "year")
#: a timezone name that may be written into SQL as a literal (``Europe/Brussels``,
#: ``Etc/GMT+2``): letters, digits, ``_``, ``+`` and ``-`` between slashes, no quote
ZONE_NAME_RE = re.compile(r"^[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+)*$")


def _check_zone(zone: str | None) -> None:
    """Refuse a timezone that is not a plain name: it is written into the SQL."""
    if zone is not None and not ZONE_NAME_RE.match(zone):
        raise ValueError(f"Invalid timezone name {zone!r}")


def _sqlite_zone(zone: str | None) -> str:
    """The zone argument of the SQLite date functions: the name, or NULL for UTC."""
    return f"'{zone}'" if zone else "NULL"


def _pg_local(lhs: str, zone: str | None) -> str:
    """A naive UTC timestamp (or a date) as the naive local time of ``zone`` on
    PostgreSQL; unchanged without a zone."""
    return f"timezone('{zone}', timezone('UTC', {lhs}))" if zone else lhs


def _sqlite_json(values: Sequence[Any], kinds: set[type]) -> str:
    """``values`` (texts, numbers, booleans) as the JSON array SQLite's
    ``json_each`` reads. JSON has no infinity nor NaN: in a list of numbers
    only, an infinity is written 9e999 (which SQLite reads as one) and a NaN
    null (SQLite stores a NaN as NULL: it matches nothing either way)."""
    text = json.dumps(list(values))
    if float in kinds and str not in kinds and not all(math.isfinite(v) for v in values):
        # (no text in the list: these words can only be the numbers' own)
        text = text.replace("-Infinity", "-9e999").replace("Infinity", "9e999")
        text = text.replace("NaN", "null")
    return text


def like_to_glob(pattern: str) -> str:
    """A LIKE pattern (``%``, ``_``, ``\\`` escapes) as the equivalent GLOB pattern."""
    out: list[str] = []
    chars = iter(pattern)
    for char in chars:
        if char == "\\":
            literal = next(chars, "\\")
            out.append(_GLOB_SPECIAL.get(literal, literal))
        elif char == "%":
            out.append("*")
        elif char == "_":
            out.append("?")
        else:
            out.append(_GLOB_SPECIAL.get(char, char))
    return "".join(out)


def text_arrays(rows: Sequence[Sequence[Any]]) -> list[str]:
    """Rows as one array a column, each in PostgreSQL's text form of an array
    of texts (:func:`array_literal`), cast to the column's type on the server
    (so that a float column holding whole numbers, or a column of nulls, needs
    no type guessed on the client)."""
    return [array_literal(column) for column in zip(*rows, strict=True)]


def array_literal(values: Iterable[Any]) -> str:
    """``values`` as PostgreSQL's text form of a one-dimensional array of texts
    (``{"a","b \\"c\\"",NULL}``): every element quoted, its backslashes and
    double quotes escaped, None as NULL; the value's ``str()`` otherwise.

    One string a column, rather than a Python list psycopg adapts element by
    element: psycopg's list dumper costs 1 to 3 µs an element, this 0.3 µs,
    a third of the client's time in a bulk create of a thousand partners."""
    return (
        "{"
        + ",".join(
            "NULL"
            if value is None
            else '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
            for value in values
        )
        + "}"
    )
