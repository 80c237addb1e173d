"""CPU time per call of the JSON-2 service, in process: the code's own cost.

`make bench` measures requests per second over HTTP with wrk, which is what a
user gets but moves by several percent between runs on a shared machine. To
compare two versions of the code (a refactoring, an optimisation), this times
the same calls without HTTP, through ``jsontwo.service.call_json2``: key
check, method binding, one transaction, the ORM, SQL, serialisation. It counts
the process's CPU time (on SQLite that includes the database engine; on
PostgreSQL only the client side, so compare SQLite first) and keeps the best of
several repeats, which noise can only make slower.

Run it in each checkout to compare, on the same machine, one after the other:

    python bench/cpu.py [--backend sqlite|postgresql] [--repeat 5] [--calls 100] [--only LABEL]

It prints one line per call (microseconds; milliseconds for the bulk create)
and, with ``--json FILE``, writes them for a script to compare.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import orjson

from jsontwo import testing
from jsontwo.db import Storage, open_storage
from jsontwo.service import Databases, Json2Call, call_json2, create_database
from jsontwo.service.apikeys import create_api_key

ROOT = Path(__file__).resolve().parent.parent
#: partners added to the demo data, so that searches have rows to skip
EXTRA_PARTNERS = 2000
#: the label of the bulk create's figures
CREATE_LABEL = "create 1000 partners"
#: (label, model, method, named arguments); "ids" is filled with 80 partner ids
CALLS: list[tuple[str, str, str, dict[str, Any]]] = [
    (
        "search_read (budget call)",
        "res.partner",
        "search_read",
        {
            "domain": [["is_company", "=", True], ["country_id.code", "!=", False]],
            "fields": ["name", "email", "country_id", "is_company"],
            "limit": 80,
        },
    ),
    (
        "search_read name ilike",
        "res.partner",
        "search_read",
        {"domain": [["name", "ilike", "P1"]], "fields": ["name"], "limit": 80},
    ),
    (
        "read of 80 ids",
        "res.partner",
        "read",
        {"ids": [], "fields": ["name", "email", "country_id", "is_company"]},
    ),
    ("search_count []", "res.partner", "search_count", {"domain": []}),
    ("write of one field", "res.partner", "write", {"ids": [], "vals": {"comment": "x"}}),
    (
        "formatted_read_group",
        "res.partner",
        "formatted_read_group",
        {"domain": [], "groupby": ["country_id"], "aggregates": ["__count"]},
    ),
    (
        "web_search_read",
        "res.partner",
        "web_search_read",
        {
            "domain": [],
            "specification": {"name": {}, "country_id": {"fields": {"display_name": {}}}},
            "limit": 80,
        },
    ),
    ("name_search", "res.partner", "name_search", {"name": "P1", "limit": 8}),
    # bench/calls.py's two calls exactly (the partners span every country, as
    # bench/seed.py's do, so the grouping answers about 250 groups)
    (
        "formatted_read_group (bench)",
        "res.partner",
        "formatted_read_group",
        {"domain": [], "groupby": ["country_id"], "aggregates": ["__count"]},
    ),
    (
        "web_search_read (bench)",
        "res.partner",
        "web_search_read",
        {
            "domain": [["is_company", "=", True]],
            "specification": {"name": {}, "country_id": {"fields": {"display_name": {}}}},
            "limit": 80,
        },
    ),
]


def extra_partners(country_ids: list[int]) -> list[dict[str, Any]]:
    """The partners added to the demo data: one company in three; the first
    countries five times as often as the others, which all have a few."""
    return [
        {
            "name": f"P{i}",
            "is_company": i % 3 == 0,
            "country_id": country_ids[i % 5 if i % 2 else i % len(country_ids)],
        }
        for i in range(EXTRA_PARTNERS)
    ]


def best_cpu(work: Callable[[], Any], calls: int, repeat: int) -> float:
    """The least CPU time ``work`` took per call, over ``repeat`` runs of ``calls``."""
    return best_times(work, calls, repeat)[0]


def best_times(work: Callable[[], Any], calls: int, repeat: int) -> tuple[float, float]:
    """The least CPU time and the least wall time ``work`` took per call, over
    ``repeat`` runs of ``calls`` (on PostgreSQL the wall time includes the
    server's work and the round trips, which the CPU time leaves out)."""
    best_cpu, best_wall = float("inf"), float("inf")
    for _ in range(repeat):
        start, wall = time.process_time(), time.perf_counter()
        for _ in range(calls):
            work()
        best_cpu = min(best_cpu, (time.process_time() - start) / calls)
        best_wall = min(best_wall, (time.perf_counter() - wall) / calls)
    return best_cpu, best_wall


def measure(storage: Storage, calls: int, repeat: int, only: str = "") -> dict[str, float]:
    """Time every call (those whose label contains ``only``) on a new demo
    database of ``storage``; drop it after."""
    name = f"bench_cpu_{os.getpid()}"
    registry = create_database(storage, name, demo=True)
    try:
        key = create_api_key(registry, "admin", "bench")
        databases = Databases(storage)

        def call(model: str, method: str, params: dict[str, Any]) -> bytes:
            json2 = Json2Call(
                model, method, params=params, authorization=f"bearer {key}", database=name
            )
            return call_json2(databases, json2)

        partners = extra_partners(orjson.loads(call("res.country", "search", {"domain": []})))
        call("res.partner", "create", {"vals_list": partners})
        # as bench/server.py does after seeding: the planners see the rows
        registry.database.analyze()
        ids = orjson.loads(call("res.partner", "search", {"domain": [], "limit": 80}))
        results: dict[str, float] = {}
        for label, model, method, params in CALLS:
            if only not in label:
                continue
            if "ids" in params:
                params = {**params, "ids": ids[:1] if method == "write" else ids}
            for _ in range(20):  # warm the caches: measure the steady state
                call(model, method, params)
            results[label] = 1e6 * best_cpu(partial(call, model, method, params), calls, repeat)
        if only in CREATE_LABEL:
            results.update(measure_create(call, max(3, repeat // 2)))
        return results
    finally:
        registry.database.dispose()
        storage.drop(name)


def measure_create(call: Callable[..., bytes], repeat: int) -> dict[str, float]:
    """The bulk create of the benchmark's table (the values of bench/calls.py:
    a name, an email, one company in ten), 1000 partners a call: its CPU time
    and its wall time."""
    bulk = iter(range(10**9))

    def create() -> None:
        turn = next(bulk)
        vals_list = [
            {"name": f"B{turn} {i}", "email": f"bulk{i}@example.com", "is_company": i % 10 == 0}
            for i in range(1000)
        ]
        call("res.partner", "create", {"vals_list": vals_list})

    create()  # warm: the first one loads what the next ones find ready
    cpu, wall = best_times(create, 1, repeat)
    return {f"{CREATE_LABEL} (ms)": 1e3 * cpu, f"{CREATE_LABEL}, wall (ms)": 1e3 * wall}


def main() -> None:
    """Parse the flags, measure, print."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--calls", type=int, default=100, help="calls per repeat (default 100)")
    parser.add_argument("--repeat", type=int, default=5, help="repeats, the best kept (default 5)")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument("--only", default="", help="only the calls whose label contains this")
    args = parser.parse_args()
    if args.backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            results = measure(open_storage(data_dir=folder), args.calls, args.repeat, args.only)
    else:
        url = testing.pg_test_url(ROOT, ("JSONTWO_BENCH_DB_URL", "JSONTWO_TEST_DB_URL"))
        if url is None:
            raise SystemExit(
                "No PostgreSQL: run scripts/pg-test-setup.sh or set JSONTWO_BENCH_DB_URL"
            )
        results = measure(open_storage(db_url=url), args.calls, args.repeat, args.only)
    for label, value in results.items():
        unit = "ms" if label.endswith("(ms)") else "µs"
        print(f"{label.removesuffix(' (ms)'):32} {value:9.1f} {unit}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
