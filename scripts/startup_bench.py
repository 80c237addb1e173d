"""Start-up figures of jsontwo, as a user sees them (docs/benchmarks.md, "Start-up").

* ``create``: the wall time of ``jsontwo db create NAME --demo`` (the whole
  command: interpreter, imports, the database), the first one and the next ones;
* ``serve``: from spawning ``jsontwo serve`` on an existing database to the
  first 200 answer of a JSON-2 call (polled every 5 ms);
* ``rss``: each worker's RSS, PSS and USS after a few hundred budget calls, and
  the whole server's PSS per worker (bench/procs.py says what each means);
* ``wrk``: the budget call's rate with 1 and 2 workers (wrk, 16 connections),
  on the demo database.

Each figure is the median of ``--repeat`` runs. ``--python`` picks the
interpreter (another checkout's venv: its code), so before and after are
measured in one sitting::

    python scripts/startup_bench.py --backend sqlite --repeat 5
    python scripts/startup_bench.py --python /other/.venv/bin/python --backend postgresql

Timing never decides a test: this is for people.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import procs  # noqa: E402  (bench/procs.py)

#: the budget call of docs/benchmarks.md
BUDGET = {
    "domain": [["is_company", "=", True], ["country_id.code", "=", "US"]],
    "fields": ["name", "email", "phone", "country_id"],
    "limit": 80,
}


def jsontwo(python: str) -> list[str]:
    """The command that runs jsontwo's command line with ``python``."""
    return [python, "-m", "jsontwo.cli.main"]


def environment(backend: str, folder: Path) -> dict[str, str]:
    """The ``JSONTWO_*`` variables of a storage of ``backend`` in ``folder``."""
    url = ""
    if backend == "postgresql":
        url = (ROOT / ".pg-test-url").read_text().strip()
    return {**os.environ, "JSONTWO_DATA_DIR": str(folder), "JSONTWO_DB_URL": url}


def run(command: list[str], env: dict[str, str]) -> str:
    """Run ``command``; its standard output (SystemExit with its error when it fails)."""
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    return done.stdout.strip()


def time_create(python: str, env: dict[str, str], repeat: int) -> list[str]:
    """Create ``repeat + 1`` databases with demo data; their seconds on the clock
    and of CPU (the first may make the template). Answers the names made, to drop."""
    names = []
    seconds = []
    cpu = []
    for _ in range(repeat + 1):
        name = f"startup_{uuid.uuid4().hex[:8]}"
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        run([*jsontwo(python), "db", "create", name, "--demo"], env)
        seconds.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        names.append(name)
    print(
        f"  db create --demo: first {seconds[0]:.2f} s, then median "
        f"{statistics.median(seconds[1:]):.2f} s ({', '.join(f'{s:.2f}' for s in seconds[1:])}); "
        f"CPU median {statistics.median(cpu[1:]):.2f} s"
    )
    return names


def call(port: int, db: str, key: str, timeout: float = 5) -> int:
    """The status of one budget call (0: no answer)."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/json/2/res.partner/search_read",
        data=json.dumps(BUDGET).encode(),
        headers={
            "Content-Type": "application/json",
            "Authorization": f"bearer {key}",
            "X-Odoo-Database": db,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


def free_port() -> int:
    """A TCP port nobody listens on."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(python: str, env: dict[str, str], workers: int) -> tuple[subprocess.Popen[bytes], int]:
    """Spawn ``jsontwo serve``; the process and its port."""
    port = free_port()
    command = [*jsontwo(python), "serve", "--port", str(port), "--workers", str(workers)]
    command += ["--log-level", "warning"]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return proc, port


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop a server as Ctrl+C does."""
    proc.send_signal(2)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def time_first_call(
    python: str, env: dict[str, str], db: str, key: str, workers: int
) -> tuple[float, float]:
    """Seconds from spawning the server to the first 200 of a JSON-2 call, and
    the CPU seconds its processes used until then."""
    start = time.perf_counter()
    proc, port = serve(python, env, workers)
    try:
        while time.perf_counter() - start < 60:
            if call(port, db, key, timeout=10) == 200:
                return time.perf_counter() - start, procs.cpu_seconds(proc.pid)
            time.sleep(0.005)
        raise SystemExit("the server did not answer within 60 s")
    finally:
        stop(proc)


def wait_answering(port: int, db: str, key: str) -> None:
    """Return once the server on ``port`` answers the budget call (60 s at most)."""
    deadline = time.time() + 60
    while call(port, db, key) != 200:
        if time.time() > deadline:
            raise SystemExit("the server did not answer within 60 s")
        time.sleep(0.05)


def worker_memory(
    python: str, env: dict[str, str], db: str, key: str, workers: int
) -> procs.ServerMemory:
    """The workers' memory after 300 budget calls."""
    proc, port = serve(python, env, workers)
    try:
        wait_answering(port, db, key)
        for _ in range(300):
            call(port, db, key)
        # uvicorn's spawn (before jsontwo forked its workers) left a resource
        # tracker among the children: skip it
        return procs.server_memory(proc.pid, ("resource_tracker",))
    finally:
        stop(proc)


def wrk_rate(python: str, env: dict[str, str], db: str, key: str, workers: int) -> float:
    """Requests per second of the budget call with ``workers`` workers (wrk -t2 -c16 -d10s)."""
    proc, port = serve(python, env, workers)
    try:
        wait_answering(port, db, key)
        for _ in range(50 * workers):  # every worker has loaded the registry
            call(port, db, key)
        wrk_env = {**env, "BENCH_BODY": json.dumps(BUDGET), "BENCH_KEY": key, "BENCH_DB": db}
        out = run(
            [
                "wrk",
                "-t2",
                "-c16",
                "-d10s",
                "-s",
                str(ROOT / "bench" / "post.lua"),
                f"http://127.0.0.1:{port}/json/2/res.partner/search_read",
            ],
            wrk_env,
        )
        if "Non-2xx" in out:
            raise SystemExit(f"wrk saw errors:\n{out}")
        return float(out.split("Requests/sec:")[1].split()[0])
    finally:
        stop(proc)


def main() -> None:
    """Parse the flags, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--what", default="create,serve,rss")
    args = parser.parse_args()
    wanted = args.what.split(",")
    # bytecode, as pip install compiles it (see bench/server.py, compile_code)
    subprocess.run(
        [
            args.python,
            "-c",
            "import compileall, jsontwo, pathlib; "
            "compileall.compile_dir(pathlib.Path(jsontwo.__file__).parent, quiet=1)",
        ],
        check=True,
    )
    with tempfile.TemporaryDirectory() as folder:
        env = environment(args.backend, Path(folder))
        print(f"{args.backend} with {args.python}:")
        names = time_create(args.python, env, args.repeat) if "create" in wanted else []
        try:
            if {"serve", "rss", "wrk"} & set(wanted):
                db = names[0] if names else f"startup_{uuid.uuid4().hex[:8]}"
                if not names:
                    run([*jsontwo(args.python), "db", "create", db, "--demo"], env)
                    names.append(db)
                key = run(
                    [
                        *jsontwo(args.python),
                        "apikey",
                        "create",
                        "--db",
                        db,
                        "--login",
                        "admin",
                        "--name",
                        "startup",
                    ],
                    env,
                )
                # served alone: a server with several databases needs the header anyway
                if "serve" in wanted:
                    for workers in (1, 2):
                        got = [
                            time_first_call(args.python, env, db, key, workers)
                            for _ in range(args.repeat)
                        ]
                        times = [clock for clock, _cpu in got]
                        print(
                            f"  serve --workers {workers} to first 200: median "
                            f"{statistics.median(times):.2f} s "
                            f"({', '.join(f'{t:.2f}' for t in times)}); CPU until then "
                            f"median {statistics.median(c for _t, c in got):.2f} s"
                        )
                if "wrk" in wanted:
                    rates = {n: wrk_rate(args.python, env, db, key, n) for n in (1, 2)}
                    print(
                        f"  budget call: 1 worker {rates[1]:.0f} req/s, 2 workers "
                        f"{rates[2]:.0f} req/s ({rates[2] / rates[1]:.2f}x)"
                    )
                if "rss" in wanted:
                    for workers in (1, 2):
                        memory = worker_memory(args.python, env, db, key, workers)
                        each = "; ".join(
                            f"RSS {m.rss:.0f} PSS {m.pss:.0f} USS {m.uss:.0f}"
                            for m in memory.workers
                        )
                        print(
                            f"  --workers {workers} after 300 calls: server PSS per worker "
                            f"{memory.pss_per_worker:.0f} MB (each worker, MB: {each})"
                        )
        finally:
            for name in names:
                run([*jsontwo(args.python), "db", "drop", "-y", name], env)


if __name__ == "__main__":
    main()
