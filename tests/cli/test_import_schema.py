"""`jsontwo import-schema` through the installed console script, jsontwo to
jsontwo on both backends: a real server (the source) whose custom models and
fields are made over its API, imported into a second, local database, where
the fields then exist (fields_get) and take values; a second run makes
nothing; what cannot be made is listed; errors are one line, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from jsontwo.client import Client
from jsontwo.db import Storage
from jsontwo.http import create_app
from jsontwo.service import create_database
from jsontwo.service.apikeys import create_api_key
from tests.conftest import Api, free_port, new_db_name, server_config
from tests.servers import demo_server

pytestmark = pytest.mark.server

#: the console script pip installed beside this interpreter
JSONTWO = Path(sys.executable).parent / "jsontwo"
#: the fields the source's custom model x_is_thing gets, besides x_name
THING_FIELDS: list[dict[str, Any]] = [
    {"name": "x_is_code", "ttype": "char", "field_description": "Code", "required": True},
    {"name": "x_is_price", "ttype": "float", "field_description": "Price", "help": "Unit price"},
    {
        "name": "x_is_kind",
        "ttype": "selection",
        "field_description": "Kind",
        "selection_ids": [
            [0, 0, {"value": "a", "name": "Alpha", "sequence": 1}],
            [0, 0, {"value": "b", "name": "Beta", "sequence": 2}],
        ],
    },
    {
        "name": "x_is_partner_id",
        "ttype": "many2one",
        "field_description": "Partner",
        "relation": "res.partner",
    },
]
#: the custom fields the source's res.partner gets
PARTNER_FIELDS: list[dict[str, Any]] = [
    {"name": "x_is_score", "ttype": "integer", "field_description": "Score"},
    {
        "name": "x_is_thing_ids",
        "ttype": "one2many",
        "field_description": "Things",
        "relation": "x_is_thing",
        "relation_field": "x_is_partner_id",
    },
    {
        "name": "x_is_tag_ids",
        "ttype": "many2many",
        "field_description": "IS Tags",
        "relation": "res.partner.category",
    },
]


@dataclass(frozen=True)
class Source:
    """The source server: its address, database, the admin's key, and its storage."""

    url: str
    db: str
    key: str
    storage: Storage

    def flags(self, key: str | None = None) -> list[str]:
        """The flags that name it on import-schema's command line."""
        return ["--url", self.url, "--db", self.db, "--key", key or self.key]


@pytest.fixture(scope="module")
def server(storage: Storage, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Source]:
    """A real server with a demo database: the source, before its custom schema."""
    folder = tmp_path_factory.mktemp("import_schema")
    with demo_server(storage, folder, "issrc", workers=1) as served:
        yield Source(f"http://127.0.0.1:{served.port}", served.db, served.key, storage)


@pytest.fixture(scope="module")
def source(server: Source) -> Source:
    """The source with a custom model x_is_thing (and an access line for internal
    users) and custom fields on res.partner, made over its API."""
    with Client(server.url, server.key, database=server.db) as client:
        make_custom_schema(client)
    return server


def make_custom_schema(client: Client) -> None:
    """x_is_thing and its fields, res.partner's custom fields, and an access line,
    made as an administrator makes them over JSON-2."""
    [thing] = client["ir.model"].create({"model": "x_is_thing", "name": "IS Thing"})
    [partner] = client["ir.model"].search([["model", "=", "res.partner"]])
    # as in Odoo, a one2many's inverse must exist before the call that makes it
    client["ir.model.fields"].create([{**vals, "model_id": thing} for vals in THING_FIELDS])
    client["ir.model.fields"].create([{**vals, "model_id": partner} for vals in PARTNER_FIELDS])
    [group] = client["ir.model.data"].search_read(
        domain=[["module", "=", "base"], ["name", "=", "group_user"]], fields=["res_id"]
    )
    client["ir.model.access"].create(
        {
            "name": "is thing user",
            "model_id": thing,
            "group_id": group["res_id"],
            "perm_read": True,
            "perm_write": True,
            "perm_create": True,
        }
    )


@dataclass(frozen=True)
class Local:
    """The local database to import into, and an admin key of it."""

    name: str
    key: str
    storage: Storage

    def api(self) -> Api:
        """An in-process JSON-2 client of it, as its admin (a new application, so
        that it sees what the command made)."""
        return Api(create_app(server_config(self.storage)), self.name, self.key)

    def call(self, model: str, method: str, body: dict[str, Any]) -> Any:
        """One call as the admin; the test fails on an error answer."""
        answer = self.api().call(model, method, body)
        assert answer.status_code == 200, answer.text
        return answer.json()


@pytest.fixture
def local(storage: Storage) -> Iterator[Local]:
    """A new local database with demo data."""
    name = new_db_name("isdst")
    registry = create_database(storage, name, demo=True)
    try:
        key = create_api_key(registry, "admin", "import-schema tests")
    finally:
        registry.database.dispose()
    yield Local(name, key, storage)
    storage.drop(name)


def import_schema(storage: Storage, *args: str) -> subprocess.CompletedProcess[str]:
    """``jsontwo import-schema ARGS`` on ``storage`` (through the environment, as
    the other commands take it)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("JSONTWO_")}
    return subprocess.run(
        [str(JSONTWO), "import-schema", *args],
        env={**clean, **storage.environment(), "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=300,
    )


def table_rows(output: str) -> list[list[str]]:
    """The rows of the tables printed, each cell split on runs of 2+ spaces."""
    rows = []
    for line in output.splitlines():
        cells = [cell for cell in line.strip().split("  ") if cell.strip()]
        if len(cells) >= 3 and not set(line.strip()) <= {"─"}:
            rows.append([cell.strip() for cell in cells])
    return rows


def test_the_schema_is_copied_and_a_second_run_makes_nothing(source: Source, local: Local) -> None:
    dry = import_schema(source.storage, *source.flags(), "--into", local.name, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert table_rows(dry.stdout) == [
        ["Would create", "Field", "Type", "Label"],
        ["x_is_thing", "model", "IS Thing"],
        ["x_is_thing", "x_name", "char", "(comes with its model)"],
        ["res.partner", "x_is_score", "integer", "Score"],
        ["res.partner", "x_is_tag_ids", "many2many", "IS Tags"],
        ["x_is_thing", "x_is_code", "char", "Code"],
        ["x_is_thing", "x_is_kind", "selection", "Kind"],
        ["x_is_thing", "x_is_partner_id", "many2one", "Partner"],
        ["x_is_thing", "x_is_price", "float", "Price"],
        ["res.partner", "x_is_thing_ids", "one2many", "Things"],
        ["x_is_thing", "is thing user", "access line", "read, write, create: Role / User"],
    ]
    assert dry.stdout.splitlines()[-1] == (
        "Would create 1 model, 7 fields and 1 access line; 0 models, 0 fields and "
        "0 access lines already here; 0 items not imported."
    )
    assert "x_is_score" not in local.call("res.partner", "fields_get", {"attributes": ["type"]})

    done = import_schema(source.storage, *source.flags(), "--into", local.name)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1].startswith("Created 1 model, 7 fields and 1 access line;")
    assert "Traceback" not in done.stderr

    partner = local.call(
        "res.partner", "fields_get", {"attributes": ["type", "string", "relation"]}
    )
    assert partner["x_is_score"] == {"type": "integer", "string": "Score"}
    assert partner["x_is_tag_ids"]["relation"] == "res.partner.category"
    thing = local.call(
        "x_is_thing", "fields_get", {"attributes": ["type", "required", "selection"]}
    )
    assert thing["x_is_code"] == {"type": "char", "required": True}
    assert thing["x_is_kind"]["selection"] == [["a", "Alpha"], ["b", "Beta"]]
    # the fields take values, the new model's records too (its access line came along)
    [partner_id] = local.call(
        "res.partner", "create", {"vals_list": [{"name": "IS Partner", "x_is_score": 7}]}
    )
    local.call(
        "x_is_thing",
        "create",
        {
            "vals_list": [
                {
                    "x_name": "one",
                    "x_is_code": "C1",
                    "x_is_kind": "b",
                    "x_is_partner_id": partner_id,
                }
            ]
        },
    )
    [read] = local.call(
        "res.partner",
        "read",
        {"ids": [partner_id], "fields": ["x_is_score", "x_is_thing_ids"]},
    )
    assert read["x_is_score"] == 7 and len(read["x_is_thing_ids"]) == 1

    again = import_schema(source.storage, *source.flags(), "--into", local.name)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == (
        "Nothing to create; 1 model, 8 fields and 1 access line already here; 0 items not imported."
    )


def test_what_cannot_be_made_is_reported(source: Source, local: Local) -> None:
    # a field of another type here already; the models read leave out x_is_thing
    [partner] = local.call("ir.model", "search", {"domain": [["model", "=", "res.partner"]]})
    local.call(
        "ir.model.fields",
        "create",
        {"vals_list": [{"model_id": partner, "name": "x_is_score", "ttype": "char"}]},
    )
    done = import_schema(
        source.storage, *source.flags(), "--into", local.name, "--models", "res.partner"
    )
    assert done.returncode == 0, done.stderr
    assert table_rows(done.stdout) == [
        ["Created", "Field", "Type", "Label"],
        ["res.partner", "x_is_tag_ids", "many2many", "IS Tags"],
        ["Not imported", "Field", "Type", "Why"],
        ["res.partner", "x_is_score", "integer", "exists here as a char field"],
        [
            "res.partner",
            "x_is_thing_ids",
            "one2many",
            "unknown relation model 'x_is_thing' (a custom model the import did not read: "
            "add it to --models)",
        ],
    ]


def test_a_key_that_may_not_read_the_catalogue_reads_fields_get(
    source: Source, local: Local
) -> None:
    demo_key = subprocess.run(
        [str(JSONTWO), "apikey", "create", "--db", source.db, "--login", "demo", "--name", "is"],
        env={**os.environ, "JSONTWO_DB_URL": "", **source.storage.environment()},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    refused = import_schema(source.storage, *source.flags(demo_key), "--into", local.name)
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        "Error: The key may read neither ir.model.fields nor ir.model on the source: name "
        "the models to read with --models (their fields are then read with fields_get)."
    )
    done = import_schema(
        source.storage,
        *source.flags(demo_key),
        "--into",
        local.name,
        "--models",
        "x_is_thing,res.partner",
        "--dry-run",
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Read with fields_get (the key may not read ir.model.fields)."
    assert ["x_is_thing", "model", "x_is_thing"] in table_rows(done.stdout)
    assert "Note: fields_get tells no access lines: none were imported." in lines
    assert lines[-1].startswith("Would create 1 model, 7 fields and 0 access lines;")


def test_errors_are_one_line(server: Source, local: Local) -> None:
    source = server
    missing = import_schema(source.storage, *source.flags(), "--into", "jt_no_such_db")
    assert missing.returncode == 1
    assert missing.stderr.startswith("Error: Database 'jt_no_such_db' does not exist (")
    assert "create it first with 'jsontwo db create jt_no_such_db'" in missing.stderr

    wrong = import_schema(source.storage, *source.flags("0" * 40), "--into", local.name)
    assert wrong.returncode == 1
    assert wrong.stderr.startswith("Error: The source refused the key: ")

    url = f"http://127.0.0.1:{free_port()}"
    unreachable = import_schema(
        source.storage, "--url", url, "--key", source.key, "--into", local.name, "--retries", "0"
    )
    assert unreachable.returncode == 3
    assert unreachable.stderr.startswith(f"Error: cannot reach {url} after ")

    no_db = import_schema(source.storage, *source.flags(), "--db", "jt_nope", "--into", local.name)
    assert no_db.returncode == 1
    assert no_db.stderr.startswith("Error: The source answered werkzeug.exceptions.NotFound")

    no_key = import_schema(source.storage, "--url", url, "--into", local.name)
    assert no_key.returncode == 2
    assert "Give the source's API key with --key" in no_key.stderr
    for done in (missing, wrong, unreachable, no_db, no_key):
        assert "Traceback" not in done.stderr and done.stdout == ""


def test_help_shows_the_options_and_an_example() -> None:
    done = subprocess.run(
        [str(JSONTWO), "import-schema", "--help"], capture_output=True, text=True, check=True
    )
    assert "jsontwo import-schema --url https://mycompany.odoo.com" in done.stdout
    for flag in (
        "--url",
        "--db ",
        "--key",
        "--models",
        "--into",
        "--dry-run",
        "--data-dir",
        "--db-url",
    ):
        assert flag in done.stdout
