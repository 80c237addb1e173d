"""Odoo's rules for models and fields made at run time, with its messages.

What ir.model and ir.model.fields check before a custom (``x_``) model or
field is created, changed or deleted: the names, the related models, the
one2many's inverse, what may change after creation.
"""

from __future__ import annotations

import re
from typing import Any

from jsontwo.exceptions import UserError, ValidationError
from jsontwo.orm import Environment
from jsontwo.orm.manual import FIELD_CLASSES
from jsontwo.orm.models import BaseModel

_MODEL_NAME = re.compile(r"^[a-z0-9_.]+$")
_FIELD_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$", re.IGNORECASE)
#: what may be written on a field a module declares (its label and help only)
BASE_FIELD_WRITABLE = frozenset({"field_description", "help"})


def check_model_vals(vals: dict[str, Any]) -> None:
    """A new custom model's name: ``x_`` first, then Odoo's characters."""
    name = vals.get("model") or "x_"
    if not name.startswith("x_"):
        raise ValidationError("The model name must start with 'x_'.")
    if not _MODEL_NAME.match(name):
        raise ValidationError(
            "The model name can only contain lowercase characters, digits, underscores and dots."
        )


def check_field_vals(env: Environment, vals: dict[str, Any]) -> None:
    """A new custom field, in Odoo's order: the name (``x_`` is the database's
    check there, hence its wording), the related model, a one2many's inverse."""
    name = vals.get("name") or ""
    if not name.startswith("x_"):
        raise ValidationError(
            "The operation cannot be completed: Custom fields must have a name that starts "
            "with 'x_'!"
        )
    if not _FIELD_NAME.match(name):
        raise ValidationError(
            "Field names can only contain characters, digits and underscores (up to 63)."
        )
    ttype = vals.get("ttype")
    if ttype not in FIELD_CLASSES:
        raise ValidationError(
            f"jsontwo cannot make fields of type {ttype!r} at run time (it makes "
            f"{', '.join(sorted(FIELD_CLASSES))})."
        )
    if vals.get("compute") or vals.get("related"):
        raise ValidationError(
            "jsontwo makes stored custom fields only: no computed or related ones at run time."
        )
    relation = vals.get("relation")
    relational = ttype in ("many2one", "one2many", "many2many") or relation
    if relational and (not relation or not _model_exists(env, relation)):
        raise ValidationError(f"Unknown model name '{relation or ''}' in Related Model")
    if ttype == "one2many":
        inverse = vals.get("relation_field") or ""
        rows = env.cr.execute(
            'SELECT 1 FROM "ir_model_fields" WHERE model = %s AND name = %s AND ttype = %s',
            [relation, inverse, "many2one"],
        )
        if not rows:
            raise UserError(f"Many2one {inverse} on model {relation} does not exist!")
    if ttype == "monetary" and "currency_field" in vals:
        check_currency_field(env, vals["model"], vals["currency_field"])


def check_currency_field(env: Environment, model: str, name: str | None) -> None:
    """A custom monetary field's currency field, checked as Odoo checks it when
    one is given: a many2one to res.currency (empty: the model's ``currency_id``
    or ``x_currency_id``). Without one given, Odoo checks nothing; the field
    then loads only once the model has one of those."""
    if name:
        found = _field_row(env, model, name)
        if found is None:
            raise ValidationError(f"Unknown field specified \u201c{name}\u201d in currency_field")
    else:
        found = _field_row(env, model, "currency_id") or _field_row(env, model, "x_currency_id")
        if found is None:
            raise ValidationError(
                "Currency field is empty and there is no fallback field in the model"
            )
    ttype, relation = found
    if ttype != "many2one":
        raise ValidationError("Currency field does not have type many2one")
    if relation != "res.currency":
        raise ValidationError("Currency field should have a res.currency relation")


def _field_row(env: Environment, model: str, name: str) -> tuple[str, str | None] | None:
    """The type and relation of field ``name`` of ``model`` (None: no such field)."""
    rows = env.cr.execute(
        'SELECT ttype, relation FROM "ir_model_fields" WHERE model = %s AND name = %s',
        [model, name],
    )
    return (str(rows[0][0]), rows[0][1]) if rows else None


def many2many_names(model: str, comodel: str) -> tuple[str, str, str]:
    """A custom many2many's relation table and columns, named as Odoo names them."""
    table, cotable = model.replace(".", "_"), comodel.replace(".", "_")
    first, second = sorted([table, cotable])
    if table == cotable:  # a model related to itself: Odoo's id1 and id2
        return f"x_{first}_{second}_rel", "id1", "id2"
    return f"x_{first}_{second}_rel", f"{table}_id", f"{cotable}_id"


def check_field_write(records: BaseModel, vals: dict[str, Any]) -> None:
    """What may change on existing fields, in Odoo's order: a base field's
    label and help only (anything else, even ``state``, is refused); never a
    custom field's model or type; one field renamed at a time. ``model`` and
    ``state`` are then dropped from ``vals``, as Odoo ignores them."""
    if set(vals) <= BASE_FIELD_WRITABLE:
        return
    for record in records:
        if record.state != "manual":
            raise UserError(
                "Properties of base fields cannot be altered in this manner! Please modify them "
                "through Python code, preferably through a custom addon!"
            )
        if vals.get("model_id", record.model_id.id) != record.model_id.id:
            raise UserError("Changing the model of a field is forbidden!")
        if vals.get("ttype", record.ttype) != record.ttype:
            raise UserError(
                "Changing the type of a field is not yet supported. Please drop it and create "
                "it again!"
            )
    for ignored in ("model_id", "model", "state"):
        vals.pop(ignored, None)
    if "name" in vals:
        if len(records) > 1:
            raise UserError("Can only rename one field at a time!")
        if not str(vals["name"] or "").startswith("x_"):
            raise ValidationError(
                "The operation cannot be completed: Custom fields must have a name that "
                "starts with 'x_'!"
            )
        if not _FIELD_NAME.match(str(vals["name"])):
            raise ValidationError(
                "Field names can only contain characters, digits and underscores (up to 63)."
            )


def check_field_unlink(records: BaseModel) -> None:
    """Only custom fields may be deleted, and not a many2one a one2many needs."""
    if any(record.state != "manual" for record in records):
        raise UserError("This column contains module data and cannot be removed!")
    doomed = {(record.model, record.name) for record in records}
    for record in records:
        if record.ttype != "many2one":
            continue
        rows = records.env.cr.execute(
            'SELECT model, name FROM "ir_model_fields" WHERE ttype = %s AND relation = %s '
            "AND relation_field = %s",
            ["one2many", record.model, record.name],
        )
        for model, name in rows:
            if (model, name) not in doomed:
                raise UserError(
                    f"The field '{record.model}.{record.name}' cannot be removed because "
                    f"the field '{model}.{name}' depends on it."
                )


def _model_exists(env: Environment, name: str) -> bool:
    return bool(env.cr.execute('SELECT 1 FROM "ir_model" WHERE model = %s', [name]))
