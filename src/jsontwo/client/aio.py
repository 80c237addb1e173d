"""The asynchronous client: ``await AsyncClient(url, key)["res.partner"].search_count([])``."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import httpx

from jsontwo.client.base import NOT_SENT, TIMEOUT, ClientBase
from jsontwo.client.calls import call_body, generate_body
from jsontwo.client.errors import OdooError


class AsyncClient(ClientBase):
    """The :class:`~jsontwo.client.Client` for asyncio: the same arguments, the
    same models, errors and retries; each method call is awaited. Use it with
    ``async with``, or ``await client.aclose()``."""

    def __init__(
        self,
        url: str,
        key: str,
        *,
        database: str | None = None,
        timeout: float = TIMEOUT,
        retries: int = 3,
        backoff: float = 0.5,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        super().__init__(
            url, key, database=database, timeout=timeout, retries=retries, backoff=backoff
        )
        self._http = httpx.AsyncClient(timeout=timeout, follow_redirects=False, transport=transport)

    def __getitem__(self, model: str) -> AsyncModel:
        return AsyncModel(self, model)

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connections."""
        await self._http.aclose()

    async def call(self, model: str, method: str, body: Mapping[str, Any] | None = None) -> Any:
        """See :meth:`jsontwo.client.Client.call`."""
        target, content = f"{model}.{method}", self.encode(body or {})
        request_id = self.new_request_id()
        attempt = 0
        while True:
            attempt += 1
            try:
                response = await self._http.post(
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
            await asyncio.sleep(wait)

    async def rotate_key(
        self,
        name: str,
        *,
        expiration_date: dt.date | dt.datetime | str | None = None,
        scope: str | None = None,
    ) -> str:
        """See :meth:`jsontwo.client.Client.rotate_key`."""
        body = generate_body(self.key, name, expiration_date, scope)
        new_key: str = await self.call("res.users.apikeys", "generate", body)
        old_key, self.key = self.key, new_key
        await self.call("res.users.apikeys", "revoke", {"key": old_key})
        return new_key


class AsyncModel:
    """A model of the server whose methods are coroutines (see :class:`~jsontwo.client.Model`)."""

    def __init__(
        self, client: AsyncClient, name: str, context: Mapping[str, Any] | None = None
    ) -> None:
        self._client = client
        self._name = name
        self._context = dict(context) if context is not None else None

    def __repr__(self) -> str:
        return f"AsyncModel({self._name!r})"

    def with_context(self, context: Mapping[str, Any] | None = None, **values: Any) -> AsyncModel:
        """See :meth:`jsontwo.client.Model.with_context`."""
        merged = {**(self._context or {}), **(context or {}), **values}
        return AsyncModel(self._client, self._name, merged)

    def __getattr__(self, method: str) -> Callable[..., Awaitable[Any]]:
        if method.startswith("__"):
            raise AttributeError(method)

        async def call(*args: Any, **kwargs: Any) -> Any:
            body = call_body(self._name, method, args, kwargs, self._context)
            return await self._client.call(self._name, method, body)

        call.__name__ = call.__qualname__ = method
        return call


__all__ = ["AsyncClient", "AsyncModel"]
