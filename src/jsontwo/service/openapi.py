"""The OpenAPI 3.1 description of a database's JSON-2 API: ``/doc-bearer/openapi.json``.

Built for one caller, from what the API documentation (:mod:`jsontwo.service.api_doc`)
already knows and under its rules: the same "Technical Documentation" group
check, the models the caller may read, and each model's public methods (the
ones a JSON-2 call reaches) as ``POST /json/2/<model>/<method>`` operations.

Every operation's request body is an object of the method's named parameters
(their schemas from the annotations, or from the model's fields for ``vals``,
``fields`` and ``domain``), plus ``ids`` for the methods that run on records
and ``context``; every failure is the JSON error object, under each status
JSON-2 answers. What the models share is written once, under ``components``,
and referenced (``$ref``): one record schema and one values schema per model.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from jsontwo import __version__
from jsontwo.modules.base.models.ir_access import read_user_groups, snapshot
from jsontwo.orm import Environment
from jsontwo.orm import fields as f
from jsontwo.orm.models import BaseModel
from jsontwo.service.api_doc import DocAnswer, method_docs, public_methods, serve_doc
from jsontwo.service.databases import Databases
from jsontwo.service.json2 import bearer_key
from jsontwo.service.json_codec import dumps
from jsontwo.service.legacy import SERVER_VERSION
from jsontwo.service.openapi_schemas import (
    CONTEXT,
    DOMAIN,
    ERROR,
    IDS,
    Schema,
    annotation_schema,
    read_schema,
    ref,
    shared_schemas,
    write_schema,
)
from jsontwo.service.public_methods import resolve_method

OPENAPI_VERSION = "3.1.0"
JSON_MEDIA = "application/json"
#: the fields the ORM writes itself: never part of the values a client sends
MAGIC_FIELDS = frozenset(
    {"id", "display_name", "create_uid", "create_date", "write_uid", "write_date"}
)
#: how many documents a process keeps per database (one per kind of user, mostly)
DOCUMENTS_KEPT = 16
#: what fields_get tells the schemas need
FIELD_ATTRIBUTES = ["type", "string", "help", "selection", "relation", "readonly", "required"]
#: the statuses a JSON-2 call may answer besides 200, each with its JSON error object
ERROR_STATUSES: dict[str, tuple[str, str]] = {
    "400": ("BadRequest", "The body is not JSON (werkzeug.exceptions.BadRequest)."),
    "401": (
        "Unauthorized",
        "No API key, or one that is not valid (werkzeug.exceptions.Unauthorized).",
    ),
    "403": (
        "Forbidden",
        "The user may not do this (odoo.exceptions.AccessError), or the method is private.",
    ),
    "404": (
        "NotFound",
        "Unknown database, model or method (werkzeug.exceptions.NotFound), "
        "or a record that does not exist (odoo.exceptions.MissingError).",
    ),
    # the rarer refusals of the transport, under one range to keep the document small
    "4XX": (
        "OtherClientError",
        "The request came in too slowly (408), a record could not be locked (409, "
        "odoo.exceptions.LockError), the body is too large (413) or not sent as "
        "application/json (415).",
    ),
    "422": (
        "UnprocessableEntity",
        "The arguments do not fit the method, or a business rule refused the call "
        "(odoo.exceptions.UserError, ValidationError).",
    ),
    "500": (
        "ServerError",
        "Any other exception (ValueError, TypeError...), under its Python name.",
    ),
}
#: methods whose answer is a list of the model's records (as ``read`` gives them)
RECORD_LISTS = frozenset({"read", "search_read"})
#: parameters naming fields of the model, when annotated as a list
FIELD_LISTS = frozenset({"fields", "allfields"})


def openapi_document(
    databases: Databases,
    database: str | None,
    authorization: str | None,
    server_url: str,
    models: Collection[str] | None = None,
    remote_addr: str | None = None,
    host: str | None = None,
) -> DocAnswer:
    """The OpenAPI document of the JSON-2 API as the caller may use it: every model
    they may read (only ``models``, when given) and its public methods; served
    at ``server_url``. Refused as ``/doc-bearer/index.json`` refuses."""

    def build(env: Environment) -> bytes:
        key = _cache_key(env, server_url, models)
        kept = env.registry.caches.openapi_documents
        body = kept.get(key) if key is not None else None
        if body is None:
            body = dumps(build_document(env, server_url, models))
            if key is not None:
                if len(kept) >= DOCUMENTS_KEPT:
                    kept.clear()
                kept[key] = body
        return body

    registry = databases.current_registry(databases.select(database, host))
    return serve_doc(registry, bearer_key(authorization), build, remote_addr, authorization)


def _cache_key(
    env: Environment, server_url: str, models: Collection[str] | None
) -> tuple[Any, ...] | None:
    """What the document depends on besides the code: the access rights (their
    version), the user's groups, the language and the installed languages (the
    values of the language fields), the server's address and the models asked
    for. None when the access rights have no version yet (nothing is kept)."""
    version = snapshot(env).version
    if version is None:
        return None
    return (
        version,
        read_user_groups(env, env.uid),
        env.context.get("lang"),
        tuple(env.registry.active_languages(env)),
        server_url,
        frozenset(models) if models is not None else None,
    )


def build_document(
    env: Environment, server_url: str, models: Collection[str] | None = None
) -> dict[str, Any]:
    """The document as ``env``'s user sees it (see :func:`openapi_document`)."""
    registry = env.registry
    schemas = shared_schemas()
    paths: dict[str, Any] = {}
    tags: list[dict[str, str]] = []
    rows = env["ir.model"].sudo().search_read([], ["model", "name"], order="model")
    for row in rows:
        name = row["model"]
        if (models is not None and name not in models) or name not in registry.models:
            continue
        model = env[name]
        if not model.has_access("read"):
            continue
        fields = model.fields_get(attributes=FIELD_ATTRIBUTES)
        schemas.update(model_schemas(name, fields, open_selections(model)))
        tags.append({"name": name, "description": str(row["name"])})
        docs = method_docs(registry, name)
        for method in public_methods(registry, name):
            needed = resolve_method(registry, name, method).required
            paths[f"/json/2/{name}/{method}"] = {
                "post": operation(name, method, docs[method], needed)
            }
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": f"JSON-2 API of {env.registry.database.name}",
            "version": f"{SERVER_VERSION} (jsontwo {__version__})",
            "description": "Odoo 19's External JSON-2 API as jsontwo serves it: each "
            "public method of each model is POST /json/2/<model>/<method>, its "
            "arguments named in a JSON object.",
        },
        "servers": [{"url": server_url}],
        "security": [{"bearer": []}],
        "tags": tags,
        "paths": paths,
        "components": components(schemas),
    }


def components(schemas: dict[str, Schema]) -> dict[str, Any]:
    """The document's ``components``: ``schemas``, the error responses, the
    ``X-Odoo-Database`` header and the bearer scheme."""
    return {
        "schemas": schemas,
        "responses": error_responses(),
        "parameters": {
            "Database": {
                "name": "X-Odoo-Database",
                "in": "header",
                "required": False,
                "description": "The database to call (needed when the server has several).",
                "schema": {"type": "string"},
            }
        },
        "securitySchemes": {
            "bearer": {
                "type": "http",
                "scheme": "bearer",
                "description": "An API key (scope rpc) of the user, from the account "
                "page or `jsontwo apikey create`.",
            }
        },
    }


def open_selections(model: BaseModel) -> frozenset[str]:
    """The selection fields of ``model`` whose values a model method gives (the
    installed languages...): the ORM does not hold their values to the list."""
    return frozenset(
        name
        for name, field in model._fields.items()
        if isinstance(field, f.Selection) and not isinstance(field.selection, list)
    )


def model_schemas(
    model: str, fields: Mapping[str, dict[str, Any]], open_selection: Collection[str] = ()
) -> dict[str, Schema]:
    """The schemas of one model: ``<model>.Record`` (a record as ``read`` answers
    it), ``<model>.Values`` (what ``create`` and ``write`` take) and
    ``<model>.FieldName`` (the names of its fields). ``open_selection``: the
    selection fields whose stored values may be outside their list."""
    values = {
        name: write_schema(desc)
        for name, desc in fields.items()
        if name not in MAGIC_FIELDS and not desc.get("readonly")
    }
    return {
        f"{model}.Record": {
            "type": "object",
            "properties": {
                name: read_schema(desc, name in open_selection) for name, desc in fields.items()
            },
        },
        f"{model}.Values": {"type": "object", "properties": values, "additionalProperties": False},
        f"{model}.FieldName": {"enum": sorted(fields)},
    }


def operation(
    model: str, method: str, doc: dict[str, Any], needed: Collection[str]
) -> dict[str, Any]:
    """The operation object of ``POST /json/2/<model>/<method>`` (``needed``: the
    parameters without a default)."""
    body, required = request_schema(model, doc, needed)
    answer = result_schema(model, method, doc)
    out: dict[str, Any] = {
        "operationId": f"{model}.{method}",
        "tags": [model],
        "summary": f"{method}{doc.get('signature', '()')}",
    }
    if doc.get("doc"):
        out["description"] = doc["doc"]
    out["parameters"] = [{"$ref": "#/components/parameters/Database"}]
    out["requestBody"] = {
        "required": required,
        "content": {JSON_MEDIA: {"schema": body}},
    }
    responses: dict[str, Any] = {
        "200": {
            "description": (doc.get("return") or {}).get("doc") or "The method's result.",
            "content": {JSON_MEDIA: {"schema": answer}},
        }
    }
    for status, (name, _text) in ERROR_STATUSES.items():
        responses[status] = {"$ref": f"#/components/responses/{name}"}
    out["responses"] = responses
    return out


def request_schema(model: str, doc: dict[str, Any], needed: Collection[str]) -> tuple[Schema, bool]:
    """The schema of the JSON object a call sends (``needed``: the parameters without
    a default), and whether a body is needed (a parameter without a default is)."""
    properties: dict[str, Schema] = {}
    required: list[str] = []
    open_ended = False
    if "model" not in doc.get("api", ()):  # an @api.model method takes no ids
        properties["ids"] = ref(IDS)
    for name, param in doc.get("parameters", {}).items():
        kind = param.get("kind", "POSITIONAL_OR_KEYWORD")
        if kind == "VAR_KEYWORD":
            open_ended = True
            continue
        if kind in ("VAR_POSITIONAL", "POSITIONAL_ONLY"):
            continue  # JSON-2 passes arguments by name only
        properties[name] = parameter_schema(model, name, param)
        if name in needed:
            required.append(name)
    properties["context"] = ref(CONTEXT)
    schema: Schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    if not open_ended:
        schema["additionalProperties"] = False
    return schema, bool(required)


def parameter_schema(model: str, name: str, param: dict[str, Any]) -> Schema:
    """The schema of parameter ``name``: from the model's fields for values, field
    names and domains, else from its annotation; with its default and its doc."""
    annotation = param.get("annotation")
    schema = annotation_schema(annotation)
    nullable = "None" in (annotation or "") or param.get("default", ...) is None
    special: Schema | None = None
    if name == "vals":
        special = ref(f"{model}.Values")
    elif name == "vals_list":
        values = ref(f"{model}.Values")
        special = {"anyOf": [values, {"type": "array", "items": values}]}
    elif name == "default" and _takes(schema, "object"):
        special = ref(f"{model}.Values")
    elif name == "domain" and "list" in (annotation or ""):
        special = ref(DOMAIN)
    elif name in FIELD_LISTS and _takes(schema, "array"):
        special = {"type": "array", "items": ref(f"{model}.FieldName")}
    if special is not None:
        schema = {"anyOf": [special, {"type": "null"}]} if nullable else special
    if "default" in param:
        schema = {**schema, "default": param["default"]}
    if param.get("doc"):
        schema = {**schema, "description": param["doc"]}
    return schema


def _takes(schema: Schema, kind: str) -> bool:
    """Whether ``schema`` takes a value of JSON type ``kind`` (maybe among others)."""
    return schema.get("type") == kind or any(
        _takes(option, kind) for option in schema.get("anyOf", ())
    )


def result_schema(model: str, method: str, doc: dict[str, Any]) -> Schema:
    """The schema of a successful call's answer: the model's records for ``read``
    and ``search_read``, else what the return annotation says."""
    annotation = (doc.get("return") or {}).get("annotation")
    if method in RECORD_LISTS:
        return {"type": "array", "items": ref(f"{model}.Record")}
    return annotation_schema(annotation)


def error_responses() -> dict[str, Any]:
    """The shared error responses: the JSON error object under each status."""
    responses: dict[str, Any] = {}
    for status, (name, text) in ERROR_STATUSES.items():
        response: dict[str, Any] = {
            "description": f"{status}: {text}",
            "content": {JSON_MEDIA: {"schema": ref(ERROR)}},
        }
        if status == "401":
            response["headers"] = {
                "WWW-Authenticate": {"schema": {"type": "string", "const": "Bearer"}}
            }
        responses[name] = response
    return responses


__all__ = ["build_document", "model_schemas", "openapi_document", "operation"]
