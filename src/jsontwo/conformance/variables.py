"""The built-in variables of a scenario run, and the date aliases.

Every run gets a fresh suffix (``run``) for the names it creates, and dates
from the clock (UTC) that scenarios put in values and domains. Answers hold
those values; the normaliser writes them back as ``${name}`` so that a
transcript recorded one day compares with a run on another day.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"

#: the built-in variables whose values are written back as ``${name}`` in
#: answers (``db`` is not: a database name may be a common word)
MASKED = (
    "key",
    "password",
    "run",
    "RUN",
    "now_plus_30d",
    "now_plus_400d",
    "now_plus_3650d",
    "now_minus_1d",
    "now",
    "today_plus_30d",
    "month_label",
    "next_month_start",
    "month_start",
    "next_year_start",
    "year_start",
    "today",
)

#: the date variables that can fall on the same day; the first of two equal
#: ones is the name both are compared under (see ``date_aliases``)
DATE_VARIABLES = ("today", "month_start", "next_month_start", "year_start", "next_year_start")


def new_run_suffix() -> str:
    """A suffix unique to one run, for the names of the records it creates."""
    return "cf" + uuid.uuid4().hex[:8]


def utc_now() -> dt.datetime:
    """The current UTC time, naive and to the second, as Odoo stores datetimes."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def _date_values(today: dt.date) -> dict[str, dt.date]:
    """The values of DATE_VARIABLES on ``today``."""
    month_start = today.replace(day=1)
    return {
        "today": today,
        "month_start": month_start,
        "next_month_start": (month_start + dt.timedelta(days=32)).replace(day=1),
        "year_start": today.replace(month=1, day=1),
        "next_year_start": today.replace(year=today.year + 1, month=1, day=1),
    }


def builtin_variables(run: str, now: dt.datetime) -> dict[str, Any]:
    """The variables every run starts with, but ``db``, ``key`` and ``password``."""
    today = now.date()
    dates = _date_values(today)

    def stamp(delta: dt.timedelta) -> str:
        return (now + delta).strftime(DATETIME_FORMAT)

    return {
        "run": run,
        "RUN": run.upper(),
        **{name: value.isoformat() for name, value in dates.items()},
        "now": now.strftime(DATETIME_FORMAT),
        "now_plus_30d": stamp(dt.timedelta(days=30)),
        "now_plus_400d": stamp(dt.timedelta(days=400)),
        "now_plus_3650d": stamp(dt.timedelta(days=3650)),
        "now_minus_1d": stamp(dt.timedelta(days=-1)),
        "today_plus_30d": (today + dt.timedelta(days=30)).isoformat(),
        "month_label": dates["month_start"].strftime("%B %Y"),
        "year": str(today.year),
    }


def date_aliases(today: dt.date) -> dict[str, str]:
    """``{"${b}": "${a}"}`` for date variables equal on ``today`` (a is listed
    first in DATE_VARIABLES): on the first of a month ``${month_start}`` and
    ``${today}`` are one value, and the normaliser may have written either
    name, so both transcripts are compared with the first."""
    values = _date_values(today)
    aliases = {}
    for i, name in enumerate(DATE_VARIABLES):
        for earlier in DATE_VARIABLES[:i]:
            if values[name] == values[earlier]:
                aliases[f"${{{name}}}"] = f"${{{earlier}}}"
                break
    return aliases


def with_aliases(value: Any, aliases: dict[str, str]) -> Any:
    """``value`` with every alias of ``aliases`` replaced, in keys too."""
    if not aliases:
        return value
    if isinstance(value, str):
        for alias, name in aliases.items():
            value = value.replace(alias, name)
        return value
    if isinstance(value, list):
        return [with_aliases(item, aliases) for item in value]
    if isinstance(value, dict):
        return {with_aliases(k, aliases): with_aliases(v, aliases) for k, v in value.items()}
    return value


def to_text(value: Any) -> str:
    """A variable's value inside a longer string: strings as they are, others as JSON."""
    return value if isinstance(value, str) else json.dumps(value)
