"""ir.actions.report: the printable documents of a model, and their PDFs.

A report action names a model (``sale.order``), a template
(``report_name``, ``sale.report_saleorder``), how it is printed
(``report_type``) and how its file is named (``print_report_name``). Odoo
renders its QWeb templates to HTML and prints the HTML to PDF with
wkhtmltopdf; jsontwo draws the same documents with ReportLab instead (see
:mod:`jsontwo.modules.base.pdf_document` for why), from templates written in
Python that a module registers by report name with
:func:`register_pdf_template`.

As in Odoo 19, the rendering methods are private (``_render_qweb_pdf``): a
JSON-2 or XML-RPC client cannot call them, and gets PDFs from the
``/report/pdf/<report_name>/<ids>`` route of a signed-in session. What a
client may call: ``report_action`` (the action the web client prints from),
``get_paperformat``, ``get_valid_action_reports``, ``get_wkhtmltopdf_state``,
``create_action`` and ``unlink_action``.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Callable
from typing import Any, Self

from jsontwo.exceptions import MissingError, UserError
from jsontwo.modules.base.models.actions import ActionType
from jsontwo.modules.base.report_names import report_file_name
from jsontwo.orm import api, fields, models

#: draws the PDF of some records (of one model): their bytes
PdfTemplate = Callable[[Any], bytes]
#: the PDF templates, by report name (``sale.report_saleorder``): where each one
#: is, as ``"package.module:function"``
PDF_TEMPLATES: dict[str, str] = {}
#: what :meth:`get_wkhtmltopdf_state` answers: jsontwo prints PDFs itself, always
PDF_ENGINE_STATE = "ok"


def register_pdf_template(report_name: str, location: str) -> None:
    """Make the function at ``location`` (``"package.module:function"``) the PDF
    template of ``report_name``.

    The function takes the records to print (a recordset of the report's model,
    in the caller's environment, their access already checked) and returns the
    PDF's bytes, every record on its own pages. Its module is imported on the
    first print only: the PDF library takes a quarter of a second to import,
    which a server's start should not pay.
    """
    PDF_TEMPLATES[report_name] = location


def pdf_template_function(report_name: str) -> PdfTemplate | None:
    """The PDF template of ``report_name`` (None when no module registered one)."""
    location = PDF_TEMPLATES.get(report_name)
    if location is None:
        return None
    module_name, _, function_name = location.partition(":")
    function: PdfTemplate = getattr(importlib.import_module(module_name), function_name)
    return function


class IrActionsReport(ActionType):
    """A report: a document of a model that can be printed to PDF. Like every
    action type, it shares the id of its ``ir.actions.actions`` record."""

    _name = "ir.actions.report"
    _description = "Report Action"
    _order = "name, id"

    model = fields.Char("Model Name", required=True)
    model_id = fields.Many2one("ir.model", "Model", compute="_compute_model_id")
    report_type = fields.Selection(
        [("qweb-html", "HTML"), ("qweb-pdf", "PDF"), ("qweb-text", "Text")],
        "Report Type",
        required=True,
        default="qweb-pdf",
        help="The type of the report that will be rendered, each one having its own rendering "
        "method. HTML means the report will be opened directly in your browser PDF means the "
        "report will be rendered using Wkhtmltopdf and downloaded by the user.",
    )
    report_name = fields.Char("Template Name", required=True)
    report_file = fields.Char(
        "Report File",
        help="The path to the main report file (depending on Report Type) or empty if the "
        "content is in another field",
    )
    group_ids = fields.Many2many("res.groups", "res_groups_report_rel", "uid", "gid", "Groups")
    multi = fields.Boolean(
        "On Multiple Doc.",
        help="If set to true, the action will not be displayed on the right toolbar of a form "
        "view.",
    )
    paperformat_id = fields.Many2one("report.paperformat", "Paper Format")
    print_report_name = fields.Char(
        "Printed Report Name",
        translate=True,
        help="This is the filename of the report going to download. Keep empty to not change "
        "the report filename. You can use a python expression with the 'object' and 'time' "
        "variables.",
    )
    attachment_use = fields.Boolean(
        "Reload from Attachment",
        help="If enabled, then the second time the user prints with same attachment name, it "
        "returns the previous report.",
    )
    attachment = fields.Char(
        "Save as Attachment Prefix",
        help="This is the filename of the attachment used to store the printing result. Keep "
        "empty to not save the printed reports. You can use a python expression with the "
        "object and time variables.",
    )
    domain = fields.Char(
        "Filter domain",
        help="If set, the action will only appear on records that matches the domain.",
    )

    @api.model_create_multi
    def create(self, vals_list: list[dict[str, Any]] | dict[str, Any]) -> Self:
        """Reports, bound as reports (the print menu) unless said otherwise."""
        if isinstance(vals_list, dict):
            vals_list = [vals_list]
        return super().create([{"binding_type": "report", **vals} for vals in vals_list])

    @api.depends("model")
    def _compute_model_id(self) -> None:
        ir_models = self.env["ir.model"].sudo()
        for report in self:
            try:
                report.model_id = ir_models._get_id(report.model) if report.model else False
            except ValueError:  # a model this database does not have
                report.model_id = False

    # --- what clients call -------------------------------------------------

    def report_action(
        self, docids: Any = None, data: Any = None, config: bool = True
    ) -> dict[str, Any]:
        """The action that prints this report for ``docids`` (ids, one id or
        records): the web client downloads ``/report/pdf/<report_name>/<ids>``
        from it. Odoo first sends an administrator without a document layout to
        its layout configurator (``config``); jsontwo has no such screen and
        always answers the report's action."""
        self.ensure_one()
        context = dict(self.env.context)
        if docids:
            if isinstance(docids, models.BaseModel):
                context["active_ids"] = docids.ids
            elif isinstance(docids, int):
                context["active_ids"] = [docids]
            elif isinstance(docids, list):
                context["active_ids"] = docids
        return {
            "context": context,
            "data": data,
            "type": "ir.actions.report",
            "report_name": self.report_name,
            "report_type": self.report_type,
            "report_file": self.report_file or False,
            "name": self.name,
        }

    def get_paperformat(self) -> models.BaseModel:
        """The paper format this report prints on: its own, else the company's."""
        return self.paperformat_id or self.env.company.paperformat_id

    @api.model
    def get_wkhtmltopdf_state(self) -> str:
        """Whether PDFs can be printed: always ``ok`` (Odoo answers ``install``
        when wkhtmltopdf is missing; jsontwo needs no such program)."""
        return PDF_ENGINE_STATE

    def get_valid_action_reports(self, model: str, record_ids: list[int]) -> list[int]:
        """The ids of these reports whose ``domain`` at least one of the records
        ``record_ids`` of ``model`` satisfies (a report without one always does)."""
        valid = [report.id for report in self if not report.domain]
        for report in self:
            if report.domain:
                domain = ast.literal_eval(report.domain)
                found = self.env[model].search_count([("id", "in", list(record_ids)), *domain])
                if found:
                    valid.append(report.id)
        return valid

    def create_action(self) -> bool:
        """Show each report in the print menu of its model."""
        for report in self:
            model_id = self.env["ir.model"].sudo()._get_id(report.model)
            report.write({"binding_model_id": model_id, "binding_type": "report"})
        return True

    def unlink_action(self) -> bool:
        """Remove the reports from their model's print menu."""
        self.check_access("write")
        self.filtered(lambda report: report.binding_model_id).write({"binding_model_id": False})
        return True

    # --- rendering (private, as in Odoo) -------------------------------------

    @api.model
    def _get_report_from_name(self, report_name: str) -> models.BaseModel:
        """The first report named ``report_name`` (none: an empty recordset)."""
        return self.search([("report_name", "=", report_name)], limit=1)

    @api.model
    def _get_report(self, report_ref: Any) -> models.BaseModel:
        """The report ``report_ref`` names: a report record, its id, its external
        id or its report name. MissingError for none."""
        reports = self.sudo()
        if isinstance(report_ref, models.BaseModel):
            return reports.browse(report_ref.ids)
        if isinstance(report_ref, int):
            return reports.browse([report_ref])
        report = reports.search([("report_name", "=", report_ref)], limit=1)
        if report:
            return report
        ref = self.env.ref(str(report_ref), raise_if_not_found=False) if "." in report_ref else None
        if ref is not None and ref._name == self._name:
            return reports.browse(ref.ids)
        raise MissingError(f"The report {report_ref!r} does not exist.")

    @api.model
    def _render_qweb_pdf(
        self, report_ref: Any, res_ids: list[int] | None = None, data: Any = None
    ) -> tuple[bytes, str]:
        """The PDF of report ``report_ref`` for the records ``res_ids``, and
        ``"pdf"``. The caller must be able to read the records (AccessError
        otherwise, MissingError for ids that do not exist)."""
        report = self._get_report(report_ref)
        template = pdf_template_function(report.report_name)
        if template is None or report.report_type != "qweb-pdf":
            raise UserError(f"The report {report.report_name!r} cannot be printed as a PDF.")
        records = self.env[report.model].browse(list(res_ids or []))
        if not records:
            raise UserError("There is nothing to print.")
        missing = set(records.ids) - set(records.exists().ids)
        if missing:
            raise MissingError(
                "Record does not exist or has been deleted.\n"
                f"(Record: {records.browse(sorted(missing))!r}, User: {self.env.uid})"
            )
        records.check_access("read")
        return template(records), "pdf"

    def _file_name(self, records: models.BaseModel, extension: str = "pdf") -> str:
        """The name of the file printing ``records``: ``print_report_name`` for one
        record (when it gives a name), else the report's name."""
        self.ensure_one()
        name = None
        if len(records) == 1:
            name = report_file_name(self.print_report_name, records)
        return f"{name or self.name}.{extension}"


__all__ = [
    "PDF_TEMPLATES",
    "IrActionsReport",
    "PdfTemplate",
    "pdf_template_function",
    "register_pdf_template",
]
