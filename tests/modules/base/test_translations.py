"""The translations jsontwo ships: installing a language loads the countries'
names in it (the CLDR's, through Babel), and a database made before fields
were translated keeps its values, now as their English ones
(docs/translations.md)."""

from __future__ import annotations

from typing import Any

from jsontwo.db import Storage
from jsontwo.orm import Environment
from jsontwo.service import create_database
from jsontwo.service.databases import SCHEMA_KEY, Databases, with_superuser
from tests.conftest import Api, new_db_name
from tests.http.test_json2 import assert_ok


def install(api: Api, code: str, overwrite: bool = True) -> None:
    """Install the language ``code`` with Odoo's wizard, as clients do."""
    body = {"domain": [["code", "=", code]], "context": {"active_test": False}}
    lang_ids = assert_ok(api.call("res.lang", "search", body))
    vals = {"lang_ids": [[6, 0, lang_ids]], "overwrite": overwrite}
    wizard = assert_ok(api.call("base.language.install", "create", {"vals_list": [vals]}))
    assert_ok(api.call("base.language.install", "lang_install", {"ids": wizard}))


def country_names(api: Api, codes: list[str], lang: str) -> dict[str, str]:
    body = {
        "domain": [["code", "in", codes]],
        "fields": ["code", "name"],
        "context": {"lang": lang},
    }
    return {
        row["code"]: row["name"] for row in assert_ok(api.call("res.country", "search_read", body))
    }


def test_installing_a_language_names_the_countries_in_it(api: Api) -> None:
    install(api, "de_DE")
    codes = ["DE", "BE", "US", "FR"]
    assert country_names(api, codes, "de_DE") == {
        "DE": "Deutschland",
        "BE": "Belgien",
        "US": "Vereinigte Staaten",
        "FR": "Frankreich",
    }
    assert country_names(api, codes, "en_US")["DE"] == "Germany"
    body = {
        "domain": [["name", "ilike", "frankreich"]],
        "fields": ["code"],
        "context": {"lang": "de_DE"},
    }
    assert [row["code"] for row in assert_ok(api.call("res.country", "search_read", body))] == [
        "FR"
    ]


def test_installing_again_without_overwriting_keeps_a_name_of_ones_own(api: Api) -> None:
    install(api, "es_ES")
    body = {"domain": [["code", "=", "ES"]]}
    spain = assert_ok(api.call("res.country", "search", body))
    write = {"ids": spain, "vals": {"name": "Mi España"}, "context": {"lang": "es_ES"}}
    assert_ok(api.call("res.country", "write", write))
    install(api, "es_ES", overwrite=False)
    assert country_names(api, ["ES", "FR"], "es_ES") == {"ES": "Mi España", "FR": "Francia"}
    install(api, "es_ES")
    assert country_names(api, ["ES"], "es_ES") == {"ES": "España"}


def test_an_older_database_keeps_its_names_as_english(storage: Storage, backend: str) -> None:
    """A database whose translated columns held plain text (an older jsontwo)
    reads them as the English values once a server opens it again."""
    name = new_db_name("trup")
    registry = create_database(storage, name)
    try:

        def make_old(env: Environment) -> None:
            if backend == "sqlite":
                env.cr.execute("UPDATE res_country SET name = name ->> 'en_US'")
            else:
                env.cr.execute(
                    "ALTER TABLE res_country ALTER COLUMN name TYPE varchar USING name ->> 'en_US'"
                )
            env.cr.execute('DELETE FROM "ir_config_parameter" WHERE key = %s', [SCHEMA_KEY])

        with_superuser(registry, make_old)
        registry.database.dispose()
        databases = Databases(storage)
        try:

            def names(env: Environment) -> Any:
                countries = env["res.country"]
                germany = countries.search([("code", "=", "DE")])
                found = countries.search([("name", "=", "Belgium")]).mapped("code")
                return germany.name, found

            assert with_superuser(databases.registry(name), names) == ("Germany", ["BE"])
        finally:
            databases.close()
    finally:
        storage.drop(name)
