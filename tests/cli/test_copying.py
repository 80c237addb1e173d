"""`jsontwo db copy`, run as a user runs it: a SQLite database to PostgreSQL and
back to SQLite files elsewhere, a refusal without --force, clear errors."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from jsontwo.cli.main import main
from jsontwo.db import open_storage
from jsontwo.service import create_database
from jsontwo.service.databases import drop_database
from tests.conftest import free_port, new_db_name, pg_url


def run(*args: str) -> tuple[int, str]:
    """Run ``jsontwo *args`` with no storage from the environment; (exit code, stderr)."""
    result = CliRunner().invoke(
        main, list(args), env={"JSONTWO_DB_URL": "", "JSONTWO_DATA_DIR": ""}
    )
    return result.exit_code, result.stderr


def test_copy_to_postgresql_and_back_refusing_to_overwrite(tmp_path: Path) -> None:
    name = new_db_name("clicopy")
    shop, files, back = tmp_path / "shop", tmp_path / "files", tmp_path / "back"
    create_database(open_storage(shop), name, demo=True).database.dispose()
    to_pg = ["db", "copy", name, name, "--data-dir", str(shop), "--to-db-url", pg_url()]
    to_pg += ["--to-data-dir", str(files)]
    pg = open_storage(files, pg_url())
    try:
        code, err = run(*to_pg)
        assert code == 0, err
        assert f"Copied database {name!r} (SQLite files in {shop})" in err
        assert "rows, " in err and "verified (row counts, checksums, sequences)" in err

        code, err = run(*to_pg)
        assert code == 1
        assert f"Database {name!r} already exists" in err
        assert "give --force to replace it" in err

        code, err = run(*to_pg, "--force")
        assert code == 0, err
        assert "replacing the old one" in err

        code, err = run(
            "db", "copy", name, "moved", "--db-url", pg_url(), "--data-dir", str(files),
            "--to-data-dir", str(back),
        )  # fmt: skip
        assert code == 0, err
        assert (back / "moved.sqlite3").is_file()
        assert f"to 'moved' (SQLite files in {back})" in err
    finally:
        if pg.exists(name):
            drop_database(pg, name)


def test_clear_errors(tmp_path: Path) -> None:
    code, err = run("db", "copy", "missing", "other", "--data-dir", str(tmp_path))
    assert code == 1
    assert "Database 'missing' does not exist in SQLite files in" in err
    assert "jsontwo db list" in err

    name = new_db_name("clicopy")
    create_database(open_storage(tmp_path), name).database.dispose()
    nowhere = f"postgresql://nobody@127.0.0.1:{free_port()}/"
    code, err = run("db", "copy", name, name, "--data-dir", str(tmp_path), "--to-db-url", nowhere)
    assert code == 1
    assert "cannot be reached: check --to-db-url" in err
    assert "Traceback" not in err

    code, err = run("db", "copy", name, name, "--data-dir", str(tmp_path))
    assert code == 1
    assert "The source and the target are the same database" in err
