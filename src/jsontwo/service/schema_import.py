"""``jsontwo import-schema``'s work on the local side: which of a source's custom
models and fields this database lacks and can make (:func:`plan_import`), and
making them (:func:`apply_import`) through ``ir.model`` / ``ir.model.fields``,
as an administrator would over the API, in one transaction.

The order follows what each creation needs: the models first (each comes with
its ``x_name``), then the fields that need no other new field (a many2one or a
many2many may point to a model made in the same run), then those that do: a
one2many after its inverse many2one, a monetary after its currency field.
What cannot be made is reported with the reason, never guessed at.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from jsontwo.exceptions import JsonTwoError
from jsontwo.orm import Environment, Registry
from jsontwo.service.databases import with_superuser
from jsontwo.service.schema_source import (
    COMPUTATION,
    RemoteAccess,
    RemoteField,
    RemoteModel,
    RemoteSchema,
    is_custom,
)

#: the field types jsontwo makes at run time (Odoo's custom field types, but
#: ``reference``, and the JSON-based ones that no custom field uses)
SUPPORTED_TYPES = frozenset(
    {
        "char",
        "text",
        "html",
        "integer",
        "float",
        "monetary",
        "boolean",
        "date",
        "datetime",
        "selection",
        "binary",
        "many2one",
        "one2many",
        "many2many",
    }
)
RELATIONAL = frozenset({"many2one", "one2many", "many2many"})
#: the field every new custom model comes with (Odoo's default)
NAME_FIELD = "x_name"


@dataclass(frozen=True, slots=True)
class Skipped:
    """A model or field of the source that is not made here, and why. ``field``
    is None for a model."""

    model: str
    field: str | None
    ttype: str
    reason: str


@dataclass
class ImportPlan:
    """What an import makes, in order, and what it leaves: models and fields
    already here, and those it cannot make."""

    models: list[RemoteModel] = field(default_factory=list)
    fields: list[RemoteField] = field(default_factory=list)
    access: list[RemoteAccess] = field(default_factory=list)
    #: the ``x_name`` fields that come with the new models
    with_models: list[RemoteField] = field(default_factory=list)
    present_models: list[str] = field(default_factory=list)
    present_fields: list[tuple[str, str]] = field(default_factory=list)
    present_access: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def steps(self) -> int:
        """How many creations the import makes."""
        return len(self.models) + len(self.fields) + len(self.access)


class ImportFailed(JsonTwoError):
    """A creation was refused: nothing of the import was kept."""


#: called before each creation with what is made ("model x_thing", "field res.partner.x_a")
OnStep = Callable[[str], None]


def plan_import(registry: Registry, schema: RemoteSchema) -> ImportPlan:
    """What importing ``schema`` into ``registry``'s database would make, in order."""
    return with_superuser(registry, lambda env: _Planner(env, schema).plan(), defer_write_lock=True)


def apply_import(
    registry: Registry,
    plan: ImportPlan,
    on_step: OnStep | None = None,
    on_start: Callable[[], None] | None = None,
) -> None:
    """Make the models and fields of ``plan``, in its order, in one transaction:
    all of them, or none when one is refused (:class:`ImportFailed`).
    ``on_start`` is called when the transaction (re)starts, ``on_step`` before
    each creation."""

    def work(env: Environment) -> None:
        if on_start is not None:
            on_start()
        for model in plan.models:
            _attempt(f"model {model.model}", on_step, functools.partial(_create_model, env, model))
        for remote in plan.fields:
            label = f"field {remote.model}.{remote.name}"
            _attempt(label, on_step, functools.partial(_create_field, env, remote))
        for line in plan.access:
            label = f"access line {line.name!r} of {line.model}"
            _attempt(label, on_step, functools.partial(_create_access, env, line))

    with_superuser(registry, work)


def _attempt(label: str, on_step: OnStep | None, create: Callable[[], object]) -> None:
    """Tell ``on_step``, then run ``create``; a refusal becomes :class:`ImportFailed`
    naming ``label``."""
    if on_step is not None:
        on_step(label)
    try:
        create()
    except (JsonTwoError, ValueError) as exc:
        raise ImportFailed(
            f"Could not create {label}: {str(exc).rstrip('.')}. Nothing was imported "
            "(the import is one transaction)."
        ) from exc


def _create_model(env: Environment, model: RemoteModel) -> None:
    vals: dict[str, Any] = {"model": model.model, "name": model.name}
    if model.order and model.order != "id":
        vals["order"] = model.order
    env["ir.model"].create(vals)


def _create_field(env: Environment, remote: RemoteField) -> None:
    env["ir.model.fields"].create(field_values(remote, env["ir.model"]._get_id(remote.model)))


def _create_access(env: Environment, line: RemoteAccess) -> None:
    group = env.ref(line.group) if line.group else None
    vals: dict[str, Any] = {
        "name": line.name,
        "model_id": env["ir.model"]._get_id(line.model),
        "group_id": group.id if group else False,
    }
    vals.update({permission: True for permission in line.permissions})
    env["ir.model.access"].create(vals)


def field_values(remote: RemoteField, model_id: int) -> dict[str, Any]:
    """The values of ``ir.model.fields`` that make ``remote`` on the model of
    ``model_id`` (Odoo's names; a selection's options as ``selection_ids``)."""
    vals: dict[str, Any] = {
        "model_id": model_id,
        "model": remote.model,
        "name": remote.name,
        "field_description": remote.label,
        "ttype": remote.ttype,
    }
    for name, value in remote.values.items():
        if name in COMPUTATION:
            continue
        if name == "translate" and value is True:
            value = "standard"  # Odoo 17's boolean, Odoo 19's mode
        vals[name] = value
    table = vals.get("relation_table")
    if remote.ttype != "many2many" or (table and not is_custom(str(table))):
        # Odoo's rule: a custom many2many's table is x_...: a table of another
        # name is a module's, and the new field gets the default table instead
        for name in ("relation_table", "column1", "column2"):
            vals.pop(name, None)
    if remote.ttype != "many2one":
        vals.pop("on_delete", None)
    if remote.selection:
        vals["selection_ids"] = [
            [0, 0, {"value": value, "name": label, "sequence": index}]
            for index, (value, label) in enumerate(remote.selection)
        ]
    return vals


class _Planner:
    """Walks a schema against a database's registry and makes an :class:`ImportPlan`."""

    def __init__(self, env: Environment, schema: RemoteSchema) -> None:
        self.env = env
        self.models = env.registry.models
        self.schema = schema
        self.result = ImportPlan()
        self.source_models = {model.model for model in schema.models}
        #: the models that exist once the import's models are made
        self.known: set[str] = set(self.models)
        #: the fields that will exist on the new models, and the new fields: (model, name) -> type
        self.planned: dict[tuple[str, str], str] = {}

    def plan(self) -> ImportPlan:
        """Models, then the fields that need no new field, then the others."""
        for model in self.schema.models:
            self._plan_model(model)
        later = []
        for remote in sorted(self.schema.fields, key=lambda item: item.key):
            if self._check_field(remote):
                if _needs_other_field(remote):
                    later.append(remote)
                else:
                    self._add(remote)
        for remote in later:
            reason = self._dependency_missing(remote)
            if reason:
                self._skip(remote, reason)
            else:
                self._add(remote)
        for line in self.schema.access:
            self._plan_access(line)
        return self.result

    def _plan_access(self, line: RemoteAccess) -> None:
        """An access line of a custom model made here or already here."""
        reason = None
        if line.model not in self.known:
            reason = self._missing_model(line.model)
        elif line.group == "?":
            reason = f"its group {line.group_label!r} has no external id on the source"
        elif line.group and not self.env.ref(line.group, raise_if_not_found=False):
            reason = f"its group {line.group} ({line.group_label}) does not exist here"
        if reason:
            self.result.skipped.append(Skipped(line.model, line.name, "access line", reason))
        elif self._access_exists(line):
            self.result.present_access.append((line.model, line.name))
        else:
            self.result.access.append(line)

    def _access_exists(self, line: RemoteAccess) -> bool:
        if line.model not in self.models:
            return False
        access = self.env["ir.model.access"].with_context(active_test=False)
        domain = [["model_id.model", "=", line.model], ["name", "=", line.name]]
        return bool(access.search_count(domain))

    def _plan_model(self, model: RemoteModel) -> None:
        if model.model in self.models:
            self.result.present_models.append(model.model)
        elif not is_custom(model.model):
            self.result.skipped.append(
                Skipped(model.model, None, "model", "not a custom model (its name is no x_...)")
            )
        elif model.transient:
            self.result.skipped.append(
                Skipped(model.model, None, "model", "a transient model (a wizard): not made here")
            )
        else:
            self.result.models.append(model)
            self.known.add(model.model)
            self.planned[(model.model, NAME_FIELD)] = "char"

    def _check_field(self, remote: RemoteField) -> bool:
        """Whether ``remote`` can be made, as far as it alone tells; else it is
        noted as present or skipped."""
        if remote.model not in self.known:
            self._skip(remote, self._missing_model(remote.model))
            return False
        local = self._local_type(remote.model, remote.name)
        if local is not None:
            self._present(remote, local)
            return False
        if (remote.model, remote.name) in self.planned and remote.name == NAME_FIELD:
            self.result.with_models.append(remote)
            return False
        reason = self._unsupported(remote)
        if reason:
            self._skip(remote, reason)
            return False
        return True

    def _present(self, remote: RemoteField, local: str) -> None:
        if local == remote.ttype:
            self.result.present_fields.append(remote.key)
        else:
            self._skip(remote, f"exists here as a {local} field")

    def _unsupported(self, remote: RemoteField) -> str | None:
        if not is_custom(remote.name):
            return "not a custom field (its name is no x_...)"
        if remote.ttype not in SUPPORTED_TYPES:
            return f"unsupported type {remote.ttype!r}"
        if remote.computed:
            return f"{remote.computed}: computed and related fields are not imported"
        if remote.ttype in RELATIONAL:
            comodel = remote.relation
            if not comodel:
                return "a relational field without a relation model"
            if comodel not in self.known:
                return f"unknown relation model {comodel!r}" + self._why_absent(comodel)
        if remote.ttype == "one2many" and not remote.relation_field:
            return "a one2many without its inverse field (relation_field)"
        return None

    def _dependency_missing(self, remote: RemoteField) -> str | None:
        """Why a field made after the others cannot be (its inverse or currency
        field is neither here nor made by the import)."""
        if remote.ttype == "one2many":
            comodel, inverse = str(remote.relation), str(remote.relation_field)
            found = self._type_of(comodel, inverse)
            if found is None:
                return f"its inverse field {comodel}.{inverse} is neither here nor imported"
            if found != "many2one":
                return f"its inverse field {comodel}.{inverse} is a {found}, not a many2one"
        if remote.ttype == "monetary":
            currency = str(remote.values.get("currency_field") or "")
            if currency and self._type_of(remote.model, currency) is None:
                return f"its currency field {remote.model}.{currency} is neither here nor imported"
        return None

    def _add(self, remote: RemoteField) -> None:
        self.result.fields.append(remote)
        self.planned[remote.key] = remote.ttype

    def _skip(self, remote: RemoteField, reason: str) -> None:
        self.result.skipped.append(Skipped(remote.model, remote.name, remote.ttype, reason))

    def _local_type(self, model: str, name: str) -> str | None:
        cls = self.models.get(model)
        found = cls._fields.get(name) if cls is not None else None
        return found.type if found is not None else None

    def _type_of(self, model: str, name: str) -> str | None:
        """The type of field ``name`` of ``model`` here, or once the import made it."""
        return self._local_type(model, name) or self.planned.get((model, name))

    def _missing_model(self, model: str) -> str:
        if model in self.source_models:
            return f"its model {model!r} is not made here (see above)"
        return f"model {model!r} does not exist here" + self._why_absent(model)

    def _why_absent(self, model: str) -> str:
        if model in self.source_models or not is_custom(model):
            return ""
        return " (a custom model the import did not read: add it to --models)"


def _needs_other_field(remote: RemoteField) -> bool:
    return remote.ttype == "one2many" or (
        remote.ttype == "monetary" and bool(remote.values.get("currency_field"))
    )


def summary(plan: ImportPlan, dry_run: bool = False) -> str:
    """One line saying what the import made (or would make) and left."""
    made = "would create" if dry_run else "created"
    new = (len(plan.models), len(plan.fields), len(plan.access))
    present = (len(plan.present_models), len(plan.present_fields), len(plan.present_access))
    first = f"{made} {_counts(*new)}" if any(new) else "nothing to create"
    parts = [
        first,
        f"{_counts(*present)} already here",
        f"{_count(len(plan.skipped), 'item')} not imported",
    ]
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def _counts(models: int, fields: int, access: int) -> str:
    return (
        f"{_count(models, 'model')}, {_count(fields, 'field')} and {_count(access, 'access line')}"
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def skipped_rows(plan: ImportPlan) -> Iterable[tuple[str, str, str, str]]:
    """The skipped items as rows: model, field, type, reason."""
    for item in plan.skipped:
        yield (item.model, item.field or "", item.ttype, item.reason)


__all__ = [
    "NAME_FIELD",
    "SUPPORTED_TYPES",
    "ImportFailed",
    "ImportPlan",
    "Skipped",
    "apply_import",
    "field_values",
    "plan_import",
    "skipped_rows",
    "summary",
]
