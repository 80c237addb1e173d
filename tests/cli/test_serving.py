"""What ``jsontwo serve`` hands uvicorn: how long a worker may leave the
supervisor's health check unanswered follows the call time limit."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from jsontwo.cli.main import main
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


def serve_with(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    """``jsontwo serve ARGS`` in process, with no PostgreSQL unless ``args`` name one."""
    environment = {"JSONTWO_DB_URL": "", "JSONTWO_DB_REPLICA_URL": "", **(env or {})}
    return CliRunner().invoke(main, ["serve", "--data-dir", str(tmp_path), *args], env=environment)


@pytest.mark.parametrize("env", [{}, {"JSONTWO_DB_REPLICA_URL": "postgresql://a/ postgresql://b/"}])
def test_replicas_are_refused_on_sqlite(tmp_path: Path, env: dict[str, str]) -> None:
    args = () if env else ("--db-replica-url", "postgresql://127.0.0.1:1/")
    result = serve_with(tmp_path, *args, env=env)
    assert result.exit_code == 2, result.output
    assert "--db-replica-url needs --db-url" in result.output
    assert "SQLite" in result.output


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--db-replica-url", "sqlite:///x.sqlite3"), "not a PostgreSQL URL"),
        (("--db-replica-url", "::nonsense::"), "not a PostgreSQL URL"),
        (("--db-replica-url", "postgresql://r/", "--max-replica-lag", "-1"), "--max-replica-lag"),
        (("--db-replica-url", "postgresql://r/", "--max-replica-lag", "soon"), "soon"),
    ],
)
def test_bad_replica_flags_stop_the_command(
    tmp_path: Path, args: tuple[str, ...], words: str
) -> None:
    """Nothing is served, and the message names the flag at fault."""
    result = serve_with(tmp_path, "--db-url", "postgresql://127.0.0.1:1/", *args)
    assert result.exit_code == 2, result.output
    assert words in result.output
