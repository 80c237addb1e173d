"""`make conformance`: replay the differential suites against a fresh jsontwo.

For each backend (SQLite and PostgreSQL, side by side): create a new database
with demo data, create an admin key with `jsontwo apikey create`, start
`jsontwo serve --dev --database NAME` on a free port (in development mode, so
that error objects carry a traceback in `debug` as Odoo's do: the replayer
masks it but compares whether it is empty; serving that database only, so that
the steps without a database header find it as on a one-database Odoo even
when the PostgreSQL server holds others), then replay

- the project's own suite (tests/conformance, every scenario folder) with
  `python -m jsontwo.conformance check`, and
- Odoo 19's shared transcripts with `../shared/conformance/harness.py check`,
  when they are next to the checkout.

Print both scores per backend; exit non-zero when a score is below its
threshold (99.5 % for the own suite, 98 % for the shared one by default).

    python scripts/conformance.py [--backend sqlite|postgresql|both]
                                  [--threshold 99.5] [--shared-threshold 98]
                                  [--scenario GLOBS] [--shared-scenario GLOBS]
                                  [--no-shared] [--harness PATH] [--serial]
                                  [--save-actual DIR] [-v]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from jsontwo import testing
from jsontwo.service.master_password import make_hash

ROOT = Path(__file__).resolve().parent.parent
OWN_SUITE = ROOT / "tests" / "conformance"
DEFAULT_HARNESS = ROOT.parent / "shared" / "conformance" / "harness.py"
SCORE_RE = re.compile(r"conformance: (\d+)/(\d+) steps match \(([\d.]+)%\)")
BACKENDS = ("sqlite", "postgresql")
#: serialises the printing of each backend's report
PRINT_LOCK = threading.Lock()


@dataclass
class Score:
    """The result of one suite on one backend."""

    suite: str
    passed: int
    total: int
    threshold: float

    @property
    def percent(self) -> float:
        """The share of matching steps."""
        return 100.0 * self.passed / self.total if self.total else 0.0

    @property
    def ok(self) -> bool:
        """At or above the threshold (and something was compared)."""
        return self.total > 0 and self.percent >= self.threshold

    def __str__(self) -> str:
        verdict = "" if self.ok else f"  BELOW {self.threshold:g}%"
        return f"{self.suite}: {self.passed}/{self.total} ({self.percent:.1f}%){verdict}"


@dataclass
class Report:
    """What one backend printed and scored."""

    backend: str
    lines: list[str] = field(default_factory=list)
    scores: list[Score] = field(default_factory=list)

    def say(self, text: str) -> None:
        """Keep a line (printed when the backend is done, so backends do not interleave)."""
        self.lines.append(text.rstrip("\n"))


def jsontwo(*args: str, env: dict[str, str]) -> str:
    """Run the jsontwo CLI; return its standard output."""
    command = [sys.executable, "-m", "jsontwo.cli.main", *args]
    return subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout


def storage_env(backend: str, folder: str) -> dict[str, str]:
    """The environment naming the storage of a backend."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JSONTWO_")}
    # the data directory holds the database manager's files on both backends
    env["JSONTWO_DATA_DIR"] = folder
    if backend != "sqlite":
        url = testing.pg_test_url(ROOT)
        if url is None:
            raise SystemExit(
                "No PostgreSQL: run scripts/pg-test-setup.sh or set JSONTWO_TEST_DB_URL"
            )
        env["JSONTWO_DB_URL"] = url
    return env


@dataclass(frozen=True)
class Server:
    """A running jsontwo to replay against."""

    url: str
    db: str
    key: str
    #: the demo user's key, for the scenarios that run as ``demo``
    demo_key: str

    def target_args(self) -> list[str]:
        """The options naming it, for both replayers."""
        return ["--url", self.url, "--db", self.db, "--key", self.key, "--password", "admin"]


def replay(name: str, command: list[str], threshold: float, report: Report, verbose: bool) -> None:
    """Run a replayer; keep its FAIL lines (everything with -v) and its score."""
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    shown = result.stdout if verbose else _fail_lines(result.stdout)
    report.say("".join(f"[{name}] {line}\n" for line in shown.splitlines()))
    match = SCORE_RE.search(result.stdout)
    if not match:
        report.say(f"the {name} replayer printed no score:\n{result.stdout}\n{result.stderr}")
        report.scores.append(Score(name, 0, 0, threshold))
        return
    report.scores.append(Score(name, int(match.group(1)), int(match.group(2)), threshold))


def replay_suites(server: Server, args: argparse.Namespace, report: Report) -> None:
    """Replay the own suite, then the shared one when it is there."""
    quiet = [] if args.verbose else ["-q"]
    own = [sys.executable, "-m", "jsontwo.conformance", "check", "--suite", str(OWN_SUITE)]
    own += [*server.target_args(), "--user-key", f"demo={server.demo_key}:demo", *quiet]
    if args.scenario:
        own += ["--scenario", args.scenario]
    if args.save_actual:
        own += ["--save-actual", str(args.save_actual / report.backend / "own")]
    replay("own", own, args.threshold, report, args.verbose)
    if args.no_shared or not args.harness.is_file():
        return
    shared = [sys.executable, str(args.harness), "check", *server.target_args(), *quiet]
    if args.shared_scenario:
        shared += ["--scenario", args.shared_scenario]
    if args.save_actual:
        shared += ["--save-actual", str(args.save_actual / report.backend / "shared")]
    replay("shared", shared, args.shared_threshold, report, args.verbose)


def run_backend(backend: str, args: argparse.Namespace) -> Report:
    """Start a fresh jsontwo on ``backend`` and score the suites on it."""
    report = Report(backend)
    with tempfile.TemporaryDirectory() as folder:
        env = storage_env(backend, folder)
        name = f"conformance_{os.getpid()}"
        jsontwo("db", "create", name, "--demo", env=env)
        try:
            key, demo_key = (
                jsontwo(
                    "apikey",
                    "create",
                    "--db",
                    name,
                    "--login",
                    login,
                    "--name",
                    "conformance",
                    env=env,
                ).strip()
                for login in ("admin", "demo")
            )
            port = testing.free_port()
            # the reference Odoo's master password is Odoo's default, "admin": the
            # database manager's scenarios (p_db_*) give it for missing databases
            master = make_hash("admin")
            serve_args = ["--dev", "--database", name, "--log-level", "warning"]
            serve_args += ["--master-password", master]
            try:
                process = testing.start_server(serve_args, env, port, Path(folder) / "server.log")
            except testing.ServerError as exc:
                report.say(str(exc))
                return report
            try:
                server = Server(f"http://127.0.0.1:{port}", name, key, demo_key)
                replay_suites(server, args, report)
            finally:
                testing.stop_server(process)
        finally:
            jsontwo("db", "drop", name, "--yes", env=env)
    return report


def _fail_lines(output: str) -> str:
    """The replayer's FAIL and MISSING headlines, without their diffs."""
    heads = ("FAIL ", "MISSING ")
    return "".join(f"{line}\n" for line in output.splitlines() if line.startswith(heads))


def print_report(report: Report) -> None:
    """Print a backend's lines and scores in one block."""
    with PRINT_LOCK:
        print(f"== {report.backend}", flush=True)
        for line in report.lines:
            if line:
                print(line, flush=True)


def parse_args() -> argparse.Namespace:
    """The command-line options."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=[*BACKENDS, "both"], default="both")
    parser.add_argument(
        "--threshold",
        type=float,
        default=99.5,
        help="minimum percentage of the own suite per backend (default 99.5)",
    )
    parser.add_argument(
        "--shared-threshold",
        type=float,
        default=98.0,
        help="minimum percentage of the shared suite per backend (default 98)",
    )
    parser.add_argument("--scenario", help="only these scenarios of the own suite (globs)")
    parser.add_argument("--shared-scenario", help="only these scenarios of the shared suite")
    parser.add_argument("--no-shared", action="store_true", help="do not replay the shared suite")
    parser.add_argument(
        "--harness",
        type=Path,
        default=DEFAULT_HARNESS,
        help="the shared suite's harness (default ../shared/conformance/harness.py; "
        "skipped when absent)",
    )
    parser.add_argument(
        "--serial", action="store_true", help="one backend after the other (default: together)"
    )
    parser.add_argument(
        "--save-actual",
        type=Path,
        metavar="DIR",
        help="keep jsontwo's transcripts in DIR/<backend>/{own,shared}/",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="print every step and every diff"
    )
    return parser.parse_args()


def main() -> None:
    """Score each backend, print the scores, exit 1 when one is below its threshold."""
    args = parse_args()
    backends = list(BACKENDS) if args.backend == "both" else [args.backend]
    if not args.no_shared and not args.harness.is_file():
        print(f"(no shared suite at {args.harness}: replaying the project's own suite only)")
    print(f"== replaying on {', '.join(backends)}...", flush=True)
    workers = 1 if args.serial else len(backends)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(run_backend, backend, args) for backend in backends]
        reports = []
        for future in futures:
            reports.append(future.result())
            print_report(reports[-1])
    print("== scores")
    failed = False
    for report in reports:
        if not report.scores:
            print(f"{report.backend}: no score (the server did not start)")
            failed = True
        for score in report.scores:
            print(f"{report.backend:10s} {score}")
            failed |= not score.ok
    if failed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
