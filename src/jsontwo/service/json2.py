"""The JSON-2 call: ``POST /json/2/<model>/<method>`` with named arguments.

Transport-free: the HTTP layer parses the request into a :class:`Json2Call`
and hands it to :func:`call_json2`, which answers the serialised JSON body or
raises an exception whose name and status the HTTP layer reports.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

import orjson

from jsontwo.db import Cursor
from jsontwo.exceptions import BadRequest, NotFound, Unauthorized, UnprocessableEntity
from jsontwo.orm import SUPERUSER_ID, Environment, Registry
from jsontwo.orm.models import BaseModel
from jsontwo.service.databases import Databases
from jsontwo.service.methods import Resolved, resolve_method, run_call

BEARER_RE = re.compile(r"^bearer\s+(.+)$", re.IGNORECASE | re.DOTALL)
#: a number of 19 digits or more (an integer orjson might read as a float: it
#: reads integers past 64 bits so, where Python's parser keeps them exact)
LONG_NUMBER = re.compile(rb"[\[,:]\s*-?\d{19}")
WWW_AUTHENTICATE = {"WWW-Authenticate": "Bearer"}
MISSING_AUTH = "User not authenticated, use an API Key with a Bearer Authorization header."
#: Odoo's route parameters: body keys of these names never reach the method
ROUTE_PARAMS = ("__model__", "__method__")


@dataclass(slots=True)
class Json2Call:
    """One JSON-2 request, as the transport parsed it.

    The named arguments are ``params`` when the transport already has them,
    else the JSON ``body``.
    """

    model: str
    method: str
    params: dict[str, Any] | None = None
    body: bytes = b""
    authorization: str | None = None
    database: str | None = None
    #: the client's network address (the login guard of generate/revoke counts by it)
    remote_addr: str | None = None
    #: the Host header (a ``--db-filter`` may depend on it)
    host: str | None = None
    #: filled by call_json2, for the request log
    database_used: str = field(default="")


@dataclass(frozen=True, slots=True)
class Prepared:
    """A call's method and arguments, checked against the method's signature."""

    resolved: Resolved
    ids: list[int]
    context: dict[str, Any]
    kwargs: dict[str, Any]


def call_json2(databases: Databases, call: Json2Call) -> bytes:
    """Run one JSON-2 call and return the JSON body of its answer.

    The order of the checks is Odoo's: database, bearer key, body, model and
    method, ``ids`` on a model method, argument binding, then the call, all in
    one transaction (retried on serialization failures). The body and the
    method are looked at before the transaction, to keep it short, but their
    errors are only reported to an authenticated caller: a client without a
    valid key learns nothing of models, methods or arguments.
    """
    name = databases.select(call.database, call.host)
    call.database_used = name
    registry = databases.registry(name)
    token = bearer_token(call.authorization)
    prepared: Prepared | None = None
    refused: Exception | None = None
    try:
        prepared = _prepare(registry, call)
    except Exception as exc:  # reported once the caller is known
        refused = exc

    def work(cr: Cursor) -> bytes:
        env, uid = key_user(registry, cr, token, call.remote_addr)
        if refused is not None:
            raise refused
        assert prepared is not None
        user_env = env(uid=uid, context=prepared.context, su=False)
        if prepared.context:
            user_env.check_context()
        records = registry.models[call.model](user_env, prepared.ids)
        result = prepared.resolved.call(records, prepared.kwargs)
        if isinstance(result, BaseModel):
            result = result.ids
        return dumps(result)

    readonly = prepared.resolved.readonly if prepared else True
    return run_call(registry, work, readonly)


def _prepare(registry: Registry, call: Json2Call) -> Prepared:
    """The method a call reaches and its arguments, or the 400/403/404/422 error Odoo gives."""
    params = dict(call.params) if call.params is not None else parse_body(call.body)
    for routed in ROUTE_PARAMS:  # the URL names the call; the body cannot redirect it
        params.pop(routed, None)
    resolved = _resolve(registry, call.model, call.method)
    ids = _ids(params.pop("ids", None))
    context = params.pop("context", None)
    if resolved.is_model and ids:
        raise UnprocessableEntity(f"cannot call {call.model}.{call.method} with ids")
    return Prepared(resolved, ids, _context(context), params)


def _context(value: Any) -> dict[str, Any]:
    """The call's context: an object, or null for none. Anything else fails the way
    Odoo's ``dict(context)`` does (a 500 ValueError or TypeError), as clients see there."""
    if value is None:
        return {}
    return value if isinstance(value, dict) else dict(value)


def loads(body: bytes) -> Any:
    """The JSON value of ``body``, as Python's parser (Odoo's) reads it: integers of
    any size stay exact, NaN and Infinity are accepted. ValueError when it is not
    JSON (Python's message) or is nested too deep."""
    # orjson is the fast path; it reads integers past 64 bits as floats, so a body
    # with a long run of digits goes to Python's parser, as does one orjson refuses
    # (the scan costs about what orjson's parse does: a microsecond on a small body)
    if not LONG_NUMBER.search(body):
        try:
            return orjson.loads(body)
        except orjson.JSONDecodeError:
            pass
    try:
        return json.loads(body.decode("utf-8"))
    except RecursionError:
        raise ValueError("the JSON is nested too deeply") from None


def parse_body(body: bytes) -> dict[str, Any]:
    """The named arguments in a JSON body; JSON that is not an object is ignored, as in Odoo."""
    if not body:
        return {}
    try:
        value = loads(body)
    except ValueError as exc:  # UnicodeDecodeError is one too
        raise BadRequest(f"could not parse the body as json: {exc}") from None
    return value if isinstance(value, dict) else {}


def bearer_token(authorization: str | None) -> str:
    """The API key of an ``Authorization: Bearer <key>`` header; 401 without one."""
    if authorization:
        match = BEARER_RE.match(authorization)
        if match:
            return match.group(1)
    raise Unauthorized(MISSING_AUTH, headers=WWW_AUTHENTICATE)


def key_user(
    registry: Registry, cr: Cursor, token: str, remote_addr: str | None
) -> tuple[Environment, int]:
    """The superuser environment of the transaction ``cr`` and the id of the user
    whose API key of scope ``rpc`` is ``token``; 401 "Invalid apikey" otherwise
    (the login guard counts the failure by ``remote_addr``)."""
    env = registry.environment(cr, SUPERUSER_ID)
    env.transaction.remote_addr = remote_addr
    uid = env["res.users.apikeys"]._check_credentials("rpc", token)
    if uid is None:
        raise Unauthorized("Invalid apikey", headers=WWW_AUTHENTICATE)
    return env, uid


def _ids(value: Any) -> list[int]:
    if value is None or value is False:
        return []
    if isinstance(value, int) and not isinstance(value, bool):
        return [value]
    if isinstance(value, list) and all(
        isinstance(v, int) and not isinstance(v, bool) for v in value
    ):
        return value
    raise UnprocessableEntity(f"ids must be a list of record ids (integers), not {value!r}")


def _resolve(registry: Registry, model: str, method: str) -> Resolved:
    """The public method ``model.method``, or the 404/403 error Odoo gives."""
    try:
        return resolve_method(registry, model, method)
    except KeyError:
        raise NotFound(f"the model {model!r} does not exist") from None
    except AttributeError as exc:
        raise NotFound(str(exc)) from None


def _default(value: Any) -> Any:
    """JSON for what orjson does not know, the way Odoo's json_default does."""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, set | frozenset):
        return list(value)
    return str(value)


def dumps(value: Any) -> bytes:
    """Serialise a result once, with orjson."""
    return orjson.dumps(
        value, default=_default, option=orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS
    )
