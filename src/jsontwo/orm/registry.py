"""The registry: the assembled models of one database, and what this process
keeps for it between transactions.

A registry is built once per database and process, from the database's modules:
:mod:`jsontwo.orm.assembly` builds the model classes, :mod:`jsontwo.orm.schema`
brings the tables up to them (:meth:`Registry.sync_schema`) and
:mod:`jsontwo.orm.recompute` keeps their stored computed fields up to date
(``registry.recomputer``). The registry itself holds the models and the
caches, each named after what it holds (:class:`RegistryCaches`).
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from cachetools import TTLCache

from jsontwo import __version__
from jsontwo.db import Cursor, Database
from jsontwo.orm import schema, translate
from jsontwo.orm.assembly import (
    assemble_models,
    field_group_specs,
    source_digest,
    sturdy_fields,
)
from jsontwo.orm.domains import Compiled
from jsontwo.orm.environment import SUPERUSER_ID, Environment
from jsontwo.orm.manual import ManualSchema
from jsontwo.orm.models import BaseModel
from jsontwo.orm.recompute import Recomputer

#: {code: (name, first day of the week, 1 = Monday .. 7 = Sunday)}
Languages = dict[str, tuple[str, int]]


#: client addresses whose failed sign-ins a process counts (the oldest are forgotten)
LOGIN_FAILURES_KEPT = 10_000
#: seconds after its last failure an address's count is forgotten (far beyond
#: any sensible ``base.login_cooldown_duration``; Odoo's default is 60)
LOGIN_FAILURES_TTL = 24 * 3600.0
#: API keys whose last write a process remembers, and for how long (seconds)
KEY_USES_KEPT = 10_000
KEY_USES_TTL = 60.0


@dataclass(slots=True)
class RegistryCaches:
    """What this process keeps for one database between transactions.

    Each worker process has its own (nothing here is shared between workers),
    so every entry is either derived from the code (the same in every worker)
    or checked against the database before it is trusted. The values typed
    ``Any`` are instances of classes of the layers above the ORM, which it
    cannot name; their owners type them where they read them.
    """

    #: the access rights as last loaded (``ir_access.AccessSnapshot`` of the base
    #: module); its owner reuses it while its version matches the database's
    access_rights: Any = None
    #: passwords the legacy endpoints verified: (uid, SHA-256 of the password) ->
    #: the stored hash they matched (trusted while the stored hash is unchanged)
    verified_passwords: dict[tuple[int, bytes], str] = field(default_factory=dict)
    #: the clock of ``login_failures`` and ``key_uses`` (seconds); tests put one
    #: they move by hand
    clock: Callable[[], float] = time.monotonic
    #: failed sign-ins per client address: (how many in a row, ``clock()`` of the
    #: last); per process, as Odoo's. Bounded: the LOGIN_FAILURES_KEPT most recent
    #: addresses, each forgotten LOGIN_FAILURES_TTL seconds after its last failure
    login_failures: TTLCache[str, tuple[int, float]] = field(init=False)
    #: the API keys whose last use this process wrote within the last minute
    key_uses: TTLCache[int, bool] = field(init=False)

    def __post_init__(self) -> None:
        # the caches read ``self.clock`` at each look-up, so that a test's clock counts
        self.login_failures = TTLCache(
            LOGIN_FAILURES_KEPT, LOGIN_FAILURES_TTL, timer=lambda: self.clock()
        )
        self.key_uses = TTLCache(KEY_USES_KEPT, KEY_USES_TTL, timer=lambda: self.clock())

    #: the methods remote calls resolved: (model, method) -> the service's
    #: ``Resolved`` (function, signature, flags)
    public_methods: dict[tuple[str, str], Any] = field(default_factory=dict)
    #: the API documentation's method names per model, sorted
    api_doc_methods: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: the API documentation's method descriptions per model: {method: signature}
    api_doc_method_docs: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    #: the API documentation's {field: the module introducing it} per model
    api_doc_field_modules: dict[str, dict[str, str | None]] = field(default_factory=dict)
    #: the OpenAPI documents served lately: (access version, groups, language...)
    #: -> the JSON body (a few only: the service layer bounds it)
    openapi_documents: dict[Any, bytes] = field(default_factory=dict)
    #: the active languages, read when first needed (see Registry.active_languages)
    languages: Languages | None = None
    #: per model, the many2one fields of every model that forbid deleting its
    #: records (``ondelete="restrict"``): {model: [(model class, field name)]}
    restricting_fields: dict[str, list[Any]] = field(default_factory=dict)


class Registry:
    """The models of one database, bound to its connection pool.

    ``modules`` are business module names or dotted Python module paths (see
    :func:`jsontwo.orm.assembly.module_path`), in dependency order.
    """

    def __init__(
        self,
        database: Database,
        modules: Sequence[str] = ("base",),
        manual: ManualSchema | None = None,
        version: str | None = None,
    ) -> None:
        self.database = database
        self.modules = tuple(modules)
        #: the models and fields made at run time this registry was built with
        self.manual = manual or ManualSchema()
        #: the database's registry version stamp when this registry was built
        #: (``base.registry_version``): a call that reads another rebuilds it
        self.version = version
        self.models = assemble_models(self.modules, self.manual)
        #: the stored computed fields' dependencies, and what recomputes them
        self.recomputer = Recomputer(self.models)
        #: the fields whose values are not a column of their table (computed,
        #: related, x2many): the record cache forgets them with any model's values
        self.derived_fields = frozenset(
            (name, fname)
            for name, model in self.models.items()
            for fname, fld in model._fields.items()
            if not fld.column_in_table
        )
        #: the derived fields recomputed columns change on one model only (see
        #: :class:`~jsontwo.orm.cache.RecordCache`)
        self.sturdy_fields = sturdy_fields(self.models)
        #: the distinct ``groups`` of the fields (what field access depends on)
        self.field_group_specs = field_group_specs(self.models)
        #: (model, active_test, superuser mode, domain as JSON) -> compiled WHERE
        #: clause and parameters
        self.domain_cache: dict[tuple[str, bool, bool, bytes], Compiled] = {}
        #: the translated fields (their cached texts are in the cache's language)
        self.translated_fields = frozenset(
            (name, fname)
            for name, model in self.models.items()
            for fname, fld in model._fields.items()
            if translate.is_translated(fld)
        )
        #: (model, order, context timezone of its date parts, current company of its
        #: company-dependent values, superuser mode or the field groups the caller
        #: passes, language) -> ORDER BY
        self.order_cache: dict[
            tuple[str, str | None, str | None, int | None, bool | tuple[bool, ...], str], str
        ] = {}
        #: what the layers above keep for this database between transactions
        self.caches = RegistryCaches()
        #: gives the registry that replaces this one once the database's models
        #: changed (set by whoever caches registries; None: nothing replaces it)
        self.reload: Callable[[], Registry] | None = None

    def __getitem__(self, name: str) -> type[BaseModel]:
        return self.models[name]

    def __contains__(self, name: str) -> bool:
        return name in self.models

    def environment(self, cr: Any, uid: int, context: dict[str, Any] | None = None) -> Environment:
        """A new environment on a transaction of this database."""
        return Environment.new(self, cr, uid, context)

    @functools.cached_property
    def fingerprint(self) -> str:
        """A digest of what this registry needs of its database: jsontwo's version,
        its modules' files and the schema of its models. A database stamped with it
        (see :mod:`jsontwo.service.databases`) needs no schema sync and no upgrade."""
        parts = (__version__, source_digest(self.modules), schema.fingerprint(self.models))
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()

    def sync_schema(self) -> list[str]:
        """Create missing tables and add missing columns; return what was done."""
        return schema.sync_schema(self.database, self.models, self._superuser_environment)

    def _superuser_environment(self, cr: Cursor) -> Environment:
        return self.environment(cr, SUPERUSER_ID)

    # --- languages -------------------------------------------------------
    def active_languages(self, env: Environment, refresh: bool = False) -> Languages:
        """The active res.lang records, ``{code: (name, week start 1-7)}``, read once
        and kept until res.lang is written here or ``refresh`` asks to read them
        again (the context's ``lang`` is checked on every call, and a language
        missing from the kept list is looked up again before it is refused: another
        worker may have activated it). A transaction that wrote res.lang reads them
        without keeping them: it may be rolled back."""
        languages = None if refresh else self.caches.languages
        if languages is None:
            languages = _read_active_languages(env)
            if not env.transaction.languages_written:
                self.caches.languages = languages
        return languages

    def languages_changed(self, env: Environment) -> None:
        """Forget the active languages (res.lang was written in ``env``'s transaction)."""
        env.transaction.languages_written = True
        self.caches.languages = None


def _read_active_languages(env: Environment) -> Languages:
    """The active languages as ``env``'s transaction sees them, ordered by name."""
    # an empty context: checking the caller's (its lang) is what may have brought us here
    langs = env["res.lang"].sudo().with_context({})
    rows = langs.search_read([("active", "=", True)], ["code", "name", "week_start"], order="name")
    return {row["code"]: (row["name"], int(row["week_start"] or 7)) for row in rows}
