"""Requests per second of jsontwo's real server, measured with wrk.

For each backend (SQLite, and PostgreSQL when a server is available) this
creates a database with demo data plus 10,000 generated partners, starts
`jsontwo serve --workers 2` on a free port, and runs wrk against:

* ``GET /web/version``: a trivial route (the server's own ceiling);
* the README's search_read example (``name ilike acme``, ``is_company``);
* the budget call (docs/benchmarks.md, "The budget"): search_read on
  ``is_company`` and ``country_id.code``, 4 fields, limit 80;
* ``search_count`` with an empty domain (per-call overhead);
* the same ``search_count`` over legacy XML-RPC with the admin's password
  (what a password costs once verified: it is kept per process) and over
  JSON-RPC with the API key in the password slot;
* ``formatted_read_group`` of the partners by country (a GROUP BY over all
  10,000 rows) and ``web_search_read`` with a many2one sub-specification;
* ``create`` of 1000 partners in one call, last (it grows the table), with 4
  connections at most, reported in records per second.

It prints each rate and its ratio to the trivial route's, measured in the
same run, so that numbers from different machines compare. Odoo 19's rates
on this machine kind (docs/benchmarks.md, "The budget") are printed beside them.

    python bench/bench.py [--duration 10] [--connections 16] [--backend sqlite|postgresql|both]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import tempfile
import xmlrpc.client
from dataclasses import dataclass
from pathlib import Path

import httpx

from jsontwo import testing
from jsontwo.db import Storage, open_storage
from jsontwo.service import create_database
from jsontwo.service.apikeys import create_api_key
from jsontwo.service.databases import with_superuser

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
POST_SCRIPT = HERE / "post.lua"
EXTRA_PARTNERS = 10_000
#: Odoo 19's rates on this machine kind (req/s; see docs/benchmarks.md, "The budget")
ODOO_RATES = {
    "search_read (budget call)": 252,
    "search_count []": 304,
    "create 1000 partners (records/s)": 2_750,
}
#: partners a bulk-create call sends
BULK = 1000
#: the password of the demo admin (demo databases only): the legacy calls sign in with it
ADMIN_PASSWORD = "admin"


@dataclass(frozen=True)
class Call:
    """One measured request: a GET when ``body`` is None, else a POST of ``body``."""

    label: str
    path: str
    body: object = None
    #: "json2" (JSON body, bearer key), "jsonrpc" (JSON body) or "xmlrpc" (XML body)
    kind: str = "json2"
    #: records a call creates: the rate is reported in records per second (and the
    #: call runs last, once in the warm-up, so that it does not grow the data the
    #: other calls read)
    records: int = 0

    def payload(self, key: str, db: str) -> tuple[str, str]:
        """The body and its content type, with the key and database filled in."""
        if self.kind in ("xmlrpc", "jsonrpc"):  # the body is execute_kw's arguments
            assert isinstance(self.body, tuple)
            if self.kind == "xmlrpc":
                return xmlrpc.client.dumps(
                    (db, 2, ADMIN_PASSWORD, *self.body), "execute_kw"
                ), "text/xml"
            args = [db, 2, key, *self.body]
            rpc = {"service": "object", "method": "execute_kw", "args": args}
            return json.dumps({"jsonrpc": "2.0", "method": "call", "params": rpc, "id": 1}), (
                "application/json"
            )
        return json.dumps(self.body), "application/json"


CALLS: list[Call] = [
    Call("GET /web/version (trivial)", "/web/version"),
    Call(
        "search_read (README example)",
        "/json/2/res.partner/search_read",
        {"domain": [["name", "ilike", "acme"], ["is_company", "=", True]], "fields": ["name"]},
    ),
    Call(
        "search_read (budget call)",
        "/json/2/res.partner/search_read",
        {
            "domain": [["is_company", "=", True], ["country_id.code", "=", "US"]],
            "fields": ["name", "email", "country_id", "city"],
            "limit": 80,
        },
    ),
    Call("search_count []", "/json/2/res.partner/search_count", {"domain": []}),
    Call(
        "XML-RPC search_count [] (password)",
        "/xmlrpc/2/object",
        ("res.partner", "search_count", [[]]),
        "xmlrpc",
    ),
    Call(
        "JSON-RPC search_count [] (API key)",
        "/jsonrpc",
        ("res.partner", "search_count", [[]]),
        "jsonrpc",
    ),
    Call(
        "formatted_read_group by country",
        "/json/2/res.partner/formatted_read_group",
        {"domain": [], "groupby": ["country_id"], "aggregates": ["__count"]},
    ),
    Call(
        "web_search_read (many2one spec)",
        "/json/2/res.partner/web_search_read",
        {
            "domain": [["is_company", "=", True]],
            "specification": {"name": {}, "country_id": {"fields": {"display_name": {}}}},
            "limit": 80,
        },
    ),
    Call(
        "create 1000 partners (records/s)",
        "/json/2/res.partner/create",
        {
            "vals_list": [
                {"name": f"Bulk {i}", "email": f"bulk{i}@example.com", "is_company": i % 10 == 0}
                for i in range(BULK)
            ]
        },
        records=BULK,
    ),
]


def populate(storage: Storage, name: str) -> str:
    """Create the bench database: demo data, 10k partners, an admin key."""
    registry = create_database(storage, name, demo=True)

    def add_partners(env: object) -> None:
        # spread over every country, one in ten a company: a realistic address book
        countries = env["res.country"].search([]).ids  # type: ignore[index]
        rng = random.Random(42)
        env["res.partner"].create(  # type: ignore[index]
            [
                {
                    "name": f"Bench Partner {i:05d}",
                    "is_company": i % 10 == 0,
                    "email": f"bench{i}@example.com",
                    "city": rng.choice(["Brussels", "Paris", "Austin", "Berlin", "Leeds"]),
                    "country_id": rng.choice(countries),
                }
                for i in range(EXTRA_PARTNERS)
            ]
        )

    with_superuser(registry, add_partners)
    key = create_api_key(registry, "admin", "bench")
    # measure the steady state: what autovacuum (PostgreSQL) leaves after a bulk load
    with registry.database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM")
    registry.database.analyze()
    registry.database.dispose()
    return key


def start_server(storage: Storage, port: int, workers: int) -> subprocess.Popen[bytes]:
    """Start `jsontwo serve` on ``storage`` and wait until it answers."""
    env = {**os.environ, "JSONTWO_DB_URL": "", **storage.environment()}
    args = ["--workers", str(workers), "--log-level", "warning"]
    try:
        return testing.start_server(args, env, port)
    except testing.ServerError as exc:
        raise SystemExit(str(exc)) from None


def wrk(url: str, call: Call, key: str, db: str, duration: int, connections: int) -> float:
    """Requests per second that wrk measured (non-2xx answers make the run fail)."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency"]
    env = dict(os.environ)
    if call.body is not None:
        body, content_type = call.payload(key, db)
        command += ["-s", str(POST_SCRIPT)]
        env.update(BENCH_BODY=body, BENCH_CONTENT_TYPE=content_type, BENCH_DB=db)
        env["BENCH_KEY"] = key if call.kind == "json2" else ""
    out = subprocess.run(
        [*command, url], env=env, capture_output=True, text=True, check=True
    ).stdout
    if "Non-2xx" in out:
        raise SystemExit(f"wrk saw error answers for {url}:\n{out}")
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if not match:
        raise SystemExit(f"could not read wrk's output:\n{out}")
    return float(match.group(1))


def warm_up(port: int, key: str, db: str) -> None:
    """Each call a few times per worker, so that no worker loads its registry (or
    verifies the legacy password) while measured; a call that fails stops the run."""
    for turn in range(8):
        for call in CALLS:
            if call.records and turn:
                continue
            url = f"http://127.0.0.1:{port}{call.path}"
            if call.body is None:
                httpx.get(url).raise_for_status()
                continue
            body, content_type = call.payload(key, db)
            headers = {"Content-Type": content_type, "X-Odoo-Database": db}
            if call.kind == "json2":
                headers["Authorization"] = f"bearer {key}"
            answer = httpx.post(url, content=body, headers=headers, timeout=30)
            answer.raise_for_status()
            if b"<fault>" in answer.content or b'"error"' in answer.content:
                raise SystemExit(f"{call.label} failed: {answer.text[:500]}")


def run_backend(label: str, storage: Storage, args: argparse.Namespace) -> None:
    """Measure every call on one backend and print the table."""
    name = f"bench_{os.getpid()}"
    print(
        f"\n== {label}: preparing a database with demo data + {EXTRA_PARTNERS} partners...",
        flush=True,
    )
    key = populate(storage, name)
    port = testing.free_port()
    proc = start_server(storage, port, args.workers)
    try:
        warm_up(port, key, name)
        rates: dict[str, float] = {}
        for call in CALLS:
            rate = wrk(
                f"http://127.0.0.1:{port}{call.path}",
                call,
                key,
                name,
                args.duration,
                # one writer at a time on SQLite anyway; a few keep both workers busy
                min(args.connections, 4) if call.records else args.connections,
            )
            rates[call.label] = rate * (call.records or 1)
        trivial = rates[CALLS[0].label]
        print(f"{'call':34} {'req/s':>9} {'vs trivial':>11} {'vs Odoo 19':>11}")
        for call in CALLS:
            rate = rates[call.label]
            odoo = ODOO_RATES.get(call.label)
            versus = f"{rate / odoo:10.1f}x" if odoo else f"{'':>11}"
            # records per second do not compare with the trivial route's requests
            ratio = f"{'':>11}" if call.records else f"{rate / trivial:10.2f}x"
            print(f"{call.label:34} {rate:9.0f} {ratio} {versus}")
    finally:
        testing.stop_server(proc)
        storage.drop(name)


def main() -> None:
    """Parse the flags and run the benchmark."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds per call (default 10)")
    parser.add_argument(
        "--connections", type=int, default=16, help="concurrent connections (default 16)"
    )
    parser.add_argument(
        "--workers", type=int, default=2, help="server worker processes (default 2)"
    )
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: `apt-get install wrk` (make bench does it)")
    if args.backend in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as folder:
            run_backend("SQLite", open_storage(data_dir=folder), args)
    if args.backend in ("postgresql", "both"):
        # the server the test suite uses, unless one is named for the bench
        url = testing.pg_test_url(ROOT, ("JSONTWO_BENCH_DB_URL", "JSONTWO_TEST_DB_URL"))
        if url is None:
            print(
                "\n== PostgreSQL: skipped, no server (run scripts/pg-test-setup.sh or set JSONTWO_BENCH_DB_URL)"
            )
        else:
            run_backend("PostgreSQL", open_storage(db_url=url), args)


if __name__ == "__main__":
    main()
