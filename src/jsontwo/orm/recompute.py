"""The recompute engine: keeping stored computed fields up to date.

A stored computed field names, with ``@api.depends``, the paths its value
depends on (``partner_id.name``, ``order_line.price_total``). From them the
engine works out, once per registry, its *triggers*: for each (model, field),
the stored computed fields to recompute when it changes, with the path leading
from each dependent record back to the changed one. Writing, creating and
deleting records then ask the engine which records depend on the change
(searching along those paths), and recompute them, and in turn what depends
on the values that changed (up to :data:`MAX_RECOMPUTE_DEPTH` levels).

Dependencies are followed before a change as well as after it: a line leaving
an order changes the total of the order it leaves, which, after the write, no
path from the line reaches any more.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING

from jsontwo.orm import fields as f

if TYPE_CHECKING:
    from jsontwo.orm.types import BaseModel, Environment

#: (model, field) -> [(dependent model, dependent field, path from it to the model)]
Triggers = dict[tuple[str, str], list[tuple[str, str, str]]]
#: model -> [(dependent model, dependent field, path from it through an x2many to the model)]
X2manyTriggers = dict[str, list[tuple[str, str, str]]]
#: (model, field) -> ids of the records whose stored field is to be recomputed
Todo = dict[tuple[str, str], set[int]]
#: how many rounds of "what depends on what just changed" one change may set off
MAX_RECOMPUTE_DEPTH = 32


class Recomputer:
    """The stored computed fields of a registry's models, and what recomputes them.

    Built once per registry (``registry.recomputer``): the triggers are worked
    out here, the creation order of each model's compute methods when first
    asked for.
    """

    def __init__(self, models: Mapping[str, type[BaseModel]]) -> None:
        self.models = models
        self.triggers, self.x2many_triggers = _triggers(models)
        self._creation_orders: dict[str, tuple[list[str], bool]] = {}
        #: model -> {compute method: its place in the creation order}
        self._method_positions: dict[str, dict[str, int]] = {}
        #: model -> the "set null" many2ones to it that stored computed fields
        #: depend on, as (model, field)
        self._set_null_links = _set_null_links(models, self.triggers)

    def modified(
        self,
        records: BaseModel,
        fnames: Sequence[str],
        depth: int = 0,
        skip_own: bool = False,
        fresh: bool = False,
    ) -> None:
        """Recompute the stored fields that depend on ``fnames`` of ``records``
        (``skip_own``: not the records' own fields, which are known up to date;
        ``fresh``: the records were just inserted, and nothing but their own rows
        written since)."""
        if not records or depth > MAX_RECOMPUTE_DEPTH:
            return
        triggers = [
            t
            for fname in fnames
            for t in self.triggers.get((records._name, fname), ())
            if not (skip_own and t[2] == "" and t[0] == records._name)
            and not (fresh and not self._may_link_new(records, t[0], t[2]))
            and not (fresh and skip_own and self._settled_at_creation(records, fname, t))
        ]
        todo = self._dependents(records, triggers, fresh)
        self.recompute(records, todo, depth, existing=records._ids if fresh else ())

    def _may_link_new(self, records: BaseModel, model_name: str, prefix: str) -> bool:
        """Whether records of ``model_name`` may reach the fresh ``records`` (see
        :meth:`modified`) through the path ``prefix``. Not when it starts with a
        many2one with a foreign key: no row could name a record before it was
        inserted, so only the fresh records themselves may (those of the same
        model, through a value of their own: their company's commercial partner
        is themselves), and they hold none when it is empty on each of them."""
        if not prefix:
            return True
        first = self.models[model_name]._fields[prefix.partition(".")[0]]
        if not _is_foreign_key(first):
            return True
        if model_name != records._name:
            return False
        known = records.env.transaction.cache.known((model_name, first.name))
        return any(known.get(rid, True) for rid in records._ids)

    def _settled_at_creation(
        self, records: BaseModel, fname: str, trigger: tuple[str, str, str]
    ) -> bool:
        """Whether the fresh ``records``, whose stored fields were just computed
        in creation order, already hold what ``trigger`` (a field depending on
        ``fname`` through a path) would recompute: the path is one many2one with
        a foreign key from their own model (so only fresh records reach fresh
        ones, see :meth:`_may_link_new`), and ``fname`` is a plain column (given
        or defaulted at creation) or computed by a method that ran before the
        dependent field's. A new company is its own commercial partner: its
        ``commercial_company_name`` read the company's final ``name`` already."""
        model_name, dependent, prefix = trigger
        if not _own_foreign_key(records, model_name, prefix):
            return False
        fields = records._fields
        source = fields[fname]
        if not source.compute:
            return True
        positions = self._method_positions.get(model_name)
        if positions is None:
            order, _ordered = self.creation_order(model_name)
            positions = {str(fields[name].compute): at for at, name in enumerate(order)}
            self._method_positions[model_name] = positions
        before = positions.get(source.compute)
        after = positions.get(str(fields[dependent].compute))
        return before is not None and after is not None and before < after

    def recompute(
        self, records: BaseModel, todo: Todo, depth: int = 0, existing: Collection[int] = ()
    ) -> None:
        """Recompute the stored fields of ``todo`` (in ``records``' environment),
        and what depends on the values that changed (``existing``: ids of
        ``records``' model known to exist, records just created: not looked up)."""
        # the fields one method computes are recomputed together, on the union of
        # the records each of them needs
        grouped: dict[tuple[str, str], tuple[str, set[int]]] = {}
        for (model_name, field_name), todo_ids in todo.items():
            if not todo_ids:
                continue
            compute = self.models[model_name]._fields[field_name].compute
            _name, ids = grouped.setdefault((model_name, str(compute)), (field_name, set()))
            ids.update(todo_ids)
        known = set(existing)
        for (model_name, _compute), (field_name, todo_ids) in grouped.items():
            target = records.env[model_name].sudo().browse(sorted(todo_ids))
            exist = model_name == records._name and todo_ids <= known
            changed, fnames = target._recompute_stored([field_name], exist)
            if changed:
                self.modified(target.browse(changed), fnames, depth + 1)

    def recompute_new(self, records: BaseModel, fresh: bool = False) -> None:
        """Compute every stored computed field of freshly created records
        (``fresh``: nothing but their rows was written since they were inserted,
        see :meth:`modified`)."""
        order, ordered = self.creation_order(records._name)
        # each method once, after the methods computing what it reads of the record
        for fname in order:
            records.sudo()._recompute_stored([fname], exist=True)
        # one pass for what depends on any column, the computed ones included: an
        # order's totals are worked out once for all its new lines, not once per
        # line field. The records' own fields were just computed in dependency
        # order: recomputing them again would change nothing
        created_fields = [n for n, fld in records._fields.items() if fld.column_in_table]
        self.modified(records, created_fields, skip_own=ordered, fresh=fresh)

    def creation_order(self, model_name: str) -> tuple[list[str], bool]:
        """One stored computed field per compute method of ``model_name``, ordered so
        that a method runs after those computing the fields of the same record it
        depends on; and whether such an order exists (no cycle). Cached."""
        cached = self._creation_orders.get(model_name)
        if cached is None:
            cached = self._creation_orders[model_name] = _creation_order(
                self.models[model_name], self.triggers
            )
        return cached

    def dependents_before_write(self, records: BaseModel, fnames: Sequence[str]) -> Todo:
        """The records that depend, through a path, on the many2one fields among
        ``fnames`` of ``records`` as they are before a write changes them: a
        line leaving an order changes the order it leaves (see the module doc)."""
        if not records:
            return {}
        triggers = [
            trigger
            for fname in fnames
            if isinstance(records._fields.get(fname), f.Many2one)
            for trigger in self.triggers.get((records._name, fname), ())
            if trigger[2]
        ]
        return self._dependents(records, triggers) if triggers else {}

    def dependents_before_unlink(self, records: BaseModel) -> Todo:
        """The records that reach ``records`` through an x2many, before they are
        deleted: their stored fields change with the deletion (an order's total
        when a line goes)."""
        triggers = self.x2many_triggers.get(records._name)
        return self._dependents(records, triggers) if records and triggers else {}

    def set_null_dependents(
        self, env: Environment, model_name: str, ids: list[int]
    ) -> list[tuple[BaseModel, str]]:
        """The records whose many2one to the deleted ``ids`` of ``model_name`` the
        database will clear (``ondelete="set null"``), with the field, where a
        stored computed field depends on that many2one."""
        found: list[tuple[BaseModel, str]] = []
        for dependent_model, fname in self._set_null_links.get(model_name, ()):
            model = env[dependent_model].sudo().with_context(active_test=False)
            refs = model._search_ids([[fname, "in", ids]])
            if refs:
                found.append((model.browse(refs), fname))
        return found

    def _dependents(
        self, records: BaseModel, triggers: Sequence[tuple[str, str, str]], fresh: bool = False
    ) -> Todo:
        """The records whose stored fields ``triggers`` reach from ``records``, now
        (``fresh``: see :meth:`modified`)."""
        todo: Todo = defaultdict(set)
        # one search per path, however many fields (and paths through it) use it
        found: dict[tuple[str, str], list[int]] = {}
        for model_name, field_name, prefix in triggers:
            ids = found.get((model_name, prefix))
            if ids is None and fresh and prefix:
                ids = _fresh_linking(records, model_name, prefix)
                if ids is not None:
                    found[(model_name, prefix)] = ids
            if ids is None:
                model = records.env[model_name].sudo().with_context(active_test=False)
                # (a set of records: in the order of their ids, not the model's)
                ids = (
                    model._search_ids([[prefix, "in", records.ids]], order="id")
                    if prefix
                    else records.ids
                )
                found[(model_name, prefix)] = ids
            todo[(model_name, field_name)].update(ids)
        return todo


def _is_foreign_key(field: f.Field) -> bool:
    """Whether ``field`` is a many2one kept as a column with a foreign key: no
    row can name a record in it before that record was inserted."""
    return isinstance(field, f.Many2one) and field.column_in_table and field.foreign_key


def _own_foreign_key(records: BaseModel, model_name: str, prefix: str) -> bool:
    """Whether the path ``prefix`` from ``model_name`` (a trigger's, leading to
    ``records``' model) is one many2one with a foreign key of ``records``' own
    model: then only records inserted with ``records`` can name one of them."""
    return (
        model_name == records._name
        and bool(prefix)
        and "." not in prefix
        and _is_foreign_key(records._fields[prefix])
    )


def _fresh_linking(records: BaseModel, model_name: str, prefix: str) -> list[int] | None:
    """The records of ``model_name`` whose ``prefix`` reaches the fresh ``records``
    (see :meth:`Recomputer.modified`), when the cache can tell, else None: for a
    many2one with a foreign key from their own model (a new company is its own
    commercial partner), only the fresh records themselves can name one of them
    (no row could before they were inserted), and the cache holds their values."""
    if not _own_foreign_key(records, model_name, prefix):
        return None
    known = records.env.transaction.cache.known((model_name, prefix))
    ids = records._ids
    if not all(rid in known for rid in ids):
        return None
    targets = set(ids)
    # (in the order of their ids, as the search would give them)
    return sorted(rid for rid in ids if known[rid] in targets)


def _set_null_links(
    models: Mapping[str, type[BaseModel]], triggers: Triggers
) -> dict[str, list[tuple[str, str]]]:
    """See :attr:`Recomputer._set_null_links`."""
    links: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for cls in models.values():
        for field in cls._fields.values():
            if (
                isinstance(field, f.Many2one)
                and field.column_in_table
                and field.ondelete == "set null"
                and (cls._name, field.name) in triggers
            ):
                links[field.comodel_name].append((cls._name, field.name))
    return dict(links)


def _dependency_paths(
    models: Mapping[str, type[BaseModel]], cls: type[BaseModel], path: str
) -> list[str]:
    """``path`` and, where it goes through related fields without a column of their
    own (those of an ``_inherits`` parent, say), the same path through their
    targets: ``name`` on res.users is also ``partner_id.name``, so that writing a
    partner's name directly recomputes what depends on its user's name."""
    paths = [path]
    model = cls
    hops = path.split(".")
    for depth, hop in enumerate(hops):
        dep = model._fields[hop]
        if dep.related and not dep.column_in_table:
            through = [*hops[:depth], *dep.related.split("."), *hops[depth + 1 :]]
            return paths + _dependency_paths(models, cls, ".".join(through))
        if isinstance(dep, f._Relational) and depth < len(hops) - 1:
            model = models[dep.comodel_name]
    return paths


def _triggers(models: Mapping[str, type[BaseModel]]) -> tuple[Triggers, X2manyTriggers]:
    """For each field, the stored computed fields to recompute when it changes; and
    for each model, those reaching it through an x2many (deleting its records
    changes them).

    A path through a one2many (``order_line.price_total``) also depends on the
    one2many's inverse many2one (``order_id`` of the lines), as in Odoo: a line
    moving to another order changes both orders' values.
    """
    triggers: Triggers = defaultdict(list)
    x2many: X2manyTriggers = defaultdict(list)
    for cls in models.values():
        for field in cls._fields.values():
            if not (field.compute and field.store):
                continue
            for path in field.depends:
                for through in _dependency_paths(models, cls, path):
                    _add_path_triggers(models, cls, field.name, through, triggers, x2many)
    return dict(triggers), dict(x2many)


def _add_path_triggers(
    models: Mapping[str, type[BaseModel]],
    cls: type[BaseModel],
    fname: str,
    path: str,
    triggers: Triggers,
    x2many: X2manyTriggers,
) -> None:
    """Note that field ``fname`` of ``cls`` depends on every hop of ``path``."""
    dependent = (cls._name, fname)
    model = cls
    hops = path.split(".")
    for depth, hop in enumerate(hops):
        dep = model._fields[hop]
        prefix = ".".join(hops[:depth])
        triggers[(model._name, hop)].append((*dependent, prefix))
        if isinstance(dep, f.One2many | f.Many2many):
            through = ".".join(hops[: depth + 1])
            x2many[dep.comodel_name].append((*dependent, through))
            if isinstance(dep, f.One2many):
                triggers[(dep.comodel_name, dep.inverse_name)].append((*dependent, through))
        if isinstance(dep, f._Relational) and depth < len(hops) - 1:
            model = models[dep.comodel_name]


def _hides_dependencies(cls: type[BaseModel]) -> bool:
    """Whether a stored computed field of ``cls`` reads a non-stored computed field
    of the same record, whose own inputs no trigger names: then no order of the
    methods can be trusted, and the second pass over new records settles it."""
    for fld in cls._fields.values():
        if not (fld.compute and fld.store):
            continue
        for path in fld.depends:
            hop = cls._fields.get(path.split(".")[0])
            if hop is not None and hop.compute and not hop.store and not hop.related:
                return True
    return False


def _creation_order(cls: type[BaseModel], triggers: Triggers) -> tuple[list[str], bool]:
    """See :meth:`Recomputer.creation_order`: a topological order of the compute
    methods of ``cls``'s stored fields by their dependencies on the same record
    (``triggers`` with an empty path), definition order otherwise; with a
    cycle, definition order and False."""
    firsts: dict[str, str] = {}  # compute method -> its first stored field
    for name, fld in cls._fields.items():
        if fld.compute and fld.store:
            firsts.setdefault(fld.compute, name)
    if _hides_dependencies(cls):
        return list(firsts.values()), False
    # method -> the methods it must follow
    after: dict[str, set[str]] = {method: set() for method in firsts}
    for name, fld in cls._fields.items():
        if not (fld.compute and fld.store):
            continue
        for model_name, dependent, prefix in triggers.get((cls._name, name), ()):
            target = cls._fields.get(dependent) if model_name == cls._name else None
            if prefix == "" and target is not None and target.compute != fld.compute:
                assert target.compute is not None
                after[target.compute].add(fld.compute)
    order: list[str] = []
    placed: set[str] = set()
    while len(order) < len(firsts):
        ready = [m for m in firsts if m not in placed and after[m] <= placed]
        if not ready:  # a cycle: definition order, and the second pass settles it
            return list(firsts.values()), False
        placed.add(ready[0])
        order.append(firsts[ready[0]])
    return order, True
