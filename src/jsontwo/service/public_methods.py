"""The public methods of the models: what a remote call may reach, whatever its transport.

JSON-2 (``/json/2/<model>/<method>``), the legacy endpoints (``/xmlrpc``,
``/jsonrpc``), the web client's ``call_kw`` and the API documentation reach
the same methods under the same rules (Odoo's ``get_public_method``); they
differ only in how they report an unknown model or method, so each maps the
plain Python errors raised here to its own. (Not to be confused with
``jsontwo.orm.methods``, the ORM's own model methods.)
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any

from jsontwo.exceptions import AccessError
from jsontwo.orm import Registry


@dataclass(frozen=True, slots=True)
class Resolved:
    """A public method found on a model, with what the call pipeline needs of it."""

    function: Any
    signature: inspect.Signature
    #: marked ``@api.model``: called on an empty recordset, never given ids
    is_model: bool
    #: marked ``@api.readonly``: its transaction defers SQLite's write lock
    readonly: bool
    #: the keyword arguments the method takes (None when it takes any, ``**kwargs``)
    accepted: frozenset[str] | None
    #: the arguments without a default
    required: frozenset[str]
    #: False when only ``Signature.bind`` can judge a call (positional-only parameters)
    simple: bool
    #: one of REPLICA_METHODS: a read replica may answer it (docs/replicas.md)
    replica: bool = False


#: the methods that only read, which run on a read replica when the server has
#: some (``--db-replica-url``): the reads of issue #21, by name on every model
REPLICA_METHODS = frozenset(
    {
        "search",
        "read",
        "search_read",
        "search_count",
        "fields_get",
        "name_search",
        "read_group",
        "formatted_read_group",
        "web_search_read",
        "web_read",
        "context_get",
    }
)


def resolve_method(registry: Registry, model: str, method: str) -> Resolved:
    """The public method ``model.method`` (kept per registry once found).

    Raises ``KeyError`` for an unknown model, ``AccessError`` for a private
    method (a name starting with ``_``, checked before existence, or one marked
    ``@api.private`` anywhere in the class hierarchy) and ``AttributeError``
    "The method '<model>.<method>' does not exist" for a missing or
    non-callable attribute: the errors of Odoo's ``get_public_method``.
    """
    key = (model, method)
    cached: Resolved | None = registry.caches.public_methods.get(key)
    if cached is not None:
        return cached
    cls = registry.models.get(model)
    if cls is None:
        raise KeyError(model)
    private = f"Private methods (such as '{model}.{method}') cannot be called remotely."
    if method.startswith("_"):
        raise AccessError(private)
    function = getattr(cls, method, None)
    if (
        function is None
        or not callable(function)
        or isinstance(function, type)
        # an attribute of the model's classes, not of their metaclass (``type.mro``),
        # which a record, as Odoo looks methods up, does not have
        or not any(method in vars(klass) for klass in cls.__mro__)
    ):
        raise AttributeError(f"The method '{model}.{method}' does not exist")
    for klass in cls.__mro__:
        candidate = vars(klass).get(method)
        if candidate is not None and getattr(candidate, "_api_private", False):
            raise AccessError(private)
    signature = inspect.signature(function)
    params = list(signature.parameters.values())[1:]  # without self
    kinds = {p.kind for p in params}
    named = [p for p in params if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    resolved = Resolved(
        function=function,
        signature=signature,
        is_model=bool(getattr(function, "_api_model", False)),
        readonly=bool(getattr(function, "_readonly", False)),
        accepted=None
        if inspect.Parameter.VAR_KEYWORD in kinds
        else frozenset(p.name for p in named),
        required=frozenset(p.name for p in named if p.default is p.empty),
        simple=inspect.Parameter.POSITIONAL_ONLY not in kinds,
        replica=method in REPLICA_METHODS,
    )
    registry.caches.public_methods[key] = resolved
    return resolved
