"""ir.model, ir.model.fields, ir.model.fields.selection: the registry, introspected.

The models of a database and their fields are Python classes; clients learn
about them the way Odoo's do, by reading these three models with ``search``,
``read``, ``search_read``, domains... For that they are *reflected*: kept as
rows of real tables, brought in line with the registry by
:func:`~jsontwo.modules.base.models.ir_model_reflect.reflect_models` whenever a
server opens a database. An administrator may add custom (``x_``) models and
fields to them, as in Odoo (:mod:`~jsontwo.modules.base.models.ir_model_changes`).
"""

from __future__ import annotations

import ast
from typing import Any, Self

from jsontwo.modules.base.models.ir_access import ChangesAccess
from jsontwo.modules.base.models.ir_model_changes import (
    FieldChanges,
    ModelChanges,
    SelectionChanges,
)
from jsontwo.modules.base.models.ir_model_reflect import (
    ODOO_ONLY_TYPES,
    field_modules,
    field_types,
    is_abstract,
    model_modules,
)
from jsontwo.orm import Environment, api, fields, models, translate

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


class IrModel(ChangesAccess, ModelChanges, models.Model):
    """A model of the registry: one row per ``_name``, kept by :func:`~jsontwo.modules.base.models.ir_model_reflect.reflect_models`."""

    _name = "ir.model"
    _description = "Models"
    _order = "model"
    _rec_name = "name"
    _rec_names_search = ("name", "model")
    _sql_constraints = (("obj_name_uniq", "UNIQUE (model)", "Each model must have a unique name."),)

    name = fields.Char("Model Description", required=True, translate=True)
    # the defaults are Odoo's for a custom model (reflection gives every value of its rows)
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
            record.modules = model_modules(cls, record.model) if cls is not None else None

    def _compute_count(self) -> None:
        """Count every row of each model's table, archived ones included, whatever
        the caller may read (as Odoo does: the number describes the model)."""
        registry = self.env.registry
        for record in self:
            cls = registry.models.get(record.model)
            if cls is None or is_abstract(cls):
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


class IrModelFields(FieldChanges, models.Model):
    """A field of a model of the registry, kept by :func:`~jsontwo.modules.base.models.ir_model_reflect.reflect_models` (fields the
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
    relation_field_id = fields.Many2one(
        "ir.model.fields",
        "Relation field",
        compute="_compute_relation_field_id",
        store=True,
        ondelete="cascade",
    )
    selection = fields.Char(
        "Selection Options (Deprecated)",
        compute="_compute_selection",
        inverse="_inverse_selection",
    )
    related_field_id = fields.Many2one(
        "ir.model.fields",
        "Related Field",
        compute="_compute_related_field_id",
        store=True,
        ondelete="cascade",
    )
    # as in Odoo, a column nothing fills (fields_get names a field's groups)
    groups = fields.Many2many("res.groups", "ir_model_fields_group_rel", "field_id", "group_id")
    group_expand = fields.Boolean(
        "Expand Groups",
        help="If checked, all the records of the target model will be included\n"
        "in a grouped result (e.g. 'Group By' filters, Kanban columns, etc.).\n"
        "Note that it can significantly reduce performance if the target model\n"
        "of the field contains a lot of records; usually used on models with\n"
        "few records (e.g. Stages, Job Positions, Event Types, etc.).",
    )
    selectable = fields.Boolean("Selectable", default=True)
    # the HTML sanitizer's options (an html field's; false for other types)
    sanitize = fields.Boolean("Sanitize HTML", default=True)
    sanitize_overridable = fields.Boolean("Sanitize HTML overridable", default=False)
    sanitize_tags = fields.Boolean("Sanitize HTML Tags", default=True)
    sanitize_attributes = fields.Boolean("Sanitize HTML Attributes", default=True)
    sanitize_style = fields.Boolean("Sanitize HTML Style", default=False)
    sanitize_form = fields.Boolean("Sanitize HTML Form", default=True)
    strip_style = fields.Boolean("Strip Style Attribute", default=False)
    strip_classes = fields.Boolean("Strip Class Attribute", default=False)

    @api.depends("relation", "relation_field")
    def _compute_relation_field_id(self) -> None:
        """A custom one2many's inverse many2one, as a row (a field of the code has none,
        as in Odoo)."""
        for record in self:
            found = None
            if record.state == "manual" and record.relation and record.relation_field:
                found = record._field_id(record.relation, record.relation_field)
            record.relation_field_id = found or False

    @api.depends("related")
    def _compute_related_field_id(self) -> None:
        """The field a custom related field reads, as a row (none for a field of the
        code, as in Odoo)."""
        for record in self:
            found = None
            if record.state == "manual" and record.related:
                target = _related_target(self.env, record.model, record.related)
                found = record._field_id(*target) if target else None
            record.related_field_id = found or False

    def _field_id(self, model: str, name: str) -> int | None:
        """The id of the row of field ``name`` of ``model``."""
        found = self.sudo()._search_ids([["model", "=", model], ["name", "=", name]], limit=1)
        return found[0] if found else None

    @api.depends("selection_ids")
    def _compute_selection(self) -> None:
        """A selection field's options as Odoo's deprecated text: the Python
        ``repr`` of its ``(value, label)`` pairs; false for other types."""
        for record in self:
            if record.ttype not in ("selection", "reference"):
                record.selection = False
                continue
            options = record.sudo().selection_ids
            record.selection = repr([(option.value, option.name) for option in options])

    def _inverse_selection(self) -> None:
        """Replace the options by those the text lists (``[('a', 'A'), ...]``)."""
        for record in self:
            pairs = ast.literal_eval(record.selection or "[]")
            options = record.sudo().selection_ids
            options.unlink()
            options.create(
                [
                    {"field_id": record.id, "value": value, "name": label, "sequence": index}
                    for index, (value, label) in enumerate(pairs)
                ]
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
            record.modules = field_modules(cls, record.model, record.name)

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
            name = translate.column_sql(
                self.env["ir.model"]._fields["name"], '"ir_model"."name"', self.env
            )
            rows = self.env.cr.execute(
                f'SELECT model, {name} FROM "ir_model" WHERE model IN ({marks})', wanted
            )
            descriptions = {model: name for model, name in rows}
        for record in self:
            model = descriptions.get(record.model, record.model)
            record.display_name = f"{record.field_description} ({model})"

    def _get_field_types(self) -> list[tuple[str, str]]:
        """The field type names (``char``, ``many2one``...): every ``Field.type`` known,
        and the types of Odoo no model here uses, so that the options are Odoo's."""
        return [(name, name) for name in sorted(field_types() | ODOO_ONLY_TYPES)]


class IrModelFieldsSelection(SelectionChanges, models.Model):
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


def _related_target(env: Environment, model: str, related: str) -> tuple[str, str] | None:
    """``(model, field)`` that the dotted path ``related`` of ``model`` ends on."""
    *hops, last = related.split(".")
    current = model
    for hop in hops:
        field = env.registry.models[current]._fields.get(hop) if current in env.registry else None
        comodel = getattr(field, "comodel_name", None)
        if not comodel:
            return None
        current = comodel
    return (current, last) if current in env.registry else None
