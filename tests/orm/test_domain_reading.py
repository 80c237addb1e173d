"""How a domain is read before it is searched, as Odoo 19 reads it (found by the
differential fuzzer): ``!`` applied while parsing, and conditions decided alone
deciding the domain before the others are looked at (docs/internals/orm-behaviour.md,
"Domain syntax and operators")."""

from __future__ import annotations

from typing import Any

import pytest

from jsontwo.orm import Environment, Registry
from jsontwo.orm.domain_tree import Leaf, parse, to_list
from tests.orm.conftest import run, unique


@pytest.mark.parametrize(
    ("domain", "printed"),
    [
        (["!", ["name", "!=", "a"]], [["name", "=", "a"]]),
        (["!", ["name", "not ilike", False]], [["name", "ilike", False]]),
        (["!", ["tag_ids", "in", [1]]], [["tag_ids", "not in", [1]]]),
        (
            ["!", ["tag_id", "not any", [["name", "=", "a"]]]],
            [["tag_id", "any", [["name", "=", "a"]]]],
        ),
        (["!", "!", ["name", "=", "a"]], [["name", "=", "a"]]),
        # inequalities, hierarchies and paths keep their "!"
        (["!", ["count", "<", 3]], ["!", ["count", "<", 3]]),
        (["!", ["tag_id", "child_of", 1]], ["!", ["tag_id", "child_of", 1]]),
        (["!", ["tag_id.name", "=", "a"]], ["!", ["tag_id.name", "=", "a"]]),
        # De Morgan: the negation goes down to the conditions
        (
            ["!", "|", ["name", "=", "a"], "&", ["count", "<", 3], ["code", "like", "x"]],
            ["&", ["name", "!=", "a"], "|", "!", ["count", "<", 3], ["code", "not like", "x"]],
        ),
    ],
)
def test_negation_is_applied_while_parsing(domain: list[Any], printed: list[Any]) -> None:
    assert to_list(parse(domain)) == printed


def test_read_group_prints_the_negated_domain(models_registry: Registry) -> None:
    name = unique("neg")

    def work(env: Environment) -> list[dict[str, Any]]:
        env["x.thing"].create({"name": name})
        domain = ["!", ["name", "!=", name]]
        return env["x.thing"].read_group(domain, [], ["flag"])

    groups = run(models_registry, work)
    assert [group["__domain"] for group in groups] == [
        ["&", ["name", "=", name], ["flag", "=", False]]
    ]


@pytest.mark.parametrize(
    ("domain", "count"),
    [
        # x.tag has no parent: parent_of on it fails unless the domain is decided without it
        ([["tag_id", "parent_of", 1], ["name", "in", []]], 0),
        ([["tag_id", "parent_of", 1], ["name", "not ilike", ""]], 0),
        ([["tag_id", "parent_of", 1], "!", ["name", "like", False]], 0),
        (["|", ["tag_id", "parent_of", 1], ["name", "not in", []]], None),
    ],
)
def test_conditions_decided_alone_decide_the_domain(
    models_registry: Registry, domain: list[Any], count: int | None
) -> None:
    def work(env: Environment) -> tuple[int, int]:
        return env["x.thing"].search_count(domain), env["x.thing"].search_count([])

    found, every = run(models_registry, work)
    assert found == (every if count is None else count)


def test_a_condition_not_decided_alone_still_fails(models_registry: Registry) -> None:
    with pytest.raises(KeyError):
        run(
            models_registry,
            lambda env: env["x.thing"].search_count(
                [["tag_id", "parent_of", 1], ["name", "ilike", ""]]
            ),
        )


def test_an_unknown_field_fails_even_with_an_empty_list(models_registry: Registry) -> None:
    with pytest.raises(ValueError, match=r"Invalid field x\.thing\.nothing"):
        run(models_registry, lambda env: env["x.thing"].search_count([["nothing", "in", []]]))


def test_a_subdomain_prints_as_tuples_at_every_depth() -> None:
    leaf = Leaf("p", "not any", [["f", "any", [["d", "=ilike", "x"]]], ["e", "=", 1]])
    assert leaf.printed() == ("p", "not any", [("f", "any", [("d", "=ilike", "x")]), ("e", "=", 1)])
    assert Leaf("p", "any", []).printed() == ("p", "any", [(1, "=", 1)])
