"""A Python call turned into a JSON-2 request body, and the retry policy.

JSON-2 takes named arguments only: ``{"ids": ..., "context": ..., "<name>":
<value>}``. Keyword arguments go into the body as they are. For the ORM's
well-known methods positional arguments are accepted too, and named after the
method's parameters (:data:`POSITIONAL`): ``search_read(domain, fields)``,
``read(ids, fields)``, ``write(ids, vals)``; a leading ``ids`` goes to the
body's top-level ``ids``, as for any record method.

This module does no input or output: the sync and async clients share it.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jsontwo.client.errors import OdooError

#: the parameters positional arguments stand for, in order, per method ("ids" is
#: the records the method runs on). Other methods take keyword arguments only.
POSITIONAL: dict[str, tuple[str, ...]] = {
    "search": ("domain", "offset", "limit", "order"),
    "search_count": ("domain", "limit"),
    "search_read": ("domain", "fields", "offset", "limit", "order"),
    "read": ("ids", "fields", "load"),
    "create": ("vals_list",),
    "write": ("ids", "vals"),
    "unlink": ("ids",),
    "copy": ("ids", "default"),
    "copy_data": ("ids", "default"),
    "fields_get": ("allfields", "attributes"),
    "default_get": ("fields",),
    "name_search": ("name", "domain", "operator", "limit"),
    "name_create": ("name",),
    "has_access": ("operation",),
    "check_access_rights": ("operation", "raise_exception"),
    "get_metadata": ("ids",),
    "action_archive": ("ids",),
    "action_unarchive": ("ids",),
    "read_group": ("domain", "fields", "groupby", "offset", "limit", "orderby", "lazy"),
    "formatted_read_group": (
        "domain",
        "groupby",
        "aggregates",
        "having",
        "offset",
        "limit",
        "order",
    ),
    "web_read": ("ids", "specification"),
    "web_search_read": ("domain", "specification", "offset", "limit", "order", "count_limit"),
    "web_save": ("ids", "vals", "specification"),
}


def call_body(
    model: str,
    method: str,
    args: Sequence[Any],
    kwargs: Mapping[str, Any],
    context: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The JSON-2 body of ``model.method(*args, **kwargs)``; ``context`` is the
    proxy's (``with_context``), which a ``context=`` keyword replaces. TypeError
    for positional arguments a method does not take."""
    names = POSITIONAL.get(method, ())
    if len(args) > len(names):
        hint = (
            f"{method} takes at most {len(names)} positional argument(s) ({', '.join(names)})"
            if names
            else f"JSON-2 takes named arguments only: call {model}.{method}(name=value, ...)"
        )
        raise TypeError(f"{hint}; {len(args)} given")
    body: dict[str, Any] = {}
    if context is not None:
        body["context"] = dict(context)
    for name, value in zip(names, args, strict=False):
        if name in kwargs:
            raise TypeError(f"{model}.{method}() got multiple values for argument {name!r}")
        body[name] = value
    body.update(kwargs)
    if isinstance(body.get("ids"), tuple):
        body["ids"] = list(body["ids"])
    return body


def expiration_text(value: dt.date | dt.datetime | str | None) -> str | None:
    """A key's expiration as ``generate`` takes it: ``YYYY-MM-DD`` (midnight UTC)
    or ``YYYY-MM-DD HH:MM:SS`` (UTC; an aware datetime is converted)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def generate_body(
    key: str, name: str, expiration_date: dt.date | dt.datetime | str | None, scope: str | None
) -> dict[str, Any]:
    """The arguments of ``res.users.apikeys.generate``."""
    return {
        "key": key,
        "scope": scope,
        "name": name,
        "expiration_date": expiration_text(expiration_date),
    }


@dataclass(frozen=True)
class RetryPolicy:
    """When and how long to wait before sending a call again.

    A call is sent again, at most ``retries`` times, only when it cannot have run
    (the connection could not be made) or when it was rolled back for a conflict
    with concurrent transactions (:class:`~jsontwo.client.errors.ConcurrencyError`):
    never after another error, which would give the same answer again, nor after a
    connection that broke once the request was sent (the call may have been done).
    The nth retry waits a random time between 0 and ``min(backoff * 2**(n-1), max_backoff)``
    seconds ("full jitter": clients that collided do not collide again in step).
    """

    retries: int = 3
    backoff: float = 0.5
    max_backoff: float = 10.0

    def __post_init__(self) -> None:
        if self.retries < 0:
            raise ValueError("retries must be 0 or more")
        if self.backoff < 0 or self.max_backoff < 0:
            raise ValueError("backoff and max_backoff must be 0 or more")

    def should_retry(self, error: BaseException, attempt: int) -> bool:
        """Whether to send again after ``error`` at the ``attempt``-th try (from 1)."""
        if attempt > self.retries:
            return False
        if isinstance(error, OdooError):
            return error.retryable
        return True  # the transport errors the clients pass here are the safe ones

    def delay(self, attempt: int) -> float:
        """Seconds to wait after the ``attempt``-th try (from 1) failed."""
        ceiling = min(self.backoff * 2 ** (attempt - 1), self.max_backoff)
        return random.uniform(0, ceiling)


__all__ = ["POSITIONAL", "RetryPolicy", "call_body", "expiration_text", "generate_body"]
