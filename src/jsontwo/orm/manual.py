"""Models and fields made at run time (Odoo's *custom* ones, ``x_``).

A database may hold, besides what its modules declare, models and fields an
administrator made over the API: the ``state = 'manual'`` rows of ``ir.model``
and ``ir.model.fields``. Whoever builds a registry reads them (with plain SQL:
the models are not built yet) into a :class:`ManualSchema`, and
:func:`add_manual` turns them into fields of the assembled classes and into
classes of their own, before the fields are set up.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field, replace
from typing import Any

from jsontwo.orm import fields as f
from jsontwo.orm.models import BaseModel, Model

#: the field types a field made at run time may have, and their classes
FIELD_CLASSES: dict[str, type[f.Field]] = {
    "char": f.Char,
    "text": f.Text,
    "html": f.Html,
    "integer": f.Integer,
    "float": f.Float,
    "monetary": f.Monetary,
    "boolean": f.Boolean,
    "date": f.Date,
    "datetime": f.Datetime,
    "selection": f.Selection,
    "binary": f.Binary,
    "many2one": f.Many2one,
    "one2many": f.One2many,
    "many2many": f.Many2many,
}


@dataclass(frozen=True, slots=True)
class ManualModel:
    """A model made at run time (an ``ir.model`` row of state ``manual``)."""

    model: str
    description: str
    order: str = "id"


@dataclass(frozen=True, slots=True)
class ManualField:
    """A field made at run time (an ``ir.model.fields`` row of state ``manual``)."""

    model: str
    name: str
    ttype: str
    string: str
    help: str | None = None
    required: bool = False
    readonly: bool = False
    index: bool = False
    copied: bool = True
    translate: bool = False
    size: int = 0
    relation: str | None = None
    relation_field: str | None = None
    relation_table: str | None = None
    column1: str | None = None
    column2: str | None = None
    on_delete: str | None = None
    domain: str | None = None
    currency_field: str | None = None
    #: a selection's options, in order
    selection: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class ManualSchema:
    """What a database holds of models and fields made at run time."""

    models: tuple[ManualModel, ...] = ()
    fields: tuple[ManualField, ...] = field(default=())

    def __bool__(self) -> bool:
        return bool(self.models or self.fields)


def add_manual(assembled: dict[str, type[BaseModel]], schema: ManualSchema) -> None:
    """Add ``schema``'s models to ``assembled`` and its fields to their models'
    classes (fields on models this registry lacks are skipped: their module
    may be gone)."""
    for spec in schema.models:
        if spec.model not in assembled:
            assembled[spec.model] = _model_class(spec)
    # monetary fields last: their currency field may be a custom one made later
    ordered = sorted(schema.fields, key=lambda spec: spec.ttype == "monetary")
    for fspec in ordered:
        cls = assembled.get(fspec.model)
        comodel_known = fspec.relation is None or fspec.relation in assembled
        if cls is None or not comodel_known or fspec.ttype not in FIELD_CLASSES:
            continue
        if fspec.ttype == "monetary":
            currency = currency_field_of(cls, fspec.currency_field)
            if currency is None:
                continue  # as in Odoo: the row stays, the field is not loaded
            fspec = replace(fspec, currency_field=currency)
        built = manual_field(fspec)
        setattr(cls, fspec.name, built)
        built.__set_name__(cls, fspec.name)  # setattr does not call it: the name, the label
    for spec in schema.models:
        cls = assembled[spec.model]
        # a new model is named by its x_name, as in Odoo
        if getattr(cls, "_manual", False) and isinstance(getattr(cls, "x_name", None), f.Field):
            cls._rec_name = "x_name"


def currency_field_of(cls: type[BaseModel], named: str | None) -> str | None:
    """The currency field of a custom monetary field on ``cls``: the one its row
    names, else ``currency_id``, else ``x_currency_id`` (Odoo's fallbacks); None
    when ``cls`` has no such field (Odoo then leaves the field out)."""
    for name in (named,) if named else ("currency_id", "x_currency_id"):
        if isinstance(getattr(cls, name, None), f.Field):
            return name
    return None


def _model_class(spec: ManualModel) -> type[BaseModel]:
    attrs: dict[str, Any] = {
        "_name": spec.model,
        "_description": spec.description,
        "_order": spec.order or "id",
        "_assembled": True,
        "_manual": True,
        "__slots__": (),
    }
    return type(spec.model.replace(".", "_"), (Model,), attrs)


def manual_field(spec: ManualField) -> f.Field:
    """The field ``spec`` describes (its column accepts NULL whatever ``required``
    says: as in Odoo, a required field may be added to a table with rows; the
    ORM still refuses an empty value on create and write)."""
    common: dict[str, Any] = {
        "help": spec.help or None,
        "required": spec.required,
        "readonly": spec.readonly,
        "index": spec.index,
        "copy": spec.copied,
    }
    klass = FIELD_CLASSES[spec.ttype]
    string = spec.string or None  # None: named from the field name, as Odoo does
    built: f.Field
    if spec.ttype == "selection":
        built = f.Selection(list(spec.selection), string, **common)
    elif spec.ttype == "many2one":
        built = f.Many2one(
            spec.relation,
            string,
            ondelete=spec.on_delete or "set null",
            domain=_domain(spec.domain),
            **common,
        )
    elif spec.ttype == "one2many":
        built = f.One2many(
            spec.relation, spec.relation_field, string, domain=_domain(spec.domain), **common
        )
    elif spec.ttype == "many2many":
        built = f.Many2many(
            spec.relation,
            spec.relation_table,
            spec.column1,
            spec.column2,
            string,
            domain=_domain(spec.domain),
            **common,
        )
    elif spec.ttype == "monetary":
        built = f.Monetary(string, currency_field=spec.currency_field or "currency_id", **common)
    elif spec.ttype in ("char", "text", "html"):
        extra: dict[str, Any] = {"translate": spec.translate}
        if spec.ttype == "char" and spec.size:
            extra["size"] = spec.size
        built = klass(string, **extra, **common)
    else:
        built = klass(string, **common)
    built.manual = True
    built.column_nullable = True
    return built


def _domain(text: str | None) -> list[Any] | str | None:
    """A relational field's domain as its row keeps it (Python text): a list of
    conditions when it is one, else the text (only the web client evaluates it)."""
    if not text or text.strip() in ("", "[]"):
        return None
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text
    return value if isinstance(value, list) else text
