"""The registry's version stamp: what tells every worker that a database's
models changed (a module installed or upgraded, an ``x_`` model or field made
or dropped at run time), so it rebuilds its registry at its next call.

The stamp is an ``ir.config_parameter`` row, written in the transaction that
changes the models: it is seen by other workers once that transaction commits,
and never if it rolls back. Reading it (once per call, folded into the key
lookup's statement like the access rights' stamp) is the service layer's work.
"""

from __future__ import annotations

import uuid

from jsontwo.orm import Environment

#: the ``ir.config_parameter`` key holding the stamp
REGISTRY_VERSION_KEY = "base.registry_version"


def registry_changed(env: Environment) -> None:
    """Record that this transaction changes ``env``'s database's models: every
    worker rebuilds its registry at its first call after the commit."""
    env["ir.config_parameter"].sudo().set_param(REGISTRY_VERSION_KEY, uuid.uuid4().hex)


#: transaction memo: the stamp another statement of the transaction read along
_NOTED = "base.registry_version_noted"


def note_registry_version(env: Environment, version: object) -> None:
    """Take ``version``, the stamp the credentials' statement read along, so that
    :func:`registry_is_current` reads it from no statement of its own."""
    env.transaction.memo.setdefault(_NOTED, str(version) if version is not None else None)


def registry_is_current(env: Environment) -> bool:
    """Whether ``env``'s registry was built with the database's current models
    (its stamp is the database's): else the caller rebuilds it and calls again."""
    memo = env.transaction.memo
    if _NOTED in memo:
        version = memo[_NOTED]
    else:  # a session or a password: one small statement more
        rows = env.cr.execute(
            'SELECT value FROM "ir_config_parameter" WHERE key = %s', [REGISTRY_VERSION_KEY]
        )
        version = str(rows[0][0]) if rows else None
    return version == env.registry.version
