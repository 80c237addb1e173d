"""jsontwo's side: the bench database, the server processes (timed from spawn
to their first answered JSON-2 call), and a new database as a user makes one."""

from __future__ import annotations

import compileall
import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import httpx
import procs
import seed
from target import Target

import jsontwo
from jsontwo import testing
from jsontwo.db import Storage
from jsontwo.orm import Environment
from jsontwo.service import create_database
from jsontwo.service.apikeys import create_api_key
from jsontwo.service.databases import with_superuser

#: the demo admin's password (demo databases only): the XML-RPC call signs in with it
ADMIN_PASSWORD = "admin"
ADMIN_UID = 2
#: what uvicorn's supervisor starts beside its workers
NOT_WORKERS = ("resource_tracker",)


def compile_code() -> None:
    """Compile jsontwo's modules to bytecode (``__pycache__``), as ``pip install``
    does: without it, and with ``PYTHONDONTWRITEBYTECODE`` set, every command and
    server the benchmark starts would compile jsontwo's source again (about half
    a second of CPU), which no installed jsontwo does. Python reads bytecode even
    when that variable forbids writing it."""
    compileall.compile_dir(Path(jsontwo.__file__).parent, quiet=1)


def country_codes(storage: Storage, name: str) -> list[str]:
    """The ISO codes of the database's countries, sorted: the list the generated
    partners are spread over, on every server."""
    database = storage.open(name)
    try:
        with database.connection() as conn:
            cur = conn.cursor()
            cur.execute("SELECT code FROM res_country WHERE code IS NOT NULL ORDER BY code")
            return [str(row[0]) for row in cur.fetchall()]
    finally:
        database.dispose()


#: the modules of the bench database: those of the reference Odoo's (``base``,
#: with only web modules beside it, which add nothing to a partner). With
#: jsontwo's default modules, ``mail`` would give each created partner a
#: follower and a "Contact created" note that Odoo's bench database does not:
#: the two servers would not do the same work.
BENCH_MODULES = ("base",)


def populate(storage: Storage, name: str, partners: int) -> tuple[str, list[str]]:
    """Create the bench database: :data:`BENCH_MODULES`, demo data, ``partners``
    generated partners (in process: the quickest), an admin key; answer the key
    and the country codes."""
    registry = create_database(storage, name, demo=True, modules=BENCH_MODULES)

    def add_partners(env: Environment) -> list[str]:
        rows = env["res.country"].search_read([], ["code"])
        ids = {row["code"]: row["id"] for row in rows if row["code"]}
        codes = sorted(ids)
        for numbers in seed.batches(0, partners, 10_000):
            env["res.partner"].create(seed.values_for(numbers, codes, ids))
        return codes

    codes = with_superuser(registry, add_partners)
    key = create_api_key(registry, "admin", "bench")
    registry.database.dispose()
    settle(storage, name)
    return key, codes


def settle(storage: Storage, name: str) -> None:
    """Vacuum and analyze, as autovacuum would after a bulk load: measure the
    steady state."""
    database = storage.open(name)
    try:
        with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM")
        database.analyze()
    finally:
        database.dispose()


@dataclass
class Server:
    """A running ``jsontwo serve`` and the target it serves."""

    process: subprocess.Popen[bytes]
    target: Target
    #: seconds from spawning it to its first answered JSON-2 call
    cold_start: float
    #: seconds from spawning it to its first answer of ``/health``
    listening: float

    def memory(self) -> procs.ServerMemory:
        """Its workers' memory, and the whole server's PSS per worker."""
        return procs.server_memory(self.process.pid, NOT_WORKERS)

    def stop(self) -> None:
        """Stop it the way Ctrl+C does."""
        testing.stop_server(self.process)


def start(storage: Storage, name: str, key: str, workers: int, log: Path) -> Server:
    """Spawn ``jsontwo serve --workers N`` on a free port, its log to ``log``, and
    wait for its first answered JSON-2 call (SystemExit with the log when it does
    not come)."""
    port = testing.free_port()
    env = {**os.environ, "JSONTWO_DB_URL": "", **storage.environment()}
    command = [sys.executable, "-m", "jsontwo.cli.main", "serve", "--port", str(port)]
    command += ["--workers", str(workers), "--log-level", "warning"]
    target = Target("jsontwo", f"http://127.0.0.1:{port}", name, key, ADMIN_UID, ADMIN_PASSWORD)
    began = time.perf_counter()
    with log.open("wb") as sink:
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=sink)
    health = f"{target.url}/health"
    url = f"{target.url}/json/2/res.partner/search_count"
    headers = {"Authorization": f"bearer {key}", "X-Odoo-Database": name}
    deadline = began + testing.START_TIMEOUT
    listening = 0.0
    with httpx.Client(timeout=testing.START_TIMEOUT) as client:
        while time.perf_counter() < deadline:
            if process.poll() is not None:
                raise SystemExit(
                    f"jsontwo serve exited with {process.returncode}:\n{log.read_text()}"
                )
            try:
                if not listening:  # first the health route: the process is up
                    client.get(health).raise_for_status()
                    listening = time.perf_counter() - began
                if client.post(url, json={"domain": []}, headers=headers).status_code == 200:
                    return Server(process, target, time.perf_counter() - began, listening)
            except httpx.HTTPError:
                pass  # not listening yet, or not ready
            time.sleep(0.005)
    process.kill()
    raise SystemExit(f"jsontwo serve did not answer in time:\n{log.read_text()}")


def time_new_database(storage: Storage, times: int = 2) -> tuple[list[float], list[float]]:
    """Seconds a new database with demo data takes, ``times`` each way: the whole
    ``jsontwo db create NAME --demo`` command, as a user waits for it (a new
    process: imports included), and ``create_database`` in this process (what a
    test fixture pays, after a first one that warmed the process up)."""
    env = {**os.environ, "JSONTWO_DB_URL": "", **storage.environment()}
    command: list[float] = []
    in_process: list[float] = []
    for _ in range(times):
        name = f"bench_new_{uuid.uuid4().hex[:8]}"
        began = time.perf_counter()
        testing.run_command(["db", "create", name, "--demo"], env)
        command.append(time.perf_counter() - began)
        storage.drop(name)
    for _ in range(times):
        name = f"bench_new_{uuid.uuid4().hex[:8]}"
        began = time.perf_counter()
        create_database(storage, name, demo=True).database.dispose()
        in_process.append(time.perf_counter() - began)
        storage.drop(name)
    return command, in_process
