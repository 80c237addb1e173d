"""Dates and datetimes in domains: parsing, relative expressions, the user's
timezone and date parts (docs/internals/orm-behaviour.md, "Dates and datetimes").

Values arrive as strings. An ISO date (``"2024-01-10"``) or datetime
(``"2024-01-10 08:00:00"``, ``T`` accepted, no timezone suffix) is taken as
it is; anything else is a *relative expression* resolved now, in the user's
timezone::

    relative := ("today" | "now")? term*
    term     := [+-]N[dwmyHMS]         add or subtract days, weeks, months, years,
                                       hours, minutes, seconds
              | =N[dmyHMS]             set that unit (smaller ones reset)
              | [=+-](monday..sunday | week_start)   move to a weekday

``"today"`` starts from the local date, ``"now"`` (the default) from the local
time; a datetime result is given back in naive UTC, as stored.

Datetimes are stored as naive UTC; a date-only value compared with one means
local midnight in the user's timezone: ``context.tz``, else the user's ``tz``,
else UTC (an invalid name counts as UTC, as Odoo's ``env.tz`` does).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo
from typing import TYPE_CHECKING, Any

from dateutil.relativedelta import relativedelta

from jsontwo.db import ZONE_NAME_RE

if TYPE_CHECKING:
    from jsontwo.orm.types import Environment

UTC = "UTC"
#: the first day of the week of en_US (7 = Sunday), for a language without one
WEEK_START = 7
WEEKDAYS = {
    name: number
    for number, name in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    )
}
#: the letter of a term -> the unit it adds (or, after "=", sets)
UNITS = {
    "d": "day",
    "w": "week",
    "m": "month",
    "y": "year",
    "H": "hour",
    "M": "minute",
    "S": "second",
}
#: date-part properties (``birthday.month_number``) -> the database's date part
#: (one of ``jsontwo.db.DATE_PARTS``, PostgreSQL's ``date_part()`` names)
DATE_PARTS = {
    "year_number": "year",
    "quarter_number": "quarter",
    "month_number": "month",
    "iso_week_number": "week",
    "day_of_year": "doy",
    "day_of_month": "day",
    "day_of_week": "dow",
    "hour_number": "hour",
    "minute_number": "minute",
    "second_number": "second",
}
ISO_START = re.compile(r"\d+-")


# --- timezones ------------------------------------------------------------------
@functools.lru_cache(maxsize=1024)
def _zone(name: str) -> zoneinfo.ZoneInfo | None:
    if not ZONE_NAME_RE.match(name):
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return None


def valid_zone(name: Any) -> str | None:
    """``name`` when it names a known timezone, else None."""
    return name if isinstance(name, str) and name and _zone(name) is not None else None


def context_zone(env: Environment) -> str | None:
    """The valid ``tz`` of the context, or None: date parts and grouping use only it."""
    return valid_zone(env.context.get("tz"))


def user_zone(env: Environment) -> str:
    """The timezone of date conversions: ``context.tz``, else the user's, else UTC.

    As Odoo's ``env.tz``: a context value that is set but invalid means UTC,
    not the user's timezone.
    """
    name = env.context.get("tz")
    if not name:
        name = _user_tz(env)
    return valid_zone(name) or UTC


def local_today(env: Environment) -> dt.date:
    """Today's date in the timezone of date conversions (:func:`user_zone`)."""
    return dt.datetime.now(_zone(user_zone(env)) or dt.UTC).date()


def week_start(env: Environment) -> int:
    """The first day of the week (1 = Monday .. 7 = Sunday) of the context's
    language, as Odoo's relative dates take it (en_US's when none is given)."""
    lang = env.lang
    if not lang or "res.lang" not in env:
        return WEEK_START
    known = env.registry.active_languages(env).get(lang)
    return known[1] if known else WEEK_START


def _user_tz(env: Environment) -> Any:
    if "res.users" not in env:
        return None
    users = env["res.users"]
    if "tz" not in users._fields:
        return None
    user = users.sudo().with_context(active_test=False).browse([env.uid]).exists()
    return user.tz if user else None


def local_midnight(day: dt.date, zone: str) -> dt.datetime:
    """Midnight of ``day`` in ``zone``, as a naive UTC datetime."""
    midnight = dt.datetime.combine(day, dt.time.min)
    if day.year in (1, 9999):
        return midnight  # years 1 and 9999 stay in UTC, out of overflow's way (as in Odoo)
    return to_utc(midnight, zone)


def to_utc(local: dt.datetime, zone: str | None) -> dt.datetime:
    """A naive local time of ``zone`` as naive UTC (unchanged without a zone).

    Where the clocks change, the local time is read as Odoo reads it (pytz's
    ``localize(is_dst=False)``): a time that happens twice, when the clocks go
    back, is taken in standard time (the second time it happens); a time the
    clocks skip, when they go forward, with the offset in force before the
    change. In Brussels, 02:30 on 2026-10-25 is 01:30 UTC and 02:30 on
    2026-03-29 (which never happens) is 01:30 UTC too.
    """
    tzinfo = _zone(zone) if zone and zone != UTC else None
    if tzinfo is None:
        return local
    # fold=1 picks the second reading of a repeated time; in a gap it would pick
    # the offset after the change, which the round trip below detects
    aware = local.replace(tzinfo=tzinfo, fold=1)
    if aware.astimezone(dt.UTC).astimezone(tzinfo).replace(tzinfo=None) != local:
        aware = local.replace(tzinfo=tzinfo, fold=0)  # a time the clocks skipped
    return aware.astimezone(dt.UTC).replace(tzinfo=None)


# --- parsing --------------------------------------------------------------------
def parse_iso(value: str) -> dt.date | dt.datetime:
    """An ISO date or a naive ISO datetime; ValueError otherwise (a timezone too)."""
    if len(value) <= 10:
        return dt.date.fromisoformat(value)
    moment = dt.datetime.fromisoformat(value)
    if moment.tzinfo is not None:
        raise ValueError(f"expecting only datetimes with no timezone: {value!r}")
    return moment


def relative(
    value: str, now: dt.datetime, zone: str, week_start: int = WEEK_START
) -> dt.date | dt.datetime:
    """Resolve a relative date expression (see the module's docstring).

    The result is a date when the expression starts from ``today`` and sets
    no time, otherwise a naive UTC datetime. A time term applied to a date
    gives a naive datetime left in local time, as Odoo does.
    """
    terms = value.split()
    if not terms:
        raise ValueError("Empty date value")
    start = terms.pop(0) if terms[0] in ("today", "now") else "now"
    tzinfo = _zone(zone) if zone != UTC else None
    local = now.replace(tzinfo=dt.UTC).astimezone(tzinfo or dt.UTC)
    # arithmetic keeps the offset of the starting moment (pytz's behaviour in Odoo)
    offset = dt.timezone(local.utcoffset() or dt.timedelta(0))
    current: dt.date | dt.datetime = (
        local.date() if start == "today" else local.replace(tzinfo=offset)
    )
    for term in terms:
        sign = term[0]
        if sign not in "+-=" or len(term) < 3:
            raise ValueError(f"Invalid term {term!r} in expression date: {value!r}")
        dayname = term[1:]
        if dayname in WEEKDAYS or dayname == "week_start":
            current = _move_to_weekday(current, sign, dayname, week_start - 1)
            continue
        try:
            current = _apply_unit(current, sign, term)
        except (ValueError, TypeError, KeyError):
            raise ValueError(f"Invalid term {term!r} in expression date: {value!r}") from None
    if isinstance(current, dt.datetime) and current.tzinfo is not None:
        current = current.astimezone(dt.UTC).replace(tzinfo=None)
    return current


def _move_to_weekday(
    current: dt.date | dt.datetime, sign: str, dayname: str, week_start: int
) -> dt.date | dt.datetime:
    weekday = week_start if dayname == "week_start" else WEEKDAYS[dayname]
    offset = ((weekday - week_start) % 7) - ((current.weekday() - week_start) % 7)
    if sign == "+" and offset < 0:
        offset += 7
    elif sign == "-" and offset > 0:
        offset -= 7
    elif sign == "=" and isinstance(current, dt.datetime):
        current = current.replace(hour=0, minute=0, second=0, microsecond=0)
    return current + dt.timedelta(days=offset)


def _apply_unit(current: dt.date | dt.datetime, sign: str, term: str) -> dt.date | dt.datetime:
    """One ``[+-=]N<unit>`` term, with dateutil's relativedelta arithmetic."""
    unit = UNITS[term[-1]]
    if sign in "+-":
        number = int(term[:-1])
        if unit == "week":
            return _shift(current, days=7 * number)
        return _shift(current, **{f"{unit}s": number})
    number = int(term[1:-1])
    if unit == "week":
        raise TypeError("'=Nw' is not supported")
    if isinstance(current, dt.datetime):
        # setting a unit resets the smaller ones
        if unit in ("day", "month", "year"):
            current = current.replace(hour=0, minute=0, second=0, microsecond=0)
        elif unit == "hour":
            current = current.replace(minute=0, second=0, microsecond=0)
        elif unit == "minute":
            current = current.replace(second=0, microsecond=0)
        else:
            current = current.replace(microsecond=0)
    return _shift(current, **{f"set_{unit}": number})


def _shift(
    current: dt.date | dt.datetime,
    *,
    years: int = 0,
    months: int = 0,
    days: int = 0,
    hours: int = 0,
    minutes: int = 0,
    seconds: int = 0,
    set_year: int | None = None,
    set_month: int | None = None,
    set_day: int | None = None,
    set_hour: int | None = None,
    set_minute: int | None = None,
    set_second: int | None = None,
) -> dt.date | dt.datetime:
    """``current + relativedelta(...)``: the ``set_*`` units replaced, then the
    years and months added (the day clamped to the month's length; a zero year,
    month or day leaves it), then the rest, as Odoo's relative dates do."""
    if set_month and not 1 <= set_month <= 12:  # relativedelta only asserts it
        raise ValueError("month must be in 1..12")
    delta = relativedelta(
        years=years,
        months=months,
        days=days,
        hours=hours,
        minutes=minutes,
        seconds=seconds,
        year=set_year,
        month=set_month,
        day=set_day,
        hour=set_hour,
        minute=set_minute,
        second=set_second,
    )
    moved: dt.date | dt.datetime = current + delta
    return moved


def odoo_text(text: str) -> str:
    """A stored date or datetime as Odoo reads it out: ``strftime("%Y")`` gives
    a year before 1000 without its leading zeros (``"1-01-01"``)."""
    return text.lstrip("0") if text[:1] == "0" else text
