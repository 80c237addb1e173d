"""Compiled domains are reused, and never when the SQL depends on the data."""

from __future__ import annotations

import uuid

from jsontwo.orm import Environment, Registry
from jsontwo.service.databases import with_superuser


def test_a_repeated_domain_is_compiled_once_and_answers_alike(registry: Registry) -> None:
    """The first search compiles the domain and keeps it; the next ones, in other
    transactions and after the data changed, reuse that very compilation and still
    see the new data."""
    name = f"Cache {uuid.uuid4().hex[:8]}"
    domain = [["name", "=", name]]
    key_end = b'[["name","=","%s"]]' % name.encode()

    def kept() -> list[object]:
        """The compilations kept for ``domain``."""
        return [value for key, value in registry.domain_cache.items() if key[-1] == key_end]

    assert kept() == []
    before = with_superuser(registry, lambda env: env["res.partner"].search(domain).ids)
    (compiled,) = kept()
    created = with_superuser(registry, lambda env: env["res.partner"].create({"name": name}).id)
    after = with_superuser(registry, lambda env: env["res.partner"].search(domain).ids)
    assert (before, after) == ([], [created])
    (again,) = kept()
    assert again is compiled


def test_the_active_test_context_is_part_of_the_key(registry: Registry) -> None:
    name = f"Archived {uuid.uuid4().hex[:8]}"

    def work(env: Environment) -> tuple[int, int]:
        partners = env["res.partner"]
        partners.create({"name": name, "active": False})
        domain = [["name", "=", name]]
        return partners.search_count(domain), partners.with_context(active_test=False).search_count(
            domain
        )

    assert with_superuser(registry, work) == (0, 1)


def test_child_of_sees_children_added_after_a_first_search(registry: Registry) -> None:
    def work(env: Environment) -> tuple[list[int], list[int], list[int]]:
        partners = env["res.partner"]
        top = partners.create({"name": f"Top {uuid.uuid4().hex[:8]}", "is_company": True})
        domain = [["id", "child_of", top.id]]
        first = partners.search(domain).ids
        child = partners.create({"name": "Child", "parent_id": top.id})
        return first, partners.search(domain).ids, [top.id, child.id]

    first, second, expected = with_superuser(registry, work)
    assert first == expected[:1]
    assert sorted(second) == sorted(expected)
