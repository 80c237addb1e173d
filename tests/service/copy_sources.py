"""Source databases for the tests of ``jsontwo db copy``: the demo database with a
bit of everything a copy must carry (a manual ``x_`` model and its rows, a
French name, an attachment, an API key, a sequence that drew numbers, a
deleted partner so that the next id is past the largest), and optionally many
generated partners, made by bulk ``create`` as bench/seed.py makes them."""

from __future__ import annotations

import base64
import functools
import os
from dataclasses import dataclass
from pathlib import Path

import httpx

from jsontwo.db import Storage, open_storage
from jsontwo.orm import Environment
from jsontwo.service import create_database
from jsontwo.service.apikeys import create_api_key
from jsontwo.service.databases import Databases, with_superuser
from tests.conftest import free_port, pg_url, start_server, stop_server

#: partners created per bulk create
BULK = 5000
#: the attachment's content (bytes no text encoding would keep)
CONTENT = bytes(range(256)) * 8
MANUAL_MODEL = "x_copy_thing"
SEQUENCE_CODE = "copy.test.sequence"


@dataclass
class Source:
    """What a test source database holds, to be found again on its copy."""

    name: str
    key: str
    partners: int
    next_partner_id: int
    attachment_id: int
    country_id: int
    thing_id: int


def storages(root: Path) -> dict[str, Storage]:
    """A SQLite storage and a PostgreSQL one (its file stores under ``root``)."""
    return {
        "sqlite": open_storage(data_dir=root / "sqlite"),
        "postgresql": open_storage(data_dir=root / "pg-files", db_url=pg_url()),
    }


def make_source(storage: Storage, name: str, partners: int = 0) -> Source:
    """Database ``name`` with demo data and the things of the module's docstring."""
    create_database(storage, name, demo=True).database.dispose()
    databases = Databases(storage)
    try:
        with_superuser(databases.registry(name), _manual_model)
    finally:
        databases.close()
    databases = Databases(storage)  # the registry with the new model
    try:
        registry = databases.registry(name)
        facts = with_superuser(registry, _fill)
        for start in range(0, partners, BULK):
            with_superuser(
                registry, functools.partial(_seed, start=start, count=min(BULK, partners - start))
            )
        next_id = with_superuser(registry, _create_and_delete_a_partner)
        total = with_superuser(
            registry,
            lambda env: env["res.partner"].with_context(active_test=False).search_count([]),
        )
        key = create_api_key(registry, "admin", "copy test")
    finally:
        databases.close()
    return Source(name, key, total, next_id, *facts)


def _manual_model(env: Environment) -> None:
    fields = [
        {"name": "x_name", "ttype": "char", "field_description": "Name"},
        {"name": "x_when", "ttype": "datetime", "field_description": "When"},
        {"name": "x_day", "ttype": "date", "field_description": "Day"},
        {"name": "x_done", "ttype": "boolean", "field_description": "Done"},
        {"name": "x_amount", "ttype": "float", "field_description": "Amount"},
    ]
    model = env["ir.model"].create(
        {
            "name": "Copy Things",
            "model": MANUAL_MODEL,
            "field_id": [(0, 0, values) for values in fields],
        }
    )
    env["ir.model.access"].create(
        {"name": "copy things", "model_id": model.id, "perm_read": True, "perm_write": True}
    )


def _fill(env: Environment) -> tuple[int, int, int]:
    """The attachment, the French name, the manual rows, the sequence's numbers:
    (attachment id, country id, manual record id)."""
    langs = env["res.lang"].with_context(active_test=False)
    if not langs.search([("code", "=", "fr_FR")]):
        langs.create(
            {"name": "French / Français", "code": "fr_FR", "iso_code": "fr", "url_code": "fr"}
        )
    langs.search([("code", "=", "fr_FR")]).write({"active": True})
    country = env["res.country"].search([("code", "=", "BE")])
    country.with_context(lang="fr_FR").write({"name": "Belgique"})
    attachment = env["ir.attachment"].create(
        {"name": "copy.bin", "datas": base64.b64encode(CONTENT).decode()}
    )
    things = env[MANUAL_MODEL].create(
        [
            {
                "x_name": "first",
                "x_when": "2024-02-29 23:59:58",
                "x_day": "2024-02-29",
                "x_done": True,
                "x_amount": 0.1 + 0.2,
            },
            {"x_name": "empty"},
        ]
    )
    sequence = env["ir.sequence"].create(
        {"name": "copy", "code": SEQUENCE_CODE, "padding": 3, "company_id": False}
    )
    for _ in range(3):
        sequence.next_by_id()
    return attachment.id, country.id, things.ids[0]


def _seed(env: Environment, *, start: int, count: int) -> None:
    countries = env["res.country"].search([]).ids
    env["res.partner"].create(
        [
            {
                "name": f"Copy Partner {number:06d}",
                "is_company": number % 10 == 0,
                "email": f"copy{number}@example.com",
                "city": "Brussels",
                "country_id": countries[number % len(countries)],
            }
            for number in range(start, start + count)
        ]
    )


def _create_and_delete_a_partner(env: Environment) -> int:
    """The id the next partner gets: one past a partner created and deleted."""
    partner = env["res.partner"].create({"name": "Copy Gone"})
    gone = partner.id
    partner.unlink()
    return gone + 1


class Server:
    """A `jsontwo serve` process on a storage (its database made by a copy)."""

    def __init__(self, storage: Storage, log: Path) -> None:
        env = {**os.environ, "JSONTWO_DB_URL": "", **storage.environment()}
        self.port = free_port()
        self.proc, _banner = start_server([], env, self.port, log)
        self.url = f"http://127.0.0.1:{self.port}"

    def call(self, db: str, key: str, model: str, method: str, **body: object) -> httpx.Response:
        """POST /json/2/<model>/<method> with ``key``."""
        headers = {"Authorization": f"bearer {key}", "X-Odoo-Database": db}
        return httpx.post(
            f"{self.url}/json/2/{model}/{method}", json=body, headers=headers, timeout=60
        )

    def login(self, db: str, login: str, password: str) -> object:
        """The uid JSON-RPC's ``common.login`` answers."""
        params = {"service": "common", "method": "login", "args": [db, login, password]}
        body = {"jsonrpc": "2.0", "method": "call", "params": params, "id": 1}
        return httpx.post(f"{self.url}/jsonrpc", json=body, timeout=60).json().get("result")

    def stop(self) -> None:
        """Stop the server."""
        stop_server(self.proc)
