"""res.users: the people who log in; each user is a partner too."""

from __future__ import annotations

import contextlib
import functools
import logging
import re
from collections.abc import Iterator
from html import escape
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from jsontwo.exceptions import AccessDenied, AccessError, UserError, ValidationError
from jsontwo.modules.base.models.apikeys_wizard import check_identity
from jsontwo.modules.base.models.groups import USER_TYPE_GROUPS, implying_closure, search_ids
from jsontwo.modules.base.models.ir_access import (
    ChangesAccess,
    group_id,
    passes_groups,
    read_user_groups,
    user_company_ids,
    user_group_ids,
)
from jsontwo.modules.base.models.partner_values import tz_offset
from jsontwo.orm import SUPERUSER_ID, api, fields, models
from jsontwo.orm.domain_tree import NEGATIVE_OPERATORS

_logger = logging.getLogger(__name__)
_HASHER = PasswordHasher()
#: what users may write on their own user record
SELF_WRITEABLE_FIELDS = frozenset(
    {"name", "email", "phone", "lang", "tz", "image_1920", "signature"}
)
#: the fields of users that change what they may do
ACCESS_FIELDS = frozenset({"group_ids", "company_ids", "company_id", "active", "share"})
#: the group of every new user whose groups are not given (with the groups the
#: "Default access for new users" group implies, as in Odoo)
DEFAULT_GROUP = "base.group_user"
DEFAULT_TEMPLATE_GROUP = "base.default_user_group"
#: the group of the technical features, which only the web client's debug mode uses
DEBUG_GROUP = "base.group_no_one"
#: what an html value shows nothing without (tags, non-breaking spaces, blanks)
_HTML_BLANK = re.compile(r"<(?!img)[^>]*>|&nbsp;|\s", re.IGNORECASE)
TOO_MANY_FAILURES = "Too many login failures, please wait a bit before trying again."


class Password(fields.Char):
    """A write-only password: stored as an argon2 hash, read as an empty string,
    never searched or sorted on (that would leak the hash a bit at a time)."""

    secret_value = True

    def to_column(self, value: Any, record_model: str) -> Any:
        if not value:
            return None
        return hash_password(str(value))

    def to_read(self, value: Any) -> Any:
        return ""

    def get_description(self, model: Any) -> dict[str, Any]:
        # described as Odoo's, a field computed from a hash kept elsewhere: not stored,
        # so neither searched, sorted nor grouped on (here: never outside superuser mode)
        desc = super().get_description(model)
        desc.update(store=False, searchable=False, sortable=False, groupable=False)
        return desc


def hash_password(password: str) -> str:
    """The argon2 hash :class:`Password` stores for ``password``."""
    return _HASHER.hash(password)


@functools.cache
def _dummy_hash() -> str:
    """What an unknown login's password is verified against, so that the answer
    takes as long as a known one's; made on first use, not on import (an argon2
    hash costs tenths of a second: every command and worker would pay it)."""
    return _HASHER.hash("jsontwo: no such user")


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches an argon2 hash made by :class:`Password`."""
    if not stored_hash or not password:
        return False
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


class Users(ChangesAccess, models.Model):
    """A user; every field of its partner (name, email, phone, lang, tz...) is
    one of the user's too, kept on the partner (Odoo's ``_inherits``)."""

    _name = "res.users"
    _inherits = {"res.partner": "partner_id"}
    _description = "User"
    _order = "name, login"
    _sql_constraints = (
        ("login_key", "UNIQUE (login)", "You can not have two users with the same login!"),
    )

    login = fields.Char(required=True, help="Used to log into the system")
    password = Password(
        copy=False,
        help="Keep empty if you don't want the user to be able to connect on the system.",
    )
    new_password = fields.Char(
        "Set Password",
        compute="_compute_new_password",
        inverse="_inverse_new_password",
        help="Specify a value only when creating a user or if you're changing the user's "
        "password, otherwise leave empty. After a change of password, the user has to login "
        "again.",
    )
    api_key_ids = fields.One2many("res.users.apikeys", "user_id", "API Keys")
    signature = fields.Html(
        "Email Signature", compute="_compute_signature", readonly=False, store=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        "Related Partner",
        required=True,
        ondelete="restrict",
        index=True,
        help="Partner-related data of the user",
    )
    active = fields.Boolean(default=True)
    active_partner = fields.Boolean("Partner is Active", related="partner_id.active", readonly=True)
    action_id = fields.Many2one(
        "ir.actions.actions",
        "Home Action",
        help="If specified, this action will be opened at log on for this user, in addition to "
        "the standard menu.",
    )
    log_ids = fields.One2many("res.users.log", "create_uid", "User log entries")
    device_ids = fields.One2many("res.device", "user_id", "User devices")
    login_date = fields.Datetime("Latest Login", related="log_ids.create_date", readonly=False)
    company_id = fields.Many2one(
        "res.company",
        "Company",
        required=True,
        default=lambda self: self.env.company.id,
        help="The default company for this user.",
        context={"user_preference": True},
    )
    company_ids = fields.Many2many(
        "res.company",
        "res_company_users_rel",
        "user_id",
        "cid",
        "Companies",
        default=lambda self: self.env.company.ids,
    )
    # the user's own, as in Odoo (not the partner's through the link)
    tz_offset = fields.Char("Timezone offset", compute="_compute_tz_offset")
    share = fields.Boolean(
        "Share User",
        compute="_compute_share",
        store=True,
        help="External user with limited access, created only for the purpose of sharing data.",
    )
    companies_count = fields.Integer("Number of Companies", compute="_compute_companies_count")
    res_users_settings_ids = fields.One2many("res.users.settings", "user_id")
    res_users_settings_id = fields.Many2one(
        "res.users.settings",
        "Settings",
        compute="_compute_res_users_settings_id",
        search="_search_res_users_settings_id",
    )
    email_domain_placeholder = fields.Char(compute="_compute_email_domain_placeholder")
    group_ids = fields.Many2many(
        "res.groups",
        "res_groups_users_rel",
        "uid",
        "gid",
        "Groups",
        default=lambda self: self._default_group_ids(),
        help="Groups explicitly assigned to the user",
    )
    all_group_ids = fields.Many2many(
        "res.groups",
        string="Groups and implied groups",
        compute="_compute_all_group_ids",
        search="_search_all_group_ids",
    )
    accesses_count = fields.Integer(
        "# Access Rights",
        compute="_compute_accesses_count",
        help="Number of access rights that apply to the current user",
    )
    rules_count = fields.Integer(
        "# Record Rules",
        compute="_compute_accesses_count",
        help="Number of record rules that apply to the current user",
    )
    groups_count = fields.Integer(
        "# Groups",
        compute="_compute_accesses_count",
        help="Number of groups that apply to the current user",
    )
    view_group_hierarchy = fields.Json(
        "Technical field for user group setting",
        compute="_compute_view_group_hierarchy",
        inverse="_inverse_ignored",
        copy=False,
    )
    role = fields.Selection(
        [("group_user", "User"), ("group_system", "Administrator")],
        "Role",
        compute="_compute_role",
        inverse="_inverse_ignored",
    )

    def _changes_access(self, vals: dict[str, Any] | None) -> bool:
        """Users' groups, companies and activity are access rights (creating and
        deleting users too: ids may come back on SQLite)."""
        return vals is None or bool(ACCESS_FIELDS.intersection(vals))

    @api.model_create_multi
    def create(self, vals_list: list[dict[str, Any]] | dict[str, Any]) -> Any:
        """Create users; only administrators make administrators."""
        administrator = self.env.is_system()  # before the new users change anything
        users = super().create(vals_list)
        users._sync_multi_company_group()
        if not administrator:
            users._guard_administrators(after=True)
        for user in users:
            # as in Odoo: an internal user without a picture gets their initial as one
            if not user.image_1920 and not user.share and user.name:
                user.partner_id.write({"image_1920": user.partner_id._avatar_svg()})
        return users

    def write(self, vals: dict[str, Any]) -> bool:
        """Write users. A user may change a few harmless fields of their own
        (name, email, language...) without the right to write users, as in Odoo;
        only administrators make administrators."""
        if (
            vals
            and not self.env.su
            and set(self._ids) == {self.env.uid}
            and set(vals) <= SELF_WRITEABLE_FIELDS
        ):
            self = self.sudo()
        administrator = self.env.is_system()  # before the write changes it
        result = super().write(vals)
        if "group_ids" in vals:
            self._recompute_share()
        if "company_ids" in vals:
            self._sync_multi_company_group()
        if not administrator and self._changes_access(vals):
            self._guard_administrators(after=True)
        return result

    def _sync_multi_company_group(self) -> None:
        """As in Odoo: a user allowed in several companies is in Multi Companies
        (``base.group_multi_company``), a user allowed in one is not."""
        group = self.env["ir.model.data"]._xmlid_to_res_id("base.group_multi_company")
        if group is None:
            return
        for user in self:
            many = len(user.sudo().company_ids) > 1
            member = group in user.group_ids.ids
            if many != member:
                user.write({"group_ids": [[4 if many else 3, group]]})

    def unlink(self) -> bool:
        """Delete users, except the ones a database cannot do without: the
        superuser, the administrator (archive them instead)."""
        self.check_access_rights("unlink")
        self._check_deletable()
        return super().unlink()

    def _check_deletable(self) -> None:
        """Refuse to delete the superuser or the administrator, in Odoo's words."""
        if SUPERUSER_ID in self._ids:
            raise UserError(
                "You can not remove the admin user as it is used internally for resources "
                "created by Odoo (updates, module installation, ...)"
            )
        admin = self.env.ref("base.user_admin")
        if admin is not None and admin.id in self._ids:
            raise UserError(
                "You cannot delete the admin user because it is utilized in various places "
                "(such as security configurations,...). Instead, archive it."
            )

    def check_access(self, operation: str) -> None:
        """The access lines and rules, then: only administrators change or delete
        an administrator."""
        super().check_access(operation)
        if operation in ("write", "unlink") and not self.env.is_system():
            self._guard_administrators(after=False)

    def _guard_administrators(self, after: bool) -> None:
        """For a caller who is not an administrator (Settings): refuse to change an
        administrator (``after`` false) or to have made one (``after`` true).
        Access Rights managers manage users, but could otherwise grant themselves
        Settings, or take over an administrator's account (a departure from Odoo,
        where Access Rights is all but Settings)."""
        env = self.env
        if env.su or not self._ids:
            return
        system = group_id(env, "base.group_system")
        if system is None or not any(system in read_user_groups(env, uid) for uid in self._ids):
            return
        if after:
            raise AccessError("Only administrators (Settings) can grant the Settings group.")
        raise AccessError("Only administrators (Settings) can change an administrator.")

    @api.constrains("company_id", "company_ids", "active")
    def _check_company(self) -> None:
        """An active user's default company is one of their companies."""
        for user in self:
            if user.active and user.company_id and user.company_id.id not in user.company_ids.ids:
                allowed = ", ".join(str(name) for name in user.company_ids.mapped("name"))
                raise ValidationError(
                    f"Company {user.company_id.name} is not in the allowed companies for "
                    f"user {user.name} ({allowed})."
                )

    @api.constrains("group_ids")
    def _check_disjoint_groups(self) -> None:
        """A user is of one type at most: internal, portal or public (directly or
        through the groups theirs imply), as in Odoo."""
        types = [gid for xmlid in USER_TYPE_GROUPS if (gid := group_id(self.env, xmlid))]
        for user in self:
            found = [gid for gid in user._all_group_ids_in_order() if gid in types]
            if len(found) > 1:
                names = self.env["res.groups"].sudo().browse(found).mapped("display_name")
                raise ValidationError(
                    f"User {user.name!r} cannot be at the same time in exclusive groups "
                    + ", ".join(repr(name) for name in names)
                    + "."
                )

    @api.depends("all_group_ids")
    def _compute_share(self) -> None:
        """A user who is not an internal user is a share (portal, public) user."""
        internal = group_id(self.env, "base.group_user")
        for user in self:
            user.share = internal not in read_user_groups(self.env, user.id)

    def _recompute_share(self) -> None:
        """Recompute these users' share flag (and what depends on it) after their
        groups or what their groups imply changed: the recompute engine does not
        follow ``all_group_ids``, computed on the fly, back to its inputs."""
        if self._ids:
            todo = {(self._name, "share"): set(self._ids)}
            self.env.registry.recomputer.recompute(self, todo)

    @api.depends("group_ids.all_implied_ids")
    def _compute_all_group_ids(self) -> None:
        for user in self:
            user.all_group_ids = user._all_group_ids_in_order()

    def _all_group_ids_in_order(self) -> list[int]:
        """The user's groups, each followed by those it implies, in Odoo's order
        (which its messages show)."""
        self.ensure_one()
        found: dict[int, None] = {}
        for group in self.sudo().group_ids:
            found.update(dict.fromkeys(group._implied_ids_in_order()))
        return list(found)

    def _search_all_group_ids(self, operator: str, value: Any) -> Any:
        """Users in one of the groups of ``value``, directly or through a group
        implying it; other conditions go to the groups' implied groups, as in Odoo
        (which supports none: an error)."""
        if operator != "in":
            return [["group_ids.all_implied_ids", operator, value]]
        groups = implying_closure(self.env, search_ids(self, value))
        return [["group_ids", "in", sorted(groups)]]

    @api.depends("all_group_ids")
    def _compute_accesses_count(self) -> None:
        """How many access lines, record rules and groups apply to each user."""
        access = self.env["ir.model.access"].sudo()
        rules = self.env["ir.rule"].sudo()
        for user in self:
            groups = sorted(read_user_groups(self.env, user.id))
            user.accesses_count = access.search_count([["group_id", "in", groups]])
            user.rules_count = rules.search_count([["groups", "in", groups]])
            user.groups_count = len(groups)

    @api.depends("group_ids")
    def _compute_role(self) -> None:
        for user in self:
            user.role = (
                "group_system"
                if user._has_group("base.group_system")
                else "group_user"
                if user._has_group("base.group_user")
                else False
            )

    def _inverse_ignored(self) -> None:
        """Writing the field changes nothing, as in Odoo (the user form works
        with it; integrations write ``group_ids``)."""

    def _compute_view_group_hierarchy(self) -> None:
        hierarchy = self.env["res.groups"]._view_group_hierarchy()
        for user in self:
            user.view_group_hierarchy = hierarchy

    @api.depends("name")
    def _compute_signature(self) -> None:
        """A user without a signature signs with their name."""
        for user in self:
            if user.name and not _HTML_BLANK.sub("", user.signature or ""):
                user.signature = f"<div>{escape(user.name)}</div>"

    def _compute_new_password(self) -> None:
        for user in self:
            user.new_password = ""

    def _inverse_new_password(self) -> None:
        """Set the password of another user (an empty value changes nothing); a
        user changes their own with ``change_password``, as in Odoo."""
        for user in self:
            if not user.new_password:
                continue
            if user.id == self.env.uid:
                raise UserError(
                    "Please use the change password wizard (in User Preferences or User menu) "
                    "to change your own password."
                )
            user.password = user.new_password

    @api.depends("company_id")
    def _compute_companies_count(self) -> None:
        count = self.env["res.company"].sudo().search_count([])
        for user in self:
            user.companies_count = count

    @api.depends("res_users_settings_ids")
    def _compute_res_users_settings_id(self) -> None:
        for user in self:
            settings = user.res_users_settings_ids
            user.res_users_settings_id = settings.ids[0] if settings else False

    def _search_res_users_settings_id(self, operator: str, value: Any) -> Any:
        return [["res_users_settings_ids", operator, value]]

    def _compute_email_domain_placeholder(self) -> None:
        """ "e.g. email@<the caller's email domain>", or "Email"."""
        caller = self.sudo().browse([self.env.uid])
        _, at, domain = str(caller.email or "").rpartition("@")
        placeholder = f"e.g. email@{domain}" if at and domain else "Email"
        for user in self:
            user.email_domain_placeholder = placeholder

    def _default_group_ids(self) -> list[int]:
        """New users are internal users (plus what the "Default access for new
        users" group implies) unless their groups say otherwise."""
        user = group_id(self.env, DEFAULT_GROUP)
        found = [user] if user else []
        template = group_id(self.env, DEFAULT_TEMPLATE_GROUP)
        if template:
            implied = self.env["res.groups"].sudo().browse([template]).implied_ids.ids
            found += [gid for gid in implied if gid not in found]
        return found

    def _company_ids_of(self, uid: int) -> tuple[int, ...]:
        """The companies of user ``uid``, the default one first (what the call's
        companies default to; see ``Environment.companies``)."""
        return user_company_ids(self.env, uid)

    def _group_closure(self) -> set[int]:
        """The ids of this user's groups and the groups they imply."""
        self.ensure_one()
        return set(user_group_ids(self.env, self.id))

    @api.readonly
    @api.depends("tz")
    def _compute_tz_offset(self) -> None:
        for user in self:
            user.tz_offset = tz_offset(user.tz)

    @api.readonly
    def get_company_currency_id(self) -> int | bool:
        """The id of the current company's currency."""
        return self.env.company.currency_id.id or False

    def has_group(self, group_ext_id: str) -> bool:
        """Whether this user (or the caller, on no record) belongs to the group named
        ``group_ext_id`` ("base.group_user"), directly or through implied groups.
        Users who are not internal users may only ask about themselves."""
        return self._user_to_ask()._has_group_outside_debug(group_ext_id)

    @api.readonly
    def has_groups(self, group_spec: str) -> bool:
        """Whether the user is in at least one of the comma-separated groups of
        ``group_spec`` and in none of those written ``!group``."""
        return self._user_to_ask()._passes_groups(group_spec)

    def _user_to_ask(self) -> Users:
        """The user ``has_group`` asks about: this one, or the caller on no record;
        AccessError when a user who is not internal asks about another."""
        user = self if self._ids else self.browse([self.env.uid])
        user.ensure_one()
        caller = self.browse([self.env.uid])
        if not (self.env.su or user.id == self.env.uid or caller._has_group("base.group_user")):
            raise AccessError("You can ony call user.has_group() with your current user.")
        return user

    def _caller_has_groups(self, group_spec: str) -> bool:
        """Whether the calling user passes ``group_spec`` (``has_groups``'s syntax:
        "base.group_user,!base.group_portal"); what fields with ``groups`` ask.
        Worked out once per transaction and specification."""
        caller = self.sudo().browse([self.env.uid])
        return passes_groups(self.env, group_spec, caller._passes_groups)

    def _passes_groups(self, group_spec: str) -> bool:
        """``has_groups`` without asking who wants to know."""
        if group_spec == ".":
            return False
        wanted = [g.strip() for g in group_spec.split(",") if g.strip()]
        has = self._has_group_outside_debug
        if any(has(g[1:]) for g in wanted if g.startswith("!")):
            return False
        positives = [g for g in wanted if not g.startswith("!")]
        return any(has(g) for g in positives) or not positives

    def _has_group_outside_debug(self, group_ext_id: str) -> bool:
        """``_has_group``, except for the technical features (``base.group_no_one``),
        effective in the web client's debug mode only in Odoo: never over the API."""
        return group_ext_id != DEBUG_GROUP and self._has_group(group_ext_id)

    def _has_group(self, group_ext_id: str) -> bool:
        """``has_group`` without asking who wants to know."""
        self.ensure_one()
        group = group_id(self.env, group_ext_id)
        return group is not None and group in user_group_ids(self.env, self.id)

    def _is_system(self) -> bool:
        """Whether this user administers the settings (``base.group_system``)."""
        return self._has_group("base.group_system")

    def _is_internal(self) -> bool:
        """Whether this user is an internal user (``base.group_user``)."""
        return self._has_group("base.group_user")

    def _search_display_name(self, op: str, value: Any) -> list[Any]:
        """As Odoo: a user named by an exact login (``in`` or ``ilike``) is that
        user alone; otherwise the default search (the name)."""
        domain = super()._search_display_name(op, value)
        if op in ("in", "ilike") and value:
            logins = [value] if isinstance(value, str) else value
            if ids := self._search_ids([["login", "in", logins]]):
                return [["id", "in", ids]]
        return domain

    def _name_search_ids(
        self, name: str, domain: list[Any], operator: str, limit: int | None
    ) -> list[int]:
        """As Odoo's web client expects: an exact login names its user alone, and
        the current user comes first among the users found (found again within
        ``domain`` when the limit cut it off)."""
        if name and operator not in NEGATIVE_OPERATORS:
            search = ["&", ["login", "=", name], *domain] if domain else [["login", "=", name]]
            if found := self._search_ids(search):
                return list(found)
        ids = super()._name_search_ids(name, domain, operator, limit)
        uid = self.env.uid
        if uid in ids:
            return [uid, *(i for i in ids if i != uid)]
        if limit is not None and len(ids) == limit:
            mine = ["&", ["id", "=", uid], *domain] if domain else [["id", "=", uid]]
            if super()._name_search_ids(name, mine, operator, 1):
                return [uid, *ids[:-1]]
        return ids

    def copy_data(self, default: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """A copy gets a partner of its own, named "<name> (copy)", and the login
        "<login> (copy)", unless ``default`` says otherwise."""
        default = dict(default or {})
        vals_list = super().copy_data(default)
        for user, vals in zip(self, vals_list, strict=True):
            if "partner_id" not in default and "name" not in default:
                vals["name"] = f"{user.name} (copy)"
            if "login" not in default:
                vals["login"] = f"{user.login} (copy)"
        return vals_list

    @check_identity
    def api_key_wizard(self) -> dict[str, Any]:
        """The action of the account settings' "New API Key" dialog (identity checked)."""
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.users.apikeys.description",
            "name": "New API Key",
            "target": "new",
            "views": [[False, "form"]],
        }

    @api.model
    @api.readonly
    def context_get(self) -> dict[str, Any]:
        """The calling user's context: language, timezone and id (the ``uid`` a
        context carries changes nothing)."""
        user = self.sudo().browse([self.env.uid])
        values = user.read(["lang", "tz"], load=None)
        row = values[0] if values else {"lang": False, "tz": False}
        return {"lang": row["lang"], "tz": row["tz"], "uid": self.env.uid}

    def _check_password(self, password: str) -> bool:
        """Whether ``password`` is this active user's password."""
        self.ensure_one()
        rows = self.env.cr.execute(
            'SELECT password FROM "res_users" WHERE id = %s AND active IS TRUE', [self.id]
        )
        return bool(rows) and verify_password(rows[0][0], password)

    @api.model
    def change_password(self, old_passwd: str, new_passwd: str) -> bool:
        """Change the caller's own password, given the current one (an API key does
        not stand in for it here); failures count toward the login guard."""
        if not old_passwd:
            raise AccessDenied()
        me = self.browse([self.env.uid])
        with self._assert_can_auth():
            if not me._check_password(old_passwd):
                raise AccessDenied()
        me.sudo()._change_password(new_passwd)
        return True

    def _change_password(self, new_passwd: str) -> None:
        """Set this user's password (never logged); blank ones are refused."""
        self.ensure_one()
        if not (new_passwd or "").strip():  # kept as typed: only a blank one is refused
            raise UserError("Setting empty passwords is not allowed for security reasons!")
        _logger.info(
            "password of user #%s changed by user #%s from %s",
            self.id,
            self.env.uid,
            self.env.transaction.remote_addr or "n/a",
        )
        self.write({"password": new_passwd})

    def _login(self, login: str, password: str, api_key: bool = False) -> int:
        """The id of the active user ``login`` whose password is ``password`` (or,
        with ``api_key``, one of their API keys of scope ``rpc``: the legacy
        endpoints' logins, never an interactive sign-in); AccessDenied otherwise,
        counted by the login guard."""
        with self._assert_can_auth():
            users = self.sudo().with_context(active_test=True)
            found = users._search_ids([["login", "=", login]], limit=1) if login else []
            if not found:
                verify_password(_dummy_hash(), password or "-")  # same time as a known login
                raise AccessDenied()
            user = users.browse(found)
            keys = self.env["res.users.apikeys"]
            if not user._check_password(password or "") and not (
                api_key and keys._check_credentials("rpc", password or "") == user.id
            ):
                raise AccessDenied()
            user._update_last_login()
            return user.id

    def _update_last_login(self) -> None:
        """Note a sign-in of this user: a new log line, whose time is the user's
        ``login_date`` (and makes the user "Confirmed"), as each sign-in does in Odoo."""
        self.env["res.users.log"].with_user(self.id).sudo().create({})

    @contextlib.contextmanager
    def _assert_can_auth(self) -> Iterator[None]:
        """Guard an authentication attempt: refused at once while the client's address
        is cooling down after ``base.login_cooldown_after`` failures (0 disables),
        for ``base.login_cooldown_duration`` seconds after the last failure. The
        counts live in this process (each worker has its own), as Odoo's do."""
        address = self.env.transaction.remote_addr or "-"
        caches = self.env.registry.caches
        failures = caches.login_failures
        after, duration = self._cooldown_settings()
        count, last = failures.get(address, (0, 0.0))
        if after and count >= after and caches.clock() - last < duration:
            _logger.warning("authentication refused from %s: too many failures", address)
            raise AccessDenied(TOO_MANY_FAILURES)
        try:
            yield
        except AccessDenied:
            failures[address] = (count + 1, caches.clock())
            _logger.info("authentication failed from %s", address)
            raise
        failures.pop(address, None)

    def _cooldown_settings(self) -> tuple[int, float]:
        """(failures before a cooldown, its length in seconds), from the settings."""
        params = self.env["ir.config_parameter"].sudo()
        try:
            after = int(params.get_param("base.login_cooldown_after", 5))
            duration = float(params.get_param("base.login_cooldown_duration", 60))
        except (TypeError, ValueError):
            after, duration = 5, 60.0
        return after, duration
