"""An integration's tests against a real jsontwo server (docs/testing.md).

With jsontwo installed, its pytest plugin gives these tests a server, a fresh
database with Odoo's demo data for each test, and API keys:

    pytest test_integration.py                                # on SQLite
    pytest test_integration.py --jsontwo-backend postgresql   # on PostgreSQL
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import requests

from jsontwo.pytest_plugin import JsontwoServer


# --- the integration under test (in a real project, imported from its package)
def call(url: str, key: str, database: str, model: str, method: str, **params: Any) -> Any:
    """One call of Odoo 19's External JSON-2 API: the result, or HTTPError."""
    response = requests.post(
        f"{url}/json/2/{model}/{method}",
        headers={"Authorization": f"bearer {key}", "X-Odoo-Database": database},
        json=params,
        timeout=30,
    )
    response.raise_for_status()
    return response.json()


def find_companies(url: str, key: str, database: str, text: str) -> list[str]:
    """The names of the companies whose name contains ``text``."""
    domain = [["name", "ilike", text], ["is_company", "=", True]]
    rows = call(url, key, database, "res.partner", "search_read", domain=domain, fields=["name"])
    return [row["name"] for row in rows]


# --- its tests
def test_the_demo_data_is_there(
    jsontwo_server: JsontwoServer, jsontwo_db: str, jsontwo_key: str
) -> None:
    companies = find_companies(jsontwo_server.url, jsontwo_key, jsontwo_db, "acme")
    assert companies == ["Acme Corporation"]


def test_a_new_company_is_found(
    jsontwo_server: JsontwoServer, jsontwo_db: str, jsontwo_key: str
) -> None:
    url = jsontwo_server.url
    globex = {"name": "Globex Corporation", "is_company": True}
    call(url, jsontwo_key, jsontwo_db, "res.partner", "create", vals_list=[globex])
    assert find_companies(url, jsontwo_key, jsontwo_db, "globex") == ["Globex Corporation"]


def test_each_test_has_a_database_of_its_own(
    jsontwo_server: JsontwoServer, jsontwo_db: str, jsontwo_key: str
) -> None:
    # the company the test above created is not in this test's database
    assert find_companies(jsontwo_server.url, jsontwo_key, jsontwo_db, "globex") == []


def test_a_user_without_the_rights_is_refused(
    jsontwo_server: JsontwoServer, jsontwo_db: str, jsontwo_key_factory: Callable[[str], str]
) -> None:
    demo_key = jsontwo_key_factory("demo")  # the demo data's user without admin rights
    initech = [{"name": "Initech"}]
    with pytest.raises(requests.HTTPError) as refused:
        call(jsontwo_server.url, demo_key, jsontwo_db, "res.company", "create", vals_list=initech)
    answer = refused.value.response
    assert answer is not None and answer.status_code == 403
    assert answer.json()["name"] == "odoo.exceptions.AccessError"
