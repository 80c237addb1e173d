"""Where a suite keeps its files, and loading and validating scenarios.

A suite is a folder with ``scenarios/``, ``golden/`` and ``relations.json``.
Scenarios live in one subfolder per reference database they are recorded on
(``scenarios/base/*.json``, ``scenarios/sale/*.json``) and their transcripts
at the same place under ``golden/``. A flat suite, with its scenarios directly
in ``scenarios/`` (as the shared one), is one folder named ``""``.
"""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsontwo.conformance.context import Relations

COMPARE_MODES = ("full", "status", "shape", "error_name", "count", "keys", "set", "ignore")
#: the keys a step may have (README of the scenario format)
STEP_KEYS = frozenset(
    {
        "id",
        "model",
        "method",
        "body",
        "raw_body",
        "headers",
        "http_method",
        "path",
        "save",
        "compare",
        "mask",
        "mask_keys",
        "id_patterns",
        "no_id_mask",
        "record_headers",
        "track",
        "doc",
    }
)
#: the suite inside a checkout, relative to its root
DEFAULT_SUITE = Path("tests/conformance")


class ScenarioError(Exception):
    """A scenario file that cannot be used as it is."""


def step_id(step: dict[str, Any], index: int) -> str:
    """A step's id; ``stepNN`` (from 1) for a step without one."""
    return str(step.get("id") or f"step{index + 1:02d}")


@dataclass
class Scenario:
    """One scenario file: steps run in order, then teardown steps and cleanup."""

    folder: str
    name: str
    path: Path
    description: str = ""
    #: the login whose key runs the scenario (``None``: the admin's, the target's own)
    user: str | None = None
    steps: list[dict[str, Any]] = field(default_factory=list)
    teardown: list[dict[str, Any]] = field(default_factory=list)
    cleanup: list[dict[str, Any]] = field(default_factory=list)

    @property
    def key(self) -> str:
        """``folder/name`` (the name alone in a flat suite), as reports print it."""
        return f"{self.folder}/{self.name}" if self.folder else self.name

    def step_ids(self) -> list[str]:
        """The ids of the steps, in order."""
        return [step_id(step, i) for i, step in enumerate(self.steps)]

    def compare_modes(self) -> dict[str, str]:
        """Each step's compare mode by id."""
        return {step_id(s, i): s.get("compare", "full") for i, s in enumerate(self.steps)}


def unknown_keys(scenario: Scenario) -> list[str]:
    """Steps with keys the format does not know (a typo, most likely). The
    replayer ignores them, so they do not stop a run; the suite's tests refuse them."""
    found = []
    for i, step in enumerate(scenario.steps):
        unknown = set(step) - STEP_KEYS if isinstance(step, dict) else set()
        if unknown:
            found.append(
                f"step {i + 1} ({step.get('id', 'no id')}): unknown keys {sorted(unknown)}"
            )
    return found


def problems(scenario: Scenario) -> list[str]:
    """What keeps a scenario from running: steps without an id or with a
    repeated one, unknown compare modes, steps that say neither model nor path."""
    found = []
    seen: set[str] = set()
    for i, step in enumerate(scenario.steps):
        label = f"step {i + 1} ({step.get('id', 'no id')})"
        if not isinstance(step, dict):
            found.append(f"step {i + 1} is not an object")
            continue
        sid = step.get("id")
        if not sid:
            found.append(f"{label}: no id")
        elif sid in seen:
            found.append(f"{label}: the id is repeated")
        seen.add(str(sid))
        if step.get("compare", "full") not in COMPARE_MODES:
            found.append(f"{label}: unknown compare mode {step.get('compare')!r}")
        if "path" not in step and not (step.get("model") and step.get("method")):
            found.append(f"{label}: neither a path nor a model and a method")
    return found


def load_scenario(path: Path, folder: str) -> Scenario:
    """Read one scenario file (an object, or a bare list of steps)."""
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise ScenarioError(f"{path}: {exc}") from None
    if isinstance(data, list):
        data = {"steps": data}
    if not isinstance(data, dict) or not isinstance(data.get("steps"), list):
        raise ScenarioError(f"{path}: not a scenario (an object with a list of steps)")
    return Scenario(
        folder=folder,
        name=path.stem,
        path=path,
        description=str(data.get("description", "")),
        user=str(data["user"]) if data.get("user") else None,
        steps=data["steps"],
        teardown=list(data.get("teardown", [])),
        cleanup=list(data.get("cleanup", [])),
    )


def matches(scenario: Scenario, patterns: Iterable[str]) -> bool:
    """Whether a glob of ``patterns`` matches the scenario's name or ``folder/name``."""
    return any(
        fnmatch.fnmatch(scenario.name, p) or fnmatch.fnmatch(scenario.key, p) for p in patterns
    )


@dataclass(frozen=True)
class Suite:
    """The files of a suite: its scenarios, golden transcripts and id map."""

    root: Path
    golden_root: Path | None = None

    @property
    def scenario_dir(self) -> Path:
        """Where the scenarios are."""
        return self.root / "scenarios"

    @property
    def golden_dir(self) -> Path:
        """Where the golden transcripts are."""
        return self.golden_root or self.root / "golden"

    @property
    def relations_file(self) -> Path:
        """The id-position map: which fields hold ids of which model."""
        return self.root / "relations.json"

    def folders(self) -> list[str]:
        """The scenario folders: ``[""]`` for a flat suite, else the subfolders."""
        if not self.scenario_dir.is_dir():
            raise ScenarioError(f"no scenarios at {self.scenario_dir}")
        if any(self.scenario_dir.glob("*.json")):
            return [""]
        return sorted(p.name for p in self.scenario_dir.iterdir() if p.is_dir())

    def scenarios(
        self, patterns: str | None = None, folders: Iterable[str] | None = None
    ) -> list[Scenario]:
        """The scenarios, by folder then name; only those matching ``patterns``
        (comma-separated globs) and in ``folders`` when given."""
        globs = [p.strip() for p in (patterns or "").split(",") if p.strip()]
        chosen = set(folders) if folders is not None else None
        found = []
        for folder in self.folders():
            if chosen is not None and folder not in chosen:
                continue
            for path in sorted((self.scenario_dir / folder).glob("*.json")):
                scenario = load_scenario(path, folder)
                if not globs or matches(scenario, globs):
                    found.append(scenario)
        return found

    def golden_path(self, scenario: Scenario) -> Path:
        """Where the golden transcript of ``scenario`` is."""
        return self.golden_dir / scenario.folder / f"{scenario.name}.json"

    def relations(self) -> Relations:
        """The id-position map, empty when the suite has none."""
        if not self.relations_file.exists():
            return {}
        data: Relations = json.loads(self.relations_file.read_text())
        return data


def write_json(path: Path, data: Any) -> None:
    """Write a transcript as the suite keeps them (one-space indent, UTF-8)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")


def read_json(path: Path) -> Any:
    """Read a transcript."""
    return json.loads(path.read_text())
