"""The asynchronous client against a real ``jsontwo serve``, on both backends."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

import pytest

from jsontwo.client import AsyncClient, MissingError, OdooConnectionError, Unauthorized
from tests.client.conftest import Served, unique
from tests.conftest import free_port

pytestmark = pytest.mark.server


def test_calls_are_awaited(served: Served) -> None:
    async def scenario() -> tuple[int, list[dict[str, object]], list[int]]:
        async with AsyncClient(served.url, served.key, database=served.db) as odoo:
            partners = odoo["res.partner"]
            count = await partners.search_count([])
            name = unique("async")
            [new_id] = await partners.create({"name": name})
            assert await partners.write([new_id], {"email": "async@example.com"}) is True
            read = await partners.read([new_id], ["name", "email"])
            # several calls at once, over one client
            found = await asyncio.gather(
                *(partners.search([["name", "=", name]]) for _ in range(4))
            )
            assert await partners.unlink([new_id]) is True
            return count, read, [ids[0] for ids in found]

    count, read, found = asyncio.run(scenario())
    assert count > 10
    [row] = read
    assert row["email"] == "async@example.com"
    assert found == [row["id"]] * 4


def test_errors_and_context_as_in_the_sync_client(served: Served) -> None:
    async def scenario() -> None:
        async with AsyncClient(served.url, served.key, database=served.db) as odoo:
            partners = odoo["res.partner"]
            with pytest.raises(MissingError) as caught:
                await partners.write([999999], {"name": "x"})
            assert caught.value.status == 404
            name = unique("async archived")
            [archived] = await partners.create({"name": name, "active": False})
            hidden = await partners.search([["name", "=", name]])
            shown = await partners.with_context(active_test=False).search([["name", "=", name]])
            assert (hidden, shown) == ([], [archived])

    asyncio.run(scenario())


def test_an_unreachable_server_is_retried_then_raised(
    served: Served, caplog: pytest.LogCaptureFixture
) -> None:
    async def scenario() -> None:
        url = f"http://127.0.0.1:{free_port()}"
        async with AsyncClient(url, served.key, retries=1, backoff=0) as odoo:
            await odoo["res.partner"].search_count([])

    with caplog.at_level(logging.WARNING), pytest.raises(OdooConnectionError) as caught:
        asyncio.run(scenario())
    assert caught.value.attempts == 2
    assert len([r for r in caplog.records if r.name == "jsontwo.client"]) == 1


def test_rotate_key(served: Served) -> None:
    old_key = served.new_key(name="async rotation")

    async def scenario() -> str:
        async with AsyncClient(served.url, old_key, database=served.db) as odoo:
            expires = dt.datetime.now(dt.UTC) + dt.timedelta(days=7)
            new_key = await odoo.rotate_key("async rotated", expiration_date=expires)
            assert odoo.key == new_key
            assert await odoo["res.partner"].search_count([["id", "=", 9]]) == 1
        async with AsyncClient(served.url, old_key, database=served.db) as stale:
            with pytest.raises(Unauthorized):
                await stale["res.partner"].search_count([])
        return new_key

    assert len(asyncio.run(scenario())) == 40
