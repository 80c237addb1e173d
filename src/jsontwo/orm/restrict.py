"""Deletions that other records forbid: many2one fields with ``ondelete="restrict"``.

The database refuses such a deletion anyway (a foreign key); asking first names
the record and the field in the way, as Odoo's message does, on every backend.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jsontwo.exceptions import ValidationError
from jsontwo.orm import fields as f
from jsontwo.orm.paging import chunks

if TYPE_CHECKING:
    from jsontwo.orm.types import BaseModel

#: the beginning of every message for a write the database refuses
PREFIX = "The operation cannot be completed: "


def foreign_key_message(model: type[BaseModel] | BaseModel, fname: str) -> str:
    """Odoo's words for a foreign key of ``model.fname`` that a write broke (a
    deletion of a record it points to, or a value that points nowhere)."""
    field = model._fields.get(fname)
    field_display = f"'{field.string}' ({fname})" if field is not None else "Unknown"
    return (
        f"{PREFIX}Another model is using the record you are trying to delete.\n\n"
        f"The troublemaker is: '{model._description or model._name}' ({model._name})\n"
        f"Thanks to the following constraint: {field_display}\n"
        "How about archiving the record instead?"
    )


def restricting_fields(records: BaseModel) -> list[tuple[type[BaseModel], str]]:
    """The stored many2one fields, of every model, pointing to ``records``' model with
    ``ondelete="restrict"``, in the registry's order (worked out once per registry)."""
    registry = records._registry
    cache: dict[str, list[tuple[type[BaseModel], str]]] = registry.caches.restricting_fields
    found = cache.get(records._name)
    if found is None:
        found = []
        for cls in registry.models.values():
            for name, field in cls._fields.items():
                if (
                    isinstance(field, f.Many2one)
                    and field.comodel_name == records._name
                    and field.ondelete == "restrict"
                    and field.column_in_table
                ):
                    found.append((cls, name))
        # the base module's models first: their foreign keys are the oldest, the
        # ones the database (and so Odoo's message) names first
        found.sort(key=lambda item: not _defined_by_base(item[0]))
        cache[records._name] = found
    return found


def _defined_by_base(cls: type[BaseModel]) -> bool:
    """Whether the base module defines the model ``cls`` (others may extend it)."""
    return any(klass.__module__.startswith("jsontwo.modules.base.") for klass in cls.__mro__)


def check_restrict(records: BaseModel, ids: list[int]) -> None:
    """Raise Odoo's ValidationError when a record of another model (or of this one,
    outside ``ids``) still points to one of ``ids`` through a restricting field."""
    for cls, fname in restricting_fields(records):
        for chunk in chunks(ids):
            marks = ", ".join(["%s"] * len(chunk))
            params: list[object] = list(chunk)
            sql = f'SELECT 1 FROM "{cls._table}" WHERE "{fname}" IN ({marks})'
            if cls._name == records._name:  # a record deleted with the one it points to
                sql += f" AND id NOT IN ({marks})"
                params += list(chunk)
            if records.env.cr.execute(sql + " LIMIT 1", params):
                raise ValidationError(foreign_key_message(cls, fname))
