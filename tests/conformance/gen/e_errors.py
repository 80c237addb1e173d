"""Writes ``scenarios/base/e_domain_errors.json``: domains whose answer Odoo gives
as a Python error where a database would otherwise speak (issue 17), and large
domains that both backends must answer alike.

Run: ``.venv/bin/python -m tests.conformance.gen.e_errors``. Left out on purpose:
the conditions where Odoo lets PostgreSQL's error through with SQL in it (a
many2one compared with true, ``"abc"`` for an id, a list compared with ``>=``
on ids): jsontwo answers a ValueError there, without SQL.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent.parent / "scenarios" / "base" / "e_domain_errors.json"
MINE = ["name", "=like", "${run} e-%"]


def count(step_id: str, domain: Any, model: str = "res.partner", doc: str = "") -> dict[str, Any]:
    step: dict[str, Any] = {
        "id": step_id,
        "model": model,
        "method": "search_count",
        "body": {"domain": domain},
    }
    if doc:
        step["doc"] = doc
    return step


def ored(leaves: list[list[Any]]) -> list[Any]:
    return ["|"] * (len(leaves) - 1) + leaves


def scenario() -> dict[str, Any]:
    patterns = [["name", "ilike", f"e-nothing-{i}"] for i in range(1_198)]
    patterns += [["name", "ilike", "e-alpha"], ["name", "ilike", "e-beta"]]
    names = [["name", "=", f"${{run}} e-none-{i}"] for i in range(1_998)]
    names += [["name", "=", "${run} e-alpha"], ["name", "=", "${run} e-beta"]]
    steps = [
        {
            "id": "setup-partners",
            "model": "res.partner",
            "method": "create",
            "body": {"vals_list": [{"name": "${run} e-alpha"}, {"name": "${run} e-beta"}]},
        },
        count("parent-of-without-hierarchy", [["id", "parent_of", 1]], "res.country"),
        count("integer-is-text", [["color", "=", "abc"]]),
        count("integer-compared-with-a-list", [["color", ">=", [1, 2]]]),
        count("path-through-non-stored-many2one", [["same_vat_partner_id.name", "=", "x"]]),
        count("path-through-non-stored-many2one-id", [["same_vat_partner_id.id", "=", 1]]),
        count("non-stored-many2one", [["same_vat_partner_id", "=", 1]]),
        count("path-through-related-non-stored", [["main_user_id.name", "=", "x"]], "res.users"),
        count("nul-in-a-pattern", [["name", "ilike", "a\u0000b"]]),
        count("nul-in-equality", [["name", "=", "a\u0000b"]]),
        count("raw-pattern-ends-with-escape", [["name", "=ilike", "\\"]]),
        count("negated-raw-pattern-ends-with-escape", [["name", "not =ilike", "\\"]]),
        count("raw-pattern-ends-with-escaped-escape", [MINE, ["name", "=ilike", "\\\\"]]),
        count(
            "twelve-hundred-ored-patterns",
            [MINE, *ored(patterns)],
            doc="SQLite refused an expression tree deeper than 1,000 levels",
        ),
        count(
            "two-thousand-ored-equalities",
            [MINE, *ored(names)],
            doc="merged into one 'in', as Odoo does",
        ),
        {
            "id": "having-without-aggregate",
            "model": "res.partner",
            "method": "formatted_read_group",
            "body": {
                "domain": [MINE],
                "groupby": ["country_id"],
                "aggregates": ["color:sum"],
                "having": [["color", ">", 1]],
            },
        },
        {
            "id": "nul-in-a-created-name",
            "model": "res.partner",
            "method": "create",
            "body": {"vals_list": [{"name": "${run} e-nul\u0000here"}]},
        },
    ]
    return {
        "description": "domain values Odoo refuses with a Python error, and large domains "
        "both backends answer alike (issue 17)",
        "steps": steps,
    }


def main() -> None:
    OUT.write_text(json.dumps(scenario(), indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
