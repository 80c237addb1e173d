"""Searching res.partner, its tags and countries over JSON-2, as the demo admin:
comparisons, patterns, domain logic, hierarchies, empty values, order, paging and
the errors of bad domains, orders and limits (spec sections 1 and 2).

Each fixture creates its partners under a name prefix of its own; the expected
results are ids in search order, written as the fixture's labels."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import Api
from tests.http.test_json2 import assert_error, assert_ok

#: a fixture's records: label -> id, and "run" -> the prefix of their names
Scope = dict[str, Any]
#: a request body built from a scope
Body = Callable[[Scope], dict[str, Any]]


def create(api: Api, model: str, vals_list: list[dict[str, Any]]) -> list[int]:
    """Create records over JSON-2; their ids."""
    return list(assert_ok(api.call(model, "create", {"vals_list": vals_list})))


def new_scope(api: Api, labels: str, vals_list: list[dict[str, Any]], run: str) -> Scope:
    """Partners named ``{run} ...``, labelled by the space-separated ``labels``."""
    ids = create(api, "res.partner", vals_list)
    return {"run": run, **dict(zip(labels.split(), ids, strict=True))}


def new_run() -> str:
    """A name prefix no other test uses (letters and digits: it also goes into emails)."""
    return f"ps{uuid.uuid4().hex[:8]}"


def answer(api: Api, scope: Scope, model: str, method: str, body: dict[str, Any]) -> Any:
    """The result of a call; the ids a search returns as the scope's labels."""
    result = assert_ok(api.call(model, method, body))
    if method != "search":
        return result
    label = {v: k for k, v in scope.items() if k != "run"}
    return [label.get(rid, f"#{rid}") for rid in result]


def mine(s: Scope, *domain: Any) -> dict[str, Any]:
    """A search body: the scope's partners (by name) AND ``domain``."""
    return {"domain": [["name", "ilike", s["run"]], *domain]}


def case(method: str, body: Body, expected: Any, step: str) -> Any:
    """A parametrized case named ``step``: ``method`` with ``body`` answers ``expected``
    (labels in order for ``search``, the result itself otherwise)."""
    return pytest.param(method, body, expected, id=step)


# --- comparisons ------------------------------------------------------------------
@pytest.fixture(scope="module")
def compared(api: Api) -> Scope:
    """Alpha..Epsilon with colors 1, 2, 3, unset, 5 and latitudes 10.5, 20, -5.25, -, 20."""
    run = new_run()
    return new_scope(
        api,
        "a b c d e",
        [
            {"name": f"{run} Alpha", "color": 1, "partner_latitude": 10.5, "is_company": True,
             "ref": "A1", "email": f"alpha@{run}.example.com"},
            {"name": f"{run} Beta", "color": 2, "partner_latitude": 20.0, "ref": "B2",
             "email": f"BETA@{run}.example.com"},
            {"name": f"{run} Gamma", "color": 3, "partner_latitude": -5.25, "ref": "c_3"},
            {"name": f"{run} Delta", "function": "Dev", "email": f"delta@{run}.example.com"},
            {"name": f"{run} Epsilon", "color": 5, "partner_latitude": 20.0, "ref": "E%5",
             "is_company": True},
        ],
        run,
    )  # fmt: skip


COMPARE_CASES = [
    case("search", lambda s: mine(s, ["color", "=", 2]), ["b"], "eq-int"),
    case("search", lambda s: mine(s, ["color", "=", 0]), ["d"], "eq-int-zero-matches-unset"),
    case("search", lambda s: mine(s, ["color", "!=", 2]), ["a", "d", "e", "c"], "neq-int"),
    case("search", lambda s: mine(s, ["color", "<", 3]), ["a", "b", "d"], "lt-int"),
    case("search", lambda s: mine(s, ["color", ">", 2]), ["e", "c"], "gt-int"),
    case("search", lambda s: mine(s, ["color", "<=", 2]), ["a", "b", "d"], "le-int"),
    case("search", lambda s: mine(s, ["color", ">=", 3]), ["e", "c"], "ge-int"),
    case("search_count", lambda s: mine(s, ["color", ">=", 0]), 5, "ge-int-zero"),
    case("search", lambda s: mine(s, ["partner_latitude", ">", 10.5]), ["b", "e"], "gt-float"),
    case("search", lambda s: mine(s, ["partner_latitude", "=", 20]), ["b", "e"], "eq-float"),
    case("search", lambda s: mine(s, ["partner_latitude", "<", 0]), ["c"], "lt-float-negative"),
    case("search", lambda s: mine(s, ["color", "in", [1, 5]]), ["a", "e"], "in-int"),
    case("search", lambda s: mine(s, ["color", "not in", [1, 5]]), ["b", "d", "c"], "not-in-int"),
    case("search", lambda s: mine(s, ["color", "in", 3]), ["c"], "in-scalar"),
    case("search", lambda s: mine(s, ["color", "in", []]), [], "in-empty"),
    case("search_count", lambda s: mine(s, ["color", "not in", []]), 5, "not-in-empty"),
    case("search", lambda s: mine(s, ["color", "=", [2, 3]]), ["b", "c"], "eq-list-means-in"),
    case("search", lambda s: {"domain": [["id", "in", [s["a"], s["c"], s["e"]]]]},
         ["a", "e", "c"], "id-in"),
    case("search", lambda s: mine(s, ["id", "not in", [s["a"], s["c"]]]), ["b", "d", "e"],
         "id-not-in"),
    case("search", lambda s: mine(s, ["id", ">", s["c"]]), ["d", "e"], "id-gt"),
    case("search", lambda s: mine(s, ["id", "<=", s["b"]]), ["a", "b"], "id-le"),
    case("search", lambda s: {"domain": [["name", "=", f"{s['run']} Beta"]]}, ["b"], "eq-char"),
    case("search", lambda s: {"domain": [["name", "=", f"{s['run']} beta"]]}, [],
         "eq-char-case-sensitive"),
    case("search", lambda s: mine(s, ["ref", "!=", "A1"]), ["b", "d", "e", "c"], "neq-char"),
    case("search", lambda s: mine(s, ["name", "<", f"{s['run']} C"]), ["a", "b"], "lt-char"),
    case("search", lambda s: mine(s, ["name", ">", f"{s['run']} Delta"]), ["e", "c"], "gt-char"),
    case("search", lambda s: mine(s, ["ref", "in", ["A1", "B2", f"nope-{s['run']}"]]),
         ["a", "b"], "in-char"),
    case("search", lambda s: mine(s, ["is_company", "=", True]), ["a", "e"], "eq-bool-true"),
    case("search", lambda s: mine(s, ["is_company", "=", False]), ["b", "d", "c"],
         "eq-bool-false"),
    case("search", lambda s: mine(s, ["is_company", "!=", True]), ["b", "d", "c"],
         "neq-bool-true"),
    case("search_count", lambda s: mine(s, ["color", ">", 1]), 3, "search-count"),
    case("search_count", lambda s: {**mine(s), "limit": 3}, 3, "search-count-limit"),
    case("search_count", lambda s: mine(s, ["create_date", ">", "2000-01-01 00:00:00"]), 5,
         "datetime-gt-past"),
    case("search_count", lambda s: mine(s, ["create_date", "<", "2000-01-01"]), 0,
         "datetime-lt-past"),
    case("search_count", lambda s: mine(s, ["create_date", ">=", "today -1d"]), 5,
         "datetime-relative"),
]  # fmt: skip


@pytest.mark.parametrize(("method", "body", "expected"), COMPARE_CASES)
def test_comparison_operators_on_partner_fields(
    api: Api, compared: Scope, method: str, body: Body, expected: Any
) -> None:
    """Comparisons on integers, floats, chars, booleans, ids and dates select as in Odoo."""
    assert answer(api, compared, "res.partner", method, body(compared)) == expected


def test_search_read_returns_the_asked_fields_in_partner_order(api: Api, compared: Scope) -> None:
    """search_read answers the id and the asked fields of each match, in the model's order."""
    run = compared["run"]
    body = {**mine(compared, ["color", ">=", 2]), "fields": ["name", "color", "partner_latitude"]}
    assert answer(api, compared, "res.partner", "search_read", body) == [
        {"id": compared["b"], "name": f"{run} Beta", "color": 2, "partner_latitude": 20.0},
        {"id": compared["e"], "name": f"{run} Epsilon", "color": 5, "partner_latitude": 20.0},
        {"id": compared["c"], "name": f"{run} Gamma", "color": 3, "partner_latitude": -5.25},
    ]


# --- patterns -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def patterned(api: Api) -> Scope:
    """Alpha (ref A_1), Beta (AB1), Gamma (100%, no email) and Gamma Ray (a .org email)."""
    run = new_run()
    return new_scope(
        api,
        "a b g gr",
        [
            {"name": f"{run} Alpha", "email": f"alpha@{run}.example.com", "ref": "A_1"},
            {"name": f"{run} Beta", "email": f"BETA@{run}.example.com", "ref": "AB1"},
            {"name": f"{run} Gamma", "ref": "100%"},
            {"name": f"{run} Gamma Ray", "email": f"ray@{run}.example.org"},
        ],
        run,
    )


PATTERN_CASES = [
    case("search", lambda s: {"domain": [["name", "like", f"{s['run']} Gam"]]}, ["g", "gr"],
         "like"),
    case("search", lambda s: {"domain": [["name", "like", f"{s['run']} gam"]]}, [],
         "like-case-sensitive"),
    case("search", lambda s: {"domain": [["name", "ilike", f"{s['run']} gam"]]}, ["g", "gr"],
         "ilike"),
    case("search", lambda s: mine(s, ["name", "not like", "Gamma"]), ["a", "b"], "not-like"),
    case("search", lambda s: mine(s, ["email", "not ilike", "beta"]), ["a", "g", "gr"],
         "not-ilike"),
    case("search", lambda s: mine(s, ["email", "not ilike", "example"]), ["g"],
         "not-ilike-includes-null"),
    case("search", lambda s: {"domain": [["name", "=like", f"{s['run']} G%"]]}, ["g", "gr"],
         "eq-like-prefix"),
    case("search", lambda s: {"domain": [["name", "=like", f"{s['run']} Gamma"]]}, ["g"],
         "eq-like-no-wildcard"),
    case("search", lambda s: {"domain": [["name", "=like", f"{s['run']} g%"]]}, [],
         "eq-like-case"),
    case("search", lambda s: {"domain": [["name", "=ilike", f"{s['run']} g%"]]}, ["g", "gr"],
         "eq-ilike"),
    case("search", lambda s: {"domain": [["name", "=ilike", f"{s['run']} ____"]]}, ["b"],
         "eq-ilike-underscore"),
    case("search", lambda s: mine(s, ["ref", "ilike", "A_1"]), ["a", "b"],
         "ilike-underscore-wildcard"),
    case("search", lambda s: mine(s, ["ref", "ilike", "0%"]), ["g"], "ilike-percent-wildcard"),
    case("search", lambda s: {"domain": [["email", "ilike", f"@{s['run']}.example.com"]]},
         ["a", "b"], "ilike-email-domain"),
    case("search_count", lambda s: mine(s, ["color", "like", "0"]), 4, "like-on-integer-field"),
    case("search", lambda s: mine(s, ["name", "not =like", "%Gamma%"]), ["a", "b"],
         "not-eq-like"),
    case("search", lambda s: mine(s, ["email", "not =ilike", f"%@{s['run']}.EXAMPLE.COM"]),
         ["g", "gr"], "not-eq-ilike"),
    case("search", lambda s: mine(s, ["ref", "=?", False]), ["a", "b", "g", "gr"],
         "eq-question-falsy-ignored"),
    case("search_count", lambda s: mine(s, ["ref", "=?", ""]), 4,
         "eq-question-empty-string-ignored"),
    case("search", lambda s: mine(s, ["ref", "=?", "AB1"]), ["b"], "eq-question-value"),
    case("search", lambda s: {"domain": [["name", "ILIKE", f"{s['run']} beta"]]}, ["b"],
         "uppercase-operator"),
    case("search_count", lambda s: mine(s, ["country_id", "ilike", "zzzz-no-country"]), 0,
         "ilike-name-search-field"),
]  # fmt: skip


@pytest.mark.parametrize(("method", "body", "expected"), PATTERN_CASES)
def test_pattern_operators_on_partner_fields(
    api: Api, patterned: Scope, method: str, body: Body, expected: Any
) -> None:
    """like, ilike, =like, =ilike, their negations and =? match as in Odoo (wildcards unescaped)."""
    assert answer(api, patterned, "res.partner", method, body(patterned)) == expected


# --- domain logic -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def logical(api: Api) -> Scope:
    """Alpha, Beta, Gamma, Delta: colors 1 to 4; Alpha and Gamma are companies."""
    run = new_run()
    return new_scope(
        api,
        "a b g d",
        [
            {"name": f"{run} Alpha", "color": 1, "is_company": True},
            {"name": f"{run} Beta", "color": 2, "is_company": False},
            {"name": f"{run} Gamma", "color": 3, "is_company": True},
            {"name": f"{run} Delta", "color": 4, "is_company": False},
        ],
        run,
    )


LOGIC_CASES = [
    case("search", lambda s: mine(s, ["is_company", "=", True], ["color", ">", 1]), ["g"],
         "implicit-and"),
    case("search", lambda s: {"domain": ["&", ["name", "ilike", s["run"]], ["color", "<=", 2]]},
         ["a", "b"], "explicit-and"),
    case("search", lambda s: mine(s, "|", ["color", "=", 1], ["color", "=", 4]), ["a", "d"],
         "or"),
    case("search", lambda s: mine(s, "|", "|", ["color", "=", 1], ["color", "=", 2],
                                  ["color", "=", 3]), ["a", "b", "g"], "or-three-way"),
    case("search", lambda s: mine(s, "!", ["color", "=", 2]), ["a", "d", "g"], "not"),
    case("search", lambda s: mine(s, "!", "|", ["color", "=", 1], ["is_company", "=", False]),
         ["g"], "not-of-or"),
    case("search", lambda s: {"domain": ["&", "&", ["name", "ilike", s["run"]], "|",
                                         ["color", "=", 1], ["color", "=", 2], "|",
                                         ["is_company", "=", True], ["color", "=", 4]]},
         ["a"], "and-of-ors"),
    case("search", lambda s: mine(s, "|", "&", ["color", ">", 1], ["is_company", "=", True],
                                  "&", ["color", "<", 2], ["is_company", "=", True]),
         ["a", "g"], "or-of-ands"),
    case("search", lambda s: mine(s, "!", "!", ["color", "=", 3]), ["g"], "double-not"),
    case("search", lambda s: mine(s, "!", ["color", "<", 3]), ["d", "g"], "not-inequality"),
    case("search_count", lambda s: {"domain": ["&", ["id", "in", [s["a"], s["b"]]], "|",
                                               ["id", "=", s["a"]], ["id", "=", s["b"]]]},
         2, "empty-domain-scoped-by-ids"),
    case("search", lambda s: mine(s, [1, "=", 1]), ["a", "b", "d", "g"], "true-leaf"),
    case("search", lambda s: mine(s, [0, "=", 1]), [], "false-leaf"),
    case("search", lambda s: mine(s, "|", [0, "=", 1], ["color", "=", 2]), ["b"],
         "or-with-false-leaf"),
    case("search_count", lambda s: {"domain": ["&", ["name", "ilike", s["run"]], "|",
                                               ["color", "=", 1], ["is_company", "=", False]]},
         3, "search-count-or"),
]  # fmt: skip


@pytest.mark.parametrize(("method", "body", "expected"), LOGIC_CASES)
def test_domain_logic_on_partners(
    api: Api, logical: Scope, method: str, body: Body, expected: Any
) -> None:
    """Implicit AND, prefix & | !, nesting and constant leaves combine as in Odoo."""
    assert answer(api, logical, "res.partner", method, body(logical)) == expected


def test_search_read_with_a_negated_domain(api: Api, logical: Scope) -> None:
    """search_read takes the same prefix domains as search."""
    run = logical["run"]
    body = {
        "domain": ["&", ["name", "ilike", run], "!", ["is_company", "=", True]],
        "fields": ["name", "is_company"],
    }
    assert answer(api, logical, "res.partner", "search_read", body) == [
        {"id": logical["b"], "name": f"{run} Beta", "is_company": False},
        {"id": logical["d"], "name": f"{run} Delta", "is_company": False},
    ]


# --- hierarchies ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def tree(api: Api) -> Scope:
    """A company Root, its contacts L1 A and L1 B, theirs L2 A1 and L2 B1, an Outsider;
    tags T Root > T Child > T Grandchild, the last one on L2 A1."""
    run = new_run()
    (root,) = create(api, "res.partner", [{"name": f"{run} Root", "is_company": True}])
    l1a, l1b = create(
        api,
        "res.partner",
        [{"name": f"{run} L1 A", "parent_id": root}, {"name": f"{run} L1 B", "parent_id": root}],
    )
    l2a, l2b = create(
        api,
        "res.partner",
        [{"name": f"{run} L2 A1", "parent_id": l1a}, {"name": f"{run} L2 B1", "parent_id": l1b}],
    )
    (out,) = create(api, "res.partner", [{"name": f"{run} Outsider"}])
    (troot,) = create(api, "res.partner.category", [{"name": f"{run} T Root"}])
    (tchild,) = create(
        api, "res.partner.category", [{"name": f"{run} T Child", "parent_id": troot}]
    )
    (tgc,) = create(
        api, "res.partner.category", [{"name": f"{run} T Grandchild", "parent_id": tchild}]
    )
    body = {"ids": [l2a], "vals": {"category_id": [[4, tgc]]}}
    assert assert_ok(api.call("res.partner", "write", body)) is True
    return {"run": run, "root": root, "l1a": l1a, "l1b": l1b, "l2a": l2a, "l2b": l2b,
            "out": out, "troot": troot, "tchild": tchild, "tgc": tgc}  # fmt: skip


HIERARCHY_CASES = [
    case("search", lambda s: {"domain": [["id", "child_of", s["root"]]]},
         ["root", "l1a", "l1b", "l2a", "l2b"], "child-of-root"),
    case("search", lambda s: {"domain": [["id", "child_of", s["l1a"]]]}, ["l1a", "l2a"],
         "child-of-level1"),
    case("search", lambda s: {"domain": [["id", "child_of", [s["l1b"], s["out"]]]]},
         ["out", "l1b", "l2b"], "child-of-list"),
    case("search", lambda s: {"domain": [["parent_id", "child_of", s["l1a"]]]}, ["l1a", "l2a"],
         "child-of-via-parent-field"),
    case("search", lambda s: {"domain": [["id", "parent_of", s["l2b"]]]},
         ["root", "l1b", "l2b"], "parent-of-leaf"),
    case("search", lambda s: {"domain": [["id", "parent_of", [s["l2a"], s["l2b"]]]]},
         ["root", "l1a", "l1b", "l2a", "l2b"], "parent-of-list"),
    case("search", lambda s: {"domain": [["id", "child_of", f"{s['run']} L1 B"]]},
         ["l1b", "l2b"], "child-of-by-name"),
    case("search", lambda s: mine(s, ["id", "child_of", False]), [], "child-of-false"),
    case("search", lambda s: mine(s, "!", ["id", "child_of", s["l1a"]]),
         ["out", "root", "l1b", "l2b"], "not-child-of"),
    case("search_count", lambda s: {"domain": [["id", "child_of", s["root"]],
                                               ["is_company", "=", False]]}, 4,
         "child-of-count"),
    case("search", lambda s: {"domain": [["category_id", "child_of", s["troot"]]]}, ["l2a"],
         "partner-category-child-of"),
    case("search", lambda s: mine(s, ["category_id", "parent_of", s["tchild"]]), [],
         "partner-category-parent-of"),
]  # fmt: skip

#: the tags of ``tree`` (res.partner.category keeps a parent_path; _order is name)
TAG_HIERARCHY_CASES = [
    case("search", lambda s: {"domain": [["id", "child_of", s["troot"]]]},
         ["tchild", "tgc", "troot"], "tag-child-of"),
    case("search", lambda s: {"domain": [["id", "parent_of", s["tgc"]]]},
         ["tchild", "tgc", "troot"], "tag-parent-of"),
    case("search", lambda s: {"domain": [["id", "child_of", s["tchild"]]]}, ["tchild", "tgc"],
         "tag-child-of-middle"),
]  # fmt: skip


@pytest.mark.parametrize(("method", "body", "expected"), HIERARCHY_CASES)
def test_child_of_and_parent_of_on_partners(
    api: Api, tree: Scope, method: str, body: Body, expected: Any
) -> None:
    """child_of / parent_of take ids, lists, names or false, and work through tags."""
    assert answer(api, tree, "res.partner", method, body(tree)) == expected


@pytest.mark.parametrize(("method", "body", "expected"), TAG_HIERARCHY_CASES)
def test_child_of_and_parent_of_on_partner_tags(
    api: Api, tree: Scope, method: str, body: Body, expected: Any
) -> None:
    """child_of / parent_of on tags include the tag itself and its descendants / ancestors."""
    assert answer(api, tree, "res.partner.category", method, body(tree)) == expected


def test_a_grandchild_tag_reads_its_full_path(api: Api, tree: Scope) -> None:
    """A tag's display name, and its parent's in parent_id, are the whole path from the root."""
    run = tree["run"]
    body = {"ids": [tree["tgc"]], "fields": ["parent_id", "child_ids", "display_name"]}
    assert assert_ok(api.call("res.partner.category", "read", body)) == [
        {
            "id": tree["tgc"],
            "parent_id": [tree["tchild"], f"{run} T Root / {run} T Child"],
            "child_ids": [],
            "display_name": f"{run} T Root / {run} T Child / {run} T Grandchild",
        }
    ]


# --- empty values -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def emptied(api: Api) -> Scope:
    """With Email (color 2, ref R1), No Email (ref R2), Empty Email ('' email and ref), Zero."""
    run = new_run()
    return new_scope(
        api,
        "we ne ee z",
        [
            {"name": f"{run} With Email", "email": f"x@{run}.example.com", "ref": "R1",
             "color": 2},
            {"name": f"{run} No Email", "ref": "R2"},
            {"name": f"{run} Empty Email", "email": "", "ref": ""},
            {"name": f"{run} Zero", "color": 0},
        ],
        run,
    )  # fmt: skip


NOT_SET = ["ee", "ne", "z"]
EMPTY_CASES = [
    case("search", lambda s: mine(s, ["email", "=", False]), NOT_SET, "eq-false"),
    case("search", lambda s: mine(s, ["email", "=", None]), NOT_SET, "eq-null"),
    case("search", lambda s: mine(s, ["email", "=", ""]), NOT_SET, "eq-empty-string"),
    case("search", lambda s: mine(s, ["email", "!=", False]), ["we"], "neq-false"),
    case("search", lambda s: mine(s, ["email", "!=", ""]), ["we"], "neq-empty-string"),
    case("search", lambda s: mine(s, ["ref", "!=", "R1"]), NOT_SET, "neq-value-includes-null"),
    case("search", lambda s: mine(s, ["ref", "in", ["R1", False]]), ["ee", "we", "z"],
         "in-with-false"),
    case("search", lambda s: mine(s, ["ref", "not in", ["R1", False]]), ["ne"],
         "not-in-with-false"),
    case("search_count", lambda s: mine(s, ["email", "ilike", ""]), 4, "ilike-empty-matches-all"),
    case("search_count", lambda s: mine(s, ["email", "not ilike", ""]), 0,
         "not-ilike-empty-matches-none"),
    case("search", lambda s: mine(s, ["email", "=ilike", ""]), NOT_SET, "eq-ilike-empty"),
    case("search", lambda s: mine(s, ["color", "=", False]), NOT_SET, "int-eq-false"),
    case("search", lambda s: mine(s, ["color", "!=", 0]), ["we"], "int-neq-zero"),
    case("search_count", lambda s: mine(s, ["employee", "=", False]), 4,
         "bool-eq-false-includes-null"),
    case("search_count", lambda s: mine(s, ["country_id", "=", []]), 4, "m2o-eq-empty-list"),
    case("search", lambda s: mine(s, ["id", "=", False]), [], "id-eq-false"),
    case("search", lambda s: mine(s, ["create_date", "<", False]), [], "datetime-lt-false"),
]  # fmt: skip


@pytest.mark.parametrize(("method", "body", "expected"), EMPTY_CASES)
def test_false_null_and_empty_string_on_partners(
    api: Api, emptied: Scope, method: str, body: Body, expected: Any
) -> None:
    """false, null, '' and 0 count as "not set", and negative conditions match unset values."""
    assert answer(api, emptied, "res.partner", method, body(emptied)) == expected


def test_an_empty_string_is_read_back_as_written(api: Api, emptied: Scope) -> None:
    """An email or ref written as '' reads '', one never written reads false; an unset color 0."""
    body = {"ids": [emptied["ee"], emptied["ne"]], "fields": ["email", "ref"]}
    assert assert_ok(api.call("res.partner", "read", body)) == [
        {"id": emptied["ee"], "email": "", "ref": ""},
        {"id": emptied["ne"], "email": False, "ref": "R2"},
    ]
    body = {
        **mine(emptied, ["email", "=", False]),
        "fields": ["email", "ref", "color", "country_id"],
    }
    assert assert_ok(api.call("res.partner", "search_read", body)) == [
        {"id": emptied["ee"], "email": "", "ref": "", "color": 0, "country_id": False},
        {"id": emptied["ne"], "email": False, "ref": "R2", "color": 0, "country_id": False},
        {"id": emptied["z"], "email": False, "ref": False, "color": 0, "country_id": False},
    ]


# --- order, limit, offset ------------------------------------------------------------------
@pytest.fixture(scope="module")
def ordered(api: Api) -> Scope:
    """Companies Zeta Parent and Alpha Parent; n1..n5 with colors, countries (AT, BE, DE),
    parents and refs chosen so that every order below differs."""
    run = new_run()
    rows = assert_ok(
        api.call(
            "res.country",
            "search_read",
            {"domain": [["code", "in", ["BE", "AT", "DE"]]], "fields": ["code"], "order": "code"},
        )
    )
    assert [row["code"] for row in rows] == ["AT", "BE", "DE"]
    at, be, de = (row["id"] for row in rows)
    zp, ap = create(
        api,
        "res.partner",
        [
            {"name": f"{run} Zeta Parent", "is_company": True},
            {"name": f"{run} Alpha Parent", "is_company": True},
        ],
    )
    return new_scope(
        api,
        "n3 n1 n5 n2 n4",
        [
            {"name": f"{run} n3", "color": 2, "country_id": de, "parent_id": ap, "ref": "c"},
            {"name": f"{run} n1", "color": 1, "country_id": be, "parent_id": zp, "ref": "a"},
            {"name": f"{run} n5", "color": 2, "country_id": at, "ref": "b"},
            {"name": f"{run} n2", "color": 3, "parent_id": ap},
            {"name": f"{run} n4", "color": 1, "country_id": be, "ref": "a"},
        ],
        run,
    )


def ns(s: Scope, **kwargs: Any) -> dict[str, Any]:
    """A search body for n1..n5 with ``kwargs`` (order, limit, offset)."""
    return {"domain": [["name", "=like", f"{s['run']} n%"]], **kwargs}


ALL_BY_NAME = ["n1", "n2", "n3", "n4", "n5"]
ORDER_CASES = [
    # _order is "complete_name asc, id desc": a contact's complete name starts with its company's
    case("search", lambda s: ns(s), ["n2", "n3", "n1", "n4", "n5"], "default-order"),
    case("search", lambda s: ns(s, order="name"), ALL_BY_NAME, "order-name-asc"),
    case("search", lambda s: ns(s, order="name desc"), ALL_BY_NAME[::-1], "order-name-desc"),
    case("search", lambda s: ns(s, order="id desc"), ["n4", "n2", "n5", "n1", "n3"],
         "order-id-desc"),
    case("search", lambda s: ns(s, order="color desc, name asc"), ["n2", "n3", "n5", "n1", "n4"],
         "order-multi"),
    case("search", lambda s: ns(s, order="color ASC, id DESC"), ["n4", "n1", "n5", "n3", "n2"],
         "order-multi-case-insensitive-keywords"),
    case("search", lambda s: ns(s, order="ref asc nulls first, name"),
         ["n2", "n1", "n4", "n5", "n3"], "order-nulls-first"),
    case("search", lambda s: ns(s, order="ref desc, name"), ["n2", "n3", "n5", "n1", "n4"],
         "order-nulls-default-desc"),
    # a many2one sorts by its comodel's order: countries by name, partners by complete
    # name (n2 has Germany too: it took its company's address, which n3 gave it)
    case("search", lambda s: ns(s, order="country_id, name"), ["n5", "n1", "n4", "n2", "n3"],
         "order-many2one-country"),
    case("search", lambda s: ns(s, order="parent_id desc, name"),
         ["n4", "n5", "n1", "n2", "n3"], "order-many2one-parent-desc"),
    case("search", lambda s: {"domain": [["name", "=like", f"{s['run']} n%"],
                                         ["country_id", "!=", False]],
                              "order": "country_id.id, name"},
         ["n5", "n1", "n4", "n2", "n3"], "order-many2one-id"),
    case("search", lambda s: ns(s, order="name", limit=2), ["n1", "n2"], "limit"),
    case("search", lambda s: ns(s, order="name", offset=3), ["n4", "n5"], "offset"),
    case("search", lambda s: ns(s, order="name", limit=2, offset=1), ["n2", "n3"],
         "limit-offset"),
    case("search", lambda s: ns(s, order="name", offset=10), [], "offset-past-end"),
    case("search", lambda s: ns(s, order="name", limit=0), ALL_BY_NAME, "limit-zero"),
    case("search", lambda s: ns(s, order="name", limit=None), ALL_BY_NAME, "limit-null"),
    case("search", lambda s: ns(s, order="name", limit=False), ALL_BY_NAME, "limit-false"),
]  # fmt: skip


@pytest.mark.parametrize(("method", "body", "expected"), ORDER_CASES)
def test_order_limit_and_offset_of_partner_searches(
    api: Api, ordered: Scope, method: str, body: Body, expected: Any
) -> None:
    """order (keys, directions, nulls, many2one), limit and offset page partners as in Odoo."""
    assert answer(api, ordered, "res.partner", method, body(ordered)) == expected


def test_search_read_orders_then_pages(api: Api, ordered: Scope) -> None:
    """search_read applies order, then offset, then limit."""
    run = ordered["run"]
    body = ns(ordered, fields=["name", "color"], order="color desc, name desc", limit=3, offset=1)
    assert answer(api, ordered, "res.partner", "search_read", body) == [
        {"id": ordered["n5"], "name": f"{run} n5", "color": 2},
        {"id": ordered["n3"], "name": f"{run} n3", "color": 2},
        {"id": ordered["n4"], "name": f"{run} n4", "color": 1},
    ]


def test_partner_tags_are_ordered_by_name(api: Api) -> None:
    """res.partner.category's default order is its name, whatever the creation order."""
    run = new_run()
    tb, ta = create(
        api, "res.partner.category", [{"name": f"{run} tag b"}, {"name": f"{run} tag a"}]
    )
    found = assert_ok(
        api.call("res.partner.category", "search", {"domain": [["name", "ilike", run]]})
    )
    assert found == [ta, tb]


# --- errors ---------------------------------------------------------------------------------
ORDER_HELP = (
    'A valid "order" specification is a comma-separated list of valid field names '
    "(optionally followed by asc/desc for the direction)"
)
LIMIT_RANGE = "a number of records from 0 to 9223372036854775807"
#: (method, body, status, error name, message) for a prefix ``run``
ERROR_CASES = [
    pytest.param("search", lambda r: {"domain": [["name", "ilike", r], ["is_company", "<", True]]},
                 500, "builtins.ValueError",
                 lambda r: "Cannot compare 'is_company' to <class 'bool'> which is not a "
                 "collection of length 1 in condition ('is_company', '<', True)",
                 id="bool-lt-error"),
    pytest.param("search_count",
                 lambda r: {"domain": [["name", "ilike", r], ["create_date", ">", "not a date"]]},
                 500, "builtins.ValueError",
                 lambda r: "Invalid term 'not' in expression date: 'not a date'",
                 id="datetime-bad-string"),
    pytest.param("search", lambda r: {"domain": [["name", "ilike", r], ["color", "=like", 5]]},
                 500, "builtins.TypeError",
                 lambda r: "The pattern to match must be a string in condition ('color', '=like', 5)",
                 id="eq-like-non-string-error"),
    pytest.param("search", lambda r: {"domain": ["|", ["name", "ilike", r]]},
                 500, "builtins.ValueError",
                 lambda r: f"Domain() malformed domain ['|', ['name', 'ilike', '{r}']]",
                 id="malformed-missing-operand"),
    pytest.param("search", lambda r: {"domain": [["name", "ilike"]]},
                 500, "builtins.ValueError",
                 lambda r: "Domain() invalid item in domain: ['name', 'ilike']",
                 id="malformed-bad-item"),
    pytest.param("search", lambda r: {"domain": ["xor", ["name", "ilike", r], ["color", "=", 1]]},
                 500, "builtins.ValueError",
                 lambda r: "Domain() invalid item in domain: 'xor'",
                 id="malformed-unknown-string-item"),
    pytest.param("search", lambda r: {"domain": [["name", "===", r]]},
                 500, "builtins.ValueError",
                 lambda r: f"Invalid operator in condition ('name', '===', '{r}')",
                 id="unknown-operator"),
    pytest.param("search", lambda r: {"domain": [["no_such_field", "=", 1]]},
                 500, "builtins.ValueError",
                 lambda r: "Invalid field res.partner.no_such_field in condition "
                 "('no_such_field', '=', 1)",
                 id="unknown-field"),
    # a dotted path reports the comodel's field and the condition left on it
    pytest.param("search", lambda r: {"domain": [["country_id.no_such_field", "=", 1]]},
                 500, "builtins.ValueError",
                 lambda r: "Invalid field res.country.no_such_field in condition "
                 "('no_such_field', '=', 1)",
                 id="unknown-dotted-field"),
    pytest.param("search", lambda r: {"domain": [["", "=", 1]]},
                 500, "builtins.TypeError",
                 lambda r: "Empty field name in condition ('', '=', 1)",
                 id="empty-field-name"),
    pytest.param("search", lambda r: {"domain": [["parent_id", "any!", [["name", "=", "x"]]]]},
                 500, "builtins.ValueError",
                 lambda r: "Domain() invalid item in domain: "
                 "['parent_id', 'any!', [['name', '=', 'x']]]",
                 id="internal-any-bang-rejected"),
    pytest.param("search", lambda r: {"domain": [["avatar_128", "=", False]]},
                 500, "builtins.ValueError",
                 lambda r: "Cannot convert res.partner.avatar_128 to SQL because it is not stored",
                 id="non-stored-field"),
    pytest.param("search", lambda r: {"domain": [], "order": "name; drop table res_partner"},
                 422, "odoo.exceptions.UserError",
                 lambda r: f'Invalid "order" specified (name; drop table res_partner). {ORDER_HELP}',
                 id="order-invalid-syntax"),
    pytest.param("search", lambda r: {"domain": [], "order": "name sideways"},
                 422, "odoo.exceptions.UserError",
                 lambda r: f'Invalid "order" specified (name sideways). {ORDER_HELP}',
                 id="order-invalid-direction"),
    pytest.param("search", lambda r: {"domain": [], "order": "no_such_field"},
                 500, "builtins.ValueError",
                 lambda r: "Invalid field 'no_such_field' on model 'res.partner'",
                 id="order-unknown-field"),
    pytest.param("search", lambda r: {"domain": [], "order": "display_name"},
                 500, "builtins.ValueError",
                 lambda r: "Cannot convert res.partner.display_name to SQL because it is not stored",
                 id="order-non-stored-field"),
    # jsontwo's own: a bad limit or offset is refused alike on SQLite and PostgreSQL
    pytest.param("search", lambda r: {"domain": [], "limit": -1},
                 500, "builtins.ValueError", lambda r: f"Invalid limit -1: {LIMIT_RANGE}",
                 id="negative-limit"),
    pytest.param("search_read", lambda r: {"domain": [], "fields": ["name"], "offset": -1},
                 500, "builtins.ValueError", lambda r: f"Invalid offset -1: {LIMIT_RANGE}",
                 id="negative-offset"),
    pytest.param("web_search_read",
                 lambda r: {"domain": [], "specification": {"name": {}}, "limit": 2**63},
                 500, "builtins.ValueError", lambda r: f"Invalid limit {2**63}: {LIMIT_RANGE}",
                 id="limit-past-64-bits"),
    pytest.param("search_count", lambda r: {"domain": [], "limit": -3},
                 500, "builtins.ValueError", lambda r: f"Invalid limit -3: {LIMIT_RANGE}",
                 id="negative-count-limit"),
]  # fmt: skip


@pytest.mark.parametrize(("method", "body", "status", "name", "message"), ERROR_CASES)
def test_bad_domains_orders_and_limits_are_json_errors(
    api: Api,
    method: str,
    body: Callable[[str], dict[str, Any]],
    status: int,
    name: str,
    message: Callable[[str], str],
) -> None:
    """A bad domain, order or limit is Odoo's error object, with its status, name and message."""
    run = new_run()
    error = assert_error(api.call("res.partner", method, body(run)), status, name, message(run))
    assert error["arguments"] == [message(run)]
