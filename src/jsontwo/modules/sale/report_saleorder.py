"""The printed sale order: Odoo's "Quotation / Order" report
(``sale.report_saleorder``) and its pro-forma (``sale.report_saleorder_pro_forma``).

What a customer receives, laid out as Odoo's document: the company's
letterhead; the customer's address (and the invoicing and delivery addresses
when they differ); the title, "Quotation # S00012" while the order is a
quotation (draft or sent), "Order # S00012" once confirmed or cancelled, and
"Pro-Forma Invoice # S00012" for the pro-forma; the dates, salesperson and the
customer's reference; one row per line (description, quantity and unit,
unit price, discount when any line has one, taxes, amount without taxes),
section and note lines as Odoo prints them; the untaxed amount, each tax and
the total, in the order's currency; then the terms and conditions.

Drawn with ReportLab (:mod:`jsontwo.modules.base.pdf_document` says why);
registered in :mod:`jsontwo.modules.sale` and imported on the first print.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from jsontwo.modules.base.pdf_document import (
    BOLD,
    LangFormat,
    address_lines,
    build_pdf,
    company_letterhead,
    html_to_paragraph_text,
    lang_format,
    page_size,
    paragraph,
    text,
)

#: the states in which an order is still a quotation
QUOTATION_STATES = ("draft", "sent")
#: the grey of the lines table's header row
HEADER_BACKGROUND = colors.HexColor("#eeeeee")


def render_sale_orders(orders: Any) -> bytes:
    """The PDF of ``orders`` ("Quotation / Order"), each on its own pages."""
    return _render(orders, pro_forma=False)


def render_pro_forma(orders: Any) -> bytes:
    """The PDF of ``orders`` as pro-forma invoices, each on its own pages."""
    return _render(orders, pro_forma=True)


def _render(orders: Any, pro_forma: bool) -> bytes:
    first = next(iter(orders))
    company = first.company_id or orders.env.company
    documents = [_document(order, pro_forma) for order in orders]
    title = _title(first, pro_forma) if len(orders) == 1 else "Quotation / Order"
    size = page_size(company.sudo().paperformat_id)
    return build_pdf(documents, company_letterhead(company), title, size)


def _title(order: Any, pro_forma: bool) -> str:
    """ "Quotation # S00012", "Order # S00012" or "Pro-Forma Invoice # S00012"."""
    if pro_forma:
        kind = "Pro-Forma Invoice"
    elif order.state in QUOTATION_STATES:
        kind = "Quotation"
    else:
        kind = "Order"
    return f"{kind} # {order.name}"


def _document(order: Any, pro_forma: bool) -> list[Flowable]:
    """The body of one order's pages."""
    fmt = lang_format(order.env, order.partner_id.lang)
    body: list[Flowable] = [_addresses(order), Spacer(1, 8 * mm)]
    body.append(paragraph(text(_title(order, pro_forma)), "title"))
    body += [_informations(order, fmt), Spacer(1, 6 * mm)]
    body += [_lines_table(order, fmt), Spacer(1, 4 * mm), _totals(order, fmt)]
    body += _terms(order)
    return body


def _addresses(order: Any) -> Table:
    """The customer's address on the right (where an envelope's window shows
    it); the invoicing and delivery addresses on the left when either differs."""
    customer = "<br/>".join(text(line) for line in address_lines(order.partner_id))
    left: list[Flowable] = []
    invoice, shipping = order.partner_invoice_id, order.partner_shipping_id
    if (invoice and invoice != order.partner_id) or (shipping and shipping != order.partner_id):
        for label, partner in (("Invoicing address:", invoice), ("Shipping address:", shipping)):
            if partner:
                left.append(paragraph(text(label), "label"))
                left.append(paragraph("<br/>".join(text(x) for x in address_lines(partner))))
    if order.partner_id.vat:
        customer += "<br/>" + text(f"Tax ID: {order.partner_id.vat}")
    table = Table([[left or "", paragraph(customer)]], colWidths=["50%", "50%"])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def _informations(order: Any, fmt: LangFormat) -> Table:
    """The order's dates, salesperson and the customer's reference, side by side."""
    quotation = order.state in QUOTATION_STATES
    items = [
        ("Quotation Date" if quotation else "Order Date", fmt.date(order.date_order)),
        ("Expiration", fmt.date(order.validity_date) if quotation else ""),
        ("Salesperson", order.user_id.name if order.user_id else ""),
        ("Your Reference", order.client_order_ref or ""),
    ]
    shown = [(label, value) for label, value in items if value]
    if not shown:
        return Table([[""]])
    cells = [[paragraph(text(label), "label") for label, _ in shown]]
    cells.append([paragraph(text(value)) for _, value in shown])
    table = Table(cells, hAlign="LEFT", colWidths=[42 * mm] * len(shown))
    table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _lines_table(order: Any, fmt: LangFormat) -> Table:
    """One row per line: product lines with their figures, sections in bold and
    notes in italics across the table; the header row repeats on every page."""
    lines = [line for line in order.order_line if not line.is_downpayment]
    with_discount = any(line.discount for line in lines if not line.display_type)
    header = ["Description", "Quantity", "Unit Price"]
    header += ["Disc.%"] if with_discount else []
    header += ["Taxes", "Amount"]
    rows: list[list[Any]] = [
        [paragraph(text(h), "label_right" if i else "label") for i, h in enumerate(header)]
    ]
    spanned: list[int] = []  # the rows of sections and notes, across the table
    currency = order.currency_id
    for line in sorted(lines, key=lambda line: (line.sequence, line.id)):
        if line.display_type in ("line_section", "line_subsection", "line_note"):
            kind = "note" if line.display_type == "line_note" else "section"
            rows.append([paragraph(text(line.name), kind)] + [""] * (len(header) - 1))
            spanned.append(len(rows) - 1)
            continue
        unit = line.product_uom_id.name if line.product_uom_id else ""
        row = [
            paragraph(text(line.name)),
            paragraph(text(f"{fmt.number(line.product_uom_qty)} {unit}".strip()), "cell_right"),
            paragraph(text(fmt.number(line.price_unit)), "cell_right"),
        ]
        if with_discount:
            row.append(paragraph(text(fmt.number(line.discount)), "cell_right"))
        taxes = ", ".join(tax.name for tax in line.tax_ids.sudo() if tax.name)
        row.append(paragraph(text(taxes), "cell_right"))
        row.append(paragraph(text(fmt.amount(line.price_subtotal, currency)), "cell_right"))
        rows.append(row)
    widths = [None, 24 * mm, 22 * mm] + ([15 * mm] if with_discount else []) + [24 * mm, 28 * mm]
    table = Table(rows, colWidths=widths, repeatRows=1)
    style: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BACKGROUND),
        ("LINEBELOW", (0, 0), (-1, 0), 0.75, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#dddddd")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    style += [("SPAN", (0, row), (-1, row)) for row in spanned]
    table.setStyle(TableStyle(style))
    return table


def _totals(order: Any, fmt: LangFormat) -> Table:
    """The untaxed amount, each tax and the total, on the right."""
    currency = order.currency_id
    rows = [["Untaxed Amount", fmt.amount(order.amount_untaxed, currency)]]
    rows += [[name, fmt.amount(amount, currency)] for name, amount in order._tax_breakdown()]
    rows.append(["Total", fmt.amount(order.amount_total, currency)])
    table = Table(rows, colWidths=[45 * mm, 35 * mm], hAlign="RIGHT")
    last = len(rows) - 1
    table.setStyle(
        TableStyle(
            [
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("LINEABOVE", (0, 0), (-1, 0), 0.75, colors.black),
                ("LINEABOVE", (0, last), (-1, last), 0.75, colors.black),
                ("FONTNAME", (0, last), (-1, last), BOLD),
                ("FONTSIZE", (0, last), (-1, last), 10),
            ]
        )
    )
    return table


def _terms(order: Any) -> list[Flowable]:
    """The payment terms (when the order has some) and the terms and conditions."""
    body: list[Flowable] = []
    terms = order.payment_term_id.name if "payment_term_id" in order._fields else ""
    if terms:
        body += [Spacer(1, 6 * mm), paragraph(text(f"Payment terms: {terms}"))]
    note = html_to_paragraph_text(order.note)
    if note:
        body += [Spacer(1, 6 * mm), paragraph(text("Terms & Conditions"), "label")]
        body.append(paragraph(note))
    return body


__all__ = ["render_pro_forma", "render_sale_orders"]
