"""Domains a client may send that the database must never see as such (issue 17):
odd values answered with Odoo's errors instead of the driver's, paths through
non-stored links, the cost of a domain bounded, and the same answer on both
backends. Odoo's answers are recorded in the differential suite
(``tests/conformance/scenarios/base/e_domain_errors.json``)."""

from __future__ import annotations

from typing import Any

import pytest

from jsontwo.orm.domain_limits import MAX_DOMAIN_CONDITIONS, MAX_PATTERN_LENGTH
from tests.conftest import Api
from tests.http.test_json2 import assert_error, assert_ok

VALUE_ERROR = "builtins.ValueError"
#: what a driver's error text looks like: none of it may reach a client
DRIVER_WORDS = ("LINE 1", "HINT", "sqlite3", "psycopg.", "SELECT", "no such column")


def count(api: Api, domain: Any, model: str = "res.partner") -> Any:
    return api.call(model, "search_count", {"domain": domain})


def assert_clean(response: Any, name: str, message: str) -> None:
    """The answer is Odoo's error, with no word of the driver's."""
    error = assert_error(response, 500, name, message)
    for word in DRIVER_WORDS:
        assert word not in error["message"] and word not in error["name"]


@pytest.mark.parametrize(
    ("model", "domain", "name", "message"),
    [
        pytest.param(
            "res.partner",
            [["parent_id", "=", True]],
            VALUE_ERROR,
            "A record id is expected, not True, in condition ('parent_id', '=', True)",
            id="many2one-is-true",
        ),
        pytest.param(
            "res.country",
            [["id", "parent_of", 1]],
            "builtins.KeyError",
            "parent_id",
            id="no-parent",
        ),
        pytest.param(
            "res.partner",
            [["id", "=", "abc"]],
            VALUE_ERROR,
            "A record id is expected, not 'abc', in condition ('id', '=', 'abc')",
            id="id-is-text",
        ),
        pytest.param(
            "res.partner",
            [["color", "=", "abc"]],
            VALUE_ERROR,
            "invalid literal for int() with base 10: 'abc'",
            id="integer-is-text",
        ),
        pytest.param(
            "res.partner",
            [["id", ">=", [1, 2]]],
            VALUE_ERROR,
            "A record id is expected, not [1, 2], in condition ('id', '>=', [1, 2])",
            id="id-greater-than-a-list",
        ),
        pytest.param(
            "res.partner",
            [["parent_id", "<", [1]]],
            VALUE_ERROR,
            "A record id is expected, not [1], in condition ('parent_id', '<', [1])",
            id="many2one-less-than-a-list",
        ),
    ],
)
def test_odd_values_get_a_value_error_not_the_drivers(
    api: Api, model: str, domain: Any, name: str, message: str
) -> None:
    assert_clean(count(api, domain, model), name, message)


def test_having_on_a_field_without_aggregate(api: Api) -> None:
    body = {
        "domain": [],
        "groupby": ["country_id"],
        "aggregates": ["color:sum"],
        "having": [["color", ">", 1]],
    }
    response = api.call("res.partner", "formatted_read_group", body)
    assert_clean(response, VALUE_ERROR, "Aggregate method is mandatory for 'color'")


@pytest.mark.parametrize(
    ("model", "path", "field"),
    [
        ("res.partner", "same_vat_partner_id.name", "res.partner.same_vat_partner_id"),
        ("res.partner", "same_vat_partner_id.id", "res.partner.same_vat_partner_id"),
        ("res.users", "main_user_id.name", "res.partner.main_user_id"),  # through partner_id
    ],
)
def test_a_path_through_a_non_stored_many2one(api: Api, model: str, path: str, field: str) -> None:
    """As Odoo: the bare field's error, not SQL about a column that does not exist."""
    message = f"Cannot convert {field} to SQL because it is not stored"
    assert_clean(count(api, [[path, "=", "x"]], model), VALUE_ERROR, message)


@pytest.mark.parametrize("op", ["ilike", "=", "like", "not ilike"])
def test_a_nul_character_is_refused_alike(api: Api, op: str) -> None:
    """SQLite matched every row, PostgreSQL's driver refused it: Odoo's ValueError on both."""
    message = "A string literal cannot contain NUL (0x00) characters."
    assert_clean(count(api, [["name", op, "a\x00b"]]), VALUE_ERROR, message)


def test_a_nul_character_in_written_values_is_refused_alike(api: Api) -> None:
    response = api.call("res.partner", "create", {"vals_list": [{"name": "nul\x00here"}]})
    assert_clean(response, VALUE_ERROR, "A string literal cannot contain NUL (0x00) characters.")


@pytest.mark.parametrize("op", ["=ilike", "not =ilike", "=like", "not =like"])
@pytest.mark.parametrize("pattern", ["\\", "abc\\", "\\\\\\"])
def test_a_raw_pattern_ending_with_the_escape_character(api: Api, op: str, pattern: str) -> None:
    """PostgreSQL refuses it (and Odoo lets the refusal through); SQLite took it for
    a letter: PostgreSQL's error on both, without SQL."""
    response = count(api, [["name", op, pattern]])
    assert_clean(
        response,
        "psycopg2.errors.InvalidEscapeSequence",
        "LIKE pattern must not end with escape character\n",
    )


def test_an_escaped_escape_character_is_a_pattern(api: Api) -> None:
    assert assert_ok(count(api, [["name", "=ilike", "\\\\"]])) == 0


def test_a_thousand_ored_patterns_on_both_backends(api: Api) -> None:
    """SQLite refused an expression tree deeper than 1,000 levels."""
    names = [f"no such name {i}" for i in range(1_200)]
    domain = ["|"] * (len(names) - 1) + [["name", "ilike", name] for name in names]
    assert assert_ok(count(api, domain)) == 0
    anything = ["|"] * (len(names) - 1) + [["name", "not ilike", name] for name in names]
    assert assert_ok(count(api, anything)) == assert_ok(count(api, []))


def test_ored_equalities_on_one_field_are_one_in(api: Api, statements: list[str]) -> None:
    """As Odoo: 50,000 '=' conditions are one 'in' (they ran 33 minutes in
    PostgreSQL's JIT); the answer is the same."""
    ids = assert_ok(api.call("res.partner", "search", {"domain": [], "limit": 5}))
    wanted = [*ids, *range(10**6, 10**6 + 49_995)]
    ored = ["|"] * (len(wanted) - 1) + [["id", "=", rid] for rid in wanted]
    statements.clear()
    assert assert_ok(count(api, ored)) == len(ids)
    (search,) = [sql for sql in statements if "COUNT(" in sql.upper()]
    assert search.count(" OR ") < 10


def test_a_domain_past_the_condition_limit(api: Api) -> None:
    size = MAX_DOMAIN_CONDITIONS + 1
    domain = ["|"] * (size - 1) + [["name", "ilike", f"n{i}"] for i in range(size)]
    message = (
        f"This domain has {size} conditions, more than the {MAX_DOMAIN_CONDITIONS} a search "
        "may have: search a list of values with one 'in' condition instead"
    )
    assert_clean(count(api, domain), VALUE_ERROR, message)


def test_a_pattern_past_the_length_limit(api: Api) -> None:
    size = MAX_PATTERN_LENGTH + 1
    message = (
        f"The pattern of condition ('name', 'ilike') has {size} characters, more than "
        f"the {MAX_PATTERN_LENGTH} a search pattern may have"
    )
    assert_clean(count(api, [["name", "ilike", "a" * size]]), VALUE_ERROR, message)
    assert assert_ok(count(api, [["name", "ilike", "a" * MAX_PATTERN_LENGTH]])) == 0


def test_long_in_lists_are_answered_on_both_backends(api: Api) -> None:
    """An ``in`` of 70,000 ids (beyond PostgreSQL's 65,535 parameters of a
    statement) is answered, as Odoo answers it, and one of 300,000 (beyond
    SQLite's 250,000 in Debian's build); so are long lists of text and their
    negations."""
    acme = assert_ok(
        api.call("res.partner", "search", {"domain": [["name", "=", "Acme Corporation"]]})
    )
    many_ids = [*range(100_000, 170_000), *acme]
    assert (
        assert_ok(api.call("res.partner", "search", {"domain": [["id", "in", many_ids]]})) == acme
    )
    more_ids = [*range(100_000, 400_000), *acme]
    assert assert_ok(count(api, [["id", "in", more_ids]])) == 1
    names = [f"nobody {i}" for i in range(5_000)]
    assert assert_ok(count(api, [["name", "in", [*names, "Acme Corporation"]]])) == 1
    everyone = assert_ok(count(api, []))
    assert assert_ok(count(api, [["name", "not in", names]])) == everyone
    assert assert_ok(count(api, [["id", "not in", many_ids]])) == everyone - 1
    parents = [*range(100_000, 105_000), False]
    with_parent = assert_ok(count(api, [["parent_id", "!=", False]]))
    assert assert_ok(count(api, [["parent_id", "not in", parents]])) == with_parent


def test_a_domain_nested_a_thousand_deep_is_a_value_error(api: Api) -> None:
    """Odoo's ValueError for an item that is no condition, shortened where the
    item is nested too deeply to be shown (a RecursionError before)."""
    body = '{"domain": [' + "[" * 1_000 + "]" * 1_000 + "]}"
    headers = {"Authorization": f"bearer {api.key}", "X-Odoo-Database": api.db}
    headers["Content-Type"] = "application/json"
    response = api.request(
        "POST", "/json/2/res.partner/search_count", content=body, headers=headers
    )
    assert_clean(response, VALUE_ERROR, "Domain() invalid item in domain: [[[[[[[...]]]]]]]")
