"""``/web/content`` and ``/web/image`` on a real server (SQLite and PostgreSQL):
downloads for a signed-in browser session or with an attachment's access token,
pictures resized by the image routes and on write into the image fields, and
JSON 404s for what is missing, refused or asked without a session."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PIL import Image

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


def b64(content: bytes) -> str:
    return base64.b64encode(content).decode()


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
        "/web/content/99999999999999999999",
        "/web/content?id=-3",
        "/web/image/0",
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


def picture(width: int, height: int, kind: str = "PNG") -> bytes:
    """A plain ``width`` x ``height`` picture file."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, format=kind)
    return buffer.getvalue()


def size_of(content: bytes) -> tuple[int, int]:
    """The width and height of a picture file."""
    return tuple(Image.open(io.BytesIO(content)).size)  # type: ignore[return-value]


def test_images_are_resized_keeping_their_proportions(server: DemoServer) -> None:
    wide = picture(400, 200)
    att = create(server, "ir.attachment", {"name": "wide.png", "raw": ""})
    server.post("ir.attachment/write", {"ids": [att], "vals": {"datas": b64(wide)}})
    sha = hashlib.sha1(wide).hexdigest()
    with contextlib.closing(browser(server)) as client:
        for path, params, size in [
            (f"/web/image/{att}/100x100", {}, (100, 50)),
            (f"/web/image/{att}", {"width": "100", "height": "100"}, (100, 50)),
            (f"/web/image/{att}", {"height": "50"}, (100, 50)),
            (f"/web/image/{att}/50x0", {}, (50, 25)),
            (f"/web/image/{att}/100x100", {"crop": "1"}, (100, 100)),
            (f"/web/image/{att}/1000x1000", {}, (400, 200)),  # never enlarged
            (f"/web/image/{att}-{sha[:8]}/100x100/small.png", {}, (100, 50)),
            (f"/web/image/ir.attachment/{att}/datas/64x64", {}, (64, 32)),
        ]:
            answer = client.get(path, params=params)
            assert answer.status_code == 200, (path, answer.text)
            assert answer.headers["content-type"] == "image/png"
            assert size_of(answer.content) == size, path
        boxed = client.get(f"/web/image/{att}/100x100", params={"crop": "top"})
        assert boxed.headers["etag"] == f'"{sha}-100x100-crop=top-quality=0"'
        assert boxed.headers["cache-control"] == "no-cache, private"
        whole = client.get(f"/web/image/{att}")
        assert (
            whole.content == wide and whole.headers["etag"] == f'"{sha}-0x0-crop=False-quality=0"'
        )
        versioned = client.get(f"/web/image/{att}-{sha[:8]}/small.png")
        assert versioned.headers["cache-control"] == "max-age=31536000, private, immutable"
        assert versioned.headers["content-disposition"] == "inline; filename=small.png"
        assert client.get(f"/web/content/{att}").content == wide  # content is never resized
        bad = client.get(f"/web/image/{att}", params={"width": "abc"})
        assert bad.status_code == 400 and bad.json()["name"] == "werkzeug.exceptions.BadRequest"


def test_image_fields_hold_their_sizes(server: DemoServer) -> None:
    """As in Odoo, a picture is made to fit each image field on write: a
    3000x1500 picture is 1920x960 in ``image_1920``... and 128x64 in ``image_128``,
    which the image route serves without a size asked."""
    partner = create(
        server,
        "res.partner",
        {"name": "Big Picture", "image_1920": b64(picture(3000, 1500, "JPEG"))},
    )
    fields = ["image_1920", "image_1024", "image_512", "image_256", "image_128"]
    answer = server.post("res.partner/read", {"ids": [partner], "fields": fields})
    row = answer.json()[0]
    assert [size_of(base64.b64decode(row[f])) for f in fields] == [
        (1920, 960),
        (1024, 512),
        (512, 256),
        (256, 128),
        (128, 64),
    ]
    with contextlib.closing(browser(server)) as client:
        small = client.get(f"/web/image/res.partner/{partner}/image_128")
        assert small.headers["content-type"] == "image/jpeg"
        assert size_of(small.content) == (128, 64)
        assert small.headers["etag"].endswith('-128x128-crop=False-quality=0"')


def test_an_access_token_opens_an_attachment_without_session(server: DemoServer) -> None:
    att = create(server, "ir.attachment", {"name": "shared.png", "raw": "", "public": False})
    server.post("ir.attachment/write", {"ids": [att], "vals": {"datas": b64(picture(400, 200))}})
    tokens = server.post("ir.attachment/generate_access_token", {"ids": [att]}).json()
    again = server.post("ir.attachment/generate_access_token", {"ids": [att]}).json()
    assert tokens == again and len(tokens[0]) == 36  # made once, a UUID
    # no session: the database is the one X-Odoo-Database names (or the only one served)
    headers = {"X-Odoo-Database": server.db}
    url = f"http://127.0.0.1:{server.port}"
    with httpx.Client(base_url=url, headers=headers, timeout=30) as anonymous:
        shared = anonymous.get(f"/web/content/{att}", params={"access_token": tokens[0]})
        assert shared.status_code == 200 and size_of(shared.content) == (400, 200)
        assert shared.headers["cache-control"] == "no-cache"
        small = anonymous.get(f"/web/image/{att}/100x100", params={"access_token": tokens[0]})
        assert size_of(small.content) == (100, 50)
        assert_json_404(anonymous.get(f"/web/content/{att}", params={"access_token": "wrong"}))
        assert_json_404(anonymous.get(f"/web/content/{att}"))
        other = anonymous.get(
            f"/web/content/{att}",
            params={"access_token": tokens[0]},
            headers={"X-Odoo-Database": "no-such-db"},
        )
        assert_json_404(other)
    with contextlib.closing(browser(server)) as admin:
        # a wrong token refuses the file even to who may read it (as Odoo)
        assert_json_404(admin.get(f"/web/content/{att}", params={"access_token": "wrong"}))
        assert admin.get(f"/web/content/{att}").status_code == 200
