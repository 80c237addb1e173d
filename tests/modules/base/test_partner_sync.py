"""res.partner beyond names: a company and its people kept in sync
(docs/internals/orm-behaviour.md, "Core models"), name_create from "Name <email>",
copies, display-name context keys, and the fields Odoo 19 reads."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable
from typing import Any

import pytest

from jsontwo.exceptions import RedirectWarning, UserError
from jsontwo.orm import Environment, Registry
from jsontwo.service.databases import with_superuser

ADDRESS = ["street", "street2", "zip", "city", "state_id", "country_id"]
#: the keys of a partner read without field names, as Odoo 19 answers (05_read)
ODOO_PARTNER_KEYS = {
    "id", "display_name", "properties", "properties_base_definition_id", "image_1920",
    "image_1024", "image_512", "image_256", "image_128", "avatar_1920", "avatar_1024",
    "avatar_512", "avatar_256", "avatar_128", "name", "complete_name", "parent_id",
    "parent_name", "child_ids", "ref", "lang", "active_lang_count", "tz", "tz_offset",
    "user_id", "vat", "vat_label", "same_vat_partner_id", "same_company_registry_partner_id",
    "company_registry", "company_registry_label", "company_registry_placeholder", "bank_ids",
    "website", "comment", "category_id", "active", "employee", "function", "type",
    "type_address_label", "street", "street2", "zip", "city", "state_id", "country_id",
    "country_code", "partner_latitude", "partner_longitude", "email", "email_formatted",
    "phone", "is_company", "is_public", "industry_id", "company_type", "company_id", "color",
    "user_ids", "main_user_id", "partner_share", "contact_address", "commercial_partner_id",
    "commercial_company_name", "company_name", "barcode", "self", "application_statistics",
    "create_uid", "create_date", "write_uid", "write_date",
}  # fmt: skip
#: the keys the mail module adds (Odoo 19 with mail, not counting its other modules' fields)
MAIL_PARTNER_KEYS = {
    "message_is_follower", "message_follower_ids", "message_partner_ids", "message_ids",
    "has_message", "message_needaction", "message_needaction_counter", "message_has_error",
    "message_has_error_counter", "message_attachment_count",
}  # fmt: skip
#: what the account module adds to partners (of the fields jsontwo has)
ACCOUNT_PARTNER_KEYS = {
    "customer_rank",
    "supplier_rank",
    "credit_limit",
    "use_partner_credit_limit",
}


def unique(prefix: str) -> str:
    """A name no other test uses (the database is shared by the module)."""
    return f"{prefix} {uuid.uuid4().hex[:8]}"


def country(env: Environment, code: str) -> int:
    return int(env["res.country"]._search_ids([["code", "=", code]])[0])


def addresses(env: Environment, ids: list[int]) -> list[dict[str, Any]]:
    rows = env["res.partner"].with_context(active_test=False).browse(ids).read(ADDRESS, load=None)
    return [{k: v for k, v in row.items() if k != "id"} for row in rows]


# --- addresses and commercial fields ------------------------------------------------
def test_a_contact_takes_its_companys_address(registry: Registry) -> None:
    def work(env: Environment) -> Any:
        us = country(env, "US")
        company = env["res.partner"].create(
            {"name": unique("Addr Co"), "is_company": True, "street": "1 Main St", "country_id": us}
        )
        person = env["res.partner"].create(
            {"name": unique("Person"), "parent_id": company.id, "street": "elsewhere"}
        )
        invoice = env["res.partner"].create(
            {"name": unique("Billing"), "parent_id": company.id, "type": "invoice"}
        )
        return us, addresses(env, [company.id, person.id, invoice.id])

    us, (company, person, invoice) = with_superuser(registry, work)
    assert company == person  # a contact's address is its company's
    assert person["street"] == "1 Main St" and person["country_id"] == us
    assert invoice["street"] is False  # other address types keep their own


def test_address_changes_go_down_and_up(registry: Registry) -> None:
    def work(env: Environment) -> Any:
        be = country(env, "BE")
        company = env["res.partner"].create(
            {"name": unique("Sync Co"), "is_company": True, "city": "Brussels", "country_id": be}
        )
        people = env["res.partner"].create(
            [
                {"name": unique("Ann"), "parent_id": company.id},
                {"name": unique("Bob"), "parent_id": company.id},
            ]
        )
        delivery = env["res.partner"].create(
            {"name": unique("Dock"), "parent_id": company.id, "type": "delivery", "city": "Gent"}
        )
        ids = [company.id, *people.ids, delivery.id]
        company.write({"city": "Liège", "zip": "4000"})
        down = addresses(env, ids)
        people.browse(people.ids[:1]).write({"street": "Rue Neuve 1"})
        return down, addresses(env, ids)

    down, up = with_superuser(registry, work)
    assert [row["city"] for row in down] == ["Liège", "Liège", "Liège", "Gent"]
    assert [row["zip"] for row in down] == ["4000", "4000", "4000", False]
    # a contact's new address is its company's, and so its colleagues'
    assert [row["street"] for row in up] == ["Rue Neuve 1"] * 3 + [False]


def test_the_first_contact_gives_an_addressless_company_its_address(registry: Registry) -> None:
    def work(env: Environment) -> Any:
        company = env["res.partner"].create({"name": unique("Bare Co"), "is_company": True})
        person = env["res.partner"].create(
            {"name": unique("Jo"), "parent_id": company.id, "city": "Namur"}
        )
        return addresses(env, [company.id, person.id])

    company, person = with_superuser(registry, work)
    assert company["city"] == person["city"] == "Namur"


def test_a_context_default_address_goes_up_to_an_addressless_company(
    registry: Registry,
) -> None:
    """A contact's address from context defaults counts as given: it goes up to a
    company with none, as a written one does."""

    def work(env: Environment) -> Any:
        be = country(env, "BE")
        company = env["res.partner"].create({"name": unique("Bare Co"), "is_company": True})
        contacts = (
            env["res.partner"]
            .with_context(default_country_id=be)
            .create([{"name": unique("Ctx"), "parent_id": company.id} for _ in range(2)])
        )
        return be, addresses(env, [company.id, *contacts.ids])

    be, rows = with_superuser(registry, work)
    assert [row["country_id"] for row in rows] == [be, be, be]


class RolledBack(Exception):
    """Raised at the end of a test's work to roll its transaction back."""


def test_contacts_take_their_companys_language_but_not_their_own_people(
    registry: Registry,
) -> None:
    """New contacts take their company's language unless given one; people a
    contact creates with it (``child_ids``) keep the default, as in Odoo, where
    the contact takes the language after its people are made."""

    def work(env: Environment) -> None:
        langs = env["res.lang"].with_context(active_test=False)
        langs.browse(langs._search_ids([["code", "=", "fr_FR"]])).write({"active": True})
        company = env["res.partner"].create(
            {"name": unique("Lang Co"), "is_company": True, "lang": "fr_FR"}
        )
        alike = env["res.partner"].create(
            [{"name": unique("Fr"), "parent_id": company.id} for _ in range(3)]
            + [{"name": unique("En"), "parent_id": company.id, "lang": "en_US"}]
        )
        kid = env["res.partner"].create(
            {
                "name": unique("Kid"),
                "parent_id": company.id,
                "child_ids": [[0, 0, {"name": unique("Grandkid")}]],
            }
        )
        assert alike.mapped("lang") == ["fr_FR", "fr_FR", "fr_FR", "en_US"]
        assert (kid.lang, kid.child_ids.lang) == ("fr_FR", "en_US")
        raise RolledBack  # fr_FR stays inactive for the module's other tests

    with pytest.raises(RolledBack):
        with_superuser(registry, work)


def test_a_contact_with_a_bad_company_value_is_refused_clearly(registry: Registry) -> None:
    """A parent that is not an id is the many2one's ValueError, not a crash."""
    with pytest.raises(ValueError, match=r"Wrong value for res\.partner\.parent_id"):
        with_superuser(
            registry,
            lambda env: env["res.partner"].create({"name": "Bad", "parent_id": [4, "x"]}),
        )


def test_commercial_fields_and_company_follow_the_company(registry: Registry) -> None:
    def work(env: Environment) -> Any:
        main = env["res.company"].search([], limit=1)
        company = env["res.partner"].create(
            {"name": unique("VAT Co"), "is_company": True, "vat": "BE0477472701"}
        )
        person = env["res.partner"].create({"name": unique("Vi"), "parent_id": company.id})
        nested = env["res.partner"].create({"name": unique("Ne"), "parent_id": person.id})
        first = person.read(["vat", "company_id"], load=None)[0]
        company.write({"vat": "BE0202239951", "company_id": main.id})
        rows = (
            env["res.partner"].browse([person.id, nested.id]).read(["vat", "company_id"], load=None)
        )
        return main.id, first, rows

    main, first, rows = with_superuser(registry, work)
    assert (first["vat"], first["company_id"]) == ("BE0477472701", False)
    assert [row["vat"] for row in rows] == ["BE0202239951", "BE0202239951"]
    assert rows[0]["company_id"] == main


@pytest.mark.parametrize(
    ("verb", "act"),
    [
        ("archive", lambda partner: partner.write({"active": False})),
        ("delete", lambda partner: partner.unlink()),
    ],
)
def test_partners_of_active_users_cannot_be_archived_or_deleted(
    registry: Registry, verb: str, act: Callable[[Any], Any]
) -> None:
    # a user manager gets Odoo's redirect warning, with the action showing the user
    def work(env: Environment) -> Any:
        user = env["res.users"].create({"login": unique("arch"), "name": "Arch User"})
        try:
            act(user.partner_id)
        except RedirectWarning as error:
            return user.id, error
        raise AssertionError("not refused")

    user_id, error = with_superuser(registry, work)
    message, action, button, context = error.args
    assert message.startswith(f"You cannot {verb} contacts linked to an active user.\n")
    assert message.endswith("their associated user.\n\nLinked active users : Arch User")
    assert (action["res_model"], action["res_id"], button, context) == (
        "res.users",
        user_id,
        "Go to users",
        None,
    )
    assert (error.odoo_name, error.http_status) == ("odoo.exceptions.RedirectWarning", 500)


# --- name_create, copy ----------------------------------------------------------------
def test_name_create_reads_an_email_address(registry: Registry) -> None:
    name = unique("Parsed")

    def work(env: Environment) -> Any:
        Partner = env["res.partner"]
        parsed = Partner.name_create(f"{name} <Parsed@Example.COM>")
        plain = Partner.name_create(name)
        only_email = Partner.name_create("solo@example.com")
        empty = Partner.name_create("")
        # res.partner has a name field: each answer is an (id, display name) pair
        assert isinstance(parsed, tuple) and isinstance(plain, tuple)
        assert isinstance(only_email, tuple) and isinstance(empty, tuple)
        ids = [parsed[0], plain[0], only_email[0], empty[0]]
        return [parsed, plain, only_email, empty], Partner.browse(ids).read(["name", "email"])

    results, rows = with_superuser(registry, work)
    assert [label for _id, label in results] == [name, name, "solo@example.com", ""]
    assert [(row["name"], row["email"]) for row in rows] == [
        (name, "parsed@example.com"),
        (name, False),
        ("solo@example.com", "solo@example.com"),
        ("", False),
    ]


def test_a_copied_partner_is_named_a_copy(registry: Registry) -> None:
    name = unique("Original")

    def work(env: Environment) -> Any:
        partner = env["res.partner"].create({"name": name, "email": "o@example.com"})
        copy = partner.copy()
        named = partner.copy({"name": f"{name} bis"})
        return env["res.partner"].browse([copy.id, named.id]).read(["name", "email"])

    rows = with_superuser(registry, work)
    assert [(row["name"], row["email"]) for row in rows] == [
        (f"{name} (copy)", "o@example.com"),
        (f"{name} bis", "o@example.com"),
    ]


def test_companies_are_not_copied(registry: Registry) -> None:
    with pytest.raises(UserError, match="Duplicating a company is not allowed"):
        with_superuser(registry, lambda env: env["res.company"].search([], limit=1).copy())


# --- display names ------------------------------------------------------------------
def test_display_name_context_keys(registry: Registry) -> None:
    name = unique("Ctx")

    def work(env: Environment) -> Any:
        partner = env["res.partner"].create(
            {"name": name, "email": "ctx@example.com", "vat": "BE1", "city": "Namur"}
        )
        Partner = env["res.partner"]

        def label(**context: Any) -> Any:
            return Partner.with_context(**context).browse([partner.id]).read(["display_name"])

        return partner.id, {
            "plain": label()[0]["display_name"],
            "email": label(show_email=True)[0]["display_name"],
            "db_id": label(partner_show_db_id=True)[0]["display_name"],
            "vat": label(show_vat=True)[0]["display_name"],
            "address": label(show_address=True)[0]["display_name"],
            "search": Partner.with_context(show_email=True).name_search(name),
        }

    pid, got = with_superuser(registry, work)
    assert got["plain"] == name
    assert got["email"] == f"{name} <ctx@example.com>"
    assert got["db_id"] == f"{name} ({pid})"
    assert got["vat"] == f"{name} - BE1"
    assert got["address"] == f"{name}\nNamur"
    assert got["search"] == [(pid, f"{name} <ctx@example.com>")]


def test_formatted_display_names(registry: Registry) -> None:
    """The web client's formatted_display_name: a contact as "company \t --name--"."""
    name = unique("Fmt")

    def work(env: Environment) -> Any:
        Partner = env["res.partner"]
        company = Partner.create({"name": f"{name} co", "is_company": True})
        person = Partner.create({"name": f"{name} p", "parent_id": company.id, "email": "p@x.be"})
        plain = Partner.with_context(formatted_display_name=True)
        emailed = Partner.with_context(formatted_display_name=True, show_email=True)
        return (
            plain.browse([company.id, person.id]).read(["display_name"]),
            emailed.browse([person.id]).read(["display_name"]),
        )

    plain, emailed = with_superuser(registry, work)
    assert [row["display_name"] for row in plain] == [f"{name} co", f"{name} co \t --{name} p--"]
    assert emailed[0]["display_name"] == f"{name} co \t --{name} p-- \t --p@x.be--"


def test_tags_are_named_after_their_parents(registry: Registry) -> None:
    def work(env: Environment) -> Any:
        Tag = env["res.partner.category"]
        parent = Tag.create({"name": "Top"})
        child = Tag.create({"name": "Sub", "parent_id": parent.id})
        partner = env["res.partner"].create({"name": unique("Tagged"), "category_id": [child.id]})
        return (
            child.read(["display_name", "parent_path"])[0],
            parent.id,
            Tag.name_search("Sub", [["id", "=", child.id]]),
            partner.read(["category_id"])[0]["category_id"],
        )

    row, parent, found, linked = with_superuser(registry, work)
    assert row["display_name"] == "Top / Sub"
    assert row["parent_path"] == f"{parent}/{row['id']}/"
    assert found == [(row["id"], "Top / Sub")]
    assert linked == [row["id"]]


# --- the fields Odoo reads ----------------------------------------------------------
def test_reading_every_field_gives_odoos_fields(registry: Registry) -> None:
    def work(env: Environment) -> Any:
        us = country(env, "US")
        company = env["res.partner"].create(
            {"name": unique("Read Co"), "is_company": True, "country_id": us, "email": "A@B.com"}
        )
        return company.read()[0], company.read([])[0]

    every, empty = with_superuser(registry, work)
    assert set(every) == set(empty) == ODOO_PARTNER_KEYS | MAIL_PARTNER_KEYS | ACCOUNT_PARTNER_KEYS
    name = every["name"]
    assert every["contact_address"] == f"{name}\n\n\n  \nUnited States"
    assert every["email_formatted"] == f'"{name}" <a@b.com>'
    assert every["properties"] == [] and every["properties_base_definition_id"][1] == (
        "Contact Properties"
    )
    assert every["self"] == [every["id"], name]
    assert (every["vat_label"], every["company_registry_label"]) == ("Tax ID", "Company ID")
    assert (every["type_address_label"], every["tz_offset"]) == ("Address", "+0000")
    assert (every["partner_share"], every["is_public"], every["active_lang_count"]) == (
        True,
        False,
        1,
    )
    assert every["image_128"] is False and every["main_user_id"] is False
    assert base64.b64decode(every["avatar_128"]).startswith(b"<?xml")


def test_users_partners_are_not_shared(registry: Registry) -> None:
    def work(env: Environment) -> Any:
        user = env["res.users"].create({"login": unique("share"), "name": "Share User"})
        return user.id, user.partner_id.read(["partner_share", "main_user_id"], load=None)[0]

    uid, row = with_superuser(registry, work)
    assert (row["partner_share"], row["main_user_id"]) == (False, uid)


def test_same_tax_id_hint(registry: Registry) -> None:
    vat = unique("VAT").replace(" ", "")

    def work(env: Environment) -> Any:
        first = env["res.partner"].create({"name": unique("First"), "vat": vat, "is_company": True})
        second = env["res.partner"].create({"name": unique("Second"), "vat": vat})
        alone = env["res.partner"].create({"name": unique("Alone"), "vat": f"{vat}x"})
        rows = (
            env["res.partner"]
            .browse([second.id, alone.id])
            .read(["same_vat_partner_id"], load=None)
        )
        return first.id, rows

    first, (second, alone) = with_superuser(registry, work)
    assert second["same_vat_partner_id"] == first
    assert alone["same_vat_partner_id"] is False


def test_reading_every_field_costs_no_query_per_partner(
    registry: Registry, statements: list[str]
) -> None:
    def work(env: Environment) -> Any:
        vat = unique("VAT").replace(" ", "")
        env["res.partner"].create([{"name": unique("V"), "vat": vat} for _ in range(2)])
        ids = env["res.partner"].search([], limit=30).ids
        counts = []
        for some in (ids[:3], ids):
            env.invalidate()
            statements.clear()
            env["res.partner"].browse(some).read()
            counts.append(len(statements))
        return counts

    few, many = with_superuser(registry, work)
    # a few queries only run when some partner needs them (users, Tax IDs, states,
    # companies...: Odoo's demo partners reach more related models than three do);
    # the five pictures are attachments, one query each (as in Odoo)
    assert many - few <= 6 and many <= 30, (few, many)


def test_a_copied_user_gets_its_own_partner_and_login(registry: Registry) -> None:
    login = unique("copied").replace(" ", "-")

    def work(env: Environment) -> Any:
        user = env["res.users"].create({"login": login, "name": "Copied User", "email": "c@x.y"})
        copy = user.copy()
        return user.partner_id.id, copy.read(["login", "name", "email", "partner_id"], load=None)

    partner, [row] = with_superuser(registry, work)
    assert (row["login"], row["name"], row["email"]) == (
        f"{login} (copy)",
        "Copied User (copy)",
        "c@x.y",
    )
    assert row["partner_id"] != partner
