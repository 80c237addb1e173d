"""The report routes: printed documents as PDF, and the company logo.

* ``GET /report/pdf/<report_name>/<ids>`` (ids comma-separated): the report's
  PDF for those records, printed as the signed-in user of the browser session
  (the account page's or ``/web/session/authenticate``'s cookie). Odoo's
  ``context`` query parameter (JSON) sets the language, companies...
* ``GET`` or ``POST /report/download`` (``data``: the JSON list ``[url,
  "qweb-pdf"]`` the web client sends, ``context``): the same PDF as a download
  named as the report names it (``Quotation - S00012.pdf``).
* ``GET /web/binary/company_logo`` (also ``/logo`` and ``/logo.png``;
  ``company``: a company's id): the logo of that company, else of the session
  user's company; anyone may fetch it, as in Odoo.

Every failure is the JSON error object (Odoo answers HTML pages): no session
401 SessionExpired, a record the user may not read 403 AccessError, ids that
do not exist or an unknown report 404 MissingError, nothing to print 422
UserError. Only PDF is printed: ``/report/html/...`` and ``/report/text/...``
answer 404.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Awaitable, Callable
from email.utils import format_datetime
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from jsontwo.exceptions import BadRequest, NotFound, SessionExpired, error_status
from jsontwo.http import sessions, site_session
from jsontwo.http.config import ServerConfig
from jsontwo.http.errors import JSON_CONTENT_TYPE, error_body, error_headers
from jsontwo.http.wire import client_address, read_small_form
from jsontwo.service import Databases, accounts
from jsontwo.service.reports import Logo, ReportFile, company_logo, render_pdf, shipped_logo

#: what the report routes print
PDF = "application/pdf"
#: the path prefix of a PDF report, inside ``/report/download``'s ``data``
PDF_PREFIX = "/report/pdf/"


class ReportRoutes:
    """The Starlette endpoints of the report and logo routes."""

    def __init__(self, databases: Databases, config: ServerConfig) -> None:
        self.databases = databases
        self.config = config

    def routes(self) -> list[BaseRoute]:
        """``/report/...``, ``/report/download`` and the logo's three paths."""
        report = self._endpoint(self.report)
        logo = self._endpoint(self.logo)
        return [
            Route("/report/download", self._endpoint(self.download), methods=["GET", "POST"]),
            Route("/report/{converter}/{report_name}", report, methods=["GET"]),
            Route("/report/{converter}/{report_name}/{docids}", report, methods=["GET"]),
            Route("/web/binary/company_logo", logo, methods=["GET"]),
            Route("/logo", logo, methods=["GET"]),
            Route("/logo.png", logo, methods=["GET"]),
        ]

    def _endpoint(
        self, handler: Callable[[Request], Awaitable[Response]]
    ) -> Callable[[Request], Awaitable[Response]]:
        """``handler``, its exceptions answered with the JSON error object."""

        async def endpoint(request: Request) -> Response:
            try:
                return await handler(request)
            except Exception as exc:
                headers = {k.decode(): v.decode() for k, v in error_headers(exc)}
                return Response(
                    error_body(exc, self.config.dev),
                    error_status(exc),
                    headers={"Cache-Control": "no-store", **headers},
                    media_type=JSON_CONTENT_TYPE.decode(),
                )

        return endpoint

    # --- reports -------------------------------------------------------------

    async def report(self, request: Request) -> Response:
        """``/report/pdf/<report_name>[/<ids>]``: the PDF, inline."""
        params = request.path_params
        context = _json_param(request.query_params.get("context"), "context")
        printed = self._print(
            request, params["converter"], params["report_name"], params.get("docids"), context
        )
        return _pdf_response(printed, download=False)

    async def download(self, request: Request) -> Response:
        """``/report/download``: the PDF of the report ``data`` names, as a file to save."""
        values = dict(request.query_params)
        if request.method == "POST":
            form = await read_small_form(request, self.config.small_body())
            values.update({k: v for k, v in form.items() if isinstance(v, str)})
        data = _json_param(values.get("data"), "data")
        if not isinstance(data, list) or len(data) < 2 or not isinstance(data[0], str):
            raise BadRequest("'data' must be the JSON list [url, report type].")
        url, report_type = data[0], data[1]
        if report_type != "qweb-pdf" or PDF_PREFIX not in url:
            raise NotFound(f"Report type {report_type} is not printed by jsontwo: only qweb-pdf.")
        path, _, query = url.split(PDF_PREFIX, 1)[1].partition("?")
        report_name, _, docids = path.partition("/")
        context = _json_param(values.get("context"), "context") or {}
        url_context = dict(parse_qsl(urlsplit(url).query or query)).get("context")
        context.update(_json_param(url_context, "context") or {})
        printed = self._print(request, "pdf", report_name, docids or None, context)
        return _pdf_response(printed, download=True)

    def _print(
        self,
        request: Request,
        converter: str,
        report_name: str,
        docids: str | None,
        context: Any,
    ) -> ReportFile:
        """The report printed as the session's user (SessionExpired without one)."""
        if converter != "pdf":
            raise NotFound(f"Converter {converter} not implemented: jsontwo prints PDF only.")
        visitor = site_session.session_visitor(self.databases, request, fingerprint=False)
        if visitor is None:
            raise SessionExpired()
        if context is not None and not isinstance(context, dict):
            raise BadRequest("'context' must be a JSON object.")
        # as Odoo reads them: what is not a number is left out
        ids = [int(part) for part in (docids or "").split(",") if part.isdigit()]
        session = visitor.session
        return render_pdf(
            visitor.registry,
            # the fingerprint is read in the print's own transaction
            accounts.session_user(
                session.uid, lambda current: sessions.fingerprint_matches(session, current)
            ),
            report_name,
            list(dict.fromkeys(ids)),
            context,
            client_address(request.scope),
        )

    # --- the logo ------------------------------------------------------------

    async def logo(self, request: Request) -> Response:
        """The company logo (no session needed)."""
        visitor = site_session.session_visitor(self.databases, request)
        company = request.query_params.get("company", "")
        company_id = int(company) if company.isdigit() else None
        if visitor is not None:
            found = company_logo(visitor.registry, visitor.session.uid, company_id)
        else:
            db = self._only_database(request)
            found = (
                company_logo(self.databases.registry(db), None, company_id)
                if db
                else shipped_logo()
            )
        return _logo_response(found)

    def _only_database(self, request: Request) -> str | None:
        """The database a request without a session is about: the one this server
        serves to its host, when it serves only one (Odoo's monodb)."""
        names = self.databases.names(request.headers.get("host"))
        return names[0] if len(names) == 1 else None


def _json_param(value: str | None, name: str) -> Any:
    """A query or form parameter holding JSON (None when absent); BadRequest when
    it is not JSON."""
    if value is None or value == "":
        return None
    try:
        return json.loads(value)
    except ValueError:
        raise BadRequest(f"{name!r} is not valid JSON.") from None


def _pdf_response(printed: ReportFile, download: bool) -> Response:
    """The PDF, named for a download as Odoo names it (RFC 6266's UTF-8 form)."""
    headers = {"Cache-Control": "no-store"}
    if download:
        headers["Content-Disposition"] = (
            f"attachment; filename*=UTF-8''{quote(printed.filename, safe='')}"
        )
    return Response(printed.content, 200, headers=headers, media_type=PDF)


def _logo_response(logo: Logo) -> Response:
    """The logo, with Odoo's headers (anyone may fetch it, from any site)."""
    headers = {
        "Content-Disposition": f"inline; filename={logo.filename}",
        "Cache-Control": "no-cache",
        "Access-Control-Allow-Origin": "*",
        "Access-Control-Allow-Methods": "GET, POST",
    }
    if logo.modified is not None:
        modified = logo.modified
        if isinstance(modified, str):
            modified = dt.datetime.fromisoformat(modified)
        headers["Last-Modified"] = format_datetime(modified.replace(tzinfo=dt.UTC), usegmt=True)
    return Response(logo.content, 200, headers=headers, media_type=logo.mimetype)


def report_routes(databases: Databases, config: ServerConfig) -> list[BaseRoute]:
    """The report and logo routes, for the server's Starlette application."""
    return ReportRoutes(databases, config).routes()


__all__ = ["ReportRoutes", "report_routes"]
