"""Models and fields made at run time on a real two-worker ``jsontwo serve``:
whichever worker makes the change, every worker sees it at its next call (the
registry version stamp), and sees it go when it is deleted."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

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
