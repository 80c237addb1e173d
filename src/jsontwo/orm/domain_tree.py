"""Domains as trees: parse Odoo's prefix-notation lists, combine and print them.

A domain list such as ``["|", ["name", "ilike", "deco"], "!", ["active", "=", True]]``
parses into :class:`Or`, :class:`Not` and :class:`Leaf` nodes (with the
constants :data:`TRUE` and :data:`FALSE`); ``&`` is implicit between
consecutive items, operators are lower-cased and the deprecated ``<>`` and
``==`` rewritten. Combining flattens nested conjunctions and drops constants,
so that printing back (:func:`to_list`) gives the list Odoo's ``Domain`` would.

This module knows no model and no SQL: :mod:`jsontwo.orm.domains` compiles the
trees (and re-exports what is defined here, where its callers import it from).
See docs/internals/orm-behaviour.md, "Domain syntax and operators".
"""

from __future__ import annotations

import reprlib
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Leaf:
    """One condition ``(path, operator, value)``, operator already lower-cased."""

    path: str
    op: str
    value: Any

    def as_tuple(self) -> tuple[str, str, Any]:
        """The condition as Odoo prints it in error messages."""
        return (self.path, self.op, self.value)

    def printed(self) -> tuple[str, str, Any]:
        """The condition as Odoo prints it once parsed: a subdomain's conditions
        as tuples (a nested one's too), an empty one as the true leaf."""
        value = self.value
        if isinstance(value, list):
            value = [_printed_item(item) for item in value] or [(1, "=", 1)]
        return (self.path, self.op, value)


def _printed_item(item: Any) -> Any:
    """A subdomain's item as Odoo prints it: a condition as a tuple, the
    subdomain of its ``any`` printed so too."""
    if not isinstance(item, list):
        return item
    if len(item) == 3 and item[1] in ("any", "not any") and isinstance(item[2], list):
        return (item[0], item[1], [_printed_item(sub) for sub in item[2]] or [(1, "=", 1)])
    return tuple(item)


@dataclass(frozen=True, slots=True)
class And:
    """All children hold."""

    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    """At least one child holds."""

    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    """The child does not hold."""

    child: Node


@dataclass(frozen=True, slots=True)
class Const:
    """Always true or always false."""

    value: bool


Node = Leaf | And | Or | Not | Const
TRUE = Const(True)
FALSE = Const(False)

OPERATORS = frozenset(
    {
        "=", "!=", "<", "<=", ">", ">=", "=?", "in", "not in",
        "like", "not like", "ilike", "not ilike", "=like", "not =like", "=ilike", "not =ilike",
        "child_of", "parent_of", "any", "not any",
    }
)  # fmt: skip
DEPRECATED_OPERATORS = {"<>": "!=", "==": "="}
LOGICAL = {"&": 2, "|": 2, "!": 1}


def parse(domain: Any) -> Node:
    """Parse a domain list (prefix notation, implicit AND) into a tree.

    Raises Odoo's errors: TypeError for a non-list or a bad item shape,
    ValueError for a malformed prefix list or an unknown operator.
    """
    if isinstance(domain, bool):
        # Odoo takes a boolean for the constant domain it names
        return TRUE if domain else FALSE
    if isinstance(domain, tuple):
        domain = list(domain)
    if not isinstance(domain, list):
        raise TypeError(f"Domain() invalid argument type for domain: {domain!r}")
    stack: list[Node | _Open] = []
    for item in reversed(domain):
        if isinstance(item, str) and item in LOGICAL:
            arity = LOGICAL[item]
            if len(stack) < arity:
                raise ValueError(f"Domain() malformed domain {_shown(domain)}")
            if item == "!":
                stack.append(_negate(_close(stack.pop())))
            else:
                first, second = stack.pop(), stack.pop()
                stack.append(_combine(And if item == "&" else Or, first, second))
        elif isinstance(item, list | tuple) and len(item) == 3:
            stack.append(_leaf(item))
        else:
            raise ValueError(f"Domain() invalid item in domain: {_shown(item)}")
    return _and([_close(node) for node in reversed(stack)])


def _shown(value: Any) -> str:
    """``repr(value)`` as Odoo's messages show it, shortened where a value nested
    too deeply has no repr (a thousand nested lists)."""
    try:
        return repr(value)
    except RecursionError:
        return reprlib.repr(value)


class _Open:
    """A join that :func:`parse` is still building, its children in a deque: each
    operator of a long chain (``|, |, |, ..., a, b, c, d``) adds one child at
    either end in constant time, instead of copying the children gathered so
    far (50,000 ORed conditions took 20 s)."""

    __slots__ = ("children", "kind")

    def __init__(self, kind: type[And] | type[Or]) -> None:
        self.kind = kind
        self.children: deque[Node] = deque()

    def _parts(self, node: Node | _Open) -> Sequence[Node] | deque[Node]:
        """What ``node`` adds to this join: its children when of the same kind."""
        if isinstance(node, _Open) and node.kind is self.kind:
            return node.children
        if isinstance(node, self.kind):
            return node.children
        return (_close(node),)

    def add_first(self, node: Node | _Open) -> None:
        """Put ``node`` (its children) before the children gathered so far."""
        self.children.extendleft(reversed(self._parts(node)))

    def add_last(self, node: Node | _Open) -> None:
        """Put ``node`` (its children) after the children gathered so far."""
        self.children.extend(self._parts(node))


def _combine(kind: type[And] | type[Or], first: Node | _Open, second: Node | _Open) -> Node | _Open:
    """``first`` and ``second`` joined by ``kind``, as :func:`_join` joins them."""
    absorbing, neutral = (FALSE, TRUE) if kind is And else (TRUE, FALSE)
    if first == absorbing or second == absorbing:
        return absorbing
    if isinstance(first, _Open) and first.kind is kind:
        if second != neutral:
            first.add_last(second)
        return first
    joined = second if isinstance(second, _Open) and second.kind is kind else _Open(kind)
    if joined is not second and second != neutral:
        joined.add_last(second)
    if first != neutral:
        joined.add_first(first)
    return joined


def _close(node: Node | _Open) -> Node:
    """A finished node: an open join as :func:`_join` would have built it."""
    if not isinstance(node, _Open):
        return node
    return _join(tuple(node.children), node.kind, FALSE if node.kind is And else TRUE)


def _leaf(item: Sequence[Any]) -> Node:
    path, op, value = item
    if isinstance(path, int) and not isinstance(path, bool) and path in (0, 1) and op == "=":
        return TRUE if path == value == 1 else FALSE
    if not isinstance(path, str):
        raise TypeError(f"Domain() invalid arguments: {tuple(item)!r}")
    if not path:
        raise TypeError(f"Empty field name in condition {tuple(item)!r}")
    if not isinstance(op, str):
        raise ValueError(f"Invalid operator in condition {tuple(item)!r}")
    low = op.lower()
    low = DEPRECATED_OPERATORS.get(low, low)
    if low in ("any!", "not any!"):
        # Odoo's internal operators (any without access checks) never come from clients
        raise ValueError(f"Domain() invalid item in domain: {item!r}")
    if low not in OPERATORS:
        raise ValueError(f"Invalid operator in condition {tuple(item)!r}")
    if value is None:
        value = False
    elif isinstance(value, tuple):
        value = list(value)
    if low in ("=", "!=", "in", "not in"):
        # Odoo makes a set of the values: an object or a list among them is refused
        # as Python refuses it
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict | list):
                raise TypeError(f"unhashable type: '{type(item).__name__}'")
    return Leaf(path, low, value)


def _and(children: Sequence[Node]) -> Node:
    return _join(children, And, absorbing=FALSE)


def _or(children: Sequence[Node]) -> Node:
    return _join(children, Or, absorbing=TRUE)


def _join(children: Sequence[Node], kind: type[And] | type[Or], absorbing: Const) -> Node:
    """``children`` joined by ``kind``: the children of nested joins of the same
    kind taken in, the neutral constant left out, the absorbing one (FALSE for
    AND, TRUE for OR) the whole result."""
    neutral = TRUE if absorbing is FALSE else FALSE
    flat: list[Node] = []
    for child in children:
        if child == absorbing:
            return absorbing
        if child == neutral:
            continue
        flat.extend(child.children if isinstance(child, kind) else (child,))
    if not flat:
        return neutral
    return flat[0] if len(flat) == 1 else kind(tuple(flat))


def _negate(node: Node) -> Node:
    """``!`` applied as Odoo's ``Domain`` applies it while parsing: constants
    flip, a double negation cancels, a conjunction becomes the disjunction of
    the negated children (and the other way round), a condition on a plain
    field takes the inverse operator (``ilike`` and ``not ilike``, ``=`` and
    ``!=``, ``any`` and ``not any``...); what is left keeps the ``!`` (paths,
    inequalities, ``child_of``...). Read groups print their ``__domain`` so."""
    if isinstance(node, Const):
        return Const(not node.value)
    if isinstance(node, Not):
        return node.child
    if isinstance(node, And):
        return _or([_negate(child) for child in node.children])
    if isinstance(node, Or):
        return _and([_negate(child) for child in node.children])
    if "." not in node.path and node.op in INVERSE_OPERATORS:
        return Leaf(node.path, INVERSE_OPERATORS[node.op], node.value)
    return Not(node)


def and_domains(*nodes: Node) -> Node:
    """The conjunction of parsed domains."""
    return _and(nodes)


def or_domains(*nodes: Node) -> Node:
    """The disjunction of parsed domains."""
    return _or(nodes)


def and_lists(*domains: Sequence[Any]) -> list[Any]:
    """The conjunction of domain lists, as one domain list (as Odoo's ``Domain.AND``
    prints it)."""
    return to_list(and_domains(*(parse(domain) for domain in domains)))


def to_list(node: Node) -> list[Any]:
    """The domain list (prefix notation) of a parsed domain."""
    if isinstance(node, Const):
        return [[1, "=", 1]] if node.value else [[0, "=", 1]]
    if isinstance(node, Leaf):
        return [[node.path, node.op, node.value]]
    if isinstance(node, Not):
        return ["!", *to_list(node.child)]
    parts = [to_list(child) for child in node.children]
    head = ["&" if isinstance(node, And) else "|"] * (len(parts) - 1)
    return head + [item for part in parts for item in part]


def folded(node: Node, constant: Callable[[Leaf], bool | None]) -> Node:
    """``node`` with the conditions ``constant`` decides (True or False; None
    when it does not) replaced by constants, and the conjunctions and
    disjunctions they decide decided: Odoo's first optimisation does so
    (``in []``, ``like ""``...) before it looks at the other conditions, so that
    a condition that would fail (``parent_of`` on a model without parents) is
    never reached when the domain is decided without it."""
    if isinstance(node, Leaf):
        value = constant(node)
        return node if value is None else Const(value)
    if isinstance(node, Not):
        child = folded(node.child, constant)
        return Const(not child.value) if isinstance(child, Const) else Not(child)
    if isinstance(node, And | Or):
        children = [folded(child, constant) for child in node.children]
        return _and(children) if isinstance(node, And) else _or(children)
    return node


def mentions_field(node: Node, name: str) -> bool:
    """Whether a condition on exactly ``name`` appears outside ``any`` sub-domains."""
    if isinstance(node, Leaf):
        return node.path == name
    if isinstance(node, And | Or):
        return any(mentions_field(child, name) for child in node.children)
    if isinstance(node, Not):
        return mentions_field(node.child, name)
    return False


#: the positive operator of each negative one (one table for the ORM: the
#: compiler negates a search method's positive answer, name_search a positive match)
NEGATIVE_OPERATORS = {
    "!=": "=",
    "not in": "in",
    "not like": "like",
    "not ilike": "ilike",
    "not =like": "=like",
    "not =ilike": "=ilike",
    "not any": "any",
}

#: the inverse of each operator Odoo inverts when it negates a condition
INVERSE_OPERATORS = {
    **NEGATIVE_OPERATORS,
    **{positive: negative for negative, positive in NEGATIVE_OPERATORS.items()},
}


def excludes_few(subdomain: Any) -> bool:
    """Whether ``subdomain`` (a path's condition on the co-records) only has
    negative conditions (``code != False``: "is set", ``state != 'done'``),
    ANDed: each leaves out the co-records it names, so most of them match.
    Positive ones (``code = 'BE'``) name a few: the index on the link serves
    them best. Measured in docs/benchmarks.md ("Paths that match most links")."""
    if not isinstance(subdomain, list | tuple) or not subdomain:
        return False
    return all(
        isinstance(item, list | tuple)
        and len(item) == 3
        and item[1] in NEGATIVE_OPERATORS
        and item[1] != "not any"
        for item in subdomain
    )
