"""The tables the benchmark prints (bench/report.py)."""

from __future__ import annotations

import report
from wrk import Result

TRIVIAL = Result(10_000, 1.0, 5.0)


def test_ratio_to_odoo_beside_its_target() -> None:
    rows = [
        report.Row("search_count []", Result(2_000, 4.0, 20.0), Result(100, 150.0, 300.0), 20),
        report.Row("write", Result(900, 9.0, 90.0), Result(100, 150.0, 300.0), 12),
    ]
    lines = report.table(rows, TRIVIAL)
    assert lines[0].startswith("| call | jsontwo req/s | p50 / p99 ms | Odoo 19 req/s")
    assert (
        lines[2]
        == "| search_count [] | 2,000 | 4.0 / 20.0 | 100 | 150.0 / 300.0 | 20.0x | 20x | ok |"
    )
    assert lines[3].endswith("| 9.0x | 12x | below |")


def test_without_odoo_the_ratio_is_to_the_trivial_route() -> None:
    rows = [
        report.Row("trivial", TRIVIAL),
        report.Row("budget", Result(2_500, 4.0, 20.0), target=20),
        report.Row("create (records/s)", Result(6_000, 600.0, 900.0), target=10, records=True),
    ]
    lines = report.table(rows, TRIVIAL)
    assert lines[0] == "| call | jsontwo req/s | p50 / p99 ms | vs trivial |"
    assert lines[3] == "| budget | 2,500 | 4.0 / 20.0 | 0.25x |"
    # records per second do not compare with requests
    assert lines[4] == "| create (records/s) | 6,000 | 600.0 / 900.0 |  |"


def test_no_ratio_when_odoo_finished_no_call() -> None:
    row = report.Row("create", Result(6_000, 600.0, 900.0), Result(0, 0.0, 0.0), 10, True)
    assert report.ratio(row) is None
    assert report.table([row])[2].endswith("|  | 10x |  |")


def test_error_answers_are_shown_beside_the_rate() -> None:
    row = report.Row("write", Result(900, 9.0, 90.0, errors=1), Result(100, 150.0, 300.0), 12)
    assert report.table([row])[2].startswith("| write | 900 (1 errors) | 9.0 / 90.0 | 100 |")


def test_facts_table() -> None:
    assert report.facts([("start", "0.52 s", "≤ 0.3 s")]) == [
        "| figure | value | target |",
        "|---|---|---|",
        "| start | 0.52 s | ≤ 0.3 s |",
    ]
