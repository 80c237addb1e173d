"""ir.attachment through the ORM, on SQLite (content in the database) and
PostgreSQL (content in the file store): contents, mimetypes, access that follows
the linked record, and files kept until no committed attachment names them."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from typing import Any

import pytest

from jsontwo.db import open_storage
from jsontwo.exceptions import AccessError
from jsontwo.modules.base.attachment_upgrade import _columns
from jsontwo.modules.base.filestore import collect_garbage
from jsontwo.orm import Environment, Registry
from jsontwo.service import Databases
from jsontwo.service.creation import create_database
from jsontwo.service.databases import SCHEMA_KEY, with_superuser
from tests.conftest import new_db_name
from tests.http.test_pages import make_user

HELLO = base64.b64encode(b"hello world").decode()
HELLO_SHA = hashlib.sha1(b"hello world").hexdigest()
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="


def run(registry: Registry, work: Any) -> Any:
    return with_superuser(registry, work)


def as_user(registry: Registry, uid: int, work: Any) -> Any:
    return with_superuser(registry, lambda env: work(env(uid=uid, su=False)))


def stored_files(registry: Registry) -> set[str]:
    """The content files of the database's file store (not the checklist)."""
    root = registry.database.filestore
    if root is None or not root.is_dir():
        return set()
    return {f"{p.parent.name}/{p.name}" for p in root.glob("*/*") if p.parent.name != "checklist"}


def test_create_from_datas_reads_back_with_size_checksum_and_mimetype(
    registry: Registry, backend: str
) -> None:
    def work(env: Environment) -> dict[str, Any]:
        partner = env["res.partner"].create({"name": "Att owner"})
        att = env["ir.attachment"].create(
            {"name": "hello.txt", "datas": HELLO, "res_model": "res.partner", "res_id": partner.id}
        )
        return att.read(
            [
                "datas",
                "raw",
                "file_size",
                "checksum",
                "mimetype",
                "res_name",
                "store_fname",
                "db_datas",
            ]
        )[0]

    row = run(registry, work)
    assert row["datas"] == HELLO and row["raw"] == b"hello world"
    assert (row["file_size"], row["checksum"], row["mimetype"]) == (11, HELLO_SHA, "text/plain")
    assert row["res_name"] == "Att owner"
    if backend == "sqlite":  # in the database
        assert row["store_fname"] is False and row["db_datas"] == HELLO
    else:  # in the file store, named by checksum
        assert row["store_fname"] == f"{HELLO_SHA[:2]}/{HELLO_SHA}" and row["db_datas"] is False
        store = registry.database.filestore
        assert store is not None
        assert (store / row["store_fname"]).read_bytes() == b"hello world"
        assert store.parent.name == "filestore"
        assert store.name == registry.database.name


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"name": "pixel", "datas": PNG}, "image/png"),
        ({"name": "doc.pdf", "datas": HELLO}, "application/pdf"),
        ({"name": "data", "raw": "plain words"}, "text/plain"),
        ({"name": "x.bin", "raw": b"\x00\x01\x02"}, "application/octet-stream"),
        ({"name": "link", "type": "url", "url": "https://e.x/a.png?s=1"}, "image/png"),
        ({"name": "given", "datas": HELLO, "mimetype": "application/json"}, "application/json"),
    ],
)
def test_mimetype_is_guessed_from_name_url_then_content(
    registry: Registry, values: dict[str, Any], expected: str
) -> None:
    found = run(registry, lambda env: env["ir.attachment"].create(values).mimetype)
    assert found == expected


def test_write_new_content_and_unlink(registry: Registry) -> None:
    def work(env: Environment) -> tuple[Any, Any]:
        att = env["ir.attachment"].create({"name": "w.txt", "datas": HELLO})
        att.write({"datas": base64.b64encode(b"bye").decode()})
        row = att.read(["file_size", "checksum", "datas"])[0]
        att.unlink()
        return row, env["ir.attachment"].browse(att.id).exists()

    row, left = run(registry, work)
    assert row["file_size"] == 3 and row["checksum"] == hashlib.sha1(b"bye").hexdigest()
    assert row["datas"] == "Ynll" and not left


def test_a_rolled_back_unlink_keeps_the_file_another_record_uses(
    registry: Registry, backend: str
) -> None:
    content = base64.b64encode(b"shared bytes").decode()
    sha = hashlib.sha1(b"shared bytes").hexdigest()

    def make(env: Environment) -> list[int]:
        first = env["ir.attachment"].create({"name": "one", "datas": content})
        second = env["ir.attachment"].create({"name": "two", "datas": content})
        return [first.id, second.id]

    first, second = run(registry, make)

    def unlink_then_fail(env: Environment) -> None:
        env["ir.attachment"].browse([first, second]).unlink()
        raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        run(registry, unlink_then_fail)
    read = run(registry, lambda env: env["ir.attachment"].browse([first, second]).mapped("raw"))
    assert read == [b"shared bytes", b"shared bytes"]
    # one attachment goes: the other still reads the same file
    run(registry, lambda env: env["ir.attachment"].browse(first).unlink())
    assert run(registry, lambda env: env["ir.attachment"].browse(second).raw) == b"shared bytes"
    if backend == "postgresql":
        assert f"{sha[:2]}/{sha}" in stored_files(registry)
    # the last one goes, and with its committed deletion the file
    run(registry, lambda env: env["ir.attachment"].browse(second).unlink())
    assert f"{sha[:2]}/{sha}" not in stored_files(registry)


def test_a_copy_keeps_the_content(registry: Registry) -> None:
    def work(env: Environment) -> dict[str, Any]:
        original = env["ir.attachment"].create({"name": "orig.txt", "datas": HELLO})
        return original.copy().read(["name", "datas", "checksum", "file_size"])[0]

    row = run(registry, work)
    assert (row["datas"], row["checksum"], row["file_size"]) == (HELLO, HELLO_SHA, 11)


def test_deleting_a_record_deletes_its_attachments(registry: Registry) -> None:
    def work(env: Environment) -> int:
        partner = env["res.partner"].create({"name": "Goes away"})
        att = env["ir.attachment"].create(
            {"name": "a", "datas": HELLO, "res_model": "res.partner", "res_id": partner.id}
        )
        partner.unlink()
        return len(env["ir.attachment"].browse(att.id).exists())

    assert run(registry, work) == 0


def test_access_follows_the_linked_record(registry: Registry) -> None:
    uid = make_user(registry, "att_user")

    def setup(env: Environment) -> dict[str, int]:
        param = env["ir.config_parameter"].search([], limit=1)
        partner = env["res.partner"].create({"name": "Readable"})
        att = env["ir.attachment"]
        return {
            "secret": att.create(
                {
                    "name": "s",
                    "datas": HELLO,
                    "res_model": "ir.config_parameter",
                    "res_id": param.id,
                }
            ).id,
            "admins": att.create({"name": "admin's own", "datas": HELLO}).id,
            "public": att.create({"name": "pub", "datas": HELLO, "public": True}).id,
            "partner": att.create(
                {"name": "p", "datas": HELLO, "res_model": "res.partner", "res_id": partner.id}
            ).id,
            "param": param.id,
        }

    ids = run(registry, setup)

    def refused(op: Any) -> str:
        try:
            as_user(registry, uid, op)
        except AccessError as exc:
            return str(exc)
        return ""

    A = "ir.attachment"
    assert "Sorry, you are not allowed to access this document" in refused(
        lambda env: env[A].browse(ids["secret"]).read(["name"])
    )
    assert refused(lambda env: env[A].browse(ids["admins"]).read(["name"]))
    assert not refused(lambda env: env[A].browse([ids["public"], ids["partner"]]).read(["name"]))
    assert refused(lambda env: env[A].browse(ids["public"]).write({"name": "x"}))
    assert refused(
        lambda env: env[A].create(
            {
                "name": "n",
                "datas": HELLO,
                "res_model": "ir.config_parameter",
                "res_id": ids["param"],
            }
        )
    )
    found = as_user(
        registry, uid, lambda env: env[A].search([["id", "in", list(ids.values())]]).ids
    )
    assert ids["secret"] not in found and ids["admins"] not in found
    assert ids["public"] in found and ids["partner"] in found
    # a search restricted to a model the user may not read is refused, as in Odoo
    assert refused(lambda env: env[A].search([["res_model", "=", "ir.config_parameter"]]))


def test_markup_is_kept_as_text_for_users_who_may_not_edit_views(registry: Registry) -> None:
    uid = make_user(registry, "att_markup")
    html = {"name": "page.html", "raw": b"<p>hi</p>"}
    assert as_user(registry, uid, lambda env: env["ir.attachment"].create(html).mimetype) == (
        "text/plain"
    )
    assert run(registry, lambda env: env["ir.attachment"].create(html).mimetype) == "text/html"


def test_filestore_dir_is_per_database(registry: Registry, backend: str, tmp_path: Path) -> None:
    if backend == "sqlite":
        assert open_storage(data_dir=tmp_path).filestore_dir("x") is None
    else:
        storage = open_storage(data_dir=tmp_path, db_url="postgresql://u@h/")
        assert storage.filestore_dir("db1") == tmp_path.resolve() / "filestore" / "db1"
        assert storage.environment()["JSONTWO_DATA_DIR"] == str(tmp_path.resolve())


def test_binary_fields_are_attachments_hidden_from_plain_searches(registry: Registry) -> None:
    def work(env: Environment) -> dict[str, Any]:
        partner = env["res.partner"].create({"name": "Pictured", "image_1920": PNG})
        A = env["ir.attachment"]
        on_record = [["res_model", "=", "res.partner"], ["res_id", "=", partner.id]]
        seen = {
            "read": partner.read(["image_1920", "image_128"])[0],
            "plain": A.search_count(on_record),
            "fields": sorted(A.search([*on_record, ["res_field", "!=", False]]).mapped("name")),
            "set": env["res.partner"].search_count(
                [["id", "=", partner.id], ["image_1920", "!=", False]]
            ),
        }
        partner.write({"image_1920": False})
        seen["after"] = A.search_count([*on_record, ["res_field", "!=", False]])
        seen["unset"] = env["res.partner"].search_count(
            [["id", "=", partner.id], ["image_1920", "=", False]]
        )
        return seen

    seen = run(registry, work)
    assert seen["read"]["image_1920"] == PNG and seen["read"]["image_128"] == PNG
    assert seen["plain"] == 0
    assert seen["fields"] == ["image_1024", "image_128", "image_1920", "image_256", "image_512"]
    assert seen["set"] == 1 and seen["after"] == 0 and seen["unset"] == 1


def test_an_older_database_keeps_its_binary_column_values(storage: Any) -> None:
    """A database whose partner pictures were a column (an older jsontwo) reads
    them back as attachments once reopened; the column is gone."""
    name = new_db_name("attup")
    registry = create_database(storage, name)
    try:

        def make_old(env: Environment) -> int:
            partner = env["res.partner"].create({"name": "Old picture"})
            env.cr.execute('ALTER TABLE "res_partner" ADD COLUMN "image_1920" TEXT')
            env.cr.execute(
                'UPDATE "res_partner" SET "image_1920" = %s WHERE id = %s', [PNG, partner.id]
            )
            # made by another version: no stamp of this one (the upgrades run)
            env.cr.execute('DELETE FROM "ir_config_parameter" WHERE key = %s', [SCHEMA_KEY])
            return int(partner.id)

        pid = run(registry, make_old)
        registry.database.dispose()
        databases = Databases(storage)
        reopened = databases.registry(name)
        try:
            value = run(reopened, lambda env: env["res.partner"].browse(pid).image_1920)
            cols = run(reopened, lambda env: _columns(env, "res_partner"))
        finally:
            databases.close()
        assert value == PNG
        assert "image_1920" not in cols
    finally:
        storage.drop(name)


def test_collection_never_takes_a_file_an_open_transaction_stores(
    registry: Registry, backend: str
) -> None:
    """A file written by a transaction still open is on the checklist with no
    committed attachment naming it: the collection waits for that transaction
    (here: gives up, the lock being held) rather than delete the file."""
    if backend == "sqlite":
        pytest.skip("no file store on SQLite")
    data = b"in flight"
    sha = hashlib.sha1(data).hexdigest()
    database = registry.database
    with database.transaction() as cr:
        env = registry.environment(cr, 1)
        env["ir.attachment"].create({"name": "flight", "raw": data})
        assert f"{sha[:2]}/{sha}" in stored_files(registry)
        assert collect_garbage(database) == 0  # another connection: the lock is refused
        assert f"{sha[:2]}/{sha}" in stored_files(registry)
    collect_garbage(database)  # committed: the file is named, it stays
    assert f"{sha[:2]}/{sha}" in stored_files(registry)
    assert run(
        registry, lambda env: env["ir.attachment"].search([["name", "=", "flight"]]).raw
    ) == (data)
