"""Computed fields: running compute methods and following related paths for
the values of non-stored fields, and recomputing stored ones.

A compute method assigns its fields on the records; while it runs, the
record cache marks those fields as being computed, so that the assignments
go into the cache instead of being writes. What depends on what, and when to
recompute, is the registry's business; this module only runs the methods.

The helpers take the records, the way :class:`~jsontwo.orm.domains.Compiler`
takes the model.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from jsontwo.orm import fields as f
from jsontwo.orm import translate

if TYPE_CHECKING:
    from jsontwo.orm.types import BaseModel


def compute_field(records: BaseModel, field: f.Field) -> dict[int, Any]:
    """Values of a non-stored field (computed or related) for ``records``, or of a
    stored binary kept as an attachment."""
    if isinstance(field, f.Binary) and field.in_attachment:
        return records._read_binary_attachments(field)
    if field.related:
        return compute_related(records, field)
    assert field.compute, f"{field} has no value source"
    key = (records._name, field.name)
    # a method may compute several fields: each of them is assigned, not written
    keys = {
        (records._name, name)
        for name, other in records._fields.items()
        if other.compute == field.compute and not other.store
    } | {key}
    cache = records.env.transaction.cache
    with cache.computing(keys):
        getattr(records, field.compute)()
    computed = cache.take(key)
    result = {rid: computed.get(rid) for rid in records._ids}
    # the values of other records (cached before, or computed along) stay cached:
    # a compute nested in another one's (a product's name, for an order line's)
    # must not make the outer one lose what it had
    others = {rid: value for rid, value in computed.items() if rid not in result}
    if others:
        cache.update(key, others)
    return result


def compute_related(records: BaseModel, field: f.Field) -> dict[int, Any]:
    """Values of a related field: its path followed as superuser, through many2one
    links or, as in Odoo, the first record of an x2many (a user's latest login)."""
    assert field.related
    path = field.related.split(".")
    model: BaseModel = records.sudo()
    current: dict[int, Any] = {rid: rid for rid in records._ids}
    for hop in path[:-1]:
        link = model._fields[hop]
        assert isinstance(link, f._Relational), (
            f"related path {field.related} must go through relational fields"
        )
        got = model._cached_values(link, list({v for v in current.values() if v}))
        if not isinstance(link, f.Many2one):
            got = {rid: ids[0] if ids else None for rid, ids in got.items()}
        current = {rid: got.get(v) if v else None for rid, v in current.items()}
        model = records.env[link.comodel_name].sudo()
    last = model._fields[path[-1]]
    got = model._cached_values(last, list({v for v in current.values() if v}))
    return {rid: got.get(v) if v else None for rid, v in current.items()}


def _stored_siblings(model: BaseModel, fname: str) -> list[str]:
    """The stored computed fields computed by ``fname``'s method, ``fname`` among
    them, in definition order (Odoo's ``_compute_amounts`` sets three totals)."""
    compute = model._fields[fname].compute
    return [
        name for name, other in model._fields.items() if other.store and other.compute == compute
    ]


def recompute_stored(
    records: BaseModel, fnames: Sequence[str], exist: bool = False
) -> tuple[list[int], list[str]]:
    """Recompute stored computed fields on ``records``, together with the other
    stored fields their methods compute (``exist``: known to exist, such as records
    just created); return the ids that changed and the fields that changed.

    Each compute method runs once for all of ``records``; a changed row is
    updated once with all its changed columns."""
    groups: dict[str, list[str]] = {}
    for fname in fnames:
        compute = records._fields[fname].compute
        assert compute, f"{records._fields[fname]} is not computed"
        if compute not in groups:
            groups[compute] = _stored_siblings(records, fname)
    records = records if exist else records.exists()
    if not records:
        return [], []
    changed_ids: dict[int, None] = {}
    changed_fields: dict[str, None] = {}
    for group in groups.values():
        ids, names = _recompute_group(records, group)
        changed_ids.update(dict.fromkeys(ids))
        changed_fields.update(dict.fromkeys(names))
    return list(changed_ids), list(changed_fields)


def _recompute_group(records: BaseModel, fnames: list[str]) -> tuple[list[int], list[str]]:
    """Run the compute method of the stored fields ``fnames`` (one method) on
    ``records``, which exist, and store what changed."""
    fields = [records._fields[n] for n in fnames]
    ids = records._ids
    before = {fld.name: records._cached_values(fld, ids) for fld in fields}
    cache = records.env.transaction.cache
    compute = fields[0].compute
    assert compute
    # the method assigns its fields (non-stored ones it also sets included)
    keys = {(records._name, n) for n, fld in records._fields.items() if fld.compute == compute}
    with cache.computing(keys):
        getattr(records, compute)()
    # a record the method left unassigned keeps its value, as does one whose
    # value was just given (create or write of a writable computed field)
    model = records._name
    # {row id: {field name: column value}}, for the rows that changed
    updates: dict[int, dict[str, Any]] = {}
    # the new values as a fetch would give them (unchanged rows get their old
    # values back: the method may have assigned an equal one); the rows' other
    # columns did not change, the cache keeps them
    fresh: dict[str, dict[int, Any]] = {}
    for fld in fields:
        name = fld.name
        old, new = before[name], cache.known((model, name))
        kept = cache.protected((model, name))
        translated = translate.is_translated(fld)
        values = fresh[name] = {}
        for rid in ids:
            previous = old[rid]
            value = previous if rid in kept else new.get(rid, previous)
            if value == previous:
                values[rid] = previous
                continue
            column = fld.to_column(value if value is not None else False, model)
            if translated:  # (Odoo too computes one language)
                column = translate.new_value(column, translate.SOURCE_LANG)
            updates.setdefault(rid, {})[name] = column
            values[rid] = fld.from_column(column)
    for name, values in fresh.items():
        cache.update((model, name), values)
    if not updates:
        return [], []
    changed = dict.fromkeys(n for row in updates.values() for n in row)
    _write_attachments(records, fields, updates)
    # merged with the next methods' updates (and the INSERT of new rows kept back)
    names = list(dict.fromkeys(n for row in updates.values() for n in row))
    if names:
        types = dict(zip(names, records._column_types(names), strict=True))
        records.env.cr.defer_updates(records._table, updates, types)
    # what is computed from other fields is forgotten
    cache.forget_computed(records._name)
    return list(updates), [n for n in fnames if n in changed]


def _write_attachments(
    records: BaseModel, fields: list[f.Field], updates: dict[int, dict[str, Any]]
) -> None:
    """Store the new values of the binaries kept as attachments (taken out of
    ``updates``, which keeps the columns)."""
    for fld in fields:
        if isinstance(fld, f.Binary) and fld.in_attachment:
            values = {rid: row.pop(fld.name) for rid, row in updates.items() if fld.name in row}
            if values:
                records._write_binary_attachments(fld, values)
