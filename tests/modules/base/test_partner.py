"""res.partner and res.users: stored computed names and commercial partners, the
user's name living on its partner (docs/internals/orm-behaviour.md, "Core models");
name_search and name_create over JSON-2 on partners, countries, currencies and tags."""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa

from jsontwo.db import IntegrityFailure
from jsontwo.exceptions import ValidationError
from jsontwo.orm import Environment, Registry
from jsontwo.orm.integrity import integrity_message
from jsontwo.service.databases import with_superuser
from tests.conftest import Api
from tests.http.test_json2 import assert_error, assert_ok


def unique(prefix: str) -> str:
    """A name no other test uses (the database is shared by the module)."""
    return f"{prefix} {uuid.uuid4().hex[:8]}"


def names(env: Environment, ids: list[int]) -> list[Any]:
    """``(display_name, complete_name, commercial_partner_id)`` of partners, in order."""
    rows = env["res.partner"].browse(ids).read(["display_name", "commercial_partner_id"])
    complete = env["res.partner"].browse(ids).read(["complete_name"], load=None)
    return [
        (row["display_name"], other["complete_name"], row["commercial_partner_id"][0])
        for row, other in zip(rows, complete, strict=True)
    ]


def test_a_person_in_a_company_is_named_after_it(registry: Registry) -> None:
    acme, jane = unique("Acme"), unique("Jane")

    def work(env: Environment) -> Any:
        company = env["res.partner"].create({"name": acme, "is_company": True})
        person = env["res.partner"].create({"name": jane, "parent_id": company.id})
        loner = env["res.partner"].create({"name": f"{jane} alone"})
        return company.id, person.id, loner.id, names(env, [company.id, person.id, loner.id])

    company, person, loner, got = with_superuser(registry, work)
    assert got == [
        (acme, acme, company),
        (f"{acme}, {jane}", f"{acme}, {jane}", company),
        (f"{jane} alone", f"{jane} alone", loner),
    ]
    rows = with_superuser(
        registry, lambda env: env["res.partner"].browse(person).read(["parent_id"])
    )
    assert rows[0]["parent_id"] == [company, acme]


def test_renaming_the_company_renames_its_people(registry: Registry) -> None:
    acme, jane = unique("Acme"), unique("Jane")

    def work(env: Environment) -> Any:
        company = env["res.partner"].create({"name": acme, "is_company": True})
        people = env["res.partner"].create(
            [{"name": jane, "parent_id": company.id}, {"name": "Bob", "parent_id": company.id}]
        )
        company.write({"name": f"{acme} Corp"})
        return names(env, people.ids), company.id

    got, company = with_superuser(registry, work)
    assert got == [
        (f"{acme} Corp, {jane}", f"{acme} Corp, {jane}", company),
        (f"{acme} Corp, Bob", f"{acme} Corp, Bob", company),
    ]
    found = with_superuser(
        registry,
        lambda env: env["res.partner"].search([["complete_name", "=", f"{acme} Corp, Bob"]]).ids,
    )
    assert len(found) == 1


def test_changing_a_persons_company_renames_the_person(registry: Registry) -> None:
    first, second, jane = unique("First"), unique("Second"), unique("Jane")

    def work(env: Environment) -> Any:
        a, b = env["res.partner"].create(
            [{"name": first, "is_company": True}, {"name": second, "is_company": True}]
        )
        person = env["res.partner"].create({"name": jane, "parent_id": a.id})
        steps = [names(env, person.ids)[0]]
        person.write({"parent_id": b.id})
        steps.append(names(env, person.ids)[0])
        person.write({"parent_id": False})
        steps.append(names(env, person.ids)[0])
        return a.id, b.id, person.id, steps

    a, b, person, steps = with_superuser(registry, work)
    assert steps == [
        (f"{first}, {jane}", f"{first}, {jane}", a),
        (f"{second}, {jane}", f"{second}, {jane}", b),
        (jane, jane, person),
    ]


def test_commercial_partner_is_the_topmost_company(registry: Registry) -> None:
    def work(env: Environment) -> Any:
        Partner = env["res.partner"]
        holding = Partner.create({"name": unique("Holding"), "is_company": True})
        branch = Partner.create({"name": unique("Branch"), "parent_id": holding.id})
        clerk = Partner.create({"name": unique("Clerk"), "parent_id": branch.id})
        before = names(env, [branch.id, clerk.id])
        branch.write({"is_company": True})  # a company is its own commercial partner
        after = names(env, [branch.id, clerk.id])
        return holding.id, branch.id, before, after

    holding, branch, before, after = with_superuser(registry, work)
    assert [row[2] for row in before] == [holding, holding]
    assert [row[2] for row in after] == [branch, branch]
    # a company under a company is not prefixed; its people take the commercial name
    branch_name, clerk_name = after[0][0], after[1][0]
    assert ", " not in branch_name
    assert clerk_name.startswith(f"{branch_name}, ")


def test_unnamed_addresses_are_named_by_their_type(registry: Registry) -> None:
    acme = unique("Acme")

    def work(env: Environment) -> Any:
        company = env["res.partner"].create({"name": acme, "is_company": True})
        address = env["res.partner"].create(
            {"type": "delivery", "parent_id": company.id, "name": False}
        )
        return names(env, address.ids)[0][:2], address.read(["name", "type"])[0]

    (display, complete), row = with_superuser(registry, work)
    assert display == complete == f"{acme}, Delivery"
    assert (row["name"], row["type"]) == (False, "delivery")


def test_contacts_require_a_name(registry: Registry) -> None:
    with pytest.raises(IntegrityFailure) as info:
        with_superuser(registry, lambda env: env["res.partner"].create({"email": "x@example.com"}))
    message = integrity_message(registry, info.value)
    assert message == "The operation cannot be completed: Contacts require a name"


def test_address_types_and_company_type(registry: Registry) -> None:
    desc = with_superuser(
        registry, lambda env: env["res.partner"].fields_get(["type", "company_type"], ["selection"])
    )
    assert desc["type"]["selection"] == [
        ["contact", "Contact"],
        ["invoice", "Invoice"],
        ["delivery", "Delivery"],
        ["other", "Other"],
    ]
    rows = with_superuser(
        registry,
        lambda env: (
            env["res.partner"]
            .create([{"name": unique("Co"), "is_company": True}, {"name": unique("Person")}])
            .read(["company_type", "type"])
        ),
    )
    assert [(r["company_type"], r["type"]) for r in rows] == [
        ("company", "contact"),
        ("person", "contact"),
    ]


def test_child_ids_list_active_children_in_partner_order(registry: Registry) -> None:
    def work(env: Environment) -> Any:
        company = env["res.partner"].create({"name": unique("Parent"), "is_company": True})
        kids = env["res.partner"].create(
            [
                {"name": "Zed", "parent_id": company.id},
                {"name": "Amy", "parent_id": company.id},
                {"name": "Old", "parent_id": company.id, "active": False},
            ]
        )
        return kids.ids, company.read(["child_ids"])[0]["child_ids"]

    (zed, amy, _old), child_ids = with_superuser(registry, work)
    assert child_ids == [amy, zed]  # by complete_name; the archived child is left out


def test_default_order_is_complete_name_then_newest(registry: Registry) -> None:
    same = unique("Same")

    def work(env: Environment) -> Any:
        created = env["res.partner"].create([{"name": same}, {"name": same}, {"name": f"A{same}"}])
        return created.ids, env["res.partner"].search([["name", "ilike", same]]).ids

    (first, second, third), found = with_superuser(registry, work)
    assert found == [third, second, first]


def test_a_users_name_is_its_partners(registry: Registry) -> None:
    login, name = unique("login").replace(" ", "-"), unique("User")

    def work(env: Environment) -> Any:
        user = env["res.users"].create({"login": login, "name": name, "email": "u@example.com"})
        partner = user.partner_id
        first = user.read(["name", "email", "partner_id"])[0]
        partner.write({"name": f"{name} Renamed"})
        second = user.read(["name", "display_name"])[0]
        user.write({"name": f"{name} Again"})
        return (
            first,
            second,
            partner.read(["name"])[0]["name"],
            partner.id,
            env["res.users"].search([["name", "=", f"{name} Again"]]).ids,
            user.id,
        )

    first, second, partner_name, partner, by_name, user = with_superuser(registry, work)
    assert first["name"] == name and first["email"] == "u@example.com"
    assert first["partner_id"] == [partner, name]
    assert second["name"] == second["display_name"] == f"{name} Renamed"
    assert partner_name == f"{name} Again"  # writing the user's name writes its partner's
    assert by_name == [user]


def test_demo_admin_is_mitchell_admin(registry: Registry) -> None:
    row = with_superuser(registry, lambda env: env["res.users"].browse(2).read(["name", "login"]))
    assert row == [{"id": 2, "name": "Mitchell Admin", "login": "admin"}]


def test_company_type_writes_is_company(registry: Registry) -> None:
    def work(env: Environment) -> Any:
        partner = env["res.partner"].create({"name": unique("Typed"), "company_type": "company"})
        created = partner.read(["is_company", "company_type"])[0]
        partner.write({"company_type": "person"})
        return created, partner.read(["is_company", "company_type"])[0]

    created, written = with_superuser(registry, work)
    assert (created["is_company"], created["company_type"]) == (True, "company")
    assert (written["is_company"], written["company_type"]) == (False, "person")
    with pytest.raises(
        ValueError, match=re.escape("Wrong value for res.partner.company_type: 'x'")
    ):
        with_superuser(
            registry, lambda env: env["res.partner"].create({"name": "t", "company_type": "x"})
        )


def test_recursive_parents_are_refused(registry: Registry) -> None:
    def setup(env: Environment) -> list[int]:
        top = env["res.partner"].create({"name": unique("Top"), "is_company": True})
        mid = env["res.partner"].create({"name": unique("Mid"), "parent_id": top.id})
        low = env["res.partner"].create({"name": unique("Low"), "parent_id": mid.id})
        return [top.id, mid.id, low.id]

    top, mid, low = with_superuser(registry, setup)
    for rid, parent in ((top, low), (mid, mid)):

        def reparent(env: Environment, r: int = rid, p: int = parent) -> Any:
            return env["res.partner"].browse(r).write({"parent_id": p})

        with pytest.raises(
            ValidationError, match=re.escape("You cannot create recursive Partner hierarchies.")
        ):
            with_superuser(registry, reparent)
    parents = with_superuser(
        registry, lambda env: env["res.partner"].browse(top).read(["parent_id"], load=None)
    )
    assert parents == [{"id": top, "parent_id": False}]


def test_partner_field_defaults_and_normalisation(registry: Registry) -> None:
    def work(env: Environment) -> Any:
        partners = env["res.partner"].create(
            [
                {"name": unique("Web"), "website": "www.example.com"},
                {"name": unique("Web"), "website": "https://example.org/x"},
                {"name": unique("Lang"), "lang": "xx_XX"},  # any language code, as in Odoo
                # any value: Odoo stores its text (a server fault on SQLite before)
                {"name": unique("Lang"), "lang": {"a": None}},
                {"name": unique("Lang"), "lang": ["en_US"]},
            ]
        )
        return partners.read(["website", "lang", "color"])

    rows = with_superuser(registry, work)
    assert [r["website"] for r in rows] == [
        "http://www.example.com",
        "https://example.org/x",
        False,
        False,
        False,
    ]
    assert [r["lang"] for r in rows] == ["en_US", "en_US", "xx_XX", "{'a': None}", "['en_US']"]
    assert [r["color"] for r in rows] == [0, 0, 0, 0, 0]
    langs = with_superuser(
        registry, lambda env: env["res.users"].fields_get(["lang"], ["selection"])
    )
    assert langs == {"lang": {"selection": [["en_US", "English (US)"]]}}


def test_partners_order_by_their_company(registry: Registry) -> None:
    prefix = unique("Ordered")

    def work(env: Environment) -> Any:
        zeta, alpha = env["res.partner"].create(
            [
                {"name": f"{prefix} Zeta", "is_company": True},
                {"name": f"{prefix} Alpha", "is_company": True},
            ]
        )
        people = env["res.partner"].create(
            [
                {"name": f"{prefix} n3", "parent_id": alpha.id},
                {"name": f"{prefix} n1", "parent_id": zeta.id},
                {"name": f"{prefix} n5"},
                {"name": f"{prefix} n2", "parent_id": alpha.id},
            ]
        )
        found = env["res.partner"].search(
            [["name", "=like", f"{prefix} n%"]], order="parent_id desc, name"
        )
        return people.ids, found.ids

    (n3, n1, n5, n2), found = with_superuser(registry, work)
    assert found == [n5, n1, n2, n3]  # no company first (desc), then Zeta, then Alpha


# --- name_search / name_create over JSON-2 ---------------------------------------------
@dataclass(frozen=True)
class Searched:
    """A company (with an email and a reference), a contact of it and three loose partners."""

    token: str
    ids: dict[str, int]


@pytest.fixture(scope="module")
def searched(api: Api) -> Searched:
    """The partners the name_search tests look for, made once per module."""
    token = uuid.uuid4().hex[:8]
    company = {
        "name": f"{token} Search Co",
        "is_company": True,
        "email": f"co@{token}.example.com",
        "ref": f"NS-{token}",
    }
    loose = [{"name": f"{token} {name}"} for name in ("Apple", "Apricot", "Banana")]
    body = {"vals_list": [company, *loose]}
    co, apple, apricot, banana = assert_ok(api.call("res.partner", "create", body))
    contact = {"name": f"{token} Apex Person", "parent_id": co}
    [apex] = assert_ok(api.call("res.partner", "create", {"vals_list": contact}))
    ids = {"co": co, "apple": apple, "apricot": apricot, "banana": banana, "apex": apex}
    return Searched(token, ids)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            {"name": "{t} Ap"},
            [("apple", "{t} Apple"), ("apricot", "{t} Apricot"),
             ("apex", "{t} Search Co, {t} Apex Person")],
            id="contact-by-its-company-prefixed-name-in-partner-order",
        ),
        pytest.param(
            {"name": "{t} Search Co, {t} Apex"},
            [("apex", "{t} Search Co, {t} Apex Person")],
            id="company-and-contact-name-together",
        ),
        pytest.param({"name": "NS-{t}"}, [("co", "{t} Search Co")], id="by-reference"),
        pytest.param({"name": "co@{t}.example"}, [("co", "{t} Search Co")], id="by-email"),
        pytest.param(
            {"name": "{t}", "domain": [["is_company", "=", True]]},
            [("co", "{t} Search Co")],
            id="domain-restricts",
        ),
        pytest.param({"name": "{t} zzz"}, [], id="no-match-is-empty"),
    ],
)  # fmt: skip
def test_name_search_of_partners_over_json2(
    api: Api, searched: Searched, body: dict[str, Any], expected: list[tuple[str, str]]
) -> None:
    """name_search on partners matches complete names, emails and references, as pairs."""
    sent = json.loads(json.dumps(body).replace("{t}", searched.token))
    found = assert_ok(api.call("res.partner", "name_search", sent))
    assert found == [
        [searched.ids[key], label.replace("{t}", searched.token)] for key, label in expected
    ]


def test_name_search_of_countries_and_currencies_over_json2(api: Api) -> None:
    """Countries are found by name or code, currencies by code; archived ones are not."""
    [belgium] = assert_ok(api.call("res.country", "search", {"domain": [["code", "=", "BE"]]}))
    [usd] = assert_ok(api.call("res.currency", "search", {"domain": [["name", "=", "USD"]]}))

    def name_search(model: str, name: str, operator: str = "ilike") -> Any:
        body = {"name": name, "operator": operator}
        return assert_ok(api.call(model, "name_search", body))

    assert name_search("res.country", "Belgi") == [[belgium, "Belgium"]]
    assert name_search("res.country", "BE", "=") == [[belgium, "Belgium"]]
    assert name_search("res.currency", "USD", "=") == [[usd, "USD"]]
    # XAF exists, archived: name_search leaves it out like any search
    archived = {"domain": [["name", "=", "XAF"]], "context": {"active_test": False}}
    assert len(assert_ok(api.call("res.currency", "search", archived))) == 1
    assert name_search("res.currency", "XAF", "=") == []


def test_name_create_over_json2(api: Api) -> None:
    """name_create answers ``[id, display name]``; the partner is a contact person."""
    name = unique("Created By Name")
    [pid, label] = assert_ok(api.call("res.partner", "name_create", {"name": name}))
    assert label == name
    body = {"ids": [pid], "fields": ["name", "is_company", "type"]}
    assert assert_ok(api.call("res.partner", "read", body)) == [
        {"id": pid, "name": name, "is_company": False, "type": "contact"}
    ]
    tag = unique("NC Tag")
    [tag_id, tag_label] = assert_ok(api.call("res.partner.category", "name_create", {"name": tag}))
    assert tag_label == tag
    found = assert_ok(api.call("res.partner.category", "name_search", {"name": tag}))
    assert found == [[tag_id, tag]]
    assert_error(
        api.call("res.partner", "name_create", {}),
        422,
        "werkzeug.exceptions.UnprocessableEntity",
        "missing a required argument: 'name'",
    )


# 1x1 pictures (a PNG, a GIF)
PNG_IMAGE = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
GIF_IMAGE = "R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"


def test_the_smaller_images_follow_image_1920(api: Api) -> None:
    """image_1024..image_128 are stored images taken from image_1920 whenever it is
    written (as Odoo's stored related images; kept as given, not resized), and
    writing one writes image_1920; fields_get describes them as Odoo does."""

    def call(model: str, method: str, body: dict[str, Any]) -> Any:
        return assert_ok(api.call(model, method, body))

    names = ["image_1920", "image_1024", "image_512", "image_256", "image_128"]
    [pid] = call("res.partner", "create", {"vals_list": {"name": "Pic", "image_1920": PNG_IMAGE}})
    [row] = call("res.partner", "read", {"ids": [pid], "fields": names})
    assert all(row[name] == PNG_IMAGE for name in names)
    call("res.partner", "write", {"ids": [pid], "vals": {"image_128": GIF_IMAGE}})
    [row] = call("res.partner", "read", {"ids": [pid], "fields": names})
    assert all(row[name] == GIF_IMAGE for name in names)
    call("res.partner", "write", {"ids": [pid], "vals": {"image_1920": False}})
    [row] = call("res.partner", "read", {"ids": [pid], "fields": names})
    assert not any(row[name] for name in names)
    desc = call("res.partner", "fields_get", {"allfields": ["image_128"]})["image_128"]
    assert desc["store"] is True and desc["attachment"] is True and desc["readonly"] is True
    assert desc["related"] == "image_1920" and desc["depends"] == ["image_1920"]
    assert desc["sortable"] is False and desc["groupable"] is False
    user_desc = call("res.users", "fields_get", {"allfields": ["image_128"]})["image_128"]
    assert user_desc["related"] == "partner_id.image_128"


def test_grouping_contacts_by_country_reads_one_index(
    registry: Registry, statements: list[str]
) -> None:
    """The contacts grouped by country (a list's usual grouping) are counted from
    the (country_id, active) index alone, without visiting the wide rows."""

    def group(env: Environment) -> list[dict[str, Any]]:
        statements.clear()
        return env["res.partner"].formatted_read_group([], ["country_id"], ["__count"])

    groups = with_superuser(registry, group)
    counts = {g["country_id"][0]: g["__count"] for g in groups if g["country_id"]}
    assert counts

    def each_count(env: Environment) -> dict[int, int]:
        partners = env["res.partner"]
        return {c: partners.search_count([["country_id", "=", c]]) for c in counts}

    assert counts == with_superuser(registry, each_count)
    (sql,) = [s for s in statements if "GROUP BY" in s.upper()]
    assert_reads_only_index(registry, sql, ["country_id", "active"])


def test_a_list_of_companies_counts_them_from_one_index(
    registry: Registry, statements: list[str]
) -> None:
    """web_search_read's length of a list of companies is counted from the
    (is_company, active) index alone."""

    def companies(env: Environment) -> dict[str, Any]:
        statements.clear()
        spec: dict[str, Any] = {"name": {}, "country_id": {"fields": {"display_name": {}}}}
        return env["res.partner"].web_search_read([["is_company", "=", True]], spec, limit=2)

    answer = with_superuser(registry, companies)
    assert len(answer["records"]) == 2
    assert answer["length"] == with_superuser(
        registry, lambda env: len(env["res.partner"].search([["is_company", "=", True]]))
    )
    (sql,) = [s for s in statements if "COUNT(" in s.upper()]
    assert_reads_only_index(registry, sql, ["is_company", "active"])


def assert_reads_only_index(registry: Registry, sql: str, columns: list[str]) -> None:
    """SQLite answers ``sql`` from the partners' index on ``columns`` alone; on
    PostgreSQL (which picks an index from its own statistics) the index is there."""
    database = registry.database
    if database.dialect.is_sqlite:
        with database.connection() as conn:
            plan = " ".join(str(row[-1]) for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
        assert f"COVERING INDEX ix_res_partner_{'_'.join(columns)}" in plan
    else:
        indexes = sa.inspect(database.engine).get_indexes("res_partner")
        assert columns in [index["column_names"] for index in indexes]
