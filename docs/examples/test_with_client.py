"""An integration's tests written with jsontwo's Python client (docs/testing.md).

``jsontwo_client`` is a :class:`jsontwo.client.Client` signed in as ``admin`` on
the test's own database (a fresh copy of the demo data).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from jsontwo.client import AccessError, Client
from jsontwo.pytest_plugin import JsontwoServer


def test_the_demo_data_is_there(jsontwo_client: Client) -> None:
    domain = [["name", "ilike", "acme"], ["is_company", "=", True]]
    rows = jsontwo_client["res.partner"].search_read(domain, fields=["name"])
    assert [row["name"] for row in rows] == ["Acme Corporation"]


def test_a_new_company_is_found(jsontwo_client: Client) -> None:
    partners = jsontwo_client["res.partner"]
    partners.create([{"name": "Globex Corporation", "is_company": True}])
    assert partners.search_count([["name", "=", "Globex Corporation"]]) == 1


def test_each_test_has_a_database_of_its_own(jsontwo_client: Client) -> None:
    # the company the test above created is not in this test's database
    assert jsontwo_client["res.partner"].search_count([["name", "=", "Globex Corporation"]]) == 0


def test_a_user_without_the_rights_is_refused(
    jsontwo_server: JsontwoServer, jsontwo_db: str, jsontwo_key_factory: Callable[[str], str]
) -> None:
    demo_key = jsontwo_key_factory("demo")  # the demo data's user without admin rights
    with (
        Client(jsontwo_server.url, demo_key, database=jsontwo_db) as demo,
        pytest.raises(AccessError) as refused,
    ):
        demo["res.company"].create([{"name": "Initech"}])
    assert refused.value.status == 403
