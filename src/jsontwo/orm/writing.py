"""Writing: what create and write do besides their own SQL. Values are split
into columns, defaults, required checks, the parents' share under
``_inherits``, and the values that are no column (x2many commands, inverses,
related fields); rows are inserted in batches
(docs/internals/orm-behaviour.md, "Create, write and unlink").

The helpers take the model, the way :class:`~jsontwo.orm.domains.Compiler` does.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from jsontwo.db import IntegrityFailure, as_integrity_failure
from jsontwo.exceptions import ValidationError
from jsontwo.orm import fields as f
from jsontwo.orm import translate, x2many
from jsontwo.orm.paging import ROWS_OR_IDS_PER_STATEMENT

if TYPE_CHECKING:
    from jsontwo.orm.types import BaseModel

LOG_ACCESS_FIELDS = ("create_uid", "create_date", "write_uid", "write_date")
#: the fields the ORM fills itself
MAGIC_FIELDS = ("id", *LOG_ACCESS_FIELDS)


def column_values(model: BaseModel, vals: dict[str, Any], creating: bool = True) -> dict[str, Any]:
    """Stored column values of ``vals``, converted; other keys are left out."""
    out: dict[str, Any] = {}
    # the ORM fills the log-access columns itself; a model without them
    # (``_log_access = False``) may declare one as an ordinary field
    managed = MAGIC_FIELDS if model._log_access else ("id",)
    for name, value in vals.items():
        field = model._fields[name]
        if field.column_in_table and name not in managed:
            if not creating and field.type == "many2one" and type(value) is not int:
                # Odoo's write keeps only an integer id of a many2one: anything
                # else (a [id, name] pair, a name, a float) empties the field
                value = None
            out[name] = field.to_column(value, model._name)
            if creating and translate.is_translated(field):  # (a write merges: set_clause)
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


def add_defaults(model: BaseModel, vals: dict[str, Any]) -> dict[str, Any]:
    """``vals`` completed with the defaults of the stored fields it lacks: context
    keys ``default_<field>`` first, then the fields' own defaults."""
    full = dict(vals)
    fields = model._fields
    for key, value in model.env.context.items():
        if key.startswith("default_"):
            name = key[8:]
            field = fields.get(name)
            if (
                field is not None
                and name not in full
                and name not in MAGIC_FIELDS
                and field.store
                and (not field.compute or not field.readonly)  # writable: as given
            ):
                full[name] = value
    for name, field in model._defaulted_fields:
        if name not in full:
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


def insert_rows(model: BaseModel, rows: list[dict[str, Any]]) -> list[int]:
    """INSERT rows in batches of the same columns; return the new ids in order."""
    now = model.env.now.strftime(f.DATETIME_FORMAT)
    log = (
        {
            "create_uid": model.env.uid,
            "create_date": now,
            "write_uid": model.env.uid,
            "write_date": now,
        }
        if model._log_access
        else {}
    )
    ids: list[int] = []
    position = 0
    while position < len(rows):
        names = tuple(rows[position])
        batch: list[dict[str, Any]] = []
        while (
            position < len(rows)
            and tuple(rows[position]) == names
            and len(batch) < ROWS_OR_IDS_PER_STATEMENT
        ):
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
