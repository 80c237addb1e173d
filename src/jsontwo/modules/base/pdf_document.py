"""Printed documents: a company's letterhead around pages drawn with ReportLab.

Odoo prints its reports by rendering QWeb templates to HTML and handing the
HTML to wkhtmltopdf, a headless browser engine. jsontwo draws the same
documents with **ReportLab** (its open-source toolkit, BSD licence), and
keeps no browser:

* it is pure Python (Pillow for the logo), installed from PyPI with the rest
  of the server, with nothing to install on the system: ``make serve`` still
  needs only Python (WeasyPrint would need Pango and its libraries; wkhtmltopdf
  and Chromium are programs of their own);
* it has been maintained since 2000 and is what Odoo itself uses for its
  barcodes;
* its page layout engine (Platypus) breaks long tables across pages,
  repeats their header row and wraps text in cells, which an order of a
  hundred lines needs; fpdf2 (LGPL) would need that written by hand, and
  xhtml2pdf is ReportLab plus an HTML layer (and a dozen more packages) for
  templates that would be HTML in name only.

Its import costs a quarter of a second, so it is imported only by the
templates (:func:`~jsontwo.modules.base.models.ir_actions_report.register_pdf_template`),
on the first print. Text is set in Helvetica, one of the fonts every PDF
reader has: nothing is embedded, and characters outside Western European
alphabets print as blanks (see docs/reports.md).

This module gives the parts every document shares: the page of the company's
paper format, the letterhead (logo, company address, and a footer with its
contacts and the page number), addresses, amounts and dates written as the
reader's language writes them, and the styles. A template
(:mod:`jsontwo.modules.sale.report_saleorder`) builds the body of each record
from them and calls :func:`build_pdf`.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import html
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate, Paragraph

#: the font of every document, and its bold and italic faces (standard PDF fonts)
FONT, BOLD, ITALIC = "Helvetica", "Helvetica-Bold", "Helvetica-Oblique"
#: the colour of rules and table headers' lines
RULE_COLOR = colors.HexColor("#8a8a8a")
#: the grey of secondary text (the footer, labels)
MUTED = colors.HexColor("#555555")
#: the room the letterhead takes above the body, and the footer below it
HEADER_HEIGHT = 30 * mm
FOOTER_HEIGHT = 14 * mm
#: the height of the internal layout's header line (time, company, page numbers)
INTERNAL_HEADER_HEIGHT = 14 * mm
#: the largest size the logo is drawn at
LOGO_MAX_WIDTH, LOGO_MAX_HEIGHT = 50 * mm, 17 * mm

STYLES = {
    "body": ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12),
    "small": ParagraphStyle("small", fontName=FONT, fontSize=8, leading=10, textColor=MUTED),
    "label": ParagraphStyle("label", fontName=BOLD, fontSize=9, leading=12),
    "label_right": ParagraphStyle(
        "label_right", fontName=BOLD, fontSize=9, leading=12, alignment=TA_RIGHT
    ),
    "title": ParagraphStyle("title", fontName=BOLD, fontSize=18, leading=24, spaceAfter=8),
    "cell": ParagraphStyle("cell", fontName=FONT, fontSize=9, leading=11),
    "cell_right": ParagraphStyle(
        "cell_right", fontName=FONT, fontSize=9, leading=11, alignment=TA_RIGHT
    ),
    "section": ParagraphStyle("section", fontName=BOLD, fontSize=9, leading=11),
    "note": ParagraphStyle("note", fontName=ITALIC, fontSize=9, leading=11),
}


@dataclass(frozen=True, slots=True)
class LangFormat:
    """How a language writes numbers and dates (a ``res.lang``'s settings)."""

    decimal_point: str = "."
    thousands_sep: str = ","
    date_format: str = "%m/%d/%Y"

    def number(self, value: float, digits: int = 2) -> str:
        """``value`` with ``digits`` decimals, its thousands grouped."""
        text = f"{abs(value):,.{digits}f}"
        whole, _, decimals = text.partition(".")
        whole = whole.replace(",", self.thousands_sep)
        sign = "-" if value < 0 and float(text.replace(",", "")) else ""
        return sign + (f"{whole}{self.decimal_point}{decimals}" if digits else whole)

    def date(self, value: dt.date | dt.datetime | str | bool | None) -> str:
        """``value`` (a date, or a datetime's date) in the language's format; empty for none."""
        if not value:
            return ""
        if isinstance(value, str):
            value = dt.date.fromisoformat(value[:10])
        if isinstance(value, dt.datetime):
            value = value.date()
        assert isinstance(value, dt.date)
        return value.strftime(self.date_format)

    def amount(self, value: float, currency: Any) -> str:
        """``value`` in ``currency`` (a res.currency record): its decimals, and its
        symbol before or after as the currency says."""
        if not currency:
            return self.number(value)
        text = self.number(value, int(currency.decimal_places or 0))
        symbol = currency.symbol or currency.name or ""
        return (
            f"{symbol}\N{NO-BREAK SPACE}{text}"
            if currency.position == "before"
            else f"{text}\N{NO-BREAK SPACE}{symbol}"
        )


def lang_format(env: Any, code: str | bool | None) -> LangFormat:
    """The formats of the active language ``code`` (English's when it is not one)."""
    langs = env["res.lang"].sudo().with_context(active_test=False)
    found = langs.search([("code", "=", code or "en_US")], limit=1) if code else langs
    if not found:
        found = langs.search([("code", "=", "en_US")], limit=1)
    if not found:
        return LangFormat()
    return LangFormat(
        decimal_point=found.decimal_point or ".",
        thousands_sep=found.thousands_sep or "",
        date_format=found.date_format or "%m/%d/%Y",
    )


def text(value: Any) -> str:
    """A value for a Paragraph: escaped, its line breaks kept (empty for none)."""
    if not value:
        return ""
    return html.escape(str(value)).replace("\n", "<br/>")


def html_to_paragraph_text(value: Any) -> str:
    """The text of an html field, for a Paragraph: its paragraphs and breaks as
    line breaks, other markup dropped (empty when it shows no text)."""
    if not value or not isinstance(value, str):
        return ""
    flat = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</li>|</h[1-6]>", "\n", value)
    flat = html.unescape(re.sub(r"<[^>]*>", "", flat))
    lines = [line.strip() for line in flat.splitlines()]
    return text("\n".join(line for line in lines if line))


def address_lines(partner: Any) -> list[str]:
    """The postal address of ``partner``: its name (with its company's), street,
    city line, state and country, as an envelope shows it."""
    if not partner:
        return []
    name = partner.name or ""
    company = partner.commercial_company_name if partner.parent_id else ""
    lines = [company, name] if company and company != name else [name]
    city_line = " ".join(part for part in (partner.zip, partner.city) if part)
    lines += [partner.street or "", partner.street2 or "", city_line]
    lines += [partner.state_id.name or "" if partner.state_id else ""]
    lines += [partner.country_id.name or "" if partner.country_id else ""]
    return [line for line in lines if line]


@dataclass(frozen=True, slots=True)
class Letterhead:
    """What a company prints on every page: logo, name and address, contacts."""

    name: str
    address: list[str]
    contacts: list[str] = field(default_factory=list)
    footer: str = ""
    logo: bytes | None = None


def company_letterhead(company: Any) -> Letterhead:
    """The letterhead of ``company`` (a res.company record, read as the superuser:
    the company's address prints on documents whoever prints them)."""
    company = company.sudo()
    partner = company.partner_id
    address = address_lines(partner)[1:]  # the name is printed on its own
    if partner.vat:
        address.append(f"Tax ID: {partner.vat}")
    contacts = [value for value in (partner.phone, partner.email, partner.website) if value]
    return Letterhead(
        name=company.name or "",
        address=address,
        contacts=contacts,
        footer=html_to_paragraph_text(company.report_footer).replace("<br/>", "  "),
        logo=image_bytes(company.logo_web or company.logo),
    )


def image_bytes(value: Any) -> bytes | None:
    """The bytes of a binary field's value (base64), or None."""
    if not value:
        return None
    try:
        return base64.b64decode(value, validate=False)
    except (binascii.Error, ValueError):
        return None


def page_size(paperformat: Any) -> tuple[float, float]:
    """The page size, in points, of a report.paperformat record (A4 without one)."""
    if paperformat:
        width, height = paperformat.print_page_width, paperformat.print_page_height
        if width and height:
            return float(width) * mm, float(height) * mm
    return A4


def _pages(
    doc: Any, buffer: io.BytesIO, size: tuple[float, float], title: str, author: str, top: float
) -> None:
    """Set up ``doc`` (a document of this module): pages of ``size`` with ``top``
    points above the body for its header, each decorated by its ``_decorate``."""
    BaseDocTemplate.__init__(
        doc,
        buffer,
        pagesize=size,
        leftMargin=16 * mm,
        rightMargin=16 * mm,
        topMargin=top,
        bottomMargin=FOOTER_HEIGHT + 6 * mm,
        title=title,
        author=author,
        creator="jsontwo",
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=doc._decorate)])


class _Letterheaded(BaseDocTemplate):
    """A document whose every page carries the letterhead (the page numbers are
    :class:`_NumberedCanvas`'s)."""

    def __init__(
        self, buffer: io.BytesIO, letterhead: Letterhead, title: str, size: tuple[float, float]
    ) -> None:
        self.letterhead = letterhead
        self.logo = _logo_reader(letterhead.logo)
        _pages(self, buffer, size, title, letterhead.name, HEADER_HEIGHT + 8 * mm)

    def _decorate(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        """The letterhead above the body, the footer below it."""
        width, height = self.pagesize
        left, right = self.leftMargin, width - self.rightMargin
        top = height - 10 * mm
        canvas.saveState()
        if self.logo is not None:
            image_w, image_h = self.logo.getSize()
            scale = min(LOGO_MAX_WIDTH / image_w, LOGO_MAX_HEIGHT / image_h, 1.0 * mm)
            canvas.drawImage(
                self.logo,
                left,
                top - image_h * scale,
                image_w * scale,
                image_h * scale,
                mask="auto",
            )
        canvas.setFont(BOLD, 10)
        canvas.drawRightString(right, top - 9, self.letterhead.name)
        canvas.setFont(FONT, 8)
        canvas.setFillColor(MUTED)
        for position, line in enumerate(self.letterhead.address[:5]):
            canvas.drawRightString(right, top - 20 - 10 * position, line)
        rule_y = height - HEADER_HEIGHT - 4 * mm
        canvas.setStrokeColor(RULE_COLOR)
        canvas.setLineWidth(0.5)
        canvas.line(left, rule_y, right, rule_y)
        footer_y = FOOTER_HEIGHT
        canvas.line(left, footer_y, right, footer_y)
        canvas.drawCentredString(width / 2, footer_y - 11, "   ".join(self.letterhead.contacts))
        if self.letterhead.footer:
            canvas.drawCentredString(width / 2, footer_y - 21, self.letterhead.footer[:150])
        canvas.restoreState()


class _NumberedCanvas(Canvas):
    """A canvas that writes "Page x / y" on each page once it knows y: it keeps
    each finished page's state and draws them all when the document is saved."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # ReportLab's name
        """Keep the finished page; it is drawn at :meth:`save`."""
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        """Number every kept page, then write the file."""
        count = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.saveState()
            self._draw_number(count)
            self.restoreState()
            super().showPage()
        super().save()

    def _draw_number(self, count: int) -> None:
        """ "Page x / y" at the bottom right, under the footer's rule."""
        self.setFont(FONT, 8)
        self.setFillColor(MUTED)
        self.drawRightString(
            self._pagesize[0] - 16 * mm, FOOTER_HEIGHT - 31, f"Page {self._pageNumber} / {count}"
        )


class _Internal(BaseDocTemplate):
    """A document of Odoo's internal layout (``web.internal_layout``): a thin
    header on every page with the time of printing, the company's name and the
    page numbers (:class:`_TopNumberedCanvas`'s); no logo, no footer."""

    def __init__(
        self, buffer: io.BytesIO, stamp: str, company: str, title: str, size: tuple[float, float]
    ) -> None:
        self.stamp, self.company = stamp, company
        _pages(self, buffer, size, title, company, INTERNAL_HEADER_HEIGHT + 6 * mm)

    def _decorate(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        """The time of printing on the left, the company's name in the middle."""
        width, height = self.pagesize
        baseline = height - INTERNAL_HEADER_HEIGHT
        canvas.saveState()
        canvas.setFont(FONT, 9)
        canvas.drawString(self.leftMargin, baseline, self.stamp)
        canvas.drawCentredString(width / 2, baseline, self.company)
        canvas.restoreState()


class _TopNumberedCanvas(_NumberedCanvas):
    """ "x / y" at the top right of each page, as Odoo's internal layout has it."""

    def _draw_number(self, count: int) -> None:
        width, height = self._pagesize
        self.setFont(FONT, 9)
        self.drawRightString(
            width - 16 * mm, height - INTERNAL_HEADER_HEIGHT, f"{self._pageNumber} / {count}"
        )


def _logo_reader(logo: bytes | None) -> ImageReader | None:
    """The logo as ReportLab draws it, or None when it is not an image Pillow reads."""
    if not logo:
        return None
    try:
        reader = ImageReader(io.BytesIO(logo))
        reader.getSize()
    except Exception:  # a corrupt or unsupported image: the letterhead goes without it
        return None
    return reader


def build_pdf(
    documents: Sequence[list[Flowable]],
    letterhead: Letterhead,
    title: str,
    size: tuple[float, float] = A4,
) -> bytes:
    """One PDF of ``documents`` (each a list of flowables, starting on a new
    page) on ``letterhead``'s pages of ``size``, titled ``title``."""
    buffer = io.BytesIO()
    _Letterheaded(buffer, letterhead, title, size).build(
        _story(documents), canvasmaker=_NumberedCanvas
    )
    return buffer.getvalue()


def _story(documents: Sequence[list[Flowable]]) -> list[Flowable]:
    """The flowables of ``documents`` in one story, each document on a new page."""
    story: list[Flowable] = []
    for position, flowables in enumerate(documents):
        if position:
            story.append(PageBreak())
        story.extend(flowables)
    return story


def build_internal_pdf(
    documents: Sequence[list[Flowable]],
    stamp: str,
    company: str,
    title: str,
    size: tuple[float, float] = A4,
) -> bytes:
    """One PDF of ``documents`` in Odoo's internal layout: each page headed by
    ``stamp`` (the time of printing), the ``company``'s name and "x / y"."""
    buffer = io.BytesIO()
    _Internal(buffer, stamp, company, title, size).build(
        _story(documents), canvasmaker=_TopNumberedCanvas
    )
    return buffer.getvalue()


def paragraph(value: str, style: str = "body") -> Paragraph:
    """A paragraph of ``value`` (already escaped: :func:`text`) in one of :data:`STYLES`."""
    return Paragraph(value, STYLES[style])


__all__ = [
    "BOLD",
    "FONT",
    "STYLES",
    "LangFormat",
    "Letterhead",
    "address_lines",
    "build_internal_pdf",
    "build_pdf",
    "company_letterhead",
    "html_to_paragraph_text",
    "image_bytes",
    "lang_format",
    "page_size",
    "paragraph",
    "text",
]
