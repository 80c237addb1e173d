"""The reference Odoo's env file (bench/target.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import target


def test_env_file_lines_are_read_as_a_shell_would() -> None:
    text = """
# the reference Odoo
ODOO_URL=http://127.0.0.1:8070
export ODOO_DB="bench"
ODOO_API_KEY='abc=def'

ODOO_LOGIN = admin
not a setting
"""
    assert target.read_env_file(text) == {
        "ODOO_URL": "http://127.0.0.1:8070",
        "ODOO_DB": "bench",
        "ODOO_API_KEY": "abc=def",
        "ODOO_LOGIN": "admin",
    }


def test_an_env_file_lacking_a_setting_is_named(tmp_path: Path) -> None:
    env = tmp_path / "bench.env"
    env.write_text("ODOO_URL=http://127.0.0.1:1\nODOO_DB=bench\n")
    with pytest.raises(SystemExit, match="ODOO_API_KEY, ODOO_LOGIN, ODOO_PASSWORD"):
        target.odoo_target(env)


def test_the_option_wins_over_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(target.ENV_VARIABLE, "/from/variable.env")
    assert target.odoo_env_path("/given.env") == Path("/given.env")
    assert target.odoo_env_path(None) == Path("/from/variable.env")
    monkeypatch.delenv(target.ENV_VARIABLE)
    assert target.odoo_env_path(None) is None
