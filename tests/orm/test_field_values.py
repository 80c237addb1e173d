"""Values of every field type as Odoo converts them on create and write:
numbers given as text, empty values, huge values, selection keys, many2one
values that are no id, x2many commands (recorded from Odoo 19 in the
conformance scenarios base/f3..f8)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from jsontwo.exceptions import NumericValueOutOfRange
from jsontwo.orm import Environment, Registry
from jsontwo.orm.numeric import float_round
from tests.orm.conftest import run


def write_read(registry: Registry, vals: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    """Create an x.thing, write ``vals`` on it and read ``fields`` back."""

    def work(env: Environment) -> dict[str, Any]:
        thing = env["x.thing"].create({"name": "values"})
        thing.write(vals)
        thing.env.invalidate()
        return thing.read(fields)[0]

    return run(registry, work)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("7", 7), ("", 0), ([], 0), (3.7, 3), (-2.5, -2), (True, 1), ({"a": 1}, 0), (None, 0)],
)
def test_integer_values_convert_as_odoo_does(
    models_registry: Registry, value: Any, expected: int
) -> None:
    assert write_read(models_registry, {"count": value}, ["count"])["count"] == expected


@pytest.mark.parametrize("value", [2**31, -(2**31) - 1, 10**20])
def test_integer_out_of_32_bits_is_postgresql_error(models_registry: Registry, value: int) -> None:
    with pytest.raises(NumericValueOutOfRange, match="integer out of range"):
        write_read(models_registry, {"count": value}, ["count"])


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        ("3.5", ValueError, "invalid literal for int() with base 10: '3.5'"),
        ([1], TypeError, "int() argument must be"),
    ],
)
def test_integer_values_refused(
    models_registry: Registry, value: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=re.escape(message)):
        write_read(models_registry, {"count": value}, ["count"])


@pytest.mark.parametrize(("value", "expected"), [("2.5", 2.5), ("", 0.0), ("1e3", 1000.0)])
def test_float_values_convert_as_odoo_does(
    models_registry: Registry, value: Any, expected: float
) -> None:
    assert write_read(models_registry, {"ratio": value}, ["ratio"])["ratio"] == expected


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        ("NaN", ValueError, "cannot convert float NaN to integer"),
        (1e308, OverflowError, "cannot convert float infinity to integer"),
    ],
)
def test_float_with_digits_refuses_nan_and_infinity(
    models_registry: Registry, value: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        write_read(models_registry, {"ratio": value}, ["ratio"])


def test_float_round_is_odoos_half_up_with_epsilon() -> None:
    assert float_round(2.675, digits=2) == 2.68  # 2.67499999... as a float
    assert float_round(-2.675, digits=2) == -2.68
    assert float_round(1.3, rounding=0.5) == 1.5
    assert float_round(0.30000000000000004, digits=7) == 0.3
    # twice at seven digits, as Odoo's write path does
    once = float_round(123456789.12345679, digits=7)
    assert float_round(once, digits=7) == 123456789.123457


@pytest.mark.parametrize(("value", "expected"), [("", False), (None, False), ("done", "done")])
def test_selection_empty_values_clear(models_registry: Registry, value: Any, expected: Any) -> None:
    assert write_read(models_registry, {"state": value}, ["state"])["state"] == expected


def test_selection_list_value_is_unhashable(models_registry: Registry) -> None:
    with pytest.raises(TypeError, match="unhashable type: 'list'"):
        write_read(models_registry, {"state": ["done"]}, ["state"])


def test_text_with_nul_character_is_refused(models_registry: Registry) -> None:
    with pytest.raises(ValueError, match=re.escape("cannot contain NUL (0x00) characters")):
        write_read(models_registry, {"code": "a\x00b"}, ["code"])


@pytest.mark.parametrize("value", [[1, "Tag"], "1", 1.0, True, {"id": 1}, [], 0])
def test_many2one_write_of_no_id_empties_the_field(models_registry: Registry, value: Any) -> None:
    def work(env: Environment) -> Any:
        tag = env["x.tag"].create({"name": "m2o"})
        thing = env["x.thing"].create({"name": "m2o", "tag_id": tag.id})
        thing.write({"tag_id": value})
        env.invalidate()
        return thing.read(["tag_id"])[0]["tag_id"]

    assert run(models_registry, work) is False


def test_create_with_zero_many2one_is_empty(models_registry: Registry) -> None:
    def work(env: Environment) -> Any:
        return env["x.thing"].create({"name": "zero", "tag_id": 0}).read(["tag_id"])[0]

    assert run(models_registry, work)["tag_id"] is False


@pytest.mark.parametrize(
    ("vals_list", "kind"), [("abc", "str"), ([1], "int"), ([{"name": "ok"}, None], "NoneType")]
)
def test_create_of_no_dict_fails_as_in_odoo(
    models_registry: Registry, vals_list: Any, kind: str
) -> None:
    with pytest.raises(AttributeError, match=f"'{kind}' object has no attribute 'get'"):
        run(models_registry, lambda env: env["x.thing"].create(vals_list))


def test_write_of_no_dict_fails_as_in_odoo(models_registry: Registry) -> None:
    with pytest.raises(AttributeError, match="'list' object has no attribute 'get'"):
        write_read(models_registry, [{"name": "x"}], ["name"])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-15 10:20:30", "2024-03-15"),
        ("2024-3-5", "2024-03-05"),
        ("2024-03-15Z", "2024-03-15"),
        ("0001-01-01", "1-01-01"),
        ("", False),
    ],
)
def test_date_values_parse_as_odoo_does(
    models_registry: Registry, value: str, expected: Any
) -> None:
    assert write_read(models_registry, {"day": value}, ["day"])["day"] == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-15", "2024-03-15 00:00:00"),
        ("2024-03-15 10:20", "2024-03-15 10:20:00"),
        ("0001-01-01 00:00:00", "1-01-01 00:00:00"),
        ("9999-12-31 23:59:59", "9999-12-31 23:59:59"),
    ],
)
def test_datetime_values_parse_as_odoo_does(
    models_registry: Registry, value: str, expected: str
) -> None:
    assert write_read(models_registry, {"moment": value}, ["moment"])["moment"] == expected


@pytest.mark.parametrize(
    ("field", "value", "error", "message"),
    [
        ("day", "2024-02-30", ValueError, "day is out of range for month"),
        ("day", 20240315, TypeError, "'int' object is not subscriptable"),
        ("moment", "2024-03-15 10:20:30.123456", ValueError, "unconverted data remains: .123456"),
        ("moment", "garbage", ValueError, "time data 'garbage' does not match format '%Y-%m'"),
        ("moment", "bad", ValueError, "stray % in format '%'"),
        ("moment", 1710498030, TypeError, "object of type 'int' has no len()"),
    ],
)
def test_date_and_datetime_errors_are_strptimes(
    models_registry: Registry, field: str, value: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=re.escape(message)):
        write_read(models_registry, {field: value}, [field])
