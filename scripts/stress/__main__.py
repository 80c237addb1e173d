"""``make stress``: ``PYTHONPATH=scripts python -m stress [options]`` runs every
part on each backend against a new 2-worker server and prints the figures;
exits 1 when any failure was counted. ``--help`` lists the counts to change."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from stress import fuzz, integrity, keys, kill, sales, writes
from stress.figures import Figures
from stress.server import StressServer


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="stress", description=__doc__)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--clients", type=int, default=32, help="concurrent writers (32)")
    parser.add_argument("--writes", type=int, default=30, help="writes per writer (30)")
    parser.add_argument("--orders", type=int, default=40, help="sale orders confirmed (40)")
    parser.add_argument("--key-rounds", type=int, default=4, help="races on the key limit (4)")
    parser.add_argument("--racers", type=int, default=24, help="generate calls per race (24)")
    parser.add_argument("--kills", type=int, default=2, help="kill -9 under load (2)")
    parser.add_argument("--fuzz", type=int, default=100_000, help="fuzzed requests (100000)")
    parser.add_argument("--senders", type=int, default=8, help="fuzzing connections (8)")
    parser.add_argument("--timeout", type=float, default=30.0, help="per-request timeout, s (30)")
    parser.add_argument("--huge-mb", type=int, default=16, help="size of the huge bodies (16)")
    parser.add_argument(
        "--slow", type=int, default=None, help="slow clients (fuzz/5000, at least 2)"
    )
    parser.add_argument(
        "--fuzz-minutes", type=float, default=None, help="stop fuzzing after this long (no limit)"
    )
    parser.add_argument("--seed", type=int, default=0, help="hypothesis seed (0)")
    parser.add_argument("--report", type=Path, help="write the figures and examples as JSON here")
    return parser.parse_args(argv)


def timed(figures: Figures, part: str, work: Callable[[], None]) -> None:
    """Run a part, noting how long it took."""
    started = time.monotonic()
    print(f"[{figures.backend}] {part}...", file=sys.stderr, flush=True)
    try:
        work()
    finally:
        figures.seconds[part] = time.monotonic() - started


def run_backend(backend: str, args: argparse.Namespace) -> Figures:
    """Every part on a new server of ``backend``."""
    figures = Figures(backend)
    with tempfile.TemporaryDirectory(prefix="stress-") as folder:
        server = StressServer(backend, Path(folder))
        server.create()
        try:
            server.start()
            timed(
                figures, "writers", lambda: writes.run(server, figures, args.clients, args.writes)
            )
            timed(figures, "sale orders", lambda: sales.run(server, figures, args.orders))
            timed(
                figures,
                "key limit",
                lambda: keys.run(server, figures, args.key_rounds, args.racers),
            )
            note_retries(server, figures)  # before kill -9: a restart counts anew
            for _ in range(args.kills):
                timed(figures, "kill -9", lambda: kill.run(server, figures, args.clients, 1000))
            timed(
                figures,
                "fuzz",
                lambda: fuzz.run(
                    server,
                    figures,
                    args.fuzz,
                    args.senders,
                    args.timeout,
                    args.huge_mb,
                    args.seed,
                    args.slow,
                    args.fuzz_minutes,
                ),
            )
        finally:
            server.stop()
            figures.crashes, figures.recycled = server.worker_ends()
            timed(figures, "integrity", lambda: integrity.run(server, figures))
            server.drop()
            if args.report and figures.failures():
                keep_logs(Path(folder), args.report, backend)
    return figures


def keep_logs(folder: Path, report: Path, backend: str) -> None:
    """Copy the server's logs (one per start) beside the report: what a failure
    left there (a worker's end, a traceback) is gone with the folder otherwise."""
    for log in sorted(folder.glob("serve-*.log")):
        kept = report.with_name(f"{report.stem}-{backend}-{log.name}")
        shutil.copyfile(log, kept)
        print(f"[{backend}] server log kept: {kept}", file=sys.stderr)


#: the answers of a write that still conflicted after the server's last try
CONFLICTS = ("psycopg2.errors.SerializationFailure", "psycopg2.errors.DeadlockDetected")


def note_retries(server: StressServer, figures: Figures) -> None:
    """The conflicts of the parts so far (writers, orders, key races), from the
    server's metrics: retries, and conflicts that outlived them."""
    figures.retries = round(server.metric("jsontwo_db_retries_total"))
    figures.conflicts_after_retries = round(
        sum(server.metric("jsontwo_errors_total", error=name) for name in CONFLICTS)
    )


def main(argv: list[str] | None = None) -> int:
    """Run the suite; 0 when nothing failed."""
    args = parse(argv)
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    results = []
    for backend in backends:
        figures = run_backend(backend, args)
        results.append(figures)
        print(figures.report(), flush=True)
        for kind, examples in figures.examples.items():
            print(f"  example of {kind}: {json.dumps(examples[0], default=str)[:800]}")
    if args.report:
        args.report.write_text(json.dumps([f.as_json() for f in results], indent=1))
    return 1 if any(f.failures() for f in results) else 0


if __name__ == "__main__":
    sys.exit(main())
