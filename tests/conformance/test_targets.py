"""Targets: env files, and the reference database of each scenario folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from jsontwo.conformance.cli import build_parser
from jsontwo.conformance.commands import target_for
from jsontwo.conformance.targets import (
    TargetError,
    env_file_for,
    odoo_target,
    parse_env_map,
    parse_user_keys,
    read_env_file,
)


def test_env_file(tmp_path: Path) -> None:
    path = tmp_path / "ref.env"
    path.write_text(
        "# comment\nODOO_URL=http://h:8070/\nexport ODOO_DB='ref'\nODOO_API_KEY=\"k1\"\n"
    )
    assert read_env_file(path) == {
        "ODOO_URL": "http://h:8070/",
        "ODOO_DB": "ref",
        "ODOO_API_KEY": "k1",
    }
    target = odoo_target(path, password="pw")
    assert (target.url, target.db, target.key, target.password) == (
        "http://h:8070",
        "ref",
        "k1",
        "pw",
    )
    assert odoo_target(path, url="http://other:1").url == "http://other:1"


def test_env_file_missing_a_value(tmp_path: Path) -> None:
    path = tmp_path / "x.env"
    path.write_text("ODOO_URL=http://h\n")
    with pytest.raises(TargetError, match="ODOO_DB, ODOO_API_KEY"):
        odoo_target(path)


def test_folders_map_to_reference_databases(tmp_path: Path) -> None:
    mapping = parse_env_map(None)
    assert env_file_for("base", tmp_path, mapping) == tmp_path / "ref.env"
    assert env_file_for("sale", tmp_path, mapping) == tmp_path / "sale.env"
    assert env_file_for("", tmp_path, mapping) == tmp_path / "ref.env"
    mapping = parse_env_map("base=base19, mrp=mrp")
    assert env_file_for("base", tmp_path, mapping) == tmp_path / "base19.env"
    assert env_file_for("mrp", tmp_path, mapping) == tmp_path / "mrp.env"
    with pytest.raises(TargetError, match="--env-map stock=DB"):
        env_file_for("stock", tmp_path, mapping)
    with pytest.raises(TargetError, match="FOLDER=DB"):
        parse_env_map("base")


def test_a_scenario_run_as_another_user_takes_that_users_key(tmp_path: Path) -> None:
    mapping = parse_env_map(None)
    assert env_file_for("base", tmp_path, mapping, "demo") == tmp_path / "ref.demo.env"
    assert parse_user_keys(["demo=k1:secret", "portal=k2"]) == {
        "demo": ("k1", "secret"),
        "portal": ("k2", "portal"),
    }
    with pytest.raises(TargetError, match="LOGIN=KEY"):
        parse_user_keys(["demo"])


def test_the_cli_refuses_a_user_scenario_without_its_key() -> None:
    args = build_parser().parse_args(
        ["check", "--url", "http://127.0.0.1:1", "--db", "d", "--key", "admin-key"]
    )
    with pytest.raises(TargetError, match="--user-key demo=KEY"):
        target_for(args, "base", "demo")
    args.user_key = ["demo=demo-key"]
    target = target_for(args, "base", "demo")
    assert (target.key, target.password) == ("demo-key", "demo")
    assert target_for(args, "base").key == "admin-key"
