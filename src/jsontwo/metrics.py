"""The server's Prometheus metrics (``GET /metrics``, docs/reliability.md "Metrics").

This module stands beside the layers: it imports nothing of jsontwo, so that
every layer may count what it alone sees (the storage its retries and
connections, the HTTP layer its calls).

``jsontwo serve`` runs its workers in several processes: it points
``PROMETHEUS_MULTIPROC_DIR`` at a fresh directory before they start, and each
worker's ``prometheus_client`` then keeps its values in files there, which the
worker answering ``/metrics`` adds up. The variable must be set before
``prometheus_client`` is imported, which is why the workers, not the command,
import this module. Without the variable (an application built in process, as
some tests do) the values live in the process alone.
"""

from __future__ import annotations

import re

from prometheus_client import Counter, Gauge, Histogram

#: seconds: from a cached read (a millisecond) to the default time limit (120 s)
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120)

CALLS = Counter(
    "jsontwo_calls",
    "Requests answered, by transport, model, method and status (the HTTP status an "
    "error has, for legacy faults too, which travel with HTTP 200).",
    ["transport", "model", "method", "status"],
)
LATENCY = Histogram(
    "jsontwo_call_duration_seconds",
    "Time from the request's arrival to its answer, by transport, model and method.",
    ["transport", "model", "method"],
    buckets=LATENCY_BUCKETS,
)
ERRORS = Counter(
    "jsontwo_errors",
    "Requests that failed, by transport and the error's name (as the JSON error object names it).",
    ["transport", "error"],
)
KEY_FAILURES = Counter(
    "jsontwo_key_failures",
    "Requests refused for their credentials (an API key, or a legacy password), by transport.",
    ["transport"],
)
RETRIES = Counter(
    "jsontwo_db_retries",
    "Transactions run again after a conflict with another (serialization failure, "
    "deadlock, busy database), by backend.",
    ["backend"],
)
REPLICA_READS = Counter(
    "jsontwo_db_replica_reads",
    "Read-only calls a replica answered, by replica (its place in --db-replica-url: 1, 2...).",
    ["replica"],
)
REPLICA_FALLBACKS = Counter(
    "jsontwo_db_replica_fallbacks",
    "Read-only calls run on the primary although replicas are configured, by reason: "
    "own_writes (the caller wrote recently), no_replica (none fresh and reachable), "
    "failed (the replica died during the call), behind (it lacks the models' last "
    "change), conflict (cancelled by the replay), wrote (the read tried to write), "
    "anonymous (no caller to tell apart).",
    ["reason"],
)
CONNECTIONS_IN_USE = Gauge(
    "jsontwo_db_connections_in_use",
    "Database connections the workers hold from their pools, by database.",
    ["database"],
    multiprocess_mode="livesum",
)
CONNECTIONS_OPEN = Gauge(
    "jsontwo_db_connections_open",
    "Database connections the workers' pools keep open, by database.",
    ["database"],
    multiprocess_mode="livesum",
)

#: what a model or method label may look like; anything else is counted as "-"
LABEL = re.compile(r"[A-Za-z0-9_.]{1,64}")
#: distinct (model, method) pairs a worker labels; beyond, new ones count as "-":
#: the names come from the request, and each pair costs memory in every scrape
MAX_CALL_LABELS = 1000
_seen: set[tuple[str, str]] = set()


def call_labels(call: str | None, known: bool) -> tuple[str, str]:
    """The (model, method) labels of ``call`` (``model.method``): ``("-", "-")``
    when there is none, when the server did not know the model or method
    (``known`` false: a caller could make up any number of them), when a name is
    not a plain name, or once a worker has labelled MAX_CALL_LABELS pairs."""
    if not call or not known:
        return "-", "-"
    model, _, method = call.rpartition(".")
    pair = (model or "-", method)
    if pair in _seen:
        return pair
    if len(_seen) >= MAX_CALL_LABELS or not all(LABEL.fullmatch(name) for name in pair):
        return "-", "-"
    _seen.add(pair)
    return pair


__all__ = [
    "CALLS",
    "CONNECTIONS_IN_USE",
    "CONNECTIONS_OPEN",
    "ERRORS",
    "KEY_FAILURES",
    "LATENCY",
    "RETRIES",
    "call_labels",
]
