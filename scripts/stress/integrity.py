"""The database's integrity after the run, read straight from the storage:
SQLite's ``PRAGMA integrity_check`` and ``foreign_key_check``; on PostgreSQL,
every foreign key checked row by row (no row points at a missing one) and each
table's row count read twice, by a sequential and an index scan."""

from __future__ import annotations

import sqlite3
from typing import Any

import psycopg

from stress.figures import Figures
from stress.server import StressServer


def run(server: StressServer, figures: Figures) -> None:
    """Check the database of ``server`` (stopped or running)."""
    problems = _sqlite(server) if server.backend == "sqlite" else _postgresql(server)
    figures.integrity = problems
    figures.integrity_ok = not problems
    for problem in problems[:3]:
        figures.example("integrity", problem=problem)


def _sqlite(server: StressServer) -> list[str]:
    path = server.folder / f"{server.db}.sqlite3"
    if not path.exists():
        return [f"no SQLite file for {server.db} in {server.folder}"]
    with sqlite3.connect(path) as conn:
        result = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        orphans = conn.execute("PRAGMA foreign_key_check").fetchall()
    problems = [] if result == ["ok"] else [f"integrity_check: {r}" for r in result]
    problems += [
        f"foreign key {table}.rowid={rowid} -> {parent}" for table, rowid, parent, _ in orphans
    ]
    return problems


#: every foreign key: (table, columns, referenced table, referenced columns)
FOREIGN_KEYS = """
SELECT c.conrelid::regclass::text, c.confrelid::regclass::text,
       array_agg(a.attname ORDER BY k.n), array_agg(b.attname ORDER BY k.n)
FROM pg_constraint c
CROSS JOIN LATERAL unnest(c.conkey, c.confkey) WITH ORDINALITY AS k(col, fcol, n)
JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.col
JOIN pg_attribute b ON b.attrelid = c.confrelid AND b.attnum = k.fcol
WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
GROUP BY c.oid, c.conrelid, c.confrelid
"""


def _postgresql(server: StressServer) -> list[str]:
    url = server.env["JSONTWO_DB_URL"]
    problems: list[str] = []
    with psycopg.connect(_database_url(url, server.db), autocommit=True) as conn:
        for table, parent, columns, parent_columns in conn.execute(FOREIGN_KEYS).fetchall():
            join = " AND ".join(
                f'p."{p}" = t."{c}"' for c, p in zip(columns, parent_columns, strict=True)
            )
            present = " AND ".join(f't."{c}" IS NOT NULL' for c in columns)
            orphans = conn.execute(
                f"SELECT count(*) FROM {table} t WHERE {present} "
                f"AND NOT EXISTS (SELECT 1 FROM {parent} p WHERE {join})"
            ).fetchone()
            if orphans and orphans[0]:
                problems.append(f"{orphans[0]} rows of {table}{columns} point nowhere in {parent}")
        problems += _counts(conn)
    return problems


def _counts(conn: psycopg.Connection[Any]) -> list[str]:
    """Tables whose row count differs between a sequential and an index scan."""
    problems = []
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND "
            "EXISTS (SELECT 1 FROM information_schema.columns c WHERE c.table_schema = 'public' "
            "AND c.table_name = tablename AND c.column_name = 'id')"
        ).fetchall()
    ]
    for table in tables:
        conn.execute(
            "SET enable_indexscan = off; SET enable_bitmapscan = off; SET enable_indexonlyscan = off"
        )
        seq = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()
        conn.execute(
            "SET enable_seqscan = off; SET enable_indexscan = on; SET enable_indexonlyscan = on"
        )
        indexed = conn.execute(f'SELECT count(*) FROM "{table}" WHERE id > 0').fetchone()
        conn.execute("RESET ALL")
        if seq != indexed:
            problems.append(f"{table}: {seq} rows scanned, {indexed} through the index")
    return problems


def _database_url(url: str, name: str) -> str:
    """The server URL ``url`` pointed at database ``name`` (the path names it)."""
    base, _, query = url.partition("?")
    scheme, _, rest = base.partition("://")
    host = rest.split("/", 1)[0]
    return f"{scheme}://{host}/{name}" + (f"?{query}" if query else "")
