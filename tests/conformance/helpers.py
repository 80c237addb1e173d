"""What the tests of jsontwo.conformance share: a run context on a fixed clock,
and a fake JSON-2 server on an httpx transport (no network)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import httpx

from jsontwo.conformance.context import Relations, RunContext
from jsontwo.conformance.targets import Target

TARGET = Target(name="test", url="http://server.test", db="db1", key="secret-key-123")
#: a Monday in the middle of a month: no two date variables are equal
NOW = dt.datetime(2026, 3, 16, 10, 30, 0)
RELATIONS: Relations = {
    "res.partner": {
        "country_id": "res.country",
        "parent_id": "res.partner",
        "child_ids": "res.partner",
        "category_id": "res.partner.category",
    },
    "res.country": {"state_ids": "res.country.state"},
}


def context(relations: Relations | None = None) -> RunContext:
    """A run context with the run suffix ``cftest01`` and the clock at NOW."""
    return RunContext(
        TARGET, RELATIONS if relations is None else relations, run="cftest01", now=NOW
    )


class FakeServer:
    """A JSON-2 server of one model, ``res.partner``, numbering its records
    from ``first_id``: create, read, search (by ``name ilike`` or ``id in``),
    unlink. Enough to run a scenario through the recorder and the replayer."""

    def __init__(self, first_id: int = 1, rename: str = "") -> None:
        self.records: dict[int, dict[str, Any]] = {}
        self.next_id = first_id
        #: appended to every name it returns, to make it answer differently
        self.rename = rename
        self.calls: list[tuple[str, Any]] = []

    def transport(self) -> httpx.MockTransport:
        """The transport a Client sends through."""
        return httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        """Answer one call."""
        if request.headers.get("Authorization") != f"bearer {TARGET.key}":
            return httpx.Response(401, json={"name": "AccessDenied", "message": "no"})
        method = request.url.path.rsplit("/", 1)[-1]
        body = json.loads(request.content or b"{}")
        self.calls.append((method, body))
        handler = getattr(self, f"do_{method}", None)
        if handler is None:
            return httpx.Response(404, text="<html>not found</html>")
        return handler(body)

    def do_create(self, body: dict[str, Any]) -> httpx.Response:
        values = body["vals_list"]
        ids = []
        for vals in values if isinstance(values, list) else [values]:
            self.records[self.next_id] = dict(vals)
            ids.append(self.next_id)
            self.next_id += 1
        return httpx.Response(200, json=ids)

    def do_read(self, body: dict[str, Any]) -> httpx.Response:
        missing = [i for i in body["ids"] if i not in self.records]
        if missing:
            message = f"Record does not exist or has been deleted. res.partner({missing[0]},)"
            return httpx.Response(404, json={"name": "MissingError", "message": message})
        return httpx.Response(
            200,
            json=[
                {"id": i, "name": self.records[i]["name"] + self.rename, "write_date": "now"}
                for i in body["ids"]
            ],
        )

    def do_search(self, body: dict[str, Any]) -> httpx.Response:
        ((field, _operator, value),) = body["domain"]
        if field == "id":
            found = [i for i in self.records if i in value]
        else:
            found = [i for i, r in self.records.items() if value in r["name"]]
        return httpx.Response(200, json=found)

    def do_unlink(self, body: dict[str, Any]) -> httpx.Response:
        for i in body["ids"]:
            self.records.pop(i, None)
        return httpx.Response(200, json=True)
