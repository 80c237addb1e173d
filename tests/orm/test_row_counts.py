"""The row counts kept by triggers (jsontwo.orm.row_counts): search_count([])
reads them, and they equal COUNT(*) whatever was done, undone or done at once."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jsontwo.db import Storage
from jsontwo.orm import Environment, Registry, row_counts
from tests.orm import testmodels, testmodels_active
from tests.orm.conftest import a_company, empty_database, grant, run, unique


@pytest.fixture(scope="module")
def counted(storage: Storage) -> Iterator[Registry]:
    """A database of its own: the tests count every row of their tables."""
    with empty_database(storage, ("base", testmodels.MODULE)) as registry:
        yield registry


def kept(env: Environment, model: str, active_test: bool = True) -> int | None:
    """What the counts say (None: not kept)."""
    return row_counts.known_count(env[model].with_context(active_test=active_test), [])


def real(env: Environment, model: str, active_test: bool = True) -> tuple[int, int]:
    """(all rows, active rows) counted by the engine."""
    table = env[model]._table
    rows = env.cr.execute(
        f'SELECT count(*), coalesce(sum(CASE WHEN active = TRUE THEN 1 ELSE 0 END), 0) FROM "{table}"'
    )
    return int(rows[0][0]), int(rows[0][1])


def check(registry: Registry, model: str = "x.line") -> None:
    def work(env: Environment) -> None:
        total, active = real(env, model)
        assert kept(env, model, active_test=False) == total
        assert kept(env, model) == active
        assert env[model].search_count([]) == active
        assert env[model].with_context(active_test=False).search_count([]) == total

    run(registry, work)


def test_counts_follow_create_write_and_unlink(counted: Registry) -> None:
    name = unique("count")
    ids = run(counted, lambda env: env["x.line"].create([{"name": name}] * 5).ids)
    check(counted)
    run(counted, lambda env: env["x.line"].create({"name": name, "active": False}))
    check(counted)
    run(counted, lambda env: env["x.line"].browse(ids[:3]).write({"active": False}))
    check(counted)
    # unchanged values and another column: nothing moves
    run(counted, lambda env: env["x.line"].browse(ids[:4]).write({"active": False, "name": "n"}))
    check(counted)
    run(counted, lambda env: env["x.line"].browse(ids[1:]).unlink())
    check(counted)


def test_rows_deleted_by_a_cascade_are_uncounted(counted: Registry) -> None:
    def work(env: Environment) -> None:
        thing = env["x.thing"].create({"name": unique("count")})
        env["x.line"].create([{"name": "l", "thing_id": thing.id}] * 3)
        thing.unlink()

    run(counted, work)
    check(counted)
    check(counted, "x.thing")


def test_a_rolled_back_transaction_leaves_the_counts(counted: Registry) -> None:
    before = run(counted, lambda env: kept(env, "x.line", active_test=False))

    def fail(env: Environment) -> None:
        env["x.line"].create([{"name": "gone"}] * 4)
        env.cr.flush()
        assert kept(env, "x.line", active_test=False) == before + 4  # seen inside
        raise RuntimeError("undo")

    with pytest.raises(RuntimeError):
        run(counted, fail)
    assert run(counted, lambda env: kept(env, "x.line", active_test=False)) == before
    check(counted)


def test_a_failed_statement_leaves_the_counts(counted: Registry) -> None:
    # a required name missing: the database refuses the insert
    with pytest.raises(Exception):  # noqa: B017 - whichever error the ORM raises
        run(counted, lambda env: env["x.tag"].create([{"name": "a"}, {"name": None}]))
    check(counted, "x.tag")


def test_the_kept_count_is_not_used_when_a_domain_filters(
    counted: Registry, statements: list[str]
) -> None:
    def work(env: Environment) -> tuple[int, int]:
        env["x.line"].create({"name": "domain"})
        statements.clear()
        env["x.line"].search_count([])
        everything = [s for s in statements if s.startswith('SELECT COUNT(*) FROM "x_line"')]
        statements.clear()
        env["x.line"].search_count([("name", "=", "domain")])
        filtered = [s for s in statements if s.startswith('SELECT COUNT(*) FROM "x_line"')]
        return len(everything), len(filtered)

    assert run(counted, work) == (0, 1)
    check(counted)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["create", "archive", "restore", "unlink", "fail"]), st.integers(1, 6)
        ),
        min_size=1,
        max_size=8,
    )
)
def test_search_count_equals_count_after_any_operations(
    counted: Registry, operations: list[tuple[str, int]]
) -> None:
    for operation, n in operations:

        def work(env: Environment, operation: str = operation, n: int = n) -> None:
            lines = env["x.line"].with_context(active_test=False)
            some = lines.search([], limit=n, order="id desc")
            if operation == "create":
                lines.create([{"name": "p", "active": i % 2 == 0} for i in range(n)])
            elif operation == "archive":
                some.write({"active": False})
            elif operation == "restore":
                some.write({"active": True})
            elif operation == "unlink":
                some.unlink()
            else:
                lines.create([{"name": "p"}] * n)
                env.cr.flush()
                raise ValueError("undone")

        with contextlib.suppress(ValueError):
            run(counted, work)
        check(counted)


def test_concurrent_writers_are_all_counted(counted: Registry, backend: str) -> None:
    """Writers committing at the same time (PostgreSQL: no conflict on a shared
    row; SQLite: serialised) all end up in the count; reads fold the deltas."""
    errors: list[BaseException] = []
    seen: list[tuple[int | None, int]] = []

    def same_snapshot(env: Environment) -> None:
        seen.append((kept(env, "x.line", active_test=False), real(env, "x.line")[0]))

    def writer() -> None:
        try:
            for _ in range(10):
                run(counted, lambda env: env["x.line"].create([{"name": "c"}] * 2))
                # read while the others commit: the kept count is its snapshot's COUNT
                run(counted, same_snapshot)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(seen) == 40 and all(mine == engine for mine, engine in seen), seen
    check(counted)
    if backend != "sqlite":
        pieces = run(
            counted,
            lambda env: env.cr.execute(
                f"SELECT count(*) FROM {row_counts.COUNTS_TABLE} WHERE tbl = 'x_line'"
            )[0][0],
        )
        assert pieces <= row_counts.COMPACT_AFTER + 10


def test_a_database_without_counts_gets_them_when_synced(counted: Registry) -> None:
    """As a database made by an older jsontwo: no counts table, no triggers."""
    run(counted, lambda env: env["x.line"].create([{"name": "old"}] * 3))

    def strip(env: Environment) -> None:
        found = row_counts._triggers(env.cr)
        for table, kinds in found.items():
            for kind in kinds:
                env.cr.execute(row_counts._drop_trigger_sql(env.cr.dialect.is_sqlite, table, kind))
        env.cr.execute(f"DROP TABLE {row_counts.COUNTS_TABLE}")

    run(counted, strip)
    counted.sync_schema()
    check(counted)


def test_a_table_gaining_active_by_inherit_counts_its_active_rows(storage: Storage) -> None:
    with empty_database(storage, ("base", testmodels.MODULE)) as old:
        run(old, lambda env: env["x.note"].create([{"name": "n"}] * 3))
        new = Registry(old.database, ("base", testmodels.MODULE, testmodels_active.MODULE))
        assert "added column x_note.active" in new.sync_schema()
        # the rows already there are active (the field's default)
        assert run(new, lambda env: env["x.note"].search_count([])) == 3
        ids = run(new, lambda env: env["x.note"].search([], limit=2).ids)
        run(new, lambda env: env["x.note"].browse(ids).write({"active": False}))
        check(new, "x.note")
        assert run(new, lambda env: kept(env, "x.note")) == 1
        # the older code, on the same database, counts every note
        assert run(old, lambda env: env["x.note"].search_count([])) == 3


def test_the_kept_count_is_not_used_when_a_rule_restricts(
    counted: Registry, statements: list[str]
) -> None:
    def user(env: Environment) -> int:
        # ids 1 and 2 are the superuser's and the admin's: a database without data has neither
        logins = [unique("count") for _ in range(3)]
        company = a_company(env)
        users = env["res.users"].create([{"name": n, "login": n, **company} for n in logins])
        return users.ids[-1]

    uid = run(counted, user)
    grant(counted, "x.line", "r")
    grant(counted, "x.tag", "r")

    def rule(env: Environment) -> None:
        env["x.line"].create([{"name": "ruled"}, {"name": "other"}])
        env["x.tag"].create([{"name": "free"}])
        env["ir.rule"].create(
            {
                "name": "count: only some lines",
                "model_id": env["ir.model"]._get_id("x.line"),
                "domain_force": "[('name', '=', 'ruled')]",
                "perm_read": True,
            }
        )

    def counts(model: str, table: str) -> Any:
        def work(env: Environment) -> tuple[int, int]:
            env = env(su=False)  # run() keeps superuser mode for another uid
            statements.clear()
            found = env[model].search_count([])
            engine = [s for s in statements if s.startswith(f'SELECT COUNT(*) FROM "{table}"')]
            return found, len(engine)

        return work

    run(counted, rule)
    ruled = run(counted, lambda env: env["x.line"].search_count([("name", "=", "ruled")]))
    assert run(counted, counts("x.line", "x_line"), uid=uid) == (ruled, 1)
    lines, tags = run(counted, lambda env: (real(env, "x.line")[1], real(env, "x.tag")[1]))
    assert run(counted, counts("x.line", "x_line")) == (lines, 0)  # the superuser: no rule
    assert run(counted, counts("x.tag", "x_tag"), uid=uid) == (tags, 0)  # no rule on tags
