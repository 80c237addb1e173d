"""The real `jsontwo serve` process, on a free port, answering the documented example."""

from __future__ import annotations

import os
import re
from pathlib import Path

import httpx

from jsontwo.db import Storage
from tests.conftest import free_port, new_db_name, start_server, stop_server

EXAMPLE = {"domain": [["name", "ilike", "deco"], ["is_company", "=", True]], "fields": ["name"]}
KEY_LINE = re.compile(r"API key:\s+([0-9a-f]{40})")


def test_serve_demo_answers_the_documented_example(storage: Storage, tmp_path: Path) -> None:
    name = new_db_name("serve")
    env = {**os.environ, "JSONTWO_DB_URL": "", **storage.environment()}
    port = free_port()
    proc, banner = start_server(["--demo", name], env, port, tmp_path / "serve.log")
    try:
        match = KEY_LINE.search(banner)
        assert match, f"no API key in the banner:\n{banner}"
        assert f"http://127.0.0.1:{port}" in banner
        assert name in banner
        response = httpx.post(
            f"http://127.0.0.1:{port}/json/2/res.partner/search_read",
            headers={
                "Authorization": f"bearer {match.group(1)}",
                "X-Odoo-Database": name,
                "Content-Type": "application/json",
            },
            json=EXAMPLE,
        )
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json; charset=utf-8"
        records = response.json()
        assert len(records) == 1
        assert records[0]["name"] == "Deco Addict"
        assert set(records[0]) == {"id", "name"}
    finally:
        stop_server(proc)
        storage.drop(name)
