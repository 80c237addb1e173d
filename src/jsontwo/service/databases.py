"""Creating, dropping and opening databases, and the per-process registry cache."""

from __future__ import annotations

import functools
import logging
import re
import shutil
import threading
import time
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from jsontwo.db import (
    Cursor,
    Database,
    DatabaseFault,
    IntegrityFailure,
    Storage,
    StorageError,
    run_in_transaction,
)
from jsontwo.db.waits import waited_in_place
from jsontwo.exceptions import NotFound
from jsontwo.modules.base.models.ir_model_custom import read_manual, read_registry_version
from jsontwo.modules.installer import database_modules, upgrade_on_open
from jsontwo.orm import SUPERUSER_ID, Environment, Registry
from jsontwo.orm.manual import ManualSchema
from jsontwo.service.master_password import ManagerSettings

_logger = logging.getLogger(__name__)
T = TypeVar("T")
#: the ``ir.config_parameter`` holding the fingerprint of the registry that last
#: brought the database up to date (see ``_bring_up_to_date``)
SCHEMA_KEY = "base.schema_fingerprint"
#: seconds a database listing is trusted before asking the storage again
LIST_TTL = 2.0


def _bring_up_to_date(registry: Registry) -> None:
    """Sync the schema of ``registry``'s database, run its modules' upgrades and
    refresh the planner's statistics, unless the database is stamped with this
    registry's fingerprint (it was made or last brought up to date by these same
    modules and code): a copy of a template database then opens in milliseconds
    rather than in a few tenths of a second."""
    with registry.database.unlimited():  # upgrades are no caller's call: no time limit
        if _stamped(registry):
            return
        with registry.database.schema_lock():
            registry.sync_schema()
            try:
                with_superuser(registry, upgrade_on_open)
            except IntegrityFailure:  # an older jsontwo upgraded it at the same time
                with_superuser(registry, upgrade_on_open)
        registry.database.analyze()
        stamp_fingerprint(registry)


def _stamped(registry: Registry) -> bool:
    """Whether ``registry``'s database carries its fingerprint (see :func:`stamp_fingerprint`)."""

    def read(env: Environment) -> bool:
        rows = env.cr.execute(
            'SELECT value FROM "ir_config_parameter" WHERE key = %s', [SCHEMA_KEY]
        )
        return bool(rows) and rows[0][0] == registry.fingerprint

    try:
        return with_superuser(registry, read, defer_write_lock=True)
    except DatabaseFault:  # not even the parameters' table: far from up to date
        return False


def stamp_fingerprint(registry: Registry) -> None:
    """Record in the database that it is up to date with ``registry``."""
    with_superuser(
        registry,
        lambda env: env["ir.config_parameter"].sudo().set_param(SCHEMA_KEY, registry.fingerprint),
    )


def _read_models_state(database: Database) -> tuple[str | None, ManualSchema]:
    """The registry version stamp and the models and fields made at run time of
    ``database`` (none for a database whose tables are not made yet)."""

    def read(cr: Cursor) -> tuple[str | None, ManualSchema]:
        if not cr.has_table("ir_model_fields"):
            return None, ManualSchema()
        return read_registry_version(cr), read_manual(cr)

    return run_in_transaction(database, read, defer_write_lock=True)


def drop_quietly(storage: Storage, name: str) -> None:
    """Drop ``name``, half-created: a failure is logged, not raised."""
    try:
        storage.drop(name)
    except StorageError:
        _logger.warning("could not remove the half-created database %s", name)


def drop_database(storage: Storage, name: str) -> None:
    """Remove database ``name``, and its attachments' file store (PostgreSQL)."""
    storage.drop(name)
    store = storage.filestore_dir(name)
    if store is not None:
        shutil.rmtree(store, ignore_errors=True)


def with_superuser(
    registry: Registry, work: Callable[[Environment], T], defer_write_lock: bool = False
) -> T:
    """Run ``work(env)`` as the superuser in one transaction of ``registry``'s database
    (``defer_write_lock``, for work that only reads: see ``Database.transaction``)."""

    def run(cr: Cursor) -> T:
        return work(registry.environment(cr, SUPERUSER_ID))

    return run_in_transaction(registry.database, run, defer_write_lock=defer_write_lock)


@dataclass(frozen=True, slots=True)
class DbFilter:
    """Which databases a server serves, as Odoo's ``--db-filter`` and
    ``--database`` decide it.

    ``pattern`` is a regular expression matched at the start of each name, in
    which ``%h`` stands for the request's host (the ``Host`` header without its
    port and a leading ``www.``) and ``%d`` for that host's first label, so one
    server can give each domain its own database (``^%d$``). Without a
    pattern, ``names`` (when given) lists the databases served. Without
    either, every database is. A database left out is treated as absent
    everywhere: it is not listed and a request naming it gets the answer for a
    database that does not exist.

    The host comes from the client, so ``%h``/``%d`` route requests; they do
    not hide databases from a client who sends another ``Host``. Unlike Odoo,
    a pattern that uses them keeps nothing for a request without a host
    (Odoo's ``^%d`` would then keep every database).
    """

    pattern: str | None = None
    names: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.pattern is not None:
            try:  # with a host put in, as a request will
                re.compile(_with_host(self.pattern, "www.example.com"))
            except re.error as exc:
                raise ValueError(f"Invalid database filter {self.pattern!r}: {exc}") from None

    @property
    def active(self) -> bool:
        """Whether some databases may be left out."""
        return self.pattern is not None or bool(self.names)

    @property
    def uses_host(self) -> bool:
        """Whether the pattern reads the request's host (``%h``, ``%d``)."""
        return self.pattern is not None and ("%h" in self.pattern or "%d" in self.pattern)

    def keep(self, names: Iterable[str], host: str | None = None) -> list[str]:
        """The ``names`` this filter serves for a request to ``host``."""
        if self.pattern is not None:
            if self.uses_host and not _domain(host):
                return []
            try:
                regex = re.compile(_with_host(self.pattern, host))
            except re.error:  # this host makes the pattern invalid: nothing is served
                return []
            return [name for name in names if regex.match(name)]
        if self.names:
            return [name for name in names if name in self.names]
        return list(names)


def _domain(host: str | None) -> str:
    """A ``Host`` header without its port and a leading ``www.``, as Odoo reads it."""
    return (host or "").partition(":")[0].removeprefix("www.")


def _with_host(pattern: str, host: str | None) -> str:
    """``pattern`` with ``%h`` and ``%d`` replaced by the (escaped) host and its
    first label."""
    domain = _domain(host)
    first = domain.partition(".")[0]
    return pattern.replace("%h", re.escape(domain)).replace("%d", re.escape(first))


class Databases:
    """The databases this process serves, with one registry each, loaded on first use."""

    def __init__(
        self,
        storage: Storage,
        list_db: bool = True,
        db_filter: DbFilter | None = None,
        manager: ManagerSettings | None = None,
    ) -> None:
        self.storage = storage
        #: whether the names may be told to anyone (Odoo's ``list_db``)
        self.list_db = list_db
        #: which databases are served (Odoo's ``--db-filter`` / ``--database``)
        self.db_filter = db_filter or DbFilter()
        #: the database manager's settings (None: no manager, every call refused)
        self.manager = manager
        self._registries: dict[str, Registry] = {}
        #: what each loaded database was (Storage.identity) when it was loaded
        self._identities: dict[str, Hashable | None] = {}
        self._change_seen = manager.change_mark() if manager else None
        self._lock = threading.Lock()
        self._listed: list[str] = []
        self._listed_at = 0.0

    def names(self, host: str | None = None) -> list[str]:
        """The names of the databases served to a request for ``host`` (the
        storage's list is cached for a moment: monodb needs it on each request)."""
        now = time.monotonic()
        if now - self._listed_at > LIST_TTL:
            self._listed = self.storage.list()
            self._listed_at = now
        return self.db_filter.keep(self._listed, host)

    def serves(self, name: str, host: str | None = None) -> bool:
        """Whether the filter lets a request for ``host`` use database ``name``
        (whether it exists is :meth:`registry`'s question)."""
        return bool(self.db_filter.keep([name], host))

    def served(self, name: str, host: str | None = None) -> str:
        """``name``, if the filter lets a request for ``host`` use it; else the
        NotFound of a database that does not exist (which it may well be)."""
        if not self.serves(name, host):
            raise NotFound(f"Database {name!r} does not exist.")
        return name

    def select(self, requested: str | None, host: str | None = None) -> str:
        """The database a request addresses: the header's, else the only one."""
        if requested:
            return self.served(requested, host)
        names = self.names(host)
        if len(names) == 1:
            return names[0]
        if not names and self.db_filter.active:
            raise NotFound(f"No database is served for host {_domain(host)!r}.")
        if not names:
            raise NotFound("No database exists yet: create one with 'jsontwo db create NAME'.")
        hint = f" (one of: {', '.join(names)})" if self.list_db else ""
        raise NotFound(
            "No database is selected and several exist: name one with the X-Odoo-Database "
            f"header{hint}."
        )

    def registry(self, name: str) -> Registry:
        """The registry of ``name``, loading it (and updating its schema) on first use."""
        registry = self._registries.get(name)
        if registry is not None and not self._changed():
            return registry
        with self._lock:
            registry = self._registries.get(name)
            if registry is None:
                if not self.storage.exists(name):
                    raise NotFound(f"Database {name!r} does not exist.")
                self._forget_dropped()
                registry = self._load(name, self.storage.open(name))
        return registry

    def preload(self, names: Iterable[str] = ()) -> list[str]:
        """Load the registries of the databases ``names`` that are served and
        exist, or, when none is named, of the only database served (monodb), then
        close their connections: for a process about to fork the workers that
        use them. A database that cannot be loaded is left to its first call,
        which says why. Answers the names loaded.

        Only databases named or alone: loading one brings it up to date with
        this code (:func:`_bring_up_to_date`), which a server leaves to the first
        call to each of the others."""
        try:
            present = self.storage.list()
            chosen = [n for n in dict.fromkeys(names) if n in present and self.serves(n)]
            if not chosen:
                served = self.db_filter.keep(present)
                chosen = served if len(served) == 1 else []
        except StorageError as exc:  # the server unreachable: the calls will say it
            _logger.warning("No database loaded before the workers start: %s", exc)
            return []
        loaded = []
        for name in chosen:
            try:
                self.registry(name).database.dispose()
            except Exception as exc:  # the first call to it answers the error
                _logger.warning("Database %s not loaded before the workers start: %s", name, exc)
                continue
            loaded.append(name)
        return loaded

    def current_registry(self, name: str) -> Registry:
        """The registry of ``name``, rebuilt first when the database's models
        changed since it was built (one statement more: for the pages that
        describe the models, ``/doc`` and OpenAPI, not for the calls, which read
        the stamp along their credentials)."""
        registry = self.registry(name)
        version = with_superuser(
            registry, lambda env: read_registry_version(env.cr), defer_write_lock=True
        )
        return registry if version == registry.version else self.reload(name, registry)

    def reload(self, name: str, stale: Registry) -> Registry:
        """The registry of ``name`` rebuilt: its models changed (a model or field
        made at run time, a module installed) since ``stale`` was built. Another
        thread may have rebuilt it already: then that one."""
        with self._lock:
            current = self._registries.get(name)
            if current is None or current is stale:
                current = self._load(name, stale.database)
        return current

    @waited_in_place()
    def _load(self, name: str, database: Database) -> Registry:
        """Build, upgrade and keep the registry of ``database``: its modules' models
        plus those made at run time, as its rows say (read with the version stamp,
        in one transaction: a change committed later has a later stamp). Its
        conflicts are waited for in place: loading is no part of the call that
        asked for it, which a try run again would not repeat."""
        try:
            with database.unlimited():  # opening is no caller's call: no time limit
                version, manual = _read_models_state(database)
                # after the stamp: a module installed in between only costs a rebuild more
                modules = database_modules(database, name)  # ModulesMissing names the lost
            registry = Registry(database, modules, manual, version)
        except BaseException:
            database.dispose()
            raise
        _bring_up_to_date(registry)
        registry.reload = functools.partial(self.reload, name, registry)
        self._identities[name] = self.storage.identity(name)
        self._registries[name] = registry
        return registry

    def _forget_dropped(self) -> None:
        """Close and forget the registries of the databases dropped since they were
        loaded. A test suite that copies and drops a database per test (the pytest
        plugin) would otherwise leave the server a registry per test, a few MB each."""
        if not self._registries:
            return
        present = set(self.storage.list())
        for name in [name for name in self._registries if name not in present]:
            self._forget(name)

    def _changed(self) -> bool:
        """Whether the database manager announced a change since this process last
        looked (one ``stat``); if so, the registries of the databases that were
        dropped, renamed or replaced since they were loaded are closed and
        forgotten, so that no worker goes on using a database that is gone, and
        the others' connections are renewed (the manager ends the sessions on a
        PostgreSQL database it copies)."""
        if self.manager is None:
            return False
        mark = self.manager.change_mark()
        if mark == self._change_seen:
            return False
        with self._lock:
            self._change_seen = mark
            for name in list(self._registries):
                if self.storage.identity(name) != self._identities.get(name):
                    self._forget(name)
                else:  # a copy or a rename may have ended its PostgreSQL sessions
                    self._registries[name].database.dispose()
        return True

    def forget(self, name: str) -> None:
        """Close this process's connections to database ``name`` and forget its
        registry (before it is dropped, renamed or copied)."""
        with self._lock:
            self._forget(name)

    def _forget(self, name: str) -> None:
        registry = self._registries.pop(name, None)
        self._identities.pop(name, None)
        if registry is not None:
            registry.database.dispose()

    def close(self) -> None:
        """Close every connection pool."""
        for registry in self._registries.values():
            registry.database.dispose()
        self._registries.clear()
        self._identities.clear()
