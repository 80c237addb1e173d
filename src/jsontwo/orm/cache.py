"""The record cache of one transaction: field values per record, and the
"being computed" guard.

Values are kept in *cache format* (what a column gives once converted: an id
for a many2one, a tuple of ids for an x2many, None for no value), per
``(model name, field name)`` and record id. The cache never runs SQL: the
model asks it which ids are :meth:`~RecordCache.missing`, fetches or computes
their values into it, then reads them all with :meth:`~RecordCache.values_of`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from types import MappingProxyType
from typing import Any, Final

#: a field of a model: ``(model name, field name)``
FieldKey = tuple[str, str]

#: what :meth:`RecordCache.get` answers for a value that is not cached
MISSING: Final[Any] = object()

_EMPTY: Mapping[int, Any] = MappingProxyType({})
_EMPTY_STURDY: Mapping[FieldKey, str | None] = MappingProxyType({})


class RecordCache:
    """Field values of records, and the fields whose compute method is running.

    ``derived`` holds the fields that are not columns of their table (computed,
    related, x2many): their values are worked out from other records, so
    whatever invalidates a model forgets them as well; ``translated`` holds the
    translated fields, whose texts are those of :attr:`lang`. ``sturdy`` names those
    of them that recomputed columns change only on one model: an x2many without
    a domain, with its comodel (its links are rows of the comodel or of its
    relation table), a binary kept as an attachment, with None (no column at all).
    """

    __slots__ = (
        "_computing",
        "_derived",
        "_protected",
        "_sturdy",
        "_translated",
        "lang",
        "values",
    )

    def __init__(
        self,
        derived: Collection[FieldKey],
        translated: Collection[FieldKey] = (),
        sturdy: Mapping[FieldKey, str | None] = _EMPTY_STURDY,
    ) -> None:
        self._derived = derived
        self._translated = translated
        self._sturdy = sturdy
        #: the language of the cached texts of translated fields (and of what is
        #: computed from them): see :meth:`use_lang`
        self.lang = "en_US"
        #: ``{field key: {id: value}}``; read directly by the hot path of a
        #: field's read (``BaseModel._get_field_value``), written only here
        self.values: dict[FieldKey, dict[int, Any]] = {}
        self._computing: set[FieldKey] = set()
        #: the records whose stored computed field was just given a value (by
        #: create or write): recomputing leaves it as given, as in Odoo
        self._protected: dict[FieldKey, set[int]] = {}

    # --- reading -------------------------------------------------------------
    def get(self, key: FieldKey, rid: int) -> Any:
        """The cached value of field ``key`` on record ``rid``, or MISSING (the
        hot path of reading a field: two dictionary lookups)."""
        values = self.values.get(key)
        if values is None:
            return MISSING
        return values.get(rid, MISSING)

    def known(self, key: FieldKey) -> Mapping[int, Any]:
        """The cached values of field ``key``, ``{id: value}`` (not to be changed)."""
        return self.values.get(key, _EMPTY)

    def missing(self, key: FieldKey, ids: Sequence[int]) -> list[int]:
        """The ids among ``ids`` whose value of field ``key`` is not cached."""
        values = self.values.get(key)
        if values is None:
            return list(ids)
        return [i for i in ids if i not in values]

    def values_of(self, key: FieldKey, ids: Sequence[int]) -> dict[int, Any]:
        """The cached values of field ``key`` on ``ids``, ``{id: value}``; an id
        without one reads as None (a record that does not exist)."""
        values = self.values.get(key)
        if values is None:
            return dict.fromkeys(ids)
        return {i: values.get(i) for i in ids}

    # --- writing -------------------------------------------------------------
    def set(self, key: FieldKey, ids: Iterable[int], value: Any) -> None:
        """Cache one ``value`` of field ``key`` for every record of ``ids``."""
        values = self.values.get(key)
        if values is None:
            values = self.values[key] = {}
        for rid in ids:  # (mostly one: a compute method assigning a record's field)
            values[rid] = value

    def update(self, key: FieldKey, values: Mapping[int, Any]) -> None:
        """Cache ``values`` (``{id: value}``) of field ``key``."""
        self.values.setdefault(key, {}).update(values)

    def update_rows(
        self,
        model: str,
        columns: Sequence[tuple[str, Callable[[Any], Any]]],
        rows: Iterable[Sequence[Any]],
    ) -> None:
        """Cache the rows ``(id, value, value...)`` of ``model``'s table: the value
        at position ``i + 1`` is field ``columns[i][0]``'s, converted to cache
        format by ``columns[i][1]`` (one loop per field: this is every fetch)."""
        values = self.values
        for pos, (fname, convert) in enumerate(columns, start=1):
            cached = values.setdefault((model, fname), {})
            for row in rows:
                cached[row[0]] = convert(row[pos])

    def take(self, key: FieldKey) -> dict[int, Any]:
        """Remove and return the cached values of field ``key`` (what a compute
        method just assigned)."""
        return self.values.pop(key, {})

    # --- forgetting ----------------------------------------------------------
    def invalidate(self, model: str | None = None) -> None:
        """Forget every value (``model`` None), or those of ``model``'s fields and
        every non-column value: related and computed values may come from
        ``model``'s records (an ``_inherits`` parent's fields, for one)."""
        if model is None:
            self.values.clear()
        else:
            self._forget(model)

    def use_lang(self, lang: str) -> None:
        """Read in ``lang`` from now on: the texts of translated fields, and the
        values computed from others, cached in another language are forgotten."""
        if lang != self.lang:
            self.lang = lang
            forget = self._translated
            derived = self._derived
            for key in [k for k in self.values if k in forget or k in derived]:
                del self.values[key]

    def forget_computed(self, model: str | None = None) -> None:
        """Forget the values of the fields that are not columns (computed from
        others, which just changed). With ``model``, the columns that changed
        are of that model only: the sturdy values that no column of it changes
        are kept (an x2many of another comodel, such as the users of a partner
        whose name was recomputed)."""
        if model is None:
            self._forget(None)
            return
        sturdy = self._sturdy
        for key in [k for k in self.values if k in self._derived and sturdy.get(k, model) == model]:
            del self.values[key]

    def _forget(self, model: str | None) -> None:
        """Forget the values of ``model``'s fields and of every non-column field."""
        derived = self._derived
        for key in [k for k in self.values if k[0] == model or k in derived]:
            del self.values[key]

    # --- the computing guard -------------------------------------------------
    def is_computing(self, key: FieldKey) -> bool:
        """Whether the compute method of field ``key`` is running: an assignment
        to the field then goes into the cache instead of being a write."""
        return key in self._computing

    def protected(self, key: FieldKey) -> Collection[int]:
        """The ids whose value of field ``key`` recomputing must leave as it is."""
        return self._protected.get(key, ())

    @contextmanager
    def protecting(self, keys: Iterable[FieldKey], ids: Iterable[int]) -> Iterator[None]:
        """Protect the fields ``keys`` of records ``ids`` from recomputing for the
        ``with`` block (a value given to a writable computed field wins)."""
        ids = set(ids)
        added: list[tuple[FieldKey, set[int]]] = []
        for key in keys:
            fresh = ids - self._protected.setdefault(key, set())
            self._protected[key].update(fresh)
            added.append((key, fresh))
        try:
            yield
        finally:
            for key, fresh in added:
                self._protected[key].difference_update(fresh)

    @contextmanager
    def computing(self, keys: Iterable[FieldKey]) -> Iterator[None]:
        """Mark the fields ``keys`` as being computed for the ``with`` block (those
        already marked by an outer block stay marked after it)."""
        fresh = set(keys) - self._computing
        self._computing.update(fresh)
        try:
            yield
        finally:
            self._computing.difference_update(fresh)
