"""What the stress suite counts, and the examples it keeps of each failure."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

#: examples kept of each kind of failure (the rest are only counted)
EXAMPLES_EACH = 3
#: characters of a request or an answer kept in an example
EXAMPLE_CHARS = 600


@dataclass
class Figures:
    """The counts of one backend's run. ``failures`` names each kind of failure
    with its count; ``examples`` keeps a few reproductions of each."""

    backend: str
    requests: int = 0
    writes_acknowledged: int = 0
    lost: int = 0
    duplicated: int = 0
    partial: int = 0
    orders_confirmed: int = 0
    name_gaps: int = 0
    confirmed_twice: int = 0
    key_races: int = 0
    keys_over_limit: int = 0
    non_json: int = 0
    hangs: int = 0
    dropped: int = 0
    leaks: int = 0
    slow_clients: int = 0
    #: drawn requests the HTTP client itself refused to send (not counted as requests)
    unsendable: int = 0
    slow_held: int = 0
    crashes: int = 0
    #: workers replaced after their limits (--limit-request, memory): not failures
    recycled: int = 0
    #: transactions the server ran again after a conflict (its /metrics), and the
    #: writes still conflicting after the last try (answered 500 as Odoo does)
    retries: int = 0
    conflicts_after_retries: int = 0
    status_5xx: Counter[str] = field(default_factory=Counter)
    unexpected_5xx: Counter[str] = field(default_factory=Counter)
    integrity: list[str] = field(default_factory=list)
    integrity_ok: bool | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    examples: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def example(self, kind: str, **details: Any) -> None:
        """Keep a reproduction of a failure of ``kind`` (the first few only)."""
        kept = self.examples.setdefault(kind, [])
        if len(kept) < EXAMPLES_EACH:
            kept.append({k: _short(v) for k, v in details.items()})

    def as_json(self) -> dict[str, Any]:
        """The figures, the failures and the examples, as JSON-friendly values."""
        values = {
            name: dict(value) if isinstance(value, Counter) else value
            for name, value in vars(self).items()
        }
        return {**values, "failures": self.failures()}

    def failures(self) -> dict[str, int]:
        """Each kind of failure counted, with its count (empty: the run passed)."""
        counts = {
            "lost writes": self.lost,
            "duplicated writes": self.duplicated,
            "partial writes": self.partial,
            "gaps in sale order names": self.name_gaps,
            "orders confirmed twice": self.confirmed_twice,
            "races past the key limit": self.keys_over_limit,
            "non-JSON answers": self.non_json,
            "unexpected 5xx": sum(self.unexpected_5xx.values()),
            "SQL text or traceback in an answer": self.leaks,
            "hangs": self.hangs,
            "dropped connections": self.dropped,
            "slow clients held": self.slow_held,
            "crashes (workers replaced)": self.crashes,
            "integrity problems": len(self.integrity),
        }
        return {kind: count for kind, count in counts.items() if count}

    def report(self) -> str:
        """The figures as the lines ``make stress`` prints."""
        five = ", ".join(f"{n} {c}" for n, c in self.status_5xx.most_common()) or "none"
        unexpected = ", ".join(f"{n} {c}" for n, c in self.unexpected_5xx.most_common()) or "none"
        integrity = "ok" if self.integrity_ok else "; ".join(self.integrity) or "not checked"
        timing = ", ".join(f"{part} {sec:.0f} s" for part, sec in self.seconds.items())
        lines = [
            f"== {self.backend}",
            f"requests:               {self.requests} (unsendable drawn requests skipped: {self.unsendable})",
            f"acknowledged writes:    {self.writes_acknowledged}",
            f"lost writes:            {self.lost} (duplicated {self.duplicated}, partial {self.partial})",
            f"sale orders confirmed:  {self.orders_confirmed} (name gaps {self.name_gaps}, "
            f"confirmed twice {self.confirmed_twice})",
            f"key-limit races:        {self.key_races} (over the limit {self.keys_over_limit})",
            f"database retries:       {self.retries} (still conflicting after the last try: "
            f"{self.conflicts_after_retries})",
            f"non-JSON answers:       {self.non_json}",
            f"5xx by error name:      {five}",
            f"unexpected 5xx:         {unexpected}",
            f"SQL/traceback leaks:    {self.leaks}",
            f"hangs:                  {self.hangs} (dropped connections {self.dropped})",
            f"slow clients:           {self.slow_clients} (held past the limit {self.slow_held})",
            f"crashes (workers replaced): {self.crashes} (recycled after a limit: {self.recycled})",
            f"database integrity:     {integrity}",
            f"time:                   {timing}",
        ]
        failures = self.failures()
        lines.append(
            "result:                 "
            + ("PASS" if not failures else "FAIL " + json.dumps(failures))
        )
        return "\n".join(lines)


def _short(value: Any) -> Any:
    """A value made JSON-friendly, its texts cut to EXAMPLE_CHARS."""
    if isinstance(value, dict):
        return {str(k): _short(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_short(v) for v in value]
    if isinstance(value, bytes):
        value = value.decode("utf-8", "backslashreplace")
    if isinstance(value, str) and len(value) > EXAMPLE_CHARS:
        return f"{value[:EXAMPLE_CHARS]}... ({len(value)} characters)"
    return value
