"""``/web/content`` and ``/web/image`` on a real server (SQLite and PostgreSQL):
downloads for a signed-in browser session, and JSON 404s for what is missing,
refused or asked without a session."""

from __future__ import annotations

import base64
import contextlib
import hashlib
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from jsontwo.db import Storage
from jsontwo.http.downloads import content_disposition
from tests.servers import DemoServer, demo_server

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


@pytest.fixture(scope="module")
def server(storage: Storage, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    with demo_server(storage, tmp_path_factory.mktemp("dl"), "dl", workers=1) as running:
        yield running


def browser(server: DemoServer, login: str = "admin", password: str = "admin") -> httpx.Client:
    """An HTTP client signed in through ``/web/session/authenticate``."""
    client = httpx.Client(base_url=f"http://127.0.0.1:{server.port}", timeout=30)
    answer = client.post(
        "/web/session/authenticate",
        json={"jsonrpc": "2.0", "params": {"db": server.db, "login": login, "password": password}},
    )
    assert "result" in answer.json(), answer.text
    return client


def create(server: DemoServer, model: str, vals: dict[str, object]) -> int:
    answer = server.post(f"{model}/create", {"vals_list": [vals]})
    assert answer.status_code == 200, answer.text
    return int(answer.json()[0])


def assert_json_404(response: httpx.Response) -> None:
    assert response.status_code == 404, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["name"] == "werkzeug.exceptions.NotFound"


def test_attachment_content_inline_and_as_download(server: DemoServer) -> None:
    att = create(server, "ir.attachment", {"name": "hello there.txt", "raw": "hello world"})
    with contextlib.closing(browser(server)) as client:
        inline = client.get(f"/web/content/{att}")
        assert inline.status_code == 200 and inline.content == b"hello world"
        assert inline.headers["content-type"] == "text/plain; charset=utf-8"
        assert inline.headers["content-disposition"] == 'inline; filename="hello there.txt"'
        assert inline.headers["etag"] == '"2aae6c35c94fcfb415dbe95f408b9ce91ee846ed"'
        saved = client.get(f"/web/content/{att}/other.txt", params={"download": "true"})
        assert saved.headers["content-disposition"] == "attachment; filename=other.txt"
        by_field = client.get(f"/web/content/ir.attachment/{att}/datas")
        assert by_field.content == b"hello world"
        query = client.get("/web/content", params={"id": att, "download": "1"})
        assert query.headers["content-disposition"].startswith("attachment;")
        # the image route never serves what is no image as something to render
        image = client.get(f"/web/image/{att}")
        assert image.content == b"hello world"
        assert image.headers["content-type"] == "application/octet-stream"


def test_record_image_field(server: DemoServer) -> None:
    partner = create(
        server, "res.partner", {"name": "Pixel Owner", "image_1920": base64.b64encode(PNG).decode()}
    )
    with contextlib.closing(browser(server)) as client:
        image = client.get(f"/web/image/res.partner/{partner}/image_1920")
        assert image.status_code == 200 and image.content == PNG
        assert image.headers["content-type"] == "image/png"
        assert image.headers["content-disposition"] == 'inline; filename="Pixel Owner.png"'
        content = client.get(f"/web/content/res.partner/{partner}/image_1920/p.png")
        assert content.content == PNG and "filename=p.png" in content.headers["content-disposition"]


@pytest.mark.parametrize(
    "path",
    [
        "/web/content/999999",
        "/web/content/abc",
        "/web/image/999999",
        "/web/content/res.partner/999999/image_128",
        "/web/content/no.model/1/x",
        "/web/content/res.partner/1/name",
        "/web/content/res.partner/1/nofield",
        "/web/content?id=notanumber",
    ],
)
def test_bad_ids_fields_and_models_are_json_404s(server: DemoServer, path: str) -> None:
    with contextlib.closing(browser(server)) as client:
        assert_json_404(client.get(path))


def test_no_session_and_no_access_are_json_404s(server: DemoServer) -> None:
    att = create(server, "ir.attachment", {"name": "private.txt", "raw": "admin only"})
    public = create(server, "ir.attachment", {"name": "pub.txt", "raw": "all", "public": True})
    with httpx.Client(base_url=f"http://127.0.0.1:{server.port}", timeout=30) as anonymous:
        assert_json_404(anonymous.get(f"/web/content/{att}"))
        assert_json_404(anonymous.get(f"/web/image/{att}"))
    with contextlib.closing(browser(server, "demo", "demo")) as demo:
        assert_json_404(demo.get(f"/web/content/{att}"))  # the admin's own: not demo's
        assert demo.get(f"/web/content/{public}").content == b"all"


def test_content_disposition_names_every_file() -> None:
    assert content_disposition("a.txt", False) == "inline; filename=a.txt"
    assert content_disposition('say "hi".txt', True) == 'attachment; filename="say \\"hi\\".txt"'
    assert content_disposition("été.txt", False) == (
        "inline; filename=\"?t?.txt\"; filename*=UTF-8''%C3%A9t%C3%A9.txt"
    )


def test_filestore_files_are_in_the_data_dir(server: DemoServer, storage: Storage) -> None:
    """On PostgreSQL the content is a file of ``<data-dir>/filestore/<db>/``, named
    by its SHA-1; on SQLite there is no file store."""
    create(server, "ir.attachment", {"name": "on disk.txt", "raw": "stored bytes"})
    folder = storage.filestore_dir(server.db)
    if folder is None:
        return
    sha = hashlib.sha1(b"stored bytes").hexdigest()
    assert (folder / sha[:2] / sha).read_bytes() == b"stored bytes"
    assert folder.parent == Path(server.env["JSONTWO_DATA_DIR"]).resolve() / "filestore"
