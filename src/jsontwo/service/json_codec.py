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
#: the JSON escape of a UTF-16 surrogate (orjson refuses a lone one, Python's parser keeps it)
SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
SURROGATE = re.compile("[\ud800-\udfff]")
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
        value = json.loads(body.decode("utf-8"))
    except RecursionError:
        raise ValueError("the JSON is nested too deeply") from None
    if SURROGATE_ESCAPE.search(body):
        _refuse_lone_surrogates(value)
    return value


class LoneSurrogate(ValueError):
    """A JSON string escapes half of a UTF-16 surrogate pair: no Unicode text
    holds one, so no database can store it and no answer can carry it."""


def _refuse_lone_surrogates(value: Any) -> None:
    """LoneSurrogate when a string (or key) of ``value`` holds a lone surrogate."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found = SURROGATE.search(item)
            if found:
                culprit = ascii(found.group())[1:-1]
                raise LoneSurrogate(
                    f"the string {item[:40]!a} holds a lone surrogate ({culprit}), "
                    "which is not Unicode text"
                )
        elif isinstance(item, dict):
            stack.extend(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


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
    """``value`` as JSON, with orjson (keys that are not strings written as text).

    What orjson cannot write (an integer past 64 bits, such as a JSON-RPC id a
    client chose; a lone surrogate in a string) goes through Python's writer,
    which writes such integers exactly, as Odoo echoes them, and escapes the
    surrogate (``\\udc00``): an answer is always written."""
    try:
        return orjson.dumps(value, default=json_default, option=_OPTIONS)
    except orjson.JSONEncodeError:
        return json.dumps(value, default=json_default, ensure_ascii=True).encode()


__all__ = ["LoneSurrogate", "dumps", "json_default", "loads"]
