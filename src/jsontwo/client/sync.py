"""The synchronous client: ``Client(url, key)["res.partner"].search_read(domain)``."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Mapping
from typing import Any

import httpx

from jsontwo.client.base import FAILURES, ClientBase, ModelBase
from jsontwo.client.calls import generate_body


class Client(ClientBase[httpx.BaseTransport]):
    """A JSON-2 client of one server (jsontwo, or Odoo 19), with one API key:
    ``Client(url, key, *, database=None, timeout=120, retries=3, backoff=0.5,
    transport=None)``.

    ``client["res.partner"]`` is a :class:`Model` whose attributes are the model's
    methods. ``database`` is sent as ``X-Odoo-Database`` (needed when the server
    holds several). A call waits at most ``timeout`` seconds for its answer.
    Connection failures and concurrency conflicts are retried up to ``retries``
    times, waiting up to ``backoff * 2**n`` seconds (see
    :class:`~jsontwo.client.calls.RetryPolicy`). ``transport`` replaces the network
    (an ``httpx.MockTransport``, say). Close it with :meth:`close`, or use it as a
    context manager.
    """

    def _open(self, transport: httpx.BaseTransport | None) -> None:
        self._http = httpx.Client(timeout=self.timeout, follow_redirects=False, transport=transport)

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
        request = self.request(model, method, body)
        attempt = 0
        while True:
            attempt += 1
            try:
                sent = self._http.post(
                    request.url, content=request.content, headers=self.headers(request)
                )
                return self.answer(sent, request)
            except FAILURES as exc:
                wait = self.next_wait(request, exc, attempt)
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


class Model(ModelBase[Client]):
    """A model of the server: ``model.search_read(domain, fields=[...])`` calls
    ``search_read``. Keyword arguments are sent as they are; ``ids=`` and
    ``context=`` are JSON-2's own keys; positional arguments are accepted for the
    ORM's well-known methods (:data:`~jsontwo.client.calls.POSITIONAL`)."""

    def __getattr__(self, method: str) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            return self._client.call(self._name, method, self._body(method, args, kwargs))

        if method.startswith("__"):
            raise AttributeError(method)
        call.__name__ = call.__qualname__ = method
        return call


__all__ = ["Client", "Model"]
