"""The ORM's type-only references, in one place.

The ORM is layered (see docs/internals/architecture.md, "Inside the ORM: one
import order"): fields, domains, ordering, grouping and the helpers split from
the models sit below :mod:`~jsontwo.orm.models`, :mod:`~jsontwo.orm.environment`
and :mod:`~jsontwo.orm.registry`, which import them. Those lower modules still
name recordsets, environments and registries in their signatures. They take
those names from here, for type checkers only, so that no module imports one
higher than itself, lazily or not. This module is the only one whose imports
point up the order (import-linter's ORM contract lets it, and only it); at run
time it holds the :class:`Recordset` base class alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jsontwo.orm.environment import Environment, Transaction
    from jsontwo.orm.models import BaseModel
    from jsontwo.orm.registry import Registry

__all__ = ["BaseModel", "Environment", "Recordset", "Registry", "Transaction"]


class Recordset:
    """The base of every recordset (:class:`~jsontwo.orm.models.BaseModel`
    derives from it), for the code below the models that must tell a recordset
    from a plain value, such as a list of ids: ``isinstance(value, Recordset)``
    is a plain class check (a runtime-checkable Protocol would cost a hundred
    times more on every default and copy)."""

    __slots__ = ()

    @property
    def ids(self) -> list[int]:
        """The ids of the records, in order."""
        raise NotImplementedError
