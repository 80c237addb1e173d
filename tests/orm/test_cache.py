"""The record cache on its own: which ids are missing and their values, invalidation
forgets non-column values too, and the computing guard nests."""

from __future__ import annotations

from jsontwo.orm.cache import MISSING, RecordCache

#: (model, field) pairs that are not columns: computed or related
DERIVED = {("x.a", "total"), ("x.b", "total")}


def new_cache() -> RecordCache:
    return RecordCache(DERIVED)


def test_get_tells_a_missing_value_from_a_cached_none() -> None:
    cache = new_cache()
    assert cache.get(("x.a", "name"), 1) is MISSING
    cache.set(("x.a", "name"), [1], None)
    assert cache.get(("x.a", "name"), 1) is None
    assert cache.get(("x.a", "name"), 2) is MISSING


def test_missing_ids_and_values_of_them() -> None:
    cache = new_cache()
    key = ("x.a", "name")
    assert cache.missing(key, [1, 2]) == [1, 2]
    cache.update(key, {1: "one"})
    assert cache.missing(key, [1, 2, 3]) == [2, 3]
    cache.update(key, {2: "two"})
    # 3 was never put in the cache: it reads as None (a record that does not exist)
    assert cache.values_of(key, [1, 2, 3]) == {1: "one", 2: "two", 3: None}
    assert cache.values_of(("x.a", "other"), [1]) == {1: None}


def test_invalidating_a_model_forgets_its_values_and_every_computed_one() -> None:
    cache = new_cache()
    for key in [("x.a", "name"), ("x.b", "name"), ("x.b", "total")]:
        cache.set(key, [1], "v")
    cache.invalidate("x.a")
    assert cache.known(("x.a", "name")) == {}
    assert cache.known(("x.b", "name")) == {1: "v"}
    assert cache.known(("x.b", "total")) == {}
    cache.invalidate()
    assert cache.known(("x.b", "name")) == {}


def test_forget_computed_keeps_the_columns() -> None:
    cache = new_cache()
    cache.set(("x.b", "name"), [1], "v")
    cache.set(("x.b", "total"), [1], 3)
    cache.forget_computed()
    assert cache.known(("x.b", "name")) == {1: "v"}
    assert cache.known(("x.b", "total")) == {}


def test_forget_computed_after_a_models_columns_keeps_the_sturdy_values() -> None:
    # x.a's lines (an x2many of comodel x.b) change with x.b's columns only; the
    # picture (a binary kept as an attachment) with no column at all
    lines, picture, total = ("x.a", "line_ids"), ("x.a", "picture"), ("x.a", "total")
    cache = RecordCache({*DERIVED, lines, picture}, sturdy={lines: "x.b", picture: None})
    for key in (lines, picture, total):
        cache.set(key, [1], "v")
    cache.forget_computed("x.a")
    assert cache.known(lines) == {1: "v"}
    assert cache.known(picture) == {1: "v"}
    assert cache.known(total) == {}  # computed: it may read what changed
    cache.forget_computed("x.b")
    assert cache.known(lines) == {}  # its comodel's columns changed
    assert cache.known(picture) == {1: "v"}


def test_take_removes_what_a_compute_method_assigned() -> None:
    cache = new_cache()
    cache.set(("x.b", "total"), [1, 2], 5)
    assert cache.take(("x.b", "total")) == {1: 5, 2: 5}
    assert cache.take(("x.b", "total")) == {}


def test_the_computing_guard_nests_and_clears() -> None:
    cache = new_cache()
    outer, inner = ("x.b", "total"), ("x.b", "count")
    with cache.computing([outer]):
        with cache.computing([outer, inner]):
            assert cache.is_computing(outer) and cache.is_computing(inner)
        assert cache.is_computing(outer)  # the outer block still computes it
        assert not cache.is_computing(inner)
    assert not cache.is_computing(outer)
