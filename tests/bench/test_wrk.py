"""Reading wrk's output (bench/wrk.py): the figures the benchmark prints."""

from __future__ import annotations

import pytest
import wrk

#: what wrk 4.1 printed for a run against a server answering 404 (captured)
OUTPUT = """\
Running 1s test @ http://127.0.0.1:18777/nothere
  1 threads and 2 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     3.21ms    5.13ms  34.51ms   87.98%
    Req/Sec     1.13k   521.67     1.87k    72.73%
  Latency Distribution
     50%  754.00us
     75%    3.65ms
     90%    9.91ms
     99%   23.57ms
  1239 requests in 1.10s, 629.36KB read
  Non-2xx or 3xx responses: 1239
Requests/sec:   1126.39
Transfer/sec:    572.16KB
"""


def test_rate_percentiles_and_errors_are_read() -> None:
    result = wrk.parse(OUTPUT)
    assert result == wrk.Result(rate=1126.39, p50=0.754, p99=23.57, errors=1239, requests=1239)


def test_socket_errors_and_timeouts_count_as_errors() -> None:
    out = OUTPUT.replace(
        "  Non-2xx or 3xx responses: 1239\n",
        "  Socket errors: connect 0, read 2, write 0, timeout 5\n",
    )
    assert wrk.parse(out).errors == 7


@pytest.mark.parametrize(
    ("text", "ms"), [("754.00us", 0.754), ("3.65ms", 3.65), ("2.01s", 2010.0), ("1.50m", 90_000.0)]
)
def test_durations_in_every_unit_become_milliseconds(text: str, ms: float) -> None:
    assert wrk.duration_ms(text) == pytest.approx(ms)


def test_output_without_latency_distribution_is_refused() -> None:
    without = "\n".join(line for line in OUTPUT.splitlines() if "%  " not in line)
    with pytest.raises(wrk.WrkError, match="--latency"):
        wrk.parse(without)


def test_records_per_second_scale_the_rate_only() -> None:
    result = wrk.Result(rate=6.5, p50=300.0, p99=900.0, requests=65)
    assert result.scaled(1000) == wrk.Result(rate=6500.0, p50=300.0, p99=900.0, requests=65)
