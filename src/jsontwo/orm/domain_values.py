"""The values of domain conditions, coerced as the columns and the compiler
(:mod:`.domains`) take them: ``=``/``!=``/``=?`` rewritten as lists, values converted
to a column's type, record ids checked, dates as the database compares them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

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
