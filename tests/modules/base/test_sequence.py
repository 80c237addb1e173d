"""ir.sequence: references drawn by code or by id, with Odoo's interpolation,
padding, company preference and access rights, and numbers that stay unique
and consecutive when many transactions draw them at once (on SQLite, whose
writers queue; on PostgreSQL, through a database sequence or a locked row)."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest

from jsontwo.db import ConcurrencyFailure, run_in_transaction
from jsontwo.orm import Environment, Registry
from jsontwo.service.databases import with_superuser
from tests.conftest import Api
from tests.http.test_json2 import assert_error, assert_ok
from tests.modules.base.companies import second_company
from tests.modules.base.test_apikeys import new_user, unique

USER_ERROR = "odoo.exceptions.UserError"
ACCESS_ERROR = "odoo.exceptions.AccessError"


def make_sequence(registry: Registry, **vals: Any) -> tuple[int, str]:
    """A new sequence (as the superuser) with a code of its own: (id, code)."""
    code = vals.pop("code", None) or unique("seq")

    def work(env: Environment) -> int:
        return int(env["ir.sequence"].create({"name": code, "code": code, **vals}).id)

    return with_superuser(registry, work), code


def test_next_by_code_over_json2_pads_and_interpolates(api: Api, registry: Registry) -> None:
    _sid, code = make_sequence(
        registry, prefix="INV/%(year)s/%(month)s/", suffix="-%(y)s", padding=4, company_id=False
    )
    dated = {"sequence_code": code, "context": {"ir_sequence_date": "2024-02-29"}}
    first = assert_ok(api.call("ir.sequence", "next_by_code", dated))
    second = assert_ok(api.call("ir.sequence", "next_by_code", dated))
    assert (first, second) == ("INV/2024/02/0001-24", "INV/2024/02/0002-24")
    # without a date, the current one: the call's year and month, whatever the
    # moment (a call at New Year's midnight may see either side of it)
    before = dt.datetime.now(dt.UTC)
    third = assert_ok(api.call("ir.sequence", "next_by_code", {"sequence_code": code}))
    after = dt.datetime.now(dt.UTC)
    assert third in {f"INV/{at:%Y}/{at:%m}/0003-{at:%y}" for at in (before, after)}


def test_an_unknown_code_gives_false(api: Api) -> None:
    assert assert_ok(api.call("ir.sequence", "next_by_code", {"sequence_code": "no.such"})) is False


def test_next_by_id_step_and_number_next(api: Api, registry: Registry) -> None:
    sid, _code = make_sequence(registry, prefix="X", padding=3, number_next=7, number_increment=5)
    assert assert_ok(api.call("ir.sequence", "next_by_id", {"ids": [sid]})) == "X007"
    assert assert_ok(api.call("ir.sequence", "next_by_id", {"ids": [sid]})) == "X012"
    read = assert_ok(
        api.call("ir.sequence", "read", {"ids": [sid], "fields": ["number_next_actual"]})
    )
    assert read == [{"id": sid, "number_next_actual": 17}]
    # a new next number restarts the sequence (on PostgreSQL, its database sequence)
    assert assert_ok(api.call("ir.sequence", "write", {"ids": [sid], "vals": {"number_next": 100}}))
    assert assert_ok(api.call("ir.sequence", "next_by_id", {"ids": [sid]})) == "X100"
    assert assert_ok(
        api.call("ir.sequence", "write", {"ids": [sid], "vals": {"number_next_actual": 3}})
    )
    assert assert_ok(api.call("ir.sequence", "next_by_id", {"ids": [sid]})) == "X003"


@pytest.mark.parametrize("implementation", ["standard", "no_gap"])
def test_changing_the_implementation_keeps_the_numbering(
    api: Api, registry: Registry, implementation: str
) -> None:
    other = "no_gap" if implementation == "standard" else "standard"
    sid, code = make_sequence(registry, implementation=implementation, prefix="C")
    assert assert_ok(api.call("ir.sequence", "next_by_code", {"sequence_code": code})) == "C1"
    vals = {"implementation": other, "number_next": 40}
    assert assert_ok(api.call("ir.sequence", "write", {"ids": [sid], "vals": vals}))
    assert assert_ok(api.call("ir.sequence", "next_by_code", {"sequence_code": code})) == "C40"
    assert assert_ok(api.call("ir.sequence", "next_by_code", {"sequence_code": code})) == "C41"


def test_the_current_company_sequence_comes_before_the_shared_one(
    api: Api, registry: Registry
) -> None:
    code = unique("shared")
    make_sequence(registry, code=code, prefix="ALL-", company_id=False)

    second = second_company(registry)
    make_sequence(registry, code=code, prefix="B-", company_id=second)
    body = {"sequence_code": code}
    assert assert_ok(api.call("ir.sequence", "next_by_code", body)) == "ALL-1"
    in_b = {**body, "context": {"allowed_company_ids": [second]}}
    assert assert_ok(api.call("ir.sequence", "next_by_code", in_b)) == "B-1"
    assert assert_ok(api.call("ir.sequence", "next_by_code", body)) == "ALL-2"


def test_a_wrong_prefix_and_a_zero_step_are_user_errors(api: Api, registry: Registry) -> None:
    sid, code = make_sequence(registry, prefix="%(nope)s-")
    assert_error(
        api.call("ir.sequence", "next_by_code", {"sequence_code": code}),
        422,
        USER_ERROR,
        f"Invalid prefix or suffix for sequence “{code}”",
    )
    response = api.call("ir.sequence", "write", {"ids": [sid], "vals": {"number_increment": 0}})
    assert_error(response, 422, USER_ERROR, "Step must not be zero.")
    # as in Odoo, a standard sequence created with a zero step counts by one
    zero = {"name": "zero", "code": unique("zero"), "number_increment": 0}
    assert assert_ok(api.call("ir.sequence", "create", {"vals_list": [zero]}))
    body = {"sequence_code": zero["code"]}
    drawn = [assert_ok(api.call("ir.sequence", "next_by_code", body)) for _ in range(2)]
    assert drawn == ["1", "2"]


def test_a_deleted_sequence_hands_over_to_the_next_one(api: Api, registry: Registry) -> None:
    code = unique("gone")
    mine, _ = make_sequence(registry, code=code, prefix="MINE-")
    make_sequence(registry, code=code, prefix="ANY-", company_id=False)
    body = {"sequence_code": code}
    assert assert_ok(api.call("ir.sequence", "next_by_code", body)) == "MINE-1"
    assert assert_ok(api.call("ir.sequence", "unlink", {"ids": [mine]})) is True
    assert assert_ok(api.call("ir.sequence", "next_by_code", body)) == "ANY-1"


def test_internal_users_draw_numbers_and_only_settings_change_sequences(
    api: Api, registry: Registry
) -> None:
    sid, code = make_sequence(registry, prefix="U")
    user = new_user(registry)
    response = api.call("ir.sequence", "next_by_code", {"sequence_code": code}, key=user.key)
    assert assert_ok(response) == "U1"
    assert assert_ok(api.call("ir.sequence", "next_by_id", {"ids": [sid]}, key=user.key)) == "U2"
    response = api.call(
        "ir.sequence", "write", {"ids": [sid], "vals": {"prefix": "H"}}, key=user.key
    )
    assert_error(response, 403, ACCESS_ERROR)
    response = api.call("ir.sequence", "create", {"vals_list": [{"name": "mine"}]}, key=user.key)
    assert_error(response, 403, ACCESS_ERROR)
    portal = new_user(registry, groups=["base.group_portal"])
    response = api.call("ir.sequence", "next_by_code", {"sequence_code": code}, key=portal.key)
    assert_error(response, 403, ACCESS_ERROR)
    admin = new_user(registry, admin=True)
    response = api.call(
        "ir.sequence", "write", {"ids": [sid], "vals": {"prefix": "A"}}, key=admin.key
    )
    assert assert_ok(response) is True
    assert assert_ok(api.call("ir.sequence", "next_by_id", {"ids": [sid]}, key=admin.key)) == "A3"


def test_another_companys_sequences_are_hidden(api: Api, registry: Registry) -> None:
    """A user of one company draws no number from another company's sequence
    (a no-gap numbering there would get a hole), by id or by code."""

    second = second_company(registry)
    sid, code = make_sequence(registry, prefix="B-", implementation="no_gap", company_id=second)
    user = new_user(registry)  # works in the main company only
    response = api.call("ir.sequence", "next_by_id", {"ids": [sid]}, key=user.key)
    assert_error(response, 403, ACCESS_ERROR)
    response = api.call("ir.sequence", "read", {"ids": [sid], "fields": ["name"]}, key=user.key)
    assert_error(response, 403, ACCESS_ERROR)
    response = api.call("ir.sequence", "next_by_code", {"sequence_code": code}, key=user.key)
    assert assert_ok(response) is False
    # nothing was drawn: the company's own first number is still the first
    assert assert_ok(api.call("ir.sequence", "next_by_id", {"ids": [sid]})) == "B-1"
    response = api.call("ir.sequence", "next_by_id", {"ids": [999999]})
    assert_error(response, 404, "odoo.exceptions.MissingError")


def test_an_exhausted_sequence_is_a_user_error(api: Api, registry: Registry) -> None:
    """The next number is a 32-bit integer (PostgreSQL's column, as in Odoo): once
    the next one would not fit, a UserError and no number, never a database error."""
    last = 2**31 - 2  # the last number drawn: the next one after it is the largest integer
    sid, code = make_sequence(registry, implementation="no_gap", number_next=last, padding=0)
    assert assert_ok(api.call("ir.sequence", "next_by_id", {"ids": [sid]})) == str(last)
    message = f"The sequence “{code}” has no next number: it is exhausted."
    for _ in range(2):
        response = api.call("ir.sequence", "next_by_id", {"ids": [sid]})
        assert_error(response, 422, USER_ERROR, message)


def test_widths_that_would_fill_memory_are_refused(api: Api, registry: Registry) -> None:
    """A prefix may pad a value (``%(year)10s``) and a number may be padded, up
    to 64 characters: more is refused before any string is built."""
    sid, _code = make_sequence(registry, prefix="%(year)10s|%%999s|", padding=64)
    dated = {"ids": [sid], "context": {"ir_sequence_date": "2031-07-01"}}
    drawn = assert_ok(api.call("ir.sequence", "next_by_id", dated))
    assert drawn == "      2031|%999s|" + "1".zfill(64)
    for prefix in ("%(year)999999999s", "%(year).65s", "%(y)0100d"):
        wide, name = make_sequence(registry, prefix=prefix)
        response = api.call("ir.sequence", "next_by_id", {"ids": [wide]})
        assert_error(response, 422, USER_ERROR, f"Invalid prefix or suffix for sequence “{name}”")
    padded, name = make_sequence(registry, padding=10**6)
    response = api.call("ir.sequence", "next_by_id", {"ids": [padded]})
    assert_error(
        response, 422, USER_ERROR, f"The sequence size of sequence “{name}” is over 64 digits."
    )


THREADS = 6
DRAWS = 8


@pytest.mark.parametrize("implementation", ["standard", "no_gap"])
def test_concurrent_transactions_draw_unique_consecutive_numbers(
    registry: Registry, backend: str, implementation: str
) -> None:
    """THREADS threads each draw DRAWS numbers, one transaction per number, all at
    once (a barrier starts them together): every number is drawn once, and none
    is skipped.

    Every draw succeeds, but for no-gap sequences on PostgreSQL: there, as in
    Odoo, a transaction that finds the row changed since it began fails with a
    serialization error and is retried; after the retries, a draw may fail with
    ConcurrencyFailure, its number given back (the numbers stay consecutive)."""
    _sid, code = make_sequence(registry, implementation=implementation, padding=4)
    user = new_user(registry)
    barrier = threading.Barrier(THREADS)
    drawn: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def draw() -> None:
        try:
            barrier.wait()
            for _ in range(DRAWS):
                name = run_in_transaction(
                    registry.database,
                    lambda cr: registry.environment(cr, user.uid)["ir.sequence"].next_by_code(code),
                )
                with lock:
                    drawn.append(name)
        except BaseException as exc:  # reported below: a thread's failure fails the test
            errors.append(exc)

    threads = [threading.Thread(target=draw) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if backend == "postgresql" and implementation == "no_gap":
        assert all(isinstance(exc, ConcurrencyFailure) for exc in errors), errors
        assert len(drawn) >= DRAWS  # the retries let most draws through
    else:
        assert errors == []
        assert len(drawn) == THREADS * DRAWS
    assert sorted(drawn) == [f"{n:04d}" for n in range(1, len(drawn) + 1)]
