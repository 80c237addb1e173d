"""The multi-company rules of a caller who works in every company of the
database: they hold for every record, so no condition on companies is sent,
and a new company brings them back at once (ir_access, "_covers_every_row")."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from jsontwo.db import Storage
from jsontwo.orm import Environment, Registry
from jsontwo.service import create_database
from jsontwo.service.databases import with_superuser
from tests.conftest import new_db_name


@pytest.fixture
def fresh(storage: Storage) -> Iterator[Registry]:
    """A demo database of its own: one company, until a test adds one."""
    name = new_db_name("co")
    registry = create_database(storage, name, demo=True)
    yield registry
    registry.database.dispose()
    storage.drop(name)


def _partner_searches(statements: list[str]) -> list[str]:
    return [s for s in statements if s.startswith('SELECT "res_partner".id FROM "res_partner"')]


def test_working_in_every_company_sends_no_company_condition(
    fresh: Registry, statements: list[str]
) -> None:
    def search(env: Environment) -> int:
        statements.clear()
        return len(env(uid=2, su=False)["res.partner"].search([["is_company", "=", True]]))

    assert with_superuser(fresh, search) > 0
    (sql,) = _partner_searches(statements)
    assert "company_id" not in sql and "partner_share" not in sql


def test_a_new_company_hides_its_contacts_from_the_users_of_the_first(fresh: Registry) -> None:
    def names(env: Environment, uid: int, **context: object) -> set[str]:
        partners = env(uid=uid, su=False, context=context)["res.partner"]
        return set(partners.search([["name", "like", "Co-test"]]).mapped("name"))

    def before(env: Environment) -> set[str]:
        env["res.partner"].create({"name": "Co-test first"})
        demo = env.ref("base.user_demo")
        assert demo is not None
        return names(env, demo.id)

    assert with_superuser(fresh, before) == {"Co-test first"}

    def add_company(env: Environment) -> int:
        company = env["res.company"].create({"name": "Second company Z"})
        env["res.partner"].create({"name": "Co-test customer of B", "company_id": company.id})
        env["res.users"].browse([2]).write({"company_ids": [[4, company.id]]})
        return int(company.id)

    second = with_superuser(fresh, add_company)

    def after(env: Environment) -> tuple[set[str], set[str], set[str]]:
        demo = env.ref("base.user_demo")
        assert demo is not None
        return (
            names(env, demo.id),
            names(env, 2, allowed_company_ids=[1]),
            names(env, 2, allowed_company_ids=[1, second]),
        )

    demo_sees, admin_in_first, admin_in_both = with_superuser(fresh, after)
    assert demo_sees == admin_in_first == {"Co-test first"}
    assert admin_in_both == {"Co-test first", "Co-test customer of B"}
