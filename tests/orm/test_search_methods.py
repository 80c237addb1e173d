"""Fields with a ``search=`` method (docs/internals/orm-behaviour.md, "Equality by
type"): normalised operators, the retries with the positive operator and per
value, and the error when nothing works."""

from __future__ import annotations

from typing import Any

import pytest

from jsontwo.exceptions import UserError
from jsontwo.orm import Environment, Registry
from tests.orm import testmodels
from tests.orm.conftest import run


@pytest.fixture(scope="module")
def gauges(models_registry: Registry) -> dict[int, int]:
    """Gauges of levels 1, 5, 10 and 20 (level -> id)."""

    def work(env: Environment) -> Any:
        created = env["x.gauge"].create([{"level": level} for level in (1, 5, 10, 20)])
        return dict(zip((1, 5, 10, 20), created.ids, strict=True))

    return dict(run(models_registry, work))


def levels(registry: Registry, gauges: dict[int, int], domain: list[Any]) -> list[int]:
    """The levels of the test gauges matching ``domain``."""
    by_id = {rid: level for level, rid in gauges.items()}

    def work(env: Environment) -> Any:
        return env["x.gauge"].search([["id", "in", list(by_id)], *domain]).ids

    return sorted(by_id[rid] for rid in run(registry, work))


@pytest.mark.parametrize(
    ("domain", "expected", "calls"),
    [
        ([["high", "=", True]], [10, 20], [("high", "in", [True])]),
        ([["high", "in", [True]]], [10, 20], [("high", "in", [True])]),
        # booleans reach the method as "in [True]" / "not in [True]"
        ([["high", "!=", False]], [10, 20], [("high", "in", [True])]),
        # "not in" is refused: retried with "in" and negated
        ([["high", "=", False]], [1, 5], [("high", "not in", [True]), ("high", "in", [True])]),
        ([["high", "!=", True]], [1, 5], [("high", "not in", [True]), ("high", "in", [True])]),
        # "in" is refused: retried per value with "=" and ORed
        ([["band", "=", "low"]], [1, 5], [("band", "in", ["low"]), ("band", "=", "low")]),
        (
            [["band", "in", ["low", "high"]]],
            [1, 5, 10, 20],
            [("band", "in", ["low", "high"]), ("band", "=", "low"), ("band", "=", "high")],
        ),
    ],
)
def test_search_methods_get_normalised_operators_and_retries(
    models_registry: Registry,
    gauges: dict[int, int],
    domain: list[Any],
    expected: list[int],
    calls: list[tuple[str, str, Any]],
) -> None:
    testmodels.GAUGE_SEARCHES.clear()
    assert levels(models_registry, gauges, domain) == expected
    assert calls == testmodels.GAUGE_SEARCHES


def test_true_and_false_together_match_everything_without_a_call(
    models_registry: Registry, gauges: dict[int, int]
) -> None:
    testmodels.GAUGE_SEARCHES.clear()
    assert levels(models_registry, gauges, [["high", "in", [True, False]]]) == [1, 5, 10, 20]
    assert levels(models_registry, gauges, [["high", "not in", [True, False]]]) == []
    assert testmodels.GAUGE_SEARCHES == []


@pytest.mark.parametrize(
    "condition", [["band", "!=", "low"], ["band", "ilike", "lo"], ["high", "like", "x"]]
)
def test_an_operator_no_retry_handles_is_a_user_error(
    models_registry: Registry, condition: list[Any]
) -> None:
    def work(env: Environment) -> Any:
        return env["x.gauge"].search([condition])

    with pytest.raises(UserError) as raised:
        run(models_registry, work)
    field = condition[0].title()
    assert str(raised.value) == (
        f"Unsupported operator on {field} 'Test Gauge' (x.gauge) in [{tuple(condition)!r}]"
    )


def test_non_stored_computed_fields_without_search_method_cannot_be_searched(
    models_registry: Registry,
) -> None:
    def work(env: Environment) -> Any:
        return env["x.gauge"].search([["shown", "=", "low"]])

    with pytest.raises(
        ValueError, match=r"Cannot convert x\.gauge\.shown to SQL because it is not stored"
    ):
        run(models_registry, work)


def test_fields_get_says_search_method_fields_are_searchable(models_registry: Registry) -> None:
    def work(env: Environment) -> Any:
        return env["x.gauge"].fields_get(["high", "shown"], ["searchable", "sortable"])

    assert run(models_registry, work) == {
        "high": {"searchable": True, "sortable": False},
        "shown": {"searchable": False, "sortable": False},
    }
