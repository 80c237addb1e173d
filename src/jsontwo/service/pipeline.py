"""One authenticated method call, whatever the transport carried it.

JSON-2 (a bearer API key, named arguments), the legacy ``object`` service (a
user id and password, positional arguments) and the web client's ``call_kw``
(a session cookie, positional arguments) differ in two things only, which
they hand to :func:`run_call`:

* how the caller proves who they are: an :data:`Authenticate` function, run
  first inside the call's transaction, that answers the user id or raises;
* how their arguments meet the method: a ``prepare`` function that resolves
  the public method and binds the arguments into a :class:`Prepared` call.

The rest is written here once: authenticate -> resolve -> bind -> run in the
transaction -> serialise. The method is resolved and the arguments bound
before the transaction begins (it stays short, and the method decides whether
it defers SQLite's write lock), but what that finds wrong is raised only once
the caller is authenticated: a caller without valid credentials learns
nothing of models, methods or arguments. Authentication, the call and the
serialisation share one transaction (docs/internals/protocol.md,
"Transactions"): a credential revoked while the call runs cannot slip between
the check and the work, a retry after a serialization failure checks again,
and an answer the transport cannot write rolls the call back.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from jsontwo.db import Cursor, Database, IntegrityFailure, run_in_transaction
from jsontwo.db.replicas import ReplicaBehind
from jsontwo.exceptions import ValidationError
from jsontwo.modules.base.models.apikeys import KEY_ID_MEMO
from jsontwo.modules.base.registry_version import registry_is_current
from jsontwo.orm import SUPERUSER_ID, Environment, Registry
from jsontwo.orm.integrity import integrity_message
from jsontwo.orm.models import BaseModel
from jsontwo.service.public_methods import Resolved

T = TypeVar("T")

#: the caller's proof of who they are: given a superuser environment of the
#: call's transaction, the id of the user the call runs as; raises to refuse
Authenticate = Callable[[Environment], int]
#: calls the method on the call's records with the transport's arguments
Invoke = Callable[[BaseModel], Any]


@dataclass(frozen=True, slots=True)
class Caller:
    """Who a call ran as: the user, and the id of the API key that proved it (None
    for a password or a session)."""

    uid: int
    key_id: int | None


#: the caller the last authentication of the current request accepted (the
#: transport's request log names it); the transport resets it for each request
CALLER: ContextVar[Caller | None] = ContextVar("jsontwo_caller", default=None)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A call as its transport bound it: the method, the records it runs on, the
    context, and how to pass the rest of the arguments."""

    model: str
    resolved: Resolved
    ids: list[int]
    context: dict[str, Any]
    invoke: Invoke


def authenticated(
    registry: Registry, cr: Cursor, authenticate: Authenticate, remote_addr: str | None
) -> tuple[Environment, int]:
    """The superuser environment of the transaction ``cr`` and the id of the user
    ``authenticate`` proves the caller is (``remote_addr`` goes on the
    transaction: password checks count their failures by it toward the login
    guard, and the logs name it)."""
    env = registry.environment(cr, SUPERUSER_ID)
    env.transaction.remote_addr = remote_addr
    try:
        uid = authenticate(env)
    except Exception as exc:
        if cr.read_only:
            # a replica may not have the key or password yet (made an instant
            # ago), and a failure counts toward the login guard: the primary,
            # which has the last word, answers
            raise ReplicaBehind() from exc
        raise
    CALLER.set(Caller(uid, env.transaction.memo.get(KEY_ID_MEMO)))
    return env, uid


class RegistryChanged(Exception):
    """The database's models changed since the worker's registry was built: the
    call is rolled back, and run again on a rebuilt registry."""


#: how many times a call is run again on a rebuilt registry before it runs on
#: the one it has (models changing faster than that are a storm, not a use)
MAX_RELOADS = 3


def run_call(
    registry: Registry,
    prepare: Callable[[Registry], Prepared],
    authenticate: Authenticate,
    serialise: Callable[[Any], T],
    remote_addr: str | None = None,
    affinity: str | None = None,
) -> T:
    """Run one remote method call (see :func:`_run_call`), on the registry of
    the database's current models: the stamp the credentials' statement reads
    along tells a registry built before a change of the models (another
    worker's, or this one's last call's); the call is then rolled back, the
    registry rebuilt, and the call run again from the start on the new one.

    ``affinity``: the caller's credential as the transport received it (an
    Authorization header...), when the database has read replicas: a read of
    REPLICA_METHODS runs on one unless that caller wrote recently (see
    :func:`run_read`); None runs everything on the primary."""
    for attempt in range(MAX_RELOADS + 1):
        check = registry.reload is not None and attempt < MAX_RELOADS
        try:
            return _run_call(
                registry, prepare, authenticate, serialise, remote_addr, check, affinity
            )
        except RegistryChanged:
            assert registry.reload is not None
            registry = registry.reload()
    raise AssertionError("unreachable")  # pragma: no cover


def _run_call(
    registry: Registry,
    prepare: Callable[[Registry], Prepared],
    authenticate: Authenticate,
    serialise: Callable[[Any], T],
    remote_addr: str | None,
    check_registry: bool,
    affinity: str | None = None,
) -> T:
    """Run one remote method call in one transaction of ``registry``'s database
    and answer ``serialise(result)`` (a recordset result as its ids).

    The order of what a caller learns: ``authenticate``'s refusal, then
    ``prepare``'s (an unknown model or method, arguments that do not fit),
    then the context's (an unknown language, companies not allowed), then
    whatever the method raises. The transaction is retried on serialization
    failures and rolled back on any error; a unique, not-null or foreign-key
    violation becomes Odoo's ValidationError "The operation cannot be
    completed: ...".
    """
    prepared: Prepared | None = None
    refused: Exception | None = None
    try:
        prepared = prepare(registry)
    except Exception as exc:  # reported once the caller is known
        refused = exc

    def work(cr: Cursor) -> T:
        env, uid = authenticated(registry, cr, authenticate, remote_addr)
        if check_registry and not registry_is_current(env):
            # a replica that has not replayed the models' change yet: the primary answers
            raise ReplicaBehind() if cr.read_only else RegistryChanged()
        if refused is not None:
            raise refused
        assert prepared is not None
        user_env = env(uid=uid, context=prepared.context, su=False)
        if prepared.context:
            user_env.check_context()
        result = prepared.invoke(registry.models[prepared.model](user_env, prepared.ids))
        return serialise(result.ids if isinstance(result, BaseModel) else result)

    # a method marked read-only need not queue behind SQLite's writers; a call
    # refused before it runs reads no more than its credentials
    defer_write_lock = prepared.resolved.readonly if prepared else True
    try:
        if prepared is not None and refused is None and prepared.resolved.replica:
            return run_read(registry, work, affinity)
        try:
            return run_in_transaction(registry.database, work, defer_write_lock=defer_write_lock)
        finally:
            _note_write(registry, affinity)
    except IntegrityFailure as exc:
        raise ValidationError(integrity_message(registry, exc)) from None


def run_read(registry: Registry, work: Callable[[Cursor], T], affinity: str | None) -> T:
    """``work`` in a transaction that only reads: on a read replica of
    ``registry``'s database when it has fresh ones and the caller ``affinity``
    did not write within the read-your-writes window, else on the primary
    (:class:`jsontwo.db.replicas.ReplicaSet`). A read the replica cannot
    answer (it died, it lacks the caller's key or the models' last change) runs
    again on the primary."""

    def run(database: Database) -> T:
        return run_in_transaction(database, work, defer_write_lock=True)

    replicas = registry.database.replicas
    if replicas is None:
        return run(registry.database)
    result: T = replicas.run(run, _affinity_key(registry, affinity))
    return result


def _note_write(registry: Registry, affinity: str | None) -> None:
    """After a call that may write: the caller's reads go to the primary for a
    while (when the database has replicas and the caller was authenticated)."""
    replicas = registry.database.replicas
    if replicas is not None and affinity is not None and CALLER.get() is not None:
        replicas.wrote(_affinity_key(registry, affinity))


def _affinity_key(registry: Registry, affinity: str | None) -> str | None:
    """The caller in one database: a key that wrote in ``a`` reads ``b`` anywhere."""
    return None if affinity is None else f"{registry.database.name}\0{affinity}"


__all__ = [
    "CALLER",
    "Authenticate",
    "Caller",
    "Invoke",
    "Prepared",
    "RegistryChanged",
    "authenticated",
    "run_call",
    "run_read",
]
