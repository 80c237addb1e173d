"""Hierarchies through ``_parent_name``: ``child_of`` / ``parent_of``, cycle
checks, and the upkeep of ``parent_path`` ("1/5/9/": the ids from the root),
which models with ``_parent_store`` keep so that a hierarchy is read in one
query (see docs/internals/orm-behaviour.md, "Hierarchies").

The helpers take the model, the way :class:`~jsontwo.orm.domains.Compiler` does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jsontwo.exceptions import UserError

if TYPE_CHECKING:
    from jsontwo.orm.types import BaseModel


def hierarchy_ids(model: BaseModel, value: Any, op: str) -> list[int]:
    """The records ``value`` names (ids, or a name searched as by name_search) and
    their descendants (``child_of``) or ancestors (``parent_of``)."""
    values = value if isinstance(value, list) else [value]
    if value is False or value is None:
        return []
    names = [v for v in values if isinstance(v, str)]
    start = {v for v in values if isinstance(v, int) and not isinstance(v, bool)}
    finder = model.sudo().with_context(active_test=False)
    if names:
        start.update(finder._search_ids(finder._name_search_domain(names[:1], "ilike")))
    if start and model._parent_name not in model._fields:
        # a model without a parent field: Odoo fails so (a 500), on both databases
        if op == "parent_of":
            raise KeyError(model._parent_name)
        ids = [v for v in values if v in start] + sorted(start - set(values), key=str)
        raise ValueError(
            f"Invalid field {model._name}.{model._parent_name} in condition "
            f"({model._parent_name!r}, 'in', OrderedSet({ids!r}))"
        )
    if model._parent_store and start:
        by_path = _by_path(model, sorted(start), op)
        if by_path is not None:
            return by_path
    parent = model._fields.get(model._parent_name)
    if parent is not None and not parent.column_in_table:
        # an inherited parent (res.users' is its partner's): walked through the ORM
        return sorted(walk_through(model, model._parent_name, sorted(start), op))
    return walk(model, start, op)


def walk_through(model: BaseModel, link: str, start: list[int], op: str) -> list[int]:
    """The records and their descendants or ancestors through the field ``link`` of
    the model itself instead of ``_parent_name``, as Odoo walks a hierarchy on a
    field whose comodel is the model (``child_ids child_of 7`` follows child_ids):
    a descendant's ``link`` holds one of the records, an ancestor is held in
    theirs. Archived records are walked too."""
    finder = model.sudo().with_context(active_test=False)
    found = list(dict.fromkeys(start))
    frontier = list(found)
    while frontier:
        if op == "child_of":
            nxt = finder._search_ids([[link, "in", frontier]])
        else:
            rows = finder.browse(frontier).exists().read([link])
            nxt = [i for row in rows for i in _linked_ids(row[link])]
        frontier = [i for i in dict.fromkeys(nxt) if i not in found]
        found += frontier
    return found


def _linked_ids(value: Any) -> list[int]:
    """The ids a read value of a relational field holds."""
    if not value:
        return []
    if isinstance(value, int):
        return [value]
    if isinstance(value, list | tuple) and len(value) == 2 and isinstance(value[1], str):
        return [value[0]]  # a many2one's (id, name)
    return list(value)


def walk(model: BaseModel, start: set[int], op: str) -> list[int]:
    """The records and their descendants or ancestors, one level per query
    (for models without ``parent_path``, and for cycle checks, which must not
    trust paths a cyclic write may have left)."""
    parent = model._parent_name
    table = model._table
    found = set(start)
    frontier = list(start)
    while frontier:
        marks = ", ".join(["%s"] * len(frontier))
        if op == "child_of":
            sql = f'SELECT id FROM "{table}" WHERE "{parent}" IN ({marks})'
        else:
            sql = (
                f'SELECT "{parent}" FROM "{table}" WHERE id IN ({marks}) AND "{parent}" IS NOT NULL'
            )
        frontier = [row[0] for row in model.env.cr.execute(sql, frontier) if row[0] not in found]
        found.update(frontier)
    return sorted(found)


def _by_path(model: BaseModel, start: list[int], op: str) -> list[int] | None:
    """child_of / parent_of in one query through ``parent_path``: the
    descendants' paths start with the record's, the ancestors are in its path.
    None when a path is missing (rows written outside the ORM): then walk."""
    marks = ", ".join(["%s"] * len(start))
    rows = model.env.cr.execute(
        f'SELECT id, parent_path FROM "{model._table}" WHERE id IN ({marks})', start
    )
    paths = [path for _rid, path in rows]
    if not paths:
        return []
    if not all(paths):
        return None
    if op == "parent_of":
        return sorted({int(part) for path in paths for part in path.split("/") if part})
    likes = " OR ".join(["parent_path LIKE %s"] * len(paths))
    found = model.env.cr.execute(
        f'SELECT id FROM "{model._table}" WHERE {likes}', [f"{path}%" for path in paths]
    )
    return sorted(row[0] for row in found)


def has_cycle(records: BaseModel) -> bool:
    """Whether a record is among its own ancestors through ``_parent_name``."""
    parents = records._cached_values(records._fields[records._parent_name], records._ids)
    ancestors = walk(records, {p for p in parents.values() if p}, "parent_of")
    return not set(ancestors).isdisjoint(records._ids)


def _check_no_recursion(records: BaseModel, parents: dict[int, Any]) -> None:
    """Refuse (Odoo's UserError "Recursion Detected.") moving records under one of
    themselves or of their descendants: the new parent's stored path, from the
    root, goes through one of the records moved."""
    parent_ids = sorted({p for p in parents.values() if p})
    if not parent_ids:
        return
    stored = {row[0]: row[1] or "" for row in records._select_by_ids(["parent_path"], parent_ids)}
    moving = set(parents)
    for parent_id in parent_ids:
        ancestors = {int(label) for label in stored.get(parent_id, "").split("/") if label}
        if not ancestors.isdisjoint(moving):
            raise UserError("Recursion Detected.")


def update_parent_path(records: BaseModel, creating: bool = False) -> None:
    """Set ``parent_path`` of ``records`` from their parents', and move their
    descendants along."""
    table, parent = records._table, records._parent_name
    ids = sorted(set(records._ids))
    parents = {row[0]: row[1] for row in records._select_by_ids([parent], ids)}
    outside = [p for p in set(parents.values()) if p and p not in parents]
    known = {row[0]: row[1] or "" for row in records._select_by_ids(["parent_path"], outside)}
    visiting: set[int] = set()

    def path_of(rid: int) -> str:
        if rid not in known:
            visiting.add(rid)
            parent_id = parents.get(rid)
            # a cycle gets a path too; the model's constraint refuses it afterwards
            up = path_of(parent_id) if parent_id and parent_id not in visiting else ""
            known[rid] = f"{up}{rid}/"
        return known[rid]

    cr = records.env.cr
    if not creating:
        _check_no_recursion(records, parents)
    if creating:
        cr.update_rows(
            table,
            ["parent_path"],
            records._column_types(["parent_path"]),
            [(path_of(rid), rid) for rid in ids if rid in parents],
        )
        records.env.invalidate(records._name)
        return
    for rid in ids:
        if rid not in parents:
            continue
        path = path_of(rid)
        rows = cr.execute(f'SELECT parent_path FROM "{table}" WHERE id = %s', [rid])
        old = rows[0][0] if rows else None
        if old == path:
            continue
        if old:  # the record moved: so do its descendants
            cr.execute(
                f'UPDATE "{table}" SET parent_path = %s || substr(parent_path, %s) '
                "WHERE parent_path LIKE %s",
                [path, len(old) + 1, f"{old}%"],
            )
        else:
            cr.execute(f'UPDATE "{table}" SET parent_path = %s WHERE id = %s', [path, rid])
    records.env.invalidate(records._name)
