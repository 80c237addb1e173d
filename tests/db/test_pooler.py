"""jsontwo behind PgBouncer in transaction pooling mode (deploy/pgbouncer.ini):
a real PgBouncer in front of the test PostgreSQL server, a real server going
through it with ``pool_mode=transaction`` in its URL.

Between two transactions PgBouncer hands the server connection to another
client, so nothing may be left on a session: no statement prepared on the
server (psycopg prepares one it ran five times), no ``SET`` (the statement
timeout and JIT are set per transaction), no session advisory lock (the
schema lock is a transaction's). A concurrent mix of reads and writes runs
without a failure, every acknowledged write is there once, and the call time
limit still stops a slow call, without reaching another server's calls."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest
import sqlalchemy as sa

from jsontwo.db import Database, Storage, open_storage, run_in_transaction
from jsontwo.db.engines import pool_mode
from jsontwo.db.storage import StorageError
from jsontwo.testing import maintenance_conninfo, run_command
from tests.conftest import ROOT, new_db_name, pg_url
from tests.servers import server_env

sys.path.insert(0, str(ROOT / "scripts"))

from cluster.load import Load
from cluster.processes import Instance, PgBouncer, new_password

#: the role PgBouncer logs in as (made, or given a new password, by each run)
ROLE = "jsontwo_pooler_test"
#: calls of the load: each statement runs many more times than psycopg's
#: threshold for preparing it (5) on every connection
CALLS = 120


def server_address(url: str) -> tuple[str, int]:
    """The TCP address of the test server for PgBouncer (SCRAM over TCP: a
    socket folder in the URL means this machine, 127.0.0.1)."""
    parsed = sa.make_url(url)
    port = parsed.port or int(str(parsed.query.get("port") or 5432))
    host = parsed.host if parsed.host and not parsed.host.startswith("/") else "127.0.0.1"
    return host, port


@pytest.fixture(scope="module")
def bouncer() -> Iterator[PgBouncer]:
    """PgBouncer in front of the test server, for a role with a password (a
    superuser: database templates made by other roles are copied and dropped)."""
    password = new_password()
    with psycopg.connect(maintenance_conninfo(pg_url()), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [ROLE]).fetchone()
        if not exists:
            conn.execute(f"CREATE ROLE {ROLE} LOGIN SUPERUSER")
        conn.execute(f"ALTER ROLE {ROLE} PASSWORD '{password}'")
    host, port = server_address(pg_url())
    pooler = PgBouncer(host, port, ROLE, password, pool_size=6)
    pooler.start()
    yield pooler
    pooler.stop()
    with psycopg.connect(maintenance_conninfo(pg_url()), autocommit=True) as conn:
        conn.execute(f"ALTER ROLE {ROLE} PASSWORD NULL")  # no way in left behind


@pytest.fixture(scope="module")
def pooled(bouncer: PgBouncer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Storage]:
    """The storage of a server whose URL names PgBouncer."""
    yield open_storage(data_dir=tmp_path_factory.mktemp("data"), db_url=bouncer.url)


@pytest.fixture(scope="module")
def database(pooled: Storage) -> Iterator[tuple[str, str]]:
    """A demo database created through PgBouncer, and an admin key."""
    name = new_db_name("pool")
    env = server_env(pooled)
    run_command(["db", "create", name, "--demo"], env)
    key = run_command(["apikey", "create", "--db", name, "--login", "admin", "--name", "pool"], env)
    yield name, key
    pooled.drop(name)  # DROP DATABASE through PgBouncer too
    assert not pooled.exists(name)


def test_the_url_says_how_the_pooler_pools() -> None:
    assert pool_mode("postgresql://u@h:6432/postgres?pool_mode=transaction") == "transaction"
    assert pool_mode("postgresql://u@h:5432/postgres") == "session"
    with pytest.raises(StorageError, match="pool_mode must be one of session, transaction"):
        open_storage(db_url="postgresql://u@h:6432/postgres?pool_mode=statement")


def test_a_server_behind_pgbouncer_under_a_mixed_load(
    pooled: Storage, database: tuple[str, str], tmp_path: Path
) -> None:
    name, key = database
    env = server_env(pooled)
    # the slow calls below take a key of their own: a key's first use in a process
    # notes it (an UPDATE of its row), and a call whose note meets the load's note
    # of the same key is retried, which their 0.05 s limit leaves no time for
    hasty_key = run_command(
        ["apikey", "create", "--db", name, "--login", "admin", "--name", "hasty"], env
    )
    steady = Instance("steady", env, tmp_path / "steady.log", ["--workers", "2"])
    # a second server with a tight time limit, through the same PgBouncer: its
    # statement timeout must stop its slow calls, and never the other's calls
    hasty = Instance("hasty", env, tmp_path / "hasty.log", ["--limit-time-real", "0.05"])
    steady.start()
    hasty.start()
    load = Load(f"http://127.0.0.1:{steady.port}", name, key, clients=4)
    try:
        load.start("mixed")
        patterns = [["name", "ilike", f"pattern {i}"] for i in range(10_000)]
        slow = {"domain": ["|"] * (len(patterns) - 1) + patterns}
        headers = {"Authorization": f"bearer {hasty_key}", "X-Odoo-Database": name}
        answers = [
            httpx.post(
                f"http://127.0.0.1:{hasty.port}/json/2/res.partner/search_count",
                headers=headers,
                json=slow,
                timeout=60,
            )
            for _ in range(3)
        ]
        load.wait_calls(CALLS)
        load.stop()
        verdict = load.verify()
    finally:
        load.stop()
        steady.stop()
        hasty.stop()
    assert load.failures() == 0, load.phases[-1].examples
    assert verdict.acknowledged >= CALLS // 2 - 4
    assert verdict.lost == []
    assert verdict.doubled == []
    for answer in answers:
        assert answer.status_code == 500
        assert answer.json()["message"] == (
            "canceling statement due to statement timeout: the call ran longer than "
            "the server's time limit of 0.05 seconds (limit_time_real)"
        )


def test_each_transaction_carries_its_settings_through_pgbouncer(
    pooled: Storage, database: tuple[str, str]
) -> None:
    """JIT off, the time limit, and read-only on a replica's pool: set in every
    transaction, whichever server connection PgBouncer gives it."""
    name, _key = database
    url = pooled.url_for(name)
    settings = "SELECT current_setting('jit'), current_setting('statement_timeout'), "
    settings += "current_setting('transaction_read_only')"
    for read_only, expected in ((False, ("off", "2500ms", "off")), (True, ("off", "2500ms", "on"))):
        pool = Database(name, url, time_limit=2.5, read_only=read_only)
        try:
            for _ in range(8):  # more than psycopg's threshold for preparing
                assert run_in_transaction(pool, lambda cr: cr.execute(settings)) == [expected]
        finally:
            pool.dispose()
