"""Finding the public method a remote call reaches, shared by every transport.

JSON-2 (``/json/2/<model>/<method>``) and the legacy endpoints (``/xmlrpc``,
``/jsonrpc``) reach the same methods under the same rules (Odoo's
``get_public_method``); they differ only in how they report an unknown model
or method and in how they bind arguments, so each transport maps the plain
Python errors raised here to its own.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from jsontwo.db import Cursor, IntegrityFailure, run_in_transaction
from jsontwo.exceptions import AccessError, UnprocessableEntity, ValidationError
from jsontwo.orm import Registry
from jsontwo.orm.integrity import integrity_message
from jsontwo.orm.models import BaseModel

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Resolved:
    """A public method found on a model, with what the call pipeline needs of it."""

    function: Any
    signature: inspect.Signature
    is_model: bool
    readonly: bool
    #: the keyword arguments the method takes (None when it takes any, ``**kwargs``)
    accepted: frozenset[str] | None
    #: the arguments without a default
    required: frozenset[str]
    #: False when only ``Signature.bind`` can judge a call (positional-only parameters)
    simple: bool

    def call(self, records: BaseModel, kwargs: dict[str, Any]) -> Any:
        """Call the method on ``records`` with named arguments; 422 when they do not fit
        (JSON-2's binding check).

        Arguments that visibly fit are passed straight through; anything else
        goes through ``Signature.bind``, for Python's exact message (which
        clients see, as Odoo's do).
        """
        keys = kwargs.keys()
        if (
            self.simple
            and "self" not in keys
            and self.required <= keys
            and (self.accepted is None or keys <= self.accepted)
        ):
            return self.function(records, **kwargs)
        try:
            bound = self.signature.bind(records, **kwargs)
        except TypeError as exc:
            raise UnprocessableEntity(str(exc)) from None
        return self.function(*bound.args, **bound.kwargs)


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
    )
    registry.caches.public_methods[key] = resolved
    return resolved


def run_call(registry: Registry, work: Callable[[Cursor], T], readonly: bool) -> T:
    """Run one remote call's ``work`` in one transaction of ``registry``'s database
    (retried on serialization failures, rolled back on any error); a unique,
    not-null or foreign-key violation becomes Odoo's ValidationError "The
    operation cannot be completed: ..."."""
    try:
        return run_in_transaction(registry.database, work, readonly=readonly)
    except IntegrityFailure as exc:
        raise ValidationError(integrity_message(registry, exc)) from None
