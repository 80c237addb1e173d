"""Moving a database between storages (``jsontwo db copy``): SQLite to PostgreSQL
and back with the demo database and 100,000 partners, found whole on the
target and served from it; then what must be refused or leave nothing behind."""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jsontwo.db import Storage, StorageError, StorageUnavailable, open_storage
from jsontwo.db.staging import being_built
from jsontwo.orm import Environment, row_counts
from jsontwo.orm.schema import metadata
from jsontwo.service import create_database
from jsontwo.service.copy_rows import Side
from jsontwo.service.copying import (
    CopyFailed,
    CopyMismatch,
    copy_database,
    read_checks,
)
from jsontwo.service.databases import Databases, drop_database, with_superuser
from tests.conftest import free_port, new_db_name, pg_url
from tests.service.copy_sources import (
    CONTENT,
    MANUAL_MODEL,
    SEQUENCE_CODE,
    Server,
    Source,
    make_source,
    storages,
)

BIG = 100_000
#: partners whose values are compared one by one, spread over the table
SAMPLE_FIELDS = ["name", "is_company", "email", "city", "country_id", "active", "create_date"]


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Storage]:
    """A SQLite storage and a PostgreSQL one."""
    return storages(tmp_path_factory.mktemp("copy"))


@contextlib.contextmanager
def cleanup(*places: tuple[Storage, str]) -> Iterator[None]:
    """Drop these databases (where they exist) after the block."""
    try:
        yield
    finally:
        for storage, name in places:
            if storage.exists(name):
                drop_database(storage, name)


def read(storage: Storage, name: str, work: Any) -> Any:
    """``work(env)`` as the superuser on database ``name`` of ``storage``."""
    databases = Databases(storage)
    try:
        return with_superuser(databases.registry(name), work)
    finally:
        databases.close()


def checks_of(storage: Storage, name: str) -> list[Any]:
    """Row count, checksum and next id of every table, as the copy computes them."""
    databases = Databases(storage)
    try:
        registry = databases.registry(name)
        database = registry.database
        tables = metadata(registry.models).sorted_tables
        side = Side(database.dialect.is_sqlite, database.filestore)
        return read_checks(database, tables, side)
    finally:
        databases.close()


def sample(env: Environment, ids: list[int]) -> list[dict[str, Any]]:
    return list(env["res.partner"].browse(ids).read(SAMPLE_FIELDS))


# seeding 100,000 partners on a busy machine may pass the suite's 300 s
@pytest.mark.timeout(1200)
@pytest.mark.parametrize(
    ("origin", "destination"), [("sqlite", "postgresql"), ("postgresql", "sqlite")]
)
def test_demo_and_100k_partners_move_whole_and_serve(
    stores: dict[str, Storage], origin: str, destination: str, tmp_path: Path
) -> None:
    """Every row, value, sequence position, API key and attachment of the source is
    on the target (of the same name, on the other storage), which a server then
    serves: the source's key authenticates there, the next partner gets the next
    id and the sequence its next number."""
    source, target = stores[origin], stores[destination]
    name = new_db_name("copy")
    with cleanup((source, name), (target, name)):
        began = time.monotonic()
        made = make_source(source, name, partners=BIG)
        seeded = time.monotonic()
        result = copy_database(source, name, target, name)
        # for the record (-s shows it), never asserted
        print(
            f"\n{origin} -> {destination}: seeded in {seeded - began:.1f} s, copied in {result.seconds:.1f} s"
        )

        assert made.partners > BIG
        assert {c.table: c.rows for c in result.tables}["res_partner"] == made.partners
        assert result.contents >= 1 and result.missing_files == 0
        # computed again on each side, independently of the copy: the same
        assert checks_of(target, name) == checks_of(source, name) == result.tables

        ids = [1, 2, 3, *range(made.next_partner_id - BIG, made.next_partner_id, 9973)]
        assert read(target, name, lambda env: sample(env, ids)) == read(
            source, name, lambda env: sample(env, ids)
        )
        french = read(
            target,
            name,
            lambda env: env["res.country"].with_context(lang="fr_FR").browse(made.country_id).name,
        )
        assert french == "Belgique"
        _served(target, made, tmp_path)


def _served(target: Storage, made: Source, tmp_path: Path) -> None:
    """The copy, served by `jsontwo serve` on the target storage, answers the
    source's key, a login, the manual model, the attachment and the sequences."""
    server = Server(target, tmp_path / "serve.log")
    try:
        db, key = made.name, made.key
        count = server.call(
            db, key, "res.partner", "search_count", domain=[], context={"active_test": False}
        )
        assert count.status_code == 200, count.text
        assert count.json() == made.partners
        assert server.login(db, "admin", "admin") == 2
        things = server.call(
            db,
            key,
            MANUAL_MODEL,
            "read",
            ids=[made.thing_id],
            fields=["x_name", "x_when", "x_day", "x_done", "x_amount"],
        )
        assert things.status_code == 200, things.text
        assert things.json() == [
            {
                "id": made.thing_id,
                "x_name": "first",
                "x_when": "2024-02-29 23:59:58",
                "x_day": "2024-02-29",
                "x_done": True,
                "x_amount": 0.1 + 0.2,
            }
        ]
        datas = server.call(
            db, key, "ir.attachment", "read", ids=[made.attachment_id], fields=["datas"]
        )
        assert base64.b64decode(datas.json()[0]["datas"]) == CONTENT
        new = server.call(db, key, "res.partner", "create", vals_list=[{"name": "After the move"}])
        assert new.json() == [made.next_partner_id]
        number = server.call(db, key, "ir.sequence", "next_by_code", sequence_code=SEQUENCE_CODE)
        assert number.json() == "004"
    finally:
        server.stop()


@pytest.fixture(scope="module")
def small(stores: dict[str, Storage]) -> Iterator[Source]:
    """A SQLite source without generated partners, for the quick tests."""
    name = new_db_name("copysrc")
    made = make_source(stores["sqlite"], name)
    yield made
    drop_database(stores["sqlite"], name)


def _partner_names(storage: Storage, name: str) -> set[str]:
    return set(read(storage, name, lambda env: env["res.partner"].search([]).mapped("name")))


def _mark(storage: Storage, name: str, text: str) -> None:
    read(storage, name, lambda env: env["res.partner"].create({"name": text}))


@pytest.mark.parametrize("destination", ["sqlite", "postgresql"])
def test_an_existing_target_is_refused_then_replaced_with_force(
    stores: dict[str, Storage], small: Source, destination: str
) -> None:
    source, target = stores["sqlite"], stores[destination]
    name = new_db_name("copyto")
    with cleanup((target, name)):
        copy_database(source, small.name, target, name)
        _mark(target, name, "Only on the old target")
        with pytest.raises(StorageError, match=r"already exists .*give --force to replace it"):
            copy_database(source, small.name, target, name)
        assert "Only on the old target" in _partner_names(target, name)

        result = copy_database(source, small.name, target, name, replace=True)
        assert result.replaced
        assert "Only on the old target" not in _partner_names(target, name)
        assert checks_of(target, name) == result.tables


def _break(storage: Storage, name: str, sql: str) -> str:
    """A copy of source ``name`` with the statements ``sql`` run on its file (what
    jsontwo would not write itself); its name."""
    broken = new_db_name("broken")
    storage.copy(name, broken)
    path = Path(storage.url_for(broken).removeprefix("sqlite:///"))
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.executescript(sql)
        conn.commit()
    return broken


def test_tables_and_columns_only_the_source_has_are_copied_too(
    stores: dict[str, Storage], small: Source
) -> None:
    """A table and a column that no model describes (left by a removed field, or
    made by hand) reach the target with their rows and values."""
    source, target = stores["sqlite"], stores["postgresql"]
    older = _break(
        source,
        small.name,
        "CREATE TABLE x_left (id INTEGER PRIMARY KEY AUTOINCREMENT, note VARCHAR, "
        "flag BOOLEAN, day DATE); "
        "INSERT INTO x_left (note, flag, day) VALUES ('kept', 1, '2024-02-29'), (NULL, 0, NULL); "
        "ALTER TABLE res_partner ADD COLUMN x_old_note VARCHAR; "
        "UPDATE res_partner SET x_old_note = 'old ' || id WHERE id = 3;",
    )
    name = new_db_name("copyto")
    with cleanup((source, older), (target, name)):
        result = copy_database(source, older, target, name)
        assert {c.table: c.rows for c in result.tables}["x_left"] == 2

        def look(env: Environment) -> list[Any]:
            rows = env.cr.execute("SELECT note, flag, day FROM x_left ORDER BY id")
            note = env.cr.execute("SELECT x_old_note FROM res_partner WHERE id = 3")
            return [*rows, *note]

        found = read(target, name, look)
        assert [tuple(row) for row in found] == [
            ("kept", True, dt.date(2024, 2, 29)),
            (None, False, None),
            ("old 3",),
        ]


def test_a_value_the_target_refuses_leaves_nothing_behind_and_the_old_target_whole(
    stores: dict[str, Storage], small: Source
) -> None:
    """PostgreSQL refuses a NUL in a text that SQLite kept: the copy fails naming
    the table; the target replaced with --force is still the old one, its files
    too, and no database being built is left on the server."""
    source, target = stores["sqlite"], stores["postgresql"]
    broken = _break(
        source, small.name, "UPDATE res_partner SET name = 'a' || char(0) || 'b' WHERE id = 3"
    )
    name = new_db_name("copyto")
    with cleanup((source, broken), (target, name)):
        copy_database(source, small.name, target, name)
        _mark(target, name, "Kept")
        files = sorted(p.name for p in target.filestore_dir(name).rglob("*") if p.is_file())  # type: ignore[union-attr]
        staging_before = set(being_built(target))

        with pytest.raises(CopyFailed, match=r"in table res_partner.*NUL"):
            copy_database(source, broken, target, name, replace=True)
        assert "Kept" in _partner_names(target, name)
        assert sorted(p.name for p in target.filestore_dir(name).rglob("*") if p.is_file()) == files  # type: ignore[union-attr]
        assert set(being_built(target)) <= staging_before

        other = new_db_name("copyto")
        with pytest.raises(CopyFailed):
            copy_database(source, broken, target, other)
        assert not target.exists(other)
        assert not target.filestore_dir(other).exists()  # type: ignore[union-attr]


def test_a_value_that_does_not_survive_fails_the_verification_naming_the_column(
    stores: dict[str, Storage], small: Source
) -> None:
    """A datetime with a time zone (which jsontwo never writes) loses it on
    PostgreSQL: the checksums differ, the copy is dropped and the column named."""
    source, target = stores["sqlite"], stores["postgresql"]
    broken = _break(
        source,
        small.name,
        "UPDATE res_partner SET write_date = '2024-01-01T10:00:00+02:00' WHERE id = 3",
    )
    name = new_db_name("copyto")
    with cleanup((source, broken), (target, name)):
        with pytest.raises(
            CopyMismatch, match=r"table res_partner: the values differ: in column\(s\) write_date"
        ):
            copy_database(source, broken, target, name)
        assert not target.exists(name)


def test_clear_refusals(stores: dict[str, Storage], small: Source, tmp_path: Path) -> None:
    source = stores["sqlite"]
    with pytest.raises(StorageError, match=r"does not exist in SQLite files in .*jsontwo db list"):
        copy_database(source, "jt_nothing_here", stores["postgresql"], "jt_nothing_here")
    with pytest.raises(StorageError, match="same database"):
        copy_database(source, small.name, source, small.name)
    # two URLs of one server, one data folder: the file stores would be one folder
    pg = stores["postgresql"]
    other_spelling = open_storage(
        data_dir=pg.environment()["JSONTWO_DATA_DIR"], db_url=f"{pg_url()}&application_name=x"
    )
    name = new_db_name("copysrc")
    with cleanup((pg, name)):
        create_database(pg, name).database.dispose()
        with pytest.raises(StorageError, match=r"would share the folder .*another --to-data-dir"):
            copy_database(pg, name, other_spelling, name)
    unreachable = open_storage(
        data_dir=tmp_path, db_url=f"postgresql://nobody@127.0.0.1:{free_port()}/"
    )
    with pytest.raises(StorageUnavailable, match="cannot be reached: check --to-db-url"):
        copy_database(source, small.name, unreachable, small.name)


def _kept_and_counted(env: Environment) -> dict[str, tuple[int | None, int]]:
    """Per model (the manual one too): the kept row count, and the engine's."""
    found = {}
    for model in ("res.partner", "res.users", "ir.model.data", MANUAL_MODEL):
        records = env[model].with_context(active_test=False)
        table = records._table
        real = env.cr.execute(f'SELECT count(*) FROM "{table}"')[0][0]
        found[model] = (row_counts.known_count(records, []), int(real))
    return found


def test_the_copy_keeps_row_counts_right_both_ways(
    stores: dict[str, Storage], small: Source
) -> None:
    """The target's row counts (jsontwo.orm.row_counts) are seeded from the rows
    copied, and follow what is done there: SQLite to PostgreSQL, and back (the
    source's PostgreSQL delta rows mean nothing to SQLite)."""
    there, back = new_db_name("copycnt"), new_db_name("copycnt")
    sqlite, pg = stores["sqlite"], stores["postgresql"]
    with cleanup((pg, there), (sqlite, back)):
        copy_database(sqlite, small.name, pg, there)
        _mark(pg, there, "Counted on the copy")
        copy_database(pg, there, sqlite, back)
        _mark(sqlite, back, "Counted on the copy of the copy")
        for storage, name in ((pg, there), (sqlite, back)):
            found = read(storage, name, _kept_and_counted)
            assert all(kept == real for kept, real in found.values()), found
