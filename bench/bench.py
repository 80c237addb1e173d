"""Requests per second of jsontwo's real server, measured with wrk.

For each backend (SQLite, and PostgreSQL when a server is available) this
creates a database with demo data plus 10,000 generated partners, starts
`jsontwo serve --workers 2` on a free port, and runs wrk against:

* ``GET /web/version``: a trivial route (the server's own ceiling);
* the README's search_read example (``name ilike deco``, ``is_company``);
* DESIGN.md's budget call: search_read on ``is_company`` and
  ``country_id.code``, 4 fields, limit 80;
* ``search_count`` with an empty domain (per-call overhead).

It prints each rate and its ratio to the trivial route's, measured in the
same run, so that numbers from different machines compare. Odoo 19's rates
on this machine kind (DESIGN.md) are printed beside them for reference.

    python bench/bench.py [--duration 10] [--connections 16] [--backend sqlite|postgresql|both]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from jsontwo.db import Storage, open_storage
from jsontwo.service import create_database
from jsontwo.service.apikeys import create_api_key
from jsontwo.service.databases import with_superuser

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
POST_SCRIPT = HERE / "post.lua"
EXTRA_PARTNERS = 10_000
#: Odoo 19 on this machine kind, from DESIGN.md's performance budget (req/s)
ODOO_RATES = {"search_read (budget call)": 252, "search_count []": 304}
CALLS: list[tuple[str, str, dict[str, object] | None]] = [
    ("GET /web/version (trivial)", "/web/version", None),
    (
        "search_read (README example)",
        "/json/2/res.partner/search_read",
        {"domain": [["name", "ilike", "deco"], ["is_company", "=", True]], "fields": ["name"]},
    ),
    (
        "search_read (budget call)",
        "/json/2/res.partner/search_read",
        {
            "domain": [["is_company", "=", True], ["country_id.code", "=", "US"]],
            "fields": ["name", "email", "country_id", "city"],
            "limit": 80,
        },
    ),
    ("search_count []", "/json/2/res.partner/search_count", {"domain": []}),
]


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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
    """Start `jsontwo serve` and wait until it answers."""
    env = {**os.environ, "JSONTWO_DB_URL": "", **storage.environment()}
    command = [sys.executable, "-m", "jsontwo.cli.main", "serve", "--port", str(port)]
    command += ["--workers", str(workers), "--log-level", "warning"]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/health", timeout=1)
            return proc
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start within 30 s")


def wrk(
    url: str, body: dict[str, object] | None, key: str, db: str, duration: int, connections: int
) -> float:
    """Requests per second that wrk measured (non-2xx answers make the run fail)."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency"]
    env = dict(os.environ)
    if body is not None:
        command += ["-s", str(POST_SCRIPT)]
        env.update(BENCH_BODY=json.dumps(body), BENCH_KEY=key, BENCH_DB=db)
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
    """One call of each kind per worker, so that no worker loads its registry while measured."""
    for _ in range(8):
        for _label, path, body in CALLS:
            headers = {"Authorization": f"bearer {key}", "X-Odoo-Database": db}
            if body is None:
                httpx.get(f"http://127.0.0.1:{port}{path}")
            else:
                httpx.post(
                    f"http://127.0.0.1:{port}{path}", json=body, headers=headers
                ).raise_for_status()


def run_backend(label: str, storage: Storage, args: argparse.Namespace) -> None:
    """Measure every call on one backend and print the table."""
    name = f"bench_{os.getpid()}"
    print(
        f"\n== {label}: preparing a database with demo data + {EXTRA_PARTNERS} partners...",
        flush=True,
    )
    key = populate(storage, name)
    port = free_port()
    proc = start_server(storage, port, args.workers)
    try:
        warm_up(port, key, name)
        rates: dict[str, float] = {}
        for call_label, path, body in CALLS:
            rates[call_label] = wrk(
                f"http://127.0.0.1:{port}{path}", body, key, name, args.duration, args.connections
            )
        trivial = rates[CALLS[0][0]]
        print(f"{'call':34} {'req/s':>9} {'vs trivial':>11} {'vs Odoo 19':>11}")
        for call_label, rate in rates.items():
            odoo = ODOO_RATES.get(call_label)
            versus = f"{rate / odoo:10.1f}x" if odoo else f"{'':>11}"
            print(f"{call_label:34} {rate:9.0f} {rate / trivial:10.2f}x {versus}")
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=15)
        storage.drop(name)


def pg_url() -> str | None:
    """The PostgreSQL server to measure, if any (same lookup as the test suite)."""
    url = os.environ.get("JSONTWO_BENCH_DB_URL") or os.environ.get("JSONTWO_TEST_DB_URL")
    marker = ROOT / ".pg-test-url"
    if not url and marker.exists():
        url = marker.read_text().strip()
    return url


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
        url = pg_url()
        if url is None:
            print(
                "\n== PostgreSQL: skipped, no server (run scripts/pg-test-setup.sh or set JSONTWO_BENCH_DB_URL)"
            )
        else:
            run_backend("PostgreSQL", open_storage(db_url=url), args)


if __name__ == "__main__":
    main()
