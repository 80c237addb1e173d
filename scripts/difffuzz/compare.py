"""Differences between two normalised answers: their kind, and a short form for the report."""

from __future__ import annotations

import json
from typing import Any

from difffuzz.generate import Call
from difffuzz.normalise import Schema
from difffuzz.symbols import Ref

# each model's default order (Odoo 19's `_order`): ties under it are not differences
DEFAULT_ORDERS = {
    "res.partner": "complete_name, id desc", "res.partner.category": "name, id",
    "res.country": "name, id", "res.country.state": "code, id", "res.currency": "active desc, name",
    "res.company": "sequence, name", "res.users": "name, login", "res.lang": "active desc, name",
    "res.partner.industry": "name, id", "res.bank": "name, id", "res.partner.bank": "sequence, id",
    "res.groups": "privilege_id, sequence, name, id", "product.template": "is_favorite desc, name",
    "product.product": "default_code, name, id", "product.category": "complete_name",
    "uom.uom": "sequence, relative_uom_id, id", "account.tax": "sequence, id",
    "sale.order": "date_order desc, id desc", "sale.order.line": "order_id, sequence, id",
}  # fmt: skip


def dumps(value: Any) -> str:
    """Canonical JSON of a value (`Ref`s by their repr)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=repr)


def shorten(value: Any, size: int = 700) -> str:
    """A value's JSON, cut to `size` characters."""
    text = dumps(value)
    return text if len(text) <= size else text[: size - 20] + f"... ({len(text)} chars)"


def first_difference(a: Any, b: Any, path: str = "") -> str:
    """The path of the first place where `a` and `b` differ (`[*]` for list positions)."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                return f"{path}.{key}(missing)"
            if a[key] != b[key]:
                return first_difference(a[key], b[key], f"{path}.{key}")
        return path
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{path}(length)"
        for x, y in zip(a, b, strict=True):
            if x != y:
                return first_difference(x, y, f"{path}[*]")
    return path


def category(model: str, a: Any, b: Any) -> str:
    """What kind of difference separates the reference's answer `a` from jsontwo's `b`."""
    err_a = isinstance(a, dict) and "status" in a
    err_b = isinstance(b, dict) and "status" in b
    if err_a or err_b:
        sa = f"{a['status']} {a['error']}" if err_a else "200"
        sb = f"{b['status']} {b['error']}" if err_b else "200"
        if sa != sb:
            return f"status {sa} / {sb}"
        return f"message of {a['error']}"
    path = first_difference(a, b)
    if path.startswith("[*].") or path.startswith(".records[*]."):
        return f"value {model}{path[path.index('.', 1 if path[0] == '.' else 0) :]}"
    return f"result {path or 'value'}"


def leaf_signature(schema: Schema, model: str, leaf: list[Any]) -> str:
    """`type op value-type` of one domain leaf (what a domain bug depends on)."""
    path, op, value = leaf
    found = schema.path_field(model, path)
    ftype = found[1]["type"] if found else "?"
    if "." in path:
        ftype = f"path.{ftype}"

    def vtype(v: Any) -> str:
        if isinstance(v, list):
            return "list" if not v else f"list[{vtype(v[0])}]"
        if isinstance(v, Ref):
            return "id"
        return type(v).__name__

    return f"{ftype} {op} {vtype(value)}"


def signature(schema: Schema, call: Call) -> str:
    """What the (minimised) call exercises, for grouping differences into kinds."""
    body, parts = call.body, []
    for term in body.get("domain", [])[1:]:
        if isinstance(term, list):
            parts.append(leaf_signature(schema, call.model, term))
    fields = schema.fields(call.model)

    def ftype(name: str) -> str:
        base, _, gran = name.partition(":")
        return fields.get(base, {}).get("type", "?") + (f":{gran}" if gran else "")

    if "groupby" in body:
        parts.append("groupby " + ",".join(ftype(g) for g in body["groupby"]))
    for agg in body.get("aggregates", []) + (
        body.get("fields", []) if call.method == "read_group" else []
    ):
        parts.append(f"agg {ftype(agg)}")
    if call.method in ("create", "write"):
        vals = body["vals_list"][0] if "vals_list" in body else body["vals"]
        parts.extend(
            f"{fields.get(k, {}).get('type', '?')}={type(v).__name__}"
            for k, v in vals.items()
            if k != "name"
        )
    for key in ("order", "limit", "offset", "operator"):
        if key in body:
            parts.append(key)
    return "; ".join(sorted(set(parts)))
