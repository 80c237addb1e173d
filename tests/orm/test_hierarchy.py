"""Hierarchies: parent_path upkeep, and child_of / parent_of through it or by
walking the tree (docs/internals/orm-behaviour.md, "Hierarchies")."""

from __future__ import annotations

from typing import Any

import pytest

from jsontwo.orm import Environment, Registry
from tests.orm.conftest import run


def test_parent_path_follows_the_tree(models_registry: Registry) -> None:
    def work(env: Environment) -> Any:
        Node = env["x.node"]
        root = Node.create({"name": "root"})
        child = Node.create({"name": "child", "parent_id": root.id})
        leaf = Node.create({"name": "leaf", "parent_id": child.id})
        other = Node.create({"name": "other"})
        ids = [root.id, child.id, leaf.id, other.id]

        def paths() -> list[Any]:
            return [row["parent_path"] for row in Node.browse(ids).read(["parent_path"])]

        before = paths()
        child.write({"parent_id": other.id})
        moved = paths()
        child.write({"parent_id": False})
        return ids, before, moved, paths()

    (root, child, leaf, other), before, moved, detached = run(models_registry, work)
    assert before == [f"{root}/", f"{root}/{child}/", f"{root}/{child}/{leaf}/", f"{other}/"]
    assert moved[1:] == [f"{other}/{child}/", f"{other}/{child}/{leaf}/", f"{other}/"]
    assert detached[1:3] == [f"{child}/", f"{child}/{leaf}/"]


def test_child_of_and_parent_of_read_parent_path_in_one_query(
    models_registry: Registry, statements: list[str]
) -> None:
    def work(env: Environment) -> Any:
        Node = env["x.node"]
        root = Node.create({"name": "root"})
        child = Node.create({"name": "child", "parent_id": root.id})
        leaf = Node.create({"name": "leaf", "parent_id": child.id})
        Node.create({"name": "other"})
        statements.clear()
        below = Node.search([["id", "child_of", root.id]]).ids
        hierarchy_queries = [sql for sql in statements if "parent_path" in sql]
        above = Node.search([["id", "parent_of", leaf.id]]).ids
        child.write({"parent_id": False})  # the paths follow the move
        moved = Node.search([["id", "child_of", root.id]]).ids
        return (root.id, child.id, leaf.id), below, hierarchy_queries, above, moved

    (root, child, leaf), below, queries, above, moved = run(models_registry, work)
    assert sorted(below) == sorted([root, child, leaf])
    assert len(queries) == 2  # the start's paths, then every descendant by path prefix
    assert sorted(above) == sorted([root, child, leaf])
    assert moved == [root]


def test_child_of_walks_the_tree_when_paths_are_missing(models_registry: Registry) -> None:
    def work(env: Environment) -> Any:
        Node = env["x.node"]
        root = Node.create({"name": "root"})
        child = Node.create({"name": "child", "parent_id": root.id})
        # rows written behind the ORM's back (a bulk import) have no path yet
        env.cr.execute(
            'UPDATE "x_node" SET parent_path = NULL WHERE id IN (%s, %s)', [root.id, child.id]
        )
        return root.id, child.id, Node.search([["id", "child_of", root.id]]).ids

    root, child, found = run(models_registry, work)
    assert sorted(found) == sorted([root, child])


def test_hierarchy_operators_on_a_model_without_parent_fail_as_in_odoo(
    models_registry: Registry,
) -> None:
    """x.tag has no parent field: child_of is Odoo's ValueError, parent_of its KeyError,
    on both databases (PostgreSQL failed on the missing column, SQLite matched nothing)."""

    def search(domain: list[Any]) -> Any:
        return run(models_registry, lambda env: env["x.thing"].search(domain).ids)

    with pytest.raises(ValueError, match=r"^Invalid field x\.tag\.parent_id in condition "):
        search([["tag_id", "child_of", [987654321, 5]]])
    with pytest.raises(KeyError, match="parent_id"):
        search([["tag_id", "parent_of", 987654321]])
    # true is the id 1, as in Odoo: the same errors (the missing column's SQL before)
    with pytest.raises(ValueError, match=r"^Invalid field x\.tag\.parent_id in condition "):
        search([["tag_id", "child_of", True]])
    with pytest.raises(KeyError, match="parent_id"):
        search([["tag_id", "parent_of", True]])
    assert search([["tag_id", "child_of", False]]) == []


def test_computed_x2many_without_table_or_inverse(models_registry: Registry) -> None:
    """A computed many2many has no relation table, a computed one2many needs no
    inverse: both read the ids their compute method assigns."""

    def work(env: Environment) -> Any:
        Node = env["x.node"]
        root = Node.create({"name": "root"})
        kids = [Node.create({"name": n, "parent_id": root.id}).id for n in ("a", "b", "c")]
        rows = Node.browse([root.id, kids[0]]).read(["sibling_ids", "child_node_ids"])
        return kids, [(row["sibling_ids"], row["child_node_ids"]) for row in rows]

    kids, rows = run(models_registry, work)
    assert rows == [([], kids), (kids[1:], [])]
