"""``python -m jsontwo.conformance``: record and replay the differential suite.

    record --target odoo [--scenario GLOBS]   golden transcripts from the reference Odoo
    check  --url URL --db DB --key KEY [-q]   replay against a server, compare with golden
    check  --target odoo                      self-check against the reference (must be 100 %)
    list                                      scenarios, step counts, which are recorded
    relations --target odoo                   regenerate relations.json (the id-position map)

The suite is tests/conformance under the current directory unless --suite
says otherwise; its scenarios are in one folder per reference database
(scenarios/base, scenarios/sale). With --target odoo, each folder runs on its
own reference database, read from <env-dir>/<db>.env: base on ``ref`` and sale
on ``sale`` by default (--env-map FOLDER=DB,... changes it; --env-file FILE
uses one file for every folder). With --url, every folder runs against that
one server and database. See docs/conformance.md.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from jsontwo.conformance.commands import (
    USAGE_ERROR,
    cmd_check,
    cmd_list,
    cmd_record,
    cmd_relations,
)
from jsontwo.conformance.suite import DEFAULT_SUITE, ScenarioError
from jsontwo.conformance.targets import DEFAULT_ENV_DIR, DEFAULT_REFERENCE_DBS, TargetError

Command = Callable[[argparse.Namespace], int]


def _suite(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--suite",
        default=str(DEFAULT_SUITE),
        help="the suite folder, with scenarios/, golden/ and relations.json (default: %(default)s)",
    )


def _selection(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scenario",
        metavar="GLOBS",
        help="only these scenarios: comma-separated globs "
        "matching a name (h_05_*) or folder/name (sale/*)",
    )
    parser.add_argument(
        "--folder", metavar="NAMES", help="only these scenario folders (comma-separated)"
    )


def _target(parser: argparse.ArgumentParser) -> None:
    mapping = ",".join(f"{f}={d}" for f, d in DEFAULT_REFERENCE_DBS.items())
    group = parser.add_argument_group("target")
    group.add_argument(
        "--target", choices=["odoo"], help="the reference Odoo, from the env file of each folder"
    )
    group.add_argument(
        "--env-dir",
        type=Path,
        help=f"folder of the env files (default $CONFORMANCE_ENV_DIR or {DEFAULT_ENV_DIR})",
    )
    group.add_argument(
        "--env-map",
        metavar="FOLDER=DB,...",
        help=f"the reference database of each scenario folder, over the defaults ({mapping})",
    )
    group.add_argument("--env-file", help="one env file for every folder")
    group.add_argument(
        "--url", help="the server's URL (with --target odoo: overrides the env file's)"
    )
    group.add_argument("--db", help="the database (X-Odoo-Database)")
    group.add_argument("--key", help="an API key of the admin user")
    group.add_argument(
        "--user-key",
        action="append",
        metavar="LOGIN=KEY[:PASSWORD]",
        help="the key (and password, default the login) of another user, for the scenarios "
        'that run as that user (their file says "user": LOGIN); with --target odoo they '
        "come from <dir>/<db>.<login>.env",
    )
    group.add_argument(
        "--password",
        help="the key's user's password, for the identity check of "
        "API-key generation (default: the env file's, $ODOO_PASSWORD or admin)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="each step's status on stderr")


def build_parser() -> argparse.ArgumentParser:
    """The parser of every command."""
    parser = argparse.ArgumentParser(
        prog="python -m jsontwo.conformance",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    commands: list[tuple[str, str, Command]] = [
        ("record", "record golden transcripts (from the reference Odoo)", cmd_record),
        ("check", "replay against a server and compare with the golden transcripts", cmd_check),
        ("list", "list the scenarios, their step counts and which are recorded", cmd_list),
        ("relations", "regenerate relations.json from a server's fields_get", cmd_relations),
    ]
    for name, summary, function in commands:
        command = sub.add_parser(name, help=summary, description=summary)
        _suite(command)
        if name != "relations":
            _selection(command)
        command.set_defaults(function=function)
        if name != "list":
            _target(command)
    record, check, relations = (sub.choices[n] for n in ("record", "check", "relations"))
    record.add_argument("--out", help="write the transcripts here (default: the suite's golden/)")
    check.add_argument("--golden", help="compare with the transcripts of this folder")
    check.add_argument("--save-actual", metavar="DIR", help="also write the replayed transcripts")
    check.add_argument("-q", "--quiet", action="store_true", help="print the FAIL lines only")
    relations.add_argument("--models", help="these models (default: those relations.json lists)")
    relations.add_argument("--add", metavar="MODELS", help="add these models to the list")
    relations.add_argument(
        "--folder",
        default="sale",
        help="ask the reference database of this scenario folder (default: %(default)s, "
        "the one with the most models)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; its exit status (2 for bad options or scenarios)."""
    args = build_parser().parse_args(argv)
    try:
        status: int = args.function(args)
    except (TargetError, ScenarioError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return USAGE_ERROR
    return status


if __name__ == "__main__":
    sys.exit(main())
