"""The JSON-2 call: ``POST /json/2/<model>/<method>`` with named arguments.

Transport-free: the HTTP layer parses the request into a :class:`Json2Call`
and hands it to :func:`call_json2`, which answers the serialised JSON body or
raises an exception whose name and status the HTTP layer reports.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from jsontwo.db import run_in_transaction
from jsontwo.exceptions import BadRequest, NotFound, Unauthorized, UnprocessableEntity
from jsontwo.orm import Environment, Registry
from jsontwo.orm.models import BaseModel
from jsontwo.service.databases import Databases
from jsontwo.service.json_codec import dumps, loads
from jsontwo.service.pipeline import Authenticate, Prepared, authenticated, run_call
from jsontwo.service.public_methods import Resolved, resolve_method
from jsontwo.service.record_ids import record_ids

BEARER_RE = re.compile(r"^bearer\s+(.+)$", re.IGNORECASE | re.DOTALL)
WWW_AUTHENTICATE = {"WWW-Authenticate": "Bearer"}
MISSING_AUTH = "User not authenticated, use an API Key with a Bearer Authorization header."
#: a body larger than this (bytes) is parsed only after the key is checked
AUTHENTICATE_FIRST = 64 * 1024
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
    #: the database the request names (the ``X-Odoo-Database`` header), if any
    database: str | None = None
    #: the client's network address (the login guard of generate/revoke counts by it)
    remote_addr: str | None = None
    #: the Host header (a ``--db-filter`` may depend on it)
    host: str | None = None


def json2_database(databases: Databases, call: Json2Call) -> str:
    """The database ``call`` addresses: the one it names, else the only one
    served (NotFound otherwise: docs/internals/protocol.md, "Database selection")."""
    return databases.select(call.database, call.host)


def call_json2(databases: Databases, call: Json2Call) -> bytes:
    """Run one JSON-2 call and return the JSON body of its answer (see :func:`run_json2`)."""
    return run_json2(databases.registry(json2_database(databases, call)), call)


def run_json2(registry: Registry, call: Json2Call) -> bytes:
    """Run one JSON-2 call on ``registry``'s database (:func:`json2_database`
    picked it) and return the JSON body of its answer.

    The order of the checks is Odoo's: database (the caller's), bearer key,
    body, model and method, ``ids`` on a model method, argument binding, then
    the call, all in one transaction (:func:`jsontwo.service.pipeline.run_call`):
    a client without a valid key learns nothing of models, methods or arguments.

    A body over AUTHENTICATE_FIRST bytes is parsed only once the key is known to
    be valid (one more short transaction): what parsing costs in memory is
    spent on callers who may call, never on a stranger's.
    """
    authenticate = bearer_key(call.authorization)
    if call.params is None and len(call.body) > AUTHENTICATE_FIRST:
        run_in_transaction(
            registry.database,
            lambda cr: authenticated(registry, cr, authenticate, call.remote_addr),
            defer_write_lock=True,
        )
    return run_call(
        registry,
        lambda current: _prepare(current, call),
        authenticate,
        dumps,
        call.remote_addr,
        affinity=call.authorization,
    )


def _prepare(registry: Registry, call: Json2Call) -> Prepared:
    """The method a call reaches, bound to its named arguments, or the
    400/403/404/422 error Odoo gives."""
    params = dict(call.params) if call.params is not None else parse_body(call.body)
    for routed in ROUTE_PARAMS:  # the URL names the call; the body cannot redirect it
        params.pop(routed, None)
    resolved = _resolve(registry, call.model, call.method)
    ids = _ids(params.pop("ids", None))
    context = params.pop("context", None)
    if resolved.is_model and ids:
        raise UnprocessableEntity(f"cannot call {call.model}.{call.method} with ids")
    invoke = functools.partial(call_named, resolved, params)
    return Prepared(call.model, resolved, ids, _context(context), invoke)


def call_named(resolved: Resolved, kwargs: dict[str, Any], records: BaseModel) -> Any:
    """Call the method on ``records`` with named arguments; 422 when they do not
    fit (JSON-2's binding: docs/internals/protocol.md, "Argument binding").

    Arguments that visibly fit are passed straight through; anything else
    goes through ``Signature.bind``, for Python's exact message (which
    clients see, as Odoo's do).
    """
    keys = kwargs.keys()
    if (
        resolved.simple
        and "self" not in keys
        and resolved.required <= keys
        and (resolved.accepted is None or keys <= resolved.accepted)
    ):
        return resolved.function(records, **kwargs)
    try:
        bound = resolved.signature.bind(records, **kwargs)
    except TypeError as exc:
        raise UnprocessableEntity(str(exc)) from None
    return resolved.function(*bound.args, **bound.kwargs)


def _context(value: Any) -> dict[str, Any]:
    """The call's context: an object, or null for none. Anything else fails the way
    Odoo's ``dict(context)`` does (a 500 ValueError or TypeError), as clients see there."""
    if value is None:
        return {}
    return value if isinstance(value, dict) else dict(value)


def parse_body(body: bytes) -> dict[str, Any]:
    """The named arguments in a JSON body; JSON that is not an object is ignored, as in Odoo."""
    if not body:
        return {}
    try:
        value = loads(body)
    except ValueError as exc:  # UnicodeDecodeError is one too
        raise BadRequest(f"could not parse the body as json: {exc}") from None
    return value if isinstance(value, dict) else {}


def bearer_key(authorization: str | None) -> Authenticate:
    """The proof of a JSON-2 caller (:mod:`jsontwo.service.pipeline`): the API key
    of an ``Authorization: Bearer <key>`` header (401 now without one), which
    the returned function finds the user of: the user whose key of scope
    ``rpc`` it is, or 401 "Invalid apikey" (docs/internals/protocol.md,
    "Authentication and API keys")."""
    match = BEARER_RE.match(authorization) if authorization else None
    if match is None:
        raise Unauthorized(MISSING_AUTH, headers=WWW_AUTHENTICATE)
    token = match.group(1)

    def authenticate(env: Environment) -> int:
        uid = env["res.users.apikeys"]._check_credentials("rpc", token)
        if uid is None:
            raise Unauthorized("Invalid apikey", headers=WWW_AUTHENTICATE)
        return uid

    return authenticate


def _ids(value: Any) -> list[int]:
    try:
        return record_ids(value)
    except TypeError:
        raise UnprocessableEntity(
            f"ids must be a list of record ids (integers), not {value!r}"
        ) from None


def _resolve(registry: Registry, model: str, method: str) -> Resolved:
    """The public method ``model.method``, or the 404/403 error Odoo gives."""
    try:
        return resolve_method(registry, model, method)
    except KeyError:
        raise NotFound(f"the model {model!r} does not exist") from None
    except AttributeError as exc:
        raise NotFound(str(exc)) from None
