"""The request log (docs/cli.md, ``--log-format``): a client's bad request is an
INFO line without a traceback (ERROR with one is for the server's faults); every
request has an id, the client's ``X-Request-Id`` or a new one, echoed in the
response and named by the log; a call's line names the user and the id of the
API key it was made with, never the key."""

from __future__ import annotations

import json
import logging
import re
import xmlrpc.client
from pathlib import Path

import httpx
import pytest

from jsontwo.db import Storage, run_in_transaction
from jsontwo.http import create_app
from jsontwo.orm import Registry
from tests.conftest import Api, server_config
from tests.servers import demo_server


def request_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "jsontwo.request"]


def key_id(registry: Registry, key: str) -> int:
    """The id of the stored API key ``key``."""
    rows = run_in_transaction(
        registry.database,
        lambda cr: cr.execute('SELECT id FROM "res_users_apikeys" WHERE "index" = %s', [key[:8]]),
    )
    return int(next(iter(rows))[0])


XMLRPC_VERSION = xmlrpc.client.dumps((), "version").encode()


@pytest.mark.parametrize(
    ("path", "content", "content_type"),
    [
        ("/xmlrpc/2/common", b"<methodCall><nope", "text/xml"),  # malformed XML
        ("/xmlrpc/2/common", b"<!DOCTYPE x []>" + XMLRPC_VERSION, "text/xml"),
        ("/jsonrpc", b"{nope", "application/json"),
        ("/jsonrpc", b"{}", "text/plain"),
        ("/json/2/res.partner/search", b"{}", "text/plain"),
        ("/json/2/res.partner/search", b"{nope", "application/json"),
        ("/web/dataset/call_kw", b'{"params": {}}', "application/json"),  # no session
    ],
)
def test_a_bad_request_is_logged_at_info_without_traceback(
    api: Api, caplog: pytest.LogCaptureFixture, path: str, content: bytes, content_type: str
) -> None:
    headers = {"Content-Type": content_type, "Authorization": f"bearer {api.key}"}
    with caplog.at_level(logging.INFO):
        api.request("POST", path, content=content, headers=headers)
    records = request_records(caplog)
    assert records, caplog.text
    assert all(r.levelno == logging.INFO and r.exc_info is None for r in records), caplog.text
    assert "Traceback" not in caplog.text


def test_an_oversized_xmlrpc_body_is_logged_at_info(
    storage: Storage, registry: Registry, caplog: pytest.LogCaptureFixture
) -> None:
    limited = Api(
        create_app(server_config(storage, max_body_bytes=1000)), registry.database.name, ""
    )
    with caplog.at_level(logging.INFO):
        response = limited.request("POST", "/xmlrpc/2/common", content=XMLRPC_VERSION + b" " * 1000)
    assert b"larger than 1000 bytes" in response.content
    (record,) = request_records(caplog)
    assert record.levelno == logging.INFO and record.exc_info is None


def test_a_server_fault_is_logged_at_error_with_traceback(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        response = api.call("res.partner", "search", {"domain": [["nope", "=", 1]]})
    assert response.status_code == 500
    (record,) = request_records(caplog)
    assert record.levelno == logging.ERROR and record.exc_info is not None


def test_the_request_id_is_the_clients_or_a_new_one(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        mine = api.call(
            "res.partner", "search_count", {"domain": []}, headers={"X-Request-Id": "a.b-7"}
        )
    assert mine.headers["x-request-id"] == "a.b-7"
    assert request_records(caplog)[-1].request_id == "a.b-7"  # type: ignore[attr-defined]
    for sent in (None, "not acceptable: spaces", "x" * 129):
        headers = {"X-Request-Id": sent} if sent else {}
        response = api.call("res.partner", "search_count", {"domain": []}, headers=headers)
        assert re.fullmatch(r"[0-9a-f]{32}", response.headers["x-request-id"])
    other = api.request("POST", "/jsonrpc", content=b"{}", headers={"Content-Type": "text/plain"})
    assert re.fullmatch(r"[0-9a-f]{32}", other.headers["x-request-id"])


def test_a_calls_line_names_the_user_and_the_key_id(
    api: Api, registry: Registry, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        api.call("res.partner", "search_count", {"domain": []})
    (record,) = request_records(caplog)
    assert (record.uid, record.key_id) == (2, key_id(registry, api.key))  # type: ignore[attr-defined]
    assert (record.transport, record.call, record.status) == (  # type: ignore[attr-defined]
        "json2",
        "res.partner.search_count",
        200,
    )
    assert api.key not in caplog.text and api.key[:8] not in caplog.text


def test_the_log_formats_of_a_real_server(storage: Storage, tmp_path: Path) -> None:
    """``--log-format json`` writes one object per line with the request's facts;
    the text format ends a call's line with the user, the key's id and the request id."""
    for fmt in ("json", "text"):
        with demo_server(
            storage, tmp_path, "logfmt", workers=1, args=("--log-format", fmt)
        ) as server:
            response = server.post("res.partner/search_count", {"domain": []})
            assert response.status_code == 200
            rid = response.headers["x-request-id"]
            httpx.post(  # a bad request: no traceback
                f"http://127.0.0.1:{server.port}/xmlrpc/2/common", content=b"<nope"
            )
        lines = server.log.read_text().splitlines()
        assert not any("Traceback" in line for line in lines)
        if fmt == "text":
            (line,) = [line for line in lines if f"rid={rid}" in line]
            assert re.search(
                r" INFO jsontwo\.request: POST res\.partner\.search_count 200 .* uid=2 key=\d+ rid=",
                line,
            ), line
            continue
        entries = [json.loads(line) for line in lines if line.startswith("{")]
        (call,) = [e for e in entries if e.get("request_id") == rid]
        assert call["level"] == "INFO" and call["logger"] == "jsontwo.request"
        assert (call["transport"], call["call"], call["status"]) == (
            "json2",
            "res.partner.search_count",
            200,
        )
        assert (call["database"], call["uid"]) == (server.db, 2)
        assert isinstance(call["key_id"], int) and isinstance(call["duration_ms"], float)
        assert call["time"].endswith("+00:00")
        assert not any(server.key in line for line in lines if line.startswith("{"))
