"""report.paperformat: the paper formats a company's documents are printed on."""

from __future__ import annotations

import csv
import functools
import io
from importlib import resources

from jsontwo.exceptions import ValidationError
from jsontwo.orm import api, fields, models

#: the format whose page size is given in millimetres instead of named
CUSTOM = "custom"


@functools.cache
def paper_sizes() -> dict[str, tuple[str, float, float]]:
    """The named paper sizes: key -> (label, width, height), in millimetres,
    portrait (the custom size has none)."""
    path = resources.files("jsontwo.modules.base").joinpath("data", "paper_sizes.csv")
    rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
    return {
        row["key"]: (row["description"], float(row["width"] or 0), float(row["height"] or 0))
        for row in rows
    }


def _format_selection() -> list[tuple[str, str]]:
    return [(key, label) for key, (label, _w, _h) in paper_sizes().items()]


class PaperFormat(models.Model):
    """A paper size, orientation and margins for printing documents."""

    _name = "report.paperformat"
    _description = "Paper Format Config"

    name = fields.Char("Name", required=True)
    default = fields.Boolean("Default paper format?")
    format = fields.Selection(
        _format_selection(), "Paper size", default="A4", help="Select Proper Paper size"
    )
    margin_top = fields.Float("Top Margin (mm)", default=40.0)
    margin_bottom = fields.Float("Bottom Margin (mm)", default=20.0)
    margin_left = fields.Float("Left Margin (mm)", default=7.0)
    margin_right = fields.Float("Right Margin (mm)", default=7.0)
    page_height = fields.Integer("Page height (mm)", default=0)
    page_width = fields.Integer("Page width (mm)", default=0)
    orientation = fields.Selection(
        [("Landscape", "Landscape"), ("Portrait", "Portrait")], "Orientation", default="Landscape"
    )
    header_line = fields.Boolean("Display a header line", default=False)
    header_spacing = fields.Integer("Header spacing", default=35)
    disable_shrinking = fields.Boolean("Disable smart shrinking")
    dpi = fields.Integer("Output DPI", required=True, default=90)
    print_page_width = fields.Float("Print page width (mm)", compute="_compute_print_page_size")
    print_page_height = fields.Float("Print page height (mm)", compute="_compute_print_page_size")
    css_margins = fields.Boolean("Use css margins", default=False)

    @api.constrains("format")
    def _check_format_or_page(self) -> None:
        for paper in self:
            if paper.format != CUSTOM and (paper.page_width or paper.page_height):
                raise ValidationError(
                    "You can select either a format or a specific page width/height, but not both."
                )

    def _compute_print_page_size(self) -> None:
        for paper in self:
            width = height = 0.0
            if paper.format == CUSTOM:
                width, height = float(paper.page_width or 0), float(paper.page_height or 0)
            elif paper.format:
                _label, width, height = paper_sizes()[paper.format]
            if paper.orientation == "Landscape":
                width, height = height, width
            paper.print_page_width = width
            paper.print_page_height = height
