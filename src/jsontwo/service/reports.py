"""Printed reports and the company logo, for the web routes that serve them.

``/report/pdf/<report_name>/<ids>`` prints a report as the signed-in user of a
browser session (:func:`render_pdf`), in one read-only transaction: the user
must be able to read the records (Odoo's AccessError otherwise), ids that do
not exist are a MissingError, and a report that does not exist is one too.
``/web/binary/company_logo`` answers a company's logo (:func:`company_logo`),
which Odoo serves to anyone, signed in or not.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from dataclasses import dataclass
from typing import Any

from jsontwo.db import run_in_transaction
from jsontwo.modules.base.models.company import default_logo
from jsontwo.orm import Environment, Registry
from jsontwo.service.databases import with_superuser
from jsontwo.service.pipeline import Authenticate, authenticated

#: the image signatures the logo's type is told by (what Odoo's guess_mimetype reads)
IMAGE_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF8", "image/gif"),
    (b"RIFF", "image/webp"),
    (b"<svg", "image/svg+xml"),
    (b"<?xml", "image/svg+xml"),
)


@dataclass(frozen=True, slots=True)
class ReportFile:
    """A printed report: its bytes and the name of its file."""

    content: bytes
    filename: str


@dataclass(frozen=True, slots=True)
class Logo:
    """A company's logo: its bytes, its type, and when the company last changed
    (None for the logo shipped with jsontwo)."""

    content: bytes
    mimetype: str
    modified: dt.datetime | None = None

    @property
    def filename(self) -> str:
        """``logo.png``, ``logo.jpeg``, ``logo.svg``..., as Odoo names it."""
        extension = self.mimetype.split("/")[1].removesuffix("+xml")
        return f"logo.{extension}"


def render_pdf(
    registry: Registry,
    authenticate: Authenticate,
    report_name: str,
    ids: list[int],
    context: dict[str, Any] | None = None,
    remote_addr: str | None = None,
) -> ReportFile:
    """The PDF of report ``report_name`` for the records ``ids``, printed as the
    user ``authenticate`` proves the caller is, with ``context`` (its language,
    companies...), and the name Odoo gives its file."""

    def work(cr: Any) -> ReportFile:
        env, uid = authenticated(registry, cr, authenticate, remote_addr)
        user_env = env(uid=uid, context=dict(context or {}), su=False)
        if context:
            user_env.check_context()
        reports = user_env["ir.actions.report"]
        content, _kind = reports._render_qweb_pdf(report_name, ids)
        report = reports._get_report(report_name)
        records = user_env[report.model].browse(ids)
        return ReportFile(content, report._file_name(records))

    # printing writes nothing: it need not queue behind SQLite's writers
    return run_in_transaction(registry.database, work, defer_write_lock=True)


def company_logo(registry: Registry, uid: int | None, company_id: int | None) -> Logo:
    """The logo of company ``company_id``, else of user ``uid``'s company (the
    superuser's when nobody is signed in); the logo jsontwo ships when that
    company has none."""

    def work(env: Environment) -> Logo:
        if company_id:
            company = env["res.company"].browse([company_id]).exists()
        else:
            user = env["res.users"].browse([uid or env.uid]).exists()
            company = user.company_id if user else env["res.company"]
        logo = _decoded(company.logo_web) if company else None
        if not logo:
            return shipped_logo()
        return Logo(logo, image_type(logo), company.write_date or None)

    return with_superuser(registry, work, defer_write_lock=True)


def shipped_logo() -> Logo:
    """The logo jsontwo ships (a company's default): for a request that names no
    database, or a company without a logo."""
    return Logo(base64.b64decode(default_logo()), "image/png")


def image_type(content: bytes) -> str:
    """The type of an image by its first bytes (PNG when unknown, as Odoo's default)."""
    head = content[:16].lstrip()
    for signature, mimetype in IMAGE_SIGNATURES:
        if head.startswith(signature):
            return mimetype
    return "image/png"


def _decoded(value: Any) -> bytes | None:
    if not value:
        return None
    try:
        return base64.b64decode(value)
    except (binascii.Error, ValueError):
        return None


__all__ = ["Logo", "ReportFile", "company_logo", "image_type", "render_pdf", "shipped_logo"]
