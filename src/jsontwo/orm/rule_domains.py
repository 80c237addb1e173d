"""Record-rule domains stored as text, evaluated without ``eval``.

A record rule's ``domain_force`` is a Python-literal domain that may name a few
values of the caller: ``user`` (the res.users record), ``company_id`` (the
current company's id) and ``company_ids`` (the ids of the companies the call
works in)::

    ['|', ('company_id', '=', False), ('company_id', 'in', company_ids)]
    [('id', 'child_of', user.commercial_partner_id.id)]

Stored text is never handed to Python's ``eval``: it is parsed once into a
syntax tree (:func:`parse_rule_domain`) whose every node is checked against a
short list of what a domain may contain (literals, lists, tuples, those
names, field attributes of ``user``, ``+`` between lists, unary minus and
``not``), then
evaluated by walking that tree (:func:`evaluate_rule_domain`).
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from typing import Any

#: the names a rule domain may use
RULE_NAMES = ("user", "company_id", "company_ids")
_CONSTANT_TYPES = (str, int, float, bool, type(None))


class RuleDomainError(ValueError):
    """A rule domain that is not a domain this evaluator accepts."""


def parse_rule_domain(text: str | None) -> ast.expr | None:
    """The checked syntax tree of ``text`` (None for an empty domain, which allows
    everything); RuleDomainError saying what is not allowed."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        tree = ast.parse(text, mode="eval").body
        _check(tree)
    except SyntaxError as exc:
        raise RuleDomainError(f"Invalid domain: {exc.msg} in {text!r}") from None
    except (RecursionError, MemoryError):
        raise RuleDomainError("Invalid domain: the expression is nested too deeply") from None
    if not isinstance(tree, ast.List | ast.Tuple | ast.BinOp):
        raise RuleDomainError(f"Invalid domain: {text!r} is not a list")
    return tree


def _check(node: ast.AST) -> None:
    if isinstance(node, ast.Constant):
        if not isinstance(node.value, _CONSTANT_TYPES):
            raise RuleDomainError(f"Invalid domain: constant {node.value!r} is not allowed")
    elif isinstance(node, ast.List | ast.Tuple):
        for item in node.elts:
            _check(item)
    elif isinstance(node, ast.Name):
        if node.id not in (*RULE_NAMES, "True", "False", "None"):
            raise RuleDomainError(
                f"Invalid domain: unknown name {node.id!r} (a rule may use {', '.join(RULE_NAMES)})"
            )
    elif isinstance(node, ast.Attribute):
        if node.attr.startswith("_"):
            raise RuleDomainError(f"Invalid domain: private attribute {node.attr!r}")
        _check(node.value)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        _check(node.left)
        _check(node.right)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.Not):
        _check(node.operand)
    else:
        raise RuleDomainError(
            f"Invalid domain: {type(node).__name__} expressions are not allowed ({ast.unparse(node)!r})"
        )


def evaluate_rule_domain(tree: ast.expr, names: Mapping[str, Any]) -> list[Any]:
    """The domain ``tree`` (from :func:`parse_rule_domain`) stands for, with
    ``names`` giving ``user``, ``company_id`` and ``company_ids``."""
    try:
        value = _value(tree, names)
    except RecursionError:
        raise RuleDomainError("Invalid domain: the expression is nested too deeply") from None
    if not isinstance(value, list | tuple):
        raise RuleDomainError(f"Invalid domain: {ast.unparse(tree)!r} is not a list")
    plain = _plain(value)
    assert isinstance(plain, list)
    return plain


def _plain(value: Any) -> Any:
    """A domain value as a domain holds it: tuples as lists, records as their ids."""
    if isinstance(getattr(type(value), "_fields", None), dict):
        return list(value.ids)
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _value(node: ast.expr, names: Mapping[str, Any]) -> Any:
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.List):
        return [_value(item, names) for item in node.elts]
    if isinstance(node, ast.Tuple):
        return tuple(_value(item, names) for item in node.elts)
    if isinstance(node, ast.Name):
        constants = {"True": True, "False": False, "None": None}
        return constants[node.id] if node.id in constants else names[node.id]
    if isinstance(node, ast.Attribute):
        return _attribute(_value(node.value, names), node.attr)
    if isinstance(node, ast.BinOp):
        left, right = _value(node.left, names), _value(node.right, names)
        if isinstance(left, list | tuple) and isinstance(right, list | tuple):
            return [*left, *right]
        if isinstance(left, int | float) and isinstance(right, int | float):
            return left + right
        raise RuleDomainError(f"Invalid domain: cannot add {left!r} and {right!r}")
    if isinstance(node, ast.UnaryOp):
        operand = _value(node.operand, names)
        if isinstance(node.op, ast.Not):
            return not operand
        if isinstance(operand, int | float):
            return -operand
        raise RuleDomainError(f"Invalid domain: cannot negate {operand!r}")
    raise RuleDomainError(f"Invalid domain: {ast.unparse(node)!r}")  # _check let it through


def _attribute(value: Any, name: str) -> Any:
    """``value.name`` where ``value`` is a recordset: its fields, ``id`` and ``ids``."""
    fields = getattr(type(value), "_fields", None)
    if not isinstance(fields, dict):
        raise RuleDomainError(f"Invalid domain: {name!r} of {value!r}: only records have fields")
    if name == "ids":
        return list(value.ids)
    if name != "id" and name not in fields:
        raise RuleDomainError(f"Invalid domain: {value._name} has no field {name!r}")
    if len(value) > 1:
        raise RuleDomainError(
            f"Invalid domain: {name!r} of several records ({value!r}); use 'ids' or one record"
        )
    return getattr(value, name)
