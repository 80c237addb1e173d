"""A change to access rights made through one worker of a real server applies to
the very next call on every worker (issue 5): workers keep what they read of the
access rights, and must never serve a stale copy.

The server runs with two worker processes; each call opens a new connection, and
calls go on until both workers (named by the response's worker header) answered.
"""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from jsontwo.db import Storage
from tests.servers import demo_server, outcomes_by_worker, post, worker_of

pytestmark = pytest.mark.server
CLI = (sys.executable, "-m", "jsontwo.cli.main")


def counts(port: int, db: str, key: str, name: str) -> dict[int, set[int]]:
    """What each worker answers to ``search_count`` of the tag ``name``."""

    def one() -> tuple[int, int]:
        response = post(
            port, db, key, "res.partner.category/search_count", {"domain": [["name", "=", name]]}
        )
        assert response.status_code == 200, response.text
        return worker_of(response), int(response.json())

    return outcomes_by_worker(one)


def test_a_new_rule_and_its_removal_apply_at_once_on_every_worker(
    storage: Storage, tmp_path: Path
) -> None:
    with demo_server(storage, tmp_path, "rules") as server:
        port, name, admin, env = server.port, server.db, server.key, server.env
        made = subprocess.run(
            [*CLI, "apikey", "create", "--db", name, "--login", "demo", "--name", "workers"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        demo = made.stdout.strip()
        tag = f"secret-{uuid.uuid4().hex[:8]}"
        response = post(
            port, name, admin, "res.partner.category/create", {"vals_list": {"name": tag}}
        )
        assert response.status_code == 200, response.text
        seen = counts(port, name, demo, tag)
        workers = set(seen)
        assert seen == {pid: {1} for pid in workers}  # both workers now keep the access rights

        model = post(
            port,
            name,
            admin,
            "ir.model/search",
            {"domain": [["model", "=", "res.partner.category"]]},
        ).json()
        group = post(
            port,
            name,
            admin,
            "ir.model.data/search_read",
            {"domain": [["name", "=", "group_user"]], "fields": ["res_id"]},
        ).json()[0]["res_id"]
        rule = {
            "name": "tags: no secrets",
            "model_id": model[0],
            "groups": [[6, 0, [group]]],
            "domain_force": "[('name', 'not like', 'secret-')]",
        }
        response = post(port, name, admin, "ir.rule/create", {"vals_list": rule})
        assert response.status_code == 200, response.text
        assert counts(port, name, demo, tag) == {pid: {0} for pid in workers}  # on both workers

        response = post(port, name, admin, "ir.rule/unlink", {"ids": response.json()})
        assert response.status_code == 200, response.text
        assert counts(port, name, demo, tag) == {pid: {1} for pid in workers}
