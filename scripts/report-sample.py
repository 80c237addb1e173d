"""Make the picture of a printed quotation in docs/reports.md.

Creates a throw-away SQLite database with demo data, adds a quotation for a
demo customer (a section, two taxed products, one with a discount, a note, a
reference and terms), prints it with the "Quotation / Order" report, and draws
the PDF's first page as a PNG with pypdfium2 (from the test extra)::

    .venv/bin/python scripts/report-sample.py [docs/images/quotation-sample.png]

It also writes the PDF next to the picture's name (``.pdf``) when ``--pdf`` is
given, to open it in a PDF reader.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from typing import Any

import pypdfium2

from jsontwo.db import open_storage
from jsontwo.orm import Environment
from jsontwo.service.creation import create_database
from jsontwo.service.databases import with_superuser

DEFAULT_PNG = Path(__file__).resolve().parent.parent / "docs" / "images" / "quotation-sample.png"
ADMIN = 2


def sample_quotation(env: Environment) -> int:
    """A quotation a person could send: products of the demo catalogue, a
    section, a discount, a note, the customer's reference and terms."""
    ref: Any = env.ref
    tax = env["account.tax"].create({"name": "VAT 21%", "amount": 21.0, "amount_type": "percent"})
    desk, chair, drawer = (
        ref("product.product_product_4"),
        ref("product.product_product_12"),
        ref("product.product_product_16"),
    )
    taxed = [[6, 0, [tax.id]]]
    order = env["sale.order"].create(
        {
            "partner_id": ref("base.res_partner_2").id,
            "client_order_ref": "PO-2026-118",
            "note": "<p>Payment within 30 days of the invoice date.</p>"
            "<p>Delivery and installation included.</p>",
            "order_line": [
                [0, 0, {"display_type": "line_section", "name": "Meeting room"}],
                [0, 0, {"product_id": desk.id, "product_uom_qty": 2, "tax_ids": taxed}],
                [0, 0, {"product_id": chair.id, "product_uom_qty": 8, "tax_ids": taxed}],
                [0, 0, {"display_type": "line_section", "name": "Storage"}],
                [
                    0,
                    0,
                    {
                        "product_id": drawer.id,
                        "product_uom_qty": 4,
                        "discount": 10,
                        "tax_ids": taxed,
                    },
                ],
                [0, 0, {"display_type": "line_note", "name": "Colours to be confirmed."}],
            ],
        }
    )
    return int(order.id)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("png", nargs="?", type=Path, default=DEFAULT_PNG)
    parser.add_argument("--pdf", action="store_true", help="also write the PDF")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data:
        registry = create_database(open_storage(data_dir=Path(data)), "sample", demo=True)
        try:
            order_id = with_superuser(registry, sample_quotation)

            def render(env: Environment) -> bytes:
                reports = env(uid=ADMIN, su=False)["ir.actions.report"]
                return bytes(reports._render_qweb_pdf("sale.report_saleorder", [order_id])[0])

            content = with_superuser(registry, render)
        finally:
            registry.database.dispose()
    document = pypdfium2.PdfDocument(content)
    document[0].render(scale=1.5).to_pil().save(args.png, format="PNG", optimize=True)
    document.close()
    print(f"wrote {args.png}")
    if args.pdf:
        args.png.with_suffix(".pdf").write_bytes(content)
        print(f"wrote {args.png.with_suffix('.pdf')}")


if __name__ == "__main__":
    main()
