"""Domains compiled to SQL, for one model (the trees are :mod:`.domain_tree`'s).

A parsed domain compiles into a WHERE fragment with ``%s`` parameters. Dotted
paths and ``any`` become uncorrelated ``IN (SELECT ...)`` subqueries, which
both engines plan well and which never duplicate rows.

The NULL rules (docs/internals/orm-behaviour.md, "Falsy values in domains"):
each field type has a *falsy value* ("" for text, 0 for numbers, false for
booleans) that equality treats like NULL, and negative operators match NULL rows.

Dates and datetimes: see :mod:`jsontwo.orm.dates` and
docs/internals/orm-behaviour.md, "Dates and datetimes". The SQL of a condition
may depend on more than the domain: on the user's timezone (a date compared
with a datetime means local midnight; date parts of datetimes are read in
``context.tz``) or on the clock (relative dates like ``"today -7d"``). A
:class:`Compiled` result says so, for the domain cache.
"""

from __future__ import annotations

import datetime as dt
import operator as pyop
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jsontwo.exceptions import UserError
from jsontwo.orm import dates, translate
from jsontwo.orm import fields as f
from jsontwo.orm.domain_limits import balanced_join, record_id
from jsontwo.orm.domain_tree import (
    NEGATIVE_OPERATORS,
    And,
    Const,
    Leaf,
    Node,
    Not,
    excludes_few,
    parse,
)
from jsontwo.orm.domain_values import (
    as_numbers,
    as_text,
    column_value,
    date_value,
    datetime_value,
    has_names,
    normalize,
    record_ids,
)

if TYPE_CHECKING:
    from jsontwo.orm.types import BaseModel, Environment


# --- compilation ------------------------------------------------------------
Sql = tuple[str, list[Any]]
SQL_TRUE: Sql = ("TRUE", [])
_HIERARCHY_AND_ANY = ("any", "not any", "child_of", "parent_of")
SQL_FALSE: Sql = ("FALSE", [])

#: what compiled SQL may depend on besides the domain, and how to read it now
DEPENDENCIES: dict[str, Callable[[Environment], Any]] = {
    "tz": dates.user_zone,  # date-only values against datetimes
    "context_tz": dates.context_zone,  # date parts of datetimes
    "lang": translate.translation_lang,  # the text of translated fields
}


@dataclass(frozen=True, slots=True)
class Compiled:
    """A compiled domain: its WHERE fragment and parameters, the values of the
    environment it was compiled for (``depends``, see :data:`DEPENDENCIES`), and
    whether it read the clock (relative dates: valid for this call only)."""

    sql: str
    params: tuple[Any, ...]
    depends: tuple[tuple[str, Any], ...] = ()
    clock: bool = False

    def holds_for(self, env: Environment) -> bool:
        """Whether the SQL is right for ``env`` (its timezone may differ, or, for
        a domain searching another model, that model's record rules)."""
        return all(dependency_value(kind, env) == value for kind, value in self.depends)

    def depending(self, depend: tuple[str, Any]) -> Compiled:
        """The same condition, depending on ``depend`` too."""
        depends = dict(self.depends)
        depends[depend[0]] = depend[1]
        return Compiled(self.sql, self.params, tuple(depends.items()), self.clock)

    def conjoin(self, other: Compiled, depend: tuple[str, Any]) -> Compiled:
        """Both conditions, the result depending on ``depend`` too."""
        both = Compiled(
            f"({self.sql}) AND ({other.sql})",
            self.params + other.params,
            tuple({**dict(self.depends), **dict(other.depends)}.items()),
            self.clock or other.clock,
        )
        return both.depending(depend)


#: the prefix of the dependency on a model's record rules ("rules:res.partner")
RULES_DEPENDENCY = "rules:"
#: the prefix of the dependency on the caller's groups ("groups:base.group_user")
GROUPS_DEPENDENCY = "groups:"


def dependency_value(kind: str, env: Environment) -> Any:
    """The current value of dependency ``kind`` in ``env``: one of DEPENDENCIES, or
    the signature of the read rules of a model whose records a domain searched
    (compiled SQL embeds them; another user may have other rules)."""
    if kind.startswith(RULES_DEPENDENCY):
        return env[kind.removeprefix(RULES_DEPENDENCY)]._read_signature()
    if kind.startswith(GROUPS_DEPENDENCY):
        return env.su or bool(
            env["res.users"]._caller_has_groups(kind.removeprefix(GROUPS_DEPENDENCY))
        )
    return DEPENDENCIES[kind](env)


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "<": pyop.lt,
    "<=": pyop.le,
    ">": pyop.gt,
    ">=": pyop.ge,
}
_TEMPORAL_OPS = frozenset({"in", "not in", "<", ">", "<=", ">="})
#: the value of a date part (``day.month_number``): compared as given, NULL when the date is
_DATE_PART = f.Field("Date part")


class Compiler:
    """Compiles parsed domains of one model into SQL fragments."""

    def __init__(self, model: BaseModel) -> None:
        self.model = model
        self.table = model._table
        self.dialect = model.env.cr.dialect
        #: environment values the SQL depends on (see DEPENDENCIES), as read
        self.depends: dict[str, Any] = {}
        #: whether the SQL depends on the current time
        self.clock = False

    def compiled(self, node: Node) -> Compiled:
        """``node`` compiled, with what the result depends on."""
        sql, params = self.compile(node)
        return Compiled(sql, tuple(params), tuple(self.depends.items()), self.clock)

    def _depend(self, kind: str) -> Any:
        """The current value of an environment dependency, recorded."""
        if kind not in self.depends:
            self.depends[kind] = dependency_value(kind, self.model.env)
        return self.depends[kind]

    def _merge(self, sub: Compiled) -> Sql:
        """A sub-domain's SQL, whose dependencies become this domain's."""
        self.depends.update(sub.depends)
        self.clock = self.clock or sub.clock
        return sub.sql, list(sub.params)

    def compile(self, node: Node) -> Sql:
        """The WHERE fragment and its parameters for ``node``."""
        if isinstance(node, Const):
            return SQL_TRUE if node.value else SQL_FALSE
        if isinstance(node, Leaf):
            return self._leaf(node)
        if isinstance(node, Not):
            inner, inner_params = self.compile(node.child)
            return _not(inner), inner_params
        parts: list[str] = []
        params: list[Any] = []
        for child in node.children:
            sql, child_params = self.compile(child)
            parts.append(sql)
            params.extend(child_params)
        return balanced_join(parts, "AND" if isinstance(node, And) else "OR"), params

    # --- one condition -------------------------------------------------
    def _leaf(self, leaf: Leaf) -> Sql:
        model = self.model
        head, _, rest = leaf.path.partition(".")
        field = model._field_for_sql(
            head, f"Invalid field {model._name}.{head} in condition {leaf.as_tuple()!r}"
        )
        if field.groups:  # allowed to this caller: not to every caller
            self._depend(GROUPS_DEPENDENCY + field.groups)
        if field.related and not field.column_in_table:
            # a related field (one of an _inherits parent too) is a condition through
            # its path: "name" on res.users is ("partner_id", "any", [("name", ...)])
            if (
                rest
                or leaf.op in ("any", "not any", "child_of", "parent_of")
                or self._searched_by_method(field)
            ):
                path = f"{field.related}.{rest}" if rest else field.related
                return self.compile(Leaf(path, leaf.op, leaf.value))
            return self._related(field, leaf)
        if rest:
            if not field.relational:
                return self._property(field, rest, leaf)
            if not field.store:
                # a path through a computed link: its search method, or the bare
                # field's error (never SQL naming a column that does not exist)
                through = [[rest, leaf.op, leaf.value]]
                if field.search:
                    return self._search_method(field, Leaf(head, "any", through), "any", through)
                raise ValueError(f"Cannot convert {field} to SQL because it is not stored")
            return self._any(field, [[rest, leaf.op, leaf.value]], negate=False)
        if isinstance(field, f.Properties):
            raise ValueError(f"Missing property name for {field}")
        normalized = normalize(leaf.op, leaf.value)
        if normalized is None:
            return SQL_TRUE
        op, value = normalized
        if field.search:
            names = value if isinstance(value, list) else [value]
            if (
                isinstance(field, f.Many2one)
                and op in ("in", "not in")
                and any(isinstance(name, str) for name in names)
                and not all(isinstance(name, str) for name in names)
            ):
                # names and ids together: the names by display name, the ids as
                # they are, as Odoo splits them
                ids = [name for name in names if not isinstance(name, str)]
                strings = [name for name in names if isinstance(name, str)]
                joiner = "|" if op == "in" else "&"
                return self.compile(parse([joiner, [leaf.path, op, strings], [leaf.path, op, ids]]))
            if (
                isinstance(field, f.Many2one)
                and ("like" in op or op in ("in", "not in"))
                and names
                and all(isinstance(name, str) and name for name in names)
            ):
                # a many2one searched by a method gets names as Odoo passes them:
                # ("any", [("display_name", op, names)]), "not any" when negative
                positive = NEGATIVE_OPERATORS.get(op)
                sub = [("display_name", positive or op, value)]
                op, value = ("not any" if positive else "any"), sub
                leaf = Leaf(leaf.path, op, value)
            if op in _HIERARCHY_AND_ANY:
                # a field searched by a method gets these operators too, as in Odoo
                return self._search_method(field, leaf, op, value)
        if op in ("any", "not any"):
            return self._any_leaf(field, leaf)
        if op in ("child_of", "parent_of"):
            return self._hierarchy(field, leaf)
        if (field.relational or isinstance(field, f.Id)) and op in ("in", "not in"):
            value = record_ids(field, leaf, value)
        if isinstance(field, f.Binary) and not (
            op in ("in", "not in")
            and all(v is False for v in (value if isinstance(value, list) else [value]))
        ):
            # binaries are attachments in Odoo: only "is set" / "is not set" can be searched
            return SQL_TRUE
        if isinstance(field, f.Binary) and field.in_attachment and not field.related:
            return self._attachment_is_set(field, op == "not in")
        if field.relational and "like" in op and (value is False or value == ""):
            # as in Odoo, an empty pattern on a relation tests whether it is set:
            # like/not =like mean "is set", not like/=like "is not set"
            negate, raw = op.startswith("not "), "=like" in op or "=ilike" in op
            op, value = ("not in" if negate == raw else "in"), [False]
        if field.relational and op in _COMPARE and isinstance(value, str):
            raise TypeError(
                "Inequality not supported for relational field using a string "
                f"in condition {(leaf.path, op, value)!r}"
            )
        if field.relational and not isinstance(field, f.Many2one):
            return self._x2many(field, leaf, op, value)
        if field.search:
            return self._search_method(field, leaf, op, value)
        if not field.column_in_table and field.name != "id":
            return self._non_stored(field, Leaf(leaf.path, op, value))
        if isinstance(field, f.Many2one) and has_names(value, op):
            return self._by_display_name(field, op, value)
        column = f'"{self.table}"."{field.name}"'
        if translate.is_translated(field):  # the text in the context's language
            column = translate.value_sql(column, self._depend("lang"))
        return self._scalar(field, column, op, value, leaf)

    def _searched_by_method(self, field: f.Field) -> bool:
        """Whether the field a related field reads is searched by a method (the
        condition then goes to that method, through the path, as in Odoo)."""
        model, target = self.model, field
        for name in (field.related or "").split("."):
            target = model._fields[name]
            if isinstance(target, f._Relational):
                model = model.env[target.comodel_name]
        return bool(target.search)

    def _related(self, field: f.Field, leaf: Leaf) -> Sql:
        """A condition on a related field, as Odoo builds it: nested ``any`` along
        its path, where a condition that holds for a null value (``= False``,
        ``not in`` values) also holds when a nullable many2one of the path is
        unset; a negative condition on values is the negation of the positive one
        (so it holds for unset links too)."""
        normalized = normalize(leaf.op, leaf.value)
        if normalized is None:
            return SQL_TRUE
        op, value = normalized
        falsy = field.falsy_value
        values = value if isinstance(value, list) else [value]
        is_null = any(
            v is False
            or v is None
            or (falsy is not None and v == falsy and not isinstance(v, bool))
            for v in values
        )
        negative = op in NEGATIVE_OPERATORS
        if negative and not is_null:
            sql, params = self._related(field, Leaf(leaf.path, NEGATIVE_OPERATORS[op], value))
            return _not(sql), params
        can_be_null = (not negative) == is_null
        model, hops = self.model, []
        for name in (field.related or "").split("."):
            hop = model._fields[name]
            hops.append(hop)
            if isinstance(hop, f._Relational):
                model = model.env[hop.comodel_name]
        domain: list[Any] = [[hops[-1].name, op, value]]
        for hop in reversed(hops[:-1]):
            domain = [[hop.name, "any", domain]]
            if can_be_null and isinstance(hop, f.Many2one) and not hop.required:
                domain = ["|", [hop.name, "=", False], *domain]
        return self.compile(parse(domain))

    def _scalar(self, field: f.Field, column: str, op: str, value: Any, leaf: Leaf) -> Sql:
        """A condition on one value (a column, or an expression like a date part)."""
        if isinstance(field, f.Date | f.Datetime) and op in _TEMPORAL_OPS:
            return self._temporal(field, column, op, value)
        if op in ("in", "not in"):
            return self._in(field, column, op == "not in", value)
        if op in _COMPARE:
            return self._compare(field, column, op, value, leaf)
        return self._like(field, column, op, value, leaf)

    def _property(self, field: f.Field, prop: str, leaf: Leaf) -> Sql:
        """``field.prop`` on a non-relational field: a date part, a property (none
        is set), or an error."""
        if field.related and not field.column_in_table:
            return self.compile(Leaf(f"{field.related}.{prop}", leaf.op, leaf.value))
        if not field.column_in_table and field.name != "id":
            raise ValueError(f"Cannot convert {field} to SQL because it is not stored")
        if isinstance(field, f.Properties):
            # no record holds a property yet (see fields.Properties): each is unset
            expr = "NULL"
        elif isinstance(field, f.Date | f.Datetime):
            expr = self.date_part(field, prop, f'"{self.table}"."{field.name}"')
        else:
            raise ValueError(f"Invalid field property {prop!r} on {field}")
        normalized = normalize(leaf.op, leaf.value)
        if normalized is None:
            return SQL_TRUE
        op, value = normalized
        if op in ("any", "not any"):
            raise ValueError(
                f"Cannot use 'any' with non-relational fields in condition {leaf.printed()!r}"
            )
        if op in ("child_of", "parent_of"):
            raise ValueError(f"Invalid field for {op}: {leaf.as_tuple()!r}")
        if expr != "NULL":
            value = as_numbers(value)
        return self._scalar(_DATE_PART, expr, op, value, leaf)

    def date_part(self, field: f.Field, prop: str, column: str) -> str:
        """The SQL of a date part of ``column`` (a datetime's in ``context.tz``, if valid)."""
        granularity = dates.DATE_PARTS.get(prop)
        if granularity is None:
            raise ValueError(
                f"Error when processing the granularity {prop} is not supported. "
                f"Only {', '.join(dates.DATE_PARTS)} are supported"
            )
        zone = self._depend("context_tz") if isinstance(field, f.Datetime) else None
        return self.dialect.date_part(granularity, column, zone)

    def _in(self, field: f.Field, column: str, negate: bool, value: Any) -> Sql:
        values = value if isinstance(value, list) else [value]
        if isinstance(field, f.Boolean):
            sql, params = self._boolean(column, negate, values)
            if field.name == "active" and sql == f"{column} = TRUE":
                sql = self.dialect.likely(sql)
            return sql, params
        falsy = field.falsy_value
        has_false = False
        kept: list[Any] = []
        for item in values:
            if (
                item is False
                or item is None
                or (falsy is not None and item == falsy and not isinstance(item, bool))
            ):
                has_false = True
            else:
                kept.append(column_value(field, item))
        if field.name == "id" or (field.required and falsy is None):
            has_false = False  # NOT NULL columns: "is not set" never matches
        marks, params = self.dialect.value_list(kept)
        if not negate:
            parts = [f"{column} IN ({marks})"] if kept else []
            if has_false:
                parts.append(f"{column} IS NULL")
                if falsy is not None:
                    parts.append(f"{column} = %s")
                    params.append(falsy)
            if not parts:
                return SQL_FALSE
            return ("(" + " OR ".join(parts) + ")", params)
        if has_false:
            parts = [f"{column} IS NOT NULL"]
            falsy_params = []
            if falsy is not None:
                parts.append(f"{column} <> %s")
                falsy_params.append(falsy)
            if kept:
                parts.append(f"{column} NOT IN ({marks})")
            return ("(" + " AND ".join(parts) + ")", [*falsy_params, *params])
        if not kept:
            return SQL_TRUE
        return (f"({column} NOT IN ({marks}) OR {column} IS NULL)", params)

    @staticmethod
    def _boolean(column: str, negate: bool, values: list[Any]) -> Sql:
        # strings are read as Odoo's str2bool does ("false", "0", "no"... and unknown words are false)
        wanted = {v.lower() in f.TRUE_STRINGS if isinstance(v, str) else bool(v) for v in values}
        if not wanted:
            return SQL_TRUE if negate else SQL_FALSE
        if len(wanted) == 2:
            return SQL_FALSE if negate else SQL_TRUE
        is_true = (True in wanted) != negate
        # "= TRUE", not "IS TRUE": the same rows (NULL is not true), but indexable
        return (f"{column} = TRUE", []) if is_true else (f"{column} IS NOT TRUE", [])

    def _compare(self, field: f.Field, column: str, op: str, value: Any, leaf: Leaf) -> Sql:
        if isinstance(field, f.Boolean):
            raise ValueError(
                f"Cannot compare {field.name!r} to {type(value)} which is not a collection "
                f"of length 1 in condition {leaf.as_tuple()!r}"
            )
        falsy = field.falsy_value
        if value is False or value is None or (isinstance(field, f.Many2one) and value == 0):
            if falsy is None:
                return SQL_FALSE  # compared with NULL (a link's 0 too): nothing matches
            value = falsy
        if isinstance(field, f.Id | f.Many2one):
            value = record_id(field, leaf, value)
        converted = column_value(field, value)
        sql = f"{column} {op} %s"
        if falsy is not None:
            try:
                with_null = _COMPARE[op](falsy, converted)
            except TypeError:
                with_null = False
            if with_null:
                return (f"({sql} OR {column} IS NULL)", [converted])
        return (sql, [converted])

    def _like(self, field: f.Field, column: str, op: str, value: Any, leaf: Leaf) -> Sql:
        negate = op.startswith("not ")
        base = op[4:] if negate else op
        raw = base.startswith("=")
        if raw and value is not False and not isinstance(value, str):
            raise TypeError(
                f"The pattern to match must be a string in condition {leaf.as_tuple()!r}"
            )
        if value is False or value == "":
            if raw:
                return self._in(field, column, negate, [False])
            return SQL_FALSE if negate else SQL_TRUE
        if isinstance(field, f.Boolean):
            raise ValueError(
                f"Cannot compare {field.name!r} to {type(str(value))} which is not a collection "
                f"of length 1 in condition {(leaf.path, op, str(value))!r}"
            )
        pattern = str(value) if raw else f"%{value}%"
        lhs = (
            column
            if isinstance(field, f.Char | f.Text | f.Selection)
            else self.dialect.as_text(column)
        )
        sql, param = self.dialect.match(lhs, pattern, "ilike" in base, negate)
        if negate:
            return (f"({sql} OR {column} IS NULL)", [param])
        return (sql, [param])

    # --- dates and datetimes ----------------------------------------------
    def _temporal(self, field: f.Field, column: str, op: str, value: Any) -> Sql:
        """``in``/``not in`` and inequalities on a date or datetime column."""
        is_datetime = isinstance(field, f.Datetime)

        def convert(value: Any) -> tuple[Any, bool, bool]:
            if is_datetime:
                return datetime_value(value, self._parse_date, lambda: self._depend("tz"))
            return date_value(value, self._parse_date)

        if op in _COMPARE:
            moment, is_date, relative = convert(value)
            if moment is False:
                return SQL_FALSE
            if is_datetime and not relative:
                # "> d" is ">= the next day/second", "<= d" is "< the next day/second"
                moment = moment.replace(microsecond=0)
                step = dt.timedelta(days=1) if is_date else dt.timedelta(seconds=1)
                if op in (">", "<="):
                    try:
                        moment += step
                    except OverflowError:
                        return SQL_FALSE if op == ">" else self._in(field, column, True, [False])
                    op = ">=" if op == ">" else "<"
            return (f"{column} {op} %s", [as_text(moment)])
        negate = op == "not in"
        items = [convert(v) for v in (value if isinstance(value, list) else [value])]
        if not is_datetime or not any(
            isinstance(m, dt.datetime) and not relative for m, _d, relative in items
        ):
            return self._in(
                field, column, negate, [m if m is False else as_text(m) for m, _d, _r in items]
            )
        # equality with a datetime matches the whole second
        arms: list[str] = []
        params: list[Any] = []
        for moment, _is_date, relative in items:
            if isinstance(moment, dt.datetime) and not relative:
                start = moment.replace(microsecond=0)
                arms.append(f"({column} >= %s AND {column} < %s)")
                params += [as_text(start), as_text(start + dt.timedelta(seconds=1))]
            else:
                sql, more = self._in(
                    field, column, False, [moment if moment is False else as_text(moment)]
                )
                arms.append(sql)
                params += more
        sql = "(" + " OR ".join(arms) + ")"
        return (_not(sql), params) if negate else (sql, params)

    def _parse_date(self, value: str) -> tuple[dt.date | dt.datetime, bool]:
        """An ISO value, or a relative expression resolved now (the SQL then reads the clock)."""
        try:
            return dates.parse_iso(value), False
        except ValueError:
            if dates.ISO_START.match(value):
                raise
        self.clock = True
        env = self.model.env
        return dates.relative(value, env.now, self._depend("tz"), dates.week_start(env)), True

    # --- relations -------------------------------------------------------
    def _any_leaf(self, field: f.Field, leaf: Leaf) -> Sql:
        if field.name == "id":
            sql, params = self.compile(parse(leaf.value))
            return (sql, params) if leaf.op == "any" else (_not(sql), params)
        if not field.relational:
            raise ValueError(
                f"Cannot use 'any' with non-relational fields in condition {leaf.printed()!r}"
            )
        return self._any(field, leaf.value, negate=leaf.op == "not any")

    def _any(self, field: f.Field, subdomain: Any, negate: bool, by_id: bool = False) -> Sql:
        """``field`` has (or, negated, has no) related record matching ``subdomain``.

        ``by_id`` says the subdomain only names co-records by id (or is empty,
        for "is set"): Odoo then counts archived co-records too.
        """
        assert isinstance(field, f._Relational)
        comodel = self.model.env[field.comodel_name]
        if field.name in self.model._inherits.values():
            # the parent of an _inherits link is part of the record: the model's own
            # rules already carry the parent's (through the link), nothing to add
            comodel = comodel.sudo()
        elif not (comodel.env.su or by_id):
            comodel._check_model_access("read")  # a sub-search reads the comodel
        column = f'"{self.table}"."{field.name}"'
        if isinstance(field, f.Many2one):
            # through a many2one, archived targets still match (Odoo searches the
            # comodel without the active filter there)
            sub_sql, params = self._merge(
                comodel.with_context(active_test=False)._compiled_where(subdomain)
            )
            inner = f'SELECT "{comodel._table}"."id" FROM "{comodel._table}" WHERE {sub_sql}'
            if negate:
                return (f"({column} IS NULL OR {column} NOT IN ({inner}))", params)
            if excludes_few(subdomain):
                # most links match: SQLite, counting 25 values, would walk the index
                return (self.dialect.likely(f"{column} IN ({inner})"), params)
            return (f"{column} IN ({inner})", params)
        # x2many: the field's own domain and context shape the co-records searched
        assert isinstance(field, f.One2many | f.Many2many)
        comodel = comodel.with_context({**comodel.env.context, **field.context})
        if by_id:
            comodel = comodel.with_context(active_test=False)
        if field.search and not field.store:
            # computed, with no table to join: its method gets the co-records by id
            # (``in``), or the condition on them (``any``), as Odoo gives them
            op, value = "any", subdomain
            if by_id or not subdomain:
                op, value = "in", comodel._search_ids(subdomain)
            sql, params = self._search_method(field, Leaf(field.name, op, value), op, value)
            return (_not(sql), params) if negate else (sql, params)
        if field.domain and isinstance(subdomain, list):
            subdomain = [*field.domain, *subdomain]  # top-level items are ANDed
        sub_sql, params = self._merge(comodel._compiled_where(subdomain))
        word = "NOT IN" if negate else "IN"
        return (f'"{self.table}"."id" {word} ({self._x2many_ids_sql(field, sub_sql)})', params)

    def _x2many_ids_sql(self, field: f.One2many | f.Many2many, co_condition: str) -> str:
        """SELECT of this model's ids linked to co-records satisfying ``co_condition``."""
        co_table = self.model.env[field.comodel_name]._table
        if isinstance(field, f.One2many):
            inverse = f'"{co_table}"."{field.inverse_name}"'
            # no NULL may come out of the subquery: "id NOT IN (..., NULL)" is never true
            return (
                f'SELECT {inverse} FROM "{co_table}" WHERE {inverse} IS NOT NULL AND {co_condition}'
            )
        assert isinstance(field, f.Many2many)
        rel = field.relation
        return (
            f'SELECT "{rel}"."{field.column1}" FROM "{rel}" WHERE "{rel}"."{field.column2}" IN '
            f'(SELECT "{co_table}"."id" FROM "{co_table}" WHERE {co_condition})'
        )

    def _x2many(self, field: f.Field, leaf: Leaf, op: str, value: Any) -> Sql:
        """Conditions on one2many / many2many fields ("contains" semantics: docs/internals/orm-behaviour.md, "Relational operators")."""
        values = value if isinstance(value, list) else [value]
        if has_names(values, op):
            return self._by_display_name(field, op, value)
        if op not in ("in", "not in"):
            raise ValueError(f"Invalid operator in condition {leaf.as_tuple()!r}")
        ids = [v for v in values if v]  # 0 is false too, as in Odoo ("no co-record")
        parts: list[Sql] = []
        if ids:
            parts.append(self._any(field, [["id", "in", ids]], negate=False, by_id=True))
        if len(ids) != len(values):
            parts.append(self._any(field, [], negate=True, by_id=True))
        if not parts:
            return SQL_TRUE if op == "not in" else SQL_FALSE
        sql = "(" + " OR ".join(p[0] for p in parts) + ")"
        params = [x for p in parts for x in p[1]]
        return (_not(sql), params) if op == "not in" else (sql, params)

    def _by_display_name(self, field: f.Field, op: str, value: Any) -> Sql:
        """A relational condition given names: search the comodel by display name.

        Names in an ``in`` list are searched together, the other values (ids,
        false) keep their meaning: ORed with the names, or for ``not in`` ANDed.
        """
        assert isinstance(field, f._Relational)
        comodel = self.model.env[field.comodel_name]
        negate = op in NEGATIVE_OPERATORS
        positive = op[4:] if op.startswith("not ") else op
        if positive != "in":
            names_domain = self._display_name_domain(comodel, positive, value)
            return self._any(field, names_domain, negate=negate)
        values = value if isinstance(value, list) else [value]
        names = [v for v in values if isinstance(v, str)]
        others = [v for v in values if not isinstance(v, str)]
        names_domain = self._display_name_domain(comodel, "in", names)
        sql, params = self._any(field, names_domain, negate=negate)
        if not others:
            return sql, params
        other_sql, other_params = self._leaf(Leaf(field.name, op, others))
        joiner = " AND " if negate else " OR "
        return f"({sql}{joiner}{other_sql})", [*params, *other_params]

    def _display_name_domain(self, model: BaseModel, op: str, value: Any) -> Any:
        """``model``'s domain searching its display name; one a model computes
        its own way may read records, so the result is not kept."""
        # (the ORM's own search is BaseModel's; this module cannot import it)
        if type(model)._search_display_name.__qualname__ != "BaseModel._search_display_name":
            self.clock = True
        return model._search_display_name(op, value)

    def _hierarchy(self, field: f.Field, leaf: Leaf) -> Sql:
        """child_of / parent_of, walking ``_parent_name`` from the given records.

        The records are ids, or names searched by display name (as the
        superuser walks, but through the active filter of the field: a
        many2one's names include archived records).
        """
        model = self.model
        if field.name != "id" and not field.relational:
            raise ValueError(
                f"Cannot execute {leaf.op} for {field}, works only for relational fields "
                f"in condition {leaf.as_tuple()!r}"
            )
        value = leaf.value
        if value is False:
            return SQL_FALSE
        if not isinstance(value, int | str | list):
            raise ValueError(
                f"Value of type {type(value)} is not supported in condition {leaf.as_tuple()!r}"
            )
        values = value if isinstance(value, list) else [value]
        co = model
        if isinstance(field, f._Relational):
            co = model.env[field.comodel_name]
            co = (
                co.with_context(active_test=False)
                if isinstance(field, f.Many2one)
                else co.with_context({**co.env.context, **field.context})
            )
        # True is the id 1 to Odoo too (so a model without a hierarchy fails as there)
        start = [int(v) for v in values if isinstance(v, int) and v is not False]
        names = [v for v in values if isinstance(v, str)]
        if names:
            by_name = [item for name in names for item in co._name_search_domain([name], "ilike")]
            start += co._search_ids(["|"] * (len(names) - 1) + by_name)
        # on a field of the model itself, the hierarchy follows that field
        link = field.name not in ("id", model._parent_name) and co._name == model._name
        if link:
            ids = co._hierarchy_ids(start, leaf.op, link=field.name) if start else []
        else:
            ids = co._hierarchy_ids(start, leaf.op) if start else []
        # the ids come from the hierarchy as it is now: never kept for later calls
        self.clock = True
        if link and isinstance(field, f.Many2one):
            field = model._fields["id"]
        if link and not isinstance(field, f.Many2one | f.Id):
            return self._x2many(field, leaf, "in", ids) if ids else SQL_FALSE
        if field.name not in ("id", model._parent_name):
            return self._any(field, [["id", "in", ids]], negate=False, by_id=True)
        if not ids:
            return SQL_FALSE
        marks, params = self.dialect.value_list(list(ids))
        return (f'"{self.table}"."id" IN ({marks})', params)

    def _search_method(self, field: f.Field, leaf: Leaf, op: str, value: Any) -> Sql:
        """A condition on a field with a ``search=`` method: the method gets
        the normalised operator (``in``/``not in``, booleans as ``in [True]``) and
        answers a domain or NotImplemented; then the positive operator is tried and
        the result negated, then ``=``/``!=`` per value; else UserError."""
        if isinstance(field, f.Boolean) and op in ("in", "not in"):
            values = value if isinstance(value, list) else [value]
            wanted = {
                v.lower() in f.TRUE_STRINGS if isinstance(v, str) else bool(v) for v in values
            }
            if len(wanted) != 1:
                return SQL_FALSE if (op == "in") != (len(wanted) == 2) else SQL_TRUE
            if wanted == {False}:
                op = "not in" if op == "in" else "in"
            value = [True]
        model = self.model
        method = getattr(model, str(field.search))
        # the method may read records: the result holds for this call only
        self.clock = True
        domain = method(op, value)
        negate = False
        positive = NEGATIVE_OPERATORS.get(op)
        if domain is NotImplemented and positive:
            domain, negate = method(positive, value), True
        if domain is NotImplemented and op in ("in", "not in") and isinstance(value, list):
            one = "=" if op == "in" else "!="
            parts = [method(one, item) for item in value]
            if parts and all(part is not NotImplemented for part in parts):
                joiner = "|" if op == "in" else "&"
                domain = [joiner] * (len(parts) - 1) + [item for part in parts for item in part]
        if domain is NotImplemented:
            # Odoo's wording: the model as "'Description' (model.name)", the leaf in a list
            label = f"{model._description or model._name!r} ({model._name})"
            raise UserError(
                f"Unsupported operator on {field.string} {label} in [{leaf.printed()!r}]"
            )
        # compiled here, not as a new search: the implicit active filter is the caller's
        sql, params = self.compile(parse(domain))
        return (_not(sql), params) if negate else (sql, params)

    def _attachment_is_set(self, field: f.Field, is_set: bool) -> Sql:
        """Whether a binary kept as an attachment has a value: its attachment exists."""
        exists = (
            'EXISTS (SELECT 1 FROM "ir_attachment" WHERE "ir_attachment"."res_model" = %s '
            'AND "ir_attachment"."res_field" = %s '
            f'AND "ir_attachment"."res_id" = "{self.table}"."id")'
        )
        return (exists if is_set else f"NOT {exists}"), [self.model._name, field.name]

    def _non_stored(self, field: f.Field, leaf: Leaf) -> Sql:
        related = field.related
        if related:
            head, _, rest = related.partition(".")
            return self.compile(Leaf(f"{head}.{rest}", leaf.op, leaf.value))
        if field.name == "display_name":
            # the fields _rec_names_search names (Odoo's _search_display_name)
            model = self.model
            rec = model._rec_name_field()
            if model._rec_names_search or (rec is not None and rec != "display_name"):
                domain = self._display_name_domain(model, leaf.op, leaf.value)
                if domain is NotImplemented and (positive := NEGATIVE_OPERATORS.get(leaf.op)):
                    # the model searches the positive operator only: its complement
                    domain = ["!", *self._display_name_domain(model, positive, leaf.value)]
                return self.compile(parse(domain))
        raise ValueError(f"Cannot convert {field} to SQL because it is not stored")


def _not(sql: str) -> str:
    """The complement of a condition: rows where it is false *or NULL*.

    SQL's ``NOT`` keeps NULL as NULL, so ``NOT (day < '2024-01-01')`` would
    drop rows whose day is NULL; Odoo's ``!`` matches exactly the records the
    condition does not: ``!(x < 5)`` adds ``OR x IS NULL``.
    """
    return f"(({sql}) IS NOT TRUE)"
