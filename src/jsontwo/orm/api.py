"""Method decorators with Odoo's names and meanings.

They only set attributes that the service reads when it resolves a call:
``_api_model`` (the method ignores ``ids``, so calling it with ids is refused),
``_readonly`` (the call may run on a read-only transaction),
``_api_private`` (never callable remotely) and ``__deprecated__`` (still callable, no
longer listed among a model's methods).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


def model(method: F) -> F:
    """The method works on the model, not on records: remote calls with ids are refused."""
    method._api_model = True  # type: ignore[attr-defined]
    return method


def model_create_multi(method: F) -> F:
    """Like :func:`model`, for ``create``, which takes one dict or a list of dicts."""
    return model(method)


def readonly(method: F) -> F:
    """The method never writes: its transaction may be read-only."""
    method._readonly = True  # type: ignore[attr-defined]
    return method


def private(method: F) -> F:
    """The method is public in Python but never callable over the API."""
    method._api_private = True  # type: ignore[attr-defined]
    return method


def deprecated(message: str) -> Callable[[F], F]:
    """The method still answers but is no longer advertised (the API documentation
    leaves it out, as Odoo's does); ``message`` says what to use instead."""

    def decorate(method: F) -> F:
        method.__deprecated__ = message  # type: ignore[attr-defined]
        return method

    return decorate


def depends(*paths: str) -> Callable[[F], F]:
    """Declare the fields (dotted paths allowed) a compute method reads."""

    def decorate(method: F) -> F:
        method._depends = paths  # type: ignore[attr-defined]
        return method

    return decorate


def constrains(*fnames: str) -> Callable[[F], F]:
    """Declare a check to run after create/write of any of ``fnames``."""

    def decorate(method: F) -> F:
        method._constrains = fnames  # type: ignore[attr-defined]
        return method

    return decorate
