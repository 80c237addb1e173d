"""Hypothesis strategies of hostile requests over the real fields of a running
server (``fields_get``): domains, arguments, orders, contexts, paths, and bodies
that are not JSON or not XML-RPC at all. Each strategy draws a :class:`Request`."""

from __future__ import annotations

import functools
import json
import urllib.parse
import xmlrpc.client
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

#: the models fuzzed (all served in every database)
MODELS = (
    "res.partner",
    "res.users",
    "res.country",
    "product.product",
    "sale.order",
    "sale.order.line",
)
#: strings that try to break out of a name, an order or a path
INJECTIONS = (
    "name; DROP TABLE res_partner",
    "id) OR (1=1",
    'name" desc, (SELECT 1)',
    "'; SELECT pg_sleep(30)--",
    "name desc nulls first, id asc; --",
    "__class__",
    "../../../../etc/passwd",
    "name\x00",
    "%00",
    "name.id.id.id.id.id.id.id",
    "\udc00",
    "\ud800name",
    "😀",
    "a" * 300,
    "",
)
OPERATORS = (
    "=", "!=", "<>", "<", ">", "<=", ">=", "in", "not in", "like", "ilike", "not like",
    "not ilike", "=like", "=ilike", "not =like", "not =ilike", "child_of", "parent_of",
    "any", "not any", "=?", "any!", "not any!", "starts with", "LIKE", "= OR 1=1", "",
)  # fmt: skip
METHODS = (
    "search", "search_read", "search_count", "read", "name_search", "fields_get",
    "formatted_read_group", "web_search_read", "web_read_group", "read_group", "create",
    "name_create", "default_get", "check_access_rights", "_read", "unlink_all", "__init__",
)  # fmt: skip
LONE_SURROGATES = ("\udc00", "\ud800", "\udfff", "x\udcffy")


@dataclass(frozen=True)
class Request:
    """One request: its route, body, headers, and what kind of hostility it is."""

    kind: str
    path: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    method: str = "POST"

    def describe(self) -> dict[str, Any]:
        """The request for an example (its reproduction)."""
        body = self.body.decode("utf-8", "backslashreplace")
        return {
            "kind": self.kind,
            "method": self.method,
            "path": self.path,
            "headers": self.headers,
            "body": body,
        }


Schema = dict[str, dict[str, dict[str, Any]]]


@functools.cache
def texts() -> st.SearchStrategy[str]:
    """Text, now and then with a lone surrogate or an injection string in it."""
    return st.one_of(
        st.text(max_size=20),
        st.sampled_from(INJECTIONS),
        st.builds(lambda a, s: a + s, st.text(max_size=5), st.sampled_from(LONE_SURROGATES)),
    )


@functools.cache
def scalars() -> st.SearchStrategy[Any]:
    """Any JSON scalar, with integers past 64 bits."""
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**31), 2**31),
        st.integers(-(2**80), 2**80),
        st.floats(allow_nan=False, allow_infinity=False),
        texts(),
    )


@functools.cache
def json_values() -> st.SearchStrategy[Any]:
    """Any JSON value (small)."""
    return st.recursive(
        scalars(),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts(), inner, max_size=4),
        max_leaves=8,
    )


def value_for(spec: dict[str, Any]) -> st.SearchStrategy[Any]:
    """A value for a field of this type, or any value."""
    selection = spec.get("selection")
    return _value_for(
        spec.get("type"), tuple(s[0] for s in selection) if isinstance(selection, list) else None
    )


@functools.cache
def _value_for(kind: str | None, selection: tuple[Any, ...] | None) -> st.SearchStrategy[Any]:
    typed: st.SearchStrategy[Any]
    if kind in ("integer", "float", "monetary", "many2one", "many2one_reference"):
        typed = st.one_of(st.integers(-5, 100), st.floats(-1e6, 1e6), st.booleans())
    elif kind in ("one2many", "many2many"):
        typed = st.lists(st.integers(-2, 50), max_size=5)
    elif kind == "boolean":
        typed = st.booleans()
    elif kind == "selection" and selection is not None:
        typed = st.sampled_from(selection or (False,))
    elif kind in ("date", "datetime"):
        typed = st.sampled_from(
            ["2024-01-31", "2024-02-30", "2024-01-01 10:00:00", "yesterday", "9999-12-31 23:59:59"]
        )
    else:
        typed = st.text(max_size=10)
    return st.one_of(typed, typed, json_values())


def paths(schema: Schema, model: str) -> list[tuple[str, dict[str, Any]]]:
    """Field paths of ``model`` with the field they end on: every field, one hop
    through each relation to a fuzzed model (ten at most)."""
    fields = schema[model]
    found = [(name, spec) for name, spec in sorted(fields.items())]
    hops = [
        (f"{name}.{sub}", subspec)
        for name, spec in sorted(fields.items())
        if spec.get("relation") in schema
        for sub, subspec in sorted(schema[spec["relation"]].items())[:8]
    ]
    return found + hops[:80]


@functools.cache
def _leaves(key: tuple[int, str]) -> st.SearchStrategy[Any]:
    schema, model = _SCHEMAS[key[0]], key[1]
    real = [
        st.tuples(st.just(path), st.sampled_from(OPERATORS), value_for(spec)).map(list)
        for path, spec in paths(schema, model)
    ]
    junk = st.tuples(texts(), st.sampled_from(OPERATORS), json_values()).map(list)
    return st.one_of(
        st.one_of(real),
        st.one_of(real),
        st.one_of(real),
        junk,
        st.sampled_from([[1, "=", 1], [0, "=", 1], True, "|", "!", [], ["id"], 42]),
    )


#: the schemas strategies are built for (functools.cache needs a hashable key)
_SCHEMAS: dict[int, Schema] = {}


def leaves(schema: Schema, model: str) -> st.SearchStrategy[Any]:
    """A domain leaf over the fields of ``model`` (or a broken one)."""
    _SCHEMAS[id(schema)] = schema
    return _leaves((id(schema), model))


def domains(schema: Schema, model: str) -> st.SearchStrategy[Any]:
    """A domain: leaves with prefix operators, sometimes not a list at all."""
    items = st.one_of(
        leaves(schema, model), leaves(schema, model), st.sampled_from(["|", "&", "!"])
    )
    return st.one_of(st.lists(items, max_size=8), st.lists(items, max_size=3), json_values())


def orders(schema: Schema, model: str) -> st.SearchStrategy[Any]:
    """An order: real fields with directions, or injection strings."""
    names = st.one_of(st.sampled_from([p for p, _ in paths(schema, model)]), texts())
    term = st.builds(
        lambda p, d: f"{p}{d}",
        names,
        st.sampled_from(["", " asc", " desc", " DESC NULLS LAST", " sideways"]),
    )
    return st.one_of(st.lists(term, max_size=3).map(", ".join), texts(), scalars())


@functools.cache
def contexts() -> st.SearchStrategy[Any]:
    """A context: Odoo's keys and injection keys with any values."""
    keys = st.one_of(
        st.sampled_from(["lang", "tz", "active_test", "allowed_company_ids", "uid", "bin_size"]),
        texts(),
    )
    return st.one_of(st.dictionaries(keys, json_values(), max_size=4), json_values())


def arguments(schema: Schema, model: str, method: str) -> st.SearchStrategy[dict[str, Any]]:
    """Named arguments for ``method``: the usual ones with fuzzed values, plus junk."""
    fields = schema[model]
    names = sorted(fields)
    common: dict[str, st.SearchStrategy[Any]] = {
        "domain": domains(schema, model),
        "fields": st.one_of(st.lists(st.sampled_from(names) | texts(), max_size=5), json_values()),
        "order": orders(schema, model),
        "limit": st.one_of(st.integers(0, 50), scalars()),
        "offset": st.one_of(st.integers(0, 50), scalars()),
        "context": contexts(),
        "ids": st.one_of(st.lists(st.integers(-3, 60), max_size=5), json_values()),
        "groupby": st.lists(
            st.sampled_from(names).map(lambda n: n + ":month") | st.sampled_from(names) | texts(),
            max_size=2,
        ),
        "aggregates": st.lists(
            st.sampled_from(names).map(lambda n: n + ":sum") | st.just("__count") | texts(),
            max_size=2,
        ),
        "vals_list": st.lists(
            st.dictionaries(st.sampled_from(names) | texts(), st.just(None), max_size=3), max_size=2
        ),
        "name": texts(),
        "operator": st.sampled_from(OPERATORS),
        "attributes": st.lists(
            st.sampled_from(["type", "string", "relation", "selection"]) | texts(), max_size=3
        ),
        "specification": st.dictionaries(st.sampled_from(names) | texts(), st.just({}), max_size=3),
    }
    wanted = {
        "search": ["domain", "order", "limit", "offset", "context"],
        "search_read": ["domain", "fields", "order", "limit", "offset", "context"],
        "search_count": ["domain", "limit", "context"],
        "read": ["ids", "fields", "context"],
        "name_search": ["name", "domain", "operator", "limit"],
        "fields_get": ["attributes", "context"],
        "formatted_read_group": ["domain", "groupby", "aggregates", "order", "limit"],
        "web_read_group": ["domain", "groupby", "aggregates", "order", "limit"],
        "read_group": ["domain", "fields", "groupby", "limit"],
        "web_search_read": ["domain", "specification", "order", "limit", "offset"],
        "create": ["vals_list", "context"],
    }.get(method, ["ids", "context"])
    named = st.fixed_dictionaries({}, optional={k: common[k] for k in wanted})
    if method == "create":
        vals = st.fixed_dictionaries(
            {"name": texts()},
            optional={n: value_for(s) for n, s in fields.items() if n not in ("name", "id")},
        )
        named = st.fixed_dictionaries(
            {"vals_list": st.lists(vals, min_size=1, max_size=2)}, optional={"context": contexts()}
        )
    junk = st.dictionaries(texts(), json_values(), max_size=2)
    return st.one_of(named, named, named, st.builds(lambda a, b: {**a, **b}, named, junk))


def encode(value: Any) -> bytes:
    """JSON text (lone surrogates escaped as \\udXXX, as a client could send them)."""
    return json.dumps(value).encode()


def json2_calls(schema: Schema, db: str, key: str) -> st.SearchStrategy[Request]:
    """A JSON-2 call: a real model and a method with fuzzed arguments, as the admin."""
    headers = {
        "Authorization": f"bearer {key}",
        "X-Odoo-Database": db,
        "Content-Type": "application/json",
    }

    def call(model: str, method: str) -> st.SearchStrategy[Request]:
        path = f"/json/2/{model}/{method}"
        return arguments(schema, model, method).map(
            lambda args: Request("json2", path, encode(args), headers)
        )

    return st.one_of(
        [
            call(model, method)
            for model in sorted(schema)
            for method in METHODS
            if method != "create"
        ]
        + [call("res.partner", "create")] * 3
    )


def jsonrpc_calls(schema: Schema, db: str) -> st.SearchStrategy[Request]:
    """A JSON-RPC ``execute_kw`` (and a session route) with ids past 64 bits."""
    ids = st.one_of(st.integers(-(2**70), 2**70), st.none(), texts(), json_values())

    def envelope(rid: Any, model: str, method: str, args: dict[str, Any], route: str) -> Request:
        if route == "/jsonrpc":
            params: Any = {
                "service": "object",
                "method": "execute_kw",
                "args": [db, 2, "admin", model, method, [], args],
            }
        else:
            params = {"model": model, "method": method, "args": [], "kwargs": args}
        body = {"jsonrpc": "2.0", "method": "call", "params": params, "id": rid}
        return Request("jsonrpc", route, encode(body), {"Content-Type": "application/json"})

    return st.builds(
        envelope,
        ids,
        st.sampled_from(sorted(schema)),
        st.sampled_from(METHODS[:7]),
        arguments(schema, "res.partner", "search_read"),
        st.sampled_from(["/jsonrpc", "/jsonrpc", "/web/dataset/call_kw"]),
    )


def _xml_value(value: Any) -> Any:
    """Values XML-RPC can carry (its integers are 32-bit; no surrogates in XML)."""
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8", "replace")
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 2**31:
        return str(value)
    if isinstance(value, list):
        return [_xml_value(v) for v in value]
    if isinstance(value, dict):
        return {str(_xml_value(k)): _xml_value(v) for k, v in value.items()}
    return value if value is not None else False


def xmlrpc_calls(schema: Schema, db: str) -> st.SearchStrategy[Request]:
    """A well-formed XML-RPC ``execute_kw`` with fuzzed arguments."""

    def call(model: str, method: str, args: dict[str, Any]) -> Request:
        body = xmlrpc.client.dumps(
            (db, 2, "admin", model, method, [], _xml_value(args)), "execute_kw"
        )
        return Request(
            "xmlrpc",
            "/xmlrpc/2/object",
            body.encode("utf-8", "surrogatepass"),
            {"Content-Type": "text/xml"},
        )

    return st.builds(
        call,
        st.sampled_from(sorted(schema)),
        st.sampled_from(METHODS[:7]),
        arguments(schema, "res.partner", "search_read"),
    )


MALFORMED_XML = (
    b"<?xml version='1.0'?><methodCall><methodName>execute_kw</methodName><params>",
    b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;'>"
    b"<!ENTITY c '&b;&b;&b;&b;&b;&b;&b;&b;'>]><methodCall><methodName>&c;</methodName></methodCall>",
    b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><methodCall><methodName>&e;</methodName></methodCall>",
    b"<methodCall><methodName>version</methodName><params><param><value><i4>99999999999999999999</i4></value></param></params></methodCall>",
    b"<methodCall><methodName>login</methodName><params><param><value><string>\xff\xfe</string></value></param></params></methodCall>",
    b"\xef\xbb\xbf<methodCall><methodName>version</methodName></methodCall>",
    b"<methodCall><methodName>execute_kw</methodName><params>"
    + b"<param><value><array><data>" * 2000,
    b"not xml at all",
    b"",
)
MALFORMED_JSON = (
    b'{"domain": [["name", "=", "\xff\xfe"]]}',
    b'{"domain": [["name", "=", "\xed\xb2\x80"]]}',
    b'{"domain": [["name", "=", "\\udc00"]]}',
    b'{"context": {"\\ud800": 1}}',
    b'{"domain": [["name", "=", "x"]]',
    b'{"limit": NaN}',
    b'{"limit": 1e999}',
    b'{"limit": 123456789012345678901234567890}',
    b'{"domain": [], "domain": 5}',
    b"\xef\xbb\xbf{}",
    b"[]",
    b"null",
    b'"string"',
    b"",
    b"{'single': 'quotes'}",
    b'{"ids": [1, 2, ]}',
)


def malformed(db: str, key: str) -> st.SearchStrategy[Request]:
    """Bodies that are not JSON or not XML-RPC, cut, spliced or mis-encoded."""
    headers = {
        "Authorization": f"bearer {key}",
        "X-Odoo-Database": db,
        "Content-Type": "application/json",
    }
    json_body = st.one_of(
        st.sampled_from(MALFORMED_JSON),
        st.binary(max_size=64),
        st.tuples(st.sampled_from(MALFORMED_JSON), st.integers(0, 40)).map(
            lambda bi: bi[0][: bi[1]]
        ),
    )
    return st.one_of(
        st.builds(
            lambda body, route: Request("malformed-json", route, body, headers),
            json_body,
            st.sampled_from(
                [
                    "/json/2/res.partner/search",
                    "/json/2/res.partner/search_read",
                    "/jsonrpc",
                    "/web/session/authenticate",
                ]
            ),
        ),
        st.builds(
            lambda body: Request(
                "malformed-xml", "/xmlrpc/2/object", body, {"Content-Type": "text/xml"}
            ),
            st.one_of(st.sampled_from(MALFORMED_XML), st.binary(max_size=64)),
        ),
    )


def _quoted(segment: str) -> str:
    """A path segment percent-encoded as a client sends it (its own %XX kept)."""
    return urllib.parse.quote(segment.encode("utf-8", "surrogatepass"), safe="%.")


def hostile_paths(db: str, key: str) -> st.SearchStrategy[Request]:
    """Injection in the path, the database header and the credentials."""
    segment = st.one_of(
        st.sampled_from(INJECTIONS),
        st.sampled_from(["res.partner", "search", "%2e%2e", "..", "%00", "res.partner%00"]),
    )

    def build(model: str, method: str, database: str, auth: str) -> Request:
        path = f"/json/2/{_quoted(model)}/{_quoted(method)}"
        headers = {
            "Authorization": auth,
            "X-Odoo-Database": database,
            "Content-Type": "application/json",
        }
        return Request("path", path, b"{}", headers)

    safe_header = st.sampled_from(
        [db, "", "nosuchdb", "postgres", "template1", "x' OR '1'='1", "../" + db]
    )
    auth = st.sampled_from(
        [
            f"bearer {key}",
            "bearer " + "0" * 40,
            "bearer",
            "Basic YWRtaW46YWRtaW4=",
            "",
            f"bearer {key} extra",
        ]
    )
    return st.builds(build, segment, segment, safe_header, auth)


def deep(db: str, key: str) -> st.SearchStrategy[Request]:
    """Bodies nested deeper than a parser's recursion."""
    headers = {
        "Authorization": f"bearer {key}",
        "X-Odoo-Database": db,
        "Content-Type": "application/json",
    }

    def build(depth: int, route: str) -> Request:
        if route.startswith("/xmlrpc"):
            body = (
                b"<methodCall><methodName>execute_kw</methodName><params><param><value>"
                + b"<array><data><value>" * depth
            )
            return Request("deep", route, body, {"Content-Type": "text/xml"})
        return Request("deep", route, b'{"domain": ' + b"[" * depth + b"]" * depth + b"}", headers)

    return st.builds(
        build,
        st.sampled_from([100, 1000, 10_000, 100_000]),
        st.sampled_from(["/json/2/res.partner/search", "/jsonrpc", "/xmlrpc/2/object"]),
    )


def requests(schema: Schema, db: str, key: str) -> st.SearchStrategy[Request]:
    """Every kind, weighted towards real calls over real fields."""
    calls = json2_calls(schema, db, key)
    return st.one_of(
        calls, calls, calls, calls, calls, calls,
        jsonrpc_calls(schema, db),
        xmlrpc_calls(schema, db),
        malformed(db, key),
        hostile_paths(db, key),
        deep(db, key),
    )  # fmt: skip
