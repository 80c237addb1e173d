"""The API documentation as JSON: ``/doc-bearer/index.json`` and ``/doc-bearer/<model>.json``.

What Odoo 19's ``api_doc`` module serves (docs/internals/protocol.md, "API
documentation routes"), built from our own registry: the models a user may
read, their fields (``fields_get``) and their public methods, with the
parameters, ``api`` flags and documentation that a client or a documentation
page needs to call them over JSON-2.

Only members of the "Technical Documentation" group (``api_doc.group_allow_doc``,
implied by Settings) may read it. Authentication and database selection are
JSON-2's: a bearer API key of scope ``rpc``, and the ``X-Odoo-Database`` header
or the only database.

A public method is exactly what a JSON-2 call may reach (the service's own
resolution decides), so the documentation never lists a method that answers
403 or 404, nor hides one that works.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable
from typing import Any

import orjson

from jsontwo.db import Cursor
from jsontwo.exceptions import AccessError, NotFound
from jsontwo.orm import Environment, Registry
from jsontwo.orm import fields as f
from jsontwo.orm.models import BaseModel
from jsontwo.service.databases import Databases
from jsontwo.service.docstrings import render_docstring
from jsontwo.service.json2 import bearer_key
from jsontwo.service.json_codec import dumps
from jsontwo.service.pipeline import Authenticate, authenticated, run_read
from jsontwo.service.public_methods import resolve_method

#: the group whose members may read the documentation (Odoo's external id)
GROUP_ALLOW_DOC = "api_doc.group_allow_doc"
#: return annotations meaning "a recordset", which JSON-2 answers as a list of ids
RECORDSET_ANNOTATIONS = frozenset(
    {"Self", "BaseModel", "models.BaseModel", "Model", "models.Model", "typing.Self"}
)


@dataclasses.dataclass(frozen=True, slots=True)
class DocAnswer:
    """A documentation document: its JSON body and the language it is written in."""

    body: bytes
    #: the user's language (``en_US``), for the ``Content-Language`` header
    lang: str
    #: the document itself, for a page that shows it
    document: dict[str, Any] = dataclasses.field(default_factory=dict, compare=False)


def doc_index(
    databases: Databases,
    database: str | None,
    authorization: str | None,
    remote_addr: str | None = None,
    host: str | None = None,
) -> DocAnswer:
    """``{"modules": [...], "models": [...]}``: every model the caller may read, with
    the labels of the fields they may read and the names of the public methods."""
    registry = databases.current_registry(databases.select(database, host))
    return index_document(registry, bearer_key(authorization), remote_addr, authorization)


def index_document(
    registry: Registry,
    authenticate: Authenticate,
    remote_addr: str | None = None,
    affinity: str | None = None,
) -> DocAnswer:
    """The index (see :func:`doc_index`) for the caller ``authenticate`` proves
    (an API key's owner, or a browser session's user)."""

    def build(env: Environment) -> dict[str, Any]:
        models: list[dict[str, Any]] = []
        registry = env.registry
        for row in _model_rows(env):
            cls = registry.models.get(row["model"])
            if cls is None:  # a row without a model class must not break the index
                continue
            model = env[row["model"]]
            if not model.has_access("read"):
                continue
            models.append(
                {
                    "model": row["model"],
                    "name": row["name"],
                    "fields": model.fields_get(attributes=["string"]),
                    "methods": list(public_methods(registry, row["model"])),
                }
            )
        return {"modules": [m for m in registry.modules if "." not in m], "models": models}

    return serve_doc(registry, authenticate, build, remote_addr, affinity)


def doc_model(
    databases: Databases,
    database: str | None,
    authorization: str | None,
    model_name: str,
    remote_addr: str | None = None,
    host: str | None = None,
) -> DocAnswer:
    """The documentation of one model: ``{"model", "name", "doc", "fields", "methods"}``,
    its fields as ``fields_get`` describes them (plus the module that defines each)
    and a signature object for each public method. 404 for an unknown model, 403
    when the caller may not read it."""
    registry = databases.current_registry(databases.select(database, host))
    return model_document(
        registry, bearer_key(authorization), model_name, remote_addr, authorization
    )


def model_document(
    registry: Registry,
    authenticate: Authenticate,
    model_name: str,
    remote_addr: str | None = None,
    affinity: str | None = None,
) -> DocAnswer:
    """One model's documentation (see :func:`doc_model`) for the caller
    ``authenticate`` proves."""

    def build(env: Environment) -> dict[str, Any]:
        registry = env.registry
        if model_name not in registry.models:
            raise NotFound()
        model = env[model_name]
        model.check_access("read")
        rows = _model_rows(env, model_name)
        modules = field_modules(registry, model_name)
        return {
            "model": model_name,
            "name": rows[0]["name"] if rows else (model._description or model_name),
            "doc": None,  # Odoo documents no model docstring either
            "fields": {
                name: {**desc, "module": modules.get(name)}
                for name, desc in model.fields_get().items()
            },
            "methods": method_docs(registry, model_name),
        }

    return serve_doc(registry, authenticate, build, remote_addr, affinity)


def _model_rows(env: Environment, model_name: str | None = None) -> list[dict[str, Any]]:
    """The ``ir.model`` rows (model, label), by model name, as the superuser reads them."""
    domain = [["model", "=", model_name]] if model_name else []
    rows: list[dict[str, Any]] = env["ir.model"].sudo().search_read(domain, ["model", "name"])
    return rows


def serve_doc(
    registry: Registry,
    authenticate: Authenticate,
    build: Callable[[Environment], dict[str, Any] | bytes],
    remote_addr: str | None,
    affinity: str | None = None,
) -> DocAnswer:
    """Authenticate the caller as a JSON-2 call does, check they may read the
    documentation (a member of the "Technical Documentation" group), and build
    ``build``'s document as them in one transaction (which only reads:
    it defers SQLite's write lock, and runs on a read replica when the database
    has some and ``affinity``, the caller's credential, did not write lately)."""

    def work(cr: Cursor) -> DocAnswer:
        env, uid = authenticated(registry, cr, authenticate, remote_addr)
        user = env["res.users"].browse([uid])
        if not user._has_group(GROUP_ALLOW_DOC):
            group = env.ref(GROUP_ALLOW_DOC, raise_if_not_found=False)
            label = group.name if group else "Technical Documentation"
            raise AccessError(f"This page is only accessible to {label} users.")
        user_env = env(uid=uid, su=False)
        lang = user_env["res.users"].context_get()["lang"] or "en_US"
        user_env = user_env(context={"lang": lang})
        document = build(user_env)
        if isinstance(document, bytes):  # a document already serialised (kept)
            return DocAnswer(document, lang)
        return DocAnswer(dumps(document), lang, document)

    return run_read(registry, work, affinity)


# --- methods ------------------------------------------------------------------


def public_methods(registry: Registry, model_name: str) -> tuple[str, ...]:
    """The names of the methods a JSON-2 call may reach on ``model_name``, sorted
    (the same for every user: access is checked when a method runs)."""
    cached = registry.caches.api_doc_methods.get(model_name)
    if cached is None:
        cls = registry.models[model_name]
        cached = tuple(
            name
            for name in dir(cls)
            if not name.startswith("_") and _is_public(registry, model_name, name)
        )
        registry.caches.api_doc_methods[model_name] = cached
    return cached


def _is_public(registry: Registry, model_name: str, name: str) -> bool:
    try:  # the very check a remote call passes
        resolved = resolve_method(registry, model_name, name)
    except (KeyError, AttributeError, AccessError):
        return False
    # deprecated methods still answer, but are not advertised (as in Odoo)
    return not hasattr(resolved.function, "__deprecated__")


def method_docs(registry: Registry, model_name: str) -> dict[str, dict[str, Any]]:
    """``{method: signature object}`` for the public methods of ``model_name``."""
    cached = registry.caches.api_doc_method_docs.get(model_name)
    if cached is None:
        cls = registry.models[model_name]
        cached = {name: describe_method(cls, name) for name in public_methods(registry, model_name)}
        registry.caches.api_doc_method_docs[model_name] = cached
    return cached


def describe_method(cls: type[BaseModel], name: str) -> dict[str, Any]:
    """The signature object of method ``name`` of model class ``cls``: signature,
    parameters, return, api flags, raises, doc, and the model and module that
    introduced the method ("core" for the ORM's own)."""
    introducing = next(klass for klass in reversed(cls.__mro__) if hasattr(klass, name))
    method = getattr(introducing, name)
    return {
        **describe_function(method),
        "model": getattr(introducing, "_name", "") or "core",
        "module": getattr(introducing, "_module", "") or "core",
    }


@dataclasses.dataclass(slots=True)
class _Param:
    kind: str
    default: Any
    annotation: str | None
    doc: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.kind != "POSITIONAL_OR_KEYWORD":  # the usual kind goes without saying
            out["kind"] = self.kind
        if self.default is not inspect.Parameter.empty and _json_friendly(self.default):
            out["default"] = self.default
        if self.annotation is not None:
            out["annotation"] = self.annotation
        if self.doc is not None:
            out["doc"] = self.doc
        return out


def describe_function(function: Callable[..., Any]) -> dict[str, Any]:
    """The signature object of one function, without its model and module."""
    signature = inspect.signature(function)
    params = list(signature.parameters.values())
    if params and params[0].name in ("self", "cls"):
        params = params[1:]
    parameters = {p.name: _Param(p.kind.name, p.default, _annotation(p.annotation)) for p in params}
    returns = _annotation(signature.return_annotation)
    if returns in RECORDSET_ANNOTATIONS:
        returns = "list[int]"  # a recordset comes back over JSON-2 as its ids
    return_doc: str | None = None
    raises: dict[str, str] = {}
    doc: str | None = None
    if function.__doc__:
        rendered = render_docstring(function.__doc__)
        for info in rendered.fields:
            if info.kind == "param":
                annotation, _, pname = info.argument.rpartition(" ")
                param = parameters.get(pname.strip())
                if param is not None:
                    param.doc = info.html
                    if annotation.strip() and param.annotation is None:
                        param.annotation = annotation.strip()
            elif info.kind == "type":
                param = parameters.get(info.argument)
                if param is not None and param.annotation is None:
                    param.annotation = info.text
            elif info.kind == "returns":
                return_doc = info.html
            elif info.kind == "rtype" and returns is None:
                returns = info.text
            elif info.kind == "raises":
                raises[info.argument] = info.html
        doc = rendered.html
    out: dict[str, Any] = {
        "signature": _signature_text(parameters, returns),
        "parameters": {name: param.as_dict() for name, param in parameters.items()},
    }
    returned = {
        key: value for key, value in (("annotation", returns), ("doc", return_doc)) if value
    }
    if returned:
        out["return"] = returned
    api = [
        flag
        for flag, attribute in (("model", "_api_model"), ("readonly", "_readonly"))
        if getattr(function, attribute, False)
    ]
    if api:
        out["api"] = api
    if raises:
        out["raise"] = raises
    if doc is not None:
        out["doc"] = doc
    return out


def _annotation(annotation: Any) -> str | None:
    """An annotation as text (ours are text already: ``from __future__ import annotations``)."""
    if annotation is inspect.Parameter.empty:
        return None
    if isinstance(annotation, str):
        return annotation
    if isinstance(annotation, type) and not hasattr(annotation, "__origin__"):
        return annotation.__name__
    return str(annotation)


def _json_friendly(value: Any) -> bool:
    """Whether JSON has a type for ``value`` itself (a default written as text by
    the serialiser's fallback would misstate it: it is left out instead)."""
    try:
        orjson.dumps(value)
    except TypeError:
        return False
    return True


def _signature_text(parameters: dict[str, _Param], returns: str | None) -> str:
    """``(domain, offset=0, limit=None, order=None) -> list[int]``: names and defaults."""
    parts = [
        name if param.default is inspect.Parameter.empty else f"{name}={param.default!r}"
        for name, param in parameters.items()
    ]
    text = f"({', '.join(parts)})"
    return f"{text} -> {returns}" if returns else text


# --- fields -------------------------------------------------------------------


def field_modules(registry: Registry, model_name: str) -> dict[str, str | None]:
    """``{field: module}``: the module whose definition of the model introduced each
    field; None for the fields every model has (``id``, ``create_uid``...)."""
    cached = registry.caches.api_doc_field_modules.get(model_name)
    if cached is None:
        cls = registry.models[model_name]
        cached = {}
        for name, field in cls._fields.items():
            cached[name] = _field_module(registry, cls, name, field)
        registry.caches.api_doc_field_modules[model_name] = cached
    return cached


def _field_module(
    registry: Registry, cls: type[BaseModel], name: str, field: f.Field
) -> str | None:
    inherited = field.inherited_field
    if inherited is not None:  # a field of an _inherits parent: the parent's module
        return field_modules(registry, inherited.model_name).get(inherited.name)
    for klass in reversed(cls.__mro__):
        if isinstance(vars(klass).get(name), f.Field) and not vars(klass).get("_assembled"):
            return getattr(klass, "_module", None) or None
    return None


__all__ = [
    "GROUP_ALLOW_DOC",
    "DocAnswer",
    "describe_function",
    "describe_method",
    "doc_index",
    "doc_model",
    "field_modules",
    "index_document",
    "method_docs",
    "model_document",
    "public_methods",
    "serve_doc",
]
