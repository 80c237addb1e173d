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
