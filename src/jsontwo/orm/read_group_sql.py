"""The SQL of grouping: one ``SELECT ... GROUP BY`` per call (docs/internals/orm-behaviour.md, "Grouping").

:class:`GroupQuery` turns groupby specifications (``"partner_id"``,
``"date:month"``, ``"partner_id.country_id"``, ``"tag_ids"``), aggregate
specifications (``"amount:sum"``, ``"__count"``), a ``having`` domain and an
``order`` into one statement. The request domain, the record rules and the
implicit ``active`` filter come from the model's search machinery
(``_where_sql``), so a group never counts a record its caller cannot search.

Expressions that appear both in SELECT and in GROUP BY carry no parameters
(timezone names and week offsets are checked literals): PostgreSQL matches
them by their text. What differs between SQLite and PostgreSQL (date
truncation, date parts, arrays, boolean aggregates) is in
:class:`jsontwo.db.dialect.Dialect`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from jsontwo.db import DATE_TRUNCS
from jsontwo.orm import dates, translate
from jsontwo.orm import fields as f
from jsontwo.orm.ordering import nulls_placement, order_path_terms, parse_order_term
from jsontwo.orm.paging import limit_offset_sql

if TYPE_CHECKING:
    from jsontwo.orm.types import BaseModel

#: time granularities: the groups are periods, given as their start (the
#: periods the database truncates to)
TIME_GRANULARITIES = DATE_TRUNCS
#: number granularities: the groups are date parts (``date_part`` names in dates.DATE_PARTS)
NUMBER_GRANULARITIES = tuple(dates.DATE_PARTS)
ALL_GRANULARITIES = (*TIME_GRANULARITIES, *NUMBER_GRANULARITIES)
AGGREGATES = (
    "sum",
    "avg",
    "max",
    "min",
    "bool_and",
    "bool_or",
    "array_agg",
    "array_agg_distinct",
    "recordset",
    "count",
    "count_distinct",
)
#: the field types whose values add up (sum, avg)
NUMERIC_TYPES = frozenset({"integer", "float", "monetary", "many2one"})
#: the field types whose values have an order (max, min)
ORDERED_TYPES = NUMERIC_TYPES | {"char", "text", "selection", "date", "datetime"}
#: the field types each aggregate accepts besides ``id`` (others would be a
#: database error on PostgreSQL, or nonsense on SQLite)
AGGREGATE_TYPES: dict[str, frozenset[str] | None] = {
    "sum": NUMERIC_TYPES,
    "avg": NUMERIC_TYPES,
    "sum_currency": frozenset({"monetary"}),
    "bool_and": frozenset({"boolean"}),
    "bool_or": frozenset({"boolean"}),
    "max": ORDERED_TYPES,
    "min": ORDERED_TYPES,
}
HAVING_OPERATORS = ("in", "not in", "<", ">", "<=", ">=", "=", "!=")
#: the aggregates whose values are numbers whatever the field
NUMERIC_AGGREGATES = frozenset({"__count", "count", "count_distinct", "sum", "sum_currency", "avg"})
SPEC_RE = re.compile(r"(\w+)(\.([\w.]+))?(?::(\w+))?$")


def parse_spec(spec: Any) -> tuple[str, str | None, str | None]:
    """``(field, path after the first dot, granularity or aggregate)`` of a
    groupby or aggregate specification; Odoo's ValueError when malformed."""
    match = SPEC_RE.match(spec) if isinstance(spec, str) else None
    if not match:
        raise ValueError(
            f"Invalid aggregate/groupby specification {spec!r}.\n"
            '- Valid aggregate specification looks like "<field_name>:<agg>" example: "quantity:sum".\n'
            '- Valid groupby specification looks like "<no_datish_field_name>" or '
            '"<datish_field_name>:<granularity>" example: "date:month" or '
            '"<properties_field_name>.<property>:<granularity>".'
        )
    return match.group(1), match.group(3), match.group(4)


def week_offset(model: BaseModel) -> int:
    """How many days before Monday the weeks of the caller's language start
    (Sunday: 1, Saturday: 2, Monday: 0)."""
    first = dates.week_start(model.env) - 1  # 0 = Monday .. 6 = Sunday
    return first and 7 - first


@dataclass(frozen=True, slots=True)
class Grouping:
    """What a groupby specification groups by: the model and field whose values
    the groups hold (the last hop of a path), and the granularity."""

    spec: str
    model: BaseModel
    field: f.Field
    granularity: str | None

    @property
    def relational(self) -> bool:
        """Whether the group values are records (many2one, many2many or ``id``)."""
        return self.field.relational or self.field.name == "id"

    @property
    def comodel_name(self) -> str:
        """The model of the records a relational grouping holds."""
        field = self.field
        return field.comodel_name if isinstance(field, f._Relational) else self.model._name


@dataclass(frozen=True, slots=True)
class Aggregation:
    """An aggregate specification: its function and field (None for ``__count``)."""

    spec: str
    func: str
    model: BaseModel
    field: f.Field | None


class GroupQuery:
    """One grouping statement of ``model``, built piece by piece."""

    def __init__(self, model: BaseModel) -> None:
        self.model = model
        self.table = f'"{model._table}"'
        self.dialect = model.env.cr.dialect
        #: LEFT JOINs (SQL) and their parameters, in order
        self.joins: list[str] = []
        self.join_params: list[Any] = []
        self._aliases = 0

    def _alias(self, name: str) -> str:
        self._aliases += 1
        return f'"_rg{self._aliases}_{name}"'

    def _join(self, sql: str, params: list[Any]) -> None:
        self.joins.append(sql)
        self.join_params.extend(params)

    def _join_related(
        self, model: BaseModel, alias: str, hops: list[str], refusal: Callable[[str], str]
    ) -> tuple[BaseModel, str]:
        """Join the many2one path ``hops`` of a related field from ``alias`` (a row
        of ``model``), read as the superuser (as a related field is); the last
        comodel and its alias. A hop that is not a many2one: ValueError with
        ``refusal(hop)``."""
        current, current_alias = model.sudo(), alias
        for hop in hops:
            link = current._fields.get(hop)
            if not isinstance(link, f.Many2one):
                raise ValueError(refusal(hop))
            current = current.env[link.comodel_name]
            co_alias = self._alias(hop)
            self._join(
                f'LEFT JOIN "{current._table}" AS {co_alias} '
                f'ON {co_alias}."id" = {current_alias}."{hop}"',
                [],
            )
            current_alias = co_alias
        return current, current_alias

    # --- fields --------------------------------------------------------------
    def field_sql(self, model: BaseModel, alias: str, fname: str) -> tuple[str, BaseModel, f.Field]:
        """The SQL of a field's value on ``alias`` (a row of ``model``), with the
        model and field that hold it: related fields that are not stored are read
        through their many2one path (without record rules, as a related field is
        read as the superuser). The caller's access to the field is checked."""
        field = model._field_for_sql(fname, f"Invalid field {fname!r} on model {model._name!r}")
        if field.related and not field.column_in_table:
            *hops, last = field.related.split(".")
            current, current_alias = self._join_related(
                model,
                alias,
                hops,
                lambda hop: (
                    f"Cannot convert {field} (related={field.related}) to SQL because "
                    f"{hop} is not a Many2one"
                ),
            )
            return self.field_sql(current, current_alias, last)
        if field.sql and not field.sql_order_only:
            return getattr(model, field.sql)(alias), model, field
        if not field.column_in_odoo and fname != "id":
            # (a binary kept as an attachment is outside the table)
            raise ValueError(f"Cannot convert {field} to SQL because it is not stored")
        return translate.column_sql(field, f'{alias}."{fname}"', model.env), model, field

    # --- groupby -------------------------------------------------------------
    def groupby(self, model: BaseModel, alias: str, spec: str) -> tuple[str, Grouping]:
        """The SQL expression of a groupby specification on ``alias`` (a row of
        ``model``), and what it groups by."""
        fname, path, granularity = parse_spec(spec)
        field = model._fields.get(fname)
        if field is None or (field.internal and not model.env.su):
            raise ValueError(f"Invalid field {fname!r} on model {model._name!r}")
        if isinstance(field, f.Properties):
            if not path:  # as Odoo words a property name that is missing
                raise ValueError("Wrong property field value name 'None'.")
            raise ValueError(f"Grouping by properties is not supported: {spec!r}")
        if path:
            if not isinstance(field, f.Many2one):
                raise ValueError(f"Only many2one path is accepted for the {spec!r} groupby spec")
            return self._groupby_path(model, alias, fname, path, granularity)
        if granularity and not isinstance(field, f.Date | f.Datetime):
            raise ValueError(f"Granularity set on a no-datetime field or property: {spec!r}")
        if isinstance(field, f.Many2many):
            return self._groupby_many2many(model, alias, field, spec)
        sql, owner, final = self.field_sql(model, alias, fname)
        if isinstance(field, f.Date | f.Datetime):
            sql = self._temporal(field, sql, spec, granularity)
        elif isinstance(field, f.Boolean):
            sql = f"COALESCE({sql}, FALSE)"
        return sql, Grouping(spec, owner, final, granularity)

    def _temporal(self, field: f.Field, sql: str, spec: str, granularity: str | None) -> str:
        if not granularity:
            raise ValueError(f"Granularity not set on a date(time) field: {spec!r}")
        if granularity not in ALL_GRANULARITIES:
            raise ValueError(f"Granularity specification isn't correct: {granularity!r}")
        # datetimes are grouped in the context's timezone (only there, as Odoo)
        zone = dates.context_zone(self.model.env) if isinstance(field, f.Datetime) else None
        if granularity in NUMBER_GRANULARITIES:
            return self.dialect.date_part(dates.DATE_PARTS[granularity], sql, zone)
        offset = week_offset(self.model) if granularity == "week" else 0
        return self.dialect.date_trunc(granularity, sql, zone, offset)

    def _groupby_path(
        self, model: BaseModel, alias: str, fname: str, path: str, granularity: str | None
    ) -> tuple[str, Grouping]:
        """``many2one.field``: the comodel joined as the caller may read it (its
        record rules; archived records included), then grouped by ``field``."""
        column, _owner, link = self.field_sql(model, alias, fname)
        assert isinstance(link, f.Many2one)
        comodel = model.env[link.comodel_name]
        where, params = comodel.with_context(active_test=False)._where_sql([])
        co_alias = self._alias(fname)
        source = (
            f'"{comodel._table}"'
            if where == "TRUE"
            else f'(SELECT * FROM "{comodel._table}" WHERE {where})'
        )
        self._join(f'LEFT JOIN {source} AS {co_alias} ON {co_alias}."id" = {column}', params)
        rest = f"{path}:{granularity}" if granularity else path
        sql, grouping = self.groupby(comodel, co_alias, rest)
        return sql, replace(grouping, spec=f"{fname}.{rest}")

    def _groupby_many2many(
        self, model: BaseModel, alias: str, field: f.Many2many, spec: str
    ) -> tuple[str, Grouping]:
        """A record is in one group per linked record (those the caller may search,
        within the field's domain), and in the empty group when it has none."""
        model._field_for_sql(field.name, f"Invalid field {field.name!r} on model {model._name!r}")
        owner, owner_alias = model, alias
        if field.related and not field.column_in_table:
            *hops, last = field.related.split(".")
            owner, owner_alias = self._join_related(
                model, alias, hops, lambda _hop: f"Group by non-stored many2many field: {spec!r}"
            )
            target = owner._fields[last]
            if not isinstance(target, f.Many2many):
                raise ValueError(f"Group by non-stored many2many field: {spec!r}")
            field = target
        if not field.store:
            raise ValueError(f"Group by non-stored many2many field: {spec!r}")
        comodel = model.env[field.comodel_name].with_context(**field.context)
        where, params = comodel._where_sql(list(field.domain))
        rel = self._alias(field.name)
        condition = f'{owner_alias}."id" = {rel}."{field.column1}"'
        if where != "TRUE":
            condition += (
                f' AND {rel}."{field.column2}" IN (SELECT "{comodel._table}".id '
                f'FROM "{comodel._table}" WHERE {where})'
            )
        self._join(f'LEFT JOIN "{field.relation}" AS {rel} ON {condition}', params)
        return f'{rel}."{field.column2}"', Grouping(spec, owner, field, None)

    # --- aggregates ----------------------------------------------------------
    def aggregate(self, spec: Any) -> tuple[str, Aggregation]:
        """The SQL of an aggregate specification (``"__count"``, ``"field:func"``)."""
        model = self.model
        if spec == "__count":
            return "COUNT(*)", Aggregation(spec, "__count", model, None)
        fname, path, func = parse_spec(spec)
        if path:
            raise ValueError(f"Invalid {spec!r}, this dot notation is not supported")
        field = model._fields.get(fname)
        if field is None or (field.internal and not model.env.su):
            raise ValueError(f"Invalid field {fname!r} on model {model._name!r} for {spec!r}.")
        if not func:
            raise ValueError(f"Aggregate method is mandatory for {fname!r}")
        if func == "sum_currency" and field.type != "monetary":
            raise ValueError(
                f'Aggregator "sum_currency" only works on currency field for {fname!r}'
            )
        if func not in AGGREGATES and func != "sum_currency":
            raise ValueError(f"Invalid aggregate method {func!r} for {spec!r}.")
        if func == "recordset" and not (field.relational or fname == "id"):
            raise ValueError(
                f"Aggregate method {func!r} can be only used on relational field (or id) "
                f"(for {spec!r})."
            )
        sql, _owner, final = self.field_sql(model, self.table, fname)
        accepted = AGGREGATE_TYPES.get(func)
        if accepted is not None and final.type not in accepted and fname != "id":
            raise ValueError(
                f"Aggregate method {func!r} cannot be used on the {final.type} field "
                f"{fname!r} (for {spec!r})."
            )
        # no currency rates are kept: a sum in the company's currency is the plain sum
        # (Odoo divides by a rate that defaults to 1)
        sql_func = {"sum_currency": "sum", "recordset": "array_agg"}.get(func, func)
        sql = self.dialect.aggregate(sql_func, sql, f"{self.table}.id")
        return sql, Aggregation(spec, func, model, final)

    # --- having --------------------------------------------------------------
    def having(self, having: Any) -> tuple[str, list[Any]]:
        """The HAVING condition of a domain over aggregate specifications."""
        if not having:
            return "", []
        if not isinstance(having, list | tuple):
            raise ValueError(f"Invalid having clause {having!r}: it should be a domain-like clause")
        stack: list[tuple[str, list[Any]]] = []
        for item in reversed(having):
            if item in ("!", "&", "|"):
                needed = 1 if item == "!" else 2
                if len(stack) < needed:
                    raise ValueError(f"Invalid having clause {list(having)!r}: malformed domain")
                if item == "!":
                    sql, params = stack.pop()
                    stack.append((f"(NOT {sql})", params))
                else:
                    (left, lparams), (right, rparams) = stack.pop(), stack.pop()
                    joiner = "AND" if item == "&" else "OR"
                    stack.append((f"({left} {joiner} {right})", [*lparams, *rparams]))
            elif isinstance(item, list | tuple) and len(item) == 3:
                stack.append(self._having_leaf(item))
            else:
                raise ValueError(
                    f"Invalid having clause {item!r}: it should be a domain-like clause"
                )
        while len(stack) > 1:
            (left, lparams), (right, rparams) = stack.pop(), stack.pop()
            stack.append((f"({left} AND {right})", [*lparams, *rparams]))
        return stack[0]

    def _having_leaf(self, item: Any) -> tuple[str, list[Any]]:
        left, operator, right = item
        if operator not in HAVING_OPERATORS:
            raise ValueError(
                f"Invalid having clause {item!r}: supported comparators are {HAVING_OPERATORS}"
            )
        sql, aggregation = self.aggregate(left)
        if operator in ("in", "not in"):
            values = list(right) if isinstance(right, list | tuple) else [right]
            for value in values:
                _check_having_value(item, aggregation, value)
            if not values:
                return ("FALSE" if operator == "in" else "TRUE"), []
            marks = ", ".join(["%s"] * len(values))
            return f"{sql} {operator.upper()} ({marks})", values
        _check_having_value(item, aggregation, right)
        return f"{sql} {operator} %s", [right]

    # --- order ---------------------------------------------------------------
    def order(self, order: str, terms: dict[str, str], groupings: dict[str, Grouping]) -> str:
        """The ORDER BY of ``order`` (groupby and aggregate specifications, each
        with a direction and nulls placement), then the groupby terms it does not
        name, so that groups come in the same order every time.

        A many2one group sorts by its comodel's ``_order`` (country groups by
        country name); a day of the week by the language's first weekday.
        """
        if not isinstance(order, str):
            raise ValueError(f"Invalid order {order!r} for _read_group()")
        parts: list[str] = []
        named: set[str] = set()
        for raw in order.split(",") if order else ():
            parsed = parse_order_term(raw, dotted=True)
            if parsed is None:
                raise ValueError(f"Invalid order {order!r} for _read_group()")
            term, desc, nulls = parsed.term, parsed.desc, parsed.nulls
            direction = parsed.direction
            default_nulls = nulls_placement(desc)
            if term not in terms:
                try:
                    sql, _aggregation = self.aggregate(term)
                except ValueError as exc:
                    raise ValueError(
                        f"Order term {raw!r} is not a valid aggregate nor valid groupby"
                    ) from exc
                parts.append(f"{sql} {direction} NULLS {nulls or default_nulls}")
                continue
            named.add(term)
            field = self.model._fields.get(term)
            grouping = groupings[term]
            if (
                isinstance(field, f.Many2one)
                and field.column_in_table
                and self.model.env[field.comodel_name]._order != "id"
            ):
                for expr, term_direction, term_nulls in order_path_terms(
                    self.model, [term], desc, nulls, self.table, frozenset()
                ):
                    parts.append(f"{expr} {term_direction} NULLS {term_nulls}")
            elif grouping.granularity == "day_of_week":
                first = dates.week_start(self.model.env)
                # the day's rank from the first weekday: (7 - first + day) mod 7, written
                # without % (a placeholder character for the PostgreSQL driver)
                shifted = f"(7 - {first} + CAST({terms[term]} AS INTEGER))"
                expr = f"(CASE WHEN {shifted} >= 7 THEN {shifted} - 7 ELSE {shifted} END)"
                parts.append(f"{expr} {direction} NULLS {nulls or default_nulls}")
            else:
                parts.append(f"{terms[term]} {direction} NULLS {nulls or default_nulls}")
        parts += [f"{sql} ASC NULLS LAST" for spec, sql in terms.items() if spec not in named]
        return ", ".join(parts)

    # --- the statement -------------------------------------------------------
    def statement(
        self,
        select: list[str],
        where: str,
        where_params: list[Any],
        groupby: list[str],
        having: tuple[str, list[Any]],
        order: str,
        offset: int | None,
        limit: int | None,
    ) -> tuple[str, list[Any]]:
        """The whole SELECT and its parameters."""
        sql = f"SELECT {', '.join(select)} FROM {self.table}"
        if self.joins:
            sql += " " + " ".join(self.joins)
        sql += f" WHERE {where}"
        params = [*self.join_params, *where_params]
        if groupby:
            sql += f" GROUP BY {', '.join(groupby)}"
            if having[0]:
                sql += f" HAVING {having[0]}"
                params += having[1]
            if order:
                sql += f" ORDER BY {order}"
        paging, paging_params = limit_offset_sql(limit, offset, self.dialect.is_sqlite, "groups")
        return sql + paging, params + paging_params


def _check_having_value(item: Any, aggregation: Aggregation, value: Any) -> None:
    """Refuse a ``having`` value the aggregate cannot be compared with, before the
    database does (PostgreSQL with its own error, SQLite by comparing anyway):
    counts, sums and averages are numbers, ``bool_and``/``bool_or`` booleans,
    ``min``/``max`` the field's kind of value; arrays compare with nothing."""
    func, field = aggregation.func, aggregation.field
    numeric = func in NUMERIC_AGGREGATES or (
        func in ("min", "max") and field is not None and field.type in NUMERIC_TYPES
    )
    if numeric:
        fits, expected = isinstance(value, int | float) and not isinstance(value, bool), "a number"
    elif func in ("bool_and", "bool_or"):
        fits, expected = isinstance(value, bool), "true or false"
    elif func in ("min", "max"):
        fits, expected = isinstance(value, str), "a string"
    else:
        fits, expected = False, "a single value, which an array never equals"
    if not fits:
        raise ValueError(f"Invalid having clause {item!r}: the value must be {expected}")
