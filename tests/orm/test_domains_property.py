"""Random domains evaluated by SQL must select exactly the records that a
plain-Python reading of spec section 1.3 selects, on a fixed set of records
(char with NULLs and '', integer with NULLs and 0, boolean with NULLs, many2one)."""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jsontwo.orm import Environment, Registry
from tests.orm.conftest import run

MARK = "prop"
NAMES = [None, "", "abc", "Abc", "b", "xb_c"]
COUNTS = [None, 0, 1, -1, 5]
FLAGS = [None, True, False]
TAGS = [None, "red", "Blue"]

Record = dict[str, Any]
Predicate = Callable[[Record], bool]


@pytest.fixture(scope="module")
def records(models_registry: Registry) -> list[Record]:
    """The records every example searches, as the Python side sees them."""
    rows = random.Random(7).sample(list(itertools.product(NAMES, COUNTS, FLAGS, TAGS)), 40)

    def work(env: Environment) -> list[Record]:
        tags = {name: env["x.tag"].create({"name": name}).id for name in TAGS if name}
        out = []
        for pos, (name, count, flag, tag) in enumerate(rows):
            thing = env["x.thing"].create(
                {
                    "notes": f"{MARK}{pos}",
                    "name": False if name is None else name,
                    "count": False if count is None else count,
                    "flag": bool(flag),
                    "tag_id": tags[tag] if tag else False,
                }
            )
            if flag is None:
                env.cr.execute('UPDATE "x_thing" SET flag = NULL WHERE id = %s', [thing.id])
            out.append(
                {"id": thing.id, "name": name, "count": count, "flag": flag,
                 "tag_id": tags[tag] if tag else None, "tag_name": tag}
            )  # fmt: skip
        return out

    return list(run(models_registry, work))


# --- the Python reading of the rules --------------------------------------------
def like(pattern: str, text: str, ci: bool) -> bool:
    """SQL LIKE: '%' any string, '_' one character."""
    regex = "".join(".*" if c == "%" else "." if c == "_" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, text, re.S | (re.I if ci else 0)) is not None


COMPARE = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


def leaf_predicate(fname: str, op: str, value: Any) -> Predicate:
    """What ``[fname, op, value]`` means for one record, per spec 1.2-1.3."""
    falsy = {"name": "", "count": 0, "flag": False, "tag_id": None}[fname]
    if op == "=?":
        if not value:
            return lambda r: True
        op = "="
    if op in ("=", "!="):
        op, value = ("in" if op == "=" else "not in"), [value]
    if fname == "flag":
        wanted = {bool(v) for v in value}
        is_in: Predicate = lambda r: (r["flag"] is True) in wanted  # noqa: E731
        return is_in if op == "in" else (lambda r: not is_in(r))

    def is_unset(v: Any) -> bool:
        return v is None or (falsy is not None and v == falsy)

    if op in ("in", "not in"):
        with_false = any(v is False or (falsy is not None and v == falsy) for v in value)
        kept = {v for v in value if not (v is False or (falsy is not None and v == falsy))}
        if op == "in":
            return lambda r: (
                (with_false and is_unset(r[fname])) or (r[fname] is not None and r[fname] in kept)
            )
        if with_false:
            return lambda r: not is_unset(r[fname]) and r[fname] not in kept
        return lambda r: r[fname] is None or r[fname] not in kept
    if op in COMPARE:
        compare = COMPARE[op]
        return lambda r: compare(falsy if r[fname] is None else r[fname], value)
    # pattern operators on text
    negate = op.startswith("not ")
    base = op[4:] if negate else op
    ci = "ilike" in base
    if not value:
        if base.startswith("="):
            unset = leaf_predicate(fname, "in", [False])
            return (lambda r: not unset(r)) if negate else unset
        return lambda r: not negate
    pattern = value if base.startswith("=") else f"%{value}%"
    if negate:
        return lambda r: r[fname] is None or not like(pattern, str(r[fname]), ci)
    return lambda r: r[fname] is not None and like(pattern, str(r[fname]), ci)


def tag_name_predicate(op: str, value: str) -> Predicate:
    """``tag_id.name <op> value``: some tag matches; no tag never does."""
    inner = leaf_predicate("name", op, value)
    return lambda r: r["tag_name"] is not None and inner({"name": r["tag_name"]})


# --- domains as (prefix list, predicate) pairs ----------------------------------
Domain = tuple[list[Any], Predicate]
TEXT_OPS = ["=", "!=", "like", "ilike", "not like", "not ilike", "=like", "=ilike", "=?"]
TEXT = ["", "abc", "ab", "b", "B", "x", "_b", "%c", "zz"]
TEXT_VALUES = st.sampled_from([False, *TEXT])
INTEGERS = [0, 1, -1, 5, 3]
INT_VALUES = st.sampled_from([False, *INTEGERS])
INEQUALITIES = st.sampled_from(["<", "<=", ">", ">="])


def leaf(fname: str, op: str, value: Any) -> Domain:
    return [[fname, op, value]], leaf_predicate(fname, op, value)


def tag_leaf(op: str, value: str) -> Domain:
    return [["tag_id.name", op, value]], tag_name_predicate(op, value)


def tag_id_leaf(records: list[Record]) -> st.SearchStrategy[Domain]:
    ids = sorted({r["tag_id"] for r in records if r["tag_id"]})
    values = st.sampled_from([*ids, False])
    return st.one_of(
        st.builds(leaf, st.just("tag_id"), st.sampled_from(["=", "!="]), values),
        st.builds(
            leaf, st.just("tag_id"), st.sampled_from(["in", "not in"]), st.lists(values, max_size=3)
        ),
    )


def leaves(records: list[Record]) -> st.SearchStrategy[Domain]:
    return st.one_of(
        st.builds(leaf, st.just("name"), st.sampled_from(TEXT_OPS), TEXT_VALUES),
        st.builds(
            leaf,
            st.just("name"),
            st.sampled_from(["in", "not in"]),
            st.lists(TEXT_VALUES, max_size=3),
        ),
        st.builds(leaf, st.just("name"), INEQUALITIES, st.sampled_from(TEXT)),
        st.builds(leaf, st.just("count"), st.sampled_from(["=", "!=", "=?"]), INT_VALUES),
        st.builds(leaf, st.just("count"), INEQUALITIES, st.sampled_from(INTEGERS)),
        st.builds(
            leaf,
            st.just("count"),
            st.sampled_from(["in", "not in"]),
            st.lists(INT_VALUES, max_size=3),
        ),
        st.builds(leaf, st.just("flag"), st.sampled_from(["=", "!="]), st.booleans()),
        tag_id_leaf(records),
        st.builds(tag_leaf, st.sampled_from(["=", "ilike", "not ilike", "!="]), TEXT_VALUES),
    )


def negation(child: Domain) -> Domain:
    items, predicate = child
    return ["!", *items], lambda r: not predicate(r)


def conjunction(op: str, left: Domain, right: Domain) -> Domain:
    (a, pa), (b, pb) = left, right
    if op == "&":
        return [op, *a, *b], lambda r: pa(r) and pb(r)
    return [op, *a, *b], lambda r: pa(r) or pb(r)


def domains(records: list[Record]) -> st.SearchStrategy[Domain]:
    tree = st.recursive(
        leaves(records),
        lambda children: st.one_of(
            st.builds(negation, children),
            st.builds(conjunction, st.sampled_from(["&", "|"]), children, children),
        ),
        max_leaves=6,
    )

    def implicit_and(parts: list[Domain]) -> Domain:
        # top-level items without an operator are ANDed
        items = [item for part, _ in parts for item in part]
        return items, lambda r: all(predicate(r) for _, predicate in parts)

    return st.lists(tree, min_size=1, max_size=3).map(implicit_and)


def test_sql_and_python_agree_on_random_domains(
    models_registry: Registry, records: list[Record]
) -> None:
    @settings(max_examples=100, deadline=None, derandomize=True)
    @given(domains(records))
    def check(domain: Domain) -> None:
        items, predicate = domain
        expected = {r["id"] for r in records if predicate(r)}
        scope = [["notes", "=like", f"{MARK}%"]]
        got = run(models_registry, lambda env: set(env["x.thing"].search(scope + items).ids))
        assert got == expected, items

    check()
