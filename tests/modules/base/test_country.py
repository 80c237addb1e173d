"""res.country.group over JSON-2: a named group of countries, found by them."""

from __future__ import annotations

from typing import Any

from tests.conftest import Api
from tests.http.test_json2 import assert_ok
from tests.modules.base.test_partner import unique


def call(api: Api, model: str, method: str, body: dict[str, Any]) -> Any:
    """The result of a JSON-2 call that must succeed."""
    return assert_ok(api.call(model, method, body))


def country(api: Api, code: str) -> int:
    (cid,) = call(api, "res.country", "search", {"domain": [["code", "=", code]]})
    return int(cid)


def test_a_country_group_holds_its_countries(api: Api) -> None:
    # in the order of their names, as the group lists them: Belgium, Luxembourg, Netherlands
    benelux = [country(api, code) for code in ("BE", "LU", "NL")]
    name = unique("Benelux")
    (group,) = call(
        api,
        "res.country.group",
        "create",
        {"vals_list": [{"name": name, "code": "BNL", "country_ids": [[6, 0, benelux[::-1]]]}]},
    )
    (row,) = call(
        api,
        "res.country.group",
        "read",
        {"ids": [group], "fields": ["name", "code", "country_ids", "display_name"]},
    )
    assert row == {
        "id": group,
        "name": name,
        "code": "BNL",
        "country_ids": benelux,
        "display_name": name,
    }
    found = call(api, "res.country.group", "search", {"domain": [["country_ids.code", "=", "LU"]]})
    assert group in found
    nowhere = [["country_ids.code", "=", "FR"], ["id", "=", group]]
    assert call(api, "res.country.group", "search", {"domain": nowhere}) == []
    france = country(api, "FR")
    call(
        api, "res.country.group", "write", {"ids": [group], "vals": {"country_ids": [[4, france]]}}
    )
    (row,) = call(api, "res.country.group", "read", {"ids": [group], "fields": ["country_ids"]})
    assert row["country_ids"] == [benelux[0], france, *benelux[1:]]  # France after Belgium
