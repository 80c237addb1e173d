"""The compare modes, JSON equality and the date aliases."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from jsontwo.conformance.compare import compact_diff, compare_transcripts, project, same
from jsontwo.conformance.variables import date_aliases, with_aliases


def entry(**kwargs: Any) -> dict[str, Any]:
    return {"id": "s", "status": 200, **kwargs}


RECORDS = entry(result=[{"id": "<p>", "name": "A"}, {"id": "<q>", "name": "B"}])
ERROR = entry(status=404, error={"name": "MissingError", "message": "gone"})


@pytest.mark.parametrize(
    ("mode", "other", "match"),
    [
        ("full", entry(result=[{"id": "<p>", "name": "A"}, {"id": "<q>", "name": "B"}]), True),
        ("full", entry(result=[{"id": "<q>", "name": "B"}, {"id": "<p>", "name": "A"}]), False),
        ("set", entry(result=[{"id": "<q>", "name": "B"}, {"id": "<p>", "name": "A"}]), True),
        ("shape", entry(result=[{"id": "<x>", "name": "Z"}, {"id": "<y>", "name": "Y"}]), True),
        ("shape", entry(result=[{"id": "<x>", "name": 1}, {"id": "<y>", "name": "Y"}]), False),
        ("keys", entry(result=[{"id": 1, "name": 2}, {"id": 3, "name": 4}]), True),
        ("keys", entry(result=[{"id": 1}, {"id": 3, "name": 4}]), False),
        ("count", entry(result=[1, 2]), True),
        ("count", entry(result=[1]), False),
        ("status", entry(result=None), True),
        ("status", ERROR, False),
        ("ignore", ERROR, True),
    ],
)
def test_modes(mode: str, other: dict[str, Any], match: bool) -> None:
    golden = {"steps": [RECORDS]}
    (verdict,) = compare_transcripts(golden, {"steps": [other]}, {"s": mode})
    assert verdict.ok is match
    assert verdict.mode == mode
    assert (verdict.diff == "") is match


def test_error_name_compares_the_status_and_the_name_only() -> None:
    other = entry(status=404, error={"name": "MissingError", "message": "another text"})
    assert project(ERROR, "error_name") == project(other, "error_name")
    assert project(ERROR, "full") != project(other, "full")
    renamed = entry(status=404, error={"name": "UserError", "message": "gone"})
    assert project(ERROR, "error_name") != project(renamed, "error_name")


def test_non_json_answers_compare_by_content_type_and_text() -> None:
    page = entry(status=404, content_type="text/html", body_text="<h1>Not Found</h1>")
    assert project(page, "full") == {
        "status": 404,
        "content_type": "text/html",
        "body_text": "<h1>Not Found</h1>",
    }
    assert project(page, "status") == project(ERROR, "status")


def test_recorded_headers_are_compared_with_the_answer() -> None:
    golden = entry(status=401, headers={"WWW-Authenticate": "Bearer"}, error={"name": "X"})
    assert project(golden, "full") == {
        "status": 401,
        "headers": {"WWW-Authenticate": "Bearer"},
        "error": {"name": "X"},
    }


def test_the_scenario_mode_overrides_the_recorded_one() -> None:
    golden = {"steps": [{**RECORDS, "compare": "full"}]}
    actual = {"steps": [entry(result=[1, 2])]}
    assert not next(compare_transcripts(golden, actual, {})).ok
    assert next(compare_transcripts(golden, actual, {"s": "count"})).ok


def test_a_step_missing_from_the_run_fails() -> None:
    (verdict,) = compare_transcripts({"steps": [RECORDS]}, {"steps": []}, {})
    assert not verdict.ok
    assert "missing" in verdict.diff


def test_numbers_compare_by_value_booleans_by_type() -> None:
    assert same(1, 1.0)
    assert same({"a": [1, 2.0]}, {"a": [1.0, 2]})
    assert not same(True, 1)
    assert not same(0, False)
    assert not same(None, False)
    assert not same([1], [1, 2])
    assert not same({"a": 1}, {"b": 1})


def test_long_diffs_are_cut() -> None:
    diff = compact_diff(list(range(50)), list(range(100, 150)), max_lines=4)
    assert diff.splitlines()[-1].strip().startswith("... (")
    assert len(diff.splitlines()) == 5


@pytest.mark.parametrize(
    ("day", "aliases"),
    [
        (dt.date(2026, 3, 16), {}),
        (dt.date(2026, 3, 1), {"${month_start}": "${today}"}),
        (
            dt.date(2026, 1, 1),
            {"${month_start}": "${today}", "${year_start}": "${today}"},
        ),
        (dt.date(2026, 12, 5), {"${next_year_start}": "${next_month_start}"}),
    ],
)
def test_date_aliases(day: dt.date, aliases: dict[str, str]) -> None:
    assert date_aliases(day) == aliases


def test_aliases_make_either_name_compare_equal() -> None:
    aliases = date_aliases(dt.date(2026, 12, 5))
    recorded = {"${next_year_start}": ["from ${next_year_start}"]}
    replayed = {"${next_month_start}": ["from ${next_month_start}"]}
    assert with_aliases(recorded, aliases) == with_aliases(replayed, aliases)
