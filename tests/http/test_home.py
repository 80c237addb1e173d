"""``GET /``: the landing page a browser finds at the server's address."""

from __future__ import annotations

from jsontwo import __version__
from tests.conftest import Api


def test_the_landing_page_says_where_to_go(api: Api) -> None:
    page = api.request("GET", "/")
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.headers["cache-control"] == "no-store"
    assert f"<span data-version>{__version__}</span>" in page.text
    for href in (
        "/web/account/security",
        "/doc",
        "/doc-bearer/index.json",
        "/health",
        "/health/ready",
        "/web/health",
    ):
        assert f'href="{href}"' in page.text
    assert 'curl http://test/doc-bearer/index.json -H "Authorization: bearer $KEY"' in page.text
    assert api.request("HEAD", "/").status_code == 200


def test_other_paths_are_still_json_errors(api: Api) -> None:
    missing = api.request("GET", "/no/such/page")
    assert missing.status_code == 404
    assert missing.json()["name"] == "werkzeug.exceptions.NotFound"
