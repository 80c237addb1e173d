"""Models and fields made at run time on a real two-worker ``jsontwo serve``:
whichever worker makes the change, every worker sees it at its next call (the
registry version stamp), and sees it go when it is deleted."""

from __future__ import annotations

import xmlrpc.client
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from jsontwo.db import Storage
from tests.servers import DemoServer, demo_server, outcomes_by_worker, worker_of

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def server(storage: Storage, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    """Two workers on a demo database."""
    with demo_server(storage, tmp_path_factory.mktemp("custom"), "custom") as running:
        yield running


def ok(server: DemoServer, path: str, body: dict[str, Any]) -> Any:
    """The answer of a call that must succeed (on whichever worker takes it)."""
    response = server.post(path, body)
    assert response.status_code == 200, response.text
    return response.json()


def partner_fields(server: DemoServer) -> dict[int, set[bool]]:
    """Per worker: whether res.partner's fields_get names x_nickname."""

    def call() -> tuple[int, bool]:
        response = server.post("res.partner/fields_get", {"attributes": ["type"]})
        assert response.status_code == 200, response.text
        return worker_of(response), "x_nickname" in response.json()

    return outcomes_by_worker(call)


def test_a_change_made_on_one_worker_is_seen_by_both(server: DemoServer) -> None:
    """A field added to res.partner and a new model with its access line: both
    workers (which had loaded their registries before) see them; deleting the
    field takes it away from both."""
    assert all(seen == {False} for seen in partner_fields(server).values())
    [partner_model] = ok(server, "ir.model/search", {"domain": [["model", "=", "res.partner"]]})
    [field] = ok(
        server,
        "ir.model.fields/create",
        {"vals_list": [{"model_id": partner_model, "name": "x_nickname", "ttype": "char"}]},
    )
    assert all(seen == {True} for seen in partner_fields(server).values())

    [model_id] = ok(
        server, "ir.model/create", {"vals_list": [{"name": "Widget", "model": "x_widget"}]}
    )
    line = {"name": "x_widget all", "model_id": model_id, "perm_read": True, "perm_create": True}
    ok(server, "ir.model.access/create", {"vals_list": [line]})
    ok(server, "x_widget/create", {"vals_list": [{"x_name": "gear"}]})

    def widgets() -> tuple[int, tuple[int, str]]:
        response = server.post("x_widget/search_read", {"fields": ["x_name"]})
        names = ",".join(row["x_name"] for row in response.json()) if response.is_success else ""
        return worker_of(response), (response.status_code, names)

    assert all(seen == {(200, "gear")} for seen in outcomes_by_worker(widgets).values())

    ok(server, "ir.model.fields/unlink", {"ids": [field]})
    assert all(seen == {False} for seen in partner_fields(server).values())


def execute_kw(server: DemoServer, model: str, method: str, *args: Any, **kw: Any) -> Any:
    """``execute_kw`` over the legacy XML-RPC as the demo admin, on a connection of
    its own: the answer and the worker that made it."""
    body = xmlrpc.client.dumps(
        (server.db, 2, "admin", model, method, list(args), kw), "execute_kw", allow_none=True
    )
    response = httpx.post(
        f"http://127.0.0.1:{server.port}/xmlrpc/2/object",
        content=body,
        headers={"Content-Type": "text/xml"},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    (answer,), _method = xmlrpc.client.loads(response.content)
    return worker_of(response), answer


def test_a_field_made_over_xmlrpc_is_used_on_both_workers(server: DemoServer) -> None:
    """A custom model and a field on res.partner made with XML-RPC's execute_kw
    on one worker are written, searched and read over XML-RPC on both; deleted,
    both workers stop describing the field."""
    _w, [partner_model] = execute_kw(server, "ir.model", "search", [["model", "=", "res.partner"]])
    _w, field = execute_kw(
        server,
        "ir.model.fields",
        "create",
        [{"model_id": partner_model, "name": "x_shoe_size", "ttype": "integer"}],
    )
    _w, [boot_model] = execute_kw(
        server, "ir.model", "create", [{"name": "Boot", "model": "x_boot"}]
    )
    line = {"name": "x_boot all", "model_id": boot_model, "perm_read": True, "perm_create": True}
    execute_kw(server, "ir.model.access", "create", [line])
    _w, [partner] = execute_kw(server, "res.partner", "create", [{"name": "Big feet"}])
    execute_kw(server, "res.partner", "write", [partner], {"x_shoe_size": 47})
    execute_kw(server, "x_boot", "create", [{"x_name": "wellington"}])

    def used() -> tuple[int, tuple[Any, ...]]:
        worker, rows = execute_kw(
            server,
            "res.partner",
            "search_read",
            [["x_shoe_size", ">", 45]],
            fields=["name", "x_shoe_size"],
        )
        _w, boots = execute_kw(server, "x_boot", "search_read", [], fields=["x_name"])
        found = tuple((r["name"], r["x_shoe_size"]) for r in rows)
        return worker, (found, tuple(b["x_name"] for b in boots))

    expected = ((("Big feet", 47),), ("wellington",))
    assert all(seen == {expected} for seen in outcomes_by_worker(used).values())

    execute_kw(server, "ir.model.fields", "unlink", field)

    def described() -> tuple[int, bool]:
        worker, fields = execute_kw(server, "res.partner", "fields_get", attributes=["type"])
        return worker, "x_shoe_size" in fields

    assert all(seen == {False} for seen in outcomes_by_worker(described).values())
