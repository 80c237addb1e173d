"""The web module's preview reports on companies, as Odoo 19 prints them:
"Preview Internal Report" (``web.preview_internalreport``) and "Preview
External Report" (``web.preview_externalreport``).

They show what the two layouts of every report look like, and print one
sample page whatever companies they are asked for: Odoo's templates draw the
current company (``env.company``), not the records printed. The internal one
is headed by the time of printing (in the user's timezone), the company's name
and the page numbers, above "This is a sample of an internal report."; the
external one is the company's letterhead (logo, address, footer) around "This
is a sample of an external report."

Drawn with ReportLab (:mod:`jsontwo.modules.base.pdf_document`); registered in
:mod:`jsontwo.modules.base` and imported on the first print.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from jsontwo.modules.base.pdf_document import (
    build_internal_pdf,
    build_pdf,
    company_letterhead,
    page_size,
    paragraph,
    text,
)
from jsontwo.orm.dates import user_zone

INTERNAL_SAMPLE = "This is a sample of an internal report."
EXTERNAL_SAMPLE = "This is a sample of an external report."


def render_internal_preview(companies: Any) -> bytes:
    """The internal layout's sample page, for the current company."""
    env = companies.env
    company = env.company.sudo()
    now = dt.datetime.now(zoneinfo.ZoneInfo(user_zone(env)))
    return build_internal_pdf(
        [[paragraph(text(INTERNAL_SAMPLE))]],
        stamp=now.strftime("%Y-%m-%d %H:%M"),
        company=company.name or "",
        title="Preview Internal Report",
        size=page_size(company.paperformat_id),
    )


def render_external_preview(companies: Any) -> bytes:
    """The external layout's sample page: the current company's letterhead."""
    company = companies.env.company
    return build_pdf(
        [[paragraph(text(EXTERNAL_SAMPLE))]],
        company_letterhead(company),
        "Preview External Report",
        page_size(company.sudo().paperformat_id),
    )


__all__ = [
    "EXTERNAL_SAMPLE",
    "INTERNAL_SAMPLE",
    "render_external_preview",
    "render_internal_preview",
]
