"""The base module: partners, countries, currencies, companies, users, API keys."""

from jsontwo.modules.base import models
from jsontwo.modules.base.loading import load_data, load_demo, upgrade_data
from jsontwo.modules.base.models.ir_actions_report import register_pdf_template

# the web module's preview reports (imported on the first print: see register_pdf_template)
register_pdf_template(
    "web.preview_internalreport", f"{__name__}.report_preview:render_internal_preview"
)
register_pdf_template(
    "web.preview_externalreport", f"{__name__}.report_preview:render_external_preview"
)

__all__ = ["load_data", "load_demo", "models", "upgrade_data"]
