"""The credit limit per company, as Odoo 19's company-dependent field, over
JSON-2 on both backends: each company of ``allowed_company_ids`` (its first is
the current one) has its own limit, read, written, searched, sorted and
grouped; ``use_partner_credit_limit`` follows it."""

from __future__ import annotations

from typing import Any

import pytest

from jsontwo.orm import Registry
from tests.conftest import Api
from tests.http.test_json2 import assert_ok
from tests.modules.base.companies import second_company

FIELDS = ["credit_limit", "use_partner_credit_limit"]


@pytest.fixture(scope="module")
def companies(registry: Registry) -> tuple[int, int]:
    """The main company and a second one the admin may use."""
    return 1, second_company(registry)


def call(api: Api, method: str, body: dict[str, Any], company: int | None = None) -> Any:
    if company is not None:
        body = {**body, "context": {"allowed_company_ids": [company]}}
    return assert_ok(api.call("res.partner", method, body))


def test_fields_get_says_company_dependent(api: Api) -> None:
    described = call(
        api,
        "fields_get",
        {
            "allfields": FIELDS,
            "attributes": [
                "type",
                "store",
                "company_dependent",
                "sortable",
                "groupable",
                "searchable",
                "aggregator",
                "depends",
            ],
        },
    )
    assert described == {
        "credit_limit": {
            "type": "float",
            "store": True,
            "company_dependent": True,
            "sortable": True,
            "groupable": True,
            "searchable": True,
            "aggregator": "sum",
            "depends": [],
        },
        "use_partner_credit_limit": {
            "type": "boolean",
            "store": False,
            "company_dependent": False,
            "sortable": False,
            "groupable": False,
            "searchable": False,
            "depends": [],
        },
    }


def test_each_company_has_its_own_limit(api: Api, companies: tuple[int, int]) -> None:
    main, other = companies
    [partner] = call(
        api, "create", {"vals_list": [{"name": "Credit per company", "credit_limit": 100}]}
    )
    read = lambda company: call(api, "read", {"ids": [partner], "fields": FIELDS}, company)  # noqa: E731
    assert read(main) == [{"id": partner, "credit_limit": 100.0, "use_partner_credit_limit": True}]
    assert read(other) == [{"id": partner, "credit_limit": 0.0, "use_partner_credit_limit": False}]
    call(api, "write", {"ids": [partner], "vals": {"credit_limit": 250}}, other)
    assert read(main)[0]["credit_limit"] == 100.0
    assert read(other)[0]["credit_limit"] == 250.0
    # unticking the limit sets it back to 0, for the current company only
    call(api, "write", {"ids": [partner], "vals": {"use_partner_credit_limit": False}}, main)
    assert read(main)[0] == {"id": partner, "credit_limit": 0.0, "use_partner_credit_limit": False}
    assert read(other)[0]["credit_limit"] == 250.0


def test_search_sort_and_group_by_the_current_companys_limit(
    api: Api, companies: tuple[int, int]
) -> None:
    main, other = companies
    ids = call(
        api,
        "create",
        {
            "vals_list": [
                {"name": "Credit sort A", "credit_limit": 10},
                {"name": "Credit sort B", "credit_limit": 30},
                {"name": "Credit sort C"},
            ]
        },
    )
    call(api, "write", {"ids": [ids[2]], "vals": {"credit_limit": 50}}, other)
    mine = [["name", "like", "Credit sort"]]
    found = lambda domain, company: call(api, "search", {"domain": mine + domain}, company)  # noqa: E731
    assert sorted(found([["credit_limit", ">", 5]], main)) == ids[:2]
    assert found([["credit_limit", "=", 0]], main) == [ids[2]]
    assert found([["credit_limit", "=", 50]], other) == [ids[2]]
    assert found([["credit_limit", "in", [10.0, 50.0]]], main) == [ids[0]]
    ordered = lambda company: call(  # noqa: E731
        api, "search", {"domain": mine, "order": "credit_limit desc, id"}, company
    )
    assert ordered(main) == [ids[1], ids[0], ids[2]]
    assert ordered(other) == [ids[2], ids[0], ids[1]]  # 50, then the zeros by id
    groups = call(
        api,
        "formatted_read_group",
        {"domain": mine, "groupby": ["credit_limit"], "aggregates": ["credit_limit:sum"]},
        other,
    )
    assert [(g["credit_limit"], g["credit_limit:sum"]) for g in groups] == [
        (0.0, 0.0),
        (50.0, 50.0),
    ]
