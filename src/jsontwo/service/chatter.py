"""The chatter's read of a record's messages (``/mail/thread/messages``), run as
a signed-in user in one transaction (see :mod:`jsontwo.modules.mail.thread_fetch`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from jsontwo.db import Cursor, run_in_transaction
from jsontwo.exceptions import NotFound
from jsontwo.modules.mail.thread_fetch import thread_messages
from jsontwo.orm import Registry
from jsontwo.service.pipeline import Authenticate, authenticated

T = TypeVar("T")


def fetch_thread_messages(
    registry: Registry,
    params: dict[str, Any],
    *,
    authenticate: Authenticate,
    serialize: Callable[[Any], T],
    remote_addr: str | None = None,
) -> T:
    """The answer of ``/mail/thread/messages`` for ``params`` (``thread_model``,
    ``thread_id``, ``fetch_params``) as the user ``authenticate`` proves the caller
    is; NotFound in a database without the mail module, as Odoo has no such route
    there. It only reads: SQLite's write lock is not taken."""

    def work(cr: Cursor) -> T:
        env, uid = authenticated(registry, cr, authenticate, remote_addr)
        if "mail.message" not in registry.models:
            raise NotFound()
        user_env = env(uid=uid, su=False)
        answer = thread_messages(
            user_env,
            params.get("thread_model"),
            params.get("thread_id"),
            params.get("fetch_params"),
        )
        return serialize(answer)

    return run_in_transaction(registry.database, work, defer_write_lock=True)
