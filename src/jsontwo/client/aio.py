"""The asynchronous client: ``await AsyncClient(url, key)["res.partner"].search_count([])``."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import httpx

from jsontwo.client.base import FAILURES, ClientBase, ModelBase
from jsontwo.client.calls import generate_body


class AsyncClient(ClientBase[httpx.AsyncBaseTransport]):
    """The :class:`~jsontwo.client.Client` for asyncio: the same arguments, the
    same models, errors and retries; each method call is awaited. Use it with
    ``async with``, or ``await client.aclose()``."""

    def _open(self, transport: httpx.AsyncBaseTransport | None) -> None:
        self._http = httpx.AsyncClient(
            timeout=self.timeout, follow_redirects=False, transport=transport
        )

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
        request = self.request(model, method, body)
        attempt = 0
        while True:
            attempt += 1
            try:
                sent = await self._http.post(
                    request.url, content=request.content, headers=self.headers(request)
                )
                return self.answer(sent, request)
            except FAILURES as exc:
                wait = self.next_wait(request, exc, attempt)
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


class AsyncModel(ModelBase[AsyncClient]):
    """A model of the server whose methods are coroutines (see :class:`~jsontwo.client.Model`)."""

    def __getattr__(self, method: str) -> Callable[..., Awaitable[Any]]:
        async def call(*args: Any, **kwargs: Any) -> Any:
            return await self._client.call(self._name, method, self._body(method, args, kwargs))

        if method.startswith("__"):
            raise AttributeError(method)
        call.__name__ = call.__qualname__ = method
        return call


__all__ = ["AsyncClient", "AsyncModel"]
