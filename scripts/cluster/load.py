"""A mixed load of JSON-2 calls that keeps the tally of its writes: each client
creates partners with names of its own and reads; afterwards every create the
server acknowledged (a 200 with the new id) must be there, once.

Calls are counted per phase (the faults split a run into phases): calls,
failures, and calls per second."""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

import httpx

#: seconds a call may take before the client gives up on it (a bound)
CALL_TIMEOUT = 60.0


@dataclass
class Phase:
    """The calls of one phase of a run."""

    name: str
    started: float = field(default_factory=time.monotonic)
    ended: float | None = None
    calls: int = 0
    failures: int = 0
    #: the first failures, for the report
    examples: list[str] = field(default_factory=list)

    def rate(self) -> float:
        """Calls answered per second in this phase."""
        elapsed = (self.ended or time.monotonic()) - self.started
        return self.calls / elapsed if elapsed > 0 else 0.0


@dataclass
class Verdict:
    """What the database holds of the acknowledged writes."""

    acknowledged: int
    lost: list[str]
    doubled: list[str]


class Load:
    """``clients`` threads calling ``url`` (a balancer, or one instance) on database
    ``db``, each with at most one call in flight, taking the ``keys`` in turn
    (one key, or several: a balancer that balances by key then spreads them)."""

    def __init__(self, url: str, db: str, keys: str | list[str], clients: int = 4) -> None:
        self.url = url
        self.keys = [keys] if isinstance(keys, str) else keys
        self.headers = {"Authorization": f"bearer {self.keys[0]}", "X-Odoo-Database": db}
        self.clients = clients
        #: names of the partners of this run start with it
        self.prefix = f"cluster-{uuid.uuid4().hex[:8]}"
        self.phases: list[Phase] = [Phase("start")]
        #: name -> id of every create the server acknowledged
        self.acknowledged: dict[str, int] = {}
        #: calls answered, by the header naming the instance that answered them
        self.by_instance: Counter[str] = Counter()
        self._lock = threading.Condition()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self, phase: str = "steady") -> None:
        """Start the clients, counting in a first phase named ``phase``."""
        self.phases = [Phase(phase)]
        for number in range(self.clients):
            thread = threading.Thread(target=self._client, args=(number,), daemon=True)
            thread.start()
            self._threads.append(thread)

    def phase(self, name: str) -> Phase:
        """End the current phase and count in a new one named ``name``."""
        with self._lock:
            self.phases[-1].ended = time.monotonic()
            self.phases.append(Phase(name))
            return self.phases[-2]

    def wait_calls(self, count: int, timeout: float = 300) -> None:
        """Wait until the current phase has answered ``count`` calls (failed ones too)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while self.phases[-1].calls < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"{self.phases[-1].calls} calls of {count} in {timeout} s")
                self._lock.wait(left)

    def stop(self) -> None:
        """Stop the clients once their call in flight is answered."""
        self._stop.set()
        for thread in self._threads:
            thread.join()
        self.phases[-1].ended = time.monotonic()

    def _client(self, number: int) -> None:
        with httpx.Client(base_url=self.url, headers=self.headers, timeout=CALL_TIMEOUT) as http:
            step = 0
            while not self._stop.is_set():
                step += 1
                key = self.keys[(number + step) % len(self.keys)]
                http.headers["Authorization"] = f"bearer {key}"
                if step % 2:
                    self._create(http, f"{self.prefix}-{number}-{step}")
                else:
                    self._call(
                        http,
                        "res.partner/search_read",
                        {"domain": [["name", "=like", f"{self.prefix}-{number}-%"]],
                         "fields": ["name"], "limit": 5, "order": "id desc"},
                    )  # fmt: skip

    def _create(self, http: httpx.Client, name: str) -> None:
        answer = self._call(http, "res.partner/create", {"vals_list": [{"name": name}]})
        if isinstance(answer, list) and answer:
            with self._lock:
                self.acknowledged[name] = answer[0]

    def _call(self, http: httpx.Client, path: str, body: dict[str, object]) -> object:
        """One call; its result, or None when it failed (counted as such)."""
        failure: str | None = None
        result: object = None
        instance = ""
        try:
            response = http.post(f"/json/2/{path}", json=body)
            if response.status_code == 200:
                result = response.json()
                instance = response.headers.get("x-jsontwo-instance", "")
            else:
                failure = f"{path}: {response.status_code} {response.text[:200]}"
        except httpx.HTTPError as exc:
            failure = f"{path}: {type(exc).__name__} {exc}"
        with self._lock:
            phase = self.phases[-1]
            phase.calls += 1
            if failure is None:
                self.by_instance[instance] += 1
            else:
                phase.failures += 1
                if len(phase.examples) < 5:
                    phase.examples.append(failure)
            self._lock.notify_all()
        return result

    def failures(self) -> int:
        """Calls failed in the whole run."""
        return sum(phase.failures for phase in self.phases)

    def verify(self) -> Verdict:
        """Look for every acknowledged create (through ``url``)."""
        with httpx.Client(base_url=self.url, headers=self.headers, timeout=CALL_TIMEOUT) as http:
            answer = http.post(
                "/json/2/res.partner/search_read",
                json={"domain": [["name", "=like", f"{self.prefix}-%"]], "fields": ["name"]},
            )
            answer.raise_for_status()
        found = Counter(row["name"] for row in answer.json())
        lost = sorted(name for name in self.acknowledged if name not in found)
        doubled = sorted(name for name, count in found.items() if count > 1)
        return Verdict(len(self.acknowledged), lost, doubled)

    def report(self) -> list[str]:
        """One line per phase: its calls, failures and calls per second."""
        return [
            f"  {p.name:<28} {p.calls:>6} calls  {p.failures:>3} failed  {p.rate():>7.1f} calls/s"
            for p in self.phases
        ]
