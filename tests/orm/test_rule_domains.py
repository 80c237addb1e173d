"""Record-rule domains read without ``eval`` (:mod:`jsontwo.orm.rule_domains`).

Covered: the shapes a stored ``domain_force`` may take and what they evaluate
to (lists, tuples, the ``|``/``&``/``!`` operators, ``company_ids``,
``company_id``, fields of ``user`` (a real res.users record of the demo
database, read as the superuser) down to ``id`` and ``ids``, list + list,
negative numbers, True/False/None, the empty domain); what is refused, with
its message, at parse time (calls, lambdas, comprehensions, subscripts,
private and dunder attributes, unknown names, other expressions and
constants, non-lists, syntax errors, inputs too deep to parse) and at
evaluation (unknown fields and methods of ``user``, attributes of plain
values, values that do not add up, results that are not lists); and that
nothing in a rule is ever executed: no ``eval`` or ``exec``, and
``__import__('os').system(...)`` is refused before anything runs.

Every test touching the database runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import ast
import builtins
import os
from collections.abc import Callable, Mapping
from typing import Any

import pytest

from jsontwo.orm import Environment, Registry
from jsontwo.orm.rule_domains import (
    RULE_NAMES,
    RuleDomainError,
    evaluate_rule_domain,
    parse_rule_domain,
)
from tests.modules.base.companies import second_company
from tests.orm.conftest import run

#: the demo administrator: Odoo's user 2, whose partner is 3
ADMIN_ID = 2
UNKNOWN_NAME = "Invalid domain: unknown name {!r} (a rule may use user, company_id, company_ids)"
TOO_DEEP = "Invalid domain: the expression is nested too deeply"


def evaluate(text: str, names: Mapping[str, Any] | None = None) -> list[Any]:
    """``text`` parsed and evaluated with ``names`` (nothing but constants by default)."""
    tree = parse_rule_domain(text)
    assert tree is not None
    return evaluate_rule_domain(tree, names or {})


def refused(text: str) -> str:
    """The message ``text`` is refused with at parse time."""
    with pytest.raises(RuleDomainError) as caught:
        parse_rule_domain(text)
    return str(caught.value)


def with_admin(registry: Registry, work: Callable[[dict[str, Any]], Any]) -> Any:
    """``work(names)`` in a superuser transaction, ``names`` naming the demo
    administrator as ``user`` and the demo companies, as rules see them."""

    def call(env: Environment) -> Any:
        user = env["res.users"].browse([ADMIN_ID])
        companies = sorted(user.company_ids.ids)
        names = {"user": user, "company_id": companies[0], "company_ids": companies}
        return work(names)

    return run(registry, call)


# --- accepted shapes -------------------------------------------------------------------


def test_the_names_a_rule_may_use() -> None:
    assert RULE_NAMES == ("user", "company_id", "company_ids")


@pytest.mark.parametrize("text", [None, "", "   ", "\n\t"])
def test_an_empty_domain_parses_to_nothing(text: str | None) -> None:
    assert parse_rule_domain(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[]", []),
        ("()", []),
        ("[('name', '=', 'x')]", [["name", "=", "x"]]),
        ("[['name', '=', 'x']]", [["name", "=", "x"]]),
        ("(('name', '=', 'x'),)", [["name", "=", "x"]]),
        ("  [('name', '=', 'x')]  \n", [["name", "=", "x"]]),
        ("[(1, '=', 1)]", [[1, "=", 1]]),
        ("[(0, '=', 1)]", [[0, "=", 1]]),
        (
            "['|', ('a', '=', 1), '!', ('b', '=', 2)]",
            ["|", ["a", "=", 1], "!", ["b", "=", 2]],
        ),
        (
            "['&', '|', ('a', '=', 1), ('b', '=', 2), ('c', '!=', 'x')]",
            ["&", "|", ["a", "=", 1], ["b", "=", 2], ["c", "!=", "x"]],
        ),
        ("[('a', 'in', [1, 2])]", [["a", "in", [1, 2]]]),
        # inner tuples stay tuples (the ORM makes them lists); only terms become lists
        ("[('a', 'in', (1, 2))]", [["a", "in", [1, 2]]]),
        ("[('a', '=', 1)] + [('b', '=', 2)]", [["a", "=", 1], ["b", "=", 2]]),
        ("['|'] + [('a', '=', 1)] + [('b', '=', 2)]", ["|", ["a", "=", 1], ["b", "=", 2]]),
        ("[('a', 'in', [1] + [2])]", [["a", "in", [1, 2]]]),
        ("[('a', '=', 1 + 2)]", [["a", "=", 3]]),
        ("[('sequence', '>', -1)]", [["sequence", ">", -1]]),
        ("[('amount', '<', -1.5)]", [["amount", "<", -1.5]]),
        ("[('a', '=', --1)]", [["a", "=", 1]]),
        ("[('active', '=', True)]", [["active", "=", True]]),
        ("[('active', '=', False)]", [["active", "=", False]]),
        ("[('parent_id', '=', None)]", [["parent_id", "=", None]]),
        ("[('active', 'in', [True, False])]", [["active", "in", [True, False]]]),
        ("[('active', '=', not False)]", [["active", "=", True]]),
        ('[("name", "ilike", "it\'s")]', [["name", "ilike", "it's"]]),
    ],
)
def test_literal_domains(text: str, expected: list[Any]) -> None:
    assert evaluate(text) == expected


def test_a_parsed_domain_is_a_syntax_tree_evaluated_as_often_as_needed() -> None:
    tree = parse_rule_domain("[('company_id', 'in', company_ids)]")
    assert isinstance(tree, ast.List)
    first = evaluate_rule_domain(tree, {"company_ids": [1]})
    second = evaluate_rule_domain(tree, {"company_ids": [1, 2]})
    assert first == [["company_id", "in", [1]]]
    assert second == [["company_id", "in", [1, 2]]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[('company_id', 'in', company_ids)]", [["company_id", "in", [1, 2]]]),
        ("[('company_id', '=', company_id)]", [["company_id", "=", 1]]),
        (
            "['|', '|', ('partner_share', '=', False), ('company_id', 'in', company_ids), "
            "('company_id', '=', False)]",
            [
                "|",
                "|",
                ["partner_share", "=", False],
                ["company_id", "in", [1, 2]],
                ["company_id", "=", False],
            ],
        ),
        ("[('id', 'in', company_ids + [0])]", [["id", "in", [1, 2, 0]]]),
    ],
)
def test_company_names(text: str, expected: list[Any]) -> None:
    assert evaluate(text, {"company_id": 1, "company_ids": [1, 2]}) == expected


def test_fields_of_the_user(registry: Registry) -> None:
    second_company(registry)  # so that the admin's companies are a list of several

    def work(names: dict[str, Any]) -> dict[str, Any]:
        user = names["user"]
        return {
            "expected": {
                "partner": user.partner_id.id,
                "commercial": user.commercial_partner_id.id,
                "companies": list(user.company_ids.ids),
                "company": user.company_id.id,
            },
            "id": evaluate("[('user_id', '=', user.id)]", names),
            "ids": evaluate("[('user_id', 'in', user.ids)]", names),
            "partner": evaluate("[('id', '=', user.partner_id.id)]", names),
            "commercial": evaluate("[('id', 'child_of', user.commercial_partner_id.id)]", names),
            "companies": evaluate("[('company_id', 'in', user.company_ids.ids)]", names),
            "company": evaluate("[('company_id', '=', user.company_id.id)]", names),
            "login": evaluate("[('login', '=', user.login)]", names),
            "share": evaluate("[('share', '=', user.share)]", names),
            "chained": evaluate("[('id', '=', user.partner_id.commercial_partner_id.id)]", names),
        }

    got = with_admin(registry, work)
    expected = got["expected"]
    assert expected["partner"] == 3
    assert len(expected["companies"]) == 2
    assert got["id"] == [["user_id", "=", ADMIN_ID]]
    assert got["ids"] == [["user_id", "in", [ADMIN_ID]]]
    assert got["partner"] == [["id", "=", 3]]
    assert got["commercial"] == [["id", "child_of", expected["commercial"]]]
    assert got["companies"] == [["company_id", "in", expected["companies"]]]
    assert got["company"] == [["company_id", "=", expected["company"]]]
    assert got["login"] == [["login", "=", "admin"]]
    assert got["share"] == [["share", "=", False]]
    assert got["chained"] == [["id", "=", expected["commercial"]]]


def test_a_relational_field_of_the_user_is_its_ids(registry: Registry) -> None:
    """``user.company_id`` (without ``.id``) is a recordset while evaluating, as with
    Odoo's ``safe_eval``; the domain holds its ids."""

    def work(names: dict[str, Any]) -> tuple[list[Any], int]:
        domain = evaluate("[('company_id', '=', user.company_id)]", names)
        return domain, int(names["user"].company_id.id)

    domain, company = with_admin(registry, work)
    assert domain == [["company_id", "=", [company]]]


# --- refused at parse time -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # calls, whatever they call
        (
            "__import__('os').system('x')",
            "Invalid domain: Call expressions are not allowed (\"__import__('os').system('x')\")",
        ),
        (
            "[('id', '=', user.id())]",
            "Invalid domain: Call expressions are not allowed ('user.id()')",
        ),
        (
            "[('id', 'in', list(company_ids))]",
            "Invalid domain: Call expressions are not allowed ('list(company_ids)')",
        ),
        (
            "[('id', '=', user.sudo().id)]",
            "Invalid domain: Call expressions are not allowed ('user.sudo()')",
        ),
        # lambdas and comprehensions
        ("lambda: 1", "Invalid domain: Lambda expressions are not allowed ('lambda: 1')"),
        (
            "[('a', '=', (lambda: 1))]",
            "Invalid domain: Lambda expressions are not allowed ('lambda: 1')",
        ),
        (
            "[x for x in company_ids]",
            "Invalid domain: ListComp expressions are not allowed ('[x for x in company_ids]')",
        ),
        (
            "[('id', 'in', [c for c in company_ids])]",
            "Invalid domain: ListComp expressions are not allowed ('[c for c in company_ids]')",
        ),
        (
            "[('id', 'in', list(c for c in company_ids))]",
            "Invalid domain: Call expressions are not allowed ('list((c for c in company_ids))')",
        ),
        (
            "[{c for c in company_ids}]",
            "Invalid domain: SetComp expressions are not allowed ('{c for c in company_ids}')",
        ),
        # subscripts
        (
            "[('company_id', '=', company_ids[0])]",
            "Invalid domain: Subscript expressions are not allowed ('company_ids[0]')",
        ),
        (
            "[('id', '=', user.ids[0])]",
            "Invalid domain: Subscript expressions are not allowed ('user.ids[0]')",
        ),
        # private and dunder attributes
        ("[('id', '=', user._uid)]", "Invalid domain: private attribute '_uid'"),
        ("[('id', '=', user.__class__)]", "Invalid domain: private attribute '__class__'"),
        ("[().__class__.__bases__]", "Invalid domain: private attribute '__bases__'"),
        ("[user.env.__dict__]", "Invalid domain: private attribute '__dict__'"),
        # unknown names
        ("[('a', '=', os)]", UNKNOWN_NAME.format("os")),
        ("[__builtins__]", UNKNOWN_NAME.format("__builtins__")),
        ("[('a', '=', time)]", UNKNOWN_NAME.format("time")),
        ("[('a', '=', uid)]", UNKNOWN_NAME.format("uid")),
        ("[('a', '=', self.id)]", UNKNOWN_NAME.format("self")),
        # other expressions
        ("{'a': 1}", "Invalid domain: Dict expressions are not allowed (\"{'a': 1}\")"),
        ("{1}", "Invalid domain: Set expressions are not allowed ('{1}')"),
        (
            "[user.id == 2]",
            "Invalid domain: Compare expressions are not allowed ('user.id == 2')",
        ),
        (
            "[1 if True else 2]",
            "Invalid domain: IfExp expressions are not allowed ('1 if True else 2')",
        ),
        ("[(a := 1)]", "Invalid domain: NamedExpr expressions are not allowed ('(a := 1)')"),
        ("[*company_ids]", "Invalid domain: Starred expressions are not allowed ('*company_ids')"),
        ("[f'{user}']", "Invalid domain: JoinedStr expressions are not allowed (\"f'{user}'\")"),
        (
            "[True and False]",
            "Invalid domain: BoolOp expressions are not allowed ('True and False')",
        ),
        (
            "[('a', '=', 1)] * 1000",
            "Invalid domain: BinOp expressions are not allowed (\"[('a', '=', 1)] * 1000\")",
        ),
        ("[~1]", "Invalid domain: UnaryOp expressions are not allowed ('~1')"),
        ("[(yield)]", "Invalid domain: Yield expressions are not allowed ('(yield)')"),
        # constants other than str, numbers, booleans and None
        ("b'x'", "Invalid domain: constant b'x' is not allowed"),
        ("[('a', '=', b'x')]", "Invalid domain: constant b'x' is not allowed"),
        ("[1j]", "Invalid domain: constant 1j is not allowed"),
        ("[...]", "Invalid domain: constant Ellipsis is not allowed"),
        # not lists
        ("'abc'", "Invalid domain: \"'abc'\" is not a list"),
        ("1", "Invalid domain: '1' is not a list"),
        ("None", "Invalid domain: 'None' is not a list"),
        ("company_ids", "Invalid domain: 'company_ids' is not a list"),
        ("user.company_ids.ids", "Invalid domain: 'user.company_ids.ids' is not a list"),
        ("-1", "Invalid domain: '-1' is not a list"),
        # syntax errors
        ("[('a', '=', 1)", "Invalid domain: '[' was never closed in \"[('a', '=', 1)\""),
        ("x = 1", "Invalid domain: invalid syntax in 'x = 1'"),
        ("import os", "Invalid domain: invalid syntax in 'import os'"),
        ("[1] ; [2]", "Invalid domain: invalid syntax in '[1] ; [2]'"),
    ],
)
def test_refused_at_parse_time(text: str, message: str) -> None:
    assert refused(text) == message


def test_statements_and_syntax_errors_are_refused_whatever_they_are() -> None:
    for text in ["[", "]", "(", "[('a' '=' 1)", "def f(): pass", "[1,,2]", "\x00"]:
        message = refused(text)
        assert message.startswith("Invalid domain: "), message
        assert message.endswith(f" in {text!r}") or "not allowed" in message, message


@pytest.mark.parametrize(
    "text",
    ["[" + "-" * 100_000 + "1]", "[" + "+".join(["[1]"] * 5000) + "]"],
    ids=["deep-unary", "long-sum"],
)
def test_inputs_too_deep_to_parse_are_refused_as_invalid_domains(text: str) -> None:
    """Python's parser or the check of the tree gives up on them (MemoryError,
    RecursionError): the rule domain is refused at parse time all the same, once,
    never crashing the caller."""
    assert refused(text) == TOO_DEEP


def test_lists_nested_too_deeply_are_a_syntax_error() -> None:
    """Python's tokenizer refuses them itself (at most 200 open brackets)."""
    text = "[" * 300 + "]" * 300
    assert refused(text) == f"Invalid domain: too many nested parentheses in {text!r}"


# --- refused at evaluation --------------------------------------------------------------


def test_only_fields_of_the_user_are_reachable(registry: Registry) -> None:
    texts = [
        "[('id', '=', user.nope)]",
        "[('id', '=', user.write)]",
        "[('id', '=', user.sudo)]",
        "[('id', '=', user.env)]",
        "[('id', '=', user.browse)]",
        "[('id', '=', user.partner_id.unlink)]",
    ]

    def work(names: dict[str, Any]) -> list[str]:
        messages = []
        for text in texts:
            tree = parse_rule_domain(text)
            assert tree is not None
            with pytest.raises(RuleDomainError) as caught:
                evaluate_rule_domain(tree, names)
            messages.append(str(caught.value))
        return messages

    assert with_admin(registry, work) == [
        "Invalid domain: res.users has no field 'nope'",
        "Invalid domain: res.users has no field 'write'",
        "Invalid domain: res.users has no field 'sudo'",
        "Invalid domain: res.users has no field 'env'",
        "Invalid domain: res.users has no field 'browse'",
        "Invalid domain: res.partner has no field 'unlink'",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[('a', '=', company_id.id)]", "Invalid domain: 'id' of 1: only records have fields"),
        (
            "[('a', '=', company_ids.real)]",
            "Invalid domain: 'real' of [1, 2]: only records have fields",
        ),
        ("[('a', '=', 'x'.upper)]", "Invalid domain: 'upper' of 'x': only records have fields"),
        (
            "[('a', '=', 1)] + 'x'",
            "Invalid domain: cannot add [('a', '=', 1)] and 'x'",
        ),
        ("[('a', '=', 'x' + 'y')]", "Invalid domain: cannot add 'x' and 'y'"),
        ("[('a', '=', -'x')]", "Invalid domain: cannot negate 'x'"),
        ("[('a', '=', -None)]", "Invalid domain: cannot negate None"),
        ("1 + 2", "Invalid domain: '1 + 2' is not a list"),
    ],
)
def test_refused_at_evaluation(text: str, message: str) -> None:
    tree = parse_rule_domain(text)
    assert tree is not None
    with pytest.raises(RuleDomainError) as caught:
        evaluate_rule_domain(tree, {"company_id": 1, "company_ids": [1, 2]})
    assert str(caught.value) == message


def test_refusals_are_value_errors() -> None:
    """Callers catching ValueError (invalid domains) catch these too."""
    assert issubclass(RuleDomainError, ValueError)


# --- nothing is executed ------------------------------------------------------------------


def test_nothing_in_a_rule_is_ever_executed(
    monkeypatch: pytest.MonkeyPatch, registry: Registry
) -> None:
    ran: list[Any] = []

    def forbidden(*args: Any, **kwargs: Any) -> Any:
        ran.append(args)
        raise AssertionError("a rule domain must never be executed")

    monkeypatch.setattr(os, "system", forbidden)
    monkeypatch.setattr(builtins, "eval", forbidden)
    monkeypatch.setattr(builtins, "exec", forbidden)
    monkeypatch.setattr(builtins, "__import__", forbidden)
    for text in [
        "__import__('os').system('x')",
        "[('a', '=', __import__('os').system('x'))]",
        "[('a', '=', eval('1'))]",
        "[('a', '=', exec('import os'))]",
        "[('a', '=', user.__class__.__init__.__globals__)]",
        "[('a', '=', [].__class__.__base__.__subclasses__())]",
    ]:
        with pytest.raises(RuleDomainError):
            parse_rule_domain(text)
    monkeypatch.undo()
    assert ran == []

    # a valid domain is evaluated with eval and exec out of reach
    def work(names: dict[str, Any]) -> list[Any]:
        with monkeypatch.context() as patch:
            patch.setattr(builtins, "eval", forbidden)
            patch.setattr(builtins, "exec", forbidden)
            return evaluate(
                "['|', ('user_id', '=', user.id), ('company_id', 'in', company_ids)]", names
            )

    domain = with_admin(registry, work)
    assert domain[0] == "|"
    assert domain[1] == ["user_id", "=", ADMIN_ID]
    assert ran == []
