"""ir.actions.report over JSON-2, on both backends: the sale order's reports as
Odoo 19 ships them, the methods a client may call (``report_action``,
``get_valid_action_reports``, ``get_wkhtmltopdf_state``, ``create_action``,
``unlink_action``), the private rendering refused, and who may read reports."""

from __future__ import annotations

from typing import Any

import pytest

from jsontwo.orm import Environment, Registry
from jsontwo.service.databases import with_superuser
from tests.conftest import Api
from tests.http.test_json2 import assert_error, assert_ok
from tests.modules.base.test_apikeys import new_user

REPORT = "ir.actions.report"
QUOTATION_NAME = (
    "(object.state in ('draft', 'sent') and 'Quotation - %s' % (object.name)) "
    "or 'Order - %s' % (object.name)"
)


@pytest.fixture(scope="module")
def reports(registry: Registry) -> dict[str, int]:
    """The ids of the sale order's reports, by report name."""

    def work(env: Environment) -> dict[str, int]:
        rows = env[REPORT].search_read([("model", "=", "sale.order")], ["report_name"])
        return {row["report_name"]: row["id"] for row in rows}

    return with_superuser(registry, work)


@pytest.fixture(scope="module")
def order_ids(registry: Registry) -> dict[str, int]:
    """A demo quotation and a demo sales order."""

    def work(env: Environment) -> dict[str, int]:
        orders = env["sale.order"]
        return {
            state: orders.search([("state", "=", state)], limit=1).ids[0]
            for state in ("draft", "sale")
        }

    return with_superuser(registry, work)


def call(api: Api, method: str, body: dict[str, Any], key: str | None = None) -> Any:
    return api.call(REPORT, method, body, key=key)


def test_the_sale_order_reports_are_odoos(api: Api, reports: dict[str, int]) -> None:
    fields = ["name", "type", "report_name", "report_file", "report_type", "model"]
    fields += ["binding_model_id", "model_id", "binding_type", "print_report_name"]
    fields += ["paperformat_id", "attachment", "attachment_use", "multi", "is_invoice_report"]
    rows = assert_ok(
        call(api, "search_read", {"domain": [["model", "=", "sale.order"]], "fields": fields})
    )
    by_name = {row["report_name"]: row for row in rows}
    assert sorted(by_name) == ["sale.report_saleorder", "sale.report_saleorder_pro_forma"]
    quotation = by_name["sale.report_saleorder"]
    assert quotation["name"] == "Quotation / Order"
    assert quotation["type"] == "ir.actions.report" and quotation["report_type"] == "qweb-pdf"
    assert quotation["report_file"] == "sale.report_saleorder"
    assert quotation["binding_type"] == "report"
    assert quotation["binding_model_id"][1] == "Sales Order"
    assert quotation["model_id"] == quotation["binding_model_id"]
    assert quotation["print_report_name"] == QUOTATION_NAME
    assert [quotation[f] for f in ("paperformat_id", "attachment", "attachment_use")] == [
        False,
        False,
        False,
    ]
    assert not quotation["multi"] and not quotation["is_invoice_report"]
    assert by_name["sale.report_saleorder_pro_forma"]["name"] == "PRO-FORMA Invoice"


def test_report_action_names_what_to_print(
    api: Api, reports: dict[str, int], order_ids: dict[str, int]
) -> None:
    report_id = reports["sale.report_saleorder"]
    order_id = order_ids["draft"]
    for docids in ([order_id], order_id):
        action = assert_ok(
            call(api, "report_action", {"ids": [report_id], "docids": docids, "config": False})
        )
        assert action == {
            "context": {"active_ids": [order_id]},
            "data": None,
            "type": "ir.actions.report",
            "report_name": "sale.report_saleorder",
            "report_type": "qweb-pdf",
            "report_file": "sale.report_saleorder",
            "name": "Quotation / Order",
        }


def test_valid_reports_follow_their_domain(
    api: Api, registry: Registry, reports: dict[str, int], order_ids: dict[str, int]
) -> None:
    pro_forma = reports["sale.report_saleorder_pro_forma"]
    ids = sorted(reports.values())
    body = {"ids": ids, "model": "sale.order", "record_ids": [order_ids["draft"]]}
    assert sorted(assert_ok(call(api, "get_valid_action_reports", body))) == ids
    assert_ok(
        call(api, "write", {"ids": [pro_forma], "vals": {"domain": "[('state', '=', 'sale')]"}})
    )
    try:
        valid = assert_ok(call(api, "get_valid_action_reports", body))
        assert valid == [reports["sale.report_saleorder"]]
        body["record_ids"] = [order_ids["draft"], order_ids["sale"]]
        assert sorted(assert_ok(call(api, "get_valid_action_reports", body))) == ids
    finally:
        assert_ok(call(api, "write", {"ids": [pro_forma], "vals": {"domain": False}}))


def test_the_print_menu_entry_is_removed_and_put_back(api: Api, reports: dict[str, int]) -> None:
    report_id = [reports["sale.report_saleorder_pro_forma"]]
    assert assert_ok(call(api, "unlink_action", {"ids": report_id})) is True
    read = {"ids": report_id, "fields": ["binding_model_id"]}
    assert assert_ok(call(api, "read", read))[0]["binding_model_id"] is False
    assert assert_ok(call(api, "create_action", {"ids": report_id})) is True
    assert assert_ok(call(api, "read", read))[0]["binding_model_id"][1] == "Sales Order"


def test_pdf_printing_is_always_available(api: Api) -> None:
    # Odoo answers "install" where wkhtmltopdf is missing; jsontwo needs none
    assert assert_ok(call(api, "get_wkhtmltopdf_state", {})) == "ok"


def test_rendering_is_private_as_in_odoo(api: Api, order_ids: dict[str, int]) -> None:
    for method in ("_render_qweb_pdf", "_render"):
        response = call(
            api, method, {"report_ref": "sale.report_saleorder", "res_ids": [order_ids["draft"]]}
        )
        assert_error(
            response,
            403,
            "odoo.exceptions.AccessError",
            f"Private methods (such as 'ir.actions.report.{method}') cannot be called remotely.",
        )


def test_only_administrators_read_reports(api: Api, registry: Registry) -> None:
    user = new_user(registry)
    response = call(api, "search_read", {"domain": [], "fields": ["name"]}, key=user.key)
    assert_error(response, 403, "odoo.exceptions.AccessError")
