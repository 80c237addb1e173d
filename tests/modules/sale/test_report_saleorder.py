"""The printed sale order, on both backends: what a customer reads on the
quotation, the order and the pro-forma (read back from the PDF's text), long
orders over several pages, several orders in one file, the file's name, and
who may print what."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from jsontwo.exceptions import AccessError, MissingError, UserError
from jsontwo.orm import Environment, Registry
from jsontwo.service.databases import with_superuser
from tests.modules.base.test_apikeys import new_user, unique
from tests.pdfs import page_texts

ADMIN = 2
REPORT = "sale.report_saleorder"
PRO_FORMA = "sale.report_saleorder_pro_forma"


def as_user(registry: Registry, uid: int, work: Callable[[Environment], Any]) -> Any:
    """``work(env)`` in one transaction, as user ``uid`` (access checked)."""
    return with_superuser(registry, lambda env: work(env(uid=uid, su=False)))


def make_order(env: Environment, lines: int = 0, **vals: Any) -> int:
    """A quotation of a new customer: a section, 3 chairs at 15% VAT, 10 boxes
    at 5% off, a note (and ``lines`` more chairs), with terms and a reference."""
    taxes = env["account.tax"]
    tax = taxes.search([("name", "=", "VAT 15%")], limit=1) or taxes.create(
        {"name": "VAT 15%", "amount": 15.0, "amount_type": "percent"}
    )
    chair, box = env["product.product"].create(
        [
            {"name": "Ergonomic Chair", "list_price": 100.0},
            {"name": "Storage Box", "list_price": 15.8, "taxes_id": [[6, 0, []]]},
        ]
    )
    belgium = env.ref("base.be")
    assert belgium is not None
    customer = env["res.partner"].create(
        {
            "name": unique("Acme Trading"),
            "is_company": True,
            "street": "12 Harbour Road",
            "zip": "1000",
            "city": "Brussels",
            "country_id": belgium.id,
        }
    )
    order_lines: list[Any] = [
        [0, 0, {"display_type": "line_section", "name": "Office furniture"}],
        [0, 0, {"product_id": chair.id, "product_uom_qty": 3, "tax_ids": [[6, 0, [tax.id]]]}],
        [0, 0, {"product_id": box.id, "product_uom_qty": 10, "discount": 5, "tax_ids": []}],
        [0, 0, {"display_type": "line_note", "name": "Delivered assembled"}],
    ]
    order_lines += [
        [0, 0, {"product_id": chair.id, "name": f"Spare chair {n}", "product_uom_qty": 1}]
        for n in range(lines)
    ]
    values = {
        "partner_id": customer.id,
        "client_order_ref": "PO-4411",
        "note": "<p>Payment within 30 days.</p><p>Prices valid for a month.</p>",
        "order_line": order_lines,
        **vals,
    }
    return int(env["sale.order"].create(values).id)


def render(registry: Registry, ids: list[int], report: str = REPORT, uid: int = ADMIN) -> bytes:
    def work(env: Environment) -> bytes:
        content, kind = env["ir.actions.report"]._render_qweb_pdf(report, ids)
        assert kind == "pdf"
        return bytes(content)

    return bytes(as_user(registry, uid, work))


@pytest.fixture(scope="module")
def quotation(registry: Registry) -> int:
    """A quotation of the module, with its section, lines, note and terms."""
    return int(with_superuser(registry, make_order))


def order_name(registry: Registry, order_id: int) -> str:
    return str(with_superuser(registry, lambda env: env["sale.order"].browse([order_id]).name))


def test_the_quotation_reads_as_one(registry: Registry, quotation: int) -> None:
    pages = page_texts(render(registry, [quotation]))
    assert len(pages) == 1
    text = pages[0]
    name = order_name(registry, quotation)
    # the letterhead: the company's name and address, its contacts, the page number
    assert "YourCompany" in text and "8000 Marina Blvd, Suite 300" in text
    assert "info@yourcompany.com" in text and "Page 1 / 1" in text
    # the customer's address, the title, the dates and reference
    assert "Acme Trading" in text and "12 Harbour Road" in text and "1000 Brussels" in text
    assert f"Quotation # {name}" in text
    assert "Quotation Date" in text and "Expiration" in text and "PO-4411" in text
    # the lines: a section, products with quantity, unit, price, discount, taxes
    assert "Office furniture" in text and "Delivered assembled" in text
    assert "Ergonomic Chair" in text and "3.00 Units" in text and "100.00" in text
    assert "Storage Box" in text and "Disc.%" in text and "5.00" in text
    assert "VAT 15%" in text
    # amounts: 300 + 150.10 untaxed, 45 of VAT, in dollars
    assert "$ 300.00" in text and "$ 150.10" in text
    assert "Untaxed Amount $ 450.10" in text
    assert "VAT 15% $ 45.00" in text
    assert "Total $ 495.10" in text
    # the terms and conditions, each paragraph on its line
    assert "Payment within 30 days.\nPrices valid for a month." in text


def test_a_confirmed_order_is_titled_order_and_the_pro_forma_says_so(registry: Registry) -> None:
    order_id = with_superuser(registry, make_order)
    with_superuser(registry, lambda env: env["sale.order"].browse([order_id]).action_confirm())
    name = order_name(registry, order_id)
    text = page_texts(render(registry, [order_id]))[0]
    assert f"Order # {name}" in text and "Quotation" not in text
    assert "Order Date" in text and "Expiration" not in text
    pro_forma = page_texts(render(registry, [order_id], PRO_FORMA))[0]
    assert f"Pro-Forma Invoice # {name}" in pro_forma and "Total $ 495.10" in pro_forma


def test_a_long_order_runs_over_pages_with_its_header_on_each(registry: Registry) -> None:
    order_id = with_superuser(registry, lambda env: make_order(env, lines=70))
    pages = page_texts(render(registry, [order_id]))
    assert len(pages) >= 2
    for number, text in enumerate(pages, 1):
        assert f"Page {number} / {len(pages)}" in text
        assert "Description" in text and "Unit Price" in text  # the table's header
        assert "YourCompany" in text  # the letterhead
    assert "Spare chair 69" in pages[-1] and "Total $ 8,545.10" in pages[-1]


def test_several_orders_each_start_a_page(registry: Registry, quotation: int) -> None:
    other = with_superuser(registry, make_order)
    pages = page_texts(render(registry, [quotation, other]))
    assert len(pages) == 2
    assert f"# {order_name(registry, quotation)}" in pages[0]
    assert f"# {order_name(registry, other)}" in pages[1]


def test_the_file_is_named_by_the_report(registry: Registry, quotation: int) -> None:
    def names(env: Environment) -> list[str]:
        reports = env["ir.actions.report"]
        orders = env["sale.order"].browse([quotation])
        both = env["sale.order"].browse([quotation, quotation - 1])
        return [
            reports._get_report(REPORT)._file_name(orders),
            reports._get_report(PRO_FORMA)._file_name(orders),
            reports._get_report(REPORT)._file_name(both),
        ]

    name = order_name(registry, quotation)
    assert with_superuser(registry, names) == [
        f"Quotation - {name}.pdf",
        f"PRO-FORMA - {name}.pdf",
        "Quotation / Order.pdf",
    ]


def test_who_may_print_what(registry: Registry, quotation: int) -> None:
    # a portal user reads only the orders of their own company
    stranger = new_user(registry, groups=["base.group_portal"])
    with pytest.raises(AccessError):
        render(registry, [quotation], uid=stranger.uid)
    with pytest.raises(MissingError):
        render(registry, [quotation, 999_999])
    with pytest.raises(MissingError):
        render(registry, [quotation], report="sale.no_such_report")
    with pytest.raises(UserError, match="nothing to print"):
        render(registry, [])
