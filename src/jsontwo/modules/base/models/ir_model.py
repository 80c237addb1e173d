"""ir.model, ir.model.fields, ir.model.fields.selection: the registry, introspected.

The models of a database and their fields are Python classes; clients learn
about them the way Odoo's do, by reading these three models with ``search``,
``read``, ``search_read``, domains... For that they are *reflected*: kept as
rows of real tables, brought in line with the registry by
:func:`reflect_models` whenever a server opens a database. They describe the
code, so they are read-only over the API (see :class:`Reflected`).
"""

from __future__ import annotations

import inspect
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import TYPE_CHECKING, Any, ClassVar, Self

from jsontwo.exceptions import AccessError
from jsontwo.modules.base.models.ir_access import ChangesAccess
from jsontwo.orm import Environment, api, fields, models
from jsontwo.orm.models import DEFINITIONS, BaseModel

MODEL_STATES = [("manual", "Custom Object"), ("base", "Base Object")]
FIELD_STATES = [("manual", "Custom Field"), ("base", "Base Field")]
#: Odoo's values of ``translate``; a field here is translated as a whole or not at all
TRANSLATE_MODES = [
    ("standard", "Translate as a whole"),
    ("html_translate", "Translate HTML terms"),
    ("xml_translate", "Translate XML terms"),
]
#: the field a new custom model starts with (Odoo's default of ir.model.field_id)
CUSTOM_NAME_FIELD = {"name": "x_name", "field_description": "Name", "ttype": "char", "copied": True}
ON_DELETE = [("cascade", "Cascade"), ("set null", "Set NULL"), ("restrict", "Restrict")]


class Reflected:
    """What the three reflection models share: they describe the code, so they do
    not change at run time over the API. The access lines are Odoo's (Access
    Rights may create, write and delete), so a caller without them is refused
    as Odoo refuses them; a caller with them is refused too: jsontwo makes no
    models or fields at run time."""

    __slots__ = ()

    if TYPE_CHECKING:
        env: Environment
        _name: ClassVar[str]
        _description: ClassVar[str]

        def _check_model_access(self, operation: str) -> None: ...

    @api.model_create_multi
    def create(self, vals_list: list[dict[str, Any]] | dict[str, Any]) -> Any:
        """Refused outside superuser mode (after the access lines' own refusal)."""
        self._refuse_run_time_change("create")
        return super().create(vals_list)  # type: ignore[misc]

    def write(self, vals: dict[str, Any]) -> bool:
        """Refused outside superuser mode (after the access lines' own refusal)."""
        self._refuse_run_time_change("write")
        result: bool = super().write(vals)  # type: ignore[misc]
        return result

    def unlink(self) -> bool:
        """Refused outside superuser mode; Odoo reads the rows first, so a caller
        who may not read them is refused reading."""
        if not self.env.su:
            self._check_model_access("read")
        self._refuse_run_time_change("unlink")
        result: bool = super().unlink()  # type: ignore[misc]
        return result

    def _refuse_run_time_change(self, operation: str) -> None:
        if self.env.su:
            return
        self._check_model_access(operation)
        raise AccessError(
            f"{self._description} ({self._name}) describe the code of the server: jsontwo "
            "does not create, change or delete models and fields at run time."
        )


class IrModel(ChangesAccess, Reflected, models.Model):
    """A model of the registry: one row per ``_name``, kept by :func:`reflect_models`."""

    _name = "ir.model"
    _description = "Models"
    _order = "model"
    _rec_name = "name"
    _rec_names_search = ("name", "model")
    _sql_constraints = (("obj_name_uniq", "UNIQUE (model)", "Each model must have a unique name."),)

    name = fields.Char("Model Description", required=True, translate=True)
    # the defaults are Odoo's for a custom model (which jsontwo refuses to create;
    # reflection gives every value of its rows)
    model = fields.Char("Model", required=True, default="x_")
    order = fields.Char(
        "Order",
        required=True,
        default="id",
        help='SQL expression for ordering records in the model; e.g. "x_sequence asc, id desc"',
    )
    info = fields.Text("Information")
    # required as in Odoo (a model has fields); reflection always gives them
    field_id = fields.One2many(
        "ir.model.fields",
        "model_id",
        "Fields",
        required=True,
        default=lambda self: [[6, 0, []], [0, 0, dict(CUSTOM_NAME_FIELD)]],
    )
    inherited_model_ids = fields.Many2many(
        "ir.model",
        compute="_compute_inherited_model_ids",
        string="Inherited models",
        help="The list of models that extends the current model.",
    )
    state = fields.Selection(MODEL_STATES, "Type", default="manual", readonly=True)
    transient = fields.Boolean("Transient Model")
    abstract = fields.Boolean("Abstract Model")
    access_ids = fields.One2many("ir.model.access", "model_id", "Access")
    rule_ids = fields.One2many("ir.rule", "model_id", "Record Rules")
    modules = fields.Char(
        "In Apps",
        compute="_compute_modules",
        help="List of modules in which the object is defined or inherited",
    )
    view_ids = fields.One2many("ir.ui.view", compute="_compute_view_ids", string="Views")
    count = fields.Integer(
        "Count (Incl. Archived)",
        compute="_compute_count",
        help="Total number of records in this model",
    )
    # no kanban views here: never set by reflection, kept for what clients write
    fold_name = fields.Char(
        "Fold Field",
        help="In a Kanban view where columns are records of this model, the value of this "
        "(boolean) field determines which column should be folded by default.",
    )

    def _changes_access(self, vals: dict[str, Any] | None) -> bool:
        """Deleting a model deletes its access lines and rules (the database
        cascades); renaming one moves them to another model."""
        return vals is None or "model" in vals

    @api.depends()
    def _compute_inherited_model_ids(self) -> None:
        """The models this one holds a record of (``_inherits``): res.users, res.partner."""
        registry = self.env.registry
        for record in self:
            cls = registry.models.get(record.model)
            parents = list(getattr(cls, "_inherits", None) or {}) if cls is not None else []
            found = self.search([["model", "in", parents]]) if parents else self.browse([])
            record.inherited_model_ids = found

    @api.depends()
    def _compute_view_ids(self) -> None:
        for record in self:
            record.view_ids = self.env["ir.ui.view"].search([["model", "=", record.model]])

    def _compute_modules(self) -> None:
        """The modules declaring or extending each model, from the registry (Odoo
        takes them from the external ids of installed modules: the same names)."""
        registry_models = self.env.registry.models
        for record in self:
            cls = registry_models.get(record.model)
            record.modules = _model_modules(cls, record.model) if cls is not None else None

    def _compute_count(self) -> None:
        """Count every row of each model's table, archived ones included, whatever
        the caller may read (as Odoo does: the number describes the model)."""
        registry = self.env.registry
        for record in self:
            cls = registry.models.get(record.model)
            if cls is None or _is_abstract(cls):
                # a row describing no model of this registry has no table to count
                record.count = 0
                continue
            rows = self.env.cr.execute(f'SELECT COUNT(*) FROM "{cls._table}"')
            record.count = int(rows[0][0])

    def _get_id(self, model_name: str) -> int:
        """The id of the row describing ``model_name``; ValueError when there is none."""
        rows = self.env.cr.execute('SELECT id FROM "ir_model" WHERE model = %s', [model_name])
        if not rows:
            raise ValueError(f"No model named {model_name!r} in ir.model")
        return int(rows[0][0])

    def _get(self, model_name: str) -> Self:
        """The row describing ``model_name`` (a record of ir.model); ValueError when none."""
        return self.browse([self._get_id(model_name)])


class IrModelFields(Reflected, models.Model):
    """A field of a model of the registry, kept by :func:`reflect_models` (fields the
    API never sees, such as the digests of API keys, are left out)."""

    _name = "ir.model.fields"
    _description = "Fields"
    _order = "name, id"
    _rec_name = "field_description"
    _sql_constraints = (
        ("name_unique", "UNIQUE (model, name)", "Field names must be unique per model."),
    )

    # the defaults are Odoo's for a custom field (see IrModel)
    name = fields.Char("Field Name", required=True, index=True, default="x_")
    complete_name = fields.Char("Complete Name", index=True)
    model = fields.Char(
        "Model Name", required=True, help="The technical name of the model this field belongs to"
    )
    model_id = fields.Many2one(
        "ir.model",
        "Model",
        required=True,
        index=True,
        ondelete="cascade",
        help="The model this field belongs to",
    )
    field_description = fields.Char("Field Label", required=True, translate=True, default="")
    help = fields.Text("Field Help", translate=True)
    ttype = fields.Selection("_get_field_types", "Field Type", required=True)
    relation = fields.Char(
        "Related Model", help="For relationship fields, the technical name of the target model"
    )
    relation_field = fields.Char(
        "Relation Field",
        help="For one2many fields, the field on the target model that implement the opposite "
        "many2one relationship",
    )
    relation_table = fields.Char(
        "Relation Table",
        help="Used for custom many2many fields to define a custom relation table name",
    )
    column1 = fields.Char("Column 1", help="Column referring to the record in the model table")
    column2 = fields.Char("Column 2", help="Column referring to the record in the comodel table")
    required = fields.Boolean("Required")
    readonly = fields.Boolean("Readonly")
    index = fields.Boolean("Indexed")
    store = fields.Boolean(
        "Stored", default=True, help="Whether the value is stored in the database."
    )
    copied = fields.Boolean(
        "Copied",
        compute="_compute_copied",
        store=True,
        readonly=False,
        help="Whether the value is copied when duplicating a record.",
    )
    related = fields.Char(
        "Related Field Definition",
        help="The corresponding related field, if any. This must be a dot-separated list of field names.",
    )
    translate = fields.Selection(
        TRANSLATE_MODES,
        "Translatable",
        help="Whether values for this field can be translated (enables the translation "
        "mechanism for that field)",
    )
    company_dependent = fields.Boolean(
        "Company Dependent",
        readonly=True,
        help="Whether values for this field is company dependent",
    )
    size = fields.Integer("Size")
    currency_field = fields.Char(
        "Currency field", help="Name of the Many2one field holding the res.currency"
    )
    selection_ids = fields.One2many(
        "ir.model.fields.selection", "field_id", "Selection Options", copy=True
    )
    state = fields.Selection(FIELD_STATES, "Type", required=True, default="manual", readonly=True)
    on_delete = fields.Selection(
        ON_DELETE, "On Delete", default="set null", help="On delete property for many2one fields"
    )
    domain = fields.Char(
        "Domain",
        default="[]",
        help="The optional domain to restrict possible values for relationship fields, "
        "specified as a Python expression defining a list of triplets. "
        "For example: [('color','=','red')]",
    )
    compute = fields.Text(
        "Compute",
        help="Code to compute the value of the field.\n"
        "Iterate on the recordset 'self' and assign the field's value:\n\n"
        "    for record in self:\n"
        "        record['size'] = len(record.name)\n\n"
        "Modules time, datetime, dateutil are available.",
    )
    depends = fields.Char(
        "Dependencies",
        help="Dependencies of compute method; a list of comma-separated field names, like\n\n"
        "    name, partner_id.name",
    )
    modules = fields.Char(
        "In Apps", compute="_compute_modules", help="List of modules in which the field is defined"
    )

    @api.depends("ttype", "related", "compute")
    def _compute_copied(self) -> None:
        """As Odoo: a field is copied unless it is a one2many, related or computed
        (the reflection writes what each field of the code says)."""
        for record in self:
            record.copied = record.ttype != "one2many" and not (record.related or record.compute)

    def _compute_modules(self) -> None:
        """The modules declaring each field, from the registry (Odoo takes them
        from the external ids of installed modules: the same names)."""
        registry_models = self.env.registry.models
        for record in self:
            cls = registry_models.get(record.model)
            if cls is None or record.name not in cls._fields:
                record.modules = None
                continue
            record.modules = _field_modules(cls, record.model, record.name)

    @api.model_create_multi
    def create(self, vals_list: list[dict[str, Any]] | dict[str, Any]) -> Any:
        """The model's name comes from ``model_id`` when not given (as in Odoo, so
        that a new model's default field x_name needs no more)."""
        items = [dict(vals) for vals in ([vals_list] if isinstance(vals_list, dict) else vals_list)]
        ir_model = self.env["ir.model"].sudo()
        for vals in items:
            if not vals.get("model") and vals.get("model_id"):
                vals["model"] = ir_model.browse([vals["model_id"]]).model
        return super().create(items)

    @api.depends("field_description", "model")
    def _compute_display_name(self) -> None:
        """Name a field as Odoo does, "Label (Model description)" ("Country
        (Contact)"), or by its label alone with the context key ``hide_model``."""
        if self.env.context.get("hide_model"):
            for record in self:
                record.display_name = record.field_description
            return
        wanted = sorted({record.model for record in self if record.model})
        descriptions: dict[str, str] = {}
        if wanted:
            marks = ", ".join(["%s"] * len(wanted))
            rows = self.env.cr.execute(
                f'SELECT model, name FROM "ir_model" WHERE model IN ({marks})', wanted
            )
            descriptions = {model: name for model, name in rows}
        for record in self:
            model = descriptions.get(record.model, record.model)
            record.display_name = f"{record.field_description} ({model})"

    def _get_field_types(self) -> list[tuple[str, str]]:
        """The field type names (``char``, ``many2one``...): every ``Field.type`` known,
        and the types of Odoo no model here uses, so that the options are Odoo's."""
        return [(name, name) for name in sorted(_field_types() | ODOO_ONLY_TYPES)]


class IrModelFieldsSelection(Reflected, models.Model):
    """One option of a selection field whose options are a fixed list."""

    _name = "ir.model.fields.selection"
    _description = "Fields Selection"
    _order = "sequence, id"
    _sql_constraints = (
        (
            "selection_field_uniq",
            "UNIQUE (field_id, value)",
            "Selections values must be unique per field",
        ),
    )

    field_id = fields.Many2one(
        "ir.model.fields",
        "Field",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("ttype", "in", ["selection", "reference"])],
    )
    value = fields.Char("Value", required=True)
    name = fields.Char("Name", required=True, translate=True)
    sequence = fields.Integer("Sequence", default=1000)


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
)
SELECTION_COLUMNS = ("field_id", "value", "name", "sequence")

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
        desired.models[name] = {
            "name": cls._description or name,
            "model": name,
            "order": cls._order,
            "info": inspect.cleandoc(main.__doc__) if main.__doc__ else None,
            "state": "base",
            "transient": bool(getattr(cls, "_transient", False)),
            "abstract": _is_abstract(cls),
        }
        desired.model_modules[name] = _xmlid_module(main._module)
        for fname, field in cls._fields.items():
            # internal fields (credentials' digests) are hidden from the API
            if field.internal:
                continue
            declaring = [
                d._module for d in definitions if isinstance(d.__dict__.get(fname), fields.Field)
            ]
            key = (name, fname)
            desired.fields[key] = _field_values(field)
            desired.field_modules[key] = _xmlid_module(declaring[0] if declaring else main._module)
            if isinstance(field, fields.Selection) and isinstance(field.selection, list):
                desired.selections[key] = [(str(k), str(v)) for k, v in field.selection]
    return desired


def _model_modules(cls: type[BaseModel], name: str) -> str | None:
    """ir.model's ``modules``: the modules declaring or extending model ``name``."""
    definitions = _definitions(cls, name, set(DEFINITIONS))
    return ", ".join(sorted({d._module for d in definitions})) or None


def _field_modules(cls: type[BaseModel], name: str, fname: str) -> str:
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


def _is_abstract(cls: type[BaseModel]) -> bool:
    # the ORM has no abstract models yet; a model class may say so itself
    return bool(getattr(cls, "_abstract", False))


#: field types of Odoo that no field here has (ttype offers them all the same)
ODOO_ONLY_TYPES = frozenset({"reference"})


def _field_types() -> set[str]:
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
    }


def _rows(
    model: BaseModel, columns: Sequence[str], where: str = "", params: Sequence[Any] = ()
) -> list[tuple[Any, ...]]:
    """The rows ``(id, *columns)`` of ``model``'s table, as the driver gives them.

    Plain SQL rather than ``search_read``: this runs whenever a server opens a
    database, and converting its ~20,000 values to read format took most of
    the time.
    """
    cols = "".join(f', "{name}"' for name in columns)
    sql = f'SELECT id{cols} FROM "{model._table}"'
    if where:
        sql += f" WHERE {where}"
    return model.env.cr.execute(sql, params)


def _diff(
    model: BaseModel,
    columns: Sequence[str],
    key_columns: Sequence[str],
    wanted: dict[Hashable, Values],
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
    for row in _rows(model, columns):
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
    return _diff(env["ir.model"].sudo(), MODEL_COLUMNS, ("model",), wanted)


def _sync_fields(
    env: Environment, desired: _Desired, model_ids: dict[str, int]
) -> dict[tuple[str, str], int]:
    wanted: dict[Hashable, Values] = {
        key: {**vals, "model_id": model_ids[key[0]]} for key, vals in desired.fields.items()
    }
    return _diff(env["ir.model.fields"].sudo(), FIELD_COLUMNS, ("model", "name"), wanted)


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
    _diff(env["ir.model.fields.selection"].sudo(), SELECTION_COLUMNS, ("field_id", "value"), wanted)


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
