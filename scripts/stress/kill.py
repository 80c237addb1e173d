"""``kill -9`` under write load: the writers of :mod:`stress.writes` run, the
server and its workers are killed at once, the server is started again, and
every write it had acknowledged must be there, whole and once."""

from __future__ import annotations

import threading
import time

from stress import writes
from stress.figures import Figures
from stress.server import StressServer


def run(
    server: StressServer, figures: Figures, clients: int, count: int, after: float = 2.0
) -> None:
    """Write with ``clients`` clients (``count`` writes each at most), kill the
    server ``after`` seconds in, restart it and look for every acknowledged write."""
    ledger = writes.Ledger()
    writes.prepare(server, ledger)
    stop = threading.Event()
    load = threading.Thread(
        target=writes.run_writers,
        args=(server, ledger, None, clients, count, stop, 10.0),
    )
    load.start()
    time.sleep(after)
    server.poll_workers()
    server.kill9()
    stop.set()
    load.join()
    figures.requests += len(ledger.writes)
    server.start()
    writes.verify(server, ledger, figures)
