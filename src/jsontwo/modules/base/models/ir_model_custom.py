"""Models and fields made at run time: reading them for a registry, and applying
a change in the transaction that makes it.

The ``state = 'manual'`` rows of ir.model, ir.model.fields and their selection
options describe what administrators made over the API. :func:`read_manual`
reads them with plain SQL (a registry being built has no models yet to read
them with). When a transaction creates, changes or deletes such rows,
:func:`apply_change` builds the registry they now describe, brings the tables
up to it with DDL in the same transaction (PostgreSQL and SQLite both roll DDL
back), makes it the transaction's registry (so the rest of the call sees the
new model or field), and writes the registry version stamp: every worker
rebuilds its registry at its next call once the change commits.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from jsontwo.db import Cursor
from jsontwo.modules.base.registry_version import REGISTRY_VERSION_KEY, registry_changed
from jsontwo.orm import Environment, Registry, translate
from jsontwo.orm.cache import RecordCache
from jsontwo.orm.manual import ManualField, ManualModel, ManualSchema
from jsontwo.orm.schema import changes_sql, ensure_row_counts

#: transaction memo: how many nested changes defer applying to the outermost
_DEFERRED = "base.manual_deferred"
#: transaction memo: a change waits to be applied when the outermost one ends
_PENDING = "base.manual_pending"
#: transaction memo: columns renamed in this transaction, {(table, old): new}
_RENAMED = "base.manual_renamed"

_FIELD_COLUMNS = (
    "model",
    "name",
    "ttype",
    "field_description",
    "help",
    "required",
    "readonly",
    "index",
    "copied",
    "translate",
    "size",
    "relation",
    "relation_field",
    "relation_table",
    "column1",
    "column2",
    "on_delete",
    "domain",
    "currency_field",
)


def read_manual(cr: Cursor) -> ManualSchema:
    """The models and fields made at run time in ``cr``'s database."""
    models = tuple(
        ManualModel(model, _label(name) or model, order or "id")
        for model, name, order in cr.execute(
            'SELECT model, name, "order" FROM "ir_model" WHERE state = %s ORDER BY id',
            ["manual"],
        )
    )
    options: dict[int, list[tuple[str, str]]] = {}
    for field_id, value, label in cr.execute(
        'SELECT s.field_id, s.value, s.name FROM "ir_model_fields_selection" s '
        'JOIN "ir_model_fields" f ON f.id = s.field_id WHERE f.state = %s '
        "ORDER BY s.sequence, s.id",
        ["manual"],
    ):
        options.setdefault(int(field_id), []).append((str(value), _label(label)))
    cols = ", ".join(f'"{name}"' for name in _FIELD_COLUMNS)
    fields = []
    for row in cr.execute(
        f'SELECT id, {cols} FROM "ir_model_fields" WHERE state = %s ORDER BY id', ["manual"]
    ):
        values = dict(zip(_FIELD_COLUMNS, row[1:], strict=True))
        fields.append(_manual_field(values, tuple(options.get(int(row[0]), ()))))
    return ManualSchema(models, tuple(fields))


def _label(value: Any) -> str:
    """The en_US text of a translated label as stored (a JSON object per language)."""
    values = translate.stored_values(value)
    return str(values.get("en_US") or next(iter(values.values()), ""))


def _manual_field(values: dict[str, Any], selection: tuple[tuple[str, str], ...]) -> ManualField:
    return ManualField(
        model=values["model"],
        name=values["name"],
        ttype=values["ttype"],
        string=_label(values["field_description"]),
        help=_label(values["help"]) or None,
        required=bool(values["required"]),
        readonly=bool(values["readonly"]),
        index=bool(values["index"]),
        copied=bool(values["copied"]),
        translate=bool(values["translate"]),
        size=int(values["size"] or 0),
        relation=values["relation"] or None,
        relation_field=values["relation_field"] or None,
        relation_table=values["relation_table"] or None,
        column1=values["column1"] or None,
        column2=values["column2"] or None,
        on_delete=values["on_delete"] or None,
        domain=values["domain"] or None,
        currency_field=values["currency_field"] or None,
        selection=selection,
    )


def read_registry_version(cr: Cursor) -> str | None:
    """The database's registry version stamp (None before any change of its models)."""
    rows = cr.execute(
        'SELECT value FROM "ir_config_parameter" WHERE key = %s', [REGISTRY_VERSION_KEY]
    )
    return str(rows[0][0]) if rows else None


@contextmanager
def changing_models(env: Environment) -> Iterator[None]:
    """Apply the changes made inside (see :func:`apply_change`) once, when the
    outermost such block ends: creating a model creates its fields too."""
    memo = env.transaction.memo
    memo[_DEFERRED] = memo.get(_DEFERRED, 0) + 1
    try:
        yield
    finally:
        memo[_DEFERRED] -= 1
    if memo[_DEFERRED] == 0 and memo.pop(_PENDING, False):
        apply_change(env)


def note_change(env: Environment) -> None:
    """Record that the run-time models or fields changed: applied now, or when
    the enclosing :func:`changing_models` block ends."""
    if env.transaction.memo.get(_DEFERRED):
        env.transaction.memo[_PENDING] = True
    else:
        apply_change(env)


def note_rename(env: Environment, table: str, old: str, new: str) -> None:
    """Rename column ``old`` of ``table`` to ``new`` now (keeping its values), so
    that applying the change neither drops nor adds it."""
    env.cr.execute(f'ALTER TABLE "{table}" RENAME COLUMN "{old}" TO "{new}"')
    env.transaction.memo.setdefault(_RENAMED, {})[(table, old)] = new


def apply_change(env: Environment) -> None:
    """Make ``env``'s transaction use the registry its manual rows now describe,
    with the tables and columns it needs, and tell every worker to rebuild."""
    transaction = env.transaction
    old = transaction.registry
    new = Registry(old.database, old.modules, read_manual(env.cr), old.version)
    renamed = transaction.memo.pop(_RENAMED, {})
    for statement in changes_sql(old.models, new.models, old.database.engine.dialect, renamed):
        env.cr.execute(statement)
    created = {c._table for c in new.models.values()} - {c._table for c in old.models.values()}
    ensure_row_counts(env.cr, old.database, new.models, created)
    # the new registry's caches start empty; what this transaction read is
    # forgotten (the records of a changed model have other fields now)
    transaction.registry = new
    transaction.cache = RecordCache(new.derived_fields, new.translated_fields, new.sturdy_fields)
    registry_changed(env)
