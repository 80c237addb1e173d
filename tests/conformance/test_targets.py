"""Targets: env files, and the reference database of each scenario folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from jsontwo.conformance.targets import (
    TargetError,
    env_file_for,
    odoo_target,
    parse_env_map,
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
