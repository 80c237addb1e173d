"""``GET /``: a small landing page, so that a browser pointed at the server
finds where to go: the version, the account page (API keys), the API
documentation and the health routes."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from jsontwo import __version__
from jsontwo.http.health import LIVENESS, ODOO_HEALTH, READINESS
from jsontwo.http.pages import PAGE, PAGE_HEADERS, TEMPLATES

#: the API documentation's JSON (an API key is needed to read it)
API_DOCS = "/doc-bearer/index.json"
#: the documentation page (signed in, in a browser)
DOC_PAGE = "/doc"


async def home(request: Request) -> Response:
    """The landing page (HEAD too, as any page)."""
    context = {
        "title": "jsontwo",
        "version": __version__,
        "account_page": PAGE,
        "api_docs": API_DOCS,
        "doc_page": DOC_PAGE,
        "health": [LIVENESS, READINESS, ODOO_HEALTH],
        "base_url": str(request.base_url).rstrip("/"),
    }
    html = TEMPLATES.get_template("home.html").render(**context)
    return HTMLResponse(html, headers=PAGE_HEADERS)


def home_routes() -> list[BaseRoute]:
    """The landing page's route, for the server's Starlette application."""
    return [Route("/", home, methods=["GET", "HEAD"])]
