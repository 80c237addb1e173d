"""The tiny JSON path of a step's ``save`` specs.

``$`` is the whole answer; ``.name`` and ``["name:with:colons"]`` select a key,
``[2]`` an item and ``[*]`` every item (the result is then a list):
``$[0]``, ``$.records[1].id``, ``$[*].id``, ``$["amount:sum"]``.
"""

from __future__ import annotations

import re
from typing import Any

TOKEN_RE = re.compile(r"\.([A-Za-z_][\w:]*)|\[(\d+|\*)\]|\[\"([^\"]+)\"\]")

#: a token: a key (str), an index (int) or every item (None)
Token = str | int | None


class PathError(ValueError):
    """A path that does not parse."""


def tokens(path: str) -> list[Token]:
    """The keys, indexes and wildcards of ``path``, in order."""
    if not path.startswith("$"):
        raise PathError(f"bad path {path!r}: it must start with $")
    rest, out = path[1:], list[Token]()
    while rest:
        match = TOKEN_RE.match(rest)
        if not match:
            raise PathError(f"bad path {path!r} near {rest!r}")
        rest = rest[match.end() :]
        key, index, quoted = match.groups()
        if index == "*":
            out.append(None)
        elif index is not None:
            out.append(int(index))
        else:
            out.append(key if key is not None else quoted)
    return out


def keys(path: str) -> list[str]:
    """The keys of ``path`` alone (the fields it goes through)."""
    return [token for token in tokens(path) if isinstance(token, str)]


def get(value: Any, path: str) -> Any:
    """The value at ``path``; a list when the path holds a ``[*]``.
    KeyError, IndexError or TypeError when the answer has no such value."""
    current, many = [value], False
    for token in tokens(path):
        following: list[Any] = []
        for item in current:
            if token is None:
                following.extend(item)
                many = True
            else:
                following.append(item[token])
        current = following
    return current if many else current[0]
