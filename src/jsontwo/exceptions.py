"""The exceptions clients see by name.

Odoo clients key on the ``name`` of the JSON error object (for example
``odoo.exceptions.AccessError``), so every exception here carries the Odoo or
werkzeug name it is reported under (``odoo_name``) and the HTTP status it maps
to (``http_status``). Exceptions that are not ours (``ValueError``,
``TypeError``...) are reported as ``builtins.<Class>`` with status 500, as
Odoo 19 does.

This module imports nothing of jsontwo: every layer may raise these.
"""

from __future__ import annotations

from typing import Any, ClassVar


class JsonTwoError(Exception):
    """Base of every error jsontwo reports with a name and a status of its own."""

    odoo_name: ClassVar[str] = "odoo.exceptions.UserError"
    http_status: ClassVar[int] = 500

    @property
    def message(self) -> str:
        """The error's text: its arguments joined with newlines, as Odoo does."""
        return _joined(self.args)

    @property
    def arguments(self) -> list[Any]:
        """The ``arguments`` entry of the JSON error object."""
        return list(self.args)


class UserError(JsonTwoError):
    """A business rule refused the operation (HTTP 422)."""

    odoo_name = "odoo.exceptions.UserError"
    http_status = 422


class ValidationError(UserError):
    """A constraint was violated (HTTP 422)."""

    odoo_name = "odoo.exceptions.ValidationError"


class AccessError(UserError):
    """The user may not perform the operation (HTTP 403)."""

    odoo_name = "odoo.exceptions.AccessError"
    http_status = 403


class AccessDenied(UserError):
    """Authentication failed (HTTP 403). Its ``debug`` never carries a traceback."""

    odoo_name = "odoo.exceptions.AccessDenied"
    http_status = 403

    def __init__(self, message: str = "Access Denied") -> None:
        super().__init__(message)


class MissingError(UserError):
    """A record does not exist or was deleted (HTTP 404)."""

    odoo_name = "odoo.exceptions.MissingError"
    http_status = 404


class LockError(UserError):
    """A record could not be locked (HTTP 409)."""

    odoo_name = "odoo.exceptions.LockError"
    http_status = 409


class RedirectWarning(JsonTwoError):
    """A refusal that offers the client an action to go and fix its cause (HTTP 500,
    as Odoo's, which is no user error): its arguments are the message, the action
    (an ``ir.actions.act_window`` object), the button's text and the action's
    additional context."""

    odoo_name = "odoo.exceptions.RedirectWarning"
    http_status = 500

    def __init__(
        self,
        message: str,
        action: dict[str, Any],
        button_text: str,
        additional_context: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message, action, button_text, additional_context)


class NumericValueOutOfRange(JsonTwoError):
    """A number too large for its column (a 32-bit integer), reported under the
    name of PostgreSQL's error as Odoo reports it (HTTP 500)."""

    odoo_name = "psycopg2.errors.NumericValueOutOfRange"
    http_status = 500

    def __init__(self, message: str = "integer out of range\n") -> None:
        super().__init__(message)


class SessionExpired(JsonTwoError):
    """No valid web session: none, tampered, expired, or its user's password
    changed or the user was archived (Odoo's ``SessionExpiredException``; the
    JSON-RPC routes answer it with code 100, "Odoo Session Expired")."""

    odoo_name = "odoo.http.SessionExpiredException"
    http_status = 401

    def __init__(self, message: str = "Session expired") -> None:
        super().__init__(message)


class HTTPError(JsonTwoError):
    """An error of the transport, reported under werkzeug's class names.

    Its ``message`` is the description and its ``arguments`` are
    ``[description, status]``, exactly as Odoo serialises werkzeug exceptions.
    """

    code: ClassVar[int] = 500
    default_description: ClassVar[str] = "Internal Server Error"

    def __init__(self, description: str | None = None, headers: dict[str, str] | None = None):
        self.description = description or self.default_description
        self.headers = headers or {}
        super().__init__(self.description)

    @property
    def message(self) -> str:
        return self.description

    @property
    def arguments(self) -> list[Any]:
        return [self.description, self.code]


def _http_error(name: str, code: int, description: str) -> type[HTTPError]:
    """Build one werkzeug-named HTTP error class."""
    return type(
        name,
        (HTTPError,),
        {
            "odoo_name": f"werkzeug.exceptions.{name}",
            "http_status": code,
            "code": code,
            "default_description": description,
            "__doc__": f"HTTP {code}, reported as werkzeug.exceptions.{name}.",
        },
    )


BadRequest = _http_error(
    "BadRequest",
    400,
    "The browser (or proxy) sent a request that this server could not understand.",
)
Unauthorized = _http_error(
    "Unauthorized",
    401,
    "The server could not verify that you are authorized to access the URL requested.",
)
Forbidden = _http_error(
    "Forbidden", 403, "You don't have the permission to access the requested resource."
)
NotFound = _http_error("NotFound", 404, "The requested URL was not found on the server.")
MethodNotAllowed = _http_error(
    "MethodNotAllowed", 405, "The method is not allowed for the requested URL."
)
RequestTimeout = _http_error(
    "RequestTimeout", 408, "The client did not send the whole request in time."
)
RequestEntityTooLarge = _http_error(
    "RequestEntityTooLarge", 413, "The data value transmitted exceeds the capacity limit."
)
UnsupportedMediaType = _http_error(
    "UnsupportedMediaType",
    415,
    "The server does not support the media type transmitted in the request.",
)
UnprocessableEntity = _http_error(
    "UnprocessableEntity",
    422,
    "The request was well-formed but was unable to be followed due to semantic errors.",
)
TooManyRequests = _http_error(
    "TooManyRequests", 429, "This user has exceeded an allotted request count. Try again later."
)


def error_name(exc: BaseException) -> str:
    """The ``name`` a client sees for ``exc``: Odoo's name, or ``module.Class``."""
    name = getattr(exc, "odoo_name", None)
    if isinstance(name, str):
        return name
    cls = type(exc)
    return f"{cls.__module__}.{cls.__qualname__}"


def error_status(exc: BaseException) -> int:
    """The HTTP status for ``exc``: its own, or 500 for anything unexpected."""
    status = getattr(exc, "http_status", None)
    return status if isinstance(status, int) else 500


def error_message(exc: BaseException) -> str:
    """The ``message`` a client sees: arguments joined with newlines, else ``str(exc)``."""
    if isinstance(exc, JsonTwoError):
        return exc.message
    return _joined(exc.args) if exc.args else str(exc)


def _joined(args: tuple[Any, ...]) -> str:
    """An exception's arguments as one text, a line each (Odoo's message)."""
    return "\n".join(str(arg) for arg in args)


def error_arguments(exc: BaseException) -> list[Any]:
    """The ``arguments`` a client sees: ``exc.args`` made JSON-friendly."""
    if isinstance(exc, JsonTwoError):
        return exc.arguments
    return [
        arg if isinstance(arg, (str, int, float, bool)) or arg is None else str(arg)
        for arg in exc.args
    ]
