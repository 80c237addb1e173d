"""Many2one labels in reads (``[id, display_name]``): read with the rows that hold
them when the target's display name is a column (one statement for the whole
read), else looked up in one batch per target model; a target without a name
reads ``[id, False]``."""

from __future__ import annotations

from typing import Any

from jsontwo.orm import Environment, Registry
from jsontwo.service.databases import with_superuser
from tests.orm.conftest import run


def test_labels_that_are_columns_come_with_the_rows(
    registry: Registry, statements: list[str]
) -> None:
    def work(env: Environment) -> list[dict[str, Any]]:
        partners = env(uid=2, su=False)["res.partner"]
        domain = [["country_id.code", "=", "US"], ["is_company", "=", True]]
        partners.search_read(domain, ["country_id", "parent_id"], limit=3)  # warm caches
        statements.clear()
        return partners.search_read(domain, ["country_id", "parent_id"], limit=3)

    rows = with_superuser(registry, work)
    assert len(statements) == 1, statements  # the rows, their labels, no other query
    assert rows and all(row["country_id"][1] == "United States" for row in rows)
    assert all(row["parent_id"] is False for row in rows)


def test_a_nameless_target_reads_false(models_registry: Registry) -> None:
    def work(env: Environment) -> tuple[Any, Any, int]:
        thing = env["x.thing"].create({})  # x.thing's name is its label, and optional
        line = env["x.line"].create({"name": "l", "thing_id": thing.id})
        via_read = line.read(["thing_id"])[0]["thing_id"]
        via_search = line.search_read([["id", "=", line.id]], ["thing_id"])[0]["thing_id"]
        return via_read, via_search, thing.id

    via_read, via_search, thing = run(models_registry, work)
    assert via_read == via_search == [thing, False]


def test_labels_computed_otherwise_follow_the_context(registry: Registry) -> None:
    def work(env: Environment) -> Any:
        company = env["res.partner"].create({"name": "Label Co", "email": "co@example.com"})
        person = env["res.partner"].create({"name": "Label Person", "parent_id": company.id})
        shown = person.with_context(show_email=True).read(["parent_id"])[0]["parent_id"]
        plain = person.read(["parent_id"])[0]["parent_id"]
        return shown[1], plain[1]

    shown, plain = with_superuser(registry, work)
    assert (shown, plain) == ("Label Co <co@example.com>", "Label Co")
