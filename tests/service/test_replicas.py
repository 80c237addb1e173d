"""The call pipeline with read replicas (``--db-replica-url``): which calls a
replica answers, read-your-writes by key, and the reads that must not write
there (a key's last use), against a real streaming replica."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jsontwo.db import Storage, open_storage
from jsontwo.db.replicas import ReplicaConfig
from jsontwo.exceptions import Unauthorized
from jsontwo.metrics import REPLICA_FALLBACKS, REPLICA_READS
from jsontwo.orm import Registry
from jsontwo.service import create_database
from jsontwo.service.api_doc import doc_index, doc_model
from jsontwo.service.apikeys import create_api_key
from jsontwo.service.databases import Databases
from jsontwo.service.json2 import Json2Call, call_json2
from jsontwo.service.legacy import LegacyCall, dispatch_rpc
from tests.conftest import new_db_name, pg_url


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Storage, str]]:
    """A demo database on the test cluster, served with the session's replica
    (generous lag: a paused replica stays in use)."""
    data = tmp_path_factory.mktemp("data")
    primary_storage = open_storage(data_dir=data, db_url=pg_url())
    name = new_db_name("replica")
    registry = create_database(primary_storage, name, demo=True)
    registry.database.dispose()
    yield primary_storage, name
    primary_storage.drop(name)


@pytest.fixture
def databases(served: Any, pg_replica: Any, tmp_path: Path) -> Iterator[tuple[Databases, Registry]]:
    storage, name = served
    replicated = open_storage(
        data_dir=storage.file_root,
        db_url=pg_url(),
        replicas=ReplicaConfig([pg_replica.server_url()], 3600, tmp_path),
    )
    dbs = Databases(replicated)
    registry = dbs.registry(name)
    pg_replica.wait_caught_up()
    yield dbs, registry
    dbs.close()


def caught_up_key(registry: Registry, pg_replica: Any, name: str) -> str:
    """A new API key of the admin, once the replica has it too."""
    key = create_api_key(registry, "admin", name)
    pg_replica.wait_caught_up()
    return key


def call(
    dbs: Databases, registry: Registry, key: str, model: str, method: str, **params: Any
) -> Any:
    answer = call_json2(
        dbs,
        Json2Call(model, method, params=params, authorization=f"bearer {key}",
                  database=registry.database.name),
    )  # fmt: skip
    return json.loads(answer)


def reads() -> float:
    """Reads the first replica answered in this process."""
    value: float = REPLICA_READS.labels("1")._value.get()
    return value


def test_reads_by_another_key_see_the_replica_the_writer_sees_its_write(
    databases: tuple[Databases, Registry], pg_replica: Any
) -> None:
    dbs, registry = databases
    writer = create_api_key(registry, "admin", "replica writer")
    reader = create_api_key(registry, "admin", "replica reader")
    partner = call(
        dbs, registry, writer, "res.partner", "create", vals_list=[{"name": "replica-a"}]
    )[0]
    pg_replica.wait_caught_up()
    pg_replica.pause()
    call(dbs, registry, writer, "res.partner", "write", ids=[partner], vals={"name": "replica-b"})
    before = reads()
    read = {"ids": [partner], "fields": ["name"]}
    assert call(dbs, registry, reader, "res.partner", "read", **read) == [
        {"id": partner, "name": "replica-a"}
    ]
    assert reads() == before + 1
    assert call(dbs, registry, writer, "res.partner", "read", **read) == [
        {"id": partner, "name": "replica-b"}
    ]
    assert reads() == before + 1  # the writer read the primary


def test_writes_and_other_methods_run_on_the_primary(
    databases: tuple[Databases, Registry], pg_replica: Any
) -> None:
    """A replica refuses writes: a create answered at all ran on the primary, and so
    does a method that is no plain read (name_create), even by a key that never wrote."""
    dbs, registry = databases
    key = caught_up_key(registry, pg_replica, "replica other")
    before = reads()
    (made,) = call(dbs, registry, key, "res.partner", "create", vals_list=[{"name": "replica-c"}])
    assert reads() == before
    other = create_api_key(registry, "admin", "replica other 2")
    assert call(dbs, registry, other, "res.partner", "search_count", domain=[]) > 0
    assert reads() == before + 1
    assert (
        call(dbs, registry, other, "res.partner", "name_create", name="replica-d")[1] == "replica-d"
    )
    assert reads() == before + 1
    assert made > 0


def test_a_key_the_replica_has_not_replayed_yet_is_checked_on_the_primary(
    databases: tuple[Databases, Registry], pg_replica: Any
) -> None:
    """A key made while the replica lags works at once (the primary answers its
    first reads), and an unknown key is refused as without replicas."""
    dbs, registry = databases
    pg_replica.pause()
    fresh = create_api_key(registry, "admin", "replica fresh")
    fallbacks = REPLICA_FALLBACKS.labels("behind")._value.get()
    assert call(dbs, registry, fresh, "res.partner", "search_count", domain=[]) > 0
    assert REPLICA_FALLBACKS.labels("behind")._value.get() == fallbacks + 1
    with pytest.raises(Unauthorized, match="Invalid apikey"):
        call(dbs, registry, "0" * 40, "res.partner", "search_count", domain=[])


def test_a_keys_use_on_a_replica_is_noted_on_the_primary(
    databases: tuple[Databases, Registry], pg_replica: Any
) -> None:
    """The key's last use, which a read notes, is written on the primary: the
    replica refuses writes."""
    dbs, registry = databases
    key = caught_up_key(registry, pg_replica, "replica used")
    before = reads()
    assert call(dbs, registry, key, "res.partner", "search", domain=[], limit=1)
    assert reads() == before + 1
    with registry.database.transaction() as cr:
        rows = cr.execute(
            "SELECT last_used FROM res_users_apikeys WHERE name = %s", ["replica used"]
        )
    assert rows[0][0] is not None


def test_xmlrpc_execute_kw_reads_the_replica(
    databases: tuple[Databases, Registry], pg_replica: Any
) -> None:
    dbs, registry = databases
    key = caught_up_key(registry, pg_replica, "replica legacy")
    before = reads()
    params = [registry.database.name, 2, key, "res.partner", "search_count", [[]]]
    assert dispatch_rpc(dbs, LegacyCall("object", "execute_kw", params)) > 0
    assert reads() == before + 1


def fallbacks(reason: str) -> float:
    """Reads run on the primary for ``reason`` in this process."""
    value: float = REPLICA_FALLBACKS.labels(reason)._value.get()
    return value


READS: list[tuple[str, str, dict[str, Any]]] = [
    ("res.partner", "search", {"domain": [], "limit": 3}),
    ("res.partner", "read", {"ids": [1, 2], "fields": ["name", "email"]}),
    ("res.partner", "search_read", {"domain": [["is_company", "=", True]], "fields": ["name"]}),
    ("res.partner", "search_count", {"domain": []}),
    ("res.partner", "fields_get", {"attributes": ["string", "type"]}),
    ("res.partner", "name_search", {"name": "a", "limit": 5}),
    ("res.partner", "read_group", {"domain": [], "groupby": ["is_company"], "fields": []}),
    ("res.partner", "formatted_read_group", {"domain": [], "groupby": ["is_company"]}),
    ("res.partner", "web_search_read", {"domain": [], "specification": {"name": {}}}),
    ("res.partner", "web_read", {"ids": [1], "specification": {"name": {}}}),
    ("res.users", "context_get", {}),
    ("res.users", "read", {"ids": [2], "fields": ["name", "group_ids", "company_ids"]}),
]


def test_every_replica_method_reads_without_writing(
    databases: tuple[Databases, Registry], pg_replica: Any
) -> None:
    """Each method of the list answers on the replica what the primary answers, and
    none tried to write there (a replica refuses, and the read would run again)."""
    dbs, registry = databases
    key = caught_up_key(registry, pg_replica, "replica every")
    call(dbs, registry, key, "res.partner", "search_count", domain=[])  # the key's first use
    before, wrote, behind = reads(), fallbacks("wrote"), fallbacks("behind")
    answers = [call(dbs, registry, key, model, method, **params) for model, method, params in READS]
    assert reads() == before + len(READS)
    assert (fallbacks("wrote"), fallbacks("behind")) == (wrote, behind)
    primary = Databases(open_storage(data_dir=dbs.storage.environment()["JSONTWO_DATA_DIR"],
                                     db_url=pg_url()))  # fmt: skip
    try:
        for (model, method, params), answer in zip(READS, answers, strict=True):
            assert call(primary, registry, key, model, method, **params) == answer, method
    finally:
        primary.close()


def test_the_doc_bearer_documents_are_read_on_the_replica(
    databases: tuple[Databases, Registry], pg_replica: Any
) -> None:
    dbs, registry = databases
    key = caught_up_key(registry, pg_replica, "replica docs")
    name = registry.database.name
    before = reads()
    index = doc_index(dbs, name, f"bearer {key}")
    assert any(model["model"] == "res.partner" for model in index.document["models"])
    assert doc_model(dbs, name, f"bearer {key}", "res.partner").document["model"] == "res.partner"
    assert reads() == before + 2
