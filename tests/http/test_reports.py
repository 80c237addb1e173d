"""The report routes in-process, on SQLite and PostgreSQL: a sale order's PDF
for a signed-in session (``/report/pdf/...`` and ``/report/download``), the
JSON errors for everything else, and the company logo."""

from __future__ import annotations

import base64
import io
import json
from typing import Any

import httpx
import pytest
from PIL import Image

from jsontwo.db import Storage
from jsontwo.orm import Environment, Registry
from jsontwo.orm.images import process_image
from jsontwo.service.databases import with_superuser
from jsontwo.service.reports import shipped_logo
from tests.conftest import free_port, new_db_name, start_server, stop_server
from tests.http.test_pages import Client
from tests.http.test_web_session import sign_in
from tests.modules.base.test_apikeys import new_user
from tests.modules.sale.test_report_saleorder import make_order
from tests.pdfs import PDF_MAGIC, page_texts
from tests.servers import server_env

JSON = "application/json; charset=utf-8"
#: a 1x1 red pixel, as a company logo
RED_PIXEL = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
        "0000000c4944415478da63f8cfc000000301010018dd8db00000000049454e44ae426082"
    )
).decode()


@pytest.fixture(scope="module")
def order(registry: Registry) -> tuple[int, str]:
    """A quotation of the module: its id and name."""

    def work(env: Environment) -> tuple[int, str]:
        order_id = make_order(env)
        return order_id, str(env["sale.order"].browse([order_id]).name)

    return with_superuser(registry, work)


@pytest.fixture
def admin(app: Any, registry: Registry) -> Client:
    """A browser signed in as the demo admin."""
    client = Client(app)
    sign_in(client, registry.database.name)
    return client


def assert_error(response: Any, status: int, name: str) -> dict[str, Any]:
    """A JSON error object with ``status`` and ``name``."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == JSON
    body = response.json()
    assert list(body) == ["name", "message", "arguments", "context", "debug"]
    assert body["name"] == name, body
    return dict(body)


def test_a_signed_in_user_gets_the_quotation_pdf(admin: Client, order: tuple[int, str]) -> None:
    order_id, name = order
    response = admin.get(f"/report/pdf/sale.report_saleorder/{order_id}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(PDF_MAGIC)
    (text,) = page_texts(response.content)
    assert f"Quotation # {name}" in text and "Total $ 495.10" in text
    # Odoo's context parameter: the pro-forma's title does not depend on it, the language does
    context = json.dumps({"lang": "en_US"})
    pro_forma = admin.get(
        f"/report/pdf/sale.report_saleorder_pro_forma/{order_id}", params={"context": context}
    )
    assert f"Pro-Forma Invoice # {name}" in page_texts(pro_forma.content)[0]


def test_the_download_is_named_as_the_report_says(admin: Client, order: tuple[int, str]) -> None:
    order_id, name = order
    data = json.dumps([f"/report/pdf/sale.report_saleorder/{order_id}", "qweb-pdf"])
    for method in ("GET", "POST"):
        kwargs = {"params": {"data": data}} if method == "GET" else {"data": {"data": data}}
        response = admin.request(method, "/report/download", **kwargs)
        assert response.status_code == 200, response.text
        disposition = response.headers["content-disposition"]
        assert disposition == f"attachment; filename*=UTF-8''Quotation%20-%20{name}.pdf"
        assert f"Quotation # {name}" in page_texts(response.content)[0]


def test_without_a_session_the_answer_is_session_expired(app: Any, order: tuple[int, str]) -> None:
    response = Client(app).get(f"/report/pdf/sale.report_saleorder/{order[0]}")
    assert_error(response, 401, "odoo.http.SessionExpiredException")
    tampered = Client(app)
    tampered.cookies.set("session_id", "not-a-session")
    response = tampered.get(f"/report/pdf/sale.report_saleorder/{order[0]}")
    assert_error(response, 401, "odoo.http.SessionExpiredException")


def test_bad_requests_get_json_errors(admin: Client, order: tuple[int, str]) -> None:
    order_id = order[0]
    missing = admin.get(f"/report/pdf/sale.report_saleorder/{order_id},999999")
    assert "does not exist" in assert_error(missing, 404, "odoo.exceptions.MissingError")["message"]
    unknown = admin.get(f"/report/pdf/sale.no_such_report/{order_id}")
    assert_error(unknown, 404, "odoo.exceptions.MissingError")
    nothing = admin.get("/report/pdf/sale.report_saleorder/abc")
    assert_error(nothing, 422, "odoo.exceptions.UserError")
    html = admin.get(f"/report/html/sale.report_saleorder/{order_id}")
    assert_error(html, 404, "werkzeug.exceptions.NotFound")
    bad_context = admin.get(
        f"/report/pdf/sale.report_saleorder/{order_id}", params={"context": "{not json"}
    )
    assert_error(bad_context, 400, "werkzeug.exceptions.BadRequest")
    bad_data = admin.get("/report/download", params={"data": "[]"})
    assert_error(bad_data, 400, "werkzeug.exceptions.BadRequest")


def test_a_user_who_cannot_read_the_order_gets_access_error(
    app: Any, registry: Registry, order: tuple[int, str]
) -> None:
    portal = new_user(registry, groups=["base.group_portal"], password=True)
    client = Client(app)
    sign_in(client, registry.database.name, portal.login, portal.password)
    response = client.get(f"/report/pdf/sale.report_saleorder/{order[0]}")
    assert_error(response, 403, "odoo.exceptions.AccessError")


def test_the_company_logo(app: Any, admin: Client, registry: Registry) -> None:
    # nobody signed in: the only database's company logo (jsontwo's own when the server
    # serves several); the demo company still has the default one, served as its
    # web logo (logo_web: 180 pixels wide, as Odoo makes it)
    anonymous = Client(app).get("/web/binary/company_logo")
    assert anonymous.status_code == 200
    assert anonymous.headers["content-type"] == "image/png"
    assert anonymous.headers["content-disposition"] == "inline; filename=logo.png"
    assert anonymous.headers["access-control-allow-origin"] == "*"
    shipped = shipped_logo().content
    web_logo = process_image(shipped, 180, 0)
    assert Image.open(io.BytesIO(web_logo)).size == (180, 48)
    assert anonymous.content in (web_logo, shipped)
    signed_in = admin.get("/web/binary/company_logo")
    assert signed_in.content == web_logo

    def set_logo(env: Environment) -> None:
        env["res.company"].browse([1]).write({"logo": RED_PIXEL})

    with_superuser(registry, set_logo)
    for path in ("/web/binary/company_logo", "/logo", "/logo.png?company=1"):
        response = admin.get(path)
        assert response.status_code == 200
        assert response.headers["content-type"] == "image/png"
        assert response.content == base64.b64decode(RED_PIXEL)
        assert response.headers["last-modified"].endswith(" GMT")


def test_a_real_server_prints_a_demo_order(
    storage: Storage, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """`jsontwo serve --demo` on a free port: a browser session prints a demo
    order (the PDF library is loaded on that first print, in the worker)."""
    name = new_db_name("report")
    port = free_port()
    log = tmp_path_factory.mktemp("report") / "serve.log"
    proc, _banner = start_server(["--demo", name], server_env(storage), port, log)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            payload = {
                "jsonrpc": "2.0",
                "params": {"db": name, "login": "admin", "password": "admin"},
            }
            assert "result" in client.post("/web/session/authenticate", json=payload).json()
            response = client.get("/report/pdf/sale.report_saleorder/1")
            assert response.status_code == 200
            (text,) = page_texts(response.content)
            assert "# S00001" in text and "YourCompany" in text and "Total" in text
            assert client.get("/logo.png").headers["content-type"] == "image/png"
    finally:
        stop_server(proc)
        storage.drop(name)
