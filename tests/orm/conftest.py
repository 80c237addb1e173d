"""Fixtures of the ORM tests: a database with the test models of ``testmodels``."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pytest

from jsontwo.db import Storage
from jsontwo.modules.base.models.ir_access import OPERATIONS
from jsontwo.modules.base.models.ir_model_reflect import reflect_models
from jsontwo.orm import Environment, Registry
from jsontwo.service.databases import with_superuser
from tests.conftest import new_db_name
from tests.orm import testmodels


@contextmanager
def empty_database(storage: Storage, modules: Sequence[str]) -> Iterator[Registry]:
    """A new database with the schema of ``modules`` and no data, dropped afterwards."""
    name = new_db_name("orm")
    storage.create_empty(name)
    registry = Registry(storage.open(name), modules)
    try:
        registry.sync_schema()
        yield registry
    finally:
        registry.database.dispose()
        storage.drop(name)


@pytest.fixture(scope="module")
def models_registry(storage: Storage) -> Iterator[Registry]:
    """A database with the base models and the test models, without data."""
    with empty_database(storage, ("base", testmodels.MODULE)) as registry:
        yield registry


def a_company(env: Environment) -> dict[str, Any]:
    """The values giving a new user a company in a database without data (a user
    needs one, as in Odoo): the first company, made when there is none."""
    companies = env["res.company"].sudo()
    company = companies.search([], limit=1)
    if not company:
        currencies = env["res.currency"].sudo().with_context(active_test=False)
        currency = currencies.search([["name", "=", "EUR"]], limit=1) or currencies.create(
            {"name": "EUR", "symbol": "€"}
        )
        company = companies.create({"name": "Test Company", "currency_id": currency.id})
    return {"company_id": company.id, "company_ids": [[6, 0, company.ids]]}


def grant(registry: Registry, model: str, perms: str = "rwcu", group: str | None = None) -> None:
    """Add an access line on ``model`` for ``group`` (an external id; everyone when
    None) granting the operations in ``perms`` (r, w, c, u). The test databases
    of the ORM have no data: the model rows come from reflecting the registry."""

    def work(env: Environment) -> None:
        reflect_models(env)
        group_id: int | bool = False
        if group:
            group_record = env.ref(group)
            assert group_record is not None
            group_id = group_record.id
        env["ir.model.access"].create(
            {
                "name": f"test {model}",
                "model_id": env["ir.model"]._get_id(model),
                "group_id": group_id,
                **{f"perm_{op}": key in perms for op, key in zip(OPERATIONS, "rwcu", strict=True)},
            }
        )

    with_superuser(registry, work)


def run(registry: Registry, work: Any, uid: int | None = None, **context: Any) -> Any:
    """``work(env)`` in one committed transaction, as the superuser or ``uid``."""

    def call(env: Environment) -> Any:
        if uid is not None or context:
            env = env(uid=uid, context={**env.context, **context})
        return work(env)

    return with_superuser(registry, call)


def unique(prefix: str) -> str:
    """A name no other test uses (the database is shared by the module)."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"
