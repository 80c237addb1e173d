"""Grouping (docs/internals/orm-behaviour.md, "Grouping"): ``formatted_read_group`` (Odoo 19's public API),
the legacy ``read_group`` and the internal ``_read_group`` behind both.

``_read_group`` runs one ``SELECT ... GROUP BY`` (see :mod:`.read_group_sql`)
and gives rows of Python values: records for relational groups, dates and
naive local datetimes for periods, numbers for date parts, then the
aggregates. The public methods format those rows as Odoo's web client
expects them::

    formatted_read_group([], ["partner_id", "date_order:month"], ["amount_total:sum"])
    -> [{"partner_id": [10, "Deco Addict"],
         "date_order:month": ["2025-01-01 00:00:00", "January 2025"],
         "__extra_domain": ["&", "&", ["partner_id", "=", 10],
                            ["date_order", ">=", "2025-01-01 00:00:00"],
                            ["date_order", "<", "2025-02-01 00:00:00"]],
         "amount_total:sum": 5230.0}, ...]

Datetimes are grouped in the context's ``tz`` (when it names a timezone);
period starts and the bounds of ``__extra_domain`` / ``__range`` are given
back in UTC. Labels are English (``"January 2025"``, ``"W5 2025"``,
``"Q1 2025"``, ``"15 Jan 2025"``, ``"03:00 15 Jan"``); weeks start on the
first weekday of the context's language.

:class:`ReadGroupMixin` is a base class of every model (``BaseModel``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, Self

from jsontwo.orm import api, dates
from jsontwo.orm import fields as f
from jsontwo.orm.domain_tree import and_domains, and_lists, parse, to_list
from jsontwo.orm.read_group_sql import (
    NUMBER_GRANULARITIES,
    TIME_GRANULARITIES,
    Aggregation,
    Grouping,
    GroupQuery,
    parse_spec,
)
from jsontwo.orm.types import Recordset

if TYPE_CHECKING:
    from jsontwo.orm.types import Environment

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
#: decimals a sum of amounts (or floats with digits) is rounded to: far below any
#: field's digits, far above floating-point noise
SUM_DECIMALS = 10
#: a legacy ``fields`` item: ``name``, ``name:func`` or ``alias:func(field)``
FIELD_AGGREGATE_RE = re.compile(r"(\w+)(?::(\w+)(?:\((\w+)\))?)?")
#: a plain column of a table or join alias, ``"table"."column"``
COLUMN_RE = re.compile(r'"\w+"\."\w+"')

#: a formatter of one groupby column: value -> (value as returned, its domain)
Formatter = Callable[[Any], tuple[Any, list[Any]]]
#: the display names of a relational groupby column's records by id (None:
#: not read with the groups)
Labels = dict[int, Any] | None


class GroupRequest(NamedTuple):
    """The arguments of one grouping statement (see ``_read_group``)."""

    domain: list[Any]
    groupby: Sequence[str]
    aggregates: Sequence[str]
    having: Any
    offset: int | None
    limit: int | None
    order: str | None


# --- periods ------------------------------------------------------------------
def period_end(start: dt.date, granularity: str) -> dt.date:
    """The start of the period after the one starting at ``start``."""
    if granularity == "hour":
        return start + dt.timedelta(hours=1)
    if granularity == "day":
        return start + dt.timedelta(days=1)
    if granularity == "week":
        return start + dt.timedelta(days=7)
    months = {"month": 1, "quarter": 3, "year": 12}[granularity]
    index = start.year * 12 + start.month - 1 + months
    return start.replace(year=index // 12, month=index % 12 + 1)


def week_number(day: dt.date, first_weekday: int) -> tuple[int, int]:
    """``(year, week)`` of ``day`` for weeks starting on ``first_weekday``
    (0 = Monday): ISO weeks when they start on Monday; otherwise week 1 is the
    one holding January 1st, as Odoo numbers them (December 27, 2015 is in
    week 1 of 2016 when weeks start on Sunday)."""
    if first_weekday == 0:
        iso = day.isocalendar()
        return iso.year, iso.week

    def week_start(of: dt.date) -> dt.date:
        return of - dt.timedelta(days=(of.weekday() - first_weekday) % 7)

    if day >= week_start(dt.date(day.year + 1, 1, 1)):
        return day.year + 1, 1
    return day.year, (day - week_start(dt.date(day.year, 1, 1))).days // 7 + 1


def period_label(start: dt.date, granularity: str, first_weekday: int) -> str:
    """The label of the period starting at ``start`` (local time for datetimes),
    as Odoo's English formats give it."""
    if granularity == "week":
        year, week = week_number(
            start.date() if isinstance(start, dt.datetime) else start, first_weekday
        )
        return f"W{week} {year:04}"
    if granularity == "year":
        return f"{start.year:04}"
    if granularity == "quarter":
        return f"Q{(start.month - 1) // 3 + 1} {start.year:04}"
    if granularity == "month":
        return f"{MONTHS[start.month - 1]} {start.year:04}"
    short = MONTHS[start.month - 1][:3]
    if granularity == "day":
        return f"{start.day:02} {short} {start.year:04}"
    hour = start.hour % 12 or 12 if isinstance(start, dt.datetime) else 12  # 12-hour clock
    return f"{hour:02}:00 {start.day:02} {short}"


def _moment(value: Any, is_date: bool) -> dt.date | bool:
    """A period start as the database gives it (a timestamp, or its SQLite text)."""
    if value is None:
        return False
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if isinstance(value, dt.datetime):
        return value.date() if is_date else value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return value if is_date else dt.datetime.combine(value, dt.time.min)
    raise TypeError(f"Unexpected period value {value!r}")


class ReadGroupMixin:
    """``formatted_read_group``, ``read_group`` and ``_read_group`` (a base of BaseModel)."""

    __slots__ = ()

    if TYPE_CHECKING:
        # provided by BaseModel
        env: Environment
        _name: ClassVar[str]
        _fields: ClassVar[dict[str, f.Field]]

        def browse(self, ids: int | Iterable[int] = ()) -> Self: ...
        def check_access(self, operation: str) -> None: ...
        def _where_sql(self, domain: Any) -> tuple[str, list[Any]]: ...
        def _display_names(self, ids: Iterable[int]) -> dict[int, str | bool]: ...
        def _label_sql(self, link: str) -> str | None: ...

    # --- the public methods ------------------------------------------------
    @api.model
    @api.readonly
    def formatted_read_group(
        self,
        domain: list[Any],
        groupby: Sequence[str] = (),
        aggregates: Sequence[str] = (),
        having: Sequence[Any] = (),
        offset: int = 0,
        limit: int | None = None,
        order: str | None = None,
    ) -> list[dict[str, Any]]:
        """Groups of the records matching ``domain``, one dict per group: the value
        of each groupby specification (``"field"``, ``"date:month"``,
        ``"many2one.field"``), ``__extra_domain`` (the condition selecting the
        group's records) and each aggregate (``"field:sum"``, ``"__count"``).
        ``having`` filters groups on aggregates; ``order`` sorts them (by groupby
        and aggregate specifications; the groupby order by default); ``offset``
        and ``limit`` slice them."""
        groupby = tuple(groupby)
        if not groupby and not aggregates:
            # Odoo's grouping asserts it selects something (a bare AssertionError)
            raise ValueError(
                "formatted_read_group needs at least one groupby or aggregate specification"
            )
        for spec in groupby:  # checked before they make the default order
            parse_spec(spec)
        aggregates = tuple(
            spec.replace(":recordset", ":array_agg") if isinstance(spec, str) else spec
            for spec in aggregates
        )
        if not order:
            order = ", ".join(groupby)
        groupings, aggregations, columns, labels = self._read_group_columns(
            GroupRequest(domain, groupby, aggregates, having, offset, limit, order), labelled=True
        )
        if not columns:
            return []
        formatted: list[list[tuple[Any, list[Any]]]] = []
        for index, spec in enumerate(groupby):
            grouping, raw = groupings[index], columns[index]
            # relational groups stay ids: records would cost more than the query
            column = raw if grouping.relational else self._group_values(grouping, raw)
            formatter = self._group_formatter(self, spec, grouping, column, labels[index])
            formatted.append([formatter(value) for value in column])
        result = _groups(groupby, formatted, len(columns[0]))
        for aggregation, raw in zip(aggregations, columns[len(groupby) :], strict=False):
            values = self._aggregate_values(aggregation, raw)
            spec = aggregation.spec
            if aggregation.func in ("__count", "count", "count_distinct"):
                for group, value in zip(result, values, strict=True):
                    group[spec] = value
            else:
                for group, value in zip(result, values, strict=True):
                    group[spec] = _jsonable(value)
        return result

    @api.model
    @api.readonly
    @api.deprecated("Since 19.0, read_group is deprecated: use formatted_read_group")
    def read_group(
        self,
        domain: list[Any],
        fields: list[str],
        groupby: list[str] | str,
        offset: int = 0,
        limit: int | None = None,
        orderby: str | bool = False,
        lazy: bool = True,
    ) -> list[dict[str, Any]]:
        """Deprecated since Odoo 19 (use ``formatted_read_group``). Groups as
        dicts: the groupby values (dates as labels, ``"month"`` by default),
        ``<field>_count`` (lazy, one groupby) or ``__count``, the aggregates of
        ``fields`` (``"name"`` with the field's default aggregator,
        ``"name:func"``, ``"alias:func(field)"``), ``__domain`` (the request
        domain and the group's condition), ``__range`` for dates, and in lazy
        mode only the first groupby applies, the others in ``__context``."""
        groupby = [groupby] if isinstance(groupby, str) else list(groupby or ())
        lazy_groupby = groupby[:1] if lazy else groupby
        annotated_groupby = self._legacy_groupby(lazy_groupby)
        count_key = (
            f"{lazy_groupby[0].split(':')[0]}_count"
            if lazy and len(lazy_groupby) == 1
            else "__count"
        )
        annotated_aggregates = self._legacy_aggregates(fields, count_key, annotated_groupby)
        order = _legacy_order(orderby, annotated_groupby, annotated_aggregates)
        request = parse(domain)
        group_specs = tuple(annotated_groupby.values())
        groupings, rows = self._read_group_rows(
            domain, group_specs, tuple(annotated_aggregates.values()), (), offset, limit, order
        )
        keys = [*annotated_groupby, *annotated_aggregates]
        result = [dict(zip(keys, row, strict=True)) for row in rows]
        rest = groupby[len(lazy_groupby) :]
        conditions: list[list[Sequence[Any]]] = [[] for _row in result]
        for index, spec in enumerate(annotated_groupby):
            self._legacy_format(spec, groupings[index], result, conditions)
        for group, extra in zip(result, conditions, strict=True):
            for key in annotated_aggregates:
                group[key] = _jsonable(group[key])
            group["__domain"] = to_list(
                and_domains(request, *(parse(list(condition)) for condition in extra))
            )
            if rest:
                group["__context"] = {"group_by": rest}
            ranges = group.pop("__range", None)
            if ranges is not None:
                group["__range"] = ranges
        return result

    def _legacy_groupby(self, groupby: list[str]) -> dict[str, str]:
        """``{spec as given: spec as _read_group takes it}`` for legacy read_group:
        dates and datetimes by month unless a granularity is given."""
        annotated: dict[str, str] = {}
        for spec in groupby:
            fname, path, granularity = parse_spec(spec)
            field = self._fields.get(fname)
            if field is None:
                raise ValueError(f"Invalid field {fname!r} on model {self._name!r}")
            if path and not isinstance(field, f.Properties):
                raise ValueError(f"Property name {path!r} has to be used on a property field.")
            if isinstance(field, f.Date | f.Datetime):
                annotated[spec] = f"{fname}:{granularity or 'month'}"
            else:
                annotated[spec] = spec
        return annotated

    def _legacy_aggregates(
        self, fields: list[str] | None, count_key: str, groupby: dict[str, str]
    ) -> dict[str, str]:
        """``{result key: aggregate specification}`` of legacy read_group's ``fields``
        (``"name"``: the field's own aggregator, ``"name:func"``,
        ``"alias:func(field)"``), the count first."""
        annotated = {count_key: "__count"}
        for item in fields or ():
            if item == "__count":
                continue
            match = FIELD_AGGREGATE_RE.match(item) if isinstance(item, str) else None
            if not match:
                raise ValueError(f"Invalid field specification {item!r}.")
            name, func, fname = match.groups()
            if fname:
                annotated[name] = f"{fname}:{func}"
                continue
            if func:
                annotated[name] = f"{name}:{func}"
                continue
            field = self._fields.get(name)
            if field is None:
                raise ValueError(f"Invalid field {name!r} on model {self._name!r}")
            base = field.inherited_field or field
            if base.column_in_table and field.aggregator and item not in groupby:
                annotated[name] = f"{name}:{field.aggregator}"
        return annotated

    # --- the engine ----------------------------------------------------------
    def _read_group(
        self,
        domain: list[Any],
        groupby: Sequence[str] = (),
        aggregates: Sequence[str] = (),
        having: Sequence[Any] = (),
        offset: int = 0,
        limit: int | None = None,
        order: str | None = None,
    ) -> list[tuple[Any, ...]]:
        """Rows ``(groupby values..., aggregate values...)`` of the groups: records
        for relational groups (empty when none), dates or naive local datetimes
        for periods, numbers for date parts, false for empty values; counts,
        sums... (false when there was nothing to add up, ``[]`` for an empty
        array). Without groupby, one row of totals."""
        return self._read_group_rows(domain, groupby, aggregates, having, offset, limit, order)[1]

    def _read_group_rows(
        self,
        domain: list[Any],
        groupby: Sequence[str],
        aggregates: Sequence[str],
        having: Any,
        offset: int | None,
        limit: int | None,
        order: str | None,
    ) -> tuple[list[Grouping], list[tuple[Any, ...]]]:
        """:meth:`_read_group`'s rows, with what each groupby groups by."""
        groupings, aggregations, columns, _labels = self._read_group_columns(
            GroupRequest(domain, groupby, aggregates, having, offset, limit, order)
        )
        if not columns:
            return groupings, []
        values = [
            *(self._group_values(g, col) for g, col in zip(groupings, columns, strict=False)),
            *(
                self._aggregate_values(a, col)
                for a, col in zip(aggregations, columns[len(groupings) :], strict=False)
            ),
        ]
        return groupings, list(zip(*values, strict=True))

    def _read_group_columns(
        self, request: GroupRequest, labelled: bool = False
    ) -> tuple[list[Grouping], list[Aggregation], list[tuple[Any, ...]], list[Labels]]:
        """The columns of ``request``'s grouping statement as the database gives
        them (the groupby columns, then the aggregates; none without groups),
        and per groupby the display names of its records when ``labelled`` and
        the statement could read them (see ``_label_sql``), else None."""
        domain, groupby, aggregates, having, offset, limit, order = request
        self.browse().check_access("read")
        where, where_params = self._where_sql(domain)
        query = GroupQuery(self)  # type: ignore[arg-type]
        terms: dict[str, str] = {}
        groupings: list[Grouping] = []
        by_spec: dict[str, Grouping] = {}
        select: list[str] = []
        for spec in groupby:
            sql, grouping = query.groupby(self, query.table, spec)  # type: ignore[arg-type]
            terms[spec] = sql
            by_spec[spec] = grouping
            groupings.append(grouping)
            select.append(sql)
        aggregations: list[Aggregation] = []
        for spec in aggregates:
            sql, aggregation = query.aggregate(spec)
            aggregations.append(aggregation)
            select.append(sql)
        # the groups' display names in the same statement: a subquery per group,
        # as the default order of a many2one group already runs
        label_at: list[int | None] = []
        for grouping, sql in zip(groupings, select, strict=False):
            label = self._group_label_sql(grouping, sql) if labelled else None
            label_at.append(None if label is None else len(select))
            if label is not None:
                select.append(label)
        if terms:
            order_sql = query.order(order or "", terms, by_spec)
            having_sql = query.having(list(having) if having else [])
        else:
            order_sql, having_sql = "", ("", [])
        sql, params = query.statement(
            select, where, where_params, list(dict.fromkeys(terms.values())),
            having_sql, order_sql, offset, limit,
        )  # fmt: skip
        rows = self.env.cr.execute(sql, params)
        if not rows:
            return groupings, aggregations, [], [None] * len(groupings)
        columns = list(zip(*rows, strict=True))
        labels: list[Labels] = [
            None if at is None else _labels_by_id(columns[index], columns[at])
            for index, at in enumerate(label_at)
        ]
        return groupings, aggregations, columns, labels

    def _group_label_sql(self, grouping: Grouping, sql: str) -> str | None:
        """The subquery reading the display name of a relational group's record
        (``sql`` its id), when the display name is a column; else None. Only a
        plain column: PostgreSQL lets a subquery use a grouped column, not a
        grouped expression."""
        if not (grouping.relational and COLUMN_RE.fullmatch(sql)):
            return None
        return self.env[grouping.comodel_name]._label_sql(sql)

    def _group_values(self, grouping: Grouping, raw: Sequence[Any]) -> list[Any]:
        """One groupby column from the database as ``_read_group`` gives it."""
        field, granularity = grouping.field, grouping.granularity
        if grouping.relational:
            comodel = self.env[grouping.comodel_name]
            prefetch = tuple(dict.fromkeys(v for v in raw if v))
            cls = type(comodel)
            return [cls(self.env, (v,), prefetch) if v else comodel.browse() for v in raw]
        if granularity in TIME_GRANULARITIES:
            is_date = isinstance(field, f.Date)
            return [_moment(v, is_date) for v in raw]
        if granularity in NUMBER_GRANULARITIES:
            return [False if v is None else int(v) for v in raw]
        if isinstance(field, f.Boolean):
            return [bool(v) for v in raw]
        return [False if v is None else field.from_column(v) for v in raw]

    def _aggregate_values(self, aggregation: Aggregation, raw: Sequence[Any]) -> list[Any]:
        """One aggregate column from the database as ``_read_group`` gives it."""
        func, field = aggregation.func, aggregation.field
        if func in ("__count", "count", "count_distinct"):
            return [int(v or 0) for v in raw]
        if func in ("bool_and", "bool_or"):
            return [False if v is None else bool(v) for v in raw]
        assert field is not None
        if func in ("array_agg", "array_agg_distinct", "recordset"):
            arrays = [
                [] if v is None else (json.loads(v) if isinstance(v, str) else list(v)) for v in raw
            ]
            convert = field.from_column
            arrays = [[None if v is None else convert(v) for v in array] for array in arrays]
            if func != "recordset":
                return arrays
            comodel_name = field.comodel_name if isinstance(field, f._Relational) else self._name
            comodel = self.env[comodel_name]
            return [comodel.browse(dict.fromkeys(v for v in array if v)) for array in arrays]
        # Odoo stores amounts and floats with digits as NUMERIC, whose sums are
        # exact; ours are floating point, so a sum of 2-decimal amounts can come
        # out as 3603.0699999999997: rounding far below any digits gives Odoo's
        exact = func == "sum" and (isinstance(field, f.Monetary) or getattr(field, "digits", None))
        result: list[Any] = []
        for value in raw:
            if value is None:
                result.append(False)
            elif isinstance(value, Decimal):
                result.append(float(value))
            elif func in ("min", "max"):
                result.append(field.from_column(value))
            elif exact and isinstance(value, float):
                result.append(round(value, SUM_DECIMALS))
            else:
                result.append(value)
        return result

    # --- formatting ----------------------------------------------------------
    def _names_of(self, grouping: Grouping, ids: Sequence[Any]) -> dict[int, Any]:
        """Display names (read as the superuser) of the records ``ids`` of a
        relational column (ids or records)."""
        wanted = [value if isinstance(value, int) else value.id for value in ids if value]
        return self.env[grouping.comodel_name]._display_names(wanted) if wanted else {}

    def _group_formatter(
        self,
        model: Any,
        spec: str,
        grouping: Grouping,
        column: Sequence[Any],
        labels: Labels = None,
    ) -> Formatter:
        """The formatter of a groupby column of formatted_read_group: the group
        value as the web client takes it, and the group's condition. A
        relational column holds ids (None for no record); ``labels``: their
        display names when the grouping statement read them."""
        fname, _dot, path = spec.split(":")[0].partition(".")
        field = model._fields[fname]
        if path and isinstance(field, f.Many2one):
            inner = self._group_formatter(
                self.env[field.comodel_name], spec.split(".", 1)[1], grouping, column, labels
            )

            def through_many2one(value: Any) -> tuple[Any, list[Any]]:
                shown, condition = inner(value)
                if not shown:
                    return shown, ["|", [fname, "not any", []], [fname, "any", condition]]
                return shown, [[fname, "any", condition]]

            return through_many2one
        if isinstance(field, f.Many2many | f.Many2one) or fname == "id":
            names = self._names_of(grouping, column) if labels is None else labels
            empty = (
                [[fname, "not any", []]]
                if isinstance(field, f.Many2many)
                else [[fname, "=", False]]
            )

            def record(value: Any) -> tuple[Any, list[Any]]:
                if not value:
                    return False, empty
                return [value, names.get(value, False)], [[fname, "=", value]]

            return record
        granularity = grouping.granularity
        if isinstance(field, f.Date | f.Datetime) and granularity in TIME_GRANULARITIES:
            periods = self._period_formatter(field, granularity)

            def period(value: Any) -> tuple[Any, list[Any]]:
                if not value:
                    return value, [[fname, "=", value]]
                start, end, label = periods(value)
                return [start, label], ["&", [fname, ">=", start], [fname, "<", end]]

            return period
        if granularity in NUMBER_GRANULARITIES:
            return lambda value: (value, [[f"{fname}.{granularity}", "=", value]])
        return lambda value: (_jsonable(value), [[fname, "=", _jsonable(value)]])

    def _period_formatter(
        self, field: f.Field, granularity: str
    ) -> Callable[[Any], tuple[str, str, str]]:
        """A function from a period start (local for datetimes) to ``(start, end,
        label)``, the bounds as stored (UTC for datetimes)."""
        first_weekday = dates.week_start(self.env) - 1
        if isinstance(field, f.Datetime):
            zone = dates.context_zone(self.env)

            def moments(value: dt.datetime) -> tuple[str, str, str]:
                start = dates.to_utc(value, zone)
                end = dates.to_utc(period_end(value, granularity), zone)  # type: ignore[arg-type]
                return (
                    start.strftime(f.DATETIME_FORMAT),
                    end.strftime(f.DATETIME_FORMAT),
                    period_label(value, granularity, first_weekday),
                )

            return moments

        def days(value: dt.date) -> tuple[str, str, str]:
            return (
                value.strftime(f.DATE_FORMAT),
                period_end(value, granularity).strftime(f.DATE_FORMAT),
                period_label(value, granularity, first_weekday),
            )

        return days

    def _legacy_format(
        self,
        key: str,
        grouping: Grouping,
        rows: list[dict[str, Any]],
        conditions: list[list[Sequence[Any]]],
    ) -> None:
        """Format one groupby column of legacy read_group in place: records as
        ``[id, name]``, periods as their label with ``__range``; and add each
        group's condition to ``conditions``."""
        fname = key.split(":")[0].split(".")[0]
        field = self._fields[fname]
        granularity = grouping.granularity
        periods = (
            self._period_formatter(field, granularity)
            if isinstance(field, f.Date | f.Datetime) and granularity in TIME_GRANULARITIES
            else None
        )
        # an aggregate named like the groupby field ("partner_id:count" grouped by
        # partner_id) has replaced its records with numbers, as in Odoo: kept as they are
        relational = grouping.relational and all(isinstance(row[key], Recordset) for row in rows)
        names = self._names_of(grouping, [row[key] for row in rows]) if relational else {}
        for row, extra in zip(rows, conditions, strict=True):
            value = row[key]
            if relational:
                row[key] = [value.id, names.get(value.id, False)] if value else False
                value = value.id if value else False
            if not value and isinstance(field, f.Many2many):
                condition: list[Any] = [[fname, "not any", []]]
            else:
                condition = [[fname, "=", _jsonable(value)]]
            if isinstance(field, f.Date | f.Datetime):
                if value and periods is not None:
                    start, end, label = periods(value)
                    row[key] = label
                    row.setdefault("__range", {})[key] = {"from": start, "to": end}
                    condition = ["&", [fname, ">=", start], [fname, "<", end]]
                elif granularity in NUMBER_GRANULARITIES:
                    condition = [[f"{fname}.{granularity}", "=", value]]
                elif not value:
                    row.setdefault("__range", {})[key] = False
            row[key] = _jsonable(row[key])
            extra.append(condition)


def _legacy_order(orderby: str | bool, groupby: dict[str, str], aggregates: dict[str, str]) -> str:
    """Legacy read_group's ``orderby`` in _read_group's terms: each term naming a
    groupby field or an aggregate's key becomes its specification (the groupby
    order when none is given)."""
    if not orderby:
        return ",".join(groupby.values())
    keyed = [*reversed(groupby.items()), *aggregates.items()]
    terms = []
    for term in str(orderby).split(","):
        term = term.strip()
        name = term.split(" ", 1)[0]
        spec = spec_named(name, keyed)
        terms.append(term.replace(name, spec) if spec else term)
    return ",".join(terms)


def spec_named(name: str, keyed: Iterable[tuple[str, str]]) -> str | None:
    """The groupby or aggregate specification that a field name of a grouping
    order stands for: the first of ``(key, specification)`` whose key is
    ``name``, ``name:granularity`` or ``name:aggregate``; None when none is.
    The legacy and the web grouping orders both match their terms this way."""
    for key, spec in keyed:
        if key.split(":")[0] == name:
            return spec
    return None


def _groups(
    groupby: Sequence[str], formatted: list[list[tuple[Any, list[Any]]]], count: int
) -> list[dict[str, Any]]:
    """The ``count`` groups of formatted_read_group with their groupby values and
    ``__extra_domain``, from each groupby's formatted ``(value, condition)``."""
    if len(groupby) == 1:
        # one groupby: its formatter already writes the condition the way
        # Domain.AND prints it, and parsing it for every group would cost
        # more than the query on a few hundred groups
        spec = groupby[0]
        return [{spec: shown, "__extra_domain": cond} for shown, cond in formatted[0]]
    if not groupby:
        return [{"__extra_domain": and_lists()} for _index in range(count)]
    result = []
    for pairs in zip(*formatted, strict=True):
        group = {spec: shown for spec, (shown, _cond) in zip(groupby, pairs, strict=True)}
        group["__extra_domain"] = and_lists(*(cond for _shown, cond in pairs))
        result.append(group)
    return result


def _labels_by_id(ids: Sequence[Any], labels: Sequence[Any]) -> dict[int, Any]:
    """``{id: display name}`` of a relational groupby column and its labels
    (``''`` for a record without a name: false, as Odoo gives it)."""
    return {rid: label or False for rid, label in zip(ids, labels, strict=True) if rid}


def _jsonable(value: Any) -> Any:
    """A group value as JSON-2 sends it (records as ids, dates as text)."""
    if isinstance(value, dt.datetime):
        return value.strftime(f.DATETIME_FORMAT)
    if isinstance(value, dt.date):
        return value.strftime(f.DATE_FORMAT)
    if hasattr(value, "_ids") and hasattr(value, "env"):  # a recordset (models imports us)
        return list(value._ids)
    return value
