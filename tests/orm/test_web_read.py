"""web_read, web_search_read and web_save with nested specifications
(docs/internals/orm-behaviour.md, "Web reads").

ORM-level tests on the test models (``x.thing`` with its lines and tags, and
``x.ledger`` for field groups), and JSON-2 tests on the demo database
(partners, their contacts and tags; record rules; the error objects).
Every test runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from jsontwo.db import Storage
from jsontwo.exceptions import AccessError
from jsontwo.modules.base.loading import upgrade_data
from jsontwo.orm import Environment, Registry
from jsontwo.service.databases import with_superuser
from tests.conftest import Api
from tests.http.test_json2 import assert_error, assert_ok
from tests.modules.base.test_apikeys import new_user
from tests.orm.conftest import a_company, empty_database, grant, run

ACCESS_ERROR = "odoo.exceptions.AccessError"


def unique(prefix: str) -> str:
    """A name no other test uses (the databases are shared by the module)."""
    return f"{prefix} {uuid.uuid4().hex[:10]}"


# --- the ORM, on the test models --------------------------------------------------


@dataclass(frozen=True)
class Things:
    """Two things sharing tags, with lines (one archived) and a tag each."""

    first: int
    second: int
    tags: dict[str, int]
    #: the lines of the first thing by name (b-line is archived)
    lines: dict[str, int]
    second_lines: dict[str, int]


@pytest.fixture(scope="module")
def things(models_registry: Registry) -> Things:
    """The records of the ORM tests (made once per module)."""

    def work(env: Environment) -> Things:
        tags = env["x.tag"].create([{"name": name} for name in ("red", "green", "blue")])
        tag = dict(zip(("red", "green", "blue"), tags.ids, strict=True))
        first = env["x.thing"].create(
            {
                "name": "first",
                "tag_id": tag["red"],
                "tag_ids": [[6, 0, [tag["red"], tag["green"], tag["blue"]]]],
                "line_ids": [[0, 0, {"name": name}] for name in ("c-line", "a-line", "d-line")],
            }
        )
        archived = env["x.line"].create({"name": "b-line", "thing_id": first.id, "active": False})
        second = env["x.thing"].create(
            {
                "name": "second",
                "tag_ids": [[6, 0, [tag["blue"]]]],
                "line_ids": [[0, 0, {"name": name}] for name in ("z-line", "y-line")],
            }
        )
        lines = {line.name: line.id for line in first.line_ids}
        lines["b-line"] = archived.id
        return Things(
            first=first.id,
            second=second.id,
            tags=tag,
            lines=lines,
            second_lines={line.name: line.id for line in second.line_ids},
        )

    return run(models_registry, work)


def web_read(
    registry: Registry, model: str, ids: list[int], spec: dict[str, Any], **context: Any
) -> Any:
    """``model.browse(ids).web_read(spec)`` as the superuser, with ``context``."""
    return run(registry, lambda env: env[model].browse(ids).web_read(spec), **context)


def test_plain_values_and_a_many2one_without_fields_are_read_values(
    models_registry: Registry, things: Things
) -> None:
    spec = {"name": {}, "tag_id": {}, "tag_ids": {}, "count": {}, "line_ids": {"limit": 1}}
    [row] = web_read(models_registry, "x.thing", [things.first], spec)
    assert row == {
        "id": things.first,
        "name": "first",
        "tag_id": things.tags["red"],  # a bare id (read with load=None)
        "tag_ids": [things.tags["blue"], things.tags["green"], things.tags["red"]],  # tag order
        "count": 7,
        # no "fields": every id, whatever the limit
        "line_ids": [things.lines[n] for n in ("c-line", "a-line", "d-line")],
    }


def test_an_empty_specification_gives_the_ids_alone(
    models_registry: Registry, things: Things
) -> None:
    rows = web_read(models_registry, "x.thing", [things.second, things.first], {})
    assert rows == [{"id": things.second}, {"id": things.first}]


def test_a_many2one_with_fields_is_an_object_and_false_stays_false(
    models_registry: Registry, things: Things
) -> None:
    spec: dict[str, Any] = {"tag_id": {"fields": {"display_name": {}, "name": {}, "active": {}}}}
    rows = web_read(models_registry, "x.thing", [things.first, things.second], spec)
    red = things.tags["red"]
    assert rows == [
        {
            "id": things.first,
            "tag_id": {"id": red, "name": "red", "active": True, "display_name": "red"},
        },
        {"id": things.second, "tag_id": False},
    ]
    spec = {"tag_id": {"fields": {}}}
    [row] = web_read(models_registry, "x.thing", [things.first], spec)
    assert row["tag_id"] == {"id": red}


def test_x2many_fields_limit_and_order(models_registry: Registry, things: Things) -> None:
    lines, second = things.lines, things.second_lines
    spec = {"line_ids": {"fields": {"name": {}}, "limit": 2, "order": "name"}}
    rows = web_read(models_registry, "x.thing", [things.first, things.second], spec)
    # the limit applies per record; the ids beyond it stay as {"id": ...}
    assert rows[0]["line_ids"] == [
        {"id": lines["a-line"], "name": "a-line"},
        {"id": lines["c-line"], "name": "c-line"},
        {"id": lines["d-line"]},
    ]
    assert rows[1]["line_ids"] == [
        {"id": second["y-line"], "name": "y-line"},
        {"id": second["z-line"], "name": "z-line"},
    ]
    spec = {"line_ids": {"order": "name desc"}}  # order alone: the ids, sorted
    [row] = web_read(models_registry, "x.thing", [things.first], spec)
    assert row["line_ids"] == [lines["d-line"], lines["c-line"], lines["a-line"]]
    spec = {"tag_ids": {"fields": {"display_name": {}}, "limit": 0}}
    [row] = web_read(models_registry, "x.thing", [things.first], spec)
    assert row["tag_ids"] == [{"id": things.tags[n]} for n in ("blue", "green", "red")]


def test_archived_co_records_follow_the_callers_active_test(
    models_registry: Registry, things: Things
) -> None:
    lines = things.lines
    spec = {"line_ids": {"fields": {"name": {}, "active": {}}, "order": "name"}}
    [row] = web_read(models_registry, "x.thing", [things.first], spec)
    assert [line["name"] for line in row["line_ids"]] == ["a-line", "c-line", "d-line"]
    [row] = web_read(models_registry, "x.thing", [things.first], spec, active_test=False)
    assert row["line_ids"][:2] == [
        {"id": lines["a-line"], "name": "a-line", "active": True},
        {"id": lines["b-line"], "name": "b-line", "active": False},
    ]
    assert len(row["line_ids"]) == 4


def test_nested_specifications_read_every_level(models_registry: Registry, things: Things) -> None:
    spec = {
        "line_ids": {
            "fields": {"thing_id": {"fields": {"name": {}, "tag_ids": {"fields": {"name": {}}}}}},
            "limit": 1,
            "order": "name",
        }
    }
    [row] = web_read(models_registry, "x.thing", [things.second], spec)
    owner = {
        "id": things.second,
        "name": "second",
        "tag_ids": [{"id": things.tags["blue"], "name": "blue"}],
    }
    assert row["line_ids"] == [
        {"id": things.second_lines["y-line"], "thing_id": owner},
        {"id": things.second_lines["z-line"]},
    ]


def test_unknown_fields_are_refused_at_every_level(
    models_registry: Registry, things: Things
) -> None:
    with pytest.raises(ValueError, match=r"^Invalid field 'nope' on 'x.thing'$"):
        web_read(models_registry, "x.thing", [things.first], {"name": {}, "nope": {}})
    spec: dict[str, Any] = {"tag_id": {"fields": {"nope": {}}}}
    with pytest.raises(ValueError, match=r"^Invalid field 'nope' on 'x.tag'$"):
        web_read(models_registry, "x.thing", [things.first], spec)
    with pytest.raises(ValueError, match=r"^Invalid field 'nope' on 'x.thing'$"):
        run(models_registry, lambda env: env["x.thing"].web_search_read([], {"nope": {}}))


@pytest.mark.parametrize(
    "spec",
    [
        ["name"],
        {"tag_ids": {"limit": "2", "fields": {}}},
        {"tag_ids": {"fields": 1}},
        {"tag_id": True},
        {"tag_ids": True},
    ],
)
def test_malformed_specifications_are_refused(
    models_registry: Registry, things: Things, spec: Any
) -> None:
    with pytest.raises(ValueError, match=r"specification|must be"):
        web_read(models_registry, "x.thing", [things.first], spec)


def test_a_plain_fields_sub_spec_is_not_looked_at_and_empty_fields_read_ids(
    models_registry: Registry, things: Things
) -> None:
    # as Odoo: any sub-spec of a plain field, and "fields": [] read as {}
    spec = {"name": True, "count": [], "tag_id": {"fields": []}, "tag_ids": {"fields": []}}
    [row] = web_read(models_registry, "x.thing", [things.first], spec)
    tags = [things.tags["blue"], things.tags["green"], things.tags["red"]]
    assert row == {
        "id": things.first,
        "name": "first",
        "count": 7,
        "tag_id": {"id": things.tags["red"]},
        "tag_ids": [{"id": tag} for tag in tags],
    }


def test_web_search_read_counts_only_when_the_page_is_full(
    models_registry: Registry, things: Things
) -> None:
    domain = [["thing_id", "in", [things.first, things.second]]]  # five active lines

    def call(**kwargs: Any) -> Any:
        context = kwargs.pop("context", {})
        return run(
            models_registry,
            lambda env: env["x.line"].web_search_read(domain, {"name": {}}, order="name", **kwargs),
            **context,
        )

    page = call(limit=2)
    assert page["length"] == 5
    assert [r["name"] for r in page["records"]] == ["a-line", "c-line"]
    assert call(limit=2, offset=4)["length"] == 5  # not full: offset + records
    assert call(limit=10)["length"] == 5
    assert call()["length"] == 5
    assert call(limit=2, count_limit=3)["length"] == 3  # counting stops at count_limit
    assert call(limit=2, offset=2, count_limit=3)["length"] == 4  # count_limit reached already
    forced = call(limit=10, offset=1, context={"force_search_count": True})
    assert forced["length"] == 5 and len(forced["records"]) == 4
    assert call(limit=2, offset=10) == {"length": 0, "records": []}
    archived = call(context={"active_test": False})
    assert archived["length"] == 6 and archived["records"][1]["name"] == "b-line"


def test_reads_cost_a_batch_per_field_not_a_query_per_record(
    models_registry: Registry, statements: list[str]
) -> None:
    marker = unique("batch")

    def make(env: Environment) -> None:
        tags = env["x.tag"].create([{"name": f"{marker} {n}"} for n in range(3)])
        env["x.thing"].create(
            [
                {
                    "name": marker,
                    "tag_id": tags.ids[n % 3],
                    "tag_ids": [[6, 0, tags.ids]],
                    "line_ids": [[0, 0, {"name": f"l{n}-{k}"}] for k in range(3)],
                }
                for n in range(12)
            ]
        )

    run(models_registry, make)
    spec = {
        "name": {},
        "tag_id": {"fields": {"display_name": {}, "name": {}}},
        "tag_ids": {"fields": {"name": {}}},
        "line_ids": {"fields": {"name": {}}, "limit": 2, "order": "name desc"},
    }

    def count(limit: int) -> int:
        statements.clear()
        found = run(
            models_registry,
            lambda env: env["x.thing"].web_search_read([["name", "=", marker]], spec, limit=limit),
        )
        assert len(found["records"]) == limit
        return len(statements)

    assert count(2) == count(12)


def test_web_save_creates_or_writes_then_reads(models_registry: Registry, things: Things) -> None:
    spec: dict[str, Any] = {"name": {}, "tag_id": {"fields": {"display_name": {}}}, "blob": {}}

    def create(env: Environment) -> Any:
        return env["x.thing"].web_save(
            {"name": "saved", "tag_id": things.tags["green"], "blob": "aGVsbG8="}, spec
        )

    [row] = run(models_registry, create)
    # binary fields as sizes: web_save reads with bin_size
    assert row == {
        "id": row["id"],
        "name": "saved",
        "tag_id": {"id": things.tags["green"], "display_name": "green"},
        "blob": "5.00 bytes",
    }
    [row] = run(
        models_registry,
        lambda env: env["x.thing"].browse([row["id"]]).web_save({"name": "renamed"}, {"name": {}}),
    )
    assert row == {"id": row["id"], "name": "renamed"}
    rows = run(
        models_registry,
        lambda env: (
            env["x.thing"]
            .browse([row["id"]])
            .web_save({"name": "again"}, {"name": {}}, next_id=things.second)
        ),
    )
    assert rows == [{"id": things.second, "name": "second"}]


# --- access rights: record rules and field groups ---------------------------------


@pytest.fixture(scope="module")
def ledgers(storage: Storage) -> Iterator[tuple[Registry, dict[str, int], int]]:
    """A database with groups, ledgers (a parent, a child, and a hidden one the
    rule keeps from internal users) and an internal user: (registry, ids, uid)."""
    with empty_database(storage, ("base", "tests.orm.testmodels")) as registry:

        def setup(env: Environment) -> tuple[dict[str, int], int]:
            upgrade_data(env)
            ledgers = env["x.ledger"]
            parent = ledgers.create({"name": "parent", "cost": 5.0})
            hidden = ledgers.create({"name": "hidden", "cost": 9.0})
            child = ledgers.create({"name": "child", "cost": 1.0, "parent_id": parent.id})
            orphan = ledgers.create({"name": "orphan", "parent_id": hidden.id})
            users = env["res.users"]
            # ids 1 and 2 are the superuser's and the admin's in every database
            company = a_company(env)
            users.create(
                [
                    {**company, "login": "__system__", "name": "Root"},
                    {**company, "login": "a", "name": "A"},
                ]
            )
            clerk = users.create({**company, "login": "clerk", "name": "Clerk"})
            env["ir.rule"].create(
                {
                    "name": "ledgers: not the hidden one",
                    "model_id": env["ir.model"]._get_id("x.ledger"),
                    "domain_force": "[('name', '!=', 'hidden')]",
                }
            )
            ids = {"parent": parent.id, "hidden": hidden.id, "child": child.id}
            return {**ids, "orphan": orphan.id}, clerk.id

        ids, clerk = with_superuser(registry, setup)
        grant(registry, "x.ledger")
        yield registry, ids, clerk


def as_clerk(ledgers: Any, work: Any) -> Any:
    """``work(env["x.ledger"])`` as the internal user (not in superuser mode)."""
    registry, _ids, clerk = ledgers
    return with_superuser(registry, lambda env: work(env(uid=clerk, su=False)["x.ledger"]))


def test_field_groups_apply_at_every_level(ledgers: Any) -> None:
    _registry, ids, _clerk = ledgers
    refused = (
        'You do not have enough rights to access the field "cost" on Test Ledger (x.ledger). '
        "Please contact your system administrator.\n\nOperation: read"
    )
    spec: dict[str, Any]
    for spec in (
        {"cost": {}},
        {"parent_id": {"fields": {"cost": {}}}},
        {"name": {}, "parent_id": {"fields": {"name": {}, "cost": {}}}},
    ):
        with pytest.raises(AccessError) as info:
            as_clerk(ledgers, lambda m, spec=spec: m.browse([ids["child"]]).web_read(spec))
        assert info.value.message == refused
    with pytest.raises(AccessError) as info:
        as_clerk(ledgers, lambda m: m.web_search_read([], {"cost": {}}))
    assert info.value.message == refused
    spec = {"parent_id": {"fields": {"name": {}}}}
    [row] = as_clerk(ledgers, lambda m: m.browse([ids["child"]]).web_read(spec))
    assert row["parent_id"] == {"id": ids["parent"], "name": "parent"}


def test_record_rules_filter_searches_and_refuse_reads(ledgers: Any) -> None:
    _registry, ids, _clerk = ledgers
    found = as_clerk(ledgers, lambda m: m.web_search_read([], {"name": {}}, order="name"))
    assert found == {
        "length": 3,
        "records": [
            {"id": ids["child"], "name": "child"},
            {"id": ids["orphan"], "name": "orphan"},
            {"id": ids["parent"], "name": "parent"},
        ],
    }
    with pytest.raises(AccessError):
        as_clerk(ledgers, lambda m: m.browse([ids["hidden"]]).web_read({"name": {}}))
    # a many2one to a hidden record: its display name alone is shown (read as the
    # superuser, as Odoo does), reading any other field of it is refused
    spec: dict[str, Any] = {"parent_id": {"fields": {"display_name": {}}}}
    [row] = as_clerk(ledgers, lambda m: m.browse([ids["orphan"]]).web_read(spec))
    assert row["parent_id"] == {"id": ids["hidden"], "display_name": "hidden"}
    spec = {"parent_id": {"fields": {"display_name": {}, "name": {}}}}
    with pytest.raises(AccessError):
        as_clerk(ledgers, lambda m: m.browse([ids["orphan"]]).web_read(spec))


# --- JSON-2, on the demo database -----------------------------------------------


@dataclass(frozen=True)
class Family:
    """A company partner with three contacts and two tags, made for one module."""

    token: str
    company: int
    kids: list[int]
    tags: list[int]
    country: int


@pytest.fixture(scope="module")
def family(registry: Registry) -> Family:
    token = unique("web")

    def work(env: Environment) -> Family:
        country = env["res.country"].search([["code", "=", "BE"]])
        tags = env["res.partner.category"].create(
            [{"name": f"{token} tag {n}", "color": n} for n in (1, 2)]
        )
        company = env["res.partner"].create(
            {
                "name": f"{token} Co",
                "is_company": True,
                "country_id": country.id,
                "category_id": [[6, 0, tags.ids]],
                "child_ids": [
                    [0, 0, {"name": f"{token} kid {n}", "email": f"kid{n}@example.com"}]
                    for n in (1, 2, 3)
                ],
            }
        )
        kids = sorted(company.child_ids.ids)
        return Family(token, company.id, kids, tags.ids, country.id)

    return with_superuser(registry, work)


def test_web_read_over_json2(api: Api, family: Family) -> None:
    spec = {
        "name": {},
        "country_id": {"fields": {"display_name": {}, "code": {}}},
        "category_id": {"fields": {"name": {}, "color": {}}},
        "child_ids": {"fields": {"name": {}}, "limit": 1, "order": "name desc"},
        "parent_id": {"fields": {"display_name": {}}},
    }
    [row] = assert_ok(
        api.call("res.partner", "web_read", {"ids": [family.company], "specification": spec})
    )
    kid1, kid2, kid3 = family.kids
    assert row == {
        "id": family.company,
        "name": f"{family.token} Co",
        "country_id": {"id": family.country, "code": "BE", "display_name": "Belgium"},
        "category_id": [
            {"id": family.tags[0], "name": f"{family.token} tag 1", "color": 1},
            {"id": family.tags[1], "name": f"{family.token} tag 2", "color": 2},
        ],
        "child_ids": [{"id": kid3, "name": f"{family.token} kid 3"}, {"id": kid2}, {"id": kid1}],
        "parent_id": False,
    }


def test_sub_spec_contexts_reach_the_co_records(api: Api, family: Family) -> None:
    spec = {
        "display_name": {},
        "child_ids": {"fields": {"display_name": {}}, "context": {"show_email": True}},
    }
    body = {"ids": [family.company], "specification": spec}
    [row] = assert_ok(api.call("res.partner", "web_read", body))
    assert row["display_name"] == f"{family.token} Co"
    first = row["child_ids"][0]
    assert first["display_name"] == (f"{family.token} Co, {family.token} kid 1 <kid1@example.com>")
    spec = {"parent_id": {"fields": {"display_name": {}}, "context": {"show_email": True}}}
    body = {"ids": [family.kids[0]], "specification": spec}
    [row] = assert_ok(api.call("res.partner", "web_read", body))
    assert row["parent_id"] == {"id": family.company, "display_name": f"{family.token} Co"}


def test_web_search_read_over_json2(api: Api, family: Family) -> None:
    body = {
        "domain": [["name", "ilike", family.token], ["is_company", "=", False]],
        "specification": {"name": {}, "parent_id": {"fields": {"display_name": {}}}},
        "limit": 2,
        "order": "name",
    }
    found = assert_ok(api.call("res.partner", "web_search_read", body))
    parent = {"id": family.company, "display_name": f"{family.token} Co"}
    assert found == {
        "length": 3,
        "records": [
            {"id": family.kids[0], "name": f"{family.token} kid 1", "parent_id": parent},
            {"id": family.kids[1], "name": f"{family.token} kid 2", "parent_id": parent},
        ],
    }
    body = {"domain": [["id", "=", -1]], "specification": {"name": {}}}
    assert assert_ok(api.call("res.partner", "web_search_read", body)) == {
        "length": 0,
        "records": [],
    }


def test_the_request_context_reaches_web_search_read_records(api: Api, family: Family) -> None:
    """The body's context (show_email) names the records found; a sub-spec's context
    names the co-records (the company has no email, so no address)."""
    kid1 = family.kids[0]
    body = {
        "domain": [["id", "=", kid1]],
        "specification": {
            "display_name": {},
            "parent_id": {"fields": {"display_name": {}}, "context": {"show_email": True}},
        },
        "context": {"show_email": True},
    }
    assert assert_ok(api.call("res.partner", "web_search_read", body)) == {
        "length": 1,
        "records": [
            {
                "id": kid1,
                "display_name": f"{family.token} Co, {family.token} kid 1 <kid1@example.com>",
                "parent_id": {"id": family.company, "display_name": f"{family.token} Co"},
            }
        ],
    }


def test_tags_list_their_partners_by_id(api: Api, family: Family) -> None:
    """A many2many with an empty sub-spec reads as ids, here the inverse of category_id."""
    body = {
        "domain": [["name", "ilike", family.token]],
        "specification": {"name": {}, "color": {}, "partner_ids": {}},
        "order": "name desc",
    }
    first, second = family.tags
    assert assert_ok(api.call("res.partner.category", "web_search_read", body)) == {
        "length": 2,
        "records": [
            {"id": second, "name": f"{family.token} tag 2", "color": 2,
             "partner_ids": [family.company]},
            {"id": first, "name": f"{family.token} tag 1", "color": 1,
             "partner_ids": [family.company]},
        ],
    }  # fmt: skip


def test_web_save_over_json2(api: Api, family: Family) -> None:
    body = {
        "vals": {"name": f"{family.token} saved", "parent_id": family.company},
        "specification": {"display_name": {}, "parent_id": {}},
    }
    [row] = assert_ok(api.call("res.partner", "web_save", body))
    assert row == {
        "id": row["id"],
        "display_name": f"{family.token} Co, {family.token} saved",
        "parent_id": family.company,
    }
    body = {"ids": [row["id"]], "vals": {"function": "Tester"}, "specification": {"function": {}}}
    assert assert_ok(api.call("res.partner", "web_save", body)) == [
        {"id": row["id"], "function": "Tester"}
    ]


def test_web_name_search_over_json2(api: Api, family: Family) -> None:
    body = {"name": f"{family.token} kid 2", "specification": {"display_name": {}}}
    found = assert_ok(api.call("res.partner", "web_name_search", body))
    label = f"{family.token} Co, {family.token} kid 2"
    formatted = f"{family.token} Co \t --{family.token} kid 2--"  # as Odoo 19 formats a contact
    assert found == [
        {"id": family.kids[1], "display_name": label, "__formatted_display_name": formatted}
    ]
    body = {"name": f"{family.token} kid 2", "specification": {"email": {}}}
    found = assert_ok(api.call("res.partner", "web_name_search", body))
    assert found == [{"id": family.kids[1], "email": "kid2@example.com"}]


def test_json2_errors(api: Api, family: Family) -> None:
    body: dict[str, Any] = {"ids": [family.company], "specification": {"no_such_field": {}}}
    message = "Invalid field 'no_such_field' on 'res.partner'"
    error = assert_error(api.call("res.partner", "web_read", body), 500, "builtins.ValueError")
    assert error["message"] == message and error["arguments"] == [message]
    assert_error(
        api.call("res.partner", "web_read", {"ids": [family.company]}),
        422,
        "werkzeug.exceptions.UnprocessableEntity",
        "missing a required argument: 'specification'",
    )
    body = {"ids": [family.company], "domain": [], "specification": {}}
    assert_error(
        api.call("res.partner", "web_search_read", body),
        422,
        "werkzeug.exceptions.UnprocessableEntity",
        "cannot call res.partner.web_search_read with ids",
    )
    body = {"ids": [family.company], "specification": {"child_ids": {"order": "nope"}}}
    assert_error(api.call("res.partner", "web_read", body), 500, "builtins.ValueError")


def test_record_rules_over_json2(api: Api, registry: Registry, family: Family) -> None:
    """A portal user sees its company and its contacts only: the family is hidden
    from its searches, and reading it is refused."""
    portal = new_user(registry, groups=["base.group_portal"])
    name = unique("portal co")

    def attach(env: Environment) -> tuple[int, int]:
        company = env["res.partner"].create({"name": name, "is_company": True})
        partner = env["res.users"].browse([portal.uid]).partner_id
        partner.write({"parent_id": company.id})
        return int(company.id), int(partner.id)

    company, partner = with_superuser(registry, attach)
    spec: dict[str, Any] = {"parent_id": {"fields": {"display_name": {}, "child_ids": {}}}}
    body = {"ids": [partner], "specification": spec}
    [row] = assert_ok(api.call("res.partner", "web_read", body, key=portal.key))
    assert row["parent_id"] == {"id": company, "display_name": name, "child_ids": [partner]}
    body = {"domain": [["name", "ilike", family.token]], "specification": {"name": {}}}
    found = assert_ok(api.call("res.partner", "web_search_read", body, key=portal.key))
    assert found == {"length": 0, "records": []}
    body = {"ids": [family.company], "specification": {"name": {}}}
    assert_error(api.call("res.partner", "web_read", body, key=portal.key), 403, ACCESS_ERROR)


# --- web_read_group ---------------------------------------------------------------


def read_groups(registry: Registry, things: Things, groupby: list[str], **kwargs: Any) -> Any:
    """``x.line.web_read_group`` over the lines of the two things, as the superuser."""
    domain = [["thing_id", "in", [things.first, things.second]]]
    return run(registry, lambda env: env["x.line"].web_read_group(domain, groupby, **kwargs))


def test_web_read_group_gives_the_groups_and_their_number(
    models_registry: Registry, things: Things
) -> None:
    first, second = things.first, things.second
    found = read_groups(models_registry, things, ["thing_id"])
    assert found == {
        "groups": [
            {
                "thing_id": [first, "first"],
                "__extra_domain": [["thing_id", "=", first]],
                "__count": 3,
            },
            {
                "thing_id": [second, "second"],
                "__extra_domain": [["thing_id", "=", second]],
                "__count": 2,
            },
        ],
        "length": 2,
    }
    page = read_groups(models_registry, things, ["thing_id"], limit=1, order="thing_id desc")
    assert [g["thing_id"][0] for g in page["groups"]] == [second]
    assert page["length"] == 2  # the page is full: the groups are counted
    page = read_groups(models_registry, things, ["thing_id"], offset=1)
    assert [g["thing_id"][0] for g in page["groups"]] == [second] and page["length"] == 2
    with pytest.raises(ValueError, match=r"^Invalid order 'thing_id sideways' for"):
        read_groups(models_registry, things, ["thing_id"], order="thing_id sideways")


def test_web_read_group_opens_groups(models_registry: Registry, things: Things) -> None:
    lines, second = things.lines, things.second_lines
    spec: dict[str, Any] = {"name": {}}
    found = read_groups(
        models_registry,
        things,
        ["thing_id"],
        auto_unfold=True,
        unfold_read_specification=spec,
        unfold_read_default_limit=2,
        groupby_read_specification={"thing_id": {"name": {}}},
    )
    first_group, second_group = found["groups"]
    # the records of each group, in the model's order (id), the first two
    assert first_group["__records"] == [
        {"id": lines["c-line"], "name": "c-line"},
        {"id": lines["a-line"], "name": "a-line"},
    ]
    assert first_group["__values"] == {"id": things.first, "name": "first"}
    assert second_group["__records"] == [
        {"id": second["z-line"], "name": "z-line"},
        {"id": second["y-line"], "name": "y-line"},
    ]
    # opening_info opens what the client had open, with its own limit and offset
    found = read_groups(
        models_registry,
        things,
        ["thing_id"],
        opening_info=[
            {"value": things.first, "folded": True},
            {"value": things.second, "folded": False, "limit": 1, "offset": 1},
        ],
        unfold_read_specification=spec,
        order="name",
    )
    first_group, second_group = found["groups"]
    assert "__records" not in first_group
    assert second_group["__records"] == [{"id": second["z-line"], "name": "z-line"}]


def test_web_read_group_opens_sub_levels(models_registry: Registry, things: Things) -> None:
    found = read_groups(
        models_registry,
        things,
        ["thing_id", "name"],
        opening_info=[
            {
                "value": things.first,
                "folded": False,
                "limit": 80,
                "offset": 0,
                "groups": [{"value": "d-line", "folded": False, "limit": 80, "offset": 0}],
            }
        ],
        unfold_read_specification={"name": {}},
    )
    first_group, second_group = found["groups"]
    assert "__groups" not in second_group
    sub = first_group["__groups"]
    assert sub["length"] == 3
    assert [g["name"] for g in sub["groups"]] == ["a-line", "c-line", "d-line"]
    assert [g.get("__records") for g in sub["groups"]] == [
        None,
        None,
        [{"id": things.lines["d-line"], "name": "d-line"}],
    ]
    assert sub["groups"][2]["__extra_domain"] == [["name", "=", "d-line"]]


def test_web_read_group_ignores_opening_settings_it_cannot_use(
    models_registry: Registry, things: Things
) -> None:
    """A client's malformed opening_info entries and a max_number_opened_groups that
    is not a number are passed over, not a KeyError or TypeError."""
    domain = [["thing_id", "in", [things.first, things.second]]]

    def auto_unfold(env: Environment) -> Any:
        lines = env["x.line"].with_context(max_number_opened_groups="all")
        return lines.web_read_group(
            domain, ["thing_id"], auto_unfold=True, unfold_read_specification={"name": {}}
        )

    opened = run(models_registry, auto_unfold)["groups"]
    assert [len(group["__records"]) for group in opened] == [3, 2]  # the default: up to 10
    found = read_groups(
        models_registry,
        things,
        ["thing_id"],
        opening_info=[
            {"folded": False},
            "junk",
            {"value": [things.first, "first"], "folded": False},
            {"value": things.second, "folded": False, "limit": 1},
        ],
        unfold_read_specification={"name": {}},
    )
    first_group, second_group = found["groups"]
    assert "__records" not in first_group
    assert second_group["__records"] == [{"id": things.second_lines["z-line"], "name": "z-line"}]


def test_web_read_group_over_json2(api: Api, family: Family) -> None:
    body = {
        "domain": [["id", "in", [family.company, *family.kids]]],
        "groupby": ["parent_id"],
        "aggregates": ["__count"],
    }
    found = assert_ok(api.call("res.partner", "web_read_group", body))
    assert found == {
        "groups": [
            {
                "parent_id": [family.company, f"{family.token} Co"],
                "__extra_domain": [["parent_id", "=", family.company]],
                "__count": 3,
            },
            {"parent_id": False, "__extra_domain": [["parent_id", "=", False]], "__count": 1},
        ],
        "length": 2,
    }
