"""Fixtures of the ORM tests: a database with the test models of ``testmodels``."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pytest

from jsontwo.db import Storage
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


def run(registry: Registry, work: Any, uid: int | None = None, **context: Any) -> Any:
    """``work(env)`` in one committed transaction, as the superuser or ``uid``."""

    def call(env: Environment) -> Any:
        if uid is not None or context:
            env = env(uid=uid, context={**env.context, **context})
        return work(env)

    return with_superuser(registry, call)
