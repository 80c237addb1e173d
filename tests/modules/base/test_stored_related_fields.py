"""Odoo 19's stored related and stored computed fields of base: a company's
name, email and phone (its partner's, written through), an account's company
(its holder's), and a contact's language and salesperson (its company's)."""

from __future__ import annotations

import uuid
from typing import Any

from jsontwo.orm import Environment, Registry
from jsontwo.service.databases import with_superuser


def unique(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:8]}"


def test_a_company_name_email_and_phone_are_its_partners(registry: Registry) -> None:
    def work(env: Environment) -> Any:
        company = env["res.company"].create({"name": unique("Co"), "email": "a@co.example"})
        partner = company.partner_id
        first = (partner.name == company.name, partner.email)
        company.write({"name": unique("Renamed"), "phone": "+32 1"})
        env.invalidate("res.partner")
        second = (partner.name == company.name, partner.phone)
        partner.write({"email": "b@co.example", "name": unique("Via partner")})
        env.invalidate("res.company")
        third = (company.email, company.name == partner.name)
        found = env["res.company"].search([["email", "=", "b@co.example"]]).ids == company.ids
        desc = env["res.company"].fields_get(["name", "email"], ["related", "store", "readonly"])
        return first, second, third, found, desc

    first, second, third, found, desc = with_superuser(registry, work)
    assert first == (True, "a@co.example")
    assert second == (True, "+32 1")
    assert third == ("b@co.example", True)
    assert found
    assert desc["name"] == {"related": "partner_id.name", "store": True, "readonly": False}
    assert desc["email"] == {"related": "partner_id.email", "store": True, "readonly": False}


def test_an_account_company_is_its_holders(registry: Registry) -> None:
    def work(env: Environment) -> Any:
        company = env["res.company"].search([], limit=1)
        holder = env["res.partner"].create({"name": unique("Holder")})
        account = env["res.partner.bank"].create(
            {"acc_number": unique("BE"), "partner_id": holder.id}
        )
        before = account.company_id.id
        holder.write({"company_id": company.id})
        env.invalidate("res.partner.bank")
        desc = env["res.partner.bank"].fields_get(["company_id"], ["related", "readonly"])
        return before, account.company_id.id, company.id, desc["company_id"]

    before, after, company, desc = with_superuser(registry, work)
    assert (before, after) == (False, company)
    assert desc == {"related": "partner_id.company_id", "readonly": True}


def test_a_contact_takes_its_companys_language_and_salesperson(registry: Registry) -> None:
    def work(env: Environment) -> Any:
        uid = env.user.id
        company = env["res.partner"].create(
            {"name": unique("Co"), "is_company": True, "lang": "fr_FR", "user_id": uid}
        )
        other = env["res.partner"].create({"name": unique("Other"), "is_company": True})
        taken = env["res.partner"].create({"name": unique("P"), "parent_id": company.id})
        given = env["res.partner"].create(
            {"name": unique("P"), "parent_id": company.id, "lang": "en_US", "user_id": False}
        )
        moved = env["res.partner"].create({"name": unique("P"), "parent_id": other.id})
        moved_before = (moved.lang, moved.user_id.id)
        moved.write({"parent_id": company.id})
        env.invalidate("res.partner")
        desc = env["res.partner"].fields_get(["lang", "user_id"], ["depends", "readonly", "store"])
        return (
            uid,
            (taken.lang, taken.user_id.id),
            given.lang,
            moved_before,
            (moved.lang, moved.user_id.id),
            desc,
        )

    uid, taken, given, moved_before, moved, desc = with_superuser(registry, work)
    assert taken == ("fr_FR", uid)
    assert given == "en_US"  # given values win
    assert moved_before == ("en_US", False)
    assert moved == ("fr_FR", uid)
    for name in ("lang", "user_id"):
        assert desc[name] == {"depends": ["parent_id"], "readonly": False, "store": True}
