"""Comparing a transcript with the golden one, step by step.

A step's compare mode says what must match:

- ``full`` (the default): the status and the whole normalised answer;
- ``set``: the same, with every list compared as a set (order ignored);
- ``shape``: the status, and the answer's structure with each value replaced by
  its JSON type (an error by its name);
- ``keys``: the status and the keys of the result (of each record of a list);
- ``count``: the status and the length of the result;
- ``error_name``: the status and the error's name;
- ``status``: the status alone;
- ``ignore``: nothing (the step runs for its side effects and saves).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

DIFF_LINES = 16


def shape(value: Any) -> Any:
    """The structure of a JSON value, each leaf replaced by its type name."""
    if isinstance(value, dict):
        return {k: shape(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        return [shape(v) for v in value]
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if value is None:
        return "null"
    return "string"


def payload(entry: dict[str, Any]) -> dict[str, Any]:
    """What an entry answered: a harness error, recorded headers, an error
    object, a result, a non-JSON body or a transport error."""
    if "harness_error" in entry:
        return {"harness_error": entry["harness_error"]}
    if "headers" in entry:
        rest = {k: v for k, v in entry.items() if k != "headers"}
        return {"headers": entry["headers"], **payload(rest)}
    if "error" in entry:
        return {"error": entry["error"]}
    if "result" in entry:
        return {"result": entry["result"]}
    if "body_text" in entry:
        return {"content_type": entry.get("content_type"), "body_text": entry["body_text"]}
    return {"transport_error": entry.get("transport_error")}


def as_set(value: Any) -> Any:
    """``value`` with every list sorted (by its items' JSON), to compare as sets."""
    if isinstance(value, list):
        return sorted((as_set(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, dict):
        return {k: as_set(v) for k, v in value.items()}
    return value


def _error_name(entry: dict[str, Any]) -> dict[str, Any]:
    return {"error": entry["error"]["name"]} if "error" in entry else {}


def _keys(result: Any) -> Any:
    if isinstance(result, dict):
        return sorted(result)
    if isinstance(result, list):
        return [sorted(r) if isinstance(r, dict) else shape(r) for r in result]
    return shape(result)


def project(entry: dict[str, Any], mode: str) -> dict[str, Any] | None:
    """What the compare mode ``mode`` looks at in an entry."""
    status = entry.get("status")
    if mode == "ignore":
        return None
    if mode == "status":
        return {"status": status}
    if mode == "error_name":
        return {"status": status, "name": (entry.get("error") or {}).get("name")}
    result = entry.get("result")
    if mode == "count":
        count = len(result) if isinstance(result, list | dict) else result
        return {"status": status, "count": count, **_error_name(entry)}
    if mode == "keys":
        return {"status": status, "keys": _keys(result), **_error_name(entry)}
    answer = payload(entry)
    if mode == "shape":
        if "error" in answer:
            return {"status": status, "error": answer["error"]["name"]}
        return {"status": status, "shape": shape(answer.get("result"))}
    if mode == "set":
        return {"status": status, **as_set(answer)}
    return {"status": status, **answer}


def same(a: Any, b: Any) -> bool:
    """JSON equality: numbers by value (1 == 1.0), but booleans are not numbers."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def compact_diff(expected: Any, actual: Any, max_lines: int = DIFF_LINES) -> str:
    """A unified diff of two projections (``-`` golden, ``+`` actual), one line of
    context, without headers, indented under the step's FAIL line."""
    golden = json.dumps(expected, indent=1, sort_keys=True, ensure_ascii=False).splitlines()
    other = json.dumps(actual, indent=1, sort_keys=True, ensure_ascii=False).splitlines()
    lines = list(difflib.unified_diff(golden, other, n=1, lineterm=""))[2:]
    if len(lines) > max_lines:
        lines = [*lines[:max_lines], f"... ({len(lines) - max_lines} more diff lines)"]
    return "\n".join("      " + line for line in lines)


@dataclass(frozen=True)
class Verdict:
    """Whether one step matched, under which mode, and the diff when it did not."""

    step: str
    ok: bool
    mode: str
    diff: str = ""


def compare_transcripts(
    golden: dict[str, Any], actual: dict[str, Any], modes: dict[str, str]
) -> Iterator[Verdict]:
    """A verdict for each step of the golden transcript. ``modes`` (from the
    scenario) override the modes the golden transcript was recorded with."""
    replayed = {entry["id"]: entry for entry in actual["steps"]}
    for expected in golden["steps"]:
        sid = expected["id"]
        mode = modes.get(sid, expected.get("compare", "full"))
        entry = replayed.get(sid)
        if entry is None:
            yield Verdict(sid, False, mode, "      step missing from actual run")
        elif mode == "ignore":
            yield Verdict(sid, True, mode)
        else:
            want, got = project(expected, mode), project(entry, mode)
            ok = same(want, got)
            yield Verdict(sid, ok, mode, "" if ok else compact_diff(want, got))
