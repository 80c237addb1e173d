"""Every answer the suite gets is checked here: JSON (or, on the XML-RPC routes,
an XML-RPC answer or fault), no 5xx but the expected ones, no SQL text or
traceback, an answer within the client's timeout."""

from __future__ import annotations

import json
import re
import xmlrpc.client
from typing import Any

import httpx

from stress.figures import Figures
from stress.server import StressServer

#: the 5xx names Odoo 19 answers too for a client's bad arguments (a ValueError
#: from a bad domain, a TypeError from a bad call...): any other 5xx is a failure
EXPECTED_5XX = frozenset(
    {
        "builtins.ValueError",
        "builtins.TypeError",
        "builtins.KeyError",
        "builtins.IndexError",
        "odoo.exceptions.RedirectWarning",
        "psycopg2.errors.NumericValueOutOfRange",
        "builtins.OverflowError",  # a date moved past year 9999
    }
)
#: Odoo 19 answers an AttributeError too where an argument has the wrong type (an
#: ``order`` that is a number: "'float' object has no attribute 'split'"); any
#: other AttributeError is a bug
WRONG_TYPE = re.compile(r"'(int|float|bool|list|dict|NoneType)' object has no attribute")
#: text no answer of a non-debug server may hold: SQL, driver errors, tracebacks
LEAK = re.compile(
    r"Traceback \(most recent call last\)|File \"/|LINE \d+:|HINT:|psycopg\.|sqlite3\."
    r"|sqlalchemy|syntax error at or near|no such column|\bSELECT\b.+\bFROM\b",
    re.DOTALL,
)


def check(
    figures: Figures,
    server: StressServer,
    request: dict[str, Any],
    answer: httpx.Response | Exception,
) -> Any:
    """Count one request and check its answer; the decoded answer when it is JSON
    or XML-RPC (None otherwise). ``request`` describes it for the examples."""
    figures.requests += 1
    if isinstance(answer, httpx.TimeoutException):
        figures.hangs += 1
        figures.example("hang", request=request, error=repr(answer))
        return None
    if isinstance(answer, Exception):
        figures.dropped += 1
        figures.example("dropped connection", request=request, error=repr(answer))
        return None
    server.note_worker(answer)
    decoded = decode(answer, request.get("path", ""))
    if decoded is None:
        figures.non_json += 1
        figures.example(
            "non-JSON answer", request=request, status=answer.status_code, answer=answer.content
        )
    if answer.status_code >= 500:
        name = error_name(decoded)
        figures.status_5xx[name] += 1
        if not expected_5xx(name, decoded):
            figures.unexpected_5xx[name] += 1
            figures.example(f"5xx {name}", request=request, answer=answer.content)
    if LEAK.search(answer.text):
        figures.leaks += 1
        figures.example("SQL or traceback", request=request, answer=answer.content)
    return decoded


def expected_5xx(name: str, decoded: Any) -> bool:
    """Whether Odoo 19 answers this 5xx too, for a client's bad arguments."""
    if name in EXPECTED_5XX:
        return True
    message = decoded.get("message") if isinstance(decoded, dict) else None
    return (
        name == "builtins.AttributeError"
        and isinstance(message, str)
        and WRONG_TYPE.match(message) is not None
    )


def decode(answer: httpx.Response, path: str) -> Any:
    """The JSON of an answer, or the XML-RPC answer (a Fault as itself) on the
    XML-RPC routes; None when it is neither. An empty answer to HEAD or a 204
    counts as JSON (there is nothing to encode)."""
    if not answer.content and answer.status_code in (204, 304):
        return {}
    try:
        return json.loads(answer.content)
    except ValueError:
        pass
    if path.startswith("/xmlrpc"):
        try:
            return xmlrpc.client.loads(answer.content)[0]
        except xmlrpc.client.Fault as fault:
            return fault
        except Exception:
            return None
    return None


def error_name(decoded: Any) -> str:
    """The error name of a decoded error answer (JSON-2's ``name``, JSON-RPC's
    ``error.data.name``, an XML-RPC fault's first line), or "(not JSON)"."""
    if isinstance(decoded, dict):
        if isinstance(decoded.get("name"), str):
            return str(decoded["name"])
        error = decoded.get("error")
        if isinstance(error, dict):
            data = error.get("data")
            if isinstance(data, dict) and isinstance(data.get("name"), str):
                return str(data["name"])
            return f"jsonrpc {error.get('code')}"
        return "(JSON without a name)"
    if isinstance(decoded, xmlrpc.client.Fault):
        return f"xmlrpc fault {str(decoded.faultString).splitlines()[0][:60]}"
    return "(not JSON)"
