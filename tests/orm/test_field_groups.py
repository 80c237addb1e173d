"""Fields with ``groups`` (docs/internals/orm-behaviour.md, "Access control"):
hidden from ``fields_get`` and from default reads of users outside the groups,
refused (AccessError) when such a user names them in a read, a write, a create,
a domain (dotted paths too), an order or a copy; and no cache lets a refused
user through after an allowed one.

The test model ``x.ledger`` has ``cost``, for Settings (base.group_system) only.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from jsontwo.db import Storage
from jsontwo.exceptions import AccessError
from jsontwo.modules.base.loading import upgrade_data
from jsontwo.orm import Environment, Registry
from jsontwo.service.databases import with_superuser
from tests.orm import testmodels
from tests.orm.conftest import a_company, empty_database, grant

REFUSED = (
    'You do not have enough rights to access the field "cost" on Test Ledger (x.ledger). '
    "Please contact your system administrator.\n\nOperation: {}"
)


@pytest.fixture(scope="module")
def ledger(storage: Storage) -> Iterator[tuple[Registry, int, int, int]]:
    """A database with groups and access lines, two ledgers, an internal user and
    an administrator: (registry, ledger id, internal uid, administrator uid)."""
    with empty_database(storage, ("base", testmodels.MODULE)) as registry:

        def setup(env: Environment) -> tuple[int, int, int]:
            upgrade_data(env)
            parent = env["x.ledger"].create({"name": "parent", "cost": 5.0})
            child = env["x.ledger"].create({"name": "child", "cost": 1.0, "parent_id": parent.id})
            users = env["res.users"]
            # ids 1 and 2 are the superuser's and the admin's in every database
            company = a_company(env)
            users.create(
                [
                    {**company, "login": "__system__", "name": "Root"},
                    {**company, "login": "a", "name": "A"},
                ]
            )
            internal = users.create({**company, "login": "clerk", "name": "Clerk"})
            system = env.ref("base.group_system")
            assert system is not None
            admin = users.create(
                {
                    **company,
                    "login": "boss",
                    "name": "Boss",
                    "group_ids": [[6, 0, [system.id]]],
                }
            )
            return child.id, internal.id, admin.id

        child, internal, admin = with_superuser(registry, setup)
        grant(registry, "x.ledger")
        yield registry, child, internal, admin


def as_user(registry: Registry, uid: int, work: Any) -> Any:
    """``work(env["x.ledger"])`` as user ``uid`` (not in superuser mode)."""
    return with_superuser(registry, lambda env: work(env(uid=uid, su=False)["x.ledger"]))


def refused(registry: Registry, uid: int, work: Any) -> str:
    with pytest.raises(AccessError) as info:
        as_user(registry, uid, work)
    return info.value.message


def test_fields_get_and_default_reads_leave_the_field_out(ledger: Any) -> None:
    registry, child, internal, admin = ledger
    assert "cost" not in as_user(registry, internal, lambda m: m.fields_get())
    assert "cost" in as_user(registry, admin, lambda m: m.fields_get())
    [row] = as_user(registry, internal, lambda m: m.browse([child]).read())
    assert "cost" not in row and row["name"] == "child"
    [row] = as_user(registry, admin, lambda m: m.browse([child]).read())
    assert row["cost"] == 1.0


def test_naming_the_field_is_refused_to_others(ledger: Any) -> None:
    registry, child, internal, admin = ledger
    read = lambda m: m.browse([child]).read(["name", "cost"])  # noqa: E731
    assert as_user(registry, admin, read)[0]["cost"] == 1.0
    assert refused(registry, internal, read) == REFUSED.format("read")
    write = lambda m: m.browse([child]).write({"cost": 9.0})  # noqa: E731
    assert refused(registry, internal, write) == REFUSED.format("write")
    create = lambda m: m.create({"name": "new", "cost": 2.0})  # noqa: E731
    assert refused(registry, internal, create) == REFUSED.format("write")
    copy = lambda m: m.browse([child]).copy()  # noqa: E731
    assert refused(registry, internal, copy) == REFUSED.format("read")
    # what they may do with the record
    assert as_user(registry, internal, lambda m: m.browse([child]).write({"name": "child"}))


@pytest.mark.parametrize(
    "domain",
    [[["cost", ">", 0]], [["parent_id.cost", ">", 0]], [["parent_id", "any", [["cost", "=", 5]]]]],
)
def test_a_domain_on_the_field_is_refused_even_after_an_allowed_user(
    ledger: Any, domain: list[Any]
) -> None:
    registry, _child, internal, admin = ledger
    search = lambda m: m.search(domain).ids  # noqa: E731
    assert as_user(registry, admin, search)  # compiled and kept for the administrator
    assert refused(registry, internal, search) == REFUSED.format("read")


def test_an_order_on_the_field_is_refused_even_after_an_allowed_user(ledger: Any) -> None:
    registry, _child, internal, admin = ledger
    search = lambda m: m.search([], order="cost desc").ids  # noqa: E731
    assert len(as_user(registry, admin, search)) == 2
    assert refused(registry, internal, search) == REFUSED.format("read")
