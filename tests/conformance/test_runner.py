"""Recording and replaying scenarios end to end, against fake servers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from jsontwo.conformance import cli
from jsontwo.conformance.client import Client
from jsontwo.conformance.compare import compare_transcripts
from jsontwo.conformance.runner import run_scenario
from jsontwo.conformance.suite import Scenario, Suite, load_scenario, problems, unknown_keys

from .helpers import RELATIONS, TARGET, FakeServer

STEPS: list[dict[str, Any]] = [
    {
        "id": "create",
        "model": "res.partner",
        "method": "create",
        "body": {"vals_list": [{"name": "${run} A"}, {"name": "${run} B"}]},
        "save": {"a": "$[0]", "both": "$"},
    },
    {"id": "read", "model": "res.partner", "method": "read", "body": {"ids": "${both}"}},
    {
        "id": "search",
        "model": "res.partner",
        "method": "search",
        "body": {"domain": [["name", "ilike", "${run}"]]},
    },
    {"id": "missing", "model": "res.partner", "method": "read", "body": {"ids": [999999]}},
    {"id": "unknown-method", "model": "res.partner", "method": "nope", "compare": "status"},
]


def scenario(tmp_path: Path, steps: list[dict[str, Any]] = STEPS) -> Scenario:
    path = tmp_path / "scenarios" / "base" / "s1.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"description": "test", "steps": steps}))
    return load_scenario(path, "base")


def run(server: FakeServer, scen: Scenario) -> dict[str, Any]:
    with Client(TARGET, transport=server.transport()) as client:
        return run_scenario(client, scen, RELATIONS)


def test_a_transcript_names_ids_and_run_values(tmp_path: Path) -> None:
    transcript = run(FakeServer(first_id=40), scenario(tmp_path))
    steps = {e["id"]: e for e in transcript["steps"]}
    assert steps["create"]["result"] == ["<a>", "<both[1]>"]
    assert steps["read"]["result"] == [
        {"id": "<a>", "name": "${run} A", "write_date": "<volatile>"},
        {"id": "<both[1]>", "name": "${run} B", "write_date": "<volatile>"},
    ]
    assert steps["missing"]["error"]["message"].endswith("res.partner(<res.partner#1>,)")
    assert steps["unknown-method"]["body_text"] == "<html>not found</html>"
    assert steps["read"]["request"] == {"body": {"ids": "${both}"}}


def test_the_same_scenario_matches_on_a_server_numbering_differently(tmp_path: Path) -> None:
    scen = scenario(tmp_path)
    golden, actual = run(FakeServer(first_id=7), scen), run(FakeServer(first_id=1000), scen)
    verdicts = list(compare_transcripts(golden, actual, scen.compare_modes()))
    assert [v.step for v in verdicts] == [s["id"] for s in STEPS]
    assert all(v.ok for v in verdicts)


def test_a_different_answer_fails_with_a_diff(tmp_path: Path) -> None:
    scen = scenario(tmp_path)
    golden, actual = run(FakeServer(), scen), run(FakeServer(rename="!"), scen)
    failed = [v for v in compare_transcripts(golden, actual, {}) if not v.ok]
    assert [v.step for v in failed] == ["read"]
    assert '+   "name": "${run} A!",' in failed[0].diff


def test_cleanup_deletes_what_the_run_created(tmp_path: Path) -> None:
    server = FakeServer()
    run(server, scenario(tmp_path))
    assert server.records == {}
    assert ("unlink", {"ids": [1, 2], "context": {"active_test": False}}) in server.calls


def test_a_missing_save_value_is_reported_in_the_entry(tmp_path: Path) -> None:
    steps = [{**STEPS[0], "save": {"x": "$[5]"}}]
    (entry,) = run(FakeServer(), scenario(tmp_path, steps))["steps"]
    assert entry["save_errors"] == ["x: $[5]: IndexError"]


def test_problems_of_a_scenario(tmp_path: Path) -> None:
    steps: list[dict[str, Any]] = [
        {"id": "a", "model": "m", "method": "x"},
        {"id": "a", "model": "m", "method": "x", "compare": "fuzzy"},
        {"model": "m", "method": "x", "bodyy": {}},
        {"id": "b"},
    ]
    scen = scenario(tmp_path, steps)
    assert problems(scen) == [
        "step 2 (a): the id is repeated",
        "step 2 (a): unknown compare mode 'fuzzy'",
        "step 3 (no id): no id",
        "step 4 (b): neither a path nor a model and a method",
    ]
    assert unknown_keys(scen) == ["step 3 (no id): unknown keys ['bodyy']"]


def test_suite_folders_and_globs(tmp_path: Path) -> None:
    for folder, name in [("base", "a1"), ("base", "b1"), ("sale", "a2")]:
        path = tmp_path / "scenarios" / folder / f"{name}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"steps": []}))
    suite = Suite(tmp_path)
    assert suite.folders() == ["base", "sale"]
    assert [s.key for s in suite.scenarios("a*")] == ["base/a1", "sale/a2"]
    assert [s.key for s in suite.scenarios("sale/*")] == ["sale/a2"]
    assert [s.key for s in suite.scenarios(None, ["base"])] == ["base/a1", "base/b1"]
    assert suite.golden_path(suite.scenarios("b1")[0]) == tmp_path / "golden/base/b1.json"


def test_cli_lists_and_refuses_bad_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario(tmp_path)
    assert cli.main(["list", "--suite", str(tmp_path)]) == 0
    assert "base/s1" in capsys.readouterr().out
    assert cli.main(["check", "--suite", str(tmp_path)]) == 2
    assert "--target odoo, or --url" in capsys.readouterr().err
    env_dir = str(tmp_path / "nowhere")
    assert (
        cli.main(["record", "--suite", str(tmp_path), "--target", "odoo", "--env-dir", env_dir])
        == 2
    )
    assert "cannot read the env file" in capsys.readouterr().err
