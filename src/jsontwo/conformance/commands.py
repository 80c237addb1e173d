"""The commands of the CLI: record, check, list and relations.

Each takes the parsed options (``cli.py`` declares them) and returns the exit
status. Reports go to standard output; progress and cleanup problems to
standard error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections import Counter
from pathlib import Path

from jsontwo.conformance.client import Client
from jsontwo.conformance.compare import compare_transcripts
from jsontwo.conformance.context import Relations, RunContext
from jsontwo.conformance.runner import run_scenario
from jsontwo.conformance.suite import (
    Scenario,
    ScenarioError,
    Suite,
    problems,
    read_json,
    unknown_keys,
    write_json,
)
from jsontwo.conformance.targets import (
    DEFAULT_PASSWORD,
    Target,
    TargetError,
    env_dir,
    env_file_for,
    odoo_target,
    parse_env_map,
    parse_user_keys,
)
from jsontwo.conformance.variables import date_aliases, with_aliases

#: exit status of a run whose scenarios are invalid or whose target is unknown
USAGE_ERROR = 2


def suite_of(args: argparse.Namespace) -> Suite:
    """The suite the options name."""
    golden = getattr(args, "golden", None)
    return Suite(Path(args.suite), Path(golden) if golden else None)


def selected(args: argparse.Namespace, suite: Suite) -> list[Scenario]:
    """The scenarios the options select; SystemExit when one is invalid."""
    folders = args.folder.split(",") if args.folder else None
    scenarios = suite.scenarios(args.scenario, folders)
    for scenario in scenarios:
        for warning in unknown_keys(scenario):
            print(f"warning: {scenario.key}: {warning}", file=sys.stderr)
    bad = [f"{s.key}: {problem}" for s in scenarios for problem in problems(s)]
    if bad:
        raise ScenarioError("invalid scenarios:\n  " + "\n  ".join(bad))
    return scenarios


def target_for(args: argparse.Namespace, folder: str, user: str | None = None) -> Target:
    """The server the scenarios of ``folder`` run against, with the key of ``user``
    (the admin's when ``None``)."""
    if args.target is None:
        if not (args.url and args.key):
            raise TargetError("need --target odoo, or --url and --key (and usually --db)")
        if user is not None:
            keys = parse_user_keys(args.user_key)
            if user not in keys:
                raise TargetError(f"a scenario runs as {user!r}: pass --user-key {user}=KEY")
            key, password = keys[user]
            return Target(
                name=f"{args.url} as {user}", url=args.url, db=args.db, key=key, password=password
            )
        password = args.password or os.environ.get("ODOO_PASSWORD") or DEFAULT_PASSWORD
        return Target(name=args.url, url=args.url, db=args.db, key=args.key, password=password)
    if args.target != "odoo":
        raise TargetError(f"unknown target {args.target!r}: 'odoo', or --url/--db/--key")
    if args.env_file and user is None:
        env_file = Path(args.env_file)
    else:
        env_file = env_file_for(folder, env_dir(args.env_dir), parse_env_map(args.env_map), user)
    return odoo_target(env_file, url=args.url, password=None if user else args.password)


class Clients:
    """One client per target, opened when first needed."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self._open: dict[Target, Client] = {}

    def for_scenario(self, scenario: Scenario) -> Client:
        """The client of the target of ``scenario``'s folder, as its user."""
        target = target_for(self.args, scenario.folder, scenario.user)
        if target not in self._open:
            self._open[target] = Client(target)
        return self._open[target]

    def close(self) -> None:
        """Close every client."""
        for client in self._open.values():
            client.close()


def cmd_record(args: argparse.Namespace) -> int:
    """Run the scenarios and write their transcripts as the golden ones."""
    suite = suite_of(args)
    out = Path(args.out) if args.out else suite.golden_dir
    relations, clients, total = suite.relations(), Clients(args), 0
    try:
        for scenario in selected(args, suite):
            client = clients.for_scenario(scenario)
            transcript = run_scenario(client, scenario, relations, verbose=args.verbose)
            write_json(out / scenario.folder / f"{scenario.name}.json", transcript)
            steps = transcript["steps"]
            total += len(steps)
            statuses = " ".join(str(e["status"]) for e in steps)
            bad = [e["id"] for e in steps if e.get("save_errors") or e.get("transport_error")]
            warn = f"  !! {bad}" if bad else ""
            print(
                f"recorded {scenario.key} on {client.target.name}: {len(steps)} steps [{statuses}]{warn}"
            )
    finally:
        clients.close()
    print(f"recorded {total} steps into {out}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Replay the scenarios and compare each step with the golden transcript."""
    suite = suite_of(args)
    relations, clients = suite.relations(), Clients(args)
    passed: Counter[str] = Counter()
    counted: Counter[str] = Counter()
    try:
        for scenario in selected(args, suite):
            ok, n = check_scenario(args, suite, scenario, clients.for_scenario(scenario), relations)
            passed[scenario.folder] += ok
            counted[scenario.folder] += n
    finally:
        clients.close()
    if len(counted) > 1:
        for folder in sorted(counted):
            print(f"{folder}: {score(passed[folder], counted[folder])}")
    n_ok, n_all = sum(passed.values()), sum(counted.values())
    print(f"conformance: {score(n_ok, n_all)}")
    return 0 if n_all and n_ok == n_all else 1


def score(ok: int, total: int) -> str:
    """``N/M steps match (P%)``."""
    percent = 100.0 * ok / total if total else 0.0
    return f"{ok}/{total} steps match ({percent:.1f}%)"


def check_scenario(
    args: argparse.Namespace,
    suite: Suite,
    scenario: Scenario,
    client: Client,
    relations: Relations,
) -> tuple[int, int]:
    """Replay one scenario and print its verdicts; (matching, compared) steps.
    A scenario without a golden transcript counts all its steps as failing."""
    golden_path = suite.golden_path(scenario)
    if not golden_path.exists():
        print(f"MISSING {scenario.key}: no golden transcript at {golden_path} (record it)")
        return 0, len(scenario.steps)
    golden = read_json(golden_path)
    actual = run_scenario(client, scenario, relations, verbose=args.verbose)
    if args.save_actual:
        write_json(Path(args.save_actual) / scenario.folder / f"{scenario.name}.json", actual)
    aliases = date_aliases(dt.datetime.now(dt.UTC).date())
    golden, actual = with_aliases(golden, aliases), with_aliases(actual, aliases)
    ok = n = 0
    for verdict in compare_transcripts(golden, actual, scenario.compare_modes()):
        n += 1
        ok += verdict.ok
        if not verdict.ok:
            print(f"FAIL {scenario.key}/{verdict.step} [{verdict.mode}]")
            if verdict.diff:
                print(verdict.diff)
        elif not args.quiet:
            print(f"PASS {scenario.key}/{verdict.step}")
    return ok, n


def cmd_list(args: argparse.Namespace) -> int:
    """Print the scenarios with their step counts and whether they are recorded."""
    suite = suite_of(args)
    folders = args.folder.split(",") if args.folder else None
    total = 0
    for scenario in suite.scenarios(args.scenario, folders):
        recorded = "" if suite.golden_path(scenario).exists() else "  (not recorded)"
        bad = problems(scenario) + unknown_keys(scenario)
        warn = f"  !! {len(bad)} problem(s): {bad[0]}" if bad else ""
        print(
            f"{scenario.key:44s} {len(scenario.steps):5d}  {scenario.description[:60]}{recorded}{warn}"
        )
        total += len(scenario.steps)
    print(f"{'total':44s} {total:5d}")
    return 0


def cmd_relations(args: argparse.Namespace) -> int:
    """Regenerate relations.json from a server's ``fields_get``: which fields of
    each model hold ids, and of which model."""
    suite = suite_of(args)
    current = suite.relations()
    models = args.models.split(",") if args.models else list(current)
    models += [m for m in (args.add or "").split(",") if m and m not in models]
    if not models:
        raise TargetError("no models: name them with --models")
    target = target_for(args, args.folder)
    ctx = RunContext(target, {})
    found: Relations = {}
    with Client(target) as client:
        for model in models:
            step = {"model": model, "method": "fields_get"}
            reply = client.send(ctx, {**step, "body": {"attributes": ["type", "relation"]}})
            if reply.status != 200 or not isinstance(reply.payload, dict):
                print(f"fields_get {model}: HTTP {reply.status}: skipped")
                continue
            fields = sorted(reply.payload.items())
            found[model] = {name: d["relation"] for name, d in fields if d.get("relation")}
    write_json(suite.relations_file, found)
    print(f"wrote {suite.relations_file} ({len(found)} models)")
    return 0
