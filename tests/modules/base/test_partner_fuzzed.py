"""res.partner as the differential fuzzer found it: properties_base_definition_id searched, barcodes."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from jsontwo.exceptions import UserError, ValidationError
from jsontwo.orm import Environment, Registry
from jsontwo.service.databases import with_superuser


def test_in_the_definition_is_every_partner_and_others_none(registry: Registry) -> None:
    token = uuid.uuid4().hex[:8]

    def work(env: Environment) -> Any:
        partner = env["res.partner"].create({"name": token})
        definition = partner.properties_base_definition_id.id
        mine = [["name", "=", token]]
        found = env["res.partner"].search(
            [*mine, ["properties_base_definition_id", "in", [definition]]]
        )
        other = env["res.partner"].search([*mine, ["properties_base_definition_id", "=", 987654]])
        return partner.id, found.ids, other.ids

    partner, found, other = with_superuser(registry, work)
    assert found == [partner]
    assert other == []


@pytest.mark.parametrize("condition", [["properties_base_definition_id", "parent_of", 1]])
def test_other_operators_are_a_user_error(registry: Registry, condition: list[Any]) -> None:
    def work(env: Environment) -> Any:
        return env["res.partner"].search([condition])

    with pytest.raises(UserError) as raised:
        with_superuser(registry, work)
    assert str(raised.value) == (
        "Unsupported operator on Properties Base Definition 'Contact' (res.partner) in "
        "[('properties_base_definition_id', 'parent_of', 1)]"
    )


@pytest.mark.parametrize(
    ("op", "shown"),
    [
        ("ilike", "('properties_base_definition_id', 'any', [('display_name', 'ilike', 'Ad')])"),
        (
            "not ilike",
            "('properties_base_definition_id', 'not any', [('display_name', 'ilike', 'Ad')])",
        ),
        ("=", "('properties_base_definition_id', 'any', [('display_name', 'in', ['Ad'])])"),
        ("!=", "('properties_base_definition_id', 'not any', [('display_name', 'in', ['Ad'])])"),
    ],
)
def test_a_name_pattern_is_shown_as_odoo_passes_it(registry: Registry, op: str, shown: str) -> None:
    def work(env: Environment) -> Any:
        return env["res.partner"].search([["properties_base_definition_id", op, "Ad"]])

    with pytest.raises(UserError) as raised:
        with_superuser(registry, work)
    assert str(raised.value).endswith(f" in [{shown}]")


def test_two_contacts_may_not_share_a_barcode(registry: Registry) -> None:
    """Odoo's constraint: "Another partner already has this barcode" (a 422)."""
    barcode = uuid.uuid4().hex[:12]

    def work(env: Environment) -> Any:
        env["res.partner"].create({"name": "first", "barcode": barcode})
        second = env["res.partner"].create({"name": "second"})
        second.write({"barcode": barcode})

    with pytest.raises(ValidationError, match=r"^Another partner already has this barcode$"):
        with_superuser(registry, work)
