"""The step-building shapes every scenario generator of this folder shares.

A scenario file is plain JSON in the format of docs/conformance.md; the
generators build it from the same few shapes: a step (``id``, ``model``,
``method``, ``body`` and extra keys such as ``save``, ``doc`` or ``compare``,
in that order), a variable's template (``${name}``), a look-up that saves the
first id a search finds, step ids kept unique within a file, and the file
written the one way (one-space indent, UTF-8 as is, a final newline) so that
regenerating an unchanged scenario leaves it byte for byte the same.

The generators run as scripts from this folder (``from shapes import ...``)
or, for ``sale_s``, as a package (``from tests.conformance.gen.shapes import ...``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

Step = dict[str, Any]
Domain = list[Any]

#: the folder of the scenario files (``base/``, ``sale/``)
SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"


def ref(name: str) -> str:
    """The template of a scenario variable: ``${name}``."""
    return "${" + name + "}"


def step(
    sid: str, model: str, method: str, body: dict[str, Any] | None = None, **extra: Any
) -> Step:
    """One request of a scenario; ``extra`` adds keys such as ``save``, ``doc``
    or ``compare`` after the body."""
    out: Step = {"id": sid, "model": model, "method": method, "body": body or {}}
    out.update(extra)
    return out


def lookup(
    sid: str,
    model: str,
    domain: Domain,
    save_as: str,
    limit: int | None = 1,
    active_test: bool = True,
) -> Step:
    """A search that keeps the first id it finds as the variable ``save_as``
    (``limit`` None leaves the body without one; ``active_test`` False finds
    archived records too)."""
    body: dict[str, Any] = {"domain": domain}
    if limit is not None:
        body["limit"] = limit
    if not active_test:
        body["context"] = {"active_test": False}
    return step(sid, model, "search", body, save={save_as: "$[0]"})


def unique_id(sid: str, taken: set[str]) -> str:
    """``sid``, or ``sid-2``, ``sid-3``... when ``taken`` already holds it; the
    answer is added to ``taken``."""
    base, n = sid, 2
    while sid in taken:
        sid = f"{base}-{n}"
        n += 1
    taken.add(sid)
    return sid


def scenario(description: str, steps: list[Step], **extra: Any) -> dict[str, Any]:
    """A scenario file's content: its description, steps and ``extra`` keys
    (``teardown``, ``cleanup``)."""
    return {"description": description, "steps": steps, **extra}


def write_scenario(path: Path, data: dict[str, Any]) -> int:
    """Write a scenario file (its folder made when missing); answer its number
    of steps."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return len(data["steps"])
