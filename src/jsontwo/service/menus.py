"""The web client's menus (``GET /web/webclient/load_menus``): the menus the
signed-in user sees, in one read-only transaction (see
:mod:`jsontwo.modules.base.menu_tree`)."""

from __future__ import annotations

from typing import Any

from jsontwo.db import Cursor, run_in_transaction
from jsontwo.modules.base.menu_tree import load_menus, web_menus
from jsontwo.orm import Registry
from jsontwo.service.pipeline import Authenticate, authenticated


def web_menus_for(
    registry: Registry,
    authenticate: Authenticate,
    lang: str | None = None,
    remote_addr: str | None = None,
) -> dict[str, Any]:
    """The menus the user ``authenticate`` proves the caller is sees, in the web
    client's form, names in ``lang`` when given (debug mode off)."""

    def work(cr: Cursor) -> dict[str, Any]:
        env, uid = authenticated(registry, cr, authenticate, remote_addr)
        user_env = env(uid=uid, su=False, context={"lang": lang} if lang else {})
        return web_menus(load_menus(user_env, False))

    return run_in_transaction(registry.database, work, defer_write_lock=True)
