"""Shared helpers of track d's scenario generators (domains, orderings, grouping, web reads).

Each generator builds plain dicts in the shared harness's scenario format and writes them as JSON
under ``tests/conformance/scenarios/<db>/``. Run ``python tests/conformance/gen/track_d.py``.
"""

from __future__ import annotations

import json
from typing import Any

from shapes import SCENARIOS, Domain, Step, step, unique_id, write_scenario

__all__ = ["Domain", "Scenario", "Step", "slug", "step"]


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
        item["id"] = unique_id(item["id"], self._ids)
        self.steps.append(item)

    def write(self, db: str, name: str) -> int:
        """Write the scenario file; answer its number of steps."""
        data: dict[str, Any] = {"description": self.description, "steps": self.steps}
        if self.teardown:
            data["teardown"] = self.teardown
        return write_scenario(SCENARIOS / db / f"{name}.json", data)
