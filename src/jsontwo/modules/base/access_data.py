"""Access lines and record rules from a module's data files.

A module ships its access rights in ``security/`` beside its models:

* ``ir.model.access.csv``, the columns of Odoo's file of that name: ``id``,
  ``name``, ``model_id:id`` (``model_res_partner``: the external id of the
  model's ``ir.model`` row), ``group_id:id`` (``base.group_user``; empty for
  everyone), then ``perm_read``, ``perm_write``, ``perm_create``,
  ``perm_unlink`` as 1 or 0;
* ``ir_rule.json``, a list of rules: ``id``, ``name``, ``model`` (the
  technical name), ``domain_force`` (see :mod:`jsontwo.orm.rule_domains`),
  ``groups`` (external ids; none for a global rule) and the ``perm_*`` flags
  (true when left out).

Loading is idempotent and runs whenever a server opens a database: access
lines are brought back to what the file says (as Odoo updates them on a
module update), rules are only created when missing (an administrator may
have changed them, as Odoo's ``noupdate`` rules).
"""

from __future__ import annotations

import csv
import json
from importlib import resources
from typing import Any

from jsontwo.orm import Environment
from jsontwo.orm.assembly import module_path

PERMS = ("perm_read", "perm_write", "perm_create", "perm_unlink")
RULE_KEYS = frozenset({"id", "name", "model", "domain_force", "groups", *PERMS})


def _security_file(module: str, name: str) -> str | None:
    path = resources.files(module_path(module)).joinpath("security", name)
    return path.read_text(encoding="utf-8") if path.is_file() else None


def _qualified(module: str, xmlid: str) -> str:
    return xmlid if "." in xmlid else f"{module}.{xmlid}"


def load_access_files(env: Environment, module: str) -> None:
    """Create or update the access lines and create the missing rules of ``module``."""
    text = _security_file(module, "ir.model.access.csv")
    if text is not None:
        load_access_lines(env, module, list(csv.DictReader(text.splitlines())))
    text = _security_file(module, "ir_rule.json")
    if text is not None:
        load_rules(env, module, json.loads(text))


def load_access_lines(env: Environment, module: str, rows: list[dict[str, str]]) -> None:
    """Make the access lines named by ``rows`` (rows of ``ir.model.access.csv``) match
    them, in a few queries whatever their number (this runs at every start)."""
    data = env["ir.model.data"]
    access = env["ir.model.access"].sudo().with_context(active_test=False)
    refs = _references(env, ("ir.model", "res.groups"))
    existing = _existing(env, module, "ir.model.access")
    names = ["name", "model_id", "group_id", *PERMS]
    current = {
        line["id"]: line for line in access.browse(list(existing.values())).read(names, load=None)
    }

    def ref(xmlid: str) -> int:
        found = refs.get(_qualified(module, xmlid))
        if found is None:
            raise ValueError(f"{module}/security/ir.model.access.csv: no record {xmlid!r}")
        return found

    new: dict[str, dict[str, Any]] = {}
    for row in rows:
        vals: dict[str, Any] = {
            "name": row["name"],
            "model_id": ref(row["model_id:id"]),
            "group_id": ref(row["group_id:id"]) if row.get("group_id:id") else False,
            **{perm: row[perm].strip() == "1" for perm in PERMS},
        }
        found = existing.get(row["id"])
        if found is None:
            new[_qualified(module, row["id"])] = vals
        elif found not in current:  # the line was deleted: made again, the name moved to it
            env.cr.execute(
                'UPDATE "ir_model_data" SET res_id = %s WHERE module = %s AND name = %s',
                [access.create(vals).id, module, row["id"]],
            )
        elif any(current[found][key] != value for key, value in vals.items()):
            access.browse([found]).write(vals)
    if new:  # a new database: every line, in one create
        data._declare_many(list(new), access.create(list(new.values())))


def _references(env: Environment, models: tuple[str, ...]) -> dict[str, int]:
    """``{"module.name": id}`` of the external ids of records of ``models``."""
    marks = ", ".join(["%s"] * len(models))
    rows = env.cr.execute(
        f'SELECT module, name, res_id FROM "ir_model_data" WHERE model IN ({marks})', list(models)
    )
    return {f"{module}.{name}": int(res_id) for module, name, res_id in rows}


def load_rules(env: Environment, module: str, items: list[dict[str, Any]]) -> None:
    """Create the rules of ``items`` (the entries of ``ir_rule.json``) that do not exist."""
    data = env["ir.model.data"]
    models = env["ir.model"].sudo()
    rules = env["ir.rule"].sudo()
    existing = _existing(env, module, "ir.rule")
    new: dict[str, dict[str, Any]] = {}
    for item in items:
        unknown = set(item) - RULE_KEYS
        if unknown:
            raise ValueError(f"{module}/security/ir_rule.json: unknown keys {sorted(unknown)}")
        if item["id"] in existing:
            continue
        groups = [
            data._xmlid_to_res_id(_qualified(module, g), raise_if_not_found=True)
            for g in item.get("groups", ())
        ]
        new[_qualified(module, item["id"])] = {
            "name": item["name"],
            "model_id": models._get_id(item["model"]),
            "domain_force": item.get("domain_force") or False,
            "groups": [[6, 0, groups]],
            **{perm: bool(item.get(perm, True)) for perm in PERMS},
        }
    if new:
        data._declare_many(list(new), rules.create(list(new.values())))


def _existing(env: Environment, module: str, model: str) -> dict[str, int]:
    """``{name: id}`` of the external ids ``module`` has on records of ``model``
    (one query, rather than one per line: this runs at every start)."""
    rows = env.cr.execute(
        'SELECT name, res_id FROM "ir_model_data" WHERE module = %s AND model = %s',
        [module, model],
    )
    return {str(name): int(res_id) for name, res_id in rows}
