"""The call pipeline on its own (:mod:`jsontwo.service.pipeline`), with stand-ins
for what a transport supplies: the order in which a caller learns what is
wrong, one transaction for the proof and the call, and the answer's shape.
Every test runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from jsontwo.exceptions import AccessDenied, NotFound
from jsontwo.orm import Environment, Registry
from jsontwo.orm.models import BaseModel
from jsontwo.service import pipeline
from jsontwo.service.pipeline import Prepared, run_call
from jsontwo.service.public_methods import resolve_method

ADMIN = 2


def as_admin(env: Environment) -> int:
    return ADMIN


def refuse(env: Environment) -> int:
    raise AccessDenied()


def prepared(registry: Registry, method: str, invoke: Callable[[BaseModel], Any]) -> Prepared:
    """A call of ``res.partner.<method>`` that runs ``invoke`` on the records."""
    return Prepared("res.partner", resolve_method(registry, "res.partner", method), [], {}, invoke)


def unknown_method(current: Registry) -> Prepared:
    raise NotFound("The method 'res.partner.nope' does not exist")


def test_a_refused_caller_learns_nothing_of_the_method(registry: Registry) -> None:
    with pytest.raises(AccessDenied):
        run_call(registry, unknown_method, refuse, repr)


def test_an_authenticated_caller_learns_what_is_wrong_with_the_call(registry: Registry) -> None:
    with pytest.raises(NotFound, match="does not exist"):
        run_call(registry, unknown_method, as_admin, repr)


def test_the_proof_and_the_call_share_one_transaction(registry: Registry) -> None:
    seen: dict[str, Any] = {}

    def authenticate(env: Environment) -> int:
        seen["proof"] = env.transaction
        assert env.su and env.transaction.remote_addr == "192.0.2.7"
        return ADMIN

    def invoke(records: BaseModel) -> Any:
        seen["call"] = records.env.transaction
        return (records.env.uid, records.env.su)

    def prepare(current: Registry) -> Prepared:
        return prepared(current, "search", invoke)

    assert run_call(registry, prepare, authenticate, list, "192.0.2.7") == [ADMIN, False]
    assert seen["proof"] is seen["call"]


def test_a_recordset_is_answered_as_its_ids(registry: Registry) -> None:
    def prepare(current: Registry) -> Prepared:
        return prepared(current, "search", lambda records: records.search([], limit=2))

    ids = run_call(registry, prepare, as_admin, lambda result: result)
    assert isinstance(ids, list) and len(ids) == 2 and all(isinstance(i, int) for i in ids)


def test_a_read_only_method_defers_the_write_lock(
    registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    deferred: list[bool] = []
    real = pipeline.run_in_transaction

    def spy(database: Any, work: Any, defer_write_lock: bool = False) -> Any:
        deferred.append(defer_write_lock)
        return real(database, work, defer_write_lock=defer_write_lock)

    monkeypatch.setattr(pipeline, "run_in_transaction", spy)
    read = resolve_method(registry, "res.partner", "search")
    write = resolve_method(registry, "res.partner", "write")
    assert read.readonly and not write.readonly
    run_call(registry, lambda cur: prepared(cur, "search", lambda r: None), as_admin, repr)
    run_call(registry, lambda cur: prepared(cur, "write", lambda r: None), as_admin, repr)
    with pytest.raises(NotFound):  # refused before it runs: it reads its credentials only
        run_call(registry, unknown_method, as_admin, repr)
    assert deferred == [True, False, True]
