"""Bringing a database's schema up to date when models gain fields or new
models appear."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from jsontwo.db import Storage
from jsontwo.orm import Environment, Registry
from tests.orm import testmodels, testmodels_extension
from tests.orm.conftest import empty_database, run

OLD = ("base", testmodels.MODULE)
NEW = (*OLD, testmodels_extension.MODULE)


def columns(registry: Registry, table: str) -> set[str]:
    """The column names of ``table`` as the database reports them."""
    return {c["name"] for c in sa.inspect(registry.database.engine).get_columns(table)}


def test_a_column_is_added_when_a_model_gains_a_field(storage: Storage) -> None:
    with empty_database(storage, OLD) as old:
        assert "size" not in columns(old, "x_thing")
        existing = run(
            old, lambda env: env["x.thing"].create([{"name": "old", "count": 4}, {}]).ids
        )

        new = Registry(old.database, NEW)
        done = new.sync_schema()
        assert set(done) == {
            "added column x_thing.size",
            "added column x_thing.label",
            "added column x_thing.kind",
            "added column x_thing.checked",
            "added column x_thing.double",
            "added column x_thing.extra_id",
            "created table x_extra",
            "created table x_thing_extra_tag_rel",
        }
        assert {"size", "label", "kind", "checked", "double", "extra_id"} <= columns(new, "x_thing")
        assert new.sync_schema() == []  # nothing left to do

        fields = ["size", "label", "kind", "checked", "double", "extra_id", "extra_tag_ids"]

        def work(env: Environment) -> dict[str, Any]:
            extra = env["x.extra"].create({"name": "extra"})
            created = env["x.thing"].create({"name": "new", "count": 5, "extra_id": extra.id})
            created.write({"extra_tag_ids": [[0, 0, {"name": "tag"}]]})
            return {
                "existing": env["x.thing"].browse(existing).read(fields),
                "created": created.read(fields)[0],
                "extra": extra.id,
            }

        got = run(new, work)
        # rows that were there before the columns get the fields' defaults, as in Odoo,
        # and stored computed fields are computed for them
        first, second = got["existing"]
        common = {"size": 3, "label": False, "kind": "b", "checked": True, "extra_id": False}
        assert first == {"id": existing[0], **common, "double": 8, "extra_tag_ids": []}
        assert second == {"id": existing[1], **common, "double": 14, "extra_tag_ids": []}
        created = got["created"]
        assert (created["size"], created["double"]) == (3, 10)
        assert created["extra_id"] == [got["extra"], "extra"]
        assert len(created["extra_tag_ids"]) == 1

        # the old registry still works on the evolved database
        assert run(old, lambda env: env["x.thing"].search_count([])) == 3


def test_sync_schema_creates_every_table_of_a_new_database(storage: Storage) -> None:
    with empty_database(storage, OLD) as registry:
        tables = set(sa.inspect(registry.database.engine).get_table_names())
        assert {"res_partner", "x_thing", "x_line", "x_note", "x_pin", "x_tag"} <= tables
        assert "x_tag_x_thing_rel" in tables  # the default many2many relation table
        assert registry.sync_schema() == []


def test_indexes_on_several_columns_are_made_and_added_to_older_databases(
    registry: Registry,
) -> None:
    """A model's ``_indexes`` (res.partner's index for its multi-company rule) exist
    in a new database, and a database made before one was declared gets it when
    its schema is brought up to date; then nothing is left to do."""
    name = "ix_res_partner_active_partner_share_company_id"

    def indexes() -> set[str]:
        inspector = sa.inspect(registry.database.engine)
        return {str(ix["name"]) for ix in inspector.get_indexes("res_partner")}

    assert name in indexes()
    with registry.database.engine.begin() as conn:
        conn.execute(sa.text(f'DROP INDEX "{name}"'))
    assert name not in indexes()
    assert f"created index {name}" in registry.sync_schema()
    assert name in indexes()
    assert registry.sync_schema() == []


def test_a_column_leading_a_multi_column_index_gets_no_index_of_its_own(
    registry: Registry,
) -> None:
    """res.partner's ``active`` (``index=True``) and ``country_id`` (a foreign key)
    begin its indexes ``(active, partner_share, company_id)`` and ``(country_id,
    active)``: a new database has no single-column index on them, which would
    serve no lookup those do not and slow every INSERT. The other indexed
    columns keep theirs, and a lookup by country still walks an index."""
    inspector = sa.inspect(registry.database.engine)
    indexes = {str(ix["name"]): ix["column_names"] for ix in inspector.get_indexes("res_partner")}
    assert "ix_res_partner_active" not in indexes
    assert "ix_res_partner_country_id" not in indexes
    assert indexes["ix_res_partner_country_id_active"] == ["country_id", "active"]
    assert indexes["ix_res_partner_name"] == ["name"]  # index=True, leading no other
    assert indexes["ix_res_partner_state_id"] == ["state_id"]  # a foreign key
    sql = 'SELECT id FROM "res_partner" WHERE "country_id" = 1'
    with registry.database.engine.connect() as conn:
        if registry.database.dialect.is_sqlite:
            plan = " ".join(
                str(row[-1]) for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")
            )
            assert "ix_res_partner_country_id_active" in plan
        else:
            conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
            plan = " ".join(str(row[0]) for row in conn.exec_driver_sql(f"EXPLAIN {sql}"))
            assert "ix_res_partner_country_id_active" in plan
