"""The calls the benchmark measures: issue #18's table, identical on jsontwo and
on Odoo 19 (the ids of ``read`` and ``write`` are each server's own ids of the
same generated partners)."""

from __future__ import annotations

import json
import xmlrpc.client
from collections.abc import Callable
from dataclasses import dataclass

from seed import BULK, BULK_PREFIX
from target import Target
from wrk import Request

#: the budget call's domain and fields (docs/benchmarks.md, "The budget")
BUDGET_DOMAIN = [["is_company", "=", True], ["country_id.code", "=", "US"]]
FIELDS = ["name", "email", "country_id", "city"]

Body = object | Callable[[Target], object]


@dataclass(frozen=True)
class Call:
    """One measured request: a GET when ``body`` is None, else a POST."""

    label: str
    path: str
    #: the JSON-2 arguments, execute_kw's arguments for the legacy kinds, or a
    #: function of the target answering them
    body: Body = None
    #: "json2" (JSON body, bearer key), "jsonrpc" (JSON body, key as password)
    #: or "xmlrpc" (XML body, password)
    kind: str = "json2"
    #: records one call creates: its rate is reported in records per second
    records: int = 0
    #: the ratio to Odoo 19 it must reach: (SQLite, PostgreSQL); None: no target
    target: tuple[float, float] | None = (20, 12)

    def arguments(self, target: Target) -> object:
        """The body's arguments for ``target``."""
        return self.body(target) if callable(self.body) else self.body

    def request(self, target: Target) -> Request:
        """What wrk sends to ``target``."""
        url = f"{target.url}{self.path}"
        if self.body is None:
            return Request(url)
        args = self.arguments(target)
        if self.kind == "xmlrpc":
            assert isinstance(args, tuple)
            body = xmlrpc.client.dumps(
                (target.db, target.uid, target.password, *args), "execute_kw"
            )
            return Request(url, body, "text/xml", db=target.db)
        if self.kind == "jsonrpc":
            assert isinstance(args, tuple)
            params = {
                "service": "object",
                "method": "execute_kw",
                "args": [target.db, target.uid, target.key, *args],
            }
            rpc = {"jsonrpc": "2.0", "method": "call", "params": params, "id": 1}
            return Request(url, json.dumps(rpc), db=target.db)
        return Request(url, json.dumps(args), key=target.key, db=target.db)


def _read(target: Target) -> object:
    return {"ids": list(target.read_ids), "fields": FIELDS}


def _write(target: Target) -> object:
    # the same value each time: the table does not grow, the row is rewritten
    return {"ids": list(target.read_ids[:1]), "vals": {"function": "Bench"}}


TRIVIAL = Call("GET /web/version (trivial)", "/web/version", target=None)
BUDGET = Call(
    "search_read is_company + country_id.code (budget)",
    "/json/2/res.partner/search_read",
    {"domain": BUDGET_DOMAIN, "fields": FIELDS, "limit": 80},
)
CREATE = Call(
    "create 1000 partners (records/s)",
    "/json/2/res.partner/create",
    {
        "vals_list": [
            {
                "name": f"{BULK_PREFIX}{i}",
                "email": f"bulk{i}@example.com",
                "is_company": i % 10 == 0,
            }
            for i in range(BULK)
        ]
    },
    records=BULK,
    target=(10, 10),
)
SEARCH_COUNT = Call("search_count []", "/json/2/res.partner/search_count", {"domain": []})

#: the calls in the order measured; create last (it grows the table)
CALLS: list[Call] = [
    TRIVIAL,
    BUDGET,
    Call(
        "search_read name ilike",
        "/json/2/res.partner/search_read",
        {"domain": [["name", "ilike", "partner 01"]], "fields": FIELDS, "limit": 80},
    ),
    Call("read 80 ids, 4 fields", "/json/2/res.partner/read", _read),
    SEARCH_COUNT,
    Call("write one field of one record", "/json/2/res.partner/write", _write),
    Call(
        "formatted_read_group by country",
        "/json/2/res.partner/formatted_read_group",
        {"domain": [], "groupby": ["country_id"], "aggregates": ["__count"]},
    ),
    Call(
        "web_search_read, many2one spec",
        "/json/2/res.partner/web_search_read",
        {
            "domain": [["is_company", "=", True]],
            "specification": {"name": {}, "country_id": {"fields": {"display_name": {}}}},
            "limit": 80,
        },
    ),
    Call(
        "name_search, limit 8",
        "/json/2/res.partner/name_search",
        {"name": "partner 01", "limit": 8},
    ),
    Call(
        "XML-RPC search_count [] (password)",
        "/xmlrpc/2/object",
        ("res.partner", "search_count", [[]]),
        "xmlrpc",
    ),
    Call(
        "JSON-RPC search_count [] (API key)",
        "/jsonrpc",
        ("res.partner", "search_count", [[]]),
        "jsonrpc",
        target=None,
    ),
    CREATE,
]
