"""The legacy RPC services behind ``/xmlrpc``, ``/xmlrpc/2`` and ``/jsonrpc``.

Transport-free, as Odoo's ``dispatch_rpc``: a service name (``common``,
``db``, ``object``), a method name and a list of positional parameters go
in; a Python value (or an exception, which each transport reports in its own
way) comes out.

* ``common``: ``version``, ``login``, ``authenticate``, ``about``,
  ``set_loglevel``.
* ``db``: ``list``, ``db_exist``, ``list_lang``, ``server_version``; the
  methods that need the master password (``create_database``, ``drop``,
  ``dump``...) take it first, as Odoo's, and are
  :mod:`jsontwo.service.db_manager`'s (AccessDenied when the server has none).
* ``object``: ``execute(db, uid, password, model, method, *args)`` and
  ``execute_kw(db, uid, password, model, method, args, kwargs=None)``, bound
  the way Odoo's ``call_kw`` binds them: for a method that is not
  ``@api.model`` the first positional argument is the ids; the context comes
  from ``kwargs["context"]``; ``create`` given one dict answers an id.

Each ``object`` call goes through the call pipeline JSON-2's calls take
(:mod:`jsontwo.service.pipeline`): one transaction, retried on serialization
failures and rolled back on any error; its answer is serialised inside it, so
an answer that cannot be sent never leaves a write behind. :func:`execute_kw`
is that call on its own, for the callers that prove who the user is otherwise
(``/web/dataset/call_kw``: a session).
"""

from __future__ import annotations

import base64
import binascii
import csv
import functools
import importlib.resources
import logging
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from jsontwo.db import StorageError
from jsontwo.db.waits import waited_in_place
from jsontwo.exceptions import AccessDenied, UserError
from jsontwo.orm import Environment, Registry
from jsontwo.orm.models import BaseModel
from jsontwo.service import db_manager
from jsontwo.service.accounts import check_uid_password, legacy_login
from jsontwo.service.databases import Databases
from jsontwo.service.pipeline import Authenticate, Prepared, run_call
from jsontwo.service.public_methods import Resolved, resolve_method
from jsontwo.service.record_ids import record_ids

_logger = logging.getLogger(__name__)
T = TypeVar("T")

SERVER_VERSION = "19.0"
SERVER_VERSION_INFO = [19, 0, 0, "final", 0, ""]
#: ``common.version()``: what Odoo 19 answers (``RPC_VERSION_1``)
VERSION = {
    "server_version": SERVER_VERSION,
    "server_version_info": SERVER_VERSION_INFO,
    "server_serie": SERVER_VERSION,
    "protocol_version": 1,
}


@dataclass(slots=True)
class LegacyCall:
    """One legacy call as a transport parsed it."""

    service: str
    method: str
    params: list[Any]
    #: the client's network address (the login guard counts failures by it)
    remote_addr: str | None = None
    #: the Host header (a ``--db-filter`` may depend on it)
    host: str | None = None
    #: filled while dispatching, for the request log: the database and the
    #: ``model.method`` an ``object`` call reached (never the password)
    database: str = ""
    target: str = ""


def identity(value: Any) -> Any:
    """The default serialisation: the value itself."""
    return value


def dispatch_rpc(
    databases: Databases, call: LegacyCall, serialize: Callable[[Any], T] = identity
) -> T:
    """Run ``call`` and return ``serialize(result)``.

    ``serialize`` runs inside the call's transaction for ``object`` calls, so
    that a result the transport cannot send rolls the call back. Errors are
    Odoo's: KeyError for an unknown service, Exception "Method not found: x"
    for an unknown ``common`` method, KeyError "Method not found: x" for an
    unknown ``db`` method, NameError "Method not available x" for an unknown
    ``object`` method, TypeError/ValueError when the parameters do not fit.
    """
    service = call.service
    if service == "object":
        return _dispatch_object(databases, call, serialize)
    if service == "common":
        return serialize(_dispatch_common(databases, call))
    if service == "db":
        # copies, restores and drops are no transaction a try run again from
        # the start could repeat: their conflicts wait in place
        with waited_in_place():
            return serialize(_dispatch_db(databases, call))
    raise KeyError(service)


# --- common -----------------------------------------------------------------


def _dispatch_common(databases: Databases, call: LegacyCall) -> Any:
    method, params = call.method, call.params

    def login(db: Any, login: Any, password: Any) -> int | bool:
        return authenticate(db, login, password, None)

    def authenticate(db: Any, login: Any, password: Any, user_agent_env: Any) -> int | bool:
        registry = _registry(databases, db, call.host)
        call.database = registry.database.name
        if not isinstance(login, str) or not isinstance(password, str):
            return False
        try:
            return legacy_login(registry, login, password, call.remote_addr or "-")
        except AccessDenied:
            return False

    def version() -> dict[str, Any]:
        return dict(VERSION)

    def about(extended: Any = False) -> Any:
        info = "See http://openerp.com"
        return [info, SERVER_VERSION] if extended else info

    def set_loglevel(loglevel: Any, logger: Any = None) -> bool:
        return True  # a no-op in Odoo too

    methods: dict[str, Callable[..., Any]] = {
        "login": login,
        "authenticate": authenticate,
        "version": version,
        "about": about,
        "set_loglevel": set_loglevel,
    }
    function = methods.get(method)
    if function is None:
        raise Exception(f"Method not found: {method}")  # Odoo's exact error
    return function(*params)


# --- db ---------------------------------------------------------------------


def _dispatch_db(databases: Databases, call: LegacyCall) -> Any:
    method, params = call.method, call.params

    def db_exist(db_name: Any) -> bool:
        try:
            return (
                isinstance(db_name, str)
                and databases.serves(db_name, call.host)
                and databases.storage.exists(db_name)
            )
        except Exception:  # an unreachable server: "no", as Odoo answers
            return False

    def list_databases(document: Any = False) -> list[str]:
        return database_names(databases, call.host)

    def list_lang() -> list[list[str]]:
        return list_languages()

    def server_version() -> str:
        return SERVER_VERSION

    # the methods Odoo serves without its master password
    public: dict[str, Callable[..., Any]] = {
        "db_exist": db_exist,
        "list": list_databases,
        "list_lang": list_lang,
        "server_version": server_version,
    }
    function = public.get(method)
    if function is not None:
        return function(*params)
    managing = _db_master_methods(databases, call.host)
    function = managing.get(method)
    if function is None:
        raise KeyError(f"Method not found: {method}")
    password = params[0]  # Odoo reads it first: IndexError when there is none
    settings = db_manager.authorize(databases, password)
    return function(settings, *params[1:])


def _db_master_methods(databases: Databases, host: str | None) -> dict[str, Callable[..., Any]]:
    """The ``db`` methods that take the master password (their first parameter,
    checked before they run), bound to ``databases`` and the request's host."""

    def create_database(
        settings: Any,
        db_name: Any,
        demo: Any,
        lang: Any,
        user_password: Any = "admin",
        login: Any = "admin",
        country_code: Any = None,
        phone: Any = None,
    ) -> bool:
        return db_manager.create(
            databases,
            settings,
            db_name,
            demo,
            lang,
            user_password,
            login,
            country_code,
            phone,
            host,
        )

    def duplicate_database(
        settings: Any, original: Any, db_name: Any, neutralize_database: Any = False
    ) -> bool:
        return db_manager.duplicate(databases, settings, original, db_name, host)

    def drop(settings: Any, db_name: Any) -> bool:
        return db_manager.drop(databases, settings, db_name, host)

    def dump(settings: Any, db_name: Any, backup_format: Any) -> str:
        with db_manager.dump(databases, settings, db_name, backup_format, host=host) as path:
            return base64.b64encode(path.read_bytes()).decode()

    def restore(settings: Any, db_name: Any, data: Any, copy: Any = False) -> bool:
        with tempfile.TemporaryDirectory() as folder:
            backup = Path(folder) / "backup"
            try:
                backup.write_bytes(base64.b64decode(data or "", validate=False))
            except (binascii.Error, TypeError, ValueError):
                raise db_manager.ManagerError("The backup is not base64.") from None
            return db_manager.restore(databases, settings, db_name, backup, bool(copy), host)

    def rename(settings: Any, old_name: Any, new_name: Any) -> bool:
        return db_manager.rename(databases, settings, old_name, new_name, host)

    def change_admin_password(settings: Any, new_password: Any) -> bool:
        return db_manager.change_master_password(settings, new_password)

    def migrate_databases(settings: Any, names: Any) -> bool:
        for name in names:  # opening a database brings it up to date
            databases.registry(databases.served(name, host))
        return True

    def list_countries(settings: Any) -> list[list[str]]:
        return list_country_names()

    return {
        "create_database": create_database,
        "duplicate_database": duplicate_database,
        "drop": drop,
        "dump": dump,
        "restore": restore,
        "rename": rename,
        "change_admin_password": change_admin_password,
        "migrate_databases": migrate_databases,
        "list_countries": list_countries,
    }


def database_names(databases: Databases, host: str | None = None) -> list[str]:
    """The names of the databases served to ``host``, sorted (``db.list``,
    ``/web/database/list``; Odoo's ``db.list`` ignores ``--db-filter``, jsontwo
    never lists a database it does not serve); none
    when the database server cannot be reached, as Odoo answers; AccessDenied when
    the server was started with ``--no-list-db`` (Odoo's ``list_db = False``)."""
    if not databases.list_db:
        raise AccessDenied()
    try:
        return sorted(databases.names(host))
    except StorageError:
        return []


def list_country_names() -> list[list[str]]:
    """``[code, name]`` of the countries a database knows, sorted by name (Odoo's
    ``db.list_countries``)."""
    data = importlib.resources.files("jsontwo.modules.base") / "data" / "countries.csv"
    with data.open(encoding="utf-8") as source:
        rows = [[row["code"], row["name"]] for row in csv.DictReader(source)]
    return sorted(rows, key=lambda row: row[1])


def list_languages() -> list[list[str]]:
    """``[code, name]`` of the languages jsontwo ships, sorted by name (Odoo's
    ``scan_languages``, limited to the languages a database can install here)."""
    return [list(row) for row in _shipped_languages()]


@functools.cache
def _shipped_languages() -> tuple[tuple[str, str], ...]:
    # the package's file never changes while the process runs: read it once
    data = importlib.resources.files("jsontwo.modules.base") / "data" / "languages.csv"
    with data.open(encoding="utf-8") as source:
        rows = [(row["code"], row["name"]) for row in csv.DictReader(source)]
    return tuple(sorted(rows, key=lambda row: row[1]))


# --- object -----------------------------------------------------------------


def _dispatch_object(databases: Databases, call: LegacyCall, serialize: Callable[[Any], T]) -> T:
    db, uid, password, model, method, *args = call.params
    uid = int(uid)
    if not password:
        raise AccessDenied()
    kwargs: Any
    if call.method == "execute":
        kwargs = {}
    elif call.method == "execute_kw":
        if len(args) == 1:
            args.append({})
        args, kwargs = args
        if kwargs is None:
            kwargs = {}
    else:
        raise NameError(f"Method not available {call.method}")
    registry = _registry(databases, db, call.host)
    call.database = registry.database.name
    call.target = f"{model}.{method}"

    def authenticate(env: Environment) -> int:
        check_uid_password(env, uid, password)
        return uid

    return execute_kw(
        registry,
        model,
        method,
        args,
        kwargs,
        authenticate=authenticate,
        remote_addr=call.remote_addr,
        serialize=serialize,
        # the caller's credential: a uid and password (or key) that wrote read the
        # primary for a while, when the database has read replicas
        affinity=f"legacy\0{uid}\0{password}",
    )


def execute_kw(
    registry: Registry,
    model: Any,
    method: Any,
    args: Any,
    kwargs: Any,
    *,
    authenticate: Authenticate,
    remote_addr: str | None = None,
    serialize: Callable[[Any], T] = identity,
    affinity: str | None = None,
) -> T:
    """``model.method(*args, **kwargs)`` as the user ``authenticate`` proves the
    caller is, bound as Odoo's ``call_kw`` binds it (the ids first for a record
    method, ``kwargs["context"]`` as the context), and ``serialize(result)``, all
    in one transaction (:func:`jsontwo.service.pipeline.run_call`: read-only
    methods defer SQLite's write lock, retried on serialization failures,
    rolled back on any error).

    ``authenticate(env)`` runs first in that transaction, with a superuser
    environment: it is the caller's proof of who they are (a password, a
    session), and raises to refuse. Only public methods may be called (see
    :func:`_resolve`); a refusal is reported after ``authenticate``, so an
    unauthenticated caller learns nothing about the models. ``affinity``: the
    caller's credential, for the read replicas (see ``run_call``).
    """
    return run_call(
        registry,
        lambda current: _prepare(current, model, method, args, kwargs),
        authenticate,
        serialize,
        remote_addr,
        affinity,
    )


def _resolve(registry: Registry, model: Any, method: Any) -> Resolved:
    """The public method ``model.method``, or the error Odoo's ``execute`` gives:
    UserError "Object x doesn't exist", AccessError for a private method,
    AttributeError "The method 'x.y' does not exist"."""
    if not isinstance(model, str) or model not in registry.models:
        raise UserError(f"Object {model} doesn't exist")
    if not isinstance(method, str):
        raise AttributeError(f"The method '{model}.{method}' does not exist")
    return resolve_method(registry, model, method)


def _prepare(registry: Registry, model: Any, method: Any, args: Any, kwargs: Any) -> Prepared:
    """The method ``model.method`` bound as Odoo's ``call_kw`` binds positional
    arguments: for a method that is not ``@api.model`` the first one is the ids;
    ``kwargs["context"]`` is the context."""
    resolved = _resolve(registry, model, method)
    args = list(args)
    ids: list[int] = []
    if not resolved.is_model:  # the first positional argument is the ids
        given_ids, args = args[0], args[1:]
        ids = _ids(given_ids)
    kwargs = dict(kwargs)  # never the caller's dict: the context is taken out
    context = kwargs.pop("context", None) or {}
    if not isinstance(context, dict):
        context = dict(context)
    function = resolved.function

    def invoke(records: BaseModel) -> Any:
        result = function(records, *args, **kwargs)
        if method == "create" and isinstance(result, BaseModel):
            # one id for one dict, as Odoo's ``create`` answers over RPC
            given = args[0] if args else kwargs.get("vals_list")
            return result.id if isinstance(given, Mapping) else result.ids
        return result

    return Prepared(model, resolved, ids, context, invoke)


def _ids(value: Any) -> list[int]:
    """Record ids as Odoo's ``browse`` takes them (``record_ids``); ValueError
    for a value of another shape."""
    try:
        return record_ids(value)
    except TypeError:
        raise ValueError(f"Invalid record ids {value!r}: expected an id or a list of ids") from None


def _registry(databases: Databases, db: Any, host: str | None) -> Registry:
    """The registry of the database a legacy call names, if this server serves it."""
    if not isinstance(db, str):
        raise TypeError(f"The database name must be a string, not {db!r}")
    return databases.registry(databases.served(db, host))
