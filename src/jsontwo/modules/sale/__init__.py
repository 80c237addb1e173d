"""The sale module: quotations and sales orders (sale.order, sale.order.line),
numbered by the ``sale.order`` sequence, with taxes from the account module,
and their printed documents (the "Quotation / Order" report and its pro-forma)."""

from jsontwo.modules.base.models.ir_actions_report import register_pdf_template
from jsontwo.modules.sale import models
from jsontwo.modules.sale.loading import load_data, load_demo, upgrade_data

# the printed orders (imported on the first print: see register_pdf_template)
register_pdf_template("sale.report_saleorder", f"{__name__}.report_saleorder:render_sale_orders")
register_pdf_template(
    "sale.report_saleorder_pro_forma", f"{__name__}.report_saleorder:render_pro_forma"
)

__all__ = ["load_data", "load_demo", "models", "upgrade_data"]
