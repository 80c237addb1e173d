"""Row builders: the function that turns a read's rows into its dicts, compiled
once per shape of read (which fields, where their columns are, how each is
converted) and kept.

A read of 80 records and 4 fields makes 320 values. Called per value, a
converter costs a Python call each (about 70 µs for those 320); written out
inline in one list comprehension, the same conversions cost about half. So
the common conversions (:class:`Inline`: a column read as the driver gives
it, a boolean, a many2one with its label in the row) are generated as
expressions, and any other value calls its converter, passed in with the rows.

The generated source holds only literals this module writes: positions
(ints), field names (``repr`` of a str) and empty values (``repr`` of a bool,
int or float); nothing a caller sends reaches it.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

Row = tuple[Any, ...]
#: a converter of one value: the row in, the read value out
Converter = Callable[[Row], Any]
RowBuilder = Callable[[Sequence[Row], tuple[Converter, ...]], list[dict[str, Any]]]

#: the empty values an inline conversion may write as a literal (immutable, with
#: a ``repr`` that reads back as the same value)
_LITERAL_EMPTIES = (bool, int, float)


@dataclass(frozen=True, slots=True)
class Inline:
    """A conversion written inline: ``kind`` is "value" (the column's value, or
    ``empty`` for NULL), "bool" (the same, as a bool) or "labelled" (a
    many2one: ``[id, label]`` with the label at ``label_pos``, False without a
    record or a label)."""

    kind: str
    pos: int
    empty: bool | int | float = False
    label_pos: int = 0
    #: the empty value as written: False, 0 and 0.0 are equal (and hash alike)
    #: in Python, so the conversion is told apart (and the builders cached) by it
    literal: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "literal", repr(self.empty))

    @staticmethod
    def can_write(empty: Any) -> bool:
        """Whether ``empty`` may be written as a literal (a NaN or an infinity
        has no literal)."""
        return type(empty) in _LITERAL_EMPTIES and math.isfinite(empty)

    def expression(self) -> str:
        """The Python expression of this conversion of the row ``r``."""
        pos, empty = self.pos, self.literal
        if self.kind == "value":
            return f"({empty} if (v := r[{pos}]) is None else v)"
        if self.kind == "bool":
            return f"({empty} if (v := r[{pos}]) is None else bool(v))"
        assert self.kind == "labelled"
        label = f"r[{self.label_pos}]"
        return f"([v, {label} or False] if (v := r[{pos}]) and {label} is not None else False)"


def build_rows(
    rows: Sequence[Row], steps: Sequence[tuple[str, Inline | Converter]]
) -> list[dict[str, Any]]:
    """``{"id": row[0], name: value...}`` for each of ``rows``, each value by its
    step: an :class:`Inline` conversion or a converter called with the row."""
    shape = tuple((name, step if isinstance(step, Inline) else None) for name, step in steps)
    converters = tuple(step for _name, step in steps if not isinstance(step, Inline))
    return row_builder(shape)(rows, converters)


@functools.lru_cache(maxsize=512)
def row_builder(shape: tuple[tuple[str, Inline | None], ...]) -> RowBuilder:
    """The compiled builder of reads of ``shape``: ``(name, conversion)`` in the
    order of the dict's keys, None where the value comes from the next of the
    converters the builder is given."""
    items = ['"id": r[0]']
    calls: list[str] = []
    for name, inline in shape:
        if inline is None:
            calls.append(f"c{len(calls)}")
            items.append(f"{name!r}: {calls[-1]}(r)")
        else:
            assert Inline.can_write(inline.empty)
            items.append(f"{name!r}: {inline.expression()}")
    unpack = f"    {', '.join(calls)}, = converters\n" if calls else ""
    source = (
        f"def build(rows, converters):\n{unpack}    return [{{{', '.join(items)}}} for r in rows]\n"
    )
    namespace: dict[str, Any] = {}
    # (only literals this module writes: see the module's docstring)
    exec(compile(source, "<jsontwo row builder>", "exec"), namespace)
    builder: RowBuilder = namespace["build"]
    return builder
