"""Concurrent writers: each client creates records of its own and writes on
records every client writes to; afterwards every acknowledged write is looked
for (lost: missing; duplicated: there twice; partial: some of its fields only).
The same writers run under ``kill -9`` (:mod:`stress.kill`)."""

from __future__ import annotations

import random
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import httpx

from stress.checks import check
from stress.figures import Figures
from stress.server import StressServer

#: records every client writes to (the conflicts)
SHARED = 4


@dataclass(frozen=True)
class Write:
    """One create or write: the token its fields carry, the record it writes
    (None for a create) and whether the server acknowledged it (a 200)."""

    token: str
    target: int | None
    acknowledged: bool


@dataclass
class Ledger:
    """The writes of one run, and the shared records they conflict on."""

    run: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    shared: list[int] = field(default_factory=list)
    writes: list[Write] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, write: Write) -> None:
        """Note a write (from any thread)."""
        with self.lock:
            self.writes.append(write)


def values(token: str) -> dict[str, str]:
    """The fields a write sets, all carrying its token (so a partial write shows)."""
    return {"ref": token, "email": f"{token}@stress.test", "city": token}


def prepare(server: StressServer, ledger: Ledger) -> None:
    """Create the shared records."""
    with server.client() as client:
        names = [{"name": f"stress-{ledger.run}-shared-{i}"} for i in range(SHARED)]
        answer = client.post("/json/2/res.partner/create", json={"vals_list": names})
        answer.raise_for_status()
        ledger.shared = answer.json()


def writer(
    server: StressServer,
    ledger: Ledger,
    figures: Figures | None,
    number: int,
    count: int,
    stop: threading.Event,
    timeout: float,
) -> None:
    """One client: ``count`` writes (or until ``stop``), one in two a create of its
    own record, the other a write on a shared one. With ``figures`` each answer is
    checked; without (under ``kill -9``) a failed connection ends the client."""
    rng = random.Random(number)
    with server.client(timeout) as client:
        for n in range(count):
            if stop.is_set():
                return
            token = f"stress-{ledger.run}-c{number}-n{n}"
            target = rng.choice(ledger.shared) if n % 2 else None
            body: dict[str, object]
            if target is None:
                path, body = (
                    "/json/2/res.partner/create",
                    {"vals_list": [{"name": token, **values(token)}]},
                )
            else:
                path, body = "/json/2/res.partner/write", {"ids": [target], "vals": values(token)}
            try:
                answer: httpx.Response | Exception = client.post(path, json=body)
            except httpx.HTTPError as exc:
                answer = exc
            ok = isinstance(answer, httpx.Response) and answer.status_code == 200
            ledger.add(Write(token, target, ok))
            if figures is not None:
                check(figures, server, {"path": path, "body": body}, answer)
            elif not isinstance(answer, httpx.Response):
                return


def run_writers(
    server: StressServer,
    ledger: Ledger,
    figures: Figures | None,
    clients: int,
    count: int,
    stop: threading.Event | None = None,
    timeout: float = 60.0,
) -> None:
    """Run ``clients`` writers of ``count`` writes each at once."""
    stop = stop or threading.Event()
    with ThreadPoolExecutor(clients) as pool:
        jobs = [
            pool.submit(writer, server, ledger, figures, n, count, stop, timeout)
            for n in range(clients)
        ]
        for job in jobs:
            job.result()


def verify(server: StressServer, ledger: Ledger, figures: Figures) -> None:
    """Look for every write of ``ledger`` in the database (read back through the API)."""
    with server.client(120) as client:
        answer = client.post(
            "/json/2/res.partner/search_read",
            json={
                "domain": [["name", "=like", f"stress-{ledger.run}-%"]],
                "fields": ["name", "ref", "email", "city"],
            },
        )
        answer.raise_for_status()
        rows = answer.json()
    by_name: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        by_name.setdefault(str(row["name"]), []).append(row)
    by_id = {row["id"]: row for row in rows}
    acknowledged = [w for w in ledger.writes if w.acknowledged]
    figures.writes_acknowledged += len(acknowledged)
    for write in ledger.writes:
        if write.target is None:
            _check_create(write, by_name.get(write.token, []), figures)
    for target in ledger.shared:
        row = by_id.get(target)
        tokens = {w.token for w in ledger.writes if w.target == target}
        acked = [w for w in ledger.writes if w.target == target and w.acknowledged]
        if row is None:
            figures.lost += 1
            figures.example("lost write", record=target, detail="the shared record is gone")
            continue
        if not _whole(row, str(row["ref"])) and row["ref"] is not False:
            figures.partial += 1
            figures.example("partial write", record=row)
        if acked and row["ref"] not in tokens:
            figures.lost += 1
            figures.example("lost write", record=row, detail="no acknowledged write left its value")


def _check_create(write: Write, rows: list[dict[str, object]], figures: Figures) -> None:
    """A create: once and whole when acknowledged; at most once when not."""
    if len(rows) > 1:
        figures.duplicated += 1
        figures.example("duplicated write", token=write.token, records=rows)
    if write.acknowledged and not rows:
        figures.lost += 1
        figures.example("lost write", token=write.token, detail="acknowledged create not found")
    for row in rows:
        if not _whole(row, write.token):
            figures.partial += 1
            figures.example("partial write", token=write.token, record=row)


def _whole(row: dict[str, object], token: str) -> bool:
    """Every field of the write carries ``token``."""
    return all(row.get(name) == value for name, value in values(token).items())


def run(server: StressServer, figures: Figures, clients: int, count: int) -> None:
    """The concurrent writers' part: write, then look for every write."""
    ledger = Ledger()
    prepare(server, ledger)
    run_writers(server, ledger, figures, clients, count)
    verify(server, ledger, figures)
