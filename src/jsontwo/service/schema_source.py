"""A schema as another server describes it: the custom models and fields that
``jsontwo import-schema`` reads from a live Odoo 19 (or jsontwo), turned from
the rows of its ``ir.model`` / ``ir.model.fields`` (or from its ``fields_get``)
into plain values that :mod:`jsontwo.service.schema_import` plans and creates.

Nothing here talks to a server: the command reads the rows with the client and
hands them over, so the rules can be tested on rows alone.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

#: the prefix of every custom model and field name (Odoo's rule)
CUSTOM_PREFIX = "x_"
#: what the command reads of each ``ir.model`` row
MODEL_FIELDS = ("model", "name", "order", "transient", "state")
#: what the command reads of the access lines of the custom models
PERMISSIONS = ("perm_read", "perm_write", "perm_create", "perm_unlink")
ACCESS_FIELDS = ("name", "model_id", "group_id", *PERMISSIONS, "active")
#: what the command asks ``fields_get`` for, when ``ir.model.fields`` is refused
FIELDS_GET_ATTRIBUTES = (
    "type",
    "string",
    "help",
    "relation",
    "relation_field",
    "required",
    "readonly",
    "selection",
    "translate",
    "size",
    "related",
    "store",
)
#: the values of ``ir.model.fields`` copied as they are, when set
PLAIN_VALUES = (
    "relation",
    "relation_field",
    "relation_table",
    "column1",
    "column2",
    "help",
    "on_delete",
    "domain",
    "currency_field",
    "size",
    "translate",
)
#: the booleans of ``ir.model.fields`` copied as they are
FLAGS = ("required", "readonly", "index", "copied")
#: the values that make a field computed: such a field is not imported
COMPUTATION = ("related", "compute", "depends")

#: what the command reads of each ``ir.model.fields`` row: what a local field
#: needs to be made like the remote one, and what tells it is custom or computed
FIELD_FIELDS = (
    "model",
    "name",
    "field_description",
    "ttype",
    "selection",
    *PLAIN_VALUES,
    *FLAGS,
    *COMPUTATION,
    "state",
)

Selection = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class RemoteModel:
    """A custom model of the source: its technical name, its description, and
    whether it is transient (a wizard)."""

    model: str
    name: str
    order: str = "id"
    transient: bool = False
    #: its id in the source's ir.model (0 when read through fields_get)
    remote_id: int = 0


@dataclass(frozen=True, slots=True)
class RemoteField:
    """A custom field of the source, with the values of ``ir.model.fields`` that
    make it (``values``: only those set, under Odoo's names) and its options
    when it is a selection."""

    model: str
    name: str
    ttype: str
    label: str
    values: Mapping[str, Any] = field(default_factory=dict)
    selection: Selection = ()

    @property
    def relation(self) -> str | None:
        """The comodel of a relational field."""
        value = self.values.get("relation")
        return value if isinstance(value, str) and value else None

    @property
    def relation_field(self) -> str | None:
        """The inverse many2one of a one2many."""
        value = self.values.get("relation_field")
        return value if isinstance(value, str) and value else None

    @property
    def computed(self) -> str | None:
        """How the value is computed when it is not stored as given: "related
        <path>", "computed", or None."""
        if self.values.get("related"):
            return f"related to {self.values['related']}"
        if self.values.get("compute"):
            return "computed"
        return None

    @property
    def key(self) -> tuple[str, str]:
        """``(model, name)``: what identifies a field."""
        return (self.model, self.name)


@dataclass(frozen=True, slots=True)
class RemoteAccess:
    """An access line of a custom model of the source: without one, as in Odoo,
    nobody may use the model, so the import copies them. ``group`` is the
    external id of its group (None: everyone); ``permissions`` the names of
    the ``perm_*`` it grants."""

    model: str
    name: str
    group: str | None
    group_label: str
    permissions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RemoteSchema:
    """What the source holds: its custom models, their fields and access lines,
    and how they were read (``"ir.model.fields"`` or ``"fields_get"``).
    ``access_note`` says why no access lines were read, when none were."""

    models: tuple[RemoteModel, ...] = ()
    fields: tuple[RemoteField, ...] = ()
    access: tuple[RemoteAccess, ...] = ()
    read_through: str = "ir.model.fields"
    access_note: str | None = None


def is_custom(name: str) -> bool:
    """Whether ``name`` (a model or a field) is custom: it starts with ``x_``."""
    return name.startswith(CUSTOM_PREFIX)


def models_from_rows(rows: Iterable[Mapping[str, Any]]) -> list[RemoteModel]:
    """The custom models among rows of ``ir.model`` (``state == 'manual'``)."""
    return [
        RemoteModel(
            model=str(row["model"]),
            name=str(row.get("name") or row["model"]),
            order=str(row.get("order") or "id"),
            remote_id=int(row.get("id") or 0),
            transient=bool(row.get("transient")),
        )
        for row in rows
        if row.get("state", "manual") == "manual"
    ]


def fields_from_rows(rows: Iterable[Mapping[str, Any]]) -> list[RemoteField]:
    """The custom fields among rows of ``ir.model.fields`` (``state == 'manual'``)."""
    return [_field_from_row(row) for row in rows if row.get("state", "manual") == "manual"]


def _field_from_row(row: Mapping[str, Any]) -> RemoteField:
    values: dict[str, Any] = {name: row[name] for name in PLAIN_VALUES if row.get(name)}
    values.update({name: bool(row[name]) for name in FLAGS if name in row})
    for name in COMPUTATION:
        if row.get(name):
            values[name] = row[name]
    return RemoteField(
        model=str(row["model"]),
        name=str(row["name"]),
        ttype=str(row["ttype"]),
        label=str(row.get("field_description") or row["name"]),
        values=values,
        selection=parse_selection(row.get("selection")),
    )


def fields_from_description(model: str, description: Mapping[str, Any]) -> list[RemoteField]:
    """The custom fields (named ``x_...``) of ``model`` in the answer of its
    ``fields_get``: Odoo's attribute names turned into ``ir.model.fields``'."""
    found = []
    for name, attributes in description.items():
        if not is_custom(name) or not isinstance(attributes, Mapping):
            continue
        values: dict[str, Any] = {
            key: attributes[key]
            for key in ("relation", "relation_field", "help", "size", "translate")
            if attributes.get(key)
        }
        values.update({flag: bool(attributes.get(flag)) for flag in ("required", "readonly")})
        if attributes.get("related"):
            values["related"] = attributes["related"]
        selection = attributes.get("selection")
        found.append(
            RemoteField(
                model=model,
                name=name,
                ttype=str(attributes.get("type")),
                label=str(attributes.get("string") or name),
                values=values,
                selection=parse_selection(selection) if selection else (),
            )
        )
    return found


def access_from_rows(
    rows: Iterable[Mapping[str, Any]],
    model_names: Mapping[int, str],
    group_xmlids: Mapping[int, str],
) -> list[RemoteAccess]:
    """The active access lines among rows of ``ir.model.access``, their model
    and group named by ``model_names`` (ir.model ids) and ``group_xmlids``
    (res.groups ids); a line of a group without an external id names it
    ``"?"`` (no such group can be found here)."""
    found = []
    for row in rows:
        model = model_names.get(_many2one_id(row.get("model_id")) or 0)
        if model is None or row.get("active") is False:
            continue
        group_id = _many2one_id(row.get("group_id"))
        group_value = row.get("group_id")
        label = str(group_value[1]) if isinstance(group_value, list) else ""
        found.append(
            RemoteAccess(
                model=model,
                name=str(row.get("name") or model),
                group=group_xmlids.get(group_id, "?") if group_id else None,
                group_label=label,
                permissions=tuple(name for name in PERMISSIONS if row.get(name)),
            )
        )
    return found


def _many2one_id(value: object) -> int | None:
    """The id of a many2one as read (``[id, name]``, or an id), None when empty."""
    if isinstance(value, list) and value:
        value = value[0]
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def parse_selection(value: object) -> Selection:
    """A selection's options from ``ir.model.fields.selection`` (Odoo's text
    ``"[('a', 'A'), ...]"``) or from ``fields_get`` (a list of pairs)."""
    if isinstance(value, str):
        try:
            value = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            return ()
    if not isinstance(value, Sequence) or isinstance(value, str):
        return ()
    pairs = [item for item in value if isinstance(item, Sequence) and len(item) == 2]
    return tuple((str(key), str(label)) for key, label in pairs)


__all__ = [
    "ACCESS_FIELDS",
    "FIELDS_GET_ATTRIBUTES",
    "FIELD_FIELDS",
    "MODEL_FIELDS",
    "PERMISSIONS",
    "RemoteAccess",
    "RemoteField",
    "RemoteModel",
    "RemoteSchema",
    "access_from_rows",
    "fields_from_description",
    "fields_from_rows",
    "is_custom",
    "models_from_rows",
    "parse_selection",
]
