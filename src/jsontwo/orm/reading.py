"""Reading: records' rows turned into the dicts ``read`` and ``search_read``
answer, and the display names that many2one values carry
(docs/internals/orm-behaviour.md, "Read formats").

The helpers take the model, the way :class:`~jsontwo.orm.domains.Compiler` does.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from jsontwo.orm import computing, translate, x2many
from jsontwo.orm import fields as f
from jsontwo.orm.field_base import Field
from jsontwo.orm.row_builders import Converter, Inline, build_rows

if TYPE_CHECKING:
    from jsontwo.orm.types import BaseModel


def display_names(model: BaseModel, ids: Iterable[int]) -> dict[int, str | bool]:
    """Display names of existing records among ``ids`` (as superuser): read from
    the rec name column when it is the display name, else computed."""
    wanted = list(dict.fromkeys(i for i in ids if i))
    if not wanted:
        return {}
    source = model._display_name_field or model._rec_name_field()
    if source and model._fields[source].column_in_table and model._display_name_is_column():
        rows = model._select_by_ids([source], wanted)
        return {row[0]: row[1] if row[1] else False for row in rows}
    existing = model.sudo().browse(wanted).exists()
    names = existing._cached_values(model._fields["display_name"], existing._ids)
    return {rid: (name if name else False) for rid, name in names.items()}


def label_sql(model: BaseModel, link: str) -> str | None:
    """A subquery reading the display name of the record whose id is the SQL
    ``link``, when the display name is a column (else None): a many2one's
    label comes with the row that holds it, without a query of its own."""
    source = model._display_name_field or model._rec_name_field()
    field = model._fields.get(source) if source else None
    if not (
        isinstance(field, f._Textual) and field.column_in_table and model._display_name_is_column()
    ):
        return None
    # '' for a record without a name (its label is false), NULL for no record
    value = translate.column_sql(field, f'"_l"."{source}"', model.env)
    return f'(SELECT COALESCE({value}, \'\') FROM "{model._table}" AS "_l" WHERE "_l".id = {link})'


def label_columns(
    model: BaseModel, names: Sequence[str], columns: Sequence[str], load: str | None
) -> dict[str, str]:
    """``{field: SQL}``: the labels of the many2one columns among ``names`` that
    a read gives as ``[id, label]`` and that subqueries can read (see
    :func:`label_sql`), for the SELECT that reads the rows."""
    if load != "_classic_read":
        return {}
    labels: dict[str, str] = {}
    for name in columns:
        field = model._fields[name]
        if name in names and isinstance(field, f.Many2one):
            sql = label_sql(model.env[field.comodel_name], f'"{model._table}"."{name}"')
            if sql is not None:
                labels[name] = sql
    return labels


def format_rows(
    model: BaseModel,
    rows: Sequence[tuple[Any, ...]],
    columns: Sequence[str],
    names: Sequence[str],
    load: str | None,
    labelled: Sequence[str] = (),
) -> list[dict[str, Any]]:
    """Turn ``(id, *columns, *labels)`` rows into read dicts with the values of
    ``names``; ``labelled`` are the many2one columns whose labels the rows
    carry (in that order, after the columns)."""
    ids = [row[0] for row in rows]
    position = {name: pos for pos, name in enumerate(columns, start=1)}
    label_position = {name: pos for pos, name in enumerate(labelled, start=len(columns) + 1)}
    records = model.browse(ids)
    extra: dict[str, dict[int, Any]] = {}
    cache = model.env.transaction.cache
    ran: set[str] = set()  # the compute methods run by this read
    for name in names:
        field = model._fields[name]
        if name not in position:
            # a stored x2many reads its links; a related or computed one computes them
            computed = field.related or (field.compute and not field.store)
            key = (model._name, name)
            if isinstance(field, x2many.X2many) and not computed:
                extra[name] = x2many.linked_ids(records, field)
            elif field.compute in ran and not cache.missing(key, ids):
                # a method computing several fields ran once for all of them
                extra[name] = cache.values_of(key, ids)
            else:
                extra[name] = computing.compute_field(records, field)
                if field.compute and not field.related:
                    ran.add(field.compute)
    names_by_comodel: dict[str, dict[int, Any]] = {}
    if load == "_classic_read":
        wanted: dict[str, set[int]] = defaultdict(set)
        for name in names:
            field = model._fields[name]
            if isinstance(field, f.Many2one) and name not in label_position:
                if name in position:
                    pos = position[name]
                    wanted[field.comodel_name].update(row[pos] for row in rows if row[pos])
                else:
                    wanted[field.comodel_name].update(v for v in extra[name].values() if v)
        for comodel, co_ids in wanted.items():
            names_by_comodel[comodel] = model.env[comodel]._display_names(co_ids)
    converters = [
        (
            name,
            _read_converter(
                model,
                name,
                position.get(name),
                extra.get(name),
                names_by_comodel,
                load,
                label_position.get(name),
            ),
        )
        for name in names
    ]
    return build_rows(rows, converters)


#: the conversion of a column value that a read can do inline (see _inline_step)
_IDENTITY = Field.from_column


def _inline_step(field: Field, pos: int, label_pos: int | None) -> Inline | None:
    """The inline conversion (:class:`~jsontwo.orm.row_builders.Inline`) of the
    common columns whose value is read as the driver gives it (None read as
    the field's empty value), or None: the general path of
    :func:`_read_converter` calls three functions per value, which dominates a
    read of many rows."""
    kind = type(field)
    empty = field.empty_read
    if (
        not field.reads_plainly
        or isinstance(field, f.One2many | f.Many2many)
        or not Inline.can_write(empty)
    ):
        return None
    if isinstance(field, f.Many2one):
        if label_pos is None or kind.from_column is not _IDENTITY:
            return None
        return Inline("labelled", pos, label_pos=label_pos)
    if kind.from_column is _IDENTITY:
        return Inline("value", pos, empty)
    if isinstance(field, f.Boolean) and kind.from_column is f.Boolean.from_column:
        return Inline("bool", pos, empty)
    return None


def _read_converter(
    model: BaseModel,
    name: str,
    pos: int | None,
    extra: dict[int, Any] | None,
    labels: dict[str, dict[int, Any]],
    load: str | None,
    label_pos: int | None = None,
) -> Inline | Converter:
    """How a row gives the read value of ``name`` (decided once per read, not
    per row): an inline conversion, or a function of the row; a many2one's
    label is at ``label_pos`` of the row when the row carries it, else in
    ``labels``."""
    field = model._fields[name]
    if pos is not None and (load == "_classic_read" or not isinstance(field, f.Many2one)):
        inline = _inline_step(field, pos, label_pos)
        if inline is not None:
            return inline
    if pos is not None:
        from_column = field.from_column

        def raw(row: tuple[Any, ...]) -> Any:
            return from_column(row[pos])

    else:
        assert extra is not None

        def raw(row: tuple[Any, ...]) -> Any:
            return extra.get(row[0])

    if isinstance(field, f.Many2one):
        if load != "_classic_read":
            return lambda row: raw(row) or False
        if label_pos is not None:

            def labelled(row: tuple[Any, ...]) -> Any:
                value, label = raw(row), row[label_pos]
                return [value, label or False] if value and label is not None else False

            return labelled
        names = labels[field.comodel_name]

        def pair(row: tuple[Any, ...]) -> Any:
            value = raw(row)
            label = names.get(value) if value else None
            return [value, label] if label is not None else False

        return pair
    if isinstance(field, f.One2many | f.Many2many):
        return lambda row: list(raw(row) or ())
    to_read = field.to_read
    if isinstance(field, f.Binary):
        context = model.env.context
        if context.get("bin_size") or context.get(f"bin_size_{name}"):
            to_read = field.to_size
    return lambda row: to_read(raw(row))
