"""Prefetching along a link: the records reached through a relational field
prefetch the values of the records that field names on the records it was
read from (see :class:`~jsontwo.orm.models.BaseModel`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jsontwo.orm.field_base import Field
    from jsontwo.orm.types import BaseModel


class LinkedPrefetch:
    """The prefetch ids of records reached through a relational field: the values
    of that field on the records it was read from (worked out when first needed)."""

    __slots__ = ("_ids", "field", "source")

    def __init__(self, source: BaseModel, field: Field) -> None:
        self.source = source
        self.field = field
        self._ids: tuple[int, ...] | None = None

    def ids(self) -> tuple[int, ...]:
        """The ids of the records the field's values on the source records name."""
        if self._ids is None:
            source, field = self.source, self.field
            cache = source.env.transaction.cache.known((source._name, field.name))
            found: dict[int, None] = {}
            for rid in source._prefetch_ids():
                value = cache.get(rid)
                if not value:
                    continue
                if isinstance(value, int):
                    found[value] = None
                else:
                    found.update(dict.fromkeys(value))
            self._ids = tuple(found)
        return self._ids
