"""res.company's document layout and address fields, report.paperformat and
ir.module.module: the values Odoo 19 gives them, over JSON-2."""

from __future__ import annotations

from typing import Any

from jsontwo.db import Storage
from jsontwo.modules.base.models.company import default_logo
from jsontwo.orm import Environment
from jsontwo.service import Databases, create_database
from jsontwo.service.databases import with_superuser
from tests.conftest import Api, as_made_by_an_older_jsontwo, new_db_name
from tests.http.test_json2 import assert_error, assert_ok
from tests.modules.base.test_apikeys import unique

VALIDATION_ERROR = "odoo.exceptions.ValidationError"


def main_company(api: Api) -> dict:
    [company] = assert_ok(
        api.call(
            "res.company",
            "search_read",
            {
                "domain": [["name", "=", "YourCompany"]],
                "fields": [
                    "paperformat_id",
                    "font",
                    "layout_background",
                    "color",
                    "parent_path",
                    "parent_ids",
                    "root_id",
                    "uses_default_logo",
                    "is_company_details_empty",
                    "country_code",
                    "city",
                    "website",
                    "uninstalled_l10n_module_ids",
                    "external_report_layout_id",
                ],
            },
        )
    )
    return dict(company)


def test_the_main_company_has_odoos_layout_defaults(api: Api) -> None:
    company = main_company(api)
    cid = company["id"]
    assert company["paperformat_id"][1] == "A4"
    assert (company["font"], company["layout_background"]) == ("Lato", "Blank")
    assert company["color"] == cid % 12  # its partner has no colour: the id's
    assert company["parent_path"] == f"{cid}/"
    assert (company["parent_ids"], company["root_id"][0]) == ([cid], cid)
    assert company["uses_default_logo"] is True
    assert company["is_company_details_empty"] is True
    assert (company["country_code"], company["city"]) == ("US", "Brisbane")
    assert company["website"] == "http://www.example.com"
    assert company["uninstalled_l10n_module_ids"] == []
    assert company["external_report_layout_id"] is False


def test_a_new_company_gets_its_partner_logo_and_address(api: Api) -> None:
    name = unique("Layout Co")
    cid = assert_ok(
        api.call(
            "res.company",
            "create",
            {"vals_list": [{"name": name, "website": "https://co.example", "city": "Ghent"}]},
        )
    )[0]
    [company] = assert_ok(
        api.call(
            "res.company",
            "read",
            {"ids": [cid], "fields": ["partner_id", "logo", "uses_default_logo", "paperformat_id"]},
        )
    )
    assert company["logo"] == default_logo()
    assert company["uses_default_logo"] is True
    assert company["paperformat_id"][1] == "A4"
    [partner] = assert_ok(
        api.call(
            "res.partner",
            "read",
            {"ids": [company["partner_id"][0]], "fields": ["website", "city", "is_company"]},
        )
    )
    assert (partner["website"], partner["city"], partner["is_company"]) == (
        "https://co.example",
        "Ghent",
        True,
    )
    # the colour is written on the root company's partner
    assert_ok(api.call("res.company", "write", {"ids": [cid], "vals": {"color": 5}}))
    [read] = assert_ok(api.call("res.company", "read", {"ids": [cid], "fields": ["color"]}))
    assert read["color"] == 5
    details = {"company_details": "<p><br></p>"}
    assert_ok(api.call("res.company", "write", {"ids": [cid], "vals": details}))
    [read] = assert_ok(
        api.call("res.company", "read", {"ids": [cid], "fields": ["is_company_details_empty"]})
    )
    assert read["is_company_details_empty"] is True


def test_paper_formats_sizes_and_their_check(api: Api) -> None:
    formats = assert_ok(
        api.call(
            "report.paperformat",
            "search_read",
            {"domain": [], "fields": ["name", "print_page_width", "print_page_height"]},
        )
    )
    sizes = {f["name"]: (f["print_page_width"], f["print_page_height"]) for f in formats}
    assert sizes["A4"] == (210.0, 297.0)
    assert sizes["US Letter"] == (215.9, 279.4)
    name = unique("paper")
    landscape = {"name": name, "format": "A5"}  # Landscape by default: sizes swapped
    pid = assert_ok(api.call("report.paperformat", "create", {"vals_list": [landscape]}))[0]
    [read] = assert_ok(
        api.call("report.paperformat", "read", {"ids": [pid], "fields": ["print_page_width"]})
    )
    assert read["print_page_width"] == 210.0
    bad = {"name": name, "format": "A4", "page_width": 100}
    assert_error(
        api.call("report.paperformat", "create", {"vals_list": [bad]}),
        422,
        VALIDATION_ERROR,
        "You can select either a format or a specific page width/height, but not both.",
    )


def test_the_modules_list_names_jsontwos_modules(api: Api) -> None:
    modules = assert_ok(
        api.call(
            "ir.module.module",
            "search_read",
            {"domain": [["state", "=", "installed"]], "fields": ["name", "shortdesc"]},
        )
    )
    assert {m["name"] for m in modules} >= {"base", "uom", "product", "account", "sale"}


def test_an_older_database_gets_the_paper_formats_and_paths(storage: Storage) -> None:
    """A database made before companies had paper formats and hierarchy paths
    (and before the modules list) gets them when a server opens it."""
    name = new_db_name("layout")
    registry = create_database(storage, name)

    def older(env: Environment) -> None:
        env.cr.execute('UPDATE "res_company" SET paperformat_id = NULL, parent_path = NULL')
        env.cr.execute('DELETE FROM "report_paperformat"')
        env.cr.execute('DELETE FROM "ir_module_module"')
        env.cr.execute(
            "DELETE FROM ir_model_data WHERE model IN ('report.paperformat', 'ir.module.module')"
        )
        as_made_by_an_older_jsontwo(env)

    def check(env: Environment) -> tuple[Any, ...]:
        company = env.ref("base.main_company")
        assert company is not None
        modules = env["ir.module.module"].search([]).mapped("name")
        return company.paperformat_id.name, company.parent_path, sorted(modules)

    try:
        with_superuser(registry, older)
        registry.database.dispose()
        opened = Databases(storage)
        try:
            paper, path, modules = with_superuser(opened.registry(name), check)
        finally:
            opened.close()
        assert paper == "A4"
        assert path.endswith("/")
        assert modules == ["account", "base", "product", "sale", "uom"]
    finally:
        storage.drop(name)


def test_users_of_several_companies_are_in_multi_companies(api: Api) -> None:
    """As in Odoo: a new company adds itself to its creator's companies, which puts
    the creator in Multi Companies; a user back to one company leaves the group."""
    multi = assert_ok(
        api.call("res.groups", "search", {"domain": [["full_name", "=", "Multi Companies"]]})
    )

    def groups_of(uid: int) -> list[int]:
        [row] = assert_ok(api.call("res.users", "read", {"ids": [uid], "fields": ["group_ids"]}))
        return list(row["group_ids"])

    login = unique("multi")
    [uid] = assert_ok(
        api.call("res.users", "create", {"vals_list": [{"name": login, "login": login}]})
    )
    assert multi[0] not in groups_of(uid)
    cid = assert_ok(
        api.call("res.company", "create", {"vals_list": [{"name": unique("Multi Co")}]})
    )[0]
    assert multi[0] in groups_of(2)  # the admin made it
    assert_ok(api.call("res.users", "write", {"ids": [uid], "vals": {"company_ids": [[4, cid]]}}))
    assert multi[0] in groups_of(uid)
    assert_ok(api.call("res.users", "write", {"ids": [uid], "vals": {"company_ids": [[3, cid]]}}))
    assert multi[0] not in groups_of(uid)
