"""Field tracking, as Odoo 19's ``mail.thread`` does it: a field declared with
``tracking=True`` (or a sequence number) on a model with a chatter has its
changes logged, one message per changed record, with a ``mail.tracking.value``
per changed field.

How: before a write that names a tracked field, or before the recompute of a
tracked stored computed field (an order's total, when a line changes), the
records' values of the tracked fields are kept in the transaction's memo (the
first kept value of a field wins); when the outermost write, create or
recompute ends, the values are compared with the current ones and the messages
made (:func:`finalize`). Records created in the transaction are not tracked
(their creation is logged instead), as in Odoo. The context keys
``tracking_disable`` and ``mail_notrack`` turn tracking off.

A write that names no tracked field costs one set comparison
(:func:`watches`).
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Iterable, Iterator
from typing import Any

from jsontwo.modules.mail.models.message import tagged_message_id
from jsontwo.modules.mail.models.tracking_value import _sequence
from jsontwo.orm import Command

#: the memo key of a model's kept values: (MEMO, model) -> {id: {field: value} | None}
MEMO = "mail.tracking"
#: the memo key of how many tracking scopes are open
DEPTH = "mail.tracking.depth"
#: a model class -> (its tracked fields, its compute methods -> tracked fields they set)
_CACHE: weakref.WeakKeyDictionary[type, tuple[frozenset[str], dict[str, frozenset[str]]]] = (
    weakref.WeakKeyDictionary()
)


def _tracking_of(records: Any) -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    """The tracked fields of ``records``' model, and those of its compute methods."""
    cls = type(records)
    found = _CACHE.get(cls)
    if found is None:
        tracked = {n for n, fld in records._fields.items() if getattr(fld, "tracking", False)}
        computed: dict[str, set[str]] = {}
        for name in tracked:
            fld = records._fields[name]
            if fld.compute and fld.store:
                computed.setdefault(str(fld.compute), set()).add(name)
        found = (frozenset(tracked), {k: frozenset(v) for k, v in computed.items()})
        _CACHE[cls] = found
    return found


def enabled(env: Any) -> bool:
    """Whether the context lets changes be tracked."""
    context = env.context
    return not (context.get("tracking_disable") or context.get("mail_notrack"))


def tracked_fields(records: Any) -> frozenset[str]:
    """The names of the tracked fields of ``records``' model."""
    return _tracking_of(records)[0]


def watches(records: Any, vals: Any) -> bool:
    """Whether a write of ``vals`` on ``records`` is to be tracked: it names a
    tracked field and the context allows it."""
    tracked = _tracking_of(records)[0]
    return (
        bool(tracked)
        and isinstance(vals, dict)
        and not tracked.isdisjoint(vals)
        and enabled(records.env)
    )


def recomputed(records: Any, fnames: Iterable[str]) -> frozenset[str]:
    """The tracked fields a recompute of ``fnames`` on ``records`` may change (every
    tracked field set by the same compute methods); empty when not tracked."""
    by_compute = _tracking_of(records)[1]
    if not by_compute:
        return frozenset()
    names: set[str] = set()
    for fname in fnames:
        fld = records._fields.get(fname)
        if fld is not None and fld.compute:
            names |= by_compute.get(str(fld.compute), frozenset())
    return frozenset(names) if names and enabled(records.env) else frozenset()


@contextlib.contextmanager
def scope(env: Any) -> Iterator[None]:
    """A write, create or recompute that may change tracked values: when the
    outermost one ends without error, the changes are logged."""
    memo = env.transaction.memo
    memo[DEPTH] = memo.get(DEPTH, 0) + 1
    try:
        yield
    except BaseException:
        memo[DEPTH] -= 1
        if not memo[DEPTH]:
            _pop_all(memo)
        raise
    memo[DEPTH] -= 1
    if not memo[DEPTH]:
        finalize(env)


def prepare(records: Any, fnames: Iterable[str]) -> None:
    """Keep the current values of ``fnames`` of ``records`` (those not kept yet)."""
    values = records.env.transaction.memo.setdefault((MEMO, records._name), {})
    todo = [rid for rid in records._ids if values.get(rid, {}) is not None]
    if not todo:
        return
    names = sorted(fnames)
    existing = records.browse(todo).sudo().exists()
    for row in existing.read(names, load=None):
        kept = values.setdefault(row["id"], {})
        for name in names:
            kept.setdefault(name, row[name])


def discard(records: Any) -> None:
    """Never track ``records`` in this transaction (they were just created)."""
    values = records.env.transaction.memo.setdefault((MEMO, records._name), {})
    for rid in records._ids:
        values[rid] = None


def _pop_all(memo: dict[Any, Any]) -> list[tuple[str, dict[int, Any]]]:
    keys = [key for key in memo if isinstance(key, tuple) and key[0] == MEMO]
    return [(key[1], memo.pop(key)) for key in keys]


def finalize(env: Any) -> None:
    """Log the changes of the values kept, one message per changed record."""
    for model_name, kept in _pop_all(env.transaction.memo):
        initial = {rid: values for rid, values in kept.items() if values}
        if not initial:
            continue
        context = {k: v for k, v in env.context.items() if not k.startswith("default_")}
        records = env[model_name].with_context(context).sudo().browse(list(initial)).exists()
        if records:
            _track(records, initial)


def _track(records: Any, initial: dict[int, dict[str, Any]]) -> None:
    """Compare the kept values with the current ones; post or log the messages."""
    names = sorted({name for values in initial.values() for name in values})
    described = records.fields_get(names, attributes=["string", "type", "selection"])
    order = sorted(described, key=lambda n: (_sequence(records._fields[n]), n), reverse=True)
    current = {row["id"]: row for row in records.read(names, load=None)}
    logs: dict[int, list[Any]] = {}
    for record in records:
        before, now = initial[record.id], current[record.id]
        changed = [n for n in order if n in before and _differs(before[n], now[n])]
        if not changed:
            continue
        commands = [
            Command.create(_tracking_values(record, described[n], n, before[n], now[n]))
            for n in changed
        ]
        subtype = record._track_subtype({n: before[n] for n in changed})
        if subtype:
            record.message_post(body="", subtype_id=subtype, tracking_value_ids=commands)
        else:
            logs[record.id] = commands
    if logs:
        _log(records, logs)


def _differs(old: Any, new: Any) -> bool:
    return old != new and bool(old or new)


def _log(records: Any, logs: dict[int, list[Any]]) -> None:
    """Log the tracking messages that no subtype posts: internal notes without
    body, not notifying anyone (Odoo's ``_message_log``)."""
    env = records.env
    author = env.user.partner_id.sudo()
    email_from = author.email_formatted or False
    note = env["ir.model.data"]._xmlid_to_res_id("mail.mt_note")
    env["mail.message"].sudo().create(
        [
            {
                "author_id": author.id,
                "email_from": email_from,
                "reply_to": email_from,
                "model": records._name,
                "res_id": rid,
                "record_company_id": False,
                "body": "",
                "message_type": "notification",
                "is_internal": True,
                "subtype_id": note,
                "tracking_value_ids": commands,
                "email_add_signature": False,
                "message_id": tagged_message_id("message-notify"),
            }
            for rid, commands in logs.items()
        ]
    )


def _tracking_values(
    record: Any, col_info: dict[str, Any], name: str, old: Any, new: Any
) -> dict[str, Any]:
    """The values of the ``mail.tracking.value`` of field ``name``'s change (``old``
    and ``new`` as ``read`` gives them, without names)."""
    ttype = col_info["type"]
    values: dict[str, Any] = {
        "field_id": record.env["ir.model.fields"]._field_id(record._name, name)
    }
    if ttype in ("integer", "float", "char", "text", "datetime"):
        values.update({f"old_value_{ttype}": old, f"new_value_{ttype}": new})
    elif ttype == "monetary":
        currency = record[record._fields[name].currency_field]
        values.update(currency_id=currency.id or False, old_value_float=old, new_value_float=new)
    elif ttype == "date":
        values.update(
            old_value_datetime=f"{old} 00:00:00" if old else False,
            new_value_datetime=f"{new} 00:00:00" if new else False,
        )
    elif ttype == "boolean":
        values.update(old_value_integer=int(bool(old)), new_value_integer=int(bool(new)))
    elif ttype == "selection":
        labels = dict(col_info.get("selection") or [])
        values.update(
            old_value_char=labels.get(old, old) if old else "",
            new_value_char=labels.get(new, new) if new else "",
        )
    elif ttype == "many2one":
        comodel = record.env[record._fields[name].comodel_name]
        values.update(
            old_value_integer=old or 0,
            new_value_integer=new or 0,
            old_value_char=_names(comodel, [old] if old else []),
            new_value_char=_names(comodel, [new] if new else []),
        )
    else:  # one2many, many2many
        comodel = record.env[record._fields[name].comodel_name]
        values.update(old_value_char=_names(comodel, old), new_value_char=_names(comodel, new))
    return values


def _names(comodel: Any, ids: Any) -> str:
    """The display names of records ``ids`` of ``comodel``, comma separated."""
    if not ids:
        return ""
    return ", ".join(r.display_name or "" for r in comodel.sudo().browse(list(ids)))
