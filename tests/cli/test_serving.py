"""What ``jsontwo serve`` hands uvicorn: how long a worker may leave the
supervisor's health check unanswered follows the call time limit."""

from __future__ import annotations

import pytest

from jsontwo.cli.serving import HEALTH_TIMEOUT_UNLIMITED, health_timeout, uvicorn_settings


@pytest.mark.parametrize(
    ("limit", "seconds"),
    [("120", 120), ("2.5", 5), ("30.2", 31), ("0", HEALTH_TIMEOUT_UNLIMITED)],
)
def test_the_health_check_waits_as_long_as_a_call_may_run(
    monkeypatch: pytest.MonkeyPatch, limit: str, seconds: int
) -> None:
    monkeypatch.setenv("JSONTWO_LIMIT_TIME_REAL", limit)
    assert health_timeout() == seconds
    assert uvicorn_settings("info")["timeout_worker_healthcheck"] == seconds
