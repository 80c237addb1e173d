"""XML-RPC on the wire: ``/xmlrpc/2/<service>`` (integer fault codes) and the older
``/xmlrpc/<service>`` (string fault codes), marshalled as Odoo's server does.

In-process through the ASGI application for the protocol's details, and
against the real server process (two workers) with Python's ``xmlrpc.client``
for a whole integration and for the password cache's revocation in every worker.
"""

from __future__ import annotations

import datetime as dt
import uuid
import xmlrpc.client
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from jsontwo.db import Storage
from jsontwo.http.legacy import marshal_fault, marshal_response
from jsontwo.orm import Environment, Registry
from jsontwo.service.databases import with_superuser
from tests.conftest import Api, free_port, new_db_name, start_server, stop_server
from tests.servers import WORKER_HEADER, outcomes_by_worker, server_env

ADMIN = 2
XML = "text/xml; charset=utf-8"


def unique(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:8]}"


def xmlrpc_post(api: Api, path: str, method: str, *params: Any) -> httpx.Response:
    """POST one XML-RPC call to the in-process application."""
    body = xmlrpc.client.dumps(params, method, allow_none=True)
    return api.request("POST", path, content=body.encode(), headers={"Content-Type": "text/xml"})


def answer(response: httpx.Response) -> Any:
    """The value of an XML-RPC answer (raises its Fault), after checking the transport."""
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == XML
    return xmlrpc.client.loads(response.content, use_builtin_types=True)[0][0]


def fault(response: httpx.Response) -> xmlrpc.client.Fault:
    """The fault an XML-RPC answer carries."""
    with pytest.raises(xmlrpc.client.Fault) as caught:
        answer(response)
    return caught.value


def execute_kw(api: Api, path: str, model: str, method: str, *rest: Any, **auth: Any) -> Any:
    uid = auth.get("uid", ADMIN)
    password = auth.get("password", "admin")
    return xmlrpc_post(api, path, "execute_kw", api.db, uid, password, model, method, *rest)


# --- marshalling ---------------------------------------------------------------


def test_answers_are_marshalled_as_odoo_does() -> None:
    value = {
        "when": dt.datetime(2024, 5, 17, 13, 45, 7),
        "day": dt.date(2024, 5, 17),
        "raw": b"aGVsbG8=",
        "missing": None,
        "pair": (1, "a"),
        "tags": {3},
        7: "integer key",
        "text": "bell\x07 tab\t newline\n <&>",
        "big": 2**40,
        "flag": True,
        "ratio": 0.5,
        "nested": [{"inner": None}],
    }
    payload = marshal_response(value)
    assert payload is not None
    (read,), _ = xmlrpc.client.loads(payload, use_builtin_types=True)
    assert read == {
        "when": "2024-05-17 13:45:07",
        "day": "2024-05-17",
        "raw": "aGVsbG8=",
        "missing": False,
        "pair": [1, "a"],
        "tags": [3],
        "7": "integer key",
        "text": "bell tab\t newline\n <&>",
        "big": 2**40,
        "flag": True,
        "ratio": 0.5,
        "nested": [{"inner": False}],
    }
    assert marshal_response(None) is None  # no allow_none: the endpoint answers a fault


def test_faults_are_marshalled_with_their_code() -> None:
    for code in (3, "warning -- UserError\n\nNo"):
        with pytest.raises(xmlrpc.client.Fault) as caught:
            xmlrpc.client.loads(marshal_fault(code, "text\x01"))
        assert caught.value.faultCode == code
        assert caught.value.faultString == "text"


# --- /xmlrpc/2 in-process ------------------------------------------------------


def test_common_and_db_services(api: Api) -> None:
    version = answer(xmlrpc_post(api, "/xmlrpc/2/common", "version"))
    assert version["server_version"] == "19.0"
    assert version["server_version_info"] == [19, 0, 0, "final", 0, ""]
    assert answer(xmlrpc_post(api, "/xmlrpc/2/common", "login", api.db, "admin", "admin")) == ADMIN
    assert answer(xmlrpc_post(api, "/xmlrpc/2/common", "login", api.db, "admin", "no")) is False
    assert answer(xmlrpc_post(api, "/xmlrpc/2/db", "server_version")) == "19.0"
    assert api.db in answer(xmlrpc_post(api, "/xmlrpc/2/db", "list"))
    assert answer(xmlrpc_post(api, "/xmlrpc/2/db", "db_exist", api.db)) is True
    refused = fault(xmlrpc_post(api, "/xmlrpc/2/db", "drop", "admin", api.db))
    assert (refused.faultCode, refused.faultString) == (3, "Access Denied")


def test_fault_codes_on_xmlrpc_2(api: Api) -> None:
    path = "/xmlrpc/2/object"
    unknown = fault(execute_kw(api, path, "res.nope", "search", [[]]))
    assert (unknown.faultCode, unknown.faultString) == (2, "Object res.nope doesn't exist")
    denied = fault(execute_kw(api, path, "res.partner", "search", [[]], password="wrong"))
    assert (denied.faultCode, denied.faultString) == (3, "Access Denied")
    private = fault(execute_kw(api, path, "res.partner", "_private", [[]]))
    assert private.faultCode == 4
    assert "Private methods (such as 'res.partner._private')" in private.faultString
    missing = fault(execute_kw(api, path, "res.partner", "nope", [[]]))
    assert missing.faultCode == 1
    assert missing.faultString.rstrip().endswith(
        "AttributeError: The method 'res.partner.nope' does not exist"
    )
    bad_field = fault(execute_kw(api, path, "res.partner", "search", [[["nope", "=", 1]]]))
    assert bad_field.faultCode == 1 and "ValueError" in bad_field.faultString
    assert "Traceback" not in bad_field.faultString  # only with --dev
    user_error = fault(
        execute_kw(api, path, "res.partner", "search", [[]], {"context": {"lang": "xx_XX"}})
    )
    assert (user_error.faultCode, user_error.faultString) == (2, "Invalid language code: xx_XX")
    unknown_service = fault(xmlrpc_post(api, "/xmlrpc/2/nope", "version"))
    assert unknown_service.faultCode == 1 and "KeyError" in unknown_service.faultString


def test_string_fault_codes_on_xmlrpc_1(api: Api) -> None:
    path = "/xmlrpc/object"
    unknown = fault(execute_kw(api, path, "res.nope", "search", [[]]))
    assert unknown.faultCode == "warning -- UserError\n\nObject res.nope doesn't exist"
    assert unknown.faultString == ""
    denied = fault(execute_kw(api, path, "res.partner", "search", [[]], password="wrong"))
    assert (denied.faultCode, denied.faultString) == ("AccessDenied", "Access Denied")
    private = fault(execute_kw(api, path, "res.partner", "_private", [[]]))
    assert str(private.faultCode).startswith("warning -- AccessError\n\nPrivate methods")
    gone = answer(execute_kw(api, path, "res.partner", "create", [{"name": unique("Gone")}]))
    answer(execute_kw(api, path, "res.partner", "unlink", [[gone]]))
    missing = fault(execute_kw(api, path, "res.partner", "write", [[gone], {"name": "x"}]))
    assert str(missing.faultCode).startswith("warning -- MissingError\n\n")
    bad_field = fault(execute_kw(api, path, "res.partner", "search", [[["nope", "=", 1]]]))
    assert str(bad_field.faultCode).startswith("Invalid field")
    assert "ValueError" in bad_field.faultString
    assert answer(xmlrpc_post(api, "/xmlrpc/common", "login", api.db, "admin", "admin")) == ADMIN


def test_dates_control_characters_and_datetime_arguments(api: Api, registry: Registry) -> None:
    name = unique("Bell\x07 Partner")

    def create(env: Environment) -> int:
        return int(env["res.partner"].create({"name": name}).id)

    pid = with_superuser(registry, create)
    path = "/xmlrpc/2/object"
    (row,) = answer(execute_kw(api, path, "res.partner", "read", [[pid], ["name", "create_date"]]))
    assert row["name"] == name.replace("\x07", "")
    assert dt.datetime.strptime(row["create_date"], "%Y-%m-%d %H:%M:%S")
    # a native datetime argument (<dateTime.iso8601>) reaches the ORM as a datetime
    since = dt.datetime(2000, 1, 1)
    body = xmlrpc.client.dumps(
        (api.db, ADMIN, "admin", "res.partner", "search", [["create_date", ">=", since]]),
        "execute",
    )
    response = api.request("POST", path, content=body.encode())
    assert pid in answer(response)


def test_a_none_result_is_a_fault_after_the_work_is_done(api: Api) -> None:
    # Odoo's marshaller cannot send None; the call's work is committed all the same
    path = "/xmlrpc/2/object"
    pid = answer(execute_kw(api, path, "res.partner", "create", [{"name": unique("Archived")}]))
    none_result = fault(execute_kw(api, path, "res.partner", "action_archive", [[pid]]))
    assert none_result.faultCode == 1
    assert "cannot marshal None unless allow_none is enabled" in none_result.faultString
    found = answer(execute_kw(api, path, "res.partner", "search", [[["id", "=", pid]]]))
    assert found == []  # archived


def test_paths_beside_the_endpoints_answer_as_the_router_does(api: Api) -> None:
    """The application calls the legacy endpoints directly for their own paths;
    any other path near them gets the router's answer: a redirect without the
    trailing slash, 404 and 405 as JSON error objects, and ``/xmlrpc/2`` is
    the older endpoint's service "2"."""
    body = xmlrpc.client.dumps((), "version").encode()

    def post(path: str) -> httpx.Response:
        return api.request("POST", path, content=body, headers={"Content-Type": "text/xml"})

    assert (
        answer(post("/xmlrpc/2/common"))["server_serie"]
        == answer(post("/xmlrpc/common"))["server_serie"]
    )
    for path in ("/xmlrpc/2/common/", "/jsonrpc/"):
        redirected = post(path)
        assert redirected.status_code == 307
        assert redirected.headers["location"] == f"http://test{path.rstrip('/')}"
    for path in ("/xmlrpc/2/common/more", "/xmlrpc/"):
        missing = post(path)
        assert missing.status_code == 404
        assert missing.json()["name"] == "werkzeug.exceptions.NotFound"
    wrong_method = api.request("GET", "/xmlrpc/2/common")
    assert wrong_method.status_code == 405
    assert wrong_method.json()["name"] == "werkzeug.exceptions.MethodNotAllowed"
    assert fault(post("/xmlrpc/2")).faultString.startswith("KeyError: 2")


def test_malformed_requests(api: Api) -> None:
    broken = api.request("POST", "/xmlrpc/2/common", content=b"<methodCall><oops")
    assert fault(broken).faultCode == 1
    get = api.request("GET", "/xmlrpc/2/common")
    assert get.status_code == 405
    assert get.json()["name"] == "werkzeug.exceptions.MethodNotAllowed"


def test_arguments_of_any_type_are_answered_with_a_fault(api: Api) -> None:
    """Whatever the types in the ``execute_kw`` slots, the answer is an XML-RPC fault
    (HTTP 200): AccessDenied for a secret that is not a string or a uid no user has,
    fault 1 (or 2, a UserError) for the rest, as Odoo's Python errors."""
    db, path = api.db, "/xmlrpc/2/object"
    denied: list[tuple[Any, ...]] = [
        (db, ADMIN, {"password": "admin"}, "res.partner", "search", [[]]),
        (db, ADMIN, ["admin"], "res.partner", "search", [[]]),
        (db, 0, "admin", "res.partner", "search", [[]]),
    ]
    failing: list[tuple[Any, ...]] = [  # int(uid) fails as in Odoo: fault 1
        (db, [ADMIN], "admin", "res.partner", "search", [[]]),
        (db, "nobody", "admin", "res.partner", "search", [[]]),
        (db, ADMIN, "admin", 42, "search", [[]]),
        (db, ADMIN, "admin", "res.partner", ["search"], [[]]),
        (db, ADMIN, "admin", "res.partner", "search", "[[]]"),
        (db, ADMIN, "admin", "res.partner", "search", [[]], ["limit"]),
        (db, ADMIN, "admin", "res.partner", "search", [[]], {"context": 5}),
        (db, ADMIN, "admin", "res.partner", "read", [{"ids": [1]}]),
        (db, ADMIN, "admin", "res.partner", "read", [[1.5]]),
        (db, ADMIN, "admin", "res.partner", "read", []),
        ([db], ADMIN, "admin", "res.partner", "search", [[]]),
        (db, ADMIN),
    ]
    for params in [*denied, *failing]:
        body = xmlrpc.client.dumps(params, "execute_kw")
        response = api.request("POST", path, content=body.encode(), headers={"Content-Type": XML})
        refused = fault(response)
        expected = {3} if params in denied else {1, 2}  # 2: "Object 42 doesn't exist"
        assert refused.faultCode in expected, (params, refused)
    # a uid past 64 bits (the standard client refuses to send one) is an unknown user
    body = xmlrpc.client.dumps((db, 7, "admin", "res.partner", "search", [[]]), "execute_kw")
    huge = body.replace("<int>7</int>", f"<i8>{2**70}</i8>", 1)
    response = api.request("POST", path, content=huge.encode(), headers={"Content-Type": XML})
    assert fault(response).faultCode == 3


def test_document_type_declarations_are_refused(api: Api) -> None:
    """XML-RPC has no DTD: one is refused before its entities are expanded (a
    "billion laughs" body would otherwise make a small request large)."""
    laughs = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10 if n else "lol"}">' for n in range(6))
    call = xmlrpc.client.dumps(
        (api.db, ADMIN, "admin", "res.partner", "search", [[]]), "execute_kw"
    )
    declared = call.replace("<methodCall>", f"<!DOCTYPE m [{laughs}]><methodCall>", 1)
    expanded = declared.replace(f"<string>{api.db}</string>", "<string>&l5;</string>", 1)
    for body in (declared, expanded):
        response = api.request(
            "POST", "/xmlrpc/2/object", content=body.encode(), headers={"Content-Type": "text/xml"}
        )
        refused = fault(response)
        assert refused.faultCode == 1
        assert refused.faultString == (
            "ValueError: An XML-RPC request may not declare a document type (<!DOCTYPE>).\n"
        )
    # the same call without the declaration works, <nil/> included
    plain = xmlrpc.client.dumps(
        (api.db, ADMIN, "admin", "res.partner", "search_count", [[]], {"limit": None}),
        "execute_kw",
        allow_none=True,
    )
    response = api.request(
        "POST", "/xmlrpc/2/object", content=plain.encode(), headers={"Content-Type": "text/xml"}
    )
    assert answer(response) > 0


# --- the real server, two workers ----------------------------------------------


@dataclass(frozen=True)
class Served:
    url: str
    db: str


@pytest.fixture(scope="module")
def served(storage: Storage, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A real server, two worker processes, with a demo database of its own."""
    name = new_db_name("xmlrpc")
    env = server_env(storage)
    port = free_port()
    log: Path = tmp_path_factory.mktemp("xmlrpc") / "serve.log"
    proc, _banner = start_server(["--demo", name, "--workers", "2"], env, port, log)
    try:
        yield Served(f"http://127.0.0.1:{port}", name)
    finally:
        stop_server(proc)
        storage.drop(name)


@pytest.mark.server
def test_an_integration_over_xmlrpc_client(served: Served) -> None:
    url, db = served.url, served.db
    common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common")
    uid = common.authenticate(db, "admin", "admin", {})
    models = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object")
    name = unique("XML-RPC Company")
    pid = models.execute_kw(
        db, uid, "admin", "res.partner", "create", [{"name": name, "is_company": True}]
    )
    domain = [["name", "=", name], ["is_company", "=", True]]
    rows = models.execute_kw(
        db, uid, "admin", "res.partner", "search_read", [domain], {"fields": ["name", "email"]}
    )
    assert rows == [{"id": pid, "name": name, "email": False}]
    assert models.execute_kw(db, uid, "admin", "res.partner", "write", [[pid], {"email": "x@y.z"}])
    assert models.execute_kw(db, uid, "admin", "res.partner", "read", [[pid], ["email"]]) == [
        {"id": pid, "email": "x@y.z"}
    ]
    assert models.execute_kw(db, uid, "admin", "res.partner", "search_count", [domain]) == 1
    described: Any = models.execute_kw(
        db, uid, "admin", "res.partner", "fields_get", [], {"attributes": ["string", "type"]}
    )
    assert described["email"] == {"string": "Email", "type": "char"}
    assert models.execute_kw(db, uid, "admin", "res.partner", "unlink", [[pid]]) is True
    assert models.execute_kw(db, uid, "admin", "res.partner", "search", [domain]) == []
    with pytest.raises(xmlrpc.client.Fault) as caught:
        models.execute_kw(db, uid, "admin", "res.nope", "search", [[]])
    assert caught.value.faultCode == 2
    # the historical endpoint, as odoo-client-lib's xmlrpc mode uses it
    old = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/object")
    assert old.execute_kw(db, uid, "admin", "res.partner", "search_count", [domain]) == 0
    with pytest.raises(xmlrpc.client.Fault) as caught:
        old.execute_kw(db, uid, "wrong", "res.partner", "search_count", [[]])
    assert caught.value.faultCode == "AccessDenied"


class WorkerTransport(xmlrpc.client.Transport):
    """xmlrpc.client's transport, keeping the worker that made the last response."""

    worker = 0

    def parse_response(self, response: Any) -> Any:
        """Note the worker header, then parse as usual."""
        self.worker = int(response.getheader(WORKER_HEADER))
        return super().parse_response(response)


@pytest.mark.server
def test_a_changed_password_is_refused_at_once_by_every_worker(served: Served) -> None:
    url, db = served.url, served.db

    def count(password: str) -> dict[int, set[object]]:
        """What each worker answers (calls on new connections until both answered)."""

        def one() -> tuple[int, object]:
            transport = WorkerTransport()
            with xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", transport) as models:
                try:
                    found = models.execute_kw(
                        db, uid, password, "res.partner", "search_count", [[]]
                    )
                    return transport.worker, type(found)
                except xmlrpc.client.Fault as exc:
                    return transport.worker, exc.faultCode

        return outcomes_by_worker(one)

    admin = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object")
    # many refusals in a row: without this the login guard would cool this address down
    admin.execute_kw(
        db, ADMIN, "admin", "ir.config_parameter", "set_param", ["base.login_cooldown_after", "0"]
    )
    login = f"legacy-{uuid.uuid4().hex[:8]}"
    uid = admin.execute_kw(
        db,
        ADMIN,
        "admin",
        "res.users",
        "create",
        [{"name": login, "login": login, "password": "one"}],
    )
    verified = count("one")
    workers = set(verified)
    assert verified == {pid: {int} for pid in workers}  # verified, remembered by both workers
    admin.execute_kw(db, ADMIN, "admin", "res.users", "write", [[uid], {"password": "two"}])
    assert count("one") == {pid: {3} for pid in workers}  # AccessDenied everywhere, at once
    assert count("two") == {pid: {int} for pid in workers}
    admin.execute_kw(db, ADMIN, "admin", "res.users", "write", [[uid], {"active": False}])
    assert count("two") == {pid: {3} for pid in workers}


def test_the_request_log_names_the_call_never_the_password(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    secret = f"never-logged-{uuid.uuid4().hex}"
    path = "/xmlrpc/2/object"
    with caplog.at_level("INFO", logger="jsontwo.request"):
        fault(execute_kw(api, path, "res.partner", "search", [[]], password=secret))
        fault(execute_kw(api, path, "res.partner", "read", {"oops": secret}, password=secret))
        answer(execute_kw(api, path, "res.partner", "search_count", [[]]))
    assert secret not in caplog.text
    assert "object.execute_kw res.partner.search_count" in caplog.text
