"""Sale orders created and confirmed concurrently: every order's name comes
from the sequence without a gap or a repeat, and each order is confirmed once
(a second confirmation of the same order is refused)."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from stress.checks import check
from stress.figures import Figures
from stress.server import StressServer

#: the number at the end of an order's name (S00042)
NUMBER = re.compile(r"(\d+)$")


def _call(
    server: StressServer, figures: Figures, lock: threading.Lock, path: str, body: dict[str, Any]
) -> Any:
    """One checked call on a connection of its own; (status, decoded answer)."""
    with server.client() as client:
        try:
            answer: Any = client.post(path, json=body)
        except Exception as exc:
            answer = exc
    with lock:
        decoded = check(figures, server, {"path": path, "body": body}, answer)
    status = answer.status_code if hasattr(answer, "status_code") else 0
    return status, decoded


def run(server: StressServer, figures: Figures, orders: int, clients: int = 16) -> None:
    """Create ``orders`` orders at once, then confirm each twice at once."""
    lock = threading.Lock()
    with server.client() as client:
        partner = client.post(
            "/json/2/res.partner/search", json={"domain": [["is_company", "=", True]], "limit": 1}
        ).json()[0]
        product = client.post(
            "/json/2/product.product/search", json={"domain": [["sale_ok", "=", True]], "limit": 1}
        ).json()[0]
    order = {
        "partner_id": partner,
        "order_line": [[0, 0, {"product_id": product, "product_uom_qty": 1}]],
    }

    def create(_: int) -> tuple[int, Any]:
        return _call(server, figures, lock, "/json/2/sale.order/create", {"vals_list": [order]})

    with ThreadPoolExecutor(clients) as pool:
        created = list(pool.map(create, range(orders)))
    ids = [answer[0] for status, answer in created if status == 200]

    def confirm(order_id: int) -> tuple[int, int]:
        status, _ = _call(
            server, figures, lock, "/json/2/sale.order/action_confirm", {"ids": [order_id]}
        )
        return order_id, status

    with ThreadPoolExecutor(clients) as pool:
        confirmed = list(pool.map(confirm, [i for i in ids for _ in range(2)]))
    successes: dict[int, int] = {}
    for order_id, status in confirmed:
        successes[order_id] = successes.get(order_id, 0) + (status == 200)
    with server.client(120) as client:
        rows = client.post(
            "/json/2/sale.order/read", json={"ids": ids, "fields": ["name", "state"]}
        ).json()
    figures.orders_confirmed += sum(1 for row in rows if row["state"] == "sale")
    for order_id, count in successes.items():
        if count > 1:
            figures.confirmed_twice += 1
            figures.example("order confirmed twice", order=order_id, confirmations=count)
    numbers = sorted(int(m.group(1)) for row in rows if (m := NUMBER.search(str(row["name"]))))
    if numbers:
        repeats = len(numbers) - len(set(numbers))
        gaps = numbers[-1] - numbers[0] + 1 - len(set(numbers))
        if len(ids) == orders and (gaps or repeats):
            figures.name_gaps += gaps + repeats
            figures.example("sale order names", numbers=str(numbers), repeats=repeats, gaps=gaps)
