"""Grouping (docs/internals/orm-behaviour.md, "Grouping"): ``formatted_read_group``,
legacy ``read_group`` and ``_read_group`` on the test model ``x.thing``, on both backends.

Four things, two tags (``beta`` created first, ``alpha`` second: tags sort by
name), dates around a year's end and datetimes around Brussels' change to
summer time (2024-03-31 01:00 UTC)::

    thing  state  flag   count  ratio  tag_id  tag_ids      day         moment (UTC)
    a      draft  true   1      1.5    beta    beta, alpha  2024-01-15  2024-01-15 23:30:00
    b      done   false  2      2.5    alpha   beta         2024-02-29  2024-03-31 00:30:00
    c      done   -      3      -      -       -            2023-12-31  2023-12-31 12:00:00
    d      draft  -      4      4.0    beta    -            -           -
"""

from __future__ import annotations

import uuid
import xmlrpc.client
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest

from jsontwo.db import Storage
from jsontwo.exceptions import AccessError
from jsontwo.modules.base.loading import upgrade_data
from jsontwo.orm import Environment, Registry
from jsontwo.service.databases import with_superuser
from tests.conftest import Api
from tests.http.test_json2 import assert_ok
from tests.orm import testmodels
from tests.orm.conftest import a_company, empty_database, grant

THINGS = (
    {"name": "a", "state": "draft", "flag": True, "count": 1, "ratio": 1.5,
     "day": "2024-01-15", "moment": "2024-01-15 23:30:00"},
    {"name": "b", "state": "done", "flag": False, "count": 2, "ratio": 2.5,
     "day": "2024-02-29", "moment": "2024-03-31 00:30:00"},
    {"name": "c", "state": "done", "count": 3, "day": "2023-12-31", "moment": "2023-12-31 12:00:00"},
    {"name": "d", "state": "draft", "count": 4, "ratio": 4.0},
)  # fmt: skip


class World:
    """The database and the ids of its records."""

    def __init__(self, registry: Registry, ids: dict[str, int]) -> None:
        self.registry = registry
        self.ids = ids

    def call(self, method: str, *args: Any, uid: int | None = None, **kwargs: Any) -> Any:
        """``x.thing.<method>(*args, **kwargs)`` as the superuser, or as user ``uid``
        (outside superuser mode); ``context`` goes to the environment."""
        context = kwargs.pop("context", {})

        def work(env: Environment) -> Any:
            if uid is not None:
                env = env(uid=uid, su=False)
            model = env["x.thing"].with_context(**context)
            return getattr(model, method)(*args, **kwargs)

        return with_superuser(self.registry, work)

    def frg(self, groupby: list[str], aggregates: list[str], **kwargs: Any) -> Any:
        """formatted_read_group over every thing."""
        return self.call("formatted_read_group", [], groupby, aggregates, **kwargs)

    def groups(self, groupby: list[str], aggregates: list[str] = ["__count"], **kwargs: Any) -> Any:  # noqa: B006
        """``(group value, aggregate values...)`` per group of formatted_read_group."""
        spec = groupby[0]
        return [
            (group[spec], *(group[a] for a in aggregates))
            for group in self.frg(groupby, aggregates, **kwargs)
        ]


@pytest.fixture(scope="module")
def world(storage: Storage) -> Iterator[World]:
    """A database with the things, an internal user ``clerk`` and an administrator."""
    with empty_database(storage, ("base", testmodels.MODULE)) as registry:

        def setup(env: Environment) -> dict[str, int]:
            upgrade_data(env)
            # French weeks start on Monday
            languages = env["res.lang"].with_context(active_test=False)
            languages.search([["code", "=", "fr_FR"]]).write({"active": True})
            users = env["res.users"]
            # ids 1 and 2 are the superuser's and the admin's in every database
            company = a_company(env)
            users.create(
                [
                    {**company, "login": "__system__", "name": "Root"},
                    {**company, "login": "a", "name": "A"},
                ]
            )
            clerk = users.create({**company, "login": "clerk", "name": "Clerk"})
            beta = env["x.tag"].create({"name": "beta"})
            alpha = env["x.tag"].create({"name": "alpha"})
            links = {
                "a": {"tag_id": beta.id, "tag_ids": [beta.id, alpha.id]},
                "b": {"tag_id": alpha.id, "tag_ids": [beta.id]},
                "d": {"tag_id": beta.id},
            }
            things = env["x.thing"].create([{**t, **links.get(str(t["name"]), {})} for t in THINGS])
            ledger = env["x.ledger"].create({"name": "L", "cost": 2.0})
            ids = {str(t["name"]): rid for t, rid in zip(THINGS, things.ids, strict=True)}
            return {
                **ids,
                "beta": beta.id,
                "alpha": alpha.id,
                "clerk": clerk.id,
                "ledger": ledger.id,
            }

        ids = with_superuser(registry, setup)
        for model in ("x.thing", "x.tag", "x.ledger"):
            grant(registry, model)
        yield World(registry, ids)


MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip


# --- groupby values ------------------------------------------------------------
def test_many2one_groups_are_id_name_pairs_in_the_comodel_order(world: World) -> None:
    ids = world.ids
    assert world.frg(["tag_id"], ["__count"]) == [
        {"tag_id": [ids["alpha"], "alpha"], "__extra_domain": [["tag_id", "=", ids["alpha"]]],
         "__count": 1},
        {"tag_id": [ids["beta"], "beta"], "__extra_domain": [["tag_id", "=", ids["beta"]]],
         "__count": 2},
        {"tag_id": False, "__extra_domain": [["tag_id", "=", False]], "__count": 1},
    ]  # fmt: skip
    # descending: the comodel order reversed, the records without a tag first
    assert world.groups(["tag_id"], order="tag_id desc") == [
        (False, 1),
        ([ids["beta"], "beta"], 2),
        ([ids["alpha"], "alpha"], 1),
    ]


def test_selection_boolean_char_and_integer_groups_are_raw_values(world: World) -> None:
    assert world.groups(["state"]) == [("done", 2), ("draft", 2)]
    # an empty boolean is false
    assert world.frg(["flag"], ["__count"]) == [
        {"flag": False, "__extra_domain": [["flag", "=", False]], "__count": 3},
        {"flag": True, "__extra_domain": [["flag", "=", True]], "__count": 1},
    ]
    assert world.groups(["name"], ["count:sum"]) == [("a", 1), ("b", 2), ("c", 3), ("d", 4)]
    assert world.groups(["count"], limit=2) == [(1, 1), (2, 1)]
    assert world.groups(["ratio"])[-1] == (False, 1)


def test_two_groupbys_and_the_conjunction_of_their_conditions(world: World) -> None:
    groups = world.frg(["state", "flag"], ["__count"])
    assert [(g["state"], g["flag"], g["__count"]) for g in groups] == [
        ("done", False, 2),
        ("draft", False, 1),
        ("draft", True, 1),
    ]
    assert groups[0]["__extra_domain"] == ["&", ["state", "=", "done"], ["flag", "=", False]]


def test_a_record_is_in_one_many2many_group_per_link(world: World) -> None:
    ids = world.ids
    assert world.frg(["tag_ids"], ["__count"]) == [
        {"tag_ids": [ids["beta"], "beta"], "__extra_domain": [["tag_ids", "=", ids["beta"]]],
         "__count": 2},
        {"tag_ids": [ids["alpha"], "alpha"], "__extra_domain": [["tag_ids", "=", ids["alpha"]]],
         "__count": 1},
        {"tag_ids": False, "__extra_domain": [["tag_ids", "not any", []]], "__count": 2},
    ]  # fmt: skip


def test_many2one_paths_group_by_the_comodel_field(world: World) -> None:
    assert world.frg(["tag_id.name"], ["__count"]) == [
        {"tag_id.name": "alpha", "__extra_domain": [["tag_id", "any", [["name", "=", "alpha"]]]],
         "__count": 1},
        {"tag_id.name": "beta", "__extra_domain": [["tag_id", "any", [["name", "=", "beta"]]]],
         "__count": 2},
        {"tag_id.name": False,
         "__extra_domain": ["|", ["tag_id", "not any", []], ["tag_id", "any", [["name", "=", False]]]],
         "__count": 1},
    ]  # fmt: skip


def test_groups_of_archived_records_keep_their_names(world: World) -> None:
    ids = world.ids

    def archive(active: bool) -> None:
        def work(env: Environment) -> None:
            env["x.tag"].browse(ids["alpha"]).write({"active": active})

        with_superuser(world.registry, work)

    archive(False)
    try:
        assert world.groups(["tag_id"]) == [
            ([ids["alpha"], "alpha"], 1),
            ([ids["beta"], "beta"], 2),
            (False, 1),
        ]
    finally:
        archive(True)


def test_grouping_by_id_gives_records(world: World) -> None:
    ids = world.ids
    groups = world.frg(["id"], ["__count"], limit=1)
    assert groups == [
        {"id": [ids["a"], "a"], "__extra_domain": [["id", "=", ids["a"]]], "__count": 1}
    ]


def test_fields_of_an_inherits_parent_group_through_the_link(world: World) -> None:
    def work(env: Environment) -> Any:
        users = env["res.users"].with_context(active_test=False)
        domain = [["login", "in", ["clerk", "a"]]]
        return (
            users.formatted_read_group(domain, ["name"], ["__count"]),
            users.formatted_read_group(domain, ["partner_id.name"], ["__count"]),
            users.read_group(domain, ["color"], ["name"]),
        )

    by_name, by_path, legacy = with_superuser(world.registry, work)
    assert by_name == [
        {"name": "A", "__extra_domain": [["name", "=", "A"]], "__count": 1},
        {"name": "Clerk", "__extra_domain": [["name", "=", "Clerk"]], "__count": 1},
    ]
    assert [g["partner_id.name"] for g in by_path] == ["A", "Clerk"]
    assert by_path[0]["__extra_domain"] == [["partner_id", "any", [["name", "=", "A"]]]]
    assert [(row["name"], row["name_count"], row["color"]) for row in legacy] == [
        ("A", 1, 0),
        ("Clerk", 1, 0),
    ]


# --- dates -----------------------------------------------------------------------
def test_date_periods_with_their_start_label_and_range(world: World) -> None:
    assert world.frg(["day:month"], ["__count"]) == [
        {"day:month": ["2023-12-01", "December 2023"], "__count": 1,
         "__extra_domain": ["&", ["day", ">=", "2023-12-01"], ["day", "<", "2024-01-01"]]},
        {"day:month": ["2024-01-01", "January 2024"], "__count": 1,
         "__extra_domain": ["&", ["day", ">=", "2024-01-01"], ["day", "<", "2024-02-01"]]},
        {"day:month": ["2024-02-01", "February 2024"], "__count": 1,
         "__extra_domain": ["&", ["day", ">=", "2024-02-01"], ["day", "<", "2024-03-01"]]},
        {"day:month": False, "__count": 1, "__extra_domain": [["day", "=", False]]},
    ]  # fmt: skip
    assert world.groups(["day:year"]) == [
        (["2023-01-01", "2023"], 1),
        (["2024-01-01", "2024"], 2),
        (False, 1),
    ]
    assert world.groups(["day:quarter"]) == [
        (["2023-10-01", "Q4 2023"], 1),
        (["2024-01-01", "Q1 2024"], 2),
        (False, 1),
    ]
    assert world.groups(["day:day"])[:3] == [
        (["2023-12-31", "31 Dec 2023"], 1),
        (["2024-01-15", "15 Jan 2024"], 1),
        (["2024-02-29", "29 Feb 2024"], 1),
    ]
    # en_US weeks start on Sunday; week 1 is the one holding January 1st
    assert world.groups(["day:week"])[:3] == [
        (["2023-12-31", "W1 2024"], 1),
        (["2024-01-14", "W3 2024"], 1),
        (["2024-02-25", "W9 2024"], 1),
    ]
    [first, *_rest] = world.frg(["day:week"], ["__count"])
    assert first["__extra_domain"] == ["&", ["day", ">=", "2023-12-31"], ["day", "<", "2024-01-07"]]


def test_weeks_start_on_the_first_weekday_of_the_language(world: World) -> None:
    french = {"lang": "fr_FR"}
    assert world.groups(["day:week"], context=french)[:3] == [
        (["2023-12-25", "W52 2023"], 1),
        (["2024-01-15", "W3 2024"], 1),
        (["2024-02-26", "W9 2024"], 1),
    ]
    # Monday (1) first, Sunday (0) last
    assert world.groups(["day:day_of_week"], context=french) == [
        (1, 1),
        (4, 1),
        (0, 1),
        (False, 1),
    ]
    assert world.groups(["day:day_of_week"], order="day:day_of_week desc", context=french) == [
        (False, 1),
        (0, 1),
        (4, 1),
        (1, 1),
    ]


def test_date_number_parts(world: World) -> None:
    assert world.frg(["day:month_number"], ["__count"])[0] == {
        "day:month_number": 1,
        "__extra_domain": [["day.month_number", "=", 1]],
        "__count": 1,
    }
    assert world.groups(["day:month_number"]) == [(1, 1), (2, 1), (12, 1), (False, 1)]
    assert world.groups(["day:year_number"]) == [(2023, 1), (2024, 2), (False, 1)]
    assert world.groups(["day:quarter_number"]) == [(1, 2), (4, 1), (False, 1)]
    assert world.groups(["day:iso_week_number"]) == [(3, 1), (9, 1), (52, 1), (False, 1)]
    assert world.groups(["day:day_of_year"]) == [(15, 1), (60, 1), (365, 1), (False, 1)]
    assert world.groups(["day:day_of_month"]) == [(15, 1), (29, 1), (31, 1), (False, 1)]
    # 0 = Sunday; sorted from the language's first weekday (Sunday in en_US)
    assert world.groups(["day:day_of_week"]) == [(0, 1), (1, 1), (4, 1), (False, 1)]
    assert world.groups(["moment:hour_number"]) == [(0, 1), (12, 1), (23, 1), (False, 1)]
    assert world.groups(["moment:minute_number"]) == [(0, 1), (30, 2), (False, 1)]
    assert world.groups(["moment:second_number"]) == [(0, 3), (False, 1)]


def test_datetimes_group_in_the_context_timezone(world: World) -> None:
    # in UTC
    assert world.groups(["moment:day"])[:2] == [
        (["2023-12-31 00:00:00", "31 Dec 2023"], 1),
        (["2024-01-15 00:00:00", "15 Jan 2024"], 1),
    ]
    # in Brussels: a's 23:30 UTC is the next day; b's day has 23 hours
    brussels = {"tz": "Europe/Brussels"}
    groups = world.frg(["moment:day"], ["__count"], context=brussels)
    assert [g["moment:day"] for g in groups] == [
        ["2023-12-30 23:00:00", "31 Dec 2023"],
        ["2024-01-15 23:00:00", "16 Jan 2024"],
        ["2024-03-30 23:00:00", "31 Mar 2024"],
        False,
    ]
    assert groups[2]["__extra_domain"] == [
        "&",
        ["moment", ">=", "2024-03-30 23:00:00"],
        ["moment", "<", "2024-03-31 22:00:00"],
    ]
    assert world.groups(["moment:hour"], context=brussels)[:2] == [
        (["2023-12-31 12:00:00", "01:00 31 Dec"], 1),
        (["2024-01-15 23:00:00", "12:00 16 Jan"], 1),
    ]
    assert world.groups(["moment:hour_number"], context=brussels) == [
        (0, 1),
        (1, 1),
        (13, 1),
        (False, 1),
    ]
    assert world.groups(["moment:month"], context=brussels)[:2] == [
        (["2023-11-30 23:00:00", "December 2023"], 1),
        (["2023-12-31 23:00:00", "January 2024"], 1),
    ]
    # an unknown timezone groups in UTC
    assert world.groups(["moment:hour_number"], context={"tz": "Mars/Olympus"})[0] == (0, 1)


# --- aggregates --------------------------------------------------------------------
def test_every_aggregate(world: World) -> None:
    ids = world.ids
    aggregates = [
        "count:sum", "count:avg", "count:min", "count:max", "ratio:sum", "ratio:count",
        "count:count", "state:count_distinct", "flag:bool_and", "flag:bool_or",
        "id:array_agg", "state:array_agg_distinct", "tag_id:array_agg", "day:max",
        "moment:min", "amount:sum_currency", "__count",
    ]  # fmt: skip
    [totals] = world.frg([], aggregates)
    assert totals == {
        "__extra_domain": [[1, "=", 1]],
        "count:sum": 10,
        "count:avg": 2.5,
        "count:min": 1,
        "count:max": 4,
        "ratio:sum": 8.0,
        "ratio:count": 3,
        "count:count": 4,
        "state:count_distinct": 2,
        "flag:bool_and": False,
        "flag:bool_or": True,
        "id:array_agg": [ids["a"], ids["b"], ids["c"], ids["d"]],
        "state:array_agg_distinct": ["done", "draft"],
        "tag_id:array_agg": [ids["beta"], ids["alpha"], None, ids["beta"]],
        "day:max": "2024-02-29",
        "moment:min": "2023-12-31 12:00:00",
        "amount:sum_currency": False,
        "__count": 4,
    }
    # formatted_read_group asks for recordsets as arrays (of ids), under the array's name
    [totals] = world.frg([], ["tag_id:recordset", "id:recordset"])
    assert totals == {
        "__extra_domain": [[1, "=", 1]],
        "tag_id:array_agg": [ids["beta"], ids["alpha"], None, ids["beta"]],
        "id:array_agg": [ids["a"], ids["b"], ids["c"], ids["d"]],
    }
    # averages of floats, per group; null-only sums are false
    assert world.groups(["tag_id"], ["ratio:avg", "ratio:sum"]) == [
        ([ids["alpha"], "alpha"], 2.5, 2.5),
        ([ids["beta"], "beta"], 2.75, 5.5),
        (False, False, False),
    ]


def test_nothing_matches(world: World) -> None:
    nothing = [["name", "=", "nobody"]]
    assert world.call("formatted_read_group", nothing, ["state"], ["__count"]) == []
    assert world.call(
        "formatted_read_group", nothing, [], ["__count", "count:sum", "id:array_agg"]
    ) == [{"__extra_domain": [[1, "=", 1]], "__count": 0, "count:sum": False, "id:array_agg": []}]


def test_internal_read_group_gives_records_and_dates(world: World) -> None:
    def work(env: Environment) -> Any:
        rows = env["x.thing"]._read_group(
            [["day", "!=", False]], ["tag_id", "day:month"], ["count:sum", "id:recordset"]
        )
        return [(tag.ids, str(month), total, things.ids) for tag, month, total, things in rows]

    ids = world.ids
    # without an order, groups come in the order of their raw values (tag ids here)
    assert with_superuser(world.registry, work) == [
        ([ids["beta"]], "2024-01-01", 1, [ids["a"]]),
        ([ids["alpha"]], "2024-02-01", 2, [ids["b"]]),
        ([], "2023-12-01", 3, [ids["c"]]),
    ]

    def recordset_of_amounts(env: Environment) -> Any:
        return env["x.thing"]._read_group([], ["state"], ["amount:recordset"])

    with pytest.raises(ValueError) as info:
        with_superuser(world.registry, recordset_of_amounts)
    assert str(info.value) == (
        "Aggregate method 'recordset' can be only used on relational field (or id) "
        "(for 'amount:recordset')."
    )


# --- having, order, limit, offset ---------------------------------------------------
def test_having_filters_groups_on_aggregates(world: World) -> None:
    ids = world.ids
    beta = [ids["beta"], "beta"]
    assert world.groups(["tag_id"], having=[["__count", ">", 1]]) == [(beta, 2)]
    assert world.groups(["tag_id"], ["count:sum"], having=[["count:sum", ">=", 3]]) == [
        (beta, 5),
        (False, 3),
    ]
    assert world.groups(["tag_id"], having=[["__count", "in", [2, 3]]]) == [(beta, 2)]
    assert world.groups(["tag_id"], having=[["__count", "not in", [2]]]) == [
        ([ids["alpha"], "alpha"], 1),
        (False, 1),
    ]
    either = ["|", ["count:max", "=", 2], "!", ["__count", "<=", 1]]
    assert world.groups(["tag_id"], having=either) == [([ids["alpha"], "alpha"], 1), (beta, 2)]
    both = [["__count", "=", 1], ["count:sum", "!=", 3]]
    assert world.groups(["tag_id"], having=both) == [([ids["alpha"], "alpha"], 1)]


def test_order_by_aggregates_and_groupbys_with_limit_and_offset(world: World) -> None:
    # ties keep the groupby order
    assert world.groups(["state"], ["count:sum"], order="count:sum desc") == [
        ("done", 5),
        ("draft", 5),
    ]
    assert world.groups(["name"], ["count:max"], order="count:max desc", limit=2) == [
        ("d", 4),
        ("c", 3),
    ]
    assert world.groups(["name"], order="name desc", limit=2, offset=1) == [("c", 1), ("b", 1)]
    assert world.groups(["state", "name"], order="state desc, __count, name desc") == [
        ("draft", 1),
        ("draft", 1),
        ("done", 1),
        ("done", 1),
    ]
    rows = world.frg(["state", "name"], ["__count"], order="state desc, name desc")
    assert [(g["state"], g["name"]) for g in rows] == [
        ("draft", "d"),
        ("draft", "a"),
        ("done", "c"),
        ("done", "b"),
    ]
    assert world.groups(["ratio"], order="ratio desc nulls last") == [
        (4.0, 1),
        (2.5, 1),
        (1.5, 1),
        (False, 1),
    ]
    assert world.groups(["ratio"], order="ratio asc nulls first")[0] == (False, 1)
    assert world.groups(["state"], offset=1) == [("draft", 2)]


# --- legacy read_group ----------------------------------------------------------------
def test_legacy_read_group_lazy_with_default_aggregators(world: World) -> None:
    ids = world.ids
    rows = world.call(
        "read_group", [["count", ">", 0]], ["count", "ratio", "name"], ["tag_id", "state"]
    )
    assert rows == [
        {"tag_id": [ids["alpha"], "alpha"], "tag_id_count": 1, "count": 2, "ratio": 2.5,
         "__domain": ["&", ["count", ">", 0], ["tag_id", "=", ids["alpha"]]],
         "__context": {"group_by": ["state"]}},
        {"tag_id": [ids["beta"], "beta"], "tag_id_count": 2, "count": 5, "ratio": 5.5,
         "__domain": ["&", ["count", ">", 0], ["tag_id", "=", ids["beta"]]],
         "__context": {"group_by": ["state"]}},
        {"tag_id": False, "tag_id_count": 1, "count": 3, "ratio": False,
         "__domain": ["&", ["count", ">", 0], ["tag_id", "=", False]],
         "__context": {"group_by": ["state"]}},
    ]  # fmt: skip


def test_legacy_read_group_dates_default_to_months_with_ranges(world: World) -> None:
    rows = world.call("read_group", [], ["total:sum(count)"], "day", orderby="day desc")
    assert rows == [
        {"day": False, "day_count": 1, "total": 4, "__domain": [["day", "=", False]],
         "__range": {"day": False}},
        {"day": "February 2024", "day_count": 1, "total": 2,
         "__domain": ["&", ["day", ">=", "2024-02-01"], ["day", "<", "2024-03-01"]],
         "__range": {"day": {"from": "2024-02-01", "to": "2024-03-01"}}},
        {"day": "January 2024", "day_count": 1, "total": 1,
         "__domain": ["&", ["day", ">=", "2024-01-01"], ["day", "<", "2024-02-01"]],
         "__range": {"day": {"from": "2024-01-01", "to": "2024-02-01"}}},
        {"day": "December 2023", "day_count": 1, "total": 3,
         "__domain": ["&", ["day", ">=", "2023-12-01"], ["day", "<", "2024-01-01"]],
         "__range": {"day": {"from": "2023-12-01", "to": "2024-01-01"}}},
    ]  # fmt: skip
    [week] = world.call("read_group", [["name", "=", "a"]], [], ["moment:week"])
    assert week["moment:week"] == "W3 2024"
    assert week["__range"] == {
        "moment:week": {"from": "2024-01-14 00:00:00", "to": "2024-01-21 00:00:00"}
    }
    [number] = world.call("read_group", [["name", "=", "a"]], [], ["day:month_number"])
    assert number == {
        "day:month_number": 1,
        "day_count": 1,
        "__domain": ["&", ["name", "=", "a"], ["day.month_number", "=", 1]],
    }


def test_legacy_read_group_eager_with_orderby_on_the_count(world: World) -> None:
    rows = world.call(
        "read_group", [], ["count:max"], ["state", "flag"], orderby="__count desc", lazy=False
    )
    assert [(r["state"], r["flag"], r["__count"], r["count"]) for r in rows] == [
        ("done", False, 2, 3),
        ("draft", False, 1, 4),
        ("draft", True, 1, 1),
    ]
    assert rows[0]["__domain"] == ["&", ["state", "=", "done"], ["flag", "=", False]]
    assert "__context" not in rows[0]
    ordered = world.call("read_group", [], [], ["state"], orderby="state_count desc, state")
    assert [(r["state"], r["state_count"]) for r in ordered] == [("done", 2), ("draft", 2)]
    [totals] = world.call("read_group", [], ["count"], [])
    assert totals == {"__count": 4, "count": 10, "__domain": [[1, "=", 1]]}


def test_groups_order_by_their_count_or_by_an_aggregated_field(world: World) -> None:
    """``__count desc`` sorts groups by size; legacy ``orderby`` may name an aggregated field."""
    ids = world.ids
    beta, alpha = [ids["beta"], "beta"], [ids["alpha"], "alpha"]
    assert world.groups(["tag_id"], order="__count desc") == [(beta, 2), (alpha, 1), (False, 1)]
    # "count" is aggregated as count:sum: beta 1 + 4, no tag 3, alpha 2
    rows = world.call("read_group", [], ["count:sum"], ["tag_id"], orderby="count desc", limit=2)
    assert rows == [
        {"tag_id": beta, "tag_id_count": 2, "count": 5, "__domain": [["tag_id", "=", ids["beta"]]]},
        {"tag_id": False, "tag_id_count": 1, "count": 3, "__domain": [["tag_id", "=", False]]},
    ]  # fmt: skip


# --- errors -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("groupby", "aggregates", "message"),
    [
        (["day"], ["__count"], "Granularity not set on a date(time) field: 'day'"),
        (["day:decade"], ["__count"], "Granularity specification isn't correct: 'decade'"),
        (["state:month"], ["__count"], "Granularity set on a no-datetime field or property: 'state:month'"),
        (["nope"], ["__count"], "Invalid field 'nope' on model 'x.thing'"),
        (["state.name"], ["__count"], "Only many2one path is accepted for the 'state.name' groupby spec"),
        (["line_ids"], ["__count"], "Cannot convert x.thing.line_ids to SQL because it is not stored"),
        (["state"], ["count"], "Aggregate method is mandatory for 'count'"),
        (["state"], ["count:median"], "Invalid aggregate method 'median' for 'count:median'."),
        (["state"], ["nope:sum"], "Invalid field 'nope' on model 'x.thing' for 'nope:sum'."),
        (["state"], ["tag_id.name:max"], "Invalid 'tag_id.name:max', this dot notation is not supported"),
        (["state"], ["name:sum"], "Aggregate method 'sum' cannot be used on the char field 'name' (for 'name:sum')."),
        (["state"], ["count:sum_currency"], "Aggregator \"sum_currency\" only works on currency field for 'count'"),
        (["state:"], ["__count"], None),
    ],
)  # fmt: skip
def test_invalid_specifications(
    world: World, groupby: list[str], aggregates: list[str], message: str | None
) -> None:
    with pytest.raises(ValueError) as info:
        world.frg(groupby, aggregates)
    if message is not None:
        assert str(info.value) == message


def test_invalid_having_and_order(world: World) -> None:
    with pytest.raises(ValueError) as info:
        world.frg(["state"], ["__count"], having=[["__count", "like", 1]])
    assert str(info.value) == (
        "Invalid having clause ['__count', 'like', 1]: supported comparators are "
        "('in', 'not in', '<', '>', '<=', '>=', '=', '!=')"
    )
    with pytest.raises(ValueError, match="it should be a domain-like clause"):
        world.frg(["state"], ["__count"], having=[["__count", ">"]])
    with pytest.raises(ValueError) as info:
        world.frg(["state"], ["__count"], order="name desc")
    assert str(info.value) == "Order term 'name desc' is not a valid aggregate nor valid groupby"
    with pytest.raises(ValueError, match="Invalid order 'state;' for _read_group"):
        world.frg(["state"], ["__count"], order="state;")
    with pytest.raises(ValueError, match="Property name 'name' has to be used on a property"):
        world.call("read_group", [], [], ["tag_id.name"])


def test_having_values_must_fit_the_aggregate(world: World) -> None:
    """Checked before the statement runs: PostgreSQL would fail with its own error
    (naming SQL) and SQLite would compare anything with anything."""
    refused = [
        ([["__count", ">", "1 OR 1=1"]], "a number"),
        ([["__count", "in", [1, {"a": 1}]]], "a number"),
        ([["__count", ">", True]], "a number"),
        ([["count:sum", "=", None]], "a number"),
        ([["flag:bool_or", "=", 1]], "true or false"),
        ([["name:max", "=", 3]], "a string"),
        ([["tag_id:array_agg", "=", 3]], "a single value"),
    ]
    for having, expected in refused:
        with pytest.raises(
            ValueError, match=f"^Invalid having clause .*: the value must be {expected}"
        ):
            world.frg(["state"], ["__count"], having=having)
    # what fits still filters
    assert world.groups(["state"], ["name:max"], having=[["name:max", ">=", "d"]]) == [
        ("draft", "d")
    ]
    assert world.groups(["state"], ["ratio:max"], having=[["ratio:max", ">", 3]]) == [
        ("draft", 4.0)
    ]
    assert world.groups(["state"], ["flag:bool_or"], having=[["flag:bool_or", "=", True]]) == [
        ("draft", True)
    ]


def test_limit_offset_and_groupby_items_are_checked(world: World) -> None:
    """A negative or 64-bit-overflowing limit or offset is the ORM's ValueError, not
    the database's error (SQLite would even read a negative limit as none)."""
    for kwargs in ({"limit": -1}, {"offset": -1}, {"limit": 2**63}, {"offset": 10**30}):
        name = next(iter(kwargs))
        with pytest.raises(ValueError, match=f"^Invalid {name} "):
            world.frg(["state"], ["__count"], **kwargs)
        with pytest.raises(ValueError, match=f"^Invalid {name} "):
            world.call("read_group", [], ["count"], ["state"], **kwargs)
    assert world.groups(["state"], limit=1, offset=1) == [("draft", 2)]
    with pytest.raises(ValueError, match=r"^Invalid aggregate/groupby specification"):
        world.frg([["state"]], ["__count"])  # type: ignore[list-item]


# --- access ----------------------------------------------------------------------------------
def test_record_rules_and_access_lines_apply(world: World) -> None:
    ids = world.ids

    def add_rules(env: Environment) -> list[int]:
        rules = env["ir.rule"].create(
            [
                {"name": "draft things only", "model_id": env["ir.model"]._get_id("x.thing"),
                 "domain_force": "[('state', '=', 'draft')]"},
                {"name": "alpha tags only", "model_id": env["ir.model"]._get_id("x.tag"),
                 "domain_force": "[('name', '=', 'alpha')]"},
            ]
        )  # fmt: skip
        return list(rules.ids)

    rules = with_superuser(world.registry, add_rules)
    clerk = ids["clerk"]
    try:
        assert world.groups(["state"], uid=clerk) == [("draft", 2)]
        # the tags the clerk cannot read make no group of their own
        assert world.groups(["tag_ids"], uid=clerk) == [([ids["alpha"], "alpha"], 1), (False, 1)]
        assert world.groups(["tag_id.name"], uid=clerk) == [(False, 2)]
        # many2one groups show the names of records the clerk cannot read
        assert world.groups(["tag_id"], uid=clerk) == [([ids["beta"], "beta"], 2)]
        [row] = world.call("read_group", [], ["count"], ["state"], uid=clerk)
        assert (row["state"], row["count"]) == ("draft", 5)
    finally:
        with_superuser(world.registry, lambda env: env["ir.rule"].browse(rules).unlink())
    assert world.groups(["state"], uid=clerk) == [("done", 2), ("draft", 2)]

    def work(env: Environment) -> Any:
        return env(uid=clerk, su=False)["x.vault"].formatted_read_group([], [], ["__count"])

    with pytest.raises(AccessError):
        with_superuser(world.registry, work)


def test_fields_of_other_groups_cannot_be_grouped_or_aggregated(world: World) -> None:
    clerk = world.ids["clerk"]

    def ledger(method: str, *args: Any, uid: int | None = None) -> Any:
        def work(env: Environment) -> Any:
            model = env(uid=uid, su=False)["x.ledger"] if uid else env["x.ledger"]
            return getattr(model, method)(*args)

        return with_superuser(world.registry, work)

    refused = 'You do not have enough rights to access the field "cost"'
    for groupby, aggregates in ((["cost"], ["__count"]), (["name"], ["cost:sum"])):
        with pytest.raises(AccessError, match=refused):
            ledger("formatted_read_group", [], groupby, aggregates, uid=clerk)
    with pytest.raises(AccessError, match=refused):
        ledger("read_group", [], ["cost:sum"], ["name"], uid=clerk)
    with pytest.raises(AccessError, match=refused):
        ledger("formatted_read_group", [], ["name"], ["__count"], [["cost:max", ">", 1]], uid=clerk)
    # nor reached through a many2one, nor sorted by
    with pytest.raises(AccessError, match=refused):
        ledger("formatted_read_group", [], ["parent_id.cost"], ["__count"], uid=clerk)
    with pytest.raises(AccessError, match=refused):
        ledger(
            "formatted_read_group", [], ["name"], ["__count"], [], 0, None, "cost:sum", uid=clerk
        )
    assert ledger("formatted_read_group", [], [], ["cost:sum"]) == [
        {"__extra_domain": [[1, "=", 1]], "cost:sum": 2.0}
    ]


# --- over JSON-2 (the demo database) ------------------------------------------------------------
def test_formatted_read_group_over_json2(api: Api) -> None:
    companies = api.call("res.partner", "search_count", {"domain": [["is_company", "=", True]]})
    response = api.call(
        "res.partner",
        "formatted_read_group",
        {"domain": [], "groupby": ["is_company"], "aggregates": ["__count", "color:sum"],
         "order": "is_company desc"},
    )  # fmt: skip
    assert response.status_code == 200
    [company, person] = response.json()
    assert company["is_company"] is True and company["__count"] == companies.json()
    assert company["__extra_domain"] == [["is_company", "=", True]]
    assert person["is_company"] is False and isinstance(person["color:sum"], int)
    grouped = api.call(
        "res.partner",
        "formatted_read_group",
        {"domain": [["country_id", "!=", False]], "groupby": ["country_id", "create_date:year"],
         "aggregates": ["id:count"], "limit": 1},
    ).json()  # fmt: skip
    [group] = grouped
    assert isinstance(group["country_id"][0], int) and isinstance(group["country_id"][1], str)
    start, label = group["create_date:year"]
    assert start.endswith("-01-01 00:00:00") and label == start[:4]


def test_read_group_over_json2(api: Api) -> None:
    response = api.call(
        "res.partner",
        "read_group",
        {"domain": [["is_company", "=", True]], "fields": ["color"], "groupby": ["is_company"]},
    )
    assert response.status_code == 200
    [row] = response.json()
    assert row["is_company"] is True and row["is_company_count"] >= 1
    assert row["__domain"] == ["&", ["is_company", "=", True], ["is_company", "=", True]]
    positional = api.call(
        "res.partner", "read_group", {"domain": [], "fields": [], "groupby": [], "lazy": False}
    ).json()
    assert list(positional[0]) == ["__count", "__domain"]


def test_read_group_by_position_over_xmlrpc(api: Api) -> None:
    """Legacy clients pass ``domain, fields, groupby`` by position."""
    call = (api.db, 2, "admin", "res.partner", "read_group")
    arguments = ([["is_company", "=", True]], ["color"], ["is_company"], 0, None, False, False)
    body = xmlrpc.client.dumps((*call, list(arguments)), "execute_kw", allow_none=True)
    response = api.request(
        "POST", "/xmlrpc/2/object", content=body.encode(), headers={"Content-Type": "text/xml"}
    )
    assert response.status_code == 200
    answer: Any = xmlrpc.client.loads(response.content)[0]
    [[row]] = answer
    assert row["is_company"] is True and row["__count"] >= 1 and "is_company_count" not in row


def test_datetimes_group_by_utc_months_over_json2(api: Api) -> None:
    """create_date groups by its UTC month: formatted as ``[start, label]``, legacy by
    default with a ``__range``."""
    token = f"months {uuid.uuid4().hex[:8]}"
    vals = [{"name": f"{token} {n}"} for n in range(3)]
    created = assert_ok(api.call("res.partner", "create", {"vals_list": vals}))
    body = {"ids": created, "fields": ["create_date"]}
    moments = {row["create_date"] for row in assert_ok(api.call("res.partner", "read", body))}
    [moment] = moments  # one request, one transaction: one create date
    first = datetime.strptime(moment[:7], "%Y-%m")
    start = first.strftime("%Y-%m-%d %H:%M:%S")
    end = (first + timedelta(days=32)).replace(day=1).strftime("%Y-%m-%d %H:%M:%S")
    label = f"{MONTHS[first.month - 1]} {first.year}"
    domain = [["name", "ilike", token]]
    body = {"domain": domain, "groupby": ["create_date:month"], "aggregates": ["__count"]}
    assert assert_ok(api.call("res.partner", "formatted_read_group", body)) == [
        {
            "create_date:month": [start, label],
            "__extra_domain": ["&", ["create_date", ">=", start], ["create_date", "<", end]],
            "__count": 3,
        }
    ]
    body = {"domain": domain, "fields": [], "groupby": ["create_date"]}
    assert assert_ok(api.call("res.partner", "read_group", body)) == [
        {
            "create_date": label,
            "create_date_count": 3,
            "__domain": [
                "&", "&", ["name", "ilike", token],
                ["create_date", ">=", start], ["create_date", "<", end],
            ],
            "__range": {"create_date": {"from": start, "to": end}},
        }
    ]  # fmt: skip


def test_errors_over_json2(api: Api) -> None:
    response = api.call(
        "res.partner", "formatted_read_group", {"domain": [], "groupby": ["create_date"]}
    )
    assert response.status_code == 500
    error = response.json()
    assert error["name"] == "builtins.ValueError"
    assert error["message"] == "Granularity not set on a date(time) field: 'create_date'"
    missing = api.call("res.partner", "formatted_read_group", {"groupby": ["country_id"]})
    assert missing.status_code == 422
    assert missing.json()["message"] == "missing a required argument: 'domain'"


def test_sums_of_amounts_are_exact_as_odoos_numeric_columns(world: World) -> None:
    """Odoo stores amounts and floats with digits as NUMERIC: 0.1 + 0.2 + 0.3 sums
    to 0.6 there, not to floating point's 0.6000000000000001."""

    class Rollback(Exception):
        """Leaves the module's things as they were."""

    def work(env: Environment) -> None:
        things = env["x.thing"]
        things.create([{"name": "cents", "amount": v, "ratio": v} for v in (0.1, 0.2, 0.3)])
        raise Rollback(
            things.formatted_read_group([["name", "=", "cents"]], [], ["amount:sum", "ratio:sum"])
        )

    with pytest.raises(Rollback) as caught:
        with_superuser(world.registry, work)
    [group] = caught.value.args[0]
    assert (group["amount:sum"], group["ratio:sum"]) == (0.6, 0.6)
    assert world.call("search_count", [["name", "=", "cents"]]) == 0


def test_legacy_aggregate_named_like_the_groupby_field_replaces_its_value(world: World) -> None:
    """read_group(fields=["tag_id:count"], groupby=["tag_id"]): Odoo gives the count
    under the groupby key, and in the group's condition too (the differential fuzzer
    found jsontwo failing there)."""
    groups = world.call("read_group", [["tag_id", "!=", False]], ["tag_id:count"], ["tag_id"])
    assert [(g["tag_id"], g["tag_id_count"], g["__domain"][-1]) for g in groups] == [
        (1, 1, ["tag_id", "=", 1]),
        (2, 2, ["tag_id", "=", 2]),
    ]


def test_grouping_needs_a_groupby_or_an_aggregate(world: World) -> None:
    """Without either there is nothing to select (Odoo fails on an assertion; a
    backend once answered a SQL syntax error): a ValueError that says so. An
    aggregate alone makes one group of every record."""
    with pytest.raises(ValueError, match="needs at least one groupby or aggregate"):
        world.frg([], [])
    [total] = world.frg([], ["__count"])
    assert total == {"__extra_domain": [[1, "=", 1]], "__count": world.call("search_count", [])}
