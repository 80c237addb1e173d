"""ir.sequence with date ranges (``use_date_range``): a counter per span of
dates, made on demand for the year of the date drawn for, the range's start
in ``%(range_*)s``, and no-gap numbering kept per range under concurrency."""

from __future__ import annotations

import threading

import pytest

from jsontwo.db import ConcurrencyFailure, run_in_transaction
from jsontwo.orm import Registry
from tests.conftest import Api
from tests.http.test_json2 import assert_ok
from tests.modules.base.test_apikeys import new_user
from tests.modules.base.test_sequence import make_sequence


def draw(api: Api, sid: int, day: str) -> str:
    body = {"ids": [sid], "context": {"ir_sequence_date": day}}
    return str(assert_ok(api.call("ir.sequence", "next_by_id", body)))


def ranges(api: Api, sid: int) -> list[tuple[str, str]]:
    found = assert_ok(
        api.call(
            "ir.sequence.date_range",
            "search_read",
            {"domain": [["sequence_id", "=", sid]], "fields": ["date_from", "date_to"]},
        )
    )
    return sorted((r["date_from"], r["date_to"]) for r in found)


@pytest.mark.parametrize("implementation", ["standard", "no_gap"])
def test_a_range_per_year_is_made_on_demand(
    api: Api, registry: Registry, implementation: str
) -> None:
    sid, _code = make_sequence(
        registry,
        implementation=implementation,
        use_date_range=True,
        prefix="%(range_year)s/%(range_month)s/",
        padding=3,
    )
    assert draw(api, sid, "2023-05-05") == "2023/01/001"
    assert draw(api, sid, "2023-12-31") == "2023/01/002"
    assert draw(api, sid, "2022-02-01") == "2022/01/001"  # its own counter
    assert ranges(api, sid) == [("2022-01-01", "2022-12-31"), ("2023-01-01", "2023-12-31")]
    # a range of the middle of a year: the ranges made around it leave it free
    span = {"sequence_id": sid, "date_from": "2024-03-01", "date_to": "2024-06-30"}
    assert_ok(api.call("ir.sequence.date_range", "create", {"vals_list": [span]}))
    assert draw(api, sid, "2024-04-01") == "2024/03/001"
    assert draw(api, sid, "2024-02-10") == "2024/01/001"
    assert draw(api, sid, "2024-08-01") == "2024/07/001"
    assert ranges(api, sid)[2:] == [
        ("2024-01-01", "2024-02-29"),
        ("2024-03-01", "2024-06-30"),
        ("2024-07-01", "2024-12-31"),
    ]


def test_a_rolled_back_no_gap_draw_gives_its_number_back(registry: Registry) -> None:
    _sid, code = make_sequence(registry, implementation="no_gap", use_date_range=True)
    user = new_user(registry)

    def next_number(fail: bool) -> str:
        def work(cr: object) -> str:
            env = registry.environment(cr, user.uid)
            sequence = env["ir.sequence"].with_context(ir_sequence_date="2025-06-01")
            name = str(sequence.next_by_code(code))
            if fail:
                raise RuntimeError(name)
            return name

        return str(run_in_transaction(registry.database, work))

    assert next_number(False) == "1"
    with pytest.raises(RuntimeError, match="2"):
        next_number(True)
    assert next_number(False) == "2"


THREADS = 4
DRAWS = 6


def test_concurrent_no_gap_draws_in_a_range_are_consecutive(
    api: Api, registry: Registry, backend: str
) -> None:
    """As for a sequence without ranges: every number once, none skipped; on
    PostgreSQL a draw may fail after its retries (ConcurrencyFailure)."""
    sid, code = make_sequence(registry, implementation="no_gap", use_date_range=True, padding=3)
    assert draw(api, sid, "2026-01-15") == "001"  # the range exists before the race
    user = new_user(registry)
    barrier = threading.Barrier(THREADS)
    drawn: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run() -> None:
        try:
            barrier.wait()
            for _ in range(DRAWS):
                name = run_in_transaction(
                    registry.database,
                    lambda cr: (
                        registry.environment(cr, user.uid)["ir.sequence"]
                        .with_context(ir_sequence_date="2026-03-01")
                        .next_by_code(code)
                    ),
                )
                with lock:
                    drawn.append(name)
        except BaseException as exc:  # reported below: a thread's failure fails the test
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if backend == "postgresql":
        assert all(isinstance(exc, ConcurrencyFailure) for exc in errors), errors
    else:
        assert errors == []
    assert sorted(drawn) == [f"{n:03d}" for n in range(2, len(drawn) + 2)]
