"""ORDER BY compilation: the one grammar of an order term and the one rule
for where NULLs go.

An ``order`` is a comma-separated list of terms
``field[.property][:function] [asc|desc] [nulls first|last]``; searches sort
on fields and their date parts (the function, meant for read_group, is
ignored), read_group also on aggregates. The helpers take the model, the way
:class:`~jsontwo.orm.domains.Compiler` does.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from jsontwo.exceptions import UserError
from jsontwo.orm import dates, translate
from jsontwo.orm import fields as f
from jsontwo.orm.domains import Compiler
from jsontwo.orm.field_base import COMPANY_SQL_FIELDS

if TYPE_CHECKING:
    from jsontwo.orm.types import BaseModel

#: one term of an ``order``, as Odoo's ``regex_order``; the property may be
#: dotted for read_group's specs (``attributes.color``), not for searches
ORDER_TERM_RE = re.compile(
    r"\s*(?P<term>(?P<field>[a-z0-9_]+)(?:\.(?P<property>[\w.]+))?(?::(?P<function>[a-z_]+))?)"
    r"(?:\s+(?P<direction>asc|desc))?(?:\s+nulls (?P<nulls>first|last))?\s*",
    re.IGNORECASE,
)
#: ORDER BY clauses kept per registry (the cache is emptied when full)
ORDER_CACHE_SIZE = 4096

#: an ORDER BY term: (SQL expression, "ASC" or "DESC", "FIRST" or "LAST")
SqlTerm = tuple[str, str, str]


class OrderTerm(NamedTuple):
    """One parsed term of an ``order``."""

    #: ``field[.property][:function]`` as written
    term: str
    field: str
    property: str | None
    desc: bool
    #: "FIRST" or "LAST" when the term says, else None
    nulls: str | None

    @property
    def direction(self) -> str:
        """``ASC`` or ``DESC``."""
        return "DESC" if self.desc else "ASC"


def parse_order_term(raw: str, dotted: bool = False) -> OrderTerm | None:
    """``raw`` parsed, or None when it is not a term (``dotted``: the property may
    be a path, as read_group's specs are; searches take one plain property)."""
    match = ORDER_TERM_RE.fullmatch(raw)
    if match is None:
        return None
    prop = match["property"]
    if prop is not None and not dotted and not (prop.isascii() and "." not in prop):
        return None
    desc = (match["direction"] or "asc").lower() == "desc"
    nulls = match["nulls"].upper() if match["nulls"] else None
    return OrderTerm(match["term"], match["field"], prop, desc, nulls)


def nulls_placement(desc: bool, nulls: str | None = None) -> str:
    """Where NULLs go: as asked, else PostgreSQL's default (last ascending, first
    descending), which SQLite is made to follow."""
    return nulls or ("FIRST" if desc else "LAST")


def order_by_sql(model: BaseModel, order: str | None, groups_key: tuple[bool, ...]) -> str:
    """The ORDER BY clause of ``order`` (the model's ``_order`` when empty), cached
    in the registry.

    Date parts of datetimes (``create_date.hour_number``) are read in
    ``context.tz``, so an order with a property is kept per timezone; one by a
    value kept per company (``credit_limit``) per current company; superuser
    mode may sort on secret fields, so its clauses are kept apart; and so are
    those of callers passing different field groups (``groups_key``).
    """
    zone = dates.context_zone(model.env) if order and "." in order else None
    company: int | None = None
    if order and any(name in order for name in COMPANY_SQL_FIELDS):
        company = model.env.company.id  # a value of the current company's (credit_limit)
    # a translated field sorts by its text in the context's language
    lang = translate.translation_lang(model.env)
    key = (model._name, order, zone, company, model.env.su or groups_key, lang)
    cache = model._registry.order_cache
    done = cache.get(key)
    if done is None:
        if len(cache) >= ORDER_CACHE_SIZE:
            cache.clear()
        done = cache[key] = compile_order(model, order or model._order)
    return done


def compile_order(model: BaseModel, order: str) -> str:
    """The ORDER BY clause of ``order`` on the model's table (not cached)."""
    terms = order_terms(model, order, f'"{model._table}"', frozenset())
    return ", ".join(f"{expr} {direction} NULLS {nulls}" for expr, direction, nulls in terms)


def order_terms(
    model: BaseModel, order: str, alias: str, seen: frozenset[tuple[str, str]]
) -> list[SqlTerm]:
    """The SQL terms of ``order`` on the table ``alias``.

    The whole ``order`` is checked first (UserError, as Odoo's); then each
    term names a field and maybe a property (see :func:`order_path_terms`).
    """
    parsed = []
    for raw in order.split(","):
        term = parse_order_term(raw)
        if term is None:
            raise UserError(
                f'Invalid "order" specified ({order}). A valid "order" specification is a comma-separated list of valid field names (optionally followed by asc/desc for the direction)'
            )
        parsed.append(term)
    terms: list[SqlTerm] = []
    for term in parsed:
        path = [term.field, term.property] if term.property else [term.field]
        terms += order_path_terms(model, path, term.desc, term.nulls, alias, seen)
    return terms


def order_path_terms(
    model: BaseModel,
    path: list[str],
    desc: bool,
    nulls: str | None,
    alias: str,
    seen: frozenset[tuple[str, str]],
    related: bool = False,
) -> list[SqlTerm]:
    """The SQL terms ordering by ``path`` (a field and its properties) on ``alias``
    (``related``: the path comes from a related field, which may cross links).

    * A many2one sorts by its comodel's ``_order``, each term read by a
      subquery on the linked row; ``desc`` reverses all of them, and an
      explicit ``nulls`` places the records without a link first or last.
      ``field.id`` sorts by the raw id; any other property of a many2one is an
      error, as in Odoo (no ordering through links). A many2one met again while
      expanding (a cycle) is left out, as Odoo does.
    * A date part of a date or datetime (``day.month_number``), the latter
      read in ``context.tz``.
    * A related field that is not stored sorts as the field it points to,
      through many2one links.
    * Booleans sort as ``COALESCE(col, false)``.
    """
    fname, rest = path[0], path[1:]
    field = model._field_for_sql(fname, f"Invalid field {fname!r} on model {model._name!r}")
    if field.related and not field.column_in_table:
        hops = field.related.split(".")
        if not isinstance(model._fields.get(hops[0]), f.Many2one):
            raise ValueError(f"Cannot convert {field} to SQL because it is not stored")
        return order_path_terms(model, [*hops, *rest], desc, nulls, alias, seen, related=True)
    if field.sql and not rest:
        # a value the model computes in SQL: the same for many records (the
        # properties' definition is every record's), which come by id in the
        # term's direction, as in Odoo (whose constant PostgreSQL reads as the
        # first selected column, the id)
        value = getattr(model, field.sql)(alias)
        placement = nulls_placement(desc, nulls)
        direction = "DESC" if desc else "ASC"
        if field.sql_order_only or field.company_dependent:
            # Odoo orders by such a field's own expression (a device's is_current),
            # as by a stored column (a value per company: the credit limit)
            return [(value, direction, placement)]
        return [(value, direction, placement), (f'{alias}."id"', direction, placement)]
    if not field.column_in_odoo and fname != "id":
        # (a binary kept as an attachment is not sortable: it has no column)
        raise ValueError(f"Cannot convert {field} to SQL because it is not stored")
    column = f'{alias}."{fname}"'
    if isinstance(field, f.Many2one) and rest and rest != ["id"]:
        if not related:
            raise ValueError(f"Invalid field property {'.'.join(rest)!r} on {field}")
        if (model._name, fname) in seen:
            return []
        return _many2one_terms(model, field, column, rest, desc, nulls, seen)
    if isinstance(field, f.Many2one) and not rest:
        if (model._name, fname) in seen:
            return []
        if model.env[field.comodel_name]._order != "id":
            return _many2one_terms(model, field, column, [], desc, nulls, seen)
    elif rest and not isinstance(field, f.Many2one):
        if len(rest) > 1 or not isinstance(field, f.Date | f.Datetime):
            raise ValueError(f"Invalid field property {'.'.join(rest)!r} on {field}")
        column = Compiler(model).date_part(field, rest[0], column)
    elif isinstance(field, f.Boolean):
        column = f"COALESCE({column}, FALSE)"
    else:
        column = translate.column_sql(field, column, model.env)
    return [(column, "DESC" if desc else "ASC", nulls_placement(desc, nulls))]


def _many2one_terms(
    model: BaseModel,
    field: f.Many2one,
    column: str,
    rest: list[str],
    desc: bool,
    nulls: str | None,
    seen: frozenset[tuple[str, str]],
) -> list[SqlTerm]:
    """The terms sorting by the record a many2one ``column`` links to: by the
    comodel field ``rest`` names (a related field's path), else by the
    comodel's ``_order``."""
    comodel = model.env[field.comodel_name]
    sub = f'"_o{len(seen)}_{field.name}"'
    inner = seen | {(model._name, field.name)}
    if rest:
        co_terms = order_path_terms(comodel, rest, False, None, sub, inner, related=True)
    else:
        co_terms = order_terms(comodel, comodel._order, sub, inner)
    terms = []
    if nulls and not rest:
        # Odoo's explicit nulls on a many2one: records without a link first or last
        terms.append((f"{column} IS {'NOT ' if nulls == 'FIRST' else ''}NULL", "ASC", "LAST"))
    for expr, co_direction, co_nulls in co_terms:
        if desc:
            co_direction = "ASC" if co_direction == "DESC" else "DESC"
            co_nulls = "LAST" if co_nulls == "FIRST" else "FIRST"
        if expr != f'{sub}."id"':  # the linked id is the column itself
            expr = f'(SELECT {expr} FROM "{comodel._table}" AS {sub} WHERE {sub}."id" = {column})'
        else:
            expr = column
        terms.append((expr, co_direction, (nulls if rest and nulls else co_nulls)))
    return terms
