"""`make conformance`: replay Odoo 19's recorded transcripts against a fresh jsontwo.

For each backend: create a new database with demo data, create an admin key
with `jsontwo apikey create`, start `jsontwo serve --dev --database NAME` on a
free port (in development mode, so that error objects carry a traceback in
`debug` as Odoo's do: the harness masks it but compares whether it is empty;
serving that database only, so that the steps without a database header find
it as on a one-database Odoo even when the PostgreSQL server holds others), run
`../shared/conformance/harness.py check`, print the score, and exit non-zero
when a backend scores below the threshold.

    python scripts/conformance.py [--backend sqlite|postgresql|both] [--threshold 98]
                                  [--scenario GLOBS] [--harness PATH]
                                  [--save-actual DIR] [-v]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from jsontwo import testing

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_HARNESS = ROOT.parent / "shared" / "conformance" / "harness.py"
SCORE_RE = re.compile(r"conformance: (\d+)/(\d+) steps match \(([\d.]+)%\)")


def jsontwo(*args: str, env: dict[str, str]) -> str:
    """Run the jsontwo CLI; return its standard output."""
    command = [sys.executable, "-m", "jsontwo.cli.main", *args]
    return subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout


def storage_env(backend: str, folder: str) -> dict[str, str]:
    """The environment naming the storage of a backend."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JSONTWO_")}
    if backend == "sqlite":
        env["JSONTWO_DATA_DIR"] = folder
    else:
        url = testing.pg_test_url(ROOT)
        if url is None:
            raise SystemExit(
                "No PostgreSQL: run scripts/pg-test-setup.sh or set JSONTWO_TEST_DB_URL"
            )
        env["JSONTWO_DB_URL"] = url
    return env


def run_backend(backend: str, args: argparse.Namespace) -> float:
    """Score one backend; return the percentage of matching steps."""
    with tempfile.TemporaryDirectory() as folder:
        env = storage_env(backend, folder)
        name = f"conformance_{os.getpid()}"
        print(f"== {backend}: creating database {name} with demo data...", flush=True)
        jsontwo("db", "create", name, "--demo", env=env)
        try:
            key = jsontwo(
                "apikey",
                "create",
                "--db",
                name,
                "--login",
                "admin",
                "--name",
                "conformance",
                env=env,
            ).strip()
            port = testing.free_port()
            log = Path(folder) / "server.log"
            serve_args = ["--dev", "--database", name, "--log-level", "warning"]
            try:
                server = testing.start_server(serve_args, env, port, log)
            except testing.ServerError as exc:
                raise SystemExit(str(exc)) from None
            try:
                print(f"== {backend}: replaying the scenarios on port {port}...", flush=True)
                command = [
                    sys.executable,
                    str(args.harness),
                    "check",
                    "--url",
                    f"http://127.0.0.1:{port}",
                ]
                command += ["--db", name, "--key", key, "--password", "admin"]
                if args.scenario:
                    command += ["--scenario", args.scenario]
                if args.save_actual:
                    command += ["--save-actual", str(args.save_actual / backend)]
                if not args.verbose:
                    command.append("-q")
                result = subprocess.run(command, capture_output=True, text=True)
                print(result.stdout if args.verbose else _fail_lines(result.stdout), end="")
                match = SCORE_RE.search(result.stdout)
                if not match:
                    print(result.stdout, result.stderr, sep="\n")
                    raise SystemExit(f"the harness printed no score ({backend})")
                print(f"{backend}: {match.group(0)}", flush=True)
                return float(match.group(3))
            finally:
                testing.stop_server(server)
        finally:
            jsontwo("db", "drop", name, env=env)


def _fail_lines(output: str) -> str:
    """The harness's FAIL headlines, without their diffs."""
    return "".join(f"{line}\n" for line in output.splitlines() if line.startswith("FAIL "))


def main() -> None:
    """Parse the flags, score each backend, exit 1 below the threshold."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument(
        "--threshold", type=float, default=98.0, help="minimum percentage per backend (default 98)"
    )
    parser.add_argument("--scenario", help="only these scenarios (comma-separated globs)")
    parser.add_argument(
        "--harness",
        type=Path,
        default=DEFAULT_HARNESS,
        help="the harness (default ../shared/conformance/harness.py)",
    )
    parser.add_argument(
        "--save-actual",
        type=Path,
        metavar="DIR",
        help="keep jsontwo's transcripts in DIR/<backend>/ (to compare messages by hand)",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="print every step and every diff"
    )
    args = parser.parse_args()
    if not args.harness.is_file():
        raise SystemExit(f"no conformance harness at {args.harness}: pass --harness PATH")
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    scores = {backend: run_backend(backend, args) for backend in backends}
    low = {b: s for b, s in scores.items() if s < args.threshold}
    for backend, score in scores.items():
        print(f"{backend}: {score:.1f}% (threshold {args.threshold:.0f}%)")
    if low:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
