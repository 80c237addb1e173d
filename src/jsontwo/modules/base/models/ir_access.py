"""Access rights: ``ir.model.access`` (who may read, write, create, delete a
model's records, by group) and ``ir.rule`` (which records, by domain).

How a check goes (docs/internals/orm-behaviour.md, "Access control"), for a caller who is not in superuser mode:

1. *Model access*: the operation is allowed on a model when an active
   ``ir.model.access`` line of that model grants it to everyone (no group) or
   to one of the caller's groups, implied groups included. Lines only grant.
2. *Record rules*: the active rules of the model for the operation that are
   global (no group) are ANDed; those of the caller's groups are ORed, and the
   OR is ANDed with the globals; a model with ``_inherits`` adds its parents'
   rules through the link. Searches are filtered silently; reading, writing
   or deleting a record outside them, or creating one, is refused.

Everything a check needs is read once into an :class:`AccessSnapshot` kept by
the registry and shared by the transactions of this process. Workers are
stateless, so the snapshot carries a version: a token in the setting
``base.access_version``, which every change to groups, group membership,
access lines, rules or external ids of groups replaces in the same
transaction. A transaction reads the token once (one indexed query) and
reuses the process's snapshot when it matches; a transaction that changed
access itself works from fresh reads until it ends.

A global multi-company rule (``company_id = False or company_id in
company_ids``) holds for every row when the call's companies are all the
database's companies: a company field can only hold one of them. Such a rule
is then left out of the SQL (see :func:`_covers_every_row`), which gives the
same records without the condition; creating or deleting a company changes
the access version, so the snapshot's list of companies stays true.
"""

from __future__ import annotations

import ast
import logging
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import orjson

from jsontwo.exceptions import AccessError, ValidationError
from jsontwo.orm import api, fields, models
from jsontwo.orm.domain_tree import (
    TRUE,
    Leaf,
    Node,
    Or,
    and_domains,
    or_domains,
    parse,
    to_list,
)
from jsontwo.orm.rule_domains import RuleDomainError, evaluate_rule_domain, parse_rule_domain

if TYPE_CHECKING:
    from jsontwo.orm import Environment

_logger = logging.getLogger(__name__)

OPERATIONS = ("read", "write", "create", "unlink")
#: the setting whose value changes whenever access rights do
VERSION_KEY = "base.access_version"
#: the words of Odoo's model-access refusals, per operation
_VERBS = {"read": "access", "write": "modify", "create": "create", "unlink": "delete"}
#: transaction memo keys
_SNAPSHOT = "access.snapshot"
_DIRTY = "access.dirty"
_RULES = "access.rules"
_VERSION = "access.version"
_GROUP_SPECS = "access.group_specs"
#: at most this many users, groups... are kept per kind in a process's snapshot
SNAPSHOT_ENTRIES = 10_000
#: a rule domain that matches nothing (what a broken stored rule stands for)
_NOTHING: list[Any] = [[0, "=", 1]]


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """One active record rule, as checks use it."""

    id: int
    name: str
    #: the groups it applies to (empty: a global rule, for everyone)
    group_ids: frozenset[int]
    #: the operations it restricts
    operations: frozenset[str]
    #: its domain, parsed and checked (None: no restriction)
    tree: ast.expr | None
    #: whether its stored domain could not be parsed (it then matches nothing)
    broken: bool = False
    #: whether its domain reads the user's record (``user.…``)
    reads_user: bool = False


@dataclass(slots=True)
class AccessSnapshot:
    """The access lines and rules of a database at one version, with the group
    memberships and group external ids looked up so far."""

    version: str | None
    #: (model, operation) -> the groups granting it (None in the tuple: everyone)
    grants: dict[tuple[str, str], tuple[int | None, ...]]
    #: model -> its active rules
    rules: dict[str, tuple[RuleInfo, ...]]
    #: user id -> the user's groups and the groups they imply
    user_groups: dict[int, frozenset[int]] = field(default_factory=dict)
    #: external id -> group id (None: no such group)
    group_xmlids: dict[str, int | None] = field(default_factory=dict)
    #: user id -> the user's companies, the default one first
    user_companies: dict[int, tuple[int, ...]] = field(default_factory=dict)
    #: (model, operation, user, companies) -> rules' domain and signature, for
    #: the domains that read no user's record (see rule_domain)
    rule_domains: dict[tuple[Any, ...], tuple[list[Any] | None, bytes]] = field(
        default_factory=dict
    )
    #: every company of the database, archived ones too (None: not read yet)
    company_ids: frozenset[int] | None = None


# --- the snapshot ------------------------------------------------------------
def snapshot(env: Environment) -> AccessSnapshot:
    """The access rights as ``env``'s transaction sees them (see the module doc)."""
    memo = env.transaction.memo
    found: AccessSnapshot | None = memo.get(_SNAPSHOT)
    if found is not None:
        return found
    caches = env.registry.caches
    if memo.get(_DIRTY):
        found = _load(env, None)
    else:
        if _VERSION in memo:
            version = memo[_VERSION]
        else:
            rows = env.cr.execute(
                'SELECT value FROM "ir_config_parameter" WHERE key = %s', [VERSION_KEY]
            )
            version = str(rows[0][0]) if rows else None
        shared: AccessSnapshot | None = caches.access_rights
        if shared is not None and shared.version == version and version is not None:
            found = shared
        else:
            found = _load(env, version)
            caches.access_rights = found
    memo[_SNAPSHOT] = found
    return found


def _reads_user(tree: ast.expr) -> bool:
    """Whether a rule domain names ``user``."""
    return any(isinstance(node, ast.Name) and node.id == "user" for node in ast.walk(tree))


def _load(env: Environment, version: str | None) -> AccessSnapshot:
    grants: dict[tuple[str, str], list[int | None]] = {}
    rows = env.cr.execute(
        "SELECT m.model, a.group_id, a.perm_read, a.perm_write, a.perm_create, a.perm_unlink "
        'FROM "ir_model_access" a JOIN "ir_model" m ON m.id = a.model_id WHERE a.active IS TRUE'
    )
    for model, group_id, *perms in rows:
        for operation, allowed in zip(OPERATIONS, perms, strict=True):
            if allowed:
                grants.setdefault((model, operation), []).append(group_id)
    rule_groups: dict[int, set[int]] = {}
    for rule_id, group_id in env.cr.execute('SELECT rule_group_id, group_id FROM "rule_group_rel"'):
        rule_groups.setdefault(rule_id, set()).add(group_id)
    rules: dict[str, list[RuleInfo]] = {}
    rows = env.cr.execute(
        "SELECT r.id, r.name, m.model, r.domain_force, r.perm_read, r.perm_write, "
        'r.perm_create, r.perm_unlink FROM "ir_rule" r JOIN "ir_model" m ON m.id = r.model_id '
        "WHERE r.active IS TRUE ORDER BY r.id"
    )
    for rule_id, name, model, text, *perms in rows:
        try:
            tree, broken = parse_rule_domain(text), False
        except RuleDomainError as exc:
            _logger.error(
                "record rule %s (%s) is broken and matches nothing: %s", rule_id, name, exc
            )
            tree, broken = None, True
        operations = frozenset(op for op, on in zip(OPERATIONS, perms, strict=True) if on)
        rules.setdefault(model, []).append(
            RuleInfo(
                rule_id,
                name or "",
                frozenset(rule_groups.get(rule_id, ())),
                operations,
                tree,
                broken,
                tree is not None and _reads_user(tree),
            )
        )
    return AccessSnapshot(
        version,
        {key: tuple(groups) for key, groups in grants.items()},
        {model: tuple(found) for model, found in rules.items()},
    )


def note_version(env: Environment, version: Any) -> None:
    """Take ``version``, the stamp read by another statement of this transaction
    (the API key lookup reads it along), instead of reading it again."""
    env.transaction.memo.setdefault(_VERSION, str(version) if version is not None else None)


def access_changed(env: Environment) -> None:
    """Record that this transaction changes access rights: it stops using the
    shared snapshot (and forgets what it worked out), and every process drops
    its own once the change commits. Called before and after such a change."""
    memo = env.transaction.memo
    if not memo.get(_DIRTY):
        memo[_DIRTY] = True
        env["ir.config_parameter"].sudo().set_param(VERSION_KEY, uuid.uuid4().hex)
    memo.pop(_SNAPSHOT, None)
    memo.pop(_RULES, None)
    memo.pop(_GROUP_SPECS, None)


def user_group_ids(env: Environment, uid: int) -> frozenset[int]:
    """The groups of user ``uid`` and the groups they imply."""
    snap = snapshot(env)
    found = snap.user_groups.get(uid)
    if found is None:
        found = read_user_groups(env, uid)
        if found:  # no group: no user, maybe; callers choose the ids, keep nothing
            _keep(snap.user_groups, uid, found)
    return found


def _keep(cache: dict[Any, Any], key: Any, value: Any) -> None:
    """Keep ``value`` in a per-process ``cache``, which never grows past
    SNAPSHOT_ENTRIES (callers choose what is looked up)."""
    if len(cache) >= SNAPSHOT_ENTRIES:
        cache.clear()
    cache[key] = value


def read_user_groups(env: Environment, uid: int) -> frozenset[int]:
    """:func:`user_group_ids` read from the tables now, whatever the snapshot."""
    rows = env.cr.execute(
        "WITH RECURSIVE closure(id) AS ("
        ' SELECT gid FROM "res_groups_users_rel" WHERE uid = %s'
        ' UNION SELECT r.hid FROM "res_groups_implied_rel" r JOIN closure c ON r.gid = c.id'
        ") SELECT id FROM closure",
        [uid],
    )
    return frozenset(row[0] for row in rows)


def passes_groups(env: Environment, spec: str, check: Any) -> bool:
    """Whether the caller passes the group specification ``spec``, as ``check(spec)``
    answers it, worked out once per transaction (and again after access rights
    change in it)."""
    cache: dict[tuple[int, str], bool] = env.transaction.memo.setdefault(_GROUP_SPECS, {})
    key = (env.uid, spec)
    if key not in cache:
        cache[key] = bool(check(spec))
    return cache[key]


def user_company_ids(env: Environment, uid: int) -> tuple[int, ...]:
    """The companies of user ``uid``, the default one first (kept in the snapshot:
    changing a user's companies changes access rights)."""
    snap = snapshot(env)
    found = snap.user_companies.get(uid)
    if found is None:
        rows = env.cr.execute('SELECT company_id FROM "res_users" WHERE id = %s', [uid])
        default = rows[0][0] if rows else None
        others = env.cr.execute(
            'SELECT cid FROM "res_company_users_rel" WHERE user_id = %s ORDER BY cid', [uid]
        )
        first = (default,) if default else ()
        found = first + tuple(row[0] for row in others if row[0] != default)
        _keep(snap.user_companies, uid, found)
    return found


def group_id(env: Environment, xmlid: str) -> int | None:
    """The id of the group named by the external id ``xmlid`` (None: none is).
    Only groups found are kept: the names asked about come from callers."""
    snap = snapshot(env)
    found = snap.group_xmlids.get(xmlid)
    if found is None:
        row = env["ir.model.data"]._xmlid_lookup(xmlid, False)
        found = row[1] if row and row[0] == "res.groups" else None
        if found is not None:
            _keep(snap.group_xmlids, xmlid, found)
    return found


# --- model access --------------------------------------------------------------
def model_allowed(env: Environment, model: str, operation: str) -> bool:
    """Whether ``env``'s user may do ``operation`` on ``model`` (superuser mode may)."""
    if env.su:
        return True
    granted = snapshot(env).grants.get((model, operation), ())
    if not granted:
        return False
    if None in granted:
        return True
    return not user_group_ids(env, env.uid).isdisjoint(granted)


def model_access_error(env: Environment, model: str, operation: str) -> AccessError:
    """Odoo's refusal of ``operation`` on ``model``, naming the groups that would allow it."""
    _logger.info("access denied: %s on %s for user #%s", operation, model, env.uid)
    description = env[model]._description or model
    groups = _groups_with_access(env, model, operation)
    if groups:
        listing = "\n".join(f"\t- {name}" for name in groups)
        info = f"This operation is allowed for the following groups:\n{listing}"
    else:
        info = "No group currently allows this operation."
    return AccessError(
        f"You are not allowed to {_VERBS[operation]} '{description}' ({model}) records.\n\n"
        f"{info}\n\nContact your administrator to request access if necessary."
    )


def _groups_with_access(env: Environment, model: str, operation: str) -> list[str]:
    """The names of the groups an active line of ``model`` grants ``operation`` to,
    sorted, as Odoo 19 lists them (lines of implying groups or of ``_inherits``
    parents are not looked at)."""
    granted = [g for g in snapshot(env).grants.get((model, operation), ()) if g is not None]
    if not granted:
        return []
    names = env["res.groups"].sudo()._display_names(granted)
    return sorted(str(names[g]) for g in granted if names.get(g))


# --- record rules ----------------------------------------------------------------
def rule_domain(env: Environment, model: str, operation: str) -> tuple[list[Any] | None, bytes]:
    """The domain the record rules of ``model`` put on ``operation`` for ``env``'s
    user and companies, with a signature of it that compiled SQL can be checked
    against. None: no rule applies; ``[]``: rules apply but hold for every record
    (see :func:`_covers_every_row`), so neither adds a condition.

    Worked out once per transaction; and kept by the process's snapshot when no
    rule involved reads the user's record (whose fields may change without
    access rights changing): a rule on ``company_ids`` alone depends only on
    what the snapshot's version covers.
    """
    if env.su:
        return None, b""
    companies = tuple(env.companies.ids)
    key = (model, operation, env.uid, companies)
    cache: dict[Any, tuple[list[Any] | None, bytes]] = env.transaction.memo.setdefault(_RULES, {})
    found = cache.get(key)
    if found is None:
        snap = snapshot(env)
        found = snap.rule_domains.get(key)
        if found is None:
            domain, reads_user = _combined_domain(env, model, operation, list(companies))
            found = (domain, orjson.dumps(domain) if domain else b"")
            if not reads_user:
                _keep(snap.rule_domains, key, found)
        cache[key] = found
    return found


def _combined_domain(
    env: Environment, model: str, operation: str, companies: list[int]
) -> tuple[list[Any] | None, bool]:
    """The rules' domain (None: no restriction) and whether a rule involved reads
    the user's record."""
    global_domains: list[list[Any]] = []
    reads_user = covered = False
    for parent, link in env[model]._inherits.items():
        parent_domain, parent_reads_user = _combined_domain(env, parent, operation, companies)
        reads_user = reads_user or parent_reads_user
        if parent_domain is not None:
            global_domains.append([[link, "any", parent_domain]])
    rules = [r for r in snapshot(env).rules.get(model, ()) if operation in r.operations]
    group_domains: list[list[Any]] = []
    if rules:
        mine = user_group_ids(env, env.uid)
        names = _eval_names(env, companies)
        for rule in rules:
            if rule.group_ids and rule.group_ids.isdisjoint(mine):
                continue
            reads_user = reads_user or rule.reads_user
            domain = _rule_value(rule, names)
            if not rule.group_ids and _covers_every_row(env, model, domain, companies):
                covered = True
                continue
            (group_domains if rule.group_ids else global_domains).append(domain)
    node = and_domains(*map(parse, global_domains))
    if group_domains:
        node = and_domains(node, or_domains(*map(parse, group_domains)))
    if node != TRUE:
        return to_list(node), reads_user
    # a rule such as [(1, '=', 1)] restricts nothing: no condition, no query; a
    # multi-company rule that holds for every row neither, but rules still apply
    # (linking a missing record is then a MissingError, as Odoo finds it)
    return ([] if covered else None), reads_user


def _covers_every_row(
    env: Environment, model: str, domain: list[Any], companies: list[int]
) -> bool:
    """Whether a rule's domain holds for every row because the call may work in
    every company: at its top, an OR with ``f = False`` and ``f in S`` for a
    company field ``f`` of the model and ``S`` holding all companies."""
    node = parse(domain)
    if not isinstance(node, Or):
        return False
    empty: set[str] = set()
    covered: set[str] = set()
    for leaf in node.children:
        if not isinstance(leaf, Leaf) or not _is_company_field(env, model, leaf.path):
            continue
        values = leaf.value if isinstance(leaf.value, list | tuple) else [leaf.value]
        if leaf.op in ("=", "in") and False in values:
            empty.add(leaf.path)
        if leaf.op == "in" and _every_company(env) <= set(values):
            covered.add(leaf.path)
    return bool(empty & covered) and _every_company(env) <= set(companies)


def _is_company_field(env: Environment, model: str, name: str) -> bool:
    """Whether ``name`` is a stored many2one of ``model`` to res.company."""
    found = env[model]._fields.get(name)
    return bool(
        found is not None
        and found.type == "many2one"
        and found.store
        and getattr(found, "comodel_name", None) == "res.company"
    )


def _every_company(env: Environment) -> frozenset[int]:
    """Every company of the database (kept in the snapshot: creating or deleting
    a company changes the access version)."""
    snap = snapshot(env)
    if snap.company_ids is None:
        rows = env.cr.execute('SELECT id FROM "res_company"')
        snap.company_ids = frozenset(row[0] for row in rows)
    return snap.company_ids


def _eval_names(env: Environment, companies: list[int]) -> dict[str, Any]:
    """What a rule's domain may name: the user (read as superuser, without the
    call's context), the current company and the call's companies."""
    user = env(context={}, su=True)["res.users"].browse([env.uid])
    return {
        "user": user,
        "company_id": companies[0] if companies else False,
        "company_ids": companies,
    }


def _rule_value(rule: RuleInfo, names: dict[str, Any]) -> list[Any]:
    if rule.broken:
        return list(_NOTHING)
    if rule.tree is None:
        return []
    try:
        return evaluate_rule_domain(rule.tree, names)
    except (RuleDomainError, KeyError, AttributeError, ValueError, TypeError) as exc:
        # a rule that breaks for some users (a field of several records...) fails closed
        _logger.error("record rule %s (%s) failed and matches nothing: %s", rule.id, rule.name, exc)
        return list(_NOTHING)


def record_access_error(records: models.BaseModel, operation: str) -> AccessError:
    """Odoo's refusal of ``operation`` on ``records`` by the record rules."""
    env = records.env
    _logger.info(
        "access denied by record rules: %s on %s %s for user #%s",
        operation,
        records._name,
        records.ids[:6],
        env.uid,
    )
    user = env(su=True)["res.users"].browse([env.uid])
    name = user.name if user.exists() else ""
    description = records._description or records._name
    message = (
        "Uh-oh! Looks like you have stumbled upon some top-secret records.\n\n"
        f"Sorry, {name} (id={env.uid}) doesn't have '{operation}' access to:\n"
        f"- {description} ({records._name})\n\n"
        "If you really, really need access, perhaps you can win over your friendly "
        "administrator with a batch of freshly baked cookies."
    )
    return AccessError(message + _company_hint(records, operation))


def _company_hint(records: models.BaseModel, operation: str) -> str:
    """The multi-company advice Odoo adds when a rule that refused ``records`` is
    about companies."""
    if "company_id" not in records._fields:
        return ""
    failing = _failing_rules(records, operation)
    if not any("company_id" in ast.unparse(r.tree) for r in failing if r.tree is not None):
        return ""
    sudo = records.sudo().browse(records.ids[:6])
    values = sudo._cached_values(sudo._fields["company_id"], sudo._ids).values()
    companies = {company for company in values if company}
    if len(companies) > 1:
        return (
            "\n\nNote: this might be a multi-company issue. Switching company may help - "
            "in Odoo, not in real life!"
        )
    if not companies:
        return ""
    company = companies.pop()
    label = records.env["res.company"]._display_names([company]).get(company) or ""
    if company in user_company_ids(records.env, records.env.uid):
        return (
            "\n\nThis seems to be a multi-company issue, you might be able to access the "
            f"record by switching to the company: {label}."
        )
    return (
        "\n\nThis seems to be a multi-company issue, but you do not have access to the "
        "proper company to access the record anyhow."
    )


def _failing_rules(records: models.BaseModel, operation: str) -> list[RuleInfo]:
    """The rules of the model that refuse some of ``records``: each failing global
    rule, and all the user's group rules when their OR fails (as Odoo tells which
    rules to blame; the rules of ``_inherits`` parents are not looked at)."""
    env = records.env
    mine = user_group_ids(env, env.uid)
    rules = [
        r
        for r in snapshot(env).rules.get(records._name, ())
        if operation in r.operations and (not r.group_ids or not r.group_ids.isdisjoint(mine))
    ]
    names = _eval_names(env, env.companies.ids)
    model = records.sudo().with_context(active_test=False)
    ids = list(dict.fromkeys(records._ids))

    def fails(domain: Node) -> bool:
        found = model._search_ids(to_list(and_domains(parse([["id", "in", ids]]), domain)))
        return len(found) < len(ids)

    grouped = [r for r in rules if r.group_ids]
    failing = [r for r in rules if not r.group_ids and fails(parse(_rule_value(r, names)))]
    if grouped and fails(or_domains(*(parse(_rule_value(r, names)) for r in grouped))):
        failing.extend(grouped)
    return failing


# --- the models --------------------------------------------------------------------
class ChangesAccess:
    """Writing these records changes access rights (a mixin of models): every
    process must drop what it read of them (see :func:`access_changed`, called
    before the change, to stop using the shared snapshot, and after it, to
    forget what was worked out meanwhile)."""

    __slots__ = ()

    if TYPE_CHECKING:
        env: Environment
        _ids: tuple[int, ...]

    def _changes_access(self, vals: dict[str, Any] | None) -> bool:
        """Whether writing ``vals`` (None: creating or deleting) on these records
        changes access rights; all of it does, unless a model says otherwise."""
        return True

    @api.model_create_multi
    def create(self, vals_list: list[dict[str, Any]] | dict[str, Any]) -> Any:
        """Create the records; access rights may change."""
        items = [vals_list] if isinstance(vals_list, dict) else vals_list
        changes = any(self._changes_access(vals) for vals in items)
        if changes:
            access_changed(self.env)
        records = super().create(vals_list)  # type: ignore[misc]
        if changes:
            access_changed(self.env)
        return records

    def write(self, vals: dict[str, Any]) -> bool:
        """Write the records; access rights may change."""
        changes = self._changes_access(vals)
        if changes:
            access_changed(self.env)
        result: bool = super().write(vals)  # type: ignore[misc]
        if changes:
            access_changed(self.env)
        return result

    def unlink(self) -> bool:
        """Delete the records; access rights may change."""
        changes = self._changes_access(None)
        if changes:
            access_changed(self.env)
        result: bool = super().unlink()  # type: ignore[misc]
        if changes:
            access_changed(self.env)
        return result


class ModelAccess(ChangesAccess, models.Model):
    """One access line: members of ``group_id`` (everyone, when it is empty) may do
    the checked operations on the records of ``model_id``."""

    _name = "ir.model.access"
    _description = "Model Access"
    _order = "model_id, group_id, name, id"

    name = fields.Char(required=True, index=True)
    active = fields.Boolean(
        default=True,
        help="If you uncheck the active field, it will disable the ACL without deleting it "
        "(if you delete a native ACL, it will be re-created when you reload the module).",
    )
    model_id = fields.Many2one("ir.model", "Model", required=True, index=True, ondelete="cascade")
    group_id = fields.Many2one("res.groups", "Group", index=True, ondelete="restrict")
    perm_read = fields.Boolean("Read Access")
    perm_write = fields.Boolean("Write Access")
    perm_create = fields.Boolean("Create Access")
    perm_unlink = fields.Boolean("Delete Access")

    @api.private
    def check(self, model: str, mode: str = "read", raise_exception: bool = True) -> bool:
        """Whether the caller may do ``mode`` on ``model`` by the access lines;
        with ``raise_exception``, Odoo's AccessError instead of false."""
        if model_allowed(self.env, model, mode):
            return True
        if raise_exception:
            raise model_access_error(self.env, model, mode)
        return False


class Rule(ChangesAccess, models.Model):
    """A record rule: for the operations it checks, the records of ``model_id`` its
    members (everyone, for a global rule) may touch are those ``domain_force``
    matches."""

    _name = "ir.rule"
    _description = "Record Rule"
    _order = "model_id DESC, id"
    _sql_constraints = (
        (
            "no_access_rights",
            "CHECK (perm_read IS TRUE OR perm_write IS TRUE OR perm_create IS TRUE OR perm_unlink IS TRUE)",
            "Rule must have at least one checked access right!",
        ),
    )

    name = fields.Char()
    active = fields.Boolean(
        default=True,
        help="If you uncheck the active field, it will disable the record rule without "
        "deleting it (if you delete a native record rule, it may be re-created when you "
        "reload the module).",
    )
    model_id = fields.Many2one("ir.model", "Model", required=True, index=True, ondelete="cascade")
    groups = fields.Many2many("res.groups", "rule_group_rel", "rule_group_id", "group_id")
    domain_force = fields.Text("Domain")
    perm_read = fields.Boolean("Read", default=True)
    perm_write = fields.Boolean("Write", default=True)
    perm_create = fields.Boolean("Create", default=True)
    perm_unlink = fields.Boolean("Delete", default=True)

    def _domain(self, model: str, operation: str) -> tuple[list[Any] | None, bytes]:
        """The rules' domain on ``operation`` for the caller (see :func:`rule_domain`)."""
        return rule_domain(self.env, model, operation)

    def _access_error(self, records: models.BaseModel, operation: str) -> AccessError:
        """The refusal of ``operation`` on ``records`` by the rules."""
        return record_access_error(records, operation)

    @api.depends("groups")
    def _compute_global(self) -> None:
        for rule in self:
            setattr(rule, "global", not rule.groups)

    @api.constrains("model_id")
    def _check_model_name(self) -> None:
        if any(rule.model_id.model == self._name for rule in self.sudo()):
            raise ValidationError("Rules can not be applied on the Record Rules model.")

    @api.constrains("active", "domain_force", "model_id")
    def _check_domain(self) -> None:
        """A rule's domain must parse, use only what rules may name, and search
        its model: a broken rule would otherwise hide every record."""
        env = self.env(su=True)
        names = _eval_names(self.env, self.env.companies.ids)
        for rule in self.sudo():
            if not (rule.active and rule.domain_force and rule.model_id):
                continue
            try:
                tree = parse_rule_domain(rule.domain_force)
                if tree is not None:
                    domain = evaluate_rule_domain(tree, names)
                    env[rule.model_id.model].with_context(active_test=False)._compiled_where(domain)
            except RuleDomainError as exc:
                raise ValidationError(str(exc)) from None
            except (ValueError, TypeError, KeyError) as exc:
                raise ValidationError(f"Invalid domain: {exc}") from None


# "global" is a Python keyword: the field is set on the class by name
_GLOBAL = fields.Boolean(
    compute="_compute_global",
    store=True,
    help="If no group is specified the rule is global and applied to everyone",
)
_GLOBAL.__set_name__(Rule, "global")
setattr(Rule, "global", _GLOBAL)
