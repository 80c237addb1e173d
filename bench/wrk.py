"""Running wrk and reading what it prints: requests per second, and the 50th
and 99th percentile latencies (``--latency``)."""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path

#: the Lua script that turns wrk's GETs into POSTs of a body from the environment
POST_SCRIPT = Path(__file__).resolve().parent / "post.lua"
#: wrk's unit suffixes, in milliseconds
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


class WrkError(Exception):
    """wrk failed, saw error answers, or printed what could not be read."""


@dataclass(frozen=True)
class Result:
    """What one wrk run measured."""

    #: requests per second
    rate: float
    #: latency percentiles, in milliseconds
    p50: float
    p99: float
    #: answers that were not 2xx/3xx, and socket errors (timeouts included)
    errors: int = 0
    #: requests completed
    requests: int = 0

    def scaled(self, factor: int) -> Result:
        """The same run, with the rate in records per second (``factor`` per request)."""
        return replace(self, rate=self.rate * factor)


def duration_ms(text: str) -> float:
    """A wrk duration such as ``1.23ms``, ``812.00us`` or ``2.01s`` in milliseconds."""
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text.strip())
    if not match:
        raise WrkError(f"not a wrk duration: {text!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def parse(out: str) -> Result:
    """Read the rate, the latency percentiles and the errors from wrk's output."""
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.MULTILINE)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.MULTILINE)
    if not (rate and p50 and p99):
        raise WrkError(f"could not read wrk's output (was --latency given?):\n{out}")
    errors = 0
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if non_2xx:
        errors += int(non_2xx.group(1))
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    if sockets:
        errors += sum(int(n) for n in sockets.groups())
    done = re.search(r"(\d+) requests in", out)
    return Result(
        float(rate.group(1)),
        duration_ms(p50.group(1)),
        duration_ms(p99.group(1)),
        errors,
        int(done.group(1)) if done else 0,
    )


@dataclass(frozen=True)
class Request:
    """What wrk sends: a GET of ``url`` when ``body`` is None, else a POST."""

    url: str
    body: str | None = None
    content_type: str = "application/json"
    #: the bearer key (JSON-2), none for the legacy endpoints
    key: str = ""
    db: str = ""


#: the share of error answers above which a run's figures mean nothing
ERROR_SHARE = 0.01


def run(request: Request, duration: int, connections: int, threads: int = 2) -> Result:
    """Load ``request`` for ``duration`` seconds; WrkError if more than ERROR_SHARE
    of the answers were errors (a few are kept in the result: concurrent writes
    of one row can exhaust a server's retries, Odoo's as jsontwo's)."""
    command = [
        "wrk",
        f"-t{min(threads, connections)}",
        f"-c{connections}",
        f"-d{duration}s",
        # a bulk create on a loaded server takes seconds: the default 2 s would
        # count it as an error
        "--timeout",
        "60s",
        "--latency",
    ]
    env = dict(os.environ)
    if request.body is not None:
        command += ["-s", str(POST_SCRIPT)]
        env.update(
            BENCH_BODY=request.body,
            BENCH_CONTENT_TYPE=request.content_type,
            BENCH_KEY=request.key,
            BENCH_DB=request.db,
        )
    done = subprocess.run(
        [*command, request.url], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise WrkError(f"wrk exited with {done.returncode}:\n{done.stderr}")
    result = parse(done.stdout)
    if result.errors > ERROR_SHARE * max(result.requests, 1):
        raise WrkError(f"wrk saw {result.errors} error answers for {request.url}:\n{done.stdout}")
    return result
