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


def test_base_data_countries_and_currencies_as_in_odoo(api: Api) -> None:
    """Odoo's base data: group codes (``[""]`` without a group), the address
    layouts of the countries that have their own, the currencies' ISO numbers
    and unit labels."""
    (be, us) = call(
        api,
        "res.country",
        "search_read",
        {
            "domain": [["code", "in", ["BE", "US"]]],
            "fields": ["country_group_codes", "address_format"],
            "order": "code",
        },
    )
    # (other tests may put Belgium in groups of their own)
    assert be["country_group_codes"][:3] == ["EU", "EU_PREFIX", "SEPA"]
    assert be["address_format"] == "%(street)s\n%(street2)s\n%(zip)s %(city)s\n%(country_name)s"
    assert us["country_group_codes"] == [""]
    (usd,) = call(
        api,
        "res.currency",
        "search_read",
        {
            "domain": [["name", "=", "USD"]],
            "fields": ["iso_numeric", "currency_unit_label", "currency_subunit_label"],
            "context": {"active_test": False},
        },
    )
    assert (usd["iso_numeric"], usd["currency_unit_label"], usd["currency_subunit_label"]) == (
        840,
        "Dollars",
        "Cents",
    )
