"""res.partner.category: a new tag's colour, and finding tags by name (the fuzzer's finds)."""

from __future__ import annotations

import uuid
from typing import Any

from jsontwo.orm import Environment, Registry
from jsontwo.service.databases import with_superuser


def test_a_new_tag_gets_a_palette_colour(registry: Registry) -> None:
    """Odoo gives a new tag a colour from 1 to 11 at random; one given is kept."""
    token = uuid.uuid4().hex[:8]

    def work(env: Environment) -> Any:
        tags = env["res.partner.category"].create(
            [{"name": f"colour {token} {n}"} for n in range(12)] + [{"name": token, "color": 0}]
        )
        return tags.read(["color"])

    rows = with_superuser(registry, work)
    assert all(1 <= row["color"] <= 11 for row in rows[:-1])
    assert rows[-1]["color"] == 0


def test_name_search_finds_the_tags_under_a_matching_tag(registry: Registry) -> None:
    """A tag whose parent's name matches is found too ("Parent / Child" is its name)."""
    token = uuid.uuid4().hex[:8]

    def work(env: Environment) -> Any:
        tags = env["res.partner.category"]
        parent = tags.create({"name": f"Parent {token}"})
        child = tags.create({"name": "Child", "parent_id": parent.id})
        other = tags.create({"name": f"Other {token}"})
        partner = env["res.partner"].create({"name": token, "category_id": [(6, 0, child.ids)]})
        found = tags.name_search(f"Parent {token}")
        excluded = tags.name_search(f"Parent {token}", operator="not ilike", limit=1000)
        by_tag = env["res.partner"].search([["category_id", "ilike", f"Parent {token}"]])
        return parent.id, child.id, other.id, partner.id, found, excluded, by_tag.ids

    parent, child, other, partner, found, excluded, by_tag = with_superuser(registry, work)
    assert sorted(rid for rid, _ in found) == sorted([parent, child])
    assert dict(found)[child] == f"Parent {token} / Child"
    excluded_ids = {rid for rid, _ in excluded}
    assert other in excluded_ids and not {parent, child} & excluded_ids
    assert by_tag == [partner]


def test_display_name_conditions_find_the_tags_under_a_matching_tag(registry: Registry) -> None:
    token = uuid.uuid4().hex[:8]

    def work(env: Environment) -> Any:
        tags = env["res.partner.category"]
        parent = tags.create({"name": f"Top {token}"})
        child = tags.create({"name": "Leaf", "parent_id": parent.id})
        mine = [["id", "in", [parent.id, child.id]]]
        found = tags.search([*mine, ["display_name", "ilike", f"top {token}"]]).ids
        negated = tags.search([*mine, ["display_name", "not ilike", f"top {token}"]]).ids
        exact = tags.search([*mine, ["display_name", "=", f"Top {token}"]]).ids
        return parent.id, child.id, found, negated, exact

    parent, child, found, negated, exact = with_superuser(registry, work)
    assert sorted(found) == sorted([parent, child])
    assert negated == []
    assert exact == [parent]
