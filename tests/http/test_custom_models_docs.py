"""The API documentation of models and fields made at run time, on a real
two-worker ``jsontwo serve``: ``/doc-bearer/index.json``,
``/doc-bearer/<model>.json``, ``/doc-bearer/openapi.json`` and the /doc page's
``/doc/index.json`` (by session cookie) list a custom model and a custom field
of res.partner on every worker once made, and stop listing them once deleted."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from jsontwo.db import Storage
from tests.servers import DemoServer, demo_server, outcomes_by_worker, worker_of

pytestmark = pytest.mark.server

SIGN_IN = "/web/account/security"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(scope="module")
def server(storage: Storage, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    """Two workers on a demo database."""
    with demo_server(storage, tmp_path_factory.mktemp("customdoc"), "customdoc") as running:
        yield running


@pytest.fixture(scope="module")
def session(server: DemoServer) -> httpx.Cookies:
    """The cookies of the demo admin signed in (a member of the documentation group)."""
    with httpx.Client(base_url=f"http://127.0.0.1:{server.port}", timeout=60) as client:
        token = CSRF_RE.search(client.get(SIGN_IN).text)
        assert token
        form = {"csrf_token": token.group(1), "db": server.db, "login": "admin"}
        response = client.post(f"{SIGN_IN}/signin", data={**form, "password": "admin"})
        assert response.status_code == 303, response.text
        return client.cookies


def ok(server: DemoServer, path: str, body: dict[str, Any]) -> Any:
    """The answer of a JSON-2 call that must succeed."""
    response = server.post(path, body)
    assert response.status_code == 200, response.text
    return response.json()


def documents(server: DemoServer, cookies: httpx.Cookies) -> dict[str, set[Any]]:
    """What each document says of x_gadget and res.partner's x_nick, as the set
    of the answers of both workers (each request on a connection of its own)."""
    base = f"http://127.0.0.1:{server.port}"
    bearer = {"Authorization": f"bearer {server.key}", "X-Odoo-Database": server.db}

    def listed(index: dict[str, Any]) -> bool:
        models = {m["model"]: m["fields"] for m in index["models"]}
        return "x_gadget" in models and "x_nick" in models["res.partner"]

    def model_doc(response: httpx.Response) -> Any:
        fields = sorted(response.json()["fields"]) if response.status_code == 200 else []
        return response.status_code, tuple(fields)

    def openapi(response: httpx.Response) -> Any:
        document = response.json()
        partner = document["components"]["schemas"]["res.partner.Record"]
        return "/json/2/x_gadget/search_read" in document["paths"], "x_nick" in str(partner)

    checks: dict[str, tuple[str, dict[str, Any], Any]] = {
        # first: nothing before it brought the workers' registries up to date
        "doc page": ("/doc/index.json", {"cookies": cookies}, lambda r: listed(r.json())),
        "index": ("/doc-bearer/index.json", {"headers": bearer}, lambda r: listed(r.json())),
        "model": ("/doc-bearer/x_gadget.json", {"headers": bearer}, model_doc),
        "openapi": (
            "/doc-bearer/openapi.json?models=x_gadget,res.partner",
            {"headers": bearer},
            openapi,
        ),
    }
    seen: dict[str, set[Any]] = {}
    for name, (path, options, summary) in checks.items():

        def call(
            path: str = path, options: dict[str, Any] = options, summary: Any = summary
        ) -> tuple[int, Any]:
            response = httpx.get(base + path, timeout=60, **options)
            assert response.status_code in (200, 404), response.text
            return worker_of(response), summary(response)

        seen[name] = set().union(*outcomes_by_worker(call).values())
    return seen


def test_documents_list_custom_models_and_fields_until_deleted(
    server: DemoServer, session: httpx.Cookies
) -> None:
    """Both workers' documents follow a model and a field made, then deleted, on one."""
    absent = {
        "index": {False},
        "model": {(404, ())},
        "openapi": {(False, False)},
        "doc page": {False},
    }
    assert documents(server, session) == absent

    [model_id] = ok(
        server, "ir.model/create", {"vals_list": [{"name": "Gadget", "model": "x_gadget"}]}
    )
    line = {"name": "x_gadget all", "model_id": model_id, "perm_read": True}
    ok(server, "ir.model.access/create", {"vals_list": [line]})
    field = {"model_id": model_id, "name": "x_weight", "ttype": "float"}
    ok(server, "ir.model.fields/create", {"vals_list": [field]})
    [partner_model] = ok(server, "ir.model/search", {"domain": [["model", "=", "res.partner"]]})
    nick = {"model_id": partner_model, "name": "x_nick", "ttype": "char"}
    [nick_id] = ok(server, "ir.model.fields/create", {"vals_list": [nick]})

    fields = ("create_date", "create_uid", "display_name", "id", "write_date", "write_uid")
    present = {
        "index": {True},
        "model": {(200, (*fields, "x_name", "x_weight"))},
        "openapi": {(True, True)},
        "doc page": {True},
    }
    assert documents(server, session) == present

    ok(server, "ir.model.fields/unlink", {"ids": [nick_id]})
    ok(server, "ir.model/unlink", {"ids": [model_id]})
    assert documents(server, session) == absent
