"""CPU and wall time of ``search_count []`` on res.partner, with the row counts
jsontwo keeps (docs/internals/orm-behaviour.md, "Row counts") and without them
(the engine's COUNT, as before they existed), on a demo database grown to
``--partners`` partners, in process through ``jsontwo.service.call_json2``.

    python bench/counts.py [--backend sqlite|postgresql] [--partners 10000] [--calls 200]

"Without" removes res.partner's counts for the measurement (search_count then
falls back to COUNT(*), the code path of before) and seeds them again after.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

import sqlalchemy as sa
from cpu import best_times

from jsontwo import testing
from jsontwo.db import Storage, open_storage
from jsontwo.orm import Registry, row_counts
from jsontwo.service import Databases, Json2Call, call_json2, create_database
from jsontwo.service.apikeys import create_api_key

ROOT = Path(__file__).resolve().parent.parent


def grow(registry: Registry, partners: int) -> None:
    """Copy the first partner until res.partner has ``partners`` rows (raw SQL, in
    batches: the counting triggers fire as for any insert)."""
    inspected = sa.inspect(registry.database.engine).get_columns("res_partner")
    with registry.database.transaction() as cr:
        have = int(cr.execute('SELECT count(*) FROM "res_partner"')[0][0])
        columns = [
            c
            for c in sorted(col["name"] for col in inspected)
            if c not in ("id", "name", "active", "parent_id", "commercial_partner_id")
        ]
        names = ", ".join(f'"{c}"' for c in columns)
        first = int(cr.execute('SELECT min(id) FROM "res_partner"')[0][0])
        batch = 50_000
        for start in range(have, partners, batch):
            n = min(batch, partners - start)
            cr.execute(
                f'INSERT INTO "res_partner" (name, active, {names}) '
                "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < %s) "
                f"SELECT 'N' || s.i, ((s.i / 10) * 10 <> s.i), {names} FROM s, "
                '(SELECT * FROM "res_partner" WHERE id = %s) p',
                [n, first],
            )


def measure(storage: Storage, partners: int, calls: int) -> None:
    """Print the figures, kept counts then engine COUNT, for ``partners`` partners."""
    name = f"bench_counts_{os.getpid()}"
    registry = create_database(storage, name, demo=True)
    try:
        grow(registry, partners)
        registry.database.analyze()
        key = create_api_key(registry, "admin", "bench")
        databases = Databases(storage)
        json2 = Json2Call(
            "res.partner",
            "search_count",
            params={"domain": []},
            authorization=f"bearer {key}",
            database=name,
        )

        def call() -> bytes:
            return call_json2(databases, json2)

        for _ in range(20):
            kept = call()
        cpu, wall = best_times(call, calls, 5)
        print(
            f"kept count   {partners:>9} partners: {kept.decode():>9}  cpu {cpu * 1e6:8.1f} µs  wall {wall * 1e6:8.1f} µs"
        )
        with registry.database.transaction() as cr:
            cr.execute(f"DELETE FROM {row_counts.COUNTS_TABLE} WHERE tbl = 'res_partner'")
        for _ in range(3):
            counted = call()
        cpu, wall = best_times(call, max(3, calls // 20), 5)
        print(
            f"engine COUNT {partners:>9} partners: {counted.decode():>9}  cpu {cpu * 1e6:8.1f} µs  wall {wall * 1e6:8.1f} µs"
        )
        assert kept == counted
    finally:
        registry.database.dispose()
        storage.drop(name)


def main() -> None:
    """Parse the flags, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--partners", type=int, default=10_000)
    parser.add_argument("--calls", type=int, default=200)
    args = parser.parse_args()
    if args.backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            measure(open_storage(data_dir=folder), args.partners, args.calls)
        return
    url = testing.pg_test_url(ROOT, ("JSONTWO_BENCH_DB_URL", "JSONTWO_TEST_DB_URL"))
    if url is None:
        raise SystemExit("No PostgreSQL: run scripts/pg-test-setup.sh or set JSONTWO_BENCH_DB_URL")
    measure(open_storage(db_url=url), args.partners, args.calls)


if __name__ == "__main__":
    main()
