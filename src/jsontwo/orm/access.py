"""Access control on models, records and fields, and the checks' messages.

Three gates, each skipped in superuser mode (see docs/internals/orm-behaviour.md,
"Access control"):

* model access: an ``ir.model.access`` line must grant the operation;
* record rules: the records must match the caller's ``ir.rule`` domains for
  the operation (searches are filtered by them silently instead);
* field groups: a field with ``groups`` is for members of those groups only.

The helpers take the model, the way :class:`~jsontwo.orm.domains.Compiler` does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jsontwo.exceptions import AccessError
from jsontwo.orm import fields as f
from jsontwo.orm.paging import chunks

if TYPE_CHECKING:
    from jsontwo.orm.domains import Compiled
    from jsontwo.orm.types import BaseModel


def check_model_access(model: BaseModel, operation: str) -> None:
    """Refuse (AccessError) ``operation`` (read, write, create, unlink) on the
    model to the caller unless an access line grants it; the callers skip it
    in superuser mode."""
    model.env["ir.model.access"].check(model._name, operation)


def read_signature(model: BaseModel, signature: bytes | None = None) -> bytes:
    """What a search of the model depends on for the caller: whether the access
    lines let them read it, and the read rules' ``signature``."""
    if not model.env["ir.model.access"].check(model._name, "read", raise_exception=False):
        return b"!"
    if signature is None:
        signature = model.env["ir.rule"]._domain(model._name, "read")[1]
    return signature


def rules_where(model: BaseModel, domain: list[Any]) -> Compiled:
    """A rules' domain compiled: evaluated as the superuser, archived records
    included, as Odoo does."""
    return model.sudo().with_context(active_test=False)._compiled_where(domain)


def rules_compiled(model: BaseModel, operation: str) -> Compiled | None:
    """The record rules of the model on ``operation`` for the caller, compiled;
    None when none restricts the caller (no rule, or rules that hold for every
    record: ``[]``)."""
    domain, _signature = model.env["ir.rule"]._domain(model._name, operation)
    return rules_where(model, domain) if domain else None


def check_record_rules(records: BaseModel, operation: str) -> None:
    """Refuse (AccessError) ``operation`` on ``records`` when some that exist fall
    outside the caller's record rules; superuser mode never asks."""
    if records.env.su or not records._ids:
        return
    compiled = rules_compiled(records, operation)
    if compiled is None:
        return
    ids = list(dict.fromkeys(records._ids))
    allowed: set[int] = set()
    table = records._table
    for chunk in chunks(ids):
        marks = ", ".join(["%s"] * len(chunk))
        rows = records.env.cr.execute(
            f'SELECT "{table}".id FROM "{table}" WHERE "{table}".id IN ({marks}) AND {compiled.sql}',
            [*chunk, *compiled.params],
        )
        allowed.update(row[0] for row in rows)
    refused = records.browse([i for i in ids if i not in allowed]).exists()
    if refused:
        raise records.env["ir.rule"]._access_error(refused, operation)


def refuse_first(records: BaseModel, operation: str) -> None:
    """Raise the record rules' refusal of ``operation`` on ``records``, if any:
    called while another error is raised, which stands otherwise (also when
    the rules cannot be read any more: a transaction a statement aborted)."""
    try:
        check_record_rules(records, operation)
    except AccessError:
        raise
    except Exception:  # the error being raised is the one to see
        pass


def field_groups_key(model: BaseModel) -> tuple[bool, ...]:
    """Which of the registry's field group specifications the caller passes
    (empty when no field has groups): what an order's SQL may depend on."""
    specs = model._registry.field_group_specs
    if not specs:
        return ()
    users = model.env["res.users"]
    return tuple(bool(users._caller_has_groups(spec)) for spec in specs)


def has_field_access(model: BaseModel, field: f.Field) -> bool:
    """Whether the caller may read and write ``field``: a field with ``groups``
    ("base.group_user,!base.group_portal") is for members of those groups
    only; superuser mode may use every field."""
    if not field.groups or model.env.su:
        return True
    return bool(model.env["res.users"]._caller_has_groups(field.groups))


def check_field_access(model: BaseModel, field: f.Field, operation: str) -> None:
    """Refuse (Odoo's AccessError) to ``operation`` (read or write) a field the
    caller has no access to."""
    if has_field_access(model, field):
        return
    raise AccessError(
        f'You do not have enough rights to access the field "{field.name}" on '
        f"{model._description or model._name} ({model._name}). Please contact your "
        f"system administrator.\n\nOperation: {operation}"
    )


def field_for_sql(model: BaseModel, name: str, invalid: str) -> f.Field:
    """The field ``name`` as a domain or an order may use it: ValueError ``invalid``
    when there is none, or it is internal; refused too when its value is secret
    (both but in superuser mode)."""
    field = model._fields.get(name)
    if field is None or (field.internal and not model.env.su):
        raise ValueError(invalid)
    if field.secret_value and not model.env.su:
        raise ValueError(f"Cannot convert {field} to SQL because it is not stored")
    check_field_access(model, field, "read")
    return field


def readable_names(model: BaseModel, fields: Any) -> list[str]:
    """The names ``read`` reads: every field the caller may read when ``fields``
    is empty (fields of other groups are left out), else ``fields``, each
    checked (an unknown one is a ValueError, one of other groups an
    AccessError)."""
    if not fields:
        return [
            n
            for n, fld in model._fields.items()
            if n != "id" and not fld.internal and has_field_access(model, fld)
        ]
    # a string is a sequence of names, as in Odoo: read(fields="name") fails on 'n'
    names: list[str] = []
    for name in fields:
        field = model._fields.get(name)
        if field is None or (field.internal and not model.env.su):
            raise ValueError(f"Invalid field {name!r} on {model._name!r}")
        check_field_access(model, field, "read")
        if name != "id" and name not in names:
            names.append(name)
    return names


def check_write_names(model: BaseModel, vals: dict[str, Any], creating: bool) -> None:
    """Refuse unknown fields among ``vals`` and fields the caller may not write."""
    for name in vals:
        field = model._fields.get(name)
        if field is None:
            if not creating:
                # Odoo 19's write fails on the field lookup itself (conformance 15_write)
                raise KeyError(name)
            raise ValueError(f"Invalid field {name!r} in {model._name!r}")
        check_field_access(model, field, "write")


def check_create_names(model: BaseModel, vals_list: list[dict[str, Any]]) -> None:
    """:func:`check_write_names` for the records of a create, once per distinct
    set of field names (a bulk create gives most records the same ones)."""
    checked: set[tuple[str, ...]] = set()
    for vals in vals_list:
        names = tuple(vals)
        if names not in checked:
            check_write_names(model, vals, creating=True)
            checked.add(names)
