"""``make cluster``: the whole local topology of docs/deployment.md on loopback
ports, a mixed load, the faults, the figures, and everything stopped.

    PostgreSQL primary (initdb in a temporary folder) --streaming--> replica
          ^
      PgBouncer (transaction pooling)
          ^
    jsontwo instance a, jsontwo instance b  (--drain-time)
          ^
      HAProxy (health checks on /health/ready)  <--  the load generator

Phases: steady; instance a stopped with SIGTERM (and started again); instance
b killed with SIGKILL (and started again); the replica stopped. Each phase
prints its calls, failures and calls per second; at the end every create the
servers acknowledged is looked for."""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pg_replica

from cluster.load import Load
from cluster.postgres import Primary
from cluster.processes import HAProxy, Instance, PgBouncer, new_password

#: the database the load runs on
DATABASE = "cluster"
#: the role jsontwo and PgBouncer log in as
ROLE = "jsontwo"


def say(text: str) -> None:
    """One line of progress."""
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


def jsontwo(args: list[str], env: dict[str, str]) -> str:
    """Run a ``jsontwo`` command; what it printed."""
    done = subprocess.run(
        [sys.executable, "-m", "jsontwo.cli.main", *args],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"jsontwo {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout.strip()


def admin_keys(env: dict[str, str], count: int) -> list[str]:
    """``count`` API keys of the admin, which the clients take in turn (so that
    balancing by key spreads the calls over the instances)."""
    code = (
        "import sys\n"
        "from jsontwo.db import open_storage\n"
        "from jsontwo.service import Databases\n"
        "from jsontwo.service.apikeys import create_api_key\n"
        "storage = open_storage(sys.argv[1], sys.argv[2])\n"
        "registry = Databases(storage).registry(sys.argv[3])\n"
        "for n in range(int(sys.argv[4])):\n"
        "    print(create_api_key(registry, 'admin', f'cluster {n}', 1))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, env["JSONTWO_DATA_DIR"], env["JSONTWO_DB_URL"], DATABASE,
         str(count)],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout.split()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10, help="length of each phase")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients of the load")
    parser.add_argument("--workers", type=int, default=2, help="worker processes per instance")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    with contextlib.ExitStack() as stack:
        folder = Path(tempfile.mkdtemp(prefix="jsontwo-cluster-"))
        if not args.keep:
            stack.callback(shutil.rmtree, folder, True)
        run(stack, folder, args)
    return 0


def run(stack: contextlib.ExitStack, folder: Path, args: argparse.Namespace) -> None:
    """Start the topology (each part stopped by ``stack``), load it, inject the faults."""
    password = new_password()
    say("PostgreSQL primary: initdb in a temporary folder...")
    primary = Primary()
    stack.callback(primary.destroy)
    primary.create()
    primary.add_role(ROLE, password)
    say(f"  primary on 127.0.0.1:{primary.port}")
    say("streaming replica: pg_basebackup (scripts/pg_replica.py)...")
    replica = pg_replica.create(primary.url)
    stack.callback(replica.cleanup)
    say(f"  replica on 127.0.0.1:{replica.port}")
    bouncer = PgBouncer("127.0.0.1", primary.port, ROLE, password, pool_size=20)
    stack.callback(bouncer.stop)
    bouncer.start()
    say(f"PgBouncer (transaction pooling) on 127.0.0.1:{bouncer.port}")
    env = {k: v for k, v in os.environ.items() if not k.startswith("JSONTWO_")}
    env.update(JSONTWO_DB_URL=bouncer.url, JSONTWO_DATA_DIR=str(folder / "data"))
    say(f"database {DATABASE!r} with demo data, through PgBouncer...")
    jsontwo(["db", "create", DATABASE, "--demo"], env)
    keys = admin_keys(env, 4 * args.clients)
    serve = ["--workers", str(args.workers), "--drain-time", "3"]
    serve += ["--db-replica-url", f"postgresql://{ROLE}:{password}@127.0.0.1:{replica.port}/"]
    instances = {n: Instance(n, env, folder / f"{n}.log", serve) for n in ("a", "b")}
    for instance in instances.values():
        stack.callback(instance.stop)
        instance.start()
        say(
            f"jsontwo instance {instance.name} on 127.0.0.1:{instance.port} ({args.workers} workers)"
        )
    ports = {name: instance.port for name, instance in instances.items()}
    balance = "hdr(Authorization)"  # a key's calls to one instance (docs/replicas.md)
    balancer = HAProxy(folder / "haproxy", ports, "500ms", fall=2, rise=2, balance=balance)
    stack.callback(balancer.stop)
    balancer.start()
    say(f"HAProxy on 127.0.0.1:{balancer.port}: balance {balance}, checks every 500 ms")
    load = Load(f"http://127.0.0.1:{balancer.port}", DATABASE, keys, clients=args.clients)
    stack.callback(load.stop)
    faults(load, instances, replica, args.seconds)
    report(load, args)
    for instance in instances.values():
        say(f"instance {instance.name}, since its restart: {replica_reads(instance)}")


def faults(
    load: Load, instances: dict[str, Instance], replica: pg_replica.Replica, seconds: float
) -> None:
    """The phases of the run, each ``seconds`` long."""
    say(f"load: {load.clients} clients, creates and reads half and half")
    load.start("steady")
    time.sleep(seconds)
    for name, stop, how in (
        ("a", instances["a"].terminate, "SIGTERM"),
        ("b", instances["b"].kill, "SIGKILL"),
    ):
        load.phase(f"{name} stopped ({how})")
        say(f"instance {name}: {how}")
        stop()
        instances[name].wait()
        time.sleep(seconds)
        load.phase(f"{name} restarting")
        say(f"instance {name}: started again")
        before = load.by_instance[name]
        instances[name].start()
        wait_until(lambda n=name, b=before: load.by_instance[n] > b)  # type: ignore[misc]
    load.phase("replica stopped")
    say("replica: stopped (pg_ctl stop -m immediate)")
    replica.stop("immediate")
    time.sleep(seconds)
    load.stop()


def replica_reads(instance: Instance) -> str:
    """The instance's replica metrics: reads a replica answered, and the reads of
    the list that ran on the primary, by reason (docs/replicas.md)."""
    try:
        text = httpx.get(f"http://127.0.0.1:{instance.port}/metrics", timeout=10).text
    except httpx.HTTPError as exc:
        return f"no metrics ({exc})"
    counts: dict[str, float] = {}
    for line in text.splitlines():
        for metric in ("jsontwo_db_replica_reads_total", "jsontwo_db_replica_fallbacks_total"):
            if line.startswith(metric):
                label = line.split("{", 1)[1].split("}")[0] if "{" in line else ""
                name = "replica reads" if "reads" in metric else f"on the primary ({label})"
                counts[name] = counts.get(name, 0) + float(line.rsplit(" ", 1)[1])
    return ", ".join(f"{name}: {value:g}" for name, value in counts.items()) or "none"


def wait_until(done: Callable[[], bool], timeout: float = 120) -> None:
    """Wait until ``done()`` (an upper bound: a part that never comes back fails the run)."""
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise SystemExit("timed out")
        time.sleep(0.1)


def report(load: Load, args: argparse.Namespace) -> None:
    """Print the figures of the run."""
    verdict = load.verify()
    print(flush=True)
    print(f"Figures ({args.clients} clients, {args.workers} workers per instance, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}):")  # fmt: skip
    for line in load.report():
        print(line)
    total = sum(p.calls for p in load.phases)
    print(f"  calls: {total}, failed: {load.failures()}")
    print(f"  acknowledged creates: {verdict.acknowledged}, lost: {len(verdict.lost)}, "
          f"doubled: {len(verdict.doubled)}")  # fmt: skip
    for phase in load.phases:
        for example in phase.examples:
            print(f"  {phase.name}: {example}")
    if verdict.lost or verdict.doubled:
        raise SystemExit("acknowledged writes were lost or doubled")


if __name__ == "__main__":
    sys.exit(main())
