"""Stored fields computed through a one2many (``x.order.total`` depends on
``line_ids.quantity``) follow the lines: created with the order or after it,
written, moved to another order, deleted directly, through the order's
commands or by a cascade, as Odoo's recomputation does."""

from __future__ import annotations

from jsontwo.orm import Environment, Registry
from tests.orm.conftest import run


def totals(env: Environment, *ids: int) -> list[int]:
    return [order.total for order in env["x.order"].browse(list(ids))]


def test_the_total_follows_its_lines(models_registry: Registry) -> None:
    def work(env: Environment) -> None:
        order = env["x.order"].create(
            {
                "name": "A",
                "line_ids": [[0, 0, {"quantity": 2}], [0, 0, {"quantity": 3}], [0, 0, {}]],
            }
        )
        assert totals(env, order.id) == [5]
        first, second, _third = order.line_ids
        env["x.order.line"].create({"order_id": order.id, "quantity": 10})
        assert totals(env, order.id) == [15]
        first.write({"quantity": 4})
        assert totals(env, order.id) == [17]
        second.unlink()
        assert totals(env, order.id) == [14]
        order.write({"line_ids": [[2, first.id]]})
        assert totals(env, order.id) == [10]

    run(models_registry, work)


def test_a_line_moving_changes_both_orders(models_registry: Registry) -> None:
    def work(env: Environment) -> None:
        source, target = env["x.order"].create(
            [
                {"name": "S", "line_ids": [[0, 0, {"quantity": 2}], [0, 0, {"quantity": 5}]]},
                {"name": "T"},
            ]
        )
        moving = source.line_ids.browse(source.line_ids.ids[:1])
        moving.write({"order_id": target.id})
        assert totals(env, source.id, target.id) == [5, 2]
        # leaving for no order at all
        source.line_ids.write({"order_id": False})
        assert totals(env, source.id, target.id) == [0, 2]
        # taken by the target's commands
        lone = env["x.order.line"].create({"quantity": 7})
        target.write({"line_ids": [[4, lone.id]]})
        assert totals(env, target.id) == [9]

    run(models_registry, work)


def test_lines_deleted_with_their_order_do_not_fail(models_registry: Registry) -> None:
    def work(env: Environment) -> None:
        order = env["x.order"].create({"name": "D", "line_ids": [[0, 0, {"quantity": 1}]]})
        line = order.line_ids
        order.unlink()
        assert not line.exists()

    run(models_registry, work)


def test_fields_sharing_a_method_are_computed_together(models_registry: Registry) -> None:
    """``total`` and ``line_count`` come from one method: it runs once per
    recomputation, for all the orders concerned, and both columns follow."""
    order_model = models_registry.models["x.order"]
    runs: list[tuple[int, ...]] = order_model.total_runs  # type: ignore[attr-defined]

    def stored(env: Environment, *ids: int) -> list[tuple[int, int]]:
        marks = ", ".join(["%s"] * len(ids))
        rows = env.cr.execute(
            f"SELECT id, total, line_count FROM x_order WHERE id IN ({marks}) ORDER BY id",
            list(ids),
        )
        return [(row[1], row[2]) for row in rows]

    def work(env: Environment) -> None:
        runs.clear()
        first, second = env["x.order"].create(
            [
                {"name": "A", "line_ids": [[0, 0, {"quantity": 2}], [0, 0, {"quantity": 3}]]},
                {"name": "B", "line_ids": [[0, 0, {"quantity": 4}]]},
            ]
        )
        assert stored(env, first.id, second.id) == [(5, 2), (4, 1)]
        # each recomputation runs the method once, not once per field
        assert (first.id, second.id) in runs
        assert len(runs) == len(set(runs))
        runs.clear()
        lines = env["x.order.line"].search([["order_id", "in", [first.id, second.id]]])
        lines.write({"quantity": 1})
        assert stored(env, first.id, second.id) == [(2, 2), (1, 1)]
        assert runs == [(first.id, second.id)]
        runs.clear()
        lines.browse(lines.ids[:1]).unlink()
        assert stored(env, first.id, second.id) == [(1, 1), (1, 1)]
        assert len(runs) == 1
        assert (first.total, first.line_count) == (1, 1)

    run(models_registry, work)
