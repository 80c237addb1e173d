"""Domains: operators, NULL/falsy rules, relations, the active filter, errors; and
search / search_count / search_read (docs/internals/orm-behaviour.md, the sections
from "Domain syntax and operators" to "Record rules in searches", and "Searching")."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest

from jsontwo.orm import Environment, Registry
from tests.orm.conftest import run

#: label -> values; the label is stored in ``notes``. None means NULL.
ROWS: dict[str, dict[str, Any]] = {
    "A": {"name": "Alpha", "code": "ab", "count": 5, "ratio": 1.5, "flag": True,
          "day": "2024-01-10", "moment": "2024-01-10 08:00:00", "state": "done"},
    "B": {"name": "beta", "code": "", "count": 0, "ratio": 0.0, "flag": False,
          "day": "2024-02-01", "moment": "2024-02-01 00:00:00", "state": "draft"},
    "N": {"name": None, "code": None, "count": None, "ratio": None, "flag": None,
          "day": None, "moment": None, "state": None},
    "E": {"name": "", "code": "", "count": -3, "ratio": -2.5, "flag": True,
          "day": None, "moment": None, "state": "draft"},
    "U": {"name": "Émile", "code": "ÉA", "count": 1, "ratio": 0.5, "flag": False,
          "day": "2023-12-31", "moment": "2023-12-31 23:59:59", "state": None},
}  # fmt: skip
ALL = set(ROWS)


def unique(prefix: str) -> str:
    """A name no other test uses (the database is shared by the module)."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="module")
def scope(models_registry: Registry) -> int:
    """The id of a tag that the records of ROWS (and only they) point to."""

    def work(env: Environment) -> int:
        tag = env["x.tag"].create({"name": unique("scope")})
        for label, values in ROWS.items():
            vals = {k: False if v is None else v for k, v in values.items()}
            thing = env["x.thing"].create({**vals, "notes": label, "tag_id": tag.id})
            nulls = [name for name in ("flag", "count", "ratio") if values[name] is None]
            if nulls:
                # the ORM writes false and 0 for an empty boolean or number, as Odoo
                # does: only SQL can leave them NULL
                sets = ", ".join(f'"{name}" = NULL' for name in nulls)
                env.cr.execute(f'UPDATE "x_thing" SET {sets} WHERE id = %s', [thing.id])
        return tag.id

    return int(run(models_registry, work))


def found(registry: Registry, scope: int, domain: list[Any], **context: Any) -> set[str]:
    """Labels of the ROWS records matching ``domain``."""

    def work(env: Environment) -> set[str]:
        things = env["x.thing"].search([["tag_id", "=", scope], *domain])
        return {row["notes"] for row in things.read(["notes"])}

    return set(run(registry, work, **context))


#: comparisons, with the falsy values and NULL rules of
#: docs/internals/orm-behaviour.md, "Falsy values in domains"
COMPARISONS: list[tuple[list[Any], set[str]]] = [
    ([], ALL),
    ([["name", "=", "Alpha"]], {"A"}),
    ([["name", "=", "alpha"]], set()),  # equality is case-sensitive
    ([["name", "!=", "Alpha"]], ALL - {"A"}),  # negative equality matches NULL
    ([["name", "=", False]], {"N", "E"}),  # NULL and '' both count as not set
    ([["name", "=", ""]], {"N", "E"}),
    ([["name", "=", None]], {"N", "E"}),  # null is false
    ([["name", "!=", False]], {"A", "B", "U"}),
    ([["name", "!=", ""]], {"A", "B", "U"}),  # '' is false too: "is set"
    ([["name", "=", ["Alpha", "beta"]]], {"A", "B"}),  # = with a list means in
    ([["name", "=", []]], {"N", "E"}),
    ([["name", "in", ["Alpha", False]]], {"A", "N", "E"}),
    ([["name", "not in", ["Alpha", False]]], {"B", "U"}),
    ([["name", "in", "Alpha"]], {"A"}),  # a single value is wrapped
    ([["name", "in", []]], set()),
    ([["name", "not in", []]], ALL),
    ([["code", "<", "b"]], {"A", "B", "N", "E"}),  # '' < 'b', so NULL matches too
    ([["count", "=", 0]], {"B", "N"}),  # integer NULL counts as 0
    ([["count", "!=", 0]], {"A", "E", "U"}),
    ([["count", "<", 5]], {"B", "N", "E", "U"}),
    ([["count", "<=", 0]], {"B", "N", "E"}),
    ([["count", ">=", 0]], {"A", "B", "N", "U"}),
    ([["count", ">", 0]], {"A", "U"}),
    ([["count", "in", [5, 1]]], {"A", "U"}),
    ([["count", "not in", [5, 0]]], {"E", "U"}),
    ([["count", "not in", [5, 1]]], {"B", "N", "E"}),  # NULL is 0, which is not in the set
    ([["count", "=", [5, 1]]], {"A", "U"}),
    ([["count", "=", False]], {"B", "N"}),  # false is the integer 0
    ([["ratio", "=", 0]], {"B", "N"}),
    ([["ratio", "<", 1]], {"B", "N", "E", "U"}),
    ([["ratio", ">", 0.5]], {"A"}),
    ([["flag", "=", True]], {"A", "E"}),
    ([["flag", "=", False]], {"B", "N", "U"}),  # boolean NULL is false
    ([["flag", "!=", True]], {"B", "N", "U"}),
    ([["flag", "!=", False]], {"A", "E"}),
    ([["flag", "in", [True, False]]], ALL),
    ([["day", "<", "2024-02-01"]], {"A", "U"}),  # NULL never satisfies a date inequality
    ([["day", ">=", "2024-01-10"]], {"A", "B"}),
    ([["day", "=", False]], {"N", "E"}),
    ([["day", "!=", "2024-01-10"]], ALL - {"A"}),
    ([["day", "<", False]], set()),
    ([["moment", ">", "2024-01-10 07:59:59"]], {"A", "B"}),
    ([["moment", "<=", "2024-01-01"]], {"U"}),
    ([["state", "=", "draft"]], {"B", "E"}),
    ([["state", "!=", "draft"]], {"A", "N", "U"}),
    ([["state", "=", False]], {"N", "U"}),
    ([["name", "=?", False]], ALL),
    ([["name", "=?", ""]], ALL),
    ([["name", "=?", "beta"]], {"B"}),
    ([["id", "=", False]], set()),
    ([[1, "=", 1]], ALL),
    ([[0, "=", 1]], set()),
    # values are converted as Odoo converts them for the column
    ([["flag", "=", "false"]], {"B", "N", "U"}),  # booleans from strings, as str2bool
    ([["flag", "=", "Yes"]], {"A", "E"}),
    ([["flag", "=", "maybe"]], {"B", "N", "U"}),  # an unknown word is false
    ([["flag", "in", [1]]], {"A", "E"}),
    ([["count", "=", "5"]], {"A"}),  # int()
    ([["count", "<", 2.5]], {"B", "N", "E", "U"}),  # int(2.5) is 2
    ([["ratio", "=", 1.499]], {"A"}),  # rounded to the field's 2 digits
    ([["name", "=", 5]], set()),  # str()
    ([["name", "<", False]], set()),  # false is the falsy value ''
    ([["name", ">", False]], {"A", "B", "U"}),
    ([["count", ">=", False]], {"A", "B", "N", "U"}),
    ([["state", "<", False]], set()),
    # binaries (attachments in Odoo) only answer "is set": any other condition is true
    ([["blob", "=", False]], ALL),
    ([["blob", "!=", False]], set()),
    ([["blob", "in", False]], ALL),
    ([["blob", "=", "YWJj"]], ALL),
    ([["blob", "ilike", "x"]], ALL),
    ([["blob", "<", "x"]], ALL),
]


#: like, ilike, =like, =ilike and their negations (docs/internals/orm-behaviour.md,
#: "Domain syntax and operators")
PATTERNS: list[tuple[list[Any], set[str]]] = [
    ([["name", "like", "lph"]], {"A"}),
    ([["name", "like", "alpha"]], set()),  # like is case-sensitive
    ([["name", "ilike", "ALPHA"]], {"A"}),
    ([["name", "ilike", "émile"]], {"U"}),  # case folding beyond ASCII
    ([["name", "ilike", "É"]], {"U"}),
    ([["code", "ilike", "éa"]], {"U"}),
    ([["name", "ilike", "a_p"]], {"A"}),  # '_' is a wildcard, not escaped
    ([["name", "ilike", "%ta"]], {"B"}),
    ([["name", "not like", "lph"]], {"B", "N", "E", "U"}),  # negatives match NULL
    ([["name", "not ilike", "a"]], {"N", "E", "U"}),
    ([["name", "=like", "A%"]], {"A"}),
    ([["name", "=like", "a%"]], set()),
    ([["name", "=ilike", "a%"]], {"A"}),
    ([["name", "=ilike", "é%"]], {"U"}),
    ([["name", "not =like", "A%"]], {"B", "N", "E", "U"}),
    ([["name", "not =ilike", "B%"]], {"A", "N", "E", "U"}),
    ([["name", "like", ""]], ALL),  # an empty pattern matches everything, NULL too
    ([["name", "ilike", False]], ALL),
    ([["name", "not like", ""]], set()),
    ([["name", "=like", ""]], {"N", "E"}),
    ([["name", "=ilike", ""]], {"N", "E"}),  # an empty raw pattern is "= false"
    ([["count", "like", "5"]], {"A"}),  # non-text columns match as text
    ([["count", "ilike", 5]], {"A"}),
    ([["name", "ILIKE", "alpha"]], {"A"}),  # operators are case-normalised
    ([["name", "<>", "Alpha"]], ALL - {"A"}),  # deprecated spellings
    ([["name", "==", "Alpha"]], {"A"}),
]


#: &, |, ! and implicit AND; ! is the exact complement, NULLs included
LOGIC: list[tuple[list[Any], set[str]]] = [
    (["|", ["name", "=", "Alpha"], ["count", "=", 0]], {"A", "B", "N"}),
    (["&", ["flag", "=", True], ["count", "<", 0]], {"E"}),
    ([["flag", "=", True], ["count", "<", 0]], {"E"}),  # implicit AND
    ([["flag", "=", True], "|", ["count", "<", 0], ["name", "=", "Alpha"]], {"A", "E"}),
    (["|", "&", ["flag", "=", True], ["count", ">", 0], ["name", "=", "beta"]], {"A", "B"}),
    (["!", ["name", "=", "Alpha"]], ALL - {"A"}),
    (["!", ["count", "<", 5]], {"A"}),
    # negation is the complement: NULL dates match the negated inequality
    (["!", ["day", "<", "2024-02-01"]], {"B", "N", "E"}),
    (["!", ["moment", ">=", "2024-01-01"]], {"N", "E", "U"}),
    (["!", ["state", "in", ["draft"]]], {"A", "N", "U"}),
    (["!", ["name", "ilike", "a"]], {"N", "E", "U"}),
    (["!", "!", ["day", "<", "2024-02-01"]], {"A", "U"}),
    (["!", "|", ["day", "<", "2024-01-01"], ["day", ">", "2024-01-31"]], {"A", "N", "E"}),
    (["!", "&", ["count", ">", 0], ["day", "<", "2024-02-01"]], {"B", "N", "E"}),
]


@pytest.mark.parametrize(("domain", "expected"), COMPARISONS + PATTERNS + LOGIC)
def test_domain_selects_the_expected_records(
    models_registry: Registry, scope: int, domain: list[Any], expected: set[str]
) -> None:
    assert found(models_registry, scope, domain) == expected


# --- relations ------------------------------------------------------------------
@pytest.fixture(scope="module")
def related(models_registry: Registry) -> dict[str, Any]:
    """Things P (tags t1, t2; lines 'x' and archived 'y'), Q (tags t1 and an
    archived one; line 'z'), R (nothing) and S (only the archived tag)."""

    def work(env: Environment) -> dict[str, Any]:
        scope = env["x.tag"].create({"name": unique("rel scope")})
        t1, t2 = env["x.tag"].create([{"name": unique("t1")}, {"name": unique("t2")}])
        archived = env["x.tag"].create({"name": unique("archived"), "active": False})
        things = env["x.thing"].create(
            [
                {"notes": "P", "tag_id": scope.id, "tag_ids": [t1.id, t2.id],
                 "line_ids": [[0, 0, {"name": "x"}], [0, 0, {"name": "y", "active": False}]]},
                {"notes": "Q", "tag_id": scope.id, "tag_ids": [t1.id, archived.id],
                 "line_ids": [[0, 0, {"name": "z"}]]},
                {"notes": "R", "tag_id": scope.id},
                {"notes": "S", "tag_id": scope.id, "tag_ids": [archived.id]},
            ]
        )  # fmt: skip
        return {"scope": scope.id, "t1": t1.id, "t2": t2.id, "archived": archived.id,
                "archived_name": archived.name, "t1_name": t1.name,
                **dict(zip("PQRS", things.ids, strict=True))}  # fmt: skip

    return dict(run(models_registry, work))


def found_related(
    registry: Registry, related: dict[str, Any], domain: list[Any], **context: Any
) -> set[str]:
    """Labels of the ``related`` things matching ``domain``."""

    def work(env: Environment) -> set[str]:
        things = env["x.thing"].search([["tag_id", "=", related["scope"]], *domain])
        mine = {related[label]: label for label in "PQRS"}
        return {mine[rid] for rid in things.ids}

    return set(run(registry, work, **context))


@pytest.mark.parametrize(
    ("domain", "expected"),
    [
        (lambda r: [["tag_ids", "in", [r["t1"]]]], {"P", "Q"}),
        (lambda r: [["tag_ids", "=", r["t2"]]], {"P"}),
        (lambda r: [["tag_ids", "not in", [r["t2"]]]], {"Q", "R", "S"}),  # untagged match
        (lambda r: [["tag_ids", "!=", r["t1"]]], {"R", "S"}),
        (lambda r: [["tag_ids", "=", [r["t1"], r["t2"]]]], {"P", "Q"}),  # any of, not all of
        (lambda r: [["tag_ids", "=", r["t1"]], ["tag_ids", "=", r["t2"]]], {"P"}),
        (lambda r: [["tag_ids", "in", [r["t2"], False]]], {"P", "R"}),
        (lambda r: [["tag_ids", "in", []]], set()),
        (lambda r: [["tag_ids", "not in", []]], set("PQRS")),
        # by id, and for "is set", archived co-records count
        (lambda r: [["tag_ids", "in", [r["archived"]]]], {"Q", "S"}),
        (lambda r: [["tag_ids", "=", False]], {"R"}),
        (lambda r: [["tag_ids", "=", []]], {"R"}),
        (lambda r: [["tag_ids", "!=", False]], {"P", "Q", "S"}),
        (lambda r: [["tag_ids", "like", ""]], {"P", "Q", "S"}),
        (lambda r: [["tag_ids", "not ilike", False]], {"R"}),
        (lambda r: [["tag_ids", "=like", ""]], {"R"}),
        # sub-searches and names skip archived co-records
        (lambda r: [["tag_ids", "any", []]], {"P", "Q"}),
        (lambda r: [["tag_ids.name", "=", r["archived_name"]]], set()),
        (lambda r: [["tag_ids", "=", r["archived_name"]]], set()),
        # names mixed with ids or false: each keeps its meaning
        (lambda r: [["tag_ids", "in", [r["t1_name"], False]]], {"P", "Q", "R"}),
        (lambda r: [["tag_ids", "in", [r["t1_name"], r["archived"]]]], {"P", "Q", "S"}),
        (lambda r: [["tag_ids", "not in", [r["t1_name"], r["t2"]]]], {"R", "S"}),
        (lambda r: [["tag_id", "not in", ["nope", False]]], set("PQRS")),
        (lambda r: [["tag_id", "in", ["nope", False]]], set()),
        (lambda r: [["tag_ids", "any", [["id", "=", r["t2"]]]]], {"P"}),
        (lambda r: [["tag_ids", "not any", [["id", "=", r["t2"]]]]], {"Q", "R", "S"}),
        (lambda r: [["line_ids.name", "=", "x"]], {"P"}),
        (lambda r: [["line_ids.name", "=", "y"]], set()),
        (lambda r: [["line_ids", "any", [["name", "in", ["x", "z"]]]]], {"P", "Q"}),
        (lambda r: [["line_ids", "not any", [["name", "=", "z"]]]], {"P", "R", "S"}),
        (lambda r: [["line_ids", "=", False]], {"R", "S"}),
        (lambda r: [["line_ids", "ilike", "Z"]], {"Q"}),  # by display name
        (lambda r: [["line_ids", "not ilike", "Z"]], {"P", "R", "S"}),
        (lambda r: [["tag_id.name", "ilike", "rel scope"]], set("PQRS")),
        (lambda r: [["tag_id", "ilike", "rel scope"]], set("PQRS")),
        (lambda r: [["tag_id", "any", [["name", "=", "nope"]]]], set()),
        (lambda r: [["tag_id", "not any", [["name", "=", "nope"]]]], set("PQRS")),
        (lambda r: [["id", "any", [["notes", "=", "Q"]]]], {"Q"}),
        (lambda r: [["id", "not any", [["notes", "=", "Q"]]]], {"P", "R", "S"}),
        (lambda r: [["id", "in", [r["P"], r["R"]]]], {"P", "R"}),
        (lambda r: [["id", "not in", [r["P"]]]], {"Q", "R", "S"}),
        (lambda r: [["id", ">", r["Q"]]], {"R", "S"}),  # ids compare as numbers
        (lambda r: [["id", "<=", r["Q"]]], {"P", "Q"}),
    ],
)
def test_relational_conditions(
    models_registry: Registry, related: dict[str, Any], domain: Any, expected: set[str]
) -> None:
    assert found_related(models_registry, related, domain(related)) == expected


def test_x2many_sub_searches_follow_active_test(
    models_registry: Registry, related: dict[str, Any]
) -> None:
    domain = [["line_ids.name", "=", "y"]]
    assert found_related(models_registry, related, domain, active_test=False) == {"P"}
    domain = [["tag_ids.name", "=", related["archived_name"]]]
    assert found_related(models_registry, related, domain, active_test=False) == {"Q", "S"}


def test_many2one_paths_match_archived_targets(models_registry: Registry) -> None:
    def work(env: Environment) -> Any:
        tag = env["x.tag"].create({"name": unique("old"), "active": False})
        thing = env["x.thing"].create({"name": "has archived tag", "tag_id": tag.id})
        return (
            thing.id,
            env["x.thing"].search([["tag_id.name", "=", tag.name]]).ids,
            env["x.thing"].search([["tag_id", "=", tag.name]]).ids,
            env["x.thing"].search([["tag_id", "any", [["active", "=", False]]]]).ids,
        )

    rid, *results = run(models_registry, work)
    assert all(rid in ids for ids in results)


# --- the active filter (docs/internals/orm-behaviour.md, "Archived records") ---
def test_archived_records_are_hidden_unless_asked_for(models_registry: Registry) -> None:
    name = unique("active")

    def work(env: Environment) -> Any:
        things = env["x.thing"].create([{"name": name}, {"name": name, "active": False}])
        live, archived = things.ids

        def ids(domain: list[Any], **ctx: Any) -> set[int]:
            return set(
                env["x.thing"].with_context(**ctx).search([["name", "=", name], *domain]).ids
            )

        return live, archived, {
            "default": ids([]),
            "active_test": ids([], active_test=False),
            "archived": ids([["active", "=", False]]),
            "both": ids([["active", "in", [True, False]]]),
            "in_or": ids(["|", ["active", "=", False], ["id", "=", 0]]),
            "negated": ids(["!", ["active", "=", True]]),
            "count": env["x.thing"].search_count([["name", "=", name]]),
            "count_all": env["x.thing"]
            .with_context(active_test=False)
            .search_count([["name", "=", name]]),
        }  # fmt: skip

    live, archived, got = run(models_registry, work)
    assert got == {
        "default": {live},
        "active_test": {live, archived},
        "archived": {archived},
        "both": {live, archived},
        "in_or": {archived},
        "negated": {archived},
        "count": 1,
        "count_all": 2,
    }


def test_search_read_applies_active_test_to_the_search_only(models_registry: Registry) -> None:
    name = unique("sr active")

    def work(env: Environment) -> Any:
        line = env["x.line"].create({"name": "archived line", "active": False})
        thing = env["x.thing"].create({"name": name, "active": False, "line_ids": [[4, line.id]]})
        rows = (
            env["x.thing"]
            .with_context(active_test=False)
            .search_read([["name", "=", name]], ["line_ids"])
        )
        return thing.id, line.id, rows

    rid, _line, rows = run(models_registry, work)
    # the archived thing is found, but its archived line is not listed (x2many
    # values leave archived co-records out unless the context says otherwise)
    assert rows == [{"id": rid, "line_ids": []}]


# --- errors ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("domain", "error", "message"),
    [
        (["|", ["name", "=", "x"]], ValueError, "Domain() malformed domain ['|', ['name', '=', 'x']]"),
        (["&"], ValueError, "Domain() malformed domain"),
        ([["name", "foo", 1]], ValueError, "Invalid operator in condition ('name', 'foo', 1)"),
        ([["foo", "=", 1]], ValueError, "Invalid field x.thing.foo in condition ('foo', '=', 1)"),
        ([["tag_id.foo", "=", 1]], ValueError, "Invalid field x.tag.foo in condition"),
        ([["name.foo", "=", 1]], ValueError, "Invalid field property 'foo' on x.thing.name"),
        ([["foo.bar", "=", 1]], ValueError, "Invalid field x.thing.foo in condition ('foo.bar', '=', 1)"),
        ([["display_name.month_number", "=", 1]], ValueError, "Cannot convert x.thing.display_name to SQL because it is not stored"),
        ([["tag_id", "<", "b"]], TypeError, "Inequality not supported for relational field using a string in condition ('tag_id', '<', 'b')"),
        ([["tag_ids", ">=", "b"]], TypeError, "Inequality not supported for relational field using a string"),
        ([["flag", "like", "x"]], ValueError, "Cannot compare 'flag' to <class 'str'> which is not a collection of length 1 in condition ('flag', 'like', 'x')"),
        ([["flag", "ilike", 1]], ValueError, "Cannot compare 'flag' to <class 'str'> which is not a collection of length 1 in condition ('flag', 'ilike', '1')"),
        ([["count", "=", "abc"]], ValueError, "invalid literal for int() with base 10: 'abc'"),
        ([["name", "any", []]], ValueError, "Cannot use 'any' with non-relational fields"),
        ([["name", "child_of", 1]], ValueError, "Cannot execute child_of for x.thing.name, works only for relational fields in condition ('name', 'child_of', 1)"),
        ([["id", "parent_of", {"a": 1}]], ValueError, "Value of type <class 'dict'> is not supported in condition ('id', 'parent_of', {'a': 1})"),
        ([["flag", "<", True]], ValueError, "Cannot compare 'flag' to <class 'bool'> which is not a collection of length 1 in condition ('flag', '<', True)"),
        ([["name", "=like", 5]], TypeError, "The pattern to match must be a string in condition ('name', '=like', 5)"),
        ([["count", "=", {"a": 1}]], TypeError, "unhashable type: 'dict'"),
        ([["count", "in", [1, {"a": 1}]]], TypeError, "unhashable type: 'dict'"),
        ([["count", "in", [[1]]]], TypeError, "unhashable type: 'list'"),
        ([["tag_id", "=", [[1]]]], TypeError, "unhashable type: 'list'"),
        ([["tag_id", "any!", []]], ValueError, "Domain() invalid item in domain: ['tag_id', 'any!', []]"),
        ([["name", "="]], ValueError, "Domain() invalid item in domain"),
        (["xor", ["name", "=", 1]], ValueError, "Domain() invalid item in domain"),
        ([[5, "=", 1]], TypeError, "Domain() invalid arguments"),
        ([["", "=", 1]], TypeError, "Empty field name in condition ('', '=', 1)"),
        ("name = 1", TypeError, "Domain()"),
    ],
)  # fmt: skip
def test_invalid_domains_raise(
    models_registry: Registry, domain: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as info:
        run(models_registry, lambda env: env["x.thing"].search(domain))
    assert str(info.value).startswith(message)


# --- search, search_count, search_read ------------------------------------------
def labels(registry: Registry, scope: int, **kwargs: Any) -> list[str]:
    """Labels of the ROWS records in the order ``search`` gives them."""

    def work(env: Environment) -> list[str]:
        things = env["x.thing"].search([["tag_id", "=", scope]], **kwargs)
        by_id = {row["id"]: row["notes"] for row in things.read(["notes"])}
        return [by_id[rid] for rid in things.ids]

    return list(run(registry, work))


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ("name", ["E", "A", "B", "U", "N"]),  # byte order, NULL last when ascending
        ("name desc, id", ["N", "U", "B", "A", "E"]),  # NULL first when descending
        ("name DESC NULLS LAST", ["U", "B", "A", "E", "N"]),
        ("name asc nulls first", ["N", "E", "A", "B", "U"]),
        ("count", ["E", "B", "U", "A", "N"]),
        ("count desc", ["N", "A", "U", "B", "E"]),
        ("day desc, count", ["E", "N", "B", "A", "U"]),
        ("flag, count desc", ["N", "U", "B", "A", "E"]),  # a NULL boolean sorts as false
        ("state desc, name", ["U", "N", "E", "B", "A"]),
        ("id desc", ["U", "E", "N", "B", "A"]),
        (None, ["A", "B", "N", "E", "U"]),  # the model's _order: id
    ],
)
def test_search_order(
    models_registry: Registry, scope: int, order: str | None, expected: list[str]
) -> None:
    assert labels(models_registry, scope, order=order) == expected


def test_search_offset_and_limit(models_registry: Registry, scope: int) -> None:
    assert labels(models_registry, scope, order="count", offset=1, limit=2) == ["B", "U"]
    assert labels(models_registry, scope, order="count", offset=3) == ["A", "N"]
    assert labels(models_registry, scope, order="count", limit=1) == ["E"]
    assert labels(models_registry, scope, order="count", limit=0) == ["E", "B", "U", "A", "N"]


@pytest.mark.parametrize("limit", [0, None, False])
def test_a_zero_null_or_false_limit_means_no_limit(
    models_registry: Registry, scope: int, limit: Any
) -> None:
    """limit 0, null and false all return every match; an offset past the end none."""
    assert labels(models_registry, scope, order="count", limit=limit) == ["E", "B", "U", "A", "N"]
    assert labels(models_registry, scope, order="count", limit=limit, offset=10) == []


def test_64_bit_bounds_are_taken(models_registry: Registry, scope: int) -> None:
    """The largest 64-bit limit and offset are accepted on both databases."""
    every = labels(models_registry, scope, order="count")
    assert labels(models_registry, scope, order="count", limit=2**63 - 1) == every
    assert labels(models_registry, scope, order="count", offset=2**63 - 1) == []


#: a limit or offset that is not a number from 0 to 2**63-1, and the ORM's message for it
BAD_PAGING: list[tuple[str, Any, str]] = [
    ("limit", -1, "Invalid limit -1: a number of records from 0 to 9223372036854775807"),
    ("offset", -5, "Invalid offset -5: a number of records from 0 to 9223372036854775807"),
    ("limit", 2**63, f"Invalid limit {2**63}: a number of records from 0 to 9223372036854775807"),
    (
        "offset",
        10**30,
        f"Invalid offset {10**30}: a number of records from 0 to 9223372036854775807",
    ),
    ("limit", "ten", "Invalid limit 'ten': a number of records from 0 to 9223372036854775807"),
    ("offset", [1], "Invalid offset [1]: a number of records from 0 to 9223372036854775807"),
    ("limit", True, "Invalid limit True: a number of records from 0 to 9223372036854775807"),
    ("offset", True, "Invalid offset True: a number of records from 0 to 9223372036854775807"),
    ("limit", float("inf"), "Invalid limit inf: a number of records from 0 to 9223372036854775807"),
]
#: every search method with an offset, called on a model with ``limit``/``offset``
PAGED_CALLS: dict[str, Any] = {
    "search": lambda model, kw: model.search([], **kw),
    "search_read": lambda model, kw: model.search_read([], ["name"], **kw),
    "search_fetch": lambda model, kw: model.search_fetch([], ["name"], **kw),
    "web_search_read": lambda model, kw: model.web_search_read([], {"name": {}}, **kw),
}


@pytest.mark.parametrize("method", list(PAGED_CALLS))
@pytest.mark.parametrize(
    ("name", "value", "message"), BAD_PAGING, ids=[f"{n}={v}" for n, v, _ in BAD_PAGING]
)
def test_negative_or_huge_limit_and_offset_are_refused(
    models_registry: Registry, method: str, name: str, value: int, message: str
) -> None:
    """A negative or past-64-bit limit or offset is a ValueError, the same on both databases."""
    with pytest.raises(ValueError) as info:
        run(models_registry, lambda env: PAGED_CALLS[method](env["x.thing"], {name: value}))
    assert str(info.value) == message


#: the search methods with a limit but no offset
LIMITED_CALLS: dict[str, Any] = {
    "search_count": lambda model, limit: model.search_count([], limit=limit),
    "name_search": lambda model, limit: model.name_search("", limit=limit),
}


@pytest.mark.parametrize("method", list(LIMITED_CALLS))
@pytest.mark.parametrize(
    ("value", "message"), [pytest.param(v, m, id=str(v)) for n, v, m in BAD_PAGING if n == "limit"]
)
def test_negative_or_huge_limit_of_a_count_or_name_search_is_refused(
    models_registry: Registry, method: str, value: int, message: str
) -> None:
    """search_count and name_search refuse a bad limit with the same ValueError."""
    with pytest.raises(ValueError) as info:
        run(models_registry, lambda env: LIMITED_CALLS[method](env["x.thing"], value))
    assert str(info.value) == message


def test_search_count_with_and_without_limit(models_registry: Registry, scope: int) -> None:
    def work(env: Environment) -> list[int]:
        things = env["x.thing"]
        return [
            things.search_count([["tag_id", "=", scope]]),
            things.search_count([["tag_id", "=", scope]], limit=2),
            things.search_count([["tag_id", "=", scope]], limit=10),
            things.search_count([["tag_id", "=", scope], ["count", "=", 0]]),
        ]

    assert run(models_registry, work) == [5, 2, 5, 2]


def test_search_read_with_fields_order_offset_limit(models_registry: Registry, scope: int) -> None:
    def work(env: Environment) -> Any:
        return env["x.thing"].search_read(
            [["tag_id", "=", scope], ["count", "!=", 0]],
            ["notes", "count", "tag_id"],
            offset=1,
            limit=2,
            order="count desc",
        )

    rows = run(models_registry, work)
    assert [(r["notes"], r["count"]) for r in rows] == [("U", 1), ("E", -3)]
    assert list(rows[0]) == ["id", "notes", "count", "tag_id"]
    assert rows[0]["tag_id"][0] == scope


def test_search_read_without_fields_reads_every_field(
    models_registry: Registry, scope: int
) -> None:
    rows = run(
        models_registry,
        lambda env: env["x.thing"].search_read([["tag_id", "=", scope]], limit=1, load=None),
    )
    assert rows[0]["tag_id"] == scope
    assert {"display_name", "create_uid", "write_date", "line_ids", "blob"} <= set(rows[0])


# --- res.partner: six cases re-implementations often get wrong -------------------
@pytest.fixture(scope="module")
def partners(registry: Registry) -> dict[str, int]:
    """Partners of the demo database with the shapes these six cases need."""

    def work(env: Environment) -> dict[str, int]:
        Partner = env["res.partner"]
        tag = env["res.partner.category"].create({"name": unique("vector tag")})
        old = Partner.create({"name": unique("Old Company"), "is_company": True, "active": False})
        live = Partner.create({"name": unique("Live Company"), "is_company": True})
        return {
            "tag": tag.id,
            "tagged": Partner.create({"name": unique("Tagged"), "category_id": [tag.id]}).id,
            "untagged": Partner.create({"name": unique("Untagged")}).id,
            "no_name": Partner.create(
                {"type": "delivery", "parent_id": live.id, "name": False}
            ).id,
            "no_color": Partner.create({"name": unique("Colorless"), "color": False}).id,
            "old": old.id,
            "live": live.id,
            "child_of_old": Partner.create({"name": unique("Orphan"), "parent_id": old.id}).id,
            "old_child_of_old": Partner.create(
                {"name": unique("Old Orphan"), "parent_id": old.id, "active": False}
            ).id,
            "belgian": Partner.create({"name": unique("Belgian"), "country_id": env[
                "res.country"]._search_ids([["code", "=", "BE"]])[0]}).id,
            "accented": Partner.create({"name": unique("Élodie Éclair")}).id,
        }  # fmt: skip

    return dict(run(registry, work))


def partner_ids(registry: Registry, domain: list[Any], **context: Any) -> set[int]:
    """Ids of the partners matching ``domain``."""
    return set(run(registry, lambda env: env["res.partner"].search(domain).ids, **context))


def test_vector_1_negative_equality_matches_null_names(
    registry: Registry, partners: dict[str, int]
) -> None:
    assert partners["no_name"] in partner_ids(registry, [["name", "!=", "X"]])


def test_vector_2_integer_zero_matches_null(registry: Registry, partners: dict[str, int]) -> None:
    assert partners["no_color"] in partner_ids(registry, [["color", "=", 0]])


def test_vector_3_not_in_matches_records_without_tags(
    registry: Registry, partners: dict[str, int]
) -> None:
    got = partner_ids(registry, [["category_id", "not in", [partners["tag"]]]])
    assert partners["untagged"] in got and partners["tagged"] not in got
    assert partner_ids(registry, [["category_id", "in", [partners["tag"]]]]) == {partners["tagged"]}


def test_vector_4_mentioning_active_shows_archived(
    registry: Registry, partners: dict[str, int]
) -> None:
    archived = partner_ids(registry, [["active", "=", False]])
    assert {partners["old"], partners["old_child_of_old"]} <= archived
    assert partners["live"] not in archived
    assert partners["old"] not in partner_ids(registry, [])
    assert partners["old"] in partner_ids(registry, [], active_test=False)


def test_vector_5_dotted_active_keeps_the_filter_on_the_records(
    registry: Registry, partners: dict[str, int]
) -> None:
    got = partner_ids(registry, [["parent_id.active", "=", False]])
    assert partners["child_of_old"] in got  # the archived parent matches through the path
    assert partners["old_child_of_old"] not in got  # the partner itself is still filtered


def test_vector_6_many2one_by_name(registry: Registry, partners: dict[str, int]) -> None:
    got = partner_ids(registry, [["country_id", "=", "Belgium"]])
    assert partners["belgian"] in got
    assert got == partner_ids(registry, [["country_id.code", "=", "BE"]])
    assert got == partner_ids(registry, [["country_id", "ilike", "belg"]])


def test_hierarchy_operators_take_ids_and_names(registry: Registry) -> None:
    def work(env: Environment) -> dict[str, Any]:
        Tag = env["res.partner.category"]
        a, b = Tag.create([{"name": unique("Top A")}, {"name": unique("Top B")}])
        a1 = Tag.create({"name": "a1", "parent_id": a.id})
        a11 = Tag.create({"name": "a11", "parent_id": a1.id, "active": False})
        b1 = Tag.create({"name": "b1", "parent_id": b.id})
        partner = env["res.partner"].create({"name": unique("Tagged a11"), "category_id": [a11.id]})
        everything = Tag.with_context(active_test=False)

        def ids(domain: list[Any], model: Any = everything) -> set[int]:
            return set(model.search(domain).ids)

        return {
            "tags": (a.id, b.id, a1.id, a11.id, b1.id),
            "names": ids([["id", "child_of", [a.name, b.name]]]),
            "mixed": ids([["id", "child_of", [a.name, b1.id]]]),
            "parents": ids([["id", "parent_of", a11.id]]),
            "parent_field": ids([["parent_id", "child_of", a1.id]]),
            "none": ids([["id", "child_of", False]]),
            "x2many": ids([["category_id", "child_of", a.name]], env["res.partner"]),
            "partner": partner.id,
        }

    got = run(registry, work)
    a, b, a1, a11, b1 = got["tags"]
    assert got["names"] == {a, b, a1, a11, b1}
    assert got["mixed"] == {a, a1, a11, b1}
    assert got["parents"] == {a, a1, a11}
    assert got["parent_field"] == {a1, a11}
    assert got["none"] == set()
    assert got["x2many"] == {got["partner"]}


def test_partner_dotted_path_and_ilike_beyond_ascii(
    registry: Registry, partners: dict[str, int]
) -> None:
    us = partner_ids(registry, [["country_id.code", "=", "US"]])
    assert us and partners["belgian"] not in us
    assert partner_ids(registry, [["name", "ilike", "élodie éclair"]]) == {partners["accented"]}
    assert partner_ids(registry, [["name", "ilike", "ÉLODIE"]]) == {partners["accented"]}
    assert partner_ids(registry, [["name", "like", "élodie"]]) == set()


def test_a_path_matching_most_links_pages_as_the_whole_search(
    registry: Registry, partners: dict[str, int]
) -> None:
    """A negative condition through a link (``country_id.code != False``) is planned
    apart on SQLite (it holds for most partners): the same records, in the same
    order, a page at a time; a partner without a country never matches it."""

    def work(env: Environment) -> dict[str, Any]:
        Partner = env["res.partner"]
        domain = [["is_company", "=", True], ["country_id.code", "!=", False]]
        return {
            "whole": Partner.search(domain).ids,
            "pages": Partner.search(domain, limit=3).ids + Partner.search(domain, offset=3).ids,
            "set": Partner.search([["country_id.code", "!=", False]]).ids,
            "linked": Partner.search([["country_id", "!=", False]]).ids,
            "not_be": Partner.search([["country_id.code", "!=", "BE"]]).ids,
        }

    got = run(registry, work)
    assert len(got["whole"]) > 3
    assert got["pages"] == got["whole"]
    assert set(got["set"]) == set(got["linked"])  # every country has a code
    assert partners["belgian"] in got["set"] and partners["untagged"] not in got["set"]
    assert partners["belgian"] not in got["not_be"]
    assert partners["untagged"] not in got["not_be"]


def test_partner_search_read_is_the_documented_example(registry: Registry) -> None:
    rows = run(
        registry,
        lambda env: env["res.partner"].search_read(
            [["is_company", "=", True], ["country_id.code", "=", "US"]],
            ["name", "country_id"],
            order="name desc",
            limit=2,
        ),
    )
    assert len(rows) == 2
    assert rows[0]["name"] > rows[1]["name"]
    assert all(row["country_id"][1] == "United States" for row in rows)


def test_many2one_orders_by_the_comodels_order(models_registry: Registry) -> None:
    prefix = unique("m2o order")

    def work(env: Environment) -> dict[str, list[str]]:
        # x.tag's _order is "name, id": tag "a" sorts first though created last
        b, a = env["x.tag"].create([{"name": f"{prefix} b"}, {"name": f"{prefix} a"}])
        env["x.thing"].create(
            [
                {"notes": "B1", "name": prefix, "tag_id": b.id},
                {"notes": "none", "name": prefix},
                {"notes": "A", "name": prefix, "tag_id": a.id},
                {"notes": "B2", "name": prefix, "tag_id": b.id},
            ]
        )

        def labels(order: str) -> list[str]:
            rows = env["x.thing"].search_read([["name", "=", prefix]], ["notes"], order=order)
            return [row["notes"] for row in rows]

        return {
            order: labels(order) for order in ("tag_id, id", "tag_id desc, id", "tag_id.id, id")
        }

    assert run(models_registry, work) == {
        "tag_id, id": ["A", "B1", "B2", "none"],
        "tag_id desc, id": ["none", "B1", "B2", "A"],
        "tag_id.id, id": ["B1", "B2", "A", "none"],  # by the raw id
    }
    with pytest.raises(ValueError, match=r"Invalid field property 'foo' on x\.thing\.count"):
        run(models_registry, lambda env: env["x.thing"].search([], order="count.foo"))


# --- the falsy value of each type, one test per row of the table in -----------------
# docs/internals/orm-behaviour.md, "Falsy values in domains"
@pytest.fixture(scope="module")
def falsy_things(models_registry: Registry) -> dict[str, int]:
    """Three things: "set" (values), "empty" (each type's falsy value where it has
    one: '' for text, 0 for numbers, false for booleans) and "null" (nothing set)."""

    def work(env: Environment) -> Any:
        tag = env["x.tag"].create({"name": unique("falsy")})
        values = {
            "set": {"code": "ab", "notes": "n", "body": "<p>b</p>", "count": 5, "ratio": 1.5,
                    "amount": 2.0, "flag": True, "tag_id": tag.id, "day": "2024-01-10",
                    "moment": "2024-01-10 08:00:00", "state": "done", "data": {"a": 1}},
            "empty": {"code": "", "notes": "", "body": "", "count": 0, "ratio": 0.0,
                      "amount": 0.0, "flag": False, "state": False},
            "null": {"count": False, "ratio": False, "amount": False, "state": False},
        }  # fmt: skip
        things = env["x.thing"].create([{"name": unique(k), **v} for k, v in values.items()])
        env.cr.execute('UPDATE "x_thing" SET flag = NULL WHERE id = %s', [things.ids[2]])
        return dict(zip(values, things.ids, strict=True))

    return dict(run(models_registry, work))


def falsy_found(registry: Registry, things: dict[str, int], domain: list[Any]) -> set[str]:
    labels = {rid: label for label, rid in things.items()}

    def work(env: Environment) -> Any:
        return env["x.thing"].search([["id", "in", list(labels)], *domain]).ids

    return {labels[rid] for rid in run(registry, work)}


@pytest.mark.parametrize("fname", ["code", "notes", "body"])
def test_falsy_char_text_html_empty_string_counts_as_null(
    models_registry: Registry, falsy_things: dict[str, int], fname: str
) -> None:
    value = {"code": "ab", "notes": "n", "body": "<p>b</p>"}[fname]
    assert falsy_found(models_registry, falsy_things, [[fname, "=", False]]) == {"empty", "null"}
    assert falsy_found(models_registry, falsy_things, [[fname, "=", ""]]) == {"empty", "null"}
    assert falsy_found(models_registry, falsy_things, [[fname, "!=", False]]) == {"set"}
    assert falsy_found(models_registry, falsy_things, [[fname, "in", [value, False]]]) == {
        "set", "empty", "null"
    }  # fmt: skip
    # negative equality matches the records without a value
    assert falsy_found(models_registry, falsy_things, [[fname, "!=", value]]) == {"empty", "null"}


def test_falsy_integer_zero_counts_as_null(
    models_registry: Registry, falsy_things: dict[str, int]
) -> None:
    assert falsy_found(models_registry, falsy_things, [["count", "=", 0]]) == {"empty", "null"}
    assert falsy_found(models_registry, falsy_things, [["count", "<", 5]]) == {"empty", "null"}
    assert falsy_found(models_registry, falsy_things, [["count", ">=", 0]]) == {
        "set", "empty", "null"
    }  # fmt: skip
    assert falsy_found(models_registry, falsy_things, [["count", "not in", [0]]]) == {"set"}


@pytest.mark.parametrize("fname", ["ratio", "amount"])
def test_falsy_float_and_monetary_zero_counts_as_null(
    models_registry: Registry, falsy_things: dict[str, int], fname: str
) -> None:
    assert falsy_found(models_registry, falsy_things, [[fname, "=", 0]]) == {"empty", "null"}
    assert falsy_found(models_registry, falsy_things, [[fname, "<=", 0]]) == {"empty", "null"}
    assert falsy_found(models_registry, falsy_things, [[fname, ">", 0]]) == {"set"}
    assert falsy_found(models_registry, falsy_things, [[fname, "!=", False]]) == {"set"}


def test_falsy_boolean_false_counts_as_null(
    models_registry: Registry, falsy_things: dict[str, int]
) -> None:
    assert falsy_found(models_registry, falsy_things, [["flag", "=", False]]) == {"empty", "null"}
    assert falsy_found(models_registry, falsy_things, [["flag", "!=", True]]) == {"empty", "null"}
    assert falsy_found(models_registry, falsy_things, [["flag", "=", True]]) == {"set"}


@pytest.mark.parametrize(
    ("fname", "value"),
    [("tag_id", None), ("day", "2024-01-10"), ("moment", "2024-01-10 08:00:00"),
     ("state", "done"), ("data", None)],
)  # fmt: skip
def test_types_without_a_falsy_value_only_null_is_not_set(
    models_registry: Registry, falsy_things: dict[str, int], fname: str, value: Any
) -> None:
    # "empty" has no value for these fields either: only NULL is false
    assert falsy_found(models_registry, falsy_things, [[fname, "=", False]]) == {"empty", "null"}
    assert falsy_found(models_registry, falsy_things, [[fname, "!=", False]]) == {"set"}
    # an empty list is false as well ("is not set" / "is set")
    assert falsy_found(models_registry, falsy_things, [[fname, "=", []]]) == {"empty", "null"}
    assert falsy_found(models_registry, falsy_things, [[fname, "!=", []]]) == {"set"}
    if value is not None:
        assert falsy_found(models_registry, falsy_things, [[fname, "!=", value]]) == {
            "empty", "null"
        }  # fmt: skip
        # an inequality never matches NULL for these types, nor does one against false
        assert falsy_found(models_registry, falsy_things, [[fname, "<", value]]) == set()
        assert falsy_found(models_registry, falsy_things, [[fname, "<", False]]) == set()


def test_false_is_dropped_from_in_sets_on_required_fields_and_id(
    models_registry: Registry,
) -> None:
    def work(env: Environment) -> Any:
        dog = env["x.dog"].create({"name": unique("req")})
        dogs = env["x.dog"]
        return (
            dog.id,
            dogs.search([["animal_id", "in", [dog.animal_id.id, False]]]).ids,
            dogs.search_count([["animal_id", "=", False]]),
            env["x.thing"].search_count([["id", "=", False]]),
            env["x.thing"].search_count([["id", "in", [False]]]),
        )

    dog_id, by_link, no_link, no_id, no_id_in = run(models_registry, work)
    assert by_link == [dog_id]
    assert (no_link, no_id, no_id_in) == (0, 0, 0)


# --- conditions compared with the reference Odoo 19 (tests/conformance, track d) ---------
def test_a_fractional_limit_or_offset_is_rounded_as_postgresql_casts_it(
    models_registry: Registry, scope: int
) -> None:
    every = labels(models_registry, scope, order="count")
    assert labels(models_registry, scope, order="count", limit=1.5) == every[:2]
    assert labels(models_registry, scope, order="count", limit=1.4) == every[:1]
    assert labels(models_registry, scope, order="count", offset=1.5) == every[2:]


@pytest.mark.parametrize(("domain", "expected"), [(True, True), (False, False)])
def test_a_boolean_domain_is_the_constant_domain(
    registry: Registry, partners: dict[str, int], domain: bool, expected: bool
) -> None:
    assert (partners["live"] in partner_ids(registry, domain)) is expected  # type: ignore[arg-type]


def test_display_name_searches_the_rec_names_search_fields(
    registry: Registry, partners: dict[str, int]
) -> None:
    """res.partner's display name is searched on complete_name, email, ref, vat and
    company_registry: ORed for a positive operator, ANDed for a negative one."""
    child = partners["no_name"]  # its complete name is its parent's name
    live_name = run(registry, lambda env: env["res.partner"].browse(partners["live"]).name)
    assert child in partner_ids(registry, [["display_name", "ilike", live_name]])
    assert child not in partner_ids(registry, [["display_name", "not ilike", live_name]])
    # every field of a partner without email, ref... is "not set": "= False" holds
    assert partners["untagged"] in partner_ids(registry, [["display_name", "=", False]])
    assert partners["untagged"] not in partner_ids(registry, [["display_name", "!=", False]])


def test_a_user_named_by_an_exact_login_is_that_user_alone(registry: Registry) -> None:
    def work(env: Environment) -> tuple[list[int], list[int], list[int]]:
        users = env["res.users"]
        admin = users._search_ids([["login", "=", "admin"]])
        return (
            admin,
            users._search_ids([["display_name", "=", "admin"]]),
            users._search_ids([["display_name", "ilike", "admin"]]),
        )

    admin, by_equal, by_ilike = run(registry, work)
    assert by_equal == admin and by_ilike == admin


def test_many2one_compared_with_zero_matches_nothing(
    registry: Registry, partners: dict[str, int]
) -> None:
    assert partner_ids(registry, [["country_id", ">", 0]]) == set()
    assert partners["belgian"] in partner_ids(registry, [["country_id", ">", 1]])


def test_child_of_on_a_field_of_the_model_itself_follows_that_field(
    registry: Registry, partners: dict[str, int]
) -> None:
    """``child_ids child_of X`` walks child_ids from X (X, the records whose children
    hold X, and so on up): the partners having a child among them."""
    orphan = partners["child_of_old"]
    got = partner_ids(registry, [["child_ids", "child_of", orphan]], active_test=False)
    assert got == {partners["old"]}


def test_any_on_a_plain_field_prints_the_condition_as_odoo(registry: Registry) -> None:
    with pytest.raises(ValueError, match=re.escape(
        "Cannot use 'any' with non-relational fields in condition ('name', 'any', [('x', '=', 1)])"
    )):  # fmt: skip
        partner_ids(registry, [["name", "any", [["x", "=", 1]]]])


def test_a_selection_compared_with_a_number_compares_its_text(registry: Registry) -> None:
    """Not a database error on PostgreSQL: the number is compared as the text it is."""
    assert partner_ids(registry, [["type", "=", 1]]) == set()
    assert partner_ids(registry, [["type", "in", [1, 2]], ["id", "<", 0]]) == set()


def test_child_of_on_a_model_whose_parent_is_inherited(registry: Registry) -> None:
    """res.users' parent_id is its partner's: child_of walks it through the ORM."""

    def work(env: Environment) -> tuple[list[int], list[int]]:
        admin = env["res.users"]._search_ids([["login", "=", "admin"]])
        return admin, env["res.users"]._search_ids([["id", "child_of", admin]])

    admin, found = run(registry, work)
    assert found == admin


def test_properties_need_a_property_name_and_no_property_is_set(
    registry: Registry, partners: dict[str, int]
) -> None:
    with pytest.raises(
        ValueError, match=re.escape("Missing property name for res.partner.properties")
    ):
        partner_ids(registry, [["properties", "=", False]])
    assert partner_ids(registry, [["properties.nope", "=", 1]]) == set()
    assert partners["live"] in partner_ids(registry, [["properties.nope", "=", False]])


def test_a_related_field_matches_unset_links_as_odoo(
    registry: Registry, partners: dict[str, int]
) -> None:
    """country_code is related to country_id.code: "= False" and "!= 'BE'" hold for a
    partner without a country too, where the path country_id.code does not."""
    nowhere, belgian = partners["untagged"], partners["belgian"]
    assert nowhere in partner_ids(registry, [["country_code", "=", False]])
    assert nowhere not in partner_ids(registry, [["country_id.code", "=", False]])
    got = partner_ids(registry, [["country_code", "!=", "BE"]])
    assert nowhere in got and belgian not in got
    assert partner_ids(
        registry, [["country_code", "=", "BE"], ["id", "in", [nowhere, belgian]]]
    ) == {belgian}


def test_the_partners_properties_definition_is_searched_as_odoo(
    registry: Registry, partners: dict[str, int]
) -> None:
    assert partner_ids(registry, [["properties_base_definition_id", "=", False]]) == set()


def test_a_binary_kept_as_an_attachment_cannot_be_grouped(registry: Registry) -> None:
    def group(spec: str, agg: str = "__count") -> Any:
        return run(registry, lambda env: env["res.partner"].formatted_read_group([], [spec], [agg]))

    with pytest.raises(ValueError, match=r"Cannot convert res\.partner\.image_1920 to SQL"):
        group("image_1920")
    with pytest.raises(ValueError, match=r"Cannot convert res\.partner\.image_1920 to SQL"):
        group("type", "image_1920:count")
    with pytest.raises(ValueError, match=re.escape("Wrong property field value name 'None'.")):
        group("properties")


def test_an_x2many_compared_with_zero_means_no_co_record(
    registry: Registry, partners: dict[str, int]
) -> None:
    got = partner_ids(registry, [["category_id", "=", 0]])
    assert partners["untagged"] in got and partners["tagged"] not in got


@pytest.mark.parametrize(
    "leaf",
    [
        ["country_id", "=", True],
        ["category_id", "in", [True]],
        ["id", "=", True],
        ["id", "=", "abc"],
    ],
)
def test_true_or_text_as_a_record_id_is_refused(registry: Registry, leaf: list[Any]) -> None:
    """Odoo's database refuses these (a 500); so does jsontwo, saying why."""
    with pytest.raises(ValueError, match="A record id is expected"):
        partner_ids(registry, [leaf])


def test_a_numeric_text_id_is_the_number(registry: Registry, partners: dict[str, int]) -> None:
    assert partner_ids(registry, [["id", "=", str(partners["live"])]]) == {partners["live"]}


def test_in_with_one_id_rather_than_a_list(registry: Registry, partners: dict[str, int]) -> None:
    assert partner_ids(registry, [["id", "in", partners["live"]]]) == {partners["live"]}
