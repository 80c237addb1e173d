"""JSON in and out, the one way every answer of the server is written.

:func:`dumps` writes results, JSON-RPC envelopes, error objects and the API
documentation alike, with Odoo's fallback for the values JSON has no type for
(docs/internals/protocol.md, "Result serialisation"); :func:`loads` reads a
request body as Odoo's (Python's) parser does.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import orjson

from jsontwo.orm.fields import DATETIME_FORMAT

#: a number of 19 digits or more (an integer orjson might read as a float: it
#: reads integers past 64 bits so, where Python's parser keeps them exact)
LONG_NUMBER = re.compile(rb"[\[,:]\s*-?\d{19}")
_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS


def loads(body: bytes) -> Any:
    """The JSON value of ``body``, as Python's parser (Odoo's) reads it: integers of
    any size stay exact, NaN and Infinity are accepted. ValueError when it is not
    JSON (Python's message) or is nested too deep."""
    # orjson is the fast path; it reads integers past 64 bits as floats, so a body
    # with a long run of digits goes to Python's parser, as does one orjson refuses
    # (the scan costs about what orjson's parse does: a microsecond on a small body)
    if not LONG_NUMBER.search(body):
        try:
            return orjson.loads(body)
        except orjson.JSONDecodeError:
            pass
    try:
        return json.loads(body.decode("utf-8"))
    except RecursionError:
        raise ValueError("the JSON is nested too deeply") from None


def json_default(value: Any) -> Any:
    """JSON for what orjson does not know, the way Odoo's ``json_default`` does:
    datetimes (naive UTC) and dates as the ORM writes them, bytes as text, sets as lists, anything
    else as its text."""
    if isinstance(value, dt.datetime):
        return value.strftime(DATETIME_FORMAT)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, set | frozenset):
        return list(value)
    return str(value)


def dumps(value: Any) -> bytes:
    """``value`` as JSON, with orjson (keys that are not strings written as text)."""
    return orjson.dumps(value, default=json_default, option=_OPTIONS)


__all__ = ["dumps", "json_default", "loads"]
