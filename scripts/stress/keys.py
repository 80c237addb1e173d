"""The API-key limit raced: at one key below the limit, many ``generate`` calls
at once; afterwards the user never holds more keys than the limit."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from stress.checks import check
from stress.figures import Figures
from stress.server import StressServer

#: Odoo's default of ``base.programmatic_api_keys_limit``
LIMIT = 10
GENERATE = "/json/2/res.users.apikeys/generate"


def live_keys(server: StressServer) -> int:
    """The admin's keys that have not expired (the ones the limit counts)."""
    with server.client() as client:
        answer = client.post(
            "/json/2/res.users.apikeys/search_count",
            json={"domain": [["user_id", "=", 2]]},
        )
        answer.raise_for_status()
        return int(answer.json())


def run(server: StressServer, figures: Figures, rounds: int, racers: int = 24) -> None:
    """``rounds`` times: fill up to one below the limit, race ``racers`` generate
    calls, count the keys, revoke the ones made."""
    lock = threading.Lock()
    body = {"key": server.key, "scope": None, "name": "stress race", "expiration_date": None}

    def generate(_: int) -> str | None:
        with server.client() as client:
            try:
                answer: Any = client.post(GENERATE, json=body)
            except Exception as exc:
                answer = exc
        with lock:
            decoded = check(figures, server, {"path": GENERATE, "body": body}, answer)
        return decoded if isinstance(decoded, str) else None

    for _ in range(rounds):
        made = [k for k in (generate(0) for _ in range(max(0, LIMIT - 1 - live_keys(server)))) if k]
        with ThreadPoolExecutor(racers) as pool:
            made += [k for k in pool.map(generate, range(racers)) if k]
        figures.key_races += 1
        held = live_keys(server)
        if held > LIMIT:
            figures.keys_over_limit += 1
            figures.example("key limit", keys=held, limit=LIMIT, racers=racers)
        with server.client() as client:
            for key in made:
                client.post("/json/2/res.users.apikeys/revoke", json={"key": key})
