"""What the web client's session routes answer: Odoo's ``session_info``.

``/web/session/authenticate`` and ``/web/session/get_session_info`` answer the
signed-in user's ``session_info``, the object Odoo's web client boots from and
older integrations read their ``uid``, context and companies from. jsontwo
builds the keys that describe the user, the database and the server, with
Odoo 19's names and types; the keys that only configure the web client
(assets, menus, views, user settings, profiling...) are left out
(docs/legacy.md lists them).
"""

from __future__ import annotations

from typing import Any

from jsontwo.modules.base.models.ir_access import user_company_ids
from jsontwo.orm import SUPERUSER_ID, Environment, Registry
from jsontwo.service.databases import with_superuser
from jsontwo.service.legacy import SERVER_VERSION, SERVER_VERSION_INFO

#: ``web.active_ids_limit``'s default in Odoo
ACTIVE_IDS_LIMIT = 20000
#: the company fields ``user_companies`` describes each company with
COMPANY_FIELDS = ["name", "sequence", "child_ids", "parent_id", "currency_id"]


def session_info(registry: Registry, uid: int, max_upload_bytes: int) -> dict[str, Any]:
    """The ``session_info`` of user ``uid`` signed in to ``registry``'s database.

    ``max_upload_bytes`` is the largest body the server takes, the default of
    ``max_file_upload_size`` (the ``web.max_file_upload_size`` setting wins, as
    in Odoo).
    """

    def work(env: Environment) -> dict[str, Any]:
        return _session_info(env, uid, max_upload_bytes)

    return with_superuser(registry, work, defer_write_lock=True)


def _session_info(env: Environment, uid: int, max_upload_bytes: int) -> dict[str, Any]:
    user = env["res.users"].browse([uid])
    row = user.read(["name", "login", "partner_id", "company_id"], load=None)[0]
    partner_id = row["partner_id"] or None
    partner = (
        env["res.partner"].browse([partner_id]).read(["display_name", "write_date"], load=None)[0]
        if partner_id
        else {"display_name": False, "write_date": False}
    )
    params = env["ir.config_parameter"]
    is_internal = bool(user._is_internal())
    info: dict[str, Any] = {
        "uid": uid,
        "is_system": uid == SUPERUSER_ID or bool(user._is_system()),
        "is_admin": uid == SUPERUSER_ID or bool(user._has_group("base.group_erp_manager")),
        "is_public": bool(user._has_group("base.group_public")),
        "is_internal_user": is_internal,
        "user_context": dict(env(uid=uid, su=False)["res.users"].context_get()),
        "db": env.registry.database.name,
        "server_version": SERVER_VERSION,
        "server_version_info": list(SERVER_VERSION_INFO),
        "name": row["name"],
        "username": row["login"],
        "partner_write_date": partner["write_date"] or False,
        "partner_display_name": partner["display_name"],
        "partner_id": partner_id,
        "web.base.url": params.get_param("web.base.url", "") or "",
        "active_ids_limit": _int_param(params, "web.active_ids_limit", ACTIVE_IDS_LIMIT),
        "max_file_upload_size": _int_param(params, "web.max_file_upload_size", max_upload_bytes),
    }
    if is_internal:
        info["user_companies"] = _user_companies(env, uid, row["company_id"] or None)
    return info


def _user_companies(env: Environment, uid: int, current: int | None) -> dict[str, Any]:
    """``current_company``, ``allowed_companies`` (the user's companies, by id) and
    ``disallowed_ancestor_companies`` (the parents of those the user may not use),
    each company described by its id, name, sequence, parent, the children of it
    among those companies and, for the allowed ones, its currency."""
    companies = env["res.company"]
    allowed_ids = set(user_company_ids(env, uid))
    # in the companies' own order (sequence, name), as Odoo lists the user's companies
    allowed = companies.browse(companies._search_ids([["id", "in", sorted(allowed_ids)]]))
    rows = {r["id"]: r for r in allowed.read(COMPANY_FIELDS, load=None)}
    ancestors: dict[int, dict[str, Any]] = {}
    parents = {r["parent_id"] for r in rows.values() if r["parent_id"]} - allowed_ids
    while parents:  # up the hierarchy, to the top
        found = companies.browse(sorted(parents)).read(COMPANY_FIELDS, load=None)
        ancestors.update({r["id"]: r for r in found})
        parents = {r["parent_id"] for r in found if r["parent_id"]}
        parents -= allowed_ids | set(ancestors)
    hierarchy = allowed_ids | set(ancestors)

    def describe(row: dict[str, Any], with_currency: bool) -> dict[str, Any]:
        described = {
            "id": row["id"],
            "name": row["name"],
            "sequence": row["sequence"],
            "child_ids": [cid for cid in row["child_ids"] if cid in hierarchy],
            "parent_id": row["parent_id"] or False,
        }
        if with_currency:
            described["currency_id"] = row["currency_id"] or False
        return described

    return {
        "current_company": current or False,
        "allowed_companies": {cid: describe(row, True) for cid, row in rows.items()},
        "disallowed_ancestor_companies": {
            cid: describe(row, False) for cid, row in ancestors.items()
        },
    }


def _int_param(params: Any, key: str, default: int) -> int:
    """A setting read as an integer (its default when unset or not a number)."""
    value = params.get_param(key, default)
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


__all__ = ["session_info"]
