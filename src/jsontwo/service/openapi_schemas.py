"""JSON Schemas for the OpenAPI document (:mod:`jsontwo.service.openapi`).

Two sources: a model's fields as ``fields_get`` describes them to the caller
(a record as ``read`` answers it, values as ``create``/``write`` take them),
and a method's parameter and return annotations as the API documentation
gives them (text such as ``list[str] | None``), read by a small parser of
Python's type expressions. Whatever cannot be told from either is left open
(``{}``: any JSON value) rather than guessed: a schema stricter than the
server would make generated clients refuse good answers.
"""

from __future__ import annotations

import re
from typing import Any

Schema = dict[str, Any]

#: component names of the shared schemas
ERROR = "Error"
CONTEXT = "Context"
DOMAIN = "Domain"
IDS = "Ids"
COMMAND = "Command"
#: JSON Schema of the ``false`` Odoo answers for an empty value (a boolean, not
#: ``const: false``: generators such as openapi-python-client then refuse the
#: other members of an ``anyOf``)
FALSE: Schema = {"type": "boolean"}
_STR: Schema = {"type": "string"}
#: Odoo's datetimes: "YYYY-MM-DD HH:MM:SS" in UTC (no "T": not RFC 3339's date-time)
DATETIME_PATTERN = r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$"
#: a record id
ID: Schema = {"type": "integer"}
#: annotation names of Python types, as JSON Schema
SIMPLE_TYPES: dict[str, Schema] = {
    "int": {"type": "integer"},
    "float": {"type": "number"},
    "str": {"type": "string"},
    "bool": {"type": "boolean"},
    "None": {"type": "null"},
    "NoneType": {"type": "null"},
    "Any": {},
    "object": {},
}
#: generic names that hold a sequence (JSON has arrays for all of them)
SEQUENCES = frozenset(
    {"list", "List", "Sequence", "Collection", "Iterable", "set", "frozenset", "Set"}
)
#: generic names that hold a mapping (a JSON object)
MAPPINGS = frozenset({"dict", "Dict", "Mapping", "MutableMapping"})
_TOKEN = re.compile(r"\s*([A-Za-z_][\w.]*|\.\.\.|[\[\],|]|'[^']*'|\"[^\"]*\")")


def ref(name: str) -> Schema:
    """A reference to the shared schema ``name``."""
    return {"$ref": f"#/components/schemas/{name}"}


def pair_of(items: list[Schema]) -> Schema:
    """An array of exactly ``len(items)`` items, each one of ``items``. (Not
    ``prefixItems``, which says which is where: many generators and testers
    still read arrays as OpenAPI 3.0 does, with one schema for every item.)"""
    distinct = [item for index, item in enumerate(items) if item not in items[:index]]
    return {
        "type": "array",
        "items": _any_of(distinct),
        "minItems": len(items),
        "maxItems": len(items),
    }


def shared_schemas() -> dict[str, Schema]:
    """The schemas every document holds: the error object, the context, a
    domain, a list of ids and an x2many command."""
    return {
        ERROR: {
            "type": "object",
            "description": "The JSON error object of every failed call (as Odoo 19's).",
            "properties": {
                "name": {
                    "type": "string",
                    "description": "The exception's name, e.g. odoo.exceptions.AccessError.",
                },
                "message": {"type": "string"},
                "arguments": {"type": "array", "items": {}},
                "context": {"anyOf": [{"type": "object"}, {"type": "null"}]},
                "debug": {
                    "type": "string",
                    "description": "The traceback, only on a server run with --dev.",
                },
            },
            "required": ["name", "message", "arguments", "context", "debug"],
        },
        CONTEXT: {
            "description": "The call's context: lang, tz, active_test, allowed_company_ids...",
            "anyOf": [
                {
                    "type": "object",
                    "properties": {
                        "lang": {"type": "string"},
                        "tz": {"type": "string"},
                        "active_test": {"type": "boolean"},
                        "allowed_company_ids": {"type": "array", "items": ID},
                    },
                },
                {"type": "null"},
            ],
        },
        DOMAIN: {
            "type": "array",
            "description": 'A search domain in prefix notation: "&", "|", "!" and '
            '[field, operator, value] conditions, e.g. [["is_company", "=", true]].',
            "items": {
                "anyOf": [
                    {"enum": ["&", "|", "!"]},
                    {"type": "array", "items": {}, "minItems": 3, "maxItems": 3},
                    {"type": "boolean"},
                ]
            },
        },
        IDS: {
            "type": "array",
            "items": ID,
            "description": "The ids of the records the method runs on.",
        },
        COMMAND: {
            "type": "array",
            "description": "An x2many command: [0, 0, values] create, [1, id, values] update, "
            "[2, id] delete, [3, id] unlink, [4, id] link, [5] clear, [6, 0, ids] set.",
            "items": {},
            "minItems": 1,
            "maxItems": 3,
        },
    }


# --- fields -------------------------------------------------------------------


def read_schema(desc: dict[str, Any], open_selection: bool = False) -> Schema:
    """The schema of a field's value in a ``read`` answer, from its ``fields_get``
    description: empty values are ``false`` (numbers 0, x2many []), a many2one is
    ``[id, display name]`` (its id alone when read with ``load=None``). An
    ``open_selection`` (its values worked out when asked, like the installed
    languages) is not enforced on write, so any text may be read back."""
    kind = desc.get("type")
    if kind == "selection" and open_selection:
        examples = [value for value, _label in desc.get("selection") or []]
        return _described(desc, {**_any_of([_STR, FALSE]), "examples": examples}, read=True)
    if kind == "many2one":
        # [id, display name]; the name of a record without one is false
        pair = pair_of([ID, {"type": ["string", "boolean"]}])
        return _described(desc, _any_of([pair, ID, FALSE]), read=True)
    return _described(desc, _value_schema(desc), read=True)


def write_schema(desc: dict[str, Any]) -> Schema:
    """The schema of a field's value as ``create``/``write`` take it: a many2one's
    id, x2many command lists, and ``false`` to empty a field."""
    kind = desc.get("type")
    if kind == "many2one":
        return _described(desc, _any_of([ID, FALSE]))
    if kind in ("one2many", "many2many"):
        # commands, or the ids alone (which set the field, as Odoo takes them)
        commands = {"type": "array", "items": {"anyOf": [ref(COMMAND), ID]}}
        return _described(desc, commands)
    return _described(desc, _value_schema(desc))


def _value_schema(desc: dict[str, Any]) -> Schema:
    """A field's value in either direction, but for the relational differences."""
    kind = desc.get("type")
    if kind in ("char", "text", "html"):
        return _any_of([_STR, FALSE])
    if kind == "selection":
        values = [value for value, _label in desc.get("selection") or []]
        return _any_of([{"enum": values}, FALSE]) if values else _any_of([_STR, FALSE])
    if kind == "integer":
        return {"type": "integer"}
    if kind in ("float", "monetary"):
        return {"type": "number"}
    if kind == "boolean":
        return {"type": "boolean"}
    if kind == "date":
        return _any_of([{"type": "string", "format": "date"}, FALSE])
    if kind == "datetime":
        # Odoo's "YYYY-MM-DD HH:MM:SS", in UTC: not RFC 3339 (no "T"), so no format
        return _any_of([{"type": "string", "pattern": DATETIME_PATTERN}, FALSE])
    if kind == "binary":
        return _any_of([{"type": "string", "contentEncoding": "base64"}, FALSE])
    if kind in ("one2many", "many2many"):
        return {"type": "array", "items": ID}
    if kind == "many2one_reference":
        return _any_of([ID, FALSE])
    return {}  # json, properties...: any JSON value


def _described(desc: dict[str, Any], schema: Schema, read: bool = False) -> Schema:
    """``schema`` with the field's label (and help) as its title and description
    (and, in a ``read`` answer, whether the field is read-only)."""
    out = dict(schema)
    if desc.get("string"):
        out["title"] = str(desc["string"])
    if desc.get("help"):
        out["description"] = str(desc["help"])
    if read and desc.get("readonly"):
        out["readOnly"] = True
    return out


# --- annotations --------------------------------------------------------------


def annotation_schema(annotation: str | None) -> Schema:
    """The JSON Schema of a Python annotation written as text (``{}`` for what the
    parser does not know: any value)."""
    if not annotation:
        return {}
    try:
        tokens = [t for t in _TOKEN.findall(annotation) if t]
        if "".join(tokens) != re.sub(r"\s+", "", annotation):
            return {}
        schema, position = _union(tokens, 0)
    except (IndexError, ValueError):
        return {}
    return schema if position == len(tokens) else {}


def _union(tokens: list[str], position: int) -> tuple[Schema, int]:
    options: list[Schema] = []
    while True:
        schema, position = _term(tokens, position)
        options.append(schema)
        if position < len(tokens) and tokens[position] == "|":
            position += 1
            continue
        return _any_of(options), position


def _term(tokens: list[str], position: int) -> tuple[Schema, int]:
    name = tokens[position].rpartition(".")[2]  # typing.Any, collections.abc.Sequence...
    position += 1
    args: list[Schema | None] = []  # None stands for "..."
    if position < len(tokens) and tokens[position] == "[":
        position += 1
        while tokens[position] != "]":
            if tokens[position] == "...":
                args.append(None)
                position += 1
            else:
                arg, position = _union(tokens, position)
                args.append(arg)
            if tokens[position] == ",":
                position += 1
        position += 1
    return _generic(name, args), position


def _generic(name: str, args: list[Schema | None]) -> Schema:
    """The schema of ``name[args]``."""
    if name in SIMPLE_TYPES and not args:
        return dict(SIMPLE_TYPES[name])
    if name in SEQUENCES:
        # always "items", if only {}: some generators need it
        return {"type": "array", "items": args[0] if args and args[0] is not None else {}}
    if name in MAPPINGS:
        values = args[1] if len(args) == 2 and args[1] is not None else {}
        return {"type": "object", "additionalProperties": values} if values else {"type": "object"}
    if name in ("tuple", "Tuple"):
        if len(args) == 2 and args[1] is None:  # tuple[int, ...]
            return {"type": "array", "items": args[0] or {}}
        members = [arg or {} for arg in args]
        return pair_of(members) if members else {"type": "array", "items": {}}
    if name == "Optional" and len(args) == 1:
        return _any_of([args[0] or {}, {"type": "null"}])
    if name == "Union":
        return _any_of([arg or {} for arg in args])
    if name == "Literal":
        raise ValueError(name)  # literal values are not parsed: any value
    return {}


def _any_of(options: list[Schema]) -> Schema:
    """One schema accepting any of ``options``, as ``anyOf`` of single types.

    Never a list of types (``"type": ["string", "null"]``), valid as it is in
    OpenAPI 3.1: tools still stumble on it (schemathesis 4.32 fails on one
    in an ``anyOf``, openapi-python-client reads it poorly)."""
    if any(option == {} for option in options):
        return {}
    members: list[Schema] = []
    for option in options:
        kinds = option.get("type")
        if set(option) == {"type"} and isinstance(kinds, list):
            members.extend({"type": kind} for kind in kinds)
        elif set(option) == {"anyOf"}:  # a union in a union: one flat list
            members.extend(option["anyOf"])
        else:
            members.append(option)
    members = [member for index, member in enumerate(members) if member not in members[:index]]
    return members[0] if len(members) == 1 else {"anyOf": members}


__all__ = [
    "COMMAND",
    "CONTEXT",
    "DOMAIN",
    "ERROR",
    "IDS",
    "Schema",
    "annotation_schema",
    "read_schema",
    "ref",
    "shared_schemas",
    "write_schema",
]
