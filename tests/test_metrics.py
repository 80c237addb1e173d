"""The labels a call gets in the metrics (:mod:`jsontwo.metrics`): names a caller
could make up never become labels, and a worker labels a bounded number of calls."""

from __future__ import annotations

import pytest

from jsontwo import metrics


@pytest.fixture()
def fresh_labels(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker that has labelled no call yet, allowed three."""
    monkeypatch.setattr(metrics, "_seen", set())
    monkeypatch.setattr(metrics, "MAX_CALL_LABELS", 3)


@pytest.mark.usefixtures("fresh_labels")
def test_a_known_call_is_labelled_by_model_and_method() -> None:
    assert metrics.call_labels("res.partner.search_read", known=True) == (
        "res.partner",
        "search_read",
    )
    assert metrics.call_labels("common.version", known=True) == ("common", "version")


@pytest.mark.usefixtures("fresh_labels")
@pytest.mark.parametrize(
    ("call", "known"),
    [
        (None, True),
        ("res.partner.search", False),  # the model or method does not exist
        ("res.partner.search;drop", True),
        ("res.partner." + "x" * 65, True),
    ],
)
def test_what_a_caller_makes_up_is_not_a_label(call: str | None, known: bool) -> None:
    assert metrics.call_labels(call, known) == ("-", "-")


@pytest.mark.usefixtures("fresh_labels")
def test_a_worker_labels_a_bounded_number_of_calls() -> None:
    for method in ("a", "b", "c"):
        assert metrics.call_labels(f"res.partner.{method}", known=True) == ("res.partner", method)
    assert metrics.call_labels("res.partner.d", known=True) == ("-", "-")
    assert metrics.call_labels("res.partner.a", known=True) == ("res.partner", "a")
