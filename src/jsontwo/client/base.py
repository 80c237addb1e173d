"""What the sync and async clients share: the server's address, the key, the
database, the request of a call and the reading of its answer."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Mapping
from typing import Any

import httpx

from jsontwo import __version__
from jsontwo.client.calls import RetryPolicy
from jsontwo.client.errors import OdooConnectionError, OdooError, error_from_answer

_logger = logging.getLogger("jsontwo.client")

#: seconds a call may take, by default: the server's own limit (limit_time_real)
TIMEOUT = 120.0
#: transport errors after which the request surely did not reach the server: safe to retry
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
USER_AGENT = f"jsontwo-client/{__version__}"


class ClientBase:
    """The address, credentials and retry policy of a client, and the wire format."""

    def __init__(
        self,
        url: str,
        key: str,
        *,
        database: str | None = None,
        timeout: float = TIMEOUT,
        retries: int = 3,
        backoff: float = 0.5,
    ) -> None:
        self.url = url.rstrip("/")
        self.key = key
        self.database = database
        self.timeout = timeout
        self.policy = RetryPolicy(retries=retries, backoff=backoff)

    def __repr__(self) -> str:  # never the key
        return f"{type(self).__name__}({self.url!r}, database={self.database!r})"

    def endpoint(self, model: str, method: str) -> str:
        """The URL of ``model.method``."""
        return f"{self.url}/json/2/{model}/{method}"

    def headers(self, request_id: str) -> dict[str, str]:
        """The headers of a call: the key, the database when one is named, and the
        call's id (``X-Request-Id``: the same on each retry of the call, so that the
        server's log shows how many times it came; jsontwo's log lines name it)."""
        sent = {
            "Authorization": f"bearer {self.key}",
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "X-Request-Id": request_id,
        }
        if self.database:
            sent["X-Odoo-Database"] = self.database
        return sent

    def encode(self, body: Mapping[str, Any]) -> bytes:
        """The request body: JSON, non-ASCII text as it is."""
        return json.dumps(body, ensure_ascii=False).encode()

    def answer(self, response: httpx.Response, request_id: str) -> Any:
        """The result of a call, or its error raised as an :class:`OdooError`
        (which keeps the call's ``request_id``)."""
        if response.status_code >= 400:
            error = error_from_answer(response.status_code, response.content)
            error.request_id = request_id
            raise error
        try:
            return json.loads(response.content)
        except ValueError:
            error = OdooError(
                response.status_code,
                "jsontwo.client.InvalidAnswer",
                f"the answer of {response.request.url} is not JSON: is this a JSON-2 server?",
            )
            error.request_id = request_id
            raise error from None

    def new_request_id(self) -> str:
        """A new call's id."""
        return uuid.uuid4().hex

    def retry_wait(
        self, target: str, error: BaseException, attempt: int, request_id: str
    ) -> float | None:
        """Seconds to wait before sending again after ``error``, or None to give up."""
        if not self.policy.should_retry(error, attempt):
            return None
        wait = self.policy.delay(attempt)
        _logger.warning(
            "%s failed (%s), try %d of %d in %.2f s (request %s)",
            target,
            _reason(error),
            attempt + 1,
            self.policy.retries + 1,
            wait,
            request_id,
        )
        return wait

    def unreachable(
        self, error: httpx.TransportError, attempt: int, request_id: str
    ) -> OdooConnectionError:
        """The error for a server that could not be reached (or did not answer)."""
        failed = OdooConnectionError(
            f"cannot reach {self.url} after {attempt} attempt(s): "
            f"{type(error).__name__}: {error or 'no detail'}",
            self.url,
            attempt,
        )
        failed.request_id = request_id
        return failed


def _reason(error: BaseException) -> str:
    if isinstance(error, OdooError):
        return error.name
    return f"{type(error).__name__}: {error}"


__all__ = ["NOT_SENT", "TIMEOUT", "ClientBase"]
