"""The recompute engine: stored computed fields of new records, in order and in
batches."""

from __future__ import annotations

from typing import Any

import pytest

from jsontwo.orm import Environment, Registry
from tests.orm.conftest import run


def test_new_records_compute_what_they_read_first(models_registry: Registry) -> None:
    """A new partner's stored fields are computed in dependency order: its
    commercial entity, then the company name taken from it, then the complete
    name showing that company name."""
    order, acyclic = models_registry.recomputer.creation_order("res.partner")
    assert acyclic
    assert order.index("commercial_partner_id") < order.index("commercial_company_name")
    assert order.index("commercial_company_name") < order.index("complete_name")


def test_bulk_create_costs_the_same_statements_for_any_number_of_records(
    models_registry: Registry, statements: list[str]
) -> None:
    """Creating partners inserts, computes and syncs them in batches: 5 or 60
    contacts of one company at once run the same statements, and every value is
    right."""

    def create(env: Environment, count: int) -> int:
        company = env["res.partner"].create(
            {"name": "Bulk Co", "is_company": True, "city": "Namur", "company_registry": "R1"}
        )
        statements.clear()
        people = env["res.partner"].create(
            [{"name": f"P{i}", "parent_id": company.id} for i in range(count)]
        )
        ran = len(statements)
        env.invalidate("res.partner")
        assert people.mapped("complete_name") == [f"Bulk Co, P{i}" for i in range(count)]
        assert {p.commercial_partner_id.id for p in people} == {company.id}
        assert set(people.mapped("commercial_company_name")) == {"Bulk Co"}
        # each took the company's address and commercial fields
        assert set(people.mapped("city")) == {"Namur"}
        assert set(people.mapped("company_registry")) == {"R1"}
        return ran

    assert run(models_registry, lambda env: create(env, 5)) == run(
        models_registry, lambda env: create(env, 60)
    )


def test_new_partners_are_inserted_once_with_their_computed_fields(
    models_registry: Registry, statements: list[str]
) -> None:
    """Companies and people created together without a parent: their commercial
    entity, company name and complete name go into their one INSERT, which no
    UPDATE follows and no search for what depends on them precedes; read back
    from the database, every value is right."""

    def create(env: Environment) -> None:
        statements.clear()
        partners = env["res.partner"].create(
            [{"name": f"Once {i}", "is_company": i % 3 == 0} for i in range(30)]
        )
        ran = [sql for sql in statements if '"res_partner"' in sql]
        assert [sql for sql in ran if not sql.startswith("SELECT")] == [
            next(sql for sql in ran if sql.startswith('INSERT INTO "res_partner"'))
        ]
        assert not [sql for sql in ran if "commercial_partner_id" in sql.partition("WHERE")[2]]
        env.invalidate("res.partner")
        assert [p.commercial_partner_id.id for p in partners] == partners.ids
        assert partners.mapped("complete_name") == [f"Once {i}" for i in range(30)]
        assert partners.mapped("commercial_company_name") == [
            f"Once {i}" if i % 3 == 0 else False for i in range(30)
        ]
        # the next record gets the next id, as if each had been inserted at once
        (after,) = env["res.partner"].create({"name": "Once after"}).ids
        assert after > max(partners.ids) and partners.ids == sorted(partners.ids)

    run(models_registry, create)


def test_new_companies_name_themselves_once(
    models_registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new company is its own commercial partner, so its company name depends
    on its own name through a many2one: worked out in creation order, after its
    commercial partner, it is right the first time and not computed again."""
    partner_class = models_registry.models["res.partner"]
    compute = partner_class._compute_commercial_company_name  # type: ignore[attr-defined]
    runs: list[int] = []

    def counted(self: Any) -> None:
        runs.append(len(self))
        compute(self)

    monkeypatch.setattr(partner_class, "_compute_commercial_company_name", counted)

    def create(env: Environment) -> None:
        partners = env["res.partner"].create(
            [{"name": f"Self {i}", "is_company": i % 2 == 0} for i in range(10)]
        )
        assert runs == [10]
        env.invalidate("res.partner")
        assert partners.mapped("commercial_company_name") == [
            f"Self {i}" if i % 2 == 0 else False for i in range(10)
        ]
        assert partners.mapped("complete_name") == [f"Self {i}" for i in range(10)]

    run(models_registry, create)
