"""The reflection of the registry into ir.model, ir.model.fields and
ir.model.fields.selection: :func:`reflect_models` brings their rows in line with
the models' Python classes whenever a server opens a database."""

from __future__ import annotations

import inspect
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from jsontwo.orm import Environment, fields
from jsontwo.orm.models import DEFINITIONS, BaseModel

# --- reflection ------------------------------------------------------------

#: the columns reflect_models compares and writes, per model
MODEL_COLUMNS = ("name", "model", "order", "info", "state", "transient", "abstract")
FIELD_COLUMNS = (
    "name",
    "complete_name",
    "model",
    "model_id",
    "field_description",
    "help",
    "ttype",
    "relation",
    "relation_field",
    "relation_table",
    "column1",
    "column2",
    "required",
    "readonly",
    "index",
    "store",
    "copied",
    "related",
    "translate",
    "company_dependent",
    "size",
    "currency_field",
    "state",
    "on_delete",
    "domain",
    "compute",
    "depends",
    "selectable",
    *fields.Html.SANITIZE_OPTIONS,
)
SELECTION_COLUMNS = ("field_id", "value", "name", "sequence")
#: the rows reflection keeps: not those of models and fields made at run time
_NOT_MANUAL: tuple[str, Sequence[Any]] = ("state IS NULL OR state <> %s", ["manual"])

Values = dict[str, Any]


@dataclass
class _Desired:
    """What the three tables should hold, keyed by what identifies a row."""

    #: model name -> values (without ids); every value is in column form: None for
    #: nothing, as the database driver returns a NULL
    models: dict[str, Values]
    #: (model name, field name) -> values (without model_id)
    fields: dict[tuple[str, str], Values]
    #: (model name, field name) -> [(value, label)] of fixed-list selection fields
    selections: dict[tuple[str, str], list[tuple[str, str]]]
    #: model name -> the module whose external id names its row (None: no external id)
    model_modules: dict[str, str | None]
    #: (model name, field name) -> the module whose external id names its row
    field_modules: dict[tuple[str, str], str | None]


def reflect_models(env: Environment) -> None:
    """Make ir.model, ir.model.fields and ir.model.fields.selection describe exactly
    the models of ``env``'s registry: rows are added for new models and fields,
    rewritten where the code changed, deleted for models and fields that are gone.

    ``env`` is a superuser environment. Idempotent, and run whenever a server opens
    a database: each table is read once, the differences are worked out in
    Python, and written in batches, so that an unchanged database costs three
    queries and a few milliseconds (plus one for external ids).

    New rows get external ids as Odoo's: ``base.model_res_partner`` for a model,
    ``base.field_res_partner__name`` for a field (the module is the one declaring
    it). Models declared by dotted Python paths (test modules such as
    ``tests.orm.testmodels``) get none: a dotted module name cannot head an
    external id.
    """
    desired = _desired_state(env.registry.models)
    model_ids = _sync_models(env, desired)
    field_ids = _sync_fields(env, desired, model_ids)
    _sync_selections(env, desired, field_ids)
    _sync_xmlids(env, desired, model_ids, field_ids)


def _desired_state(registry_models: dict[str, type[BaseModel]]) -> _Desired:
    known = set(DEFINITIONS)
    desired = _Desired({}, {}, {}, {}, {})
    for name, cls in registry_models.items():
        definitions = _definitions(cls, name, known)
        main = definitions[0] if definitions else cls
        if getattr(cls, "_manual", False):
            # a model made at run time has its own row; its magic fields are reflected
            _desired_fields(desired, cls, name, definitions, main)
            continue
        desired.models[name] = {
            "name": cls._description or name,
            "model": name,
            "order": cls._order,
            "info": inspect.cleandoc(main.__doc__) if main.__doc__ else None,
            "state": "base",
            "transient": bool(getattr(cls, "_transient", False)),
            "abstract": is_abstract(cls),
        }
        desired.model_modules[name] = _xmlid_module(main._module)
        _desired_fields(desired, cls, name, definitions, main)
    return desired


def _desired_fields(
    desired: _Desired,
    cls: type[BaseModel],
    name: str,
    definitions: list[type[BaseModel]],
    main: type[BaseModel],
) -> None:
    """Add the fields of model ``name`` the code gives it to ``desired``."""
    for fname, field in cls._fields.items():
        # internal fields (credentials' digests) are hidden from the API; fields
        # made at run time have their own rows
        if field.internal or field.manual:
            continue
        declaring = [
            d._module for d in definitions if isinstance(d.__dict__.get(fname), fields.Field)
        ]
        key = (name, fname)
        desired.fields[key] = _field_values(field)
        desired.field_modules[key] = _xmlid_module(declaring[0] if declaring else main._module)
        if isinstance(field, fields.Selection) and isinstance(field.selection, list):
            desired.selections[key] = [(str(k), str(v)) for k, v in field.selection]


def model_modules(cls: type[BaseModel], name: str) -> str | None:
    """ir.model's ``modules``: the modules declaring or extending model ``name``."""
    definitions = _definitions(cls, name, set(DEFINITIONS))
    return ", ".join(sorted({d._module for d in definitions})) or None


def original_module(cls: type[BaseModel], name: str) -> str:
    """The module that declares model ``name`` (its first definition's)."""
    definitions = _definitions(cls, name, set(DEFINITIONS))
    return (definitions[0] if definitions else cls)._module


def field_modules(cls: type[BaseModel], name: str, fname: str) -> str:
    """ir.model.fields' ``modules``: the modules declaring field ``fname`` of model
    ``name`` (the model's own for a field no module declares, as the magic ones)."""
    definitions = _definitions(cls, name, set(DEFINITIONS))
    main = definitions[0] if definitions else cls
    declaring = {d._module for d in definitions if isinstance(d.__dict__.get(fname), fields.Field)}
    return ", ".join(sorted(declaring)) or main._module


def _definitions(
    cls: type[BaseModel], name: str, known: set[type[BaseModel]]
) -> list[type[BaseModel]]:
    """The classes modules declared for model ``name``, its definition first, then
    the extensions (``_inherit``) in loading order."""
    return [
        k
        for k in reversed(cls.__mro__)
        if k in known and name in (k.__dict__.get("_name"), k.__dict__.get("_inherit"))
    ]


def _xmlid_module(module: str) -> str | None:
    """The module part of external ids for what ``module`` declares: None for a
    dotted Python path, which would not survive ``module.name`` splitting."""
    return None if "." in module else module


def is_abstract(cls: type[BaseModel]) -> bool:
    # the ORM has no abstract models yet; a model class may say so itself
    return bool(getattr(cls, "_abstract", False))


#: field types of Odoo that no field here has (ttype offers them all the same);
#: none since the reference field came
ODOO_ONLY_TYPES: frozenset[str] = frozenset()


def field_types() -> set[str]:
    """Every ``type`` of a Field class (the base class's "field" is no type)."""
    types: set[str] = set()
    todo: list[type[fields.Field]] = [fields.Field]
    while todo:
        klass = todo.pop()
        todo.extend(klass.__subclasses__())
        if klass.type != "field":
            types.add(klass.type)
    return types


def _field_values(field: fields.Field) -> Values:
    """The ir.model.fields values describing ``field``, in column form (None for
    nothing), so that they compare with rows as the database driver gives them."""
    links: Values = dict.fromkeys(
        ("relation", "relation_field", "relation_table", "column1", "column2", "on_delete"),
        None,
    )
    if isinstance(field, fields._Relational):
        links["relation"] = field.comodel_name or None
    if isinstance(field, fields.One2many):
        links["relation_field"] = field.inverse_name or None
    if isinstance(field, fields.Many2many):
        links["relation_table"] = field.relation or None
        links["column1"] = field.column1 or None
        links["column2"] = field.column2 or None
    if isinstance(field, fields.Many2one):
        links["on_delete"] = field.ondelete
    # fields_get says the same: a computed field depends on its @api.depends paths,
    # a related one on its path
    depends = field.depends if field.compute else (field.related,) if field.related else ()
    return {
        "name": field.name,
        "complete_name": f"{field.model_name}.{field.name}",
        "model": field.model_name,
        "field_description": field.string or field.name,
        "help": field.help or None,
        "ttype": field.type,
        **links,
        "required": bool(field.required),
        "readonly": bool(field.readonly),
        "index": bool(field.index),
        "store": bool(field.store),
        "copied": bool(field.copy),
        "related": field.related or None,
        # a translatable field is translated as a whole (Odoo's "standard")
        "translate": "standard" if getattr(field, "translate", False) else None,
        "company_dependent": bool(field.company_dependent),
        "size": int(getattr(field, "size", None) or 0),
        "currency_field": getattr(field, "currency_field", None) or None,
        "state": "base",
        # as in Odoo, only custom fields keep a domain here (fields_get gives a field's)
        "domain": None,
        "compute": field.compute or None,
        "depends": ",".join(depends) or None,
        # as Odoo: a field a domain may name (related fields search through their path)
        "selectable": bool(field.store or field.search or field.related)
        or field.name == "display_name",
        # the sanitizer's options of an html field; false for the other types (Odoo
        # leaves them empty: they read false too)
        **(
            field.SANITIZE_OPTIONS
            if isinstance(field, fields.Html)
            else dict.fromkeys(fields.Html.SANITIZE_OPTIONS, False)
        ),
    }


def _rows(
    model: BaseModel, columns: Sequence[str], where: str = "", params: Sequence[Any] = ()
) -> list[tuple[Any, ...]]:
    """The rows ``(id, *columns)`` of ``model``'s table, as the driver gives them.

    Plain SQL rather than ``search_read``: this runs whenever a server opens a
    database, and converting its ~20,000 values to read format took most of
    the time.
    """
    # (a translated column gives its en_US text: the environment has no language)
    cols = "".join(f", {model._column_sql(name)}" for name in columns)
    sql = f'SELECT id{cols} FROM "{model._table}"'
    if where:
        sql += f" WHERE {where}"
    return model.env.cr.execute(sql, params)


def _diff(
    model: BaseModel,
    columns: Sequence[str],
    key_columns: Sequence[str],
    wanted: dict[Hashable, Values],
    where: tuple[str, Sequence[Any]] = ("", ()),
) -> dict[Any, int]:
    """Bring ``model``'s rows in line with ``wanted``, whose keys are the values of
    ``key_columns`` (one value, or a tuple of several): create the missing rows,
    write the changed ones (one write per distinct change), delete the others.
    Return ``{key: id}`` of the rows kept or made."""
    # one column gives its value, several a tuple, as the keys of ``wanted``
    key_of = itemgetter(*(columns.index(name) + 1 for name in key_columns))
    ids: dict[Any, int] = {}
    obsolete: list[int] = []
    changes: dict[tuple[tuple[str, Any], ...], list[int]] = defaultdict(list)
    for row in _rows(model, columns, *where):
        key = key_of(row)
        vals = wanted.get(key)
        if vals is None or key in ids:
            obsolete.append(row[0])  # gone from the code (or a duplicate)
            continue
        ids[key] = row[0]
        # the wanted values are in column form (None for NULL), so an unchanged row
        # is one tuple comparison (SQLite's 0/1 equal False/True)
        values = row[1:]
        if values == tuple(map(vals.__getitem__, columns)):
            continue
        changed = tuple(
            (name, vals[name])
            for name, value in zip(columns, values, strict=True)
            if value != vals[name]
        )
        changes[changed].append(row[0])
    if obsolete:
        model.browse(obsolete).unlink()
    for changed, changed_ids in changes.items():
        model.browse(changed_ids).write(dict(changed))
    missing = [key for key in wanted if key not in ids]
    touched = [i for changed_ids in changes.values() for i in changed_ids]
    if missing:
        # a reflected model has the fields reflection gives it, not a custom model's x_name
        extra: Values = {"field_id": []} if model._name == "ir.model" else {}
        created = model.create([{**extra, **wanted[key]} for key in missing])
        ids.update(zip(missing, created.ids, strict=True))
        touched.extend(created.ids)
    _clear_log_access(model, touched)
    return ids


def _clear_log_access(model: BaseModel, ids: list[int]) -> None:
    """Reflected rows belong to no user and no time, as in Odoo (whose registry writes
    them directly): their create/write user and date read false."""
    if not ids:
        return
    marks = ", ".join(["%s"] * len(ids))
    model.env.cr.execute(
        f'UPDATE "{model._table}" SET create_uid = NULL, create_date = NULL, '
        f"write_uid = NULL, write_date = NULL WHERE id IN ({marks})",
        ids,
    )
    model.env.invalidate(model._name)


def _sync_models(env: Environment, desired: _Desired) -> dict[str, int]:
    wanted: dict[Hashable, Values] = {name: vals for name, vals in desired.models.items()}
    ids = _diff(env["ir.model"].sudo(), MODEL_COLUMNS, ("model",), wanted, _NOT_MANUAL)
    # the models made at run time keep their rows (their magic fields point to them)
    manual = env.cr.execute('SELECT model, id FROM "ir_model" WHERE state = %s', ["manual"])
    ids.update({model: int(model_id) for model, model_id in manual})
    return ids


def _sync_fields(
    env: Environment, desired: _Desired, model_ids: dict[str, int]
) -> dict[tuple[str, str], int]:
    wanted: dict[Hashable, Values] = {
        key: {**vals, "model_id": model_ids[key[0]]} for key, vals in desired.fields.items()
    }
    fields_model = env["ir.model.fields"].sudo()
    return _diff(fields_model, FIELD_COLUMNS, ("model", "name"), wanted, _NOT_MANUAL)


def _sync_selections(
    env: Environment, desired: _Desired, field_ids: dict[tuple[str, str], int]
) -> None:
    wanted: dict[Hashable, Values] = {}
    for key, options in desired.selections.items():
        field_id = field_ids[key]
        for sequence, (value, label) in enumerate(options):
            wanted[(field_id, value)] = {
                "field_id": field_id,
                "value": value,
                "name": label,
                "sequence": sequence,
            }
    not_manual = (
        'field_id NOT IN (SELECT id FROM "ir_model_fields" WHERE state = %s)',
        ["manual"],
    )
    selection = env["ir.model.fields.selection"].sudo()
    _diff(selection, SELECTION_COLUMNS, ("field_id", "value"), wanted, not_manual)


def _sync_xmlids(
    env: Environment,
    desired: _Desired,
    model_ids: dict[str, int],
    field_ids: dict[tuple[str, str], int],
) -> None:
    """Name every row with its external id (``base.model_res_partner``,
    ``base.field_res_partner__name``); repoint names whose row was made again;
    drop names of rows that are gone."""
    wanted: dict[tuple[str, str], tuple[str, int]] = {}
    for model_name, module in desired.model_modules.items():
        if module:
            xml_name = f"model_{model_name.replace('.', '_')}"
            wanted[(module, xml_name)] = ("ir.model", model_ids[model_name])
    for key, module in desired.field_modules.items():
        if module:
            model_name, fname = key
            xml_name = f"field_{model_name.replace('.', '_')}__{fname}"
            wanted[(module, xml_name)] = ("ir.model.fields", field_ids[key])
    data = env["ir.model.data"].sudo()
    rows = _rows(
        data,
        ("module", "name", "model", "res_id"),
        "model IN (%s, %s)",
        ("ir.model", "ir.model.fields"),
    )
    live = {("ir.model", i) for i in model_ids.values()} | {
        ("ir.model.fields", i) for i in field_ids.values()
    }
    have: set[tuple[str, str]] = set()
    stale: list[int] = []
    for data_id, module, name, model, res_id in rows:
        target = wanted.get((module, name))
        if target is None:
            # a name this code does not give: kept while its row lives
            if (model, res_id) not in live:
                stale.append(data_id)
            continue
        have.add((module, name))
        if (model, res_id) != target:
            # the row was made again (deleted behind the ORM's back): follow it
            data.browse([data_id]).write({"model": target[0], "res_id": target[1]})
    if stale:
        data.browse(stale).unlink()
    new = [
        {"module": module, "name": name, "model": model, "res_id": res_id}
        for (module, name), (model, res_id) in wanted.items()
        if (module, name) not in have
    ]
    if new:
        # one batch rather than a _declare per row: a new database names ~500 rows
        data.create(new)
