"""A second company for the tests that need one: Odoo's base demo (and so
jsontwo's) has a single company."""

from __future__ import annotations

from jsontwo.modules.account.loading import install_taxes
from jsontwo.orm import Environment, Registry
from jsontwo.service.databases import with_superuser

SECOND_COMPANY = "My Company (Chicago)"
#: the external id the second company gets (as Odoo's multi-company demo names it)
SECOND_XMLID = "base.demo_company_b"


def second_company(registry: Registry) -> int:
    """The id of the second company (made once per database, with its taxes, the
    administrator allowed in it; ``env.ref("base.demo_company_b")`` finds it)."""
    return int(with_superuser(registry, ensure_second_company))


def ensure_second_company(env: Environment) -> int:
    """:func:`second_company` inside a transaction."""
    data = env["ir.model.data"]
    found = data._xmlid_to_res_id(SECOND_XMLID)
    if found is not None:
        return int(found)
    main = env.ref("base.main_company")
    assert main is not None
    company = env["res.company"].create(
        {"name": SECOND_COMPANY, "currency_id": main.currency_id.id, "sequence": 20}
    )
    data._declare(SECOND_XMLID, company)
    env["res.users"].browse([2]).write({"company_ids": [[4, company.id]]})
    if "account.tax" in env:
        install_taxes(env, company.id, link_products=False)
    return int(company.id)
