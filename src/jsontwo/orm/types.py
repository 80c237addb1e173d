"""Protocols for the ORM's type-only references.

The modules low in the ORM (fields, domains, ordering, grouping) work on
recordsets without importing :mod:`jsontwo.orm.models`, which imports them.
What they need of a recordset is written here once, so that they neither
import lazily nor probe values with ``getattr``.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class Recordset(Protocol):
    """A recordset as seen from below the models: a model name, an environment
    and ids (``isinstance(value, Recordset)`` tells a recordset from a plain
    value, such as a list of ids)."""

    _name: str
    env: Any

    @property
    def ids(self) -> list[int]:
        """The ids of the records, in order."""
        ...
