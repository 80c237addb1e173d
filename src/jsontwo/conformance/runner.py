"""Running a scenario: its steps in order, each answer normalised into a
transcript entry, then its teardown steps and the cleanup of what it created."""

from __future__ import annotations

import re
import sys
from typing import Any

from jsontwo.conformance import jsonpath
from jsontwo.conformance.client import Client, Reply
from jsontwo.conformance.context import Relations, RunContext, is_id
from jsontwo.conformance.normalise import Normaliser
from jsontwo.conformance.suite import Scenario, step_id

#: the parts of a step copied into its transcript entry, as written (unsubstituted)
REQUEST_KEYS = ("http_method", "path", "headers", "raw_body", "body")
#: methods that create records (cleanup deletes them)
CREATING_METHODS = frozenset({"create", "copy", "name_create"})
#: methods that write to a model (cleanup sweeps some models by run suffix)
WRITING_METHODS = frozenset({"create", "write", "copy", "name_create", "web_save"})
#: models whose records named with the run suffix are deleted after a run that wrote to them
SWEEP_MODELS = ("res.partner", "res.partner.category")
#: how much of a non-JSON body a transcript keeps
BODY_TEXT_LIMIT = 300
#: the context of cleanup calls: archived records are deleted too
CLEANUP_CONTEXT = {"active_test": False}

Entry = dict[str, Any]


def _entry_head(step: dict[str, Any], index: int) -> Entry:
    """The parts of an entry that come from the step itself."""
    entry: Entry = {"id": step_id(step, index), "model": step.get("model")}
    entry["method"] = step.get("method")
    if step.get("doc"):
        entry["doc"] = step["doc"]
    entry["compare"] = step.get("compare", "full")
    request = {k: step[k] for k in REQUEST_KEYS if k in step}
    if request:
        entry["request"] = request
    return entry


def _save(ctx: RunContext, step: dict[str, Any], payload: Any, entry: Entry) -> None:
    """Keep the values the step saves; a missing value is noted in the entry."""
    for name, spec in (step.get("save") or {}).items():
        if isinstance(spec, str):
            spec = {"path": spec}
        try:
            value = jsonpath.get(payload, spec["path"])
        except (LookupError, TypeError, ValueError) as exc:
            entry.setdefault("save_errors", []).append(
                f"{name}: {spec['path']}: {type(exc).__name__}"
            )
            continue
        if "model" in spec:
            model = spec["model"]
        else:
            model = ctx.infer_model(step.get("model"), spec["path"])
        ctx.save(name, value, model)


def _track(ctx: RunContext, step: dict[str, Any], payload: Any) -> None:
    """Note the records the step created and the model it wrote to."""
    method, model = step.get("method"), step.get("model")
    if method in CREATING_METHODS and step.get("track", True) and model:
        new = payload if isinstance(payload, list) else []
        if method == "name_create" and new:
            new = [new[0]]
        ids = [x for x in new if is_id(x)]
        if ids:
            ctx.created.append((model, ids))
    if method in WRITING_METHODS and model:
        ctx.touched.add(model)


def make_entry(ctx: RunContext, step: dict[str, Any], index: int, reply: Reply) -> Entry:
    """The transcript entry of ``step``, given the server's reply (and save its values)."""
    entry = _entry_head(step, index)
    entry["status"] = reply.status
    norm = Normaliser(ctx, step)
    if reply.status is None:
        entry["transport_error"] = norm.text(reply.transport_error)
        return entry
    if step.get("record_headers"):
        entry["headers"] = {
            name: norm.text((reply.header(name) or "").strip()) or None
            for name in step["record_headers"]
        }
    if not reply.is_json:
        entry["content_type"] = reply.content_type
        entry["body_text"] = norm.text(re.sub(r"\s+", " ", reply.text)[:BODY_TEXT_LIMIT])
        return entry
    payload, is_error = reply.payload, reply.status >= 400
    if not is_error:
        # saves come before normalisation, so that the ids they name show up by name
        _save(ctx, step, payload, entry)
        _track(ctx, step, payload)
    if is_error and isinstance(payload, dict) and "name" in payload:
        entry["error"] = {
            "name": payload.get("name"),
            "message": norm.text(payload.get("message")),
            "arguments": norm.generic(payload.get("arguments")),
            "context": norm.generic(payload.get("context")),
        }
        if "debug" in payload:
            entry["error"]["debug"] = "<masked>" if payload["debug"] else payload["debug"]
    else:
        entry["result"] = norm.result(step.get("model"), step.get("method"), payload)
    return entry


def run_step(client: Client, ctx: RunContext, step: dict[str, Any], index: int) -> Entry:
    """Send one step and return its transcript entry."""
    return make_entry(ctx, step, index, client.send(ctx, step))


def run_scenario(
    client: Client, scenario: Scenario, relations: Relations, *, verbose: bool = False
) -> dict[str, Any]:
    """Run a scenario against the client's target; return its transcript."""
    ctx = RunContext(client.target, relations)
    entries = []
    try:
        for index, step in enumerate(scenario.steps):
            try:
                entry = run_step(client, ctx, step, index)
            except Exception as exc:  # a strange answer must not stop the run: it is reported
                entry = {
                    **{k: v for k, v in _entry_head(step, index).items() if k != "request"},
                    "status": None,
                    "harness_error": f"{type(exc).__name__}: {exc}",
                }
            entries.append(entry)
            if verbose:
                print(f"  {scenario.key}/{entry['id']}: {entry['status']}", file=sys.stderr)
    finally:
        _teardown(client, ctx, scenario)
        failed = cleanup(client, ctx, scenario)
        if failed:
            print(
                f"  [cleanup] {scenario.key}: could not delete {', '.join(failed)}", file=sys.stderr
            )
    return {"scenario": scenario.name, "description": scenario.description, "steps": entries}


def _teardown(client: Client, ctx: RunContext, scenario: Scenario) -> None:
    """Run the teardown steps; their answers are not part of the transcript."""
    for index, step in enumerate(scenario.teardown):
        try:
            run_step(client, ctx, step, index)
        except Exception as exc:  # teardown is best effort
            print(f"  [teardown] {scenario.key}: {type(exc).__name__}: {exc}", file=sys.stderr)


def _call(client: Client, ctx: RunContext, model: str, method: str, body: Any) -> Reply:
    return client.send(ctx, {"model": model, "method": method, "body": body})


def _search(client: Client, ctx: RunContext, model: str, domain: Any) -> list[int]:
    """Ids of ``model`` matching ``domain``, archived ones too; [] on an error."""
    reply = _call(client, ctx, model, "search", {"domain": domain, "context": CLEANUP_CONTEXT})
    if reply.status == 200 and isinstance(reply.payload, list):
        return [x for x in reply.payload if is_id(x)]
    return []


def _unlink(client: Client, ctx: RunContext, model: str, ids: list[int]) -> list[str]:
    """Delete ``ids``; one by one when together they fail, so that one protected
    record does not keep the others. Returns the records left."""
    if not ids:
        return []
    body = {"ids": ids, "context": CLEANUP_CONTEXT}
    if _call(client, ctx, model, "unlink", body).status == 200:
        return []
    left = []
    for one in ids:
        body = {"ids": [one], "context": CLEANUP_CONTEXT}
        if _call(client, ctx, model, "unlink", body).status != 200:
            left.append(f"{model}({one})")
    return left


def cleanup(client: Client, ctx: RunContext, scenario: Scenario) -> list[str]:
    """Best effort: delete the records of the scenario's ``cleanup`` domains, then
    what the run created (newest first), then the records of SWEEP_MODELS named
    with the run suffix. Returns the records that could not be deleted."""
    left = []
    for spec in scenario.cleanup:
        ids = _search(client, ctx, spec["model"], spec["domain"])
        left += _unlink(client, ctx, spec["model"], sorted(ids, reverse=True))
    for model, created in reversed(ctx.created):
        left += _unlink(client, ctx, model, _search(client, ctx, model, [["id", "in", created]]))
    for model in SWEEP_MODELS:
        if model in ctx.touched or any(m == model for m, _ in ctx.created):
            ids = _search(client, ctx, model, [["name", "ilike", ctx.run]])
            left += _unlink(client, ctx, model, sorted(ids, reverse=True))
    return left
