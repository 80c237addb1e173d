"""jsontwo's real server measured with wrk, side by side with a reference Odoo 19.

For each backend (SQLite, and PostgreSQL when a server is available) this
creates a database with demo data plus 10,000 generated partners, starts
``jsontwo serve --workers 2`` on a free port (timing it to its first answered
JSON-2 call), and runs wrk (``-t2 -c16``, ``--latency``) against each call of
issue #18's table (bench/calls.py), last the bulk create, which grows the table.

With a reference Odoo 19 (``--odoo-env FILE``, or the variable
JSONTWO_BENCH_ODOO_ENV, naming an env file with ODOO_URL, ODOO_DB,
ODOO_API_KEY, ODOO_LOGIN and ODOO_PASSWORD), its database first gets the same
10,000 generated partners (once: a later run creates none), then every call
runs against jsontwo and against Odoo alternately, and the table shows
jsontwo's rate ÷ Odoo's beside the target. Without one, it shows the ratio to
the trivial route measured in the same run.

Also: each worker's memory after the load, a new database with demo data as
``jsontwo db create --demo`` makes it, and the budget call on a one-worker
server (2 workers ÷ 1). ``--scale`` measures instead the budget call and
``search_count`` at 10k, 100k and 1M partners (bench/scale.py).

    python bench/bench.py [--duration 10] [--backend sqlite|postgresql|both]
                          [--odoo-env ~/odoo19-reference/bench.env] [--scale]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
from collections.abc import Callable
from pathlib import Path

import calls
import httpx
import odoo
import procs
import report
import scale
import seed
import server
import wrk
from calls import Call
from target import Target, odoo_env_path, odoo_target

from jsontwo import testing
from jsontwo.db import Storage, open_storage

ROOT = Path(__file__).resolve().parent.parent
#: the generated partners the call table runs over
PARTNERS = 10_000
#: targets of the figures that are not ratios (issue #18)
COLD_START_TARGET = 0.3
NEW_DB_TARGET = 0.5
RSS_TARGET = 80
WORKERS_TARGET = 1.8
#: the shortest run of the bulk create (seconds)
CREATE_DURATION = 8


def warm_up(target: Target, turns: int = 6) -> None:
    """Each call a few times, so that no worker loads its registry (or verifies
    the legacy password) while measured, the bulk create once (its partners
    removed after); a call that fails stops the run."""
    for turn in range(turns):
        for call in calls.CALLS:
            if call.records and turn:
                continue
            request = call.request(target)
            if request.body is None:
                httpx.get(request.url).raise_for_status()
                continue
            headers = {"Content-Type": request.content_type, "X-Odoo-Database": target.db}
            if request.key:
                headers["Authorization"] = f"bearer {request.key}"
            answer = httpx.post(request.url, content=request.body, headers=headers, timeout=120)
            if (
                answer.status_code != 200
                or b"<fault>" in answer.content
                or (call.kind == "jsonrpc" and b'"error"' in answer.content)
            ):
                raise SystemExit(f"{target.name}: {call.label} failed: {answer.text[:500]}")


def measure(call: Call, target: Target, args: argparse.Namespace) -> wrk.Result:
    """wrk's figures for ``call`` on ``target`` (records per second for create)."""
    # one writer at a time on SQLite anyway; a few keep both workers busy
    connections = min(args.connections, 4) if call.records else args.connections
    # a bulk create can take seconds: a short run would finish none
    duration = max(args.duration, CREATE_DURATION) if call.records else args.duration
    try:
        result = wrk.run(call.request(target), duration, connections)
    except wrk.WrkError as exc:
        raise SystemExit(f"{target.name}: {call.label}: {exc}") from None
    return result.scaled(call.records) if call.records else result


def run_backend(
    label: str,
    storage: Storage,
    args: argparse.Namespace,
    prepare_odoo: Callable[[list[str]], Target | None],
    logs: Path,
) -> None:
    """Measure every call on one backend (and on Odoo beside it) and print the
    tables; the servers' logs go to the folder ``logs``."""
    index = 0 if label == "SQLite" else 1
    name = f"bench_{testing.free_port()}"
    print(f"\n== {label}: a database with demo data + {PARTNERS} partners...", flush=True)
    key, codes = server.populate(storage, name, PARTNERS)
    print(f"== {label}: timing new databases with demo data...", flush=True)
    new_db, new_db_in_process = server.time_new_database(storage)
    reference = prepare_odoo(codes)
    two = server.start(storage, name, key, args.workers, logs / "serve.log")
    one = server.start(storage, name, key, 1, logs / "serve-1.log")
    try:
        jsontwo = two.target.with_ids(seed.first_ids(two.target))
        single = one.target.with_ids(jsontwo.read_ids)
        for target in (jsontwo, single, reference):
            if target is not None:
                warm_up(target)
                # the same table on both: 10,000 generated partners and the demo's
                seed.remove_bulk(target)
        rows: list[report.Row] = []
        one_worker = None
        for call in calls.CALLS:
            print(f"   {call.label}...", flush=True)
            mine = measure(call, jsontwo, args)
            theirs = measure(call, reference, args) if reference is not None else None
            goal = call.target[index] if call.target else None
            rows.append(report.Row(call.label, mine, theirs, goal, bool(call.records)))
            if call is calls.BUDGET:
                one_worker = measure(call, single, args)
        if reference is not None:
            seed.remove_bulk(reference)
        mine_memory, odoo_memory = two.memory(), odoo.memory() if reference else None
    finally:
        one.stop()
        two.stop()
        storage.drop(name)
    budget = next(row.jsontwo for row in rows if row.label == calls.BUDGET.label)
    assert one_worker is not None
    print(f"\n### {label}, {args.workers} workers each, {PARTNERS:,} extra partners\n")
    print("\n".join(report.table(rows, rows[0].jsontwo)))
    print()
    figures = [
        ("start to the first JSON-2 answer", f"{two.cold_start:.2f} s", f"≤ {COLD_START_TARGET} s"),
        ("start to the first /health answer", f"{two.listening:.2f} s", ""),
        (
            "new database with demo data: `jsontwo db create --demo`",
            " / ".join(f"{s:.2f} s" for s in new_db),
            f"≤ {NEW_DB_TARGET} s",
        ),
        (
            "new database with demo data: `create_database` in a warm process",
            " / ".join(f"{s:.2f} s" for s in new_db_in_process),
            f"≤ {NEW_DB_TARGET} s",
        ),
        *memory_figures("jsontwo", mine_memory, f"≤ {RSS_TARGET} MB"),
        *(memory_figures("Odoo 19", odoo_memory, "") if odoo_memory else []),
        (
            f"budget call, {args.workers} workers ÷ 1 worker",
            f"{budget.rate:,.0f} / {one_worker.rate:,.0f} = {budget.rate / one_worker.rate:.2f}x",
            f"≥ {WORKERS_TARGET}x",
        ),
    ]
    figures.append(
        ("machine load (1, 5, 15 min) at the end", load_average(), f"{os.cpu_count()} cores")
    )
    print("\n".join(report.facts(figures)))
    if mine_memory.workers:
        mean = statistics.mean(m.rss for m in mine_memory.workers)
        print(f"\n(mean jsontwo worker: {mean:.0f} MB RSS)")


def memory_figures(
    server: str, memory: procs.ServerMemory, goal: str
) -> list[tuple[str, str, str]]:
    """The rows of a server's memory after load (bench/procs.py says what each is):
    the whole server's PSS per worker, the one compared with the target, then
    each worker's RSS, PSS and USS."""

    def each(values: list[float]) -> str:
        return " / ".join(f"{mb:.0f} MB" for mb in values)

    return [
        (
            f"memory per worker after load, {server}: the whole server's PSS ÷ workers",
            f"{memory.pss_per_worker:.0f} MB",
            goal,
        ),
        (f"RSS of each worker, {server}", each([m.rss for m in memory.workers]), ""),
        (f"PSS of each worker, {server}", each([m.pss for m in memory.workers]), ""),
        (f"USS of each worker, {server}", each([m.uss for m in memory.workers]), ""),
    ]


def load_average() -> str:
    """The machine's load averages: how shared it was while measuring."""
    return ", ".join(f"{value:.1f}" for value in os.getloadavg())


def odoo_preparer(args: argparse.Namespace) -> Callable[[list[str]], Target | None]:
    """A function giving the reference Odoo its partners the first time it is
    called (None without a reference Odoo)."""
    path = odoo_env_path(args.odoo_env)
    if path is None:
        return lambda codes: None
    reference = odoo_target(path)
    prepared: list[Target] = []

    def prepare(codes: list[str]) -> Target:
        if not prepared:
            print(f"== Odoo 19 at {reference.url}, database {reference.db}", flush=True)
            prepared.append(odoo.prepare(reference, codes, PARTNERS))
        return prepared[0]

    return prepare


def backends(args: argparse.Namespace) -> list[tuple[str, Callable[[str], Storage]]]:
    """The backends to measure: a label and a function of a scratch folder
    answering the storage."""
    chosen: list[tuple[str, Callable[[str], Storage]]] = []
    if args.backend in ("sqlite", "both"):
        chosen.append(("SQLite", lambda folder: open_storage(data_dir=folder)))
    if args.backend in ("postgresql", "both"):
        # the server the test suite uses, unless one is named for the bench
        url = testing.pg_test_url(ROOT, ("JSONTWO_BENCH_DB_URL", "JSONTWO_TEST_DB_URL"))
        if url is None:
            print(
                "== PostgreSQL: skipped, no server (scripts/pg-test-setup.sh or JSONTWO_BENCH_DB_URL)"
            )
        else:
            chosen.append(("PostgreSQL", lambda folder: open_storage(db_url=url)))
    return chosen


def parse_args() -> argparse.Namespace:
    """The command line's flags."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds per call (default 10)")
    parser.add_argument("--connections", type=int, default=16, help="wrk's connections (16)")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes (2)")
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument(
        "--odoo-env",
        help="env file of a reference Odoo 19 to measure beside (default: $JSONTWO_BENCH_ODOO_ENV)",
    )
    parser.add_argument(
        "--scale", action="store_true", help="measure at 10k, 100k and 1M partners instead"
    )
    parser.add_argument(
        "--sizes",
        default="10000,100000,1000000",
        help="--scale's partner counts, comma-separated (default 10000,100000,1000000)",
    )
    parser.add_argument(
        "--chart", default=str(ROOT / "docs/images/bench-scale.png"), help="--scale's PNG"
    )
    return parser.parse_args()


def main() -> None:
    """Parse the flags and run the benchmark."""
    args = parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: `apt-get install wrk` (make bench does it)")
    prepare_odoo = odoo_preparer(args)
    server.compile_code()
    figures: dict[str, list[scale.Step]] = {}
    codes: list[str] = []
    for label, make_storage in backends(args):
        with tempfile.TemporaryDirectory() as folder:
            storage = make_storage(folder)
            if args.scale:
                sizes = [int(size) for size in args.sizes.split(",")]
                figures[label], codes = scale.run(
                    label, storage, sizes, args.duration, Path(folder)
                )
            else:
                run_backend(label, storage, args, prepare_odoo, Path(folder))
    if args.scale:
        scale.conclude(figures, codes, prepare_odoo, args)


if __name__ == "__main__":
    main()
