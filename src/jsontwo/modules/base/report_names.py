"""A report's file name, from its ``print_report_name``, without ``eval``.

Odoo names a printed document with a Python expression stored on the report
(``ir.actions.report.print_report_name``), evaluated with the printed record
as ``object``::

    (object.state in ('draft', 'sent') and 'Quotation - %s' % (object.name)) or 'Order - %s' % (object.name)

Stored text is never handed to Python's ``eval``: it is parsed into a syntax
tree whose nodes are evaluated one by one, and only the few kinds such names
are made of are accepted (strings, numbers, tuples, ``object`` and its fields,
``%`` formatting, ``+`` of strings, ``and``/``or``/``not``, comparisons, ``x if
c else y``). An expression outside that (a method call, a private attribute)
gives no name: the caller falls back to the report's own name.
"""

from __future__ import annotations

import ast
import functools
import operator
from collections.abc import Callable
from typing import Any

#: the comparisons a name expression may use
_COMPARISONS: dict[type[ast.cmpop], Callable[[Any, Any], bool]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
}
_CONSTANT_TYPES = (str, int, float, bool, type(None))


class NameExpressionError(ValueError):
    """An expression this evaluator does not take."""


@functools.lru_cache(maxsize=256)
def _parse(text: str) -> ast.expr:
    try:
        return ast.parse(text.strip(), mode="eval").body
    except (SyntaxError, RecursionError, MemoryError, ValueError):
        raise NameExpressionError(f"Invalid expression {text!r}") from None


def report_file_name(expression: str | None, record: Any) -> str | None:
    """The name ``expression`` gives ``record`` (one record), or None when the
    expression is empty, not of the accepted kinds, or gives no text."""
    if not expression or not expression.strip():
        return None
    try:
        value = _value(_parse(expression), record)
    except (NameExpressionError, RecursionError, TypeError, ValueError, KeyError):
        return None
    return value if isinstance(value, str) and value else None


def _value(node: ast.expr, record: Any) -> Any:
    """What ``node`` stands for with ``object`` being ``record``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, _CONSTANT_TYPES):
        return node.value
    if isinstance(node, ast.Name) and node.id == "object":
        return record
    if isinstance(node, ast.Tuple):
        return tuple(_value(item, record) for item in node.elts)
    if isinstance(node, ast.Attribute):
        return _attribute(_value(node.value, record), node.attr)
    if isinstance(node, ast.BoolOp):
        return _bool_op(node, record)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return not _value(node.operand, record)
    if isinstance(node, ast.Compare):
        return _compare(node, record)
    if isinstance(node, ast.BinOp):
        return _bin_op(node, record)
    if isinstance(node, ast.IfExp):
        chosen = node.body if _value(node.test, record) else node.orelse
        return _value(chosen, record)
    raise NameExpressionError(f"{type(node).__name__} is not allowed")


def _bool_op(node: ast.BoolOp, record: Any) -> Any:
    """``a and b`` / ``a or b``, short-circuiting as Python does."""
    result: Any = None
    for item in node.values:
        result = _value(item, record)
        if isinstance(node.op, ast.And) and not result:
            return result
        if isinstance(node.op, ast.Or) and result:
            return result
    return result


def _compare(node: ast.Compare, record: Any) -> bool:
    left = _value(node.left, record)
    for op, right_node in zip(node.ops, node.comparators, strict=True):
        compare = _COMPARISONS.get(type(op))
        if compare is None:
            raise NameExpressionError(f"{type(op).__name__} is not allowed")
        right = _value(right_node, record)
        if not compare(left, right):
            return False
        left = right
    return True


def _bin_op(node: ast.BinOp, record: Any) -> Any:
    left, right = _value(node.left, record), _value(node.right, record)
    if isinstance(node.op, ast.Mod) and isinstance(left, str):
        return left % right
    if isinstance(node.op, ast.Add) and isinstance(left, str) and isinstance(right, str):
        return left + right
    raise NameExpressionError(f"{type(node.op).__name__} is not allowed here")


def _attribute(value: Any, name: str) -> Any:
    """A field of one record (``display_name`` and ``id`` too); a many2one gives
    its record, so ``object.partner_id.name`` works (False when it is empty, as
    a field of no record is in Odoo)."""
    fields = getattr(type(value), "_fields", None)
    if not isinstance(fields, dict) or name.startswith("_"):
        raise NameExpressionError(f"{name!r} is not a field")
    if name != "id" and name not in fields:
        raise NameExpressionError(f"{name!r} is not a field of {value._name}")
    if not value:
        return False
    if len(value) > 1:
        raise NameExpressionError(f"{name!r} of {len(value)} records")
    return getattr(value, name)


__all__ = ["NameExpressionError", "report_file_name"]
