"""The access-rights matrix of issue 5: users x models x operations, through JSON-2.

Four users, each calling with an API key of their own: the demo administrator
(Settings, Contact Creation, Multi-company; both companies), the demo internal
user ``demo`` (Internal User, Contact Creation; the main company only), a portal
user (Portal only; a contact of a company partner made for the module) and an
internal user of the second company (Internal User, Contact Creation; company B
only). Covered, with the exact status, error name and message:

* res.partner: searches (search, search_read, search_count, name_search) filtered
  silently by the record rules of each user, dotted-path and sub-searches too;
  reading, writing, deleting, copying, asking the metadata of a record outside
  them refused record by record (with Odoo's multi-company hints, given only
  when a rule of the model that refuses the records mentions ``company_id``); writing,
  creating and deleting refused model-wide to the portal user; many2one values
  naming a record the caller cannot read, x2many values leaving it out;
* res.company, res.users (their rules; writing one's own harmless fields);
* res.groups, ir.model.access, ir.rule, ir.model.data, ir.config_parameter,
  res.users.apikeys, ir.model, ir.model.fields: reads and writes per the shipped
  access lines;
* has_access and check_access_rights, with and without ids;
* ``allowed_company_ids`` in the context;
* the groups a model-level refusal names: as Odoo 19 (``group_names_with_access``),
  only those an active access line of that very model grants the operation to,
  sorted by name (not the groups implying them, not the lines of ``_inherits``
  parents), checked against ``security/ir.model.access.csv`` too;
* record rules created, archived, regrouped and deleted at run time through
  JSON-2, access lines and group memberships changed the same way or by another
  process: all taking effect on the next call, no restart; invalid rule domains
  refused, leaving nothing behind; group rules ORed together and ANDed with
  global ones, on reading and creating.

Every test runs on SQLite and on PostgreSQL. The users and partners are made
once per module; what a test creates besides (rules, tags, settings) it
removes, whatever happens.
"""

from __future__ import annotations

import csv
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

import httpx
import pytest

from jsontwo.modules.base.models.users import SELF_WRITEABLE_FIELDS
from jsontwo.orm import Environment, Registry
from jsontwo.service.apikeys import create_api_key
from jsontwo.service.databases import with_superuser
from tests.conftest import Api
from tests.http.test_json2 import assert_error, assert_ok
from tests.modules.base.companies import second_company
from tests.modules.base.test_apikeys import new_user

ACCESS_ERROR = "odoo.exceptions.AccessError"
VALIDATION_ERROR = "odoo.exceptions.ValidationError"
COMPANY_B_NAME = "My Company (Chicago)"
MAIN_COMPANY_NAME = "YourCompany"
#: the group names a model-level refusal lists: the groups an access line of that
#: model grants the operation to, sorted by name (not the groups implying them);
#: see ``test_the_refusals_list_the_groups_of_the_shipped_access_lines``
INTERNAL_USER = ["Role / User"]
INTERNAL_USER_AND_SETTINGS = ["Role / User", "Role / Administrator"]
ACCESS_RIGHTS = ["Access Rights"]
ACCESS_RIGHTS_AND_INTERNAL_USER = ["Access Rights", "Role / User"]
ACCESS_RIGHTS_AND_SETTINGS = ["Access Rights", "Role / Administrator"]
SETTINGS = ["Role / Administrator"]
CONTACT_CREATION = ["Contact / Creation"]
CONTACT_CREATION_AND_INTERNAL_USER = ["Contact / Creation", "Role / User"]
NO_GROUP: list[str] = []
#: the display names of the groups of the shipped access lines
GROUP_NAMES = {
    "base.group_user": "Role / User",
    "base.group_erp_manager": "Access Rights",
    "base.group_system": "Role / Administrator",
    "base.group_portal": "Role / Portal",
    "base.group_public": "Role / Public",
    "base.group_partner_manager": "Contact / Creation",
}
UNAUTHORIZED_COMPANIES = "Access to unauthorized or invalid companies."
TOO_DEEP = "Invalid domain: the expression is nested too deeply"
CAN_SWITCH = (
    "\n\nThis seems to be a multi-company issue, you might be able to access the record "
    "by switching to the company: {}."
)
CANNOT_SWITCH = (
    "\n\nThis seems to be a multi-company issue, but you do not have access to the proper "
    "company to access the record anyhow."
)
VERBS = {"read": "access", "write": "modify", "create": "create", "unlink": "delete"}


def unique(prefix: str) -> str:
    """A name no other test uses (the database is shared by the module)."""
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


def model_denied(operation: str, description: str, model: str, groups: list[str]) -> str:
    """Odoo's refusal of ``operation`` on a whole model, naming the groups allowing it."""
    if groups:
        listing = "\n".join(f"\t- {name}" for name in groups)
        info = f"This operation is allowed for the following groups:\n{listing}"
    else:
        info = "No group currently allows this operation."
    return (
        f"You are not allowed to {VERBS[operation]} '{description}' ({model}) records.\n\n"
        f"{info}\n\nContact your administrator to request access if necessary."
    )


def shipped_access_groups(model: str, operation: str) -> list[str]:
    """The names of the groups the shipped access lines of ``model``
    (``security/ir.model.access.csv``) grant ``operation`` to, sorted."""
    text = (
        resources.files("jsontwo.modules.base")
        .joinpath("security", "ir.model.access.csv")
        .read_text(encoding="utf-8")
    )
    table = "model_" + model.replace(".", "_")
    names = {
        GROUP_NAMES[row["group_id:id"]]
        for row in csv.DictReader(text.splitlines())
        if row["model_id:id"] == table and row["group_id:id"] and row[f"perm_{operation}"] == "1"
    }
    return sorted(names)


@dataclass(frozen=True)
class Actor:
    """A user calling with an API key of their own."""

    uid: int
    name: str
    key: str
    partner_id: int


def record_denied(
    actor: Actor, operation: str, description: str, model: str, hint: str = ""
) -> str:
    """Odoo's refusal of ``operation`` on records outside ``actor``'s record rules."""
    return (
        "Uh-oh! Looks like you have stumbled upon some top-secret records.\n\n"
        f"Sorry, {actor.name} (id={actor.uid}) doesn't have '{operation}' access to:\n"
        f"- {description} ({model})\n\n"
        "If you really, really need access, perhaps you can win over your friendly "
        "administrator with a batch of freshly baked cookies." + hint
    )


@dataclass(frozen=True)
class World:
    """The module's users, companies and partners."""

    admin: Actor
    demo: Actor
    portal: Actor
    b_user: Actor
    main_company: int
    company_b: int
    #: partners: of the main company, of company B, of no company
    p_main: int
    p_b: int
    p_none: int
    #: a contact (no company) of the hidden-to-demo ``p_b``
    orphan: int
    #: a contact (of company B) of the visible-to-demo ``p_main``
    kid: int
    #: the portal user's company, and another of its contacts
    customer: int
    colleague: int
    names: dict[int, str]

    def actor(self, role: str) -> Actor:
        """The user playing ``role`` (admin, demo, portal, b_user)."""
        found = getattr(self, role)
        assert isinstance(found, Actor)
        return found

    def partners(self, *attrs: str) -> set[int]:
        """The ids of the partners named by attribute (``portal`` etc: the user's partner)."""
        found: set[int] = set()
        for attr in attrs:
            value = getattr(self, attr)
            found.add(value.partner_id if isinstance(value, Actor) else value)
        return found

    @property
    def all_partners(self) -> list[int]:
        """Every partner the matrix looks at (the admin sees every one)."""
        return sorted(self.partners(*VISIBLE_PARTNERS["admin"]))


def _actor(registry: Registry, uid: int, key: str) -> Actor:
    def work(env: Environment) -> tuple[str, int]:
        user = env["res.users"].browse([uid])
        return str(user.name), int(user.partner_id.id)

    name, partner = with_superuser(registry, work, defer_write_lock=True)
    return Actor(uid, name, key, partner)


@pytest.fixture(scope="module")
def world(registry: Registry, admin_key: str) -> World:
    """The users (each with a key) and partners of the matrix."""
    second_company(registry)
    portal = new_user(registry, groups=["base.group_portal"])
    b_user = new_user(registry, groups=["base.group_user", "base.group_partner_manager"])
    demo_key = create_api_key(registry, "demo", "tests")
    token = unique("matrix")

    def work(env: Environment) -> dict[str, Any]:
        main = env.ref("base.main_company")
        second = env.ref("base.demo_company_b")
        demo = env.ref("base.user_demo")
        assert main is not None and second is not None and demo is not None
        partners = env["res.partner"]
        ids = {
            "p_main": partners.create(
                {"name": f"{token} main", "is_company": True, "company_id": main.id}
            ).id,
            "p_b": partners.create(
                {"name": f"{token} chicago", "is_company": True, "company_id": second.id}
            ).id,
            "p_none": partners.create({"name": f"{token} nocompany"}).id,
            "customer": partners.create({"name": f"{token} customer", "is_company": True}).id,
        }
        ids["orphan"] = partners.create(
            {"name": f"{token} orphan", "parent_id": ids["p_b"], "company_id": False}
        ).id
        ids["kid"] = partners.create(
            {"name": f"{token} kid", "parent_id": ids["p_main"], "company_id": second.id}
        ).id
        ids["colleague"] = partners.create(
            {"name": f"{token} colleague", "parent_id": ids["customer"]}
        ).id
        users = env["res.users"]
        users.browse([portal.uid]).partner_id.write({"parent_id": ids["customer"]})
        b = users.browse([b_user.uid])
        b.write({"company_ids": [[6, 0, [second.id]]], "company_id": second.id})
        b.partner_id.write({"company_id": second.id})
        ids["names"] = {p.id: str(p.name) for p in partners.browse(list(ids.values()))}
        ids["main_company"] = main.id
        ids["company_b"] = second.id
        ids["demo_uid"] = demo.id
        return ids

    ids = with_superuser(registry, work)
    names = ids.pop("names")
    demo_uid = ids.pop("demo_uid")
    return World(
        admin=_actor(registry, 2, admin_key),
        demo=_actor(registry, demo_uid, demo_key),
        portal=_actor(registry, portal.uid, portal.key),
        b_user=_actor(registry, b_user.uid, b_user.key),
        names=names,
        **ids,
    )


def call(api: Api, actor: Actor, model: str, method: str, body: Any = None) -> httpx.Response:
    """A JSON-2 call as ``actor``."""
    return api.call(model, method, body or {}, key=actor.key)


def ok(api: Api, actor: Actor, model: str, method: str, body: Any = None) -> Any:
    """The value of a successful JSON-2 call as ``actor``."""
    return assert_ok(call(api, actor, model, method, body))


def denied(response: httpx.Response, message: str) -> None:
    """The call was refused with an AccessError saying ``message``."""
    assert_error(response, 403, ACCESS_ERROR, message)


def search_ids(
    api: Api, actor: Actor, model: str, domain: list[Any], context: dict[str, Any] | None = None
) -> set[int]:
    """The ids ``search`` finds for ``actor`` (with ``context``)."""
    body: dict[str, Any] = {"domain": domain}
    if context:
        body["context"] = context
    found = ok(api, actor, model, "search", body)
    assert isinstance(found, list)
    return set(found)


def model_id(api: Api, world: World, model: str) -> int:
    """The id of ``model``'s ir.model row."""
    found = ok(api, world.admin, "ir.model", "search", {"domain": [["model", "=", model]]})
    assert len(found) == 1
    return int(found[0])


def group(api: Api, world: World, xmlid: str) -> int:
    """The id of the group with external id ``xmlid``."""
    module, name = xmlid.split(".")
    rows = ok(
        api,
        world.admin,
        "ir.model.data",
        "search_read",
        {"domain": [["module", "=", module], ["name", "=", name]], "fields": ["res_id"]},
    )
    assert len(rows) == 1
    return int(rows[0]["res_id"])


# --- res.partner ----------------------------------------------------------------------

#: who sees which of the module's partners (attributes of World)
VISIBLE_PARTNERS = {
    "admin": (
        "p_main",
        "p_b",
        "p_none",
        "orphan",
        "kid",
        "customer",
        "colleague",
        "admin",
        "demo",
        "portal",
        "b_user",
    ),
    "demo": (
        "p_main",
        "p_none",
        "orphan",
        "customer",
        "colleague",
        "admin",
        "demo",
        "portal",
        "b_user",
    ),
    "b_user": (
        "p_b",
        "p_none",
        "orphan",
        "kid",
        "customer",
        "colleague",
        "admin",
        "demo",
        "portal",
        "b_user",
    ),
    "portal": ("customer", "colleague", "portal"),
}


@pytest.mark.parametrize("role", sorted(VISIBLE_PARTNERS))
def test_partner_searches_are_filtered_silently(api: Api, world: World, role: str) -> None:
    actor = world.actor(role)
    expected = world.partners(*VISIBLE_PARTNERS[role])
    domain = [["id", "in", world.all_partners]]
    assert search_ids(api, actor, "res.partner", domain) == expected
    rows = ok(api, actor, "res.partner", "search_read", {"domain": domain, "fields": ["name"]})
    assert {row["id"] for row in rows} == expected
    count = ok(api, actor, "res.partner", "search_count", {"domain": domain})
    assert count == len(expected)


def test_a_portal_user_sees_its_commercial_partner_and_its_contacts_only(
    api: Api, world: World
) -> None:
    assert search_ids(api, world.portal, "res.partner", []) == world.partners(
        "customer", "colleague", "portal"
    )
    assert ok(api, world.portal, "res.partner", "search_count", {"domain": []}) == 3


@pytest.mark.parametrize("role", sorted(VISIBLE_PARTNERS))
def test_name_search_is_filtered(api: Api, world: World, role: str) -> None:
    actor = world.actor(role)
    token = world.names[world.p_main].split()[0]
    found = ok(api, actor, "res.partner", "name_search", {"name": token, "limit": 100})
    # the portal user's partner too: its display name begins with its company's
    made = world.partners(
        "p_main", "p_b", "p_none", "orphan", "kid", "customer", "colleague", "portal"
    )
    expected = made & world.partners(*VISIBLE_PARTNERS[role])
    assert {pair[0] for pair in found} == expected


@pytest.mark.parametrize(
    ("role", "target", "hint"),
    [
        # the global company rule fails (it mentions company_id), and the record's
        # company is not one of the user's
        ("demo", "p_b", CANNOT_SWITCH),
        ("b_user", "p_main", CANNOT_SWITCH),
        ("portal", "p_b", CANNOT_SWITCH),
        # the global rule lets the record through; only the portal group rule fails,
        # and it does not mention company_id: no multi-company hint, though the
        # record has a company (main) and the rule for companies exists
        ("portal", "p_main", ""),
        ("portal", "p_none", ""),
    ],
)
def test_reading_a_partner_outside_the_rules_is_refused(
    api: Api, world: World, role: str, target: str, hint: str
) -> None:
    actor = world.actor(role)
    ids = [getattr(world, target)]
    expected = record_denied(actor, "read", "Contact", "res.partner", hint)
    denied(call(api, actor, "res.partner", "read", {"ids": ids, "fields": ["name"]}), expected)
    # a batch with one readable record is refused all the same
    both = [*ids, actor.partner_id]
    denied(call(api, actor, "res.partner", "read", {"ids": both, "fields": ["name"]}), expected)


def test_a_company_the_user_may_switch_to_is_suggested(api: Api, world: World) -> None:
    context = {"allowed_company_ids": [world.main_company]}
    body = {"ids": [world.p_b], "fields": ["name"], "context": context}
    hint = CAN_SWITCH.format(COMPANY_B_NAME)
    expected = record_denied(world.admin, "read", "Contact", "res.partner", hint)
    denied(call(api, world.admin, "res.partner", "read", body), expected)
    context = {"allowed_company_ids": [world.company_b]}
    body = {"ids": [world.p_main], "fields": ["name"], "context": context}
    hint = CAN_SWITCH.format(MAIN_COMPANY_NAME)
    expected = record_denied(world.admin, "read", "Contact", "res.partner", hint)
    denied(call(api, world.admin, "res.partner", "read", body), expected)


def test_contact_creation_writes_and_deletes_visible_contacts(api: Api, world: World) -> None:
    demo = world.demo
    assert ok(
        api, demo, "res.partner", "write", {"ids": [world.p_main], "vals": {"function": "CEO"}}
    )
    created = ok(api, demo, "res.partner", "create", {"vals_list": [{"name": unique("temp")}]})
    assert ok(api, demo, "res.partner", "unlink", {"ids": created}) is True
    assert not search_ids(api, world.admin, "res.partner", [["id", "in", created]])
    for operation, method, body in [
        ("write", "write", {"ids": [world.p_b], "vals": {"function": "CEO"}}),
        ("unlink", "unlink", {"ids": [world.p_b]}),
    ]:
        expected = record_denied(demo, operation, "Contact", "res.partner", CANNOT_SWITCH)
        denied(call(api, demo, "res.partner", method, body), expected)
    rows = ok(api, world.admin, "res.partner", "read", {"ids": [world.p_b], "fields": ["function"]})
    assert rows[0]["function"] is False


def test_creating_a_partner_outside_the_rules_is_refused(api: Api, world: World) -> None:
    name = unique("elsewhere")
    vals = {"name": name, "company_id": world.company_b}
    expected = record_denied(world.demo, "create", "Contact", "res.partner", CANNOT_SWITCH)
    denied(call(api, world.demo, "res.partner", "create", {"vals_list": [vals]}), expected)
    assert not search_ids(api, world.admin, "res.partner", [["name", "=", name]])


def test_the_portal_user_neither_writes_nor_creates_nor_deletes_partners(
    api: Api, world: World
) -> None:
    portal = world.portal
    for operation, method, body in [
        ("write", "write", {"ids": [portal.partner_id], "vals": {"function": "x"}}),
        ("create", "create", {"vals_list": [{"name": unique("portal")}]}),
        ("unlink", "unlink", {"ids": [world.colleague]}),
    ]:
        expected = model_denied(operation, "Contact", "res.partner", CONTACT_CREATION)
        denied(call(api, portal, "res.partner", method, body), expected)


def test_dotted_paths_do_not_reveal_hidden_records(api: Api, world: World) -> None:
    hidden_parent = world.names[world.p_b]
    domain: list[Any] = [["parent_id.name", "=", hidden_parent]]
    assert search_ids(api, world.admin, "res.partner", domain) == {world.orphan}
    assert search_ids(api, world.demo, "res.partner", domain) == set()
    count = ok(api, world.demo, "res.partner", "search_count", {"domain": domain})
    assert count == 0
    # the same question through ``any``, and through a company the user cannot read
    domain = [["parent_id", "any", [["name", "=", hidden_parent]]]]
    assert search_ids(api, world.demo, "res.partner", domain) == set()
    # the company B user's partner is visible to demo (an internal user's) ...
    assert search_ids(
        api, world.demo, "res.partner", [["company_id", "=", world.company_b]]
    ) == world.partners("b_user")
    # ... but company B itself is not: a search through it finds nothing
    domain = [["company_id.name", "=", COMPANY_B_NAME]]
    assert search_ids(api, world.admin, "res.partner", domain) >= world.partners("p_b", "b_user")
    assert search_ids(api, world.demo, "res.partner", domain) == set()
    # whoever asks first, the answer is each caller's own
    domain = [["parent_id.name", "ilike", hidden_parent]]
    assert search_ids(api, world.demo, "res.partner", domain) == set()
    assert search_ids(api, world.admin, "res.partner", domain) == {world.orphan}
    assert search_ids(api, world.b_user, "res.partner", domain) == {world.orphan}
    assert search_ids(api, world.demo, "res.partner", domain) == set()
    # the hidden parent is not revealed by its children either
    domain = [["child_ids.name", "=", world.names[world.orphan]]]
    assert search_ids(api, world.admin, "res.partner", domain) == {world.p_b}
    assert search_ids(api, world.demo, "res.partner", domain) == set()


def test_many2one_values_name_records_the_caller_cannot_read(api: Api, world: World) -> None:
    """Odoo reads the display name of a many2one's value as the superuser: the
    visibility of a value is that of the record holding it."""
    rows = ok(
        api,
        world.demo,
        "res.partner",
        "read",
        {"ids": [world.orphan], "fields": ["parent_id", "commercial_partner_id"]},
    )
    pair = [world.p_b, world.names[world.p_b]]
    assert rows == [{"id": world.orphan, "parent_id": pair, "commercial_partner_id": pair}]
    rows = ok(
        api,
        world.demo,
        "res.partner",
        "read",
        {"ids": [world.b_user.partner_id], "fields": ["company_id"]},
    )
    assert rows[0]["company_id"] == [world.company_b, COMPANY_B_NAME]
    # the record itself stays out of reach
    denied(
        call(
            api, world.demo, "res.company", "read", {"ids": [world.company_b], "fields": ["name"]}
        ),
        record_denied(world.demo, "read", "Companies", "res.company"),
    )


def test_x2many_values_leave_out_records_the_caller_cannot_read(api: Api, world: World) -> None:
    """Odoo reads one2many and many2many values with a search as the caller: the
    comodel's record rules filter them."""
    body = {"ids": [world.p_main], "fields": ["child_ids"]}
    assert ok(api, world.admin, "res.partner", "read", body)[0]["child_ids"] == [world.kid]
    assert ok(api, world.demo, "res.partner", "read", body)[0]["child_ids"] == []
    body = {"ids": [world.admin.uid], "fields": ["company_ids"]}
    both = {world.main_company, world.company_b}
    assert set(ok(api, world.admin, "res.users", "read", body)[0]["company_ids"]) == both
    assert ok(api, world.demo, "res.users", "read", body)[0]["company_ids"] == [world.main_company]
    assert ok(api, world.b_user, "res.users", "read", body)[0]["company_ids"] == [world.company_b]


def test_copying_or_asking_the_metadata_of_a_hidden_record_is_refused(
    api: Api, world: World
) -> None:
    expected = record_denied(world.demo, "read", "Contact", "res.partner", CANNOT_SWITCH)
    denied(call(api, world.demo, "res.partner", "copy", {"ids": [world.p_b]}), expected)
    denied(call(api, world.demo, "res.partner", "get_metadata", {"ids": [world.p_b]}), expected)
    assert not search_ids(
        api, world.admin, "res.partner", [["name", "=", f"{world.names[world.p_b]} (copy)"]]
    )
    metadata = ok(api, world.demo, "res.partner", "get_metadata", {"ids": [world.p_main]})
    assert [row["id"] for row in metadata] == [world.p_main]


# --- res.company ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "companies"),
    [
        ("admin", ("main_company", "company_b")),
        ("demo", ("main_company",)),
        ("portal", ("main_company",)),
        ("b_user", ("company_b",)),
    ],
)
def test_users_see_their_companies(
    api: Api, world: World, role: str, companies: tuple[str, ...]
) -> None:
    expected = {getattr(world, name) for name in companies}
    assert search_ids(api, world.actor(role), "res.company", []) == expected


@pytest.mark.parametrize("role", ["demo", "b_user", "portal"])
def test_only_managers_change_companies(api: Api, world: World, role: str) -> None:
    actor = world.actor(role)
    mine = world.company_b if role == "b_user" else world.main_company
    body = {"ids": [mine], "vals": {"email": "x@example.com"}}
    # the access line on res.company granting writes is for Access Rights only
    expected = model_denied("write", "Companies", "res.company", ACCESS_RIGHTS)
    denied(call(api, actor, "res.company", "write", body), expected)


def test_administrators_change_companies(api: Api, world: World) -> None:
    body = {"ids": [world.company_b], "fields": ["email"]}
    before = ok(api, world.admin, "res.company", "read", body)[0]["email"]
    try:
        assert ok(
            api,
            world.admin,
            "res.company",
            "write",
            {"ids": [world.company_b], "vals": {"email": "chicago@example.com"}},
        )
        rows = ok(api, world.admin, "res.company", "read", body)
        assert rows[0]["email"] == "chicago@example.com"
    finally:
        ok(
            api,
            world.admin,
            "res.company",
            "write",
            {"ids": [world.company_b], "vals": {"email": before}},
        )


# --- res.users ------------------------------------------------------------------------


def test_the_users_rule(api: Api, world: World) -> None:
    users = [world.admin.uid, world.demo.uid, world.portal.uid, world.b_user.uid]
    domain = [["id", "in", users]]
    assert search_ids(api, world.demo, "res.users", domain) == set(users)
    # a share user of another company is hidden: internal users are not
    assert search_ids(api, world.b_user, "res.users", domain) == set(users) - {world.portal.uid}
    # res.users inherits res.partner: the partner's rules apply to users too, and the
    # portal user reads no partner but its company's
    assert search_ids(api, world.portal, "res.users", domain) == {world.portal.uid}
    # the users rule fails (it mentions company_ids) and the portal user's company is
    # not b_user's: the multi-company hint
    expected = record_denied(world.b_user, "read", "User", "res.users", CANNOT_SWITCH)
    body = {"ids": [world.portal.uid], "fields": ["name"]}
    denied(call(api, world.b_user, "res.users", "read", body), expected)
    # refused by the partner rules (of the ``_inherits`` parent) only: the users rule
    # lets an internal user through, and a parent's rules are not blamed, so no hint
    expected = record_denied(world.portal, "read", "User", "res.users")
    for uid in (world.demo.uid, world.admin.uid):
        body = {"ids": [uid], "fields": ["name"]}
        denied(call(api, world.portal, "res.users", "read", body), expected)


def test_users_change_harmless_fields_of_their_own(api: Api, world: World) -> None:
    demo = world.demo
    fields = ["name", "email", "lang", "tz", "phone"]
    before = ok(api, demo, "res.users", "read", {"ids": [demo.uid], "fields": fields})[0]
    vals = {
        "name": "Marc Demo Renamed",
        "email": "marc@example.com",
        "lang": "en_US",
        "tz": "Europe/Paris",
        "phone": "+32 81 81 37 00",
    }
    try:
        assert ok(api, demo, "res.users", "write", {"ids": [demo.uid], "vals": vals}) is True
        after = ok(api, demo, "res.users", "read", {"ids": [demo.uid], "fields": fields})[0]
        assert {name: after[name] for name in vals} == vals
    finally:
        restore = {name: before[name] for name in fields}
        ok(api, world.admin, "res.users", "write", {"ids": [demo.uid], "vals": restore})


def test_the_fields_users_change_on_their_own_are_fields_of_users(api: Api, world: World) -> None:
    """Odoo's list names ``mobile`` too: res.users has none here, so it is not
    listed (nor are ``action_id``, ``company_id`` and ``api_key_ids``, which
    users change otherwise here)."""
    assert {"name", "email", "phone", "lang", "tz", "image_1920", "signature"} == (
        SELF_WRITEABLE_FIELDS
    )
    described = ok(api, world.demo, "res.users", "fields_get", {"attributes": ["type"]})
    assert set(described) >= SELF_WRITEABLE_FIELDS
    assert "mobile" not in described


def test_users_do_not_change_their_groups_login_or_other_users(api: Api, world: World) -> None:
    demo = world.demo
    system = group(api, world, "base.group_system")
    login = unique("login")
    messages = []
    for ids, vals in [
        ([demo.uid], {"group_ids": [[4, system]]}),
        ([demo.uid], {"login": login}),
        ([demo.uid], {"name": "Marc", "login": login}),
        # a field Odoo lets users change on their own, which res.users lacks here
        ([demo.uid], {"name": "Marc", "mobile": "x"}),
        ([world.admin.uid], {"email": "hacked@example.com"}),
        ([world.b_user.uid], {"name": "Someone Else"}),
    ]:
        response = call(api, demo, "res.users", "write", {"ids": ids, "vals": vals})
        messages.append(assert_error(response, 403, ACCESS_ERROR)["message"])
    body = {"vals_list": [{"login": login, "name": "New"}]}
    response = call(api, demo, "res.users", "create", body)
    create_message = assert_error(response, 403, ACCESS_ERROR)["message"]
    rows = ok(
        api,
        world.admin,
        "res.users",
        "read",
        {
            "ids": [demo.uid, world.admin.uid, world.b_user.uid],
            "fields": ["group_ids", "login", "name", "email"],
        },
    )
    assert system not in rows[0]["group_ids"]
    assert rows[0]["login"] == "demo"
    assert rows[1]["email"] != "hacked@example.com"
    assert rows[2]["name"] != "Someone Else"
    assert not search_ids(api, world.admin, "res.users", [["login", "=", login]])
    # the groups listed: that of the access line on res.users granting it (Access
    # Rights), not the groups implying it (Settings)
    expected = model_denied("write", "User", "res.users", ACCESS_RIGHTS)
    assert messages == [expected] * len(messages)
    assert create_message == model_denied("create", "User", "res.users", ACCESS_RIGHTS)


def test_users_change_their_own_signature(api: Api, world: World) -> None:
    demo = world.demo
    signature = f"<p>{unique('sig')}</p>"
    body = {"ids": [demo.uid], "vals": {"signature": signature}}
    assert ok(api, demo, "res.users", "write", body) is True
    rows = ok(api, demo, "res.users", "read", {"ids": [demo.uid], "fields": ["signature"]})
    assert rows[0]["signature"] == signature
    body = {"ids": [world.b_user.uid], "vals": {"signature": signature}}
    response = call(api, demo, "res.users", "write", body)
    assert_error(response, 403, ACCESS_ERROR)


def test_administrators_write_users(api: Api, world: World) -> None:
    body = {
        "ids": [world.b_user.uid],
        "vals": {"phone": "+1 312 555 0100", "tz": "America/Chicago"},
    }
    assert ok(api, world.admin, "res.users", "write", body) is True
    rows = ok(
        api,
        world.admin,
        "res.users",
        "read",
        {"ids": [world.b_user.uid], "fields": ["phone", "tz"]},
    )
    assert rows[0]["phone"] == "+1 312 555 0100"
    assert rows[0]["tz"] == "America/Chicago"


# --- technical models: read and write per the access lines -----------------------------

#: (model, description, a search domain finding something, the groups an access line
#: lets read it, those it lets write, create and delete it): nobody but the members of
#: those groups (or of groups implying them) reads or writes
TECHNICAL: list[tuple[str, str, list[Any], list[str], list[str]]] = [
    ("res.groups", "Access Groups", [], ACCESS_RIGHTS_AND_INTERNAL_USER, ACCESS_RIGHTS),
    ("ir.model.access", "Model Access", [], ACCESS_RIGHTS, ACCESS_RIGHTS),
    ("ir.rule", "Record Rule", [], ACCESS_RIGHTS, ACCESS_RIGHTS),
    ("ir.model.data", "Model Data", [], ACCESS_RIGHTS, ACCESS_RIGHTS),
    ("ir.config_parameter", "System Parameter", [], SETTINGS, SETTINGS),
]
#: the groups of each role, implied groups included, as the access lines see them
ROLE_GROUPS = {
    "admin": {
        "Access Rights",
        "Role / User",
        "Role / Administrator",
        "Contact / Creation",
        "Export / Allowed",
        "Bypass HTML Field Sanitize",
        "Technical Features",
        "Technical Documentation",
    },
    "demo": {"Role / User", "Contact / Creation"},
    "b_user": {"Role / User", "Contact / Creation"},
    "portal": {"Role / Portal"},
}


@pytest.mark.parametrize("role", sorted(ROLE_GROUPS))
@pytest.mark.parametrize(
    ("model", "description", "domain", "readers", "writers"),
    TECHNICAL,
    ids=[row[0] for row in TECHNICAL],
)
def test_technical_models_follow_the_access_lines(
    api: Api,
    world: World,
    role: str,
    model: str,
    description: str,
    domain: list[Any],
    readers: list[str],
    writers: list[str],
) -> None:
    actor = world.actor(role)
    some = ok(api, world.admin, model, "search", {"domain": domain, "limit": 1})
    assert some
    reads = bool(ROLE_GROUPS[role] & set(readers))
    for method, body in [
        ("search", {"domain": domain, "limit": 1}),
        ("search_count", {"domain": domain}),
        ("read", {"ids": some, "fields": ["display_name"]}),
    ]:
        response = call(api, actor, model, method, body)
        if reads:
            assert assert_ok(response)
        else:
            denied(response, model_denied("read", description, model, readers))
    if ROLE_GROUPS[role] & set(writers):
        return  # what administrators change is tested below
    for operation, method, body in [
        ("write", "write", {"ids": some, "vals": {}}),
        ("unlink", "unlink", {"ids": some}),
        ("create", "create", {"vals_list": [{}]}),
    ]:
        response = call(api, actor, model, method, body)
        denied(response, model_denied(operation, description, model, writers))
    assert ok(api, world.admin, model, "search", {"domain": [["id", "in", some]]}) == some


def test_settings_are_for_settings_even_reading(api: Api, world: World) -> None:
    expected = model_denied("read", "System Parameter", "ir.config_parameter", SETTINGS)
    for actor in (world.demo, world.b_user, world.portal):
        body = {"key": "base.programmatic_api_keys_limit"}
        denied(call(api, actor, "ir.config_parameter", "get_param", body), expected)
    limit = ok(
        api,
        world.admin,
        "ir.config_parameter",
        "get_param",
        {"key": "base.programmatic_api_keys_limit"},
    )
    assert limit == "10"


def test_administrators_change_technical_records(api: Api, world: World) -> None:
    admin = world.admin
    token = unique("admin")
    category = model_id(api, world, "res.partner.category")
    system = group(api, world, "base.group_system")
    rows: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
        ("res.groups", {"name": token}, {"comment": "made by a test"}),
        (
            "ir.model.access",
            {"name": token, "model_id": category, "group_id": system, "perm_read": True},
            {"perm_write": True},
        ),
        (
            "ir.model.data",
            {"module": "__test__", "name": token, "model": "res.partner", "res_id": world.p_none},
            {"noupdate": True},
        ),
        ("ir.config_parameter", {"key": token, "value": "1"}, {"value": "2"}),
    ]
    for model, vals, changes in rows:
        created = ok(api, admin, model, "create", {"vals_list": [vals]})
        try:
            assert ok(api, admin, model, "write", {"ids": created, "vals": changes}) is True
            read = ok(api, admin, model, "read", {"ids": created, "fields": list(changes)})
            assert {name: read[0][name] for name in changes} == changes
        finally:
            assert ok(api, admin, model, "unlink", {"ids": created}) is True
        assert ok(api, admin, model, "search", {"domain": [["id", "in", created]]}) == []


# --- res.users.apikeys ------------------------------------------------------------------


def key_owners(api: Api, actor: Actor) -> set[int]:
    """The users whose key rows ``actor`` finds."""
    rows = ok(api, actor, "res.users.apikeys", "search_read", {"domain": [], "fields": ["user_id"]})
    return {row["user_id"][0] for row in rows}


def test_users_read_their_own_key_rows_administrators_all(api: Api, world: World) -> None:
    for actor in (world.demo, world.b_user, world.portal):
        assert key_owners(api, actor) == {actor.uid}
    everyone = {world.admin.uid, world.demo.uid, world.portal.uid, world.b_user.uid}
    assert key_owners(api, world.admin) >= everyone
    admin_keys = ok(
        api,
        world.admin,
        "res.users.apikeys",
        "search",
        {"domain": [["user_id", "=", world.admin.uid]]},
    )
    assert admin_keys
    expected = record_denied(world.demo, "read", "Users API Keys", "res.users.apikeys")
    body = {"ids": admin_keys, "fields": ["name"]}
    denied(call(api, world.demo, "res.users.apikeys", "read", body), expected)


@pytest.mark.parametrize("role", ["admin", "demo", "portal"])
def test_nobody_writes_key_rows_directly(api: Api, world: World, role: str) -> None:
    actor = world.actor(role)
    mine = ok(api, actor, "res.users.apikeys", "search", {"domain": [["user_id", "=", actor.uid]]})
    assert mine
    forged = {"name": "forged", "user_id": actor.uid, "index": "abcdefgh", "key": "0" * 64}
    for operation, method, body in [
        ("write", "write", {"ids": mine, "vals": {"name": "renamed"}}),
        ("unlink", "unlink", {"ids": mine}),
        ("create", "create", {"vals_list": [forged]}),
    ]:
        expected = model_denied(operation, "Users API Keys", "res.users.apikeys", NO_GROUP)
        denied(call(api, actor, "res.users.apikeys", method, body), expected)
    assert (
        ok(api, actor, "res.users.apikeys", "search", {"domain": [["user_id", "=", actor.uid]]})
        == mine
    )


# --- ir.model, ir.model.fields ------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "description"), [("ir.model", "Models"), ("ir.model.fields", "Fields")]
)
def test_the_registry_is_read_and_written_by_access_rights_managers_only(
    api: Api, world: World, model: str, description: str
) -> None:
    """As in Odoo, only Access Rights (administrators) read the models and fields,
    and the refusals name that group (deleting reads first, so it is refused
    reading); an administrator may not delete what describes the code."""
    domain = [["model", "=", "res.partner"]]
    assert ok(api, world.admin, model, "search_count", {"domain": domain}) >= 1
    expected = model_denied("read", description, model, ACCESS_RIGHTS)
    for actor in (world.demo, world.b_user, world.portal):
        denied(call(api, actor, model, "search_count", {"domain": domain}), expected)
    some = ok(api, world.admin, model, "search", {"domain": domain, "limit": 1})
    for operation, method, body in [
        ("write", "write", {"ids": some, "vals": {"info": "x"} if model == "ir.model" else {}}),
        ("read", "unlink", {"ids": some}),
        ("create", "create", {"vals_list": [{}]}),
    ]:
        expected = model_denied(operation, description, model, ACCESS_RIGHTS)
        denied(call(api, world.demo, model, method, body), expected)
    refused = call(api, world.admin, model, "unlink", {"ids": some})
    assert refused.status_code == 422
    assert refused.json()["message"] == "This column contains module data and cannot be removed!"


# --- has_access, check_access_rights -------------------------------------------------------

#: (role, model, operation, target partner attribute or None, allowed)
HAS_ACCESS = [
    ("admin", "res.partner", "write", None, True),
    ("admin", "res.partner", "write", "p_b", True),
    ("demo", "res.partner", "read", None, True),
    ("demo", "res.partner", "read", "p_main", True),
    ("demo", "res.partner", "read", "p_b", False),
    ("demo", "res.partner", "write", None, True),
    ("demo", "res.partner", "write", "p_main", True),
    ("demo", "res.partner", "write", "p_b", False),
    ("demo", "res.partner", "unlink", "p_b", False),
    ("b_user", "res.partner", "read", "p_main", False),
    ("b_user", "res.partner", "read", "p_b", True),
    ("portal", "res.partner", "read", None, True),
    ("portal", "res.partner", "read", "customer", True),
    ("portal", "res.partner", "read", "p_main", False),
    ("portal", "res.partner", "write", None, False),
    ("portal", "res.partner", "write", "colleague", False),
    ("portal", "res.partner", "create", None, False),
    ("demo", "res.company", "read", "main_company", True),
    ("demo", "res.company", "read", "company_b", False),
    ("demo", "res.company", "write", None, False),
    ("admin", "res.company", "write", "company_b", True),
    ("demo", "ir.config_parameter", "read", None, False),
    ("admin", "ir.config_parameter", "read", None, True),
    ("demo", "ir.model.access", "read", None, False),
    ("admin", "ir.rule", "create", None, True),
    ("demo", "ir.model", "write", None, False),
    ("admin", "ir.model", "write", None, True),  # the access lines: Odoo's
    ("demo", "res.groups", "read", None, True),
    ("portal", "res.groups", "read", None, False),
]


@pytest.mark.parametrize(("role", "model", "operation", "target", "allowed"), HAS_ACCESS)
def test_has_access_tells_what_the_operations_do(
    api: Api,
    world: World,
    role: str,
    model: str,
    operation: str,
    target: str | None,
    allowed: bool,
) -> None:
    actor = world.actor(role)
    body: dict[str, Any] = {"operation": operation}
    if target is not None:
        body["ids"] = [getattr(world, target)]
    assert ok(api, actor, model, "has_access", body) is allowed
    if target is None:
        return
    # the operation itself agrees
    if operation == "read":
        response = call(api, actor, model, "read", {"ids": body["ids"], "fields": ["display_name"]})
        assert (response.status_code == 200) is allowed, response.text
    elif operation == "write" and model == "res.partner":
        response = call(api, actor, model, "write", {"ids": body["ids"], "vals": {"ref": False}})
        assert (response.status_code == 200) is allowed, response.text


@pytest.mark.parametrize(
    ("role", "model", "operation", "groups"),
    [
        ("admin", "res.partner", "write", None),
        ("demo", "res.partner", "unlink", None),
        ("portal", "res.partner", "read", None),
        ("portal", "res.partner", "write", CONTACT_CREATION),
        ("portal", "res.partner", "create", CONTACT_CREATION),
        ("demo", "res.company", "write", ACCESS_RIGHTS),
        ("demo", "ir.config_parameter", "read", SETTINGS),
        ("demo", "ir.model.fields", "unlink", ACCESS_RIGHTS),
        ("admin", "res.users.apikeys", "create", NO_GROUP),
    ],
)
def test_check_access_rights_is_about_the_access_lines(
    api: Api, world: World, role: str, model: str, operation: str, groups: list[str] | None
) -> None:
    actor = world.actor(role)
    body = {"operation": operation}
    lenient = {"operation": operation, "raise_exception": False}
    if groups is None:
        assert ok(api, actor, model, "check_access_rights", body) is None
        assert ok(api, actor, model, "check_access_rights", lenient) is True
        assert ok(api, actor, model, "has_access", body) is True
        return
    descriptions = {
        "res.partner": "Contact",
        "res.company": "Companies",
        "ir.config_parameter": "System Parameter",
        "ir.model.fields": "Fields",
        "res.users.apikeys": "Users API Keys",
    }
    expected = model_denied(operation, descriptions[model], model, groups)
    denied(call(api, actor, model, "check_access_rights", body), expected)
    assert ok(api, actor, model, "check_access_rights", lenient) is False
    assert ok(api, actor, model, "has_access", body) is False


#: (model, operation, the groups its refusal lists) of every refusal above
REFUSALS: list[tuple[str, str, list[str]]] = [
    ("res.partner", "write", CONTACT_CREATION),
    ("res.partner", "create", CONTACT_CREATION),
    ("res.partner", "unlink", CONTACT_CREATION),
    ("res.partner.category", "read", CONTACT_CREATION_AND_INTERNAL_USER),
    ("res.company", "write", ACCESS_RIGHTS),
    ("res.users", "write", ACCESS_RIGHTS),
    ("res.users", "create", ACCESS_RIGHTS),
    ("ir.model", "read", ACCESS_RIGHTS),
    ("ir.model.fields", "read", ACCESS_RIGHTS),
    # ir.model and ir.model.fields ship Odoo's Access Rights lines (the model
    # itself refuses run-time changes); API keys have no line granting writes
    *[
        (model, operation, ACCESS_RIGHTS)
        for model in ("ir.model", "ir.model.fields")
        for operation in ("write", "create", "unlink")
    ],
    *[("res.users.apikeys", operation, NO_GROUP) for operation in ("write", "create", "unlink")],
    *[(model, "read", readers) for model, _d, _s, readers, _w in TECHNICAL],
    *[
        (model, operation, writers)
        for model, _d, _s, _r, writers in TECHNICAL
        for operation in ("write", "create", "unlink")
    ],
]


@pytest.mark.parametrize(
    ("model", "operation", "groups"),
    REFUSALS,
    ids=[f"{model}-{operation}" for model, operation, _groups in REFUSALS],
)
def test_the_refusals_list_the_groups_of_the_shipped_access_lines(
    model: str, operation: str, groups: list[str]
) -> None:
    """The lists the refusals above expect are those of ``ir.model.access.csv``:
    the groups of the model's own lines granting the operation, by name."""
    assert shipped_access_groups(model, operation) == groups


# --- companies in the context ---------------------------------------------------------------


def test_allowed_company_ids_narrows_what_a_search_sees(api: Api, world: World) -> None:
    domain = [["id", "in", world.all_partners]]
    context = {"allowed_company_ids": [world.company_b]}
    expected = world.partners(*VISIBLE_PARTNERS["b_user"])
    assert search_ids(api, world.admin, "res.partner", domain, context) == expected
    context = {"allowed_company_ids": [world.main_company]}
    expected = world.partners(*VISIBLE_PARTNERS["demo"])
    assert search_ids(api, world.admin, "res.partner", domain, context) == expected
    context = {"allowed_company_ids": [world.company_b]}
    assert search_ids(api, world.admin, "res.company", [], context) == {
        world.main_company,
        world.company_b,
    }


@pytest.mark.parametrize(("role", "company"), [("demo", "company_b"), ("b_user", "main_company")])
def test_a_company_the_user_does_not_have_is_refused(
    api: Api, world: World, role: str, company: str
) -> None:
    actor = world.actor(role)
    context = {"allowed_company_ids": [getattr(world, company)]}
    response = call(api, actor, "res.partner", "search", {"domain": [], "context": context})
    denied(response, UNAUTHORIZED_COMPANIES)


# --- record rules made at run time -----------------------------------------------------------


@pytest.fixture
def cleanup(registry: Registry) -> Iterator[list[tuple[str, int]]]:
    """(model, id) of the records a test makes, deleted after it as the superuser
    (rules first), whatever happened."""
    made: list[tuple[str, int]] = []
    yield made

    def work(env: Environment) -> None:
        order = ("ir.rule", "ir.model.access")
        for model, rid in sorted(made, key=lambda item: item[0] not in order):
            env[model].browse([rid]).exists().unlink()

    with_superuser(registry, work)


def make_tags(
    api: Api, world: World, cleanup: list[tuple[str, int]], names: list[str]
) -> dict[str, int]:
    """Partner tags named ``names``, made by the administrator: name -> id."""
    created = ok(
        api,
        world.admin,
        "res.partner.category",
        "create",
        {"vals_list": [{"name": name} for name in names]},
    )
    cleanup.extend(("res.partner.category", tag) for tag in created)
    return dict(zip(names, created, strict=True))


def make_rule(
    api: Api,
    world: World,
    cleanup: list[tuple[str, int]],
    domain: str,
    groups: list[str],
    model: str = "res.partner.category",
    **perms: bool,
) -> int:
    """A rule on ``model`` for the groups ``groups`` (external ids; none: a global
    rule), made by the administrator through JSON-2."""
    vals: dict[str, Any] = {
        "name": unique("rule"),
        "model_id": model_id(api, world, model),
        "domain_force": domain,
        "groups": [[6, 0, [group(api, world, xmlid) for xmlid in groups]]],
        **perms,
    }
    created = ok(api, world.admin, "ir.rule", "create", {"vals_list": [vals]})
    cleanup.extend(("ir.rule", rule) for rule in created)
    return int(created[0])


def tag_ids(api: Api, actor: Actor, token: str) -> set[int]:
    """The partner tags named like ``token`` that ``actor`` finds."""
    return search_ids(api, actor, "res.partner.category", [["name", "ilike", token]])


def test_a_rule_made_through_json2_applies_at_once_and_goes_with_its_deletion(
    api: Api, world: World, cleanup: list[tuple[str, int]]
) -> None:
    token = unique("tag")
    tags = make_tags(api, world, cleanup, [f"{token} visible", f"{token} secret"])
    everything = set(tags.values())
    assert tag_ids(api, world.demo, token) == everything
    rule = make_rule(api, world, cleanup, "[('name', 'ilike', 'visible')]", ["base.group_user"])
    visible = {tags[f"{token} visible"]}
    assert tag_ids(api, world.demo, token) == visible
    assert tag_ids(api, world.b_user, token) == visible
    assert tag_ids(api, world.admin, token) == visible  # Settings implies Internal User
    count = ok(
        api,
        world.demo,
        "res.partner.category",
        "search_count",
        {"domain": [["name", "ilike", token]]},
    )
    assert count == 1
    secret = [tags[f"{token} secret"]]
    expected = record_denied(world.demo, "read", "Partner Tags", "res.partner.category")
    body = {"ids": secret, "fields": ["name"]}
    denied(call(api, world.demo, "res.partner.category", "read", body), expected)
    # the rule restricts writing too (perm_write defaults to true)
    expected = record_denied(world.demo, "write", "Partner Tags", "res.partner.category")
    body = {"ids": secret, "vals": {"color": 3}}
    denied(call(api, world.demo, "res.partner.category", "write", body), expected)
    assert ok(api, world.admin, "ir.rule", "unlink", {"ids": [rule]}) is True
    assert tag_ids(api, world.demo, token) == everything
    assert tag_ids(api, world.admin, token) == everything


def test_archiving_a_rule_lifts_it_until_it_is_restored(
    api: Api, world: World, cleanup: list[tuple[str, int]]
) -> None:
    token = unique("tag")
    tags = make_tags(api, world, cleanup, [f"{token} visible", f"{token} secret"])
    rule = make_rule(api, world, cleanup, "[('name', 'ilike', 'visible')]", ["base.group_user"])
    visible = {tags[f"{token} visible"]}
    assert tag_ids(api, world.demo, token) == visible
    assert ok(api, world.admin, "ir.rule", "write", {"ids": [rule], "vals": {"active": False}})
    assert tag_ids(api, world.demo, token) == set(tags.values())
    assert ok(api, world.admin, "ir.rule", "write", {"ids": [rule], "vals": {"active": True}})
    assert tag_ids(api, world.demo, token) == visible
    # a rule's groups are changed at run time too: no longer one of demo's
    portal = group(api, world, "base.group_portal")
    body = {"ids": [rule], "vals": {"groups": [[6, 0, [portal]]]}}
    assert ok(api, world.admin, "ir.rule", "write", body)
    assert tag_ids(api, world.demo, token) == set(tags.values())


def test_changes_made_by_another_worker_apply_at_once(
    api: Api, registry: Registry, world: World, cleanup: list[tuple[str, int]]
) -> None:
    """The application's registry keeps access rights in memory: a change made by
    another process (here, the test's own registry) applies to its next call."""
    token = unique("tag")
    tags = make_tags(api, world, cleanup, [f"{token} visible", f"{token} secret"])
    everything = set(tags.values())
    rule = make_rule(api, world, cleanup, "[('name', 'ilike', 'visible')]", ["base.group_user"])
    assert tag_ids(api, world.demo, token) == {tags[f"{token} visible"]}
    with_superuser(registry, lambda env: env["ir.rule"].browse([rule]).unlink())
    assert tag_ids(api, world.demo, token) == everything

    def leave_contact_creation(env: Environment) -> None:
        manager = env.ref("base.group_partner_manager")
        assert manager is not None
        env["res.users"].browse([world.b_user.uid]).write({"group_ids": [[3, manager.id]]})

    def join_contact_creation(env: Environment) -> None:
        manager = env.ref("base.group_partner_manager")
        assert manager is not None
        env["res.users"].browse([world.b_user.uid]).write({"group_ids": [[4, manager.id]]})

    body = {"operation": "write"}
    assert ok(api, world.b_user, "res.partner", "has_access", body) is True
    with_superuser(registry, leave_contact_creation)
    try:
        assert ok(api, world.b_user, "res.partner", "has_access", body) is False
    finally:
        with_superuser(registry, join_contact_creation)
    assert ok(api, world.b_user, "res.partner", "has_access", body) is True


def test_group_membership_changes_apply_at_once(api: Api, world: World) -> None:
    manager = group(api, world, "base.group_partner_manager")
    b_user = world.b_user
    body = {"ids": [world.p_b], "vals": {"function": "Buyer"}}
    assert ok(api, b_user, "res.partner", "write", body) is True
    try:
        removed = {"ids": [b_user.uid], "vals": {"group_ids": [[3, manager]]}}
        assert ok(api, world.admin, "res.users", "write", removed) is True
        expected = model_denied("write", "Contact", "res.partner", CONTACT_CREATION)
        denied(call(api, b_user, "res.partner", "write", body), expected)
        assert ok(api, b_user, "res.partner", "has_access", {"operation": "write"}) is False
    finally:
        added = {"ids": [b_user.uid], "vals": {"group_ids": [[4, manager]]}}
        assert ok(api, world.admin, "res.users", "write", added) is True
    assert ok(api, b_user, "res.partner", "write", body) is True


def test_access_lines_made_through_json2_apply_at_once(
    api: Api, world: World, cleanup: list[tuple[str, int]]
) -> None:
    expected = model_denied(
        "read",
        "Partner Tags",
        "res.partner.category",
        CONTACT_CREATION_AND_INTERNAL_USER,
    )
    body = {"domain": [], "limit": 1}
    denied(call(api, world.portal, "res.partner.category", "search", body), expected)
    vals = {
        "name": unique("access"),
        "model_id": model_id(api, world, "res.partner.category"),
        "group_id": group(api, world, "base.group_portal"),
        "perm_read": True,
    }
    created = ok(api, world.admin, "ir.model.access", "create", {"vals_list": [vals]})
    cleanup.extend(("ir.model.access", line) for line in created)
    assert ok(api, world.portal, "res.partner.category", "search_count", {"domain": []}) > 0
    assert ok(api, world.admin, "ir.model.access", "unlink", {"ids": created}) is True
    denied(call(api, world.portal, "res.partner.category", "search", body), expected)


def test_a_failing_group_rule_about_companies_brings_the_hint(
    api: Api, world: World, cleanup: list[tuple[str, int]]
) -> None:
    """When the OR of the user's group rules refuses a record, all those rules are
    blamed (Odoo's ``_get_failing``): the hint is added when one of them mentions
    company_id, and only then."""
    rule = make_rule(
        api,
        world,
        cleanup,
        "[('company_id', '=', False)]",
        ["base.group_user"],
        model="res.partner",
        perm_write=False,
        perm_create=False,
        perm_unlink=False,
    )
    body = {"ids": [world.p_main], "fields": ["name"]}
    # the global company rule lets p_main through: the group rule refuses it
    hint = CAN_SWITCH.format(MAIN_COMPANY_NAME)
    expected = record_denied(world.demo, "read", "Contact", "res.partner", hint)
    denied(call(api, world.demo, "res.partner", "read", body), expected)
    change = {"ids": [rule], "vals": {"domain_force": "[('name', '=', 'nobody')]"}}
    assert ok(api, world.admin, "ir.rule", "write", change) is True
    expected = record_denied(world.demo, "read", "Contact", "res.partner")
    denied(call(api, world.demo, "res.partner", "read", body), expected)


def ruled_tags(
    api: Api, world: World, cleanup: list[tuple[str, int]], operation: str
) -> tuple[str, dict[str, int]]:
    """A token and two tags named with it, "visible" and "secret", and a rule
    for internal users on ``operation`` only that lets them at the visible one."""
    token = unique("tag")
    tags = make_tags(api, world, cleanup, [f"{token} visible", f"{token} secret"])
    make_rule(
        api,
        world,
        cleanup,
        "[('name', 'ilike', 'visible')]",
        ["base.group_user"],
        perm_read=operation == "read",
        perm_write=operation == "write",
        perm_create=False,
        perm_unlink=False,
    )
    return token, tags


def test_a_rule_only_on_reading_leaves_writing_alone(
    api: Api, world: World, cleanup: list[tuple[str, int]]
) -> None:
    token, tags = ruled_tags(api, world, cleanup, "read")
    secret = [tags[f"{token} secret"]]
    assert tag_ids(api, world.demo, token) == {tags[f"{token} visible"]}
    body = {"ids": secret, "vals": {"color": 3}}
    assert ok(api, world.demo, "res.partner.category", "write", body) is True


def test_a_rule_on_writing_refuses_one_record_before_its_values_are_judged(
    api: Api, world: World, cleanup: list[tuple[str, int]]
) -> None:
    token, tags = ruled_tags(api, world, cleanup, "write")
    visible, secret = tags[f"{token} visible"], tags[f"{token} secret"]

    def colors() -> list[int]:
        body = {"ids": [visible, secret], "fields": ["color"]}
        return [row["color"] for row in ok(api, world.admin, "res.partner.category", "read", body)]

    secret_color = colors()[1]
    for vals in ({"color": 3}, {"color": "not a number"}, {"nope": 1}):
        response = call(
            api, world.demo, "res.partner.category", "write", {"ids": [secret], "vals": vals}
        )
        assert response.status_code == 403 and response.json()["name"] == ACCESS_ERROR
    body = {"ids": [visible], "vals": {"color": 4}}
    assert ok(api, world.demo, "res.partner.category", "write", body) is True
    bad = call(
        api, world.demo, "res.partner.category", "write", {"ids": [visible], "vals": {"nope": 1}}
    )
    assert bad.status_code != 403
    assert colors() == [4, secret_color]  # the refused record unchanged


@pytest.mark.parametrize(
    ("domain", "problem"),
    [
        ("__import__('os')", "Call expressions are not allowed"),
        ("__import__('os').system('true')", "Call expressions are not allowed"),
        ("[('nope', '=', 1)]", "nope"),
        ("[('name', '=', secret)]", "unknown name 'secret'"),
        ("[('name', '=', user.__class__)]", "private attribute '__class__'"),
        ("[('id', '=', user.nope)]", "res.users has no field 'nope'"),
        ("[('id', '=', user.id())]", "Call expressions are not allowed"),
        ("[('id', 'in', [x for x in company_ids])]", "ListComp expressions are not allowed"),
        ("[('id', '=', company_ids[0])]", "Subscript expressions are not allowed"),
        ("'not a domain'", "is not a list"),
        ("[('name', '=',", "Invalid domain"),
        ("[(1, '=', 1)", "Invalid domain"),
        pytest.param("[" + "+".join(["[1]"] * 5000) + "]", TOO_DEEP, id="too-deep-long-sum"),
        pytest.param("[" + "-" * 100_000 + "1]", TOO_DEEP, id="too-deep-unary"),
    ],
)
def test_an_invalid_rule_domain_is_refused(
    api: Api, world: World, domain: str, problem: str
) -> None:
    name = unique("rule")
    vals = {
        "name": name,
        "model_id": model_id(api, world, "res.partner.category"),
        "domain_force": domain,
        "groups": [[6, 0, [group(api, world, "base.group_user")]]],
    }
    response = call(api, world.admin, "ir.rule", "create", {"vals_list": [vals]})
    error = assert_error(response, 422, VALIDATION_ERROR)
    message = error["message"]
    assert message.startswith("Invalid domain: "), message
    assert message.count("Invalid domain") == 1, message  # said once, never twice
    assert problem in message, message
    assert ok(api, world.admin, "ir.rule", "search", {"domain": [["name", "=", name]]}) == []
    # nor may an existing rule be given such a domain
    rule = ok(
        api,
        world.admin,
        "ir.rule",
        "search",
        {"domain": [["name", "=", "Partner bank company rule"]]},
    )
    assert len(rule) == 1
    body = {"ids": rule, "vals": {"domain_force": domain}}
    assert_error(call(api, world.admin, "ir.rule", "write", body), 422, VALIDATION_ERROR)
    read = ok(api, world.admin, "ir.rule", "read", {"ids": rule, "fields": ["domain_force"]})
    assert read[0]["domain_force"] == (
        "['|', ('company_id', 'in', company_ids), ('company_id', '=', False)]"
    )


@pytest.mark.parametrize(
    ("domain", "message"),
    [
        (
            "__import__('os')",
            "Invalid domain: Call expressions are not allowed (\"__import__('os')\")",
        ),
        (
            "[('name', '=', secret)]",
            "Invalid domain: unknown name 'secret' (a rule may use user, company_id, company_ids)",
        ),
        ("[('id', '=', user.nope)]", "Invalid domain: res.users has no field 'nope'"),
        # an error of the domain itself (not of the rule's text) is prefixed once
        (
            "[('nope', '=', 1)]",
            "Invalid domain: Invalid field res.partner.category.nope in condition ('nope', '=', 1)",
        ),
        ("[" + "+".join(["[1]"] * 5000) + "]", TOO_DEEP),
        ("[" + "-" * 100_000 + "1]", TOO_DEEP),
    ],
    ids=["call", "unknown-name", "unknown-user-field", "unknown-field", "long-sum", "unary"],
)
def test_an_invalid_rule_domain_is_named_once(
    api: Api, world: World, domain: str, message: str
) -> None:
    """Odoo's message is "Invalid domain: <the problem>" (``_check_domain``)."""
    vals = {
        "name": unique("rule"),
        "model_id": model_id(api, world, "res.partner.category"),
        "domain_force": domain,
    }
    response = call(api, world.admin, "ir.rule", "create", {"vals_list": [vals]})
    assert_error(response, 422, VALIDATION_ERROR, message)


def test_group_rules_are_ored_and_anded_with_global_ones(
    api: Api, registry: Registry, world: World, cleanup: list[tuple[str, int]]
) -> None:
    token = unique("tag")
    names = ["alpha", "beta", "alpha beta", "gamma", "alpha banned", "beta banned"]
    tags = make_tags(api, world, cleanup, [f"{token} {name}" for name in names])
    internal_only = new_user(registry, groups=["base.group_user"])
    manager_only = new_user(registry, groups=["base.group_partner_manager"])
    make_rule(api, world, cleanup, "[('name', 'ilike', 'alpha')]", ["base.group_user"])
    make_rule(api, world, cleanup, "[('name', 'ilike', 'beta')]", ["base.group_partner_manager"])
    make_rule(api, world, cleanup, "[('name', 'not ilike', 'banned')]", [])

    def ids(*wanted: str) -> set[int]:
        return {tags[f"{token} {name}"] for name in wanted}

    # in both groups: alpha OR beta, AND not banned
    assert tag_ids(api, world.demo, token) == ids("alpha", "beta", "alpha beta")
    # in one group: that group's rule, AND not banned
    internal = Actor(internal_only.uid, internal_only.login, internal_only.key, 0)
    assert tag_ids(api, internal, token) == ids("alpha", "alpha beta")
    manager = Actor(manager_only.uid, manager_only.login, manager_only.key, 0)
    assert tag_ids(api, manager, token) == ids("beta", "alpha beta")
    # creating is checked after the insertion: a tag outside the rules is refused
    expected = record_denied(world.demo, "create", "Partner Tags", "res.partner.category")
    body = {"vals_list": [{"name": f"{token} gamma two"}]}
    denied(call(api, world.demo, "res.partner.category", "create", body), expected)
    body = {"vals_list": [{"name": f"{token} alpha banned two"}]}
    denied(call(api, world.demo, "res.partner.category", "create", body), expected)
    created = ok(
        api,
        world.demo,
        "res.partner.category",
        "create",
        {"vals_list": [{"name": f"{token} beta two"}]},
    )
    cleanup.extend(("res.partner.category", tag) for tag in created)
    assert tag_ids(api, world.admin, token) == ids("alpha", "beta", "alpha beta") | set(created)
