"""Shared helpers of track d's scenario generators (domains, orderings, grouping, web reads).

Each generator builds plain dicts in the shared harness's scenario format and writes them as JSON
under ``tests/conformance/scenarios/<db>/``. Run ``python tests/conformance/gen/track_d.py``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

Step = dict[str, Any]
Domain = list[Any]

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"


def step(step_id: str, model: str, method: str, body: dict[str, Any], **extra: Any) -> Step:
    """One request of a scenario; ``extra`` adds keys such as ``save``, ``doc`` or ``compare``."""
    out: Step = {"id": step_id, "model": model, "method": method, "body": body}
    out.update(extra)
    return out


def slug(value: Any) -> str:
    """A short readable id fragment for a domain value."""
    text = json.dumps(value, ensure_ascii=True)
    for old, new in (
        ('"', ""),
        ("${", ""),
        ("}", ""),
        ("[", "("),
        ("]", ")"),
        (" ", "_"),
        (",", ""),
    ):
        text = text.replace(old, new)
    return text[:40]


class Scenario:
    """Collects the steps of one scenario file, keeping their ids unique."""

    def __init__(self, description: str) -> None:
        self.description = description
        self.steps: list[Step] = []
        self.teardown: list[Step] = []
        self._ids: set[str] = set()

    def add(self, item: Step) -> None:
        """Append ``item``, suffixing its id when an earlier step already uses it."""
        base, n = item["id"], 2
        while item["id"] in self._ids:
            item["id"] = f"{base}-{n}"
            n += 1
        self._ids.add(item["id"])
        self.steps.append(item)

    def write(self, db: str, name: str) -> int:
        """Write the scenario file; answer its number of steps."""
        data: dict[str, Any] = {"description": self.description, "steps": self.steps}
        if self.teardown:
            data["teardown"] = self.teardown
        path = SCENARIOS / db / f"{name}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
        return len(self.steps)
