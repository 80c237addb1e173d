"""res.currency's rates and amount methods, res.currency.rate, over JSON-2."""

from __future__ import annotations

from jsontwo.modules.base.number_words import number_to_words
from tests.conftest import Api
from tests.http.test_json2 import assert_error, assert_ok


def currency(api: Api, code: str) -> int:
    found = assert_ok(
        api.call(
            "res.currency",
            "search",
            {"domain": [["name", "=", code]], "context": {"active_test": False}},
        )
    )
    return int(found[0])


def test_a_new_rate_changes_the_current_rate_from_its_date(api: Api) -> None:
    cur = currency(api, "ISK")
    rid = assert_ok(
        api.call(
            "res.currency.rate",
            "create",
            {"vals_list": [{"currency_id": cur, "name": "2012-05-01", "rate": 140.0}]},
        )
    )[0]
    fields = ["rate", "inverse_rate", "rate_string", "date"]
    before = {"ids": [cur], "fields": fields, "context": {"date": "2012-04-30"}}
    after = {"ids": [cur], "fields": fields, "context": {"date": "2012-05-02"}}
    [old] = assert_ok(api.call("res.currency", "read", before))
    [new] = assert_ok(api.call("res.currency", "read", after))
    assert new["rate"] == 140.0
    assert new["rate_string"] == "1 USD = 140.000000 ISK"
    assert new["inverse_rate"] == 1 / 140.0
    assert old["rate"] != 140.0 or old["date"] == "2012-05-01"
    # the company rate writes the technical rate (the company's currency has rate 1)
    assert_ok(api.call("res.currency.rate", "write", {"ids": [rid], "vals": {"company_rate": 150}}))
    [rate] = assert_ok(
        api.call(
            "res.currency.rate", "read", {"ids": [rid], "fields": ["rate", "inverse_company_rate"]}
        )
    )
    assert rate["rate"] == 150.0
    assert rate["inverse_company_rate"] == 1 / 150.0
    assert_ok(api.call("res.currency.rate", "unlink", {"ids": [rid]}))


def test_rounding_methods_over_json2(api: Api) -> None:
    eur = currency(api, "EUR")
    assert assert_ok(api.call("res.currency", "round", {"ids": [eur], "amount": 2.675})) == 2.68
    assert assert_ok(api.call("res.currency", "is_zero", {"ids": [eur], "amount": 0.004})) is True
    body = {"ids": [eur], "amount1": 0.006, "amount2": 0.002}
    assert assert_ok(api.call("res.currency", "compare_amounts", body)) == 1
    text = assert_ok(api.call("res.currency", "amount_to_text", {"ids": [eur], "amount": 1234.56}))
    assert text == "One Thousand, Two Hundred And Thirty-Four Euros and Fifty-Six Cents"
    assert_error(
        api.call("res.currency", "round", {"ids": [eur, currency(api, "USD")], "amount": 1}),
        500,
        "builtins.ValueError",
    )


def test_number_words() -> None:
    assert number_to_words(0) == "Zero"
    assert number_to_words(1005) == "One Thousand And Five"
    assert number_to_words(1100) == "One Thousand, One Hundred"
    assert number_to_words(2_000_000) == "Two Million"


def test_a_companys_currency_stays_active(api: Api) -> None:
    usd = currency(api, "USD")
    assert_error(
        api.call("res.currency", "write", {"ids": [usd], "vals": {"active": False}}),
        422,
        "odoo.exceptions.UserError",
        "This currency is set on a company and therefore cannot be deactivated.",
    )
