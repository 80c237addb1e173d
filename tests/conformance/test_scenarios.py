"""The project's own suite, as committed: every scenario is valid and recorded.

A scenario added without its golden transcript, or changed without recording
it again, fails here (no server needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jsontwo.conformance.suite import Scenario, Suite, problems, read_json, unknown_keys
from jsontwo.conformance.targets import DEFAULT_REFERENCE_DBS

SUITE = Suite(Path(__file__).resolve().parent)
SCENARIOS = SUITE.scenarios()


def test_the_suite_has_scenarios_in_folders_per_reference_database() -> None:
    assert SCENARIOS
    folders = SUITE.folders()
    assert "" not in folders, "scenarios go in a folder per reference database (base/, sale/)"
    unknown = set(folders) - set(DEFAULT_REFERENCE_DBS)
    assert not unknown, f"no reference database for {unknown}: add it to DEFAULT_REFERENCE_DBS"


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.key)
def test_scenario_is_valid(scenario: Scenario) -> None:
    assert problems(scenario) == []
    assert unknown_keys(scenario) == []


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.key)
def test_scenario_is_recorded_with_the_same_steps(scenario: Scenario) -> None:
    path = SUITE.golden_path(scenario)
    assert path.exists(), (
        f"record it: python -m jsontwo.conformance record --target odoo --scenario {scenario.key}"
    )
    golden = read_json(path)
    assert golden["scenario"] == scenario.name
    assert [step["id"] for step in golden["steps"]] == scenario.step_ids(), (
        "the steps changed since the recording: record the scenario again"
    )


def test_every_golden_transcript_has_its_scenario() -> None:
    keys = {(s.folder, s.name) for s in SCENARIOS}
    orphans = [
        str(path.relative_to(SUITE.golden_dir))
        for path in sorted(SUITE.golden_dir.glob("*/*.json"))
        if (path.parent.name, path.stem) not in keys
    ]
    assert orphans == []


def test_relations_map_fields_to_models() -> None:
    relations = SUITE.relations()
    assert relations
    for model, fields in relations.items():
        assert isinstance(model, str)
        assert all(isinstance(f, str) and isinstance(m, str) for f, m in fields.items())
