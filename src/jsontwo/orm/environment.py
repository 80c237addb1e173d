"""The environment: who is calling, in which transaction, with which context.

``env['res.partner']`` gives an empty recordset of a model; ``env.user`` the
calling user; ``env.context`` the call's context. Environments derived with
``with_context``/``sudo`` share the transaction and its record cache.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from jsontwo.db import Cursor
from jsontwo.exceptions import AccessError, UserError
from jsontwo.orm.cache import RecordCache

if TYPE_CHECKING:
    from jsontwo.orm.types import BaseModel, Registry

#: the superuser (Odoo's ``__system__``): bypasses access checks
SUPERUSER_ID = 1


class Transaction:
    """State shared by every environment of one database transaction."""

    __slots__ = (
        "cache",
        "cr",
        "languages_written",
        "memo",
        "now",
        "registry",
        "remote_addr",
    )

    def __init__(self, registry: Registry, cr: Cursor) -> None:
        self.registry = registry
        self.cr = cr
        #: the records' field values, and the fields being computed
        self.cache = RecordCache(
            registry.derived_fields, registry.translated_fields, registry.sturdy_fields
        )
        self.now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
        #: whether res.lang was written (the registry's copy of it may be wrong then)
        self.languages_written = False
        #: the network address of the client the transaction serves, when there is
        #: one (for the login guard and the logs)
        self.remote_addr: str | None = None
        #: what the transaction worked out once and may reuse (the access rights
        #: snapshot, evaluated record rules...), keyed by whoever keeps it there
        self.memo: dict[Any, Any] = {}


class Environment:
    """A user, a context and a transaction: the entry point to the models."""

    __slots__ = ("context", "su", "transaction", "uid")

    def __init__(
        self,
        transaction: Transaction,
        uid: int,
        context: dict[str, Any] | None = None,
        su: bool = False,
    ) -> None:
        self.transaction = transaction
        self.uid = uid
        self.context: dict[str, Any] = dict(context or {})
        self.su = su or uid == SUPERUSER_ID

    @classmethod
    def new(
        cls, registry: Registry, cr: Cursor, uid: int, context: dict[str, Any] | None = None
    ) -> Environment:
        """A fresh environment on a new transaction."""
        return cls(Transaction(registry, cr), uid, context)

    @property
    def registry(self) -> Registry:
        """The models of this database."""
        return self.transaction.registry

    @property
    def cr(self) -> Cursor:
        """The cursor of the current transaction."""
        return self.transaction.cr

    @property
    def now(self) -> dt.datetime:
        """The transaction's timestamp (naive UTC, whole seconds)."""
        return self.transaction.now

    def __getitem__(self, model_name: str) -> BaseModel:
        """An empty recordset of ``model_name``; KeyError when there is no such model."""
        return self.registry.models[model_name](self, ())

    def __contains__(self, model_name: str) -> bool:
        return model_name in self.registry.models

    def __call__(
        self,
        uid: int | None = None,
        context: dict[str, Any] | None = None,
        su: bool | None = None,
    ) -> Environment:
        """A derived environment sharing this one's transaction and cache."""
        return Environment(
            self.transaction,
            self.uid if uid is None else uid,
            self.context if context is None else context,
            self.su if su is None else su,
        )

    @property
    def user(self) -> BaseModel:
        """The calling user, as a res.users record."""
        return self["res.users"].browse([self.uid])

    def ref(self, xmlid: str, raise_if_not_found: bool = True) -> BaseModel | None:
        """The record named by the external id ``xmlid`` ("base.group_user")."""
        return self["ir.model.data"]._ref(xmlid, raise_if_not_found)

    def is_superuser(self) -> bool:
        """Whether access checks are bypassed (the superuser, or ``sudo()``)."""
        return self.su

    def is_system(self) -> bool:
        """Whether the caller may change settings: superuser mode or an administrator."""
        return self.su or bool(self.user._is_system())

    @property
    def lang(self) -> str | None:
        """The context's language; UserError when it is neither en_US nor an
        active res.lang."""
        lang = self.context.get("lang")
        if not lang:
            return None
        registry = self.registry
        if (
            lang != "en_US"
            and lang not in registry.active_languages(self)
            # another worker may have activated it since this one read the list
            and lang not in registry.active_languages(self, refresh=True)
        ):
            raise UserError(f"Invalid language code: {lang}")
        return str(lang)

    @property
    def companies(self) -> BaseModel:
        """The companies the call works in, as res.company records (Odoo's
        ``env.companies``): those of the context's ``allowed_company_ids`` when it
        has them (AccessError for a company the user may not use; the superuser
        may use any), else all the user's companies, the default one first."""
        return self["res.company"].browse(self._company_ids())

    @property
    def company(self) -> BaseModel:
        """The current company, a res.company record (Odoo's ``env.company``): the
        first of :attr:`companies`; empty when the user has none."""
        return self["res.company"].browse(self._company_ids()[:1])

    def _company_ids(self) -> list[int]:
        """The ids of :attr:`companies`, checked."""
        allowed = self.context.get("allowed_company_ids")
        if not allowed:
            return list(self["res.users"]._company_ids_of(self.uid))
        wanted = list(allowed) if isinstance(allowed, list | tuple) else [allowed]
        # ids only: True would pass for company 1 (True == 1 in Python)
        if not all(type(c) is int for c in wanted) or (
            not self.su and not set(wanted) <= set(self["res.users"]._company_ids_of(self.uid))
        ):
            raise AccessError("Access to unauthorized or invalid companies.")
        return wanted

    def check_context(self) -> None:
        """Fail now, as the call would on first use, on a context Odoo refuses: an
        uninstalled language, companies the user may not use."""
        self.lang  # noqa: B018 - validates
        if self.context.get("allowed_company_ids"):
            self._company_ids()

    def invalidate(self, model_name: str | None = None) -> None:
        """Forget cached values: all of them, or those of one model and every
        computed or related value (see :meth:`RecordCache.invalidate`)."""
        self.transaction.cache.invalidate(model_name)
