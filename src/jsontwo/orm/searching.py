"""The WHERE clause of a search: a domain compiled for a model, kept in the
registry for reuse, and ANDed with the caller's record rules.

The helpers take the model, the way :class:`~jsontwo.orm.domains.Compiler` does.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

import orjson

from jsontwo.orm import access
from jsontwo.orm import fields as f
from jsontwo.orm.domain_limits import limited
from jsontwo.orm.domain_tree import (
    NEGATIVE_OPERATORS,
    TRUE,
    Leaf,
    and_domains,
    folded,
    mentions_field,
    parse,
)
from jsontwo.orm.domain_values import column_value
from jsontwo.orm.domains import RULES_DEPENDENCY, Compiled, Compiler

if TYPE_CHECKING:
    from jsontwo.orm.types import BaseModel

#: compiled domains kept per registry (the cache is emptied when full)
DOMAIN_CACHE_SIZE = 4096


def compiled_where(model: BaseModel, domain: Any) -> Compiled:
    """``domain`` compiled for this model and environment, and, outside superuser
    mode, ANDed with the record rules on reading: searches are filtered by
    them silently, and so are the sub-searches of dotted paths and ``any``
    (docs/internals/orm-behaviour.md, "Record rules in searches").

    The domain alone is compiled once per (model, domain, active_test,
    superuser mode) and kept in the registry: integrations send the same
    domains again and again. A kept result that depends on the timezone,
    or embeds the rules of another model, is reused only for the same
    timezone and rules; one that read the clock (relative dates) is never
    kept.
    """
    key = _domain_cache_key(
        model._name, domain, model.env.context.get("active_test", True), model.env.su
    )
    cache = model._registry.domain_cache
    done = cache.get(key) if key is not None else None
    if done is None or not done.holds_for(model.env):
        done = _compile_where(model, domain)
        if key is not None and not done.clock:
            if len(cache) >= DOMAIN_CACHE_SIZE:
                cache.clear()
            cache[key] = done
    if model.env.su:
        return done
    domain, signature = model.env["ir.rule"]._domain(model._name, "read")
    # a domain embedding this search says whose rules (and read access) it was
    # compiled with, even when none restricts this caller: another's may
    depend = (RULES_DEPENDENCY + model._name, access.read_signature(model, signature))
    if not domain:  # no rule, or rules that hold for every record
        return done.depending(depend)
    return done.conjoin(access.rules_where(model, domain), depend)


def _compile_where(model: BaseModel, domain: Any) -> Compiled:
    """``domain`` compiled, with the implicit ``active`` filter (not cached), within
    the limits of :mod:`.domain_limits`."""
    parsed = limited(parse(domain))
    node = folded(parsed, lambda leaf: constant_condition(model, leaf))
    if (
        "active" in model._fields
        and model.env.context.get("active_test", True)
        and not mentions_field(parsed, "active")
    ):
        node = and_domains(node, Leaf("active", "=", True))
    return Compiler(model).compiled(node)


def is_everything(model: BaseModel, domain: Any) -> bool:
    """Whether ``domain`` matches every record of the model once normalised
    (``[]``, or conditions that always hold), before the implicit active filter."""
    if isinstance(domain, list | tuple) and not domain:
        return True
    try:
        node = folded(parse(domain), lambda leaf: constant_condition(model, leaf))
    except (TypeError, ValueError):  # the search proper raises the error
        return False
    return node is TRUE


def constant_condition(model: BaseModel, leaf: Leaf) -> bool | None:
    """Whether a condition on a field of ``model`` always holds (True) or never
    (False) whatever the record, as Odoo decides it before searching: ``in []``
    never, ``not in []`` always, and on a field that is no relation an empty
    pattern (``like ""``, ``ilike False``) always, ``not like`` it never. None
    for any other condition (and for an unknown field: its error comes later)."""
    field = model._fields.get(leaf.path)
    if field is None:
        return None
    if leaf.op in ("in", "not in") and leaf.value == []:
        return leaf.op == "not in"
    if (
        leaf.op in ("like", "ilike", "not like", "not ilike")
        and leaf.value in ("", False)
        and not field.relational
    ):
        return leaf.op in ("like", "ilike")
    return None


def _domain_cache_key(
    model: str, domain: Any, active_test: Any, su: bool
) -> tuple[str, bool, bool, bytes] | None:
    """The key under which a compiled domain is kept, or None when it must be compiled each time.

    A compiled domain depends on the domain, the ``active_test`` context key and
    superuser mode (internal fields may only be searched in it), and sometimes
    on more, which the key leaves out on purpose:

    * the timezone (a date-only value against a datetime field is local
      midnight; date parts of datetimes are read in ``context.tz``): the
      compiled result records the timezone it was made for
      (:class:`~jsontwo.orm.domains.Compiled`) and is reused only for that one,
      because the user's timezone is known only by reading the user;
    * the clock (relative dates such as ``"today -7d"``): such results are
      never kept (see :func:`compiled_where`).

    Not kept at all: ``child_of`` / ``parent_of``, which read the hierarchy
    when they are compiled, and domains holding Python dates or datetimes
    (their JSON would equal that of strings, which are parsed differently).
    Add here any operator whose SQL depends on the data.
    """
    try:
        text = orjson.dumps(domain, option=orjson.OPT_PASSTHROUGH_DATETIME)
    except TypeError:
        return None
    if b'"child_of"' in text or b'"parent_of"' in text:
        return None
    return (model, bool(active_test), su, text)


def display_name_domain(model: BaseModel, op: str, value: Any) -> list[Any]:
    """The domain matching this model's records whose display name compares to
    ``value`` with ``op``, as Odoo's default: every field of ``_rec_names_search``
    (else the rec name), a relational one by its own display name, ORed (ANDed
    for a negative operator); a value a field cannot hold leaves that field out.
    ``op`` is already normalised (``=`` is ``in``)."""
    source = model._rec_name_field()
    fnames = list(model._rec_names_search or ([source] if source else []))
    if not fnames:
        return []
    negative = op in NEGATIVE_OPERATORS
    if op.endswith("like") and not value and "=" not in op:
        # the default "like ''" matches every record
        return [[0, "=", 1]] if negative else []
    leaves: list[Any] = []
    for fname in fnames:
        field = _last_field(model, fname)
        if field.relational:
            leaves.append([f"{fname}.display_name", op, value])
        elif op.endswith("like"):
            leaves.append([fname, op, value])
        elif isinstance(value, list):
            typed = []
            for item in value:
                with contextlib.suppress(ValueError, TypeError):
                    typed.append(_typed(field, item))
            leaves.append([fname, op, typed])
        else:
            with contextlib.suppress(ValueError, TypeError):
                leaves.append([fname, op, _typed(field, value)])
    if not leaves:
        return [[0, "=", 1]] if not negative else []
    return ["&" if negative else "|"] * (len(leaves) - 1) + leaves


def _last_field(model: BaseModel, path: str) -> f.Field:
    """The field a dotted ``path`` of ``model`` ends on."""
    field = None
    for name in path.split("."):
        field = model._fields[name]
        if isinstance(field, f._Relational):
            model = model.env[field.comodel_name]
    assert field is not None
    return field


def _typed(field: f.Field, value: Any) -> Any:
    """``value`` as ``field`` holds it (ValueError/TypeError when it cannot)."""
    if value is False or value is None:
        return False
    return column_value(field, value)
