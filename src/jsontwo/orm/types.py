"""The ORM's type-only references, in one place.

The ORM is layered (see docs/internals/architecture.md, "Inside the ORM: one
import order"): fields, domains, ordering, grouping and the helpers split from
the models sit below :mod:`~jsontwo.orm.models`, :mod:`~jsontwo.orm.environment`
and :mod:`~jsontwo.orm.registry`, which import them. Those lower modules still
name recordsets, environments and registries in their signatures. They take
those names from here, for type checkers only, so that no module imports one
higher than itself, lazily or not. This module is the only one whose imports
point up the order (import-linter's ORM contract lets it, and only it); at run
time it holds the :class:`Recordset` protocol alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from jsontwo.orm.environment import Environment, Transaction
    from jsontwo.orm.models import BaseModel
    from jsontwo.orm.registry import Registry

__all__ = ["BaseModel", "Environment", "Recordset", "Registry", "Transaction"]


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
