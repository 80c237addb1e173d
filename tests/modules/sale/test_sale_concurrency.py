"""Orders created at once by many clients of a real server with two worker
processes get unique, consecutive names from the ``sale.order`` sequence, on
SQLite (writers queue on the database lock) and on PostgreSQL (a database
sequence, which never blocks)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from jsontwo.db import Storage
from tests.servers import demo_server, worker_of

pytestmark = pytest.mark.server
CLIENTS = 8
ORDERS = 4
#: the demo database has Odoo's eighteen orders already (S00001 to S00018)
DEMO_ORDERS = 18


def test_concurrent_clients_get_unique_consecutive_order_names(
    storage: Storage, tmp_path: Path
) -> None:
    with demo_server(storage, tmp_path, "sale") as server:

        def find(model: str, domain: list[Any]) -> int:
            response = server.post(f"{model}/search", {"domain": domain, "limit": 1})
            assert response.status_code == 200, response.text
            return int(response.json()[0])

        customer = find("res.partner", [["name", "=", "Acme Corporation"]])
        product = find("product.product", [["sale_ok", "=", True]])
        barrier = threading.Barrier(CLIENTS)
        created: list[int] = []
        workers: set[int] = set()
        failures: list[str] = []
        lock = threading.Lock()

        def client() -> None:
            barrier.wait()
            for _ in range(ORDERS):
                order = {
                    "partner_id": customer,
                    "order_line": [[0, 0, {"product_id": product, "product_uom_qty": 2}]],
                }
                response = server.post("sale.order/create", {"vals_list": [order]})
                with lock:
                    workers.add(worker_of(response))
                    if response.status_code == 200:
                        created.extend(response.json())
                    else:
                        failures.append(response.text)

        threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert failures == []
        assert len(workers) == 2  # both processes created orders
        response = server.post(
            "sale.order/read", {"ids": created, "fields": ["name", "amount_untaxed"]}
        )
        assert response.status_code == 200, response.text
        rows = response.json()
        names = sorted(row["name"] for row in rows)
        first = DEMO_ORDERS + 1
        assert names == [f"S{n:05d}" for n in range(first, first + CLIENTS * ORDERS)]
        assert len({row["amount_untaxed"] for row in rows}) == 1  # every total computed
