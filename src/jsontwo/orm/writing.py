"""Writing: what create and write do besides their own SQL. Values are split
into columns, defaults, required checks, the parents' share under
``_inherits``, and the values that are no column (x2many commands, inverses,
related fields); rows are inserted in batches
(docs/internals/orm-behaviour.md, "Create, write and unlink").

The helpers take the model, the way :class:`~jsontwo.orm.domains.Compiler` does.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from jsontwo.db import IntegrityFailure, as_integrity_failure
from jsontwo.exceptions import ValidationError
from jsontwo.orm import fields as f
from jsontwo.orm import translate, x2many
from jsontwo.orm.commands import Command

if TYPE_CHECKING:
    from jsontwo.orm.types import BaseModel

LOG_ACCESS_FIELDS = ("create_uid", "create_date", "write_uid", "write_date")
#: the fields the ORM fills itself
MAGIC_FIELDS = ("id", *LOG_ACCESS_FIELDS)
#: the x2many commands that only add or remove links (no co-record created,
#: changed or deleted): applied to many new records at once, they do what
#: they do to each
LINK_COMMANDS = (Command.LINK, Command.CLEAR, Command.SET)
#: the Python types a column gives back exactly as they were written, by SQL
#: type (a new record's cache takes the values written when they are of these)
ROUND_TRIP_TYPES: tuple[tuple[type[sa.types.TypeEngine[Any]], tuple[type, ...]], ...] = (
    (sa.Boolean, (bool,)),
    (sa.Integer, (int,)),
    (sa.Float, (float,)),
    (sa.String, (str,)),
    (sa.Date, (str,)),
    (sa.DateTime, (str,)),
)


@dataclass(frozen=True)
class FieldPlan:
    """What create and write ask of a model's fields, worked out once per model
    class rather than for every record of every call (:func:`plan_of`)."""

    #: the model class it was made for
    owner: type[BaseModel]
    #: the fields whose values are columns of the table (those the ORM fills
    #: itself left out)
    columns: Mapping[str, f.Field]
    #: the required columns no method computes, in the order of the fields
    required: tuple[str, ...]
    #: the stored computed fields a caller may give (kept as given)
    writable_computed: frozenset[str]
    #: the fields whose values :func:`write_non_columns` applies
    side_written: frozenset[str]
    #: the columns a new record's cache takes from its row, each with the Python
    #: types the database gives back unchanged, and whether the field converts
    #: them to cache them (:meth:`Field.from_column`)
    cached_columns: tuple[tuple[f.Field, tuple[type, ...], bool], ...]
    #: the x2many fields no record can link to a record before it exists (a
    #: foreign key on the other side), so empty on a new record
    empty_x2many: tuple[str, ...]
    #: the stored binaries kept as attachments (no value on a new record not given one)
    attachment_binaries: tuple[str, ...]
    #: the columns of translated fields (a JSON value per language)
    translated: frozenset[str]


def plan_of(model: BaseModel) -> FieldPlan:
    """The :class:`FieldPlan` of ``model``'s class (made on first use: the
    fields of ``_inherits`` parents are added after the class is set up)."""
    cls = type(model)
    plan = cls._field_plan
    if plan is None or plan.owner is not cls:  # (not one a base class was given)
        plan = cls._field_plan = _make_plan(model)
    return plan


def _make_plan(model: BaseModel) -> FieldPlan:
    """See :class:`FieldPlan`."""
    cls = type(model)
    fields = cls._fields
    # the ORM fills the log-access columns itself; a model without them
    # (``_log_access = False``) may declare one as an ordinary field
    managed = MAGIC_FIELDS if cls._log_access else ("id",)
    columns = {n: fld for n, fld in fields.items() if fld.column_in_table and n not in managed}
    return FieldPlan(
        owner=cls,
        columns=columns,
        required=tuple(
            n
            for n, fld in fields.items()
            if fld.required and fld.column_in_table and not fld.compute
        ),
        writable_computed=frozenset(
            n for n, fld in fields.items() if fld.compute and fld.store and not fld.readonly
        ),
        side_written=frozenset(n for n, fld in fields.items() if _side_written(fld)),
        cached_columns=tuple(
            (fld, _round_trip_types(fld), _converts(fld))
            for n, fld in fields.items()
            if fld.column_in_table and n != "id"
        ),
        empty_x2many=tuple(n for n, fld in fields.items() if _empty_when_new(model, fld)),
        attachment_binaries=tuple(
            n for n, fld in fields.items() if isinstance(fld, f.Binary) and fld.in_attachment
        ),
        translated=frozenset(n for n, fld in columns.items() if translate.is_translated(fld)),
    )


def _converts(field: f.Field) -> bool:
    """Whether ``field`` converts what the database gives back (its values of the
    round-trip types are otherwise cached as they are)."""
    return type(field).from_column is not f.Field.from_column


def _side_written(field: f.Field) -> bool:
    """Whether :func:`write_non_columns` does something with a value of ``field``."""
    return bool(
        field.related
        or (isinstance(field, x2many.X2many) and field.store)
        or field.inverse
        or (isinstance(field, f.Binary) and field.in_attachment)
    )


def _round_trip_types(field: f.Field) -> tuple[type, ...]:
    """The Python types of values of ``field``'s column that read back as written."""
    column_type = field.column_type
    for sql_type, types in ROUND_TRIP_TYPES:
        if isinstance(column_type, sql_type):
            return types
    return ()


def _empty_when_new(model: BaseModel, field: f.Field) -> bool:
    """Whether ``field`` is an x2many that holds nothing on a record just made:
    its links are rows of another table whose foreign key names the record (a
    one2many's many2one with a foreign key, a many2many's relation table); ids
    are never used twice, so no such row can name a record not yet made."""
    if not isinstance(field, x2many.X2many) or not field.store or field.related or field.compute:
        return False
    if isinstance(field, f.Many2many):
        return True
    inverse = model.env[field.comodel_name]._fields.get(field.inverse_name)
    return isinstance(inverse, f.Many2one) and inverse.column_in_table and inverse.foreign_key


def column_values(model: BaseModel, vals: dict[str, Any], creating: bool = True) -> dict[str, Any]:
    """Stored column values of ``vals``, converted; other keys are left out."""
    out: dict[str, Any] = {}
    plan = plan_of(model)
    columns, model_name = plan.columns, model._name
    for name, value in vals.items():
        field = columns.get(name)
        if field is None:
            if name not in model._fields:
                raise KeyError(name)
            continue
        if not creating and field.type == "many2one" and type(value) is not int:
            # Odoo's write keeps only an integer id of a many2one: anything
            # else (a [id, name] pair, a name, a float) empties the field
            value = None
        out[name] = field.to_column(value, model_name)
    if creating:  # (a write merges the language's text with the others: set_clause)
        for name in plan.translated.intersection(out):
            out[name] = translate.new_value(out[name], translate.translation_lang(model.env))
    return out


def set_clause(model: BaseModel, row: dict[str, Any]) -> tuple[str, list[Any]]:
    """The SET clause of an UPDATE writing the column values ``row``, and its
    parameters: a translated field's text goes to the context's language only."""
    parts: list[str] = []
    params: list[Any] = []
    for name, value in row.items():
        column = f'"{name}"'
        if translate.is_translated(model._fields[name]):
            lang = translate.translation_lang(model.env)
            sqlite = model.env.cr.dialect.is_sqlite
            sql, values = translate.update_sql(column, value, lang, sqlite)
            parts.append(f"{column} = {sql}")
            params += values
        else:
            parts.append(f"{column} = %s")
            params.append(value)
    return ", ".join(parts), params


def not_a_dict(vals: Any) -> AttributeError:
    """The error for values that are not a dict, in the words Odoo's code fails
    with (it asks the values for a key)."""
    return AttributeError(f"'{type(vals).__name__}' object has no attribute 'get'")


#: defaults of a batch of new records: ``(name, value, None)`` for a value
#: known for the whole batch, ``(name, None, field)`` for one asked of the
#: field for each record (a callable default)
Defaults = list[tuple[str, Any, "f.Field | None"]]


def batch_defaults(model: BaseModel) -> Defaults:
    """The defaults of the stored fields for a batch of new records, in the order
    they apply: context keys ``default_<field>`` first, then the fields' own
    defaults. A constant default is converted once for the batch; a callable one
    is called for each record that lacks the field, as Odoo does."""
    defaults: Defaults = []
    fields = model._fields
    for key, value in model.env.context.items():
        if key.startswith("default_"):
            name = key[8:]
            field = fields.get(name)
            if (
                field is not None
                and name not in MAGIC_FIELDS
                and field.store
                and (not field.compute or not field.readonly)  # writable: as given
            ):
                defaults.append((name, value, None))
    for name, field in model._defaulted_fields:
        if callable(field.default) or isinstance(field, f._Relational):
            # (a relational value may be a list of commands: each record its own)
            defaults.append((name, None, field))
        else:
            defaults.append((name, field.convert_to_write(field.default), None))
    return defaults


def add_defaults(model: BaseModel, vals: dict[str, Any], defaults: Defaults) -> dict[str, Any]:
    """``vals`` completed with the ``defaults`` (:func:`batch_defaults`) of the
    fields it lacks."""
    full = dict(vals)
    for name, value, field in defaults:
        if name not in full:
            if field is None:
                full[name] = value
            else:
                default = field.get_default(model)
                if default is not None:
                    full[name] = field.convert_to_write(default)
    return full


def check_required(model: BaseModel, row: dict[str, Any], names: Iterable[str]) -> None:
    """Refuse an empty required column among ``names`` of ``row``, as the database would."""
    for name in names:
        field = model._fields[name]
        if field.required and field.column_in_table and not field.compute and row.get(name) is None:
            raise ValidationError(missing_value_message(type(model), name))


def check_required_new(model: BaseModel, row: dict[str, Any]) -> None:
    """Refuse a new record's ``row`` that leaves a required column empty."""
    for name in plan_of(model).required:
        if row.get(name) is None:
            raise ValidationError(missing_value_message(type(model), name))


def inherited_vals(
    model: BaseModel, vals: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """``vals`` split into this model's own values and, per ``_inherits`` link,
    the values of fields that live on the parent record."""
    own: dict[str, Any] = {}
    parents: dict[str, dict[str, Any]] = {link: {} for link in model._inherits.values()}
    for name, value in vals.items():
        field = model._fields[name]
        if field.inherited_field is not None and field.related:
            link, _, parent_name = field.related.partition(".")
            parents[link][parent_name] = value
        else:
            own[name] = value
    return own, parents


def create_parents(model: BaseModel, vals_list: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Route the values of inherited fields to the parents (delegation
    inheritance): a parent is created from them unless the link is given, in
    which case they are written on it. Return the values left for this model, with the links."""
    split = [inherited_vals(model, vals) for vals in vals_list]
    for parent_name, link in model._inherits.items():
        parent = model.env[parent_name]
        todo: list[tuple[dict[str, Any], dict[str, Any]]] = []
        for own, parents in split:
            if own.get(link):
                if parents[link]:
                    parent.browse([own[link]]).write(parents[link])
            else:
                todo.append((own, parents[link]))
        if todo:
            created = parent.create([parent_vals for _own, parent_vals in todo])
            for (own, _parent_vals), parent_id in zip(todo, created.ids, strict=True):
                own[link] = parent_id
    return [own for own, _parents in split]


def log_values(model: BaseModel) -> dict[str, Any]:
    """The log-access columns of the rows ``model``'s create inserts (none without
    ``_log_access``)."""
    if not model._log_access:
        return {}
    now = model.env.now.strftime(f.DATETIME_FORMAT)
    uid = model.env.uid
    return {"create_uid": uid, "create_date": now, "write_uid": uid, "write_date": now}


def insert_new_rows(model: BaseModel, rows: list[dict[str, Any]], log: dict[str, Any]) -> list[int]:
    """The INSERT of a create's ``rows``: held back for the stored computed fields
    the new records compute first (:func:`defer_rows`) when the model has any and
    no parent path or parent records to write in between, else at once
    (:func:`insert_rows`). Return the new ids, in order."""
    if model._registry.recomputer.creation_order(model._name)[0] and not (
        model._parent_store or model._inherits_ids
    ):
        return defer_rows(model, rows, log)
    return insert_rows(model, rows, log)


def insert_rows(model: BaseModel, rows: list[dict[str, Any]], log: dict[str, Any]) -> list[int]:
    """INSERT rows, each with the columns ``log`` (:func:`log_values`), in batches
    of the same columns; return the new ids in order."""
    ids: list[int] = []
    position = 0
    while position < len(rows):
        names = tuple(rows[position])
        size = model.env.cr.rows_per_insert(len(names) + len(log))
        batch: list[dict[str, Any]] = []
        while position < len(rows) and tuple(rows[position]) == names and len(batch) < size:
            batch.append(rows[position])
            position += 1
        all_names = [*names, *log]
        if all_names:
            try:
                ids += model.env.cr.insert_rows(
                    model._table,
                    all_names,
                    model._column_types(all_names),
                    [(*row.values(), *log.values()) for row in batch],
                )
            except Exception as exc:
                raise explain_failure(model, batch, exc) from exc
        else:
            for _row in batch:
                ids.append(
                    model.env.cr.execute(
                        f'INSERT INTO "{model._table}" DEFAULT VALUES RETURNING id'
                    )[0][0]
                )
    return ids


def defer_rows(model: BaseModel, rows: list[dict[str, Any]], log: dict[str, Any]) -> list[int]:
    """Reserve ids for ``rows`` (each with the columns ``log``) and keep their
    INSERT back until the next statement (see :meth:`Cursor.defer_insert`): the
    stored fields the new records compute before anything reads the table go
    into the same INSERT instead of an UPDATE after it. Return the ids, in order."""
    cr = model.env.cr
    ids = cr.reserve_ids(model._table, len(rows))
    names = list(dict.fromkeys(name for row in rows for name in row))
    names += [name for name in log if name not in names]
    types = dict(zip(names, model._column_types(names), strict=True))
    values = {rid: {**row, **log} for rid, row in zip(ids, rows, strict=True)}
    cr.defer_insert(model._table, values, types, lambda exc: explain_failure(model, rows, exc))
    return ids


def write_new_non_columns(
    records: BaseModel, fulls: Sequence[dict[str, Any]]
) -> tuple[bool, set[str]]:
    """Apply the values of the new ``records`` (``fulls``, one dict each, in the
    order of the records) that :func:`write_non_columns` applies. Records given
    the same many2many links get them in one go (one check of the co-records,
    one statement), the others one by one in order. Return whether all there was
    were such links (then the rows inserted hold every value of the records),
    and the names of the fields so applied."""
    side = plan_of(records).side_written
    names: set[str] = set()
    if not side:
        return True, names
    only_links = True
    run: list[int] = []
    run_vals: dict[str, Any] = {}
    for rid, full in zip(records._ids, fulls, strict=True):
        if side.isdisjoint(full):
            continue
        given = {name: value for name, value in full.items() if name in side}
        names.update(given)
        if run and given == run_vals:
            run.append(rid)
            continue
        if run:
            write_non_columns(records.browse(run), run_vals, creating=True)
            run = []
        if all(_links_only(records._fields[name], value) for name, value in given.items()):
            run, run_vals = [rid], given
        else:
            only_links = False
            write_non_columns(records.browse([rid]), full, creating=True)
    if run:
        write_non_columns(records.browse(run), run_vals, creating=True)
    return only_links, names


def _links_only(field: f.Field, value: Any) -> bool:
    """Whether ``value`` of ``field`` only links a record to existing co-records
    through a many2many's relation table (nothing else is written)."""
    if not isinstance(field, f.Many2many) or field.related or field.inverse:
        return False
    try:
        commands = x2many.normalize_commands(field, value)
    except (ValueError, IndexError):
        return False  # one by one: the error is raised there, as it always was
    return all(command[0] in LINK_COMMANDS for command in commands)


def cache_new_rows(
    records: BaseModel, rows: Sequence[dict[str, Any]], log: dict[str, Any], given: set[str]
) -> None:
    """Cache what the new ``records`` hold, as Odoo does after its INSERT, rather
    than read it back: the values of their ``rows`` (as a fetch would convert
    them), no value in the other columns, nothing in the x2many fields nothing
    could link to them yet and in the binaries kept as attachments (``given``:
    the fields the values named, left to be read)."""
    plan = plan_of(records)
    cache = records.env.transaction.cache
    model, ids = records._name, records._ids
    written = set(log).union(*{tuple(row) for row in rows})
    for field, types, converts in plan.cached_columns:
        name = field.name
        key = (model, name)
        if name not in written:
            cache.set(key, ids, None)
        elif name in log:
            if type(log[name]) in types:
                cache.set(key, ids, field.from_column(log[name]))
        else:
            values = [row.get(name) for row in rows]
            # a value the database may give back otherwise (a number in a text
            # column) is left to be read
            if all(value is None or type(value) in types for value in values):
                if converts:
                    convert = field.from_column
                    values = [convert(value) for value in values]
                cache.update(key, dict(zip(ids, values, strict=True)))
    for name in plan.empty_x2many:
        if name not in given:
            cache.set((model, name), ids, ())
    for name in plan.attachment_binaries:
        if name not in given:
            cache.set((model, name), ids, None)


def protecting(
    records: BaseModel, vals: dict[str, Any], ids: list[int]
) -> contextlib.AbstractContextManager[None]:
    """Keep the writable stored computed fields given in ``vals`` as given on
    ``ids`` while what follows a write is recomputed (as in Odoo)."""
    writable = plan_of(records).writable_computed
    keys = [(records._name, name) for name in vals if name in writable]
    if not keys:
        return contextlib.nullcontext()
    return records.env.transaction.cache.protecting(keys, ids)


def protected_groups(
    model: BaseModel, ids: Sequence[int], fulls: Sequence[dict[str, Any]]
) -> dict[tuple[tuple[str, str], ...], list[int]]:
    """The writable stored computed fields given to new records, as ``{keys of
    the fields: ids of the records given them}``: recomputing keeps them as
    given (see :meth:`RecordCache.protecting`)."""
    writable = plan_of(model).writable_computed
    groups: dict[tuple[tuple[str, str], ...], list[int]] = {}
    if not writable:
        return groups
    for rid, full in zip(ids, fulls, strict=True):
        keys = tuple((model._name, name) for name in full if name in writable)
        if keys:
            groups.setdefault(keys, []).append(rid)
    return groups


def foreign_key_name(table: str, column: str) -> str:
    """The name PostgreSQL gives the foreign key of ``table.column`` (Odoo's too)."""
    return f"{table}_{column}_fkey"


def explain_failure(model: BaseModel, rows: list[dict[str, Any]], exc: Exception) -> Exception:
    """The error to raise for ``exc``, a statement writing ``rows`` failed with.

    PostgreSQL names the foreign key a write broke; SQLite does not, so the
    many2one values written are looked up to name it the same way (the
    statement alone failed: the connection still answers)."""
    failure = as_integrity_failure(exc)
    if failure is None or failure.constraint or "foreign key" not in str(failure).lower():
        return exc
    for name in dict.fromkeys(name for row in rows for name in row):
        field = model._fields.get(name)
        if not isinstance(field, f.Many2one):
            continue
        ids = {row[name] for row in rows if row.get(name)}
        comodel = model.env[field.comodel_name]
        if ids and len(comodel.sudo().browse(list(ids)).exists()) < len(ids):
            return IntegrityFailure(str(failure), foreign_key_name(model._table, name))
    return failure


def write_inverse(records: BaseModel, field: f.Field, value: Any) -> None:
    """Writing a computed field: its inverse method reads the new value and writes
    the fields it is computed from."""
    assert field.inverse
    key = (records._name, field.name)
    if isinstance(field, f.One2many | f.Many2many):
        # commands, applied to what each record holds (a computed x2many)
        applied = {rec.id: x2many.commands_applied(rec, field, value) for rec in records}
        for rid, ids in applied.items():
            records.env.transaction.cache.set(key, [rid], ids)
    else:
        value = field.from_column(field.to_column(value, records._name))  # validated, cache format
        records.env.transaction.cache.set(key, records._ids, value)
    getattr(records, field.inverse)()
    records.env.invalidate(records._name)


def write_non_columns(records: BaseModel, vals: dict[str, Any], creating: bool) -> None:
    """Apply the values that are not columns of the table: x2many commands,
    inverses of computed fields, related fields (those of ``_inherits``
    parents in one write per parent)."""
    if records._inherits:
        vals, parents = inherited_vals(records, vals)
        for link, parent_vals in parents.items():
            if parent_vals:
                records.mapped(link).write(parent_vals)
    for name, value in vals.items():
        field = records._fields[name]
        if field.related:
            # a related field, stored or not, writable or not (readonly is for the
            # user interface, as in Odoo): the target is written
            write_related(records, field, value)
        elif isinstance(field, f.One2many | f.Many2many) and field.store:
            x2many.write_x2many(records, field, value, creating=creating)
        elif field.inverse:
            write_inverse(records, field, value)
        elif isinstance(field, f.Binary) and field.in_attachment:
            column = field.to_column(value, records._name)  # validated base64, or None
            records._write_binary_attachments(field, dict.fromkeys(records._ids, column))
        elif not field.column_in_table and name not in MAGIC_FIELDS and not field.compute:
            write_related(records, field, value)


def write_related(records: BaseModel, field: f.Field, value: Any) -> None:
    """Writing a related field writes the field it points to."""
    if not field.related:
        return
    head, _, rest = field.related.rpartition(".")
    # follow the path whatever the caller may read, but write as the caller:
    # a related field must not be a way around the target model's access
    targets = records.sudo().mapped(head).sudo(records.env.su) if head else records
    targets.write({rest: value})


def missing_value_message(model: type[BaseModel], fname: str) -> str:
    """Odoo's ValidationError text for an empty required field (a NOT NULL violation)."""
    field = model._fields[fname]
    return (
        f"The operation cannot be completed: Missing required value for the field "
        f"'{field.string}' ({fname}).\nModel: '{model._description or model._name}' ({model._name})\n"
        "- create/update: a mandatory field is not set\n"
        "- delete: another model requires the record being deleted, you can archive it instead\n"
    )
