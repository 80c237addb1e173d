"""The synchronous client: ``Client(url, key)["res.partner"].search_read(domain)``."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Mapping
from typing import Any

import httpx

from jsontwo.client.base import NOT_SENT, TIMEOUT, ClientBase
from jsontwo.client.calls import call_body, generate_body
from jsontwo.client.errors import OdooError


class Client(ClientBase):
    """A JSON-2 client of one server (jsontwo, or Odoo 19), with one API key.

    ``client["res.partner"]`` is a :class:`Model` whose attributes are the model's
    methods. ``database`` is sent as ``X-Odoo-Database`` (needed when the server
    holds several). A call waits at most ``timeout`` seconds for its answer.
    Connection failures and concurrency conflicts are retried up to ``retries``
    times, waiting up to ``backoff * 2**n`` seconds (see
    :class:`~jsontwo.client.calls.RetryPolicy`). ``transport`` replaces the network
    (an ``httpx.MockTransport``, or ``httpx.ASGITransport`` is the async client's).
    Close it with :meth:`close`, or use it as a context manager.
    """

    def __init__(
        self,
        url: str,
        key: str,
        *,
        database: str | None = None,
        timeout: float = TIMEOUT,
        retries: int = 3,
        backoff: float = 0.5,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        super().__init__(
            url, key, database=database, timeout=timeout, retries=retries, backoff=backoff
        )
        self._http = httpx.Client(timeout=timeout, follow_redirects=False, transport=transport)

    def __getitem__(self, model: str) -> Model:
        return Model(self, model)

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections."""
        self._http.close()

    def call(self, model: str, method: str, body: Mapping[str, Any] | None = None) -> Any:
        """``POST /json/2/<model>/<method>`` with ``body`` (named arguments, ``ids``,
        ``context``): the decoded result, or an :class:`~jsontwo.client.errors.OdooError`;
        :class:`~jsontwo.client.errors.OdooConnectionError` when no answer came."""
        target, content = f"{model}.{method}", self.encode(body or {})
        request_id = self.new_request_id()
        attempt = 0
        while True:
            attempt += 1
            try:
                response = self._http.post(
                    self.endpoint(model, method), content=content, headers=self.headers(request_id)
                )
                return self.answer(response, request_id)
            except OdooError as exc:
                wait = self.retry_wait(target, exc, attempt, request_id)
                if wait is None:
                    raise
            except httpx.TransportError as exc:
                wait = (
                    self.retry_wait(target, exc, attempt, request_id)
                    if isinstance(exc, NOT_SENT)
                    else None
                )
                if wait is None:
                    raise self.unreachable(exc, attempt, request_id) from exc
            time.sleep(wait)

    def rotate_key(
        self,
        name: str,
        *,
        expiration_date: dt.date | dt.datetime | str | None = None,
        scope: str | None = None,
    ) -> str:
        """Replace the client's key: ``generate`` a new key named ``name`` with the
        current one, switch to it, then ``revoke`` the old one with the new one.
        Answers the new key (store it: it is shown once). ``expiration_date``
        (UTC) may be left out by administrators only; ``scope`` is None (any
        use) or ``"rpc"``. When ``revoke`` fails the client already uses the new
        key, and the error is raised: the old key still works until revoked."""
        body = generate_body(self.key, name, expiration_date, scope)
        new_key: str = self.call("res.users.apikeys", "generate", body)
        old_key, self.key = self.key, new_key
        self.call("res.users.apikeys", "revoke", {"key": old_key})
        return new_key


class Model:
    """A model of the server: ``model.search_read(domain, fields=[...])`` calls
    ``search_read``. Keyword arguments are sent as they are; ``ids=`` and
    ``context=`` are JSON-2's own keys; positional arguments are accepted for the
    ORM's well-known methods (:data:`~jsontwo.client.calls.POSITIONAL`)."""

    def __init__(self, client: Client, name: str, context: Mapping[str, Any] | None = None):
        self._client = client
        self._name = name
        self._context = dict(context) if context is not None else None

    def __repr__(self) -> str:
        return f"Model({self._name!r})"

    def with_context(self, context: Mapping[str, Any] | None = None, **values: Any) -> Model:
        """This model with a context sent on each call (``context`` updated with
        ``values``); a call's own ``context=`` replaces it, as JSON-2 does."""
        merged = {**(self._context or {}), **(context or {}), **values}
        return Model(self._client, self._name, merged)

    def __getattr__(self, method: str) -> Callable[..., Any]:
        if method.startswith("__"):
            raise AttributeError(method)

        def call(*args: Any, **kwargs: Any) -> Any:
            body = call_body(self._name, method, args, kwargs, self._context)
            return self._client.call(self._name, method, body)

        call.__name__ = call.__qualname__ = method
        return call


__all__ = ["Client", "Model"]
