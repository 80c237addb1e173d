"""What account adds to partners: the customer and vendor ranks (set to 1 by
the pickers' ``res_partner_search_mode``, not copied) and the credit limit."""

from __future__ import annotations

from typing import Any

from tests.conftest import Api
from tests.http.test_json2 import assert_ok

FIELDS = ["customer_rank", "supplier_rank", "credit_limit"]


def create(api: Api, names: list[str], mode: str | None = None) -> list[int]:
    """Partners named ``names``, made from the ``mode`` picker when given."""
    body: dict[str, Any] = {"vals_list": [{"name": name} for name in names]}
    if mode:
        body["context"] = {"res_partner_search_mode": mode}
    return list(assert_ok(api.call("res.partner", "create", body)))


def test_ranks_and_credit_limit(api: Api) -> None:
    [plain] = create(api, ["Ranks plain"])
    [customer] = create(api, ["Ranks customer"], "customer")
    [vendor] = create(api, ["Ranks vendor"], "supplier")
    ranked = int(
        assert_ok(
            api.call(
                "res.partner",
                "create",
                {
                    "vals_list": [{"name": "Ranks 4", "supplier_rank": 4}],
                    "context": {"res_partner_search_mode": "supplier"},
                },
            )
        )[0]
    )
    read = assert_ok(
        api.call(
            "res.partner", "read", {"ids": [plain, customer, vendor, ranked], "fields": FIELDS}
        )
    )
    assert [(r["customer_rank"], r["supplier_rank"], r["credit_limit"]) for r in read] == [
        (0, 0, 0.0),
        (1, 0, 0.0),
        (0, 1, 0.0),
        (0, 4, 0.0),
    ]
    assert assert_ok(
        api.call(
            "res.partner",
            "write",
            {"ids": [plain], "vals": {"credit_limit": 99.5, "customer_rank": 3}},
        )
    )
    copied = assert_ok(api.call("res.partner", "copy", {"ids": [plain]}))
    again = assert_ok(api.call("res.partner", "read", {"ids": [plain, *copied], "fields": FIELDS}))
    assert [(r["customer_rank"], r["credit_limit"]) for r in again] == [(3, 99.5), (0, 0.0)]
