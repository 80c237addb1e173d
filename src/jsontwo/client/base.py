"""What the sync and async clients share: the server's address, the key, the
database, the request of a call, the reading of its answer, the decision to
send it again, and the model proxy's state."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, Self, TypeVar

import httpx

from jsontwo import __version__
from jsontwo.client.calls import RetryPolicy, call_body
from jsontwo.client.errors import OdooConnectionError, OdooError, error_from_answer

_logger = logging.getLogger("jsontwo.client")

#: seconds a call may take, by default: the server's own limit (limit_time_real)
TIMEOUT = 120.0
#: transport errors after which the request surely did not reach the server: safe to retry
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
USER_AGENT = f"jsontwo-client/{__version__}"
#: what can go wrong with one try: an error answer, or no answer
FAILURES = (OdooError, httpx.TransportError)

TransportT = TypeVar("TransportT")
ClientT = TypeVar("ClientT")


@dataclass(frozen=True)
class Request:
    """One call as sent, identical on each try: where, what, and its id."""

    target: str
    url: str
    content: bytes
    request_id: str


class ClientBase(Generic[TransportT]):
    """The address, credentials and retry policy of a client, and the wire format.
    A subclass opens its httpx client in :meth:`_open`."""

    def __init__(
        self,
        url: str,
        key: str,
        *,
        database: str | None = None,
        timeout: float = TIMEOUT,
        retries: int = 3,
        backoff: float = 0.5,
        transport: TransportT | None = None,
    ) -> None:
        self.url = url.rstrip("/")
        self.key = key
        self.database = database
        self.timeout = timeout
        self.policy = RetryPolicy(retries=retries, backoff=backoff)
        self._open(transport)

    def _open(self, transport: TransportT | None) -> None:
        raise NotImplementedError

    def __repr__(self) -> str:  # never the key
        return f"{type(self).__name__}({self.url!r}, database={self.database!r})"

    def request(self, model: str, method: str, body: Mapping[str, Any] | None) -> Request:
        """The request of ``model.method`` with ``body``, under a new call id."""
        return Request(
            f"{model}.{method}",
            f"{self.url}/json/2/{model}/{method}",
            json.dumps(body or {}, ensure_ascii=False).encode(),
            uuid.uuid4().hex,
        )

    def headers(self, request: Request) -> dict[str, str]:
        """The headers of a call: the key, the database when one is named, and the
        call's id (``X-Request-Id``: the same on each retry of the call, so that the
        server's log shows how many times it came; jsontwo's log lines name it)."""
        sent = {
            "Authorization": f"bearer {self.key}",
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "X-Request-Id": request.request_id,
        }
        if self.database:
            sent["X-Odoo-Database"] = self.database
        return sent

    def answer(self, response: httpx.Response, request: Request) -> Any:
        """The result of a call, or its error raised as an :class:`OdooError`
        (which keeps the call's ``request_id``)."""
        if response.status_code >= 400:
            error = error_from_answer(response.status_code, response.content)
        else:
            try:
                return json.loads(response.content)
            except ValueError:
                error = OdooError(
                    response.status_code,
                    "jsontwo.client.InvalidAnswer",
                    f"the answer of {request.url} is not JSON: is this a JSON-2 server?",
                )
        error.request_id = request.request_id
        raise error

    def next_wait(self, request: Request, error: BaseException, attempt: int) -> float:
        """Seconds to wait before sending ``request`` again after ``error`` at the
        ``attempt``-th try; raises the error to give up (an unanswered call as
        :class:`OdooConnectionError`)."""
        retryable = not isinstance(error, httpx.TransportError) or isinstance(error, NOT_SENT)
        if retryable and self.policy.should_retry(error, attempt):
            wait = self.policy.delay(attempt)
            _logger.warning(
                "%s failed (%s), try %d of %d in %.2f s (request %s)",
                request.target,
                _reason(error),
                attempt + 1,
                self.policy.retries + 1,
                wait,
                request.request_id,
            )
            return wait
        if isinstance(error, httpx.TransportError):
            failed = OdooConnectionError(
                f"cannot reach {self.url} after {attempt} attempt(s): "
                f"{type(error).__name__}: {error or 'no detail'}",
                self.url,
                attempt,
            )
            failed.request_id = request.request_id
            raise failed from error
        raise error


def _reason(error: BaseException) -> str:
    if isinstance(error, OdooError):
        return error.name
    return f"{type(error).__name__}: {error}"


class ModelBase(Generic[ClientT]):
    """A model of the server; the sync and async proxies add the calls."""

    def __init__(self, client: ClientT, name: str, context: Mapping[str, Any] | None = None):
        self._client = client
        self._name = name
        self._context = dict(context) if context is not None else None

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._name!r})"

    def with_context(self, context: Mapping[str, Any] | None = None, **values: Any) -> Self:
        """This model with a context sent on each call (``context`` updated with
        ``values``); a call's own ``context=`` replaces it, as JSON-2 does."""
        merged = {**(self._context or {}), **(context or {}), **values}
        return type(self)(self._client, self._name, merged)

    def _body(self, method: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
        """The body of a call of ``method`` (see :func:`~jsontwo.client.calls.call_body`)."""
        return call_body(self._name, method, args, kwargs, self._context)


__all__ = ["FAILURES", "NOT_SENT", "TIMEOUT", "ClientBase", "ModelBase", "Request"]
