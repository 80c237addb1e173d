"""Record ids as a call gives them, read as Odoo 19 reads them.

Odoo's ``browse`` keeps whatever it is given, and the database compares it
with the integer ids: a string of digits (``"1"``) matches a row, but the
recordset holds the string, so the record is never found in the cache. What
a client sees: ``read`` leaves such an id out of its answer, a write says the
record does not exist, and a string that is not a number fails as the
database fails (HTTP 500). jsontwo keeps that answer without sending
strings to SQL: a string of digits becomes an id no record has (its
negative), which every method treats as a missing record.
"""

from __future__ import annotations

from typing import Any

INTEGER_TEXT_ERROR = 'invalid input syntax for type integer: "{}"'


def record_ids(value: Any) -> list[int]:
    """The ids of ``value`` (nothing, one id, or a list of ids), strings of
    digits read as ids of no record. TypeError for a value of another shape
    (each transport words it), ValueError for a string that is no number."""
    if value is None or value is False or value == []:
        return []
    items = [value] if type(value) is int or isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        raise TypeError(value)
    return [_record_id(item) for item in items]


def _record_id(item: Any) -> int:
    if type(item) is int:
        return item
    if isinstance(item, str):
        text = item.strip()
        if text.lstrip("+-").isdigit():
            # the id of no record: ids are positive, so a negative one never matches
            return -abs(int(text)) or -1
        raise ValueError(INTEGER_TEXT_ERROR.format(item))
    raise TypeError(item)
