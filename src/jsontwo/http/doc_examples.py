"""The example calls of the documentation pages: for each public method of a
model, a JSON-2 body to start from. The page's script (``static/doc.js``) turns
the body into curl, Python and JavaScript, and sends it from the "try it" form.

A body names what the method needs and nothing it could break: a method on
records gets an empty ``ids`` (the user puts the records in), required
parameters get a value of their usual shape (``domain`` an empty domain,
``vals`` an empty dict...), and a read gets a few fields and a small limit.
"""

from __future__ import annotations

from typing import Any

#: the method a model's page shows first, when the model has it
FIRST_METHOD = "search_read"
#: the values of parameters by name (anything else required: null)
PLACEHOLDERS: dict[str, Any] = {
    "domain": [],
    "args": [],
    "fields": ["display_name"],
    "field_names": ["display_name"],
    "vals": {},
    "values": {},
    "vals_list": [{}],
    "name": "",
}
#: optional parameters worth showing in every example that has them
SHOWN_OPTIONAL = ("domain", "fields")
#: methods that read many records: their example asks for a few
LIMITED = frozenset({"search", "search_read", "name_search", "web_search_read", "search_fetch"})
EXAMPLE_LIMIT = 5
#: parameter kinds a JSON-2 body cannot name (``*args``, ``**kwargs``)
VARIADIC = frozenset({"VAR_POSITIONAL", "VAR_KEYWORD"})


def example_body(name: str, method: dict[str, Any]) -> dict[str, Any]:
    """The JSON-2 body an example call of method ``name`` sends (``method``: its
    signature object in the model's document)."""
    body: dict[str, Any] = {}
    if "model" not in method.get("api", []):
        body["ids"] = []  # a method on records: which records is the caller's to say
    for pname, param in method.get("parameters", {}).items():
        if param.get("kind") in VARIADIC:
            continue
        if "default" not in param or pname in SHOWN_OPTIONAL:
            body[pname] = PLACEHOLDERS.get(pname)
        elif pname == "limit" and name in LIMITED:
            body[pname] = EXAMPLE_LIMIT
    return body


def call_data(
    model: str, methods: dict[str, dict[str, Any]], base_url: str, db: str
) -> dict[str, Any]:
    """What the page's script needs: the server's URL, the database, the model,
    the method shown first and an example body for each method."""
    names = sorted(methods)
    first = FIRST_METHOD if FIRST_METHOD in methods else (names[0] if names else "")
    return {
        "url": base_url,
        "db": db,
        "model": model,
        "method": first,
        "bodies": {name: example_body(name, methods[name]) for name in names},
    }


__all__ = ["call_data", "example_body"]
