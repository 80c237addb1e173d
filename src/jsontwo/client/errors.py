"""The errors a JSON-2 server answers, as Python exceptions.

Every error answer of Odoo 19 and of jsontwo is a JSON object ``{"name",
"message", "arguments", "context", "debug"}`` whose ``name`` is the server's
class name (``odoo.exceptions.ValidationError``). :func:`error_from_answer`
turns one into an instance of the class named after the last part of that
name, so that callers write ``except ValidationError``; an unknown name gives
:class:`ServerError` (status 500 and above) or :class:`OdooError`. The
exception keeps the whole object: ``status``, ``name``, ``message``,
``arguments``, ``context`` and ``debug``.

A server that cannot be reached raises :class:`OdooConnectionError` instead
(a :class:`ConnectionError`): there is no answer to describe.
"""

from __future__ import annotations

import builtins
import json
import re
from typing import Any

#: the most characters of a body that is not JSON kept in the message
SNIPPET = 300


class OdooError(Exception):
    """An error answer of the server: the JSON error object, and the HTTP status."""

    def __init__(
        self,
        status: int,
        name: str,
        message: str,
        arguments: list[Any] | None = None,
        context: Any = None,
        debug: str = "",
    ) -> None:
        super().__init__(message)
        self.status = status
        self.name = name
        self.message = message
        self.arguments = list(arguments) if arguments is not None else [message]
        self.context = context if context is not None else {}
        self.debug = debug
        #: the call's ``X-Request-Id``, which jsontwo's log lines name (set by the client)
        self.request_id: str | None = None

    def __str__(self) -> str:
        return f"{self.name} ({self.status}): {self.message}"

    @property
    def retryable(self) -> bool:
        """Whether the same call may succeed when sent again (a concurrency conflict)."""
        return False


class UserError(OdooError):
    """A business rule refused the call (``odoo.exceptions.UserError``, 422)."""


class ValidationError(UserError):
    """A constraint refused the values (``odoo.exceptions.ValidationError``, 422)."""


class AccessError(UserError):
    """The user may not do this (``odoo.exceptions.AccessError``, 403)."""


class AccessDenied(UserError):
    """Authentication refused (``odoo.exceptions.AccessDenied``, 403)."""


class MissingError(UserError):
    """A record does not exist or was deleted (``odoo.exceptions.MissingError``, 404)."""


class LockError(UserError):
    """A record could not be locked (``odoo.exceptions.LockError``, 409)."""


class RedirectWarning(OdooError):
    """A refusal that offers an action to fix its cause (``odoo.exceptions.RedirectWarning``,
    500): ``arguments`` are the message, the action, the button's text and its context."""


class ConcurrencyError(OdooError):
    """The call kept colliding with concurrent transactions after the server's own
    retries (500). Sending it again may succeed: the client does, see ``retries``."""

    @property
    def retryable(self) -> bool:
        return True


class SerializationFailure(ConcurrencyError):
    """PostgreSQL's serialization failure (``psycopg2.errors.SerializationFailure``)."""


class DeadlockDetected(ConcurrencyError):
    """PostgreSQL's deadlock (``psycopg2.errors.DeadlockDetected``)."""


class LockNotAvailable(ConcurrencyError):
    """PostgreSQL's lock timeout (``psycopg2.errors.LockNotAvailable``)."""


class SessionExpiredException(OdooError):
    """No valid session (``odoo.http.SessionExpiredException``, 401 or 403)."""


class ServerError(OdooError):
    """Any other failure of the server (status 500 and above), e.g. ``builtins.ValueError``
    for an invalid domain, ``psycopg2.errors.QueryCanceled`` for a call past the time limit."""


class HTTPError(OdooError):
    """An error of the request itself, reported under werkzeug's class names."""


class BadRequest(HTTPError):
    """400: the body is not valid JSON."""


class Unauthorized(HTTPError):
    """401: no API key, or an invalid, expired or revoked one."""


class Forbidden(HTTPError):
    """403, werkzeug's."""


class NotFound(HTTPError):
    """404: unknown database, model or method."""


class MethodNotAllowed(HTTPError):
    """405."""


class RequestTimeout(HTTPError):
    """408: the body did not arrive in time."""


class RequestEntityTooLarge(HTTPError):
    """413: the body is too large."""


class UnsupportedMediaType(HTTPError):
    """415: the body is not ``application/json``."""


class UnprocessableEntity(HTTPError):
    """422: a missing or unknown argument, or ``ids`` given to a model-level method."""


class TooManyRequests(HTTPError):
    """429."""


class OdooConnectionError(builtins.ConnectionError):
    """The server could not be reached (refused, unknown host, connect timeout), or
    the connection broke before an answer: after ``attempts`` tries. The transport's
    own error is the ``__cause__``."""

    def __init__(self, message: str, url: str, attempts: int) -> None:
        super().__init__(message)
        self.url = url
        self.attempts = attempts
        #: the call's ``X-Request-Id`` (set by the client)
        self.request_id: str | None = None


#: the classes chosen by the last part of the error's ``name``
BY_NAME: dict[str, type[OdooError]] = {
    cls.__name__: cls
    for cls in (
        UserError,
        ValidationError,
        AccessError,
        AccessDenied,
        MissingError,
        LockError,
        RedirectWarning,
        ConcurrencyError,
        SerializationFailure,
        DeadlockDetected,
        LockNotAvailable,
        SessionExpiredException,
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        MethodNotAllowed,
        RequestTimeout,
        RequestEntityTooLarge,
        UnsupportedMediaType,
        UnprocessableEntity,
        TooManyRequests,
    )
}
#: for an answer that is no JSON error object (an HTML page from Odoo or a proxy)
BY_STATUS: dict[int, type[OdooError]] = {
    400: BadRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    405: MethodNotAllowed,
    408: RequestTimeout,
    413: RequestEntityTooLarge,
    415: UnsupportedMediaType,
    422: UnprocessableEntity,
    429: TooManyRequests,
}


def error_class(name: str, status: int) -> type[OdooError]:
    """The exception class for an error object's ``name`` (its last dotted part)."""
    found = BY_NAME.get(name.rsplit(".", 1)[-1])
    if found is not None:
        return found
    return ServerError if status >= 500 else OdooError


def error_from_answer(status: int, body: bytes) -> OdooError:
    """The exception for an error answer: its JSON error object, or, when the body
    is no such object (Odoo answers some errors with an HTML page), the class of
    the status with the page's text as message."""
    try:
        payload = json.loads(body)
    except ValueError:
        payload = None
    if isinstance(payload, dict) and isinstance(payload.get("name"), str):
        name = payload["name"]
        message = payload.get("message")
        arguments = payload.get("arguments")
        return error_class(name, status)(
            status,
            name,
            message if isinstance(message, str) else str(message),
            arguments if isinstance(arguments, list) else None,
            payload.get("context"),
            str(payload.get("debug") or ""),
        )
    cls = BY_STATUS.get(status, ServerError if status >= 500 else OdooError)
    name = f"werkzeug.exceptions.{cls.__name__}" if issubclass(cls, HTTPError) else f"HTTP {status}"
    return cls(status, name, page_text(body) or f"HTTP {status}")


def page_text(body: bytes) -> str:
    """The readable text of a body that is not JSON (tags and spacing removed), cut short."""
    text = body.decode("utf-8", "replace")
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S | re.I)
    text = " ".join(re.sub(r"<[^>]+>", " ", text).split())
    return text if len(text) <= SNIPPET else text[: SNIPPET - 1] + "…"


__all__ = [
    "BY_NAME",
    "BY_STATUS",
    "AccessDenied",
    "AccessError",
    "BadRequest",
    "ConcurrencyError",
    "DeadlockDetected",
    "Forbidden",
    "HTTPError",
    "LockError",
    "LockNotAvailable",
    "MethodNotAllowed",
    "MissingError",
    "NotFound",
    "OdooConnectionError",
    "OdooError",
    "RedirectWarning",
    "RequestEntityTooLarge",
    "RequestTimeout",
    "SerializationFailure",
    "ServerError",
    "SessionExpiredException",
    "TooManyRequests",
    "Unauthorized",
    "UnprocessableEntity",
    "UnsupportedMediaType",
    "UserError",
    "ValidationError",
    "error_class",
    "error_from_answer",
]
