"""res.lang: the languages of a database, the active ones accepted as the context's
``lang`` (docs/internals/orm-behaviour.md, "Context keys"), offered as partners' and
users' languages, and giving the first day of the week to relative dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from jsontwo.db import Storage
from jsontwo.exceptions import UserError
from jsontwo.orm import Environment, Registry
from jsontwo.service import Databases, create_database
from jsontwo.service.databases import with_superuser
from tests.conftest import Api, as_made_by_an_older_jsontwo, new_db_name
from tests.modules.base.test_methods_api import error, ok


def lang_ids(api: Api, code: str) -> list[int]:
    domain = [["code", "=", code]]
    return list(
        ok(api, "res.lang", "search", {"domain": domain, "context": {"active_test": False}})
    )


def test_english_is_active_and_a_few_languages_are_ready(api: Api) -> None:
    rows = ok(
        api,
        "res.lang",
        "search_read",
        {
            "domain": [],
            "fields": ["code", "iso_code", "url_code", "active", "direction", "week_start"],
            "context": {"active_test": False},
        },
    )
    by_code = {row.pop("code"): row for row in rows}
    assert set(by_code) >= {"en_US", "fr_FR", "de_DE", "es_ES", "nl_BE", "it_IT"}
    assert [code for code, row in by_code.items() if row["active"]] == ["en_US"]
    assert {k: v for k, v in by_code["en_US"].items() if k != "id"} == {
        "iso_code": "en",
        "url_code": "en",
        "active": True,
        "direction": "ltr",
        "week_start": "7",
    }
    assert by_code["fr_FR"]["week_start"] == "1"
    fmt = ok(
        api,
        "res.lang",
        "read",
        {"ids": lang_ids(api, "de_DE"), "fields": ["date_format", "time_format"]},
    )
    assert (fmt[0]["date_format"], fmt[0]["time_format"]) == ("%d.%m.%Y", "%H:%M:%S")


def test_activating_a_language_makes_it_a_valid_context_lang(api: Api) -> None:
    ids = lang_ids(api, "it_IT")
    body = {"domain": [], "context": {"lang": "it_IT"}}
    got = error(api, "res.partner", "search_count", body, 422)
    assert got["message"] == "Invalid language code: it_IT"
    assert ok(api, "res.lang", "write", {"ids": ids, "vals": {"active": True}})
    try:
        assert ok(api, "res.partner", "search_count", body) > 0
        for model in ("res.partner", "res.users"):
            desc = ok(
                api, model, "fields_get", {"allfields": ["lang"], "attributes": ["selection"]}
            )
            assert ["it_IT", "Italian / Italiano"] in desc["lang"]["selection"]
    finally:
        assert ok(api, "res.lang", "write", {"ids": ids, "vals": {"active": False}})
    got = error(api, "res.partner", "search_count", body, 422)
    assert got["message"] == "Invalid language code: it_IT"
    desc = ok(
        api, "res.partner", "fields_get", {"allfields": ["lang"], "attributes": ["selection"]}
    )
    assert desc["lang"]["selection"] == [["en_US", "English (US)"]]


def test_a_language_code_that_does_not_exist_is_refused(api: Api) -> None:
    """A lang that is no language of the database fails like an inactive one: 422 UserError."""
    body = {"domain": [], "context": {"lang": "xx_XX"}}
    got = error(api, "res.partner", "search_count", body, 422)
    message = "Invalid language code: xx_XX"
    assert (got["name"], got["message"], got["arguments"]) == (
        "odoo.exceptions.UserError",
        message,
        [message],
    )


def test_english_context_reads_english_labels_and_names(api: Api) -> None:
    """With lang en_US, field labels, selection labels and translated names are English."""
    context = {"lang": "en_US"}
    desc = ok(
        api,
        "res.partner",
        "fields_get",
        {"allfields": ["type"], "attributes": ["string", "selection"], "context": context},
    )
    assert desc == {
        "type": {
            "string": "Address Type",
            "selection": [
                ["contact", "Contact"],
                ["invoice", "Invoice"],
                ["delivery", "Delivery"],
                ["other", "Other"],
            ],
        }
    }
    rows = ok(
        api,
        "res.country",
        "search_read",
        {"domain": [["code", "=", "DE"]], "fields": ["name"], "context": context},
    )
    assert [row["name"] for row in rows] == ["Germany"]


def test_a_rolled_back_activation_leaves_the_language_inactive(registry: Registry) -> None:
    def activate_then_fail(env: Environment) -> Any:
        langs = env["res.lang"].with_context(active_test=False)
        langs.browse(langs._search_ids([["code", "=", "es_ES"]])).write({"active": True})
        assert env(context={"lang": "es_ES"}).lang == "es_ES"
        raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        with_superuser(registry, activate_then_fail)

    def check(env: Environment) -> Any:
        return env(context={"lang": "es_ES"}).lang

    with pytest.raises(UserError, match="Invalid language code: es_ES"):
        with_superuser(registry, check)


def test_relative_dates_start_weeks_on_the_languages_first_day(registry: Registry) -> None:
    # 2024-01-10 is a Wednesday: weeks start on Sunday 7th in en_US, on Monday 8th in fr_FR,
    # so "week start + 3 days" is the 10th in English and the 11th in French
    def work(env: Environment) -> Any:
        env.transaction.now = dt.datetime(2024, 1, 10, 12, 0)
        langs = env["res.lang"].with_context(active_test=False)
        langs.browse(langs._search_ids([["code", "=", "fr_FR"]])).write({"active": True})
        partner = env["res.partner"].create({"name": "Week"})  # created "now"
        domain = [["id", "=", partner.id], ["create_date", ">=", "today =week_start +3d"]]
        found = {
            lang: env["res.partner"].with_context(lang=lang, tz="UTC").search_count(domain)
            for lang in ("en_US", "fr_FR")
        }
        raise Rollback(found)

    with pytest.raises(Rollback) as raised:
        with_superuser(registry, work)
    assert raised.value.args[0] == {"en_US": 1, "fr_FR": 0}


class Rollback(Exception):
    """Carries a result out of a transaction that must not be committed."""


def test_a_language_activated_by_another_worker_is_accepted_at_once(
    registry: Registry, storage: Storage
) -> None:
    # a second registry on the same database is what another worker process holds
    other = Databases(storage).registry(registry.database.name)
    kept = with_superuser(other, other.active_languages)  # read once, then kept
    assert "nl_BE" not in kept

    def set_active(active: bool) -> Any:
        def work(env: Environment) -> None:
            langs = env["res.lang"].with_context(active_test=False)
            langs.browse(langs._search_ids([["code", "=", "nl_BE"]])).write({"active": active})

        return work

    with_superuser(registry, set_active(True))
    try:
        got = with_superuser(other, lambda env: env(context={"lang": "nl_BE"}).lang)
        assert got == "nl_BE"
    finally:
        with_superuser(registry, set_active(False))
        other.database.dispose()


def test_a_database_without_languages_gets_them_when_opened(storage: Storage) -> None:
    name = new_db_name("nolang")
    create_database(storage, name).database.dispose()
    try:
        bare = Databases(storage).registry(name)

        def older(env: Environment) -> None:
            env.cr.execute('DELETE FROM "res_lang"')
            as_made_by_an_older_jsontwo(env)

        with_superuser(bare, older)
        bare.database.dispose()
        reopened = Databases(storage).registry(name)  # a server starting on it
        codes = with_superuser(
            reopened,
            lambda env: env["res.lang"].with_context(active_test=False).search_read([], ["code"]),
        )
        assert {"en_US", "fr_FR"} <= {row["code"] for row in codes}
        reopened.database.dispose()
    finally:
        storage.drop(name)


def test_a_language_without_a_code_is_a_key_error(api: Api) -> None:
    """As Odoo: a language created with neither a URL code, an ISO code nor a code
    fails looking up its code (a 500 KeyError, not the missing value message)."""
    body = {"vals_list": [{"name": "No Code Language"}]}
    found = error(api, "res.lang", "create", body, 500)
    assert (found["name"], found["message"]) == ("builtins.KeyError", "code")


def test_a_language_shows_its_countrys_flag_or_its_own_picture(api: Api) -> None:
    (row,) = ok(
        api,
        "res.lang",
        "search_read",
        {"domain": [["code", "=", "en_US"]], "fields": ["flag_image", "flag_image_url"]},
    )
    assert (row["flag_image"], row["flag_image_url"]) == (
        False,
        "/base/static/img/country_flags/us.png",
    )
    desc = ok(api, "res.lang", "fields_get", {"allfields": ["flag_image"], "attributes": ["type"]})
    assert desc == {"flag_image": {"type": "binary"}}
