"""Ordering (docs/internals/orm-behaviour.md, "Searching"): many2one by the
comodel's order, explicit nulls, date parts, related fields, booleans, the order
syntax and its errors."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from jsontwo.exceptions import UserError
from jsontwo.orm import Environment, Registry
from jsontwo.orm.ordering import OrderTerm, nulls_placement, parse_order_term
from tests.orm.conftest import run

#: label -> (tag, day, moment in UTC, flag); x.tag's _order is "name, id"
ROWS: dict[str, tuple[str | None, str | None, str | None, bool]] = {
    "O1": ("Tb", "2024-03-05", "2024-03-05 23:30:00", True),
    "O2": ("Ta", "2023-11-20", "2023-11-20 05:00:00", False),
    "O3": ("Tb2", "2024-01-15", "2024-01-15 12:00:00", False),
    "O4": (None, None, None, False),
}


@pytest.fixture(scope="module")
def prefix(models_registry: Registry) -> str:
    """The name of the ROWS records; tags Ta "alpha", then Tb and Tb2 both "beta"."""
    name = f"order-{uuid.uuid4().hex[:8]}"

    def work(env: Environment) -> None:
        tags = env["x.tag"].create(
            [{"name": f"{name} alpha"}, {"name": f"{name} beta"}, {"name": f"{name} beta"}]
        )
        by_label = dict(zip(("Ta", "Tb", "Tb2"), tags.ids, strict=True))
        env["x.thing"].create(
            [
                {
                    "name": name,
                    "notes": label,
                    "tag_id": by_label[tag] if tag else False,
                    "day": day or False,
                    "moment": moment or False,
                    "flag": flag,
                }
                for label, (tag, day, moment, flag) in ROWS.items()
            ]
        )

    run(models_registry, work)
    return name


def labels(registry: Registry, prefix: str, order: str, **context: Any) -> list[str]:
    """Labels of the ROWS records in the order ``search`` gives them."""

    def work(env: Environment) -> list[str]:
        rows = env["x.thing"].search_read([["name", "=", prefix]], ["notes"], order=order)
        return [row["notes"] for row in rows]

    return list(run(registry, work, **context))


@pytest.mark.parametrize(
    ("order", "context", "expected"),
    [
        # a many2one sorts by the comodel's order (name, then id); desc reverses both
        ("tag_id, id", {}, ["O2", "O1", "O3", "O4"]),
        ("tag_id desc, id", {}, ["O4", "O3", "O1", "O2"]),
        (" tag_id   DESC ,  id ", {}, ["O4", "O3", "O1", "O2"]),
        # explicit nulls place the records without a link
        ("tag_id nulls first, id", {}, ["O4", "O2", "O1", "O3"]),
        ("tag_id desc nulls last, id", {}, ["O3", "O1", "O2", "O4"]),
        # .id sorts by the raw link
        ("tag_id.id desc, id", {}, ["O4", "O3", "O1", "O2"]),
        ("tag_id.id, id", {}, ["O2", "O1", "O3", "O4"]),
        # date parts; a datetime's in context.tz
        ("day.month_number, id", {}, ["O3", "O1", "O2", "O4"]),
        ("day.year_number desc, day", {}, ["O4", "O3", "O1", "O2"]),
        ("moment.hour_number, id", {}, ["O2", "O3", "O1", "O4"]),
        ("moment.hour_number, id", {"tz": "Asia/Tokyo"}, ["O1", "O2", "O3", "O4"]),
        ("moment.hour_number, id", {"tz": "Mars/Olympus"}, ["O2", "O3", "O1", "O4"]),
        ("moment.day_of_month desc, id", {"tz": "Asia/Tokyo"}, ["O4", "O2", "O3", "O1"]),
        # booleans: NULL is false
        ("flag desc, id", {}, ["O1", "O2", "O3", "O4"]),
        ("flag, id desc", {}, ["O4", "O3", "O2", "O1"]),
        # a read_group function is ignored by searches
        ("name:max, id desc", {}, ["O4", "O3", "O2", "O1"]),
    ],
)
def test_order(
    models_registry: Registry,
    prefix: str,
    order: str,
    context: dict[str, Any],
    expected: list[str],
) -> None:
    assert labels(models_registry, prefix, order, **context) == expected


def test_an_order_by_date_part_is_kept_per_timezone(models_registry: Registry, prefix: str) -> None:
    order = "moment.hour_number desc, id"
    assert labels(models_registry, prefix, order) == ["O4", "O1", "O3", "O2"]
    assert labels(models_registry, prefix, order, tz="Asia/Tokyo") == ["O4", "O3", "O2", "O1"]
    assert labels(models_registry, prefix, order) == ["O4", "O1", "O3", "O2"]


@pytest.mark.parametrize(
    ("order", "error", "message"),
    [
        # the syntax of the whole order is checked first
        ("foo, name sideways", UserError, 'Invalid "order" specified (foo, name sideways). A valid "order" specification is a comma-separated list of valid field names (optionally followed by asc/desc for the direction)'),
        ("name nulls  first", UserError, 'Invalid "order" specified (name nulls  first)'),
        ("name, ", UserError, 'Invalid "order" specified (name, )'),
        ("name; drop table x_thing", UserError, 'Invalid "order" specified (name; drop table x_thing)'),
        ("name sideways", UserError, 'Invalid "order" specified (name sideways)'),
        ("name,", UserError, 'Invalid "order" specified (name,)'),
        ("foo", ValueError, "Invalid field 'foo' on model 'x.thing'"),
        ("1abc", ValueError, "Invalid field '1abc' on model 'x.thing'"),
        ("count.foo", ValueError, "Invalid field property 'foo' on x.thing.count"),
        # no ordering through a many2one but by its raw id
        ("tag_id.name, id", ValueError, "Invalid field property 'name' on x.thing.tag_id"),
        ("tag_id.nope", ValueError, "Invalid field property 'nope' on x.thing.tag_id"),
        ("day.foo", ValueError, "Error when processing the granularity foo is not supported"),
        ("tag_ids", ValueError, "Cannot convert x.thing.tag_ids to SQL because it is not stored"),
        ("display_name desc", ValueError, "Cannot convert x.thing.display_name to SQL because it is not stored"),
    ],
)  # fmt: skip
def test_invalid_orders_raise(
    models_registry: Registry, order: str, error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as info:
        run(models_registry, lambda env: env["x.thing"].search([], order=order))
    assert str(info.value).startswith(message)


def test_a_related_field_sorts_as_the_field_it_points_to(registry: Registry) -> None:
    name = f"related-order-{uuid.uuid4().hex[:8]}"

    def work(env: Environment) -> dict[str, list[str]]:
        countries = {
            row["code"]: row["id"]
            for row in env["res.country"].search_read([["code", "in", ["BE", "AT"]]], ["code"])
        }
        env["res.partner"].create(
            [
                {"name": f"{name} be", "country_id": countries["BE"]},
                {"name": f"{name} none"},
                {"name": f"{name} at", "country_id": countries["AT"]},
            ]
        )

        def names(order: str) -> list[str]:
            rows = env["res.partner"].search_read(
                [["name", "=like", f"{name}%"]], ["name"], order=order
            )
            return [row["name"].rsplit(" ", 1)[1] for row in rows]

        return {order: names(order) for order in ("country_code, id", "country_code desc, id")}

    assert run(registry, work) == {
        "country_code, id": ["at", "be", "none"],
        "country_code desc, id": ["none", "be", "at"],
    }


# --- the order-term grammar, shared by searches, read_group and web_read_group ----
def test_an_order_term_parses_into_its_parts() -> None:
    assert parse_order_term(" create_date.month_number DESC nulls last ") == OrderTerm(
        "create_date.month_number", "create_date", "month_number", True, "LAST"
    )
    assert parse_order_term("name") == OrderTerm("name", "name", None, False, None)
    assert parse_order_term("amount:sum asc") == OrderTerm(
        "amount:sum", "amount", None, False, None
    )


def test_only_read_group_takes_a_dotted_property() -> None:
    assert parse_order_term("attributes.a.b") is None
    term = parse_order_term("attributes.a.b", dotted=True)
    assert term is not None and term.property == "a.b"
    assert parse_order_term("name desc first") is None


def test_nulls_go_last_ascending_and_first_descending_unless_asked() -> None:
    assert nulls_placement(False) == "LAST"
    assert nulls_placement(True) == "FIRST"
    assert nulls_placement(True, "LAST") == "LAST"


def test_a_binary_kept_as_an_attachment_is_not_sortable(registry: Registry) -> None:
    """As in Odoo, where such a value lives outside the table."""
    with pytest.raises(ValueError, match=r"Cannot convert res\.partner\.image_1920 to SQL"):
        run(registry, lambda env: env["res.partner"].search([], order="image_1920"))
