"""Reading a live server's custom schema over JSON-2 for ``jsontwo import-schema``:
``ir.model`` and ``ir.model.fields`` (their ``manual`` rows), or, when the key
may not read those, ``fields_get`` of the models named with ``--models``.

It goes through :mod:`jsontwo.client`, the same client integrations use, so
the source may be Odoo 19 or jsontwo alike.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from jsontwo.service.schema_source import (
    ACCESS_FIELDS,
    FIELD_FIELDS,
    FIELDS_GET_ATTRIBUTES,
    MODEL_FIELDS,
    RemoteAccess,
    RemoteModel,
    RemoteSchema,
    access_from_rows,
    fields_from_description,
    fields_from_rows,
    is_custom,
    models_from_rows,
)

if TYPE_CHECKING:
    from jsontwo.client import Client

NO_ACCESS_READ = "the key may not read ir.model.access: no access lines were imported"
NO_ACCESS_GET = "fields_get tells no access lines: none were imported"
#: called once per model read through ``fields_get``: (model, done, total)
OnModel = Callable[[str, int, int], None]


class NeedModels(Exception):
    """The key may read neither ``ir.model.fields`` nor ``ir.model``: the models
    to read must be named."""


def read_schema(
    client: Client, models: Sequence[str] = (), on_model: OnModel | None = None
) -> RemoteSchema:
    """The custom models and fields of the server behind ``client`` (only those of
    ``models`` when given)."""
    from jsontwo.client import AccessError

    try:
        return _read_catalogue(client, models)
    except AccessError:
        return _read_fields_get(client, models or _custom_model_names(client), on_model)


def _read_catalogue(client: Client, models: Sequence[str]) -> RemoteSchema:
    """Through ``ir.model`` / ``ir.model.fields``: Odoo's own description of its
    custom models and fields (``state = 'manual'``)."""
    domain: list[Any] = [["state", "=", "manual"]]
    if models:
        domain.append(["model", "in", list(models)])
    model_rows = client["ir.model"].search_read(
        domain=domain, fields=_readable(client, "ir.model", MODEL_FIELDS), order="model"
    )
    field_rows = client["ir.model.fields"].search_read(
        domain=domain,
        fields=_readable(client, "ir.model.fields", FIELD_FIELDS),
        order="model, name",
    )
    custom = models_from_rows(model_rows)
    access, note = _read_access(client, {model.remote_id: model.model for model in custom})
    return RemoteSchema(
        tuple(custom), tuple(fields_from_rows(field_rows)), tuple(access), access_note=note
    )


def _read_access(
    client: Client, model_names: dict[int, str]
) -> tuple[list[RemoteAccess], str | None]:
    """The access lines of the custom models (ids of the source's ir.model), their
    groups named by external id; none, and why, when the key may not read them."""
    from jsontwo.client import AccessError

    if not model_names:
        return [], None
    try:
        rows = client["ir.model.access"].search_read(
            domain=[["model_id", "in", sorted(model_names)]], fields=list(ACCESS_FIELDS)
        )
        group_ids = sorted({row["group_id"][0] for row in rows if row.get("group_id")})
        data = client["ir.model.data"].search_read(
            domain=[["model", "=", "res.groups"], ["res_id", "in", group_ids]],
            fields=["module", "name", "res_id"],
        )
    except AccessError:
        return [], NO_ACCESS_READ
    xmlids = {int(row["res_id"]): f"{row['module']}.{row['name']}" for row in data}
    return access_from_rows(rows, model_names, xmlids), None


def _readable(client: Client, model: str, wanted: Sequence[str]) -> list[str]:
    """The ``wanted`` fields that ``model`` has on this server (an older Odoo
    lacks some, and asking for one it lacks is an error)."""
    known = client[model].fields_get(attributes=["type"])
    return [name for name in wanted if name in known]


def _custom_model_names(client: Client) -> list[str]:
    """The custom models' names from ``ir.model``, for a key that may read it but
    not ``ir.model.fields``; :class:`NeedModels` when it may not either."""
    from jsontwo.client import AccessError

    try:
        rows = client["ir.model"].search_read(
            domain=[["state", "=", "manual"]], fields=["model"], order="model"
        )
    except AccessError:
        raise NeedModels() from None
    return [str(row["model"]) for row in rows]


def _read_fields_get(
    client: Client, models: Sequence[str], on_model: OnModel | None
) -> RemoteSchema:
    """Through each model's ``fields_get``: the fields named ``x_...``; a model
    named ``x_...`` is a custom model (its description is then its name)."""
    found = []
    for done, model in enumerate(models, start=1):
        if on_model is not None:
            on_model(model, done, len(models))
        described = client[model].fields_get(attributes=list(FIELDS_GET_ATTRIBUTES))
        found.extend(fields_from_description(model, described))
    custom = tuple(RemoteModel(model, model) for model in models if is_custom(model))
    return RemoteSchema(custom, tuple(found), read_through="fields_get", access_note=NO_ACCESS_GET)


__all__ = ["NeedModels", "read_schema"]
