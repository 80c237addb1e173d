"""res.bank and res.partner.bank over JSON-2: a bank's name with its BIC, an
account number kept as typed and compared without its spaces and punctuation,
and one account of a number per partner."""

from __future__ import annotations

from typing import Any

from tests.conftest import Api
from tests.http.test_json2 import assert_error, assert_ok
from tests.modules.base.test_partner import unique

VALIDATION = "odoo.exceptions.ValidationError"


def call(api: Api, model: str, method: str, body: dict[str, Any]) -> Any:
    """The result of a JSON-2 call that must succeed."""
    return assert_ok(api.call(model, method, body))


def new_partner(api: Api) -> int:
    (pid,) = call(api, "res.partner", "create", {"vals_list": [{"name": unique("Holder")}]})
    return int(pid)


def test_a_bank_is_named_with_its_bic(api: Api) -> None:
    name = unique("Bank")
    with_bic, without = call(
        api,
        "res.bank",
        "create",
        {"vals_list": [{"name": name, "bic": "GEBABEBB"}, {"name": name}]},
    )
    rows = call(api, "res.bank", "read", {"ids": [with_bic, without], "fields": ["display_name"]})
    assert [row["display_name"] for row in rows] == [f"{name} - GEBABEBB", name]
    # name_search finds a bank by its BIC too
    found = call(api, "res.bank", "name_search", {"name": "GEBABEBB"})
    assert [with_bic, f"{name} - GEBABEBB"] in found


def test_an_account_number_is_kept_as_typed_and_sanitized(api: Api) -> None:
    partner = new_partner(api)
    bank_name = unique("B")
    (bank,) = call(
        api, "res.bank", "create", {"vals_list": [{"name": bank_name, "bic": "KREDBEBB"}]}
    )
    (account,) = call(
        api,
        "res.partner.bank",
        "create",
        {
            "vals_list": [
                {"acc_number": "be71 0961-2345.6769", "partner_id": partner, "bank_id": bank}
            ]
        },
    )
    (row,) = call(
        api,
        "res.partner.bank",
        "read",
        {
            "ids": [account],
            "fields": ["display_name", "acc_number", "sanitized_acc_number", "bank_bic"],
        },
    )
    assert row == {
        "id": account,
        # Odoo 19 names an account "number - bank" (the bank's name, not its BIC)
        "display_name": f"be71 0961-2345.6769 - {bank_name}",
        "acc_number": "be71 0961-2345.6769",
        "sanitized_acc_number": "BE71096123456769",
        "bank_bic": "KREDBEBB",
    }
    found = call(
        api,
        "res.partner.bank",
        "search",
        {
            "domain": [
                ["sanitized_acc_number", "=", "BE71096123456769"],
                ["partner_id", "=", partner],
            ]
        },
    )
    assert found == [account]


def test_one_account_of_a_number_per_partner(api: Api) -> None:
    """The same number, however it is typed, once per partner; another partner may
    have it too."""
    partner, other = new_partner(api), new_partner(api)
    first = {"acc_number": "BE71 0961 2345 6769", "partner_id": partner}
    call(api, "res.partner.bank", "create", {"vals_list": [first]})
    again = {"acc_number": "be71-0961-2345-6769", "partner_id": partner}
    response = api.call("res.partner.bank", "create", {"vals_list": [again]})
    assert_error(
        response,
        422,
        VALIDATION,
        "The operation cannot be completed: The combination Account Number/Partner must be unique.",
    )
    (shared,) = call(
        api, "res.partner.bank", "create", {"vals_list": [{**again, "partner_id": other}]}
    )
    counted = call(
        api,
        "res.partner.bank",
        "search_count",
        {
            "domain": [
                ["sanitized_acc_number", "=", "BE71096123456769"],
                ["partner_id", "in", [partner, other]],
            ]
        },
    )
    assert counted == 2 and shared > 0


def test_an_account_number_that_is_no_text_is_a_type_error(api: Api) -> None:
    """As Odoo, which sanitizes the number before storing it: an integer number is
    a 500 TypeError, on create and on write."""
    partner = new_partner(api)
    message = "expected string or bytes-like object, got 'int'"
    vals = {"acc_number": 123456, "partner_id": partner}
    response = api.call("res.partner.bank", "create", {"vals_list": [vals]})
    assert_error(response, 500, "builtins.TypeError", message)
    (account,) = call(
        api, "res.partner.bank", "create", {"vals_list": [{**vals, "acc_number": unique("N")}]}
    )
    response = api.call(
        "res.partner.bank", "write", {"ids": [account], "vals": {"acc_number": 123456}}
    )
    assert_error(response, 500, "builtins.TypeError", message)


def test_a_holder_that_does_not_exist_is_missing(api: Api) -> None:
    """Odoo reads the holder's name (the holder name) before the database checks the
    key: a holder that does not exist is a 404 MissingError, not a foreign key error."""
    partner = new_partner(api)
    (account,) = call(
        api,
        "res.partner.bank",
        "create",
        {"vals_list": [{"acc_number": unique("N"), "partner_id": partner}]},
    )
    response = api.call(
        "res.partner.bank", "write", {"ids": [account], "vals": {"partner_id": 999_999}}
    )
    error = assert_error(response, 404, "odoo.exceptions.MissingError")
    assert "(Record: res.partner(999999,), User: " in error["message"]
    vals = {"acc_number": unique("N"), "partner_id": 999_999}
    response = api.call("res.partner.bank", "create", {"vals_list": [vals]})
    assert_error(response, 404, "odoo.exceptions.MissingError")


def test_a_bic_is_stored_in_upper_case(api: Api) -> None:
    (bank,) = call(
        api, "res.bank", "create", {"vals_list": [{"name": unique("Bank"), "bic": "gebabebb ü"}]}
    )
    call(api, "res.bank", "write", {"ids": [bank], "vals": {"name": unique("Bank")}})
    assert call(api, "res.bank", "read", {"ids": [bank], "fields": ["bic"]})[0]["bic"] == (
        "GEBABEBB Ü"
    )
    call(api, "res.bank", "write", {"ids": [bank], "vals": {"bic": "kredbebb"}})
    assert call(api, "res.bank", "read", {"ids": [bank], "fields": ["bic"]})[0]["bic"] == (
        "KREDBEBB"
    )


def test_an_account_number_is_searched_sanitized(api: Api) -> None:
    partner = new_partner(api)
    (account,) = call(
        api,
        "res.partner.bank",
        "create",
        {"vals_list": [{"acc_number": "BE71 0961 2345 6769", "partner_id": partner}]},
    )

    def count(*conditions: list[Any]) -> int:
        domain = [["id", "=", account], *conditions]
        return int(call(api, "res.partner.bank", "search_count", {"domain": domain}))

    assert count(["acc_number", "=", "be71-0961-2345-6769"]) == 1
    assert count(["acc_number", "ilike", "0961 2345"]) == 1
    assert count(["acc_number", "in", ["x", "be71 0961 2345 6769"]]) == 1
    # a pattern of spaces alone is empty once sanitized: it matches every account
    assert count(["acc_number", "ilike", "  "]) == 1
    assert count(["acc_number", "not ilike", "  "]) == 0


def test_linking_a_missing_record_by_a_write(api: Api) -> None:
    """Found by the differential fuzzer: partners are guarded by record rules, so
    Odoo's read check on the linked records names the missing one (404); tags are
    not, and the foreign key refuses it (422)."""
    (tag,) = call(api, "res.partner.category", "create", {"vals_list": [{"name": unique("T")}]})
    body = {"ids": [tag], "vals": {"partner_ids": [[4, 987654321]]}}
    missing = assert_error(
        api.call("res.partner.category", "write", body), 404, "odoo.exceptions.MissingError"
    )
    assert "res.partner(987654321,)" in missing["message"]
    body = {"ids": [new_partner(api)], "vals": {"category_id": [[4, 987654321]]}}
    assert_error(api.call("res.partner", "write", body), 422, VALIDATION)
