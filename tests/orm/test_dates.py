"""Dates and datetimes in domains (docs/internals/orm-behaviour.md,
"Dates and datetimes"): ISO and relative values, local midnight in the user's
timezone, the one-day / one-second shifts, date parts; and the domain cache,
which must not serve SQL made for another timezone or another moment."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest

from jsontwo.orm import Environment, Registry
from jsontwo.orm.dates import local_midnight, relative, to_utc
from tests.orm.conftest import a_company, run

#: label -> (day, moment in naive UTC); the label is stored in ``notes``
ROWS: dict[str, tuple[str | None, str | None]] = {
    "D1": ("2024-01-10", "2024-01-10 08:00:00"),  # a Wednesday
    "D2": ("2024-01-09", "2024-01-09 23:30:00"),  # Brussels: Jan 10, 00:30
    "D3": ("2024-02-29", "2024-02-29 12:34:56"),  # Brussels: 13:34:56
    "D4": ("2023-12-31", "2023-12-31 23:59:59"),  # a Sunday; Brussels: Jan 1, 00:59:59
    "D5": ("2024-07-01", "2024-07-01 22:15:00"),  # a Monday; Brussels (summer, +2): Jul 2, 00:15
    "DN": (None, None),
}
ALL = set(ROWS)
#: the clock of the tests that use relative dates: a Wednesday, noon UTC
NOW = dt.datetime(2024, 1, 10, 12, 0, 0)
BRUSSELS: dict[str, Any] = {"tz": "Europe/Brussels"}


@pytest.fixture(scope="module")
def scope(models_registry: Registry) -> int:
    """The id of a tag that the records of ROWS (and only they) point to."""

    def work(env: Environment) -> int:
        if not env["res.users"].browse([env.uid]).exists():
            # the database has no data: the superuser's record, without a timezone, comes first
            env["res.users"].create({**a_company(env), "login": "__system__", "name": "System"})
        tag = env["x.tag"].create({"name": f"dates-{uuid.uuid4().hex[:8]}"})
        env["x.thing"].create(
            [
                {"notes": label, "tag_id": tag.id, "day": day or False, "moment": moment or False}
                for label, (day, moment) in ROWS.items()
            ]
        )
        return tag.id

    return int(run(models_registry, work))


def found(
    registry: Registry,
    scope: int,
    domain: list[Any],
    now: dt.datetime | None = None,
    uid: int | None = None,
    **context: Any,
) -> set[str]:
    """Labels of the ROWS records matching ``domain`` (at ``now`` when given)."""

    def work(env: Environment) -> set[str]:
        if now is not None:
            env.transaction.now = now
        things = env["x.thing"].search([["tag_id", "=", scope], *domain])
        return {row["notes"] for row in things.read(["notes"])}

    return set(run(registry, work, uid=uid, **context))


#: (domain, context, labels found) on date and datetime fields
DATES: list[tuple[list[Any], dict[str, Any], set[str]]] = [
    # a date against a datetime is midnight in the user's timezone
    ([["moment", ">=", "2024-01-10"]], {}, {"D1", "D3", "D5"}),
    ([["moment", ">=", "2024-01-10"]], BRUSSELS, {"D1", "D2", "D3", "D5"}),
    ([["moment", "<", "2024-01-10"]], {}, {"D2", "D4"}),
    ([["moment", "<", "2024-01-10"]], BRUSSELS, {"D4"}),
    # "> day" means from the next day on; "<= day" up to the end of the day
    ([["moment", ">", "2024-01-09"]], {}, {"D1", "D3", "D5"}),
    ([["moment", ">", "2024-01-09"]], BRUSSELS, {"D1", "D2", "D3", "D5"}),
    ([["moment", "<=", "2024-01-09"]], {}, {"D2", "D4"}),
    ([["moment", "<=", "2024-01-09"]], BRUSSELS, {"D4"}),
    ([["moment", "<=", "2023-12-31"]], BRUSSELS, set()),
    # an invalid timezone is ignored: UTC
    ([["moment", ">=", "2024-01-10"]], {"tz": "Mars/Olympus"}, {"D1", "D3", "D5"}),
    ([["moment", ">=", "2024-01-10"]], {"tz": False}, {"D1", "D3", "D5"}),
    # datetimes: the same second, whatever the fraction; "T" is accepted
    ([["moment", "=", "2024-01-10 08:00:00.5"]], {}, {"D1"}),
    ([["moment", "=", "2024-01-10T08:00:00"]], {}, {"D1"}),
    ([["moment", "!=", "2024-01-10 08:00:00.5"]], {}, ALL - {"D1"}),
    ([["moment", "in", ["2024-01-10 08:00:00", False]]], {}, {"D1", "DN"}),
    ([["moment", "not in", ["2024-01-10 08:00:00", "2024-02-29 12:34:56"]]], {}, {"D2", "D4", "D5", "DN"}),
    ([["moment", "=", "2024-01-10"]], {}, set()),  # midnight exactly
    ([["moment", ">", "2024-01-10 07:59:59.999"]], {}, {"D1", "D3", "D5"}),
    ([["moment", "<=", "2024-01-10 08:00:00.999"]], {}, {"D1", "D2", "D4"}),
    ([["moment", ">", "2024-01-10 08:00:00"]], BRUSSELS, {"D3", "D5"}),  # datetimes are UTC
    ([["moment", "<", False]], {}, set()),
    ([["moment", ">=", False]], {}, set()),
    (["!", ["moment", ">=", "2024-01-10"]], BRUSSELS, {"D4", "DN"}),
    # dates: a datetime value is cut to its date
    ([["day", "=", "2024-01-10 23:59:59"]], {}, {"D1"}),
    ([["day", "=", "2024-01-10T23:59:59"]], BRUSSELS, {"D1"}),
    ([["day", ">", "2024-01-09 12:00:00"]], {}, {"D1", "D3", "D5"}),
    ([["day", "<=", "2024-01-09 23:00:00"]], {}, {"D2", "D4"}),
    ([["day", "in", ["2024-02-29", False]]], {}, {"D3", "DN"}),
    ([["day", "not in", ["2024-02-29", False]]], {}, {"D1", "D2", "D4", "D5"}),
    ([["day", ">=", False]], {}, set()),
    ([["day", "=?", False]], {}, ALL),
]  # fmt: skip


#: relative dates, resolved at NOW in the user's timezone
RELATIVE: list[tuple[list[Any], dict[str, Any], set[str]]] = [
    ([["day", "=", "today"]], {}, {"D1"}),
    ([["day", "=", "today -1d"]], {}, {"D2"}),
    ([["day", ">=", "today -10d"]], {}, ALL - {"DN"}),
    ([["day", ">", "today -10d"]], {}, {"D1", "D2", "D3", "D5"}),
    ([["day", "<", "today =1m =1d"]], {}, {"D4"}),  # before January 1st
    ([["day", "=", "=31d -1m"]], {}, {"D4"}),  # the 31st of this month, a month ago
    ([["day", "=", "today +1m +19d"]], {}, {"D3"}),
    ([["day", "=", "today =sunday"]], {}, set()),  # weeks start on Sunday: Jan 7
    ([["day", "=", "today -1w -3d"]], {}, {"D4"}),
    ([["day", "=", "today =2m =29d"]], {}, {"D3"}),
    ([["day", "=", "today =2m =31d"]], {}, {"D3"}),  # the day is cut to the month's length
    ([["day", "=", "today +6m -1w -2d"]], {}, {"D5"}),
    ([["day", "=", "today -tuesday"]], {}, {"D2"}),
    # in Auckland (UTC+13 in January), "today" is already the 11th
    ([["day", "=", "today -1d"]], {"tz": "Pacific/Auckland"}, {"D1"}),
    # relative values against datetimes: local midnight of the date
    ([["moment", ">=", "today"]], {}, {"D1", "D3", "D5"}),
    ([["moment", ">=", "today"]], BRUSSELS, {"D1", "D2", "D3", "D5"}),
    ([["moment", ">=", "today -1d"]], {}, {"D1", "D2", "D3", "D5"}),
    # "now" is a moment; no one-second shift on relative values
    ([["moment", "<", "now"]], {}, {"D1", "D2", "D4"}),
    ([["moment", "<", "now -4H"]], {}, {"D2", "D4"}),
    ([["moment", "<", "now -4H +1S"]], {}, {"D1", "D2", "D4"}),
    ([["moment", "<=", "now -4H"]], {}, {"D1", "D2", "D4"}),
    ([["moment", ">", "now -4H"]], {}, {"D3", "D5"}),
    ([["moment", "=", "now -4H"]], {}, {"D1"}),
    ([["moment", "=", "=8H"]], {}, {"D1"}),  # today at 08:00 UTC
    ([["moment", "=", "=9H"]], BRUSSELS, {"D1"}),  # today at 09:00 in Brussels
    ([["moment", "<", "now =1d"]], {}, {"D4"}),  # before the 1st of the month
]


@pytest.mark.parametrize(
    ("expression", "now", "zone", "expected"),
    [
        ("today", NOW, "UTC", dt.date(2024, 1, 10)),
        ("now", NOW, "UTC", NOW),
        ("", NOW, "UTC", None),
        ("-1d", NOW, "UTC", dt.datetime(2024, 1, 9, 12)),
        ("today +3d", NOW, "UTC", dt.date(2024, 1, 13)),
        ("today -1m", dt.datetime(2024, 3, 31, 8), "UTC", dt.date(2024, 2, 29)),
        ("today +1y", dt.datetime(2024, 2, 29, 8), "UTC", dt.date(2025, 2, 28)),
        ("today +13m", NOW, "UTC", dt.date(2025, 2, 10)),
        ("today -13m", NOW, "UTC", dt.date(2022, 12, 10)),
        ("today =1d", NOW, "UTC", dt.date(2024, 1, 1)),
        ("today =0d", NOW, "UTC", dt.date(2024, 1, 10)),  # a zero leaves the day
        ("=1d", NOW, "UTC", dt.datetime(2024, 1, 1)),  # from now: midnight
        ("=6m", NOW, "UTC", dt.datetime(2024, 6, 10)),
        ("=3H", NOW, "UTC", dt.datetime(2024, 1, 10, 3)),
        ("=30M", NOW, "UTC", dt.datetime(2024, 1, 10, 12, 30)),
        ("=3H", NOW, "Europe/Brussels", dt.datetime(2024, 1, 10, 2)),
        ("=1d", NOW, "Europe/Brussels", dt.datetime(2023, 12, 31, 23)),
        ("today +3H", NOW, "UTC", dt.datetime(2024, 1, 10, 3)),  # a date with a time
        ("today", dt.datetime(2024, 1, 10, 23, 30), "Europe/Brussels", dt.date(2024, 1, 11)),
        ("now +1w", NOW, "UTC", dt.datetime(2024, 1, 17, 12)),
        ("today =monday", NOW, "UTC", dt.date(2024, 1, 8)),
        ("today +monday", NOW, "UTC", dt.date(2024, 1, 15)),
        ("today +wednesday", NOW, "UTC", dt.date(2024, 1, 10)),  # already there
        ("today -friday", NOW, "UTC", dt.date(2024, 1, 5)),
        ("today =saturday", NOW, "UTC", dt.date(2024, 1, 13)),
        ("today =week_start", NOW, "UTC", dt.date(2024, 1, 7)),  # en_US weeks start on Sunday
        ("=monday", NOW, "UTC", dt.datetime(2024, 1, 8)),  # "=" on a moment: midnight
        ("+monday", NOW, "UTC", dt.datetime(2024, 1, 15, 12)),
        # relativedelta's arithmetic, as Odoo's: whole days of hours keep a date a date
        ("today +24H", NOW, "UTC", NOW.date() + dt.timedelta(days=1)),
        ("today +3H", NOW, "UTC", dt.datetime.combine(NOW.date(), dt.time(3))),
    ],
)
def test_relative_expressions(
    expression: str, now: dt.datetime, zone: str, expected: dt.date | None
) -> None:
    if expected is None:
        with pytest.raises(ValueError, match="Empty date value"):
            relative(expression, now, zone)
    else:
        assert relative(expression, now, zone) == expected


@pytest.mark.parametrize(
    ("local", "zone", "expected"),
    [
        # Brussels moves to summer time on 2026-03-29 at 02:00 (02:00-03:00 never happens)
        (dt.datetime(2026, 3, 29, 1, 30), "Europe/Brussels", dt.datetime(2026, 3, 29, 0, 30)),
        (dt.datetime(2026, 3, 29, 2, 30), "Europe/Brussels", dt.datetime(2026, 3, 29, 1, 30)),
        (dt.datetime(2026, 3, 29, 3, 0), "Europe/Brussels", dt.datetime(2026, 3, 29, 1, 0)),
        (dt.datetime(2026, 3, 29, 3, 30), "Europe/Brussels", dt.datetime(2026, 3, 29, 1, 30)),
        # and back on 2026-10-25 at 03:00 (02:00-03:00 happens twice: standard time taken)
        (dt.datetime(2026, 10, 25, 1, 30), "Europe/Brussels", dt.datetime(2026, 10, 24, 23, 30)),
        (dt.datetime(2026, 10, 25, 2, 0), "Europe/Brussels", dt.datetime(2026, 10, 25, 1, 0)),
        (dt.datetime(2026, 10, 25, 2, 30), "Europe/Brussels", dt.datetime(2026, 10, 25, 1, 30)),
        (dt.datetime(2026, 10, 25, 3, 0), "Europe/Brussels", dt.datetime(2026, 10, 25, 2, 0)),
        (dt.datetime(2026, 10, 25, 2, 30), None, dt.datetime(2026, 10, 25, 2, 30)),
        (dt.datetime(2026, 10, 25, 2, 30), "UTC", dt.datetime(2026, 10, 25, 2, 30)),
    ],
)
def test_local_times_at_clock_changes(
    local: dt.datetime, zone: str | None, expected: dt.datetime
) -> None:
    assert to_utc(local, zone) == expected


@pytest.mark.parametrize(
    ("day", "zone", "expected"),
    [
        # the midnights around Brussels' clock changes: +01:00 before, +02:00 after
        (dt.date(2026, 3, 29), "Europe/Brussels", dt.datetime(2026, 3, 28, 23)),
        (dt.date(2026, 3, 30), "Europe/Brussels", dt.datetime(2026, 3, 29, 22)),
        (dt.date(2026, 10, 25), "Europe/Brussels", dt.datetime(2026, 10, 24, 22)),
        (dt.date(2026, 10, 26), "Europe/Brussels", dt.datetime(2026, 10, 25, 23)),
        # Havana's clocks go back from 01:00 to 00:00: its midnight of 2026-11-01 happens
        # twice, and is read in standard time (-05:00), as every other local time is
        (dt.date(2026, 11, 1), "America/Havana", dt.datetime(2026, 11, 1, 5)),
        # ... and forward from 00:00 to 01:00: a midnight that never happens (-05:00)
        (dt.date(2026, 3, 8), "America/Havana", dt.datetime(2026, 3, 8, 5)),
        (dt.date(1, 1, 1), "Europe/Brussels", dt.datetime(1, 1, 1)),  # out of overflow's way
    ],
)
def test_local_midnight_at_clock_changes(day: dt.date, zone: str, expected: dt.datetime) -> None:
    assert local_midnight(day, zone) == expected


@pytest.mark.parametrize(
    ("domain", "error", "message"),
    [
        ([["moment", ">", "not a date"]], ValueError, "Invalid term 'not' in expression date: 'not a date'"),
        ([["day", "=", "today +d"]], ValueError, "Invalid term '+d' in expression date: 'today +d'"),
        ([["day", "=", "today =1w"]], ValueError, "Invalid term '=1w' in expression date: 'today =1w'"),
        ([["day", "=", "today +1x"]], ValueError, "Invalid term '+1x' in expression date: 'today +1x'"),
        ([["day", "=", "today =13m"]], ValueError, "Invalid term '=13m' in expression date: 'today =13m'"),
        ([["day", "=", "+Monday"]], ValueError, "Invalid term '+Monday' in expression date: '+Monday'"),
        ([["moment", "=", "yesterday"]], ValueError, "Invalid term 'yesterday' in expression date: 'yesterday'"),
        ([["moment", "=", ""]], ValueError, "Empty date value"),
        ([["day", "=", "2024-02-30"]], ValueError, "day is out of range for month"),
        ([["moment", "=", "2024-01-10T08:00:00+01:00"]], ValueError, "expecting only datetimes with no timezone: '2024-01-10T08:00:00+01:00'"),
        ([["moment", ">", "2024-01-10 08:00:00Z"]], ValueError, "expecting only datetimes with no timezone: '2024-01-10 08:00:00Z'"),
        ([["day", ">", 5]], ValueError, "Failed to cast 5 into a date"),
        ([["moment", "in", [True]]], ValueError, "Failed to cast True into a datetime"),
        ([["day.foo", "=", 1]], ValueError, "Error when processing the granularity foo is not supported. Only year_number, quarter_number, month_number, iso_week_number, day_of_year, day_of_month, day_of_week, hour_number, minute_number, second_number are supported"),
        ([["day.month_number", "any", []]], ValueError, "Cannot use 'any' with non-relational fields"),
    ],
)  # fmt: skip
def test_invalid_date_values_raise(
    models_registry: Registry, scope: int, domain: list[Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as info:
        found(models_registry, scope, domain, now=NOW)
    assert str(info.value).startswith(message)


def test_date_only_values_use_the_users_timezone(models_registry: Registry, scope: int) -> None:
    def work(env: Environment) -> list[int]:
        users = env["res.users"].create(
            [
                {
                    **a_company(env),
                    "login": f"tz-{uuid.uuid4().hex[:8]}",
                    "name": "Brussels",
                    "tz": "Europe/Brussels",
                },
                {**a_company(env), "login": f"tz-{uuid.uuid4().hex[:8]}", "name": "No zone"},
            ]
        )
        return users.ids

    brussels, nowhere = run(models_registry, work)
    domain = [["moment", ">=", "2024-01-10"]]
    assert found(models_registry, scope, domain, uid=brussels) == {"D1", "D2", "D3", "D5"}
    assert found(models_registry, scope, domain, uid=nowhere) == {"D1", "D3", "D5"}
    # the context's timezone wins; an invalid one means UTC, not the user's
    assert found(models_registry, scope, domain, uid=nowhere, **BRUSSELS) == {
        "D1",
        "D2",
        "D3",
        "D5",
    }
    assert found(models_registry, scope, domain, uid=brussels, tz="Mars/Olympus") == {
        "D1",
        "D3",
        "D5",
    }
    # date parts of datetimes follow only the context's timezone
    parts = [["moment.day_of_month", "=", 10]]
    assert found(models_registry, scope, parts, uid=brussels) == {"D1"}
    assert found(models_registry, scope, parts, uid=brussels, **BRUSSELS) == {"D1", "D2"}


#: date parts: integers, NULL for an empty date, datetimes read in context.tz
PARTS: list[tuple[list[Any], dict[str, Any], set[str]]] = [
    ([["day.month_number", "=", 1]], {}, {"D1", "D2"}),
    ([["day.month_number", "!=", 1]], {}, {"D3", "D4", "D5", "DN"}),  # NULL dates too
    ([["day.month_number", "in", [2, 7]]], {}, {"D3", "D5"}),
    # numbers given as text, as PostgreSQL casts them (SQLite too)
    ([["day.month_number", "=", "1"]], {}, {"D1", "D2"}),
    ([["day.month_number", "in", ["2", 7]]], {}, {"D3", "D5"}),
    ([["day.month_number", ">", 6]], {}, {"D4", "D5"}),
    ([["day.month_number", "=", False]], {}, {"DN"}),
    ([["day.year_number", "=", 2023]], {}, {"D4"}),
    ([["day.quarter_number", "=", 1]], {}, {"D1", "D2", "D3"}),
    ([["day.quarter_number", "=", 3]], {}, {"D5"}),
    ([["day.iso_week_number", "=", 2]], {}, {"D1", "D2"}),
    ([["day.iso_week_number", "=", 52]], {}, {"D4"}),
    ([["day.day_of_year", "=", 60]], {}, {"D3"}),
    ([["day.day_of_month", "=", 1]], {}, {"D5"}),
    ([["day.day_of_week", "=", 0]], {}, {"D4"}),  # Sunday
    ([["day.day_of_week", "=", 1]], {}, {"D5"}),  # Monday
    ([["day.day_of_week", "=", 3]], {}, {"D1"}),
    ([["day.hour_number", "=", 0]], {}, ALL - {"DN"}),
    ([["day.month_number", "ilike", "2"]], {}, {"D3", "D4"}),
    ([["moment.hour_number", "=", 23]], {}, {"D2", "D4"}),
    ([["moment.hour_number", "=", 23]], {"tz": "Mars/Olympus"}, {"D2", "D4"}),
    ([["moment.hour_number", "=", 0]], BRUSSELS, {"D2", "D4", "D5"}),
    ([["moment.hour_number", "<", 12]], BRUSSELS, {"D1", "D2", "D4", "D5"}),
    ([["moment.day_of_month", "=", 10]], {}, {"D1"}),
    ([["moment.day_of_month", "=", 10]], BRUSSELS, {"D1", "D2"}),
    ([["moment.year_number", "=", 2024]], BRUSSELS, ALL - {"DN"}),
    ([["moment.minute_number", "=", 34]], {}, {"D3"}),
    ([["moment.second_number", "=", 59]], BRUSSELS, {"D4"}),
    (["!", ["moment.hour_number", "=", 23]], {}, {"D1", "D3", "D5", "DN"}),
]  # fmt: skip


@pytest.mark.parametrize(("domain", "context", "expected"), DATES + RELATIVE + PARTS)
def test_dates_relative_dates_and_date_parts(
    models_registry: Registry,
    scope: int,
    domain: list[Any],
    context: dict[str, Any],
    expected: set[str],
) -> None:
    assert found(models_registry, scope, domain, now=NOW, **context) == expected


def test_date_parts_through_a_relation(models_registry: Registry, scope: int) -> None:
    def work(env: Environment) -> list[int]:
        thing = env["x.thing"].search([["tag_id", "=", scope], ["notes", "=", "D3"]])
        line = env["x.line"].create({"name": f"line-{uuid.uuid4().hex[:8]}", "thing_id": thing.id})
        return (
            env["x.line"].search([["thing_id.day.day_of_year", "=", 60], ["id", "=", line.id]]).ids
        )

    assert len(run(models_registry, work)) == 1


# --- the domain cache -------------------------------------------------------------
def cached_domains(registry: Registry) -> set[bytes]:
    return {key[-1] for key in registry.domain_cache}


def test_a_domain_compiled_for_one_timezone_is_not_served_for_another(
    models_registry: Registry, scope: int
) -> None:
    domain = [["moment", ">=", "2024-01-10"], ["notes", "!=", "cache-tz"]]
    assert found(models_registry, scope, domain) == {"D1", "D3", "D5"}
    assert found(models_registry, scope, domain, **BRUSSELS) == {"D1", "D2", "D3", "D5"}
    assert found(models_registry, scope, domain) == {"D1", "D3", "D5"}
    assert b'"cache-tz"' in b"".join(cached_domains(models_registry))  # still kept


def test_a_user_changing_timezone_sees_the_new_one(models_registry: Registry, scope: int) -> None:
    def create(env: Environment) -> int:
        vals = {**a_company(env), "login": f"tz-{uuid.uuid4().hex[:8]}", "name": "U"}
        return int(env["res.users"].create(vals).id)

    uid = run(models_registry, create)
    domain = [["moment", "<", "2024-01-10"], ["notes", "!=", "cache-user"]]
    assert found(models_registry, scope, domain, uid=uid) == {"D2", "D4"}

    def move(env: Environment) -> None:
        env["res.users"].browse([uid]).write({"tz": "Europe/Brussels"})

    run(models_registry, move)
    assert found(models_registry, scope, domain, uid=uid) == {"D4"}


def test_date_parts_follow_the_context_timezone_through_the_cache(
    models_registry: Registry, scope: int
) -> None:
    domain = [["moment.hour_number", "=", 0], ["notes", "!=", "cache-part"]]
    assert found(models_registry, scope, domain) == set()
    assert found(models_registry, scope, domain, **BRUSSELS) == {"D2", "D4", "D5"}
    assert found(models_registry, scope, domain, tz="Asia/Tokyo") == set()
    assert found(models_registry, scope, domain) == set()


def test_relative_dates_are_never_kept(models_registry: Registry, scope: int) -> None:
    domain = [["day", "=", "today"], ["notes", "!=", "cache-clock"]]
    assert found(models_registry, scope, domain, now=NOW) == {"D1"}
    assert found(models_registry, scope, domain, now=NOW - dt.timedelta(days=1)) == {"D2"}
    # nor any domain that holds one, even in a sub-domain
    through = [["line_ids", "not any", [["create_date", "<", "now"]]], ["day", "=", "2024-01-10"]]
    assert found(models_registry, scope, through, now=NOW) == {"D1"}
    kept = b"".join(cached_domains(models_registry))
    assert b"cache-clock" not in kept
    assert b'"now"' not in kept
