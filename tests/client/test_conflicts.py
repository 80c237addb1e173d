"""A real concurrency conflict, on PostgreSQL: the server gives up after its own
five tries and answers ``psycopg2.errors.SerializationFailure``; the client
sends the call again, and it succeeds.

The test holds the partner's row in a transaction of its own. Each time the
server's transaction waits for that row, the test commits (the server's
snapshot is then older than the row: PostgreSQL's serialization failure) and
takes the row again at once, in the same round trip, before the server's next
try comes back. Once the client has logged its retry, the test lets the call
through.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from typing import Any

import psycopg
import pytest
import sqlalchemy as sa

from jsontwo.client import Client
from tests.client.conftest import Served, unique

pytestmark = pytest.mark.server

#: seconds the whole exchange may take: the server sleeps up to 2+4+8+16 s between
#: its tries (an upper bound for a stuck test, not a measure)
DEADLINE = 240.0
RETRY_LINE = re.compile(r"failed \(psycopg2\.errors\.SerializationFailure\).*\(request (\w+)\)")


def connect(served: Served) -> psycopg.Connection[Any]:
    """A connection of the test's own to the server's database."""
    url = sa.engine.make_url(served.storage.url_for(served.db)).set(drivername="postgresql")
    return psycopg.connect(url.render_as_string(hide_password=False), autocommit=True)


def waiting_transaction(
    watcher: psycopg.Connection[Any], holder_pid: int
) -> tuple[int, Any] | None:
    """The server's transaction that waits for a lock now (backend pid and start), if any."""
    row = watcher.execute(
        "SELECT pid, xact_start FROM pg_stat_activity"
        " WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> %s",
        [holder_pid],
    ).fetchone()
    return (row[0], row[1]) if row else None


def test_a_serialization_failure_is_sent_again(
    served: Served, backend: str, caplog: pytest.LogCaptureFixture
) -> None:
    if backend != "postgresql":
        pytest.skip("SQLite has no row locks: its writers take turns, one at a time")
    with Client(served.url, served.key, database=served.db) as odoo:
        [partner] = odoo["res.partner"].create({"name": unique("conflict")})
    holder, watcher = connect(served), connect(served)
    lock = f"BEGIN; UPDATE res_partner SET write_date = write_date WHERE id = {int(partner)}"
    holder.execute(lock)
    outcome: dict[str, Any] = {}

    def write() -> None:
        with Client(served.url, served.key, database=served.db, retries=2, backoff=0) as odoo:
            try:
                outcome["result"] = odoo["res.partner"].write([partner], {"comment": "done"})
            except Exception as exc:  # reported by the assertions below
                outcome["error"] = exc

    caller = threading.Thread(target=write)
    with caplog.at_level(logging.WARNING, logger="jsontwo.client"):
        caller.start()
        conflicts: set[tuple[int, Any]] = set()
        deadline = time.monotonic() + DEADLINE
        while caller.is_alive() and time.monotonic() < deadline:
            waiting = waiting_transaction(watcher, holder.info.backend_pid)
            if waiting is not None and waiting not in conflicts:
                conflicts.add(waiting)
                if any(RETRY_LINE.search(r.getMessage()) for r in caplog.records):
                    holder.execute("COMMIT")  # the client sent it again: let it through
                else:
                    holder.execute(f"COMMIT; {lock}")  # conflict, and hold the row again
            time.sleep(0.02)
        caller.join(timeout=DEADLINE)
    holder.close()
    watcher.close()

    assert outcome == {"result": True}
    retries = [m for r in caplog.records if (m := RETRY_LINE.search(r.getMessage()))]
    assert len(retries) == 1, [r.getMessage() for r in caplog.records]
    # the server's five tries, then the client's second sending (whose first try
    # conflicts once more before it goes through)
    assert len(conflicts) == 6
    lines = served.log_lines(retries[0].group(1), at_least=2)
    statuses = [m.group(1) for line in lines if (m := re.search(r" POST \S+ (\d{3}) ", line))]
    assert statuses == ["500", "200"], statuses
