"""The values of domain conditions, coerced as the columns and the compiler
(:mod:`.domains`) take them: ``=``/``!=``/``=?`` rewritten as lists, values converted
to a column's type, record ids checked, dates as the database compares them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from typing import Any

from jsontwo.orm import dates
from jsontwo.orm import fields as f
from jsontwo.orm.domain_tree import Leaf


def normalize(op: str, value: Any) -> tuple[str, Any] | None:
    """Rewrite ``=?`` (no condition when the value is falsy), ``=`` and ``!=`` (as
    ``in`` / ``not in`` lists); None when the condition is TRUE."""
    if op == "=?":
        if not value:
            return None
        op = "="
    if op in ("=", "!="):
        # "=" is "in [value]", and "= []" is "in [false]"
        value = value if isinstance(value, list) else [value]
        return ("in" if op == "=" else "not in"), value or [False]
    return op, value


def as_text(moment: dt.date) -> str:
    """A date or naive datetime as the database compares it (whole seconds)."""
    if isinstance(moment, dt.datetime):
        return moment.isoformat(sep=" ", timespec="seconds")
    return moment.isoformat()


#: reads a date given as text: ``(the date or datetime, whether it was relative)``
DateParser = Callable[[str], tuple[dt.date | dt.datetime, bool]]


def date_value(value: Any, parse: DateParser) -> tuple[Any, bool, bool]:
    """``(date or False, True, relative)`` for a value compared with a date field."""
    if isinstance(value, dt.datetime):
        return value.date(), True, False
    if isinstance(value, dt.date) or value is False:
        return value, True, False
    if isinstance(value, str):
        parsed, relative = parse(value)
        return date_value(parsed, parse)[0], True, relative
    raise ValueError(f"Failed to cast {value!r} into a date")


def datetime_value(
    value: Any, parse: DateParser, timezone: Callable[[], str]
) -> tuple[Any, bool, bool]:
    """``(naive UTC datetime or False, was a date, relative)`` for a value compared
    with a datetime field; a date means midnight in the user's ``timezone()``
    (asked only then: the compiled domain then depends on it)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value, False, False
    if value is False:
        return False, True, False
    if isinstance(value, str):
        parsed, relative = parse(value)
        moment, is_date, _ = datetime_value(parsed, parse, timezone)
        return moment, is_date, relative
    if isinstance(value, dt.date):
        return dates.local_midnight(value, timezone()), True, False
    raise ValueError(f"Failed to cast {value!r} into a datetime")


def column_value(field: f.Field, value: Any) -> Any:
    """A domain value converted to what the column holds, as Odoo converts it
    (``int()`` for integers, floats rounded to their digits, ``str()`` for text);
    dates come here already converted by the compiler (``Compiler._temporal``)."""
    if isinstance(field, f.Integer) and not isinstance(field, f.Id):
        return int(value)
    if isinstance(field, f.Float):
        number = float(value)
        return round(number, field.digits[1]) if isinstance(field.digits, tuple) else number
    if isinstance(field, f._Textual | f.Selection) and not isinstance(value, str):
        value = str(value)
    if isinstance(field, f.Char) and field.size:
        # cut to the column's size as Odoo converts it: code = "ADMIN" is code = "AD"
        return value[: field.size]
    return value


def record_ids(field: f.Field, leaf: Leaf, values: Any) -> Any:
    """The values of an ``in`` condition on ids or a relation, refused where Odoo's
    database refuses them (true, text that is no number for ``id``): a ValueError
    that says so instead of the database's error."""
    if not isinstance(values, list):
        return record_ids(field, leaf, [values])[0]
    out = []
    for value in values:
        if value is True or (
            isinstance(field, f.Id) and isinstance(value, str) and not value.strip().isdigit()
        ):
            raise ValueError(
                f"A record id is expected, not {value!r}, in condition {leaf.as_tuple()!r}"
            )
        out.append(int(value) if isinstance(value, str) and isinstance(field, f.Id) else value)
    return out


def as_numbers(value: Any) -> Any:
    """A date part's value(s) with numeric strings as numbers (PostgreSQL would
    cast them; SQLite compares text and numbers as different)."""
    if isinstance(value, list):
        return [as_numbers(item) for item in value]
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return int(value)
    return value


def has_names(values: Any, op: str) -> bool:
    """Whether a relational condition searches by display name rather than by id."""
    if "like" in op:
        return True
    if op not in ("in", "not in"):
        return False
    items = values if isinstance(values, list) else [values]
    return any(isinstance(v, str) for v in items)
