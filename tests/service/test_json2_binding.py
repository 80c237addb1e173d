"""The JSON-2 call pipeline without HTTP: which method a call reaches, and with which arguments.

These go through :func:`jsontwo.service.call_json2`, the transport-free entry
that the HTTP layer (and every other transport) hands parsed requests to; the
``name``, status and message asserted here are exactly what the JSON error
object reports.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import orjson
import pytest

from jsontwo.db import Storage
from jsontwo.exceptions import error_message, error_name, error_status
from jsontwo.orm import Registry
from jsontwo.service import Databases, Json2Call, call_json2


class Caller:
    """Runs JSON-2 calls on the module's database as the demo admin."""

    def __init__(self, databases: Databases, db: str, key: str) -> None:
        self.databases = databases
        self.db = db
        self.key = key

    def json2(
        self, model: str, method: str, params: dict[str, Any] | None = None, body: bytes = b""
    ) -> Json2Call:
        return Json2Call(
            model,
            method,
            params=params,
            body=body,
            authorization=f"bearer {self.key}",
            database=self.db,
        )

    def __call__(
        self, model: str, method: str, params: dict[str, Any] | None = None, body: bytes = b""
    ) -> Any:
        """The decoded result of a successful call."""
        return orjson.loads(call_json2(self.databases, self.json2(model, method, params, body)))

    def fails(
        self, model: str, method: str, params: dict[str, Any] | None = None, body: bytes = b""
    ) -> tuple[int, str, str]:
        """``(status, name, message)`` of a call that fails."""
        with pytest.raises(Exception) as info:
            call_json2(self.databases, self.json2(model, method, params, body))
        exc = info.value
        return error_status(exc), error_name(exc), error_message(exc)


@pytest.fixture(scope="module")
def call(storage: Storage, registry: Registry, admin_key: str) -> Iterator[Caller]:
    databases = Databases(storage)
    yield Caller(databases, registry.database.name, admin_key)
    databases.close()


def unique(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:8]}"


# --- method resolution ------------------------------------------------------------

NOT_FOUND = "werkzeug.exceptions.NotFound"
UNPROCESSABLE = "werkzeug.exceptions.UnprocessableEntity"


def private(method: str) -> tuple[int, str, str]:
    return (
        403,
        "odoo.exceptions.AccessError",
        f"Private methods (such as 'res.partner.{method}') cannot be called remotely.",
    )


@pytest.mark.parametrize(
    "method",
    ["_search", "_nonexistent", "_check_credentials", "_search_ids", "__init__", "__class__", "_"],
)
def test_names_starting_with_underscore_are_private_even_when_missing(
    call: Caller, method: str
) -> None:
    assert call.fails("res.partner", method, {}) == private(method)


@pytest.mark.parametrize(
    "method",
    ["browse", "exists", "sudo", "with_context", "with_user", "ensure_one", "mapped", "filtered"],
)
def test_api_private_methods_are_private(call: Caller, method: str) -> None:
    assert call.fails("res.partner", method, {}) == private(method)


def test_private_on_a_parent_class_stays_private_on_every_model(call: Caller) -> None:
    for model in ("res.users", "res.country", "res.users.apikeys"):
        status, name, message = call.fails(model, "browse", {})
        assert (status, name) == (403, "odoo.exceptions.AccessError")
        assert message == f"Private methods (such as '{model}.browse') cannot be called remotely."


def test_unknown_model_is_checked_before_the_method(call: Caller) -> None:
    expected = (404, NOT_FOUND, "the model 'res.nope' does not exist")
    assert call.fails("res.nope", "search", {"domain": []}) == expected
    assert call.fails("res.nope", "_search", {}) == expected


@pytest.mark.parametrize(
    "method", ["no_such_method", "name", "ids", "env", "display_name", "partner_ids"]
)
def test_attributes_that_are_not_methods_do_not_exist(call: Caller, method: str) -> None:
    model = "res.partner.category" if method == "partner_ids" else "res.partner"
    assert call.fails(model, method, {}) == (
        404,
        NOT_FOUND,
        f"The method '{model}.{method}' does not exist",
    )


def test_errors_are_not_cached_as_answers(call: Caller) -> None:
    for _ in range(2):
        assert call.fails("res.partner", "_search", {}) == private("_search")
        assert call("res.partner", "search_count", {"domain": []}) > 0


# --- ids ----------------------------------------------------------------------------


def test_ids_on_a_model_method_is_422(call: Caller) -> None:
    some = call("res.partner", "search", {"domain": [], "limit": 1})
    cases: list[tuple[str, dict[str, Any]]] = [
        ("create", {"vals_list": [{"name": "x"}]}),
        ("search", {"domain": []}),
        ("search_count", {"domain": []}),
        ("fields_get", {}),
    ]
    for method, params in cases:
        assert call.fails("res.partner", method, {"ids": some, **params}) == (
            422,
            UNPROCESSABLE,
            f"cannot call res.partner.{method} with ids",
        )


@pytest.mark.parametrize("empty", [[], None, False])
def test_empty_ids_are_fine_on_a_model_method(call: Caller, empty: Any) -> None:
    found = call("res.partner", "search", {"ids": empty, "domain": []})
    assert found == call("res.partner", "search", {"domain": []})
    assert len(found) == call("res.partner", "search_count", {"domain": []}) > 0


def test_ids_as_a_single_int_or_a_list(call: Caller) -> None:
    created = call("res.partner", "create", {"vals_list": [{"name": unique("Ids")}] * 2})
    one = call("res.partner", "read", {"ids": created[0], "fields": ["name"]})
    assert [r["id"] for r in one] == created[:1]
    both = call("res.partner", "read", {"ids": created[::-1], "fields": ["name"]})
    assert [r["id"] for r in both] == created[::-1]


@pytest.mark.parametrize("ids", [[True], {"a": 1}, 1.5, [[1]]])
def test_ids_that_are_not_record_ids_are_422(call: Caller, ids: Any) -> None:
    """Odoo fails later with a database error (500); a 422 names the bad argument instead."""
    status, name, _message = call.fails("res.partner", "read", {"ids": ids, "fields": ["name"]})
    assert (status, name) == (422, UNPROCESSABLE)


def test_ids_given_as_strings_answer_as_odoo(call: Caller) -> None:
    """Odoo 19 finds no record for an id given as a string of digits: ``read``
    leaves it out, a write says it does not exist; any other string is the
    database's error (500)."""
    created = call("res.partner", "create", {"vals_list": [{"name": unique("Ids")}]})
    assert call("res.partner", "read", {"ids": [str(created[0])], "fields": ["name"]}) == []
    assert call("res.partner", "read", {"ids": str(created[0]), "fields": ["name"]}) == []
    both = call("res.partner", "read", {"ids": [str(created[0]), created[0]], "fields": ["id"]})
    assert both == [{"id": created[0]}]
    status, name, _message = call.fails(
        "res.partner", "write", {"ids": [str(created[0])], "vals": {"name": "x"}}
    )
    assert (status, name) == (404, "odoo.exceptions.MissingError")
    status, name, message = call.fails("res.partner", "read", {"ids": ["a"], "fields": ["name"]})
    assert (status, message) == (500, 'invalid input syntax for type integer: "a"')


# --- named arguments ----------------------------------------------------------------


def test_missing_argument_is_422(call: Caller) -> None:
    assert call.fails("res.partner", "search", {}) == (
        422,
        UNPROCESSABLE,
        "missing a required argument: 'domain'",
    )


def test_unexpected_argument_is_422(call: Caller) -> None:
    assert call.fails("res.partner", "search", {"domain": [], "foo": 1}) == (
        422,
        UNPROCESSABLE,
        "got an unexpected keyword argument 'foo'",
    )


def test_every_argument_is_named(call: Caller) -> None:
    """There are no positional arguments: ``args`` is just a keyword like any other."""
    assert call.fails("res.partner", "search", {"args": [[]]}) == (
        422,
        UNPROCESSABLE,
        "missing a required argument: 'domain'",
    )


def test_optional_arguments_take_their_defaults(call: Caller) -> None:
    name = unique("Defaults")
    call("res.partner", "create", {"vals_list": [{"name": name}] * 3})
    domain = [["name", "=", name]]
    assert len(call("res.partner", "search", {"domain": domain})) == 3
    assert len(call("res.partner", "search", {"domain": domain, "limit": 2, "offset": 0})) == 2
    assert len(call("res.partner", "search", {"domain": domain, "offset": 2})) == 1


def test_extra_keys_reach_methods_that_take_kwargs(call: Caller) -> None:
    """search_read passes unknown keys on to its row formatter: a misspelt argument
    fails there, as a 500 TypeError in Odoo's words."""
    status, name, message = call.fails(
        "res.partner", "search_read", {"domain": [], "field": ["name"]}
    )
    assert (status, name) == (500, "builtins.TypeError")
    assert message == "BaseModel._read_format() got an unexpected keyword argument 'field'"


def test_type_error_inside_the_method_is_500_not_422(call: Caller) -> None:
    some = call("res.partner", "search", {"domain": [], "limit": 1})
    status, name, _message = call.fails("res.partner", "read", {"ids": some, "fields": 5})
    assert (status, name) == (500, "builtins.TypeError")


def test_body_keys_cannot_redirect_the_call(call: Caller) -> None:
    count = call("res.partner", "search_count", {"domain": []})
    body = {"domain": [], "__model__": "res.users", "__method__": "search"}
    assert call("res.partner", "search_count", body) == count
    raw = orjson.dumps(body)
    assert call("res.partner", "search_count", body=raw) == count


# --- the body -----------------------------------------------------------------------


@pytest.mark.parametrize("body", [b"null", b"[1, 2]", b'"domain"', b"42", b"", b"true"])
def test_a_body_that_is_not_an_object_is_ignored(call: Caller, body: bytes) -> None:
    assert call.fails("res.partner", "search", body=body) == (
        422,
        UNPROCESSABLE,
        "missing a required argument: 'domain'",
    )
    assert isinstance(call("res.partner", "fields_get", body=body), dict)


def test_body_is_parsed_like_python_does(call: Caller) -> None:
    """Duplicate keys: the last one wins."""
    count = call("res.partner", "search_count", {"domain": []})
    body = b'{"domain": [["id", "=", 0]], "domain": []}'
    assert call("res.partner", "search_count", body=body) == count


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (b"not json", "Expecting value: line 1 column 1 (char 0)"),
        (b'{"domain": []', "Expecting ',' delimiter: line 1 column 14 (char 13)"),
        (b'{"domain": [', "Expecting value: line 1 column 13 (char 12)"),
        (
            b'{"domain": [],}',
            "Expecting property name enclosed in double quotes: line 1 column 15 (char 14)",
        ),
        (b"\xff", "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"),
    ],
)
def test_bad_json_is_400(call: Caller, body: bytes, detail: str) -> None:
    assert call.fails("res.partner", "search", body=body) == (
        400,
        "werkzeug.exceptions.BadRequest",
        f"could not parse the body as json: {detail}",
    )


# --- context --------------------------------------------------------------------------


def test_context_is_the_whole_context_of_the_call(call: Caller) -> None:
    name = unique("Archived")
    (pid,) = call("res.partner", "create", {"vals_list": [{"name": name}]})
    assert call("res.partner", "write", {"ids": [pid], "vals": {"active": False}}) is True
    domain = [["name", "=", name]]
    assert call("res.partner", "search_count", {"domain": domain}) == 0
    assert call("res.partner", "search_count", {"domain": domain, "context": {}}) == 0
    assert call("res.partner", "search_count", {"domain": domain, "context": None}) == 0
    archived = {"domain": domain, "context": {"active_test": False}}
    assert call("res.partner", "search_count", archived) == 1


def test_a_context_that_is_not_an_object_fails_as_in_odoo(call: Caller) -> None:
    assert call.fails("res.partner", "search_count", {"domain": [], "context": "x"}) == (
        500,
        "builtins.ValueError",
        "dictionary update sequence element #0 has length 1; 2 is required",
    )


def test_unknown_context_keys_are_ignored(call: Caller) -> None:
    """A context key nobody reads, whatever its value, changes nothing."""
    count = call("res.partner", "search_count", {"domain": []})
    context = {"whatever": [1, 2, {"x": None}]}
    assert call("res.partner", "search_count", {"domain": [], "context": context}) == count


@pytest.mark.parametrize("tz", ["Europe/Brussels", "Mars/Olympus"])
def test_a_valid_or_unknown_tz_is_accepted(call: Caller, tz: str) -> None:
    """A date compared with a datetime works in any zone; an unknown zone is not an error."""
    (pid,) = call("res.partner", "create", {"vals_list": [{"name": unique("Zoned")}]})
    domain = [["id", "=", pid], ["create_date", ">=", "2000-01-01"]]
    assert call("res.partner", "search_count", {"domain": domain, "context": {"tz": tz}}) == 1


def test_context_defaults_reach_create(call: Caller) -> None:
    name = unique("Defaulted")
    body = {"vals_list": [{"name": name}], "context": {"default_city": "Namur"}}
    (pid,) = call("res.partner", "create", body)
    assert call("res.partner", "read", {"ids": [pid], "fields": ["city"]}) == [
        {"id": pid, "city": "Namur"}
    ]


def test_integers_past_64_bits_stay_integers(call: Caller) -> None:
    """A body's integers keep their exact value whatever their size, as Python's
    parser (Odoo's) reads them: the refusal of a huge limit names it as sent."""
    huge = 2**64
    body = b'{"domain": [], "limit": %d}' % huge
    status, name, message = call.fails("res.partner", "search", body=body)
    assert (status, name) == (500, "builtins.ValueError")
    assert message.startswith(f"Invalid limit {huge}: a number of records from 0 to ")
    # no record has such an id: on SQLite (64-bit integers) as on PostgreSQL
    some = call("res.partner", "search", {"domain": [], "limit": 1})
    domain = b'{"domain": [["id", "in", [%d, %d]]]}' % (huge, some[0])
    assert call("res.partner", "search", body=domain) == some
    assert call("res.partner", "read", body=b'{"ids": [%d], "fields": ["name"]}' % huge) == []
