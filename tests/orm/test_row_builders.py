"""The compiled row builders of reads give the dicts the per-value conversions
would: NULLs as the field's empty value, booleans as bools, a many2one as
``[id, label]`` or False, and any other value from its converter."""

from __future__ import annotations

from typing import Any

from jsontwo.orm.row_builders import Converter, Inline, build_rows, row_builder

ROWS: list[tuple[Any, ...]] = [
    (1, "Ann", None, 1, 7, "Seven", 0.5),
    (2, None, "b@example.com", 0, None, None, None),
    (3, "", "c@example.com", None, 9, None, 2.0),
    (4, "Dee", "d@example.com", 1, 5, "", None),
]


def test_inline_conversions_and_converters_give_each_value() -> None:
    steps: list[tuple[str, Inline | Converter]] = [
        ("name", Inline("value", 1)),
        ("email", Inline("value", 2)),
        ("is_company", Inline("bool", 3)),
        ("country_id", Inline("labelled", 4, label_pos=5)),
        ("ratio", Inline("value", 6, 0.0)),
        ("twice", lambda row: row[0] * 2),
    ]
    assert build_rows(ROWS, steps) == [
        {
            "id": 1,
            "name": "Ann",
            "email": False,
            "is_company": True,
            "country_id": [7, "Seven"],
            "ratio": 0.5,
            "twice": 2,
        },
        {
            "id": 2,
            "name": False,
            "email": "b@example.com",
            "is_company": False,
            "country_id": False,
            "ratio": 0.0,
            "twice": 4,
        },
        {
            "id": 3,
            "name": "",
            "email": "c@example.com",
            "is_company": False,
            "country_id": False,  # a record the label does not reach: no label
            "ratio": 2.0,
            "twice": 6,
        },
        {
            "id": 4,
            "name": "Dee",
            "email": "d@example.com",
            "is_company": True,
            "country_id": [5, False],  # a record without a name
            "ratio": 0.0,
            "twice": 8,
        },
    ]


def test_a_shape_is_compiled_once_and_its_converters_come_with_the_rows() -> None:
    shape = (("first", None), ("tag", Inline("value", 1, 0)), ("second", None))
    before = row_builder.cache_info()
    first = build_rows(ROWS, [("first", lambda r: "a"), ("tag", shape[1][1]), ("second", str)])
    again = build_rows(ROWS[:1], [("first", lambda r: "z"), ("tag", shape[1][1]), ("second", id)])
    after = row_builder.cache_info()
    assert after.misses - before.misses <= 1 and after.hits - before.hits >= 1
    assert first[1] == {"id": 2, "first": "a", "tag": 0, "second": str(ROWS[1])}
    assert again == [{"id": 1, "first": "z", "tag": "Ann", "second": id(ROWS[0])}]


def test_no_rows_and_no_fields() -> None:
    assert build_rows([], [("name", Inline("value", 1))]) == []
    assert build_rows(ROWS[:2], []) == [{"id": 1}, {"id": 2}]


def test_a_field_name_is_written_as_a_literal_whatever_it_holds() -> None:
    odd = 'x_it\'s "odd"\n'
    assert build_rows(ROWS[:1], [(odd, Inline("value", 1))]) == [{"id": 1, odd: "Ann"}]


def test_empty_values_that_python_finds_equal_keep_their_own_type() -> None:
    """False, 0 and 0.0 are equal in Python: a builder compiled for one must not
    answer for the others (a field named alike on two models, of two types)."""
    answers = [
        build_rows([(1, None)], [("level", Inline("value", 1, empty))])[0]["level"]
        for empty in (False, 0, 0.0, False)
    ]
    assert [(type(a), a) for a in answers] == [(bool, False), (int, 0), (float, 0.0), (bool, False)]
    assert not Inline.can_write(float("nan")) and not Inline.can_write(float("inf"))
