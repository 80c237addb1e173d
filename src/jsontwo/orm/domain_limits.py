"""What a domain may cost, and the values no database should be handed.

A search runs in a worker and a database backend that other callers wait
for, so the size of what it asks is bounded here, before any SQL is written
(docs/reliability.md, "Queries and domains"):

* ORed equality conditions on one field are merged into one ``in`` (and ANDed
  inequalities into one ``not in``), as Odoo's domain optimisation does:
  50,000 ``=`` conditions are one condition, planned in milliseconds;
* what is left may hold at most :data:`MAX_DOMAIN_CONDITIONS` conditions;
* a ``like`` pattern may be at most :data:`MAX_PATTERN_LENGTH` characters (the
  cost of matching grows with the pattern, row after row);
* a raw pattern (``=like``, ``=ilike``) may not end with the escape
  character, which PostgreSQL refuses and SQLite would take for a letter:
  both answer PostgreSQL's error, as Odoo does.

And the SQL of a long AND/OR is nested as a balanced tree
(:func:`balanced_join`): SQLite refuses an expression more than 1,000 levels
deep, and ``a OR b OR c ...`` is one level per condition there.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from jsontwo.exceptions import JsonTwoError
from jsontwo.orm import fields as f
from jsontwo.orm.domain_tree import And, Leaf, Node, Not, Or
from jsontwo.orm.domain_values import record_ids

#: conditions a domain may hold once equalities are merged (nested ``any`` included)
MAX_DOMAIN_CONDITIONS = 10_000
#: characters a ``like``/``ilike`` pattern may have
MAX_PATTERN_LENGTH = 2_000
#: how many parts of an AND/OR are joined flat before nesting them
_FLAT_PARTS = 64
#: the operators whose value is a pattern, and those whose pattern is raw
_RAW_LIKE = frozenset({"=like", "=ilike", "not =like", "not =ilike"})
_MERGED = {Or: ("=", "in"), And: ("!=", "not in")}


class InvalidEscapeSequence(JsonTwoError):
    """A raw pattern ending with the escape character, reported under the name
    and with the words of PostgreSQL's error, as Odoo reports it (HTTP 500)."""

    odoo_name: ClassVar[str] = "psycopg2.errors.InvalidEscapeSequence"
    http_status: ClassVar[int] = 500

    def __init__(self) -> None:
        super().__init__("LIKE pattern must not end with escape character\n")


def limited(node: Node) -> Node:
    """``node`` with ORed equalities on one field merged, checked against the limits
    above: a ValueError (a InvalidEscapeSequence) says which one it passes."""
    node = merge_equalities(node)
    count = _check(node)
    if count > MAX_DOMAIN_CONDITIONS:
        raise ValueError(
            f"This domain has {count} conditions, more than the {MAX_DOMAIN_CONDITIONS} "
            "a search may have: search a list of values with one 'in' condition instead"
        )
    return node


def merge_equalities(node: Node) -> Node:
    """``node`` with the ``=``/``in`` conditions of an OR on one field (the
    ``!=``/``not in`` of an AND) merged into one ``in`` (``not in``), as Odoo does.

    Only values of one plain kind merge (all whole numbers, or all texts): a
    condition mixing ids and names, or holding false, means something else
    than the sum of its parts on some fields, and is left as it is."""
    if isinstance(node, Not):
        child = merge_equalities(node.child)
        return node if child is node.child else Not(child)
    if not isinstance(node, And | Or):
        return node
    single, listed = _MERGED[type(node)]
    slots: list[Node | tuple[str, type]] = []
    firsts: dict[tuple[str, type], Leaf] = {}
    groups: dict[tuple[str, type], list[Any]] = {}
    for child in node.children:
        child = merge_equalities(child)
        values = _plain_values(child, single, listed)
        if values is None:
            slots.append(child)
            continue
        assert isinstance(child, Leaf)
        key = (child.path, type(values[0]))
        if key not in groups:
            firsts[key], groups[key] = child, []
            slots.append(key)
        groups[key].extend(values)
    children: list[Node] = []
    for slot in slots:
        if not isinstance(slot, tuple):
            children.append(slot)
        elif len(groups[slot]) == len(_plain_values(firsts[slot], single, listed) or ()):
            children.append(firsts[slot])  # alone: as written (errors quote it)
        else:
            children.append(Leaf(slot[0], listed, list(dict.fromkeys(groups[slot]))))
    if len(children) == 1:
        return children[0]
    return type(node)(tuple(children))


def _plain_values(node: Node, single: str, listed: str) -> list[Any] | None:
    """The values of an equality (``single``) or membership (``listed``) condition
    when they are all whole numbers or all texts, else None."""
    if not isinstance(node, Leaf) or node.op not in (single, listed):
        return None
    value = node.value
    values = [value] if node.op == single else value
    if not isinstance(values, list) or not values:
        return None
    kind = type(values[0])
    if kind not in (int, str) or any(type(item) is not kind for item in values):
        return None
    return list(values)


def _check(node: Node) -> int:
    """The number of conditions in ``node``; raises on a pattern past the limits."""
    if isinstance(node, Not):
        return _check(node.child)
    if isinstance(node, And | Or):
        return sum(_check(child) for child in node.children)
    if not isinstance(node, Leaf):
        return 0
    value = node.value
    if "like" in node.op and isinstance(value, str):
        if len(value) > MAX_PATTERN_LENGTH:
            raise ValueError(
                f"The pattern of condition {(node.path, node.op)!r} has {len(value)} "
                f"characters, more than the {MAX_PATTERN_LENGTH} a search pattern may have"
            )
        if node.op in _RAW_LIKE and _ends_with_escape(value):
            raise InvalidEscapeSequence()
    if node.op in ("any", "not any") and isinstance(value, list):
        return 1 + len(value)  # a sub-domain's items, counted as they come
    return 1


def _ends_with_escape(pattern: str) -> bool:
    """Whether ``pattern`` ends with a backslash that escapes nothing."""
    trailing = len(pattern) - len(pattern.rstrip("\\"))
    return trailing % 2 == 1


def balanced_join(parts: Sequence[str], word: str) -> str:
    """``parts`` joined by ``AND``/``OR`` (``word``), in parentheses: flat up to
    64 parts, else as a balanced tree of groups (SQLite's parser makes one
    level of its expression tree for each ``OR`` of a flat chain, and refuses
    more than 1,000)."""
    if len(parts) <= _FLAT_PARTS:
        return f"({f' {word} '.join(parts)})"
    size = -(-len(parts) // _FLAT_PARTS)
    groups = [balanced_join(parts[i : i + size], word) for i in range(0, len(parts), size)]
    return balanced_join(groups, word)


def record_id(field: f.Field, leaf: Leaf, value: Any) -> Any:
    """The value of a comparison (``<``, ``>=``...) with ids or a many2one: one
    record id (a number, or digits for ``id``), refused as a ValueError otherwise
    (PostgreSQL would refuse a list; SQLite would compare it as something else)."""
    if isinstance(value, list | dict):
        raise ValueError(
            f"A record id is expected, not {value!r}, in condition {leaf.as_tuple()!r}"
        )
    return record_ids(field, leaf, value)
